//! How the report prints its issuer (the settings are `config::issuer`): the parent body's
//! line, the place, the recipients, and the district's name.

use crate::config::issuer::Issuer;

impl Issuer {
    /// The parent body's line: the configured one, else "UBND HUYỆN <DISTRICT>".
    pub fn parent_line(&self, district: Option<&str>) -> String {
        match (&self.parent, district) {
            (Some(p), _) => p.clone(),
            (None, Some(d)) => format!("UBND HUYỆN {}", d.to_uppercase()),
            (None, None) => "UBND HUYỆN".into(),
        }
    }

    /// The place before the date; dots to fill in by hand when nothing is known.
    pub fn place_name(&self, district: Option<&str>) -> String {
        self.place
            .clone()
            .or_else(|| district.map(str::to_string))
            .unwrap_or_else(|| "………".into())
    }

    /// The recipients as printed: `- X;` for each, `- Y.` for the last.
    pub fn recipient_lines(&self) -> Vec<String> {
        let n = self.recipients.len();
        self.recipients
            .iter()
            .enumerate()
            .map(|(i, r)| format!("- {}{}", r, if i + 1 == n { "." } else { ";" }))
            .collect()
    }
}

/// The district's name for the report's header: `extra.district` of `site.yaml`, else the
/// words after the last "huyện" in the site's author or description ("… huyện Côn Đảo").
pub fn district(cfg: &crate::config::SiteConfig) -> Option<String> {
    if let Some(d) = cfg.extra.get("district").and_then(|v| v.as_str()) {
        let d = d.trim();
        if !d.is_empty() {
            return Some(d.to_string());
        }
    }
    [cfg.author.as_deref(), Some(cfg.description.as_str())]
        .into_iter()
        .flatten()
        .find_map(after_huyen)
}

fn after_huyen(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.rfind("huyện ")?;
    // Lowercasing keeps the byte length of Vietnamese letters, so the offset is valid.
    let rest = text.get(at + "huyện ".len()..)?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == ' ')
        .collect();
    let name = name.trim();
    let capitalized = name
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    (!name.is_empty() && capitalized).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_district_office() {
        let i = Issuer::default();
        assert_eq!(i.parent_line(Some("Côn Đảo")), "UBND HUYỆN CÔN ĐẢO");
        assert_eq!(i.parent_line(None), "UBND HUYỆN");
        assert_eq!(i.place_name(None), "………");
        assert_eq!(
            i.recipient_lines(),
            [
                "- Hội đồng Thi đua – Khen thưởng huyện;",
                "- Các đơn vị trong huyện;",
                "- Lưu: VT."
            ]
        );
    }

    #[test]
    fn district_from_text() {
        assert_eq!(
            after_huyen("Trung tâm Văn hóa – Thông tin huyện Côn Đảo").as_deref(),
            Some("Côn Đảo")
        );
        assert_eq!(after_huyen("trên địa bàn huyện"), None);
        assert_eq!(after_huyen("các xã trong huyện và tỉnh"), None);
    }
}
