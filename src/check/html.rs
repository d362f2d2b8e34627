//! A small HTML attribute scanner: enough to find links and ids in pages guong generates,
//! without building a DOM. Comments and the contents of `<script>` and `<style>` are skipped.

use std::borrow::Cow;

/// An attribute the link check keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// `href`, `src` or `action`: a link.
    Link,
    /// `id`: an anchor.
    Id,
    /// `name` of an `<a>`: an anchor too.
    AnchorName,
}

/// Calls `f(kind, value)` for every link (`href`, `src`, `action`) and anchor (`id`, and
/// `name` on `<a>`) among the attributes of every start tag in `html`, names compared in any
/// case; values are as written: [`decode_entities`] decodes their character references.
/// Comments and the contents of `<script>` and `<style>` are skipped. A site's pages hold
/// millions of attributes and most are of no interest: those are passed over without being
/// looked at further.
pub fn links_and_ids<'h>(html: &'h str, mut f: impl FnMut(Kept, &'h str)) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(rel) = memchr(b'<', &b[i..]) {
        i += rel + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i, b"-->").map_or(b.len(), |j| j + 3);
            continue;
        }
        if matches!(b.get(i), Some(b'!' | b'/' | b'?')) {
            i = memchr(b'>', &b[i..]).map_or(b.len(), |j| i + j + 1);
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        if i == start {
            continue;
        }
        let tag = &b[start..i];
        let is_a = tag.eq_ignore_ascii_case(b"a");
        i = scan_attributes(html, i, is_a, &mut f);
        let close: &[u8] = if tag.eq_ignore_ascii_case(b"script") {
            b"</script"
        } else if tag.eq_ignore_ascii_case(b"style") {
            b"</style"
        } else {
            continue;
        };
        i = find_ci(b, i, close).unwrap_or(b.len());
    }
}

/// What the attribute named `name` is to the link check, if anything.
fn kept(name: &[u8], is_a: bool) -> Option<Kept> {
    let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
    match name.len() {
        2 if is(b"id") => Some(Kept::Id),
        3 if is(b"src") => Some(Kept::Link),
        4 if is(b"href") => Some(Kept::Link),
        4 if is_a && is(b"name") => Some(Kept::AnchorName),
        6 if is(b"action") => Some(Kept::Link),
        _ => None,
    }
}

/// Scans the attributes of a start tag from `i` (just after the tag name) to its `>`, handing
/// the kept ones to `f`; returns the index after the `>`.
fn scan_attributes<'h>(
    html: &'h str,
    mut i: usize,
    is_a: bool,
    f: &mut impl FnMut(Kept, &'h str),
) -> usize {
    let b = html.as_bytes();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return i;
        }
        if b[i] == b'>' {
            return i + 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let kind = kept(&b[start..i], is_a);
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            if let Some(kind) = kind {
                f(kind, "");
            }
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr(q, &b[i + 1..]).map_or(b.len(), |j| i + 1 + j);
                let v = &html[i + 1..end];
                i = (end + 1).min(b.len());
                v
            }
            _ => {
                let s = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                &html[s..i]
            }
        };
        if let Some(kind) = kind {
            f(kind, value);
        }
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|j| from + j)
}

/// Where `needle` (starting with `<`) is next in `hay` from `from`, in any case.
fn find_ci(hay: &[u8], mut from: usize, needle: &[u8]) -> Option<usize> {
    while let Some(j) = memchr(b'<', hay.get(from..)?) {
        let at = from + j;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Decodes the character references that appear in attribute values.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_and_ids_and_skips_scripts_and_comments() {
        let html = r#"<!DOCTYPE html><p id=a><a HREF="/x?a=1&amp;b=2#k" class='c' Name=n>t</a>
<!-- <a href="/comment"> --><script>var s = '<a href="/js">';</script><img src=/i.png alt>
<STYLE>a[href="/css"]{}</style><form action="/f" name="khong"><img name=x ID='b' SRC></form>"#;
        let mut seen = Vec::new();
        links_and_ids(html, |k, v| {
            seen.push(format!("{k:?}={}", decode_entities(v)))
        });
        assert_eq!(
            seen,
            vec![
                "Id=a",
                "Link=/x?a=1&b=2#k",
                "AnchorName=n",
                "Link=/i.png",
                "Link=/f",
                "Id=b",
                "Link="
            ]
        );
    }

    #[test]
    fn decodes_references() {
        assert_eq!(decode_entities("a&#39;b&#x41;&amp;&bogus"), "a'bA&&bogus");
    }
}
