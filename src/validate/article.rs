//! An article's front matter, checked against SPEC §2 and `site.yaml`.

use crate::config::SiteConfig;
use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::load::reader::Reader;
use crate::load::yaml::{self, Node};
use crate::text::dates::{Quarter, parse_date, parse_datetime};
use crate::text::slug::{is_slug, slugify};
use crate::validate::alias::{MAX_NAME_BYTES, alias_file};
use crate::validate::kind::Kind;
use crate::validate::names::{match_name, suggest_list};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_saphyr::Spanned;

/// The keys an article's front matter may have.
pub const KEYS: &[&str] = &[
    "title",
    "date",
    "unit",
    "field",
    "quarter",
    "kind",
    "summary",
    "exemplar",
    "author",
    "image",
    "image_alt",
    "tags",
    "draft",
    "slug",
    "submitted",
    "updated",
    "aliases",
    "extra",
];
const REQUIRED: &[&str] = &["title", "date", "unit", "field", "kind", "summary"];

/// Validated front matter.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Title.
    pub title: String,
    /// Where the title is (for slug errors).
    pub title_pos: Pos,
    /// Publication date, in the site's timezone.
    pub date: DateTime<FixedOffset>,
    /// Index into `SiteConfig::units`.
    pub unit: usize,
    /// Index into `SiteConfig::fields`.
    pub field: usize,
    /// The quarter the exemplar counts for.
    pub quarter: Quarter,
    /// Individual, collective or household.
    pub kind: Kind,
    /// Achievement summary, plain text.
    pub summary: String,
    /// The honoree, when it differs from the title.
    pub exemplar: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Cover image as written, and where.
    pub image: Option<(String, Pos)>,
    /// Cover image alt text.
    pub image_alt: Option<String>,
    /// Tags as written, and where.
    pub tags: Vec<(String, Pos)>,
    /// Draft (built only with `--drafts`).
    pub draft: bool,
    /// The slug and where it came from (the `slug` key, or the title).
    pub slug: (String, Pos),
    /// When the unit sent it to the council.
    pub submitted: Option<NaiveDate>,
    /// Last update.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Old site paths that redirect here: the output file (relative to the site root) and where.
    pub aliases: Vec<(String, Pos)>,
    /// Free map for themes.
    pub extra: serde_json::Value,
}

/// Validates the front matter YAML of `source` (starting at file line `yaml_line`).
pub fn validate(
    source: &SourceFile,
    yaml_text: &str,
    yaml_line: usize,
    site: &SiteConfig,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    match validate_partly(source, yaml_text, yaml_line, site) {
        Ok((fm, aliases)) if aliases.is_empty() => Ok(fm),
        Ok((_, diags)) | Err(diags) => Err(diags),
    }
}

/// [`validate`], with the aliases that cannot be used apart: the front matter comes back
/// without them, beside their errors, when nothing else is wrong, so that one run also shows
/// what the article's other aliases clash with.
pub fn validate_partly(
    source: &SourceFile,
    yaml_text: &str,
    yaml_line: usize,
    site: &SiteConfig,
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    let doc = match yaml::parse(yaml_text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = if e.line == 0 {
                1
            } else {
                e.line + yaml_line - 1
            };
            let d = Diagnostic::at(
                source,
                line,
                e.col,
                e.len,
                format!(
                    "phần thông tin (front matter) không phải YAML hợp lệ: {}",
                    e.message
                ),
            );
            return Err(vec![match e.hint {
                Some(h) => d.with_hint(h),
                None => d,
            }]);
        }
    };
    let mut r = Reader::new(source, yaml_line);
    let mut bad_aliases = Vec::new();
    let top = Pos {
        line: 1,
        col: 1,
        len: 3,
    };
    if matches!(doc.value, Node::Null) {
        r.error(top, "phần thông tin (front matter) trống");
        return Err(r.diags);
    }
    let entries = r.entries(&doc, KEYS, "phần thông tin của bài");
    r.require(&entries, REQUIRED, top, "phần thông tin của bài");
    let tz = site.timezone;
    let mut title = None;
    let mut title_pos = top;
    let mut date = None;
    let mut unit = None;
    let mut field = None;
    let mut quarter: Option<Quarter> = None;
    let mut kind = None;
    let mut summary = None;
    let mut fm_slug: Option<(String, Pos)> = None;
    let mut fm = FrontMatter {
        title: String::new(),
        title_pos: top,
        date: DateTime::default(),
        unit: 0,
        field: 0,
        quarter: Quarter { year: 1970, n: 1 },
        kind: Kind::Individual,
        summary: String::new(),
        exemplar: None,
        author: None,
        image: None,
        image_alt: None,
        tags: Vec::new(),
        draft: false,
        slug: (String::new(), top),
        submitted: None,
        updated: None,
        aliases: Vec::new(),
        extra: serde_json::Value::Object(Default::default()),
    };
    for (key, v) in &entries {
        let p = r.pos(v);
        match *key {
            "title" => {
                title = r.nonempty_string(key, v);
                title_pos = p;
            }
            "date" => date = read_datetime(&mut r, key, v, tz),
            "updated" => fm.updated = read_datetime(&mut r, key, v, tz),
            "submitted" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    match parse_date(&s).or_else(|| parse_datetime(&s, tz).map(|d| d.date_naive()))
                    {
                        Some(d) => fm.submitted = Some(d),
                        None => r.error_hint(
                            p,
                            format!("ngày nộp `{s}` không hợp lệ"),
                            "viết dạng YYYY-MM-DD, ví dụ 2020-09-03",
                        ),
                    }
                }
            }
            "unit" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    match match_name(
                        &s,
                        site.units.iter().map(|u| (u.id.as_str(), u.name.as_str())),
                    ) {
                        Ok(i) => unit = Some(i),
                        Err(close) => r.error_hint(
                            p,
                            format!("không có đơn vị `{s}` trong site.yaml"),
                            format!("các đơn vị gần giống: {}", suggest_list(&close)),
                        ),
                    }
                }
            }
            "field" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    match match_name(
                        &s,
                        site.fields.iter().map(|f| (f.id.as_str(), f.name.as_str())),
                    ) {
                        Ok(i) => field = Some(i),
                        Err(close) => r.error_hint(
                            p,
                            format!("không có chuyên mục `{s}` trong site.yaml"),
                            format!("các chuyên mục gần giống: {}", suggest_list(&close)),
                        ),
                    }
                }
            }
            "quarter" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    match Quarter::parse(&s) {
                        Some(q) => quarter = Some(q),
                        None => r.error_hint(
                            p,
                            format!("quý `{s}` không hợp lệ"),
                            "viết dạng YYYY-Qn với n từ 1 đến 4, ví dụ 2020-Q3",
                        ),
                    }
                }
            }
            "kind" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    match match_name(&s, Kind::ALL.iter().map(|k| (k.id(), k.name()))) {
                        Ok(i) => kind = Some(Kind::ALL[i]),
                        Err(_) => r.error_hint(p, format!("loại gương `{s}` không hợp lệ"), "dùng một trong: `ca-nhan` (cá nhân), `tap-the` (tập thể), `ho-gia-dinh` (hộ gia đình)"),
                    }
                }
            }
            "summary" => summary = r.nonempty_string(key, v),
            "exemplar" => {
                fm.exemplar = r
                    .string(key, v)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            }
            "author" => {
                fm.author = r
                    .string(key, v)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            }
            "image" => fm.image = r.nonempty_string(key, v).map(|s| (s, p)),
            "image_alt" => {
                fm.image_alt = r
                    .string(key, v)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            }
            "draft" => fm.draft = r.bool(key, v).unwrap_or(false),
            "slug" => {
                if let Some(s) = r.nonempty_string(key, v) {
                    if s.len() > MAX_NAME_BYTES {
                        r.error(
                            p,
                            format!("slug dài {} byte: tối đa {MAX_NAME_BYTES} byte", s.len()),
                        );
                    } else if is_slug(&s) {
                        fm_slug = Some((s, p));
                    } else {
                        let fixed = slugify(&s);
                        if fixed.is_empty() {
                            r.error_hint(
                                p,
                                format!("slug `{s}` không hợp lệ"),
                                "chỉ dùng chữ thường không dấu a-z, số 0-9 và dấu `-`",
                            );
                        } else {
                            r.error_hint(
                                p,
                                format!("slug `{s}` không hợp lệ"),
                                format!("dùng `{fixed}`"),
                            );
                        }
                    }
                }
            }
            "tags" => {
                // Lowercased tags seen, so that many tags cost linear time.
                let mut seen = std::collections::HashSet::new();
                for (tag, tp) in r.string_list(key, v) {
                    let tag = tag.trim().to_string();
                    if tag.is_empty() {
                        r.error(tp, "thẻ (tag) không được để trống");
                    } else if slugify(&tag).is_empty() {
                        r.error(
                            tp,
                            format!("thẻ `{tag}` không tạo được đường dẫn: cần có chữ hoặc số"),
                        );
                    } else if seen.insert(tag.to_lowercase()) {
                        fm.tags.push((tag, tp));
                    }
                }
            }
            "aliases" => {
                for (alias, ap) in r.string_list(key, v) {
                    match alias_file(&alias) {
                        Ok(file) => fm.aliases.push((file, ap)),
                        Err(m) => bad_aliases.push(Diagnostic::at_pos(source, ap, m)),
                    }
                }
            }
            "extra" => {
                if matches!(v.value, Node::Map(_)) {
                    fm.extra = yaml::to_json(&v.value);
                } else if !matches!(v.value, Node::Null) {
                    r.error(
                        p,
                        format!(
                            "`extra` phải là một bảng `khóa: giá trị`, không phải {}",
                            v.value.type_name()
                        ),
                    );
                }
            }
            _ => {}
        }
    }
    if let Some(t) = &title {
        match fm_slug {
            Some(s) => fm.slug = s,
            None => {
                let s = slugify(t);
                if s.is_empty() {
                    r.error_hint(title_pos, format!("tiêu đề `{t}` không tạo được đường dẫn (slug) vì không có chữ cái Latinh hay chữ số"), "thêm khóa `slug`, ví dụ `slug: guong-dien-hinh-2020`");
                }
                fm.slug = (s, title_pos);
            }
        }
    }
    match (title, date, unit, field, kind, summary) {
        (Some(t), Some(d), Some(u), Some(f), Some(k), Some(s)) if r.diags.is_empty() => {
            fm.title = t;
            fm.title_pos = title_pos;
            fm.quarter = quarter.unwrap_or_else(|| Quarter::of(d.date_naive()));
            fm.date = d;
            fm.unit = u;
            fm.field = f;
            fm.kind = k;
            fm.summary = s;
            Ok((fm, bad_aliases))
        }
        _ => {
            let mut diags = r.diags;
            diags.extend(bad_aliases);
            Err(diags)
        }
    }
}

fn read_datetime(
    r: &mut Reader,
    key: &str,
    v: &Spanned<Node>,
    tz: FixedOffset,
) -> Option<DateTime<FixedOffset>> {
    let s = r.nonempty_string(key, v)?;
    let d = parse_datetime(&s, tz);
    if d.is_none() {
        let p = r.pos(v);
        r.error_hint(
            p,
            format!("ngày `{s}` không hợp lệ"),
            "viết dạng YYYY-MM-DD (2020-09-28) hoặc YYYY-MM-DDTHH:MM:SS+07:00",
        );
    }
    d
}

#[cfg(test)]
mod robustness {
    use super::*;
    use crate::diagnostics::SourceFile;

    fn site() -> SiteConfig {
        let yaml = "title: T\nbase_url: https://a.b/\nfields:\n  - id: f\n    name: Cột\nunits:\n  - id: u\n    name: Đơn vị\n";
        crate::config::parse(&SourceFile::new("site.yaml", yaml)).unwrap()
    }

    /// Every prefix of a valid article, and every mangled variant, is an error or a success,
    /// never a panic.
    #[test]
    fn never_panics_on_truncated_or_mangled_input() {
        let site = site();
        let full = "---\ntitle: \"Gương – điển hình\"\ndate: 2020-09-28T08:30:00+07:00\nunit: u\nfield: Cột\nkind: ca-nhan\nquarter: 2020-Q3\nsummary: >\n  Tóm tắt\ntags: [a, B, \"c d\"]\naliases: [\"/x/y.aspx\", \"%2e%2e/z\"]\nextra: {a: [1, {b: 2}], c: ~}\nslug: guong\n---\nbody\n";
        let mut variants: Vec<String> = full
            .char_indices()
            .map(|(i, _)| full[..i].to_string())
            .collect();
        for (from, to) in [(":", ""), ("\n", "\n  "), ("\"", ""), ("[", "{"), ("-", "")] {
            variants.push(full.replacen(from, to, 3));
        }
        for text in variants {
            let source = SourceFile::new("a.md", text.as_str());
            if let Ok(split) = crate::load::frontmatter::split(&source) {
                let _ = validate(&source, &split.yaml, split.yaml_line, &site);
            }
        }
    }
}
