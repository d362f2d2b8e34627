//! The archive by year and quarter, a year's page, and a year's public report page.

use crate::diagnostics::Diagnostic;
use crate::model::paths;
use crate::model::reads;
use crate::render::Renderer;
use std::collections::BTreeMap;
use tera::Value;

impl Renderer<'_> {
    /// Every year with its quarters.
    pub(super) fn archive(&self, template: &str) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = self.base_context("luu-tru/", self.title(&["Lưu trữ"]));
        ctx.insert_value("years", Value::from(self.years(None)));
        self.html(template, &ctx)
    }

    /// Year `y` with each quarter's newest articles.
    pub(super) fn year(&self, template: &str, y: i32) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = self.base_context(&paths::year_path(y), self.title(&[&format!("Năm {y}")]));
        let year = self.years(Some(y)).into_iter().next();
        ctx.insert_value("year", year.unwrap_or_else(Value::none));
        self.html(template, &ctx)
    }

    /// The public report page of year `y`.
    pub(super) fn report(&self, template: &str, y: i32) -> Result<Vec<u8>, Diagnostic> {
        let path = paths::report_path(y);
        let title = self.title(&[&format!("Báo cáo năm {y}")]);
        let mut ctx = self.base_context(&path, title);
        ctx.insert(
            "report",
            &crate::render::context::report::view(self.site, y),
        );
        self.html(template, &ctx)
    }

    /// Years newest first, with their quarters; `only` keeps one year and adds each quarter's
    /// newest articles (for the year page).
    fn years(&self, only: Option<i32>) -> Vec<Value> {
        let with_articles = only.is_some();
        let site = self.site;
        let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
        for (qi, (q, _)) in site.quarters.iter().enumerate() {
            match years.last_mut() {
                Some((y, list)) if *y == q.year => list.push(qi),
                _ => years.push((q.year, vec![qi])),
            }
        }
        years
            .into_iter()
            .filter(|(y, _)| only.is_none_or(|o| o == *y))
            .map(|(y, qs)| {
                let count: usize = qs.iter().map(|&qi| site.quarters[qi].1.len()).sum();
                let quarters: Vec<Value> = qs
                    .iter()
                    .map(|&qi| {
                        let (q, items) = &site.quarters[qi];
                        let qv = Value::from_serializable(&self.views.quarter(*q, items.len()));
                        if !with_articles {
                            return qv;
                        }
                        let mut m = qv.into_map().unwrap_or_default();
                        m.insert(
                            "articles".into(),
                            self.cards_of(reads::first(items, reads::YEAR_QUARTER_ARTICLES)),
                        );
                        Value::from(m)
                    })
                    .collect();
                let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
                m.insert("year", Value::from(y));
                m.insert("url", Value::from(self.views.url(&paths::year_path(y))));
                m.insert("count", Value::from(count));
                m.insert("quarters", Value::from(quarters));
                Value::from(m)
            })
            .collect()
    }
}
