//! `guong report`: the quarterly and annual tables for the emulation office.

use crate::diagnostics::Failure;
use crate::model::coverage::Report;
use crate::pipeline::{LoadOptions, load_site};
use crate::report;
use chrono::{Datelike, NaiveDate, Utc};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Arguments of `report`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Năm (mặc định năm hiện tại theo múi giờ của trang)
    #[arg(long, value_name = "NĂM")]
    pub year: Option<String>,
    /// Chỉ một quý (1–4)
    #[arg(long, value_name = "QUÝ")]
    pub quarter: Option<String>,
    /// Định dạng: table | csv | html | xlsx
    #[arg(long, default_value = "table", value_name = "ĐỊNH_DẠNG")]
    pub format: String,
    /// Ghi ra tệp thay vì stdout (bắt buộc với xlsx khi stdout là cửa sổ dòng lệnh)
    #[arg(long, value_name = "TỆP")]
    pub output: Option<PathBuf>,
    /// Nhắc hạn: quý hiện tại, hạn gửi, các đơn vị chưa có gương (table | csv | html)
    #[arg(long)]
    pub pending: bool,
    /// Ngày lập báo cáo, thay cho hôm nay theo múi giờ của trang
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Csv,
    Html,
    Xlsx,
}

fn parse_format(s: &str) -> Result<Format, Failure> {
    match s.trim().to_ascii_lowercase().as_str() {
        "table" => Ok(Format::Table),
        "csv" => Ok(Format::Csv),
        "html" => Ok(Format::Html),
        "xlsx" => Ok(Format::Xlsx),
        _ => Err(Failure::Usage(format!(
            "--format `{s}` không hợp lệ: chọn một trong table, csv, html, xlsx"
        ))),
    }
}

fn parse_quarter(s: &str) -> Result<u8, Failure> {
    let t = s.trim();
    let n = match t.to_ascii_uppercase().as_str() {
        "I" => Some(1),
        "II" => Some(2),
        "III" => Some(3),
        "IV" => Some(4),
        _ => t.parse::<u8>().ok().filter(|n| (1..=4).contains(n)),
    };
    n.ok_or_else(|| {
        Failure::Usage(format!(
            "--quarter `{s}` không hợp lệ: quý phải là 1, 2, 3 hoặc 4"
        ))
    })
}

fn parse_year(s: &str) -> Result<i32, Failure> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1000..=9999).contains(y))
        .ok_or_else(|| {
            Failure::Usage(format!(
                "--year `{s}` không hợp lệ: ghi năm bằng bốn chữ số, ví dụ 2025"
            ))
        })
}

/// Runs `report` on the site at `root`.
pub fn run(root: &Path, args: Args) -> Result<(), Failure> {
    let format = parse_format(&args.format)?;
    let quarter = args.quarter.as_deref().map(parse_quarter).transpose()?;
    let year = args.year.as_deref().map(parse_year).transpose()?;
    let date = args.date.as_deref().map(parse_day).transpose()?;
    if args.pending && (format == Format::Xlsx || year.is_some() || quarter.is_some()) {
        return Err(Failure::Usage(
            "--pending nhắc hạn cho quý của ngày lập (--date), không dùng với --year, --quarter \
             hay --format xlsx"
                .into(),
        ));
    }
    if format == Format::Xlsx && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure::Usage(
            "tệp xlsx là dữ liệu nhị phân, không in ra cửa sổ dòng lệnh: thêm --output tên-tệp.xlsx \
             (hoặc chuyển hướng: guong report --format xlsx > bao-cao.xlsx)"
                .into(),
        ));
    }
    let output = args
        .output
        .as_deref()
        .map(|p| crate::write::guard::check_output_file(root, p))
        .transpose()?;
    let site = &load_site(&LoadOptions {
        root: root.to_path_buf(),
        drafts: false,
        base_url: None,
    })?;
    let today: NaiveDate =
        date.unwrap_or_else(|| Utc::now().with_timezone(&site.config.timezone).date_naive());
    let year = year.unwrap_or_else(|| today.year());
    let pending = args
        .pending
        .then(|| report::pending::Pending::of_site(site, today));
    let report = match &pending {
        Some(p) => p.report.clone(),
        None => Report::of_site(site, year, quarter, today),
    };
    // The table shows the note itself; elsewhere it goes to stderr beside the data.
    if let Some(note) = report.note()
        && !(format == Format::Table && args.output.is_none())
    {
        eprintln!("Lưu ý: {note}");
    }
    let bytes = match (format, &pending) {
        (Format::Csv, Some(p)) => report::pending::csv(p),
        (Format::Html, Some(p)) => report::pending::html(p).into_bytes(),
        (_, Some(p)) => report::pending::table(p).into_bytes(),
        (Format::Table, None) => report::table::render(&report).into_bytes(),
        (Format::Csv, None) => report::csv::render(&report),
        (Format::Html, None) => report::html::render(&report).into_bytes(),
        (Format::Xlsx, None) => report::xlsx::render(&report)
            .map_err(|e| Failure::Output(format!("không tạo được tệp xlsx: {e}")))?,
    };
    let output = output.as_deref();
    match output {
        Some(path) => {
            std::fs::write(path, &bytes).map_err(|e| {
                Failure::Output(format!("không ghi được tệp {}: {e}", path.display()))
            })?;
            eprintln!("Đã ghi báo cáo {} vào {}.", report.period(), path.display());
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                // A reader that stopped early (`| head`) is not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(Failure::Output(format!("không ghi được ra stdout: {e}")));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn parse_day(s: &str) -> Result<NaiveDate, Failure> {
    crate::text::dates::parse_date(s.trim()).ok_or_else(|| {
        Failure::Usage(format!(
            "--date `{s}` không hợp lệ: ghi ngày dạng YYYY-MM-DD, ví dụ 2025-12-01"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_arguments() {
        assert_eq!(parse_quarter("3").unwrap(), 3);
        assert_eq!(parse_quarter("iv").unwrap(), 4);
        assert!(parse_quarter("5").is_err());
        assert!(parse_quarter("0").is_err());
        assert!(parse_quarter("một").is_err());
        assert_eq!(parse_format("CSV").unwrap(), Format::Csv);
        assert!(parse_format("pdf").is_err());
        assert_eq!(parse_year("2025").unwrap(), 2025);
        assert!(parse_year("25").is_err());
        assert!(parse_year("-2025").is_err());
        assert!(parse_day("2025-12-01").is_ok());
        assert!(parse_day("2025-02-30").is_err());
        assert!(parse_day("01/12/2025").is_err());
    }
}
