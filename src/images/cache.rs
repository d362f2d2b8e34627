//! The image cache `.guong-cache/images/` at the site root: one folder per source image and
//! settings, named by a hash of both, holding the encoded files and `meta.json`. A rebuild
//! with unchanged photos decodes none; folders no build used are pruned.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// A resized variant in a cache entry (file names inside the entry's folder).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariantFile {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The WebP file.
    pub webp: String,
    /// The JPEG (or PNG, with transparency) file.
    pub fallback: String,
}

/// What a cache entry holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Width of the upright full-size image.
    pub width: u32,
    /// Height of the upright full-size image.
    pub height: u32,
    /// The full-size file, re-encoded without metadata.
    pub full: String,
    /// Resized variants, narrowest first.
    pub variants: Vec<VariantFile>,
    /// The 1200×630 preview file.
    pub og: Option<String>,
    /// Whether the image has transparency (fallbacks are PNG).
    pub alpha: bool,
}

/// The cache folder of a site.
pub struct Cache {
    dir: PathBuf,
}

static TMP: AtomicUsize = AtomicUsize::new(0);

impl Cache {
    /// Opens (creating) `<root>/.guong-cache/images`, refusing to go through a symlink.
    pub fn open(root: &Path) -> io::Result<Cache> {
        let mut dir = root.to_path_buf();
        for part in [".guong-cache", "images"] {
            dir.push(part);
            match std::fs::symlink_metadata(&dir) {
                Ok(m) if m.file_type().is_symlink() || !m.is_dir() => {
                    return Err(io::Error::other(format!(
                        "{} là liên kết tượng trưng hoặc không phải thư mục; guong không ghi bộ nhớ đệm ảnh qua đó",
                        dir.display()
                    )));
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir(&dir)?,
                Err(e) => return Err(e),
            }
        }
        Ok(Cache { dir })
    }

    /// The key of a source file's bytes with the given wishes and the current settings.
    pub fn key(bytes: &[u8], variants: bool, og: bool) -> String {
        let mut h = blake3::Hasher::new();
        h.update(super::encode::SETTINGS_ID.as_bytes());
        h.update(&[u8::from(variants), u8::from(og)]);
        h.update(bytes);
        h.finalize().to_hex()[..32].to_string()
    }

    /// The folder of entry `key`.
    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }

    /// The entry `key`, if a complete one is cached.
    pub fn get(&self, key: &str) -> Option<Entry> {
        let bytes = std::fs::read(self.dir.join(key).join("meta.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores an entry: its files are written into a fresh folder that is then renamed into
    /// place, so a cut-off build never leaves half an entry.
    pub fn put(&self, key: &str, entry: &Entry, files: &[(String, Vec<u8>)]) -> io::Result<()> {
        let n = TMP.fetch_add(1, Ordering::Relaxed);
        let tmp = self
            .dir
            .join(format!("{key}.tmp-{}-{n}", std::process::id()));
        std::fs::create_dir(&tmp)?;
        let result = (|| {
            for (name, data) in files {
                std::fs::write(tmp.join(name), data)?;
            }
            let meta = serde_json::to_vec(entry).map_err(io::Error::other)?;
            std::fs::write(tmp.join("meta.json"), meta)?;
            std::fs::rename(&tmp, self.dir.join(key))
        })();
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
            if self.get(key).is_some() {
                return Ok(()); // another build stored the same entry meanwhile
            }
        }
        result
    }

    /// Removes every entry not in `keep` (and leftovers of interrupted builds); returns how
    /// many were removed.
    pub fn prune(&self, keep: &HashSet<String>) -> usize {
        let Ok(list) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for e in list.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let ours = name.len() >= 32 && name[..32].bytes().all(|b| b.is_ascii_hexdigit());
            if ours && !keep.contains(&name) && std::fs::remove_dir_all(e.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// What tells a file's bytes apart without reading them: when its size, modification time
/// (with nanoseconds) and inode are unchanged, so are its bytes (as git's index assumes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: SystemTime,
    ino: u64,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let ino = 0;
        Some(Stamp {
            size: meta.len(),
            modified: meta.modified().ok()?,
            ino,
        })
    }
}

/// A file modified this recently may change again within the same clock tick without its
/// stamp changing (git's "racy" files): its key is not remembered, so it is hashed again.
const RACY: Duration = Duration::from_secs(2);

/// A source file and the wishes for it (variants, preview).
type Wish = (PathBuf, bool, bool);

/// Content keys and cache entries remembered between the image stages of one process
/// (`serve`): an unchanged photo is neither read nor hashed again, and an entry's `meta.json`
/// is read once.
#[derive(Default)]
pub struct Memo {
    keys: Mutex<HashMap<Wish, (Stamp, String)>>,
    entries: Mutex<HashMap<String, Entry>>,
    kept: Mutex<Option<HashSet<String>>>,
    hashed: AtomicUsize,
}

impl Memo {
    /// The cache key of `src` with these wishes (see [`Cache::key`]), and its bytes when they
    /// had to be read. A file whose stamp is unchanged since it was last hashed is not read.
    pub fn key(
        &self,
        src: &Path,
        variants: bool,
        og: bool,
    ) -> io::Result<(String, Option<Vec<u8>>)> {
        let stamp = std::fs::metadata(src).ok().as_ref().and_then(Stamp::of);
        let id = (src.to_path_buf(), variants, og);
        if let Some(stamp) = stamp
            && let Some((known, key)) = self.keys.lock().unwrap_or_else(|e| e.into_inner()).get(&id)
            && *known == stamp
        {
            return Ok((key.clone(), None));
        }
        let bytes = std::fs::read(src)?;
        self.hashed.fetch_add(1, Ordering::Relaxed);
        let key = Cache::key(&bytes, variants, og);
        let settled = stamp.filter(|s| {
            SystemTime::now()
                .duration_since(s.modified)
                .is_ok_and(|age| age >= RACY)
        });
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        match settled {
            Some(stamp) => keys.insert(id, (stamp, key.clone())),
            None => keys.remove(&id),
        };
        Ok((key, Some(bytes)))
    }

    /// The entry `key` of `cache`: remembered, or read from its `meta.json` and remembered.
    /// A remembered entry whose folder is gone (the cache was deleted) is forgotten.
    pub fn entry(&self, cache: &Cache, key: &str) -> Option<Entry> {
        let known = self
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned();
        if let Some(entry) = known {
            if cache.path(key).join(&entry.full).is_file() {
                return Some(entry);
            }
            self.entries
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(key);
        }
        let entry = cache.get(key)?;
        self.remember(key, &entry);
        Some(entry)
    }

    /// Remembers an entry just stored.
    pub fn remember(&self, key: &str, entry: &Entry) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string(), entry.clone());
    }

    /// Whether `keep` differs from the set of entries kept by the last stage (so the cache
    /// needs pruning); remembers `keep`. Entries no longer kept are forgotten.
    pub fn kept_changed(&self, keep: &HashSet<String>) -> bool {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.as_ref() == Some(keep) {
            return false;
        }
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|k, _| keep.contains(k));
        *kept = Some(keep.clone());
        true
    }

    /// How many files were read and hashed so far.
    pub fn hashed(&self) -> usize {
        self.hashed.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_at(path: &Path, bytes: &[u8], ago: u64) {
        std::fs::write(path, bytes).unwrap();
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(ago))
            .unwrap();
    }

    #[test]
    fn unchanged_photos_are_not_hashed_again() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("a.png");
        write_at(&photo, b"first bytes", 3600);
        let memo = Memo::default();
        let (k1, read) = memo.key(&photo, true, false).unwrap();
        assert!(read.is_some());
        assert_eq!(memo.hashed(), 1);
        let (k2, read) = memo.key(&photo, true, false).unwrap();
        assert_eq!((k2.as_str(), read, memo.hashed()), (k1.as_str(), None, 1));
        // Other wishes: another key.
        let (k3, _) = memo.key(&photo, true, true).unwrap();
        assert_ne!(k3, k1);
        assert_eq!(memo.hashed(), 2);
        // Same size, other bytes, other time: hashed again.
        write_at(&photo, b"other bytes", 1800);
        let (k4, read) = memo.key(&photo, true, false).unwrap();
        assert!(read.is_some());
        assert_ne!(k4, k1);
        assert_eq!(k4, Cache::key(b"other bytes", true, false));
        assert_eq!(memo.hashed(), 3);
    }

    #[test]
    fn recently_modified_photos_are_hashed_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("a.png");
        write_at(&photo, b"fresh", 0);
        let memo = Memo::default();
        memo.key(&photo, true, false).unwrap();
        memo.key(&photo, true, false).unwrap();
        assert_eq!(memo.hashed(), 2);
    }
}
