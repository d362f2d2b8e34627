//! `guong check`: a clean site passes; broken links and anchors are found with their source.

mod common;

use common::bundled_site;
use std::path::Path;
use std::process::{Command, Output};

fn check(root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .output()
        .unwrap()
}

const ARTICLE: &str = "---
title: \"Ông Lê Văn Kiểm tra\"
date: 2026-03-02
unit: huyen-doan
field: y-duc
kind: ca-nhan
summary: Thử liên kết.
---

Đoạn mở đầu.

## Mục có thật

Xem [mục này](#muc-co-that) và [bài gốc](/bai-viet/khong-co-bai-nay/).

Xem thêm [mục thiếu](#muc-khong-co).
";

#[test]
fn bundled_site_is_clean() {
    let site = bundled_site();
    let out = check(site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Không có lỗi"), "{stderr}");
    assert!(!site.path().join("output").exists(), "check writes nothing");
}

#[test]
fn finds_broken_links_and_anchors_with_their_source() {
    let site = bundled_site();
    std::fs::write(site.path().join("content/2026/kiem-tra.md"), ARTICLE).unwrap();
    let out = check(site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let file = site.path().join("content/2026/kiem-tra.md");
    let file = file.display();
    assert!(
        stderr.contains(&format!("{file}:14:"))
            && stderr.contains("/guong-dien-hinh/bai-viet/khong-co-bai-nay/"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:16:")) && stderr.contains("#muc-khong-co"),
        "{stderr}"
    );
    assert!(!stderr.contains("#muc-co-that`"), "{stderr}");
    assert!(!site.path().join("output").exists(), "check writes nothing");
}

#[test]
fn finds_broken_links_in_templates() {
    let site = bundled_site();
    let dir = site.path().join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    let tags = std::fs::read_to_string(site.path().join("themes/default/templates/tags.html"))
        .unwrap()
        .replace(
            "{% block content %}",
            "{% block content %}<a href=\"{{ url(path='khong-co-trang/') }}\">x</a>",
        );
    std::fs::write(dir.join("tags.html"), tags).unwrap();
    let out = check(site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("templates/tags.html:"), "{stderr}");
    assert!(stderr.contains("khong-co-trang/"), "{stderr}");
}

#[test]
fn a_minimal_site_without_static_files_is_clean() {
    let s = common::TestSite::new();
    s.article(
        "2020/a.md",
        "Bài một",
        "2020-01-01",
        "tags: [Biển đảo]\n",
        "Xem [bài hai](b.md).",
    );
    s.article(
        "2020/b.md",
        "Bài hai",
        "2020-01-02",
        "",
        "## Mục\n\nNội dung.",
    );
    let o = s.run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
}

/// The number before `what` in a summary line.
fn count_before(line: &str, what: &str) -> usize {
    let i = line
        .find(what)
        .unwrap_or_else(|| panic!("`{what}` not in {line}"));
    line[..i]
        .split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number before `{what}` in {line}"))
}

#[test]
fn check_says_it_skipped_drafts_and_agrees_with_build_on_pages() {
    let s = common::TestSite::new();
    s.article("2020/a.md", "Bài một", "2020-01-01", "", "Nội dung.");
    s.article(
        "2020/b.md",
        "Bài hai",
        "2020-02-01",
        "draft: true\n",
        "Nháp.",
    );
    s.article(
        "2020/c.md",
        "Bài ba",
        "2020-03-01",
        "draft: true\n",
        "Nháp.",
    );
    let o = s.run(&["check"]);
    let check = common::stderr(&o);
    assert!(o.status.success(), "{check}");
    assert!(check.contains("Đã bỏ qua 2 bản nháp"), "{check}");
    assert!(check.contains("--drafts"), "{check}");
    assert_eq!(count_before(&check, "bài viết"), 1, "{check}");

    let o = s.run(&["check", "--drafts"]);
    let with_drafts = common::stderr(&o);
    assert!(o.status.success(), "{with_drafts}");
    assert!(!with_drafts.contains("bỏ qua"), "{with_drafts}");
    assert_eq!(count_before(&with_drafts, "bài viết"), 3, "{with_drafts}");

    let build = common::stderr(&s.build_ok(&[]));
    assert_eq!(
        count_before(&build, "trang HTML"),
        count_before(&check, "trang HTML"),
        "build:\n{build}\ncheck:\n{check}"
    );
    assert!(build.contains("đã sao chép"), "{build}");
    let built_html = common::files(&s.out())
        .iter()
        .filter(|f| f.ends_with(".html"))
        .count();
    assert_eq!(count_before(&build, "trang HTML"), built_html, "{build}");
}
