//! Markdown to HTML: tables, footnotes, strikethrough, task lists, heading anchors with
//! Vietnamese slugs, highlighted code, links between articles by source path, and sanitizing.

use crate::diagnostics::Diagnostic;
use crate::model::links;
use crate::model::{Article, Site};
use crate::render::allowlist::{self, MAX_DEPTH, Nesting};
use crate::render::highlight;
use crate::render::sanitize::Sanitizer;
use crate::text::html_rules::{is_dangerous_url, is_safe_url};
use crate::text::slug::slugify;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// A heading of the body, for a table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    /// 2 to 6.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// The heading text.
    pub title: String,
}

/// An article body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// Sanitized HTML.
    pub html: String,
    /// Headings with their anchors.
    pub toc: Vec<TocEntry>,
    /// Plain text (for search and word counts).
    pub text: String,
    /// Words in the text.
    pub word_count: usize,
}

/// What to do with a link or image destination.
enum Dest {
    Keep,
    Replace(String),
    Drop,
}

fn fix_dest(url: &str, article: &Article, site: &Site) -> Result<Dest, String> {
    let url = url.trim();
    if is_dangerous_url(url) {
        return Ok(Dest::Drop);
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    let is_source = path.starts_with("@/")
        || (!path.contains(':') && !path.starts_with('/') && path.ends_with(".md"));
    if !is_source
        && let Some(why) =
            crate::load::links::link_problem(&article.source.name, &article.rel, path)
    {
        return Err(format!("liên kết tới `{path}`: {why}"));
    }
    Ok(match links::resolve(url, &article.rel, site)? {
        Some(u) => Dest::Replace(u),
        None => Dest::Keep,
    })
}

/// A link or image with its destination rewritten, kept, or `None` when it must go (a
/// `javascript:` URL). A broken link between articles is recorded at its position.
fn retarget<'a>(
    tag: Tag<'a>,
    range: std::ops::Range<usize>,
    article: &Article,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Option<Tag<'a>> {
    let (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &tag else {
        return Some(tag);
    };
    // `data:` only for raster images; no script URL in a link or an image.
    if !is_safe_url(dest_url, matches!(tag, Tag::Image { .. })) {
        return None;
    }
    let new_dest = match fix_dest(dest_url, article, site) {
        Ok(Dest::Drop) => return None,
        Ok(Dest::Replace(u)) => CowStr::from(u),
        Ok(Dest::Keep) => return Some(tag),
        Err(msg) => {
            let (line, col) = article.source.position(article.body_offset + range.start);
            let len = article.body()[range]
                .chars()
                .take_while(|c| *c != '\n')
                .count();
            diags.push(Diagnostic::at(&article.source, line, col, len, msg));
            return Some(tag);
        }
    };
    Some(match tag {
        Tag::Link {
            link_type,
            title,
            id,
            ..
        } => Tag::Link {
            link_type,
            dest_url: new_dest,
            title,
            id,
        },
        Tag::Image {
            link_type,
            title,
            id,
            ..
        } => Tag::Image {
            link_type,
            dest_url: new_dest,
            title,
            id,
        },
        other => other,
    })
}

/// Renders an article's body. Broken links between articles are errors with their position.
pub fn render(
    article: &Article,
    site: &Site,
    sanitizer: &Sanitizer,
) -> Result<Body, Vec<Diagnostic>> {
    let (body, diags) = render_all(article, site, sanitizer);
    if diags.is_empty() {
        Ok(body)
    } else {
        Err(diags)
    }
}

/// Renders an article's body even when links are broken, returning those errors beside it
/// (for `check`, which goes on to check the anchors of the whole site).
pub fn render_all(
    article: &Article,
    site: &Site,
    sanitizer: &Sanitizer,
) -> (Body, Vec<Diagnostic>) {
    let body = article.body();
    let mut diags = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut toc = Vec::new();
    let mut ids = Ids::default();
    let mut nesting = Nesting::default();
    let mut depth = 0usize;
    let mut too_deep: Option<usize> = None;
    let mut text = String::new();
    let mut raw_html = false;
    let mut heading: Option<(Vec<Event>, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut dropped: Vec<bool> = Vec::new();

    for (event, range) in Parser::new_ext(body, crate::text::markdown_options()).into_offset_iter()
    {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) => nesting.feed(h),
            _ => {}
        }
        if too_deep.is_none() && depth + nesting.depth() > MAX_DEPTH {
            too_deep = Some(range.start);
        }
        if let Some((lang, buf)) = &mut code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Event::Html(CowStr::from(highlight::code_block(buf, lang))));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                event
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                match retarget(tag, range, article, site, &mut diags) {
                    Some(tag) => {
                        dropped.push(false);
                        Event::Start(tag)
                    }
                    None => {
                        dropped.push(true);
                        continue;
                    }
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if dropped.pop().unwrap_or(false) {
                    continue;
                }
                event
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((vec![event], String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((mut buf, title)) = heading.take() {
                    let title = title.trim().to_string();
                    if let Some(Event::Start(Tag::Heading { id, classes, .. })) =
                        buf.first().cloned()
                    {
                        let wanted = id.as_deref().and_then(safe_id).unwrap_or_else(|| {
                            let s = slugify(&title);
                            if s.is_empty() { "muc".to_string() } else { s }
                        });
                        let unique = ids.unique(wanted);
                        // Heading attributes: only `id` and plain class names, never `key=val`.
                        let classes = classes.into_iter().filter(|c| is_class(c)).collect();
                        buf[0] = Event::Start(Tag::Heading {
                            level,
                            id: Some(CowStr::from(unique.clone())),
                            classes,
                            attrs: Vec::new(),
                        });
                        if level as u8 >= 2 {
                            toc.push(TocEntry {
                                level: level as u8,
                                id: unique,
                                title: title.clone(),
                            });
                        }
                    }
                    text.push_str(&title);
                    text.push(' ');
                    buf.push(event);
                    events.extend(buf);
                }
                continue;
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => {
                text.push(' ');
                event
            }
            other => other,
        };
        if let Some((buf, title)) = &mut heading {
            if let Event::Text(t) | Event::Code(t) = &event {
                title.push_str(t);
            }
            buf.push(event);
            continue;
        }
        if let Event::Text(t) | Event::Code(t) = &event {
            text.push_str(t);
        }
        events.push(event);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // One safe path: the linear allow-list check passes what Markdown alone wrote; raw HTML,
    // or anything the check does not know, goes through ammonia, nested no deeper than
    // MAX_DEPTH so that it stays linear.
    if raw_html || !allowlist::is_clean(&html) {
        if let Some(at) = too_deep {
            let (line, col) = article.source.position(article.body_offset + at);
            diags.push(Diagnostic::at(
                &article.source,
                line,
                col,
                1,
                format!(
                    "HTML lồng nhau quá sâu (hơn {MAX_DEPTH} tầng thẻ chưa đóng): hãy đóng các thẻ đã mở hoặc bớt tầng lồng"
                ),
            ));
            html.clear();
        } else {
            html = sanitizer.clean(&html);
        }
    }
    // Kept until the site is written: the capacity guessed above is not.
    html.shrink_to_fit();
    let (text, word_count) = squeeze_whitespace(&text);
    let body = Body {
        html,
        toc,
        text,
        word_count,
    };
    (body, diags)
}

/// Heading ids already given, and for each wanted id the next number to try, so that many
/// equal headings cost linear time.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// `wanted`, or `wanted-1`, `wanted-2`… when taken.
    fn unique(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let n = self.next.entry(wanted.clone()).or_insert(1);
        loop {
            let candidate = format!("{wanted}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// An id written in `{#id}`: kept when it is letters, digits, `-` and `_`, otherwise slugified.
fn safe_id(id: &str) -> Option<String> {
    if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Some(id.to_string());
    }
    Some(slugify(id)).filter(|s| !s.is_empty())
}

/// A class name written in `{.class}`: ASCII letters, digits, `-` and `_` only.
fn is_class(c: &str) -> bool {
    !c.is_empty()
        && c.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Collapses runs of whitespace to one space and counts the words: the words of
/// `str::split_whitespace`, read byte by byte (every body goes through it).
fn squeeze_whitespace(s: &str) -> (String, usize) {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut words = 0;
    let mut start = None;
    let mut i = 0;
    while i < b.len() {
        let (space, len) = whitespace_at(b, i);
        match (space, start) {
            (true, Some(from)) => {
                if words > 0 {
                    out.push(' ');
                }
                out.push_str(s.get(from..i).unwrap_or_default());
                words += 1;
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(from) = start {
        if words > 0 {
            out.push(' ');
        }
        out.push_str(s.get(from..).unwrap_or_default());
        words += 1;
    }
    (out, words)
}

/// Whether the character starting at byte `i` of the UTF-8 text `b` is white space (as
/// `char::is_whitespace`), and its length in bytes. Only five lead bytes can start a white-space
/// character, so the others are passed over without decoding.
fn whitespace_at(b: &[u8], i: usize) -> (bool, usize) {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match at(0) {
        c @ 0..0x80 => (matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '), 1),
        // U+0085, U+00A0
        0xC2 => (matches!(at(1), 0x85 | 0xA0), 2),
        // U+1680
        0xE1 => (at(1) == 0x9A && at(2) == 0x80, 3),
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
        0xE2 => (
            (at(1) == 0x80 && matches!(at(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
                || (at(1) == 0x81 && at(2) == 0x9F),
            3,
        ),
        // U+3000
        0xE3 => (at(1) == 0x80 && at(2) == 0x80, 3),
        c => (false, utf8_len(c)),
    }
}

/// The length of the UTF-8 sequence that lead byte `c` starts (1 for a stray continuation byte,
/// which valid text never starts a character with).
fn utf8_len(c: u8) -> usize {
    match c {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::links::resolve_source;

    #[test]
    fn squeezing_agrees_with_split_whitespace_for_every_character() {
        let slow = |s: &str| {
            let words: Vec<&str> = s.split_whitespace().collect();
            (words.join(" "), words.len())
        };
        for c in (0u32..0x3100).chain([0x1_F600]).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("a{c}b"),
                format!(" {c}  ế\n"),
                format!("ư{c}{c}ơ"),
            ] {
                assert_eq!(super::squeeze_whitespace(&s), slow(&s), "{s:?}");
            }
        }
        let text = "  Gương\u{a0}điển  hình\t\ttiên\u{3000}tiến — “Người tốt”… ";
        assert_eq!(super::squeeze_whitespace(text), slow(text));
    }

    #[test]
    fn resolves_source_paths() {
        assert_eq!(resolve_source("2021", "../2020/a.md"), "2020/a.md");
        assert_eq!(resolve_source("2021/b", "@/2020/a.md"), "2020/a.md");
        assert_eq!(resolve_source("2021", "./c.md"), "2021/c.md");
    }
}
