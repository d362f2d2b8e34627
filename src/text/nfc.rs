//! Unicode NFC normalization with a fast path for Vietnamese text: every text guong reads is
//! normalized once here, so slugs, comparisons and output all see one spelling.

use unicode_normalization::UnicodeNormalization;

/// Whether `s` is already NFC. Text made only of [`is_plain`] characters (nearly all
/// Vietnamese text) needs no table lookup.
pub fn is_nfc(s: &str) -> bool {
    s.chars().all(is_plain)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Characters that are NFC and combine with nothing: Latin below U+0300, the precomposed
/// Vietnamese letters and the punctuation editors type (dashes, curly quotes, ellipsis).
fn is_plain(c: char) -> bool {
    c < '\u{300}'
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || ('\u{2010}'..='\u{2027}').contains(&c)
}

/// NFC-normalizes a string.
pub fn nfc(s: &str) -> String {
    if is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_characters_are_nfc_and_combine_with_nothing() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0u32..0x2100)
            .filter_map(char::from_u32)
            .filter(|&c| is_plain(c))
        {
            let one = c.to_string();
            assert_eq!(nfc_slow(&one), one, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
    }

    fn nfc_slow(s: &str) -> String {
        s.nfc().collect()
    }
}
