//! Who issues the office's report: the `report:` section of `site.yaml` (issuing office, its
//! parent body, number suffix, place, signer, recipients). The defaults are the district plan's
//! own office, so a site without the section prints the same document as before.

use crate::load::reader::Reader;
use crate::load::yaml::Node;
use serde_saphyr::Spanned;

/// The keys of the `report:` section (`publish` is read by `config.rs`).
pub const KEYS: &[&str] = &[
    "publish",
    "office",
    "parent",
    "number_suffix",
    "place",
    "signer_title",
    "signer_name",
    "recipients",
];

/// The issuer of the HTML report and the workbook's title rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The issuing office, as printed (upper case by convention).
    pub office: String,
    /// Its parent body; `None`: "UBND HUYỆN <district>".
    pub parent: Option<String>,
    /// What follows the blank number: `/BC-PNV`.
    pub number_suffix: String,
    /// The place before the date; `None`: the district's name.
    pub place: Option<String>,
    /// The signer's title: `TRƯỞNG PHÒNG`.
    pub signer_title: String,
    /// The signer's name, printed under the signature space (may be empty).
    pub signer_name: String,
    /// The "Nơi nhận" list, without the leading dash and the final `;` or `.`.
    pub recipients: Vec<String>,
}

impl Default for Issuer {
    fn default() -> Self {
        Issuer {
            office: "PHÒNG NỘI VỤ – LĐTB&XH".into(),
            parent: None,
            number_suffix: "/BC-PNV".into(),
            place: None,
            signer_title: "TRƯỞNG PHÒNG".into(),
            signer_name: String::new(),
            recipients: vec![
                "Hội đồng Thi đua – Khen thưởng huyện".into(),
                "Các đơn vị trong huyện".into(),
                "Lưu: VT".into(),
            ],
        }
    }
}

/// Reads one issuer key of the `report:` section into `issuer`, recording errors in `r`.
pub fn read(r: &mut Reader, key: &str, v: &Spanned<Node>, issuer: &mut Issuer) {
    let name = format!("report.{key}");
    match key {
        "office" | "number_suffix" | "signer_title" => {
            if let Some(s) = r.nonempty_string(&name, v) {
                match key {
                    "office" => issuer.office = s,
                    "number_suffix" => issuer.number_suffix = s,
                    _ => issuer.signer_title = s,
                }
            }
        }
        "parent" => issuer.parent = r.nonempty_string(&name, v),
        "place" => issuer.place = r.nonempty_string(&name, v),
        "signer_name" => {
            issuer.signer_name = r.string(&name, v).unwrap_or_default().trim().to_string()
        }
        "recipients" => {
            let mut list = Vec::new();
            let errors = r.diags.len();
            for (s, pos) in r.string_list(&name, v) {
                let s = s
                    .trim()
                    .trim_end_matches([';', '.'])
                    .trim_start_matches("- ");
                if s.trim().is_empty() {
                    r.error(pos, format!("`{name}`: mỗi nơi nhận phải có nội dung"));
                } else {
                    list.push(s.trim().to_string());
                }
            }
            if list.is_empty() && r.diags.len() == errors {
                let p = r.pos(v);
                r.error(p, format!("`{name}` cần ít nhất một nơi nhận"));
            }
            issuer.recipients = list;
        }
        _ => {}
    }
}

/// The district's name for the report's header: `extra.district` of `site.yaml`, else the
/// words after the last "huyện" in the site's author or description ("… huyện Côn Đảo").
pub fn district(cfg: &super::SiteConfig) -> Option<String> {
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
    fn district_from_text() {
        assert_eq!(
            after_huyen("Trung tâm Văn hóa – Thông tin huyện Côn Đảo").as_deref(),
            Some("Côn Đảo")
        );
        assert_eq!(after_huyen("trên địa bàn huyện"), None);
        assert_eq!(after_huyen("các xã trong huyện và tỉnh"), None);
    }
}
