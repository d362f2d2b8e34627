//! The image cache `.guong-cache/images/` at the site root: one folder per source image and
//! settings, named by a hash of both, holding the encoded files and `meta.json`. A rebuild
//! with unchanged photos decodes none; folders no build used are pruned.

use super::collect::{BodyImage, body_images, may_have_images};
use crate::load::stamp::Stamp;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
#[cfg(test)]
use std::time::Duration;
use std::time::SystemTime;

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

    /// The key of the link preview made from a GIF or SVG cover's published bytes.
    pub fn preview_key(bytes: &[u8]) -> String {
        let mut h = blake3::Hasher::new();
        h.update(super::encode::SETTINGS_ID.as_bytes());
        h.update(b";preview-of-drawn");
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

    /// The names of the entry folders in the cache: one read of its folder, instead of a look
    /// at each remembered entry (an entry folder is renamed into place whole, so it holds its
    /// files).
    pub fn present(&self) -> HashSet<String> {
        self.listing().entries
    }

    /// The cache folder as read once at the start of a stage: its entries ([`Cache::present`])
    /// and whether it holds anything else [`Cache::prune`] would remove (leftovers of an
    /// interrupted build), so that a stage which used every entry skips a second read of it.
    pub fn listing(&self) -> Listing {
        let mut listing = Listing::default();
        let Ok(list) = std::fs::read_dir(&self.dir) else {
            return listing;
        };
        for name in list.flatten().map(|e| e.file_name()) {
            match name.to_str() {
                Some(n) if n.len() == 32 => {
                    listing.entries.insert(n.to_string());
                }
                _ => listing.leftovers |= ours(&name.to_string_lossy()),
            }
        }
        listing
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
            if ours(&name) && !keep.contains(&name) && std::fs::remove_dir_all(e.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// Whether `name`, in the cache folder, is an entry or a leftover of one (it starts with a key):
/// what [`Cache::prune`] may remove.
fn ours(name: &str) -> bool {
    name.len() >= 32 && name.as_bytes()[..32].iter().all(u8::is_ascii_hexdigit)
}

/// The cache folder as listed by [`Cache::listing`].
#[derive(Debug, Default)]
pub struct Listing {
    /// The entry folders (named by a key).
    pub entries: HashSet<String>,
    /// Whether the folder holds leftovers of interrupted builds.
    pub leftovers: bool,
}

impl Listing {
    /// Whether [`Cache::prune`] with `keep` would remove anything listed: an entry not in
    /// `keep`, or a leftover. Entries made after the listing are in `keep`, never stale.
    pub fn stale(&self, keep: &HashSet<String>) -> bool {
        self.leftovers || self.entries.iter().any(|k| !keep.contains(k))
    }
}

/// What identifies the bytes of a file of the image cache without looking at it: a file
/// `.guong-cache/images/<key>/<name>` holds what `key` (a hash of the source photo's bytes
/// and the settings) makes under `name`, written once into a fresh folder renamed into
/// place and never changed. `None` for any other path. The output's quick check
/// ([`crate::write::stamps`]) records this in place of the source's stamp, so that a published
/// variant costs one `stat` (of the copy) on a rebuild, as a plain copied file would cost
/// without its source's.
pub fn fixed_source(path: &Path) -> Option<Stamp> {
    // Read from the path's bytes: this runs for every copied file of every build.
    const DIR: &[u8] = b".guong-cache/images/";
    let b = path.as_os_str().as_encoded_bytes();
    let slash = b.iter().rposition(|&c| c == b'/')?;
    let name = &b[slash + 1..];
    let key = b.get(slash.checked_sub(32)?..slash)?;
    let head = b[..slash - 32].strip_suffix(DIR)?;
    let hex = |c: &u8| matches!(c, b'0'..=b'9' | b'a'..=b'f');
    if name.is_empty()
        || name[0] == b'.'
        || !(head.is_empty() || head.ends_with(b"/"))
        || !key.iter().all(hex)
    {
        return None;
    }
    let half = |s: &[u8]| {
        s.iter().fold(0u64, |n, &c| {
            (n << 4) | u64::from(if c <= b'9' { c - b'0' } else { c - b'a' + 10 })
        })
    };
    // FNV-1a of the name (`360.webp`, `full.jpg`…): told apart within an entry.
    let named = name.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &c| {
        (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3)
    });
    // No file has this length, so no real stamp equals it.
    Some(Stamp::from((
        u64::MAX,
        named,
        half(&key[..16]) as i64,
        half(&key[16..]) as i64,
    )))
}

/// The memo's file in `.guong-cache/`: what earlier builds learned of each photo (its key by
/// path and stamp) and the entries those keys name, so that a build with unchanged photos
/// reads neither the photos nor their entries' `meta.json`.
const MEMO_FILE: &str = "photos.json";

/// The memo as saved.
#[derive(Default, Serialize, Deserialize)]
struct Saved {
    keys: Vec<(Wish, Stamp, String)>,
    entries: Vec<(String, StoredEntry)>,
    /// The images of the bodies that have any, by the hash of the body (absent from the memos
    /// of earlier versions).
    #[serde(default)]
    bodies: Vec<(BodyKey, Vec<StoredImage>)>,
}

/// An entry as the memo saves it: a tuple, not a map with a name per field as in `meta.json`
/// (the memo of 6,000 photos is read on every build). Width, height, full-size file,
/// variants (width, height, WebP, fallback), preview, transparency.
type StoredEntry = (
    u32,
    u32,
    String,
    Vec<(u32, u32, String, String)>,
    Option<String>,
    bool,
);

fn stored_entry(e: &Entry) -> StoredEntry {
    let variants = e
        .variants
        .iter()
        .map(|v| (v.width, v.height, v.webp.clone(), v.fallback.clone()))
        .collect();
    (
        e.width,
        e.height,
        e.full.clone(),
        variants,
        e.og.clone(),
        e.alpha,
    )
}

fn unstored_entry((width, height, full, variants, og, alpha): StoredEntry) -> Entry {
    let variants = variants
        .into_iter()
        .map(|(width, height, webp, fallback)| VariantFile {
            width,
            height,
            webp,
            fallback,
        })
        .collect();
    Entry {
        width,
        height,
        full,
        variants,
        og,
        alpha,
    }
}

/// The hash of an article body, in two halves.
type BodyKey = (u64, u64);

/// The two hashers of [`body_key`]: aHash with fixed seeds, so that a key is the same in every
/// run of one build of guong (another build may hash otherwise: its memo then only misses).
static BODY_HASHERS: [ahash::RandomState; 2] = [
    ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    ),
    ahash::RandomState::with_seeds(
        0x4528_21e6_38d0_1377,
        0xbe54_66cf_34e9_0c6c,
        0xc0ac_29b7_c97c_50dd,
        0x3f84_d5b5_b547_0917,
    ),
];

/// A body image as saved: its byte range, destination, alt text, and whether it is raw HTML.
type StoredImage = (usize, usize, String, Option<String>, bool);

/// The key of a body in the memo: 128 bits of two independently seeded aHash passes, cheaper
/// than BLAKE3 on bodies of a few kilobytes (every body with images is keyed on every build).
/// A cache key only: two bodies colliding in all 128 bits is not a concern.
fn body_key(body: &str) -> BodyKey {
    (
        BODY_HASHERS[0].hash_one(body),
        BODY_HASHERS[1].hash_one(body),
    )
}

fn stored(i: &BodyImage) -> StoredImage {
    (
        i.range.start,
        i.range.end,
        i.dest.clone(),
        i.alt.clone(),
        i.html,
    )
}

fn unstored((start, end, dest, alt, html): StoredImage) -> BodyImage {
    BodyImage {
        range: start..end,
        dest,
        alt,
        html,
    }
}

/// A source file and the wishes for it (variants, preview).
type Wish = (PathBuf, bool, bool);

/// Content keys and cache entries remembered between image stages: within one process
/// (`serve`), and between builds through `.guong-cache/photos.json` ([`Memo::load`],
/// [`Memo::save`]). An unchanged photo is neither read nor hashed again, and an entry's
/// `meta.json` is read once.
#[derive(Default)]
pub struct Memo {
    keys: Mutex<HashMap<Wish, (Stamp, String)>>,
    entries: Mutex<HashMap<String, Entry>>,
    kept: Mutex<Option<HashSet<String>>>,
    /// The images of article bodies by body hash, and the bodies asked for since the last
    /// [`Memo::forget_other_bodies`].
    bodies: Mutex<HashMap<BodyKey, Vec<BodyImage>>>,
    bodies_seen: Mutex<HashSet<BodyKey>>,
    hashed: AtomicUsize,
    /// How many bodies were parsed for their images.
    parsed: AtomicUsize,
    /// Whether keys or entries changed since the memo was loaded.
    changed: std::sync::atomic::AtomicBool,
    /// Added to the clock when deciding whether a photo's stamp has settled (tests).
    #[cfg(test)]
    later: Duration,
}

impl Memo {
    /// The memo saved by the last build of the site at `root`; empty when there is none or it
    /// does not parse.
    pub fn load(root: &Path) -> Memo {
        let file = root.join(".guong-cache").join(MEMO_FILE);
        let saved: Saved = std::fs::symlink_metadata(&file)
            .is_ok_and(|m| m.is_file())
            .then(|| std::fs::read(&file).ok())
            .flatten()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Memo {
            keys: Mutex::new(
                saved
                    .keys
                    .into_iter()
                    .map(|(w, s, k)| (w, (s, k)))
                    .collect(),
            ),
            entries: Mutex::new(
                saved
                    .entries
                    .into_iter()
                    .map(|(k, e)| (k, unstored_entry(e)))
                    .collect(),
            ),
            bodies: Mutex::new(
                saved
                    .bodies
                    .into_iter()
                    .map(|(k, v)| (k, v.into_iter().map(unstored).collect()))
                    .collect(),
            ),
            ..Memo::default()
        }
    }

    /// Saves the memo into the site's `.guong-cache/` if it changed and that folder is a real
    /// one (never through a symlink, through a temporary file). A cache: failing to save only
    /// means the next build reads the photos again.
    pub fn save(&self, root: &Path) {
        let dir = root.join(".guong-cache");
        if !self.changed.load(Ordering::Relaxed)
            || !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())
        {
            return;
        }
        let mut entries: Vec<(String, StoredEntry)> = self
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(k, e)| (k.clone(), stored_entry(e)))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        // Keys of photos no longer used (their entries were let go) are not kept.
        let mut keys: Vec<(Wish, Stamp, String)> = self
            .keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|(_, (_, k))| entries.binary_search_by(|(e, _)| e.cmp(k)).is_ok())
            .map(|(w, (s, k))| (w.clone(), *s, k.clone()))
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let mut bodies: Vec<(BodyKey, Vec<StoredImage>)> = self
            .bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(k, v)| (*k, v.iter().map(stored).collect()))
            .collect();
        bodies.sort_by_key(|b| b.0);
        let saved = Saved {
            keys,
            entries,
            bodies,
        };
        let Ok(data) = serde_json::to_vec(&saved) else {
            return;
        };
        let tmp = dir.join(format!(".{MEMO_FILE}.{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut f| io::Write::write_all(&mut f, &data))
            .and_then(|()| std::fs::rename(&tmp, dir.join(MEMO_FILE)));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    fn now(&self) -> SystemTime {
        #[cfg(test)]
        return SystemTime::now() + self.later;
        #[cfg(not(test))]
        SystemTime::now()
    }

    /// The cache key of `src` with these wishes (see [`Cache::key`]), and its bytes when they
    /// had to be read. A file whose stamp is unchanged since it was last hashed is not read.
    pub fn key(
        &self,
        src: &Path,
        variants: bool,
        og: bool,
    ) -> io::Result<(String, Option<Vec<u8>>)> {
        let meta = std::fs::metadata(src).ok();
        let stamp = meta.as_ref().and_then(Stamp::of);
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
        // Taken before the read: a change during it leaves a stamp that no longer matches.
        let settled = meta.as_ref().and_then(|m| Stamp::settled(m, self.now()));
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        match settled {
            Some(stamp) => keys.insert(id, (stamp, key.clone())),
            None => keys.remove(&id),
        };
        self.changed.store(true, Ordering::Relaxed);
        Ok((key, Some(bytes)))
    }

    /// The entry `key` of `cache`: remembered, or read from its `meta.json` and remembered.
    /// A remembered entry whose folder is not in `present` (the cache's entries as listed at
    /// the start of the stage, [`Cache::present`]: it was deleted) is forgotten.
    pub fn entry(&self, cache: &Cache, key: &str, present: &HashSet<String>) -> Option<Entry> {
        let known = self
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned();
        if let Some(entry) = known {
            if present.contains(key) {
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
        self.changed.store(true, Ordering::Relaxed);
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
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let before = entries.len();
        entries.retain(|k, _| keep.contains(k));
        if entries.len() != before {
            self.changed.store(true, Ordering::Relaxed);
        }
        *kept = Some(keep.clone());
        true
    }

    /// The images of an article body, as [`body_images`] reads them: remembered by the body's
    /// hash, so that a body read by an earlier build is not parsed again.
    pub fn body_images(&self, body: &str) -> Vec<BodyImage> {
        if !may_have_images(body) {
            return Vec::new();
        }
        let key = body_key(body);
        self.bodies_seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key);
        if let Some(found) = self
            .bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return found.clone();
        }
        let found = body_images(body);
        self.parsed.fetch_add(1, Ordering::Relaxed);
        self.changed.store(true, Ordering::Relaxed);
        self.bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, found.clone());
        found
    }

    /// Forgets the images of the bodies not asked for since the last call (edited or removed
    /// articles), so that neither the memo nor `serve`'s memory grows with every edit.
    pub fn forget_other_bodies(&self) {
        let seen = std::mem::take(&mut *self.bodies_seen.lock().unwrap_or_else(|e| e.into_inner()));
        let mut bodies = self.bodies.lock().unwrap_or_else(|e| e.into_inner());
        let before = bodies.len();
        bodies.retain(|k, _| seen.contains(k));
        if bodies.len() != before {
            self.changed.store(true, Ordering::Relaxed);
        }
    }

    /// How many bodies were parsed for their images so far.
    pub fn parsed(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
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

    /// `memo`, deciding as if the photos had been written long enough ago to have settled.
    fn settled_memo(memo: Memo) -> Memo {
        Memo {
            later: crate::load::stamp::RACY + Duration::from_secs(1),
            ..memo
        }
    }

    #[test]
    fn what_a_build_learned_of_its_photos_is_kept_for_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".guong-cache")).unwrap();
        let (photo, gone) = (root.join("a.png"), root.join("b.png"));
        write_at(&photo, b"photo", 3600);
        write_at(&gone, b"gone", 3600);
        let entry = |w| Entry {
            width: w,
            height: 1,
            full: "full.png".into(),
            variants: Vec::new(),
            og: None,
            alpha: false,
        };
        let memo = settled_memo(Memo::default());
        let (key, _) = memo.key(&photo, true, false).unwrap();
        let (old, _) = memo.key(&gone, true, false).unwrap();
        memo.remember(&key, &entry(7));
        memo.remember(&old, &entry(8));
        assert!(memo.kept_changed(&HashSet::from([key.clone()])));
        memo.save(root);

        let next = settled_memo(Memo::load(root));
        assert_eq!(next.key(&photo, true, false).unwrap(), (key.clone(), None));
        assert_eq!(next.hashed(), 0, "the photo is not read again");
        assert_eq!(next.entries.lock().unwrap()[&key].width, 7);
        assert!(!next.entries.lock().unwrap().contains_key(&old));
        next.key(&gone, true, false).unwrap();
        assert_eq!(next.hashed(), 1, "a photo no longer used was forgotten");

        // A photo changed since: read again, whatever its times say.
        std::thread::sleep(Duration::from_millis(20));
        write_at(&photo, b"other", 3600);
        let third = settled_memo(Memo::load(root));
        let (changed, read) = third.key(&photo, true, false).unwrap();
        assert!(read.is_some());
        assert_ne!(changed, key);
        // A damaged file is an empty memo.
        std::fs::write(root.join(".guong-cache").join(MEMO_FILE), "{").unwrap();
        assert!(Memo::load(root).keys.lock().unwrap().is_empty());
    }

    #[test]
    fn the_cache_is_pruned_only_when_its_listing_holds_something_stale() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let entry = Entry {
            width: 1,
            height: 1,
            full: "full.png".into(),
            variants: Vec::new(),
            og: None,
            alpha: false,
        };
        let (a, b) = (Cache::key(b"a", true, false), Cache::key(b"b", true, false));
        for k in [&a, &b] {
            cache
                .put(k, &entry, &[("full.png".into(), b"x".to_vec())])
                .unwrap();
        }
        let both = HashSet::from([a.clone(), b.clone()]);
        let listing = cache.listing();
        assert_eq!(listing.entries, both);
        assert!(!listing.leftovers);
        assert!(!listing.stale(&both), "every entry used: nothing to prune");
        // An entry made after the listing is kept, not stale.
        let c = Cache::key(b"c", true, false);
        assert!(!listing.stale(&HashSet::from([a.clone(), b.clone(), c])));
        // An entry no longer used is stale.
        assert!(listing.stale(&HashSet::from([a.clone()])));
        // So is the leftover of an interrupted build, even when every entry is used.
        std::fs::create_dir(cache.path(&format!("{a}.tmp-1-0"))).unwrap();
        std::fs::create_dir(cache.path("not-ours")).unwrap();
        let listing = cache.listing();
        assert!(listing.leftovers);
        assert!(listing.stale(&both));
        assert_eq!(cache.prune(&both), 1);
        assert!(!cache.listing().stale(&both));
        assert!(cache.path("not-ours").exists());
    }

    #[test]
    fn saved_entries_come_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".guong-cache")).unwrap();
        let entry = Entry {
            width: 1600,
            height: 1200,
            full: "full.jpg".into(),
            variants: vec![
                VariantFile {
                    width: 360,
                    height: 270,
                    webp: "360.webp".into(),
                    fallback: "360.jpg".into(),
                },
                VariantFile {
                    width: 1200,
                    height: 900,
                    webp: "1200.webp".into(),
                    fallback: "1200.png".into(),
                },
            ],
            og: Some("og.jpg".into()),
            alpha: true,
        };
        let memo = Memo::default();
        memo.remember("k1", &entry);
        memo.remember(
            "k2",
            &Entry {
                og: None,
                variants: Vec::new(),
                ..entry.clone()
            },
        );
        memo.save(root);
        let back = Memo::load(root);
        let json = |e: &Entry| serde_json::to_string(e).unwrap();
        let entries = back.entries.lock().unwrap();
        assert_eq!(json(&entries["k1"]), json(&entry));
        assert_eq!(
            json(&entries["k2"]),
            json(&Entry {
                og: None,
                variants: Vec::new(),
                ..entry
            })
        );
    }

    #[test]
    fn body_images_are_remembered_by_the_body_and_kept_for_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".guong-cache")).unwrap();
        let a = "Bà Lan đứng lớp.\n\n![Bà Lan](anh-1.png \"Lớp học\")\n\n<p><IMG src=\"anh 2.png\"></p>\n";
        let b = "Chỉ có chữ, [một liên kết](x.md) và <b>chữ đậm</b>.\n";
        let c = "![Ảnh khác](anh-3.jpg)\n";
        let memo = Memo::default();
        assert_eq!(memo.body_images(a), body_images(a));
        assert_eq!(memo.body_images(a).len(), 2);
        assert!(memo.body_images(b).is_empty());
        assert_eq!(memo.body_images(c), body_images(c));
        assert_eq!(
            memo.parsed(),
            2,
            "each body with images parsed once, the other not at all"
        );
        memo.forget_other_bodies();
        memo.save(root);

        // The next build parses none of them.
        let next = Memo::load(root);
        assert_eq!(next.body_images(a), body_images(a));
        assert_eq!(next.body_images(c), body_images(c));
        assert_eq!(next.parsed(), 0);
        // An edited body is parsed again; a body no longer asked for is forgotten.
        let edited = a.replace("anh-1.png", "anh-9.png");
        assert_eq!(next.body_images(&edited)[0].dest, "anh-9.png");
        assert_eq!(next.parsed(), 1);
        next.forget_other_bodies();
        next.body_images(a);
        next.body_images(c);
        assert_eq!(next.parsed(), 1, "both were asked for in the last round");
        next.forget_other_bodies();
        next.body_images(&edited);
        assert_eq!(
            next.parsed(),
            2,
            "the edited body was not asked for, so it was forgotten"
        );
    }

    #[test]
    fn unchanged_photos_are_not_hashed_again() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("a.png");
        write_at(&photo, b"first bytes", 3600);
        let memo = settled_memo(Memo::default());
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
