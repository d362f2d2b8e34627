//! What each generated page shows, as a hash: a page whose key is unchanged since the last
//! build is not rendered again. A key hashes what the page's plan entry reads (see
//! [`Reads`](crate::model::reads::Reads): its articles' cards, bodies and sources, and its
//! list facts) and the site-wide inputs (the `site` variable of the templates and the
//! template generation). The columns' article counts
//! in `site.fields` change whenever an article is added or moves; they are part of a page's key
//! only when its templates may show them (see [`CountUse`]), so adding an article does not
//! render every page again.

use crate::load::theme::TemplateSource;
use crate::model::paths::{Page, PageKind};
use crate::model::reads::PAGE_TEMPLATES;
use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

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
        let page_templates: HashSet<&str> = PAGE_TEMPLATES.into_iter().collect();
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
        kind.template()
            .is_some_and(|t| self.users.contains(t) || !self.known.contains(t))
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

/// A hash of `value`'s JSON, fed to the hasher as it is written (no string is built).
pub fn hash_json<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    struct Feed(DefaultHasher);
    impl std::io::Write for Feed {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut feed = Feed(DefaultHasher::new());
    let _ = serde_json::to_writer(&mut feed, value);
    feed.0.finish()
}

/// The key of `page`: a hash of what its plan entry says it reads.
pub fn page_key(page: &Page, globals: &Globals, art: &[ArticleHashes]) -> u64 {
    let mut h = DefaultHasher::new();
    globals.site.hash(&mut h);
    if globals.count_use.shows_counts(page.kind) {
        globals.counts.hash(&mut h);
    }
    page.file.hash(&mut h);
    let reads = &page.reads;
    reads.facts.hash(&mut h);
    for &i in &reads.cards {
        art[i].card.hash(&mut h);
    }
    for &i in &reads.whole {
        art[i].hash(&mut h);
    }
    if reads.everything {
        art.hash(&mut h);
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
            !uses.shows_counts(PageKind::Field(0, 1)),
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
