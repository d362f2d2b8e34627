//! Every error of a run is reported together (SPEC §5: "all of them reported, not just the
//! first"), each at the source that causes it (`file:line:col`, SPEC §5 and §7): an earlier
//! stage's error does not hide a later one that does not follow from it.

mod common;

use common::{SITE_YAML, TestSite, diagnostics, fails_with};

#[test]
fn a_missing_cover_does_not_hide_the_links_of_the_body() {
    let s = TestSite::new();
    s.article(
        "2026/b.md",
        "Bài B",
        "2026-03-01",
        "",
        "## Mục có\n\nNội dung.",
    );
    s.article(
        "2026/a.md",
        "Bài A",
        "2026-03-02",
        "image: nocover.jpg\n",
        "Xem [1](x.md).\n\n[2](b.md#muc).\n\n[3](#khong).\n\n<a href=\"b.md\">4</a>",
    );
    // Front matter of 9 lines, a blank line: the body starts at line 11.
    let err = fails_with(
        &s,
        &[
            "content/2026/a.md:8:8: lỗi: không tìm thấy ảnh `nocover.jpg`",
            "content/2026/a.md:11:5: lỗi: liên kết tới bài không tồn tại `x.md`",
            "content/2026/a.md:13:",
            "không có mục `#muc`",
            "content/2026/a.md:15:5: lỗi: liên kết hỏng tới `#khong`",
            "content/2026/a.md:17:10: lỗi: liên kết hỏng tới `b.md`",
        ],
    );
    assert_eq!(diagnostics(&err).len(), 5, "{err}");
    // The page shows no cover: no broken link to it is reported.
    assert!(!err.contains("liên kết hỏng tới `nocover.jpg"), "{err}");
}

#[test]
fn a_template_error_does_not_hide_a_broken_link() {
    let s = TestSite::new();
    s.article("a.md", "Bài A", "2020-01-01", "", "Xem [1](khong-co.md).");
    s.write("templates/404.html", "<p>{{ site.title </p>\n");
    fails_with(
        &s,
        &[
            "templates/404.html:1:",
            "content/a.md:10:5: lỗi: liên kết tới bài không tồn tại `khong-co.md`",
        ],
    );
}

#[test]
fn an_unknown_key_in_site_yaml_does_not_hide_the_articles_errors() {
    let s = TestSite::new();
    s.write("site.yaml", &format!("{SITE_YAML}foo: 1\n"));
    s.write(
        "content/a.md",
        "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\nsummery: x\n---\n",
    );
    let lines = SITE_YAML.lines().count() + 1;
    let foo = format!("site.yaml:{lines}:1: lỗi: khóa không hợp lệ `foo`");
    let err = fails_with(&s, &[&foo, "content/a.md:7:1: ", "summery"]);
    // The missing `summary` too: every error of the article.
    assert_eq!(diagnostics(&err).len(), 3, "{err}");
    // With the article fixed, the site renders whole: the links of its pages are checked in
    // the same run as site.yaml's unknown key.
    s.article("a.md", "Bài A", "2020-01-01", "", "Xem [1](#khong).");
    let err = fails_with(
        &s,
        &[&foo, "content/a.md:10:9: lỗi: liên kết hỏng tới `#khong`"],
    );
    assert_eq!(diagnostics(&err).len(), 2, "{err}");
}

#[test]
fn a_broken_column_list_stops_at_site_yaml_without_a_cascade() {
    // Every article names a column: with the columns unreadable, their errors would be noise.
    let s = TestSite::new();
    s.write(
        "site.yaml",
        &SITE_YAML.replace("  - id: san-xuat-gioi\n", "  - id: San Xuat\n"),
    );
    s.article("a.md", "Bài A", "2020-01-01", "", "x");
    let err = fails_with(&s, &["site.yaml:"]);
    assert!(!err.contains("content/a.md"), "{err}");
}

const HEAD: &str = "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: x\n";

#[test]
fn an_alias_over_a_theme_or_static_file_is_reported_at_the_alias() {
    let s = TestSite::new();
    s.write("static/tin-tuc/cu.html", "<p>cũ</p>\n");
    s.write(
        "content/a.md",
        &format!("{HEAD}aliases: [\"/css/style.css\", \"/tin-tuc/cu.html\", \"/tin-tuc/moi.html\"]\n---\n"),
    );
    let err = fails_with(
        &s,
        &[
            "content/a.md:8:11: lỗi: alias /css/style.css (trang chuyển hướng /css/style.css/index.html) trùng với tệp tĩnh",
            "content/a.md:8:29: lỗi: alias /tin-tuc/cu.html trùng với tệp tĩnh",
        ],
    );
    assert_eq!(diagnostics(&err).len(), 2, "{err}");
    assert!(!err.contains("static/tin-tuc/cu.html: lỗi"), "{err}");
    assert!(!err.contains("style.css: lỗi"), "{err}");
}

#[test]
fn a_missing_theme_is_reported_at_its_name_in_site_yaml() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        &SITE_YAML.replace("theme: default", "theme: xyz"),
    );
    s.article("a.md", "Bài A", "2020-01-01", "", "x");
    let err = fails_with(
        &s,
        &[
            "site.yaml:6:8: lỗi: không tìm thấy giao diện `xyz`",
            " 6 | theme: xyz",
        ],
    );
    assert_eq!(diagnostics(&err).len(), 1, "{err}");
}

#[test]
fn an_alias_that_cannot_be_used_does_not_hide_what_the_others_clash_with() {
    let s = TestSite::new();
    s.write(
        "content/a.md",
        &format!("{HEAD}aliases: [\"/\", \"/atom.xml\", \"/chuyen-muc/san-xuat-gioi/\", \"/tin-tuc/a.html\"]\n---\n"),
    );
    let err = fails_with(
        &s,
        &[
            "content/a.md:8:11: lỗi: alias `/` trỏ tới trang chủ",
            "content/a.md:8:16: lỗi: alias /atom.xml (trang chuyển hướng /atom.xml/index.html) trùng với",
            "content/a.md:8:29: lỗi: alias /chuyen-muc/san-xuat-gioi/ (trang chuyển hướng /chuyen-muc/san-xuat-gioi/index.html) trùng với",
        ],
    );
    assert_eq!(diagnostics(&err).len(), 3, "{err}");
}

#[test]
fn a_template_error_while_rendering_does_not_hide_the_links_of_other_pages() {
    let s = TestSite::new();
    s.article("a.md", "Bài A", "2020-01-01", "", "Xem [mục](#khong-co).");
    s.article("b.md", "Bài B", "2020-01-02", "", "Xem [bài A](a.md).");
    // Only the 404 page fails to render; the articles link to each other and are checked.
    s.write("templates/404.html", "<p>{{ khong_co_bien }}</p>\n");
    let err = fails_with(
        &s,
        &[
            "templates/404.html:1:",
            "content/a.md:10:11: lỗi: liên kết hỏng tới `#khong-co`",
        ],
    );
    assert_eq!(diagnostics(&err).len(), 2, "{err}");
}

#[test]
fn an_article_left_out_for_its_errors_does_not_hide_the_links_of_the_others() {
    let s = TestSite::new();
    s.write("content/2020/a.md", &format!("{HEAD}summery: x\n---\n"));
    // Links to the article left out are not reported again; a missing anchor elsewhere is.
    s.article(
        "2020/b.md",
        "Bài B",
        "2020-01-02",
        "",
        "Xem [a](a.md), [trang a](/bai-viet/a/), <a href=\"a.md\">thô</a> và [mục](#khong-co).",
    );
    let err = fails_with(
        &s,
        &[
            "content/2020/a.md:8:1: ",
            "summery",
            "content/2020/b.md:10:73: lỗi: liên kết hỏng tới `#khong-co`",
        ],
    );
    assert_eq!(diagnostics(&err).len(), 2, "{err}");
}
