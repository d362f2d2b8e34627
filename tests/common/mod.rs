//! Helpers for integration tests: temporary sites and running the real `guong` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod safety;

/// The `site.yaml` most tests start from.
pub const SITE_YAML: &str = r#"title: Gương điển hình tiên tiến
description: Trang thử nghiệm
base_url: https://example.gov.vn/guong-dien-hinh/
language: vi
timezone: "+07:00"
theme: default
paginate: 2
deadline_day: 5
fields:
  - id: san-xuat-gioi
    name: Hộ gia đình sản xuất giỏi
  - id: nguoi-tot-viec-tot
    name: Người tốt, việc tốt
units:
  - id: uy-ban-mttq
    name: Ủy ban MTTQ Việt Nam huyện
    bloc: Khối Đảng, đoàn thể
    duty_quarter: 3
  - id: don-bien-phong
    name: Đồn Biên phòng Côn Đảo
    bloc: Khối lực lượng vũ trang
    duty_quarter: 1
  - id: ban-chqs
    name: Ban Chỉ huy Quân sự huyện
    bloc: Khối lực lượng vũ trang
  - id: cong-an
    name: Công an huyện
    bloc: Khối lực lượng vũ trang
"#;

/// A site in a temporary folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// A site with the default `site.yaml` and no articles.
    pub fn new() -> Self {
        let s = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        s.write("site.yaml", SITE_YAML);
        std::fs::create_dir_all(s.path().join("content")).unwrap();
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Writes a valid article with `extra` front matter lines appended.
    pub fn article(&self, rel: &str, title: &str, date: &str, extra: &str, body: &str) {
        let text = format!(
            "---\ntitle: \"{title}\"\ndate: {date}\nunit: don-bien-phong\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: Thành tích tiêu biểu.\n{extra}---\n\n{body}\n"
        );
        self.write(&format!("content/{rel}"), &text);
    }

    /// Runs `guong --root <site> <args>`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_guong"))
            .arg("--root")
            .arg(self.path())
            .args(args)
            .output()
            .unwrap()
    }

    /// Builds and asserts success.
    pub fn build_ok(&self, args: &[&str]) -> Output {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        out
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("output")
    }

    /// Reads a file of the output.
    pub fn read_out(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// All files under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of the bundled site.
pub fn bundled_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(src.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for d in ["content", "static", "themes"] {
        copy_dir(&src.join(d), &dir.path().join(d));
    }
    dir
}

/// Runs `guong build --root <root>`, asserts success, and returns the output folder.
pub fn build_root(root: &Path) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_guong"))
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    root.join("output")
}

/// Builds and checks for exit 1 and each expected fragment in stderr; also checks that
/// `check` reports the same.
pub fn fails_with(s: &TestSite, expected: &[&str]) -> String {
    let before = files(&s.out());
    let o = s.run(&["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for e in expected {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
    assert_eq!(files(&s.out()), before, "nothing written on error");
    let c = s.run(&["check"]);
    let check_err = stderr(&c);
    assert_eq!(c.status.code(), Some(1), "check:\n{check_err}");
    assert_eq!(
        diagnostics(&check_err),
        diagnostics(&err),
        "check and build report different errors"
    );
    assert_eq!(files(&s.out()), before, "check writes nothing");
    err
}

/// The `file:line:col: lỗi: …` lines of an error report.
pub fn diagnostics(report: &str) -> Vec<&str> {
    report.lines().filter(|l| l.contains(": lỗi: ")).collect()
}

/// A real 4×3 PNG with transparency (guong re-encodes images, so fake bytes will not do).
pub fn tiny_png() -> Vec<u8> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&[90; 4 * 3 * 4], 4, 3, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}
