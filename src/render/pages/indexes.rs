//! The pages that stand alone: the home page, the units and tags indexes, search and 404.

use crate::diagnostics::Diagnostic;
use crate::model::reads;
use crate::render::Renderer;
use std::collections::BTreeMap;
use tera::Value;

impl Renderer<'_> {
    /// The home page: the newest articles and the newest of each column.
    pub(super) fn home(&self, template: &str) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let per = site.config.paginate;
        let mut ctx = self.base_context("", site.config.title.clone());
        let n = per.min(site.articles.len());
        ctx.insert_value("latest", Value::from(self.card_values[..n].to_vec()));
        let fields: Vec<Value> = (0..site.config.fields.len())
            .map(|fi| {
                let items = &site.by_field[fi];
                let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
                m.insert("column", Value::from_serializable(&self.views.field(fi)));
                let shown = reads::first(items, reads::HOME_COLUMN_ARTICLES);
                m.insert("articles", self.cards_of(shown));
                Value::from(m)
            })
            .collect();
        ctx.insert_value("columns", Value::from(fields));
        self.html(template, &ctx)
    }

    /// The units, grouped by bloc.
    pub(super) fn units(&self, template: &str) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let mut ctx = self.base_context("don-vi/", self.title(&["Đơn vị"]));
        let mut blocs: Vec<(String, Vec<Value>)> = Vec::new();
        for u in &site.config.units {
            if !blocs.iter().any(|(b, _)| *b == u.bloc) {
                blocs.push((u.bloc.clone(), Vec::new()));
            }
        }
        for &ui in &site.unit_order {
            let bloc = &site.config.units[ui].bloc;
            if let Some((_, list)) = blocs.iter_mut().find(|(b, _)| b == bloc) {
                list.push(Value::from_serializable(&self.views.unit(ui)));
            }
        }
        let blocs: Vec<Value> = blocs
            .into_iter()
            .map(|(name, units)| {
                let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
                m.insert("name", Value::from(name));
                m.insert("units", Value::from(units));
                Value::from(m)
            })
            .collect();
        ctx.insert_value("blocs", Value::from(blocs));
        self.html(template, &ctx)
    }

    /// Every tag.
    pub(super) fn tags(&self, template: &str) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = self.base_context("the/", self.title(&["Thẻ"]));
        let tags: Vec<_> = (0..self.site.tags.len())
            .map(|t| self.views.tag(t))
            .collect();
        ctx.insert("tags", &tags);
        self.html(template, &ctx)
    }

    /// The search page (its data are the planned search files).
    pub(super) fn search_page(&self, template: &str) -> Result<Vec<u8>, Diagnostic> {
        let ctx = self.base_context("tim-kiem/", self.title(&["Tìm kiếm"]));
        self.html(template, &ctx)
    }

    /// The "not found" page.
    pub(super) fn not_found(&self, template: &str) -> Result<Vec<u8>, Diagnostic> {
        let ctx = self.base_context("404.html", self.title(&["Không tìm thấy trang"]));
        self.html(template, &ctx)
    }
}
