//! The fast path of a rebuild: a save that changes only the bodies of known articles (the
//! front matter byte for byte the same, the same images in the body) leaves the site graph,
//! the image stage, the cards and the plan of the last rebuild as they are. Only the changed
//! bodies are rendered again, then the pages that show them whole, and the site's file map
//! is patched. Anything else takes the full path.

use super::pages::{may_link, render_body};
use super::{Builder, CachedArticle, Changes, Last, Rebuilt, SiteFiles, drop_later};
use crate::diagnostics::Failure;
use crate::images::collect::body_images;
use crate::model::assemble::Parsed;
use crate::model::paths::PageKind;
use crate::pipeline::parse_article;
use crate::render::Renderer;
use crate::render::sanitize::Sanitizer;
use crate::serve::keys::{Globals, hash_of, page_key};
use crate::write::memory::Stored;
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// The images of a body as the image stage reads them: what it publishes depends on these
/// destinations only (their byte ranges only place its error messages).
fn image_dests(body: &str) -> Vec<(String, bool)> {
    body_images(body)
        .into_iter()
        .map(|i| (i.dest, i.html))
        .collect()
}

/// Whether `new` may replace `old` in the last site graph: the same front matter text (so the
/// same validated front matter, hence the same graph, cards and plan) and the same images.
fn same_graph(old: &CachedArticle, new: &Parsed) -> bool {
    let at = old.parsed.body_offset;
    let text = old.text();
    new.body_offset == at
        && new.source.text.get(..at) == text.get(..at)
        && image_dests(&new.source.text[at..]) == image_dests(text.get(at..).unwrap_or(""))
}

impl Builder {
    /// Rebuilds in proportion to the change when only article bodies changed (see the module
    /// documentation); `None` when the change needs the full path (nothing is changed then).
    pub(super) fn rebuild_bodies(&mut self, changes: &Changes) -> Option<Result<Rebuilt, Failure>> {
        if changes.config
            || changes.theme
            || changes.statics
            || changes.content.is_empty()
            || !self.failed.is_empty()
            || !self.theme_errors.is_empty()
        {
            return None;
        }
        let last = self.last.as_ref()?;
        let config = self.config.as_ref()?;
        let content_dir = self.root.join("content");
        let mut seen = HashSet::new();
        let mut edits: Vec<(usize, Parsed)> = Vec::new();
        for path in &changes.content {
            if !self.is_known_article(&content_dir, path) {
                return None;
            }
            let rel = super::content::rel_of(&content_dir, path)?;
            if !seen.insert(rel.clone()) {
                continue;
            }
            // The last rebuild was made from the cached article (a failed one leaves no `last`).
            let i = *last.site.by_source.get(&rel)?;
            let cached = self.parsed.get(&rel)?;
            let parsed = parse_article(&self.root, cached.parsed.file.clone(), config).ok()?;
            if !same_graph(cached, &parsed) {
                return None;
            }
            edits.push((i, parsed));
        }
        let mut last: Last = self.last.take()?;
        // The renderer borrows the site and owns the saved parts until they go back into `last`.
        let site = last.site.clone();
        let links = last.links;
        let sanitizer = Sanitizer::new(&site.config.allow_html, &site.config.base_url.path);
        let mut renderer = Renderer::from_saved(&site, last.saved);
        let mut touched = HashSet::new();
        for (i, parsed) in edits {
            let mut a = site.articles[i].clone();
            a.source = parsed.source.clone();
            a.body_offset = parsed.body_offset;
            let links_out = may_link(a.body());
            let uses = (links_out, links_out.then_some(links));
            let rendered = render_body(&a, &site, &sanitizer, uses, self.dicts.plain.as_ref());
            let cached = CachedArticle::new(parsed);
            let source_hash = cached.source_hash;
            self.parsed.insert(a.rel.clone(), cached);
            let (meta, body) = match rendered {
                Ok(r) => r,
                Err(d) => {
                    // The full path takes over from here (and reports every error).
                    last.saved = renderer.into_saved();
                    self.last = Some(last);
                    self.dismantle_last();
                    return Some(Err(Failure::from(d)));
                }
            };
            last.art[i].source = source_hash;
            last.art[i].body = meta.hash;
            last.metas[i] = meta;
            renderer.set_body(i, body);
            touched.insert(i);
        }
        let globals = Globals {
            site: last.globals_site,
            counts: last.globals_counts,
            count_use: &self.count_use,
        };
        let stale: Vec<(usize, u64)> = renderer
            .pages()
            .iter()
            .enumerate()
            // The sitemap and the reports read every article's front matter, never a body:
            // unchanged here. (Their keys change; the next full path renders them again.)
            .filter(|(_, p)| !matches!(p.kind, PageKind::Sitemap | PageKind::Report(_)))
            .filter(|(_, p)| {
                p.reads.everything || p.reads.whole.iter().any(|w| touched.contains(w))
            })
            .map(|(k, p)| (k, page_key(p, &globals, &last.art)))
            .filter(|(k, key)| self.keys.get(&renderer.pages()[*k].file) != Some(key))
            .collect();
        // The bodies those pages show, given back their HTML (compressed again after the reload).
        let shown: HashSet<usize> = stale
            .iter()
            .flat_map(|&(k, _)| renderer.pages()[k].reads.whole.iter().copied())
            .collect();
        super::unpack(renderer.bodies_mut(), &mut last.metas, &shown);
        let pages = renderer.pages();
        let dict = self.dicts.pages.as_ref();
        let render = |&(k, _): &(usize, u64)| {
            renderer
                .render_page(&pages[k])
                .map(|b| Stored::deflated_with(&b, dict))
        };
        // A few pages: waking the pool's threads would cost more than it saves.
        let results: Vec<_> = if stale.len() > 4 {
            stale.par_iter().map(render).collect()
        } else {
            stale.iter().map(render).collect()
        };
        let mut errors = Vec::new();
        let mut made = Vec::with_capacity(stale.len());
        for (&(k, key), r) in stale.iter().zip(results) {
            match r {
                Ok(stored) => made.push((pages[k].file.clone(), key, stored)),
                Err(d) => errors.push(d),
            }
        }
        let mut files = SiteFiles::new();
        if errors.is_empty() {
            files = (*self.site_files).clone(); // shares every shard it does not write to
            for (file, key, stored) in made {
                self.keys.insert(file.clone(), key);
                files.insert(file, stored);
            }
        }
        last.saved = renderer.into_saved();
        self.last = Some(last);
        if !errors.is_empty() {
            self.dismantle_last();
            crate::diagnostics::sort(&mut errors);
            return Some(Err(Failure::Content(errors)));
        }
        let old = std::mem::replace(&mut self.site_files, Arc::new(files));
        drop_later(old);
        let last = self.last.as_ref()?;
        let search_key = hash_of(&(last.globals_site, last.globals_counts, &last.art));
        let search = self.search_key != Some(search_key);
        self.search_key = Some(search_key);
        Some(Ok(Rebuilt {
            rendered: stale.len(),
            pages: self.keys.len(),
            articles: last.site.articles.len(),
            files: self.site_files.clone(),
            search,
        }))
    }
}
