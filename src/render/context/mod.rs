//! What templates see: serializable views of the site graph (see docs/themes.md). Each
//! article's card is built once and shared by every list that shows it.

mod cards;
mod lists;
pub mod report;
pub mod site;

use crate::model::Site;
use crate::render::markdown::{Body, TocEntry};
use serde::Serialize;

/// `id`, `name`, `url` of a unit or column.
#[derive(Serialize, Clone)]
pub struct NamedLink {
    id: String,
    name: String,
    url: String,
}

/// A quarter reference on a card.
#[derive(Serialize, Clone)]
pub struct QuarterLink {
    id: String,
    label: String,
    url: String,
}

/// A kind of exemplar.
#[derive(Serialize, Clone)]
pub struct KindView {
    id: &'static str,
    name: &'static str,
    /// The search page filtered to this kind.
    url: String,
}

/// A cover image.
#[derive(Serialize, Clone)]
pub struct ImageView {
    url: String,
    permalink: String,
    alt: String,
    /// Sizes, `srcset`s and the preview, when guong published the image (docs/themes.md).
    #[serde(flatten)]
    picture: Option<crate::images::markup::Picture>,
    /// `width`, `height` and `og` of a GIF or SVG guong published as drawn.
    #[serde(flatten)]
    drawn: Option<crate::images::markup::Drawn>,
}

/// A tag on a card.
#[derive(Serialize, Clone)]
pub struct TagLink {
    name: String,
    slug: String,
    url: String,
}

/// An article as lists show it.
#[derive(Serialize, Clone)]
pub struct Card {
    title: String,
    exemplar: String,
    url: String,
    permalink: String,
    date: String,
    date_display: String,
    date_short: String,
    summary: String,
    unit: NamedLink,
    field: NamedLink,
    quarter: QuarterLink,
    kind: KindView,
    image: Option<ImageView>,
    tags: Vec<TagLink>,
}

/// The article page's own article.
#[derive(Serialize)]
pub struct ArticleView<'a> {
    /// The article's card (see [`Views::card`]), as a value: its fields come first.
    #[serde(flatten)]
    card: &'a tera::Value,
    content: &'a str,
    toc: &'a [TocEntry],
    author: Option<&'a str>,
    updated: Option<String>,
    updated_display: Option<String>,
    word_count: usize,
    reading_minutes: usize,
    extra: &'a serde_json::Value,
}

/// A topic column (`field` of the front matter; `column` in templates).
#[derive(Serialize, Clone)]
pub struct FieldView {
    id: String,
    name: String,
    description: String,
    url: String,
    feed_url: String,
    count: usize,
}

/// A unit.
#[derive(Serialize, Clone)]
pub struct UnitView {
    id: String,
    name: String,
    bloc: String,
    description: String,
    duty_quarter: Option<u8>,
    duty_label: String,
    url: String,
    count: usize,
}

/// A quarter.
#[derive(Serialize, Clone)]
pub struct QuarterView {
    id: String,
    year: i32,
    n: u8,
    label: String,
    url: String,
    count: usize,
}

/// A tag.
#[derive(Serialize, Clone)]
pub struct TagView {
    name: String,
    slug: String,
    url: String,
    count: usize,
}

/// One numbered link of a paginator.
#[derive(Serialize)]
pub struct PageLink {
    number: usize,
    url: String,
    is_current: bool,
}

/// Pagination of a list.
#[derive(Serialize)]
pub struct Paginator {
    current: usize,
    total_pages: usize,
    total_items: usize,
    per_page: usize,
    first_url: String,
    last_url: String,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

/// Builds views with the site's base path.
pub struct Views<'a> {
    site: &'a Site,
    base: &'a str,
    origin: &'a str,
    images: Option<std::sync::Arc<crate::images::Images>>,
}

impl<'a> Views<'a> {
    /// Views of `site`.
    pub fn new(site: &'a Site) -> Self {
        Views {
            site,
            base: &site.config.base_url.path,
            origin: &site.config.base_url.origin,
            images: None,
        }
    }

    /// The same views, with the image stage's results for cards and bodies.
    pub fn with_images(mut self, images: Option<std::sync::Arc<crate::images::Images>>) -> Self {
        self.images = images;
        self
    }

    /// The published image at a root-relative `url`, as templates see it.
    fn picture(&self, url: &str) -> Option<crate::images::markup::Picture> {
        let published = self
            .images
            .as_ref()?
            .by_path
            .get(url.strip_prefix(self.base)?)?;
        (!published.variants.is_empty())
            .then(|| crate::images::markup::picture(published, self.base, self.origin))
    }

    /// The size (and, for a GIF, the link preview) of a GIF or SVG at a root-relative `url`
    /// that guong published as drawn; `None` for photos, other sites and sizeless SVGs.
    fn drawn(&self, url: &str) -> Option<crate::images::markup::Drawn> {
        let path = url.strip_prefix(self.base)?;
        let images = self.images.as_ref()?;
        let &size = images.dimensions.get(path)?;
        Some(crate::images::markup::drawn(
            path,
            size,
            self.base,
            self.origin,
        ))
    }

    /// Whether the cover at `url` is shown from an image guong published (photo, GIF, SVG).
    fn published_cover(&self, url: &str) -> bool {
        let Some(images) = self.images.as_ref() else {
            return false;
        };
        url.strip_prefix(self.base).is_some_and(|p| {
            images.as_drawn(p)
                || images
                    .by_path
                    .get(p)
                    .is_some_and(|i| !i.variants.is_empty())
        })
    }

    /// Rewrites the body images guong published into `<picture>` markup (after sanitizing);
    /// a body's first image loads eagerly when the article shows no cover above it.
    pub fn rewrite_bodies(&self, images: &crate::images::Images, bodies: &mut [Body]) {
        use rayon::prelude::*;
        bodies
            .par_iter_mut()
            .zip(self.site.articles.par_iter())
            .for_each(|(b, a)| self.rewrite_body(images, a, b));
    }

    /// Rewrites the images of article `a`'s body (see [`Views::rewrite_bodies`]).
    pub fn rewrite_body(
        &self,
        images: &crate::images::Images,
        a: &crate::model::Article,
        b: &mut Body,
    ) {
        if !b.html.contains("<img") {
            return;
        }
        let cover = a
            .image
            .as_ref()
            .is_some_and(|i| self.published_cover(&i.url));
        b.html = crate::images::markup::rewrite_body(
            &b.html,
            &a.path,
            self.base,
            images,
            !cover,
            self.origin,
        );
    }

    /// Root-relative URL of a site path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Absolute URL of a site path.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}{}", self.origin, self.base, path)
    }

    /// Absolute URL of a root-relative URL (absolute URLs are kept).
    pub fn absolute(&self, url: &str) -> String {
        if url.starts_with('/') {
            format!("{}{url}", self.origin)
        } else {
            url.to_string()
        }
    }
}
