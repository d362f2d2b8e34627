//! Reading an article file: UTF-8 check, BOM, CRLF, NFC, and the `---` front matter fence.

use crate::diagnostics::{Diagnostic, SourceFile};

/// Decodes a file's bytes: strips a UTF-8 BOM, rejects non-UTF-8 text with the position of
/// the first bad byte, turns CRLF (and lone CR) into LF, and normalizes to NFC.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut d = Diagnostic::file(
                name,
                "tệp không phải văn bản UTF-8 (có thể được lưu bằng bảng mã cũ như TCVN3 hoặc Windows-1258)",
            )
            .with_hint("mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8");
            d.line = line;
            d.col = col;
            d.len = 1;
            return Err(d);
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if crate::text::slug::is_nfc(&text) {
        Ok(text)
    } else {
        Ok(crate::text::slug::nfc(&text))
    }
}

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
        SourceFile {
            name: "a.md".into(),
            text: text.into(),
        }
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

    #[test]
    fn decodes_bom_crlf_and_nfd() {
        let t = decode("a", b"\xEF\xBB\xBF---\r\ntitle: G\xC6\xB0\xC6\xA1ng\r\n").unwrap();
        assert_eq!(t, "---\ntitle: Gương\n");
        let nfd = "e\u{0302}\u{0301}";
        assert_eq!(decode("a", nfd.as_bytes()).unwrap(), "ế");
    }

    #[test]
    fn rejects_non_utf8_with_position() {
        let e = decode("a.md", b"---\ntitle: \xE0\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 8));
    }
}
