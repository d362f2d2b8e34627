//! Resolving a link found on a page to the site path and fragment it points at.

use super::scan::ScannedSite;
use crate::text::url::percent_decode;

/// The URL path of the folder a page's relative links resolve against.
pub(super) fn page_dir(base: &str, file: &str) -> String {
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

/// Whether `href` points at the same place from every page: a path from the root, an
/// address with a host, or another scheme (not `#x`, `?q` or a relative path).
pub(super) fn is_absolute(href: &str) -> bool {
    let h = href.trim();
    h.starts_with('/') || has_scheme(h.split(['?', '#']).next().unwrap_or(""))
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
pub(super) struct Target {
    /// The site path, relative to the base path.
    pub(super) path: String,
    /// The fragment, percent-decoded.
    pub(super) fragment: String,
}

/// Resolves `href` found on the page at `dir`; `None` for external links, other schemes and
/// paths outside the site's base path.
pub(super) fn resolve(
    href: &str,
    dir: &str,
    page_file: &str,
    base: &str,
    origin: &str,
) -> Option<Target> {
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
pub(super) fn target_file(path: &str, files: &ScannedSite) -> Option<String> {
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
