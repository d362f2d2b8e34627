//! `guong check`: validate content, templates and every internal link; write nothing.

use crate::check::render_and_check;
use crate::check::scan::ScanSink;
use crate::diagnostics::Failure;
use crate::pipeline::{LoadOptions, load_partly};
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
    let mut loaded = load_partly(&opts)?;
    // The photos' errors and the links' are independent: one run shows both.
    let mut errors = std::mem::take(&mut loaded.errors);
    errors.extend(crate::images::verify(&loaded.site, root));
    let mut warnings = crate::images::collect::missing_alt(&loaded.site);
    warnings.extend(crate::images::size_warnings(&loaded.site, root));
    crate::diagnostics::sort(&mut warnings);
    for w in warnings {
        eprint!("{}", w.to_string().replacen(": lỗi: ", ": cảnh báo: ", 1));
    }
    let renderer = match Renderer::prepare(
        &loaded.site,
        &loaded.theme,
        root,
        &root.join("static"),
        RenderOptions {
            defer_link_errors: true,
            ..Default::default()
        },
    ) {
        Ok(r) => r,
        Err(d) => {
            errors.extend(d);
            return Err(Failure::from(errors));
        }
    };
    let report = match render_and_check(
        &loaded.site,
        &loaded.theme,
        &renderer,
        ScanSink::default(),
        root,
    ) {
        Ok((_, report)) => report,
        Err(d) => {
            errors.extend(d);
            return Err(Failure::from(errors));
        }
    };
    errors.extend(report.problems);
    if !errors.is_empty() {
        return Err(Failure::from(errors));
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
