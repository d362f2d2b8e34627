//! SPEC §7, the sources, on real sites in temporary folders: symlinks and `_`/`.` names that
//! must never be published (by `build`, `check` or `serve`), control characters in `base_url`,
//! over-long names and unreadable folders, each an error that names its source.

mod common;

use common::safety::{code, run_unprivileged, site, tree};
use common::stderr;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;

#[test]
fn files_outside_the_site_are_never_published() {
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("passwd");
    std::fs::write(&secret, "root:x:0:0:BÍ-MẬT").unwrap();
    let has_secret = |dir: &Path| {
        tree(dir)
            .values()
            .any(|v| String::from_utf8_lossy(v).contains("BÍ-MẬT"))
    };
    // Walked: skipped with a warning; inside the root: followed.
    let s = site();
    s.article("2020/c/index.md", "Bài ba", "2020-09-03", "", "x");
    symlink(&secret, s.path().join("content/2020/c/passwd.png")).unwrap();
    symlink(secret_dir.path(), s.path().join("content/2020/c/thu-muc")).unwrap();
    s.write("static/logo.txt", "logo");
    symlink(&secret, s.path().join("static/passwd.txt")).unwrap();
    symlink(secret_dir.path(), s.path().join("static/ngoai")).unwrap();
    symlink(
        s.path().join("static/logo.txt"),
        s.path().join("static/logo2.txt"),
    )
    .unwrap();
    s.write("static/_rieng/memo.txt", "memo");
    s.write("themes/default/static/_nhap/ghi-chu.txt", "nháp");
    s.write("themes/default/static/css/_rieng.css", "nháp");
    let o = s.build_ok(&[]);
    assert!(stderr(&o).contains("passwd.png"), "{}", stderr(&o));
    assert!(stderr(&o).contains("static/passwd.txt"), "{}", stderr(&o));
    assert!(!has_secret(&s.out()));
    assert_eq!(std::fs::read(s.out().join("logo2.txt")).unwrap(), b"logo");
    assert!(!s.out().join("_rieng").exists());
    assert!(!s.out().join("_nhap").exists());
    assert!(!s.out().join("css/_rieng.css").exists());
    assert!(s.out().join("css").exists());
    assert!(!s.out().join("ngoai").exists());
    // Named: an error at the article's position, in build as in check.
    let cases = [
        ("image: passwd.png\n", "", "content/2020/c/index.md:8:8"),
        ("image: /passwd.txt\n", "", "content/2020/c/index.md:8:8"),
        (
            "image: _rieng/memo.txt\n",
            "",
            "content/2020/c/index.md:8:8",
        ),
        (
            "image: /_rieng/memo.txt\n",
            "",
            "content/2020/c/index.md:8:8",
        ),
        ("image: thu-muc/passwd\n", "", "content/2020/c/index.md:8:8"),
        ("", "Ảnh: ![x](passwd.png)", "content/2020/c/index.md:10:"),
        ("", "[tệp](/passwd.txt)", "content/2020/c/index.md:10:"),
        ("", "[tệp](.an/x.txt)", "content/2020/c/index.md:10:"),
    ];
    for (extra, body, at) in cases {
        s.article("2020/c/index.md", "Bài ba", "2020-09-03", extra, body);
        for cmd in ["build", "check"] {
            let o = s.run(&[cmd]);
            assert_eq!(code(&o), Some(1), "{extra}{body} ({cmd}): {}", stderr(&o));
            assert!(
                stderr(&o).contains(at),
                "{extra}{body}: want {at} in {}",
                stderr(&o)
            );
        }
        assert!(!has_secret(&s.out()));
    }
    // A plain article's sibling image behind a symlink.
    symlink(&secret, s.path().join("content/2020/bia.png")).unwrap();
    s.article("2020/c/index.md", "Bài ba", "2020-09-03", "", "x");
    s.article(
        "2020/a.md",
        "Bài một",
        "2020-09-01",
        "image: bia.png\n",
        "x",
    );
    let o = s.run(&["build"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/2020/a.md:8:8"),
        "{}",
        stderr(&o)
    );
    assert!(!has_secret(&s.out()));
}

#[test]
fn base_url_rejects_control_characters() {
    let s = site();
    let o = s.run(&["build", "--base-url", "https://a.b/x\nDisallow:/\n"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    let o = s.run(&["build", "--base-url", "https://a.b/x\ty/"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(!s.out().exists());
    for bad in [
        "https://a.b/x\\tDisallow",
        "https://a.b/x\\r\\nX: y",
        "https://a\\u0000.b/",
    ] {
        let yaml = common::SITE_YAML.replace(
            "base_url: https://example.gov.vn/guong-dien-hinh/",
            &format!("base_url: \"{bad}\""),
        );
        s.write("site.yaml", &yaml);
        let o = s.run(&["build"]);
        assert_eq!(code(&o), Some(1), "{bad}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("site.yaml:3:11"),
            "{bad}: {}",
            stderr(&o)
        );
        assert!(!s.out().exists());
    }
}

#[test]
fn over_long_aliases_and_slugs_fail_at_the_article() {
    let s = site();
    let long = "a".repeat(5000);
    s.article(
        "2020/a.md",
        "Bài một",
        "2020-09-01",
        &format!("aliases: [/{long}.html]\n"),
        "",
    );
    let o = s.run(&["build"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/2020/a.md:8:"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("output/"), "{}", stderr(&o));
    let wide = format!("/tin-tuc/{}.html", "é".repeat(130));
    s.article(
        "2020/a.md",
        "Bài một",
        "2020-09-01",
        &format!("aliases: [{wide}]\n"),
        "",
    );
    let o = s.run(&["build"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/2020/a.md:8:"),
        "{}",
        stderr(&o)
    );
    let many = format!("/{}/x.html", vec!["abcdefghij"; 120].join("/"));
    s.article(
        "2020/a.md",
        "Bài một",
        "2020-09-01",
        &format!("aliases: [{many}]\n"),
        "",
    );
    let o = s.run(&["build"]);
    assert!(
        stderr(&o).contains("content/2020/a.md:8:"),
        "{}",
        stderr(&o)
    );
    s.article(
        "2020/a.md",
        "Bài một",
        "2020-09-01",
        &format!("slug: {}\n", "b".repeat(300)),
        "",
    );
    let o = s.run(&["build"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/2020/a.md:8:7"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_sources_are_named_errors() {
    for (folder, shown) in [
        ("content/2020", "content/2020"),
        ("static/anh", "static/anh"),
        ("content/2020/a.md", "content/2020/a.md"),
        ("static/anh/x.png", "static/anh/x.png"),
    ] {
        let s = site();
        s.write("static/anh/x.png", "x");
        std::fs::set_permissions(
            s.path().join(folder),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
        let o = run_unprivileged(&s, &["build"]);
        std::fs::set_permissions(
            s.path().join(folder),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
        assert_eq!(code(&o), Some(1), "{folder}: {}", stderr(&o));
        assert!(stderr(&o).contains(shown), "{folder}: {}", stderr(&o));
        assert!(!s.out().exists());
    }
}

/// One HTTP GET to `serve`: status and body, or `None` while it is not answering yet.
fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text))
}

#[test]
fn serve_does_not_serve_files_from_outside_the_site() {
    let secret_dir = tempfile::tempdir().unwrap();
    std::fs::write(secret_dir.path().join("passwd"), "BÍ-MẬT").unwrap();
    let s = site();
    s.article("2020/c/index.md", "Bài ba", "2020-09-03", "", "x");
    s.write("content/2020/c/that.txt", "ảnh");
    s.write("static/_rieng/memo.txt", "memo");
    symlink(
        secret_dir.path().join("passwd"),
        s.path().join("content/2020/c/passwd.png"),
    )
    .unwrap();
    symlink(
        secret_dir.path().join("passwd"),
        s.path().join("static/passwd.txt"),
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _server = Kill(
        Command::new(env!("CARGO_BIN_EXE_guong"))
            .arg("--root")
            .arg(s.path())
            .args(["serve", "--port", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let ok = loop {
        match http_get(port, "/bai-viet/bai-ba/that.txt") {
            Some((200, _)) => break true,
            _ if std::time::Instant::now() > deadline => break false,
            _ => std::thread::sleep(std::time::Duration::from_millis(100)),
        }
    };
    assert!(ok, "serve did not answer");
    for path in [
        "/bai-viet/bai-ba/passwd.png",
        "/passwd.txt",
        "/_rieng/memo.txt",
    ] {
        let (status, text) = http_get(port, path).unwrap();
        assert_eq!(status, 404, "{path}");
        assert!(!text.contains("BÍ-MẬT") && !text.contains("memo"), "{path}");
    }
}

#[test]
fn new_refuses_an_over_long_slug_by_name() {
    let s = site();
    let slug = "c".repeat(253);
    let o = s.run(&[
        "new",
        "Bài mới",
        "--unit",
        "cong-an",
        "--field",
        "san-xuat-gioi",
        "--slug",
        &slug,
    ]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--slug"), "{}", stderr(&o));
}

#[test]
fn broken_links_with_encoded_characters_are_reported_at_the_article() {
    let s = site();
    s.article(
        "2020/a.md",
        "Bài một",
        "2020-09-01",
        "",
        "Xem [trang](../khong-có/) và [chú thích][r].\n\n> - [lồng](/mất-trang/)\n\n[r]: ../thiếu/",
    );
    let o = s.run(&["check"]);
    let err = stderr(&o);
    assert_eq!(code(&o), Some(1), "{err}");
    for at in ["a.md:10:13:", "a.md:12:5:", "a.md:14:6:"] {
        assert!(err.contains(at), "want {at} in {err}");
    }
    assert!(
        !err.lines().any(|l| l.starts_with("/guong-dien-hinh/")),
        "{err}"
    );
}

#[test]
fn unreadable_copied_files_are_named_at_their_source_before_writing() {
    // SPEC §7: a static file or a bundle file that cannot be read is exit 1, named at the
    // source file (never at the output or its work folder), in `check` and in `build`.
    for (file, shown) in [
        ("static/s.txt", "static/s.txt"),
        ("content/2020/c/f.pdf", "content/2020/c/f.pdf"),
    ] {
        let s = site();
        s.article(
            "2020/c/index.md",
            "Bài ba",
            "2020-09-03",
            "",
            "[tệp](f.pdf)",
        );
        s.write("content/2020/c/f.pdf", "%PDF");
        s.write("static/s.txt", "s");
        let path = s.path().join(file);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        for cmd in ["check", "build"] {
            let o = run_unprivileged(&s, &[cmd]);
            let err = stderr(&o);
            assert_eq!(code(&o), Some(1), "{cmd} {file}: {err}");
            assert!(
                err.lines()
                    .any(|l| l.starts_with(&format!("{shown}: lỗi: không đọc được tệp: "))),
                "{cmd} {file}: {err}"
            );
            assert!(!err.contains("guong-prev"), "{cmd} {file}: {err}");
            assert!(!s.out().exists(), "{cmd} {file}");
        }
    }
}
