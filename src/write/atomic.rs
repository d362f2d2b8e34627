//! Building into a sibling staging folder and swapping it with the live output in one step
//! (`renameat2(RENAME_EXCHANGE)` on Linux), so a web server never sees a half-written site.
//!
//! The previous output is not deleted after the swap: it stays as the hidden sibling
//! `.<output>.guong-prev` and becomes the next build's staging folder, where unchanged paths
//! are overwritten in place and stale files pruned. Deleting and re-creating tens of thousands
//! of files and folders on every build is what makes a rebuild slow on most file systems.
//!
//! Files in the output that guong did not write (see [`super::manifest`]) are renamed into the
//! staging folder just before the swap, so they stay in the live output, unchanged.

use super::manifest;
use std::collections::HashSet;
use std::hash::BuildHasher;
use std::io;
use std::path::{Path, PathBuf};

/// The staging folder beside the output, locked for this build.
pub struct Staging {
    /// The staging folder.
    pub dir: PathBuf,
    target: PathBuf,
    _lock: std::fs::File,
    /// Made by this build (not kept from the last one): removed again if the build fails.
    created: bool,
    /// Missing folders above the output made for it, deepest first: removed if the build fails.
    made_parents: Vec<PathBuf>,
    committed: bool,
}

/// The staging folder's path for `target` (`.output.guong-prev`).
pub fn staging_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.guong-prev"))
}

impl Staging {
    /// Opens (or creates) the staging folder beside `target`, creating `target`'s parent if
    /// missing, and locks it so that two builds of one output never mix.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let dir = staging_path(target);
        let mut made_parents = Vec::new();
        let mut at = dir.parent();
        while let Some(p) = at.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
            made_parents.push(p.to_path_buf());
            at = p.parent();
        }
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let created = match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => false,
            Ok(_) => {
                std::fs::remove_file(&dir)?;
                std::fs::create_dir(&dir)?;
                true
            }
            Err(_) => {
                std::fs::create_dir(&dir)?;
                true
            }
        };
        set_mode(&dir, 0o755)?;
        let lock = std::fs::File::open(&dir)?;
        lock_exclusive(&lock)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            _lock: lock,
            created,
            made_parents,
            committed: false,
        })
    }

    /// Whether the staging folder was made (empty) by this build.
    pub fn is_new(&self) -> bool {
        self.created
    }

    /// Removes what an earlier build left in the staging folder and this build did not write:
    /// a folder holding nothing written goes whole, other folders are looked into.
    fn prune<S: BuildHasher>(&self, written: &HashSet<String, S>) -> io::Result<()> {
        let live = manifest::folders_of(written.iter().map(String::as_str));
        super::walk::walk(&self.dir, |rel, is_dir| {
            let name = std::str::from_utf8(rel).ok();
            let kept = name.is_some_and(|n| {
                if is_dir {
                    live.contains(n)
                } else {
                    written.contains(n)
                }
            });
            if !kept {
                let path = self.dir.join(path_of(rel)?);
                if is_dir {
                    std::fs::remove_dir_all(path)?;
                } else {
                    std::fs::remove_file(path)?;
                }
            }
            Ok(kept)
        })
    }

    /// Prunes stale files, then puts the staging folder in place of the target atomically; the
    /// previous output becomes the staging folder of the next build.
    pub fn commit<S: BuildHasher + Sync>(mut self, written: &HashSet<String, S>) -> io::Result<()> {
        let live = std::fs::symlink_metadata(&self.target).is_ok_and(|m| m.is_dir());
        // Two walks of two different folders: side by side. A staging folder made by this
        // build holds only what it wrote: nothing to prune.
        let (pruned, foreign) = rayon::join(
            || {
                if self.created {
                    Ok(())
                } else {
                    self.prune(written)
                }
            },
            || live.then(|| manifest::foreign(&self.target)),
        );
        pruned?;
        manifest::write(&self.dir, written)?;
        if let Some(foreign) = foreign {
            let foreign = foreign?;
            if let Some(p) = manifest::clash(&foreign, written) {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "`{}` không do guong ghi nhưng trùng chỗ một tệp của lần dựng này; hãy chuyển nó đi",
                        self.target.join(p).display()
                    ),
                ));
            }
            manifest::carry(&self.target, &self.dir, &foreign)?;
            if let Err(e) = exchange(&self.dir, &self.target) {
                let moved: Vec<&String> = foreign.iter().collect();
                manifest::put_back(&self.target, &self.dir, &moved);
                return Err(e);
            }
        } else if self.target.exists() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} đã có và không phải thư mục", self.target.display()),
            ));
        } else {
            std::fs::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    /// A failed build leaves nothing new beside the output.
    fn drop(&mut self) {
        if self.created && !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        if !self.committed {
            for p in &self.made_parents {
                let _ = std::fs::remove_dir(p);
            }
        }
    }
}

/// A relative path given as bytes by [`super::walk::walk`]; never empty (which would name the
/// folder walked itself).
fn path_of(rel: &[u8]) -> io::Result<&Path> {
    if rel.is_empty() {
        return Err(io::Error::other("đường dẫn rỗng"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(Path::new(std::ffi::OsStr::from_bytes(rel)))
    }
    #[cfg(not(unix))]
    {
        // The walk gives UTF-8 there (it reads names through `to_string_lossy`).
        std::str::from_utf8(rel)
            .map(Path::new)
            .map_err(io::Error::other)
    }
}

fn lock_exclusive(file: &std::fs::File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor we own; the lock is released when it is closed.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc != 0 {
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "một lần dựng khác đang ghi vào thư mục xuất này",
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Exchanges two paths atomically where the system can; elsewhere falls back to two renames.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
        let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
        // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let err = io::Error::last_os_error();
        if !matches!(
            err.raw_os_error(),
            Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP)
        ) {
            return Err(err);
        }
    }
    // Not atomic: used only where the file system cannot exchange.
    let old = a.with_extension("old");
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(files: &[&str]) -> HashSet<String> {
        files.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn swaps_reuses_and_prunes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        std::fs::write(target.join("web.config"), "foreign").unwrap();
        manifest::write(&target, &written(&["old.html"])).unwrap();
        // The staging folder an earlier build left (a folder made by this build holds only
        // what it wrote, and is not walked).
        std::fs::create_dir_all(staging_path(&target).join("a")).unwrap();
        std::fs::write(staging_path(&target).join("a/stale.html"), "stale").unwrap();
        let s = Staging::new(&target).unwrap();
        assert!(!s.is_new());
        std::fs::write(s.dir.join("new.html"), "new").unwrap();
        s.commit(&written(&["new.html"])).unwrap();
        assert!(target.join("new.html").exists());
        assert!(!target.join("old.html").exists());
        assert!(
            !target.join("a").exists(),
            "stale file and empty folder pruned"
        );
        assert_eq!(
            std::fs::read(target.join("web.config")).unwrap(),
            b"foreign"
        );
        assert_eq!(manifest::read(&target), written(&["new.html"]));
        // The previous output waits beside it, to be reused.
        assert!(staging_path(&target).join("old.html").exists());
    }

    #[test]
    fn prunes_stale_entries_of_any_name_and_never_through_a_link() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let (target, outside) = (dir.path().join("output"), dir.path().join("outside"));
        std::fs::create_dir_all(outside.join("sub")).unwrap();
        std::fs::write(outside.join("sub/x.html"), "của người khác").unwrap();
        let staging = staging_path(&target);
        for f in ["keep/a.html", "keep/old.html", "stale/deep/x.html"] {
            std::fs::create_dir_all(staging.join(f).parent().unwrap()).unwrap();
            std::fs::write(staging.join(f), "x").unwrap();
        }
        std::os::unix::fs::symlink(&outside, staging.join("link")).unwrap();
        std::os::unix::fs::symlink(&outside, staging.join("keep/sub")).unwrap();
        let odd = std::ffi::OsStr::from_bytes(b"keep/\xff.html");
        std::fs::write(staging.join(odd), "x").unwrap();
        let s = Staging::new(&target).unwrap();
        s.prune(&written(&["keep/a.html", "keep/sub/x.html"]))
            .unwrap();
        let mut left: Vec<String> = walkdir::WalkDir::new(&staging)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(&staging)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        left.sort();
        assert_eq!(left, ["keep", "keep/a.html"]);
        assert!(outside.join("sub/x.html").exists());
    }

    #[test]
    fn first_build_renames_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/output");
        let s = Staging::new(&target).unwrap();
        std::fs::write(s.dir.join("index.html"), "x").unwrap();
        s.commit(&written(&["index.html"])).unwrap();
        assert!(target.join("index.html").exists());
        assert!(!staging_path(&target).exists());
    }

    #[test]
    fn two_builds_of_one_output_do_not_mix() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let _first = Staging::new(&target).unwrap();
        assert!(Staging::new(&target).is_err());
    }

    #[test]
    fn a_failed_first_build_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        {
            let s = Staging::new(&target).unwrap();
            std::fs::write(s.dir.join("index.html"), "x").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_build_removes_the_parents_it_made() {
        let dir = tempfile::tempdir().unwrap();
        drop(Staging::new(&dir.path().join("moi/sau/output")).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_unfinished_build_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            std::fs::write(s.dir.join("new.html"), "new").unwrap();
        }
        assert!(target.join("old.html").exists());
        assert!(!target.join("new.html").exists());
    }
}
