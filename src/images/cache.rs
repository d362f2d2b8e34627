//! The image cache `.guong-cache/images/` at the site root: one folder per source image and
//! settings, named by a hash of both, holding the encoded files and `meta.json`. A rebuild
//! with unchanged photos decodes none; folders no build used are pruned.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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
