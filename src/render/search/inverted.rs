//! The inverted index: folded word → exact spellings → the articles holding each spelling, with
//! the fields it occurs in; split into shards by word prefix so that a query loads only the
//! shards of its own words.

use super::tokens::{token, words};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Field bits of a posting. `search.js` weighs them (title highest, body lowest).
pub mod field {
    /// The title.
    pub const TITLE: u8 = 1;
    /// The exemplar's name.
    pub const EXEMPLAR: u8 = 2;
    /// The summary.
    pub const SUMMARY: u8 = 4;
    /// A tag.
    pub const TAGS: u8 = 8;
    /// The unit's or the column's name.
    pub const PLACE: u8 = 16;
    /// The body text.
    pub const BODY: u8 = 32;
}

/// A posting is written as one number: `delta * MASK_SPAN + fields`, where `delta` is the
/// article number minus the previous posting's (the first counts from 0).
pub const MASK_SPAN: u64 = 64;

/// A shard holds words until its JSON passes this many bytes; a bigger one is split by one more
/// character of prefix (a single word is never split).
pub const SHARD_BYTES: usize = 40_000;

/// A word, shared between the articles that contain it.
pub type Word = Arc<str>;

/// A hash map keyed by words, with [`WordHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Words of one article: (folded, exact) → field bits; an exact spelling equal to its folded
/// form is `""`.
pub type DocWords = FastMap<(Word, Word), u8>;

/// Spelling → its folded and exact forms (`None` when it folds to nothing).
type TokenCache = FastMap<Box<str>, Option<(Word, Word)>>;

thread_local! {
    /// Each spelling met by this thread, folded and lowercased once for the whole site.
    static TOKENS: RefCell<TokenCache> = RefCell::new(TokenCache::default());
}

/// Collects the words of one article's fields.
pub fn doc_words(fields: &[(u8, &str)]) -> DocWords {
    // A word repeats many times in a body: look each spelling up once.
    // About one distinct spelling per 24 bytes of text: sized once, not grown step by step.
    let bytes: usize = fields.iter().map(|(_, t)| t.len()).sum();
    let mut raw: FastMap<&str, u8> =
        FastMap::with_capacity_and_hasher(bytes / 24, Default::default());
    for &(bit, text) in fields {
        for w in words(text) {
            *raw.entry(w).or_default() |= bit;
        }
    }
    let mut out = DocWords::with_capacity_and_hasher(raw.len(), Default::default());
    TOKENS.with(|cache| {
        let mut cache = cache.borrow_mut();
        for (w, bits) in raw {
            // Looked up by reference first: most spellings were met before, and making the
            // owned key of `entry` costs an allocation each time.
            if !cache.contains_key(w) {
                let t = token(w).map(|t| {
                    let exact: Word = if t.exact == t.folded {
                        "".into()
                    } else {
                        t.exact.into()
                    };
                    (t.folded.into(), exact)
                });
                cache.insert(w.into(), t);
            }
            if let Some(Some((folded, exact))) = cache.get(w) {
                *out.entry((folded.clone(), exact.clone())).or_default() |= bits;
            }
        }
    });
    out
}

/// FNV-1a: a fast hash for short words (no protection against chosen collisions is needed for
/// the site's own text).
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Folded word → exact spelling → postings (article number, field bits), article numbers
/// increasing.
#[derive(Default)]
pub struct Inverted {
    terms: FastMap<Word, FastMap<Word, Vec<(u32, u8)>>>,
}

/// A shard file: the prefix its words share and its JSON text.
pub struct Shard {
    /// The folded prefix (`th`, `thu`).
    pub prefix: String,
    /// `{"folded":{"exact":[postings…]}}`; an exact spelling equal to the folded word is `""`.
    pub json: String,
}

impl Inverted {
    /// Adds article `doc`'s words; articles must be added in increasing order.
    pub fn add(&mut self, doc: u32, words: DocWords) {
        for ((folded, exact), bits) in words {
            self.terms
                .entry(folded)
                .or_default()
                .entry(exact)
                .or_default()
                .push((doc, bits));
        }
    }

    /// Splits the index into shards, in prefix order.
    pub fn shards(&self) -> Vec<Shard> {
        let mut terms: Vec<_> = self.terms.iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let entries: Vec<(&str, String)> = terms
            .par_iter()
            .map(|(term, spellings)| (&***term, entry_json(term, spellings)))
            .collect();
        let mut out = Vec::new();
        for group in group_by_prefix(&entries, 1) {
            split(group, 1, &mut out);
        }
        out
    }
}

/// `"term":{"spelling":[…]}`.
fn entry_json(term: &str, spellings: &FastMap<Word, Vec<(u32, u8)>>) -> String {
    let encoded: BTreeMap<&str, Vec<u64>> = spellings
        .iter()
        .map(|(exact, postings)| {
            let mut prev = 0u32;
            let nums = postings
                .iter()
                .map(|&(doc, bits)| {
                    let delta = u64::from(doc - prev);
                    prev = doc;
                    delta * MASK_SPAN + u64::from(bits)
                })
                .collect();
            (&**exact, nums)
        })
        .collect();
    format!(
        "{}:{}",
        serde_json::Value::from(term),
        serde_json::to_string(&encoded).unwrap_or_default()
    )
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Runs of sorted entries sharing their first `n` characters.
fn group_by_prefix<'e, 's>(
    entries: &'e [(&'s str, String)],
    n: usize,
) -> Vec<&'e [(&'s str, String)]> {
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 1..=entries.len() {
        if i == entries.len() || prefix(entries[i].0, n) != prefix(entries[start].0, n) {
            groups.push(&entries[start..i]);
            start = i;
        }
    }
    groups
}

/// Emits `group` (entries sharing `n` characters) as one shard, or splits it deeper.
fn split(group: &[(&str, String)], n: usize, out: &mut Vec<Shard>) {
    let head = prefix(group[0].0, n).to_string();
    let size: usize = group.iter().map(|(_, e)| e.len() + 1).sum();
    if size <= SHARD_BYTES || group.len() == 1 {
        out.push(shard(head, group));
        return;
    }
    // The word equal to the prefix itself (sorted first) stays in the prefix's own shard.
    let (own, longer) = if group[0].0 == head {
        group.split_at(1)
    } else {
        group.split_at(0)
    };
    if !own.is_empty() {
        out.push(shard(head, own));
    }
    for sub in group_by_prefix(longer, n + 1) {
        split(sub, n + 1, out);
    }
}

fn shard(prefix: String, entries: &[(&str, String)]) -> Shard {
    let body: Vec<&str> = entries.iter().map(|(_, e)| e.as_str()).collect();
    Shard {
        prefix,
        json: format!("{{{}}}", body.join(",")),
    }
}

/// A file name for a prefix: `a`–`z` and `0`–`9` as they are, any other character as `_` and
/// its code point in hex.
pub fn file_name(prefix: &str) -> String {
    let mut name = String::new();
    for c in prefix.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}", u32::from(c)));
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_delta_encoded_with_field_bits() {
        let mut inv = Inverted::default();
        inv.add(0, doc_words(&[(field::TITLE, "Đường làng")]));
        inv.add(3, doc_words(&[(field::BODY, "đường duong")]));
        let shards = inv.shards();
        let d = shards.iter().find(|s| s.prefix == "d").expect("shard d");
        assert_eq!(d.json, r#"{"duong":{"":[224],"đường":[1,224]}}"#);
    }

    #[test]
    fn big_groups_split_by_longer_prefix() {
        let mut inv = Inverted::default();
        let text: Vec<String> = (0..4000).map(|i| format!("th{i} t")).collect();
        for doc in 0..3 {
            inv.add(doc, doc_words(&[(field::BODY, &text.join(" "))]));
        }
        let shards = inv.shards();
        assert!(shards.len() > 2);
        assert!(
            shards
                .iter()
                .any(|s| s.prefix == "t" && s.json.starts_with("{\"t\":"))
        );
        for s in &shards {
            assert!(
                s.json.len() <= SHARD_BYTES + 200,
                "{} {}",
                s.prefix,
                s.json.len()
            );
        }
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("th"), "th");
        assert_eq!(file_name("ß"), "_df");
    }
}
