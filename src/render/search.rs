//! The search data written for `/tim-kiem/`.

use crate::model::Site;
use crate::render::context::Views;
use crate::render::markdown::Body;
use serde::Serialize;

/// Where the search data goes, relative to the output root.
pub const INDEX_FILE: &str = "tim-kiem/index.json";

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    exemplar: &'a str,
    summary: &'a str,
    unit: &'a str,
    field: &'a str,
    quarter: String,
    kind: &'a str,
    date: String,
    url: String,
    tags: Vec<&'a str>,
}

/// The search data: one entry per published article.
pub fn index(site: &Site, views: &Views, _bodies: &[Body]) -> String {
    let entries: Vec<Entry> = site
        .articles
        .iter()
        .map(|a| Entry {
            title: &a.fm.title,
            exemplar: a.exemplar(),
            summary: &a.fm.summary,
            unit: &site.config.units[a.fm.unit].name,
            field: &site.config.fields[a.fm.field].name,
            quarter: a.fm.quarter.label(),
            kind: a.fm.kind.name(),
            date: crate::text::dates::display_short(a.fm.date.date_naive()),
            url: views.url(&a.path),
            tags: a.tags.iter().map(|&t| site.tags[t].name.as_str()).collect(),
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into())
}
