//! A small HTML attribute scanner: enough to find links and ids in pages guong generates,
//! without building a DOM. Comments and the contents of `<script>` and `<style>` are skipped.

use std::borrow::Cow;

/// `s` in lowercase, copied only when it is not already.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Calls `f(tag, attribute, value)` for every attribute of every start tag in `html`; tag and
/// attribute names are lowercase, values are as written: [`decode_entities`] decodes the
/// character references of those the caller keeps (a site's pages hold millions of
/// attributes, most of them of no interest).
pub fn attributes<'h>(html: &'h str, mut f: impl FnMut(&str, &str, &'h str)) {
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
        let tag = lower(&html[start..i]);
        i = scan_attributes(html, i, |name, value| f(&tag, name, value));
        if tag == "script" || tag == "style" {
            let close = if tag == "script" {
                "</script"
            } else {
                "</style"
            };
            i = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
        }
    }
}

/// Scans the attributes of a start tag from `i` (just after the tag name) to its `>`;
/// returns the index after it.
fn scan_attributes<'h>(html: &'h str, mut i: usize, mut f: impl FnMut(&str, &'h str)) -> usize {
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
        let name = lower(&html[start..i]);
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            f(&name, "");
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
        f(&name, value);
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
    fn finds_attributes_and_skips_scripts_and_comments() {
        let html = r#"<!DOCTYPE html><p id=a><a HREF="/x?a=1&amp;b=2#k" class='c'>t</a>
<!-- <a href="/comment"> --><script>var s = '<a href="/js">';</script><img src=/i.png alt>"#;
        let mut seen = Vec::new();
        attributes(html, |t, n, v| {
            seen.push(format!("{t} {n}={}", decode_entities(v)))
        });
        assert_eq!(
            seen,
            vec![
                "p id=a",
                "a href=/x?a=1&b=2#k",
                "a class=c",
                "img src=/i.png",
                "img alt="
            ]
        );
    }

    #[test]
    fn decodes_references() {
        assert_eq!(decode_entities("a&#39;b&#x41;&amp;&bogus"), "a'bA&&bogus");
    }
}
