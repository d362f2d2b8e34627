//! Unicode NFC normalization with a fast path for Vietnamese text: every text guong reads is
//! normalized once here, so slugs, comparisons and output all see one spelling.

use unicode_normalization::UnicodeNormalization;

/// Whether `s` is already NFC. Text made only of [`is_plain`] characters (nearly all
/// Vietnamese text) needs no table lookup.
pub fn is_nfc(s: &str) -> bool {
    all_plain(s.as_bytes())
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Characters that are NFC and combine with nothing (what [`all_plain`] tests byte by byte): Latin below U+0300, the precomposed
/// Vietnamese letters and the punctuation editors type (dashes, curly quotes, ellipsis).
#[cfg(test)]
fn is_plain(c: char) -> bool {
    c < '\u{300}'
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || ('\u{2010}'..='\u{2027}').contains(&c)
}

/// Whether every character of the UTF-8 text `b` is NFC and combines with nothing: Latin below
/// U+0300, the precomposed Vietnamese letters (U+1EA0–U+1EF9) and the punctuation editors type
/// (U+2010–U+2027: dashes, curly quotes, ellipsis). Read by bytes: ASCII eight at a time, then
/// two-byte characters below U+0300 (lead bytes C2–CB), then the two three-byte ranges. Every
/// article goes through this, so it avoids decoding each character.
fn all_plain(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        // Runs of ASCII (spaces, digits, Markdown, most letters) eight bytes at a time, up to
        // the first byte that is not.
        while let Some(chunk) = b.get(i..i + 8) {
            let high =
                u64::from_le_bytes(chunk.try_into().unwrap_or_default()) & 0x8080_8080_8080_8080;
            if high != 0 {
                i += high.trailing_zeros() as usize / 8;
                break;
            }
            i += 8;
        }
        let Some(&lead) = b.get(i) else {
            break;
        };
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        match lead {
            0..0x80 => i += 1,
            0xC2..=0xCB => i += 2,
            // A three-byte character cut short (never in text that is valid UTF-8).
            0xE1 | 0xE2 if i + 2 >= b.len() => return false,
            // U+1EA0–U+1EBF, U+1EC0–U+1EF9
            0xE1 if (next(1) == 0xBA && next(2) >= 0xA0)
                || (next(1) == 0xBB && next(2) <= 0xB9) =>
            {
                i += 3;
            }
            // U+2010–U+2027
            0xE2 if next(1) == 0x80 && (0x90..=0xA7).contains(&next(2)) => i += 3,
            _ => return false,
        }
    }
    true
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

    #[test]
    fn the_byte_scan_agrees_with_the_character_test() {
        let all: Vec<char> = (0u32..0x3000).filter_map(char::from_u32).collect();
        for &c in &all {
            for s in [
                c.to_string(),
                format!("a{c}"),
                format!("{c}ế"),
                format!("ư{c}ơ"),
            ] {
                assert_eq!(all_plain(s.as_bytes()), s.chars().all(is_plain), "{s:?}");
            }
        }
        // After runs of ASCII of every length, which are read eight bytes at a time.
        for n in 0..20 {
            let run = "a".repeat(n);
            for c in ['\u{0301}', 'ế', '😀', '\u{2028}'] {
                let s = format!("{run}{c}{run}");
                assert_eq!(all_plain(s.as_bytes()), is_plain(c), "{s:?}");
            }
        }
        let text = "Gương điển hình tiên tiến — “Người tốt, việc tốt”…";
        assert!(all_plain(text.as_bytes()));
        assert!(!all_plain("e\u{0302}\u{0301}".as_bytes()));
        assert!(!all_plain("😀".as_bytes()));
    }

    fn nfc_slow(s: &str) -> String {
        s.nfc().collect()
    }
}
