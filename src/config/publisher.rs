//! The optional `publisher:` map of site.yaml: who runs the site (owning agency, person
//! responsible, address, phone, email, licence line), for the footer and the JSON-LD. Its own
//! file so that config.rs stays about the site's core settings.

use crate::load::reader::Reader;
use crate::load::yaml::Node;
use serde_saphyr::Spanned;

/// Who runs the site (`publisher:` in site.yaml), shown in the footer and the JSON-LD;
/// every key is optional.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Publisher {
    /// The owning agency (cơ quan chủ quản).
    pub agency: Option<String>,
    /// The person responsible (người chịu trách nhiệm).
    pub responsible: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Telephone, as written.
    pub phone: Option<String>,
    /// Contact email.
    pub email: Option<String>,
    /// The licence line (giấy phép).
    pub licence: Option<String>,
}

const PUBLISHER_KEYS: &[&str] = &[
    "agency",
    "responsible",
    "address",
    "phone",
    "email",
    "licence",
];

/// Reads the `publisher:` map; `None` when it gives nothing.
pub(super) fn parse(r: &mut Reader, v: &Spanned<Node>) -> Option<Publisher> {
    let mut p = Publisher::default();
    for (k, val) in r.entries(v, PUBLISHER_KEYS, "publisher") {
        if k == "phone" && matches!(val.value, Node::Int(_) | Node::Float(_)) {
            let pos = r.pos(val);
            r.error_hint(
                pos,
                "số điện thoại phải là chuỗi",
                "viết trong dấu ngoặc kép, ví dụ phone: \"0254 3830 000\", để giữ số 0 ở đầu",
            );
            continue;
        }
        let text = r
            .string(&format!("publisher.{k}"), val)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if k == "email"
            && let Some(e) = &text
            && (!e.contains('@') || e.contains(char::is_whitespace))
        {
            let pos = r.pos(val);
            r.error(pos, format!("địa chỉ thư điện tử không hợp lệ `{e}`"));
            continue;
        }
        let slot = match k {
            "agency" => &mut p.agency,
            "responsible" => &mut p.responsible,
            "address" => &mut p.address,
            "phone" => &mut p.phone,
            "email" => &mut p.email,
            _ => &mut p.licence,
        };
        *slot = text;
    }
    let empty = [
        &p.agency,
        &p.responsible,
        &p.address,
        &p.phone,
        &p.email,
        &p.licence,
    ]
    .iter()
    .all(|f| f.is_none());
    (!empty).then_some(p)
}
