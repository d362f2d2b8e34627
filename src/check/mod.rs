//! The link check of `guong check`: every internal link and `#anchor` of every generated HTML
//! page must lead to a file of the site and, for an anchor, to an `id` on the target page.
//! Broken links are traced back to the article or template that holds them when possible.

pub mod html;

use crate::diagnostics::{Diagnostic, SourceFile, closest};
use crate::load::theme::Theme;
use crate::model::Site;
use crate::model::paths::{Page, PageKind};
use crate::text::url::percent_decode;
use crate::write::memory::Stored;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

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

/// Links and ids of one page.
struct Scanned {
    links: Vec<String>,
    ids: HashSet<String>,
}

fn scan(html: &str) -> Scanned {
    let mut links = Vec::new();
    let mut ids = HashSet::new();
    html::attributes(html, |tag, name, value| match name {
        "href" | "src" | "action" => links.push(value.to_string()),
        "id" => {
            ids.insert(value.to_string());
        }
        "name" if tag == "a" => {
            ids.insert(value.to_string());
        }
        _ => {}
    });
    Scanned { links, ids }
}

fn is_html(file: &str) -> bool {
    file.ends_with(".html") || file.ends_with(".htm")
}

/// The URL path of the folder a page's relative links resolve against.
fn page_dir(base: &str, file: &str) -> String {
    match file.rfind('/') {
        Some(i) => format!("{base}{}", &file[..=i]),
        None => base.to_string(),
    }
}

fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Removes `.` and `..` segments of an absolute URL path.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').collect();
    for (k, seg) in segs.iter().enumerate() {
        let last = k + 1 == segs.len();
        match *seg {
            "." => {
                if last {
                    parts.push("");
                }
            }
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
                if last {
                    parts.push("");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// An internal link: the site path (relative to the base path) and the fragment.
#[derive(Debug, PartialEq)]
struct Target {
    path: String,
    fragment: String,
}

/// Resolves `href` found on the page at `dir`; `None` for external links, other schemes and
/// paths outside the site's base path.
fn resolve(href: &str, dir: &str, page_file: &str, base: &str, origin: &str) -> Option<Target> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let (rest, fragment) = match href.find('#') {
        Some(i) => (&href[..i], &href[i + 1..]),
        None => (href, ""),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let fragment = percent_decode(fragment);
    if rest.is_empty() {
        // `#x` or `?q`: this page.
        return Some(Target {
            path: page_file.to_string(),
            fragment,
        });
    }
    let path = if has_scheme(rest) {
        let lower = rest.to_ascii_lowercase();
        let origin = origin.to_ascii_lowercase();
        if !lower.starts_with(&origin) {
            return None;
        }
        let p = &rest[origin.len()..];
        if !p.is_empty() && !p.starts_with('/') {
            return None;
        }
        if p.is_empty() { "/" } else { p }.to_string()
    } else if let Some(net) = rest.strip_prefix("//") {
        let host = origin.split("//").nth(1).unwrap_or("");
        let (h, p) = net.split_at(net.find('/').unwrap_or(net.len()));
        if !h.eq_ignore_ascii_case(host) {
            return None;
        }
        if p.is_empty() { "/" } else { p }.to_string()
    } else if rest.starts_with('/') {
        rest.to_string()
    } else {
        format!("{dir}{rest}")
    };
    let path = normalize(&path);
    let site_path = if path == base.trim_end_matches('/') {
        ""
    } else {
        path.strip_prefix(base)?
    };
    Some(Target {
        path: percent_decode(site_path),
        fragment,
    })
}

/// The file a site path is served from (`a/` → `a/index.html`).
fn target_file(path: &str, files: &HashMap<String, Stored>) -> Option<String> {
    if path.is_empty() || path.ends_with('/') {
        let f = format!("{path}index.html");
        return files.contains_key(&f).then_some(f);
    }
    if files.contains_key(path) {
        return Some(path.to_string());
    }
    // A web server redirects `/x` to `/x/` when `x/index.html` exists.
    let f = format!("{path}/index.html");
    files.contains_key(&f).then_some(f)
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

/// Texts to look for in sources to find where `href` was written, most specific first.
fn needles(href: &str, base: &str, target: &Target) -> Vec<String> {
    let mut n = vec![href.to_string()];
    if base.len() > 1
        && let Some(rest) = href.strip_prefix(base)
    {
        n.push(format!("/{rest}"));
        if rest.len() >= 3 {
            n.push(rest.to_string());
        }
    }
    if !target.fragment.is_empty() {
        n.push(format!("#{})", target.fragment));
        n.push(format!("#{}", target.fragment));
    }
    n.retain(|s| s.chars().count() >= 2 && s != "/");
    n
}

/// Checks every internal link of the HTML pages in `files` (the whole rendered site).
pub fn check_links(
    site: &Site,
    theme: &Theme,
    pages: &[Page],
    files: &HashMap<String, Stored>,
) -> LinkReport {
    let base = site.config.base_url.path.as_str();
    let origin = site.config.base_url.origin.as_str();
    let html_files: Vec<(&String, &[u8])> = files
        .iter()
        .filter_map(|(f, s)| match s {
            Stored::Bytes(b) if is_html(f) => Some((f, &b[..])),
            _ => None,
        })
        .collect();
    let scanned: HashMap<&str, Scanned> = html_files
        .par_iter()
        .map(|(f, b)| (f.as_str(), scan(&String::from_utf8_lossy(b))))
        .collect();
    let kinds: HashMap<&str, PageKind> = pages.iter().map(|p| (p.file.as_str(), p.kind)).collect();
    let templates: Vec<SourceFile> = theme
        .templates
        .iter()
        .map(|t| SourceFile {
            name: t.display.clone(),
            text: t.text.as_str().into(),
        })
        .collect();

    let mut links = 0;
    // (location, message) → pages it was seen on.
    let mut found: BTreeMap<(String, usize, usize), (Diagnostic, Vec<String>)> = BTreeMap::new();
    let mut names: Vec<&&str> = scanned.keys().collect();
    names.sort();
    for file in names {
        let page = &scanned[*file];
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
                    let Some(ids) = scanned.get(tf.as_str()).map(|s| &s.ids) else {
                        continue;
                    };
                    if ids.contains(&target.fragment) {
                        continue;
                    }
                    let target_url =
                        format!("{base}{}", tf.strip_suffix("index.html").unwrap_or(&tf));
                    let hint = closest(&target.fragment, ids.iter().map(String::as_str))
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
                Origin::Unknown => Diagnostic::file(page_url.clone(), message.clone()),
            };
            found
                .entry((diag.file.clone(), diag.line, diag.col))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn r(href: &str, dir: &str) -> Option<(String, String)> {
        resolve(
            href,
            dir,
            "bai-viet/a/index.html",
            "/g/",
            "https://example.gov.vn",
        )
        .map(|t| (t.path, t.fragment))
    }

    #[test]
    fn resolves_internal_links_only() {
        let d = "/g/bai-viet/a/";
        assert_eq!(r("/g/the/x/", d), Some(("the/x/".into(), "".into())));
        assert_eq!(r("../b/#k", d), Some(("bai-viet/b/".into(), "k".into())));
        assert_eq!(
            r("#muc", d),
            Some(("bai-viet/a/index.html".into(), "muc".into()))
        );
        assert_eq!(
            r("https://example.gov.vn/g/atom.xml", d),
            Some(("atom.xml".into(), "".into()))
        );
        assert_eq!(r("/g", d), Some(("".into(), "".into())));
        assert_eq!(r("https://other.vn/g/x", d), None);
        assert_eq!(r("mailto:a@b.vn", d), None);
        assert_eq!(r("/khac/", d), None);
        assert_eq!(
            r("anh%20bia.jpg", d),
            Some(("bai-viet/a/anh bia.jpg".into(), "".into()))
        );
    }
}
