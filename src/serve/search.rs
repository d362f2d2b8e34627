//! Making the search files in the background: a rebuild's reload goes out first, the search
//! files follow. The work runs on one low-priority thread of its own, so the next rebuild is
//! not kept waiting; jobs that pile up while one runs are merged into the newest.

use super::http::Shared;
use super::incremental::SiteFiles;
use crate::model::Site;
use crate::render::search;
use crate::write::memory::Stored;
use std::borrow::Cow;
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::time::Instant;

/// Making the search files of one build: the worker owns what it reads, so a rebuild
/// arriving while it runs has nothing to copy.
pub struct SearchJob {
    site: Arc<Site>,
    texts: Vec<Stored>,
}

impl SearchJob {
    /// The job for `site`, with `texts` the plain text of each article's body (in
    /// `Site::articles` order), compressed.
    pub fn new(site: Arc<Site>, texts: Vec<Stored>) -> Self {
        SearchJob { site, texts }
    }

    /// The search files, by path relative to the site root.
    pub fn run(&self) -> SiteFiles {
        let text = |i: usize| {
            Cow::Owned(
                self.texts
                    .get(i)
                    .and_then(|t| t.text().ok())
                    .unwrap_or_default(),
            )
        };
        search::files_of(&self.site, text)
            .into_iter()
            .map(|(file, json)| (file, Stored::deflated(json.as_bytes())))
            .collect()
    }
}

/// Starts the worker; send it the jobs of successful rebuilds.
pub fn start(shared: Arc<Shared>) -> Sender<SearchJob> {
    let (tx, rx) = channel::<SearchJob>();
    std::thread::spawn(move || {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .start_handler(|_| lower_priority())
            .build();
        while let Ok(mut job) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let started = Instant::now();
            let files = match &pool {
                Ok(pool) => pool.install(|| job.run()),
                Err(_) => job.run(),
            };
            let n = files.len();
            *shared.search.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
            drop(job);
            crate::memory::release();
            eprintln!(
                "Đã cập nhật {n} tệp dữ liệu tìm kiếm trong {} ms.",
                started.elapsed().as_millis()
            );
        }
    });
    tx
}

/// Lets the rebuilds and the server go first (Linux: the calling thread runs only when a CPU
/// is otherwise idle, `SCHED_IDLE`; this also leaves a real-time policy `serve` was started
/// with, such as `chrt -r 1`, under which a `nice` value is ignored and a busy background
/// thread held a save's reload back by half a second).
pub(super) fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: with pid = 0 both calls change only the calling thread's scheduling, and the
    // parameter outlives the call.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) != 0 {
            libc::setpriority(libc::PRIO_PROCESS, 0, 10);
        }
    }
}
