//! The default theme's share data cannot be broken out of by front matter: JSON-LD stays one
//! script element whatever an editor writes; the theme ships a print stylesheet; and the
//! optional `publisher:` of site.yaml fills the footer and the JSON-LD publisher.

mod common;

use std::fs;

const EVIL: &str = "</script><script>alert(1)</script>";

#[test]
fn json_ld_cannot_close_its_script_element() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.yaml"),
        "title: Gương điển hình\ndescription: Thử\nbase_url: https://example.gov.vn/g/\n\
         fields:\n  - id: y-duc\n    name: Y đức\nunits:\n  - id: ttyt\n    name: Trung tâm Y tế\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("content")).unwrap();
    let quoted = format!("\"Bà Lan {EVIL} & <b>\"");
    fs::write(
        root.join("content/bai.md"),
        format!(
            "---\ntitle: {quoted}\nslug: ba-lan\ndate: 2025-01-02\nunit: ttyt\nfield: y-duc\n\
             kind: ca-nhan\nexemplar: {quoted}\nauthor: {quoted}\nsummary: {quoted}\n\
             tags: [{quoted}]\n---\n\nNội dung.\n"
        ),
    )
    .unwrap();
    let out = common::build_root(root);
    let page = fs::read_to_string(out.join("bai-viet/ba-lan/index.html")).unwrap();
    assert!(!page.contains(EVIL), "raw script tags in the page");
    assert!(!page.contains("<script>alert"));
    assert_eq!(
        page.matches("</script>").count(),
        page.matches("<script").count()
    );
    let start = page
        .find(r#"<script type="application/ld+json">"#)
        .expect("JSON-LD");
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let ld: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], format!("Bà Lan {EVIL} & <b>"));
    assert_eq!(ld["description"], format!("Bà Lan {EVIL} & <b>"));
    assert!(page.contains(r#"<meta property="og:type" content="article">"#));
    assert!(page.contains(r#"property="og:title""#));
}

#[test]
fn the_theme_has_a_print_stylesheet() {
    let css = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/static/css/style.css"),
    )
    .unwrap();
    let print = &css[css.find("@media print").expect("@media print")..];
    for hidden in [".site-nav", ".header-search", ".breadcrumb"] {
        assert!(print.contains(hidden), "{hidden} not hidden in print");
    }
}

const PUBLISHER_SITE: &str = "title: Gương điển hình\nbase_url: https://example.gov.vn/g/\n\
    author: Trung tâm Văn hóa\nfields:\n  - id: y-duc\n    name: Y đức\nunits:\n  - id: ttyt\n    name: Trung tâm Y tế\n";
const PUBLISHER: &str = "publisher:\n  agency: Ủy ban nhân dân huyện\n  responsible: Bà Nguyễn Thị Hà\n  \
    address: Số 28 Tôn Đức Thắng\n  phone: \"0254 3830 165\"\n  email: ttvh@example.gov.vn\n  \
    licence: Giấy phép số 12/GP-TTĐT\n";

fn publisher_site(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("site.yaml"),
        format!("{PUBLISHER_SITE}{extra}"),
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(
        dir.path().join("content/bai.md"),
        "---\ntitle: Bà Lan\ndate: 2025-01-02\nunit: ttyt\nfield: y-duc\nkind: ca-nhan\n\
         summary: Tóm tắt.\n---\n\nNội dung.\n",
    )
    .unwrap();
    dir
}

fn json_ld(page: &str) -> serde_json::Value {
    let start = page.find(r#"<script type="application/ld+json">"#).unwrap();
    let json = &page[start..];
    serde_json::from_str(&json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()])
        .unwrap()
}

#[test]
fn the_publisher_fills_the_footer_and_the_json_ld() {
    let dir = publisher_site(PUBLISHER);
    let out = common::build_root(dir.path());
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    let footer = &home[home.find("<footer").unwrap()..];
    for want in [
        "Cơ quan chủ quản: Ủy ban nhân dân huyện",
        "Chịu trách nhiệm nội dung: Bà Nguyễn Thị Hà",
        "Địa chỉ: Số 28 Tôn Đức Thắng",
        r#"<a href="tel:02543830165">0254 3830 165</a>"#,
        r#"<a href="mailto:ttvh@example.gov.vn">ttvh@example.gov.vn</a>"#,
        "Giấy phép số 12/GP-TTĐT",
    ] {
        assert!(footer.contains(want), "footer lacks {want}: {footer}");
    }
    let page = fs::read_to_string(out.join("bai-viet/ba-lan/index.html")).unwrap();
    let p = &json_ld(&page)["publisher"];
    assert_eq!(p["name"], "Trung tâm Văn hóa");
    assert_eq!(p["parentOrganization"]["name"], "Ủy ban nhân dân huyện");
    assert_eq!(p["telephone"], "0254 3830 165");
    assert_eq!(p["email"], "ttvh@example.gov.vn");
    assert_eq!(p["address"]["streetAddress"], "Số 28 Tôn Đức Thắng");

    // Absent: no block, and the JSON-LD publisher is the site's author alone.
    let bare = publisher_site("");
    let out = common::build_root(bare.path());
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("footer-publisher") && !home.contains("Cơ quan chủ quản"));
    let page = fs::read_to_string(out.join("bai-viet/ba-lan/index.html")).unwrap();
    let p = &json_ld(&page)["publisher"];
    assert_eq!(p["name"], "Trung tâm Văn hóa");
    assert!(p.get("telephone").is_none() && p.get("parentOrganization").is_none());
}

#[test]
fn publisher_keys_are_checked_like_other_site_yaml_keys() {
    let dir =
        publisher_site("publisher:\n  agncy: UBND\n  phone: 02543830165\n  email: khong-hop-le\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    assert!(
        err.contains("site.yaml:11:3") && err.contains("agency"),
        "{err}"
    );
    assert!(
        err.contains("site.yaml:12:10") && err.contains("ngoặc kép"),
        "{err}"
    );
    assert!(
        err.contains("site.yaml:13:10") && err.contains("khong-hop-le"),
        "{err}"
    );
}
