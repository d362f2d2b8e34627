//! `guong report --pending`: the reminder the office sends out before the deadline. For the
//! quarter of a day: the deadline, the days left, the units with no published exemplar yet
//! (grouped by bloc) and the duty units; after the deadline, the units that missed it.

use super::csv;
use crate::model::Site;
use crate::model::coverage::{QuarterReport, Report, Status, short_date};
use crate::text::dates::Quarter;
use chrono::NaiveDate;
use std::fmt::Write;

/// Where a unit stands in the quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No published exemplar.
    None,
    /// At least one exemplar on time.
    OnTime,
    /// Exemplars, none on time, some without a `submitted` date.
    Undated,
    /// Exemplars, all late.
    Late,
}

impl State {
    /// The Vietnamese words for it.
    pub fn label(self) -> &'static str {
        match self {
            State::None => "chưa có gương",
            State::OnTime => "đã gửi đúng hạn",
            State::Undated => "có gương nhưng chưa ghi ngày gửi",
            State::Late => "chỉ có gương gửi trễ hạn",
        }
    }

    /// The CSV code.
    pub fn code(self) -> &'static str {
        match self {
            State::None => "none",
            State::OnTime => "on_time",
            State::Undated => "undated",
            State::Late => "late",
        }
    }
}

/// One unit's line.
#[derive(Debug, Clone)]
pub struct Line {
    /// Index into the report's units.
    pub unit: usize,
    /// Published exemplars of the quarter.
    pub count: usize,
    /// Where it stands.
    pub state: State,
    /// Whether it is listed: none yet (before the deadline), or none on time (after).
    pub listed: bool,
}

/// The reminder for one day.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The quarter's report (its `today` is the reminder's day).
    pub report: Report,
    /// Every unit, in Vietnamese order.
    pub lines: Vec<Line>,
}

impl Pending {
    /// The reminder for the quarter of `date` on the published articles of `site`.
    pub fn of_site(site: &Site, date: NaiveDate) -> Pending {
        let q = Quarter::of(date);
        Pending::of_report(Report::of_site(site, q.year, Some(q.n), date))
    }

    /// The reminder from a one-quarter report made on the reminder's day.
    pub fn of_report(report: Report) -> Pending {
        let past = report.today >= report.quarters[0].deadline;
        let q = &report.quarters[0];
        let lines = report
            .rows
            .iter()
            .map(|row| {
                let statuses: Vec<Status> = q
                    .entries
                    .iter()
                    .filter(|(e, _)| e.unit == row.unit)
                    .map(|(_, s)| *s)
                    .collect();
                let state = if statuses.is_empty() {
                    State::None
                } else if statuses.contains(&Status::OnTime) {
                    State::OnTime
                } else if statuses.contains(&Status::Undated) {
                    State::Undated
                } else {
                    State::Late
                };
                let listed = if past {
                    state != State::OnTime
                } else {
                    state == State::None
                };
                Line {
                    unit: row.unit,
                    count: statuses.len(),
                    state,
                    listed,
                }
            })
            .collect();
        Pending { report, lines }
    }

    /// The quarter.
    pub fn quarter(&self) -> &QuarterReport {
        &self.report.quarters[0]
    }

    /// Days from the reminder's day to the deadline (the first late day): 4 on the 1st with
    /// `deadline_day: 5`; 0 or less once the deadline has passed.
    pub fn days_left(&self) -> i64 {
        (self.quarter().deadline - self.report.today).num_days()
    }

    /// Whether the deadline has passed.
    pub fn past(&self) -> bool {
        self.days_left() <= 0
    }

    /// The listed units, grouped by bloc as in the report (empty blocs left out).
    pub fn listed_by_bloc(&self) -> Vec<(String, Vec<&Line>)> {
        self.report
            .by_bloc()
            .into_iter()
            .map(|(bloc, rows)| {
                let lines = rows
                    .iter()
                    .filter_map(|r| self.lines.iter().find(|l| l.unit == r.unit && l.listed))
                    .collect::<Vec<_>>();
                (bloc, lines)
            })
            .filter(|(_, lines)| !lines.is_empty())
            .collect()
    }

    /// The quarter's duty units.
    pub fn duty(&self) -> Vec<&Line> {
        let q = self.quarter();
        self.lines
            .iter()
            .filter(|l| q.duty.contains(&l.unit))
            .collect()
    }

    /// The day and deadline: `Ngày lập: 01/12/2025. Hạn gửi: trước ngày 05/12/2025 (còn 4 ngày…)`.
    pub fn deadline_text(&self) -> String {
        let deadline = self.quarter().deadline.format("%d/%m/%Y");
        let days = self.days_left();
        let made = short_date(Some(self.report.today));
        if days > 0 {
            let last = (self.quarter().deadline - chrono::Days::new(1)).format("%d/%m/%Y");
            format!(
                "Ngày lập: {made}. Hạn gửi: trước ngày {deadline} (còn {days} ngày, ngày cuối {last})."
            )
        } else {
            format!(
                "Ngày lập: {made}. Hạn gửi: trước ngày {deadline} (đã quá hạn {} ngày).",
                1 - days
            )
        }
    }

    /// The heading of the list of units.
    pub fn listed_title(&self) -> String {
        let n = self.lines.iter().filter(|l| l.listed).count();
        let what = if self.past() {
            "Đơn vị không gửi gương điển hình đúng hạn"
        } else {
            "Đơn vị chưa có gương điển hình"
        };
        format!("{what} ({n}/{})", self.lines.len())
    }

    /// What a duty unit has done: `đã giới thiệu 2 gương (đã gửi đúng hạn)`.
    pub fn duty_text(line: &Line) -> String {
        match line.state {
            State::None => "chưa giới thiệu gương nào".into(),
            s => format!("đã giới thiệu {} gương ({})", line.count, s.label()),
        }
    }

    /// The name of a line's unit.
    pub fn unit_name(&self, line: &Line) -> &str {
        &self.report.unit(line.unit).name
    }
}

/// `--format table`: plain text for a terminal or an e-mail.
pub fn table(p: &Pending) -> String {
    let mut out = String::new();
    let q = p.quarter();
    let _ = writeln!(
        out,
        "NHẮC HẠN GIỚI THIỆU GƯƠNG ĐIỂN HÌNH TIÊN TIẾN {}",
        q.quarter.label().to_uppercase()
    );
    let _ = writeln!(out, "{}", p.deadline_text());
    let _ = writeln!(out, "\n{}:", p.listed_title());
    let groups = p.listed_by_bloc();
    if groups.is_empty() {
        out.push_str("  (không có)\n");
    }
    for (bloc, lines) in groups {
        let _ = writeln!(out, "  {bloc}");
        for l in lines {
            let note = if p.past() {
                format!(" ({})", l.state.label())
            } else {
                String::new()
            };
            let _ = writeln!(out, "    - {}{note}", p.unit_name(l));
        }
    }
    let _ = writeln!(
        out,
        "\nĐơn vị trực giới thiệu gương điển hình lên tỉnh {}:",
        q.quarter.label()
    );
    let duty = p.duty();
    if duty.is_empty() {
        out.push_str("  (không có)\n");
    }
    for l in duty {
        let _ = writeln!(out, "  - {}: {}", p.unit_name(l), Pending::duty_text(l));
    }
    out
}

/// The CSV header of the reminder.
pub const CSV_HEADER: &[&str] = &[
    "unit_id",
    "unit",
    "bloc",
    "quarter",
    "deadline",
    "days_left",
    "days_late",
    "on_duty",
    "exemplars",
    "state",
    "listed",
];

/// `--format html`: see [`super::html::pending`].
pub fn html(p: &Pending) -> String {
    super::html::pending(p)
}

/// `--format csv`: one row per unit in Vietnamese order; `listed` is 1 for the units to chase.
pub fn csv(p: &Pending) -> Vec<u8> {
    let mut out = String::new();
    let header: Vec<String> = CSV_HEADER.iter().map(|s| s.to_string()).collect();
    csv::record(&mut out, &header);
    let q = p.quarter();
    let days = p.days_left();
    for l in &p.lines {
        let u = p.report.unit(l.unit);
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        csv::record(
            &mut out,
            &[
                u.id.clone(),
                u.name.clone(),
                u.bloc.clone(),
                q.quarter.id(),
                q.deadline.to_string(),
                days.max(0).to_string(),
                (1 - days).max(0).to_string(),
                flag(q.duty.contains(&l.unit)),
                l.count.to_string(),
                l.state.code().to_string(),
                flag(l.listed),
            ],
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Unit;
    use crate::model::coverage::{Entry, Setup};
    use crate::validate::kind::Kind;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn pending(today: NaiveDate, sent: &[(usize, Option<NaiveDate>)]) -> Pending {
        let units: Vec<Unit> = ["a", "b", "c", "d"]
            .iter()
            .map(|id| Unit {
                id: id.to_string(),
                name: id.to_uppercase(),
                bloc: String::new(),
                duty_quarter: (*id == "b").then_some(4),
                description: String::new(),
            })
            .collect();
        let setup = Setup {
            units: &units,
            unit_order: &[0, 1, 2, 3],
            deadline_day: 5,
            site_title: "T",
            district: None,
            today,
        };
        let entries = sent.iter().map(|&(unit, submitted)| Entry {
            title: format!("t{unit}"),
            kind: Kind::Individual,
            unit,
            url: String::new(),
            quarter: Quarter { year: 2025, n: 4 },
            submitted,
        });
        Pending::of_report(Report::build(&setup, entries, 2025, Some(4)))
    }

    #[test]
    fn states_and_lists_around_the_deadline() {
        // a: on time; b (on duty): late only; c: undated; d: nothing.
        let sent = [(0, Some(d(12, 4))), (1, Some(d(12, 9))), (2, None)];
        let before = pending(d(12, 1), &sent);
        let states: Vec<State> = before.lines.iter().map(|l| l.state).collect();
        assert_eq!(
            states,
            [State::OnTime, State::Late, State::Undated, State::None]
        );
        assert_eq!(before.days_left(), 4);
        assert!(!before.past());
        let listed: Vec<usize> = before
            .lines
            .iter()
            .filter(|l| l.listed)
            .map(|l| l.unit)
            .collect();
        assert_eq!(listed, [3], "before the deadline: only units with nothing");
        assert_eq!(before.duty().len(), 1);
        assert_eq!(
            Pending::duty_text(before.duty()[0]),
            "đã giới thiệu 1 gương (chỉ có gương gửi trễ hạn)"
        );

        let on_deadline = pending(d(12, 5), &sent);
        assert_eq!(on_deadline.days_left(), 0);
        assert!(on_deadline.past(), "the 5th is already late");
        let listed: Vec<usize> = on_deadline
            .lines
            .iter()
            .filter(|l| l.listed)
            .map(|l| l.unit)
            .collect();
        assert_eq!(
            listed,
            [1, 2, 3],
            "after: every unit without an on-time exemplar"
        );
        assert!(on_deadline.deadline_text().contains("đã quá hạn 1 ngày"));
    }
}
