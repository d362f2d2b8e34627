//! Markdown to HTML: tables, footnotes, strikethrough, task lists, heading anchors with
//! Vietnamese slugs, highlighted code, links between articles by source path, and sanitizing.

use crate::diagnostics::Diagnostic;
use crate::model::{Article, Site};
use crate::render::sanitize::{Sanitizer, is_dangerous_url};
use crate::render::{highlight, links};
use crate::text::slug::slugify;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
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
    let mut ids: HashSet<String> = HashSet::new();
    let mut text = String::new();
    let mut raw_html = false;
    let mut heading: Option<(Vec<Event>, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut dropped: Vec<bool> = Vec::new();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
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
                    if let Some(Event::Start(Tag::Heading {
                        id, classes, attrs, ..
                    })) = buf.first().cloned()
                    {
                        let wanted = id.map(|i| i.to_string()).unwrap_or_else(|| {
                            let s = slugify(&title);
                            if s.is_empty() { "muc".to_string() } else { s }
                        });
                        let mut unique = wanted.clone();
                        let mut n = 1;
                        while !ids.insert(unique.clone()) {
                            unique = format!("{wanted}-{n}");
                            n += 1;
                        }
                        buf[0] = Event::Start(Tag::Heading {
                            level,
                            id: Some(CowStr::from(unique.clone())),
                            classes,
                            attrs,
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
    if raw_html {
        html = sanitizer.clean(&html);
    }
    let (text, word_count) = squeeze_whitespace(&text);
    let body = Body {
        html,
        toc,
        text,
        word_count,
    };
    (body, diags)
}

/// Collapses runs of whitespace to one space and counts the words.
fn squeeze_whitespace(s: &str) -> (String, usize) {
    let mut out = String::with_capacity(s.len());
    let mut words = 0;
    for word in s.split_whitespace() {
        if words > 0 {
            out.push(' ');
        }
        out.push_str(word);
        words += 1;
    }
    (out, words)
}

#[cfg(test)]
mod tests {
    use crate::render::links::resolve_source;

    #[test]
    fn resolves_source_paths() {
        assert_eq!(resolve_source("2021", "../2020/a.md"), "2020/a.md");
        assert_eq!(resolve_source("2021/b", "@/2020/a.md"), "2020/a.md");
        assert_eq!(resolve_source("2021", "./c.md"), "2021/c.md");
    }
}
