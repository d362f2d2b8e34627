//! Incremental rebuilds for `serve`. Parsed articles, rendered bodies, the template engine and
//! every page's bytes are kept between builds: a changed article is read again alone, only
//! the bodies whose inputs changed are rendered again, and only the pages whose key (see
//! [`keys`](super::keys)) changed are rendered again. A change to `site.yaml` starts over.
//! The search files, slow to make for a big site, are not made here: a rebuild hands out a
//! [`SearchJob`] when what they index changed, for a worker to run after the reload.

use super::keys::{ArticleHashes, CountUse, Globals, hash_of, page_key};
use crate::config::{BaseUrl, SiteConfig};
use crate::diagnostics::Failure;
use crate::diagnostics::{self, Diagnostic};
use crate::load::content::{self, ArticleFile};
use crate::load::theme::{self, StaticSource, Theme};
use crate::model::assemble::Parsed;
use crate::model::{self, Site};
use crate::pipeline::{LoadOptions, load, load_config, parse_article};
use crate::render::markdown::{self, Body};
use crate::render::sanitize::Sanitizer;
use crate::render::templates::Engine;
use crate::render::{CopySource, RenderOptions, Renderer, search};
use crate::write::memory::Stored;
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

/// The files of the site, by path relative to the site root.
pub type SiteFiles = HashMap<String, Stored>;

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
    /// The search files to make, when what they index changed.
    pub search: Option<SearchJob>,
}

/// The last site built, kept for the search files and the next rebuild's bodies.
struct Last {
    site: Site,
    metas: Vec<BodyMeta>,
    bodies: Vec<Body>,
}

/// Making the search files of one build.
pub struct SearchJob {
    last: Arc<Last>,
}

impl SearchJob {
    /// The search files, by path relative to the site root.
    pub fn run(&self) -> SiteFiles {
        search::files(&self.last.site, &self.last.bodies)
            .into_iter()
            .map(|(file, json)| (file, Stored::Bytes(json.into_bytes().into())))
            .collect()
    }
}

struct CachedArticle {
    parsed: Parsed,
    source_hash: u64,
}

/// A rendered body and what it was rendered from.
#[derive(Clone)]
struct BodyMeta {
    text: Arc<str>,
    links: Option<u64>,
    hash: u64,
}

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
    last: Option<Arc<Last>>,
    search_key: Option<u64>,
}

fn clone_parsed(p: &Parsed) -> Parsed {
    Parsed {
        file: p.file.clone(),
        source: p.source.clone(),
        fm: p.fm.clone(),
        body_offset: p.body_offset,
    }
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
            last: None,
            search_key: None,
        }
    }

    /// The last good site without its search files (empty before the first successful build).
    pub fn files(&self) -> Arc<SiteFiles> {
        self.site_files.clone()
    }

    fn reload_config(&mut self) -> Result<(), Failure> {
        self.config = None;
        self.theme = None;
        self.engine = None;
        self.files = None;
        self.parsed.clear();
        self.failed.clear();
        self.bodies.clear();
        self.last = None;
        let mut config = load_config(&self.root)?;
        config.base_url = BaseUrl::parse(&self.base_url).map_err(Failure::Usage)?;
        self.config = Some(config);
        Ok(())
    }

    /// Loads the theme again; the engine is rebuilt only when a template changed.
    fn reload_theme(&mut self, config: &SiteConfig) {
        self.theme_errors.clear();
        let theme = match theme::load(&self.root, &config.theme) {
            Ok(t) => t,
            Err(d) => {
                self.theme_errors = d;
                return;
            }
        };
        let same_templates = self.engine.is_some()
            && self.theme.as_ref().is_some_and(|old| {
                old.templates.len() == theme.templates.len()
                    && old
                        .templates
                        .iter()
                        .zip(&theme.templates)
                        .all(|(a, b)| a.name == b.name && a.text == b.text)
            });
        if !same_templates {
            self.engine = None;
            match Engine::new(&theme, &config.base_url.path)
                .and_then(|e| e.with_fallbacks(&theme, config))
            {
                Ok(e) => {
                    self.engine = Some(e);
                    self.template_gen += 1;
                    self.count_use = CountUse::new(&theme.templates);
                }
                Err(d) => self.theme_errors = d,
            }
        }
        self.theme = Some(theme);
    }

    /// Whether `path` is an article file already known (so no walk of `content/` is needed).
    fn is_known_article(&self, content_dir: &Path, path: &Path) -> bool {
        path.is_file() && rel_of(content_dir, path).is_some_and(|r| self.rels.contains(&r))
    }

    /// Re-reads what changed: the article list when files appeared or disappeared, and the
    /// changed, new and previously broken articles.
    fn reload_content(&mut self, config: &SiteConfig, changed: &[PathBuf]) -> Result<(), Failure> {
        let content_dir = self.root.join("content");
        let walk = self.files.is_none()
            || changed
                .iter()
                .any(|p| !self.is_known_article(&content_dir, p));
        if walk {
            let files = content::walk(&content_dir)
                .map_err(|e| Failure::Usage(format!("không đọc được thư mục content/: {e}")))?;
            self.rels = files.iter().map(|f| f.rel.clone()).collect();
            let rels = &self.rels;
            self.parsed.retain(|r, _| rels.contains(r));
            self.failed.retain(|r, _| rels.contains(r));
            self.bodies.retain(|r, _| rels.contains(r));
            for f in &files {
                if let Some(c) = self.parsed.get_mut(&f.rel) {
                    c.parsed.file = f.clone();
                }
            }
            self.files = Some(files);
        }
        let changed: HashSet<String> = changed
            .iter()
            .filter_map(|p| rel_of(&content_dir, p))
            .collect();
        let to_parse: Vec<ArticleFile> = self
            .files
            .iter()
            .flatten()
            .filter(|f| {
                changed.contains(&f.rel)
                    || !self.parsed.contains_key(&f.rel)
                    || self.failed.contains_key(&f.rel)
            })
            .cloned()
            .collect();
        let root = &self.root;
        let results: Vec<(String, Result<Parsed, Vec<Diagnostic>>)> = to_parse
            .into_par_iter()
            .map(|f| (f.rel.clone(), parse_article(root, f, config)))
            .collect();
        for (rel, r) in results {
            match r {
                Ok(parsed) => {
                    self.failed.remove(&rel);
                    let source_hash = hash_of(&*parsed.source.text);
                    self.parsed.insert(
                        rel,
                        CachedArticle {
                            parsed,
                            source_hash,
                        },
                    );
                }
                Err(d) => {
                    self.parsed.remove(&rel);
                    self.failed.insert(rel, d);
                }
            }
        }
        Ok(())
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

    fn rebuild_changed(&mut self, changes: &Changes) -> Result<Rebuilt, Failure> {
        match self.last.take().map(Arc::try_unwrap) {
            Some(Ok(last)) => {
                for ((a, meta), body) in last.site.articles.iter().zip(last.metas).zip(last.bodies)
                {
                    self.bodies.insert(a.rel.clone(), (meta, body));
                }
            }
            // The search worker still reads the last build: copy its bodies.
            Some(Err(last)) => {
                for ((a, meta), body) in
                    last.site.articles.iter().zip(&last.metas).zip(&last.bodies)
                {
                    self.bodies
                        .insert(a.rel.clone(), (meta.clone(), body.clone()));
                }
            }
            None => {}
        }
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
            .map(|c| clone_parsed(&c.parsed))
            .collect();
        let site = model::assemble(config, parsed, true, &self.root.join("static"))
            .map_err(Failure::from)?;
        let (metas, bodies) = self.render_bodies(&site)?;
        let statics = match &self.theme {
            Some(theme) => theme::static_files(theme, &self.root.join("static"), &self.root),
            None => Vec::new(),
        };
        let Some(engine) = self.engine.take() else {
            return Err(Failure::Usage("chưa nạp được giao diện".into()));
        };
        let images = match crate::images::process(&site, &self.root) {
            Ok(i) => Arc::new(i),
            Err(d) => {
                self.engine = Some(engine);
                return Err(Failure::from(d));
            }
        };
        let options = RenderOptions {
            inject_html: Some(self.inject.clone()),
            images: Some(images),
            ..Default::default()
        };
        let renderer = Renderer::from_parts(&site, engine, bodies, statics, options);
        let result = self.render_pages(&site, &renderer, &metas);
        let (engine, bodies) = renderer.into_parts();
        self.engine = Some(engine);
        let articles = site.articles.len();
        let last = Arc::new(Last {
            site,
            metas,
            bodies,
        });
        self.last = Some(last.clone());
        let (keys, files, rendered, search_key) = result?;
        self.keys = keys;
        self.site_files = Arc::new(files);
        let search = (self.search_key != Some(search_key)).then_some(SearchJob { last });
        self.search_key = Some(search_key);
        Ok(Rebuilt {
            rendered,
            pages: self.keys.len(),
            articles,
            files: self.site_files.clone(),
            search,
        })
    }

    /// Renders the bodies whose source or link targets changed; keeps the others.
    fn render_bodies(&mut self, site: &Site) -> Result<(Vec<BodyMeta>, Vec<Body>), Failure> {
        let links = hash_of(&(
            site.articles
                .iter()
                .map(|a| (&a.rel, &a.path))
                .collect::<Vec<_>>(),
            &site.unpublished,
        ));
        let sanitizer = Sanitizer::new(&site.config.allow_html, &site.config.base_url.path);
        let mut cache = std::mem::take(&mut self.bodies);
        let work: Vec<Option<(BodyMeta, Body)>> =
            site.articles.iter().map(|a| cache.remove(&a.rel)).collect();
        let results: Vec<Result<(BodyMeta, Body), Vec<Diagnostic>>> = work
            .into_par_iter()
            .zip(site.articles.par_iter())
            .map(|(old, a)| {
                let text = a.body();
                let uses = ([".md", "@/", "](/", "]: /", "://"].iter())
                    .any(|m| text.contains(m))
                    .then_some(links);
                if let Some((meta, body)) = old
                    && Arc::ptr_eq(&meta.text, &a.source.text)
                    && meta.links == uses
                {
                    return Ok((meta, body));
                }
                let body = markdown::render(a, site, &sanitizer)?;
                let meta = BodyMeta {
                    text: a.source.text.clone(),
                    links: uses,
                    hash: hash_of(&(&body.html, &body.text)),
                };
                Ok((meta, body))
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
    #[allow(clippy::type_complexity)]
    fn render_pages(
        &self,
        site: &Site,
        renderer: &Renderer,
        metas: &[BodyMeta],
    ) -> Result<(HashMap<String, u64>, SiteFiles, usize, u64), Failure> {
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
                card: hash_of(&serde_json::to_string(card).unwrap_or_default()),
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
                        .map(|b| Stored::deflated(&b)),
                )
            })
            .collect();
        let count = rendered.len();
        let mut errors = Vec::new();
        let mut files: SiteFiles = HashMap::with_capacity(pages.len() + renderer.statics().len());
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
                CopySource::Bytes(b) => Stored::Bytes(b.into()),
            };
            files.insert(file, stored);
        }
        let search_key = hash_of(&(globals.site, globals.counts, &art));
        Ok((keys, files, count, search_key))
    }
}

/// The path of `path` relative to `content_dir`, `/`-separated.
fn rel_of(content_dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content_dir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}
