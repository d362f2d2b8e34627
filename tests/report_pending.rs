//! `guong report --pending`: the reminder before (and after) a quarter's deadline, in every
//! format, on the fixture site of `report_common` (quarter I: Đồn Biên phòng, on duty, sent one
//! exemplar on time and one late; quarter II: Ủy ban Mặt trận, on duty, one on time).

mod report_common;

use report_common::*;

fn pending(root: &std::path::Path, date: &str, format: &str) -> String {
    ok(&report(
        root,
        &["--pending", "--date", date, "--format", format],
    ))
}

#[test]
fn before_the_deadline_lists_units_without_an_exemplar() {
    let dir = site();
    let text = pending(dir.path(), "2025-03-01", "table");
    let expected = "\
NHẮC HẠN GIỚI THIỆU GƯƠNG ĐIỂN HÌNH TIÊN TIẾN QUÝ I/2025
Ngày lập: 01/03/2025. Hạn gửi: trước ngày 05/03/2025 (còn 4 ngày, ngày cuối 04/03/2025).

Đơn vị chưa có gương điển hình (3/4):
  Khối lực lượng vũ trang
    - Công an huyện
  Khối Đảng, đoàn thể
    - Ban Tuyên giáo
    - Ủy ban Mặt trận

Đơn vị trực giới thiệu gương điển hình lên tỉnh Quý I/2025:
  - Đồn Biên phòng: đã giới thiệu 2 gương (đã gửi đúng hạn)
";
    assert_eq!(text, expected);
    // The last on-time day still counts down.
    let last = pending(dir.path(), "2025-03-04", "table");
    assert!(
        last.contains("(còn 1 ngày, ngày cuối 04/03/2025)"),
        "{last}"
    );
}

#[test]
fn after_the_deadline_lists_the_units_that_missed_it() {
    let dir = site();
    let text = pending(dir.path(), "2025-06-05", "table");
    assert!(
        text.contains("Hạn gửi: trước ngày 05/06/2025 (đã quá hạn 1 ngày)."),
        "{text}"
    );
    assert!(
        text.contains("Đơn vị không gửi gương điển hình đúng hạn (3/4):"),
        "{text}"
    );
    assert!(
        text.contains("    - Đồn Biên phòng (chưa có gương)\n"),
        "{text}"
    );
    assert!(
        !text.contains("- Ủy ban Mặt trận ("),
        "sent on time: {text}"
    );
    assert!(text.contains("  - Ủy ban Mặt trận: đã giới thiệu 1 gương (đã gửi đúng hạn)"));

    // Quarter IV: Ủy ban Mặt trận sent late, so it missed the deadline too; nobody is on duty.
    let csv = pending(dir.path(), "2025-12-20", "csv");
    let rows = parse_csv(csv.as_bytes());
    assert_eq!(
        rows[0].join(","),
        "unit_id,unit,bloc,quarter,deadline,days_left,days_late,on_duty,exemplars,state,listed"
    );
    let uy = rows.iter().find(|r| r[0] == "uy-ban-mttq").unwrap();
    assert_eq!(uy[3..].join("|"), "2025-Q4|2025-12-05|0|16|0|1|late|1");
    let ban = rows.iter().find(|r| r[0] == "ban-tuyen-giao").unwrap();
    assert_eq!(ban[3..].join("|"), "2025-Q4|2025-12-05|0|16|0|0|none|1");
    assert_eq!(rows.len(), 5, "every unit has a row");
}

#[test]
fn csv_before_the_deadline_and_undated_exemplars() {
    let dir = site();
    let rows = parse_csv(pending(dir.path(), "2025-09-01", "csv").as_bytes());
    let cong_an = rows.iter().find(|r| r[0] == "cong-an").unwrap();
    // On duty in quarter III, one exemplar without a submission date: not listed before the
    // deadline (it has one), listed after it (none known to be on time).
    assert_eq!(cong_an[5..].join("|"), "4|0|1|1|undated|0");
    let rows = parse_csv(pending(dir.path(), "2025-09-30", "csv").as_bytes());
    let cong_an = rows.iter().find(|r| r[0] == "cong-an").unwrap();
    assert_eq!(cong_an[5..].join("|"), "0|26|1|1|undated|1");
}

#[test]
fn html_is_a_notice_under_the_office_name() {
    let dir = site();
    let yaml = SITE.replace("name: Ban Tuyên giáo", "name: \"Ban <b>Tuyên</b> giáo\"");
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let html = pending(dir.path(), "2025-03-01", "html");
    for part in [
        "<h1>THÔNG BÁO</h1>",
        "PHÒNG NỘI VỤ – LĐTB&amp;XH",
        "/TB-PNV",
        "ngày 01 tháng 03 năm 2025",
        "Đơn vị chưa có gương điển hình (3/4)",
        "Ban &lt;b&gt;Tuyên&lt;/b&gt; giáo",
        "- Đồn Biên phòng: đã giới thiệu 2 gương (đã gửi đúng hạn).",
        "Nơi nhận:",
    ] {
        assert!(html.contains(part), "{part}\n{html}");
    }
    assert!(!html.contains("<b>"));
}

#[test]
fn pending_csv_cells_never_start_a_formula() {
    let dir = site();
    let yaml = SITE.replace("name: Công an huyện", "name: \"=1+1\"");
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let rows = parse_csv(pending(dir.path(), "2025-03-01", "csv").as_bytes());
    assert!(rows.iter().any(|r| r[1] == "'=1+1"), "{rows:?}");
}

#[test]
fn default_date_is_today_and_bad_usage_exits_2() {
    let dir = site();
    let now = chrono::Utc::now() + chrono::Duration::hours(7);
    let q = (chrono::Datelike::month(&now) - 1) / 3 + 1;
    let roman = ["I", "II", "III", "IV"][q as usize - 1];
    let label = format!("QUÝ {roman}/{}", chrono::Datelike::year(&now));
    let text = ok(&report(dir.path(), &["--pending"]));
    assert!(text.starts_with("NHẮC HẠN"), "{text}");
    assert!(text.lines().next().unwrap().ends_with(&label), "{text}");
    for args in [
        vec!["--pending", "--date", "2025-02-30"],
        vec!["--pending", "--date", "01/03/2025"],
        vec!["--pending", "--format", "xlsx"],
        vec!["--pending", "--year", "2025"],
        vec!["--date", "ngày mai"],
    ] {
        let out = report(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("không"), "{args:?}: {err}");
    }
}
