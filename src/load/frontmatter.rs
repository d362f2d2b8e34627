//! Splitting an article file at its `---` front matter fence.

use crate::diagnostics::{Diagnostic, SourceFile};

/// An article's text split at its front matter fences.
#[derive(Debug, Clone)]
pub struct Split {
    /// The YAML between the fences.
    pub yaml: String,
    /// The file line on which the YAML starts (the line after the opening `---`).
    pub yaml_line: usize,
    /// Byte offset of the body in the file text.
    pub body_offset: usize,
    /// The file line on which the body starts.
    pub body_line: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `source` into front matter and body, or explains why it cannot.
pub fn split(source: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &*source.text;
    let first = text.split('\n').next().unwrap_or("");
    if !is_fence(first) {
        return Err(Diagnostic::at(
            source,
            1,
            1,
            first.chars().count().max(1),
            "bài viết phải mở đầu bằng phần thông tin (front matter) nằm giữa hai dòng `---`",
        )
        .with_hint("thêm dòng `---` ở đầu tệp, các khóa title, date, unit, field, kind, summary, rồi một dòng `---` nữa"));
    }
    let mut offset = first.len() + 1;
    let yaml_start = offset.min(text.len());
    for (i, line) in text.get(yaml_start..).unwrap_or("").split('\n').enumerate() {
        if is_fence(line) {
            let yaml = text[yaml_start..offset].to_string();
            let body_offset = (offset + line.len() + 1).min(text.len());
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body_offset,
                body_line: i + 3,
            });
        }
        offset += line.len() + 1;
    }
    Err(Diagnostic::at(
        source,
        1,
        1,
        3,
        "phần thông tin (front matter) mở bằng `---` nhưng không có dòng `---` đóng lại",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile::new("a.md", text)
    }

    #[test]
    fn splits_front_matter() {
        let s = split(&src("---\ntitle: x\n---\nbody\n")).unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(&"---\ntitle: x\n---\nbody\n"[s.body_offset..], "body\n");
    }

    #[test]
    fn rejects_missing_fences() {
        assert!(split(&src("title: x\n")).is_err());
        let e = split(&src("---\ntitle: x\n")).unwrap_err();
        assert_eq!(e.line, 1);
    }
}
