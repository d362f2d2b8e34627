//! Write stage: where rendered files go. `build` writes into a staging folder beside the
//! target and swaps it in atomically; `check` and `serve` use other sinks.

pub mod atomic;
pub mod memory;

use std::io;
use std::path::{Component, Path, PathBuf};

/// A destination for generated files. Paths are relative to the output root, `/`-separated.
pub trait Sink: Sync {
    /// Stores a generated file.
    fn write(&self, file: &str, data: &[u8]) -> io::Result<()>;
    /// Stores a copy of a file on disk.
    fn copy(&self, file: &str, from: &Path) -> io::Result<()> {
        self.write(file, &std::fs::read(from)?)
    }
}

/// Joins a site-relative file path onto `root`, refusing anything that would leave it.
pub fn safe_join(root: &Path, file: &str) -> io::Result<PathBuf> {
    let rel = Path::new(file);
    let ok = !file.is_empty()
        && !file.contains('\\')
        && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("đường dẫn ra ngoài thư mục xuất: {file}"),
        ));
    }
    Ok(root.join(rel))
}

/// Writes files under a folder, creating parents as needed.
pub struct DirSink {
    root: PathBuf,
}

impl DirSink {
    /// A sink writing under `root`.
    pub fn new(root: PathBuf) -> Self {
        DirSink { root }
    }
}

fn readable(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl Sink for DirSink {
    fn write(&self, file: &str, data: &[u8]) -> io::Result<()> {
        let path = safe_join(&self.root, file)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, data)
    }

    fn copy(&self, file: &str, from: &Path) -> io::Result<()> {
        let path = safe_join(&self.root, file)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, &path)?;
        readable(&path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_root() {
        let root = Path::new("/tmp/out");
        assert!(safe_join(root, "a/b/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "a\\b", "./a"] {
            assert!(safe_join(root, bad).is_err(), "{bad}");
        }
    }
}
