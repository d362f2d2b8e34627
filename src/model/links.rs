//! Links written in an article body to the site itself: source files (`../2020/a.md`,
//! `@/2020/a.md`) and pages in every form an editor pastes (`/bai-viet/x/`, with the base path,
//! the full address, with or without `index.html`). Each resolves to its page under the base
//! path; a broken one is an error whose suggestion is written the way the editor typed the link.

use super::Site;
use super::paths::{file_of, plan};
use crate::diagnostics::{Diagnostic, SourceFile, closest};
use crate::text::url::percent_decode;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::HashSet;

/// Resolves `target` (a `/`-separated path, relative to `dir` unless it starts with `@/`)
/// to a content-relative source path.
pub fn resolve_source(dir: &str, target: &str) -> String {
    let (base, rest) = match target.strip_prefix("@/") {
        Some(r) => ("", r),
        None => (dir, target),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// How an editor in `dir` types a link to the source `target`, in the same form as `written`
/// (`@/…` from the content root, else relative with `../`).
fn typed_source(written: &str, dir: &str, target: &str) -> String {
    let (target_dir, target_name) = target.rsplit_once('/').unwrap_or(("", target));
    if let Some((typed_dir, _)) = written.rsplit_once('/') {
        let resolved = resolve_source(dir, &format!("{typed_dir}/x"));
        if resolved.rsplit_once('/').map_or("", |(d, _)| d) == target_dir {
            return format!("{typed_dir}/{target_name}");
        }
    }
    if written.starts_with("@/") {
        return format!("@/{target}");
    }
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let dirs = &to[..to.len().saturating_sub(1)];
    let common = from.iter().zip(dirs).take_while(|(a, b)| a == b).count();
    let typed = format!(
        "{}{}",
        "../".repeat(from.len() - common),
        to[common..].join("/")
    );
    if written.starts_with("./") && !typed.starts_with("../") {
        format!("./{typed}")
    } else {
        typed
    }
}

/// A link to the source file `path` (no query or fragment), resolved to its page followed by
/// `suffix` (the query and fragment as written).
fn source_link(path: &str, suffix: &str, rel: &str, site: &Site) -> Result<Option<String>, String> {
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let target = resolve_source(dir, &percent_decode(path));
    if let Some(&i) = site.by_source.get(&target) {
        let base = &site.config.base_url.path;
        return Ok(Some(format!("{base}{}{suffix}", site.articles[i].path)));
    }
    if let Some(url) = bundle_file(&target, site) {
        return Ok(Some(format!("{url}{suffix}")));
    }
    if site.invalid.contains(&target) {
        return Ok(None);
    }
    if site.unpublished.contains(&target) {
        return Err(format!(
            "liên kết tới bài `{target}` đang là bản nháp (draft: true) nên chưa được đăng"
        ));
    }
    let hint = closest(&target, site.by_source.keys().map(String::as_str))
        .map(|c| format!(" (có phải `{}`?)", typed_source(path, dir, c)))
        .unwrap_or_default();
    Err(format!(
        "liên kết tới bài không tồn tại `{path}` (tìm ở content/{target}){hint}"
    ))
}

/// The URL of `target` (content-relative) when it is a file of a bundle, such as a `.md` note
/// beside the bundle's `index.md` (SPEC §1: copied as it is, not an article): the bundle's
/// page path followed by the file's path in the bundle.
fn bundle_file(target: &str, site: &Site) -> Option<String> {
    let mut dir = target;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        dir = parent;
        if let Some(&i) = site.by_source.get(&format!("{dir}/index.md")) {
            let a = &site.articles[i];
            let inside = &target[dir.len() + 1..];
            if a.assets.iter().any(|(r, _)| r == inside) {
                return Some(format!("{}{}{inside}", site.config.base_url.path, a.path));
            }
        }
    }
    None
}

/// The host of an `http(s)://host…` origin, lowercase.
fn host(origin: &str) -> String {
    origin
        .split_once("://")
        .map_or(origin, |(_, h)| h)
        .to_ascii_lowercase()
}

/// The site path of `abs` (an absolute URL path) under the base path `base`, if it is there.
fn under<'u>(abs: &'u str, base: &str) -> Option<&'u str> {
    if abs == base.trim_end_matches('/') {
        return Some("");
    }
    abs.strip_prefix(base)
}

/// Splits a link to the site itself into what the editor typed before the site path (scheme,
/// host, base path) and the site path (relative to the base path). `None` for other sites, for
/// pages of the same host outside the base path, and for relative links.
fn split_site_link<'u>(path: &'u str, site: &Site) -> Option<(&'u str, &'u str)> {
    let cfg = &site.config;
    let bases = [&cfg.published_url, &cfg.base_url];
    let net = match path.split_once("://") {
        Some((scheme, net))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            Some(net)
        }
        Some(_) => return None,
        None => path.strip_prefix("//"),
    };
    let site_path = match net {
        Some(net) => {
            // A full address: the site path is under the base path of a matching host.
            let (h, abs) = net.split_at(net.find('/').unwrap_or(net.len()));
            let h = h.to_ascii_lowercase();
            bases
                .iter()
                .filter(|b| host(&b.origin) == h)
                .find_map(|b| under(if abs.is_empty() { "/" } else { abs }, &b.path))?
        }
        None if path.starts_with('/') => bases
            .iter()
            .filter(|b| b.path.len() > 1)
            .find_map(|b| under(path, &b.path))
            .unwrap_or(&path[1..]),
        None => return None,
    };
    Some((&path[..path.len() - site_path.len()], site_path))
}

/// Every file the plan generates, with aliases and bundle files.
fn known(site: &Site) -> &HashSet<String> {
    site.known_files.get_or_init(|| {
        let mut files: HashSet<String> = plan(site).into_iter().map(|p| p.file).collect();
        for a in &site.articles {
            files.extend(a.fm.aliases.iter().map(|(f, _)| f.clone()));
            files.extend(a.assets.iter().map(|(r, _)| format!("{}{r}", a.path)));
        }
        files
    })
}

/// A page (a folder, an `.html` file or a name without extension), not a file such as a PDF
/// whose existence the link check of `check` verifies on the built site.
fn is_page(site_path: &str) -> bool {
    let last = site_path.rsplit('/').next().unwrap_or("");
    let lower = last.to_ascii_lowercase();
    last.is_empty() || !last.contains('.') || lower.ends_with(".html") || lower.ends_with(".htm")
}

fn exists(site: &Site, site_path: &str) -> bool {
    let known = known(site);
    let file = file_of(site_path);
    let folder = format!("{}/index.html", site_path.trim_end_matches('/'));
    known.contains(&file)
        || known.contains(&folder)
        || site.static_dir.join(&file).is_file()
        || site.static_dir.join(&folder).is_file()
}

/// The known word closest to `word` (ASCII site paths: no folding), best score then name.
fn best<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The existing page closest to `site_path` (other than the linking article's `own` page),
/// compared within the same section (`bai-viet/`, `chuyen-muc/`…) when there is one.
fn closest_page(site: &Site, site_path: &str, own: &str) -> Option<String> {
    let pages: Vec<&str> = known(site)
        .iter()
        .filter_map(|f| f.strip_suffix("index.html"))
        .filter(|p| !p.contains("/trang/") && *p != own)
        .collect();
    let wanted = crate::text::slug::fold(site_path.strip_suffix("index.html").unwrap_or(site_path));
    let wanted = if wanted.is_empty() || wanted.ends_with('/') {
        wanted
    } else {
        format!("{wanted}/")
    };
    let section = wanted.split('/').next().unwrap_or("");
    let same: Vec<&str> = pages
        .iter()
        .filter_map(|p| p.strip_prefix(section)?.strip_prefix('/'))
        .filter(|rest| !rest.is_empty())
        .collect();
    match wanted
        .strip_prefix(section)
        .and_then(|r| r.strip_prefix('/'))
    {
        Some(rest) if !same.is_empty() => {
            best(rest, same.into_iter()).map(|c| format!("{section}/{c}"))
        }
        _ => best(&wanted, pages.into_iter()).map(str::to_string),
    }
}

/// The source (of a draft, or of an article left out for errors) whose file is named like the
/// article `slug`: its page is missing for a reason already known.
fn named<'r>(rels: &'r [String], slug: Option<&str>) -> Option<&'r String> {
    let slug = slug?;
    rels.iter().find(|rel| {
        let stem = rel.strip_suffix("/index.md").or(rel.strip_suffix(".md"));
        stem.and_then(|s| s.rsplit('/').next()) == Some(slug)
    })
}

/// Whether a link found broken in a rendered page only follows from an article left out for
/// its own errors (already reported): a link to its page (named like its file), or to its
/// source kept as written by the article at `rel` (content-relative), if any.
pub fn to_left_out(site: &Site, site_path: &str, href: &str, rel: Option<&str>) -> bool {
    if site.invalid.is_empty() {
        return false;
    }
    let slug = site_path
        .strip_prefix("bai-viet/")
        .map(|r| r.split('/').next().unwrap_or(""));
    if named(&site.invalid, slug).is_some() {
        return true;
    }
    let path = href.split(['#', '?']).next().unwrap_or("");
    let Some(rel) = rel.filter(|_| path.ends_with(".md")) else {
        return false;
    };
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    site.invalid
        .contains(&resolve_source(dir, &percent_decode(path)))
}

/// Where a link of the article at `rel` (content-relative) goes: `Ok(Some(url))` rewritten to
/// the page under the base path, `Ok(None)` kept as written, `Err` broken with a message
/// that suggests what to type instead.
pub fn resolve(url: &str, rel: &str, site: &Site) -> Result<Option<String>, String> {
    let url = url.trim();
    let (path, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    // The query and the fragment stay on the resolved URL (`@/2020/b.md?x=1#y`).
    let (path, query) = path.split_at(path.find('?').unwrap_or(path.len()));
    let is_source = path.starts_with("@/")
        || (!path.contains(':') && !path.starts_with('/') && path.ends_with(".md"));
    if is_source {
        return source_link(path, &format!("{query}{fragment}"), rel, site);
    }
    let Some((typed_prefix, site_path)) = split_site_link(path, site) else {
        return Ok(None);
    };
    let rewritten = format!("{}{site_path}{query}{fragment}", site.config.base_url.path);
    let decoded = percent_decode(site_path);
    // An article left out for front matter errors has no page yet: a link to a slug named
    // like its file is not reported again.
    let slug = decoded
        .strip_prefix("bai-viet/")
        .map(|r| r.split('/').next().unwrap_or(""));
    if !is_page(&decoded) || named(&site.invalid, slug).is_some() || exists(site, &decoded) {
        return Ok(Some(rewritten));
    }
    if let Some(draft) = named(&site.unpublished, slug) {
        return Err(format!(
            "liên kết `{url}` tới bài `{draft}` đang là bản nháp (draft: true) nên chưa được đăng"
        ));
    }
    let own = site
        .by_source
        .get(rel)
        .map_or("", |&i| site.articles[i].path.as_str());
    let hint = closest_page(site, &decoded, own)
        .map(|p| {
            let index = if site_path.ends_with("index.html") {
                "index.html"
            } else {
                ""
            };
            format!(" (có phải `{typed_prefix}{p}{index}{fragment}`?)")
        })
        .unwrap_or_default();
    let shown = format!("{}{site_path}", site.config.base_url.path);
    let shown = if shown == path {
        String::new()
    } else {
        format!(" (địa chỉ {shown})")
    };
    Err(format!(
        "liên kết tới trang không tồn tại `{url}`{shown}{hint}"
    ))
}

/// The broken links of a body that is not rendered (its front matter has errors), so that one
/// run reports them with the front matter errors. `body_offset` is the body's byte offset.
pub fn body_problems(
    source: &SourceFile,
    rel: &str,
    body_offset: usize,
    site: &Site,
) -> Vec<Diagnostic> {
    let body = source.text.get(body_offset..).unwrap_or("");
    let mut diags = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::text::markdown_options()).into_offset_iter()
    {
        let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event else {
            continue;
        };
        if let Err(msg) = resolve(&dest_url, rel, site) {
            let (line, col) = source.position(body_offset + range.start);
            let len = body[range].chars().take_while(|c| *c != '\n').count();
            diags.push(Diagnostic::at(source, line, col, len, msg));
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_keep_the_typed_form() {
        assert_eq!(
            typed_source("../2020/x.md", "2021", "2020/a.md"),
            "../2020/a.md"
        );
        assert_eq!(
            typed_source("@/2020/x.md", "2021", "2020/a.md"),
            "@/2020/a.md"
        );
        assert_eq!(typed_source("x.md", "2020", "2020/a.md"), "a.md");
        assert_eq!(typed_source("./x.md", "2020", "2020/a.md"), "./a.md");
        assert_eq!(typed_source("../../x.md", "2020/b", "a.md"), "../../a.md");
        assert_eq!(
            typed_source("../2020/x.md", "2020", "2020/a.md"),
            "../2020/a.md"
        );
        assert_eq!(
            typed_source("../2019/x.md", "2021", "2020/a.md"),
            "../2020/a.md"
        );
    }
}
