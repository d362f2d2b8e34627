//! Vietnamese-aware slugs and diacritic folding.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest slug, in characters; longer ones are cut at a word boundary.
pub const MAX_SLUG_LEN: usize = 80;

/// Folds `text` to lowercase ASCII-ish letters: tone marks and other diacritics are dropped
/// and `đ` becomes `d`. Characters that are not letters or digits are kept as they are.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(f) = latin_fold(c) {
            out.push(f);
        } else {
            fold_slow(c, &mut out);
        }
    }
    out
}

/// Folds one character by decomposing it (the general rule).
fn fold_slow(c: char, out: &mut String) {
    for d in std::iter::once(c).nfd() {
        if is_combining_mark(d) {
            continue;
        }
        match d {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(d.to_lowercase()),
        }
    }
}

/// Latin letters with diacritics (U+00C0–U+024F and U+1E00–U+1EFF, where every Vietnamese
/// letter is), folded once into a table: the general rule, remembered.
fn latin_fold(c: char) -> Option<char> {
    const RANGES: [(u32, u32); 2] = [(0x00C0, 0x0250), (0x1E00, 0x1F00)];
    static TABLE: std::sync::OnceLock<Vec<Option<char>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        RANGES
            .iter()
            .flat_map(|&(a, b)| a..b)
            .map(|code| {
                let mut s = String::new();
                if let Some(ch) = char::from_u32(code) {
                    fold_slow(ch, &mut s);
                }
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(f), None) => Some(f),
                    _ => None,
                }
            })
            .collect()
    });
    let code = u32::from(c);
    let mut offset = 0;
    for (a, b) in RANGES {
        if (a..b).contains(&code) {
            return table[(offset + code - a) as usize];
        }
        offset += b - a;
    }
    None
}

/// Turns a title into a URL slug: NFC, lowercase, Vietnamese letters to ASCII, every other
/// run of characters to one `-`, trimmed, at most [`MAX_SLUG_LEN`] characters cut at a word.
pub fn slugify(text: &str) -> String {
    let folded = fold(text);
    let mut slug = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    if slug.len() > MAX_SLUG_LEN {
        let cut = match slug[..=MAX_SLUG_LEN].rfind('-') {
            Some(i) if i > 0 => i,
            _ => MAX_SLUG_LEN,
        };
        slug.truncate(cut);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    slug
}

/// Whether `s` already is a slug: `^[a-z0-9]+(-[a-z0-9]+)*$`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugifies_vietnamese() {
        assert_eq!(
            slugify("Gương điển hình tiên tiến"),
            "guong-dien-hinh-tien-tien"
        );
        assert_eq!(slugify("Đường về — ƯỚC MƠ!"), "duong-ve-uoc-mo");
        assert_eq!(
            slugify("Bà Nguyễn Thị Lan – 20 năm gắn bó với lớp học vùng đảo"),
            "ba-nguyen-thi-lan-20-nam-gan-bo-voi-lop-hoc-vung-dao"
        );
    }

    #[test]
    fn nfd_and_nfc_give_one_slug() {
        let nfd: String = "Gương điển hình".nfd().collect();
        assert_eq!(slugify(&nfd), slugify("Gương điển hình"));
    }

    #[test]
    fn empty_for_symbols_and_foreign_scripts() {
        assert_eq!(slugify("🎉🎉 !!!"), "");
        assert_eq!(slugify("模范"), "");
    }

    #[test]
    fn long_slugs_cut_at_a_word() {
        let title = "một ".repeat(40);
        let s = slugify(&title);
        assert!(s.len() <= MAX_SLUG_LEN, "{s}");
        assert!(s.ends_with("mot"));
        assert!(is_slug(&s));
    }

    #[test]
    fn recognizes_slugs() {
        assert!(is_slug("abc-1-x"));
        assert!(!is_slug("Abc"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug(""));
        assert!(!is_slug("a_b"));
    }

    #[test]
    fn fast_fold_matches_the_general_rule() {
        let all: String = (0x20u32..0x2000).filter_map(char::from_u32).collect();
        let mut slow = String::new();
        for c in all.chars() {
            fold_slow(c, &mut slow);
        }
        assert_eq!(fold(&all), slow);
    }

    #[test]
    fn folds_diacritics() {
        assert_eq!(fold("Đường"), "duong");
        assert_eq!(fold("Gương ĐIỂN"), "guong dien");
    }
}
