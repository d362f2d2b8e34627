//! SPEC §7 "No script reaches a page from the content": every vector we know (raw HTML,
//! heading attributes, link destinations, front matter, `markdown.allow_html`) tried on real
//! builds, checking every page, feed and search file; plus linear heading ids and depth.

mod common;

use common::{TestSite, files, stderr};
use guong::fuzzing::find_script_in_file;

/// Every output file: no script markup (pages, feed content), and no payload marker `XSS`
/// anywhere (only the dangerous parts of the vectors carry it).
fn assert_clean(s: &TestSite) {
    for f in files(&s.out()) {
        let Ok(text) = std::fs::read_to_string(s.out().join(&f)) else {
            continue;
        };
        if let Some(bad) = find_script_in_file(&f, &text) {
            panic!("{f}: {bad}");
        }
        if let Some(i) = text.find("XSS") {
            let from = text[..i].char_indices().rev().nth(80).map_or(0, |(j, _)| j);
            panic!(
                "{f}: payload leaked: …{}",
                &text[from..(i + 20).min(text.len())]
            );
        }
    }
}

fn article_page(s: &TestSite, slug: &str) -> String {
    s.read_out(&format!("bai-viet/{slug}/index.html"))
}

#[test]
fn heading_attributes_keep_only_safe_id_and_class() {
    let s = TestSite::new();
    s.article(
        "2020/a/index.md",
        "Tiêu đề",
        "2020-01-01",
        "",
        "## Hi {onmouseover=alert(XSS) style=position:fixed;inset:0}\n\n\
         ## Hai {#muc-hai .noi-bat onclick=XSS}\n\n\
         ### Ba {srcdoc=XSS formaction=XSS data-x=XSS title=XSS}\n\n\
         Bốn {#\"><img src=x onerror=XSS> .a\"b}\n----\n\n\
         ## Năm {.x onfocus=XSS autofocus tabindex=1}\n",
    );
    // A bundle with the image the payload hides in: `build` checks links as `check` does,
    // and this test is about scripts.
    s.write("content/2020/a/x", "x");
    s.build_ok(&[]);
    assert_clean(&s);
    let p = article_page(&s, "tieu-de");
    assert!(p.contains("<h2 id=\"hi\">Hi</h2>"), "{p}");
    assert!(
        p.contains("<h2 id=\"muc-hai\" class=\"noi-bat\">Hai</h2>"),
        "{p}"
    );
    assert!(p.contains("<h3 id=\"ba\">Ba</h3>"), "{p}");
    assert!(p.contains("<h2 id=\"nam\" class=\"x\">Năm</h2>"), "{p}");
    assert!(
        !p.contains("autofocus") && !p.contains("tabindex=\"1"),
        "{p}"
    );
    // The same rules hold when raw HTML sends the body through ammonia.
    s.article(
        "2020/a/index.md",
        "Tiêu đề",
        "2020-01-01",
        "",
        "<b>đậm</b>\n\n## Hi {onmouseover=alert(XSS) #muc .c}\n",
    );
    s.build_ok(&[]);
    assert_clean(&s);
    let p = article_page(&s, "tieu-de");
    assert!(p.contains("<h2 id=\"muc\" class=\"c\">Hi</h2>"), "{p}");
}

#[test]
fn raw_html_loses_every_script_vector() {
    let s = TestSite::new();
    let vectors = [
        "<script>XSS</script>",
        "<SCRIPT src=//x/XSS.js></SCRIPT>",
        "<p onclick=\"XSS()\">đoạn một</p>",
        "<img src=x onerror=XSS>",
        "<a href=\"java&#x09;script:XSS\">a1</a>",
        "<a href=\" JaVaScRiPt:XSS\">a2</a>",
        "<a href=\"&#106;avascript:XSS\">a3</a>",
        "<a href=\"javascript&colon;XSS\">a4</a>",
        "<a href=\"vbscript:XSS\">a5</a>",
        "<a href=\"data:text/html;base64,XSS\">a6</a>",
        "<iframe srcdoc=\"<script>XSS</script>\"></iframe>",
        "<form action=\"javascript:XSS\"><button formaction=\"javascript:XSS\">b</button></form>",
        "<svg><animate onbegin=XSS attributeName=href values=javascript:XSS /></svg>",
        "<math><a xlink:href=\"javascript:XSS\">m</a></math>",
        "<img src=\"a.png\" srcset=\"javascript:XSS 1x\">",
        "<img src=\"data:image/svg+xml;base64,XSS\">",
        "<blockquote cite=\"javascript:XSS\">trích</blockquote>",
        "<details open ontoggle=XSS><summary>s</summary></details>",
        "<style>body{background:url(javascript:XSS)}</style>",
        "<div style=\"background:url(javascript:XSS)\">d</div>",
        "<object data=\"javascript:XSS\"></object><embed src=\"javascript:XSS\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:XSS\">",
        "<base href=\"javascript:XSS//\">",
        "<!-- XSS --><p>sau chú thích</p>",
    ];
    // A bundle, with the files the vectors name beside it: `build` checks links as `check`
    // does, and this test is about scripts.
    s.article(
        "2020/a/index.md",
        "Tiêu đề",
        "2020-01-01",
        "",
        &vectors.join("\n\n"),
    );
    s.write("content/2020/a/x", "x");
    s.write_bytes("content/2020/a/a.png", &common::tiny_png());
    s.build_ok(&[]);
    assert_clean(&s);
    let p = article_page(&s, "tieu-de");
    assert!(p.contains("đoạn một") && p.contains("sau chú thích"), "{p}");
}

#[test]
fn link_destinations_with_script_urls_are_dropped() {
    let s = TestSite::new();
    s.article(
        "2020/a.md",
        "Tiêu đề",
        "2020-01-01",
        "",
        "[l1](javascript:alert(XSS)) [l2](java&#x09;script:XSS) [l3](<JaVaScRiPt:XSS>)\n\n\
         [l4](vbscript:XSS) [l5](data:text/html,XSS) [l6](data:image/png;base64,XSS)\n\n\
         <javascript:alert(1)> [l7][r] ![h1](javascript:XSS) ![h2](data:image/svg+xml,XSS)\n\n\
         [l8](java\u{0}script:alert(1)) [l9](https://example.com/x \"javascript:XSS\")\n\n\
         ![ảnh](data:image/png;base64,iVBORw0KGgo=) [ngoài](https://example.com/a?b=1&c=2)\n\n\
         [r]: &#x6A;avascript:XSS\n",
    );
    s.build_ok(&[]);
    assert_clean(&s);
    let p = article_page(&s, "tieu-de");
    for text in ["l1", "l5", "l7", "l8"] {
        assert!(p.contains(text), "link text {text} kept:\n{p}");
    }
    assert!(
        p.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"ảnh\""),
        "{p}"
    );
    assert!(
        p.contains("href=\"https://example.com/a?b=1&amp;c=2\""),
        "{p}"
    );
}

#[test]
fn front_matter_fields_stay_text() {
    let s = TestSite::new();
    let extra = "slug: tieu-de\n\
                 author: '\" onmouseover=\"alert(3)'\n\
                 exemplar: \"<svg onload=alert(4)>\"\n\
                 image_alt: '\" onerror=\"alert(5)'\n\
                 tags: [\"<b onmouseover=alert(6)>\", \"javascript:alert(7)\"]\n\
                 extra: {link: \"javascript:alert(8)\", html: \"<img src=x onerror=alert(9)>\"}\n";
    s.article(
        "2020/a.md",
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
        "2020-01-01",
        extra,
        "x",
    );
    s.build_ok(&[]);
    assert_clean(&s);
    let p = article_page(&s, "tieu-de");
    assert!(p.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{p}");
    assert!(!p.contains("<svg onload"), "{p}");
}

#[test]
fn allow_html_cannot_allow_script() {
    for (entry, line, col, what) in [
        ("    script: [src]\n", 3, 5, "`script`"),
        ("    style: [type]\n", 3, 5, "`style`"),
        ("    a: [href, onclick]\n", 3, 15, "`onclick`"),
        ("    iframe: [src, srcdoc, onload]\n", 3, 19, "`srcdoc`"),
        ("    button: [formaction]\n", 3, 14, "`formaction`"),
    ] {
        let s = TestSite::new();
        let yaml = common::SITE_YAML.to_string();
        let lines = yaml.lines().count();
        s.write(
            "site.yaml",
            &format!("{yaml}markdown:\n  allow_html:\n{entry}"),
        );
        s.article("2020/a.md", "A", "2020-01-01", "", "x");
        let out = s.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{entry}: {err}");
        let at = format!("site.yaml:{}:{col}:", lines + line);
        assert!(
            err.contains(&at) && err.contains(what),
            "{entry}: {at}\n{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn allowed_tags_still_lose_script() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        &format!(
            "{}markdown:\n  allow_html:\n    iframe: [src, width]\n    abbr: [title]\n",
            common::SITE_YAML
        ),
    );
    s.article(
        "2020/a.md",
        "Tiêu đề",
        "2020-01-01",
        "",
        "<iframe src=\"https://www.youtube.com/embed/abc\" width=\"560\"></iframe>\n\n\
         <iframe src=\"javascript:XSS\" onload=\"XSS\"></iframe>\n\n\
         <abbr title=\"Ủy ban nhân dân\" onmouseover=\"XSS\">UBND</abbr>\n",
    );
    s.build_ok(&[]);
    assert_clean(&s);
    let p = article_page(&s, "tieu-de");
    assert!(
        p.contains("<iframe src=\"https://www.youtube.com/embed/abc\" width=\"560\">"),
        "{p}"
    );
    assert!(
        p.contains("<abbr title=\"Ủy ban nhân dân\">UBND</abbr>"),
        "{p}"
    );
}

#[test]
fn many_equal_headings_get_unique_ids_in_order() {
    let s = TestSite::new();
    let mut body = String::from("## A {#a-2}\n\n");
    for _ in 0..4 {
        body.push_str("## A\n\n");
    }
    s.article("2020/a.md", "Tiêu đề", "2020-01-01", "", &body);
    s.build_ok(&[]);
    let p = article_page(&s, "tieu-de");
    let ids: Vec<&str> = p
        .split("<h2 id=\"")
        .skip(1)
        .map(|x| x.split('"').next().unwrap())
        .collect();
    assert_eq!(ids, ["a-2", "a", "a-1", "a-3", "a-4"], "{p}");
}

#[test]
fn absurd_html_nesting_is_an_error_at_the_article() {
    let s = TestSite::new();
    let body = format!("Mở đầu.\n\n{}", "<div>".repeat(5000));
    s.article("2020/a.md", "Tiêu đề", "2020-01-01", "", &body);
    let out = s.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/2020/a.md:12:1"), "{err}");
    assert!(err.contains("lồng nhau quá sâu"), "{err}");
    // Deep Markdown nesting alone needs no ammonia and builds.
    s.article(
        "2020/a.md",
        "Tiêu đề",
        "2020-01-01",
        "",
        &format!("{}sâu", "> ".repeat(2000)),
    );
    s.build_ok(&[]);
    // Reasonable raw HTML nesting builds.
    let nested = format!("{}x{}", "<div>".repeat(50), "</div>".repeat(50));
    s.article("2020/a.md", "Tiêu đề", "2020-01-01", "", &nested);
    s.build_ok(&[]);
}

#[test]
fn published_svgs_carry_no_javascript_in_their_style_sheets() {
    // SPEC §7: `javascript:` URLs never appear in any output, SVG style sheets included.
    let s = common::TestSite::new();
    s.article("2020/a.md", "Bài một", "2020-09-01", "", "Nội dung.");
    s.write(
        "static/evil.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@import url(javascript:alert(6));</style><style><![CDATA[.a{fill:red}]]></style><rect class=\"a\" style=\"background:url(javascript:alert(7))\"/></svg>",
    );
    s.build_ok(&[]);
    let svg = s.read_out("evil.svg");
    assert!(!svg.to_lowercase().contains("javascript"), "{svg}");
    assert!(svg.contains("<![CDATA[.a{fill:red}]]>"), "{svg}");
    assert!(svg.contains("<rect class=\"a\""), "{svg}");
}
