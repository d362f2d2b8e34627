//! Finds the images the site publishes: every article's cover and the images in its body
//! (from its bundle or `static/`), and the other photos of bundles and `static/`, which are
//! published too and so must lose their metadata. Each file becomes one job.

use crate::model::Site;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a file is used, for error messages.
#[derive(Debug, Clone)]
pub enum Use {
    /// The cover of article `i` (`image:` in its front matter).
    Cover(usize),
    /// An image in article `i`'s body, at this byte range of the body.
    Body(usize, std::ops::Range<usize>),
    /// Published without an article naming it; errors name the file.
    File(String),
}

/// How a published image is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG, PNG or WebP: decoded, re-encoded, resized (through the cache).
    Raster,
    /// GIF: its metadata blocks dropped, frames kept byte for byte ([`super::gif`]).
    Gif,
    /// SVG: sanitized ([`super::svg`]).
    Svg,
}

/// The kind of image a file name says, if any.
pub fn kind_of(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    if is_raster(&lower) {
        Some(Kind::Raster)
    } else if lower.ends_with(".gif") {
        Some(Kind::Gif)
    } else if lower.ends_with(".svg") {
        Some(Kind::Svg)
    } else {
        None
    }
}

/// One source image to publish.
#[derive(Debug, Clone)]
pub struct Job {
    /// The file on disk.
    pub src: PathBuf,
    /// How it is published.
    pub kind: Kind,
    /// Resized variants are wanted (the image is a cover or in a body).
    pub variants: bool,
    /// A 1200×630 link-preview image is wanted (the image is a cover; for a GIF or SVG, it
    /// is made from the published file: [`super::preview`]).
    pub og: bool,
    /// Every use, in site order.
    pub uses: Vec<Use>,
}

/// Raster formats guong re-encodes; GIF and SVG are copied.
pub fn is_raster(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The jobs of a site (photos, GIF and SVG files), keyed by output path (relative to the output root, which is also the
/// image's site path under the base path). `statics` are the site's own `static/` files
/// (output path, file on disk).
pub fn jobs(site: &Site, statics: &[(String, PathBuf)]) -> BTreeMap<String, Job> {
    jobs_with(site, statics, body_images)
}

/// [`jobs`], reading each body's images with `images_of` (the same answers as
/// [`body_images`], perhaps remembered from an earlier build: [`super::cache::Memo`]).
pub fn jobs_with(
    site: &Site,
    statics: &[(String, PathBuf)],
    images_of: impl Fn(&str) -> Vec<BodyImage>,
) -> BTreeMap<String, Job> {
    let mut jobs: BTreeMap<String, Job> = BTreeMap::new();
    let static_of: BTreeMap<&str, &Path> = statics
        .iter()
        .map(|(f, p)| (f.as_str(), p.as_path()))
        .collect();
    let mut unused: Vec<(String, PathBuf)> = Vec::new();
    let mut add = |file: String, src: &Path, kind: Kind, u: Use, cover: bool| {
        let job = jobs.entry(file).or_insert_with(|| Job {
            src: src.to_path_buf(),
            kind,
            variants: kind == Kind::Raster,
            og: false,
            uses: Vec::new(),
        });
        job.og |= cover;
        job.uses.push(u);
    };
    let base = &site.config.base_url.path;
    for (i, a) in site.articles.iter().enumerate() {
        let find = |site_path: &str| -> Option<(String, PathBuf)> {
            if let Some(rel) = site_path.strip_prefix(a.path.as_str())
                && let Some((_, p)) = a.assets.iter().find(|(r, _)| r == rel)
            {
                return Some((site_path.to_string(), p.clone()));
            }
            static_of
                .get(site_path)
                .map(|p| (site_path.to_string(), p.to_path_buf()))
        };
        if let Some(img) = &a.image
            && let Some(site_path) = img.url.strip_prefix(base.as_str())
            && let Some(kind) = kind_of(site_path)
            && let Some((file, src)) = find(site_path)
        {
            add(file, &src, kind, Use::Cover(i), true);
        }
        for (rel, p) in &a.assets {
            if kind_of(rel).is_some() {
                unused.push((format!("{}{rel}", a.path), p.clone()));
            }
        }
        for img in images_of(a.body()) {
            let dest = crate::text::url::percent_decode(img.dest.trim());
            let Some(site_path) = site_path_of(&unbased(&dest, base), &a.path) else {
                continue;
            };
            if let Some(kind) = kind_of(&site_path)
                && let Some((file, src)) = find(&site_path)
            {
                add(file, &src, kind, Use::Body(i, img.range), false);
            }
        }
    }
    for (file, p) in statics {
        if kind_of(file).is_some() {
            unused.push((file.clone(), p.clone()));
        }
    }
    for (file, p) in unused {
        if !jobs.contains_key(&file)
            && let Some(kind) = kind_of(&file)
        {
            jobs.insert(
                file.clone(),
                Job {
                    src: p,
                    kind,
                    variants: false,
                    og: false,
                    uses: vec![Use::File(file)],
                },
            );
        }
    }
    jobs
}

/// Whether `rest` (what follows `stem.` in a file name) is the name of a variant or preview
/// guong writes next to a photo: `<digits>w.webp|jpg|png` or `og.jpg` (lowercase).
fn is_variant_tail(rest: &str) -> bool {
    if rest == "og.jpg" {
        return true;
    }
    let Some((width, ext)) = rest.split_once("w.") else {
        return false;
    };
    !width.is_empty()
        && width.bytes().all(|b| b.is_ascii_digit())
        && matches!(ext, "webp" | "jpg" | "png")
}

/// Whether the file at `path` may be named like a variant or preview (some `.` of its name
/// followed by [`is_variant_tail`] in any letter case): what [`variant_clashes`] looks for
/// in other files, told without making a string. The tails are ASCII and no other character
/// lowercases into one of theirs, so comparing ASCII letters without case is exact.
pub fn may_be_variant_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.match_indices('.').any(|(i, _)| {
        let rest = &name[i + 1..];
        if rest.eq_ignore_ascii_case("og.jpg") {
            return true;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && ["w.webp", "w.jpg", "w.png"]
                .iter()
                .any(|t| rest[digits..].eq_ignore_ascii_case(t))
    })
}

/// Why a photo's variants cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// Another photo with variants, by output path, has the same name but for the extension.
    Photo(String),
    /// This file (output path, source as shown) is named like one of the photo's variants.
    File(String, String),
}

/// Output paths that two sources would both publish: for each photo with variants (by its
/// output path), what its variants collide with. Names are compared case-insensitively, as
/// some hosts do. Two such photos with the same name but for the extension (`anh.jpg`,
/// `anh.png`) in one folder clash, and so does any other published file named like one of
/// a photo's variants (`anh.720w.webp`, `anh.og.jpg`, whatever the photo's width), so the
/// check needs no decoding. `others` are all other files published as they are or stripped
/// (static files of the site and the theme, bundle files: output path, source as shown).
pub fn variant_clashes<'a>(
    jobs: &BTreeMap<String, Job>,
    others: impl Iterator<Item = (&'a str, String)>,
) -> Vec<(String, Clash)> {
    let stem = |f: &str| {
        let lower = f.to_lowercase();
        match lower.rsplit_once('.') {
            Some((s, _)) => s.to_string(),
            None => lower,
        }
    };
    let mut by_stem: BTreeMap<String, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for file in jobs
        .iter()
        .filter(|(_, j)| j.variants || j.og)
        .map(|(f, _)| f)
    {
        match by_stem.get(&stem(file)) {
            Some(first) => out.push((file.clone(), Clash::Photo(first.to_string()))),
            None => {
                by_stem.insert(stem(file), file);
            }
        }
    }
    for (other, src) in others {
        let lower = other.to_lowercase();
        let (dir, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
        // Every `.` of the name may end the photo's stem (`a.b.og.jpg` is `a.b`'s preview).
        for (i, _) in name.match_indices('.') {
            if !is_variant_tail(&name[i + 1..]) {
                continue;
            }
            let key = if dir.is_empty() {
                name[..i].to_string()
            } else {
                format!("{dir}/{}", &name[..i])
            };
            if let Some(file) = by_stem.get(&key) {
                out.push((
                    file.to_string(),
                    Clash::File(other.to_string(), src.clone()),
                ));
            }
        }
    }
    out
}

/// An image in an article body: a Markdown image or a raw-HTML `<img>` tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyImage {
    /// Byte range in the body (the Markdown image, or the `<img …>` tag).
    pub range: std::ops::Range<usize>,
    /// The destination as written (entities decoded, not percent-decoded).
    pub dest: String,
    /// The alt text; `None` for an `<img>` without an `alt` attribute.
    pub alt: Option<String>,
    /// Whether it is a raw-HTML `<img>` tag.
    pub html: bool,
}

/// Whether `s` holds `<img` in any letter case: what [`may_have_images`] tells in its one
/// pass, kept for its tests.
#[cfg(test)]
fn has_img_tag(s: &str) -> bool {
    let b = s.as_bytes();
    s.match_indices('<').any(|(i, _)| {
        b.get(i + 1..i + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"img"))
    })
}

/// Whether a body may hold an image at all (`![`, `]:` or `<img` in any case); [`body_images`]
/// of a body without one is empty without parsing it. One pass over the text for the three
/// first bytes (`memchr3`), as every body is read on every build: three passes cost more than
/// the rest of the image stage on a warm rebuild (docs/images.md, round 5).
pub fn may_have_images(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memchr3_iter(b'!', b']', b'<', b).any(|i| match b[i] {
        b'!' => b.get(i + 1) == Some(&b'['),
        b']' => b.get(i + 1) == Some(&b':'),
        _ => b
            .get(i + 1..i + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"img")),
    })
}

/// The images of a body, in order: Markdown images and `<img>` tags in its raw HTML.
pub fn body_images(body: &str) -> Vec<BodyImage> {
    let mut out = Vec::new();
    if !may_have_images(body) {
        return out;
    }
    // Markdown images being read (nested ones are possible in alt text): index into `out`.
    let mut open: Vec<usize> = Vec::new();
    let parser = Parser::new_ext(body, crate::text::markdown_options());
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open.push(out.len());
                out.push(BodyImage {
                    range,
                    dest: dest_url.to_string(),
                    alt: Some(String::new()),
                    html: false,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(&k) = open.last()
                    && let Some(alt) = &mut out[k].alt
                {
                    alt.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                open.pop();
            }
            // An HTML block's range covers all of it (its lines come as `Html` events after).
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                html_images(body, range, &mut out);
            }
            _ => {}
        }
    }
    out
}

/// The `<img>` tags in `body[range]` (raw HTML), comments skipped.
fn html_images(body: &str, range: std::ops::Range<usize>, out: &mut Vec<BodyImage>) {
    use super::markup::{attributes, tag_len, unescape};
    let mut at = range.start;
    while at < range.end {
        let rest = &body[at..range.end];
        let Some(lt) = rest.find('<') else {
            break;
        };
        let start = at + lt;
        let tail = &body[start..range.end];
        if tail.starts_with("<!--") {
            at = tail.find("-->").map_or(range.end, |j| start + j + 3);
            continue;
        }
        let is_img = tail.len() > 4
            && tail.as_bytes()[..4].eq_ignore_ascii_case(b"<img")
            && matches!(
                tail.as_bytes()[4],
                b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>'
            );
        if !is_img {
            at = start + 1;
            continue;
        }
        let Some(len) = tag_len(tail) else {
            break;
        };
        let attrs = attributes(&tail[4..len]);
        let get = |n: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| unescape(v))
        };
        out.push(BodyImage {
            range: start..start + len,
            dest: get("src").unwrap_or_default(),
            alt: get("alt"),
            html: true,
        });
        at = start + len;
    }
}

/// A site-absolute destination that already carries the base path (`/guong-dien-hinh/x.jpg`)
/// without it, as the sanitizer and the link rewriting read it.
fn unbased(dest: &str, base: &str) -> String {
    match dest.strip_prefix(base.trim_end_matches('/')) {
        Some(rest) if base.len() > 1 && rest.starts_with('/') => rest.to_string(),
        _ => dest.to_string(),
    }
}

/// Warnings for `check`: body images without alt text (readers of screen readers and those
/// whose images do not load get nothing), Markdown images and raw-HTML `<img>` tags alike.
pub fn missing_alt(site: &Site) -> Vec<crate::diagnostics::Diagnostic> {
    let mut out = Vec::new();
    for a in &site.articles {
        let body = a.body();
        for img in body_images(body) {
            if img.alt.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                continue;
            }
            let (line, col) = a.source.position(a.body_offset + img.range.start);
            let len = body[img.range].chars().take_while(|c| *c != '\n').count();
            let hint = if img.html {
                "thêm lời mô tả: <img src=\"anh.jpg\" alt=\"Bà Lan đứng lớp\">"
            } else {
                "viết lời mô tả trong ngoặc vuông: ![Bà Lan đứng lớp](anh.jpg)"
            };
            out.push(
                crate::diagnostics::Diagnostic::at(
                    &a.source,
                    line,
                    col,
                    len,
                    "ảnh không có lời mô tả (alt)",
                )
                .with_hint(hint),
            );
        }
    }
    out
}

/// Whether an image destination names a file on another site (`https://…`, `//host/…`).
pub fn is_remote(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// The site path an image destination in an article at `page` names: relative to the page,
/// or site-absolute (`/images/a.jpg`); `None` for other sites, schemes and `..`.
pub fn site_path_of(dest: &str, page: &str) -> Option<String> {
    let dest = dest.split(['?', '#']).next().unwrap_or("");
    if dest.is_empty() || dest.contains(':') || dest.starts_with("//") || dest.contains('\\') {
        return None;
    }
    let joined = match dest.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{page}{}", dest.trim_start_matches("./")),
    };
    let ok = joined
        .split('/')
        .all(|s| !s.is_empty() && s != "." && s != "..");
    ok.then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths() {
        assert_eq!(
            site_path_of("anh.jpg", "bai-viet/a/").as_deref(),
            Some("bai-viet/a/anh.jpg")
        );
        assert_eq!(
            site_path_of("/images/x.png", "bai-viet/a/").as_deref(),
            Some("images/x.png")
        );
        assert_eq!(site_path_of("../x.png", "bai-viet/a/"), None);
        assert_eq!(site_path_of("https://a.vn/x.png", "bai-viet/a/"), None);
        assert!(is_raster("A.JPG") && !is_raster("a.gif") && !is_raster("a.svg"));
    }

    #[test]
    fn bodies_without_images_are_told_in_one_pass() {
        let slow = |b: &str| b.contains("![") || b.contains("]:") || has_img_tag(b);
        for body in [
            "",
            "!",
            "![",
            "Chào! [liên kết](a.md) và ]: ",
            "[a]: anh.jpg",
            "a ] : b ! [ c",
            "x <IMG",
            "x <im",
            "<<img",
            "Bà Lan!\n\n![ảnh](anh-1.png)",
            "chữ ]",
            "chữ <",
            "<p>Đoạn</p> <b>đậm</b>!",
        ] {
            assert_eq!(may_have_images(body), slow(body), "{body}");
        }
    }

    #[test]
    fn img_tags_are_found_in_any_case_and_place() {
        for yes in ["<img", "a < b <IMG src=x>", "<<iMg", "Bà Lan <Img"] {
            assert!(has_img_tag(yes), "{yes}");
        }
        for no in ["", "<im", "a < b", "img", "<i mg", "<ảnh", "< img"] {
            assert!(!has_img_tag(no), "{no}");
        }
        // A body whose only image is a raw tag is still read.
        let found = body_images("Chữ đầu.\n\n<p>Ảnh: <IMG SRC=\"a.png\" alt=\"x\"></p>\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].dest, "a.png");
    }

    #[test]
    fn files_that_may_be_variants_are_told_without_lowercasing() {
        let slow = |path: &str| {
            let lower = path.to_lowercase();
            let name = lower.rsplit('/').next().unwrap_or(&lower);
            name.match_indices('.')
                .any(|(i, _)| is_variant_tail(&name[i + 1..]))
        };
        for path in [
            "anh.720w.webp",
            "a/b/Anh.720W.WEBP",
            "ảnh.og.JPG",
            "a.b.og.jpg",
            "x/anh.1200w.png",
            "anh.jpg",
            "anh.w.webp",
            "anh.720.webp",
            "anh.720w.gif",
            "og.jpg",
            "x.og.jpg/y.png",
            "ẢNH.360W.JPG",
            "anh.12w.3w.jpg",
            "anh.٣w.jpg",
            "",
            ".",
        ] {
            assert_eq!(may_be_variant_name(path), slow(path), "{path}");
        }
    }

    #[test]
    fn variant_names() {
        for yes in ["360w.webp", "1200w.jpg", "57w.png", "og.jpg"] {
            assert!(is_variant_tail(yes), "{yes}");
        }
        for no in [
            "jpg",
            "w.webp",
            "360.webp",
            "360w.gif",
            "og.png",
            "x360w.jpg",
        ] {
            assert!(!is_variant_tail(no), "{no}");
        }
    }
}
