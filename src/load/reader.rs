//! Reading positioned YAML maps into typed values while collecting diagnostics.

use crate::diagnostics::{Diagnostic, Pos, SourceFile, closest};
use crate::load::yaml::Node;
use serde_saphyr::Spanned;

/// One `key: value` entry of a map.
pub type Entry = (Spanned<String>, Spanned<Node>);

/// A reader over one YAML document of a source file.
pub struct Reader<'a> {
    /// The file the YAML came from.
    pub source: &'a SourceFile,
    /// Line of the file on which the YAML text starts (1 for `site.yaml`).
    pub first_line: usize,
    /// Problems found so far.
    pub diags: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    /// A reader for YAML that starts at `first_line` of `source`.
    pub fn new(source: &'a SourceFile, first_line: usize) -> Self {
        Reader {
            source,
            first_line,
            diags: Vec::new(),
        }
    }

    /// The file position of a spanned YAML item.
    pub fn pos<T>(&self, s: &Spanned<T>) -> Pos {
        let line = s.referenced.line() as usize;
        Pos {
            line: line + self.first_line - 1,
            col: s.referenced.column() as usize,
            len: s.referenced.span().len() as usize,
        }
    }

    /// Records an error at `pos`.
    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::at_pos(self.source, pos, message));
    }

    /// Records an error at `pos` with a hint.
    pub fn error_hint(&mut self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::at_pos(self.source, pos, message).with_hint(hint));
    }

    /// The entries of a map node, checking keys against `allowed`: unknown keys get the closest
    /// known key as a hint, repeated keys are errors; the first of each key is kept.
    pub fn entries<'n>(
        &mut self,
        node: &'n Spanned<Node>,
        allowed: &[&str],
        what: &str,
    ) -> Vec<(&'n str, &'n Spanned<Node>)> {
        self.checked_entries(node, Some(allowed), what)
    }

    /// The entries of a map node with any keys; repeated keys are errors.
    pub fn any_entries<'n>(
        &mut self,
        node: &'n Spanned<Node>,
        what: &str,
    ) -> Vec<(&'n str, &'n Spanned<Node>)> {
        self.checked_entries(node, None, what)
    }

    fn checked_entries<'n>(
        &mut self,
        node: &'n Spanned<Node>,
        allowed: Option<&[&str]>,
        what: &str,
    ) -> Vec<(&'n str, &'n Spanned<Node>)> {
        let Node::Map(entries) = &node.value else {
            let p = self.pos(node);
            self.error(
                p,
                format!(
                    "{what} phải là một bảng `khóa: giá trị`, không phải {}",
                    node.value.type_name()
                ),
            );
            return Vec::new();
        };
        let mut kept: Vec<(&str, &Spanned<Node>)> = Vec::new();
        for (key, value) in entries {
            let k = key.value.as_str();
            let p = self.pos(key);
            if let Some(allowed) = allowed.filter(|a| !a.contains(&k)) {
                match closest(k, allowed.iter().copied()) {
                    Some(s) => self.error_hint(
                        p,
                        format!("khóa không hợp lệ `{k}` trong {what}"),
                        format!("có phải ý bạn là `{s}`?"),
                    ),
                    None => self.error_hint(
                        p,
                        format!("khóa không hợp lệ `{k}` trong {what}"),
                        format!("các khóa được dùng: {}", allowed.join(", ")),
                    ),
                }
                continue;
            }
            if kept.iter().any(|(seen, _)| *seen == k) {
                self.error(p, format!("khóa `{k}` xuất hiện hai lần"));
                continue;
            }
            kept.push((k, value));
        }
        kept
    }

    /// A required string (scalars such as numbers are taken as their text).
    pub fn string(&mut self, key: &str, v: &Spanned<Node>) -> Option<String> {
        match &v.value {
            Node::Str(s) => Some(s.clone()),
            Node::Int(i) => Some(i.to_string()),
            Node::Float(f) => Some(f.to_string()),
            Node::Bool(b) => Some(b.to_string()),
            other => {
                let p = self.pos(v);
                self.error(
                    p,
                    format!(
                        "`{key}` phải là một chuỗi, không phải {}",
                        other.type_name()
                    ),
                );
                None
            }
        }
    }

    /// A non-empty string (whitespace alone is empty).
    pub fn nonempty_string(&mut self, key: &str, v: &Spanned<Node>) -> Option<String> {
        let s = self.string(key, v)?;
        if s.trim().is_empty() {
            let p = self.pos(v);
            self.error(p, format!("`{key}` không được để trống"));
            return None;
        }
        Some(s.trim().to_string())
    }

    /// A boolean.
    pub fn bool(&mut self, key: &str, v: &Spanned<Node>) -> Option<bool> {
        match &v.value {
            Node::Bool(b) => Some(*b),
            other => {
                let p = self.pos(v);
                self.error(
                    p,
                    format!(
                        "`{key}` phải là true hoặc false, không phải {}",
                        other.type_name()
                    ),
                );
                None
            }
        }
    }

    /// An integer within `range`.
    pub fn int(
        &mut self,
        key: &str,
        v: &Spanned<Node>,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let p = self.pos(v);
        match &v.value {
            Node::Int(i) if range.contains(i) => Some(*i),
            Node::Int(i) => {
                self.error(
                    p,
                    format!(
                        "`{key}` phải từ {} đến {}, không phải {i}",
                        range.start(),
                        range.end()
                    ),
                );
                None
            }
            other => {
                self.error(
                    p,
                    format!(
                        "`{key}` phải là một số nguyên, không phải {}",
                        other.type_name()
                    ),
                );
                None
            }
        }
    }

    /// A list of strings (a single string is taken as a list of one), each with its position.
    pub fn string_list(&mut self, key: &str, v: &Spanned<Node>) -> Vec<(String, Pos)> {
        match &v.value {
            Node::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    let s = self.string(key, item)?;
                    Some((s, self.pos(item)))
                })
                .collect(),
            Node::Null => Vec::new(),
            Node::Str(s) if s.starts_with('-') && !s.starts_with("--") => {
                let p = self.pos(v);
                let first = s[1..].split(" -").next().unwrap_or("").trim();
                self.error_hint(
                    p,
                    format!("`{key}`: mục danh sách thiếu dấu cách sau dấu `-`"),
                    format!("viết mỗi mục trên một dòng dạng `- {first}` (gạch ngang, dấu cách, rồi giá trị)"),
                );
                Vec::new()
            }
            Node::Str(s) => vec![(s.clone(), self.pos(v))],
            other => {
                let p = self.pos(v);
                self.error(
                    p,
                    format!(
                        "`{key}` phải là một danh sách, không phải {}",
                        other.type_name()
                    ),
                );
                Vec::new()
            }
        }
    }

    /// Reports required keys that are missing, at `pos`.
    pub fn require(
        &mut self,
        present: &[(&str, &Spanned<Node>)],
        required: &[&str],
        pos: Pos,
        what: &str,
    ) {
        for key in required {
            if !present.iter().any(|(k, _)| k == key) {
                self.error(pos, format!("thiếu khóa bắt buộc `{key}` trong {what}"));
            }
        }
    }
}
