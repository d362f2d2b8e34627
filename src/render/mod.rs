//! Render stage: Markdown bodies, then every page of the plan through the theme's templates,
//! in parallel, each handed only the data it shows; then feeds, sitemap, aliases and files.

pub mod allowlist;
pub mod context;
mod copies;
pub mod feeds;
pub mod highlight;
pub mod markdown;
mod pages;
pub mod prepare;
pub mod sanitize;
pub mod search;
pub mod templates;

use crate::diagnostics::Diagnostic;
use crate::load::theme::StaticSource;
use crate::model::Site;
use crate::model::paths::{self, Page};
use context::Views;
use markdown::Body;
use rayon::prelude::*;
use std::path::PathBuf;
use templates::Engine;
use tera::Value;

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
}

/// Where a file that is not a planned page comes from.
pub enum CopySource {
    /// A static file of the theme or the site.
    Static(StaticSource),
    /// A bundle file.
    Disk(PathBuf),
    /// An alias page.
    Bytes(Vec<u8>),
}
