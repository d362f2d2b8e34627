//! Turning any file guong reads as text (articles, `site.yaml`, templates) into one form:
//! UTF-8 checked with the position of a bad byte, no BOM, LF line ends, NFC.

use crate::diagnostics::Diagnostic;

/// Decodes a file's bytes: strips a UTF-8 BOM, rejects non-UTF-8 text with the position of
/// the first bad byte, turns CRLF (and lone CR) into LF, and normalizes to NFC.
pub fn decode_text(name: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The SIMD check first (every article's bytes go through it); the standard one only to
    // find where a bad byte is.
    let text = match simdutf8::basic::from_utf8(bytes).map_err(|_| std::str::from_utf8(bytes)) {
        Ok(t) => t,
        Err(Ok(t)) => t,
        Err(Err(e)) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut d = Diagnostic::file(
                name,
                "tệp không phải văn bản UTF-8 (có thể được lưu bằng bảng mã cũ như TCVN3 hoặc Windows-1258)",
            )
            .with_hint("mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8");
            d.line = line;
            d.col = col;
            d.len = 1;
            return Err(d);
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if crate::text::nfc::is_nfc(&text) {
        Ok(text)
    } else {
        Ok(crate::text::nfc::nfc(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_crlf_and_nfd() {
        let t = decode_text("a", b"\xEF\xBB\xBF---\r\ntitle: G\xC6\xB0\xC6\xA1ng\r\n").unwrap();
        assert_eq!(t, "---\ntitle: Gương\n");
        let nfd = "e\u{0302}\u{0301}";
        assert_eq!(decode_text("a", nfd.as_bytes()).unwrap(), "ế");
    }

    #[test]
    fn rejects_non_utf8_with_position() {
        let e = decode_text("a.md", b"---\ntitle: \xE0\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 8));
    }
}
