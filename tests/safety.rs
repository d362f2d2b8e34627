//! SPEC §7 on real sites in temporary folders, tried the way a careless or hostile user would:
//! output folders that reach the sources, foreign folders, planted symlinks, second builds,
//! files outside the site, control characters and errors that must name their source.

mod common;

use common::{TestSite, stderr};
use std::collections::BTreeMap;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output};

/// Every entry under `dir` (symlinks not followed): file bytes, `->target` for links, `/` for folders.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let data = if e.path_is_symlink() {
                format!("->{}", std::fs::read_link(e.path()).unwrap().display()).into_bytes()
            } else if e.file_type().is_dir() {
                b"/".to_vec()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, data)
        })
        .collect()
}

fn site() -> TestSite {
    let s = TestSite::new();
    s.article("2020/a.md", "Bài một", "2020-09-01", "", "Nội dung.");
    s.article("2020/b.md", "Bài hai", "2020-09-02", "", "Nội dung.");
    s
}

/// Runs guong from `cwd`.
fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guong"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

#[test]
fn output_paths_reaching_the_sources_are_refused_before_anything_is_created() {
    let s = site();
    symlink(s.path().join("content"), s.path().join("lien-ket")).unwrap();
    let name = s.path().file_name().unwrap().to_str().unwrap().to_string();
    let root_escape = format!("nx/../../{name}");
    let bad = [
        "newdir/../content",
        "other/../content",
        "a/b/../../static",
        "x/..",
        ".",
        "nx/../site.yaml",
        "content/2020",
        "templates",
        "themes/default",
        ".git",
        "lien-ket",
        "lien-ket/con",
        "khong/co/../../lien-ket/x",
        "..",
        root_escape.as_str(),
        "/",
        "/root",
        "/home",
    ];
    let before = tree(s.path());
    let parent_before = std::fs::read_dir(s.path().parent().unwrap())
        .unwrap()
        .count();
    for out in bad {
        let o = run_in(s.path(), &["build", "--output", out]);
        assert_eq!(code(&o), Some(2), "--output {out}: {}", stderr(&o));
        assert!(stderr(&o).contains("thư mục xuất"), "{}", stderr(&o));
        assert_eq!(tree(s.path()), before, "--output {out} changed the site");
    }
    assert_eq!(
        std::fs::read_dir(s.path().parent().unwrap())
            .unwrap()
            .count(),
        parent_before
    );
    // The home folder, whatever $HOME says.
    let home = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_guong"))
        .env("HOME", home.path())
        .arg("--root")
        .arg(s.path())
        .arg("build")
        .arg("--output")
        .arg(home.path().join("x/.."))
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(std::fs::read_dir(home.path()).unwrap().next().is_none());
    // Inside the root but in no source is fine.
    let o = run_in(s.path(), &["build", "--output", "x/../output"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.out().join("index.html").exists());
}

#[test]
fn a_folder_guong_did_not_write_is_refused_and_kept() {
    let s = site();
    let mine = tempfile::tempdir().unwrap();
    std::fs::write(mine.path().join("thesis.docx"), "luận văn").unwrap();
    std::fs::create_dir(mine.path().join("anh")).unwrap();
    let link = tempfile::tempdir().unwrap();
    symlink(mine.path(), link.path().join("ra")).unwrap();
    let before = tree(mine.path());
    for out in [mine.path().to_path_buf(), link.path().join("ra")] {
        for _ in 0..2 {
            let o = s.run(&["build", "--output", out.to_str().unwrap()]);
            assert_eq!(code(&o), Some(2), "{}", stderr(&o));
            assert!(stderr(&o).contains("thesis.docx"), "{}", stderr(&o));
        }
    }
    assert_eq!(tree(mine.path()), before);
    let name = mine.path().file_name().unwrap().to_string_lossy();
    let sibling = mine.path().with_file_name(format!(".{name}.guong-prev"));
    assert!(!sibling.exists());
    assert!(!link.path().join(".ra.guong-prev").exists());
    // A plain file is no output folder either.
    std::fs::write(s.path().join("tep"), "x").unwrap();
    assert_eq!(
        code(&s.run(&["build", "--output", s.path().join("tep").to_str().unwrap()])),
        Some(2)
    );
    assert_eq!(std::fs::read(s.path().join("tep")).unwrap(), b"x");
}

#[test]
fn foreign_files_in_the_output_survive_every_build_and_stale_pages_go() {
    let s = site();
    s.build_ok(&[]);
    let out = s.out();
    let foreign = [
        (".git/HEAD", "ref: refs/heads/main"),
        (".git/objects/ab/cdef", "blob"),
        ("web.config", "<configuration/>"),
        (".well-known/acme-challenge/tok", "tok"),
        ("bai-viet/bai-mot/ghi-chu.txt", "ghi chú tay"),
    ];
    for (f, text) in foreign {
        std::fs::create_dir_all(out.join(f).parent().unwrap()).unwrap();
        std::fs::write(out.join(f), text).unwrap();
    }
    std::fs::set_permissions(
        out.join("web.config"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    symlink("/srv/khong-co", out.join("media")).unwrap();
    let kept = |t: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        t.iter()
            .filter(|(k, _)| {
                foreign
                    .iter()
                    .any(|(f, _)| f.starts_with(k.as_str()) || k.starts_with(f))
                    || k.as_str() == "media"
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let before = kept(&tree(&out));
    assert_eq!(before.len(), 13, "{before:?}");
    for round in 0..3 {
        if round == 1 {
            std::fs::remove_file(s.path().join("content/2020/b.md")).unwrap();
        }
        s.build_ok(&[]);
        assert_eq!(kept(&tree(&out)), before, "round {round}");
        let mode = std::fs::metadata(out.join("web.config"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(out.join("index.html").exists());
    }
    assert!(!out.join("bai-viet/bai-hai").exists(), "stale page removed");
    assert!(out.join("bai-viet/bai-mot/index.html").exists());
    // Nothing new beside the output but the one documented work folder.
    let names: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(
        names,
        [".output.guong-prev", "content", "output", "site.yaml"]
    );
}

#[test]
fn a_foreign_file_where_a_page_now_goes_fails_and_keeps_the_old_output() {
    let s = site();
    s.build_ok(&[]);
    std::fs::create_dir_all(s.out().join("bai-viet/bai-ba")).unwrap();
    std::fs::write(s.out().join("bai-viet/bai-ba/index.html"), "tay").unwrap();
    let before = tree(&s.out());
    s.article("2020/c.md", "Bài ba", "2020-09-03", "", "x");
    let o = s.run(&["build"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("bai-viet/bai-ba"), "{}", stderr(&o));
    assert_eq!(tree(&s.out()), before);
    let mut names: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["content", "output", "site.yaml"],
        "work folder removed"
    );
}

#[test]
fn planted_symlinks_in_the_previous_output_are_replaced_not_followed() {
    let s = site();
    s.write("static/images/logo.png", "png");
    s.build_ok(&[]);
    s.build_ok(&[]);
    let prev = s.path().join(".output.guong-prev");
    assert!(prev.join("index.html").exists());
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("victim.html"), "giữ nguyên").unwrap();
    std::fs::create_dir(elsewhere.path().join("d")).unwrap();
    let before = tree(elsewhere.path());
    std::fs::remove_dir_all(prev.join("images")).unwrap();
    symlink(elsewhere.path(), prev.join("images")).unwrap();
    std::fs::remove_file(prev.join("index.html")).unwrap();
    symlink(
        elsewhere.path().join("victim.html"),
        prev.join("index.html"),
    )
    .unwrap();
    std::fs::remove_dir_all(prev.join("bai-viet")).unwrap();
    symlink(elsewhere.path().join("d"), prev.join("bai-viet")).unwrap();
    symlink(elsewhere.path().join("new.html"), prev.join("404.html.tmp")).unwrap();
    std::fs::remove_file(prev.join("404.html")).unwrap();
    symlink(elsewhere.path().join("new.html"), prev.join("404.html")).unwrap();
    s.build_ok(&[]);
    assert_eq!(
        tree(elsewhere.path()),
        before,
        "nothing written through a link"
    );
    for f in [
        "index.html",
        "images/logo.png",
        "bai-viet/bai-mot/index.html",
        "404.html",
    ] {
        let m = std::fs::symlink_metadata(s.out().join(f)).unwrap();
        assert!(m.is_file(), "{f} is a real file");
    }
    assert!(!s.out().join("404.html.tmp").exists());
    s.build_ok(&[]);
    assert_eq!(tree(elsewhere.path()), before);
}

#[test]
fn a_failed_build_creates_no_folder() {
    let s = site();
    s.write("content/hong.md", "---\ntitle: x\n---\n");
    let cwd = tempfile::tempdir().unwrap();
    let root = s.path().to_str().unwrap();
    for out in ["moi/sau/ra", "x/../ra"] {
        let o = run_in(cwd.path(), &["--root", root, "build", "--output", out]);
        assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    }
    assert!(std::fs::read_dir(cwd.path()).unwrap().next().is_none());
    let o = run_in(s.path(), &["build", "--output", "x/.."]);
    assert_eq!(code(&o), Some(2));
    assert!(!s.path().join("x").exists());
}

#[test]
fn report_output_never_overwrites_the_sites_files() {
    let s = site();
    s.write("static/bang.csv", "giữ");
    symlink(s.path().join("site.yaml"), s.path().join("bao-cao.csv")).unwrap();
    let before = tree(s.path());
    for out in [
        "site.yaml",
        "content/2020/a.md",
        "content/2020/moi.csv",
        "static/bang.csv",
        "nx/../site.yaml",
        "bao-cao.csv",
        "templates/x.html",
        ".",
    ] {
        let o = run_in(s.path(), &["report", "--format", "csv", "--output", out]);
        assert_eq!(code(&o), Some(2), "{out}: {}", stderr(&o));
        assert_eq!(tree(s.path()), before, "{out}");
    }
    let o = run_in(
        s.path(),
        &["report", "--format", "csv", "--output", "ra.csv"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.path().join("ra.csv").exists());
}

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
    s.write("static/logo.png", "logo");
    symlink(&secret, s.path().join("static/passwd.txt")).unwrap();
    symlink(secret_dir.path(), s.path().join("static/ngoai")).unwrap();
    symlink(
        s.path().join("static/logo.png"),
        s.path().join("static/logo2.png"),
    )
    .unwrap();
    s.write("static/_rieng/memo.txt", "memo");
    let o = s.build_ok(&[]);
    assert!(stderr(&o).contains("passwd.png"), "{}", stderr(&o));
    assert!(stderr(&o).contains("static/passwd.txt"), "{}", stderr(&o));
    assert!(!has_secret(&s.out()));
    assert_eq!(std::fs::read(s.out().join("logo2.png")).unwrap(), b"logo");
    assert!(!s.out().join("_rieng").exists());
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

/// Runs guong as an unprivileged user owning the site, so that file permissions hold even
/// when the tests run as root.
fn run_unprivileged(s: &TestSite, args: &[&str]) -> Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guong"));
    cmd.current_dir(s.path()).args(args);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        for e in walkdir::WalkDir::new(s.path()).into_iter().flatten() {
            std::os::unix::fs::lchown(e.path(), Some(65534), Some(65534)).unwrap();
        }
        cmd.uid(65534).gid(65534);
    }
    cmd.output().unwrap()
}

#[test]
fn unreadable_sources_are_named_errors() {
    for (folder, shown) in [
        ("content/2020", "content/2020"),
        ("static/anh", "static/anh"),
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

#[test]
fn read_only_leftovers_do_not_block_later_builds_and_write_errors_name_the_real_path() {
    let s = site();
    assert!(run_unprivileged(&s, &["build"]).status.success());
    assert!(run_unprivileged(&s, &["build"]).status.success());
    let prev = s.path().join(".output.guong-prev");
    for f in ["index.html", "bai-viet/bai-mot/index.html"] {
        std::fs::set_permissions(prev.join(f), std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    std::fs::set_permissions(
        prev.join("bai-viet/bai-mot"),
        std::fs::Permissions::from_mode(0o555),
    )
    .unwrap();
    s.article("2020/a.md", "Bài một", "2020-09-01", "", "Đã sửa.");
    let o = run_unprivileged(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        s.read_out("bai-viet/bai-mot/index.html")
            .contains("Đã sửa.")
    );
    // A folder guong may not write to: exit 1, naming the real path.
    let parent = tempfile::tempdir().unwrap();
    std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let ro = parent.path().join("chi-doc");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = run_unprivileged(&s, &["build", "--output", ro.join("ra").to_str().unwrap()]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(ro.to_str().unwrap()), "{}", stderr(&o));
    assert!(!stderr(&o).contains("output/"), "{}", stderr(&o));
}
