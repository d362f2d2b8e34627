//! The render stage's checks, then its preparation: Markdown bodies (broken links, HTML nested
//! too deep), the plan with its search files, static files, output paths taken twice and
//! templates. Every problem found is returned together, as diagnostics; nothing is recorded in
//! the site.

use super::templates::Engine;
use super::{RenderOptions, Renderer, markdown, sanitize, search};
use crate::diagnostics::{self, Diagnostic};
use crate::load::theme::{StaticSource, Theme, static_files_checked};
use crate::model::Site;
use crate::model::paths::{self, Page, PageKind};
use markdown::Body;
use rayon::prelude::*;
use std::path::Path;

/// What the checks produced, ready for [`Renderer::from_checked`]; it borrows nothing from
/// the site, so the site may change (e.g. let go of its source texts) in between.
pub struct Checked {
    engine: Engine,
    bodies: Vec<Body>,
    pages: Vec<Page>,
    search: Vec<(String, String)>,
    statics: Vec<(String, StaticSource, String)>,
    deferred: Vec<Diagnostic>,
}

/// Every problem the render stage finds in a loaded site (what [`Renderer::prepare`] would
/// refuse), sorted; empty when the site renders. The pipeline reports these with the load,
/// validate and model stages' own diagnostics in the same run.
pub fn diagnose(site: &Site, theme: &Theme, root: &Path, static_dir: &Path) -> Vec<Diagnostic> {
    check(site, theme, root, static_dir, false)
        .err()
        .unwrap_or_default()
}

/// The problems of the articles' bodies alone (broken links, HTML nested too deep), for a
/// site whose theme did not load: they are reported with the theme's errors in one run.
pub fn body_diagnostics(site: &Site) -> Vec<Diagnostic> {
    let sanitizer = sanitize::Sanitizer::new(&site.config.allow_html, &site.config.base_url.path);
    let mut diags: Vec<Diagnostic> = (site.articles.par_iter())
        .flat_map_iter(|a| markdown::render_all(a, site, &sanitizer).1)
        .collect();
    diagnostics::sort(&mut diags);
    diags
}

/// Renders Markdown bodies, loads templates and checks output paths; with `defer_link_errors`
/// the body's problems are kept aside instead of refused.
pub fn check(
    site: &Site,
    theme: &Theme,
    root: &Path,
    static_dir: &Path,
    defer_link_errors: bool,
) -> Result<Checked, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let sanitizer = sanitize::Sanitizer::new(&site.config.allow_html, &site.config.base_url.path);
    // The templates are compiled while the bodies are rendered.
    let (engine, results) = rayon::join(
        || Engine::new(theme, &site.config.base_url.path),
        || {
            (site.articles.par_iter())
                .map(|a| markdown::render_all(a, site, &sanitizer))
                .collect::<Vec<(Body, Vec<Diagnostic>)>>()
        },
    );
    let mut bodies = Vec::with_capacity(results.len());
    let mut deferred = Vec::new();
    for (b, d) in results {
        bodies.push(b);
        if defer_link_errors {
            deferred.extend(d);
        } else {
            diags.extend(d);
        }
    }
    // The plan and the static files are listed while the search files are made.
    let (search, (mut pages, statics)) = rayon::join(
        || search::files(site, &bodies),
        || {
            let pages = paths::plan(site);
            (
                pages,
                static_files_checked(theme, static_dir, root, &mut diags),
            )
        },
    );
    // The plain text only feeds the search files: free it before the pages are rendered,
    // which keeps the peak memory of a 10,000-article build under 300 MiB.
    for b in &mut bodies {
        b.text = String::new();
    }
    pages.extend(
        (search.iter().enumerate())
            .map(|(i, (file, _))| Page::new(site, file.clone(), PageKind::SearchData(i))),
    );
    let static_names: Vec<(String, String)> = statics
        .iter()
        .map(|(f, _, d)| (f.clone(), d.clone()))
        .collect();
    diags.extend(paths::check_collisions(site, &pages, &static_names));
    diags.extend(unreadable_sources(site, &statics, root));
    let engine = engine.map_err(|d| diags.extend(d)).ok();
    if !diags.is_empty() {
        // The bodies' problems kept aside are problems too: one run shows them all.
        diags.append(&mut deferred);
        diagnostics::sort(&mut diags);
        return Err(diags);
    }
    let engine = engine
        .expect("engine exists when there are no errors")
        .with_fallbacks(theme, &site.config)?;
    Ok(Checked {
        engine,
        bodies,
        pages,
        search,
        statics,
        deferred,
    })
}

/// Every file to be copied from disk (static files, bundle files, images beside an article)
/// that cannot be opened, named at its source path (SPEC §7), so that `check` finds it and
/// `build` stops before writing anything. One `open` per file, in parallel.
pub fn unreadable_sources(
    site: &Site,
    statics: &[(String, StaticSource, String)],
    root: &Path,
) -> Vec<Diagnostic> {
    let assets = site.articles.par_iter().flat_map_iter(|a| {
        let dir = a.rel.rsplit_once('/').map_or("", |(d, _)| d);
        a.assets.iter().map(move |(rel, path)| {
            let shown = if dir.is_empty() {
                format!("content/{rel}")
            } else {
                format!("content/{dir}/{rel}")
            };
            (diagnostics::display_path(root, &shown), path.as_path())
        })
    });
    let statics = statics.par_iter().filter_map(|(_, src, shown)| match src {
        StaticSource::Disk(p) => Some((shown.clone(), p.as_path())),
        StaticSource::Embedded(_) => None,
    });
    let mut diags: Vec<Diagnostic> = assets
        .chain(statics)
        .filter_map(|(shown, path)| {
            open_readable(path)
                .err()
                .map(|e| Diagnostic::file(shown, format!("không đọc được tệp: {e}")))
        })
        .collect();
    diagnostics::sort(&mut diags);
    diags
}

/// Opens `path` for reading and closes it again; non-blocking, so that a FIFO put in place
/// of a file after the walk cannot hang the build.
fn open_readable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map(drop)
}

impl<'a> Renderer<'a> {
    /// Renders Markdown bodies, loads templates and checks output paths ([`diagnose`]); every
    /// problem found is returned together.
    pub fn prepare(
        site: &'a Site,
        theme: &Theme,
        root: &Path,
        static_dir: &Path,
        options: RenderOptions,
    ) -> Result<Self, Vec<Diagnostic>> {
        let c = check(site, theme, root, static_dir, options.defer_link_errors)?;
        Ok(Renderer::from_checked(site, c, options))
    }

    /// A renderer of what [`check`] produced for `site`.
    pub fn from_checked(site: &'a Site, c: Checked, options: RenderOptions) -> Self {
        let mut renderer =
            Renderer::with_plan(site, c.engine, c.bodies, c.statics, options, c.pages);
        renderer.search = c.search;
        renderer.deferred = c.deferred;
        renderer
    }
}
