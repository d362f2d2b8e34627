//! Writing a render: every planned page and every copied file into a sink, in parallel, with
//! the write and template errors collected (each reported once).

use super::{CopySource, Renderer, Stats};
use crate::diagnostics::{self, Diagnostic};
use crate::load::theme::StaticSource;
use crate::write::Sink;
use rayon::prelude::*;
use std::sync::Mutex;

impl Renderer<'_> {
    /// Writes every page, feed, alias, bundle file and static file into `sink`.
    pub fn write_all(&self, sink: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
        let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
        let fail = |d: Diagnostic| errors.lock().expect("no poisoned lock").push(d);
        let io_fail = |file: &str, e: std::io::Error| {
            Diagnostic::file(sink.shown(file), format!("không ghi được tệp: {e}"))
        };
        self.pages
            .par_iter()
            .for_each(|page| match self.render_page(page) {
                Ok(bytes) => {
                    if let Err(e) = sink.write(&page.file, &bytes) {
                        fail(io_fail(&page.file, e));
                    }
                }
                Err(d) => fail(d),
            });
        let copies = self.files();
        let aliases = copies
            .iter()
            .filter(|(_, c)| matches!(c, CopySource::Bytes(_)))
            .count();
        copies.par_iter().for_each(|(file, src)| {
            let r = match src {
                CopySource::Static(StaticSource::Disk(p)) | CopySource::Disk(p) => {
                    sink.copy(file, p)
                }
                CopySource::Static(StaticSource::Embedded(b)) => sink.write(file, b),
                CopySource::Bytes(b) => sink.write(file, b),
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
            pages: self.pages.len(),
            html: self
                .pages
                .iter()
                .filter(|p| p.file.ends_with(".html"))
                .count(),
            copied: copies.len() - aliases,
            aliases,
        })
    }
}
