//! Building into a sibling staging folder and swapping it with the live output in one step
//! (`renameat2(RENAME_EXCHANGE)` on Linux), so a web server never sees a half-written site.

use std::io;
use std::path::{Path, PathBuf};

/// A staging folder beside the output; removed on drop unless committed.
pub struct Staging {
    /// The staging folder.
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

fn staging_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.guong-tmp-")
}

impl Staging {
    /// Creates an empty staging folder beside `target` (whose parent is created if missing),
    /// removing stale staging folders left by interrupted builds.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let prefix = staging_prefix(target);
        if let Ok(entries) = std::fs::read_dir(parent) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if let Some(pid) = name.strip_prefix(&prefix).and_then(|r| r.split('-').next())
                    && pid
                        .parse::<u32>()
                        .is_ok_and(|p| !Path::new(&format!("/proc/{p}")).exists())
                {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = parent.join(format!("{prefix}{}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir)?;
        set_mode(&dir, 0o755)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Puts the staging folder in place of the target atomically and removes the old output.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.is_dir() {
            exchange(&self.dir, &self.target)?;
            self.committed = true;
            // `self.dir` now holds the previous output.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            if self.target.exists() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} đã có và không phải thư mục", self.target.display()),
                ));
            }
            std::fs::rename(&self.dir, &self.target)?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
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

    #[test]
    fn swaps_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        let s = Staging::new(&target).unwrap();
        std::fs::write(s.dir.join("new.html"), "new").unwrap();
        s.commit().unwrap();
        assert!(target.join("new.html").exists());
        assert!(!target.join("old.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn dropping_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            std::fs::write(s.dir.join("new.html"), "new").unwrap();
        }
        assert!(target.join("old.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
