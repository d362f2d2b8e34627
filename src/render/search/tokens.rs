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
pub fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let folded = fold(w);
            (!folded.is_empty()).then(|| Token {
                folded,
                exact: w.to_lowercase(),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_folds() {
        let t: Vec<Token> = tokens("Đường về, Gương–điển hình 2020!").collect();
        let folded: Vec<&str> = t.iter().map(|t| t.folded.as_str()).collect();
        let exact: Vec<&str> = t.iter().map(|t| t.exact.as_str()).collect();
        assert_eq!(folded, ["duong", "ve", "guong", "dien", "hinh", "2020"]);
        assert_eq!(exact, ["đường", "về", "gương", "điển", "hình", "2020"]);
    }
}
