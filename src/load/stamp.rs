//! What tells a file's state apart without reading it (git's index, rsync's quick check): its
//! size, inode, modification and status-change times. Writing, `touch`, `chmod` or replacing a
//! file all change its status-change time, which no program can set back.

use std::fs::Metadata;
use std::time::{Duration, SystemTime};

/// How recent a source file's last change may be for its stamp to be trusted later: wider than
/// the timestamp granularity of any file system guong may write to.
pub const RACY: Duration = Duration::from_secs(2);

/// What identifies a file's state without reading it. Stored as four numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "(u64, u64, i64, i64)", into = "(u64, u64, i64, i64)")]
pub struct Stamp {
    len: u64,
    inode: u64,
    /// Modification time, nanoseconds since the epoch.
    modified: i64,
    /// Status change time, nanoseconds since the epoch.
    changed: i64,
}

impl From<(u64, u64, i64, i64)> for Stamp {
    fn from((len, inode, modified, changed): (u64, u64, i64, i64)) -> Stamp {
        Stamp {
            len,
            inode,
            modified,
            changed,
        }
    }
}

impl From<Stamp> for (u64, u64, i64, i64) {
    fn from(s: Stamp) -> Self {
        (s.len, s.inode, s.modified, s.changed)
    }
}

impl Stamp {
    /// The stamp of a regular file's metadata; `None` for anything else.
    pub fn of(m: &Metadata) -> Option<Stamp> {
        if !m.is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            Some(Stamp {
                len: m.len(),
                inode: m.ino(),
                modified: ns(m.mtime(), m.mtime_nsec()),
                changed: ns(m.ctime(), m.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            // Without a change time a stamp proves nothing: always compare the bytes.
            None
        }
    }

    /// The stamp of `m`, if its last change is older than [`RACY`] at `now`.
    pub fn settled(m: &Metadata, now: SystemTime) -> Option<Stamp> {
        let s = Stamp::of(m)?;
        let now = now.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_nanos() as i64;
        (now.saturating_sub(s.changed.max(s.modified)) >= RACY.as_nanos() as i64).then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_a_file_changes_its_stamp_even_with_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, "same").unwrap();
        let before = Stamp::of(&std::fs::metadata(&p).unwrap()).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&p, "same").unwrap();
        let after = Stamp::of(&std::fs::metadata(&p).unwrap()).unwrap();
        assert_ne!(before, after);
    }

    #[test]
    fn a_fresh_file_is_not_settled() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, "x").unwrap();
        let m = std::fs::metadata(&p).unwrap();
        assert_eq!(Stamp::settled(&m, SystemTime::now()), None);
        let later = SystemTime::now() + RACY + Duration::from_millis(10);
        assert_eq!(Stamp::settled(&m, later), Stamp::of(&m));
    }
}
