//! The `site` variable every template sees, and its publisher.

use super::{FieldView, Views};
use serde::Serialize;

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
    fields: Vec<FieldView>,
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
    fields: &'a crate::config::publisher::Publisher,
    /// `tel:` URL of the phone (digits and a leading `+` only).
    phone_href: Option<String>,
}

impl<'a> PublisherView<'a> {
    fn new(p: &'a crate::config::publisher::Publisher) -> Self {
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

impl<'a> Views<'a> {
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
            fields: (0..c.fields.len()).map(|i| self.field(i)).collect(),
            feed_url: self.url("atom.xml"),
            search_url: self.url("tim-kiem/"),
            report_url: (c.report_publish)
                .then(|| crate::model::paths::years(self.site).first().copied())
                .flatten()
                .map(|y| self.url(&crate::model::paths::report_path(y))),
            extra: &c.extra,
        }
    }
}
