//! Links an editor writes to the site itself (issue 12, points 1 and 9): every pasted form of an
//! address resolves to its page under the base path, and a broken one is an error in `build`
//! and `check` alike, at its `file:line:col`, with a suggestion written the way it was typed.

mod common;

use common::{TestSite, fails_with, stderr};

const HEAD: &str = "---\ntitle: Bài thử\ndate: 2020-09-28\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\n";

/// A site with a target article and a page of links to it in `body`.
fn site_with(body: &str) -> TestSite {
    let s = TestSite::new();
    s.article(
        "2020/nguyen-van-an.md",
        "Nguyễn Văn An",
        "2020-09-28",
        "tags: [Biển đảo]\n",
        "## Mục\n\nNội dung.",
    );
    s.article("2021/lien-ket.md", "Liên kết", "2021-01-05", "", body);
    s
}

/// Runs `build` and `check`; both fail with exit 1 and every fragment; returns build's stderr.
fn both_fail_with(s: &TestSite, expected: &[&str]) -> String {
    let mut first = String::new();
    for cmd in ["build", "check"] {
        let o = s.run(&[cmd]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{cmd}:\n{err}");
        for e in expected {
            assert!(err.contains(e), "{cmd}: missing `{e}` in:\n{err}");
        }
        if first.is_empty() {
            first = err;
        }
    }
    assert!(!s.out().exists(), "nothing written on error");
    first
}

#[test]
fn every_pasted_form_resolves_for_every_page_kind() {
    let forms = [
        "/guong-dien-hinh/bai-viet/nguyen-van-an/",
        "https://example.gov.vn/guong-dien-hinh/bai-viet/nguyen-van-an/",
        "HTTPS://Example.gov.vn/guong-dien-hinh/bai-viet/nguyen-van-an/index.html",
        "/bai-viet/nguyen-van-an/",
        "/bai-viet/nguyen-van-an/index.html",
        "/bai-viet/nguyen-van-an",
        "/guong-dien-hinh/chuyen-muc/san-xuat-gioi/",
        "/luu-tru/2020/quy-3/",
        "https://example.gov.vn/guong-dien-hinh/don-vi/don-bien-phong/",
        "/guong-dien-hinh/the/bien-dao/index.html",
        "/tim-kiem/",
        "/guong-dien-hinh/",
        "https://example.gov.vn/guong-dien-hinh",
        "/",
        "/bai-viet/nguyen-van-an/#muc",
    ];
    let body: String = forms
        .iter()
        .enumerate()
        .map(|(i, f)| format!("- [liên kết {i}]({f})\n"))
        .collect();
    let s = site_with(&body);
    let check = s.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    s.build_ok(&[]);
    let html = s.read_out("bai-viet/lien-ket/index.html");
    assert!(!html.contains("guong-dien-hinh/guong-dien-hinh"), "{html}");
    assert!(
        !html
            .to_lowercase()
            .contains("href=\"https://example.gov.vn/guong-dien-hinh/bai-viet/nguyen"),
        "{html}"
    );
    for href in [
        "href=\"/guong-dien-hinh/bai-viet/nguyen-van-an/\"",
        "href=\"/guong-dien-hinh/bai-viet/nguyen-van-an/index.html\"",
        "href=\"/guong-dien-hinh/chuyen-muc/san-xuat-gioi/\"",
        "href=\"/guong-dien-hinh/luu-tru/2020/quy-3/\"",
        "href=\"/guong-dien-hinh/don-vi/don-bien-phong/\"",
        "href=\"/guong-dien-hinh/the/bien-dao/index.html\"",
        "href=\"/guong-dien-hinh/tim-kiem/\"",
        "href=\"/guong-dien-hinh/\"",
        "href=\"/guong-dien-hinh/bai-viet/nguyen-van-an/#muc\"",
    ] {
        assert!(html.contains(href), "{href} missing in\n{html}");
    }
}

#[test]
fn serve_and_base_url_override_still_recognize_pasted_addresses() {
    let s = site_with("[An](https://example.gov.vn/guong-dien-hinh/bai-viet/nguyen-van-an/)");
    s.build_ok(&["--base-url", "http://127.0.0.1:8080/"]);
    let html = s.read_out("bai-viet/lien-ket/index.html");
    assert!(html.contains("href=\"/bai-viet/nguyen-van-an/\""), "{html}");
}

#[test]
fn a_missing_page_suggests_the_closest_in_the_typed_form() {
    let s = site_with(
        "Mở đầu.\n\n[a](/guong-dien-hinh/bai-viet/nguyen-van-a/) và\n[b](https://example.gov.vn/guong-dien-hinh/bai-viet/nguyen-van-ann/)\n\n[c](/bai-viet/nguyen-van/index.html) [d](/chuyen-muc/san-xuat-gio/)\n",
    );
    let err = both_fail_with(
        &s,
        &[
            "content/2021/lien-ket.md:12:1: ",
            "(có phải `/guong-dien-hinh/bai-viet/nguyen-van-an/`?)",
            "content/2021/lien-ket.md:13:1: ",
            "(có phải `https://example.gov.vn/guong-dien-hinh/bai-viet/nguyen-van-an/`?)",
            "content/2021/lien-ket.md:15:1: ",
            "(có phải `/bai-viet/nguyen-van-an/index.html`?)",
            "content/2021/lien-ket.md:15:",
            "(có phải `/chuyen-muc/san-xuat-gioi/`?)",
        ],
    );
    assert!(
        err.contains("liên kết tới trang không tồn tại `/guong-dien-hinh/bai-viet/nguyen-van-a/`"),
        "{err}"
    );
}

#[test]
fn source_link_suggestions_keep_the_dots_and_the_at() {
    let s = site_with("[a](../2020/nguyen-van-ann.md)\n\n[b](@/2020/nguyen-van-ann.md)\n");
    both_fail_with(
        &s,
        &[
            "content/2021/lien-ket.md:10:1: ",
            "(có phải `../2020/nguyen-van-an.md`?)",
            "content/2021/lien-ket.md:12:1: ",
            "(có phải `@/2020/nguyen-van-an.md`?)",
        ],
    );
}

#[test]
fn other_parts_of_the_portal_are_left_alone() {
    let s = site_with(
        "[tin](https://example.gov.vn/tin-tuc/bai-khac/) [ngoài](https://khac.gov.vn/bai-viet/x/)\n",
    );
    s.build_ok(&[]);
    let html = s.read_out("bai-viet/lien-ket/index.html");
    assert!(
        html.contains("href=\"https://example.gov.vn/tin-tuc/bai-khac/\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://khac.gov.vn/bai-viet/x/\""),
        "{html}"
    );
}

#[test]
fn files_that_are_not_pages_are_left_to_the_link_check() {
    let s = site_with("[tệp](/tai-lieu/quyet-dinh.pdf)\n");
    s.write("static/tai-lieu/quyet-dinh.pdf", "%PDF");
    s.build_ok(&[]);
    let html = s.read_out("bai-viet/lien-ket/index.html");
    assert!(
        html.contains("href=\"/guong-dien-hinh/tai-lieu/quyet-dinh.pdf\""),
        "{html}"
    );
    let s = site_with("[trang tĩnh](/gioi-thieu/)\n");
    s.write("static/gioi-thieu/index.html", "<p>x</p>");
    s.build_ok(&[]);
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let s = site_with("[nháp](/bai-viet/ban-nhap/)\n");
    s.article(
        "2020/ban-nhap.md",
        "Bản nháp",
        "2020-05-05",
        "draft: true\n",
        "Nháp.",
    );
    both_fail_with(
        &s,
        &[
            "content/2021/lien-ket.md:10:1: ",
            "`2020/ban-nhap.md` đang là bản nháp",
        ],
    );
    s.build_ok(&["--drafts"]);
}

#[test]
fn front_matter_errors_do_not_hide_link_errors_of_the_same_file() {
    let s = TestSite::new();
    s.article("2020/co-that.md", "Có thật", "2020-01-02", "", "Nội dung.");
    s.write(
        "content/2020/a.md",
        &format!("{HEAD}summery: x\n---\n\n[a](../2020/co-tht.md) [b](/bai-viet/co-tht/)\n"),
    );
    fails_with(
        &s,
        &[
            "content/2020/a.md:7:1: ",
            "content/2020/a.md:10:1: ",
            "(có phải `../2020/co-that.md`?)",
            "content/2020/a.md:10:24: ",
            "(có phải `/bai-viet/co-that/`?)",
        ],
    );
}

#[test]
fn source_links_keep_their_query_and_fragment() {
    let s = site_with(
        "- [a](@/2020/nguyen-van-an.md?x=1)\n- [b](../2020/nguyen-van-an.md?x=1&y=2#muc)\n- [c](@/2020/nguyen-van-an.md#muc)\n",
    );
    let check = s.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    s.build_ok(&[]);
    let html = s.read_out("bai-viet/lien-ket/index.html");
    for href in [
        "href=\"/guong-dien-hinh/bai-viet/nguyen-van-an/?x=1\"",
        "href=\"/guong-dien-hinh/bai-viet/nguyen-van-an/?x=1&amp;y=2#muc\"",
        "href=\"/guong-dien-hinh/bai-viet/nguyen-van-an/#muc\"",
    ] {
        assert!(html.contains(href), "{href} missing in\n{html}");
    }
    // A missing source is still an error, named without its query.
    let bad = site_with("[a](@/2020/khong-co.md?x=1)");
    both_fail_with(
        &bad,
        &["liên kết tới bài không tồn tại `@/2020/khong-co.md`"],
    );
}

#[test]
fn a_link_to_a_markdown_file_of_a_bundle_goes_to_the_copied_file() {
    // SPEC §1: every other file of a bundle folder, `.md` files too, is copied as it is.
    let s = TestSite::new();
    s.write(
        "content/2020/goi-x/index.md",
        &format!(
            "{HEAD}summary: Gói.\n---\n\n[ghi chú](ghi-chu.md) và [phụ lục](./tai-lieu/phu-luc.md#muc)\n"
        ),
    );
    s.write("content/2020/goi-x/ghi-chu.md", "# Ghi chú\n");
    s.write("content/2020/goi-x/tai-lieu/phu-luc.md", "# Phụ lục\n");
    s.article(
        "2021/khac.md",
        "Bài khác",
        "2021-01-05",
        "",
        "[ghi chú của gói](@/2020/goi-x/ghi-chu.md?v=2)",
    );
    let check = s.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    s.build_ok(&[]);
    let page = s.read_out("bai-viet/bai-thu/index.html");
    assert!(
        page.contains("href=\"/guong-dien-hinh/bai-viet/bai-thu/ghi-chu.md\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"/guong-dien-hinh/bai-viet/bai-thu/tai-lieu/phu-luc.md#muc\""),
        "{page}"
    );
    let other = s.read_out("bai-viet/bai-khac/index.html");
    assert!(
        other.contains("href=\"/guong-dien-hinh/bai-viet/bai-thu/ghi-chu.md?v=2\""),
        "{other}"
    );
    assert_eq!(s.read_out("bai-viet/bai-thu/ghi-chu.md"), "# Ghi chú\n");
    // A file that is not in the bundle is still a broken link.
    let bad = TestSite::new();
    bad.write(
        "content/2020/goi-x/index.md",
        &format!("{HEAD}summary: Gói.\n---\n\n[ghi chú](khong-co.md)\n"),
    );
    bad.write("content/2020/goi-x/ghi-chu.md", "# Ghi chú\n");
    both_fail_with(&bad, &["liên kết tới bài không tồn tại `khong-co.md`"]);
}
