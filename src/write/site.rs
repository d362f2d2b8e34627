//! Writing a rendered site: every planned page and every copied file into a sink, in
//! parallel, with the write and template errors collected (each reported once).

use super::Sink;
use crate::diagnostics::{self, Diagnostic};
use crate::load::theme::StaticSource;
use crate::render::{CopySource, Renderer};
use rayon::prelude::*;
use std::sync::Mutex;

/// What a written site holds, for reports.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Generated pages and files (not counting copied files).
    pub pages: usize,
    /// Of those, HTML pages (the count `check` shows).
    pub html: usize,
    /// Copied static and bundle files.
    pub copied: usize,
    /// Alias redirect pages.
    pub aliases: usize,
}

/// Writes every page, feed, alias, bundle file and static file of `renderer` into `sink`.
pub fn write_site(renderer: &Renderer, sink: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
    let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let fail = |d: Diagnostic| errors.lock().expect("no poisoned lock").push(d);
    let io_fail = |file: &str, e: std::io::Error| {
        Diagnostic::file(sink.shown(file), format!("không ghi được tệp: {e}"))
    };
    renderer
        .pages()
        .par_iter()
        .for_each(|page| match renderer.render_page(page) {
            Ok(bytes) => {
                if let Err(e) = sink.write(&page.file, &bytes) {
                    fail(io_fail(&page.file, e));
                }
            }
            Err(d) => fail(d),
        });
    let copies = renderer.files();
    let aliases = copies
        .iter()
        .filter(|(_, c)| matches!(c, CopySource::Alias(_)))
        .count();
    copies.par_iter().for_each(|(file, src)| {
        let r = match src {
            CopySource::Static(StaticSource::Disk(p)) | CopySource::Disk(p) => sink.copy(file, p),
            CopySource::Static(StaticSource::Embedded(b)) => sink.write(file, b),
            CopySource::Bytes(b) | CopySource::Alias(b) => sink.write(file, b),
        };
        if let Err(e) = r {
            fail(io_fail(file, e));
        }
    });
    let mut errors = errors.into_inner().expect("no poisoned lock");
    if !errors.is_empty() {
        // A template error repeats on every page that uses the template: report it once.
        diagnostics::sort(&mut errors);
        let mut seen = std::collections::HashSet::new();
        errors.retain(|d| seen.insert((d.file.clone(), d.line, d.col, d.message.clone())));
        return Err(errors);
    }
    Ok(Stats {
        pages: renderer.pages().len(),
        html: renderer
            .pages()
            .iter()
            .filter(|p| p.file.ends_with(".html"))
            .count(),
        copied: copies.len() - aliases,
        aliases,
    })
}
