//! `guong report` on fixture sites with known counts, through the real binary.

mod report_common;

use report_common::*;
use std::path::Path;
use std::process::{Command, Output};

const HEADER: &str =
    "unit_id,unit,bloc,duty_quarter,q1,q2,q3,q4,total,late,undated,quarters_covered";

#[test]
fn annual_csv_cell_by_cell() {
    let dir = site();
    let out = report(dir.path(), &["--year", "2025", "--format", "csv"]);
    let stdout = ok(&out);
    assert!(!stdout.contains('\r'), "LF line ends");
    let rows = parse_csv(&out.stdout);
    let expected: Vec<Vec<&str>> = vec![
        HEADER.split(',').collect(),
        "ban-tuyen-giao|Ban Tuyên giáo|Khối Đảng, đoàn thể||0|0|0|0|0|0|0|0"
            .split('|')
            .collect(),
        "cong-an|Công an huyện|Khối lực lượng vũ trang|3|0|0|1|0|1|0|1|1"
            .split('|')
            .collect(),
        "don-bien-phong|Đồn Biên phòng|Khối lực lượng vũ trang|1|2|0|0|0|2|1|0|1"
            .split('|')
            .collect(),
        "uy-ban-mttq|Ủy ban Mặt trận|Khối Đảng, đoàn thể|2|0|1|0|1|2|1|0|2"
            .split('|')
            .collect(),
    ];
    assert_eq!(rows, expected);
    // The raw first line is exactly SPEC §6's header: no byte-order mark, no CR.
    assert!(stdout.starts_with(&format!("{HEADER}\n")), "{stdout:?}");
}

#[test]
fn quarter_filter() {
    let dir = site();
    let out = report(
        dir.path(),
        &["--year", "2025", "--quarter", "1", "--format", "csv"],
    );
    let rows = parse_csv(&out.stdout);
    assert_eq!(
        rows[0].join(","),
        "unit_id,unit,bloc,duty_quarter,quarter,on_duty,exemplars,late,undated,covered,titles"
    );
    assert_eq!(rows.len(), 5, "one row per unit");
    let don = rows.iter().find(|r| r[0] == "don-bien-phong").unwrap();
    assert_eq!(
        don[4..].join("|"),
        "2025-Q1|1|2|1|0|1|Đúng hạn ngày 4; Trễ hạn ngày 5"
    );
    let ban = rows.iter().find(|r| r[0] == "ban-tuyen-giao").unwrap();
    assert_eq!(
        ban[4..].join("|"),
        "2025-Q1|0|0|0|0|0|",
        "the draft does not count"
    );

    let table = ok(&report(dir.path(), &["--year", "2025", "--quarter", "3"]));
    assert!(table.contains("QUÝ III/2025"));
    assert!(!table.contains("QUÝ I/2025"));
    assert!(table.contains("Chưa ghi ngày gửi: 1"));
    assert!(table.contains("Đã có gương"));
    let cong_an = table
        .lines()
        .find(|l| l.starts_with("  Công an huyện"))
        .unwrap();
    let cells: Vec<&str> = cong_an.split_whitespace().skip(3).collect();
    assert_eq!(cells, ["Quý", "III", "1", "0", "1", "có"]);
}

#[test]
fn table_is_grouped_aligned_and_lists_what_to_chase() {
    let dir = site();
    let out = ok(&report(dir.path(), &["--year", "2025"]));
    for title in [
        "Đơn vị",
        "Quý I",
        "Quý IV",
        "Tổng",
        "Trễ hạn",
        "Chưa ghi ngày",
    ] {
        assert!(out.contains(title), "column {title}");
    }
    // Grouped by bloc in site.yaml order, units in Vietnamese order inside.
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("missing {s}"));
    assert!(pos("Khối lực lượng vũ trang") < pos("  Công an huyện"));
    assert!(pos("  Công an huyện") < pos("  Đồn Biên phòng"));
    assert!(pos("Khối Đảng, đoàn thể\n") < pos("  Ban Tuyên giáo"));
    assert!(pos("  Đồn Biên phòng") < pos("Khối Đảng, đoàn thể\n"));
    // Summary rows share one width (display width, not bytes).
    let summary: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Đơn vị"))
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") || l.starts_with("Đơn vị"))
        .collect();
    assert_eq!(summary.len(), 5);
    let widths: Vec<usize> = summary.iter().map(|l| l.chars().count()).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}\n{out}");
    // Per quarter: late, undated, units with none, duty units.
    assert!(out.contains("Trễ hạn ngày 5 (Đồn Biên phòng, gửi 05/03/2025)"));
    assert!(out.contains("Đơn vị chưa có gương điển hình (cần đôn đốc): 3"));
    assert!(out.contains("  – Công an huyện: Chưa ghi ngày gửi"));
    assert!(!out.contains("Ủy ban Mặt trận: chưa giới thiệu gương nào"));
    assert!(out.contains("https://example.gov.vn/guong/bai-viet/dung-han-ngay-4/"));
    assert!(!out.contains("Bản nháp"));
}

#[test]
fn html_is_a_printable_escaped_page() {
    let dir = site();
    let html = ok(&report(dir.path(), &["--year", "2025", "--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(html.contains("Độc lập – Tự do – Hạnh phúc"));
    assert!(html.contains("UBND HUYỆN ĐẢO XANH"));
    assert!(html.contains("Kết quả giới thiệu gương điển hình tiên tiến năm 2025"));
    assert!(html.contains("TRƯỞNG PHÒNG"));
    // The editor's markup is text, never markup.
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // No external resources.
    assert!(!html.contains("<link"));
    assert!(!html.contains(" src="));
    // Figures: Đồn Biên phòng has 2 in quarter I, total 2, 1 late, 0 undated, 1 quarter.
    let row = html
        .lines()
        .find(|l| l.contains("<td class=\"name\">Đồn Biên phòng</td>"))
        .unwrap();
    let cells: Vec<&str> = row
        .split("<td class=\"n\">")
        .skip(2)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["Quý I", "2", "0", "0", "0", "2", "1", "0", "1"]);
    let empty = html
        .lines()
        .find(|l| l.contains("<td class=\"name\">Ban Tuyên giáo</td>"))
        .unwrap();
    assert_eq!(empty.matches("<td class=\"n\">0</td>").count(), 8);
}

#[test]
fn bad_arguments_exit_2_in_vietnamese() {
    let dir = site();
    for (args, needle) in [
        (vec!["--quarter", "5"], "--quarter `5` không hợp lệ"),
        (vec!["--quarter", "0"], "quý phải là 1, 2, 3 hoặc 4"),
        (vec!["--quarter", "x"], "quý phải là 1, 2, 3 hoặc 4"),
        (vec!["--format", "pdf"], "table, csv, html, xlsx"),
        (vec!["--year", "hai"], "--year `hai` không hợp lệ"),
    ] {
        let out = report(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
    let missing = tempfile::tempdir().unwrap();
    assert_eq!(report(missing.path(), &[]).status.code(), Some(2));
}

#[test]
fn a_year_without_content_is_an_honest_zero_report() {
    let dir = site();
    let out = report(dir.path(), &["--year", "2031", "--format", "csv"]);
    ok(&out);
    let rows = parse_csv(&out.stdout);
    assert_eq!(rows.len(), 5);
    for r in &rows[1..] {
        assert_eq!(r[4..].join(","), "0,0,0,0,0,0,0,0");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("năm 2031"));
    let table = ok(&report(dir.path(), &["--year", "2031"]));
    assert!(table.contains("Ghi chú: Chưa có gương điển hình nào"));
    assert!(table.contains("Đơn vị chưa có gương điển hình (cần đôn đốc): 4"));
}

#[test]
fn default_year_is_this_year_in_the_site_timezone() {
    let dir = site();
    let now = chrono::Utc::now() + chrono::Duration::hours(7);
    let year = chrono::Datelike::year(&now);
    let out = ok(&report(dir.path(), &[]));
    assert!(out.starts_with(&format!("BÁO CÁO GƯƠNG ĐIỂN HÌNH TIÊN TIẾN NĂM {year}\n")));
}

#[test]
fn output_file() {
    let dir = site();
    let file = dir.path().join("bao-cao.csv");
    let out = report(
        dir.path(),
        &[
            "--year",
            "2025",
            "--format",
            "csv",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok(&out).is_empty());
    let rows = parse_csv(&std::fs::read(&file).unwrap());
    assert_eq!(rows.len(), 5);
}

fn build(root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guong"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .output()
        .unwrap()
}

#[test]
fn publish_adds_a_coverage_page_only_when_asked() {
    let dir = site();
    ok(&build(dir.path()));
    assert!(
        !dir.path().join("output/bao-cao").exists(),
        "off by default"
    );
    let home = std::fs::read_to_string(dir.path().join("output/index.html")).unwrap();
    assert!(
        !home.contains("bao-cao/"),
        "no link to a page that does not exist"
    );

    let yaml = format!("{SITE}report:\n  publish: true\n");
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    ok(&build(dir.path()));
    let page = std::fs::read_to_string(dir.path().join("output/bao-cao/2025/index.html")).unwrap();
    assert!(page.contains("Kết quả giới thiệu gương điển hình năm 2025"));
    assert!(page.contains("href=\"/guong/don-vi/don-bien-phong/\""));
    assert!(page.contains("href=\"/guong/luu-tru/2025/quy-1/\""));
    assert!(page.contains("href=\"/guong/bao-cao/2024/\""));
    assert!(
        page.contains("<td class=\"n\">2/4</td>"),
        "Ủy ban Mặt trận covers two quarters"
    );
    assert!(!page.contains("Trễ hạn"), "lateness stays with the office");
    assert!(dir.path().join("output/bao-cao/2024/index.html").exists());
    let sitemap = std::fs::read_to_string(dir.path().join("output/sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://example.gov.vn/guong/bao-cao/2025/"));
    // Linked from the menu of every page (the newest year) and from each year of the archive.
    let home = std::fs::read_to_string(dir.path().join("output/index.html")).unwrap();
    assert!(
        home.contains("<a href=\"/guong/bao-cao/2025/\">Kết quả</a>"),
        "{home}"
    );
    assert!(page.contains("<a href=\"/guong/bao-cao/2025/\" aria-current=\"page\">Kết quả</a>"));
    let archive = std::fs::read_to_string(dir.path().join("output/luu-tru/index.html")).unwrap();
    for y in ["2025", "2024"] {
        let link = format!("<a href=\"/guong/bao-cao/{y}/\">Kết quả giới thiệu năm {y}</a>");
        assert!(archive.contains(&link), "{link}");
    }
}

#[test]
fn publish_works_with_a_theme_without_report_template() {
    let dir = site();
    let yaml = format!("{SITE}theme: mini\nreport:\n  publish: true\n");
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let templates = dir.path().join("themes/mini/templates");
    std::fs::create_dir_all(&templates).unwrap();
    for name in guong::render::templates::REQUIRED {
        std::fs::write(templates.join(name), "<p>{{ page_title }}</p>\n").unwrap();
    }
    ok(&build(dir.path()));
    let page = std::fs::read_to_string(dir.path().join("output/bao-cao/2025/index.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<td><a href=\"/guong/don-vi/ban-tuyen-giao/\">Ban Tuyên giáo</a></td>"));
    assert!(page.contains("0/4"));
}

/// SPEC §7: no CSV cell starts a formula, whatever an editor typed in a title or a name.
#[test]
fn csv_cells_never_start_a_formula() {
    let dir = site();
    let yaml = SITE.replace("name: Ban Tuyên giáo", "name: \"@Ban Tuyên giáo\"");
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let evil = r#"=HYPERLINK("https://evil.example","Xem")"#;
    std::fs::write(
        dir.path().join("content/evil.md"),
        format!(
            "---\ntitle: '{evil}'\ndate: 2025-05-02\nunit: ban-tuyen-giao\nfield: nguoi-tot\nkind: ca-nhan\nsummary: Tóm tắt.\n---\n\nNội dung.\n"
        ),
    )
    .unwrap();
    let annual = report(dir.path(), &["--year", "2025", "--format", "csv"]);
    let rows = parse_csv(&annual.stdout);
    assert_eq!(rows[0].join(","), HEADER);
    assert_eq!(rows[1][1], "'@Ban Tuyên giáo");
    let quarter = report(
        dir.path(),
        &["--year", "2025", "--quarter", "2", "--format", "csv"],
    );
    let rows = parse_csv(&quarter.stdout);
    let ban = rows.iter().find(|r| r[0] == "ban-tuyen-giao").unwrap();
    assert_eq!(ban[10], format!("'{evil}"));
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell}"
        );
    }
}

/// The issuer of the HTML report comes from `report:` in `site.yaml`; today's text is the default.
#[test]
fn html_issuer_from_site_yaml() {
    let dir = site();
    let html = ok(&report(dir.path(), &["--year", "2025", "--format", "html"]));
    for default in [
        "UBND HUYỆN ĐẢO XANH",
        "PHÒNG NỘI VỤ – LĐTB&amp;XH",
        "/BC-PNV",
        "Đảo Xanh, ngày",
        "TRƯỞNG PHÒNG",
        "- Lưu: VT.</td>",
    ] {
        assert!(html.contains(default), "{default}");
    }
    let yaml = format!(
        "{SITE}report:\n  office: PHÒNG VĂN HÓA – THÔNG TIN\n  parent: UBND THÀNH PHỐ HÒA BÌNH\n  number_suffix: /BC-VHTT\n  place: Hòa Bình\n  signer_title: \"KT. TRƯỞNG PHÒNG\\nPHÓ TRƯỞNG PHÒNG <i>\"\n  signer_name: Nguyễn Văn An\n  recipients:\n    - Như trên\n    - \"Lưu: VT, VHTT.\"\n"
    );
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let html = ok(&report(dir.path(), &["--year", "2025", "--format", "html"]));
    for set in [
        "UBND THÀNH PHỐ HÒA BÌNH<br><strong>PHÒNG VĂN HÓA – THÔNG TIN</strong>",
        "/BC-VHTT</td>",
        "Hòa Bình, ngày",
        "KT. TRƯỞNG PHÒNG<br>PHÓ TRƯỞNG PHÒNG &lt;i&gt;",
        "Nguyễn Văn An</td>",
        "- Như trên;<br>- Lưu: VT, VHTT.</td>",
    ] {
        assert!(html.contains(set), "{set}\n{html}");
    }
    for gone in [
        "PHÒNG NỘI VỤ",
        "/BC-PNV",
        "Đảo Xanh, ngày",
        "Hội đồng Thi đua",
    ] {
        assert!(!html.contains(gone), "{gone}");
    }

    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{SITE}report:\n  signer: Nguyễn Văn An\n  recipients: []\n"),
    )
    .unwrap();
    let out = report(dir.path(), &["--year", "2025", "--format", "html"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = SITE.lines().count() + 2;
    assert!(err.contains(&format!("site.yaml:{line}:3")), "{err}");
    assert!(err.contains("khóa không hợp lệ `signer`"), "{err}");
    assert!(
        err.contains("signer_name") || err.contains("signer_title"),
        "{err}"
    );
    assert!(err.contains("cần ít nhất một nơi nhận"), "{err}");
}

#[test]
fn a_broken_theme_does_not_stop_the_report() {
    let dir = site();
    let yaml = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}\ntheme: khong-co\n")).unwrap();
    // The build fails on the missing theme; the report, which renders no page, does not.
    let built = build(dir.path());
    assert!(!built.status.success());
    assert!(String::from_utf8_lossy(&built.stderr).contains("khong-co"));
    let out = report(dir.path(), &["--year", "2025", "--format", "csv"]);
    assert!(ok(&out).starts_with(&format!("{HEADER}\n")));
}

#[test]
fn a_deadline_day_past_the_months_end_leaves_the_whole_month_on_time() {
    // SPEC §6: on time when `submitted` falls before `deadline_day` of the quarter's last
    // month; June has no 31st, so with `deadline_day: 31` the 30th of June is on time and the
    // 1st of July is late.
    let dir = site();
    let yaml = SITE.replace("deadline_day: 5", "deadline_day: 31");
    std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let article = |file: &str, submitted: &str| {
        let text = format!(
            "---\ntitle: \"Gửi {submitted}\"\ndate: 2025-06-01\nunit: ban-tuyen-giao\nfield: nguoi-tot\nkind: ca-nhan\nsummary: Thành tích.\nquarter: 2025-Q2\nsubmitted: {submitted}\n---\n\nNội dung.\n"
        );
        std::fs::write(dir.path().join("content").join(file), text).unwrap();
    };
    article("cuoi-thang.md", "2025-06-30");
    let out = report(dir.path(), &["--year", "2025", "--format", "csv"]);
    let rows = parse_csv(&out.stdout);
    let ban = rows.iter().find(|r| r[0] == "ban-tuyen-giao").unwrap();
    assert_eq!((ban[5].as_str(), ban[9].as_str()), ("1", "0"), "{rows:?}");
    article("thang-sau.md", "2025-07-01");
    let out = report(dir.path(), &["--year", "2025", "--format", "csv"]);
    let rows = parse_csv(&out.stdout);
    let ban = rows.iter().find(|r| r[0] == "ban-tuyen-giao").unwrap();
    assert_eq!((ban[5].as_str(), ban[9].as_str()), ("2", "1"), "{rows:?}");
}
