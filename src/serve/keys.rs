//! What each generated page shows, as a hash: a page whose key is unchanged since the last
//! build is not rendered again. A key covers the page's own articles (their cards, bodies
//! and sources), the list around them (counts, neighbours) and the site-wide inputs (the
//! `site` variable of the templates and the template generation).

use crate::model::Site;
use crate::model::paths::{Page, PageKind};
use crate::render::feeds::FEED_ENTRIES;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Hashes of one article's inputs, in `Site::articles` order.
#[derive(Debug, Clone, Copy, Hash)]
pub struct ArticleHashes {
    /// What lists show of it (its card).
    pub card: u64,
    /// Its source file (front matter and Markdown).
    pub source: u64,
    /// Its rendered body.
    pub body: u64,
}

/// A hash of any value.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The key of `page`; `global` covers what every page shows.
pub fn page_key(site: &Site, page: &Page, global: u64, art: &[ArticleHashes]) -> u64 {
    let mut h = DefaultHasher::new();
    global.hash(&mut h);
    page.file.hash(&mut h);
    let per = site.config.paginate.max(1);
    let cards = |h: &mut DefaultHasher, items: &[usize]| {
        items.len().hash(h);
        for &i in items {
            art[i].card.hash(h);
        }
    };
    let list = |h: &mut DefaultHasher, items: &[usize], p: usize| {
        items.len().hash(h);
        p.hash(h);
        let start = ((p - 1) * per).min(items.len());
        let end = (start + per).min(items.len());
        cards(h, &items[start..end]);
    };
    match page.kind {
        PageKind::Home => {
            cards(
                &mut h,
                &(0..per.min(site.articles.len())).collect::<Vec<_>>(),
            );
            for items in &site.by_field {
                cards(&mut h, &items[..items.len().min(4)]);
            }
        }
        PageKind::Article(i) => {
            art[i].hash(&mut h);
            let column = &site.by_field[site.articles[i].fm.field];
            let k = column.iter().position(|&x| x == i).unwrap_or(0);
            let around: Vec<usize> = [k.checked_sub(1), Some(k + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| column.get(j).copied())
                .collect();
            cards(&mut h, &around);
            (k == 0).hash(&mut h);
            let related: Vec<usize> = column.iter().copied().filter(|&x| x != i).take(4).collect();
            cards(&mut h, &related);
        }
        PageKind::Column(fi, p) => list(&mut h, &site.by_field[fi], p),
        PageKind::Quarter(qi, p) => {
            site.quarters[qi].0.id().hash(&mut h);
            list(&mut h, &site.quarters[qi].1, p);
        }
        PageKind::Unit(ui, p) => list(&mut h, &site.by_unit[ui], p),
        PageKind::Tag(ti, p) => {
            let t = &site.tags[ti];
            (&t.name, &t.slug).hash(&mut h);
            list(&mut h, &t.articles, p);
        }
        PageKind::Archive | PageKind::Year(_) => {
            for (q, items) in &site.quarters {
                q.id().hash(&mut h);
                cards(&mut h, &items[..items.len().min(5)]);
                items.len().hash(&mut h);
            }
        }
        PageKind::Units => site
            .by_unit
            .iter()
            .map(Vec::len)
            .for_each(|n| n.hash(&mut h)),
        PageKind::Tags => {
            for t in &site.tags {
                (&t.name, &t.slug, t.articles.len()).hash(&mut h);
            }
        }
        PageKind::SiteFeed => {
            for a in art.iter().take(FEED_ENTRIES) {
                a.hash(&mut h);
            }
        }
        PageKind::ColumnFeed(fi) => {
            for &i in site.by_field[fi].iter().take(FEED_ENTRIES) {
                art[i].hash(&mut h);
            }
        }
        PageKind::Sitemap | PageKind::SearchData | PageKind::Report(_) => {
            site.articles.len().hash(&mut h);
            art.hash(&mut h);
            for (q, items) in &site.quarters {
                (q.id(), items.len()).hash(&mut h);
            }
            for t in &site.tags {
                (&t.slug, t.articles.len()).hash(&mut h);
            }
            for items in site.by_field.iter().chain(&site.by_unit) {
                items.len().hash(&mut h);
            }
        }
        PageKind::Search | PageKind::NotFound | PageKind::Robots | PageKind::SyntaxCss => {}
    }
    h.finish()
}
