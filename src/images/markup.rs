//! What templates and article bodies get for an image: its sizes, `srcset` strings in WebP and
//! JPEG/PNG, the preview image, and ready `<picture>` markup. Body images are rewritten here,
//! after sanitizing, so the sanitizer never has to allow `srcset` from editors.

use super::{Images, Published};
use crate::text::html::escape;
use serde::Serialize;
use std::fmt::Write;

/// `sizes` for cards in lists.
pub const CARD_SIZES: &str = "(max-width: 600px) 100vw, 360px";
/// `sizes` for the article's cover and body images.
pub const ARTICLE_SIZES: &str = "(max-width: 800px) 100vw, 760px";

/// The link-preview image.
#[derive(Debug, Clone, Serialize)]
pub struct OgImage {
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL (for `og:image`).
    pub permalink: String,
    /// 1200.
    pub width: u32,
    /// 630.
    pub height: u32,
}

/// A published image as templates see it (fields of `card.image` / `article.image`).
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    /// Width of the upright image (for the `width` attribute).
    pub width: u32,
    /// Height of the upright image.
    pub height: u32,
    /// A mid-size fallback (at most 720 wide) for `src`.
    pub src: String,
    /// The narrowest fallback.
    pub small: String,
    /// The widest variant's fallback.
    pub large: String,
    /// JPEG/PNG `srcset`.
    pub srcset: String,
    /// WebP `srcset`.
    pub srcset_webp: String,
    /// MIME type of the fallback (`image/jpeg` or `image/png`).
    pub fallback_type: &'static str,
    /// The 1200×630 preview, for covers.
    pub og: Option<OgImage>,
}

/// A GIF or SVG published as drawn, as templates see it (next to `url`, `permalink`, `alt`).
#[derive(Debug, Clone, Serialize)]
pub struct Drawn {
    /// Width in pixels (a GIF's logical screen, an SVG's `width` or `viewBox`).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// For a cover, its 1200×630 link preview (a JPEG of the GIF's first frame or of the
    /// drawn SVG); otherwise a GIF itself, and `None` for an SVG, which link previews do not
    /// show.
    pub og: Option<OgImage>,
}

/// The template view of the GIF or SVG at `site_path`, of `size`, with the site path of its
/// link preview when it is a cover.
pub fn drawn(
    site_path: &str,
    size: (u32, u32),
    preview: Option<&str>,
    base: &str,
    origin: &str,
) -> Drawn {
    let og = |path: &str, (width, height): (u32, u32)| OgImage {
        url: url(base, path),
        permalink: format!("{origin}{}", url(base, path)),
        width,
        height,
    };
    let gif = site_path.to_ascii_lowercase().ends_with(".gif");
    Drawn {
        width: size.0,
        height: size.1,
        og: match preview {
            Some(p) => Some(og(p, super::encode::OG)),
            None => gif.then(|| og(site_path, size)),
        },
    }
}

/// `<img>` attributes the rewritten markup sets itself; an editor's own values are replaced.
const OWN_ATTRS: &[&str] = &[
    "src",
    "srcset",
    "sizes",
    "width",
    "height",
    "alt",
    "loading",
    "decoding",
    "fetchpriority",
];

/// `<img>` attributes set on a GIF or SVG published as drawn (its `src` and `alt` stay).
const DRAWN_OWN_ATTRS: &[&str] = &["width", "height", "loading", "decoding", "fetchpriority"];

/// How an `<img>` loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// Below the first screen: `loading="lazy"`.
    Lazy,
    /// In the first screen.
    Eager,
    /// The page's main image: eager, `fetchpriority="high"`.
    Priority,
}

/// A site path as a URL under `base`, percent-encoded so it is safe in `srcset`.
pub fn url(base: &str, site_path: &str) -> String {
    let mut out = String::with_capacity(base.len() + site_path.len());
    out.push_str(base);
    push_url(&mut out, site_path);
    out
}

/// Appends `site_path` percent-encoded as [`url`] does: runs of safe bytes are copied whole.
fn push_url(out: &mut String, site_path: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // The bytes kept as they are, one table lookup each.
    const SAFE: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~' | b'/');
            b += 1;
        }
        t
    };
    let mut start = 0;
    for (i, &b) in site_path.as_bytes().iter().enumerate() {
        if SAFE[usize::from(b)] {
            continue;
        }
        // A run of safe (ASCII) bytes starts and ends on character boundaries.
        if i > start {
            out.push_str(&site_path[start..i]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
        start = i + 1;
    }
    if start < site_path.len() {
        out.push_str(&site_path[start..]);
    }
}

/// The template view of `p`; `origin` makes the preview's absolute URL.
pub fn picture(p: &Published, base: &str, origin: &str) -> Picture {
    // One string per `srcset`, without a string per part.
    let set = |f: fn(&super::Variant) -> &String| {
        let mut out = String::with_capacity(p.variants.len() * (base.len() + p.full.len() + 16));
        for (i, v) in p.variants.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(base);
            push_url(&mut out, f(v));
            let _ = write!(out, " {}w", v.width);
        }
        out
    };
    let fallback = |v: Option<&super::Variant>| url(base, v.map_or(&p.full, |v| &v.fallback));
    let mid = p.variants.iter().rev().find(|v| v.width <= 720);
    Picture {
        width: p.width,
        height: p.height,
        src: fallback(mid.or(p.variants.first())),
        small: fallback(p.variants.first()),
        large: fallback(p.variants.last()),
        srcset: set(|v| &v.fallback),
        srcset_webp: set(|v| &v.webp),
        fallback_type: p.fallback_type,
        og: p.og.as_ref().map(|o| {
            let url = url(base, o);
            OgImage {
                permalink: format!("{origin}{url}"),
                url,
                width: super::encode::OG.0,
                height: super::encode::OG.1,
            }
        }),
    }
}

/// `<picture>` markup; `alt` and `extra` (more `<img>` attributes) are already escaped.
pub fn html(p: &Picture, alt: &str, extra: &str, sizes: &str, loading: Loading) -> String {
    let load = match loading {
        Loading::Lazy => r#" loading="lazy""#,
        Loading::Eager => "",
        Loading::Priority => r#" fetchpriority="high""#,
    };
    format!(
        r#"<picture><source type="image/webp" srcset="{}" sizes="{sizes}"><img src="{}" srcset="{}" sizes="{sizes}" width="{}" height="{}" alt="{alt}"{extra}{load} decoding="async"></picture>"#,
        p.srcset_webp, p.src, p.srcset, p.width, p.height
    )
}

/// Rewrites each `<img>` of an article body (at site path `page`) whose source guong
/// published: a photo into `<picture>` markup, a GIF or SVG into an `<img>` with its size;
/// the first stays eager when `eager_first`.
pub fn rewrite_body(
    html_in: &str,
    page: &str,
    base: &str,
    images: &Images,
    eager_first: bool,
    origin: &str,
) -> String {
    let mut out = String::with_capacity(html_in.len() + 512);
    let mut rest = html_in;
    let mut first = eager_first;
    while let Some(i) = rest.find("<img") {
        let Some(len) = tag_len(&rest[i..]) else {
            break;
        };
        let tag = &rest[i..i + len];
        out.push_str(&rest[..i]);
        rest = &rest[i + len..];
        let attrs = attributes(&tag[4..]);
        let get = |n: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| *v)
        };
        let path = get("src").and_then(|src| site_path(&unescape(src), page, base));
        let found = path
            .as_ref()
            .and_then(|sp| images.by_path.get(sp))
            .filter(|p| !p.variants.is_empty());
        // A raw-HTML `<img>` may give the size it is shown at: keep it, with the other
        // dimension from the image's proportions.
        let px = |n: &str| {
            get(n)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|&v| v > 0)
        };
        let shown_size = |natural: Option<(u32, u32)>| {
            let scale = |v: u32, num: u32, den: u32| {
                ((u64::from(v) * u64::from(num) + u64::from(den) / 2) / u64::from(den)).max(1)
                    as u32
            };
            match (px("width"), px("height"), natural) {
                (Some(w), Some(h), _) => Some((w, h)),
                (Some(w), None, Some((nw, nh))) => Some((w, scale(w, nh, nw))),
                (None, Some(h), Some((nw, nh))) => Some((scale(h, nw, nh), h)),
                _ => None,
            }
        };
        // What the editor wrote besides what guong sets (`title`, `class`, attributes the site
        // allows) stays, in its order.
        let extra = |own: &[&str]| -> String {
            attrs
                .iter()
                .filter(|(k, _)| !own.iter().any(|o| k.eq_ignore_ascii_case(o)))
                .map(|(k, v)| format!(r#" {k}="{v}""#))
                .collect()
        };
        let loading = if first { Loading::Eager } else { Loading::Lazy };
        if let Some(p) = found {
            let mut pic = picture(p, base, origin);
            let sizes = match shown_size(Some((pic.width, pic.height))) {
                Some((w, h)) => {
                    (pic.width, pic.height) = (w, h);
                    format!("(max-width: {w}px) 100vw, {w}px")
                }
                None => ARTICLE_SIZES.to_string(),
            };
            first = false;
            out.push_str(&html(
                &pic,
                get("alt").unwrap_or(""),
                &extra(OWN_ATTRS),
                &sizes,
                loading,
            ));
        } else if let Some(sp) = path.filter(|sp| images.as_drawn(sp)) {
            // A GIF or SVG, published as drawn: the same `<img>` with its size and loading.
            first = false;
            let size = shown_size(images.dimensions.get(&sp).copied())
                .or_else(|| images.dimensions.get(&sp).copied());
            out.push_str("<img");
            // Without a size of its own, an SVG keeps whatever size the editor gave.
            let own = if size.is_some() {
                DRAWN_OWN_ATTRS
            } else {
                &DRAWN_OWN_ATTRS[2..]
            };
            out.push_str(&extra(own));
            if let Some((w, h)) = size {
                out.push_str(&format!(r#" width="{w}" height="{h}""#));
            }
            if loading == Loading::Lazy {
                out.push_str(r#" loading="lazy""#);
            }
            out.push_str(r#" decoding="async">"#);
        } else {
            out.push_str(tag);
        }
    }
    out.push_str(rest);
    out
}

/// Length of the tag at the start of `s` (up to and with its `>`), quotes respected.
pub(crate) fn tag_len(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// `name="value"` pairs of a tag's inside (values still escaped).
pub(crate) fn attributes(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = s.trim_end_matches('>').trim_end_matches('/');
    loop {
        rest = rest.trim_start();
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        let name = &rest[..end];
        rest = rest[end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            out.push((name, ""));
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(j) => (&after[1..1 + j], &after[j + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let j = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..j], &after[j..])
            }
        };
        out.push((name, value));
        rest = next;
    }
    out
}

pub(crate) fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The site path of an `<img src>` in a page at `page`.
fn site_path(src: &str, page: &str, base: &str) -> Option<String> {
    let src = if src.starts_with('/') {
        format!("/{}", src.strip_prefix(base)?)
    } else {
        src.to_string()
    };
    super::collect::site_path_of(&crate::text::url::percent_decode(&src), page)
}

/// Escapes text for an attribute value.
pub fn attr(s: &str) -> String {
    escape(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded_byte_by_byte() {
        // The encoding as first written: one byte at a time.
        let slow = |base: &str, path: &str| {
            let mut out = String::from(base);
            for b in path.bytes() {
                if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            out
        };
        for path in [
            "",
            "a",
            "ả",
            "ảnh",
            "bai-viet/x/anh.720w.webp",
            " đầu và cuối ",
            "a b+c&d\"e'f<g>h?i#j%k",
            "bai-viet/Ảnh Bà Lan/ảnh_1~.JPG",
        ] {
            assert_eq!(url("/g/", path), slow("/g/", path), "{path}");
        }
    }

    #[test]
    fn parses_tags() {
        let a = attributes(r#" src="a b.jpg" alt='x "y"' title=t />"#);
        assert_eq!(
            a,
            vec![("src", "a b.jpg"), ("alt", r#"x "y""#), ("title", "t")]
        );
        assert_eq!(tag_len(r#"<img alt="a>b">rest"#), Some(15));
        assert_eq!(
            url("/g/", "bai-viet/ảnh 1.jpg"),
            "/g/bai-viet/%E1%BA%A3nh%201.jpg"
        );
        assert_eq!(
            site_path("/g/images/a.jpg", "bai-viet/x/", "/g/").as_deref(),
            Some("images/a.jpg")
        );
        assert_eq!(
            site_path("a.jpg", "bai-viet/x/", "/g/").as_deref(),
            Some("bai-viet/x/a.jpg")
        );
    }
}
