//! SVG files are published as drawn, minus anything that could run: `<script>`,
//! `<foreignObject>` (HTML inside SVG), `<iframe>`/`<embed>`/`<object>`, `<set>`, document
//! type declarations (entities), event-handler attributes (`on…`), and `javascript:`,
//! `vbscript:` or non-image `data:` values — the rules the sanitizer applies to raw HTML.
//! Style sheets (`<style>`, CDATA included, and `style` attributes) are kept only when they
//! hold none of those nor `expression(`, `@import`, `behavior`, `-moz-binding` or a CSS
//! escape (`\`) that could spell them; a `<style>` element that does is dropped whole.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

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

/// Whether CSS text (a style sheet or a `style` attribute) could run or load something: the
/// dangerous URL schemes of [`dangerous_value`], `expression(`, `@import`, `behavior`,
/// `-moz-binding`, or a backslash (a CSS escape could spell any of them). Comments are
/// removed first (`java/**/script:`).
fn dangerous_css(css: &str) -> bool {
    let mut plain = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        plain.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    plain.push_str(rest);
    let squeezed: String = plain
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    dangerous_value(&plain)
        || plain.contains('\\')
        || ["expression(", "@import", "behavior", "-moz-binding"]
            .iter()
            .any(|w| squeezed.contains(w))
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
        let bad = key.starts_with("on")
            || value.as_deref().map_or(true, |v| {
                dangerous_value(v) || (key == "style" && dangerous_css(v))
            });
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
    // A `<style>` element being read: its events, its depth and its text (entities resolved).
    let mut style: Option<(Vec<Event<'static>>, usize, String)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("tệp SVG hỏng: {e}"))?;
        let local = |e: &BytesStart| e.local_name().as_ref().to_ascii_lowercase();
        if let Some((events, depth, css)) = &mut style {
            match &event {
                Event::Start(_) => *depth += 1,
                Event::End(_) => *depth -= 1,
                Event::Text(t) => css.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0)),
                Event::CData(t) => css.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0)),
                Event::GeneralRef(r) => match r.resolve_char_ref() {
                    Ok(Some(c)) => css.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(
                        &r.xml_content(quick_xml::XmlVersion::Implicit1_0),
                    ) {
                        Some(text) => css.push_str(text),
                        // An unknown entity: nothing to judge the sheet by.
                        None => css.push('\\'),
                    },
                },
                Event::Eof => return Err("tệp SVG hỏng: thẻ <style> không được đóng".into()),
                _ => {}
            }
            events.push(event.into_owned());
            if *depth == 0 {
                let (events, _, css) = style.take().expect("a style element is being read");
                if !dangerous_css(&css)
                    && !events[1..]
                        .iter()
                        .any(|e| matches!(e, Event::Start(_) | Event::Empty(_)))
                {
                    for e in events {
                        writer
                            .write_event(e)
                            .map_err(|e| format!("không ghi được SVG: {e}"))?;
                    }
                }
            }
            continue;
        }
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
            Event::Start(e) if local(&e) == "style" => {
                style = Some((vec![Event::Start(clean_start(&e)?)], 1, String::new()));
                continue;
            }
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

/// A length of the root element (`width="120"`, `120px`, `2in`) in CSS pixels; `None` for a
/// relative one (`50%`, `2em`), which depends on where the SVG is shown.
fn length(v: &str) -> Option<f64> {
    let v = v.trim();
    let split = v
        .find(|c: char| {
            !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E')
        })
        .unwrap_or(v.len());
    // An exponent letter is only part of the number when digits follow (`2em` is em).
    let (mut num, mut unit) = v.split_at(split);
    if let Some(i) = num.find(['e', 'E'])
        && !num[i + 1..].starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-')
    {
        (num, unit) = v.split_at(i);
    }
    let px_per = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "px" => 1.0,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        _ => return None,
    };
    let n: f64 = num.parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n * px_per)
}

/// The width and height of an SVG's `viewBox` (`min-x min-y width height`).
fn view_box(v: &str) -> Option<(f64, f64)> {
    let n: Vec<f64> = v
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match n[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// The size an `<img>` shows an SVG at, in pixels: its root's absolute `width` and
/// `height`, one of them with the `viewBox` proportions, or the `viewBox` size; `None` when
/// neither gives one (relative sizes and no `viewBox`).
pub fn size(data: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(data).ok()?;
    let mut reader = Reader::from_str(text);
    let root = loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => break e.into_owned(),
            Event::Eof => return None,
            _ => {}
        }
    };
    let mut width = None;
    let mut height = None;
    let mut vb = None;
    for attr in root.attributes().flatten() {
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?;
        match attr.key.local_name().as_ref() {
            "width" => width = length(&value),
            "height" => height = length(&value),
            "viewBox" => vb = view_box(&value),
            _ => {}
        }
    }
    let (w, h) = match (width, height, vb) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(v)) => v,
        _ => return None,
    };
    let px = |v: f64| (v.round().max(1.0) <= 100_000.0).then(|| v.round().max(1.0) as u32);
    Some((px(w)?, px(h)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let svg = |attrs: &str| {
            size(format!("<?xml version=\"1.0\"?><svg {attrs}><g/></svg>").as_bytes())
        };
        assert_eq!(svg(r#"width="120" height="80px""#), Some((120, 80)));
        assert_eq!(svg(r#"width="1in" height="72pt""#), Some((96, 96)));
        assert_eq!(svg(r#"viewBox="0 0 300 150""#), Some((300, 150)));
        assert_eq!(
            svg(r#"width="600" viewBox="0,0,300,150""#),
            Some((600, 300))
        );
        assert_eq!(svg(r#"height="50" viewBox="0 0 300 150""#), Some((100, 50)));
        assert_eq!(
            svg(r#"width="100%" height="2em" viewBox="0 0 30 15""#),
            Some((30, 15))
        );
        assert_eq!(svg(r#"width="100%" height="100%""#), None);
        assert_eq!(svg(r#"width="1e2" height="5e1""#), Some((100, 50)));
        assert_eq!(svg(r#"viewBox="0 0 0 10""#), None);
        assert_eq!(svg(""), None);
    }

    #[test]
    fn drops_style_sheets_that_could_run_and_keeps_plain_ones() {
        let sheet = |css: &str| {
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>{css}</style><rect class=\"a\"/></svg>"
            );
            String::from_utf8(sanitize(svg.as_bytes()).unwrap()).unwrap()
        };
        for bad in [
            "@import url(javascript:alert(6));",
            "<![CDATA[@import url(javascript:alert(6));]]>",
            "<![CDATA[.a{fill:url(javascript:alert(1))}]]>",
            ".a{background:url(JavaScript&#58;alert(1))}",
            ".a{width:expression(alert(1))}",
            ".a{width:ex/**/pression(alert(1))}",
            "@im/**/port 'x.css';",
            ".a{background:url(data:text/html,x)}",
            ".a{background:url(\\6a avascript:alert(1))}",
            ".a{behavior:url(x.htc)}",
            ".a{fill:red}<g/>",
        ] {
            let out = sheet(bad);
            assert!(!out.contains("<style"), "{bad} left in {out}");
            assert!(out.contains(r#"<rect class="a"/>"#), "{out}");
        }
        let ok = ".a{fill:#fff;stroke:url(#g)} .b &gt; .c{opacity:.5}";
        assert!(
            sheet(ok).contains(&format!("<style>{ok}</style>")),
            "{}",
            sheet(ok)
        );
        let cdata = "<![CDATA[.a{fill:red}]]>";
        assert!(sheet(cdata).contains(cdata), "{}", sheet(cdata));
        let attr = |style: &str| {
            let svg = format!("<svg><rect style=\"{style}\"/></svg>");
            String::from_utf8(sanitize(svg.as_bytes()).unwrap()).unwrap()
        };
        assert_eq!(attr("fill:red"), r#"<svg><rect style="fill:red"/></svg>"#);
        for bad in [
            "width:expression(alert(1))",
            "background:url(javascript:alert(1))",
            "background:url(\\6a avascript:x)",
        ] {
            assert_eq!(attr(bad), "<svg><rect/></svg>", "{bad}");
        }
    }

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
