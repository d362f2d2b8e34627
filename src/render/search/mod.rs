//! The search data written for `/tim-kiem/` (design and sizes in `docs/search.md`):
//!
//! - `tim-kiem/index.json` — small, loaded first: the filter lists (columns, units, quarters,
//!   kinds), each article's filter values, and the shard table;
//! - `tim-kiem/t/<prefix>.json` — shards of the inverted index of folded words, loaded for the
//!   words of a query;
//! - `tim-kiem/d/<n>.json` — what a result shows (title, summary, date, URL) for articles
//!   `n * CHUNK ..`, loaded for the results on screen.
//!
//! Everything is sorted and free of timestamps, so the same site gives the same bytes.

mod inverted;
mod tokens;

use crate::model::Site;
use crate::render::markdown::Body;
use crate::text::dates;
use crate::validate::kind::Kind;
use inverted::{Inverted, doc_words, field};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The search metadata file, relative to the output root; the other files sit beside it.
pub const INDEX_FILE: &str = "tim-kiem/index.json";

/// Articles per `d/<n>.json` file.
pub const CHUNK: usize = 25;

/// Format version of the files, bumped on any incompatible change.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Named {
    id: String,
    name: String,
}

/// Each article's filter values, as indices into the lists of [`Meta`].
#[derive(Serialize, Default)]
struct Facets {
    field: Vec<usize>,
    unit: Vec<usize>,
    quarter: Vec<usize>,
    kind: Vec<usize>,
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    count: usize,
    chunk: usize,
    /// Columns in menu order.
    fields: Vec<Named>,
    /// Units in Vietnamese alphabetical order.
    units: Vec<Named>,
    /// Quarters with articles, newest first (`name` is the label, `Quý III/2020`).
    quarters: Vec<Named>,
    kinds: Vec<Named>,
    facets: Facets,
    /// Folded word prefix → shard file, relative to this file.
    shards: BTreeMap<String, String>,
}

/// What a result shows: title, exemplar, summary, site path, date shown, ISO date.
type DocEntry<'a> = (&'a str, &'a str, &'a str, &'a str, String, String);

/// Every search file: path relative to the output root, and contents. `bodies` are in
/// `site.articles` order.
pub fn files(site: &Site, bodies: &[Body]) -> Vec<(String, String)> {
    files_of(site, |i| {
        bodies.get(i).map_or("", |b| b.text.as_str()).into()
    })
}

/// Every search file, with `text(i)` the plain text of article `i`'s body (`serve` keeps the
/// texts apart from the bodies).
pub fn files_of<'t>(
    site: &Site,
    text: impl Fn(usize) -> std::borrow::Cow<'t, str> + Sync,
) -> Vec<(String, String)> {
    let dir = INDEX_FILE.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = Vec::new();
    let shards = index_shards(site, text);
    let mut table = BTreeMap::new();
    for s in shards {
        let rel = format!("t/{}.json", inverted::file_name(&s.prefix));
        out.push((format!("{dir}/{rel}"), s.json));
        table.insert(s.prefix, rel);
    }
    for (n, chunk) in site.articles.chunks(CHUNK).enumerate() {
        let docs: Vec<DocEntry> = chunk
            .iter()
            .map(|a| {
                (
                    a.fm.title.as_str(),
                    a.exemplar(),
                    a.fm.summary.as_str(),
                    a.path.as_str(),
                    dates::display_long(a.fm.date.date_naive()),
                    dates::iso(&a.fm.date),
                )
            })
            .collect();
        let json = serde_json::to_string(&docs).unwrap_or_default();
        out.push((format!("{dir}/d/{n}.json"), json));
    }
    let meta = meta(site, table);
    out.push((
        INDEX_FILE.to_string(),
        serde_json::to_string(&meta).unwrap_or_default(),
    ));
    out
}

/// The inverted index of every article's searchable fields, split into shards.
fn index_shards<'t>(
    site: &Site,
    text: impl Fn(usize) -> std::borrow::Cow<'t, str> + Sync,
) -> Vec<inverted::Shard> {
    let c = &site.config;
    let words_of = |i: usize| {
        let a = &site.articles[i];
        let tags: Vec<&str> = a.tags.iter().map(|&t| site.tags[t].name.as_str()).collect();
        let tags = tags.join(" ");
        let body = text(i);
        doc_words(&[
            (field::TITLE, &a.fm.title),
            (field::EXEMPLAR, a.exemplar()),
            (field::SUMMARY, &a.fm.summary),
            (field::TAGS, &tags),
            (field::PLACE, &c.units[a.fm.unit].name),
            (field::PLACE, &c.fields[a.fm.field].name),
            (field::BODY, &body),
        ])
    };
    // Words are collected in parallel a batch at a time, so that only one batch of them is
    // held in memory before it joins the index.
    const BATCH: usize = 256;
    // A batch joins the index while the next one is collected.
    let mut inv = Inverted::default();
    let n = site.articles.len();
    let mut last: Option<(usize, Vec<_>)> = None;
    for start in (0..n).step_by(BATCH) {
        let (batch, ()) = rayon::join(
            || {
                (start..(start + BATCH).min(n))
                    .into_par_iter()
                    .map(words_of)
                    .collect::<Vec<_>>()
            },
            || add_batch(&mut inv, last.take()),
        );
        last = Some((start, batch));
    }
    add_batch(&mut inv, last);
    inv.shards()
}

/// Adds the words of articles `start…` to the index.
fn add_batch(inv: &mut Inverted, batch: Option<(usize, Vec<inverted::DocWords>)>) {
    for (k, w) in batch.into_iter().flat_map(|(start, b)| (start..).zip(b)) {
        inv.add(k as u32, w);
    }
}

fn meta(site: &Site, shards: BTreeMap<String, String>) -> Meta {
    let c = &site.config;
    let unit_rank: HashMap<usize, usize> = site
        .unit_order
        .iter()
        .enumerate()
        .map(|(rank, &u)| (u, rank))
        .collect();
    let quarter_rank: HashMap<dates::Quarter, usize> = site
        .quarters
        .iter()
        .enumerate()
        .map(|(rank, (q, _))| (*q, rank))
        .collect();
    let mut facets = Facets::default();
    for a in &site.articles {
        facets.field.push(a.fm.field);
        facets
            .unit
            .push(unit_rank.get(&a.fm.unit).copied().unwrap_or(0));
        facets
            .quarter
            .push(quarter_rank.get(&a.fm.quarter).copied().unwrap_or(0));
        facets
            .kind
            .push(Kind::ALL.iter().position(|&k| k == a.fm.kind).unwrap_or(0));
    }
    Meta {
        version: VERSION,
        count: site.articles.len(),
        chunk: CHUNK,
        fields: c
            .fields
            .iter()
            .map(|f| Named {
                id: f.id.clone(),
                name: f.name.clone(),
            })
            .collect(),
        units: site
            .unit_order
            .iter()
            .map(|&u| Named {
                id: c.units[u].id.clone(),
                name: c.units[u].name.clone(),
            })
            .collect(),
        quarters: site
            .quarters
            .iter()
            .map(|(q, _)| Named {
                id: q.id(),
                name: q.label(),
            })
            .collect(),
        kinds: Kind::ALL
            .iter()
            .map(|k| Named {
                id: k.id().to_string(),
                name: k.name().to_string(),
            })
            .collect(),
        facets,
        shards,
    }
}
