//! `--format table`: aligned plain text for a terminal, widths by display width.

use crate::model::coverage::{Report, Status, UnitRow, quarter_title, short_date};
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthStr;

/// The display width of a text in a terminal (NFC: Vietnamese letters are one column).
pub fn width(s: &str) -> usize {
    s.nfc().collect::<String>().width()
}

/// A line of a [`Grid`]: cells, or a group title spanning the table.
enum Line {
    Cells(Vec<String>),
    Group(String),
}

/// A table of columns aligned by display width.
struct Grid {
    headers: Vec<String>,
    /// Right-align (numbers) per column.
    right: Vec<bool>,
    lines: Vec<Line>,
}

impl Grid {
    fn new(headers: &[(&str, bool)]) -> Grid {
        Grid {
            headers: headers.iter().map(|(h, _)| h.to_string()).collect(),
            right: headers.iter().map(|(_, r)| *r).collect(),
            lines: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.lines.push(Line::Cells(cells));
    }

    fn group(&mut self, title: &str) {
        self.lines.push(Line::Group(title.to_string()));
    }

    fn render(&self, out: &mut String) {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for line in &self.lines {
            if let Line::Cells(cells) = line {
                for (w, c) in widths.iter_mut().zip(cells) {
                    *w = (*w).max(width(c));
                }
            }
        }
        let cells_line = |cells: &[String], out: &mut String| {
            let mut line = String::new();
            for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = " ".repeat(w.saturating_sub(width(c)));
                if self.right[i] {
                    line.push_str(&pad);
                    line.push_str(c);
                } else {
                    line.push_str(c);
                    line.push_str(&pad);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        };
        cells_line(&self.headers, out);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for line in &self.lines {
            match line {
                Line::Cells(cells) => cells_line(cells, out),
                Line::Group(title) => {
                    out.push_str(title);
                    out.push('\n');
                }
            }
        }
    }
}

/// The per-unit summary columns: one per selected quarter, then the totals.
pub fn summary_headers(report: &Report) -> Vec<String> {
    let mut h = vec!["Đơn vị".to_string(), "Quý trực".to_string()];
    h.extend(report.selected().into_iter().map(quarter_title));
    if report.only.is_none() {
        h.push("Tổng".into());
    }
    h.extend([
        "Trễ hạn".to_string(),
        "Chưa ghi ngày".to_string(),
        if report.only.is_some() {
            "Đã có gương".to_string()
        } else {
            "Số quý có/4".to_string()
        },
    ]);
    h
}

/// The per-unit summary cells, matching [`summary_headers`].
pub fn summary_cells(report: &Report, row: &UnitRow) -> Vec<String> {
    let u = report.unit(row.unit);
    let mut c = vec![
        u.name.clone(),
        u.duty_quarter.map(quarter_title).unwrap_or_default(),
    ];
    c.extend(
        report
            .selected()
            .into_iter()
            .map(|n| row.counts[usize::from(n - 1)].to_string()),
    );
    if report.only.is_none() {
        c.push(row.total().to_string());
    }
    let covered = match report.only {
        Some(_) if row.covered() > 0 => "có".to_string(),
        Some(_) => "chưa".to_string(),
        None => row.covered().to_string(),
    };
    c.extend([row.late.to_string(), row.undated.to_string(), covered]);
    c
}

/// Renders the whole report as terminal text.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "BÁO CÁO GƯƠNG ĐIỂN HÌNH TIÊN TIẾN {}\n{} · lập ngày {} · đúng hạn khi gửi trước ngày {} tháng cuối quý\n\n",
        report.period().to_uppercase(),
        report.site_title,
        report.today.format("%d/%m/%Y"),
        report.deadline_day
    ));
    if let Some(note) = report.note() {
        out.push_str(&format!("Ghi chú: {note}\n\n"));
    }
    out.push_str(&format!(
        "TỔNG HỢP THEO ĐƠN VỊ ({} đơn vị)\n\n",
        report.rows.len()
    ));
    let headers = summary_headers(report);
    let right: Vec<(&str, bool)> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i >= 2))
        .collect();
    let mut grid = Grid::new(&right);
    for (bloc, rows) in report.by_bloc() {
        grid.group(&bloc);
        for row in rows {
            let mut cells = summary_cells(report, row);
            cells[0] = format!("  {}", cells[0]);
            grid.row(cells);
        }
    }
    grid.render(&mut out);
    for q in &report.quarters {
        out.push_str(&format!(
            "\n{}\nHạn gửi: trước ngày {}\n",
            q.quarter.label().to_uppercase(),
            q.deadline.format("%d/%m/%Y")
        ));
        out.push_str(&format!(
            "\nGương điển hình đã giới thiệu: {}\n",
            q.entries.len()
        ));
        if !q.entries.is_empty() {
            let mut grid = Grid::new(&[
                ("STT", true),
                ("Đơn vị", false),
                ("Tên bài", false),
                ("Loại", false),
                ("Ngày gửi", false),
                ("Tình trạng", false),
                ("Đường dẫn", false),
            ]);
            for (i, (e, s)) in q.entries.iter().enumerate() {
                grid.row(vec![
                    (i + 1).to_string(),
                    report.unit(e.unit).name.clone(),
                    e.title.clone(),
                    e.kind.name().to_string(),
                    short_date(e.submitted),
                    s.label().to_string(),
                    e.url.clone(),
                ]);
            }
            out.push('\n');
            grid.render(&mut out);
        }
        for (status, title) in [
            (Status::Late, "Gửi trễ hạn"),
            (Status::Undated, "Chưa ghi ngày gửi"),
        ] {
            let list: Vec<String> = q
                .with_status(status)
                .map(|e| {
                    let when = e
                        .submitted
                        .map(|d| format!(", gửi {}", d.format("%d/%m/%Y")))
                        .unwrap_or_default();
                    format!("  – {} ({}{when})", e.title, report.unit(e.unit).name)
                })
                .collect();
            out.push_str(&format!("\n{title}: {}\n", list.len()));
            for l in list {
                out.push_str(&l);
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "\nĐơn vị chưa có gương điển hình (cần đôn đốc): {}\n",
            q.missing.len()
        ));
        for &u in &q.missing {
            out.push_str(&format!("  – {}\n", report.unit(u).name));
        }
        out.push_str("\nĐơn vị trực giới thiệu gương điển hình lên tỉnh:");
        if q.duty.is_empty() {
            out.push_str(" không có\n");
        } else {
            out.push('\n');
        }
        for &u in &q.duty {
            let titles: Vec<&str> = q.of_unit(u).map(|e| e.title.as_str()).collect();
            if titles.is_empty() {
                out.push_str(&format!(
                    "  – {}: chưa giới thiệu gương nào\n",
                    report.unit(u).name
                ));
            } else {
                out.push_str(&format!(
                    "  – {}: {}\n",
                    report.unit(u).name,
                    titles.join("; ")
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_are_one_column() {
        assert_eq!(width("Đồn Biên phòng"), 14);
        // NFD input (o + circumflex + grave) counts like NFC.
        assert_eq!(width("Đo\u{302}\u{300}n"), 3);
    }

    #[test]
    fn columns_align_by_display_width() {
        let mut g = Grid::new(&[("Đơn vị", false), ("Số", true)]);
        g.row(vec!["Ủy ban".into(), "12".into()]);
        g.row(vec!["Hội Nông dân huyện".into(), "3".into()]);
        let mut out = String::new();
        g.render(&mut out);
        let lines: Vec<&str> = out.lines().collect();
        let w: Vec<usize> = lines.iter().map(|l| width(l)).collect();
        assert_eq!(w[0], w[2]);
        assert_eq!(w[2], w[3]);
        assert!(lines[3].ends_with("  3"));
    }
}
