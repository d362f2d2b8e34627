//! The link check of `guong check`: every internal link and `#anchor` of every generated HTML
//! page must lead to a file of the site and, for an anchor, to an `id` on the target page.
//! Broken links are traced back to the article or template that holds them when possible.

pub mod html;
mod resolve;
pub mod scan;

use crate::diagnostics::{Diagnostic, SourceFile, closest};
use crate::load::theme::Theme;
use crate::model::Site;
use crate::model::paths::{Page, PageKind};
use resolve::{Target, page_dir, resolve, target_file};
use scan::{Scanned, ScannedSite};
use std::collections::{BTreeMap, HashMap};

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

fn find_in(source: &SourceFile, from: usize, needles: &[String]) -> Option<(usize, usize, usize)> {
    needles.iter().find_map(|n| {
        let i = source.text.get(from..)?.find(n.as_str())?;
        let (line, col) = source.position(from + i);
        Some((line, col, n.chars().count()))
    })
}

/// Texts to look for in sources to find where `href` was written, most specific first: as
/// given and percent-decoded (Markdown writes `có` as `c%C3%B3` in the page).
fn needles(href: &str, base: &str, target: &Target) -> Vec<String> {
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
    n.retain(|s| s.chars().count() >= 2 && s != "/");
    n
}

/// Checks every internal link of the HTML pages in `files` (the whole site, as scanned by a
/// [`ScanSink`]).
pub fn check_links(site: &Site, theme: &Theme, pages: &[Page], files: &ScannedSite) -> LinkReport {
    let base = site.config.base_url.path.as_str();
    let origin = site.config.base_url.origin.as_str();
    let scanned: HashMap<&str, &Scanned> = files
        .iter()
        .filter_map(|(f, s)| Some((f.as_str(), s.as_ref()?)))
        .collect();
    let kinds: HashMap<&str, PageKind> = pages.iter().map(|p| (p.file.as_str(), p.kind)).collect();
    let templates: Vec<SourceFile> = theme
        .templates
        .iter()
        .map(|t| SourceFile::new(t.display.clone(), t.text.as_str()))
        .collect();

    let mut links = 0;
    // (file, line, col, href) of a broken link → its diagnostic and the pages it was seen on.
    type Key = (String, usize, usize, String);
    let mut found: BTreeMap<Key, (Diagnostic, Vec<String>)> = BTreeMap::new();
    let mut names: Vec<&&str> = scanned.keys().collect();
    names.sort();
    for file in names {
        let page = scanned[*file];
        let dir = page_dir(base, file);
        let page_url = format!("{base}{}", file.strip_suffix("index.html").unwrap_or(file));
        for href in &page.links {
            let Some(target) = resolve(href, &dir, file, base, origin) else {
                continue;
            };
            links += 1;
            let message = match target_file(&target.path, files) {
                None => format!("liên kết hỏng tới `{href}`: trang đích không tồn tại"),
                Some(tf) if !target.fragment.is_empty() && target.fragment != "top" => {
                    let Some(page) = scanned.get(tf.as_str()) else {
                        continue;
                    };
                    if page.ids().any(|id| id == target.fragment) {
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
                Some(_) => continue,
            };
            let needles = needles(href, base, &target);
            let article = match kinds.get(file) {
                Some(PageKind::Article(i)) => site.articles.get(*i),
                _ => None,
            };
            let origin_of = article
                .and_then(|a| {
                    find_in(&a.source, a.body_offset, &needles)
                        .map(|(l, c, n)| Origin::Source(&a.source, l, c, n))
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
            found
                .entry((diag.file.clone(), diag.line, diag.col, href.to_string()))
                .or_insert_with(|| (diag, Vec::new()))
                .1
                .push(page_url.clone());
        }
    }
    let problems = found
        .into_values()
        .map(|(mut d, pages)| {
            d.message = match pages.as_slice() {
                [one] => format!("{} (trên trang {one})", d.message),
                [first, ..] => format!("{} (trên {} trang, ví dụ {first})", d.message, pages.len()),
                [] => d.message,
            };
            d
        })
        .collect();
    LinkReport {
        pages: scanned.len(),
        links,
        problems,
    }
}
