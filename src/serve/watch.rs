//! Watching the site's sources: `site.yaml`, `content/`, `static/`, `templates/`, `themes/`.
//! Events are gathered until the files have been quiet for a moment (an editor's save is
//! often several events), then handed over as one set of [`Changes`].

use super::incremental::Changes;
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Quiet time that ends a batch of events.
const QUIET: Duration = Duration::from_millis(15);
/// Longest a batch may grow before it is handed over.
const LONGEST: Duration = Duration::from_millis(300);
/// Folders watched recursively.
const DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// A running watcher.
pub struct Watcher {
    inner: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// The root as the user gave it (paths handed over start with it).
    root: PathBuf,
    /// The root as events name it.
    real_root: PathBuf,
}

impl Watcher {
    /// Starts watching the site at `root`.
    pub fn start(root: &Path) -> Result<Watcher, String> {
        let real_root = root.canonicalize().map_err(|e| e.to_string())?;
        let (tx, events) = channel();
        let mut inner = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })
        .map_err(|e| e.to_string())?;
        inner
            .watch(&real_root, RecursiveMode::NonRecursive)
            .map_err(|e| e.to_string())?;
        let mut w = Watcher {
            inner,
            events,
            root: root.to_path_buf(),
            real_root,
        };
        for d in DIRS {
            w.watch_dir(d);
        }
        Ok(w)
    }

    fn watch_dir(&mut self, name: &str) {
        let dir = self.real_root.join(name);
        if dir.is_dir() {
            // A folder that cannot be watched is only missed, not fatal.
            let _ = self.inner.watch(&dir, RecursiveMode::Recursive);
        }
    }

    /// Blocks until something changed; returns the changes and when the first event came.
    pub fn wait(&mut self) -> Option<(Changes, Instant)> {
        loop {
            let first = self.events.recv().ok()?;
            let started = Instant::now();
            let mut changes = Changes::default();
            self.add(first, &mut changes);
            loop {
                if started.elapsed() > LONGEST {
                    break;
                }
                match self.events.recv_timeout(QUIET) {
                    Ok(e) => self.add(e, &mut changes),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if !changes.is_empty() {
                changes.content.sort();
                changes.content.dedup();
                return Some((changes, started));
            }
        }
    }

    fn add(&mut self, event: notify::Result<notify::Event>, changes: &mut Changes) {
        let Ok(event) = event else {
            // The watcher lost track (e.g. an overflow): check everything.
            changes.config = true;
            return;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            let Ok(rel) = path.strip_prefix(&self.real_root) else {
                continue;
            };
            let names: Vec<String> = rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect();
            let Some(top) = names.first() else {
                continue;
            };
            let ignored = names
                .iter()
                .skip(1)
                .any(|n| n.starts_with('.') || n.ends_with('~') || n.ends_with(".swp"));
            if ignored {
                continue;
            }
            match top.as_str() {
                "site.yaml" => changes.config = true,
                "content" => {
                    if names.len() == 1 {
                        self.watch_dir("content");
                    }
                    changes.content.push(self.root.join(rel));
                }
                "static" => {
                    if names.len() == 1 {
                        self.watch_dir("static");
                    }
                    changes.statics = true;
                }
                "templates" | "themes" => {
                    if names.len() == 1 {
                        self.watch_dir(top);
                    }
                    changes.theme = true;
                }
                _ => {}
            }
        }
    }
}
