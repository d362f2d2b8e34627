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
    /// The offending line, when known.
    pub quote: Option<Box<Quote>>,
    /// A suggestion (`có phải ý bạn là …?`).
    pub hint: Option<String>,
}

/// The offending line as quoted under a diagnostic: of a long line, only the part around the
/// column (see [`MAX_QUOTED`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted text (with a `…` at its end when the line goes on).
    pub text: String,
    /// Characters of the line left out before `text` (0 when it starts the line).
    pub from: usize,
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
            quote: None,
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
        let col = col.max(1);
        let quote = source.line(line).map(|text| {
            let (text, from) = source.quoted_part(line, text, col);
            Box::new(Quote { text, from })
        });
        Diagnostic {
            file: source.name.clone(),
            line,
            col,
            len: len.max(1),
            message: message.into(),
            quote,
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
        if let Some(Quote { text, from }) = self.quote.as_deref() {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, " {pad} |")?;
            // A long line is quoted in part, each cut marked with `…`.
            let cut_before = if *from > 0 { "…" } else { "" };
            writeln!(f, " {num} | {cut_before}{text}")?;
            let col = self.col.saturating_sub(*from) + cut_before.chars().count();
            let text = &format!("{cut_before}{text}");
            let before: String = text
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let available = text.chars().count().saturating_sub(col.saturating_sub(1));
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
#[derive(Debug)]
pub struct SourceFile {
    /// Display name (`content/2020/a.md`).
    pub name: String,
    /// The text, LF line endings.
    pub text: Arc<str>,
    /// Byte offsets where lines start, made on the first [`SourceFile::position`] call, so that
    /// many errors in one big file cost a binary search each, not a scan from the start.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The last position computed (byte offset, line, column): errors come in the order of
    /// the text, so the next column is counted from there, not from the start of a long line.
    last: std::sync::Mutex<Option<(usize, usize, usize)>>,
}

impl Clone for SourceFile {
    fn clone(&self) -> Self {
        SourceFile {
            name: self.name.clone(),
            text: self.text.clone(),
            line_starts: self.line_starts.clone(),
            last: std::sync::Mutex::new(None),
        }
    }
}

/// Lines longer than this many bytes are quoted in part in a diagnostic: about this many
/// characters around the column. Quoting a 1 MB line once per error would make many errors on
/// one long line cost memory by the square of its length.
pub const MAX_QUOTED: usize = 240;

impl SourceFile {
    /// A source file named `name` (as shown in messages) holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
            last: std::sync::Mutex::new(None),
        }
    }

    /// Byte offsets where lines start.
    fn starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The text of 1-based line `n`.
    pub fn line(&self, n: usize) -> Option<&str> {
        let starts = self.starts();
        let start = *starts.get(n.checked_sub(1)?)?;
        let end = starts.get(n).map_or(self.text.len(), |&e| e - 1);
        self.text.get(start..end)
    }

    /// The part of line `line` (its text `text`) quoted for a problem at column `col`, and how
    /// many characters of the line come before it.
    fn quoted_part(&self, line: usize, text: &str, col: usize) -> (String, usize) {
        if text.len() <= MAX_QUOTED {
            return (text.to_string(), 0);
        }
        let from = col.saturating_sub(1).saturating_sub(MAX_QUOTED / 4);
        // The byte where character `from` starts, counted from the last position on this
        // line (usually this very problem's) rather than from the start of the line.
        let known = self.last.lock().ok().and_then(|l| *l);
        let forward = |at: usize, n: usize| {
            let mut chars = text[at..].chars();
            if n > 0 {
                chars.nth(n - 1);
            }
            text.len() - chars.as_str().len()
        };
        let at = match known {
            Some((offset, l, c)) if l == line && offset >= self.starts()[line - 1] => {
                let here = (offset - self.starts()[line - 1]).min(text.len());
                if c <= from + 1 {
                    forward(here, from + 1 - c)
                } else if c - (from + 1) <= MAX_QUOTED {
                    let back = c - (from + 1);
                    text[..here]
                        .char_indices()
                        .rev()
                        .nth(back - 1)
                        .map_or(0, |(i, _)| i)
                } else {
                    forward(0, from)
                }
            }
            _ => forward(0, from),
        };
        let rest = &text[at..];
        let end = rest
            .char_indices()
            .nth(MAX_QUOTED / 2)
            .map_or(rest.len(), |(i, _)| i);
        let cut_after = if end < rest.len() { "…" } else { "" };
        (format!("{}{cut_after}", &rest[..end]), from)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.starts();
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let col = match *last {
            Some((o, l, c)) if l == line && o <= offset => c + self.text[o..offset].chars().count(),
            _ => self.text[line_start..offset].chars().count() + 1,
        };
        *last = Some((offset, line, col));
        (line, col)
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
    fn a_long_line_is_quoted_around_the_column_once_per_error() {
        // 20,000 broken links on one line of 160 KB: each error quotes a small window, so the
        // errors take memory in proportion to their number, not to number × line length.
        let line = "[a](/x) ".repeat(20_000);
        let src = SourceFile::new("a.md", format!("đầu\n{line}\n"));
        let diags: Vec<Diagnostic> = (0..20_000)
            .map(|k| {
                let (l, c) = src.position("đầu\n".len() + k * 8);
                Diagnostic::at(&src, l, c, 7, "liên kết hỏng")
            })
            .collect();
        assert!(
            diags
                .iter()
                .all(|d| d.quote.as_ref().unwrap().text.len() <= 4 * MAX_QUOTED)
        );
        assert_eq!((diags[19_999].line, diags[19_999].col), (2, 159_993));
        let shown = diags[10_000].to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[0].starts_with("a.md:2:80001: lỗi:"), "{shown}");
        // The caret stands under the `[` of the 10,001st link, after the `…` of the cut.
        let quoted = lines[2].split_once("| ").unwrap().1;
        let caret = lines[3].split_once("| ").unwrap().1;
        assert!(quoted.starts_with('…') && quoted.ends_with('…'), "{shown}");
        let at = caret.chars().take_while(|&c| c == ' ').count();
        assert_eq!(quoted.chars().nth(at), Some('['), "{shown}");
        assert_eq!(caret.trim(), "^^^^^^^", "{shown}");
        // A short line is quoted whole, as before.
        let short = SourceFile::new("b.md", "một hai ba\n");
        let d = Diagnostic::at(&short, 1, 5, 3, "x");
        let q = d.quote.as_deref().unwrap();
        assert_eq!((q.text.as_str(), q.from), ("một hai ba", 0));
        assert_eq!(short.line(2), Some(""));
        assert_eq!(short.line(3), None);
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
