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
    /// Each article's card, as templates read it (in `Site::articles` order).
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
        engine: Engine,
        bodies: Vec<Body>,
        statics: Vec<(String, StaticSource, String)>,
        options: RenderOptions,
    ) -> Self {
        Self::with_plan(site, engine, bodies, statics, options, paths::plan(site))
    }

    /// [`Renderer::from_parts`] with the page plan already made.
    fn with_plan(
        site: &'a Site,
        mut engine: Engine,
        bodies: Vec<Body>,
        statics: Vec<(String, StaticSource, String)>,
        options: RenderOptions,
        pages: Vec<Page>,
    ) -> Self {
        let views = Views::new(site).with_images(options.images.clone());
        let mut bodies = bodies;
        if let Some(images) = &options.images {
            views.rewrite_bodies(images, &mut bodies);
        }
        engine.tera.global_context().insert("site", &views.site());
        // Only as values: the article page flattens its own card's value into `article`.
        let card_values = (site.articles.par_iter())
            .map(|a| Value::from_serializable(&views.card(a)))
            .collect();
        Renderer {
            site,
            engine,
            views,
            bodies,
            card_values,
            pages,
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
        let rest = (self.card_values, self.pages, self.statics);
        (self.engine, self.bodies, rest)
    }

    /// Everything the renderer owns, for [`Renderer::from_saved`]: `serve` keeps it between
    /// rebuilds, so that a save that changes only bodies builds no card, value or plan again.
    pub fn into_saved(self) -> Saved {
        Saved {
            engine: self.engine,
            bodies: self.bodies,
            card_values: self.card_values,
            pages: self.pages,
            statics: self.statics,
            options: self.options,
        }
    }

    /// The renderer [`Renderer::into_saved`] was made from, for the same `site` graph (its
    /// articles' bodies may differ: set them with [`Renderer::set_body`]).
    pub fn from_saved(site: &'a Site, saved: Saved) -> Self {
        let views = Views::new(site).with_images(saved.options.images.clone());
        Renderer {
            site,
            engine: saved.engine,
            views,
            bodies: saved.bodies,
            card_values: saved.card_values,
            pages: saved.pages,
            search: Vec::new(),
            statics: saved.statics,
            options: saved.options,
            deferred: Vec::new(),
        }
    }

    /// Replaces the body of article `i` with `body`, rendered from its new source; its
    /// published images are rewritten as [`Renderer::from_parts`] does.
    pub fn set_body(&mut self, i: usize, mut body: Body) {
        if let (Some(images), Some(a)) = (&self.options.images, self.site.articles.get(i)) {
            self.views.rewrite_body(images, a, &mut body);
        }
        if let Some(b) = self.bodies.get_mut(i) {
            *b = body;
        }
    }

    /// The bodies, in `Site::articles` order, to change in place.
    pub fn bodies_mut(&mut self) -> &mut [Body] {
        &mut self.bodies
    }

    /// The article cards as templates read them, in `Site::articles` order.
    pub fn cards(&self) -> &[Value] {
        &self.card_values
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

/// What a [`Renderer`] owns apart from the site it borrows (see [`Renderer::into_saved`]).
pub struct Saved {
    engine: Engine,
    bodies: Vec<Body>,
    card_values: Vec<Value>,
    pages: Vec<Page>,
    statics: Vec<(String, StaticSource, String)>,
    options: RenderOptions,
}

impl Saved {
    /// The bodies, in `Site::articles` order (`serve` keeps them compressed between rebuilds).
    pub fn bodies_mut(&mut self) -> &mut [Body] {
        &mut self.bodies
    }

    /// The engine and the bodies, and the rest for the caller to drop off its critical path
    /// (as [`Renderer::into_parts_and_rest`]).
    pub fn into_parts_and_rest(self) -> (Engine, Vec<Body>, impl Send + 'static) {
        let rest = (self.card_values, self.pages, self.statics);
        (self.engine, self.bodies, rest)
    }
}

/// Where a file that is not a planned page comes from.
pub enum CopySource {
    /// A static file of the theme or the site.
    Static(StaticSource),
    /// A bundle file.
    Disk(PathBuf),
    /// Bytes made by the build (a sanitized SVG, a GIF without its metadata).
    Bytes(Vec<u8>),
    /// An alias page (a redirect).
    Alias(Vec<u8>),
}
