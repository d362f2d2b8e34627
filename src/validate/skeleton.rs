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
        for i in occurrences(body, stub) {
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

/// Where `stub` occurs in `text`, without overlaps, left to right. Every article's body is
/// searched for each stub, so the search looks for the stub's longest run of ASCII (`u: gi`)
/// with memchr's SIMD search and checks the whole stub only around each hit: searched for
/// whole, a Vietnamese stub's first "rare" bytes are the UTF-8 bytes of its tone marks, which
/// Vietnamese text is full of.
fn occurrences(text: &str, stub: &str) -> Vec<usize> {
    let (offset, run) = longest_ascii_run(stub);
    let (hay, needle) = (text.as_bytes(), run.as_bytes());
    let mut found = Vec::new();
    let mut from = 0;
    let mut free = 0;
    while let Some(hit) = memchr::memmem::find(&hay[from..], needle) {
        let hit = from + hit;
        from = hit + 1;
        if let Some(start) = hit.checked_sub(offset)
            && start >= free
            && hay[start..].starts_with(stub.as_bytes())
        {
            found.push(start);
            free = start + stub.len();
        }
    }
    found
}

/// The longest run of ASCII characters in `s` (the first of equals), with its byte offset; all
/// of `s` when it has none.
fn longest_ascii_run(s: &str) -> (usize, &str) {
    let mut best = (0, "");
    let mut start = 0;
    for (i, c) in s.char_indices().chain([(s.len(), '\u{80}')]) {
        if c.is_ascii() {
            continue;
        }
        if i - start > best.1.len() {
            best = (start, &s[start..i]);
        }
        start = i + c.len_utf8();
    }
    if best.1.is_empty() { (0, s) } else { best }
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
    fn stubs_are_found_as_a_plain_search_finds_them() {
        for stub in BODY_STUBS {
            let (offset, run) = longest_ascii_run(stub);
            assert!(
                run.len() >= 4 && stub[offset..].starts_with(run),
                "{stub}: {run:?}"
            );
            for text in [
                String::new(),
                stub.to_string(),
                format!("x{stub}{stub}\n{}{stub}", &stub[..offset + run.len()]),
                format!("{run}{run} {stub}. {}", &stub[offset..]),
            ] {
                let plain: Vec<usize> = text.match_indices(stub).map(|(i, _)| i).collect();
                assert_eq!(occurrences(&text, stub), plain, "{text:?}");
            }
        }
        // Overlapping occurrences of a stub that overlaps itself: left to right, as `find`.
        assert_eq!(occurrences("aaaa", "aa"), vec![0, 2]);
        assert_eq!(occurrences("ơaơaơa", "ơaơa"), vec![0]);
        assert_eq!(longest_ascii_run("ơơ"), (0, "ơơ"));
    }

    #[test]
    fn sees_a_draft_in_broken_front_matter() {
        assert!(says_draft("title: x\ndraft: true        # xóa dòng này\n"));
        assert!(!says_draft("draft: false\n"));
        assert!(!says_draft("title: x\n"));
    }
}
