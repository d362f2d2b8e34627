//! SPEC §7, the output folder, on real sites in temporary folders, tried the way a careless or
//! hostile user would: output paths that reach the sources, foreign folders, planted symlinks,
//! second builds, `report --output`, write errors that must name the real path.

mod common;

use common::safety::{code, run_in, run_unprivileged, site, tree};
use common::stderr;
use std::collections::BTreeMap;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::process::Command;

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
    for out in bad {
        let o = run_in(s.path(), &["build", "--output", out]);
        assert_eq!(code(&o), Some(2), "--output {out}: {}", stderr(&o));
        assert!(stderr(&o).contains("thư mục xuất"), "{}", stderr(&o));
        assert_eq!(tree(s.path()), before, "--output {out} changed the site");
    }
    // Nor beside the site (where the work folder of `--output .` would go; /tmp is shared,
    // so look for that one name rather than count entries).
    let sibling = format!(".{name}.guong-prev");
    assert!(!s.path().with_file_name(sibling).exists());
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
    s.write_bytes("static/images/logo.png", &common::tiny_png());
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
    // What cannot be cleared from the work folder (a folder planted where a page goes, with a
    // read-only folder inside): exit 1, naming the real path, not `output/…`.
    s.build_ok(&[]);
    let page = prev.join("bai-viet/bai-mot/index.html");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir_all(page.join("khoa")).unwrap();
    std::fs::write(page.join("khoa/f"), "x").unwrap();
    let o = {
        let lock = |mode| {
            std::fs::set_permissions(page.join("khoa"), std::fs::Permissions::from_mode(mode))
                .unwrap()
        };
        lock(0o555);
        let o = run_unprivileged(&s, &["build"]);
        lock(0o755);
        o
    };
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(page.to_str().unwrap()),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains(" output/"), "{}", stderr(&o));
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

/// Writes other bytes of the same length into `p` and puts its modification time back: only
/// the change time, which no program can set, still tells.
fn tamper_keeping_length_and_time(p: &std::path::Path) {
    let m = std::fs::metadata(p).unwrap();
    let mtime = m.modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(p, vec![b'x'; m.len() as usize]).unwrap();
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(p).unwrap().len(), m.len());
}

#[test]
fn a_file_edited_in_the_previous_output_is_rewritten_even_with_its_times_put_back() {
    let s = site();
    s.write_bytes("static/images/logo.png", &common::tiny_png());
    // Old enough for its stamp to be trusted (write::stamps::RACY), so the copy is skipped on
    // its stamps alone unless the edit is seen.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    s.build_ok(&[]);
    s.build_ok(&[]);
    let page = std::fs::read(s.out().join("index.html")).unwrap();
    let logo = std::fs::read(s.out().join("images/logo.png")).unwrap();
    // The records of both folders are in the cache, none in the output.
    let records = std::fs::read_dir(s.path().join(".guong-cache/output")).unwrap();
    assert_eq!(records.count(), 2);
    let manifest = std::fs::read_to_string(s.out().join(".guong-manifest")).unwrap();
    assert!(!manifest.contains("stamps"), "{manifest}");
    let prev = s.path().join(".output.guong-prev");
    for f in ["index.html", "images/logo.png"] {
        tamper_keeping_length_and_time(&prev.join(f));
    }
    s.build_ok(&[]);
    assert_eq!(std::fs::read(s.out().join("index.html")).unwrap(), page);
    assert_eq!(
        std::fs::read(s.out().join("images/logo.png")).unwrap(),
        logo
    );
}

#[test]
fn the_build_records_are_never_written_through_a_symlink() {
    let s = site();
    s.write_bytes("static/images/logo.png", &common::tiny_png());
    s.build_ok(&[]);
    let elsewhere = tempfile::tempdir().unwrap();
    let records = s.path().join(".guong-cache/output");
    std::fs::remove_dir_all(&records).unwrap();
    symlink(elsewhere.path(), &records).unwrap();
    let memo = s.path().join(".guong-cache/photos.json");
    std::fs::remove_file(&memo).unwrap();
    let victim = elsewhere.path().join("victim.json");
    std::fs::write(&victim, "giữ nguyên").unwrap();
    symlink(&victim, &memo).unwrap();
    s.build_ok(&[]);
    s.build_ok(&[]);
    assert_eq!(
        tree(elsewhere.path()),
        BTreeMap::from([("victim.json".to_string(), "giữ nguyên".as_bytes().to_vec())])
    );
    assert!(std::fs::symlink_metadata(&records).unwrap().is_symlink());
}

/// Writes `static/tai-lieu.txt` with `bytes` and waits until its stamp is trusted
/// (write::stamps::RACY).
fn settled_static(s: &common::TestSite, bytes: &[u8]) {
    s.write_bytes("static/tai-lieu.txt", bytes);
    std::thread::sleep(std::time::Duration::from_millis(2100));
}

/// A site with `static/tai-lieu.txt` built twice: both output folders were new, so the file
/// was copied into each by the kernel and recorded unread.
fn built_twice_with_a_static_file() -> common::TestSite {
    let s = site();
    settled_static(&s, b"phien ban 1");
    s.build_ok(&[]);
    s.build_ok(&[]);
    s
}

#[test]
fn a_static_file_changed_between_builds_is_published_changed_in_both_output_folders() {
    let s = built_twice_with_a_static_file();
    // Other bytes of the same length, their stamp trusted too.
    settled_static(&s, b"phien ban 2");
    for _ in 0..2 {
        s.build_ok(&[]);
        assert_eq!(
            std::fs::read(s.out().join("tai-lieu.txt")).unwrap(),
            b"phien ban 2"
        );
    }
}

#[test]
fn a_static_file_touched_but_unchanged_keeps_its_published_copy_untouched() {
    // A host synchronized by modification time uploads again what a build rewrites: a source
    // touched without a change (a `git checkout`) must leave its copy as it was, also when the
    // copy was first made by the kernel into a new folder, unhashed.
    let s = built_twice_with_a_static_file();
    let mtimes = |s: &common::TestSite| {
        [s.out(), s.path().join(".output.guong-prev")].map(|d| {
            std::fs::metadata(d.join("tai-lieu.txt"))
                .unwrap()
                .modified()
                .unwrap()
        })
    };
    let before = mtimes(&s);
    settled_static(&s, b"phien ban 1");
    s.build_ok(&[]);
    s.build_ok(&[]);
    assert_eq!(mtimes(&s), before);
}
