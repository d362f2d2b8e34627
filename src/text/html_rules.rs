//! What may reach a page from content: the tag, attribute and URL rules that the sanitizer
//! (`render::sanitize`), its fast allow-list pass and the check of `markdown.allow_html` in
//! `site.yaml` all apply. Plain data and functions on strings, below every stage.

/// Image attributes Markdown and guong itself write (`srcset`, sizes, lazy loading); the
/// fast allow-list pass and ammonia share this list.
pub const IMG_ATTRS: &[&str] = &[
    "src",
    "alt",
    "title",
    "loading",
    "width",
    "height",
    "srcset",
    "sizes",
    "decoding",
    "fetchpriority",
];

/// `<source>` attributes inside `<picture>`.
pub const SOURCE_ATTRS: &[&str] = &["srcset", "sizes", "type", "media", "width", "height"];

/// URL schemes a link or image may use (ammonia's defaults); anything else with a scheme is
/// dropped. `data:` is allowed only for raster images in `img`.
pub const SAFE_SCHEMES: &[&str] = &[
    "bitcoin",
    "ftp",
    "ftps",
    "geo",
    "http",
    "https",
    "im",
    "irc",
    "ircs",
    "magnet",
    "mailto",
    "mms",
    "mx",
    "news",
    "nntp",
    "openpgp4fpr",
    "sip",
    "sms",
    "smsto",
    "ssh",
    "tel",
    "url",
    "webcal",
    "wtai",
    "xmpp",
];

/// Tags `markdown.allow_html` may never allow: they run script or change every link.
pub const FORBIDDEN_TAGS: &[&str] = &[
    "script",
    "style",
    "base",
    "meta",
    "link",
    "object",
    "embed",
    "applet",
    "frame",
    "frameset",
    "noscript",
    "template",
    "svg",
    "math",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
];

/// Whether an attribute can run script whatever its value (`on…`, `srcdoc`, `formaction`).
pub fn is_forbidden_attr(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n.starts_with("on") || n == "srcdoc" || n == "formaction" || n.contains(':')
}

/// Attributes whose value is a URL (or a list of URLs, for `srcset`).
pub fn is_url_attr(name: &str) -> bool {
    matches!(
        name,
        "href"
            | "src"
            | "srcset"
            | "action"
            | "formaction"
            | "data"
            | "poster"
            | "cite"
            | "background"
            | "longdesc"
            | "ping"
            | "usemap"
            | "manifest"
            | "codebase"
            | "xlink:href"
    )
}

/// Whether `s` is a plain tag or attribute name (`[a-z][a-z0-9-]*`).
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether an attribute (its value already entity-decoded) may stay on `tag`: never `on…`,
/// `srcdoc` or `formaction`; URL attributes only with a safe URL; no other attribute whose
/// value starts with a script scheme.
pub fn attr_is_safe(tag: &str, attr: &str, value: &str) -> bool {
    if is_forbidden_attr(attr) {
        return false;
    }
    if attr == "srcset" {
        return srcset_is_safe(value);
    }
    if is_url_attr(attr) {
        return is_safe_url(value, tag == "img" && attr == "src");
    }
    !starts_with_script_scheme(value)
}

/// Whether every URL of a `srcset` list (`a.webp 360w, b.webp 720w`) is safe.
pub fn srcset_is_safe(value: &str) -> bool {
    // A data: URL may hold commas, so any data: in a srcset is refused rather than split.
    !normalize(value).contains("data:")
        && value
            .split(',')
            .all(|c| is_safe_url(c.split_whitespace().next().unwrap_or(""), false))
}

/// The URL as a browser reads its scheme: leading and trailing spaces and controls dropped,
/// tabs and newlines removed anywhere, lowercased.
fn normalize(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The scheme of a normalized URL, or `None` for a relative URL.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    let s = &url[..end];
    let valid = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Not a scheme to a browser (`a b:c`, `é:`): a relative path, harmless.
    valid.then_some(s)
}

/// Whether a URL is safe to publish: relative, or with a scheme of [`SAFE_SCHEMES`]; a raster
/// `data:image/(png|jpeg|gif|webp)` is allowed when `raster_data_ok` (an `img` source).
pub fn is_safe_url(url: &str, raster_data_ok: bool) -> bool {
    let n = normalize(url);
    // Controls other than tab and newline, or whitespace inside the scheme, hide a scheme
    // from a simple reader: refuse them rather than guess how a browser reads them.
    if n.chars().any(|c| c.is_control()) {
        return false;
    }
    match scheme(&n) {
        None => !starts_with_script_scheme(url),
        Some("data") => {
            raster_data_ok
                && ["png", "jpeg", "jpg", "gif", "webp"].iter().any(|t| {
                    n.strip_prefix("data:image/")
                        .and_then(|r| r.strip_prefix(t))
                        .is_some_and(|r| r.starts_with([';', ',']))
                })
        }
        Some(s) => SAFE_SCHEMES.contains(&s),
    }
}

/// Whether text, once spaces and controls are squeezed out, starts with `javascript:`,
/// `vbscript:` or `livescript:`.
fn starts_with_script_scheme(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ["javascript:", "vbscript:", "livescript:"]
        .iter()
        .any(|s| squeezed.starts_with(s))
}

/// Whether a URL uses a scheme that runs code or is not allowed (`javascript:`, `vbscript:`,
/// `data:` other than raster images), after dropping what browsers ignore.
pub fn is_dangerous_url(url: &str) -> bool {
    !is_safe_url(url, true)
}
