//! Words of a text as search sees them: runs of letters and digits, each kept in its lowercase
//! NFC spelling (for exact-diacritic ranking) and in its folded form (for matching).
//! `search.js` splits and folds a query the same way.

use crate::text::slug::fold;

/// A word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded: lowercase, tone marks and other diacritics dropped, `đ` → `d` (`duong`).
    pub folded: String,
    /// Lowercase NFC spelling (`đường`).
    pub exact: String,
}

/// Splits `text` (already NFC) into words: runs of alphabetic characters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// `char::is_alphanumeric`, answered without a table lookup for ASCII and the Latin blocks
/// Vietnamese is written in (every character there is a letter but `×` and `÷`).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{C0}'..='\u{24F}').contains(&c) {
        c != '×' && c != '÷'
    } else {
        ('\u{1E00}'..='\u{1EFF}').contains(&c) || c.is_alphanumeric()
    }
}

/// The token of one word (`None` when it folds to nothing).
pub fn token(word: &str) -> Option<Token> {
    let folded = fold(word);
    (!folded.is_empty()).then(|| Token {
        folded,
        exact: word.to_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_are_alphanumerics() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn splits_and_folds() {
        let t: Vec<Token> = words("Đường về, Gương–điển hình 2020!")
            .filter_map(token)
            .collect();
        let folded: Vec<&str> = t.iter().map(|t| t.folded.as_str()).collect();
        let exact: Vec<&str> = t.iter().map(|t| t.exact.as_str()).collect();
        assert_eq!(folded, ["duong", "ve", "guong", "dien", "hinh", "2020"]);
        assert_eq!(exact, ["đường", "về", "gương", "điển", "hình", "2020"]);
    }
}
