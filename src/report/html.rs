//! `--format html`: one self-contained page for A4 printing, set out like a Vietnamese
//! administrative report (issuing body and national motto, title, date, tables, signatures);
//! also the `--pending` reminder as a notice (THÔNG BÁO) under the same header.

use super::pending::Pending;
use super::table::{summary_cells, summary_headers};
use crate::model::coverage::{Report, Status, UnitRow, short_date};
use crate::text::html::escape as esc;
use chrono::Datelike;
use std::fmt::Write;

/// The page's CSS (A4, Times New Roman, administrative layout).
const STYLE: &str = r#"
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.35;
  color: #000; background: #fff; margin: 0 auto; max-width: 180mm; padding: 10mm 0; }
table.head { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
table.head td { vertical-align: top; text-align: center; border: 0; padding: 0; }
table.head td.left { width: 42%; }
.rule { width: 35%; margin: 1mm auto 2mm; border-top: 1px solid #000; }
.date { font-style: italic; margin-top: 3mm; }
h1 { font-size: 15pt; text-align: center; margin: 4mm 0 0; }
.subtitle { text-align: center; font-weight: bold; margin: 0 0 5mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; }
h3 { font-size: 13pt; font-style: italic; margin: 4mm 0 2mm; }
table.data { width: 100%; border-collapse: collapse; font-size: 11pt; margin-bottom: 3mm; }
table.data th, table.data td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; }
table.data th { text-align: center; font-weight: bold; }
table.data td.n { text-align: center; white-space: nowrap; }
table.data tr.bloc td { font-weight: bold; font-style: italic; }
table.data td.name { width: 36%; }
table.data td.title { width: 45%; }
table.data tr.total td { font-weight: bold; }
table.data tr { page-break-inside: avoid; }
.url { font-size: 9pt; word-break: break-all; }
.late { font-weight: bold; }
.note { font-style: italic; }
p { margin: 1mm 0; text-align: justify; }
table.sign { width: 100%; margin-top: 8mm; border-collapse: collapse; page-break-inside: avoid; }
table.sign td { vertical-align: top; border: 0; padding: 0; }
table.sign td.to { width: 50%; font-size: 11pt; }
table.sign td.who { text-align: center; font-weight: bold; }
.sign-note { font-weight: normal; font-style: italic; }
.space { height: 25mm; }
@media print { body { padding: 0; max-width: none; } }
"#;

/// Renders the report as one HTML page.
pub fn render(report: &Report) -> String {
    let mut h = String::new();
    let title = format!(
        "Báo cáo kết quả giới thiệu gương điển hình tiên tiến {}",
        report.period()
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    header(&mut h, report, "BC");
    let _ = write!(
        h,
        "<h1>BÁO CÁO</h1>\n<p class=\"subtitle\">Kết quả giới thiệu gương điển hình tiên tiến {}</p>\n",
        esc(&report.period())
    );
    if let Some(note) = report.note() {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(&note));
    }
    summary(&mut h, report);
    h.push_str("<h2>II. CHI TIẾT THEO QUÝ</h2>\n");
    for (i, q) in report.quarters.iter().enumerate() {
        let _ = writeln!(
            h,
            "<h3>{}. {} (hạn gửi: trước ngày {})</h3>",
            i + 1,
            esc(&q.quarter.label()),
            q.deadline.format("%d/%m/%Y")
        );
        if q.entries.is_empty() {
            h.push_str("<p>Chưa có gương điển hình nào được giới thiệu.</p>\n");
        } else {
            h.push_str(
                "<table class=\"data\">\n<thead><tr><th>STT</th><th>Đơn vị</th><th>Tên bài</th>\
                 <th>Loại</th><th>Ngày gửi</th><th>Tình trạng</th></tr></thead>\n<tbody>\n",
            );
            for (n, (e, s)) in q.entries.iter().enumerate() {
                let class = if *s == Status::OnTime {
                    ""
                } else {
                    " class=\"late\""
                };
                let _ = writeln!(
                    h,
                    "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"title\">{}<div class=\"url\">{}</div></td>\
                     <td>{}</td><td class=\"n\">{}</td><td{class}>{}</td></tr>",
                    n + 1,
                    esc(&report.unit(e.unit).name),
                    esc(&e.title),
                    esc(&e.url),
                    esc(e.kind.name()),
                    short_date(e.submitted),
                    esc(s.label())
                );
            }
            h.push_str("</tbody>\n</table>\n");
        }
        let _ = writeln!(
            h,
            "<p>Đã giới thiệu: {}; gửi trễ hạn: {}; chưa ghi ngày gửi: {}.</p>",
            q.entries.len(),
            q.with_status(Status::Late).count(),
            q.with_status(Status::Undated).count()
        );
        let missing: Vec<String> = q
            .missing
            .iter()
            .map(|&u| esc(&report.unit(u).name))
            .collect();
        let _ = writeln!(
            h,
            "<p>Đơn vị chưa có gương điển hình ({}): {}.</p>",
            missing.len(),
            if missing.is_empty() {
                "không có".to_string()
            } else {
                missing.join("; ")
            }
        );
        let duty: Vec<String> = q
            .duty
            .iter()
            .map(|&u| {
                let titles: Vec<String> = q.of_unit(u).map(|e| esc(&e.title)).collect();
                let what = if titles.is_empty() {
                    "chưa giới thiệu gương nào".to_string()
                } else {
                    titles.join("; ")
                };
                format!("{} ({what})", esc(&report.unit(u).name))
            })
            .collect();
        let _ = writeln!(
            h,
            "<p>Đơn vị trực giới thiệu gương điển hình lên tỉnh: {}.</p>",
            if duty.is_empty() {
                "không có".to_string()
            } else {
                duty.join("; ")
            }
        );
    }
    signature(&mut h, report);
    h.push_str("</body>\n</html>\n");
    h
}

/// The administrative header: parent body, office and number line; motto, place and date.
fn header(h: &mut String, report: &Report, kind: &str) {
    let district = report.district.as_deref();
    let i = &report.issuer;
    let t = report.today;
    let _ = write!(
        h,
        "<table class=\"head\"><tr>\n<td class=\"left\">{}<br><strong>{}</strong>\
         <div class=\"rule\"></div>Số:&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{}</td>\n\
         <td class=\"right\"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>\
         <strong>Độc lập – Tự do – Hạnh phúc</strong><div class=\"rule\"></div>\
         <div class=\"date\">{}, ngày {:02} tháng {:02} năm {}</div></td>\n</tr></table>\n",
        esc(&i.parent_line(district)),
        esc(&i.office),
        esc(&number_suffix(&i.number_suffix, kind)),
        esc(&i.place_name(district)),
        t.day(),
        t.month(),
        t.year()
    );
}

/// The number suffix for another kind of document: `/BC-PNV` becomes `/TB-PNV` for a notice.
fn number_suffix(suffix: &str, kind: &str) -> String {
    match suffix.strip_prefix("/BC-") {
        Some(rest) if kind != "BC" => format!("/{kind}-{rest}"),
        _ => suffix.to_string(),
    }
}

fn summary(h: &mut String, report: &Report) {
    let headers = summary_headers(report);
    let _ = writeln!(
        h,
        "<h2>I. TỔNG HỢP THEO ĐƠN VỊ</h2>\n<table class=\"data\">\n<thead><tr><th>STT</th>{}</tr></thead>\n<tbody>",
        headers
            .iter()
            .map(|c| format!("<th>{}</th>", esc(c)))
            .collect::<String>()
    );
    let cols = headers.len() + 1;
    let mut n = 0;
    for (bloc, rows) in report.by_bloc() {
        let _ = writeln!(
            h,
            "<tr class=\"bloc\"><td colspan=\"{cols}\">{}</td></tr>",
            esc(&bloc)
        );
        for row in rows {
            n += 1;
            let cells = summary_cells(report, row);
            let _ = write!(
                h,
                "<tr><td class=\"n\">{n}</td><td class=\"name\">{}</td>",
                esc(&cells[0])
            );
            for c in &cells[1..] {
                let _ = write!(h, "<td class=\"n\">{}</td>", esc(c));
            }
            h.push_str("</tr>\n");
        }
    }
    // Totals over all units; "quarters covered" has no meaningful sum.
    let sum = |f: &dyn Fn(&UnitRow) -> usize| -> usize { report.rows.iter().map(f).sum() };
    let _ = write!(
        h,
        "<tr class=\"total\"><td></td><td>Tổng cộng</td><td></td>"
    );
    for q in report.selected() {
        let i = usize::from(q - 1);
        let _ = write!(h, "<td class=\"n\">{}</td>", sum(&|r| r.counts[i]));
    }
    if report.only.is_none() {
        let _ = write!(h, "<td class=\"n\">{}</td>", sum(&|r| r.total()));
    }
    let _ = writeln!(
        h,
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td></td></tr>\n</tbody>\n</table>",
        sum(&|r| r.late),
        sum(&|r| r.undated)
    );
}

/// "Nơi nhận" on the left, the signer's title, signature space and name on the right.
fn signature(h: &mut String, report: &Report) {
    let i = &report.issuer;
    let to: Vec<String> = i.recipient_lines().iter().map(|l| esc(l)).collect();
    let _ = write!(
        h,
        "<table class=\"sign\"><tr>\n<td class=\"to\"><strong><em>Nơi nhận:</em></strong><br>{}</td>\n\
         <td class=\"who\">{}<br><span class=\"sign-note\">(Ký, ghi rõ họ tên và đóng dấu)</span>\
         <div class=\"space\"></div>{}</td>\n</tr></table>\n",
        to.join("<br>"),
        esc(&i.signer_title).replace('\n', "<br>"),
        esc(&i.signer_name)
    );
}

/// `report --pending --format html`: a notice (THÔNG BÁO) under the office's header, ready to print and send.
pub fn pending(p: &Pending) -> String {
    let q = p.quarter();
    let title = format!(
        "Nhắc hạn giới thiệu gương điển hình tiên tiến {}",
        q.quarter.label()
    );
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    header(&mut h, &p.report, "TB");
    let _ = write!(
        h,
        "<h1>THÔNG BÁO</h1>\n<p class=\"subtitle\">{}</p>\n<p>{}</p>\n<h2>{}</h2>\n",
        esc(&title),
        esc(&p.deadline_text()),
        esc(&p.listed_title())
    );
    let groups = p.listed_by_bloc();
    if groups.is_empty() {
        h.push_str("<p>Không có.</p>\n");
    } else {
        h.push_str("<table class=\"data\">\n<thead><tr><th>STT</th><th>Đơn vị</th><th>Tình trạng</th></tr></thead>\n<tbody>\n");
        let mut n = 0;
        for (bloc, lines) in groups {
            let _ = writeln!(
                h,
                "<tr class=\"bloc\"><td colspan=\"3\">{}</td></tr>",
                esc(&bloc)
            );
            for l in lines {
                n += 1;
                let _ = writeln!(
                    h,
                    "<tr><td class=\"n\">{n}</td><td class=\"name\">{}</td><td>{}</td></tr>",
                    esc(p.unit_name(l)),
                    esc(l.state.label())
                );
            }
        }
        h.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        h,
        "<h2>Đơn vị trực giới thiệu gương điển hình lên tỉnh {}</h2>",
        esc(&q.quarter.label())
    );
    let duty = p.duty();
    if duty.is_empty() {
        h.push_str("<p>Không có.</p>\n");
    }
    for l in duty {
        let _ = writeln!(
            h,
            "<p>- {}: {}.</p>",
            esc(p.unit_name(l)),
            esc(&Pending::duty_text(l))
        );
    }
    signature(&mut h, &p.report);
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
