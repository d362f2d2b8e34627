//! The fast half of sanitizing: a linear check that HTML rendered from Markdown without raw
//! HTML uses only allowed tags and attributes with safe values (anything else goes to
//! ammonia), and a nesting-depth estimate that keeps ammonia's tree builder linear.

use crate::text::html_rules::{IMG_ATTRS, SOURCE_ATTRS, attr_is_safe};
use std::collections::HashMap;

/// Deepest nesting of open elements handed to ammonia: html5ever's tree builder scans the
/// stack of open elements for many tags, so its time grows with depth × tags.
pub const MAX_DEPTH: usize = 256;

/// Attributes allowed on `tag` in the fast pass (`class` and `id` are allowed on all).
fn tag_attrs(tag: &str) -> Option<&'static [&'static str]> {
    Some(match tag {
        "p" | "em" | "strong" | "del" | "s" | "code" | "sup" | "sub" | "span" | "blockquote"
        | "ul" | "li" | "table" | "thead" | "tbody" | "tr" | "hr" | "br" | "div" | "dl" | "dt"
        | "dd" | "figure" | "figcaption" | "picture" | "mark" | "h1" | "h2" | "h3" | "h4"
        | "h5" | "h6" => &[],
        "a" => &["href", "title"],
        "img" => IMG_ATTRS,
        "source" => SOURCE_ATTRS,
        "ol" => &["start"],
        "th" | "td" => &["style"],
        "pre" => &["data-lang"],
        "input" => &["type", "checked", "disabled"],
        _ => return None,
    })
}

/// Decodes the entities our HTML writers produce in attribute values; `None` for any other.
fn decode(value: &str) -> Option<String> {
    if !value.contains('&') {
        return Some(value.to_string());
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(';')?;
        out.push(match &after[..=end] {
            "&amp;" => '&',
            "&lt;" => '<',
            "&gt;" => '>',
            "&quot;" => '"',
            "&#39;" | "&#x27;" => '\'',
            _ => return None,
        });
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn safe_value(tag: &str, attr: &str, value: &str) -> bool {
    match attr {
        "class" => value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ')),
        "id" => !value.chars().any(char::is_control),
        "style" => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        _ => attr_is_safe(tag, attr, value),
    }
}

fn name_len(s: &[u8]) -> usize {
    s.iter()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || **b == b'-')
        .count()
}

/// Whether `html` (as written by pulldown-cmark and guong, attribute values in double quotes)
/// holds only allowed tags and attributes with safe values. `false` means "let ammonia
/// decide", not "unsafe": it is also the answer for anything this strict reader does not know.
pub fn is_clean(html: &str) -> bool {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let n = name_len(&b[i..]);
        let tag = &html[i..i + n];
        let Some(allowed) = tag_attrs(tag) else {
            return false;
        };
        i += n;
        if closing {
            if b.get(i) != Some(&b'>') {
                return false;
            }
            continue;
        }
        loop {
            match b.get(i) {
                Some(b'>') => break,
                Some(b' ') => i += 1,
                Some(b'/') if b.get(i + 1) == Some(&b'>') => break,
                Some(_) => {
                    let n = name_len(&b[i..]);
                    let attr = &html[i..i + n];
                    if n == 0 || !(allowed.contains(&attr) || attr == "class" || attr == "id") {
                        return false;
                    }
                    i += n;
                    if !html[i..].starts_with("=\"") {
                        return false;
                    }
                    i += 2;
                    let Some(len) = html[i..].find('"') else {
                        return false;
                    };
                    let raw = &html[i..i + len];
                    if raw.contains('<') {
                        return false;
                    }
                    match decode(raw) {
                        Some(v) if safe_value(tag, attr, &v) => {}
                        _ => return false,
                    }
                    i += len + 1;
                }
                None => return false,
            }
        }
    }
    true
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// An estimate of how deep raw HTML fragments nest, fed one fragment at a time: start tags
/// open an element, an end tag closes back to its match (and is ignored without one).
#[derive(Default)]
pub struct Nesting {
    stack: Vec<String>,
    open: HashMap<String, usize>,
}

impl Nesting {
    /// Elements open now.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Reads the tags of one fragment.
    pub fn feed(&mut self, html: &str) {
        let b = html.as_bytes();
        let mut i = 0;
        while let Some(off) = html[i..].find('<') {
            i += off + 1;
            if html[i..].starts_with("!--") {
                i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
                continue;
            }
            let closing = b.get(i) == Some(&b'/');
            if closing {
                i += 1;
            }
            if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let n = b[i..]
                .iter()
                .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>'))
                .count();
            let name = html[i..i + n].to_ascii_lowercase();
            i += n;
            if closing {
                self.close(&name);
            } else if !VOID.contains(&name.as_str()) {
                self.implied_end(&name);
                *self.open.entry(name.clone()).or_default() += 1;
                self.stack.push(name);
            }
        }
    }

    /// Closes what a start tag closes by itself in common HTML: `<li>` after an open `<li>`,
    /// a new cell or row, a block after an open `<p>`, so that unclosed list items and
    /// table cells are not counted as nesting.
    fn implied_end(&mut self, name: &str) {
        let closes: &[&str] = match name {
            "li" => &["li", "p"],
            "dt" | "dd" => &["dt", "dd", "p"],
            "td" | "th" => &["td", "th"],
            "tr" => &["td", "th", "tr"],
            "tbody" | "thead" | "tfoot" => &["td", "th", "tr", "tbody", "thead"],
            "option" => &["option"],
            "p" | "div" | "ul" | "ol" | "dl" | "table" | "blockquote" | "pre" | "h1" | "h2"
            | "h3" | "h4" | "h5" | "h6" | "section" | "article" | "figure" | "details" => &["p"],
            _ => &[],
        };
        while let Some(top) = self.stack.last() {
            if !closes.contains(&top.as_str()) {
                break;
            }
            let top = top.clone();
            self.close(&top);
        }
    }

    fn close(&mut self, name: &str) {
        if self.open.get(name).copied().unwrap_or(0) == 0 {
            return;
        }
        while let Some(top) = self.stack.pop() {
            if let Some(c) = self.open.get_mut(&top) {
                *c -= 1;
            }
            if top == name {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_markdown_writes() {
        assert!(is_clean(
            "<h2 id=\"a-1\" class=\"x y\">T</h2>\n<p><a href=\"/b/?a=1&amp;b=2\" title=\"t&quot;\">l</a> <img src=\"a.png\" alt=\"x\" /></p><input disabled=\"\" type=\"checkbox\"/><th style=\"text-align: center\">"
        ));
    }

    #[test]
    fn refuses_anything_else() {
        assert!(!is_clean("<p onclick=\"x\">a</p>"));
        assert!(!is_clean("<a href=\"javascript:x\">a</a>"));
        assert!(!is_clean("<a href=\"java&#x09;script:x\">a</a>"));
        assert!(!is_clean("<script>x</script>"));
        assert!(!is_clean("<p>a<!-- x --></p>"));
        assert!(!is_clean("<h2 style=\"color:red\">a</h2>"));
        assert!(!is_clean(
            "<img src=\"x\" srcset=\"a 1x, javascript:b 2x\" />"
        ));
        assert!(!is_clean("<p"));
    }

    #[test]
    fn estimates_nesting() {
        let mut n = Nesting::default();
        n.feed("<div><p>a<br><img src=x></p><!-- <div> --><span>");
        assert_eq!(n.depth(), 2);
        n.feed("</i></div>");
        assert_eq!(n.depth(), 0);
        n.feed(&"<div>".repeat(1000));
        assert_eq!(n.depth(), 1000);
        let mut n = Nesting::default();
        n.feed("<table><tr><td>a<td>b<tr><td>c<td>d</table><ul><li><p>a<li>b<li><p>c<p>d");
        assert_eq!(n.depth(), 3, "{:?}", n.stack);
        n.feed(&"<ul><li>".repeat(300));
        assert_eq!(n.depth(), 602);
    }
}
