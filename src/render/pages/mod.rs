//! One function per page kind: [`Renderer::render_page`] dispatches each planned file to the
//! function that makes it; the helpers shared by the HTML pages are here too.

mod archive;
mod article;
mod indexes;
mod lists;

use super::{Renderer, feeds, highlight};
use crate::diagnostics::Diagnostic;
use crate::model::paths::{self, Page, PageKind};
use crate::model::reads;
use tera::{Context, Value};

impl Renderer<'_> {
    /// Renders one planned file.
    pub fn render_page(&self, page: &Page) -> Result<Vec<u8>, Diagnostic> {
        let template = page.kind.template().unwrap_or_default();
        let html = match page.kind {
            PageKind::Home => self.home(template)?,
            PageKind::Article(i) => self.article(template, i)?,
            PageKind::Field(fi, p) => self.field(template, fi, p)?,
            PageKind::Quarter(qi, p) => self.quarter(template, qi, p)?,
            PageKind::Unit(ui, p) => self.unit(template, ui, p)?,
            PageKind::Tag(ti, p) => self.tag(template, ti, p)?,
            PageKind::Archive => self.archive(template)?,
            PageKind::Year(y) => self.year(template, y)?,
            PageKind::Report(y) => self.report(template, y)?,
            PageKind::Units => self.units(template)?,
            PageKind::Tags => self.tags(template)?,
            PageKind::Search => self.search_page(template)?,
            PageKind::NotFound => self.not_found(template)?,
            PageKind::SiteFeed => self.site_feed(),
            PageKind::FieldFeed(fi) => self.field_feed(fi),
            PageKind::Sitemap => feeds::sitemap(self.site, &self.views, &self.pages).into_bytes(),
            PageKind::Robots => feeds::robots(&self.views).into_bytes(),
            PageKind::SyntaxCss => highlight::stylesheet().into_bytes(),
            PageKind::SearchData(i) => self.search[i].1.clone().into_bytes(),
        };
        Ok(html)
    }

    fn cards_of(&self, items: &[usize]) -> Value {
        Value::from(
            items
                .iter()
                .map(|&i| self.card_values[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    fn base_context(&self, path: &str, title: String) -> Context {
        let mut ctx = Context::new();
        ctx.insert("current_path", &self.views.url(path));
        ctx.insert("current_url", &self.views.permalink(path));
        ctx.insert("page_title", &title);
        ctx
    }

    fn title(&self, parts: &[&str]) -> String {
        let mut t: Vec<&str> = parts.to_vec();
        t.push(&self.site.config.title);
        t.join(" – ")
    }

    fn page_title(&self, name: &str, page: usize) -> String {
        if page > 1 {
            self.title(&[name, &format!("Trang {page}")])
        } else {
            self.title(&[name])
        }
    }

    /// Renders page `page` of a list with `template`; `key` names the variable holding `obj`.
    #[allow(clippy::too_many_arguments)]
    fn list(
        &self,
        template: &str,
        key: &'static str,
        list_path: &str,
        page: usize,
        items: &[usize],
        name: &str,
        obj: Value,
    ) -> Result<Vec<u8>, Diagnostic> {
        let shown = reads::page_slice(items, self.site.config.paginate, page);
        let path = paths::list_page_path(list_path, page);
        let mut ctx = self.base_context(&path, self.page_title(name, page));
        ctx.insert_value(key, obj);
        ctx.insert_value("articles", self.cards_of(shown));
        ctx.insert(
            "paginator",
            &self.views.paginator(list_path, page, items.len()),
        );
        self.html(template, &ctx)
    }

    fn html(&self, template: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut html = self.engine.render(template, ctx)?;
        if let Some(inject) = &self.options.inject_html {
            let at = html
                .windows(7)
                .rposition(|w| w == b"</body>")
                .unwrap_or(html.len());
            html.splice(at..at, inject.bytes());
        }
        Ok(html)
    }
}
