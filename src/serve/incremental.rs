//! Incremental rebuilds for `serve`. Parsed articles, rendered bodies, the template engine and
//! every page's bytes are kept between builds: a changed article is read again alone, only
//! the bodies whose inputs changed are rendered again, and only the pages whose key (see
//! [`keys`](super::keys)) changed are rendered again. A change to `site.yaml` starts over.
//! A save that changes only article bodies takes a fast path (see `fast.rs`): the last
//! rebuild's site graph, cards, image stage and plan are kept, and only the changed bodies and
//! the pages that show them are made again. After the reload, sources and bodies' HTML are
//! kept compressed ([`Builder::settle`]).
//! The search files, slow to make for a big site, are not made here: a rebuild hands out a
//! [`SearchJob`] when what they index changed, for a worker to run after the reload.

mod content;
mod fast;
mod pages;

use super::keys::{ArticleHashes, CountUse, hash_of as keys_hash_of};
pub use super::search::SearchJob;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Failure;
use crate::diagnostics::SourceFile;
use crate::images::collect::body_images;
use crate::load::content::ArticleFile;
use crate::load::theme::{self, Theme};
use crate::model::assemble::Parsed;
use crate::model::{self, Site};
use crate::pipeline::{LoadOptions, load};
use crate::render::markdown::Body;
use crate::render::templates::Engine;
use crate::render::{RenderOptions, Renderer, Saved};
use crate::write::memory::{Dictionary, Stored};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What changed on disk since the last build.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// `site.yaml`: everything is read again.
    pub config: bool,
    /// Something under `templates/` or `themes/`.
    pub theme: bool,
    /// Something under `static/`.
    pub statics: bool,
    /// Paths under `content/` that changed, appeared or disappeared.
    pub content: Vec<PathBuf>,
}

impl Changes {
    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        !self.config && !self.theme && !self.statics && self.content.is_empty()
    }
}

pub use super::files::SiteFiles;

/// What a successful rebuild did.
pub struct Rebuilt {
    /// Pages rendered this time.
    pub rendered: usize,
    /// Pages of the site.
    pub pages: usize,
    /// Articles of the site (drafts included).
    pub articles: usize,
    /// The whole site.
    pub files: Arc<SiteFiles>,
    /// Whether what the search files index changed (then [`Builder::search_job`] gives the
    /// work to remake them).
    pub search: bool,
}

struct CachedArticle {
    /// The parsed article; its source text is empty while `packed` holds it.
    parsed: Parsed,
    source_hash: u64,
    /// The source text, compressed (see [`Builder::settle`]).
    packed: Option<Stored>,
    /// While `packed` holds the source: its front matter (the text before the body), when the
    /// body shows no image. The full path hands such an article to `assemble` and the image
    /// stage with this alone (they read a body only for its images), and inflates its
    /// source only if its body is rendered again.
    head: Option<Arc<str>>,
}

impl CachedArticle {
    fn new(parsed: Parsed) -> Self {
        CachedArticle {
            source_hash: keys_hash_of(&*parsed.source.text),
            parsed,
            packed: None,
            head: None,
        }
    }

    /// The source text.
    fn text(&self) -> Arc<str> {
        match self.packed.as_ref().and_then(|z| z.text().ok()) {
            Some(text) => text.into(),
            None => self.parsed.source.text.clone(),
        }
    }

    /// Compresses the source text (against `dict`) and lets go of it.
    fn pack(&mut self, dict: Option<&Dictionary>) {
        if self.packed.is_none() {
            let text = &self.parsed.source.text;
            self.packed = Some(Stored::deflated_with(text.as_bytes(), dict));
            let at = self.parsed.body_offset;
            self.head = match (text.get(..at), text.get(at..)) {
                (Some(head), Some(body)) if body_images(body).is_empty() => Some(head.into()),
                _ => None,
            };
            let name = std::mem::take(&mut self.parsed.source.name);
            self.parsed.source = SourceFile::new(name, "");
        }
    }

    /// A copy of the parsed article, with its source text, or only the front matter when
    /// that is all `assemble` and the image stage read of it (see `head`).
    fn for_assemble(&self) -> Parsed {
        let p = &self.parsed;
        Parsed {
            file: p.file.clone(),
            source: match (&self.packed, &self.head) {
                (Some(_), Some(head)) => SourceFile::new(p.source.name.clone(), head.clone()),
                (Some(_), None) => SourceFile::new(p.source.name.clone(), self.text()),
                (None, _) => p.source.clone(),
            },
            fm: p.fm.clone(),
            body_offset: p.body_offset,
        }
    }
}

/// A rendered body's plain text (kept apart for the search files), and what the body was
/// rendered from.
#[derive(Clone)]
struct BodyMeta {
    /// The hash of the article's source text it was rendered from.
    source: u64,
    /// The hash of the link targets, when the body may link to other pages.
    links: Option<u64>,
    /// Whether the body may link to other pages.
    links_out: bool,
    hash: u64,
    /// The body's plain text, compressed: only the search files read it.
    plain: Stored,
    /// The body's HTML, compressed, while the body holds none (see [`Builder::settle`]):
    /// about a fifth of the size. Given back to the bodies the pages to render show.
    html: Option<Stored>,
}

/// The last successful rebuild, kept whole for the next one's fast path (see
/// [`Builder::rebuild_bodies`]).
struct Last {
    site: Arc<Site>,
    saved: Saved,
    /// What each body was rendered from, in `Site::articles` order.
    metas: Vec<BodyMeta>,
    /// Each article's hashes, in `Site::articles` order.
    art: Vec<ArticleHashes>,
    globals_site: u64,
    globals_counts: u64,
    /// The links hash the bodies were rendered with.
    links: u64,
}

impl Last {
    /// Compresses the HTML of every body not compressed yet (against `dict`), and lets go of it.
    fn pack(&mut self, dict: Option<&Dictionary>) {
        self.saved
            .bodies_mut()
            .par_iter_mut()
            .zip(self.metas.par_iter_mut())
            .filter(|(_, m)| m.html.is_none())
            .for_each(|(b, m)| {
                m.html = Some(Stored::deflated_with(b.html.as_bytes(), dict));
                b.html = String::new();
            });
    }
}

/// The HTML of the bodies `which` that `metas` hold compressed, inflated (in parallel when
/// there are many), by index.
fn inflate_bodies(metas: &mut [BodyMeta], which: &HashSet<usize>) -> Vec<(usize, String)> {
    let mut packed: Vec<(usize, Stored)> = (which.iter())
        .filter_map(|&i| Some((i, metas.get_mut(i)?.html.take()?)))
        .collect();
    packed.sort_by_key(|&(i, _)| i);
    let inflate = |(i, z): (usize, Stored)| (i, z.text().unwrap_or_default());
    // A few bodies: no thread pool.
    if packed.len() > 8 {
        packed.into_par_iter().map(inflate).collect()
    } else {
        packed.into_iter().map(inflate).collect()
    }
}

/// Gives back the HTML of the bodies `which` that `metas` hold compressed.
fn unpack(bodies: &mut [Body], metas: &mut [BodyMeta], which: &HashSet<usize>) {
    for (i, html) in inflate_bodies(metas, which) {
        if let Some(b) = bodies.get_mut(i) {
            b.html = html;
        }
    }
}

/// Preset dictionaries for what `serve` keeps compressed, each made once from the first
/// texts of its kind (see [`Dictionary`]): pages share the theme's chrome, sources, bodies and
/// their plain texts the site's words.
#[derive(Default)]
struct Dicts {
    pages: Option<Dictionary>,
    sources: Option<Dictionary>,
    html: Option<Dictionary>,
    plain: Option<Dictionary>,
}

/// How many texts a dictionary of sources, bodies or plain texts is made from.
const DICT_SAMPLES: usize = 8;

/// Everything kept between rebuilds.
pub struct Builder {
    root: PathBuf,
    base_url: String,
    inject: String,
    config: Option<SiteConfig>,
    theme: Option<Theme>,
    engine: Option<Engine>,
    theme_errors: Vec<Diagnostic>,
    template_gen: u64,
    count_use: CountUse,
    files: Option<Vec<ArticleFile>>,
    rels: HashSet<String>,
    parsed: HashMap<String, CachedArticle>,
    failed: HashMap<String, Vec<Diagnostic>>,
    bodies: HashMap<String, (BodyMeta, Body)>,
    keys: HashMap<String, u64>,
    site_files: Arc<SiteFiles>,
    search_key: Option<u64>,
    image_memo: crate::images::cache::Memo,
    last: Option<Last>,
    dicts: Dicts,
}

impl Builder {
    /// A builder for the site at `root`, published at `base_url`, with `inject` before
    /// `</body>` of every page.
    pub fn new(root: &Path, base_url: &str, inject: String) -> Self {
        Builder {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            inject,
            config: None,
            theme: None,
            engine: None,
            theme_errors: Vec::new(),
            template_gen: 0,
            count_use: CountUse::default(),
            files: None,
            rels: HashSet::new(),
            parsed: HashMap::new(),
            failed: HashMap::new(),
            bodies: HashMap::new(),
            keys: HashMap::new(),
            site_files: Arc::default(),
            search_key: None,
            image_memo: Default::default(),
            last: None,
            dicts: Dicts::default(),
        }
    }

    /// The work of making the last good site's search files, handed to the search worker
    /// after the reload went out: it touches every body's plain text, which takes tens of
    /// milliseconds a save should not wait for.
    pub fn search_job(&self) -> Option<SearchJob> {
        let last = self.last.as_ref()?;
        let texts: Vec<Stored> = last.metas.iter().map(|m| m.plain.clone()).collect();
        Some(SearchJob::new(last.site.clone(), texts))
    }

    /// The work of checking the last good site's links, handed to the link worker after the
    /// reload went out; `generation` is the rebuild's number.
    pub fn link_job(&self, generation: u64) -> Option<super::links::LinkJob> {
        let last = self.last.as_ref()?;
        Some(super::links::LinkJob {
            generation,
            site: last.site.clone(),
            files: self.site_files.clone(),
            templates: self.theme.as_ref()?.templates.clone(),
            root: self.root.clone(),
        })
    }

    /// The last good site without its search files (empty before the first successful build).
    pub fn files(&self) -> Arc<SiteFiles> {
        self.site_files.clone()
    }

    /// Rebuilds after `changes`. On error the last good site stays as it was, and the errors
    /// are all those `build --drafts` reports for the same files.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuilt, Failure> {
        match self.rebuild_changed(changes) {
            Err(Failure::Content(found)) => Err(self.all_errors(found)),
            result => result,
        }
    }

    /// Every error of the site, found by the stages of `build` (the incremental rebuild stops
    /// at the first stage that fails): `found` when those stages see nothing more.
    fn all_errors(&self, found: Vec<Diagnostic>) -> Failure {
        let opts = LoadOptions {
            root: self.root.clone(),
            drafts: true,
            base_url: Some(self.base_url.clone()),
        };
        let loaded = match load(&opts) {
            Ok(loaded) => loaded,
            Err(failure) => return failure,
        };
        let static_dir = self.root.join("static");
        let options = RenderOptions::default();
        match Renderer::prepare(
            &loaded.site,
            &loaded.theme,
            &self.root,
            &static_dir,
            options,
        ) {
            Err(d) => Failure::from(d),
            Ok(_) => Failure::from(found),
        }
    }

    /// Work left after a rebuild's reload went out: the bodies' HTML is compressed (it is
    /// about a third of what `serve` holds otherwise).
    pub fn settle(&mut self) {
        if self.dicts.sources.is_none() {
            let samples: Vec<&[u8]> = (self.files.iter().flatten())
                .filter_map(|f| self.parsed.get(&f.rel))
                .filter(|c| c.packed.is_none())
                .take(DICT_SAMPLES)
                .map(|c| c.parsed.source.text.as_bytes())
                .collect();
            self.dicts.sources = Some(Dictionary::of(samples.into_iter()));
        }
        let dict = self.dicts.sources.as_ref();
        self.parsed.par_iter_mut().for_each(|(_, c)| c.pack(dict));
        if let Some(last) = &mut self.last {
            if self.dicts.html.is_none() {
                let samples: Vec<&[u8]> = (last.saved.bodies_mut().iter())
                    .filter(|b| !b.html.is_empty())
                    .take(DICT_SAMPLES)
                    .map(|b| b.html.as_bytes())
                    .collect();
                self.dicts.html = Some(Dictionary::of(samples.into_iter()));
            }
            last.pack(self.dicts.html.as_ref());
        }
    }

    /// Gives the articles of `site` handed to `assemble` with their front matter alone (see
    /// `CachedArticle::head`) their whole source when their body is rendered again: the
    /// same test as [`Builder::render_bodies`] makes.
    fn give_back_sources(&self, site: &mut Site) {
        let links = pages::links_hash(site);
        let kept = |a: &model::Article| {
            let (Some((meta, _)), Some(c)) = (self.bodies.get(&a.rel), self.parsed.get(&a.rel))
            else {
                return false;
            };
            meta.source == c.source_hash && meta.links == meta.links_out.then_some(links)
        };
        site.articles
            .par_iter_mut()
            .filter(|a| a.source.text.len() <= a.body_offset && !kept(a))
            .for_each(|a| {
                if let Some(c) = self.parsed.get(&a.rel).filter(|c| c.head.is_some()) {
                    a.source = SourceFile::new(std::mem::take(&mut a.source.name), c.text());
                }
            });
    }

    /// Keeps the bodies of `site` for the next rebuild.
    fn keep_bodies(&mut self, site: &Site, metas: Vec<BodyMeta>, bodies: Vec<Body>) {
        self.bodies.reserve(site.articles.len());
        for ((a, meta), body) in site.articles.iter().zip(metas).zip(bodies) {
            self.bodies.insert(a.rel.clone(), (meta, body));
        }
    }

    /// Hands the last rebuild's engine and bodies back to the full path, and drops the rest
    /// off the critical path.
    fn dismantle_last(&mut self) {
        let rest = self.take_last();
        drop_later(rest);
    }

    /// [`Builder::dismantle_last`], handing the rest to the caller.
    fn take_last(&mut self) -> Option<impl Send + 'static> {
        let last = self.last.take()?;
        // The bodies keep their HTML compressed: only those the pages to render show are
        // inflated (see `render_pages`).
        let (engine, bodies, rest) = last.saved.into_parts_and_rest();
        self.engine = Some(engine);
        self.keep_bodies(&last.site, last.metas, bodies);
        Some((rest, last.site))
    }

    fn rebuild_changed(&mut self, changes: &Changes) -> Result<Rebuilt, Failure> {
        if let Some(result) = self.rebuild_bodies(changes) {
            return result;
        }
        // Freed here, before the rebuild allocates its own (a thread of its own would free
        // beside the rebuild, and `malloc_trim` holds the allocator's locks).
        drop(self.take_last());
        self.rebuild_full(changes)
    }

    fn rebuild_full(&mut self, changes: &Changes) -> Result<Rebuilt, Failure> {
        if changes.config || self.config.is_none() {
            self.reload_config()?;
        }
        let config = self
            .config
            .clone()
            .ok_or_else(|| Failure::Usage("không đọc được site.yaml".into()))?;
        if changes.theme || changes.statics || self.theme.is_none() || self.engine.is_none() {
            self.reload_theme(&config);
        }
        self.reload_content(&config, &changes.content)?;

        let mut diags: Vec<Diagnostic> = self.failed.values().flatten().cloned().collect();
        diags.extend(self.theme_errors.iter().cloned());
        if !diags.is_empty() {
            return Err(Failure::from(diags));
        }
        let parsed: Vec<Parsed> = self
            .files
            .iter()
            .flatten()
            .filter_map(|f| self.parsed.get(&f.rel))
            .collect::<Vec<_>>()
            .par_iter()
            .map(|c| c.for_assemble())
            .collect();
        let mut site = model::assemble(config, parsed, true, &self.root.join("static"))
            .map_err(Failure::from)?;
        self.give_back_sources(&mut site);
        let (metas, bodies) = self.render_bodies(&site)?;
        let statics = match &self.theme {
            Some(theme) => theme::static_files(theme, &self.root.join("static"), &self.root),
            None => Vec::new(),
        };
        let Some(engine) = self.engine.take() else {
            return Err(Failure::Usage("chưa nạp được giao diện".into()));
        };
        let images = match crate::images::process_with(&site, &self.root, &self.image_memo) {
            Ok(i) => Arc::new(i),
            Err(d) => {
                self.engine = Some(engine);
                self.keep_bodies(&site, metas, bodies);
                return Err(Failure::from(d));
            }
        };
        let options = RenderOptions {
            inject_html: Some(self.inject.clone()),
            images: Some(images),
            ..Default::default()
        };
        let mut renderer = Renderer::from_parts(&site, engine, bodies, statics, options);
        if self.dicts.pages.is_none() {
            self.dicts.pages = pages::page_dictionary(&renderer);
        }
        let mut metas = metas;
        let dict = self.dicts.pages.clone();
        let result = self.render_pages(&site, &mut renderer, &mut metas, dict.as_ref());
        let k = match result {
            Ok(k) => k,
            Err(e) => {
                let (engine, bodies, rest) = renderer.into_parts_and_rest();
                self.engine = Some(engine);
                self.keep_bodies(&site, metas, bodies);
                drop_later(rest);
                return Err(e);
            }
        };
        let saved = renderer.into_saved();
        let links = pages::links_hash(&site);
        let articles = site.articles.len();
        let old = (
            std::mem::replace(&mut self.keys, k.keys),
            std::mem::replace(&mut self.site_files, Arc::new(k.files)),
            std::mem::take(&mut self.bodies),
        );
        // `serve` holds each source once, compressed (see `settle`); nothing reads the site's.
        for a in &mut site.articles {
            a.forget_source();
        }
        let site = Arc::new(site);
        // The worker gets the site and the texts for itself: the next rebuild copies nothing.
        let search = self.search_key != Some(k.search_key);
        drop_later(old);
        self.search_key = Some(k.search_key);
        self.last = Some(Last {
            site,
            saved,
            metas,
            art: k.art,
            globals_site: k.globals_site,
            globals_counts: k.globals_counts,
            links,
        });
        Ok(Rebuilt {
            rendered: k.rendered,
            pages: self.keys.len(),
            articles,
            files: self.site_files.clone(),
            search,
        })
    }
}

/// Drops `value` on a thread of its own: freeing a big site's many small allocations takes
/// tens of milliseconds a rebuild should not wait for.
fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("guong-drop".into())
        .spawn(move || {
            // No `malloc_trim` here: it holds the allocator's locks for tens of milliseconds,
            // which stalled the next rebuild; `apply` trims once the reload has gone out.
            drop(value);
        });
}
