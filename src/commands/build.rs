//! `guong build`: validate everything (every internal link too, as `check` does), render into
//! a staging folder, swap it in.

use crate::check::render_and_check;
use crate::check::scan::ScanSink;
use crate::diagnostics::Failure;
use crate::pipeline::{LoadOptions, load_partly};
use crate::render::{RenderOptions, Renderer};
use crate::write::atomic::Staging;
use crate::write::site::Stats;
use crate::write::{DirSink, guard, stamps};
use std::path::PathBuf;

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
    let output = guard::check_output_dir(&opts.root, &output)?;
    let mut loaded = load_partly(opts)?;
    // Benchmark-only, undocumented: skip the image stage and copy every photo as committed,
    // to compare against (docs/images.md).
    // The image stage and the bodies' render read the same site and nothing of each other.
    let (images, checked) = rayon::join(
        || {
            if std::env::var_os("GUONG_BENCH_COPY_IMAGES").is_some() {
                Ok(crate::images::Images::default())
            } else {
                crate::images::process(&loaded.site, &opts.root)
            }
        },
        || {
            crate::render::prepare::check(
                &loaded.site,
                &loaded.theme,
                &opts.root,
                &opts.root.join("static"),
                true,
            )
        },
    );
    // One run shows every error: the photos', the bodies', and the links' of the pages.
    let mut errors = std::mem::take(&mut loaded.errors);
    let images = images
        .map_err(|d| errors.extend(d))
        .ok()
        .map(std::sync::Arc::new);
    let checked = match checked {
        Ok(c) => c,
        Err(d) => {
            errors.extend(d);
            return Err(Failure::from(errors));
        }
    };
    let counts = images.as_ref().map_or((0, 0), |i| (i.processed, i.cached));
    // Bodies are rendered and every problem is reported: the source texts (about a fifth of
    // the peak memory) are not needed while the pages are written (the link check reads the
    // few it quotes again).
    for a in &mut loaded.site.articles {
        a.forget_source();
    }
    // Their pages go back to the system, so that what the writer threads allocate next does
    // not add to the peak.
    crate::memory::release();
    let renderer = Renderer::from_checked(
        &loaded.site,
        checked,
        RenderOptions {
            images,
            ..RenderOptions::default()
        },
    );
    if !errors.is_empty() || !renderer.deferred().is_empty() {
        // The build fails whatever the pages hold: they are rendered only for their links,
        // into no folder.
        let scanned = ScanSink::default();
        match render_and_check(&loaded.site, &loaded.theme, &renderer, scanned, &opts.root) {
            Ok((_, report)) => errors.extend(report.problems),
            Err(d) => errors.extend(d),
        }
        return Err(Failure::from(errors));
    }
    #[cfg(unix)]
    // SAFETY: umask only changes the permission mask of files this process creates.
    unsafe {
        libc::umask(0o022);
    }
    let staging = Staging::new(&output).map_err(|e| {
        Failure::Output(format!(
            "không chuẩn bị được thư mục tạm cạnh {}: {e}",
            output.display()
        ))
    })?;
    // What the last build into the work folder wrote, to skip what is unchanged unread.
    let records_file = stamps::records_file(&opts.root, &staging.dir);
    let live_records = stamps::records_file(&opts.root, &output);
    let records = records_file
        .as_deref()
        .map(stamps::load)
        .unwrap_or_default();
    let sink = DirSink::reusing(staging.dir.clone(), records).in_new_folder(staging.is_new());
    // The pages' links are checked as they are written: a broken one leaves the live output
    // as it was (the work folder is not swapped in).
    let scanned = ScanSink::around(&sink);
    let (stats, report) =
        render_and_check(&loaded.site, &loaded.theme, &renderer, scanned, &opts.root)?;
    if !report.problems.is_empty() {
        return Err(Failure::from(report.problems));
    }
    let articles = loaded.site.articles.len();
    let written = sink.into_written();
    // The rendered site is written: its memory is given back on another thread, not waited
    // for (freeing 10,000 articles' pages, bodies and cards takes a tenth of a second, and
    // the process ends right after).
    let leftovers = (renderer.into_saved(), loaded);
    std::thread::spawn(move || drop(leftovers));
    let committed = staging.commit(&written.files);
    committed.map_err(|e| {
        Failure::Output(format!(
            "không thay được thư mục xuất {}: {e}",
            output.display()
        ))
    })?;
    if let Some(file) = records_file {
        // A cache: when it cannot be saved, the next build compares every file instead.
        let keep: Vec<&std::path::Path> = live_records.iter().map(|p| p.as_path()).collect();
        let _ = stamps::save(&file, &written.records, &keep);
    }
    Ok(Built {
        stats,
        articles,
        output,
        images: counts,
    })
}
