//! An article as lists show it (its card) and as its own page shows it.

use super::{ArticleView, Card, ImageView, KindView, NamedLink, QuarterLink, TagLink, Views};
use crate::model::Article;
use crate::model::paths::{field_path, quarter_path, tag_path, unit_path};
use crate::render::markdown::Body;
use crate::text::dates;

impl Views<'_> {
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
                drawn: self.drawn(&i.url),
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
    pub fn article<'b>(
        &self,
        a: &'b Article,
        card: &'b tera::Value,
        body: &'b Body,
    ) -> ArticleView<'b> {
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
}
