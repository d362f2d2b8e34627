//! The report tests' fixture: a site with known counts per unit and quarter, and helpers
//! that run the real `guong report`. Shared by `tests/report*.rs`.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

pub const SITE: &str = r#"title: Gương điển hình tiên tiến
description: Gương điển hình tiên tiến huyện Đảo Xanh
base_url: https://example.gov.vn/guong/
timezone: "+07:00"
deadline_day: 5
fields:
  - id: nguoi-tot
    name: Người tốt, việc tốt
units:
  - id: don-bien-phong
    name: Đồn Biên phòng
    bloc: Khối lực lượng vũ trang
    duty_quarter: 1
  - id: uy-ban-mttq
    name: Ủy ban Mặt trận
    bloc: Khối Đảng, đoàn thể
    duty_quarter: 2
  - id: ban-tuyen-giao
    name: Ban Tuyên giáo
    bloc: Khối Đảng, đoàn thể
  - id: cong-an
    name: Công an huyện
    bloc: Khối lực lượng vũ trang
    duty_quarter: 3
"#;

/// (file name, unit, date, extra front matter lines, title)
pub const ARTICLES: &[(&str, &str, &str, &str, &str)] = &[
    // Quarter I: the 4th of March is on time, the 5th late.
    (
        "dung-han",
        "don-bien-phong",
        "2025-03-02",
        "submitted: 2025-03-04",
        "Đúng hạn ngày 4",
    ),
    (
        "tre-han",
        "don-bien-phong",
        "2025-03-06",
        "submitted: 2025-03-05",
        "Trễ hạn ngày 5",
    ),
    // Quarter III by its `quarter` key though dated in October; no `submitted`.
    (
        "khong-ngay",
        "cong-an",
        "2025-10-02",
        "quarter: 2025-Q3",
        "Chưa ghi ngày gửi",
    ),
    // Quarter II, on time; a title an editor could have typed.
    (
        "tieu-de-la",
        "uy-ban-mttq",
        "2025-05-20",
        "submitted: 2025-06-04\nslug: tieu-de-la",
        "Bà A, \"người giữ lửa\" <script>alert(1)</script>",
    ),
    // Quarter IV, late.
    (
        "quy-bon",
        "uy-ban-mttq",
        "2025-12-10",
        "submitted: 2025-12-20",
        "Tổ tiết kiệm quý IV",
    ),
    // A draft never counts.
    (
        "nhap",
        "ban-tuyen-giao",
        "2025-02-01",
        "submitted: 2025-02-02\ndraft: true",
        "Bản nháp không được tính",
    ),
    // Another year.
    (
        "nam-truoc",
        "cong-an",
        "2024-11-01",
        "submitted: 2024-11-02",
        "Bài năm trước",
    ),
];

pub fn site() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.yaml"), SITE).unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    for (file, unit, date, extra, title) in ARTICLES {
        let title = title.replace('"', "\\\"");
        let text = format!(
            "---\ntitle: \"{title}\"\ndate: {date}\nunit: {unit}\nfield: nguoi-tot\nkind: ca-nhan\nsummary: Thành tích tiêu biểu.\n{extra}\n---\n\nNội dung.\n"
        );
        std::fs::write(content.join(format!("{file}.md")), text).unwrap();
    }
    dir
}

pub fn report(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(root)
        .arg("report")
        .args(args)
        .output()
        .unwrap()
}

pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    // SPEC §6: the first line is the header itself (no byte-order mark), lines end in LF.
    assert!(
        !bytes.starts_with("\u{feff}".as_bytes()),
        "CSV starts with a BOM"
    );
    assert!(!bytes.contains(&b'\r'), "CSV has CR line ends");
    let body = bytes;
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}
