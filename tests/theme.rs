//! The default theme's share data cannot be broken out of by front matter: JSON-LD stays one
//! script element whatever an editor writes; and the theme ships a print stylesheet.

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
