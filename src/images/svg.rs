//! SVG files are published as drawn, minus anything that could run: `<script>`,
//! `<foreignObject>` (HTML inside SVG), `<iframe>`/`<embed>`/`<object>`, `<set>`, document
//! type declarations (entities), event-handler attributes (`on…`), and `javascript:`,
//! `vbscript:` or non-image `data:` values — the rules the sanitizer applies to raw HTML.

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use std::path::{Path, PathBuf};

const DROPPED: [&str; 8] = [
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "set",
    "handler",
    "listener",
];

fn dangerous_value(v: &str) -> bool {
    let v: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    v.contains("javascript:")
        || v.contains("vbscript:")
        || (v.contains("data:") && !v.contains("data:image/") || v.contains("data:image/svg"))
}

fn clean_start(e: &BytesStart) -> Result<BytesStart<'static>, String> {
    let name = e.name().as_ref().to_string();
    let mut out = BytesStart::new(name);
    for attr in e.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.local_name().as_ref().to_ascii_lowercase();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned());
        let bad = key.starts_with("on") || value.as_deref().map_or(true, dangerous_value);
        if !bad {
            out.push_attribute(attr);
        }
    }
    Ok(out)
}

/// The SVG `data` with everything that could run removed.
pub fn sanitize(data: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(data).map_err(|_| "tệp SVG không phải UTF-8".to_string())?;
    let mut reader = Reader::from_str(text);
    let mut writer = Writer::new(Vec::with_capacity(data.len()));
    let mut skip = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("tệp SVG hỏng: {e}"))?;
        let local = |e: &BytesStart| e.local_name().as_ref().to_ascii_lowercase();
        let out = match event {
            Event::Eof => break,
            Event::Start(e) if skip > 0 || DROPPED.contains(&local(&e).as_str()) => {
                let _ = e;
                skip += 1;
                continue;
            }
            Event::End(_) if skip > 0 => {
                skip -= 1;
                continue;
            }
            _ if skip > 0 => continue,
            Event::Empty(e) if DROPPED.contains(&local(&e).as_str()) => continue,
            Event::DocType(_) | Event::PI(_) => continue,
            Event::Start(e) => Event::Start(clean_start(&e)?),
            Event::Empty(e) => Event::Empty(clean_start(&e)?),
            other => other,
        };
        writer
            .write_event(out)
            .map_err(|e| format!("không ghi được SVG: {e}"))?;
    }
    Ok(writer.into_inner())
}

/// The sanitized SVG files of the site's `static/` and of its bundles, by output path.
pub fn site_svgs(
    site: &Site,
    statics: &[(String, PathBuf)],
    root: &Path,
) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let bundles = site.articles.iter().flat_map(|a| {
        a.assets
            .iter()
            .map(|(r, p)| (format!("{}{r}", a.path), p.clone()))
    });
    for (file, path) in statics.iter().cloned().chain(bundles) {
        if !file.to_ascii_lowercase().ends_with(".svg") {
            continue;
        }
        let result = std::fs::read(&path)
            .map_err(|e| format!("không đọc được tệp: {e}"))
            .and_then(|d| sanitize(&d));
        match result {
            Ok(bytes) => out.push((file, bytes)),
            Err(m) => diags.push(Diagnostic::file(super::shown(root, &path), m)),
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_and_handlers() {
        let svg = br#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="10" height="10" fill="red"/></a><foreignObject><p>hi</p></foreignObject><image href="data:text/html,x"/></svg>"#;
        let out = String::from_utf8(sanitize(svg).unwrap()).unwrap();
        for bad in [
            "onload",
            "script",
            "javascript",
            "foreignObject",
            "ENTITY",
            "data:text",
        ] {
            assert!(!out.contains(bad), "{bad} left in {out}");
        }
        assert!(
            out.contains(r#"<rect width="10" height="10" fill="red"/>"#),
            "{out}"
        );
    }
}
