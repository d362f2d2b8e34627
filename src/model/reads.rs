//! What each planned page is made of: its template, how many articles each of its lists shows,
//! and a key of what it reads. Render takes the sizes and templates from here, and `serve`
//! hashes the [`Reads`] to know which pages to render again, so neither mirrors the other.

use crate::model::Site;
use crate::model::paths::PageKind;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Articles of each column on the home page.
pub const HOME_COLUMN_ARTICLES: usize = 4;
/// Related articles (same column) under an article.
pub const RELATED_ARTICLES: usize = 4;
/// Articles of each quarter on a year page.
pub const YEAR_QUARTER_ARTICLES: usize = 5;
/// Entries in a feed.
pub const FEED_ENTRIES: usize = 20;

/// Every page template, in plan order of their page kinds.
pub const PAGE_TEMPLATES: [&str; 13] = [
    "index.html",
    "article.html",
    "column.html",
    "archive.html",
    "year.html",
    "quarter.html",
    "units.html",
    "unit.html",
    "tags.html",
    "tag.html",
    "search.html",
    "404.html",
    "report.html",
];

impl PageKind {
    /// The template the page is rendered with (`None` for files made without templates).
    pub fn template(self) -> Option<&'static str> {
        let i = match self {
            PageKind::Home => 0,
            PageKind::Article(_) => 1,
            PageKind::Field(..) => 2,
            PageKind::Archive => 3,
            PageKind::Year(_) => 4,
            PageKind::Quarter(..) => 5,
            PageKind::Units => 6,
            PageKind::Unit(..) => 7,
            PageKind::Tags => 8,
            PageKind::Tag(..) => 9,
            PageKind::Search => 10,
            PageKind::NotFound => 11,
            PageKind::Report(_) => 12,
            PageKind::SiteFeed
            | PageKind::FieldFeed(_)
            | PageKind::Sitemap
            | PageKind::Robots
            | PageKind::SyntaxCss
            | PageKind::SearchData(_) => return None,
        };
        Some(PAGE_TEMPLATES[i])
    }
}

/// What a page reads of the site besides the templates and the `site` variable: a page whose
/// reads are unchanged renders to the same bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reads {
    /// Articles of which the page shows the card (title, date, summary, links).
    pub cards: Vec<usize>,
    /// Articles the page shows whole (card, source and rendered body).
    pub whole: Vec<usize>,
    /// A hash of everything else it shows: counts, names, page numbers, quarters.
    pub facts: u64,
    /// The page shows every article whole (sitemap, search data, report).
    pub everything: bool,
}

/// The `per`-sized page `p` (1-based) of `items`.
pub fn page_slice(items: &[usize], per: usize, p: usize) -> &[usize] {
    let per = per.max(1);
    let start = (p.saturating_sub(1) * per).min(items.len());
    let end = (start + per).min(items.len());
    &items[start..end]
}

/// The first `n` of `items`.
pub fn first(items: &[usize], n: usize) -> &[usize] {
    &items[..items.len().min(n)]
}

/// The articles of article `i`'s column around it: (newer, older) neighbours and the
/// [`RELATED_ARTICLES`] others.
pub fn around(site: &Site, i: usize) -> (Option<usize>, Option<usize>, Vec<usize>) {
    let field = &site.by_field[site.articles[i].fm.field];
    // `by_field` lists article indices in increasing order: a binary search, not a scan.
    let k = field.binary_search(&i).unwrap_or(0);
    let newer = k.checked_sub(1).and_then(|j| field.get(j)).copied();
    let older = field.get(k + 1).copied();
    let related = field
        .iter()
        .copied()
        .filter(|&x| x != i)
        .take(RELATED_ARTICLES)
        .collect();
    (newer, older, related)
}

/// What a page of `kind` reads.
pub fn reads(site: &Site, kind: PageKind) -> Reads {
    let mut h = DefaultHasher::new();
    let mut r = Reads::default();
    let per = site.config.paginate.max(1);
    let list = |r: &mut Reads, h: &mut DefaultHasher, items: &[usize], p: usize| {
        (items.len(), p).hash(h);
        r.cards.extend_from_slice(page_slice(items, per, p));
    };
    match kind {
        PageKind::Home => {
            r.cards.extend(0..per.min(site.articles.len()));
            for items in &site.by_field {
                items.len().hash(&mut h);
                r.cards
                    .extend_from_slice(first(items, HOME_COLUMN_ARTICLES));
            }
        }
        PageKind::Article(i) => {
            r.whole.push(i);
            let (newer, older, related) = around(site, i);
            (newer.is_some(), older.is_some()).hash(&mut h);
            r.cards.extend(newer.into_iter().chain(older));
            r.cards.extend(related);
        }
        PageKind::Field(fi, p) => list(&mut r, &mut h, &site.by_field[fi], p),
        PageKind::Quarter(qi, p) => {
            site.quarters[qi].0.id().hash(&mut h);
            list(&mut r, &mut h, &site.quarters[qi].1, p);
        }
        PageKind::Unit(ui, p) => list(&mut r, &mut h, &site.by_unit[ui], p),
        PageKind::Tag(ti, p) => {
            let t = &site.tags[ti];
            (&t.name, &t.slug).hash(&mut h);
            list(&mut r, &mut h, &t.articles, p);
        }
        PageKind::Archive | PageKind::Year(_) => {
            for (q, items) in &site.quarters {
                (q.id(), items.len()).hash(&mut h);
                r.cards
                    .extend_from_slice(first(items, YEAR_QUARTER_ARTICLES));
            }
        }
        PageKind::Units => site.by_unit.iter().for_each(|u| u.len().hash(&mut h)),
        PageKind::Tags => {
            for t in &site.tags {
                (&t.name, &t.slug, t.articles.len()).hash(&mut h);
            }
        }
        PageKind::SiteFeed => r.whole.extend(0..FEED_ENTRIES.min(site.articles.len())),
        PageKind::FieldFeed(fi) => r
            .whole
            .extend_from_slice(first(&site.by_field[fi], FEED_ENTRIES)),
        PageKind::Sitemap | PageKind::SearchData(_) | PageKind::Report(_) => {
            r.everything = true;
            site.articles.len().hash(&mut h);
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
    r.facts = h.finish();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_pages_and_firsts() {
        let items: Vec<usize> = (0..7).collect();
        assert_eq!(page_slice(&items, 3, 1), &[0, 1, 2]);
        assert_eq!(page_slice(&items, 3, 3), &[6]);
        assert_eq!(page_slice(&items, 3, 4), &[] as &[usize]);
        assert_eq!(first(&items, 4), &[0, 1, 2, 3]);
        assert_eq!(first(&items[..2], 4), &[0, 1]);
    }

    #[test]
    fn every_page_template_belongs_to_one_kind() {
        let kinds = [
            PageKind::Home,
            PageKind::Article(0),
            PageKind::Field(0, 1),
            PageKind::Archive,
            PageKind::Year(2024),
            PageKind::Quarter(0, 1),
            PageKind::Units,
            PageKind::Unit(0, 1),
            PageKind::Tags,
            PageKind::Tag(0, 1),
            PageKind::Search,
            PageKind::NotFound,
            PageKind::Report(2024),
        ];
        let names: Vec<&str> = kinds.iter().filter_map(|k| k.template()).collect();
        assert_eq!(names, PAGE_TEMPLATES);
        assert_eq!(PageKind::Sitemap.template(), None);
    }
}
