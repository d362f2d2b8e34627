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
