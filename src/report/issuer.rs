//! How the report prints its issuer (the settings are `config::issuer`): the parent body's
//! line, the place and the recipients.

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
}
