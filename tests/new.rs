//! `guong new`: writes a draft that builds, never overwrites, rejects unknown units.

use std::path::Path;
use std::process::{Command, Output};

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(src.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

fn guong(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

const NEW: &[&str] = &[
    "new",
    "Chị Đặng Thị Hoa – \"người giữ lửa\" thư viện đảo",
    "--unit",
    "Huyện đoàn",
    "--field",
    "y-duc",
    "--kind",
    "tap-the",
    "--date",
    "2025-08-15",
];

#[test]
fn writes_a_draft_that_builds_and_never_overwrites() {
    let dir = site();
    let out = guong(dir.path(), NEW);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir
        .path()
        .join("content/2025/chi-dang-thi-hoa-nguoi-giu-lua-thu-vien-dao.md");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&path.display().to_string()), "{stdout}");
    let text = std::fs::read_to_string(&path).unwrap();
    for line in [
        "date: 2025-08-15",
        "unit: huyen-doan",
        "field: y-duc",
        "kind: tap-the",
        "draft: true",
        "# submitted:",
        "# author:",
        "# image:",
        "## Thành tích nổi bật",
    ] {
        assert!(text.contains(line), "{line} missing in\n{text}");
    }

    let build = guong(dir.path(), &["build", "--drafts"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page = dir
        .path()
        .join("output/bai-viet/chi-dang-thi-hoa-nguoi-giu-lua-thu-vien-dao/index.html");
    assert!(
        std::fs::read_to_string(page)
            .unwrap()
            .contains("người giữ lửa")
    );

    std::fs::write(&path, "giữ nguyên").unwrap();
    let again = guong(dir.path(), NEW);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("không ghi đè"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "giữ nguyên");
}

#[test]
fn unknown_unit_lists_the_closest_and_writes_nothing() {
    let dir = site();
    let out = guong(
        dir.path(),
        &[
            "new",
            "Bài thử",
            "--unit",
            "huyen-doan-x",
            "--field",
            "y-duc",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The suggestion, not the echoed `huyen-doan-x`.
    assert!(stderr.contains("`huyen-doan`"), "{stderr}");
    assert!(!dir.path().join("content").exists());
}

#[test]
fn every_bad_option_is_reported_in_one_run() {
    let dir = site();
    let out = guong(
        dir.path(),
        &[
            "new",
            "Bài thử",
            "--unit",
            "huyen-doan-x",
            "--field",
            "y-duc-x",
            "--kind",
            "ca-nha",
            "--date",
            "2025-13-01",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for part in [
        "đơn vị `huyen-doan-x`",
        "`huyen-doan`",
        "chuyên mục `y-duc-x`",
        "`y-duc`",
        "loại gương `ca-nha`",
        "`ca-nhan`",
        "--date `2025-13-01`",
        "Chưa ghi tệp nào.",
    ] {
        assert!(stderr.contains(part), "{part} missing in\n{stderr}");
    }
    assert_eq!(stderr.matches("lỗi: ").count(), 4, "{stderr}");
    assert!(!dir.path().join("content").exists());
}

#[test]
fn the_skeleton_left_in_a_published_article_is_an_error_at_each_place() {
    let dir = site();
    let out = guong(dir.path(), NEW);
    assert!(out.status.success());
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let text = std::fs::read_to_string(&path).unwrap();
    let published = text.replace("draft: true", "draft: false");
    std::fs::write(&path, &published).unwrap();
    let line_of = |needle: &str| {
        published
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in\n{published}"))
            + 1
    };
    let expected = [
        format!("{path}:{}:3: ", line_of("Tóm tắt thành tích nổi bật")),
        format!("{path}:{}:1: ", line_of("Mở đầu: giới thiệu")),
        format!("{path}:{}:1: ", line_of("Xuất phát điểm")),
        format!("{path}:{}:3: ", line_of("Thành tích, danh hiệu")),
        format!("{path}:{}:1: ", line_of("Cách làm hay")),
    ];
    for cmd in ["build", "check"] {
        let o = guong(dir.path(), &[cmd]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {stderr}");
        for e in &expected {
            assert!(
                stderr.contains(e.as_str()),
                "{cmd}: {e} missing in\n{stderr}"
            );
        }
        assert!(stderr.contains("tóm tắt mẫu"), "{stderr}");
    }
    // Rewritten, it publishes.
    let mut done = published.replace(
        "Tóm tắt thành tích nổi bật trong một, hai câu (bắt buộc, viết lại trước khi đăng).",
        "Mười năm giữ thư viện đảo.",
    );
    for stub in [
        "Mở đầu: giới thiệu ngắn gọn về gương điển hình và điều làm nên sự khác biệt.",
        "Xuất phát điểm, những khó khăn ban đầu.",
        "Thành tích, danh hiệu, con số cụ thể.",
        "Cách làm hay được nhân rộng, lời kể của người dân, đồng nghiệp.",
    ] {
        done = done.replace(stub, "Nội dung thật.");
    }
    std::fs::write(&path, done).unwrap();
    let o = guong(dir.path(), &["check"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn today_in_the_site_timezone_by_default() {
    let dir = site();
    let out = guong(
        dir.path(),
        &[
            "new",
            "Bài hôm nay",
            "--unit",
            "huyen-doan",
            "--field",
            "y-duc",
        ],
    );
    assert!(out.status.success());
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let text = std::fs::read_to_string(&path).unwrap();
    let tz = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    assert!(
        text.contains(&format!("date: {}", today.format("%Y-%m-%d"))),
        "{text}"
    );
}

#[test]
fn a_disk_that_cannot_take_the_file_is_exit_1_not_bad_usage() {
    let dir = site();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    // A file where the year's folder must go: the command was right, the disk refuses.
    std::fs::write(dir.path().join("content/2025"), "").unwrap();
    let out = guong(
        dir.path(),
        &[
            "new",
            "Bài thử",
            "--unit",
            "huyen-doan",
            "--field",
            "y-duc",
            "--date",
            "2025-05-01",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2025"), "{stderr}");
}

#[test]
fn never_writes_through_a_year_folder_linked_out_of_the_site() {
    let dir = site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("content/2025")).unwrap();
    let out = guong(dir.path(), NEW);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("liên kết tượng trưng"), "{stderr}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);

    // A link that stays inside the site is followed, as the walk follows it.
    std::fs::remove_file(dir.path().join("content/2025")).unwrap();
    std::fs::create_dir_all(dir.path().join("content/nam-2025")).unwrap();
    std::os::unix::fs::symlink("nam-2025", dir.path().join("content/2025")).unwrap();
    let out = guong(dir.path(), NEW);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_dir(dir.path().join("content/nam-2025"))
            .unwrap()
            .count(),
        1
    );
}
