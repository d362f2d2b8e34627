//! What each generated page shows, as a hash: a page whose key is unchanged since the last
//! build is not rendered again. A key covers the page's own articles (their cards, bodies
//! and sources), the list around them (counts, neighbours) and the site-wide inputs (the
//! `site` variable of the templates and the template generation). The columns' article counts
//! in `site.fields` change whenever an article is added or moves; they are part of a page's key
//! only when its templates may show them (see [`CountUse`]), so adding an article does not
//! render every page again.

use crate::model::Site;
use crate::model::paths::{Page, PageKind};
use crate::render::feeds::FEED_ENTRIES;
use crate::render::theme::TemplateSource;
use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// The template a page kind is rendered with (`None` for files made without templates).
fn template_of(kind: PageKind) -> Option<&'static str> {
    Some(match kind {
        PageKind::Home => "index.html",
        PageKind::Article(_) => "article.html",
        PageKind::Column(..) => "column.html",
        PageKind::Archive => "archive.html",
        PageKind::Year(_) => "year.html",
        PageKind::Quarter(..) => "quarter.html",
        PageKind::Units => "units.html",
        PageKind::Unit(..) => "unit.html",
        PageKind::Tags => "tags.html",
        PageKind::Tag(..) => "tag.html",
        PageKind::Search => "search.html",
        PageKind::NotFound => "404.html",
        PageKind::Report(_) => "report.html",
        PageKind::SiteFeed
        | PageKind::ColumnFeed(_)
        | PageKind::Sitemap
        | PageKind::Robots
        | PageKind::SyntaxCss
        | PageKind::SearchData(_) => return None,
    })
}

/// Whether template text may read a `count` attribute (`x.count`, `x["count"]`).
fn mentions_count(text: &str) -> bool {
    let dotted = text.match_indices(".count").any(|(i, m)| {
        !text[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    });
    dotted || text.contains("\"count\"") || text.contains("'count'")
}

/// Whether template text reaches the `site` variable's columns.
fn mentions_fields(text: &str) -> bool {
    text.contains("site.fields")
        || text.contains("site[\"fields\"]")
        || text.contains("site['fields']")
}

/// The page templates that may show `site.fields[].count`: those that both reach
/// `site.fields` and read a `count` (or name a page template that does), and all of them when
/// a shared template (layout, partial) reads a `count` while some template reaches
/// `site.fields`. The `count` of a page's own object (`column.count`) is in its key anyway.
#[derive(Debug, Default)]
pub struct CountUse {
    users: HashSet<String>,
    known: HashSet<String>,
}

impl CountUse {
    /// Looks through the theme's templates.
    pub fn new(templates: &[TemplateSource]) -> Self {
        let page_templates: HashSet<&str> = [
            PageKind::Home,
            PageKind::Article(0),
            PageKind::Column(0, 0),
            PageKind::Archive,
            PageKind::Year(0),
            PageKind::Quarter(0, 0),
            PageKind::Units,
            PageKind::Unit(0, 0),
            PageKind::Tags,
            PageKind::Tag(0, 0),
            PageKind::Search,
            PageKind::NotFound,
            PageKind::Report(0),
        ]
        .into_iter()
        .filter_map(template_of)
        .collect();
        let reads = |t: &TemplateSource| mentions_fields(&t.text) && mentions_count(&t.text);
        // A shared template (layout, partial) reading `count` may get a column from a loop
        // over `site.fields` elsewhere: then every page may show the counts.
        let shared = templates.iter().any(|t| mentions_fields(&t.text))
            && templates
                .iter()
                .any(|t| !page_templates.contains(t.name.as_str()) && mentions_count(&t.text));
        let mut users = HashSet::new();
        for t in templates {
            let names_a_user = templates.iter().any(|o| {
                o.name != t.name
                    && page_templates.contains(o.name.as_str())
                    && t.text.contains(o.name.as_str())
                    && reads(o)
            });
            if shared || names_a_user || reads(t) {
                users.insert(t.name.clone());
            }
        }
        CountUse {
            users,
            known: templates.iter().map(|t| t.name.clone()).collect(),
        }
    }

    /// Whether pages of `kind` may show the counts (unknown templates: yes).
    pub fn shows_counts(&self, kind: PageKind) -> bool {
        template_of(kind).is_some_and(|t| self.users.contains(t) || !self.known.contains(t))
    }
}

/// What every page of a build shares: everything in the templates' `site` variable but the
/// column counts, the template generation, and the column counts apart.
#[derive(Debug, Clone, Copy)]
pub struct Globals<'c> {
    /// The `site` variable without counts, and the templates.
    pub site: u64,
    /// The column counts.
    pub counts: u64,
    /// Which pages show the counts.
    pub count_use: &'c CountUse,
}

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

/// The key of `page`.
pub fn page_key(site: &Site, page: &Page, globals: &Globals, art: &[ArticleHashes]) -> u64 {
    let mut h = DefaultHasher::new();
    globals.site.hash(&mut h);
    if globals.count_use.shows_counts(page.kind) {
        globals.counts.hash(&mut h);
    }
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
                items.len().hash(&mut h);
                cards(&mut h, &items[..items.len().min(4)]);
            }
        }
        PageKind::Article(i) => {
            art[i].hash(&mut h);
            let column = &site.by_field[site.articles[i].fm.field];
            // `by_field` lists article indices in increasing order: a binary search, not a scan.
            let k = column.binary_search(&i).unwrap_or(0);
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
        PageKind::Sitemap | PageKind::SearchData(_) | PageKind::Report(_) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            text: text.into(),
            display: name.into(),
        }
    }

    #[test]
    fn finds_the_templates_that_may_show_counts() {
        assert!(mentions_count("{{ f.count }}"));
        assert!(mentions_count("{{ f[\"count\"] }}"));
        assert!(!mentions_count("{{ article.word_count }} {{ u.counts }}"));
        let theme = [
            t(
                "base.html",
                "{% for f in site.fields %}{{ f.name }}{% endfor %}",
            ),
            t(
                "article.html",
                "{% extends 'base.html' %}{{ article.word_count }}",
            ),
            t("column.html", "{% extends 'base.html' %}{{ column.count }}"),
            t(
                "index.html",
                "{% for c in site.fields %}{{ c.count }}{% endfor %}",
            ),
            t("tag.html", "{% extends 'index.html' %}"),
        ];
        let uses = CountUse::new(&theme);
        assert!(!uses.shows_counts(PageKind::Article(0)));
        assert!(
            !uses.shows_counts(PageKind::Column(0, 1)),
            "its own count only"
        );
        assert!(uses.shows_counts(PageKind::Home));
        assert!(uses.shows_counts(PageKind::Tag(0, 1)));
        assert!(
            uses.shows_counts(PageKind::Archive),
            "no archive.html: unknown"
        );
        let shared = [
            t(
                "base.html",
                "{% for f in site.fields %}{% include 'p.html' %}{% endfor %}",
            ),
            t("p.html", "{{ f.count }}"),
            t("archive.html", "{% extends 'base.html' %}"),
        ];
        assert!(CountUse::new(&shared).shows_counts(PageKind::Archive));
    }
}
