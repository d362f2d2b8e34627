//! Vietnamese alphabetical order (a ă â b c d đ e ê … y, then tone), by ICU's collator.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use std::cmp::Ordering;
use std::sync::OnceLock;

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        Collator::try_new(locale!("vi").into(), CollatorOptions::default())
            .expect("Vietnamese collation data is compiled in")
    })
}

/// Compares two strings in Vietnamese alphabetical order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn follows_the_vietnamese_alphabet() {
        assert_eq!(
            sorted(vec!["đ", "e", "d", "a", "â", "ă"]),
            vec!["a", "ă", "â", "d", "đ", "e"]
        );
        assert_eq!(
            sorted(vec![
                "Ủy ban",
                "Đồn Biên phòng",
                "Công an",
                "Ban Chỉ huy",
                "Huyện đoàn"
            ]),
            vec![
                "Ban Chỉ huy",
                "Công an",
                "Đồn Biên phòng",
                "Huyện đoàn",
                "Ủy ban"
            ]
        );
        assert_eq!(
            sorted(vec!["ơ", "ô", "o", "ư", "u"]),
            vec!["o", "ô", "ơ", "u", "ư"]
        );
    }

    #[test]
    fn base_letter_before_tone() {
        assert_eq!(
            sorted(vec!["bà", "ba", "bá", "bb"]),
            vec!["ba", "bà", "bá", "bb"]
        );
    }
}
