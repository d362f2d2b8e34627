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

pub use crate::load::stamp::{RACY, Stamp};
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};

/// The hash of a file's bytes kept in a record.
pub type Digest = [u8; 16];

/// The digest of `data`.
pub fn digest(data: &[u8]) -> Digest {
    let mut out = [0; 16];
    out.copy_from_slice(&blake3::hash(data).as_bytes()[..16]);
    out
}

/// The digest recorded for a copy made by the kernel, unread (see `DirSink::copy`): it never
/// equals a real digest, so such a file is skipped on its stamps alone or written again.
pub const UNHASHED: Digest = [0; 16];

/// What guong knows of one file it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// The written file as it was left.
    pub out: Stamp,
    /// The hash of its bytes.
    pub digest: Digest,
    /// For a copy, the source's stamp when it was read (if settled).
    pub source: Option<Stamp>,
}

/// The records of an output folder's previous build, by file (hashed with aHash: tens of
/// thousands of paths are looked up on every build, and they come from the site itself).
pub type Records = ahash::AHashMap<String, Record>;

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
                .join(format!("{}-{}.{EXTENSION}", m.dev(), m.ino())),
        )
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The extension of a records file.
const EXTENSION: &str = "records";

/// The extension of the records files of earlier versions (JSON): read as none, and kept or
/// removed like the others.
const OLD_EXTENSION: &str = "json";

/// The first bytes of a records file: its format and version. A file that does not start so
/// (an older JSON one, say) reads as none.
const MAGIC: &[u8; 8] = b"guong\x00r1";

/// The records in `file`; empty when it is missing, cut short or does not parse (every file
/// is then compared byte by byte).
pub fn load(file: &Path) -> Records {
    if !std::fs::symlink_metadata(file).is_ok_and(|m| m.is_file()) {
        return Records::new();
    }
    std::fs::read(file)
        .ok()
        .and_then(|b| decode(&b))
        .unwrap_or_default()
}

/// The size of a stamp as stored: four numbers of eight bytes.
const STAMP_LEN: usize = 32;

/// The records as stored: [`MAGIC`], the number of records (eight bytes), then for each
/// record, in the order of their paths, how many leading bytes its path shares with the
/// previous one and the length of the rest (LEB128 numbers), the rest of the path, the stamp
/// of the written file (length, inode, modification and change times, little-endian), the
/// digest, and `0` or `1` followed by the source's stamp. Nothing follows the last record.
fn encode(records: &Records) -> Vec<u8> {
    let mut sorted: Vec<(&str, &Record)> = records.iter().map(|(k, v)| (k.as_str(), v)).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::with_capacity(16 + sorted.len() * (STAMP_LEN * 2 + 40));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(sorted.len() as u64).to_le_bytes());
    let mut prev: &[u8] = b"";
    for (path, r) in sorted {
        let path = path.as_bytes();
        let shared = prev.iter().zip(path).take_while(|(a, b)| a == b).count();
        put_number(&mut out, shared as u64);
        put_number(&mut out, (path.len() - shared) as u64);
        out.extend_from_slice(&path[shared..]);
        put_stamp(&mut out, r.out);
        out.extend_from_slice(&r.digest);
        match r.source {
            None => out.push(0),
            Some(s) => {
                out.push(1);
                put_stamp(&mut out, s);
            }
        }
        prev = path;
    }
    out
}

/// The records stored in `data` (see [`encode`]); `None` unless it is exactly such a file.
fn decode(data: &[u8]) -> Option<Records> {
    let mut r = Reader(data.strip_prefix(MAGIC)?);
    let count = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
    // Each record takes at least this much: a count larger than the file can hold is corrupt,
    // and must not reserve memory for it.
    const SMALLEST: usize = 2 + STAMP_LEN + 16 + 1;
    if count > (r.0.len() / SMALLEST) as u64 {
        return None;
    }
    let mut records = Records::with_capacity(count as usize);
    let mut path: Vec<u8> = Vec::new();
    for _ in 0..count {
        let shared = usize::try_from(r.number()?).ok()?;
        let rest = usize::try_from(r.number()?).ok()?;
        if shared > path.len() {
            return None;
        }
        path.truncate(shared);
        path.extend_from_slice(r.take(rest)?);
        let file = std::str::from_utf8(&path).ok()?;
        let out = r.stamp()?;
        let digest: Digest = r.take(16)?.try_into().ok()?;
        let source = match r.take(1)?[0] {
            0 => None,
            1 => Some(r.stamp()?),
            _ => return None,
        };
        records.insert(
            file.to_string(),
            Record {
                out,
                digest,
                source,
            },
        );
    }
    r.0.is_empty().then_some(records)
}

fn put_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_stamp(out: &mut Vec<u8>, s: Stamp) {
    let (len, inode, modified, changed): (u64, u64, i64, i64) = s.into();
    for n in [len, inode, modified as u64, changed as u64] {
        out.extend_from_slice(&n.to_le_bytes());
    }
}

/// The unread rest of a records file.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn number(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn stamp(&mut self) -> Option<Stamp> {
        let (len, inode) = (self.u64()?, self.u64()?);
        let (modified, changed) = (self.u64()? as i64, self.u64()? as i64);
        Some(Stamp::from((len, inode, modified, changed)))
    }
}

/// How many records files of other output folders are kept besides the live output's and its
/// work folder's: a site built in turn into a few outputs (a preview and the site, say) keeps
/// the quick check of each; older ones go, so that the folder does not grow without end.
pub const OTHER_OUTPUTS: usize = 6;

/// Saves `records` as `file` (through a temporary file, never through a symlink) and removes
/// the other records files in its folder but `keep` and the [`OTHER_OUTPUTS`] newest others.
pub fn save(file: &Path, records: &Records, keep: &[&Path]) -> io::Result<()> {
    let dir = file
        .parent()
        .ok_or_else(|| io::Error::other("không có thư mục"))?;
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(io::Error::other("không phải thư mục")),
        Err(_) => std::fs::create_dir(dir)?,
    }
    let data = encode(records);
    let tmp = dir.join(format!(".tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        io::Write::write_all(&mut out, &data)?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    let mut others: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p != file && !keep.contains(&p.as_path()))
        .map(|p| {
            let at = std::fs::symlink_metadata(&p).and_then(|m| m.modified());
            (at.unwrap_or(std::time::UNIX_EPOCH), p)
        })
        .collect();
    // Newest first; a leftover temporary file of a build that died goes whatever its age.
    others.sort_by(|a, b| b.cmp(a));
    let mut kept = 0;
    for (_, p) in others {
        let records = p
            .extension()
            .is_some_and(|e| e == EXTENSION || e == OLD_EXTENSION);
        if records && kept < OTHER_OUTPUTS {
            kept += 1;
        } else {
            let _ = std::fs::remove_file(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_records_of_a_few_other_outputs_are_kept_and_older_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = |i: usize| dir.path().join(format!("1-{i}.json"));
        std::fs::write(dir.path().join(".tmp-1"), "cut short").unwrap();
        let count = || std::fs::read_dir(dir.path()).unwrap().count();
        for i in 0..=OTHER_OUTPUTS {
            save(&file(i), &Records::new(), &[]).unwrap();
            assert_eq!(count(), i + 1, "every output's records kept so far");
            std::thread::sleep(std::time::Duration::from_millis(15));
        }
        // Two more, the oldest kept as the live output's: the next oldest goes.
        for i in [OTHER_OUTPUTS + 1, OTHER_OUTPUTS + 2] {
            save(&file(i), &Records::new(), &[&file(0)]).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(15));
        }
        assert_eq!(count(), OTHER_OUTPUTS + 2);
        assert!(file(0).exists() && !file(1).exists() && file(2).exists());
    }

    /// Records of many files with shared folders, odd names and both kinds of record.
    fn sample() -> Records {
        let stamp = |n: u64| Stamp::from((n, n * 7, -(n as i64), i64::MAX - n as i64));
        let names = [
            "a.html",
            "bai-viet/anh-hung/index.html",
            "bai-viet/anh-hung/anh.360w.webp",
            "bai-viet/anh-hùng/index.html",
            "bai-viet/anh-hùng-2/index.html",
            "bai-viet/b/index.html",
            "gương/điển-hình/ảnh.png",
            "z",
        ];
        names
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let r = Record {
                    out: stamp(i as u64),
                    digest: digest(f.as_bytes()),
                    source: (i % 2 == 0).then(|| stamp(1000 + i as u64)),
                };
                (f.to_string(), r)
            })
            .collect()
    }

    #[test]
    fn stored_records_read_back_the_same_and_a_damaged_store_as_none() {
        let records = sample();
        let data = encode(&records);
        assert_eq!(decode(&data), Some(records.clone()));
        assert_eq!(decode(&encode(&Records::new())), Some(Records::new()));
        // The same records in any order store the same bytes.
        let mut all: Vec<(String, Record)> = records.iter().map(|(k, v)| (k.clone(), *v)).collect();
        all.sort_by(|a, b| b.0.cmp(&a.0));
        let reversed: Records = all.into_iter().collect();
        assert_eq!(encode(&reversed), data);
        // Cut short anywhere, or with anything after it: none.
        for cut in 0..data.len() {
            assert_eq!(decode(&data[..cut]), None, "cut at {cut}");
        }
        let mut longer = data.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        // A wrong kind of source, a shared prefix longer than the previous path, a path that
        // is not UTF-8, a count larger than the file: none.
        let first_source = MAGIC.len() + 8 + 2 + "a.html".len() + STAMP_LEN + 16;
        let mut bad = data.clone();
        assert_eq!(bad[first_source], 1);
        bad[first_source] = 2;
        assert_eq!(decode(&bad), None);
        let mut bad = data.clone();
        bad[MAGIC.len() + 8] = 1;
        assert_eq!(decode(&bad), None);
        let mut bad = data.clone();
        bad[MAGIC.len() + 8 + 2] = 0xff;
        assert_eq!(decode(&bad), None);
        let mut bad = data.clone();
        bad[MAGIC.len()..MAGIC.len() + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(decode(&bad), None);
        // Every single byte changed in the header or the counts: never a panic.
        for i in 0..data.len() {
            let mut bad = data.clone();
            bad[i] ^= 0x80;
            let _ = decode(&bad);
        }
    }

    #[test]
    fn a_records_file_of_the_old_json_kind_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("1-2.json");
        let stamp = "[1,2,3,4]";
        std::fs::write(&file, format!("{{\"a.html\":[{stamp},1,2,null]}}")).unwrap();
        assert_eq!(load(&file), Records::new());
        save(&file, &sample(), &[]).unwrap();
        assert_eq!(load(&file), sample());
        std::fs::write(&file, &encode(&sample())[..100]).unwrap();
        assert_eq!(load(&file), Records::new());
    }

    #[test]
    fn records_read_back_as_saved_and_a_bad_file_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, "x").unwrap();
        let out = Stamp::of(&std::fs::metadata(&p).unwrap()).unwrap();
        let records: Records = [None, Some(out)]
            .into_iter()
            .enumerate()
            .map(|(i, source)| {
                let r = Record {
                    out,
                    digest: digest(format!("{i}").as_bytes()),
                    source,
                };
                (format!("trang/{i}.html"), r)
            })
            .collect();
        let file = dir.path().join("cache/1-2.json");
        std::fs::create_dir(dir.path().join("cache")).unwrap();
        std::fs::write(dir.path().join("cache/other.json"), "{}").unwrap();
        save(&file, &records, &[]).unwrap();
        assert_eq!(load(&file), records);
        // Another output's records stay (see the test above).
        assert_eq!(
            std::fs::read_dir(dir.path().join("cache")).unwrap().count(),
            2
        );
        for bad in ["", "{\"a\": [1, 2]}", "{\"a\": \"1 2 3 4\"}", "[]"] {
            std::fs::write(&file, bad).unwrap();
            assert_eq!(load(&file), Records::new(), "{bad}");
        }
    }
}
