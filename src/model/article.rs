//! One article of the site graph.

use crate::diagnostics::SourceFile;
use crate::validate::article::FrontMatter;
use std::path::PathBuf;

/// A cover image.
#[derive(Debug, Clone)]
pub struct ImageRef {
    /// Root-relative URL with the base path, or an absolute `http(s)` URL.
    pub url: String,
    /// Alt text.
    pub alt: String,
}

/// A validated article with its place in the site.
#[derive(Debug, Clone)]
pub struct Article {
    /// The source file (name and text).
    pub source: SourceFile,
    /// Path relative to `content/`, `/`-separated.
    pub rel: String,
    /// Validated front matter.
    pub fm: FrontMatter,
    /// Byte offset of the Markdown body in `source.text`.
    pub body_offset: usize,
    /// Site path of the page relative to the base path (`bai-viet/<slug>/`).
    pub path: String,
    /// Bundle files: path relative to the bundle folder, and on disk.
    pub assets: Vec<(String, PathBuf)>,
    /// Cover image.
    pub image: Option<ImageRef>,
    /// Indices into `Site::tags`.
    pub tags: Vec<usize>,
}

impl Article {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }

    /// Lets go of the source text (keeping its name) once nothing needs it any more: `build`
    /// calls it after the render stage's checks, when bodies are rendered and every position
    /// reported. [`Article::body`] is empty afterwards.
    pub fn forget_source(&mut self) {
        self.source = SourceFile::new(std::mem::take(&mut self.source.name), "");
        self.body_offset = 0;
    }

    /// The honoree's name (`exemplar`, else the title).
    pub fn exemplar(&self) -> &str {
        self.fm.exemplar.as_deref().unwrap_or(&self.fm.title)
    }
}
