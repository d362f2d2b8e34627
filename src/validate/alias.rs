//! An alias (`aliases:` in front matter) becomes an output file: this is the one place that
//! decides which file, and refuses anything that could leave the output folder.

/// The longest file or folder name most file systems accept, in bytes.
pub const MAX_NAME_BYTES: usize = 255;
/// The longest alias path accepted, in bytes, leaving room for the output folder's own path.
pub const MAX_PATH_BYTES: usize = 1024;

/// Turns an alias as written (`/tin-tuc/cu.html`, `tin-tuc/cu/`) into the output file it
/// becomes, relative to the site root, or explains why it is unsafe.
pub fn alias_file(alias: &str) -> Result<String, String> {
    let raw = alias.trim();
    if raw.contains("://") || raw.starts_with("//") || raw.contains('\\') {
        return Err(format!(
            "alias `{raw}` phải là đường dẫn trong trang (như `/tin-tuc/cu.html`), không phải địa chỉ trang khác"
        ));
    }
    let decoded = crate::text::url::percent_decode(raw);
    if decoded.contains('\\')
        || decoded.chars().any(|c| c.is_control())
        || decoded.contains(['?', '#'])
    {
        return Err(format!(
            "alias `{raw}` chứa ký tự không dùng được trong tên tệp"
        ));
    }
    let path = decoded.trim_start_matches('/');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Err(format!("alias `{raw}` không được chứa đoạn `..` hay `.`"));
    }
    if segments
        .first()
        .is_some_and(|s| s.len() == 2 && s.ends_with(':'))
        || path.contains(':')
    {
        return Err(format!("alias `{raw}` không được chứa ổ đĩa hay dấu `:`"));
    }
    if segments.is_empty() {
        return Err(format!("alias `{raw}` trỏ tới trang chủ"));
    }
    if let Some(long) = segments.iter().find(|s| s.len() > MAX_NAME_BYTES) {
        return Err(format!(
            "alias `{}…` có một đoạn dài {} byte: mỗi đoạn giữa hai dấu `/` tối đa {MAX_NAME_BYTES} byte",
            long.chars().take(40).collect::<String>(),
            long.len()
        ));
    }
    let joined = segments.join("/");
    if joined.len() > MAX_PATH_BYTES {
        return Err(format!(
            "alias dài {} byte: tối đa {MAX_PATH_BYTES} byte",
            joined.len()
        ));
    }
    let lower = joined.to_lowercase();
    if !decoded.ends_with('/')
        && (lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".aspx"))
    {
        Ok(joined)
    } else {
        Ok(format!("{joined}/index.html"))
    }
}

#[cfg(test)]
mod tests {
    use super::alias_file;

    #[test]
    fn aliases_become_files() {
        assert_eq!(alias_file("/tin-tuc/cu.html").unwrap(), "tin-tuc/cu.html");
        assert_eq!(alias_file("tin-tuc/cu/").unwrap(), "tin-tuc/cu/index.html");
        assert_eq!(alias_file("/Pages/a.aspx").unwrap(), "Pages/a.aspx");
        assert_eq!(alias_file("/a/b").unwrap(), "a/b/index.html");
    }

    #[test]
    fn unsafe_aliases_are_refused() {
        for bad in [
            "../x.html",
            "/a/../../x",
            "http://evil.com/x",
            "//evil.com/x",
            "a\\b",
            "C:/x",
            "/",
            "%2e%2e/x.html",
        ] {
            assert!(alias_file(bad).is_err(), "{bad}");
        }
    }
}
