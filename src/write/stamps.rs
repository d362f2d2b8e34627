//! Quick checks of unchanged output files, like git's index and rsync's: guong records, for
//! every file it wrote into an output folder, its size, inode, change times and a hash of its
//! bytes, and for a copied file the same stamp of its source. The records are kept in the
//! site's cache (`.guong-cache/output/<device>-<inode>.json`, named after the folder, whose
//! identity travels with it when the work folder and the output are swapped), not in the output,
//! so that the output stays the same bytes for the same input. A later build into that folder then skips a page
//! whose bytes hash the same and whose file still has its recorded stamp, and a copy whose
//! source and destination both still have theirs, without reading either file.
//!
//! Anything that touches a file (writing, `touch`, `chmod`, replacing it) changes its change
//! time, which no program can set back, so a file edited by hand in the output is never
//! mistaken for guong's and is compared byte by byte as before. A source stamp taken within
//! [`RACY`] of the file's last change is not trusted (git's "racily clean" rule): the file could
//! still change within the same clock tick without its stamp moving.

use std::collections::HashMap;
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How recent a source file's last change may be for its stamp to be trusted later: wider than
/// the timestamp granularity of any file system guong may write to.
pub const RACY: Duration = Duration::from_secs(2);

/// What identifies a file's state without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    inode: u64,
    /// Modification time, nanoseconds since the epoch.
    modified: i64,
    /// Status change time, nanoseconds since the epoch.
    changed: i64,
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

/// The hash of a file's bytes kept in a record.
pub type Digest = [u8; 16];

/// The digest of `data`.
pub fn digest(data: &[u8]) -> Digest {
    let mut out = [0; 16];
    out.copy_from_slice(&blake3::hash(data).as_bytes()[..16]);
    out
}

/// What guong knows of one file it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Record {
    /// The written file as it was left.
    pub out: Stamp,
    /// The hash of its bytes.
    pub digest: Digest,
    /// For a copy, the source's stamp when it was read (if settled).
    pub source: Option<Stamp>,
}

impl Record {
    /// The record as one line of the manifest.
    pub fn encode(&self) -> String {
        let mut s = stamp_text(&self.out);
        s.push(' ');
        for b in self.digest {
            s.push_str(&format!("{b:02x}"));
        }
        if let Some(src) = &self.source {
            s.push(' ');
            s.push_str(&stamp_text(src));
        }
        s
    }

    /// Reads a line written by [`Record::encode`]; `None` for anything else.
    pub fn decode(text: &str) -> Option<Record> {
        let parts: Vec<&str> = text.split(' ').collect();
        let stamp = |p: &[&str]| -> Option<Stamp> {
            Some(Stamp {
                len: p[0].parse().ok()?,
                inode: p[1].parse().ok()?,
                modified: p[2].parse().ok()?,
                changed: p[3].parse().ok()?,
            })
        };
        let (out, digest, source) = match parts.len() {
            5 => (stamp(&parts[..4])?, parts[4], None),
            9 => (stamp(&parts[..4])?, parts[4], Some(stamp(&parts[5..])?)),
            _ => return None,
        };
        if digest.len() != 32 {
            return None;
        }
        let mut d = [0u8; 16];
        for (i, b) in d.iter_mut().enumerate() {
            *b = u8::from_str_radix(digest.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Record {
            out,
            digest: d,
            source,
        })
    }
}

impl TryFrom<String> for Record {
    type Error = &'static str;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Record::decode(&text).ok_or("bản ghi tệp không hợp lệ")
    }
}

fn stamp_text(s: &Stamp) -> String {
    format!("{} {} {} {}", s.len, s.inode, s.modified, s.changed)
}

/// The records of an output folder's previous build, by file.
pub type Records = HashMap<String, Record>;

/// Where the records of the output folder `dir` are kept, when they can be: the site has a real
/// `.guong-cache` folder (a site without photos has none, and its files are compared byte by
/// byte) and the system gives folders an identity.
pub fn records_file(root: &Path, dir: &Path) -> Option<PathBuf> {
    let cache = root.join(".guong-cache");
    let real_dir = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    if !real_dir(&cache) {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::symlink_metadata(dir)
            .ok()
            .filter(Metadata::is_dir)?;
        Some(
            cache
                .join("output")
                .join(format!("{}-{}.json", m.dev(), m.ino())),
        )
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The records in `file`; empty when it is missing or does not parse (every file is then
/// compared byte by byte).
pub fn load(file: &Path) -> Records {
    if !std::fs::symlink_metadata(file).is_ok_and(|m| m.is_file()) {
        return Records::new();
    }
    std::fs::read(file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Saves `records` as `file` (through a temporary file, never through a symlink) and removes
/// the other records files in its folder except `keep`.
pub fn save(file: &Path, records: &Records, keep: &[&Path]) -> io::Result<()> {
    let dir = file
        .parent()
        .ok_or_else(|| io::Error::other("không có thư mục"))?;
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(io::Error::other("không phải thư mục")),
        Err(_) => std::fs::create_dir(dir)?,
    }
    let lines: std::collections::BTreeMap<&String, String> =
        records.iter().map(|(f, r)| (f, r.encode())).collect();
    let tmp = dir.join(format!(".tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut out = io::BufWriter::new(out);
        serde_json::to_writer(&mut out, &lines).map_err(io::Error::other)?;
        io::Write::flush(&mut out)?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    for entry in std::fs::read_dir(dir)?.flatten() {
        let p = entry.path();
        if p != file && !keep.contains(&p.as_path()) && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, "x").unwrap();
        let out = Stamp::of(&std::fs::metadata(&p).unwrap()).unwrap();
        for source in [None, Some(out)] {
            let r = Record {
                out,
                digest: digest(b"x"),
                source,
            };
            assert_eq!(Record::decode(&r.encode()), Some(r));
        }
        for bad in [
            "",
            "1 2 3",
            "1 2 3 4 zz",
            "a b c d 00000000000000000000000000000000",
        ] {
            assert_eq!(Record::decode(bad), None, "{bad}");
        }
    }

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
