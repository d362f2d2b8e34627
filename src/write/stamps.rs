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
use std::collections::HashMap;
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

/// What guong knows of one file it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "Stored", from = "Stored")]
pub struct Record {
    /// The written file as it was left.
    pub out: Stamp,
    /// The hash of its bytes.
    pub digest: Digest,
    /// For a copy, the source's stamp when it was read (if settled).
    pub source: Option<Stamp>,
}

/// A record as stored: the stamp, the digest in two halves, the source's stamp or nothing.
/// Numbers, not text, so that tens of thousands of them save and load fast.
type Stored = (Stamp, u64, u64, Option<Stamp>);

impl From<Record> for Stored {
    fn from(r: Record) -> Stored {
        let half = |i: usize| {
            let mut b = [0; 8];
            b.copy_from_slice(&r.digest[i..i + 8]);
            u64::from_le_bytes(b)
        };
        (r.out, half(0), half(8), r.source)
    }
}

impl From<Stored> for Record {
    fn from((out, a, b, source): Stored) -> Record {
        let mut digest = [0; 16];
        digest[..8].copy_from_slice(&a.to_le_bytes());
        digest[8..].copy_from_slice(&b.to_le_bytes());
        Record {
            out,
            digest,
            source,
        }
    }
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
    let sorted: std::collections::BTreeMap<&String, &Record> = records.iter().collect();
    let tmp = dir.join(format!(".tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut out = io::BufWriter::new(out);
        serde_json::to_writer(&mut out, &sorted).map_err(io::Error::other)?;
        io::Write::flush(&mut out)?;
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
        let records = p.extension().is_some_and(|e| e == "json");
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
