//! `guong check`: validate content, templates and every internal link; write nothing.

use crate::build::{Failure, LoadOptions, load};
use crate::check::check_links;
use crate::render::{RenderOptions, Renderer};
use crate::write::memory::MemorySink;
use std::path::Path;
use std::time::Instant;

/// Runs `check` on the site at `root`: everything `build` validates, then the links of every
/// generated page. Prints a short summary when all is well.
pub fn run(root: &Path) -> Result<(), Failure> {
    let started = Instant::now();
    let opts = LoadOptions {
        root: root.to_path_buf(),
        drafts: false,
        base_url: None,
    };
    let loaded = load(&opts)?;
    let images = crate::images::verify(&loaded.site, root);
    if !images.is_empty() {
        return Err(Failure::from(images));
    }
    for w in crate::images::collect::missing_alt(&loaded.site) {
        eprint!("{}", w.to_string().replacen(": lỗi: ", ": cảnh báo: ", 1));
    }
    let renderer = Renderer::prepare(
        &loaded.site,
        &loaded.theme,
        root,
        &root.join("static"),
        RenderOptions::default(),
    )?;
    let sink = MemorySink::new();
    renderer.write_all(&sink)?;
    let files = sink.into_files();
    let report = check_links(&loaded.site, &loaded.theme, renderer.pages(), &files);
    if !report.problems.is_empty() {
        return Err(Failure::from(report.problems));
    }
    eprintln!(
        "Không có lỗi: {} bài viết, {} trang, {} liên kết nội bộ đều đúng ({} ms).",
        loaded.site.articles.len(),
        report.pages,
        report.links,
        started.elapsed().as_millis()
    );
    Ok(())
}
