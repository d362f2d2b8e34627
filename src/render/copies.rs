//! The files of a site besides its planned pages: static files, published images, bundle
//! files and alias pages.

use super::{CopySource, Renderer, feeds};
use crate::model::paths;

impl Renderer<'_> {
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
            for (file, bytes) in &images.rewritten {
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
            copies.push((file.clone(), CopySource::Alias(html.into_bytes())));
        }
        copies
    }
}
