//! `--format xlsx`: a workbook the office can print and hand in as it is. A summary sheet
//! ("Cả năm", or "Tổng hợp Quý N" for one quarter) with the CSV's columns in Vietnamese, and one
//! sheet per selected quarter ("Quý I" …) listing its exemplars and then the units with none.
//!
//! Every sheet: title rows (report, period, issuing office, date), a frozen header with an
//! auto-filter, a total row of formulas (with their results cached, so every reader shows them),
//! A4 landscape fit to one page wide, the header row repeated on each printed page.

use crate::model::coverage::{QuarterReport, Report, Status, quarter_title, short_date};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Url, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// The summary sheet's column titles (the annual CSV's columns, in Vietnamese).
pub const SUMMARY_HEADER: &[&str] = &[
    "Mã đơn vị",
    "Đơn vị",
    "Khối",
    "Quý trực",
    "Quý I",
    "Quý II",
    "Quý III",
    "Quý IV",
    "Tổng",
    "Trễ hạn",
    "Chưa ghi ngày gửi",
    "Số quý có gương",
];

/// A quarter sheet's column titles.
pub const QUARTER_HEADER: &[&str] = &[
    "STT",
    "Đơn vị",
    "Khối",
    "Tên bài",
    "Loại",
    "Ngày gửi",
    "Tình trạng",
    "Trực lên tỉnh",
];

/// The row (0-based) of each sheet's column titles; the title rows are above it.
pub const HEADER_ROW: u32 = 4;
const FIRST: u32 = HEADER_ROW + 1;
const FONT: &str = "Times New Roman";

/// The cell formats of the workbook.
struct Formats {
    title: Format,
    subtitle: Format,
    italic: Format,
    head: Format,
    text: Format,
    num: Format,
    date: Format,
    link: Format,
    total: Format,
    total_num: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(12);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let center = |f: Format| f.set_align(FormatAlign::Center);
        Formats {
            title: center(base.clone().set_bold().set_font_size(14)),
            subtitle: center(base.clone().set_bold()),
            italic: center(base.clone().set_italic()),
            head: center(cell.clone().set_bold().set_background_color(0xD9D9D9)),
            text: cell.clone(),
            num: center(cell.clone()),
            date: center(cell.clone().set_num_format("dd/mm/yyyy")),
            link: cell.clone().set_hyperlink(),
            total: cell.clone().set_bold(),
            total_num: center(cell.set_bold()),
        }
    }
}

/// Renders the report as an xlsx file's bytes.
pub fn render(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    summary(wb.add_worksheet(), report, &f)?;
    for q in &report.quarters {
        quarter(wb.add_worksheet(), report, q, &f)?;
    }
    wb.save_to_buffer()
}

fn summary(ws: &mut Worksheet, report: &Report, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(match report.only {
        Some(n) => format!("Tổng hợp {}", quarter_title(n)),
        None => "Cả năm".to_string(),
    })?;
    let period = match report.only {
        Some(_) => report.period(),
        None => format!("Năm {}", report.year),
    };
    let widths = [13, 32, 26, 9, 7, 7, 7, 7, 7, 8, 11, 10];
    let last = widths.len() as u16 - 1;
    page(
        ws,
        report,
        "BÁO CÁO KẾT QUẢ GIỚI THIỆU GƯƠNG ĐIỂN HÌNH TIÊN TIẾN",
        &period,
        &widths,
        f,
    )?;
    header(ws, SUMMARY_HEADER, f)?;
    let mut r = FIRST;
    for row in &report.rows {
        let u = report.unit(row.unit);
        ws.write_string_with_format(r, 0, &u.id, &f.text)?;
        ws.write_string_with_format(r, 1, &u.name, &f.text)?;
        ws.write_string_with_format(r, 2, &u.bloc, &f.text)?;
        let duty = u.duty_quarter.map(quarter_title).unwrap_or_default();
        ws.write_string_with_format(r, 3, duty, &f.num)?;
        let figures =
            row.counts
                .into_iter()
                .chain([row.total(), row.late, row.undated, row.covered()]);
        for (i, n) in figures.enumerate() {
            ws.write_number_with_format(r, 4 + i as u16, n as f64, &f.num)?;
        }
        fit_row(
            ws,
            r,
            &[
                (&u.id, widths[0]),
                (&u.name, widths[1]),
                (&u.bloc, widths[2]),
            ],
        )?;
        r += 1;
    }
    ws.autofilter(HEADER_ROW, 0, r - 1, last)?;
    // The total row: sums of the visible rows (SUBTOTAL 109), so a filtered bloc totals itself.
    let rows = &report.rows;
    let sums: [usize; 7] = [
        rows.iter().map(|x| x.counts[0]).sum(),
        rows.iter().map(|x| x.counts[1]).sum(),
        rows.iter().map(|x| x.counts[2]).sum(),
        rows.iter().map(|x| x.counts[3]).sum(),
        rows.iter().map(|x| x.total()).sum(),
        rows.iter().map(|x| x.late).sum(),
        rows.iter().map(|x| x.undated).sum(),
    ];
    for c in [0, 2, 3, last] {
        ws.write_blank(r, c, &f.total)?;
    }
    ws.write_string_with_format(r, 1, "Tổng cộng", &f.total)?;
    for (i, sum) in sums.into_iter().enumerate() {
        let col = 4 + i as u16;
        total(ws, r, col, "SUBTOTAL(109,", rows.len(), sum, &f.total_num)?;
    }
    if let Some(text) = report.note() {
        ws.write_string_with_format(r + 2, 0, text, &Format::new().set_italic())?;
    }
    Ok(())
}

fn quarter(
    ws: &mut Worksheet,
    report: &Report,
    q: &QuarterReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(quarter_title(q.quarter.n))?;
    let period = format!(
        "{} – hạn gửi: trước ngày {}",
        q.quarter.label(),
        q.deadline.format("%d/%m/%Y")
    );
    // LibreOffice never wraps a hyperlink cell: the title column grows with the longest
    // title (up to a limit) so that titles print whole there too; Excel wraps longer ones.
    let longest = q.entries.iter().map(|(e, _)| e.title.width()).max();
    let title_width = longest.map_or(40, |w| (w * 5 / 6 + 2).clamp(40, 80)) as u16;
    let widths = [5, 28, 24, title_width, 12, 11, 16, 9];
    let last = widths.len() as u16 - 1;
    page(
        ws,
        report,
        "DANH SÁCH GƯƠNG ĐIỂN HÌNH TIÊN TIẾN ĐÃ GIỚI THIỆU",
        &period,
        &widths,
        f,
    )?;
    header(ws, QUARTER_HEADER, f)?;
    let mut r = FIRST;
    for (n, (e, s)) in q.entries.iter().enumerate() {
        let u = report.unit(e.unit);
        ws.write_number_with_format(r, 0, (n + 1) as f64, &f.num)?;
        ws.write_string_with_format(r, 1, &u.name, &f.text)?;
        ws.write_string_with_format(r, 2, &u.bloc, &f.text)?;
        let link = Url::new(&e.url).set_text(&e.title);
        if ws.write_url_with_format(r, 3, link, &f.link).is_err() {
            // A link Excel cannot hold (over 2,080 characters) stays a plain title.
            ws.write_string_with_format(r, 3, &e.title, &f.text)?;
        }
        ws.write_string_with_format(r, 4, e.kind.name(), &f.text)?;
        date(ws, r, 5, e.submitted, &f.date)?;
        ws.write_string_with_format(r, 6, s.label(), &f.text)?;
        let cells = [
            (&*u.name, widths[1]),
            (&u.bloc, widths[2]),
            (&e.title, widths[3]),
        ];
        fit_row(ws, r, &cells)?;
        let duty = if u.duty_quarter == Some(q.quarter.n) {
            "Có"
        } else {
            ""
        };
        ws.write_string_with_format(r, 7, duty, &f.num)?;
        r += 1;
    }
    let n = q.entries.len();
    if n == 0 {
        ws.merge_range(
            r,
            0,
            r,
            last,
            "Chưa có gương điển hình nào được giới thiệu.",
            &f.text,
        )?;
        r += 1;
    }
    ws.autofilter(HEADER_ROW, 0, r - 1, last)?;
    let count = |s: Status| q.entries.iter().filter(|(_, x)| *x == s).count();
    let (first, end) = (FIRST + 1, FIRST + n as u32); // 1-based rows of the entries
    let status = |s: Status| format!("COUNTIF(G{first}:G{end},\"{}\")", s.label());
    let lines = [
        ("Tổng số gương", format!("SUBTOTAL(103,D{first}:D{end})"), n),
        ("Gửi trễ hạn", status(Status::Late), count(Status::Late)),
        (
            "Chưa ghi ngày gửi",
            status(Status::Undated),
            count(Status::Undated),
        ),
    ];
    for (label, func, value) in lines {
        ws.merge_range(r, 0, r, 2, label, &f.total)?;
        if n == 0 {
            ws.write_number_with_format(r, 3, 0.0, &f.total)?;
        } else {
            let formula = Formula::new(format!("={func}")).set_result(value.to_string());
            ws.write_formula_with_format(r, 3, formula, &f.total)?;
        }
        r += 1;
    }
    r += 1;
    let missing = format!(
        "Đơn vị chưa có gương điển hình {} ({})",
        q.quarter.label(),
        q.missing.len()
    );
    ws.merge_range(r, 0, r, 3, &missing, &f.total)?;
    for (i, &u) in q.missing.iter().enumerate() {
        r += 1;
        let unit = report.unit(u);
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.num)?;
        ws.write_string_with_format(r, 1, &unit.name, &f.text)?;
        ws.write_string_with_format(r, 2, &unit.bloc, &f.text)?;
        let duty = if unit.duty_quarter == Some(q.quarter.n) {
            "Trực lên tỉnh"
        } else {
            ""
        };
        ws.write_string_with_format(r, 3, duty, &f.text)?;
        fit_row(ws, r, &[(&unit.name, widths[1]), (&unit.bloc, widths[2])])?;
    }
    Ok(())
}

/// Sets a row's height to fit `cells` (text, column width) wrapped: readers do not all
/// recompute heights on opening, so the lines are estimated from display width.
fn fit_row(ws: &mut Worksheet, row: u32, cells: &[(&str, u16)]) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            // A 12-point Times letter is about 5/6 of a column-width unit.
            let per_line = (usize::from(*width) * 6 / 5).saturating_sub(1).max(1);
            text.width().div_ceil(per_line).max(1)
        })
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(row, 16.0 * lines as f64)?;
    }
    Ok(())
}

/// A total cell: `=<func><col><first>:<col><last>)` with its result cached.
fn total(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    func: &str,
    rows: usize,
    value: usize,
    format: &Format,
) -> Result<(), XlsxError> {
    if rows == 0 {
        ws.write_number_with_format(row, col, 0.0, format)?;
        return Ok(());
    }
    let letter = char::from(b'A' + col as u8);
    let text = format!("={func}{letter}{}:{letter}{})", FIRST + 1, row);
    let formula = Formula::new(text).set_result(value.to_string());
    ws.write_formula_with_format(row, col, formula, format)?;
    Ok(())
}

/// Title rows, column widths and the print setup shared by every sheet.
fn page(
    ws: &mut Worksheet,
    report: &Report,
    title: &str,
    period: &str,
    widths: &[u16],
    f: &Formats,
) -> Result<(), XlsxError> {
    let last = widths.len() as u16 - 1;
    let district = report.district.as_deref();
    let office = format!(
        "{} – {}",
        report.issuer.parent_line(district),
        report.issuer.office
    );
    let made = format!("Ngày lập: {}", report.today.format("%d/%m/%Y"));
    ws.merge_range(0, 0, 0, last, title, &f.title)?;
    ws.merge_range(1, 0, 1, last, period, &f.subtitle)?;
    ws.merge_range(2, 0, 2, last, &office, &f.subtitle)?;
    ws.merge_range(3, 0, 3, last, &made, &f.italic)?;
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *w)?;
    }
    ws.set_row_height(0, 21)?;
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_footer("&CTrang &P/&N");
    Ok(())
}

fn header(ws: &mut Worksheet, titles: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *t, &f.head)?;
    }
    ws.set_row_height(HEADER_ROW, 32)?;
    ws.set_freeze_panes(FIRST, 0)?;
    Ok(())
}

/// Writes a real date cell (shown `dd/mm/yyyy`); dates Excel cannot hold become text.
fn date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Option<NaiveDate>,
    format: &Format,
) -> Result<(), XlsxError> {
    let excel = d.and_then(|d| {
        let y = u16::try_from(d.year()).ok()?;
        ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
    });
    match excel {
        Some(dt) => ws.write_datetime_with_format(row, col, &dt, format)?,
        None => ws.write_string_with_format(row, col, short_date(d), format)?,
    };
    Ok(())
}
