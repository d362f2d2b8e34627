//! Raw HTML in Markdown, sanitized by ammonia: no scripts, event handlers or `javascript:`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

/// Gives a closure the signature ammonia's URL rewriting asks for.
fn evaluator<F: Fn(&str) -> Option<Cow<'_, str>>>(f: F) -> F {
    f
}

/// Tags and attributes our own Markdown output needs, beyond ammonia's defaults.
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// A configured sanitizer (ammonia's defaults plus the site's `markdown.allow_html`).
pub struct Sanitizer<'a> {
    builder: ammonia::Builder<'a>,
}

impl<'a> Sanitizer<'a> {
    /// Builds a sanitizer that also allows `extra` tags with their attributes, and gives
    /// site-absolute links (`/the/`) the site's path prefix `base_path`, as Markdown links get.
    pub fn new(extra: &'a BTreeMap<String, Vec<String>>, base_path: &str) -> Self {
        let mut builder = ammonia::Builder::default();
        let base = base_path.trim_end_matches('/').to_string();
        let prefix = format!("{base}/");
        builder.url_relative(ammonia::UrlRelative::Custom(Box::new(evaluator(
            move |url| {
                let site_absolute = url.starts_with('/') && !url.starts_with("//");
                let prefixed = url == base || url.starts_with(&prefix);
                Some(if site_absolute && !base.is_empty() && !prefixed {
                    Cow::Owned(format!("{base}{url}"))
                } else {
                    Cow::Borrowed(url)
                })
            },
        ))));
        builder
            .add_tags([
                "input",
                "figure",
                "figcaption",
                "mark",
                "details",
                "summary",
            ])
            .add_generic_attributes(["class"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("div", ["id"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("pre", ["data-lang"])
            .add_tag_attributes("img", ["loading", "width", "height"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .link_rel(None);
        for h in HEADINGS {
            builder.add_tag_attributes(h, ["id"]);
        }
        for (tag, attrs) in extra {
            builder.add_tags([tag.as_str()]);
            builder.add_tag_attributes(tag.as_str(), attrs.iter().map(String::as_str));
        }
        Sanitizer { builder }
    }

    /// Cleans an HTML fragment.
    pub fn clean(&self, html: &str) -> String {
        self.builder.clean(html).to_string()
    }
}

/// Whether a URL uses a scheme that runs code (`javascript:`, `vbscript:`, `data:` other
/// than images), after dropping the whitespace and control characters browsers ignore.
pub fn is_dangerous_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.starts_with("javascript:")
        || squeezed.starts_with("vbscript:")
        || (squeezed.starts_with("data:") && !squeezed.starts_with("data:image/")
            || squeezed.starts_with("data:image/svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_and_handlers() {
        let extra = BTreeMap::new();
        let s = Sanitizer::new(&extra, "/");
        let out = s.clean("<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:alert(1)\">b</a></p>");
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains(">b</a>"), "{out}");
    }

    #[test]
    fn keeps_what_markdown_produces() {
        let extra = BTreeMap::new();
        let s = Sanitizer::new(&extra, "/");
        let out = s.clean("<h2 id=\"muc-1\">x</h2><th style=\"text-align: center\">y</th>");
        assert!(out.contains("id=\"muc-1\""), "{out}");
    }

    #[test]
    fn allows_configured_tags() {
        let mut extra = BTreeMap::new();
        extra.insert("iframe".to_string(), vec!["src".to_string()]);
        let s = Sanitizer::new(&extra, "/");
        assert!(
            s.clean("<iframe src=\"https://a.b/\"></iframe>")
                .contains("<iframe")
        );
    }

    #[test]
    fn site_absolute_links_get_the_prefix_once() {
        let extra = BTreeMap::new();
        let s = Sanitizer::new(&extra, "/guong-dien-hinh/");
        let out = s.clean("<a href=\"/the/\">a</a><a href=\"/guong-dien-hinh/the/\">b</a><a href=\"anh.png\">c</a><a href=\"//cdn.example/x\">d</a><img src=\"/images/x.png\">");
        assert!(out.contains("href=\"/guong-dien-hinh/the/\">a"), "{out}");
        assert!(out.contains("href=\"/guong-dien-hinh/the/\">b"), "{out}");
        assert!(out.contains("href=\"anh.png\""), "{out}");
        assert!(out.contains("href=\"//cdn.example/x\""), "{out}");
        assert!(
            out.contains("src=\"/guong-dien-hinh/images/x.png\""),
            "{out}"
        );
    }

    #[test]
    fn detects_dangerous_urls() {
        assert!(is_dangerous_url("javascript:alert(1)"));
        assert!(is_dangerous_url(" JaVa\tScRiPt:alert(1)"));
        assert!(is_dangerous_url("vbscript:x"));
        assert!(is_dangerous_url("data:text/html,<script>"));
        assert!(!is_dangerous_url("https://a.b/"));
        assert!(!is_dangerous_url("/bai-viet/x/"));
    }
}
