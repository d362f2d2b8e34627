//! `build` validates everything `check` validates (SPEC §5): the links of every generated page
//! too, reported at the same `file:line:col`, and on any error it writes nothing and leaves the
//! previous output as it was.

mod common;

use common::{TestSite, diagnostics, fails_with, files, stderr};

/// A site with a bundle `2021/bund/index.md`, a page `2026/b.md`, and `2026/a/index.md` with
/// `body`.
fn site_with(body: &str) -> TestSite {
    let s = TestSite::new();
    s.article(
        "2021/bund/index.md",
        "Bài gói",
        "2021-03-02",
        "",
        "Nội dung.",
    );
    s.article(
        "2026/b.md",
        "Bài B",
        "2026-03-01",
        "",
        "## Mục có\n\nNội dung B.",
    );
    s.article("2026/a/index.md", "Bài A", "2026-03-02", "", body);
    s
}

#[test]
fn build_refuses_the_links_check_refuses_at_the_same_place() {
    let s = site_with("Đã có [mục](../b.md#muc-co).");
    s.build_ok(&[]);
    let before: Vec<(String, Vec<u8>)> = files(&s.out())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(s.out().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    // A folder of sources, an anchor that does not exist, raw HTML to a source file.
    s.article(
        "2026/a/index.md",
        "Bài A",
        "2026-03-02",
        "",
        "Xem [gói](../../2021/bund/) và [x](../b.md#muc).\n\n<a href=\"../b.md\">thô</a>",
    );
    // Body at line 10 (front matter of 8 lines, a blank line).
    let err = fails_with(
        &s,
        &[
            "content/2026/a/index.md:10:11: lỗi: liên kết hỏng tới `../../2021/bund/`: trang đích không tồn tại",
            "content/2026/a/index.md:10:43: lỗi: liên kết hỏng tới `/guong-dien-hinh/bai-viet/bai-b/#muc`: trang /guong-dien-hinh/bai-viet/bai-b/ không có mục `#muc`",
            "content/2026/a/index.md:12:10: lỗi: liên kết hỏng tới `../b.md`: trang đích không tồn tại",
        ],
    );
    assert_eq!(diagnostics(&err).len(), 3, "{err}");
    // The previous output is untouched, byte for byte.
    for (f, bytes) in &before {
        assert_eq!(&std::fs::read(s.out().join(f)).unwrap(), bytes, "{f}");
    }
    assert_eq!(files(&s.out()).len(), before.len());
}

#[test]
fn build_reports_body_links_and_page_links_in_one_run() {
    // A broken source link (found while rendering) and broken anchors and images on the same
    // line and the next (found in the page): each once, none hiding another.
    let s = site_with(
        "Xem [1](../x.md), [2](/bai-viet/khong-co/), [3](#khong), ![4](thieu.png).\n\n[5](#khong-nua)",
    );
    let err = fails_with(
        &s,
        &[
            "content/2026/a/index.md:10:5: lỗi: liên kết tới bài không tồn tại `../x.md`",
            "content/2026/a/index.md:10:19: lỗi: liên kết tới trang không tồn tại `/bai-viet/khong-co/`",
            "content/2026/a/index.md:10:49: lỗi: liên kết hỏng tới `#khong`",
            "content/2026/a/index.md:10:63: lỗi: liên kết hỏng tới `thieu.png`",
            "content/2026/a/index.md:12:5: lỗi: liên kết hỏng tới `#khong-nua`",
        ],
    );
    assert_eq!(diagnostics(&err).len(), 5, "{err}");
    assert!(!s.out().exists(), "nothing written:\n{err}");
}

#[test]
fn build_finds_broken_links_in_templates() {
    let s = site_with("Nội dung.");
    s.write(
        "templates/tags.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ url(path='khong-co-trang/') }}\">x</a>{% endblock %}\n",
    );
    let err = fails_with(&s, &["templates/tags.html:1:", "khong-co-trang/"]);
    assert!(!s.out().exists(), "{err}");
}

#[test]
fn a_clean_site_still_builds_and_checks() {
    let s = site_with("Xem [gói](../../2021/bund/index.md), [mục](../b.md#muc-co).");
    let o = s.build_ok(&[]);
    assert!(stderr(&o).contains("Đã dựng"), "{}", stderr(&o));
    let c = s.run(&["check"]);
    assert!(c.status.success(), "{}", stderr(&c));
}

#[test]
fn a_one_letter_link_in_raw_html_is_found_at_its_line() {
    let s = site_with("Đoạn một.\n\n<img src=x alt=\"\">\n\n<a href='y'>y</a>");
    fails_with(
        &s,
        &[
            "content/2026/a/index.md:12:10: lỗi: liên kết hỏng tới `x`",
            "content/2026/a/index.md:14:10: lỗi: liên kết hỏng tới `y`",
        ],
    );
}
