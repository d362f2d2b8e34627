//! The paginated lists of articles (a column, a quarter, a unit, a tag) and the Atom feeds.

use crate::diagnostics::Diagnostic;
use crate::model::paths;
use crate::render::{Renderer, feeds};
use tera::Value;

const FEED: usize = crate::model::reads::FEED_ENTRIES;

impl Renderer<'_> {
    /// Page `p` of column `fi`.
    pub(super) fn field(&self, template: &str, fi: usize, p: usize) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let f = &site.config.fields[fi];
        let obj = Value::from_serializable(&self.views.field(fi));
        self.list(
            template,
            "column",
            &paths::field_path(&f.id),
            p,
            &site.by_field[fi],
            &f.name,
            obj,
        )
    }

    /// Page `p` of quarter `qi`.
    pub(super) fn quarter(
        &self,
        template: &str,
        qi: usize,
        p: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let (q, items) = &self.site.quarters[qi];
        let obj = Value::from_serializable(&self.views.quarter(*q, items.len()));
        self.list(
            template,
            "quarter",
            &paths::quarter_path(*q),
            p,
            items,
            &q.label(),
            obj,
        )
    }

    /// Page `p` of unit `ui`.
    pub(super) fn unit(&self, template: &str, ui: usize, p: usize) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let u = &site.config.units[ui];
        let obj = Value::from_serializable(&self.views.unit(ui));
        self.list(
            template,
            "unit",
            &paths::unit_path(&u.id),
            p,
            &site.by_unit[ui],
            &u.name,
            obj,
        )
    }

    /// Page `p` of tag `ti`.
    pub(super) fn tag(&self, template: &str, ti: usize, p: usize) -> Result<Vec<u8>, Diagnostic> {
        let t = &self.site.tags[ti];
        let obj = Value::from_serializable(&self.views.tag(ti));
        self.list(
            template,
            "tag",
            &paths::tag_path(&t.slug),
            p,
            &t.articles,
            &format!("Thẻ: {}", t.name),
            obj,
        )
    }

    /// The site's Atom feed: its newest articles.
    pub(super) fn site_feed(&self) -> Vec<u8> {
        let site = self.site;
        let n = FEED.min(site.articles.len());
        let entries: Vec<usize> = (0..n).collect();
        feeds::atom(
            site,
            &self.views,
            &self.bodies,
            &entries,
            &site.config.title,
            "atom.xml",
            "",
        )
        .into_bytes()
    }

    /// The Atom feed of column `fi`.
    pub(super) fn field_feed(&self, fi: usize) -> Vec<u8> {
        let site = self.site;
        let f = &site.config.fields[fi];
        let items = &site.by_field[fi];
        let path = paths::field_path(&f.id);
        let title = format!("{} – {}", f.name, site.config.title);
        feeds::atom(
            site,
            &self.views,
            &self.bodies,
            &items[..items.len().min(FEED)],
            &title,
            &format!("{path}atom.xml"),
            &path,
        )
        .into_bytes()
    }
}
