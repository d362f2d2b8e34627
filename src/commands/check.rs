//! `guong check`: validate content, templates and every internal link; write nothing.

use crate::check::check_links;
use crate::check::scan::ScanSink;
use crate::diagnostics::Failure;
use crate::pipeline::{LoadOptions, load};
use crate::render::{RenderOptions, Renderer};
use std::path::Path;
use std::time::Instant;

/// Runs `check` on the site at `root` (drafts included with `drafts`): everything `build`
/// validates, then the links of every generated page. Prints a short summary when all is well.
pub fn run(root: &Path, drafts: bool) -> Result<(), Failure> {
    let started = Instant::now();
    let opts = LoadOptions {
        root: root.to_path_buf(),
        drafts,
        base_url: None,
    };
    let loaded = load(&opts)?;
    let images = crate::images::verify(&loaded.site, root);
    if !images.is_empty() {
        return Err(Failure::from(images));
    }
    let mut warnings = crate::images::collect::missing_alt(&loaded.site);
    warnings.extend(crate::images::size_warnings(&loaded.site, root));
    crate::diagnostics::sort(&mut warnings);
    for w in warnings {
        eprint!("{}", w.to_string().replacen(": lỗi: ", ": cảnh báo: ", 1));
    }
    let renderer = Renderer::prepare(
        &loaded.site,
        &loaded.theme,
        root,
        &root.join("static"),
        RenderOptions {
            defer_link_errors: true,
            ..Default::default()
        },
    )?;
    let sink = ScanSink::default();
    crate::write::site::write_site(&renderer, &sink)?;
    let files = sink.into_files();
    let report = check_links(&loaded.site, &loaded.theme, renderer.pages(), &files);
    let deferred = renderer.deferred();
    if !report.problems.is_empty() || !deferred.is_empty() {
        // A broken body link found while rendering is found again in the HTML: report it once.
        let mut problems = deferred.to_vec();
        problems.extend(report.problems.into_iter().filter(|p| {
            !deferred
                .iter()
                .any(|d| d.file == p.file && d.line == p.line)
        }));
        return Err(Failure::from(problems));
    }
    let html = renderer
        .pages()
        .iter()
        .filter(|p| p.file.ends_with(".html"))
        .count();
    let skipped = match loaded.site.unpublished.len() {
        0 => String::new(),
        n => format!(" Đã bỏ qua {n} bản nháp (thêm --drafts để kiểm tra cả bản nháp)."),
    };
    eprintln!(
        "Không có lỗi: {} bài viết, {html} trang HTML, {} liên kết nội bộ đều đúng ({} ms).{skipped}",
        loaded.site.articles.len(),
        report.links,
        started.elapsed().as_millis()
    );
    Ok(())
}
