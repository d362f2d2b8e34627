//! The placeholder texts that `guong new` writes into a new article, in one place: `new` writes
//! them, and a published article (`draft: false`) that still holds one is an error at its place.

use crate::diagnostics::{Diagnostic, SourceFile};

/// The placeholder summary.
pub const SUMMARY: &str =
    "Tóm tắt thành tích nổi bật trong một, hai câu (bắt buộc, viết lại trước khi đăng).";

/// The opening paragraph stub.
pub const OPENING: &str =
    "Mở đầu: giới thiệu ngắn gọn về gương điển hình và điều làm nên sự khác biệt.";
/// The stub under `## Hoàn cảnh`.
pub const BACKGROUND: &str = "Xuất phát điểm, những khó khăn ban đầu.";
/// The stub list item under `## Thành tích nổi bật`.
pub const ACHIEVEMENTS: &str = "Thành tích, danh hiệu, con số cụ thể.";
/// The stub under `## Lan tỏa trong cộng đồng`.
pub const SPREAD: &str = "Cách làm hay được nhân rộng, lời kể của người dân, đồng nghiệp.";

/// Every body stub.
pub const BODY_STUBS: [&str; 4] = [OPENING, BACKGROUND, ACHIEVEMENTS, SPREAD];

/// Placeholder texts left in a published article, each at its position. `body_offset` is the
/// byte offset of the body in `source.text`.
pub fn leftovers(source: &SourceFile, body_offset: usize) -> Vec<Diagnostic> {
    let text = &*source.text;
    let mut diags = Vec::new();
    if let Some(i) = text.get(..body_offset).and_then(|fm| fm.find(SUMMARY)) {
        let (line, col) = source.position(i);
        diags.push(
            Diagnostic::at(
                source,
                line,
                col,
                SUMMARY.chars().count(),
                "bài đã đăng (draft: false) vẫn còn tóm tắt mẫu của `guong new`",
            )
            .with_hint("viết lại `summary` bằng thành tích thật của gương điển hình"),
        );
    }
    let body = text.get(body_offset..).unwrap_or("");
    for stub in BODY_STUBS {
        // memchr's SIMD substring search: every article's body is searched four times.
        for i in memchr::memmem::find_iter(body.as_bytes(), stub.as_bytes()) {
            let at = body_offset + i;
            let (line, col) = source.position(at);
            diags.push(
                Diagnostic::at(
                    source,
                    line,
                    col,
                    stub.chars().count(),
                    "bài đã đăng (draft: false) vẫn còn đoạn văn mẫu của `guong new`",
                )
                .with_hint("thay đoạn này bằng nội dung thật của bài, hoặc xóa đi"),
            );
        }
    }
    diags
}

/// Whether front matter that failed validation still says `draft: true` on a line of its own.
pub fn says_draft(yaml: &str) -> bool {
    yaml.lines().any(|l| {
        l.strip_prefix("draft:").is_some_and(|v| {
            let v = v.split('#').next().unwrap_or("").trim();
            v.eq_ignore_ascii_case("true")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_placeholder_at_its_place() {
        let text = format!("---\nsummary: >\n  {SUMMARY}\n---\n\n{OPENING}\n\n- {ACHIEVEMENTS}\n");
        let body_offset = text.find("---\n\n").unwrap() + 4;
        let src = SourceFile::new("a.md", text.as_str());
        let d = leftovers(&src, body_offset);
        let at: Vec<(usize, usize)> = d.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, vec![(3, 3), (6, 1), (8, 3)]);
    }

    #[test]
    fn sees_a_draft_in_broken_front_matter() {
        assert!(says_draft("title: x\ndraft: true        # xóa dòng này\n"));
        assert!(!says_draft("draft: false\n"));
        assert!(!says_draft("title: x\n"));
    }
}
