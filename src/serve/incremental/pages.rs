//! Rendering what changed: the bodies whose inputs changed, then the pages whose key changed.

use super::{BodyMeta, Builder, SiteFiles};
use crate::diagnostics::Failure;
use crate::diagnostics::{self, Diagnostic};
use crate::load::theme::StaticSource;
use crate::model::paths::PageKind;
use crate::model::{Article, Site};
use crate::render::markdown::{self, Body};
use crate::render::sanitize::Sanitizer;
use crate::render::{CopySource, Renderer};
use crate::serve::keys::{ArticleHashes, Globals, hash_json, hash_of, page_key};
use crate::write::memory::{Dictionary, Stored};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// A hash of what body links resolve to: every article's source path and page path, and the
/// drafts left out.
pub(super) fn links_hash(site: &Site) -> u64 {
    hash_of(&(
        site.articles
            .iter()
            .map(|a| (&a.rel, &a.path))
            .collect::<Vec<_>>(),
        &site.unpublished,
    ))
}

/// Whether a body's Markdown may link to other pages.
pub(super) fn may_link(text: &str) -> bool {
    ([".md", "@/", "](/", "]: /", "://"].iter()).any(|m| text.contains(m))
}

/// Renders the body of `a` and what it was rendered from; `uses` is the links hash when
/// `links_out`; the plain text is kept compressed against `plain`.
pub(super) fn render_body(
    a: &Article,
    site: &Site,
    sanitizer: &Sanitizer,
    (links_out, uses): (bool, Option<u64>),
    plain: Option<&Dictionary>,
) -> Result<(BodyMeta, Body), Vec<Diagnostic>> {
    let mut body = markdown::render(a, site, sanitizer)?;
    let meta = BodyMeta {
        source: hash_of(&*a.source.text),
        links: uses,
        links_out,
        hash: hash_of(&(&body.html, &body.text)),
        html: None,
        // Only the search files read the plain text: kept once, apart.
        plain: Stored::deflated_with(std::mem::take(&mut body.text).as_bytes(), plain),
    };
    Ok((meta, body))
}

/// What [`Builder::render_pages`] made: the new pages' keys and files, and the hashes the
/// keys came from (kept for the next rebuild's fast path).
pub(super) struct Keyed {
    /// Every page's key, by file.
    pub keys: HashMap<String, u64>,
    /// The site's files but the search files.
    pub files: SiteFiles,
    /// Pages rendered.
    pub rendered: usize,
    /// The key of the search files.
    pub search_key: u64,
    /// Each article's hashes.
    pub art: Vec<ArticleHashes>,
    /// The `site` variable's hash (see [`Globals`]).
    pub globals_site: u64,
    /// The column counts' hash.
    pub globals_counts: u64,
}

/// A dictionary for the pages of `renderer`: one article page, rendered (most pages are
/// article pages, and every page shares the theme's chrome).
pub(super) fn page_dictionary(renderer: &Renderer) -> Option<Dictionary> {
    let pages = renderer.pages();
    let page = (pages
        .iter()
        .find(|p| matches!(p.kind, PageKind::Article(_))))
    .or_else(|| pages.first())?;
    renderer.render_page(page).ok().map(|b| Dictionary::new(&b))
}

impl Builder {
    /// Renders the bodies whose source or link targets changed; keeps the others.
    pub(super) fn render_bodies(
        &mut self,
        site: &Site,
    ) -> Result<(Vec<BodyMeta>, Vec<Body>), Failure> {
        let links = links_hash(site);
        if self.dicts.plain.is_none() {
            // Markdown bodies: the plain texts' words.
            let samples =
                (site.articles.iter().take(super::DICT_SAMPLES)).map(|a| a.body().as_bytes());
            self.dicts.plain = Some(Dictionary::of(samples));
        }
        let plain = self.dicts.plain.as_ref();
        let sanitizer = Sanitizer::new(&site.config.allow_html, &site.config.base_url.path);
        let mut cache = std::mem::take(&mut self.bodies);
        let work: Vec<Option<(BodyMeta, Body)>> =
            site.articles.iter().map(|a| cache.remove(&a.rel)).collect();
        let hashes: Vec<Option<u64>> = (site.articles.iter())
            .map(|a| self.parsed.get(&a.rel).map(|c| c.source_hash))
            .collect();
        let results: Vec<Result<(BodyMeta, Body), Vec<Diagnostic>>> = work
            .into_par_iter()
            .zip(site.articles.par_iter())
            .zip(hashes)
            .map(|((old, a), source_hash)| {
                // Whether the body may link to other pages: known when its source is unchanged.
                let scan = may_link;
                let same_source = old
                    .as_ref()
                    .is_some_and(|(meta, _)| Some(meta.source) == source_hash);
                let links_out = match &old {
                    Some((meta, _)) if same_source => meta.links_out,
                    _ => scan(a.body()),
                };
                let uses = links_out.then_some(links);
                if let Some((meta, body)) = old
                    && same_source
                    && meta.links == uses
                {
                    return Ok((meta, body));
                }
                render_body(a, site, &sanitizer, (links_out, uses), plain)
            })
            .collect();
        let diags: Vec<Diagnostic> = results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .flatten()
            .cloned()
            .collect();
        if !diags.is_empty() {
            for (r, a) in results.into_iter().zip(&site.articles) {
                if let Ok(pair) = r {
                    self.bodies.insert(a.rel.clone(), pair);
                }
            }
            return Err(Failure::from(diags));
        }
        Ok(results.into_iter().flatten().unzip())
    }

    /// Renders the pages whose key changed and assembles the new site's files (all but the
    /// search files); also returns the key of the search files.
    pub(super) fn render_pages(
        &self,
        site: &Site,
        renderer: &mut Renderer,
        metas: &mut [BodyMeta],
        dict: Option<&Dictionary>,
    ) -> Result<Keyed, Failure> {
        let collisions = renderer.collisions();
        if !collisions.is_empty() {
            return Err(Failure::from(collisions));
        }
        let mut site_view = serde_json::to_value(renderer.views().site()).unwrap_or_default();
        if let Some(fields) = site_view.get_mut("fields").and_then(|f| f.as_array_mut()) {
            for f in fields.iter_mut().filter_map(|f| f.as_object_mut()) {
                f.remove("count");
            }
        }
        let globals = Globals {
            site: hash_of(&(self.template_gen, site_view.to_string())),
            counts: hash_of(&site.by_field.iter().map(Vec::len).collect::<Vec<_>>()),
            count_use: &self.count_use,
        };
        let art: Vec<ArticleHashes> = renderer
            .cards()
            .par_iter()
            .zip(site.articles.par_iter())
            .zip(metas.par_iter())
            .map(|((card, a), meta)| ArticleHashes {
                card: hash_json(card),
                source: self.parsed.get(&a.rel).map_or(0, |c| c.source_hash),
                body: meta.hash,
            })
            .collect();
        let pages = renderer.pages();
        let old = &self.site_files;
        let keyed: Vec<(u64, bool)> = pages
            .par_iter()
            .map(|p| {
                let k = page_key(p, &globals, &art);
                let same = self.keys.get(&p.file) == Some(&k) && old.contains_key(&p.file);
                (k, same)
            })
            .collect();
        // The bodies the pages to render show, given back their HTML (rewritten for the
        // image stage's results as `Renderer::from_parts` does).
        let shown: HashSet<usize> = (pages.iter().zip(&keyed))
            .filter(|(_, (_, same))| !same)
            .flat_map(|(p, _)| p.reads.whole.iter().copied())
            .collect();
        for (i, html) in super::inflate_bodies(metas, &shown) {
            let mut body = std::mem::take(&mut renderer.bodies_mut()[i]);
            body.html = html;
            renderer.set_body(i, body);
        }
        let pages = renderer.pages();
        let renderer = &*renderer;
        // Compressed as rendered: pages are most of what `serve` holds.
        let rendered: Vec<(usize, Result<Stored, Diagnostic>)> = keyed
            .par_iter()
            .enumerate()
            .filter(|(_, (_, same))| !same)
            .map(|(i, _)| {
                (
                    i,
                    renderer
                        .render_page(&pages[i])
                        .map(|b| Stored::deflated_with(&b, dict)),
                )
            })
            .collect();
        let count = rendered.len();
        let mut errors = Vec::new();
        let mut files = SiteFiles::new();
        for (i, r) in rendered {
            match r {
                Ok(stored) => {
                    files.insert(pages[i].file.clone(), stored);
                }
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            diagnostics::sort(&mut errors);
            return Err(Failure::Content(errors));
        }
        let mut keys = HashMap::with_capacity(pages.len());
        for (p, (k, same)) in pages.iter().zip(&keyed) {
            if *same && let Some(s) = old.get(&p.file) {
                files.insert(p.file.clone(), s.clone());
            }
            keys.insert(p.file.clone(), *k);
        }
        for (file, src) in renderer.files() {
            let stored = match src {
                CopySource::Static(StaticSource::Disk(p)) | CopySource::Disk(p) => Stored::File(p),
                CopySource::Static(StaticSource::Embedded(b)) => Stored::Bytes(b.into()),
                CopySource::Bytes(b) | CopySource::Alias(b) => Stored::Bytes(b.into()),
            };
            files.insert(file, stored);
        }
        let search_key = hash_of(&(globals.site, globals.counts, &art));
        Ok(Keyed {
            keys,
            files,
            rendered: count,
            search_key,
            globals_site: globals.site,
            globals_counts: globals.counts,
            art,
        })
    }
}
