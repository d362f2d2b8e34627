//! Reading again what changed: `site.yaml`, the theme, and the changed articles.

use super::{Builder, CachedArticle};
use crate::config::{BaseUrl, SiteConfig};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Failure;
use crate::load::content::{self, ArticleFile};
use crate::load::theme;
use crate::model::assemble::Parsed;
use crate::pipeline::{load_config, parse_article};
use crate::render::templates::Engine;
use crate::serve::keys::CountUse;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

impl Builder {
    pub(super) fn reload_config(&mut self) -> Result<(), Failure> {
        self.config = None;
        self.theme = None;
        self.engine = None;
        self.files = None;
        self.parsed.clear();
        self.failed.clear();
        self.bodies.clear();
        let mut config = load_config(&self.root)?;
        config.base_url = BaseUrl::parse(&self.base_url).map_err(Failure::Usage)?;
        self.config = Some(config);
        Ok(())
    }

    /// Loads the theme again; the engine is rebuilt only when a template changed.
    pub(super) fn reload_theme(&mut self, config: &SiteConfig) {
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
                    // New templates: pages like the old ones no more.
                    self.dicts.pages = None;
                    self.template_gen += 1;
                    self.count_use = CountUse::new(&theme.templates);
                }
                Err(d) => self.theme_errors = d,
            }
        }
        self.theme = Some(theme);
    }

    /// Whether `path` is an article file already known (so no walk of `content/` is needed).
    pub(super) fn is_known_article(&self, content_dir: &Path, path: &Path) -> bool {
        path.is_file() && rel_of(content_dir, path).is_some_and(|r| self.rels.contains(&r))
    }

    /// Re-reads what changed: the article list when files appeared or disappeared, and the
    /// changed, new and previously broken articles.
    pub(super) fn reload_content(
        &mut self,
        config: &SiteConfig,
        changed: &[PathBuf],
    ) -> Result<(), Failure> {
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
                    self.parsed.insert(rel, CachedArticle::new(parsed));
                }
                Err(d) => {
                    self.parsed.remove(&rel);
                    self.failed.insert(rel, d);
                }
            }
        }
        Ok(())
    }
}

/// The path of `path` relative to `content_dir`, `/`-separated.
pub(super) fn rel_of(content_dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content_dir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}
