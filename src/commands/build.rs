//! `guong build`: validate everything, render into a staging folder, swap it in.

use crate::build::{Failure, LoadOptions, load};
use crate::render::{RenderOptions, Renderer, Stats};
use crate::write::DirSink;
use crate::write::atomic::Staging;
use std::path::{Path, PathBuf};

/// Refuses output folders that would replace the site's own sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, Failure> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists, keep the rest.
        let mut existing = p.clone();
        let mut tail = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    tail.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut out = existing.canonicalize().unwrap_or(existing);
        for t in tail.into_iter().rev() {
            out.push(t);
        }
        out
    };
    let root_abs = abs(root);
    let out_abs = abs(output);
    let bad = root_abs.starts_with(&out_abs)
        || ["content", "static", "themes", "templates", "src", ".git"]
            .iter()
            .any(|d| out_abs.starts_with(root_abs.join(d)))
        || out_abs.parent().is_none();
    if bad {
        return Err(Failure::Usage(format!(
            "không thể dùng `{}` làm thư mục xuất: guong thay toàn bộ thư mục này sau mỗi lần dựng",
            output.display()
        )));
    }
    Ok(out_abs)
}

/// What `build` did.
pub struct Built {
    /// Counts of written files.
    pub stats: Stats,
    /// Published articles.
    pub articles: usize,
    /// Where the site went.
    pub output: PathBuf,
    /// Images decoded in this build, and images taken from the cache.
    pub images: (usize, usize),
}

/// Builds the site at `opts.root` into `output` (default `<root>/output`).
pub fn run(opts: &LoadOptions, output: Option<PathBuf>) -> Result<Built, Failure> {
    let output = output.unwrap_or_else(|| opts.root.join("output"));
    let output = check_output_dir(&opts.root, &output)?;
    let loaded = load(opts)?;
    let images = std::sync::Arc::new(crate::images::process(&loaded.site, &opts.root)?);
    let counts = (images.processed, images.cached);
    let renderer = Renderer::prepare(
        &loaded.site,
        &loaded.theme,
        &opts.root,
        &opts.root.join("static"),
        RenderOptions {
            images: Some(images),
            ..RenderOptions::default()
        },
    )?;
    #[cfg(unix)]
    // SAFETY: umask only changes the permission mask of files this process creates.
    unsafe {
        libc::umask(0o022);
    }
    let staging = Staging::new(&output).map_err(|e| {
        Failure::Usage(format!(
            "không chuẩn bị được thư mục tạm cạnh {}: {e}",
            output.display()
        ))
    })?;
    let sink = DirSink::new(staging.dir.clone());
    let stats = renderer.write_all(&sink)?;
    staging.commit(&sink.into_written()).map_err(|e| {
        Failure::Usage(format!(
            "không thay được thư mục xuất {}: {e}",
            output.display()
        ))
    })?;
    Ok(Built {
        stats,
        articles: loaded.site.articles.len(),
        output,
        images: counts,
    })
}
