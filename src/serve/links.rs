//! The link check of `serve`: after a rebuild's reload went out, every internal link and
//! `#anchor` of the pages in memory is followed, as `check` and `build` do, on one
//! low-priority thread of its own (a big site takes about a second, which a save should not
//! wait for). Broken links show in the page over the site, like a failed rebuild's errors,
//! unless a newer rebuild came in the meantime.

use super::http::Shared;
use super::incremental::SiteFiles;
use crate::check::check_links;
use crate::check::scan::ScanSink;
use crate::diagnostics::Diagnostic;
use crate::load::theme::{TemplateSource, Theme};
use crate::model::{Site, paths};
use crate::write::Sink;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Sender, channel};

/// Checking the links of one successful rebuild: the worker owns what it reads.
pub struct LinkJob {
    /// The rebuild's number ([`Shared::generation`]): its findings are shown only while no
    /// newer rebuild came.
    pub generation: u64,
    /// The site graph.
    pub site: Arc<Site>,
    /// The pages and files in memory.
    pub files: Arc<SiteFiles>,
    /// The templates, to find where a broken link of theirs is written.
    pub templates: Vec<TemplateSource>,
    /// The site root (articles' sources are read again from it to place an error).
    pub root: PathBuf,
}

impl LinkJob {
    /// The broken links of the site, each once, at its source.
    pub fn run(&self, search: &SiteFiles) -> Vec<Diagnostic> {
        let sink = ScanSink::default();
        for file in self.files.keys() {
            let html = file.ends_with(".html") || file.ends_with(".htm");
            let bytes = match self.files.get(file) {
                Some(stored) if html => stored.bytes().ok(),
                _ => None,
            };
            let _ = sink.write(file, bytes.as_deref().unwrap_or_default());
        }
        // The search files follow in the background: they exist whether made yet or not.
        for file in search.keys() {
            let _ = sink.write(file, b"");
        }
        let scanned = sink.into_files();
        let theme = Theme {
            templates: self.templates.clone(),
            static_files: Vec::new(),
        };
        let pages = paths::plan(&self.site);
        check_links(&self.site, &theme, &pages, &scanned, &[], &self.root).problems
    }
}

/// Starts the worker; send it the jobs of successful rebuilds.
pub fn start(shared: Arc<Shared>) -> Sender<LinkJob> {
    let (tx, rx) = channel::<LinkJob>();
    std::thread::spawn(move || {
        super::search::lower_priority();
        while let Ok(mut job) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let search = shared
                .search
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            let problems = job.run(&search);
            let generation = job.generation;
            drop(job);
            // The scanned pages went: their memory goes back to the system.
            crate::memory::release();
            if problems.is_empty() || shared.generation.load(Ordering::SeqCst) != generation {
                continue;
            }
            super::show_errors(&shared, &crate::diagnostics::Failure::from(problems));
        }
    });
    tx
}
