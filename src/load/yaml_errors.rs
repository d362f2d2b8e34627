//! YAML syntax errors said in Vietnamese, at the line where the editor has to act, with a fix
//! for the common slips (a colon in an unquoted value, a tab, an unclosed quote, `-item`). The
//! parser's own English message and position are only a fallback.

/// A syntax error explained for an editor. Lines and columns are 1-based within the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// Line to act on.
    pub line: usize,
    /// Column (in characters).
    pub col: usize,
    /// Characters to underline.
    pub len: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
    /// How to fix it, when known.
    pub hint: Option<String>,
}

/// Explains a syntax error in `text` that the parser reported at `line:col` with `raw`.
pub fn explain(text: &str, line: usize, col: usize, raw: &str) -> Explained {
    if let Some(e) = find_slip(text) {
        return e;
    }
    Explained {
        line: line.max(1),
        col: col.max(1),
        len: 1,
        message: translate(raw),
        hint: Some("kiểm tra dòng này và dòng ngay trước nó: mỗi dòng có dạng `khóa: giá trị`, thụt lề bằng dấu cách".into()),
    }
}

/// The parser's message in Vietnamese (never the English text itself).
fn translate(raw: &str) -> String {
    let raw = raw.to_ascii_lowercase();
    let said = if raw.contains("tab") {
        "có ký tự Tab ở chỗ YAML không cho phép"
    } else if raw.contains("quote") {
        "thiếu dấu nháy đóng"
    } else if raw.contains("mapping values") || raw.contains("':' indicator") {
        "dấu hai chấm `:` đặt sai chỗ"
    } else if raw.contains("simple key") {
        "thiếu dấu hai chấm `:` sau tên khóa"
    } else if raw.contains("indent") {
        "thụt lề không khớp với các dòng xung quanh"
    } else if raw.contains("flow") || raw.contains("']'") || raw.contains("'}'") {
        "thiếu dấu đóng `]` hoặc `}`"
    } else if raw.contains("anchor") || raw.contains("alias") {
        "dấu `&` hoặc `*` ở đầu giá trị có nghĩa riêng trong YAML"
    } else {
        "cú pháp YAML không hợp lệ"
    };
    said.to_string()
}

/// Byte offset of the value in `s` when `s` is `key: value` (or `key:`) with a plain key.
fn after_key(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let key = &s[..colon];
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let rest = &s[colon + 1..];
    (plain && (rest.is_empty() || rest.starts_with(' '))).then(|| s.len() - rest.trim_start().len())
}

/// Where a line's value starts: after `key: `, `- ` or `- key: `, with its byte offset.
fn value_of(line: &str) -> Option<(&str, usize)> {
    let trimmed = line.trim_start();
    let item = trimmed.strip_prefix("- ").map(str::trim_start);
    let s = item.unwrap_or(trimmed);
    let at = match after_key(s) {
        Some(i) => line.len() - s.len() + i,
        None if item.is_some() => line.len() - s.len(),
        None => return None,
    };
    Some((&line[at..], at))
}

/// Column (1-based, characters) of byte offset `i` of `line`.
fn col(line: &str, i: usize) -> usize {
    line[..i].chars().count() + 1
}

/// Does the quoted value at the start of `v` close on this line?
fn closes(v: &str) -> bool {
    let mut chars = v.chars();
    let Some(q) = chars.next() else { return true };
    let rest: Vec<char> = chars.collect();
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            '\\' if q == '"' => i += 2,
            c if c == q => {
                if q == '\'' && rest.get(i + 1) == Some(&'\'') {
                    i += 2;
                } else {
                    return true;
                }
            }
            _ => i += 1,
        }
    }
    false
}

/// The first common slip in `text`, scanning from the top.
fn find_slip(text: &str) -> Option<Explained> {
    // Lines of a block scalar (`summary: >`) are free text and are skipped.
    let mut block_indent: Option<usize> = None;
    for (n, line) in text.split('\n').enumerate() {
        let n = n + 1;
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - trimmed.len();
        if let Some(b) = block_indent {
            if trimmed.is_empty() || indent > b {
                continue;
            }
            block_indent = None;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(t) = line[..indent].find('\t') {
            return Some(Explained {
                line: n,
                col: col(line, t),
                len: 1,
                message: "dòng này thụt lề bằng phím Tab; YAML chỉ cho phép thụt lề bằng dấu cách"
                    .into(),
                hint: Some("xóa ký tự Tab ở đầu dòng và thay bằng dấu cách".into()),
            });
        }
        if let Some(rest) = trimmed.strip_prefix('-')
            && !rest.is_empty()
            && !rest.starts_with([' ', '-'])
        {
            return Some(Explained {
                line: n,
                col: indent + 1,
                len: 1,
                message: "mục danh sách thiếu dấu cách sau dấu `-`".into(),
                hint: Some(format!("viết `- {}`", rest.trim())),
            });
        }
        let Some((v, at)) = value_of(line) else {
            continue;
        };
        if let Some(t) = v.find('\t') {
            return Some(Explained {
                line: n,
                col: col(line, at + t),
                len: 1,
                message: "giá trị có ký tự Tab; YAML không cho phép Tab ở đây".into(),
                hint: Some("thay ký tự Tab bằng dấu cách".into()),
            });
        }
        if v.starts_with(['"', '\'']) {
            if !closes(v) {
                let q = &v[..1];
                return Some(Explained {
                    line: n,
                    col: col(line, at),
                    len: 1,
                    message: format!(
                        "giá trị mở bằng dấu nháy {q} nhưng không đóng lại trên cùng dòng"
                    ),
                    hint: Some(format!(
                        "thêm dấu {q} ở cuối giá trị (trong giá trị, dùng dấu nháy kia hoặc “ ” thay cho {q})"
                    )),
                });
            }
            continue;
        }
        if v.starts_with(['|', '>']) {
            block_indent = Some(indent);
            continue;
        }
        if v.starts_with(['[', '{']) {
            continue;
        }
        let v = v.split(" #").next().unwrap_or(v).trim_end();
        if let Some(c) = v
            .find(": ")
            .or_else(|| v.ends_with(':').then(|| v.len() - 1))
        {
            let key_part = &line[..at];
            let quoted = format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""));
            return Some(Explained {
                line: n,
                col: col(line, at + c),
                len: 1,
                message: "giá trị có dấu hai chấm `:` nên YAML hiểu nhầm là một khóa mới".into(),
                hint: Some(format!(
                    "đặt cả giá trị trong dấu ngoặc kép: `{}{quoted}`",
                    key_part.trim_start()
                )),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(text: &str) -> Explained {
        find_slip(text).unwrap_or_else(|| panic!("no slip found in {text:?}"))
    }

    #[test]
    fn colon_in_a_value_suggests_quotes() {
        let e = slip("date: 2020-01-01\ntitle: Chị Nhi: người lan tỏa\n");
        assert_eq!((e.line, e.col), (2, 15));
        assert_eq!(
            e.hint.as_deref(),
            Some("đặt cả giá trị trong dấu ngoặc kép: `title: \"Chị Nhi: người lan tỏa\"`")
        );
    }

    #[test]
    fn unclosed_quote_points_at_the_opening_line() {
        let e = slip("date: x\ntitle: \"Chị Nhi\nunit: a\nsummary: \"b\"\n");
        assert_eq!((e.line, e.col), (2, 8));
        assert!(e.message.contains("không đóng"));
        assert!(find_slip("title: 'it''s'\nx: \"a \\\" b\"\n").is_none());
    }

    #[test]
    fn tabs_and_list_items() {
        assert_eq!(slip("title: x\n\tdate: y\n").line, 2);
        let e = slip("tags:\n  - a\n  -b\n");
        assert_eq!((e.line, e.col), (3, 3));
        assert_eq!(e.hint.as_deref(), Some("viết `- b`"));
    }

    #[test]
    fn lists_of_maps_are_not_slips() {
        let e = slip("fields:\n  - id: a\n    name: Cột: một\n");
        assert_eq!((e.line, e.col), (3, 14));
        assert!(find_slip("units:\n  - id: u\n    name: \"Đơn vị\"\n  - Ông A\n").is_none());
    }

    #[test]
    fn valid_files_have_no_slips() {
        assert!(find_slip(include_str!("../../site.yaml")).is_none());
    }

    #[test]
    fn block_scalars_and_urls_are_not_slips() {
        assert!(find_slip("summary: >\n  Ông A: người tốt\nurl: https://a.vn/x\n").is_none());
    }

    #[test]
    fn rare_errors_stay_vietnamese() {
        let e = explain("a: [x\n", 1, 4, "did not find expected ',' or ']'");
        assert_eq!(e.message, "thiếu dấu đóng `]` hoặc `}`");
    }
}
