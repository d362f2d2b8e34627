//! A walk of an output folder that costs no allocation per entry: the output of a large site
//! holds tens of thousands of files, and the write stage walks it twice per build (the stale
//! files of the work folder, the foreign files of the live output). Symlinks are never
//! followed: a link, even to a folder, is an entry like a file.

use std::io;
use std::path::Path;

/// Visits every entry under `root` (not `root` itself), depth first, in the order the folder
/// lists them. `visit` gets the entry's path relative to `root` (`/`-separated bytes) and
/// whether it is a real folder, and answers whether to go into that folder; it may remove
/// the entry it is shown. An entry that cannot be read fails the walk.
pub fn walk(root: &Path, visit: impl FnMut(&[u8], bool) -> io::Result<bool>) -> io::Result<()> {
    imp::walk(root, visit)
}

#[cfg(target_os = "linux")]
mod imp {
    use std::ffi::{CStr, CString};
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    /// An open folder being listed.
    struct Dir(std::ptr::NonNull<libc::DIR>);

    impl Drop for Dir {
        fn drop(&mut self) {
            // SAFETY: the stream was opened by `fdopendir` and is closed once, here.
            unsafe { libc::closedir(self.0.as_ptr()) };
        }
    }

    impl Dir {
        /// Lists the folder open as `fd` (which the stream then owns).
        fn from_fd(fd: libc::c_int) -> io::Result<Dir> {
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: `fd` is an open descriptor of a folder that nothing else owns.
            let dir = unsafe { libc::fdopendir(fd) };
            match std::ptr::NonNull::new(dir) {
                Some(d) => Ok(Dir(d)),
                None => {
                    let e = io::Error::last_os_error();
                    // SAFETY: `fdopendir` failed, so `fd` is still ours to close.
                    unsafe { libc::close(fd) };
                    Err(e)
                }
            }
        }

        fn fd(&self) -> libc::c_int {
            // SAFETY: the stream is open.
            unsafe { libc::dirfd(self.0.as_ptr()) }
        }

        /// The folder `name` inside this one, never through a symlink.
        fn child(&self, name: &CStr) -> io::Result<Dir> {
            let flags = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC;
            // SAFETY: `name` is NUL-terminated and the folder's descriptor is open.
            Dir::from_fd(unsafe { libc::openat(self.fd(), name.as_ptr(), flags) })
        }

        /// The next entry's name and whether it is a real folder; `None` at the end.
        fn next(&mut self, name: &mut Vec<u8>) -> io::Result<Option<bool>> {
            loop {
                // SAFETY: clearing errno tells the end of the listing from an error.
                unsafe { *libc::__errno_location() = 0 };
                // SAFETY: the stream is open; the entry stays valid until the next call.
                let entry = unsafe { libc::readdir64(self.0.as_ptr()) };
                if entry.is_null() {
                    let e = io::Error::last_os_error();
                    return match e.raw_os_error() {
                        Some(0) | None => Ok(None),
                        Some(_) => Err(e),
                    };
                }
                // SAFETY: `entry` points to a valid entry with a NUL-terminated name.
                let (kind, raw) =
                    unsafe { ((*entry).d_type, CStr::from_ptr((*entry).d_name.as_ptr())) };
                let bytes = raw.to_bytes();
                if bytes == b"." || bytes == b".." {
                    continue;
                }
                name.clear();
                name.extend_from_slice(bytes);
                let is_dir = match kind {
                    libc::DT_DIR => true,
                    libc::DT_UNKNOWN => self.is_real_folder(raw)?,
                    _ => false,
                };
                return Ok(Some(is_dir));
            }
        }

        /// Whether `name` is a real folder (not a symlink to one), by `fstatat`.
        fn is_real_folder(&self, name: &CStr) -> io::Result<bool> {
            let mut st = std::mem::MaybeUninit::<libc::stat64>::uninit();
            // SAFETY: `name` is NUL-terminated, `st` is large enough for the result.
            let rc = unsafe {
                libc::fstatat64(
                    self.fd(),
                    name.as_ptr(),
                    st.as_mut_ptr(),
                    libc::AT_SYMLINK_NOFOLLOW,
                )
            };
            if rc != 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: `fstatat` succeeded and filled `st`.
            let mode = unsafe { st.assume_init() }.st_mode;
            Ok(mode & libc::S_IFMT == libc::S_IFDIR)
        }
    }

    pub fn walk(
        root: &Path,
        mut visit: impl FnMut(&[u8], bool) -> io::Result<bool>,
    ) -> io::Result<()> {
        let c = CString::new(root.as_os_str().as_bytes()).map_err(io::Error::other)?;
        let flags = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC;
        // SAFETY: `c` is NUL-terminated.
        let mut dir = Dir::from_fd(unsafe { libc::open(c.as_ptr(), flags) })?;
        let mut rel = Vec::with_capacity(256);
        let mut name = Vec::with_capacity(256);
        walk_in(&mut dir, &mut rel, &mut name, &mut visit)
    }

    fn walk_in(
        dir: &mut Dir,
        rel: &mut Vec<u8>,
        name: &mut Vec<u8>,
        visit: &mut impl FnMut(&[u8], bool) -> io::Result<bool>,
    ) -> io::Result<()> {
        let base = rel.len();
        while let Some(is_dir) = dir.next(name)? {
            rel.truncate(base);
            if base > 0 {
                rel.push(b'/');
            }
            rel.extend_from_slice(name);
            if visit(rel, is_dir)? && is_dir {
                name.push(0);
                let cname = CStr::from_bytes_with_nul(name).map_err(io::Error::other)?;
                let mut child = dir.child(cname)?;
                walk_in(&mut child, rel, name, visit)?;
            }
        }
        rel.truncate(base);
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use std::io;
    use std::path::Path;

    pub fn walk(
        root: &Path,
        mut visit: impl FnMut(&[u8], bool) -> io::Result<bool>,
    ) -> io::Result<()> {
        let mut walk = walkdir::WalkDir::new(root).min_depth(1).into_iter();
        while let Some(entry) = walk.next() {
            let entry = entry.map_err(io::Error::other)?;
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            let is_dir = entry.file_type().is_dir();
            if !visit(rel.as_bytes(), is_dir)? && is_dir {
                walk.skip_current_dir();
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn sees_every_entry_and_never_follows_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("out"), dir.path().join("outside"));
        for f in ["a/b/c.html", "a/d.html", "e.html", "f/g/h.txt"] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), "x").unwrap();
        }
        std::fs::create_dir_all(outside.join("inner")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("a/link")).unwrap();
        let mut seen = Vec::new();
        walk(&root, |rel, is_dir| {
            let rel = String::from_utf8(rel.to_vec()).unwrap();
            let descend = rel != "f";
            seen.push((rel, is_dir));
            Ok(descend)
        })
        .unwrap();
        seen.sort();
        let want: Vec<(String, bool)> = [
            ("a", true),
            ("a/b", true),
            ("a/b/c.html", false),
            ("a/d.html", false),
            ("a/link", false),
            ("e.html", false),
            ("f", true),
        ]
        .map(|(p, d)| (p.to_string(), d))
        .into();
        assert_eq!(seen, want);
    }
}
