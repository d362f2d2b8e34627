//! Errors for editors: `file:line:col: message`, the offending line shown beneath, and a hint.

use std::fmt;
use std::sync::Arc;

/// A position in a source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Characters to underline.
    pub len: usize,
}

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the editor knows it (`content/2020/a.md`, `site.yaml`).
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub col: usize,
    /// Characters to underline from `col` (at least 1 when a line is shown).
    pub len: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
    /// The text of the offending line, when known.
    pub source_line: Option<String>,
    /// A suggestion (`có phải ý bạn là …?`).
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (no position).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            col: 0,
            len: 0,
            message: message.into(),
            source_line: None,
            hint: None,
        }
    }

    /// A problem at `line:col` of `source`, underlining `len` characters.
    pub fn at(
        source: &SourceFile,
        line: usize,
        col: usize,
        len: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: source.name.clone(),
            line,
            col: col.max(1),
            len: len.max(1),
            message: message.into(),
            source_line: source.line(line).map(str::to_string),
            hint: None,
        }
    }

    /// A problem at a position of `source`.
    pub fn at_pos(source: &SourceFile, pos: Pos, message: impl Into<String>) -> Self {
        Self::at(source, pos.line, pos.col, pos.len, message)
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            writeln!(
                f,
                "{}:{}:{}: lỗi: {}",
                self.file, self.line, self.col, self.message
            )?;
        } else {
            writeln!(f, "{}: lỗi: {}", self.file, self.message)?;
        }
        if let Some(text) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, " {pad} |")?;
            writeln!(f, " {num} | {text}")?;
            let before: String = text
                .chars()
                .take(self.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let available = text
                .chars()
                .count()
                .saturating_sub(self.col.saturating_sub(1));
            let len = self.len.min(available.max(1));
            writeln!(f, " {pad} | {before}{}", "^".repeat(len))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = gợi ý: {hint}")?;
        }
        Ok(())
    }
}

/// A source file's name and text, for quoting lines in diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display name (`content/2020/a.md`).
    pub name: String,
    /// The text, LF line endings.
    pub text: Arc<str>,
    /// Byte offsets where lines start, made on the first [`SourceFile::position`] call, so that
    /// many errors in one big file cost a binary search each, not a scan from the start.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A source file named `name` (as shown in messages) holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The text of 1-based line `n`.
    pub fn line(&self, n: usize) -> Option<&str> {
        if n == 0 {
            return None;
        }
        self.text.split('\n').nth(n - 1)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        (line, self.text[line_start..offset].chars().count() + 1)
    }
}

/// Sorts diagnostics by file, line and column, and drops exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message))
    });
    diags.dedup();
}

/// The known word closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_n(word, candidates, 1).into_iter().next()
}

/// Up to `n` known words closest to `word`, best first (compared without diacritics or case).
pub fn closest_n<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let folded = crate::text::slug::fold(word);
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&folded, &crate::text::slug::fold(c)),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// How a path inside the site is shown to editors: relative to the site root as given on
/// the command line (`content/2020/a.md`, or `site/content/2020/a.md` with `--root site`).
pub fn display_path(root: &std::path::Path, rel: &str) -> String {
    if root == std::path::Path::new(".") || root.as_os_str().is_empty() {
        rel.to_string()
    } else {
        root.join(rel).to_string_lossy().into_owned()
    }
}

/// Why a command failed, with its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or an unreadable site (exit 2).
    Usage(String),
    /// Content, `site.yaml` or template errors (exit 1), all of them.
    Content(Vec<Diagnostic>),
    /// The output could not be written (exit 1): the site is fine, the disk or the folder's
    /// permissions are not; the message names the real path.
    Output(String),
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Content(_) | Failure::Output(_) => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Output(m) => writeln!(f, "lỗi: {m}"),
            Failure::Content(diags) => {
                for d in diags {
                    writeln!(f, "{d}")?;
                }
                let files: std::collections::BTreeSet<&str> =
                    diags.iter().map(|d| d.file.as_str()).collect();
                writeln!(
                    f,
                    "Có {} lỗi trong {} tệp; chưa ghi gì ra thư mục xuất.",
                    diags.len(),
                    files.len()
                )
            }
        }
    }
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(mut d: Vec<Diagnostic>) -> Self {
        sort(&mut d);
        Failure::Content(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_col_and_the_line() {
        let src = SourceFile::new("content/a.md", "---\nsummery: x\n---\n");
        let d = Diagnostic::at(&src, 2, 1, 7, "khóa không hợp lệ").with_hint("summary");
        let s = d.to_string();
        assert!(
            s.starts_with("content/a.md:2:1: lỗi: khóa không hợp lệ\n"),
            "{s}"
        );
        assert!(s.contains(" 2 | summery: x\n"), "{s}");
        assert!(s.contains("^^^^^^^"), "{s}");
    }

    #[test]
    fn finds_positions() {
        let src = SourceFile::new("x", "ab\nđc\n");
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.position(3), (2, 1));
        assert_eq!(src.position(5), (2, 2));
    }

    #[test]
    fn suggests_close_words() {
        assert_eq!(
            closest("summery", ["summary", "title", "unit"]),
            Some("summary")
        );
        assert_eq!(closest("zzz", ["summary", "title"]), None);
    }
}
