//! Small entry points for `cargo fuzz` (in `fuzz/`) and for `tests/fuzz_corpus.rs`, which
//! replays the kept corpus on stable: each takes raw bytes, runs one stage of the real
//! pipeline, and panics only when a safety rule of SPEC §7 is broken.

use crate::config::{self, SiteConfig};
use crate::diagnostics::SourceFile;
use crate::load::content::ArticleFile;
use crate::load::frontmatter;
use crate::model::assemble::{self, Parsed};
use crate::pipeline::{self, LoadOptions};
use crate::render::markdown;
use crate::render::sanitize::Sanitizer;
use crate::render::{RenderOptions, Renderer};
use crate::validate;
use crate::write::Sink;
use std::path::{Component, Path};
use std::sync::Mutex;

/// The `site.yaml` the article targets validate against.
pub const SITE_YAML: &str = "title: Gương điển hình\nbase_url: https://example.gov.vn/guong/\nauthor: UBND huyện\nfields:\n  - id: san-xuat-gioi\n    name: Hộ sản xuất giỏi\nunits:\n  - id: cong-an\n    name: Công an huyện\n    duty_quarter: 2\nmarkdown:\n  allow_html:\n    iframe: [src, width, height]\n    abbr: [title]\n";

/// Front matter put before a fuzzed Markdown body.
const FRONT: &str = "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: cong-an\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: Tóm tắt.\n---\n";

fn config() -> SiteConfig {
    config::parse(&SourceFile::new("site.yaml", SITE_YAML)).expect("the fuzzing site.yaml is valid")
}

/// `site.yaml` bytes through decoding and validation.
pub fn site_yaml(data: &[u8]) {
    let Ok(text) = crate::load::decode::decode_text("site.yaml", data) else {
        return;
    };
    let _ = config::parse(&SourceFile::new("site.yaml", text));
}

/// An article file (front matter and body) through decoding, splitting and validation.
pub fn front_matter(data: &[u8]) {
    let cfg = config();
    let name = "content/2020/a.md";
    let Ok(text) = crate::load::decode::decode_text(name, data) else {
        return;
    };
    let source = SourceFile::new(name, text);
    if let Ok(split) = frontmatter::split(&source) {
        let _ = validate::article::validate(&source, &split.yaml, split.yaml_line, &cfg);
    }
}

/// A Markdown body rendered and sanitized; panics when the HTML carries script.
pub fn markdown(data: &[u8]) -> Option<String> {
    let body = String::from_utf8_lossy(data);
    let cfg = config();
    let source = SourceFile::new("content/2020/a.md", format!("{FRONT}{body}"));
    let split = frontmatter::split(&source).ok()?;
    let fm = validate::article::validate(&source, &split.yaml, split.yaml_line, &cfg).ok()?;
    let parsed = Parsed {
        file: ArticleFile {
            path: "/nonexistent/content/2020/a.md".into(),
            rel: "2020/a.md".into(),
            assets: Vec::new(),
        },
        source,
        fm,
        body_offset: split.body_offset,
    };
    let (site, _) = assemble::assemble_all(
        cfg,
        vec![parsed],
        Vec::new(),
        false,
        Path::new("/nonexistent"),
    );
    let article = site.articles.first()?;
    let sanitizer = Sanitizer::new(&site.config.allow_html, &site.config.base_url.path);
    let html = markdown::render(article, &site, &sanitizer).ok()?.html;
    if let Some(bad) = find_script(&html) {
        panic!("script in rendered Markdown: {bad}\n{html}");
    }
    Some(html)
}

/// Records what a build writes, refusing nothing, so that bad paths can be seen.
#[derive(Default)]
struct Recorder(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Recorder {
    fn write(&self, file: &str, data: &[u8]) -> std::io::Result<()> {
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.push((file.to_string(), data.to_vec()));
        Ok(())
    }

    fn copy(&self, file: &str, _from: &Path) -> std::io::Result<()> {
        self.write(file, b"")
    }
}

/// The files of a small site from fuzz bytes: parts separated by NUL become the articles
/// `content/2020/a.md`, `content/2020/b/index.md` (with a bundle file) and `content/2021/c.md`.
pub fn site_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![("site.yaml".to_string(), SITE_YAML.as_bytes().to_vec())];
    let names = [
        "content/2020/a.md",
        "content/2020/b/index.md",
        "content/2021/c.md",
    ];
    for (part, name) in data.split(|b| *b == 0).zip(names) {
        files.push((name.to_string(), part.to_vec()));
    }
    files.push(("content/2020/b/anh.png".into(), b"\x89PNG".to_vec()));
    files.push(("static/images/logo.png".into(), b"\x89PNG".to_vec()));
    files
}

/// The whole pipeline (load, validate, render, write to memory) on the site of
/// [`site_files`], written into `root`; panics when a written path leaves the output or
/// a page or feed carries script. Returns how many files were written (0 when the site
/// has errors).
pub fn pipeline_in(root: &Path, data: &[u8]) -> usize {
    for (name, bytes) in site_files(data) {
        let p = root.join(name);
        let _ = std::fs::create_dir_all(p.parent().expect("has a parent"));
        std::fs::write(&p, bytes).expect("temporary site is writable");
    }
    let opts = LoadOptions {
        root: root.to_path_buf(),
        drafts: true,
        base_url: None,
    };
    let Ok(loaded) = pipeline::load(&opts) else {
        return 0;
    };
    let static_dir = root.join("static");
    let Ok(renderer) = Renderer::prepare(
        &loaded.site,
        &loaded.theme,
        root,
        &static_dir,
        RenderOptions::default(),
    ) else {
        return 0;
    };
    let sink = Recorder::default();
    let _ = crate::write::site::write_site(&renderer, &sink);
    let written = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
    let count = written.len();
    for (file, bytes) in written {
        let p = Path::new(&file);
        let inside = !file.is_empty()
            && !file.contains('\\')
            && p.components().all(|c| matches!(c, Component::Normal(_)));
        assert!(inside, "written outside the output: {file:?}");
        if let Some(bad) = find_script_in_file(&file, &String::from_utf8_lossy(&bytes)) {
            panic!("script in {file}: {bad}");
        }
    }
    count
}

/// [`find_script`] for an output file by its kind: HTML pages as they are, and the HTML
/// content of Atom entries once unescaped. (Search JSON holds plain text, shown with
/// `textContent`; `tests/sanitize.rs` checks that no raw HTML or link reaches it.)
pub fn find_script_in_file(name: &str, text: &str) -> Option<String> {
    if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".aspx") {
        return find_script(text);
    }
    if name.ends_with(".xml") {
        if let Some(bad) = find_script(text) {
            return Some(bad);
        }
        return text
            .split("<content type=\"html\">")
            .skip(1)
            .find_map(|c| find_script(&unescape(c.split("</content>").next().unwrap_or(""))));
    }
    None
}

/// [`pipeline_in`] in a fresh temporary folder, removed afterwards.
pub fn pipeline(data: &[u8]) -> usize {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let root = std::env::temp_dir().join(format!("guong-fuzz-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let result = std::panic::catch_unwind(|| pipeline_in(&root, data));
    let _ = std::fs::remove_dir_all(&root);
    result.unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// Decodes the entities of HTML text (named ones that matter, and numeric ones).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|b| *b == b';');
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "nbsp" => Some('\u{a0}'),
                _ => ent.strip_prefix('#').and_then(|n| {
                    match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => n.parse().ok(),
                    }
                    .and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first piece of script in HTML markup, if any: an `on…`, `srcdoc` or `formaction`
/// attribute, or a URL attribute (`href`, `src`, `srcset`, …) holding a `javascript:` or
/// `vbscript:` URL, or a `data:` URL other than a raster image in `img src`. Written apart from the sanitizer, to check it.
pub fn find_script(html: &str) -> Option<String> {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        let n = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if n == 0 || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let tag = html[i..i + n].to_ascii_lowercase();
        i += n;
        // Attributes until the closing `>` (quoted values may hold one).
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
                i += 1;
            }
            let name = html[start..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                let (q, from) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => (Some(q), i + 1),
                    _ => (None, i),
                };
                let end = match q {
                    Some(q) => b[from..].iter().position(|c| *c == q).map(|p| from + p),
                    None => b[from..]
                        .iter()
                        .position(|c| c.is_ascii_whitespace() || *c == b'>')
                        .map(|p| from + p),
                }
                .unwrap_or(b.len());
                value = unescape(&html[from..end]);
                i = if q.is_some() {
                    (end + 1).min(b.len())
                } else {
                    end
                };
            }
            if let Some(bad) = bad_attr(&tag, &name, &value) {
                return Some(format!("<{tag} {name}=\"{value}\">: {bad}"));
            }
        }
    }
    None
}

fn bad_attr(tag: &str, name: &str, value: &str) -> Option<&'static str> {
    if name.starts_with("on") || name == "srcdoc" || name == "formaction" {
        return Some("thuộc tính chạy script");
    }
    let squeezed = |v: &str| -> String {
        v.chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let urls: Vec<String> = if name == "srcset" {
        value.split(',').map(squeezed).collect()
    } else {
        vec![squeezed(value)]
    };
    let url_attr = matches!(
        name,
        "href"
            | "src"
            | "srcset"
            | "action"
            | "data"
            | "poster"
            | "cite"
            | "background"
            | "longdesc"
            | "ping"
            | "xlink:href"
            | "from"
            | "to"
            | "values"
    );
    for u in urls.iter().filter(|_| url_attr) {
        if u.starts_with("javascript:") || u.starts_with("vbscript:") {
            return Some("URL script");
        }
        let raster = ["png", "jpeg", "jpg", "gif", "webp"]
            .iter()
            .any(|t| u.starts_with(&format!("data:image/{t}")));
        if u.starts_with("data:") && !(tag == "img" && name == "src" && raster) {
            return Some("URL data:");
        }
    }
    None
}

/// GIF bytes through the metadata-stripping walk ([`crate::images::gif::strip`]): it must not
/// panic; what it publishes must be a GIF the walk leaves unchanged (nothing left to strip,
/// no comment or metadata extension); and when `image` decodes a small source, it must decode
/// the published file to the same frames.
pub fn gif(data: &[u8]) {
    use image::{AnimationDecoder, ImageDecoder};
    let Ok(s) = crate::images::gif::strip(data) else {
        return;
    };
    let again = crate::images::gif::strip(&s.bytes).expect("a stripped GIF walks again");
    assert_eq!(again, s, "stripping is not idempotent");
    assert!(s.bytes.len() <= data.len(), "the walk added bytes");
    if u64::from(s.width) * u64::from(s.height) > 64 * 64 {
        return;
    }
    let frames = |b: &[u8]| {
        let mut d = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(b)).ok()?;
        // A frame may be far larger than the screen: the oracle must not run out of memory.
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(16 << 20);
        d.set_limits(limits).ok()?;
        let f = d.into_frames().collect_frames().ok()?;
        Some(
            f.into_iter()
                .map(|f| (f.buffer().as_raw().clone(), f.delay(), f.left(), f.top()))
                .collect::<Vec<_>>(),
        )
    };
    if let Some(before) = frames(data) {
        assert!(
            frames(&s.bytes) == Some(before),
            "the published GIF decodes differently"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_script_markup() {
        assert!(find_script("<p onclick=\"x\">").is_some());
        assert!(find_script("<a href='java&#x09;script:x'>").is_some());
        assert!(find_script("<a title=\">\" href=\" JaVaScRiPt:x\">").is_some());
        assert!(find_script("<img src=\"a\" srcset=\"b 1x, javascript:c 2x\">").is_some());
        assert!(find_script("<a href=\"data:text/html,x\">").is_some());
        assert!(find_script("<img src=\"data:image/png;base64,AA\">").is_none());
        assert!(find_script("<p>onclick=x javascript:y</p>").is_none());
    }

    #[test]
    fn markdown_entry_point_renders() {
        let html = markdown(b"## Hi {onmouseover=alert(1) .ok}\n\n[a](javascript:x)").unwrap();
        assert!(html.contains("<h2 id=\"hi\" class=\"ok\">"), "{html}");
    }
}
