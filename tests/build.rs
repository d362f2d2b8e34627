//! `guong build` on real sites in temporary folders: pages, URLs, feeds, determinism,
//! atomic replacement.

mod common;

use common::{TestSite, files, stderr};
use std::path::Path;
use std::process::Command;

fn five_articles() -> TestSite {
    let s = TestSite::new();
    for (i, day) in ["01", "02", "03", "04", "05"].iter().enumerate() {
        s.article(
            &format!("2020/bai-{i}.md"),
            &format!("Bài số {i}"),
            &format!("2020-09-{day}"),
            "tags: [Biển đảo]\n",
            "Nội dung.",
        );
    }
    s
}

#[test]
fn bundled_site_builds_every_page_kind() {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_guong"))
        .args(["--root", env!("CARGO_MANIFEST_DIR"), "build", "--output"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let all = files(out.path());
    for f in [
        "index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "luu-tru/index.html",
        "don-vi/index.html",
        "the/index.html",
        "tim-kiem/index.html",
        "css/syntax.css",
        "css/style.css",
        "images/logo.svg",
        "tin-tuc/guong-dien-hinh/ong-tran-van-hai.aspx",
    ] {
        assert!(all.iter().any(|x| x == f), "missing {f}");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    for id in [
        "san-xuat-gioi",
        "nguoi-tot-viec-tot",
        "day-tot-hoc-tot",
        "y-duc",
        "xay-dung-dang",
        "hoc-tap-lam-theo-bac",
    ] {
        assert!(yaml.contains(id));
        assert!(
            out.path()
                .join(format!("chuyen-muc/{id}/index.html"))
                .exists(),
            "{id}"
        );
        assert!(
            out.path()
                .join(format!("chuyen-muc/{id}/atom.xml"))
                .exists(),
            "{id} feed"
        );
    }
    let articles = all
        .iter()
        .filter(|f| f.starts_with("bai-viet/") && f.ends_with("/index.html"))
        .count();
    assert!(articles >= 24, "{articles} articles");
    assert!(
        all.iter()
            .any(|f| f.starts_with("bai-viet/") && f.ends_with(".png")),
        "bundle image copied"
    );
    assert!(all.iter().any(|f| f.starts_with("luu-tru/2025/quy-")));
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(home.contains("<html lang=\"vi\""));
    assert!(home.contains("/guong-dien-hinh/chuyen-muc/y-duc/"));
}

#[test]
fn pretty_urls_pagination_and_prefix() {
    let s = five_articles();
    s.build_ok(&[]);
    let col = s.read_out("chuyen-muc/san-xuat-gioi/index.html");
    assert!(
        col.contains("href=\"/guong-dien-hinh/chuyen-muc/san-xuat-gioi/trang/2/\""),
        "{col}"
    );
    assert!(
        s.out()
            .join("chuyen-muc/san-xuat-gioi/trang/3/index.html")
            .exists()
    );
    assert!(!s.out().join("chuyen-muc/san-xuat-gioi/trang/1").exists());
    assert!(!s.out().join("chuyen-muc/san-xuat-gioi/trang/4").exists());
    // Empty column still has its page; quarters and tags have theirs.
    assert!(
        s.out()
            .join("chuyen-muc/nguoi-tot-viec-tot/index.html")
            .exists()
    );
    assert!(
        s.out()
            .join("luu-tru/2020/quy-3/trang/2/index.html")
            .exists()
    );
    assert!(s.out().join("luu-tru/2020/index.html").exists());
    assert!(s.out().join("the/bien-dao/trang/3/index.html").exists());
    assert!(s.out().join("don-vi/don-bien-phong/index.html").exists());
    assert!(
        s.out().join("don-vi/cong-an/index.html").exists(),
        "a unit with no article still has a page"
    );
    // Newest first on page 1.
    let p1 = s.read_out("luu-tru/2020/quy-3/index.html");
    assert!(p1.find("Bài số 4").unwrap() < p1.find("Bài số 3").unwrap());
    assert!(!p1.contains("Bài số 0"));
    // Links under the base path prefix, also on the 404 page.
    let nf = s.read_out("404.html");
    assert!(nf.contains("href=\"/guong-dien-hinh/\""), "{nf}");
    assert!(
        !nf.contains("href=\"../"),
        "404 must not use relative links"
    );
}

#[test]
fn base_url_override_changes_links() {
    let s = five_articles();
    s.build_ok(&["--base-url", "http://127.0.0.1:8080/a/b/"]);
    let home = s.read_out("index.html");
    assert!(home.contains("href=\"/a/b/bai-viet/bai-so-4/\""), "{home}");
    assert!(
        s.read_out("sitemap.xml")
            .contains("<loc>http://127.0.0.1:8080/a/b/bai-viet/bai-so-4/</loc>")
    );
}

#[test]
fn vietnamese_dates_quarters_and_timezone() {
    let s = TestSite::new();
    s.article(
        "a.md",
        "Bà Nguyễn Thị Lan – 20 năm gắn bó",
        "2020-09-28",
        "",
        "x",
    );
    s.article("b.md", "Giờ quốc tế", "2020-09-30T20:00:00Z", "", "x");
    s.build_ok(&[]);
    let a = s.read_out("bai-viet/ba-nguyen-thi-lan-20-nam-gan-bo/index.html");
    assert!(a.contains("Thứ Hai, 28/09/2020"), "{a}");
    assert!(a.contains("Quý III/2020"));
    let b = s.read_out("bai-viet/gio-quoc-te/index.html");
    assert!(
        b.contains("Thứ Năm, 01/10/2020"),
        "shown in the site's timezone"
    );
    assert!(
        b.contains("Quý IV/2020"),
        "quarter computed in the site's timezone"
    );
    assert!(s.out().join("luu-tru/2020/quy-4/index.html").exists());
}

#[test]
fn explicit_quarter_wins() {
    let s = TestSite::new();
    s.article(
        "a.md",
        "Bài quý ba",
        "2020-10-02",
        "quarter: 2020-Q3\n",
        "x",
    );
    s.build_ok(&[]);
    assert!(
        s.read_out("luu-tru/2020/quy-3/index.html")
            .contains("Bài quý ba")
    );
    assert!(!s.out().join("luu-tru/2020/quy-4").exists());
}

#[test]
fn units_and_tags_sort_in_vietnamese_order() {
    let s = TestSite::new();
    s.article(
        "a.md",
        "A",
        "2020-01-01",
        "tags: [Đường làng, Du lịch, Ấm no, Yên bình]\n",
        "x",
    );
    s.build_ok(&[]);
    let units = s.read_out("don-vi/index.html");
    let pos = |name: &str| units.find(name).unwrap_or_else(|| panic!("{name}"));
    assert!(pos("Ban Chỉ huy") < pos("Công an huyện"));
    assert!(pos("Công an huyện") < pos("Đồn Biên phòng"));
    let tags = s.read_out("the/index.html");
    let t = |name: &str| tags.find(name).unwrap_or_else(|| panic!("{name}"));
    assert!(t("Ấm no") < t("Du lịch"));
    assert!(t("Du lịch") < t("Đường làng"));
    assert!(t("Đường làng") < t("Yên bình"));
}

#[test]
fn feeds_sitemap_robots() {
    let s = five_articles();
    s.article(
        "2020/cu.md",
        "Cập nhật",
        "2020-08-01",
        "updated: 2020-10-10\n",
        "x",
    );
    s.build_ok(&[]);
    let feed = s.read_out("atom.xml");
    assert!(
        feed.contains("<updated>2020-10-10T00:00:00+07:00</updated>"),
        "feed updated = newest entry date"
    );
    assert!(feed.contains("https://example.gov.vn/guong-dien-hinh/bai-viet/bai-so-4/"));
    let col = s.read_out("chuyen-muc/san-xuat-gioi/atom.xml");
    assert!(col.contains("<feed"));
    let sitemap = s.read_out("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.gov.vn/guong-dien-hinh/</loc>"));
    assert!(!sitemap.contains("404.html"));
    assert!(
        s.read_out("robots.txt")
            .contains("Sitemap: https://example.gov.vn/guong-dien-hinh/sitemap.xml")
    );
}

#[test]
fn output_is_deterministic() {
    let s = five_articles();
    s.build_ok(&[]);
    let first: Vec<(String, Vec<u8>)> = files(&s.out())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(s.out().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    s.build_ok(&[]);
    let second: Vec<(String, Vec<u8>)> = files(&s.out())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(s.out().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert_eq!(first, second);
}

#[test]
fn failed_build_leaves_output_untouched_and_stale_pages_go() {
    let s = five_articles();
    s.build_ok(&[]);
    let before = s.read_out("index.html");
    s.write("content/2020/hong.md", "---\ntitle: x\n---\n");
    let o = s.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(s.read_out("index.html"), before);
    // No work folder is left beside the output: the real one is `.output.guong-prev`.
    let mut siblings: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    siblings.sort();
    assert_eq!(siblings, ["content", "output", "site.yaml"]);
    std::fs::remove_file(s.path().join("content/2020/hong.md")).unwrap();
    std::fs::remove_file(s.path().join("content/2020/bai-0.md")).unwrap();
    s.build_ok(&[]);
    assert!(
        !s.out().join("bai-viet/bai-so-0").exists(),
        "stale page removed"
    );
    assert!(s.out().join("bai-viet/bai-so-1/index.html").exists());
}

#[test]
fn relative_output_is_resolved_from_the_current_folder() {
    let s = five_articles();
    let cwd = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_guong"))
        .current_dir(cwd.path())
        .arg("--root")
        .arg(s.path())
        .args(["build", "--output", "ra/site"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(cwd.path().join("ra/site/index.html").exists());
    assert!(!s.out().exists());
}

#[cfg(unix)]
#[test]
fn output_files_are_world_readable() {
    use std::os::unix::fs::PermissionsExt;
    let s = five_articles();
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 077; exec '{}' --root '{}' build",
            env!("CARGO_BIN_EXE_guong"),
            s.path().display()
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["index.html", "css/style.css"] {
        let mode = std::fs::metadata(s.out().join(f))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "{f}: {mode:o}");
    }
    let dir = std::fs::metadata(s.out().join("bai-viet"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir & 0o055, 0o055, "{dir:o}");
    let top = std::fs::metadata(s.out()).unwrap().permissions().mode();
    assert_eq!(top & 0o055, 0o055, "{top:o}");
}

#[test]
fn drafts_only_with_flag() {
    let s = TestSite::new();
    s.article("a.md", "Bài nháp", "2020-01-01", "draft: true\n", "x");
    s.article("b.md", "Bài đăng", "2020-01-02", "", "x");
    s.build_ok(&[]);
    assert!(!s.out().join("bai-viet/bai-nhap").exists());
    assert!(!s.read_out("index.html").contains("Bài nháp"));
    s.build_ok(&["--drafts"]);
    assert!(s.out().join("bai-viet/bai-nhap/index.html").exists());
}

#[test]
fn nfd_bom_and_crlf_give_the_same_page() {
    use unicode_normalization::UnicodeNormalization;
    let s = TestSite::new();
    let title = "Gương điển hình Đường làng";
    let nfd: String = format!(
        "\u{feff}---\r\ntitle: \"{title}\"\r\ndate: 2020-01-01\r\nunit: don-bien-phong\r\nfield: san-xuat-gioi\r\nkind: ca-nhan\r\nsummary: Tóm tắt thành tích.\r\n---\r\n\r\nNội dung tiếng Việt.\r\n"
    )
    .nfd()
    .collect();
    s.write("content/a.md", &nfd);
    s.build_ok(&[]);
    let page = s.read_out("bai-viet/guong-dien-hinh-duong-lang/index.html");
    assert!(page.contains(title), "NFC title in page");
    assert!(page.contains("Tóm tắt thành tích."));
    assert!(!page.contains('\u{feff}'));
}

#[test]
fn markdown_features_and_links() {
    let s = TestSite::new();
    s.article(
        "2020/dich.md",
        "Bài đích",
        "2020-01-01",
        "",
        "## Thành tích nổi bật\n\nx",
    );
    s.article(
        "2021/nguon.md",
        "Bài nguồn",
        "2021-01-01",
        "",
        "## Hoàn cảnh gia đình\n\n## Hoàn cảnh gia đình\n\n[tương đối](../2020/dich.md#thanh-tich-noi-bat) [gốc](@/2020/dich.md) [tuyệt đối](/the/) [ngoài](https://example.com/)\n\n| Năm | Tấn |\n|---|--:|\n| 2020 | 5 |\n\n~~cũ~~ và chú thích[^1]\n\n- [x] xong\n\n[^1]: Nguồn: UBND.\n\n```rust\nfn main() {}\n```\n",
    );
    s.build_ok(&[]);
    let p = s.read_out("bai-viet/bai-nguon/index.html");
    assert!(
        p.contains("href=\"/guong-dien-hinh/bai-viet/bai-dich/#thanh-tich-noi-bat\""),
        "{p}"
    );
    assert!(p.contains("href=\"/guong-dien-hinh/bai-viet/bai-dich/\""));
    assert!(p.contains("href=\"/guong-dien-hinh/the/\""));
    assert!(p.contains("href=\"https://example.com/\""));
    assert!(p.contains("id=\"hoan-canh-gia-dinh\""));
    assert!(p.contains("id=\"hoan-canh-gia-dinh-1\""));
    assert!(p.contains("<table>"));
    assert!(p.contains("<del>cũ</del>"));
    assert!(p.contains("footnote"));
    assert!(p.contains("type=\"checkbox\""));
    assert!(p.contains("class=\"hl-"), "highlighted code");
    assert!(
        s.read_out("bai-viet/bai-dich/index.html")
            .contains("id=\"thanh-tich-noi-bat\"")
    );
    assert!(s.read_out("css/syntax.css").contains(".hl-"));
}

#[test]
fn raw_html_and_dangerous_links_are_sanitized() {
    let s = TestSite::new();
    s.article(
        "a.md",
        "An toàn",
        "2020-01-01",
        "",
        "<script>alert(1)</script>\n\n<p onclick=\"alert(2)\">đoạn</p>\n\n<a href=\"javascript:alert(3)\">x</a>\n\n[md](javascript:alert(4)) [md2](JaVaScRiPt:alert(5)) [vb](vbscript:msgbox)\n\n<img src=/x.txt onerror=alert(6)>\n",
    );
    // The image exists: `build` checks links as `check` does, and this test is about scripts.
    s.write("static/x.txt", "x");
    s.build_ok(&[]);
    let p = s.read_out("bai-viet/an-toan/index.html");
    let body = &p[p.find("<main").unwrap_or(0)..];
    for bad in [
        "alert(1)",
        "onclick",
        "javascript:",
        "JaVaScRiPt",
        "vbscript",
        "onerror",
    ] {
        assert!(!body.contains(bad), "{bad} leaked:\n{body}");
    }
    assert!(body.contains("đoạn"));
}

#[test]
fn front_matter_is_escaped() {
    let s = TestSite::new();
    s.article(
        "a.md",
        "Tiêu đề <script>alert(1)</script> & \\\"trích\\\"",
        "2020-01-01",
        "slug: tieu-de\nexemplar: \"<b>x</b>\"\n",
        "x",
    );
    s.build_ok(&[]);
    for f in [
        "bai-viet/tieu-de/index.html",
        "index.html",
        "atom.xml",
        "chuyen-muc/san-xuat-gioi/index.html",
    ] {
        let p = s.read_out(f);
        assert!(!p.contains("<script>alert(1)"), "{f}");
        assert!(!p.contains("<b>x</b>"), "{f}");
    }
}

#[test]
fn aliases_bundles_and_static() {
    let s = TestSite::new();
    s.write(
        "content/2020/goi/index.md",
        "---\ntitle: Bài gói\ndate: 2020-01-01\nunit: cong-an\nfield: nguoi-tot-viec-tot\nkind: tap-the\nsummary: x\nimage: anh.png\naliases: [\"/tin-tuc/cu.aspx\", \"tin-tuc/cu-2/\"]\n---\n\n![ảnh](anh.png)\n",
    );
    s.write_bytes("content/2020/goi/anh.png", &common::tiny_png());
    s.write("content/2020/goi/phu/ghi-chu.md", "không phải bài viết");
    s.write("static/images/logo.svg", "<svg/>");
    s.write("static/css/style.css", "/* site wins */");
    s.build_ok(&[]);
    assert!(s.out().join("bai-viet/bai-goi/anh.png").exists());
    assert!(s.out().join("bai-viet/bai-goi/phu/ghi-chu.md").exists());
    assert!(!s.out().join("bai-viet/ghi-chu").exists());
    assert_eq!(s.read_out("css/style.css"), "/* site wins */");
    assert!(s.out().join("images/logo.svg").exists());
    let alias = s.read_out("tin-tuc/cu.aspx");
    assert!(alias.contains("/guong-dien-hinh/bai-viet/bai-goi/"));
    assert!(s.out().join("tin-tuc/cu-2/index.html").exists());
    let page = s.read_out("bai-viet/bai-goi/index.html");
    assert!(
        page.contains("/guong-dien-hinh/bai-viet/bai-goi/anh.png"),
        "cover image URL"
    );
}

#[test]
fn site_templates_override_the_theme() {
    let s = five_articles();
    s.write("templates/404.html", "<!DOCTYPE html><html lang=\"vi\"><title>x</title><p>Trang riêng {{ site.title }}</p></html>");
    s.build_ok(&[]);
    assert!(
        s.read_out("404.html")
            .contains("Trang riêng Gương điển hình tiên tiến")
    );
}

#[test]
fn site_theme_folder_overrides_the_embedded_theme_file_by_file() {
    let s = five_articles();
    s.write(
        "themes/default/templates/404.html",
        "<!DOCTYPE html><html lang=\"vi\"><title>x</title><p>Giao diện của trang</p></html>",
    );
    s.write("themes/default/static/css/them.css", "/* thêm */");
    s.build_ok(&[]);
    assert!(s.read_out("404.html").contains("Giao diện của trang"));
    assert!(s.out().join("css/them.css").exists());
    assert!(
        s.out().join("css/style.css").exists(),
        "embedded static files still come"
    );
    assert!(
        s.read_out("index.html").contains("Bài số 4"),
        "embedded templates still render"
    );
}

#[test]
fn a_missing_theme_is_an_error() {
    let s = five_articles();
    s.write(
        "site.yaml",
        &common::SITE_YAML.replace("theme: default", "theme: khong-co"),
    );
    let o = s.run(&["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("khong-co"));
}

#[test]
fn cover_image_beside_a_plain_article_travels_with_it() {
    let s = TestSite::new();
    s.article(
        "2020/a.md",
        "Bài có ảnh",
        "2020-01-01",
        "image: anh-bia.png\nimage_alt: Ảnh bìa\n",
        "x",
    );
    s.write_bytes("content/2020/anh-bia.png", &common::tiny_png());
    s.build_ok(&[]);
    assert!(s.out().join("bai-viet/bai-co-anh/anh-bia.png").exists());
    let page = s.read_out("bai-viet/bai-co-anh/index.html");
    assert!(page.contains("/guong-dien-hinh/bai-viet/bai-co-anh/anh-bia.png"));
    assert!(page.contains("Ảnh bìa"));
}

#[test]
fn a_template_error_while_rendering_leaves_nothing_beside_the_site() {
    let s = five_articles();
    s.write("templates/404.html", "<p>{{ khong_co }}</p>");
    let before: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let o = s.run(&["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let after: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(before.len(), after.len(), "{after:?}");
}

#[test]
fn site_absolute_links_in_raw_html_get_the_prefix_once() {
    let s = TestSite::new();
    s.article(
        "a.md",
        "HTML thô",
        "2020-01-01",
        "",
        "<p><a href=\"/don-vi/\">Đơn vị</a></p>\n\n[Thẻ](/the/) và <em>nhấn</em>\n",
    );
    s.build_ok(&[]);
    let p = s.read_out("bai-viet/html-tho/index.html");
    assert!(p.contains("href=\"/guong-dien-hinh/don-vi/\""), "{p}");
    assert!(p.contains("href=\"/guong-dien-hinh/the/\""), "{p}");
    assert!(!p.contains("/guong-dien-hinh/guong-dien-hinh/"), "{p}");
}

#[test]
fn the_summary_counts_sanitized_svgs_and_gifs_as_copied_files_not_redirects() {
    let s = TestSite::new();
    s.article("2020/a.md", "Bài một", "2020-09-01", "", "Nội dung.");
    s.write(
        "static/hinh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"><rect width=\"4\" height=\"4\"/></svg>",
    );
    s.write(
        "static/so-do.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"2\"/></svg>",
    );
    let first = stderr(&s.build_ok(&[]));
    assert!(!first.contains("chuyển hướng"), "{first}");
    let copied = |summary: &str| -> usize {
        let (_, after) = summary.split_once("đã sao chép ").expect(summary);
        after.split(' ').next().unwrap().parse().unwrap()
    };
    s.article(
        "2020/b.md",
        "Bài hai",
        "2020-09-02",
        "aliases: [\"/tin-tuc/cu.aspx\"]\n",
        "Nội dung.",
    );
    let second = stderr(&s.build_ok(&[]));
    assert!(second.contains(" và 1 trang chuyển hướng"), "{second}");
    assert_eq!(copied(&first), copied(&second), "{first}\n{second}");
    assert!(copied(&first) >= 2, "{first}");
}

#[test]
fn every_date_shown_to_readers_has_its_weekday() {
    // SPEC §4: dates show as `Thứ Hai, 28/09/2020`, in list cards (home, column, unit, tag,
    // archive, related articles) as in article headers; `datetime` keeps the ISO date.
    let s = TestSite::new();
    for (i, day) in [
        "2020-09-28",
        "2020-09-27",
        "2020-09-26",
        "2020-09-25",
        "2020-09-24",
    ]
    .iter()
    .enumerate()
    {
        s.article(
            &format!("2020/bai-{i}.md"),
            &format!("Bài số {i}"),
            day,
            "tags: [thanh-nien]\n",
            "Nội dung.",
        );
    }
    s.build_ok(&[]);
    let mut pages_with_dates = Vec::new();
    for file in files(&s.out()).iter().filter(|f| f.ends_with(".html")) {
        let html = s.read_out(file);
        let mut shown = Vec::new();
        for (i, _) in html.match_indices("<time datetime=\"") {
            let rest = &html[i..];
            let text = &rest[rest.find('>').unwrap() + 1..rest.find("</time>").unwrap()];
            shown.push(text.to_string());
        }
        for text in &shown {
            let (weekday, date) = text.split_once(", ").unwrap_or(("", text));
            assert!(
                (weekday.starts_with("Thứ ") || weekday == "Chủ Nhật") && date.len() == 10,
                "{file}: {text}"
            );
        }
        if !shown.is_empty() {
            pages_with_dates.push(file.clone());
        }
    }
    assert!(
        s.read_out("index.html")
            .contains(">Thứ Hai, 28/09/2020</time>")
    );
    assert!(
        s.read_out("index.html")
            .contains(">Chủ Nhật, 27/09/2020</time>")
    );
    for page in [
        "index.html",
        "chuyen-muc/san-xuat-gioi/index.html",
        "don-vi/don-bien-phong/index.html",
        "the/thanh-nien/index.html",
        "luu-tru/2020/index.html",
    ] {
        assert!(
            pages_with_dates.iter().any(|p| p == page),
            "{page}: {pages_with_dates:?}"
        );
    }
    // Related articles on an article page are cards too.
    let article = pages_with_dates
        .iter()
        .find(|p| p.starts_with("bai-viet/"))
        .expect("an article page with dates");
    assert!(s.read_out(article).contains("class=\"related"), "{article}");
}

#[test]
fn feeds_always_have_an_author_and_a_real_updated_date() {
    // RFC 4287: a feed needs an author (in the feed or in every entry); with no `author:` in
    // site.yaml it is the site's title. A column with no articles is dated by the site's
    // newest article, not 1970.
    let s = TestSite::new();
    assert!(!common::SITE_YAML.contains("author:"));
    s.article("2020/a.md", "Bài một", "2020-09-01", "", "Nội dung.");
    s.article(
        "2020/b.md",
        "Bài hai",
        "2020-09-05T08:30:00+07:00",
        "",
        "Nội dung.",
    );
    s.build_ok(&[]);
    for feed in ["atom.xml", "chuyen-muc/san-xuat-gioi/atom.xml"] {
        let xml = s.read_out(feed);
        let head = xml.split("<entry>").next().unwrap();
        assert!(
            head.contains("<author><name>Gương điển hình tiên tiến</name></author>"),
            "{feed}: {head}"
        );
    }
    let empty = s.read_out("chuyen-muc/nguoi-tot-viec-tot/atom.xml");
    assert!(!empty.contains("<entry>"), "{empty}");
    assert!(!empty.contains("1970"), "{empty}");
    assert!(
        empty.contains("<updated>2020-09-05T08:30:00+07:00</updated>"),
        "{empty}"
    );
    assert!(empty.contains("<author><name>"), "{empty}");
    // An `author:` of site.yaml is used as it is.
    s.write(
        "site.yaml",
        &common::SITE_YAML.replace("language: vi\n", "language: vi\nauthor: Ban biên tập\n"),
    );
    s.build_ok(&[]);
    let xml = s.read_out("atom.xml");
    assert!(
        xml.contains("<author><name>Ban biên tập</name></author>"),
        "{xml}"
    );
}
