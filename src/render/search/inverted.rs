//! The inverted index: folded word → exact spellings → the articles holding each spelling, with
//! the fields it occurs in; split into shards by word prefix so that a query loads only the
//! shards of its own words.

use super::tokens::{token, words};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

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

/// A hash map keyed by words, with aHash (fixed seeds: nothing is iterated in hash order).
pub type FastMap<K, V> = HashMap<K, V, WordHash>;

/// aHash with fixed seeds, so that a map of it can be made in a `static`.
#[derive(Clone, Copy)]
pub struct WordHash;

impl std::hash::BuildHasher for WordHash {
    type Hasher = ahash::AHasher;

    fn build_hasher(&self) -> ahash::AHasher {
        const SEEDS: ahash::RandomState = ahash::RandomState::with_seeds(1, 2, 3, 4);
        SEEDS.build_hasher()
    }
}

impl Default for WordHash {
    fn default() -> Self {
        WordHash
    }
}

/// Words of one article: each (folded, exact) pair by its number in [`VOCAB`], with the fields
/// it occurs in.
pub struct DocWords(Vec<(u32, u8)>);

/// The number of a spelling that folds to nothing (punctuation-only words never reach here, but
/// a letter whose folding drops it entirely can).
const NONE: u32 = u32::MAX;

/// Every (folded, exact) pair met by this process, numbered in the order first met. A number
/// never changes, so each thread's [`TOKENS`] stays valid from one build to the next (`serve`);
/// the numbers never reach the output, which is sorted by the words themselves.
struct Vocab {
    ids: FastMap<(Word, Word), u32>,
    pairs: Vec<(Word, Word)>,
}

static VOCAB: RwLock<Vocab> = RwLock::new(Vocab {
    ids: HashMap::with_hasher(WordHash),
    pairs: Vec::new(),
});

thread_local! {
    /// Each spelling met by this thread → the number of its (folded, exact) pair, folded and
    /// lowercased once for the life of the process.
    static TOKENS: RefCell<FastMap<Box<str>, u32>> = RefCell::new(FastMap::default());
    /// Field bits by pair number while one article's words are collected (all zero between
    /// articles).
    static SEEN: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The number of spelling `w`'s pair, given one if it is new.
fn intern(w: &str) -> u32 {
    let Some(t) = token(w) else {
        return NONE;
    };
    let exact: Word = if t.exact == t.folded {
        "".into()
    } else {
        t.exact.into()
    };
    let key = (Word::from(t.folded), exact);
    let mut vocab = VOCAB
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&id) = vocab.ids.get(&key) {
        return id;
    }
    let id = u32::try_from(vocab.pairs.len()).unwrap_or(NONE);
    vocab.pairs.push(key.clone());
    vocab.ids.insert(key, id);
    id
}

/// Collects the words of one article's fields.
pub fn doc_words(fields: &[(u8, &str)]) -> DocWords {
    TOKENS.with(|cache| {
        SEEN.with(|seen| {
            let (mut cache, mut seen) = (cache.borrow_mut(), seen.borrow_mut());
            let mut found = Vec::new();
            for &(bit, text) in fields {
                for w in words(text) {
                    // Looked up by reference first: most spellings were met before, and making
                    // the owned key costs an allocation.
                    let id = match cache.get(w) {
                        Some(&id) => id,
                        None => {
                            let id = intern(w);
                            cache.insert(w.into(), id);
                            id
                        }
                    };
                    if id == NONE {
                        continue;
                    }
                    let i = id as usize;
                    if i >= seen.len() {
                        seen.resize(i + 1, 0);
                    }
                    if seen[i] == 0 {
                        found.push((id, 0));
                    }
                    seen[i] |= bit;
                }
            }
            for (id, bits) in &mut found {
                let i = *id as usize;
                *bits = seen[i];
                seen[i] = 0;
            }
            DocWords(found)
        })
    })
}

/// An exact spelling (`""` when equal to its folded word) and its postings.
type Spelling<'a> = (&'a str, &'a [(u32, u8)]);

/// Pair number ([`VOCAB`]) → postings (article number, field bits), article numbers
/// increasing.
#[derive(Default)]
pub struct Inverted {
    postings: Vec<Vec<(u32, u8)>>,
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
        for (id, bits) in words.0 {
            let i = id as usize;
            if i >= self.postings.len() {
                self.postings.resize_with(i + 1, Vec::new);
            }
            self.postings[i].push((doc, bits));
        }
    }

    /// Splits the index into shards, in prefix order.
    pub fn shards(&self) -> Vec<Shard> {
        let vocab = VOCAB
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Folded word → its exact spellings with their postings, sorted by folded word.
        let mut terms: BTreeMap<&str, Vec<Spelling>> = BTreeMap::new();
        for (id, postings) in self.postings.iter().enumerate() {
            if let (false, Some((folded, exact))) = (postings.is_empty(), vocab.pairs.get(id)) {
                terms
                    .entry(&**folded)
                    .or_default()
                    .push((&**exact, postings.as_slice()));
            }
        }
        let terms: Vec<_> = terms.into_iter().collect();
        let entries: Vec<(&str, String)> = terms
            .par_iter()
            .map(|(term, spellings)| (*term, entry_json(term, spellings)))
            .collect();
        let mut out = Vec::new();
        for group in group_by_prefix(&entries, 1) {
            split(group, 1, &mut out);
        }
        out
    }
}

/// `"term":{"spelling":[…]}`.
fn entry_json(term: &str, spellings: &[Spelling]) -> String {
    let encoded: BTreeMap<&str, Vec<u64>> = spellings
        .iter()
        .map(|&(exact, postings)| {
            let mut prev = 0u32;
            let nums = postings
                .iter()
                .map(|&(doc, bits)| {
                    let delta = u64::from(doc - prev);
                    prev = doc;
                    delta * MASK_SPAN + u64::from(bits)
                })
                .collect();
            (exact, nums)
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
    fn an_index_holds_only_its_own_words_whatever_was_met_before() {
        let build = |docs: &[&str]| {
            let mut inv = Inverted::default();
            for (n, text) in docs.iter().enumerate() {
                inv.add(n as u32, doc_words(&[(field::BODY, text)]));
            }
            let shards = inv.shards();
            shards
                .iter()
                .map(|s| format!("{}={}", s.prefix, s.json))
                .collect::<Vec<_>>()
        };
        let first = build(&["Quýt Đường", "đường quýt ĐƯỜNG"]);
        let other = build(&["xoài zzqvocab", "Đường"]);
        assert!(other.iter().any(|s| s.contains("zzqvocab")), "{other:?}");
        // A word met after the other index's words: this index reaches past their numbers.
        let again = build(&["Quýt Đường", "đường quýt ĐƯỜNG zzqlater"]);
        assert!(
            !again
                .iter()
                .any(|s| s.contains("zzqvocab") || s.contains("xoai")),
            "{again:?}"
        );
        assert_eq!(again[..first.len()], first[..]);
        assert!(
            first.contains(&r#"d={"duong":{"đường":[32,96]}}"#.to_string()),
            "{first:?}"
        );
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("th"), "th");
        assert_eq!(file_name("ß"), "_df");
    }
}
