//! Render stage: Markdown bodies, then every page of the plan through the theme's templates,
//! in parallel, each handed only the data it shows; then feeds, sitemap, aliases and files.

pub mod allowlist;
pub mod context;
pub mod feeds;
pub mod highlight;
pub mod links;
pub mod markdown;
pub mod sanitize;
pub mod search;
pub mod templates;
/// The theme is read by the load stage; kept here under its old path.
pub use crate::load::theme;

use crate::diagnostics::{self, Diagnostic};
use crate::model::Site;
use crate::model::paths::{self, Page, PageKind};
use crate::model::reads;
use crate::write::Sink;
use context::Views;
use markdown::Body;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use templates::Engine;
use tera::{Context, Value};
use theme::{StaticSource, Theme};

/// Options that change what pages contain.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// HTML inserted before `</body>` of every HTML page (the live-reload script of `serve`).
    pub inject_html: Option<String>,
    /// Broken links in article bodies do not stop `prepare`; they wait in
    /// [`Renderer::deferred`] (for `check`, which then checks the rendered site's anchors too).
    pub defer_link_errors: bool,
    /// The image stage's results: variants for cards and bodies, files to publish.
    pub images: Option<std::sync::Arc<crate::images::Images>>,
}

/// What a render produced, for reports.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Generated pages and files (not counting copied files).
    pub pages: usize,
    /// Of those, HTML pages (the count `check` shows).
    pub html: usize,
    /// Copied static and bundle files.
    pub copied: usize,
    /// Alias redirect pages.
    pub aliases: usize,
}

pub use crate::load::theme::{static_files, static_files_checked};

/// Everything needed to render pages, built once per build.
pub struct Renderer<'a> {
    site: &'a Site,
    engine: Engine,
    views: Views<'a>,
    bodies: Vec<Body>,
    cards: Vec<context::Card>,
    card_values: Vec<Value>,
    pages: Vec<Page>,
    search: Vec<(String, String)>,
    statics: Vec<(String, StaticSource, String)>,
    options: RenderOptions,
    deferred: Vec<Diagnostic>,
}

impl<'a> Renderer<'a> {
    /// Renders Markdown bodies, loads templates and checks output paths; every problem found is
    /// returned together.
    pub fn prepare(
        site: &'a Site,
        theme: &Theme,
        root: &Path,
        static_dir: &Path,
        options: RenderOptions,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let engine = Engine::new(theme, &site.config.base_url.path);
        let sanitizer =
            sanitize::Sanitizer::new(&site.config.allow_html, &site.config.base_url.path);
        let results: Vec<(Body, Vec<Diagnostic>)> = site
            .articles
            .par_iter()
            .map(|a| markdown::render_all(a, site, &sanitizer))
            .collect();
        let mut bodies = Vec::with_capacity(results.len());
        let mut deferred = Vec::new();
        for (b, d) in results {
            bodies.push(b);
            if options.defer_link_errors {
                deferred.extend(d);
            } else {
                diags.extend(d);
            }
        }
        let mut pages = paths::plan(site);
        let search = search::files(site, &bodies);
        // The plain text only feeds the search files: free it before the pages are rendered,
        // which keeps the peak memory of a 10,000-article build under 300 MiB.
        for b in &mut bodies {
            b.text = String::new();
        }
        pages.extend(
            (search.iter().enumerate())
                .map(|(i, (file, _))| Page::new(site, file.clone(), PageKind::SearchData(i))),
        );
        let statics = static_files_checked(theme, static_dir, root, &mut diags);
        let static_names: Vec<(String, String)> = statics
            .iter()
            .map(|(f, _, d)| (f.clone(), d.clone()))
            .collect();
        diags.extend(paths::check_collisions(site, &pages, &static_names));
        let engine = engine.map_err(|d| diags.extend(d)).ok();
        if !diags.is_empty() {
            diagnostics::sort(&mut diags);
            return Err(diags);
        }
        let engine = engine
            .expect("engine exists when there are no errors")
            .with_fallbacks(theme, &site.config)?;
        let mut renderer = Renderer::from_parts(site, engine, bodies, statics, options);
        renderer.pages = pages;
        renderer.search = search;
        renderer.deferred = deferred;
        Ok(renderer)
    }

    /// Builds a renderer from a loaded template engine and bodies rendered earlier (in
    /// `Site::articles` order), for `serve`'s incremental rebuilds. Unlike [`Renderer::prepare`]
    /// it checks nothing (call [`Renderer::collisions`] before writing) and its plan leaves out
    /// the search files, which `serve` makes with [`search::files`] after the pages.
    pub fn from_parts(
        site: &'a Site,
        mut engine: Engine,
        bodies: Vec<Body>,
        statics: Vec<(String, StaticSource, String)>,
        options: RenderOptions,
    ) -> Self {
        let views = Views::new(site).with_images(options.images.clone());
        let mut bodies = bodies;
        if let Some(images) = &options.images {
            views.rewrite_bodies(images, &mut bodies);
        }
        engine.tera.global_context().insert("site", &views.site());
        let cards: Vec<context::Card> = site.articles.par_iter().map(|a| views.card(a)).collect();
        let card_values = cards.par_iter().map(Value::from_serializable).collect();
        Renderer {
            site,
            engine,
            views,
            bodies,
            cards,
            card_values,
            pages: paths::plan(site),
            search: Vec::new(),
            statics,
            options,
            deferred: Vec::new(),
        }
    }

    /// Output files taken twice (aliases, bundle and static files over pages), as in `prepare`.
    pub fn collisions(&self) -> Vec<Diagnostic> {
        let names: Vec<(String, String)> = self
            .statics
            .iter()
            .map(|(f, _, d)| (f.clone(), d.clone()))
            .collect();
        paths::check_collisions(self.site, &self.pages, &names)
    }

    /// Gives back the engine and the bodies, to be reused by the next incremental rebuild.
    pub fn into_parts(self) -> (Engine, Vec<Body>) {
        (self.engine, self.bodies)
    }

    /// Like [`Renderer::into_parts`], also handing back what else the renderer owns (cards,
    /// plan), for the caller to drop off its critical path.
    pub fn into_parts_and_rest(self) -> (Engine, Vec<Body>, impl Send + 'static) {
        let rest = (self.cards, self.card_values, self.pages, self.statics);
        (self.engine, self.bodies, rest)
    }

    /// The article cards, in `Site::articles` order.
    pub fn cards(&self) -> &[context::Card] {
        &self.cards
    }

    /// The URL helpers.
    pub fn views(&self) -> &Views<'a> {
        &self.views
    }

    /// Static files of the theme and the site: output path, source, path shown in errors.
    pub fn statics(&self) -> &[(String, StaticSource, String)] {
        &self.statics
    }

    /// The rendered article bodies, in `Site::articles` order (after [`Renderer::prepare`],
    /// without their plain text, which only the search files need).
    pub fn bodies(&self) -> &[Body] {
        &self.bodies
    }

    /// Broken body links left for the caller with [`RenderOptions::defer_link_errors`].
    pub fn deferred(&self) -> &[Diagnostic] {
        &self.deferred
    }

    /// The image stage's results, when images are processed.
    pub fn images(&self) -> Option<&crate::images::Images> {
        self.options.images.as_deref()
    }

    /// The page plan.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// Writes every page, feed, alias, bundle file and static file into `sink`.
    pub fn write_all(&self, sink: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
        let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
        let fail = |d: Diagnostic| errors.lock().expect("no poisoned lock").push(d);
        let io_fail = |file: &str, e: std::io::Error| {
            Diagnostic::file(sink.shown(file), format!("không ghi được tệp: {e}"))
        };
        self.pages
            .par_iter()
            .for_each(|page| match self.render_page(page) {
                Ok(bytes) => {
                    if let Err(e) = sink.write(&page.file, &bytes) {
                        fail(io_fail(&page.file, e));
                    }
                }
                Err(d) => fail(d),
            });
        let copies = self.files();
        let aliases = copies
            .iter()
            .filter(|(_, c)| matches!(c, CopySource::Bytes(_)))
            .count();
        copies.par_iter().for_each(|(file, src)| {
            let r = match src {
                CopySource::Static(StaticSource::Disk(p)) | CopySource::Disk(p) => {
                    sink.copy(file, p)
                }
                CopySource::Static(StaticSource::Embedded(b)) => sink.write(file, b),
                CopySource::Bytes(b) => sink.write(file, b),
            };
            if let Err(e) = r {
                fail(io_fail(file, e));
            }
        });
        let mut errors = errors.into_inner().expect("no poisoned lock");
        if !errors.is_empty() {
            // A template error repeats on every page that uses the template: report it once.
            diagnostics::sort(&mut errors);
            let mut seen = std::collections::HashSet::new();
            errors.retain(|d| seen.insert((d.file.clone(), d.line, d.col, d.message.clone())));
            return Err(errors);
        }
        Ok(Stats {
            pages: self.pages.len(),
            html: self
                .pages
                .iter()
                .filter(|p| p.file.ends_with(".html"))
                .count(),
            copied: copies.len() - aliases,
            aliases,
        })
    }

    /// The files besides the planned pages: static files, bundle files, then alias pages.
    pub fn files(&self) -> Vec<(String, CopySource)> {
        let mut copies: Vec<(String, CopySource)> = Vec::new();
        // Images the image stage publishes (re-encoded, without metadata) replace the originals.
        let owned = |f: &str| self.images().is_some_and(|i| i.owns(f));
        for (file, src, _) in &self.statics {
            if !owned(file) {
                copies.push((file.clone(), CopySource::Static(src.clone())));
            }
        }
        if let Some(images) = self.images() {
            for (file, path) in &images.files {
                copies.push((file.clone(), CopySource::Disk(path.clone())));
            }
            for (file, bytes) in &images.svgs {
                copies.push((file.clone(), CopySource::Bytes(bytes.clone())));
            }
        }
        for (file, _, path) in paths::bundle_files(self.site) {
            if !owned(&file) {
                copies.push((file, CopySource::Disk(path.clone())));
            }
        }
        for (file, ai, _) in paths::alias_files(self.site) {
            let a = &self.site.articles[ai];
            let (url, permalink) = (self.views.url(&a.path), self.views.permalink(&a.path));
            let html = feeds::alias_page(&a.fm.title, &url, &permalink);
            copies.push((file.clone(), CopySource::Bytes(html.into_bytes())));
        }
        copies
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

    /// Renders one planned file.
    pub fn render_page(&self, page: &Page) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let v = &self.views;
        let per = site.config.paginate;
        let template = page.kind.template().unwrap_or_default();
        let html = match page.kind {
            PageKind::Home => {
                let mut ctx = self.base_context("", site.config.title.clone());
                let n = per.min(site.articles.len());
                ctx.insert_value("latest", Value::from(self.card_values[..n].to_vec()));
                let columns: Vec<Value> = (0..site.config.fields.len())
                    .map(|fi| {
                        let items = &site.by_field[fi];
                        let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
                        m.insert("column", Value::from_serializable(&v.column(fi)));
                        let shown = reads::first(items, reads::HOME_COLUMN_ARTICLES);
                        m.insert("articles", self.cards_of(shown));
                        Value::from(m)
                    })
                    .collect();
                ctx.insert_value("columns", Value::from(columns));
                self.html(template, &ctx)?
            }
            PageKind::Article(i) => {
                let a = &site.articles[i];
                let mut ctx = self.base_context(&a.path, self.title(&[&a.fm.title]));
                ctx.insert("article", &v.article(a, &self.cards[i], &self.bodies[i]));
                let (newer, older, related) = reads::around(site, i);
                let card = |x: Option<usize>| x.map(|x| self.card_values[x].clone());
                ctx.insert_value("prev", card(older).unwrap_or_else(Value::none));
                ctx.insert_value("next", card(newer).unwrap_or_else(Value::none));
                ctx.insert_value("related", self.cards_of(&related));
                self.html(template, &ctx)?
            }
            PageKind::Field(fi, p) => {
                let f = &site.config.fields[fi];
                let obj = Value::from_serializable(&v.column(fi));
                self.list(
                    template,
                    "column",
                    &paths::field_path(&f.id),
                    p,
                    &site.by_field[fi],
                    &f.name,
                    obj,
                )?
            }
            PageKind::Quarter(qi, p) => {
                let (q, items) = &site.quarters[qi];
                let obj = Value::from_serializable(&v.quarter(*q, items.len()));
                self.list(
                    template,
                    "quarter",
                    &paths::quarter_path(*q),
                    p,
                    items,
                    &q.label(),
                    obj,
                )?
            }
            PageKind::Unit(ui, p) => {
                let u = &site.config.units[ui];
                let obj = Value::from_serializable(&v.unit(ui));
                self.list(
                    template,
                    "unit",
                    &paths::unit_path(&u.id),
                    p,
                    &site.by_unit[ui],
                    &u.name,
                    obj,
                )?
            }
            PageKind::Tag(ti, p) => {
                let t = &site.tags[ti];
                let obj = Value::from_serializable(&v.tag(ti));
                self.list(
                    template,
                    "tag",
                    &paths::tag_path(&t.slug),
                    p,
                    &t.articles,
                    &format!("Thẻ: {}", t.name),
                    obj,
                )?
            }
            PageKind::Archive => {
                let mut ctx = self.base_context("luu-tru/", self.title(&["Lưu trữ"]));
                ctx.insert_value("years", Value::from(self.years(None)));
                self.html(template, &ctx)?
            }
            PageKind::Year(y) => {
                let mut ctx =
                    self.base_context(&paths::year_path(y), self.title(&[&format!("Năm {y}")]));
                let year = self.years(Some(y)).into_iter().next();
                ctx.insert_value("year", year.unwrap_or_else(Value::none));
                self.html(template, &ctx)?
            }
            PageKind::Report(y) => {
                let path = crate::report::page::path(y);
                let title = self.title(&[&format!("Báo cáo năm {y}")]);
                let mut ctx = self.base_context(&path, title);
                ctx.insert("report", &crate::report::page::view(site, y));
                self.html(template, &ctx)?
            }
            PageKind::Units => {
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
                        list.push(Value::from_serializable(&v.unit(ui)));
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
                self.html(template, &ctx)?
            }
            PageKind::Tags => {
                let mut ctx = self.base_context("the/", self.title(&["Thẻ"]));
                let tags: Vec<_> = (0..site.tags.len()).map(|t| v.tag(t)).collect();
                ctx.insert("tags", &tags);
                self.html(template, &ctx)?
            }
            PageKind::Search => {
                let ctx = self.base_context("tim-kiem/", self.title(&["Tìm kiếm"]));
                self.html(template, &ctx)?
            }
            PageKind::NotFound => {
                let ctx = self.base_context("404.html", self.title(&["Không tìm thấy trang"]));
                self.html(template, &ctx)?
            }
            PageKind::SiteFeed => {
                let n = FEED.min(site.articles.len());
                let entries: Vec<usize> = (0..n).collect();
                feeds::atom(
                    site,
                    v,
                    &self.bodies,
                    &entries,
                    &site.config.title,
                    "atom.xml",
                    "",
                )
                .into_bytes()
            }
            PageKind::FieldFeed(fi) => {
                let f = &site.config.fields[fi];
                let items = &site.by_field[fi];
                let path = paths::field_path(&f.id);
                let title = format!("{} – {}", f.name, site.config.title);
                feeds::atom(
                    site,
                    v,
                    &self.bodies,
                    &items[..items.len().min(FEED)],
                    &title,
                    &format!("{path}atom.xml"),
                    &path,
                )
                .into_bytes()
            }
            PageKind::Sitemap => feeds::sitemap(site, v, &self.pages).into_bytes(),
            PageKind::Robots => feeds::robots(v).into_bytes(),
            PageKind::SyntaxCss => highlight::stylesheet().into_bytes(),
            PageKind::SearchData(i) => self.search[i].1.clone().into_bytes(),
        };
        Ok(html)
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

const FEED: usize = feeds::FEED_ENTRIES;

/// Where a file that is not a planned page comes from.
pub enum CopySource {
    /// A static file of the theme or the site.
    Static(StaticSource),
    /// A bundle file.
    Disk(PathBuf),
    /// An alias page.
    Bytes(Vec<u8>),
}
