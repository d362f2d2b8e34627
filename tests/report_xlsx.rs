//! `guong report --format xlsx` read back: values and dates with calamine, formulas and their
//! cached results, and the parts calamine does not expose (hyperlinks, print setup, print
//! titles) straight from the workbook's XML.

mod report_common;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use report_common::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Writes the workbook of `args` and returns its path.
fn workbook(root: &Path, args: &[&str]) -> PathBuf {
    let file = root.join("bao-cao.xlsx");
    let mut all = args.to_vec();
    all.extend(["--format", "xlsx", "--output", file.to_str().unwrap()]);
    assert!(ok(&report(root, &all)).is_empty());
    file
}

/// A cell as text (numbers without `.0`, empty as "").
fn s(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

fn row(r: &Range<Data>, row: u32, cols: u32) -> String {
    (0..cols)
        .map(|c| s(r, row, c))
        .collect::<Vec<_>>()
        .join("|")
}

/// One part of the xlsx zip container, as text.
fn part(file: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn year_workbook_values_titles_and_totals() {
    let dir = site();
    let file = workbook(dir.path(), &["--year", "2025", "--date", "2026-01-10"]);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Cả năm", "Quý I", "Quý II", "Quý III", "Quý IV"]
    );
    let year = wb.worksheet_range("Cả năm").unwrap();
    assert_eq!(
        s(&year, 0, 0),
        "BÁO CÁO KẾT QUẢ GIỚI THIỆU GƯƠNG ĐIỂN HÌNH TIÊN TIẾN"
    );
    assert_eq!(s(&year, 1, 0), "Năm 2025");
    assert_eq!(
        s(&year, 2, 0),
        "UBND HUYỆN ĐẢO XANH – PHÒNG NỘI VỤ – LĐTB&XH"
    );
    assert_eq!(s(&year, 3, 0), "Ngày lập: 10/01/2026");
    assert_eq!(s(&year, 4, 1), "Đơn vị");
    assert_eq!(s(&year, 4, 11), "Số quý có gương");
    assert_eq!(
        row(&year, 5, 12),
        "ban-tuyen-giao|Ban Tuyên giáo|Khối Đảng, đoàn thể||0|0|0|0|0|0|0|0"
    );
    assert_eq!(
        row(&year, 7, 12),
        "don-bien-phong|Đồn Biên phòng|Khối lực lượng vũ trang|Quý I|2|0|0|0|2|1|0|1"
    );
    assert_eq!(s(&year, 8, 3), "Quý II", "duty quarter in words");
    // The total row: cached results, and the formulas behind them.
    assert_eq!(row(&year, 9, 12), "|Tổng cộng|||2|1|1|1|5|2|1|");
    let formulas = wb.worksheet_formula("Cả năm").unwrap();
    let f = |c: u32| formulas.get_value((9, c)).cloned().unwrap_or_default();
    assert_eq!(f(4), "SUBTOTAL(109,E6:E9)");
    assert_eq!(f(8), "SUBTOTAL(109,I6:I9)");
    assert_eq!(f(10), "SUBTOTAL(109,K6:K9)");

    let q1 = wb.worksheet_range("Quý I").unwrap();
    assert_eq!(s(&q1, 1, 0), "Quý I/2025 – hạn gửi: trước ngày 05/03/2025");
    assert_eq!(s(&q1, 4, 3), "Tên bài");
    assert_eq!(
        row(&q1, 5, 8),
        "1|Đồn Biên phòng|Khối lực lượng vũ trang|Đúng hạn ngày 4|Cá nhân|DateTime(45720.0)|Đúng hạn|Có"
            .replace("DateTime(45720.0)", &s(&q1, 5, 5))
    );
    match q1.get_value((5, 5)) {
        // 2025-03-04 as an Excel serial date, not text.
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 45720.0),
        other => panic!("submitted date cell: {other:?}"),
    }
    assert_eq!(s(&q1, 6, 6), "Trễ hạn");
    assert_eq!(
        (s(&q1, 7, 0), s(&q1, 7, 3)),
        ("Tổng số gương".into(), "2".into())
    );
    assert_eq!(
        (s(&q1, 8, 0), s(&q1, 8, 3)),
        ("Gửi trễ hạn".into(), "1".into())
    );
    let qf = wb.worksheet_formula("Quý I").unwrap();
    assert_eq!(qf.get_value((7, 3)).unwrap(), "SUBTOTAL(103,D6:D7)");
    assert_eq!(qf.get_value((8, 3)).unwrap(), "COUNTIF(G6:G7,\"Trễ hạn\")");
    assert!(s(&q1, 11, 0).starts_with("Đơn vị chưa có gương điển hình Quý I/2025 (3)"));
    let missing: Vec<String> = (12..15).map(|r| s(&q1, r, 1)).collect();
    assert_eq!(
        missing,
        ["Ban Tuyên giáo", "Công an huyện", "Ủy ban Mặt trận"]
    );
    let q3 = wb.worksheet_range("Quý III").unwrap();
    assert_eq!(s(&q3, 5, 3), "Chưa ghi ngày gửi");
    assert_eq!(s(&q3, 5, 5), "", "no submission date");
}

#[test]
fn year_workbook_links_filters_and_print_setup() {
    let dir = site();
    let file = workbook(dir.path(), &["--year", "2025"]);
    for sheet in 1..=5 {
        let xml = part(&file, &format!("xl/worksheets/sheet{sheet}.xml"));
        let setup = xml
            .split("<pageSetup ")
            .nth(1)
            .and_then(|s| s.split("/>").next())
            .unwrap_or_else(|| panic!("sheet {sheet}: no pageSetup"));
        // A4 landscape, fit to one page wide (fitToWidth defaults to 1), any number high.
        for attr in [
            "paperSize=\"9\"",
            "orientation=\"landscape\"",
            "fitToHeight=\"0\"",
        ] {
            assert!(setup.contains(attr), "sheet {sheet}: {attr} in {setup}");
        }
        assert!(!setup.contains("fitToWidth"), "sheet {sheet}: {setup}");
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet {sheet}"
        );
        assert!(xml.contains("<autoFilter ref=\"A5:"), "sheet {sheet}");
        assert!(xml.contains("state=\"frozen\""), "sheet {sheet}");
    }
    let q1 = part(&file, "xl/worksheets/sheet2.xml");
    assert_eq!(q1.matches("<hyperlink ").count(), 2);
    assert!(q1.contains("<hyperlink ref=\"D6\""));
    let rels = part(&file, "xl/worksheets/_rels/sheet2.xml.rels");
    assert!(rels.contains("Target=\"https://example.gov.vn/guong/bai-viet/dung-han-ngay-4/\""));
    let book = part(&file, "xl/workbook.xml");
    // The header row (row 5) printed on every page of every sheet.
    assert_eq!(book.matches("name=\"_xlnm.Print_Titles\"").count(), 5);
    for name in ["Cả năm", "Quý I", "Quý II", "Quý III", "Quý IV"] {
        let titles = format!("'{name}'!$5:$5</definedName>");
        assert!(book.contains(&titles), "{name}: {book}");
    }
}

#[test]
fn one_quarter_workbook() {
    let dir = site();
    let file = workbook(dir.path(), &["--year", "2025", "--quarter", "3"]);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(wb.sheet_names(), ["Tổng hợp Quý III", "Quý III"]);
    let sum = wb.worksheet_range("Tổng hợp Quý III").unwrap();
    assert_eq!(s(&sum, 1, 0), "Quý III/2025");
    let q3 = wb.worksheet_range("Quý III").unwrap();
    assert_eq!(s(&q3, 5, 3), "Chưa ghi ngày gửi");
    assert_eq!(s(&q3, 5, 6), "Chưa ghi ngày gửi");
    assert_eq!(s(&q3, 5, 7), "Có");
}

#[test]
fn empty_quarter_and_hostile_titles_stay_text() {
    let dir = site();
    let evil = r#"=HYPERLINK("https://evil.example","Xem")"#;
    std::fs::write(
        dir.path().join("content/evil.md"),
        format!(
            "---\ntitle: '{evil}'\ndate: 2024-05-02\nunit: ban-tuyen-giao\nfield: nguoi-tot\nkind: ca-nhan\nsummary: Tóm tắt.\n---\n\nNội dung.\n"
        ),
    )
    .unwrap();
    let file = workbook(dir.path(), &["--year", "2024"]);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let q1 = wb.worksheet_range("Quý I").unwrap();
    assert_eq!(s(&q1, 5, 0), "Chưa có gương điển hình nào được giới thiệu.");
    assert_eq!(s(&q1, 6, 3), "0");
    let q2 = wb.worksheet_range("Quý II").unwrap();
    assert_eq!(s(&q2, 5, 3), evil, "a title is a string, never a formula");
    let formulas = wb.worksheet_formula("Quý II").unwrap();
    assert!(formulas.cells().all(|(_, _, f)| !f.contains("evil")));
}

#[test]
fn xlsx_to_a_pipe_is_a_workbook() {
    let dir = site();
    let out = report(dir.path(), &["--year", "2025", "--format", "xlsx"]);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"PK"), "a zip container");
}

/// xlsx is refused on a terminal: run with stdout on a pseudo-terminal of our own.
#[test]
fn xlsx_is_not_written_to_a_terminal() {
    use std::os::fd::{FromRawFd, OwnedFd};
    let dir = site();
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two new descriptors into the two integers.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both descriptors are fresh and owned here only.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    // Drain the terminal meanwhile, so that a workbook written there by mistake cannot block.
    let mut screen = std::fs::File::from(master);
    let reader = std::thread::spawn(move || {
        let mut shown = Vec::new();
        let _ = screen.read_to_end(&mut shown); // ends with EIO once the child has exited
        shown
    });
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(dir.path())
        .args(["report", "--year", "2025", "--format", "xlsx"])
        .stdout(std::process::Stdio::from(slave))
        .output()
        .unwrap();
    let shown = reader.join().unwrap();
    assert!(
        !shown.windows(2).any(|w| w == b"PK"),
        "no workbook on the terminal"
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--output"), "{err}");
}
