//! `site.yaml`: site settings, topic columns, units and their rotation.

use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::load::reader::Reader;
use crate::load::yaml::{self, Node};
use crate::text::slug::is_slug;
use chrono::FixedOffset;
use std::collections::BTreeMap;

pub mod issuer;
mod lists;
pub mod publisher;
use lists::{parse_fields, parse_markdown, parse_units};

/// A topic column (chuyên mục).
#[derive(Debug, Clone)]
pub struct Field {
    /// URL id (`san-xuat-gioi`).
    pub id: String,
    /// Full name shown to readers.
    pub name: String,
    /// One-sentence description (may be empty).
    pub description: String,
}

/// A unit (đơn vị) that introduces exemplars.
#[derive(Debug, Clone)]
pub struct Unit {
    /// URL id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// The bloc (khối thi đua) it belongs to; may be empty.
    pub bloc: String,
    /// The quarter (1–4) in which it introduces exemplars to the province.
    pub duty_quarter: Option<u8>,
    /// Description (may be empty).
    pub description: String,
}

/// Where the site is published: `https://host/prefix/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, no trailing slash (`https://example.gov.vn`).
    pub origin: String,
    /// Path prefix with leading and trailing `/` (`/guong-dien-hinh/`, or `/`).
    pub path: String,
}

impl BaseUrl {
    /// Parses an `http(s)://host[:port]/path` URL.
    pub fn parse(s: &str) -> Result<BaseUrl, String> {
        if let Some(c) = s.chars().find(|c| c.is_control()) {
            return Err(format!(
                "địa chỉ không được chứa ký tự điều khiển (U+{:04X}: tab, xuống dòng…)",
                c as u32
            ));
        }
        let s = s.trim();
        let rest = s
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| s.strip_prefix("http://").map(|r| ("http://", r)));
        let Some((scheme, rest)) = rest else {
            return Err(format!("`{s}` không phải địa chỉ http:// hoặc https://"));
        };
        if rest.contains(['?', '#', ' ', '\\', '"', '<', '>']) {
            return Err(format!(
                "`{s}` không được chứa dấu cách, `?`, `#` hay ký tự đặc biệt"
            ));
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() {
            return Err(format!("`{s}` thiếu tên miền"));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        while path.contains("//") {
            path = path.replace("//", "/");
        }
        Ok(BaseUrl {
            origin: format!("{scheme}{host}"),
            path,
        })
    }

    /// The full URL with trailing slash.
    pub fn full(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }
}

/// The validated site settings.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Where the site is published.
    pub base_url: BaseUrl,
    /// `base_url` as written in `site.yaml`, kept when `--base-url` or `serve` replace it:
    /// editors paste links to the published site.
    pub published_url: BaseUrl,
    /// Language code (`vi`).
    pub language: String,
    /// Timezone offset in which dates are shown and quarters computed.
    pub timezone: FixedOffset,
    /// Theme name.
    pub theme: String,
    /// Where `theme:` gives it in `site.yaml`, when it does (a missing theme is reported there).
    pub theme_at: Option<Pos>,
    /// Articles per list page.
    pub paginate: usize,
    /// Submissions before this day of the quarter's last month are on time.
    pub deadline_day: u32,
    /// Publisher shown in feeds and footers.
    pub author: Option<String>,
    /// Who runs the site, when `publisher:` is given.
    pub publisher: Option<publisher::Publisher>,
    /// Topic columns in menu order.
    pub fields: Vec<Field>,
    /// Units in `site.yaml` order.
    pub units: Vec<Unit>,
    /// Extra raw-HTML tags (and their attributes) allowed in articles.
    pub allow_html: BTreeMap<String, Vec<String>>,
    /// Whether `report` also publishes a public coverage page.
    pub report_publish: bool,
    /// Who issues the office's report (the other keys of `report:`).
    pub report_issuer: issuer::Issuer,
    /// The free `extra` map for themes.
    pub extra: serde_json::Value,
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "theme",
    "paginate",
    "deadline_day",
    "author",
    "publisher",
    "fields",
    "units",
    "markdown",
    "report",
    "extra",
];
const FIELD_KEYS: &[&str] = &["id", "name", "description"];
const UNIT_KEYS: &[&str] = &["id", "name", "bloc", "duty_quarter", "description"];

/// Parses and validates `site.yaml`; every problem is returned, not only the first.
pub fn parse(source: &SourceFile) -> Result<SiteConfig, Vec<Diagnostic>> {
    match parse_partly(source) {
        Ok((cfg, diags)) if diags.is_empty() => Ok(cfg),
        Ok((_, diags)) | Err(diags) => Err(diags),
    }
}

/// Parses `site.yaml` as far as it goes: the settings with the problems found, when those
/// leave the articles something to be checked against (an unknown key, a bad `paginate`, a
/// bad title), so that one run also shows the articles' errors; `Err` when the columns, the
/// units or the address are wrong, or the file does not parse, since every article would
/// then look wrong for nothing.
pub fn parse_partly(source: &SourceFile) -> Result<(SiteConfig, Vec<Diagnostic>), Vec<Diagnostic>> {
    let doc = match yaml::parse(&source.text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.line.max(1);
            let d = Diagnostic::at(
                source,
                line,
                e.col,
                e.len,
                format!("YAML không hợp lệ: {}", e.message),
            );
            return Err(vec![match e.hint {
                Some(h) => d.with_hint(h),
                None => d,
            }]);
        }
    };
    let root = doc;
    let mut r = Reader::new(source, 1);
    let top = Pos {
        line: 1,
        col: 1,
        len: 1,
    };
    if let Node::Null = root.value {
        return Err(vec![Diagnostic::at(
            source,
            1,
            1,
            1,
            "site.yaml trống: cần ít nhất title, base_url, fields và units",
        )]);
    }
    let entries = r.entries(&root, KEYS, "site.yaml");
    r.require(&entries, &["title", "base_url", "fields"], top, "site.yaml");
    let needed = ["base_url", "fields"];
    // What the articles are read against is missing or wrong: stop after site.yaml.
    let mut hard = needed
        .iter()
        .any(|k| !entries.iter().any(|(key, _)| key == k));
    let mut cfg = SiteConfig {
        title: String::new(),
        description: String::new(),
        base_url: BaseUrl {
            origin: "http://localhost".into(),
            path: "/".into(),
        },
        published_url: BaseUrl {
            origin: "http://localhost".into(),
            path: "/".into(),
        },
        language: "vi".into(),
        timezone: FixedOffset::east_opt(7 * 3600).expect("valid offset"),
        theme: "default".into(),
        theme_at: None,
        paginate: 10,
        deadline_day: 5,
        author: None,
        publisher: None,
        fields: Vec::new(),
        units: Vec::new(),
        allow_html: BTreeMap::new(),
        report_publish: false,
        report_issuer: Default::default(),
        extra: serde_json::Value::Object(Default::default()),
    };
    for (key, v) in &entries {
        let before = r.diags.len();
        match *key {
            "title" => cfg.title = r.nonempty_string(key, v).unwrap_or_default(),
            "description" => {
                cfg.description = r.string(key, v).unwrap_or_default().trim().to_string()
            }
            "base_url" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    match BaseUrl::parse(&s) {
                        Ok(b) => {
                            cfg.published_url = b.clone();
                            cfg.base_url = b;
                        }
                        Err(m) => {
                            let p = r.pos(v);
                            r.error(p, m);
                        }
                    }
                }
            }
            "language" => cfg.language = r.nonempty_string(key, v).unwrap_or_else(|| "vi".into()),
            "timezone" => {
                if let Some(s) = r.string(key, v) {
                    match crate::text::dates::parse_offset(&s) {
                        Some(tz) => cfg.timezone = tz,
                        None => {
                            let p = r.pos(v);
                            r.error_hint(
                                p,
                                format!("múi giờ không hợp lệ `{s}`"),
                                "viết dạng \"+07:00\" (có dấu ngoặc kép)",
                            );
                        }
                    }
                }
            }
            "theme" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    if is_slug(&s)
                        || s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        cfg.theme = s;
                        cfg.theme_at = Some(r.pos(v));
                    } else {
                        let p = r.pos(v);
                        r.error(p, format!("tên giao diện không hợp lệ `{s}`"));
                    }
                }
            }
            "paginate" => cfg.paginate = r.int(key, v, 1..=1000).unwrap_or(10) as usize,
            "deadline_day" => cfg.deadline_day = r.int(key, v, 1..=31).unwrap_or(5) as u32,
            "author" => {
                cfg.author = r
                    .string(key, v)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            }
            "publisher" => cfg.publisher = publisher::parse(&mut r, v),
            "fields" => cfg.fields = parse_fields(&mut r, v),
            "units" => cfg.units = parse_units(&mut r, v),
            "markdown" => cfg.allow_html = parse_markdown(&mut r, v),
            "report" => {
                for (k, val) in r.entries(v, issuer::KEYS, "report") {
                    if k == "publish" {
                        cfg.report_publish = r.bool("report.publish", val).unwrap_or(false);
                    } else {
                        issuer::read(&mut r, k, val, &mut cfg.report_issuer);
                    }
                }
            }
            "extra" => cfg.extra = yaml::to_json(&v.value),
            _ => {}
        }
        if matches!(*key, "base_url" | "fields" | "units") && r.diags.len() > before {
            hard = true;
        }
    }
    if hard {
        Err(r.diags)
    } else {
        Ok((cfg, r.diags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        parse(&SourceFile::new("site.yaml", text))
    }

    #[test]
    fn base_urls() {
        let b = BaseUrl::parse("https://example.gov.vn/guong-dien-hinh").unwrap();
        assert_eq!(b.origin, "https://example.gov.vn");
        assert_eq!(b.path, "/guong-dien-hinh/");
        assert_eq!(BaseUrl::parse("http://127.0.0.1:8080").unwrap().path, "/");
        assert!(BaseUrl::parse("example.gov.vn/x").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }

    #[test]
    fn reads_a_full_site_yaml() {
        let cfg = parse_text("title: T\nbase_url: https://a.b/p/\ntimezone: \"-03:30\"\npaginate: 5\nfields:\n  - id: f\n    name: Cột\nunits:\n  - id: u\n    name: Đơn vị\n    duty_quarter: 2\nmarkdown:\n  allow_html:\n    iframe: [src]\nreport:\n  publish: true\nextra: {a: 1}\n").unwrap();
        assert_eq!(cfg.paginate, 5);
        assert_eq!(cfg.timezone.local_minus_utc(), -(3 * 3600 + 1800));
        assert_eq!(cfg.units[0].duty_quarter, Some(2));
        assert_eq!(cfg.allow_html["iframe"], vec!["src".to_string()]);
        assert!(cfg.report_publish);
    }

    #[test]
    fn refuses_script_in_allow_html() {
        let base = "title: T\nbase_url: https://a.b/\nfields:\n  - id: f\n    name: C\nmarkdown:\n  allow_html:\n";
        for (entry, line, col) in [
            ("    script: [src]\n", 8, 5),
            ("    Style: [type]\n", 8, 5),
            ("    a: [href, onclick]\n", 8, 15),
            ("    iframe:\n      - src\n      - srcdoc\n", 10, 9),
            ("    button: [formAction]\n", 8, 14),
        ] {
            let d = parse_text(&format!("{base}{entry}")).unwrap_err();
            assert_eq!((d[0].line, d[0].col), (line, col), "{entry}: {:?}", d[0]);
        }
    }

    #[test]
    fn never_panics_on_truncated_input() {
        let full = "title: T\nbase_url: https://a.b/\nfields:\n  - id: f\n    name: Cột\nunits:\n  - id: u\n    name: Đơn vị\n    duty_quarter: 9\n";
        for (i, _) in full.char_indices() {
            let _ = parse_text(&full[..i]);
        }
    }
}
