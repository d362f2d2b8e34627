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
#[derive(Clone)]
pub struct ImageView {
    url: String,
    permalink: String,
    alt: String,
    /// Sizes, `srcset`s and the preview, when guong published the image (docs/themes.md).
    picture: Option<crate::images::markup::Picture>,
    /// `width`, `height` and `og` of a GIF or SVG guong published as drawn.
    drawn: Option<crate::images::markup::Drawn>,
}

/// One flat map: `url`, `permalink`, `alt`, then the fields of `picture` or `drawn`, as
/// `#[serde(flatten)]` would give, but as a struct with its field count known (flattening
/// goes through a growing map with a key string per field, which cost more than the rest of
/// a card's image on a warm rebuild: docs/images.md, round 5).
impl Serialize for ImageView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let more = self.picture.as_ref().map_or(0, |_| 9) + self.drawn.as_ref().map_or(0, |_| 3);
        let mut s = serializer.serialize_struct("ImageView", 3 + more)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("permalink", &self.permalink)?;
        s.serialize_field("alt", &self.alt)?;
        if let Some(p) = &self.picture {
            s.serialize_field("width", &p.width)?;
            s.serialize_field("height", &p.height)?;
            s.serialize_field("src", &p.src)?;
            s.serialize_field("small", &p.small)?;
            s.serialize_field("large", &p.large)?;
            s.serialize_field("srcset", &p.srcset)?;
            s.serialize_field("srcset_webp", &p.srcset_webp)?;
            s.serialize_field("fallback_type", &p.fallback_type)?;
            s.serialize_field("og", &p.og)?;
        }
        if let Some(d) = &self.drawn {
            s.serialize_field("width", &d.width)?;
            s.serialize_field("height", &d.height)?;
            s.serialize_field("og", &d.og)?;
        }
        s.end()
    }
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

    /// The size and link preview of a GIF or SVG at a root-relative `url`
    /// that guong published as drawn; `None` for photos, other sites and sizeless SVGs.
    fn drawn(&self, url: &str) -> Option<crate::images::markup::Drawn> {
        let path = url.strip_prefix(self.base)?;
        let images = self.images.as_ref()?;
        let &size = images.dimensions.get(path)?;
        Some(crate::images::markup::drawn(
            path,
            size,
            images.previews.get(path).map(String::as_str),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::markup::{Drawn, OgImage, Picture};

    /// The image view as `#[serde(flatten)]` gives it, to compare with the hand-written one.
    #[derive(Serialize)]
    struct Flattened<'a> {
        url: &'a str,
        permalink: &'a str,
        alt: &'a str,
        #[serde(flatten)]
        picture: &'a Option<Picture>,
        #[serde(flatten)]
        drawn: &'a Option<Drawn>,
    }

    #[test]
    fn image_views_serialize_as_one_flat_map() {
        let og = |url: &str| OgImage {
            url: url.into(),
            permalink: format!("https://a.vn{url}"),
            width: 1200,
            height: 630,
        };
        let picture = Picture {
            width: 800,
            height: 600,
            src: "/g/a.720w.jpg".into(),
            small: "/g/a.360w.jpg".into(),
            large: "/g/a.800w.jpg".into(),
            srcset: "/g/a.360w.jpg 360w, /g/a.720w.jpg 720w".into(),
            srcset_webp: "/g/a.360w.webp 360w, /g/a.720w.webp 720w".into(),
            fallback_type: "image/jpeg",
            og: Some(og("/g/a.og.jpg")),
        };
        let drawn = Drawn {
            width: 40,
            height: 30,
            og: Some(og("/g/b.gif")),
        };
        let views = [
            (Some(picture.clone()), None),
            (
                Some(Picture {
                    og: None,
                    ..picture
                }),
                None,
            ),
            (None, Some(drawn.clone())),
            (None, Some(Drawn { og: None, ..drawn })),
            (None, None),
        ];
        for (picture, drawn) in views {
            let view = ImageView {
                url: "/g/a.jpg".into(),
                permalink: "https://a.vn/g/a.jpg".into(),
                alt: "Bà Lan \"đứng lớp\"".into(),
                picture,
                drawn,
            };
            let flat = Flattened {
                url: &view.url,
                permalink: &view.permalink,
                alt: &view.alt,
                picture: &view.picture,
                drawn: &view.drawn,
            };
            assert_eq!(
                serde_json::to_string(&view).unwrap(),
                serde_json::to_string(&flat).unwrap()
            );
            // The same Tera value, keys in the same order (a struct's keys are static strings,
            // a map's owned ones).
            let (a, b) = (
                tera::Value::from_serializable(&view),
                tera::Value::from_serializable(&flat),
            );
            assert_eq!(a, b);
            assert_eq!(
                format!("{a:?}").replace("Str(", "String("),
                format!("{b:?}").replace("Str(", "String(")
            );
        }
    }
}
