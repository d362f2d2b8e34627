//! Preparing a render: Markdown bodies, the plan with its search files, static files and
//! templates, with every problem found collected and returned together.

use super::templates::Engine;
use super::{RenderOptions, Renderer, markdown, sanitize, search};
use crate::diagnostics::{self, Diagnostic};
use crate::load::theme::{Theme, static_files_checked};
use crate::model::Site;
use crate::model::paths::{self, Page, PageKind};
use markdown::Body;
use rayon::prelude::*;
use std::path::Path;

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
}
