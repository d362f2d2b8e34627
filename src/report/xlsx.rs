//! `--format xlsx`: a workbook with a summary sheet ("Cả năm", or "Tổng hợp Quý N" for one
//! quarter) whose columns are the CSV's with Vietnamese titles, and one sheet per selected
//! quarter ("Quý I" …) listing its exemplars and then the units with none. Header rows are
//! frozen and column widths set.

use super::{Report, quarter_title, short_date};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

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

const QUARTER_HEADER: &[&str] = &[
    "STT",
    "Đơn vị",
    "Khối",
    "Tên bài",
    "Loại",
    "Ngày gửi",
    "Tình trạng",
    "Trực lên tỉnh",
    "Đường dẫn",
];

/// Renders the report as an xlsx file's bytes.
pub fn render(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_border(FormatBorder::Thin);
    let note = Format::new().set_italic();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    let name = match report.only {
        Some(n) => format!("Tổng hợp {}", quarter_title(n)),
        None => "Cả năm".to_string(),
    };
    ws.set_name(name)?;
    header(ws, SUMMARY_HEADER, &bold)?;
    for (col, w) in [12, 38, 40, 9, 7, 7, 7, 7, 7, 9, 17, 15]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(col as u16, w)?;
    }
    let mut r = 1u32;
    for row in &report.rows {
        let u = report.unit(row.unit);
        ws.write_string(r, 0, &u.id)?;
        ws.write_string(r, 1, &u.name)?;
        ws.write_string(r, 2, &u.bloc)?;
        if let Some(n) = u.duty_quarter {
            ws.write_number(r, 3, n)?;
        }
        for (i, c) in row.counts.iter().enumerate() {
            ws.write_number(r, 4 + i as u16, *c as f64)?;
        }
        ws.write_number(r, 8, row.total() as f64)?;
        ws.write_number(r, 9, row.late as f64)?;
        ws.write_number(r, 10, row.undated as f64)?;
        ws.write_number(r, 11, row.covered() as f64)?;
        r += 1;
    }
    if let Some(text) = report.note() {
        ws.write_string_with_format(r + 1, 0, text, &note)?;
    }
    for q in &report.quarters {
        let ws = wb.add_worksheet();
        ws.set_name(quarter_title(q.quarter.n))?;
        header(ws, QUARTER_HEADER, &bold)?;
        for (col, w) in [5, 32, 30, 50, 12, 11, 17, 12, 50].into_iter().enumerate() {
            ws.set_column_width(col as u16, w)?;
        }
        let mut r = 1u32;
        for (n, (e, s)) in q.entries.iter().enumerate() {
            let u = report.unit(e.unit);
            ws.write_number(r, 0, (n + 1) as f64)?;
            ws.write_string(r, 1, &u.name)?;
            ws.write_string(r, 2, &u.bloc)?;
            ws.write_string(r, 3, &e.title)?;
            ws.write_string(r, 4, e.kind.name())?;
            if let Some(d) = e.submitted {
                date(ws, r, 5, d, &date_format)?;
            }
            ws.write_string(r, 6, s.label())?;
            if u.duty_quarter == Some(q.quarter.n) {
                ws.write_string(r, 7, "Có")?;
            }
            ws.write_string(r, 8, &e.url)?;
            r += 1;
        }
        r += 1;
        ws.write_string_with_format(
            r,
            1,
            format!(
                "Đơn vị chưa có gương điển hình {} ({})",
                q.quarter.label(),
                q.missing.len()
            ),
            &bold,
        )?;
        for &u in &q.missing {
            r += 1;
            ws.write_string(r, 1, &report.unit(u).name)?;
            ws.write_string(r, 2, &report.unit(u).bloc)?;
            if report.unit(u).duty_quarter == Some(q.quarter.n) {
                ws.write_string(r, 7, "Có")?;
            }
        }
    }
    wb.save_to_buffer()
}

/// Writes a real date cell (shown `dd/mm/yyyy`); dates Excel cannot hold become text.
fn date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: NaiveDate,
    format: &Format,
) -> Result<(), XlsxError> {
    let excel = u16::try_from(d.year())
        .ok()
        .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok());
    match excel {
        Some(dt) => ws.write_datetime_with_format(row, col, &dt, format)?,
        None => ws.write_string(row, col, short_date(Some(d)))?,
    };
    Ok(())
}

fn header(ws: &mut Worksheet, titles: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
