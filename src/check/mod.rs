//! The link check of `guong check`: every internal link and `#anchor` of every generated HTML
//! page must lead to a file of the site and, for an anchor, to an `id` on the target page.
//! Broken links are traced back to the article or template that holds them when possible.

pub mod html;
mod resolve;
pub mod scan;

use crate::diagnostics::{Diagnostic, SourceFile, closest};
use crate::load::theme::Theme;
use crate::model::links::to_left_out;
use crate::model::paths::{Page, PageKind};
use crate::model::{Article, Site};
use crate::write::site::{Stats, write_site};
use rayon::prelude::*;
use resolve::{Target, is_absolute, page_dir, resolve, target_file};
use scan::ScanSink;
use scan::{Scanned, ScannedSite};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};

/// Where a broken link was written (file, line, column) and the link itself.
type Key = (String, usize, usize, String);

/// A broken link found on a page: where it was written, its diagnostic, the page's URL.
type Broken = (Key, Diagnostic, String);

/// What the link check found.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// HTML pages scanned.
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
    /// One diagnostic per broken link (a template's link broken on many pages counts once).
    pub problems: Vec<Diagnostic>,
}

/// Where a broken link was written.
enum Origin<'s> {
    Source(&'s SourceFile, usize, usize, usize),
    Unknown,
}

/// The first place in `source` after `from` where one of `needles` is written, most specific
/// first; each needle comes with the one-byte marks on either side of the link it holds (0 or
/// 1: quotes, parentheses, `=` and a space), left out of the position.
fn find_in(
    source: &SourceFile,
    from: usize,
    needles: &[(String, usize)],
) -> Option<(usize, usize, usize)> {
    needles.iter().find_map(|(n, quotes)| {
        let i = source.text.get(from..)?.find(n.as_str())?;
        let (line, col) = source.position(from + i + quotes);
        Some((line, col, n.chars().count() - 2 * quotes))
    })
}

/// Texts to look for in sources to find where `href` was written, most specific first: as
/// given and percent-decoded (Markdown writes `có` as `c%C3%B3` in the page).
fn needles(href: &str, base: &str, target: &Target) -> Vec<(String, usize)> {
    let decoded = crate::text::url::percent_decode(href);
    let mut n = Vec::new();
    for href in [href, decoded.as_str()] {
        n.push(href.to_string());
        if base.len() > 1
            && let Some(rest) = href.strip_prefix(base)
        {
            n.push(format!("/{rest}"));
            if rest.len() >= 3 {
                n.push(rest.to_string());
            }
        }
    }
    if !target.fragment.is_empty() {
        n.push(format!("#{})", target.fragment));
        n.push(format!("#{}", target.fragment));
    }
    // Quoted as in an HTML attribute or closed as a Markdown destination first: the same
    // text may also appear inside a longer link before it (and a one-letter link is found
    // only this way).
    let exact: Vec<(String, usize)> = (n.iter().filter(|s| !s.is_empty() && *s != "/"))
        .flat_map(|s| {
            [
                format!("\"{s}\""),
                format!("'{s}'"),
                format!("({s})"),
                format!("={s} "),
                format!("={s}>"),
            ]
        })
        .map(|s| (s, 1))
        .collect();
    exact
        .into_iter()
        .chain(n.into_iter().map(|s| (s, 0)))
        .collect()
}

/// Whether the broken link `href` found at `found` in a page is the body link `body` the
/// render stage already reported (kept as written, so its message quotes it): at the same
/// place, or the same link further on in the same file.
fn same_link(body: &Diagnostic, found: &Diagnostic, href: &str) -> bool {
    body.file == found.file
        && ((body.line == found.line
            && found.col >= body.col
            && found.col < body.col + body.len.max(1))
            || (found.line >= body.line && body.message.contains(&format!("`{href}`"))))
}

/// An article's source and the offset of its body: its own, or, once `build` has let go of it
/// ([`crate::model::Article::forget_source`]), read again from disk under `root` (only the
/// articles with a broken link are).
fn text_of<'s>(
    a: &'s Article,
    root: &Path,
    reread: &'s mut HashMap<String, Option<(SourceFile, usize)>>,
) -> Option<(&'s SourceFile, usize)> {
    if !a.source.text.is_empty() {
        return Some((&a.source, a.body_offset));
    }
    let found = reread.entry(a.rel.clone()).or_insert_with(|| {
        let bytes = std::fs::read(root.join("content").join(&a.rel)).ok()?;
        let text = crate::load::decode::decode_text(&a.source.name, &bytes).ok()?;
        let source = SourceFile::new(a.source.name.clone(), text);
        let body = crate::load::frontmatter::split(&source).ok()?.body_offset;
        Some((source, body))
    });
    found.as_ref().map(|(s, b)| (s, *b))
}

/// Checks every internal link of the HTML pages in `files` (the whole site, as scanned by a
/// [`ScanSink`](scan::ScanSink)). `deferred` are the broken body links the render stage found
/// ([`crate::render::Renderer::deferred`]): they are reported with the others, and a broken
/// link found in a page is not reported again when it is one of them.
pub fn check_links(
    site: &Site,
    theme: &Theme,
    pages: &[Page],
    files: &ScannedSite,
    deferred: &[Diagnostic],
    root: &Path,
) -> LinkReport {
    let base = site.config.base_url.path.as_str();
    let origin = site.config.base_url.origin.as_str();
    let mut scanned: Vec<(&str, &Scanned)> = (files.files.iter())
        .filter_map(|(f, s)| Some((f.as_str(), s.as_ref()?)))
        .collect();
    scanned.sort_unstable_by_key(|&(f, _)| f);
    let page_of = |file: &str| files.files.get(file).and_then(Option::as_ref);
    let kinds: HashMap<&str, PageKind> = pages.iter().map(|p| (p.file.as_str(), p.kind)).collect();
    let templates: Vec<SourceFile> = theme
        .templates
        .iter()
        .map(|t| SourceFile::new(t.display.clone(), t.text.as_str()))
        .collect();

    let article_rel = |file: &str| match kinds.get(file) {
        Some(PageKind::Article(i)) => site.articles.get(*i).map(|a| a.rel.as_str()),
        _ => None,
    };
    // What is known of each link that means the same on every page (an absolute one, as in
    // the menus that repeat on every page): checked once, not once per page (or a few times,
    // by pages checked side by side).
    const UNKNOWN: u8 = 0;
    const FINE: u8 = 1;
    const EXTERNAL: u8 = 2;
    let known: Vec<AtomicU8> = (0..files.links.len())
        .map(|_| AtomicU8::new(UNKNOWN))
        .collect();
    let learn = |n: usize, what: u8| known[n].store(what, Ordering::Relaxed);
    // The links of one page: how many were checked, and each broken one with its key
    // ((file, line, col, href) of where it was written) and the page's URL.
    let check_page = |&(file, page): &(&str, &Scanned)| {
        // Sources read again from disk (`build` lets go of them before it writes).
        let mut reread: HashMap<String, Option<(SourceFile, usize)>> = HashMap::new();
        let mut links = 0;
        let mut broken: Vec<Broken> = Vec::new();
        let dir = page_dir(base, file);
        let mut page_url = None;
        for &number in &page.links {
            let n = number as usize;
            match known.get(n).map(|k| k.load(Ordering::Relaxed)) {
                Some(FINE) => {
                    links += 1;
                    continue;
                }
                Some(EXTERNAL) => continue,
                _ => {}
            }
            let Some(href) = files.links.get(n).map(|h| &**h) else {
                continue;
            };
            let same_everywhere = is_absolute(href);
            let Some(target) = resolve(href, &dir, file, base, origin) else {
                if same_everywhere {
                    learn(n, EXTERNAL);
                }
                continue;
            };
            links += 1;
            let message = match target_file(&target.path, files) {
                None if to_left_out(site, &target.path, href, article_rel(file)) => continue,
                None => format!("liên kết hỏng tới `{href}`: trang đích không tồn tại"),
                Some(tf) if !target.fragment.is_empty() && target.fragment != "top" => {
                    let Some(page) = page_of(tf.as_str()) else {
                        continue;
                    };
                    if page.ids().any(|id| id == target.fragment) {
                        if same_everywhere {
                            learn(n, FINE);
                        }
                        continue;
                    }
                    let target_url =
                        format!("{base}{}", tf.strip_suffix("index.html").unwrap_or(&tf));
                    let hint = closest(&target.fragment, page.ids())
                        .map(|c| format!(" (có phải `#{c}`?)"))
                        .unwrap_or_default();
                    format!(
                        "liên kết hỏng tới `{href}`: trang {target_url} không có mục `#{}`{hint}",
                        target.fragment
                    )
                }
                Some(_) => {
                    if same_everywhere {
                        learn(n, FINE);
                    }
                    continue;
                }
            };
            let page_url = page_url
                .get_or_insert_with(|| {
                    format!("{base}{}", file.strip_suffix("index.html").unwrap_or(file))
                })
                .clone();
            let needles = needles(href, base, &target);
            let article = match kinds.get(file) {
                Some(PageKind::Article(i)) => site.articles.get(*i),
                _ => None,
            };
            let text = article.and_then(|a| text_of(a, root, &mut reread));
            let origin_of = text
                .and_then(|(source, body)| {
                    find_in(source, body, &needles).map(|(l, c, n)| Origin::Source(source, l, c, n))
                })
                .or_else(|| {
                    templates.iter().find_map(|t| {
                        find_in(t, 0, &needles).map(|(l, c, n)| Origin::Source(t, l, c, n))
                    })
                })
                .unwrap_or(Origin::Unknown);
            let diag = match origin_of {
                Origin::Source(src, line, col, len) => {
                    Diagnostic::at(src, line, col, len, message.clone())
                }
                // Not found in the text: still the article's file, never only the page URL.
                Origin::Unknown => Diagnostic::file(
                    article.map_or_else(|| page_url.clone(), |a| a.source.name.clone()),
                    message.clone(),
                ),
            };
            if deferred.iter().any(|d| same_link(d, &diag, href)) {
                continue;
            }
            let key = (diag.file.clone(), diag.line, diag.col, href.to_string());
            broken.push((key, diag, page_url));
        }
        (links, broken)
    };
    let checked: Vec<(usize, Vec<Broken>)> = scanned.par_iter().map(check_page).collect();
    let mut links = 0;
    // (file, line, col, href) of a broken link → its diagnostic and the pages it was seen on,
    // in the pages' order.
    let mut found: BTreeMap<Key, (Diagnostic, Vec<String>)> = BTreeMap::new();
    for (n, broken) in checked {
        links += n;
        for (key, diag, page_url) in broken {
            found
                .entry(key)
                .or_insert_with(|| (diag, Vec::new()))
                .1
                .push(page_url);
        }
    }
    let mut problems: Vec<Diagnostic> = deferred.to_vec();
    problems.extend(found.into_values().map(|(mut d, pages)| {
        d.message = match pages.as_slice() {
            [one] => format!("{} (trên trang {one})", d.message),
            [first, ..] => format!("{} (trên {} trang, ví dụ {first})", d.message, pages.len()),
            [] => d.message,
        };
        d
    }));
    crate::diagnostics::sort(&mut problems);
    LinkReport {
        pages: scanned.len(),
        links,
        problems,
    }
}

/// Renders `renderer`'s site into `sink` and checks every internal link of its pages (the
/// broken body links the render stage kept aside included): the link check shared by `build`,
/// which hands a sink that also writes, and `check`, which hands one that only scans. When
/// some pages cannot be rendered (a template error), the links of the others are still
/// checked, and the missing pages count as there (links to them are not broken for that).
pub fn render_and_check(
    site: &Site,
    theme: &Theme,
    renderer: &crate::render::Renderer,
    sink: ScanSink,
    root: &Path,
) -> Result<(Stats, LinkReport), Vec<Diagnostic>> {
    let written = write_site(renderer, &sink);
    let mut files = sink.into_files();
    if written.is_err() {
        let planned = (renderer.pages().iter().map(|p| p.file.clone()))
            .chain(renderer.files().into_iter().map(|(f, _)| f));
        for file in planned {
            files.files.entry(file).or_insert(None);
        }
    }
    let report = check_links(
        site,
        theme,
        renderer.pages(),
        &files,
        renderer.deferred(),
        root,
    );
    match written {
        Ok(stats) => Ok((stats, report)),
        Err(mut errors) => {
            errors.extend(report.problems);
            Err(errors)
        }
    }
}
