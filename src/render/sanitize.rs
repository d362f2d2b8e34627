//! Raw HTML in Markdown, sanitized by ammonia: no scripts, event handlers, `srcdoc`,
//! `formaction` or script URLs, whatever the site's `markdown.allow_html` says.
//! The tag, attribute and URL rules live in [`crate::text::html_rules`], shared with the fast
//! pass of [`crate::render::allowlist`] and the check of `site.yaml`.

use crate::text::html_rules::*;
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
    /// Entries `config` refuses (script tags, `on…` attributes) are skipped here too.
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
                "picture",
                "source",
            ])
            .add_generic_attributes(["class"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("div", ["id"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("pre", ["data-lang"])
            .add_tag_attributes("img", IMG_ATTRS)
            .add_tag_attributes("source", SOURCE_ATTRS)
            // `data:` passes ammonia's scheme check; `attr_is_safe` keeps only raster images
            // in `img src`.
            .add_url_schemes(["data"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .attribute_filter(|tag, attr, value| {
                attr_is_safe(tag, attr, value).then_some(Cow::Borrowed(value))
            })
            .link_rel(None);
        for h in HEADINGS {
            builder.add_tag_attributes(h, ["id"]);
        }
        for (tag, attrs) in extra {
            if FORBIDDEN_TAGS.contains(&tag.as_str()) || !is_name(tag) {
                continue;
            }
            builder.add_tags([tag.as_str()]);
            builder.add_tag_attributes(
                tag.as_str(),
                attrs
                    .iter()
                    .map(String::as_str)
                    .filter(|a| !is_forbidden_attr(a) && is_name(a)),
            );
        }
        Sanitizer { builder }
    }

    /// Cleans an HTML fragment.
    pub fn clean(&self, html: &str) -> String {
        let out = self.builder.clean(html).to_string();
        if out.contains("<iframe") {
            empty_iframes(&out)
        } else {
            out
        }
    }
}

/// Drops what is inside each `<iframe>`: html5ever writes it back as raw text, so markup
/// such as `<p onclick=…>` would reach the page (found by `cargo fuzz`, target `markdown`).
fn empty_iframes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<iframe") {
        // The end of the start tag; attribute values are in double quotes.
        let mut quoted = false;
        let end = rest[i..].char_indices().find_map(|(j, c)| {
            match c {
                '"' => quoted = !quoted,
                '>' if !quoted => return Some(i + j + 1),
                _ => {}
            }
            None
        });
        let Some(end) = end else {
            break;
        };
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        match rest.find("</iframe>") {
            Some(close) => rest = &rest[close..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
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
    fn iframes_lose_their_raw_text() {
        let mut extra = BTreeMap::new();
        extra.insert("iframe".to_string(), vec!["src".to_string()]);
        let s = Sanitizer::new(&extra, "/");
        let out = s.clean("<iframe src=\"https://x/?a>b\"><<div><p onclick=x>:p/iframe>");
        assert_eq!(out, "<iframe src=\"https://x/?a&gt;b\"></iframe>", "{out}");
    }

    #[test]
    fn data_urls_only_for_raster_images() {
        let extra = BTreeMap::new();
        let s = Sanitizer::new(&extra, "/");
        let out = s.clean("<img src=\"data:image/png;base64,AA\"><a href=\"data:image/png;base64,AA\">a</a><img src=\"data:image/svg+xml,x\"><iframe src=\"data:text/html,x\"></iframe>");
        assert_eq!(
            out, "<img src=\"data:image/png;base64,AA\"><a>a</a><img>",
            "{out}"
        );
    }

    #[test]
    fn never_panics_or_allows_script_from_config() {
        let mut extra = BTreeMap::new();
        for (t, a) in [
            ("script", "src"),
            ("style", "type"),
            ("a", "onclick"),
            ("iframe", "srcdoc"),
            ("button", "formaction"),
        ] {
            extra.insert(t.to_string(), vec![a.to_string(), "src".to_string()]);
        }
        let s = Sanitizer::new(&extra, "/");
        let out = s.clean("<script src=x>1</script><style>p{}</style><a onclick=x href=\"/\">a</a><iframe srcdoc=\"<script>\" src=\"javascript:x\"></iframe><button formaction=\"x\">b</button>");
        for bad in ["script", "style", "onclick", "srcdoc", "formaction"] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
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
        assert!(is_dangerous_url("\u{1}javascript:alert(1)"));
        assert!(is_dangerous_url("vbscript:x"));
        assert!(is_dangerous_url("data:text/html,<script>"));
        assert!(is_dangerous_url("data:image/svg+xml,<svg onload=x>"));
        assert!(!is_dangerous_url("data:image/png;base64,AAAA"));
        assert!(!is_safe_url("data:image/png;base64,AAAA", false));
        assert!(!is_dangerous_url("https://a.b/"));
        assert!(!is_dangerous_url("/bai-viet/x/"));
        assert!(!is_dangerous_url("../2020/a.md#muc"));
        assert!(!is_dangerous_url("java%09script:x"));
    }

    #[test]
    fn checks_every_url_of_a_srcset() {
        assert!(srcset_is_safe("a.webp 360w, /b/c.webp 720w"));
        assert!(!srcset_is_safe("a.webp 360w, javascript:x 720w"));
        assert!(!srcset_is_safe("data:image/png;base64,AA 1x"));
    }
}
