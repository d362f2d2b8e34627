//! What templates see: serializable views of the site graph (see docs/themes.md). Each
//! article's card is built once and shared by every list that shows it.

use crate::model::paths::{
    field_path, list_page_path, page_count, quarter_path, tag_path, unit_path,
};
use crate::model::{Article, Site};
use crate::render::markdown::{Body, TocEntry};
use crate::text::dates::{self, Quarter};
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
    #[serde(flatten)]
    card: &'a Card,
    content: &'a str,
    toc: &'a [TocEntry],
    author: Option<&'a str>,
    updated: Option<String>,
    updated_display: Option<String>,
    word_count: usize,
    reading_minutes: usize,
    extra: &'a serde_json::Value,
}

/// A topic column.
#[derive(Serialize, Clone)]
pub struct ColumnView {
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

/// The `site` variable.
#[derive(Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    author: Option<&'a str>,
    publisher: Option<PublisherView<'a>>,
    base_url: String,
    base_path: &'a str,
    fields: Vec<ColumnView>,
    feed_url: String,
    search_url: String,
    /// The newest public coverage page (`report.publish`), when there is one.
    report_url: Option<String>,
    extra: &'a serde_json::Value,
}

/// `site.publisher`: the `publisher:` map of site.yaml, with a `tel:` link for the phone.
#[derive(Serialize)]
pub struct PublisherView<'a> {
    #[serde(flatten)]
    fields: &'a crate::config::Publisher,
    /// `tel:` URL of the phone (digits and a leading `+` only).
    phone_href: Option<String>,
}

impl<'a> PublisherView<'a> {
    fn new(p: &'a crate::config::Publisher) -> Self {
        let phone_href = p.phone.as_deref().map(|ph| {
            let digits: String = ph
                .chars()
                .enumerate()
                .filter(|&(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'))
                .map(|(_, c)| c)
                .collect();
            format!("tel:{digits}")
        });
        PublisherView {
            fields: p,
            phone_href,
        }
    }
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

    /// Rewrites the body images guong published into `<picture>` markup (after sanitizing);
    /// a body's first image loads eagerly when the article shows no cover above it.
    pub fn rewrite_bodies(&self, images: &crate::images::Images, bodies: &mut [Body]) {
        use rayon::prelude::*;
        bodies
            .par_iter_mut()
            .zip(self.site.articles.par_iter())
            .filter(|(b, _)| b.html.contains("<img"))
            .for_each(|(b, a)| {
                let cover = a
                    .image
                    .as_ref()
                    .is_some_and(|i| self.picture(&i.url).is_some());
                b.html = crate::images::markup::rewrite_body(
                    &b.html,
                    &a.path,
                    self.base,
                    images,
                    !cover,
                    self.origin,
                );
            });
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

    /// The `site` variable.
    pub fn site(&self) -> SiteView<'a> {
        let c = &self.site.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            author: c.author.as_deref(),
            publisher: c.publisher.as_ref().map(PublisherView::new),
            base_url: c.base_url.full(),
            base_path: &c.base_url.path,
            fields: (0..c.fields.len()).map(|i| self.column(i)).collect(),
            feed_url: self.url("atom.xml"),
            search_url: self.url("tim-kiem/"),
            report_url: (c.report_publish)
                .then(|| crate::report::page::years(self.site).first().copied())
                .flatten()
                .map(|y| self.url(&crate::report::page::path(y))),
            extra: &c.extra,
        }
    }

    /// A column.
    pub fn column(&self, i: usize) -> ColumnView {
        let f = &self.site.config.fields[i];
        let path = field_path(&f.id);
        ColumnView {
            id: f.id.clone(),
            name: f.name.clone(),
            description: f.description.clone(),
            url: self.url(&path),
            feed_url: self.url(&format!("{path}atom.xml")),
            count: self.site.by_field[i].len(),
        }
    }

    /// A unit.
    pub fn unit(&self, i: usize) -> UnitView {
        let u = &self.site.config.units[i];
        UnitView {
            id: u.id.clone(),
            name: u.name.clone(),
            bloc: u.bloc.clone(),
            description: u.description.clone(),
            duty_quarter: u.duty_quarter,
            duty_label: u
                .duty_quarter
                .map(|q| format!("Quý {}", dates::roman(q)))
                .unwrap_or_default(),
            url: self.url(&unit_path(&u.id)),
            count: self.site.by_unit[i].len(),
        }
    }

    /// A quarter.
    pub fn quarter(&self, q: Quarter, count: usize) -> QuarterView {
        QuarterView {
            id: q.id(),
            year: q.year,
            n: q.n,
            label: q.label(),
            url: self.url(&quarter_path(q)),
            count,
        }
    }

    /// A tag.
    pub fn tag(&self, i: usize) -> TagView {
        let t = &self.site.tags[i];
        TagView {
            name: t.name.clone(),
            slug: t.slug.clone(),
            url: self.url(&tag_path(&t.slug)),
            count: t.articles.len(),
        }
    }

    /// An article's card.
    pub fn card(&self, a: &Article) -> Card {
        let c = &self.site.config;
        let unit = &c.units[a.fm.unit];
        let field = &c.fields[a.fm.field];
        let date = a.fm.date.date_naive();
        Card {
            title: a.fm.title.clone(),
            exemplar: a.exemplar().to_string(),
            url: self.url(&a.path),
            permalink: self.permalink(&a.path),
            date: dates::iso(&a.fm.date),
            date_display: dates::display_long(date),
            date_short: dates::display_short(date),
            summary: a.fm.summary.clone(),
            unit: NamedLink {
                id: unit.id.clone(),
                name: unit.name.clone(),
                url: self.url(&unit_path(&unit.id)),
            },
            field: NamedLink {
                id: field.id.clone(),
                name: field.name.clone(),
                url: self.url(&field_path(&field.id)),
            },
            quarter: QuarterLink {
                id: a.fm.quarter.id(),
                label: a.fm.quarter.label(),
                url: self.url(&quarter_path(a.fm.quarter)),
            },
            kind: KindView {
                id: a.fm.kind.id(),
                name: a.fm.kind.name(),
                url: self.url(&format!("tim-kiem/?kind={}", a.fm.kind.id())),
            },
            image: a.image.as_ref().map(|i| ImageView {
                url: i.url.clone(),
                permalink: self.absolute(&i.url),
                alt: i.alt.clone(),
                picture: self.picture(&i.url),
            }),
            tags: a
                .tags
                .iter()
                .map(|&t| {
                    let tag = &self.site.tags[t];
                    TagLink {
                        name: tag.name.clone(),
                        slug: tag.slug.clone(),
                        url: self.url(&tag_path(&tag.slug)),
                    }
                })
                .collect(),
        }
    }

    /// The article page's `article`.
    pub fn article<'b>(&self, a: &'b Article, card: &'b Card, body: &'b Body) -> ArticleView<'b> {
        ArticleView {
            card,
            content: &body.html,
            toc: &body.toc,
            author: a.fm.author.as_deref(),
            updated: a.fm.updated.as_ref().map(dates::iso),
            updated_display: a.fm.updated.map(|u| dates::display_long(u.date_naive())),
            word_count: body.word_count,
            reading_minutes: body.word_count.div_ceil(200).max(1),
            extra: &a.fm.extra,
        }
    }

    /// The paginator of page `current` of a list at `list_path` with `total` items.
    pub fn paginator(&self, list_path: &str, current: usize, total: usize) -> Paginator {
        let per = self.site.config.paginate;
        let pages = page_count(total, per);
        let link = |n: usize| self.url(&list_page_path(list_path, n));
        Paginator {
            current,
            total_pages: pages,
            total_items: total,
            per_page: per,
            first_url: link(1),
            last_url: link(pages),
            prev_url: (current > 1).then(|| link(current - 1)),
            next_url: (current < pages).then(|| link(current + 1)),
            pages: shown_numbers(current, pages)
                .map(|n| PageLink {
                    number: n,
                    url: link(n),
                    is_current: n == current,
                })
                .collect(),
        }
    }
}

/// How far from the current page the paginator still offers numbered links: the default
/// theme shows two either side and marks the gap at the third.
const PAGE_WINDOW: usize = 3;

/// The page numbers a paginator offers: the first, the last and those within
/// [`PAGE_WINDOW`] of `current`, in order. Never all of them: every page of a list carrying a
/// link to every other page would make a long list quadratic (Zola's trap).
fn shown_numbers(current: usize, total: usize) -> impl Iterator<Item = usize> {
    let low = current.saturating_sub(PAGE_WINDOW).max(1);
    let high = (current + PAGE_WINDOW).min(total);
    let first = (low > 1 && total >= 1).then_some(1);
    let last = (high < total).then_some(total);
    first.into_iter().chain(low..=high).chain(last)
}

#[cfg(test)]
mod tests {
    use super::shown_numbers;

    #[test]
    fn the_paginator_offers_a_window_not_every_page() {
        let shown = |c, t| shown_numbers(c, t).collect::<Vec<_>>();
        assert_eq!(shown(1, 1), [1]);
        assert_eq!(shown(1, 3), [1, 2, 3]);
        assert_eq!(shown(1, 100), [1, 2, 3, 4, 100]);
        assert_eq!(shown(50, 100), [1, 47, 48, 49, 50, 51, 52, 53, 100]);
        assert_eq!(shown(98, 100), [1, 95, 96, 97, 98, 99, 100]);
        assert_eq!(shown(5, 8), [1, 2, 3, 4, 5, 6, 7, 8]);
    }
}
