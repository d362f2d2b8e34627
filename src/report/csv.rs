//! `--format csv`: UTF-8 without a byte-order mark, RFC 4180 quoting, LF line ends, so the
//! first line is exactly the header of SPEC §6 (the office's Excel path is `--format xlsx`).
//!
//! - Annual (no `--quarter`): the SPEC §6 header
//!   `unit_id,unit,bloc,duty_quarter,q1,q2,q3,q4,total,late,undated,quarters_covered`.
//! - One quarter (`--quarter N`): one row per unit, in the same order, with that quarter's
//!   figures: `unit_id,unit,bloc,duty_quarter,quarter,on_duty,exemplars,late,undated,covered,titles`
//!   (`quarter` as `2025-Q3`, `on_duty` and `covered` as 1 or 0, `titles` joined by `; `).
//!
//! A cell that a spreadsheet would read as a formula (SPEC §7) is prefixed with `'`.

use crate::model::coverage::Report;

/// The annual header of SPEC §6.
pub const ANNUAL_HEADER: &[&str] = &[
    "unit_id",
    "unit",
    "bloc",
    "duty_quarter",
    "q1",
    "q2",
    "q3",
    "q4",
    "total",
    "late",
    "undated",
    "quarters_covered",
];

/// The header of a one-quarter CSV.
pub const QUARTER_HEADER: &[&str] = &[
    "unit_id",
    "unit",
    "bloc",
    "duty_quarter",
    "quarter",
    "on_duty",
    "exemplars",
    "late",
    "undated",
    "covered",
    "titles",
];

/// Quotes a field when RFC 4180 requires it, after [`defuse`].
pub fn field(s: &str) -> String {
    let s = &*defuse(s);
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Prefixes `'` to a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return, so
/// that Excel and LibreOffice show it as text instead of running it as a formula (SPEC §7).
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// Appends one CSV line (LF-terminated) of `cells`.
pub fn record(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.push_str(&line.join(","));
    out.push('\n');
}

/// Renders the report as CSV bytes; the first line is the header.
pub fn render(report: &Report) -> Vec<u8> {
    let mut out = String::new();
    let owned = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match report.quarters.as_slice() {
        [q] if report.only.is_some() => {
            record(&mut out, &owned(QUARTER_HEADER));
            let i = usize::from(q.quarter.n - 1);
            for row in &report.rows {
                let u = report.unit(row.unit);
                let titles: Vec<&str> = q.of_unit(row.unit).map(|e| e.title.as_str()).collect();
                let flag = |b: bool| if b { "1" } else { "0" }.to_string();
                record(
                    &mut out,
                    &[
                        u.id.clone(),
                        u.name.clone(),
                        u.bloc.clone(),
                        u.duty_quarter.map(|n| n.to_string()).unwrap_or_default(),
                        q.quarter.id(),
                        flag(u.duty_quarter == Some(q.quarter.n)),
                        row.counts[i].to_string(),
                        row.late.to_string(),
                        row.undated.to_string(),
                        flag(row.counts[i] > 0),
                        titles.join("; "),
                    ],
                );
            }
        }
        _ => {
            record(&mut out, &owned(ANNUAL_HEADER));
            for row in &report.rows {
                let u = report.unit(row.unit);
                let mut cells = vec![
                    u.id.clone(),
                    u.name.clone(),
                    u.bloc.clone(),
                    u.duty_quarter.map(|n| n.to_string()).unwrap_or_default(),
                ];
                cells.extend(row.counts.iter().map(|c| c.to_string()));
                cells.extend([
                    row.total().to_string(),
                    row.late.to_string(),
                    row.undated.to_string(),
                    row.covered().to_string(),
                ]);
                record(&mut out, &cells);
            }
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(
            field("Phòng Tài chính – Kế hoạch"),
            "Phòng Tài chính – Kế hoạch"
        );
        assert_eq!(
            field("Khối các cơ quan, ngành"),
            "\"Khối các cơ quan, ngành\""
        );
        assert_eq!(field("\"Lớp học xanh\""), "\"\"\"Lớp học xanh\"\"\"");
        assert_eq!(field("a\nb"), "\"a\nb\"");
    }

    #[test]
    fn formulas_become_text() {
        assert_eq!(
            field("=HYPERLINK(\"https://evil.example\",\"Xem\")"),
            "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Xem\"\")\""
        );
        for s in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(field(s).trim_start_matches('"').starts_with('\''), "{s:?}");
        }
        assert_eq!(field("Tổ 1 - ấp 2"), "Tổ 1 - ấp 2");
        assert_eq!(field(""), "");
    }
}
