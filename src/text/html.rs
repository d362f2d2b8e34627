//! HTML text escaping.

/// Escapes text for HTML element content and attribute values (`& < > " '`).
/// The same escapes as Tera's autoescape, by the same crate (16 bytes at a time).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        let long = "Ông “Tư” <b> & 'x' ".repeat(9);
        let slow: String = long
            .chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            })
            .collect();
        assert_eq!(super::escape(&long), slow);
        assert_eq!(
            super::escape("<a href=\"x\">Tôm & cá's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tôm &amp; cá&#39;s&lt;/a&gt;"
        );
    }
}
