//! The files `serve` holds, by path relative to the site root. The map is split into shards
//! shared between versions of the site: a rebuild that changes a few files copies the few
//! shards holding them, not the whole map (tens of thousands of entries for a big site).

use crate::write::memory::Stored;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Shards of a map: each holds about 1/256 of the files.
const SHARDS: usize = 256;

/// The files of the site, by path relative to the site root.
#[derive(Clone, Default)]
pub struct SiteFiles {
    shards: Vec<Arc<HashMap<String, Stored>>>,
    len: usize,
}

fn shard_of(file: &str) -> usize {
    let mut h = DefaultHasher::new();
    file.hash(&mut h);
    (h.finish() % SHARDS as u64) as usize
}

impl SiteFiles {
    /// An empty map.
    pub fn new() -> Self {
        SiteFiles::default()
    }

    /// The file at `file`.
    pub fn get(&self, file: &str) -> Option<&Stored> {
        self.shards.get(shard_of(file))?.get(file)
    }

    /// Whether there is a file at `file`.
    pub fn contains_key(&self, file: &str) -> bool {
        self.get(file).is_some()
    }

    /// Puts `stored` at `file`, copying its shard first when another version shares it.
    pub fn insert(&mut self, file: String, stored: Stored) -> Option<Stored> {
        if self.shards.is_empty() {
            self.shards = (0..SHARDS).map(|_| Arc::default()).collect();
        }
        let old = Arc::make_mut(&mut self.shards[shard_of(&file)]).insert(file, stored);
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    /// Every file's path, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.shards.iter().flat_map(|s| s.keys())
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no file.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl FromIterator<(String, Stored)> for SiteFiles {
    fn from_iter<I: IntoIterator<Item = (String, Stored)>>(iter: I) -> Self {
        let mut files = SiteFiles::new();
        for (file, stored) in iter {
            files.insert(file, stored);
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(b: &[u8]) -> Stored {
        Stored::Bytes(b.into())
    }

    #[test]
    fn a_changed_copy_leaves_the_original_as_it_was() {
        let mut a: SiteFiles = (0..1000)
            .map(|i| (format!("p/{i}/index.html"), bytes(b"old")))
            .collect();
        assert_eq!(a.len(), 1000);
        let mut b = a.clone();
        assert!(b.insert("p/7/index.html".into(), bytes(b"new")).is_some());
        b.insert("moi.html".into(), bytes(b"x"));
        assert_eq!((a.len(), b.len()), (1000, 1001));
        let read = |f: &SiteFiles, k: &str| f.get(k).map(|s| s.bytes().unwrap().to_vec());
        assert_eq!(read(&a, "p/7/index.html").as_deref(), Some(&b"old"[..]));
        assert_eq!(read(&b, "p/7/index.html").as_deref(), Some(&b"new"[..]));
        assert!(!a.contains_key("moi.html") && b.contains_key("moi.html"));
        // Only the shards written to were copied.
        let shared = (a.shards.iter().zip(&b.shards))
            .filter(|(x, y)| Arc::ptr_eq(x, y))
            .count();
        assert!(shared >= SHARDS - 2, "{shared}");
        a.insert("p/7/index.html".into(), bytes(b"a"));
        assert_eq!(read(&b, "p/7/index.html").as_deref(), Some(&b"new"[..]));
        let mut keys: Vec<&String> = b.keys().collect();
        keys.sort();
        assert_eq!(keys.len(), 1001);
        assert!(SiteFiles::new().is_empty() && SiteFiles::new().get("x").is_none());
    }
}
