//! `guong init`: a new site builds and checks clean at once, its pre-commit hook runs
//! `guong check`, and a folder that is not empty is refused (exit 2) with nothing written.

mod common;

use common::{files, stderr};
use std::path::Path;
use std::process::{Command, Output};

fn guong(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guong"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_new_site_builds_and_checks_clean_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let init = guong(tmp.path(), &["init", "trang-moi"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let site = tmp.path().join("trang-moi");
    let made = files(&site);
    for want in [
        "site.yaml",
        ".gitignore",
        ".githooks/pre-commit",
        "static/.gitkeep",
    ] {
        assert!(made.contains(&want.to_string()), "{want} not in {made:?}");
    }
    let articles: Vec<&String> = made.iter().filter(|f| f.starts_with("content/")).collect();
    assert_eq!(articles.len(), 1, "{made:?}");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    for want in ["# ", "fields:", "bloc:", "duty_quarter:", "units:"] {
        assert!(yaml.contains(want), "site.yaml lacks {want}");
    }
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignore.contains("/output/") && ignore.contains("/.guong-cache/"));

    let check = guong(&site, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(!stderr(&check).contains("cảnh báo"), "{}", stderr(&check));
    let build = guong(&site, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    // The summary reads naturally: "đã sao chép N tệp", no "0 trang chuyển hướng".
    let summary = stderr(&build);
    assert!(summary.contains(", đã sao chép "), "{summary}");
    assert!(
        !summary.contains("tệp sao chép") && !summary.contains(" 0 trang"),
        "{summary}"
    );
    let out = files(&site.join("output"));
    assert!(
        out.iter()
            .any(|f| f.starts_with("bai-viet/anh-le-van-minh") && f.ends_with("index.html")),
        "{out:?}"
    );
    // The site's own units and columns are the ones `new` accepts.
    let new = guong(
        &site,
        &[
            "new",
            "Tổ hợp tác Bến Đầm",
            "--unit",
            "hoi-nong-dan",
            "--field",
            "san-xuat-gioi",
        ],
    );
    assert!(new.status.success(), "{}", stderr(&new));
}

#[cfg(unix)]
#[test]
fn the_pre_commit_hook_runs_check() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    assert!(guong(tmp.path(), &["init", "s"]).status.success());
    let site = tmp.path().join("s");
    let hook = site.join(".githooks/pre-commit");
    assert_ne!(
        std::fs::metadata(&hook).unwrap().permissions().mode() & 0o111,
        0
    );
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_guong")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    let run = || {
        Command::new(&hook)
            .current_dir(&site)
            .env("PATH", &path)
            .output()
            .unwrap()
    };
    assert!(run().status.success(), "{}", stderr(&run()));
    let article = site.join(
        files(&site)
            .into_iter()
            .find(|f| f.starts_with("content/"))
            .unwrap(),
    );
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("unit: huyen-doan", "unit: khong-co")).unwrap();
    let failed = run();
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("khong-co"), "{}", stderr(&failed));
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("ghi-chu.txt"), "của tôi").unwrap();
    std::fs::write(tmp.path().join("site.yaml"), "title: cũ\n").unwrap();
    let out = guong(tmp.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("ghi-chu.txt") && err.contains("site.yaml"),
        "{err}"
    );
    assert_eq!(files(tmp.path()), ["ghi-chu.txt", "site.yaml"]);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap(),
        "title: cũ\n"
    );

    let file = guong(tmp.path(), &["init", "ghi-chu.txt"]);
    assert_eq!(file.status.code(), Some(2), "{}", stderr(&file));

    // An empty folder that exists is fine.
    std::fs::create_dir(tmp.path().join("rong")).unwrap();
    let empty = guong(tmp.path(), &["init", "rong"]);
    assert!(empty.status.success(), "{}", stderr(&empty));
    assert!(tmp.path().join("rong/site.yaml").is_file());
}

fn git(dir: &Path, args: &[&str], path: &str) -> Output {
    Command::new("git")
        .current_dir(dir)
        .env("PATH", path)
        .args([
            "-c",
            "user.name=Biên tập",
            "-c",
            "user.email=bien-tap@example.gov.vn",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_folder_fresh_from_git_init_gets_a_site_whose_hook_runs_at_once() {
    // SPEC §5: `init` works in an empty folder, and a `.git` alone is empty; in a git
    // repository the pre-commit hook runs without extra steps.
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_guong")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    let site = tmp.path();
    assert!(git(site, &["init", "-q"], &path).status.success());
    let out = guong(site, &["init", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.contains("Móc pre-commit: đã bật"), "{said}");
    let hooks = git(site, &["config", "--get", "core.hooksPath"], &path);
    assert_eq!(String::from_utf8_lossy(&hooks.stdout).trim(), ".githooks");
    assert!(git(site, &["add", "-A"], &path).status.success());
    let ok = git(site, &["commit", "-qm", "Trang mới"], &path);
    assert!(ok.status.success(), "{}", stderr(&ok));
    // A broken article is refused by the hook.
    let article = site.join(
        files(site)
            .into_iter()
            .find(|f| f.starts_with("content/"))
            .unwrap(),
    );
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("unit: huyen-doan", "unit: khong-co")).unwrap();
    assert!(git(site, &["add", "-A"], &path).status.success());
    let refused = git(site, &["commit", "-qm", "Hỏng"], &path);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("khong-co"),
        "{}",
        stderr(&refused)
    );
    // Anything besides `.git` is still refused.
    let other = tempfile::tempdir().unwrap();
    assert!(git(other.path(), &["init", "-q"], &path).status.success());
    std::fs::write(other.path().join("ghi-chu.txt"), "x").unwrap();
    let out = guong(other.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!other.path().join("site.yaml").exists());
}

#[test]
fn an_existing_hook_is_never_replaced_and_without_git_the_hook_is_written_in_place() {
    use std::os::unix::fs::PermissionsExt;
    let no_git = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_guong"))
            .current_dir(dir)
            .env("PATH", "/khong-co-git")
            .args(["init", "."])
            .output()
            .unwrap()
    };
    // No git on the machine: the hook goes to .git/hooks/pre-commit.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join(".git/hooks")).unwrap();
    let out = no_git(tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let hook = tmp.path().join(".git/hooks/pre-commit");
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("guong check")
    );
    assert_ne!(
        std::fs::metadata(&hook).unwrap().permissions().mode() & 0o111,
        0
    );
    // A hook already there is kept as it is, with or without git.
    for run in [no_git, |dir: &Path| guong(dir, &["init", "."])] {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join(".git/hooks")).unwrap();
        let hook = tmp.path().join(".git/hooks/pre-commit");
        std::fs::write(&hook, "#!/bin/sh\necho móc riêng\n").unwrap();
        let out = run(tmp.path());
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(&hook).unwrap(),
            "#!/bin/sh\necho móc riêng\n"
        );
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(said.contains("giữ nguyên"), "{said}");
        assert!(tmp.path().join("site.yaml").is_file());
    }
}
