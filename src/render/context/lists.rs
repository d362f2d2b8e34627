//! Views of what lists are made of (columns, units, quarters, tags) and the paginator.

use super::{FieldView, PageLink, Paginator, QuarterView, TagView, UnitView, Views};
use crate::model::paths::{
    field_path, list_page_path, page_count, quarter_path, tag_path, unit_path,
};
use crate::text::dates::{self, Quarter};

impl Views<'_> {
    /// A topic column (field).
    pub fn field(&self, i: usize) -> FieldView {
        let f = &self.site.config.fields[i];
        let path = field_path(&f.id);
        FieldView {
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
    let first = (low > 1).then_some(1);
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
