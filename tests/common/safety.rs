//! Helpers shared by the SPEC §7 tests (`tests/safety.rs`, `tests/safety_sources.rs`).

use super::TestSite;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// Every entry under `dir` (symlinks not followed): file bytes, `->target` for links, `/` for folders.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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

pub fn site() -> TestSite {
    let s = TestSite::new();
    s.article("2020/a.md", "Bài một", "2020-09-01", "", "Nội dung.");
    s.article("2020/b.md", "Bài hai", "2020-09-02", "", "Nội dung.");
    s
}

/// Runs guong from `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guong"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

pub fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// Runs guong as an unprivileged user owning the site, so that file permissions hold even
/// when the tests run as root.
pub fn run_unprivileged(s: &TestSite, args: &[&str]) -> Output {
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
