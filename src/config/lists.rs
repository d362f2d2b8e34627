//! The lists of `site.yaml`: the fields (topic columns) and units with their ids checked, and
//! the Markdown HTML allowlist; split from `config.rs` so each file holds one idea.

use super::{FIELD_KEYS, Field, UNIT_KEYS, Unit};
use crate::diagnostics::Pos;
use crate::load::reader::Reader;
use crate::load::yaml::Node;
use crate::text::slug::is_slug;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

fn check_id(
    r: &mut Reader,
    what: &str,
    v: &Spanned<Node>,
    seen: &mut Vec<String>,
) -> Option<String> {
    let id = r.nonempty_string("id", v)?;
    let p = r.pos(v);
    if !is_slug(&id) {
        r.error_hint(
            p,
            format!("id {what} `{id}` không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu `-`"),
            format!("dùng `{}`", crate::text::slug::slugify(&id)),
        );
        return None;
    }
    if seen.contains(&id) {
        r.error(p, format!("trùng id {what} `{id}`"));
        return None;
    }
    seen.push(id.clone());
    Some(id)
}

pub(super) fn parse_fields(r: &mut Reader, v: &Spanned<Node>) -> Vec<Field> {
    let Node::Seq(items) = &v.value else {
        let p = r.pos(v);
        r.error(p, "`fields` phải là danh sách các chuyên mục");
        return Vec::new();
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for item in items {
        let entries = r.entries(item, FIELD_KEYS, "chuyên mục");
        let p = r.pos(item);
        r.require(&entries, &["id", "name"], p, "chuyên mục");
        let mut f = Field {
            id: String::new(),
            name: String::new(),
            description: String::new(),
        };
        let mut ok = true;
        for (k, val) in &entries {
            match *k {
                "id" => match check_id(r, "chuyên mục", val, &mut seen) {
                    Some(id) => f.id = id,
                    None => ok = false,
                },
                "name" => f.name = r.nonempty_string(k, val).unwrap_or_default(),
                "description" => {
                    f.description = r.string(k, val).unwrap_or_default().trim().to_string()
                }
                _ => {}
            }
        }
        if ok && !f.id.is_empty() && !f.name.is_empty() {
            out.push(f);
        }
    }
    if items.is_empty() {
        let p = r.pos(v);
        r.error(p, "`fields` cần ít nhất một chuyên mục");
    }
    out
}

pub(super) fn parse_units(r: &mut Reader, v: &Spanned<Node>) -> Vec<Unit> {
    let Node::Seq(items) = &v.value else {
        let p = r.pos(v);
        r.error(p, "`units` phải là danh sách các đơn vị");
        return Vec::new();
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for item in items {
        let entries = r.entries(item, UNIT_KEYS, "đơn vị");
        let p = r.pos(item);
        r.require(&entries, &["id", "name"], p, "đơn vị");
        let mut u = Unit {
            id: String::new(),
            name: String::new(),
            bloc: String::new(),
            duty_quarter: None,
            description: String::new(),
        };
        let mut ok = true;
        for (k, val) in &entries {
            match *k {
                "id" => match check_id(r, "đơn vị", val, &mut seen) {
                    Some(id) => u.id = id,
                    None => ok = false,
                },
                "name" => u.name = r.nonempty_string(k, val).unwrap_or_default(),
                "bloc" => u.bloc = r.string(k, val).unwrap_or_default().trim().to_string(),
                "description" => {
                    u.description = r.string(k, val).unwrap_or_default().trim().to_string()
                }
                "duty_quarter" => match &val.value {
                    Node::Null => {}
                    _ => match r.int(k, val, 1..=4) {
                        Some(q) => u.duty_quarter = Some(q as u8),
                        None => ok = false,
                    },
                },
                _ => {}
            }
        }
        if ok && !u.id.is_empty() && !u.name.is_empty() {
            out.push(u);
        }
    }
    out
}

pub(super) fn parse_markdown(r: &mut Reader, v: &Spanned<Node>) -> BTreeMap<String, Vec<String>> {
    use crate::text::html_rules::{FORBIDDEN_TAGS, is_forbidden_attr, is_name};
    let mut allow = BTreeMap::new();
    for (k, val) in r.entries(v, &["allow_html"], "markdown") {
        if k != "allow_html" {
            continue;
        }
        let keys: Vec<(String, Pos)> = match &val.value {
            Node::Map(m) => m.iter().map(|(k, _)| (k.value.clone(), r.pos(k))).collect(),
            _ => Vec::new(),
        };
        for (tag, attrs) in r.any_entries(val, "markdown.allow_html").into_iter() {
            let pos = keys
                .iter()
                .find(|(k, _)| k == tag)
                .map_or(r.pos(attrs), |k| k.1);
            let tag = tag.to_lowercase();
            let mut ok = true;
            if FORBIDDEN_TAGS.contains(&tag.as_str()) || !is_name(&tag) {
                r.error_hint(
                    pos,
                    format!("markdown.allow_html không được cho phép thẻ `{tag}`"),
                    "thẻ này có thể chạy mã script trên trang; chỉ cho phép thẻ nội dung như iframe, video, abbr",
                );
                ok = false;
            }
            let mut list = Vec::new();
            for (a, apos) in r.string_list(&tag, attrs) {
                let a = a.to_lowercase();
                if is_forbidden_attr(&a) || !is_name(&a) {
                    r.error_hint(
                        apos,
                        format!(
                            "markdown.allow_html không được cho phép thuộc tính `{a}` (thẻ `{tag}`)"
                        ),
                        "các thuộc tính on…, srcdoc, formaction chạy được mã script trên trang",
                    );
                    ok = false;
                }
                list.push(a);
            }
            if ok {
                allow.insert(tag, list);
            }
        }
    }
    allow
}
