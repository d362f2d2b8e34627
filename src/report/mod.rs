//! The emulation office's report (SPEC §6): per unit and per quarter, the exemplars
//! introduced, late and undated submissions, uncovered quarters and the province-facing duty.
//!
//! [`Report`] holds the tallies; [`table`], [`csv`], [`html`] and [`xlsx`] present them;
//! [`page`] is the optional public coverage page of the built site.

pub mod csv;
pub mod html;
pub mod issuer;
pub mod page;
pub mod pending;
pub mod table;
pub mod xlsx;

use crate::config::Unit;
use crate::model::{Kind, Site};
use crate::text::collate;
use crate::text::dates::{Quarter, roman};
use chrono::NaiveDate;

/// Whether an exemplar reached the council in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `submitted` before the deadline day.
    OnTime,
    /// `submitted` on or after the deadline day.
    Late,
    /// No `submitted` date.
    Undated,
}

impl Status {
    /// Classifies a submission date against the first late day.
    pub fn of(submitted: Option<NaiveDate>, deadline: NaiveDate) -> Status {
        match submitted {
            None => Status::Undated,
            Some(d) if d < deadline => Status::OnTime,
            Some(_) => Status::Late,
        }
    }

    /// The Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTime => "Đúng hạn",
            Status::Late => "Trễ hạn",
            Status::Undated => "Chưa ghi ngày gửi",
        }
    }
}

/// One published exemplar, as the report needs it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The article's title.
    pub title: String,
    /// Individual, collective or household.
    pub kind: Kind,
    /// Index into the site's units.
    pub unit: usize,
    /// The article's full URL.
    pub url: String,
    /// The quarter it counts for.
    pub quarter: Quarter,
    /// When the unit sent it.
    pub submitted: Option<NaiveDate>,
}

/// A unit's counts over the selected quarters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    /// Index into the site's units.
    pub unit: usize,
    /// Exemplars per quarter (index 0 = quarter I); unselected quarters stay 0.
    pub counts: [usize; 4],
    /// Exemplars submitted late.
    pub late: usize,
    /// Exemplars without a `submitted` date.
    pub undated: usize,
}

impl UnitRow {
    /// All exemplars of the selected quarters.
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Quarters with at least one exemplar.
    pub fn covered(&self) -> usize {
        self.counts.iter().filter(|&&c| c > 0).count()
    }
}

/// One quarter's detail.
#[derive(Debug, Clone)]
pub struct QuarterReport {
    /// The quarter.
    pub quarter: Quarter,
    /// The first late day of submission.
    pub deadline: NaiveDate,
    /// Exemplars of the quarter, by unit in Vietnamese order, then title.
    pub entries: Vec<(Entry, Status)>,
    /// Units with no exemplar, in Vietnamese order.
    pub missing: Vec<usize>,
    /// Units on province-facing duty this quarter, in Vietnamese order.
    pub duty: Vec<usize>,
}

impl QuarterReport {
    /// Exemplars with the given status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |(_, s)| *s == status)
            .map(|(e, _)| e)
    }

    /// A unit's exemplars this quarter.
    pub fn of_unit(&self, unit: usize) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |(e, _)| e.unit == unit)
            .map(|(e, _)| e)
    }
}

/// The whole report for a year, or for one quarter of it.
#[derive(Debug, Clone)]
pub struct Report {
    /// The year.
    pub year: i32,
    /// The one quarter asked for, if any.
    pub only: Option<u8>,
    /// The units of `site.yaml`, in its order.
    pub units: Vec<Unit>,
    /// One row per unit, in Vietnamese order.
    pub rows: Vec<UnitRow>,
    /// The selected quarters' detail, in order.
    pub quarters: Vec<QuarterReport>,
    /// The site's title.
    pub site_title: String,
    /// The district's name, when known (for the administrative header).
    pub district: Option<String>,
    /// The day the report is made, in the site's timezone.
    pub today: NaiveDate,
    /// Submissions before this day of the quarter's last month are on time.
    pub deadline_day: u32,
    /// Who issues the report (`report:` of `site.yaml`).
    pub issuer: issuer::Issuer,
}

/// What [`Report::build`] needs besides the exemplars.
pub struct Setup<'a> {
    /// Units in `site.yaml` order.
    pub units: &'a [Unit],
    /// Unit indices in Vietnamese order.
    pub unit_order: &'a [usize],
    /// The deadline day of the quarter's last month.
    pub deadline_day: u32,
    /// The site's title.
    pub site_title: &'a str,
    /// The district's name, when known.
    pub district: Option<String>,
    /// Today in the site's timezone.
    pub today: NaiveDate,
}

impl Report {
    /// The report of the published articles of `site` for `year` (and quarter `only`).
    pub fn of_site(site: &Site, year: i32, only: Option<u8>, today: NaiveDate) -> Report {
        let base = site.config.base_url.full();
        let entries = site.articles.iter().map(|a| Entry {
            title: a.fm.title.clone(),
            kind: a.fm.kind,
            unit: a.fm.unit,
            url: format!("{base}{}", a.path),
            quarter: a.fm.quarter,
            submitted: a.fm.submitted,
        });
        let setup = Setup {
            units: &site.config.units,
            unit_order: &site.unit_order,
            deadline_day: site.config.deadline_day,
            site_title: &site.config.title,
            district: issuer::district(&site.config),
            today,
        };
        let mut report = Report::build(&setup, entries, year, only);
        report.issuer = site.config.report_issuer.clone();
        report
    }

    /// Tallies `entries` (published exemplars of any year) for `year` and quarter `only`.
    pub fn build(
        setup: &Setup<'_>,
        entries: impl IntoIterator<Item = Entry>,
        year: i32,
        only: Option<u8>,
    ) -> Report {
        let selected: Vec<u8> = match only {
            Some(n) => vec![n],
            None => vec![1, 2, 3, 4],
        };
        let rank = {
            let mut rank = vec![0; setup.units.len()];
            for (pos, &u) in setup.unit_order.iter().enumerate() {
                if let Some(r) = rank.get_mut(u) {
                    *r = pos;
                }
            }
            rank
        };
        let mut quarters: Vec<QuarterReport> = selected
            .iter()
            .map(|&n| {
                let quarter = Quarter { year, n };
                QuarterReport {
                    quarter,
                    deadline: quarter.deadline(setup.deadline_day),
                    entries: Vec::new(),
                    missing: Vec::new(),
                    duty: setup
                        .unit_order
                        .iter()
                        .copied()
                        .filter(|&u| setup.units[u].duty_quarter == Some(n))
                        .collect(),
                }
            })
            .collect();
        let mut rows: Vec<UnitRow> = setup
            .unit_order
            .iter()
            .map(|&unit| UnitRow {
                unit,
                counts: [0; 4],
                late: 0,
                undated: 0,
            })
            .collect();
        for e in entries {
            let Some(q) = quarters.iter_mut().find(|q| q.quarter == e.quarter) else {
                continue;
            };
            let Some(row) = rank.get(e.unit).and_then(|&r| rows.get_mut(r)) else {
                continue;
            };
            let status = Status::of(e.submitted, q.deadline);
            row.counts[usize::from(e.quarter.n - 1)] += 1;
            match status {
                Status::Late => row.late += 1,
                Status::Undated => row.undated += 1,
                Status::OnTime => {}
            }
            q.entries.push((e, status));
        }
        for q in &mut quarters {
            q.entries.sort_by(|(a, _), (b, _)| {
                rank[a.unit]
                    .cmp(&rank[b.unit])
                    .then_with(|| collate::compare(&a.title, &b.title))
                    .then_with(|| a.url.cmp(&b.url))
            });
            let i = usize::from(q.quarter.n - 1);
            q.missing = rows
                .iter()
                .filter(|r| r.counts[i] == 0)
                .map(|r| r.unit)
                .collect();
        }
        Report {
            year,
            only,
            units: setup.units.to_vec(),
            rows,
            quarters,
            site_title: setup.site_title.to_string(),
            district: setup.district.clone(),
            today: setup.today,
            deadline_day: setup.deadline_day,
            issuer: issuer::Issuer::default(),
        }
    }

    /// Whether no exemplar at all falls in the selected period.
    pub fn is_empty(&self) -> bool {
        self.quarters.iter().all(|q| q.entries.is_empty())
    }

    /// The period in words: `năm 2025` or `Quý III/2025`.
    pub fn period(&self) -> String {
        match self.only {
            Some(n) => Quarter { year: self.year, n }.label(),
            None => format!("năm {}", self.year),
        }
    }

    /// A note for an empty period, to show beside the (all-zero) tables.
    pub fn note(&self) -> Option<String> {
        self.is_empty().then(|| {
            format!(
                "Chưa có gương điển hình nào (bài đã đăng) cho {}: mọi đơn vị đều ghi 0.",
                self.period()
            )
        })
    }

    /// The unit of a row.
    pub fn unit(&self, i: usize) -> &Unit {
        &self.units[i]
    }

    /// Rows grouped by bloc, blocs in the order they first appear in `site.yaml`, rows in
    /// Vietnamese order; units without a bloc come last under "Chưa xếp khối".
    pub fn by_bloc(&self) -> Vec<(String, Vec<&UnitRow>)> {
        let mut blocs: Vec<&str> = Vec::new();
        for u in &self.units {
            if !blocs.contains(&u.bloc.as_str()) {
                blocs.push(&u.bloc);
            }
        }
        if let Some(i) = blocs.iter().position(|b| b.is_empty()) {
            let none = blocs.remove(i);
            blocs.push(none);
        }
        blocs
            .into_iter()
            .map(|b| {
                let rows = self
                    .rows
                    .iter()
                    .filter(|r| self.units[r.unit].bloc == b)
                    .collect();
                let name = if b.is_empty() {
                    "Chưa xếp khối"
                } else {
                    b
                };
                (name.to_string(), rows)
            })
            .collect()
    }

    /// The selected quarters' numbers.
    pub fn selected(&self) -> Vec<u8> {
        self.quarters.iter().map(|q| q.quarter.n).collect()
    }
}

/// The column title of a quarter: `Quý III`.
pub fn quarter_title(n: u8) -> String {
    format!("Quý {}", roman(n))
}

/// `dd/mm/yyyy`, or an empty string.
pub fn short_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, name: &str, bloc: &str, duty: Option<u8>) -> Unit {
        Unit {
            id: id.into(),
            name: name.into(),
            bloc: bloc.into(),
            duty_quarter: duty,
            description: String::new(),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn entry(title: &str, unit: usize, q: u8, submitted: Option<NaiveDate>) -> Entry {
        Entry {
            title: title.into(),
            kind: Kind::Individual,
            unit,
            url: format!("https://x.vn/bai-viet/{title}/"),
            quarter: Quarter { year: 2025, n: q },
            submitted,
        }
    }

    fn units() -> Vec<Unit> {
        vec![
            unit("b", "Đồn Biên phòng", "Khối B", Some(1)),
            unit("a", "Công an huyện", "Khối B", Some(3)),
            unit("c", "Ban Tuyên giáo", "Khối A", None),
        ]
    }

    fn report(entries: Vec<Entry>, only: Option<u8>) -> Report {
        let units = units();
        let setup = Setup {
            units: &units,
            unit_order: &[2, 1, 0],
            deadline_day: 5,
            site_title: "T",
            district: None,
            today: d(2025, 12, 31),
        };
        Report::build(&setup, entries, 2025, only)
    }

    #[test]
    fn deadline_boundary() {
        let deadline = Quarter { year: 2025, n: 3 }.deadline(5);
        assert_eq!(Status::of(Some(d(2025, 9, 4)), deadline), Status::OnTime);
        assert_eq!(Status::of(Some(d(2025, 9, 5)), deadline), Status::Late);
        assert_eq!(Status::of(Some(d(2025, 10, 1)), deadline), Status::Late);
        assert_eq!(Status::of(None, deadline), Status::Undated);
    }

    #[test]
    fn tallies_per_unit_and_quarter() {
        let r = report(
            vec![
                entry("x", 0, 1, Some(d(2025, 3, 4))),
                entry("y", 0, 1, Some(d(2025, 3, 5))),
                entry("z", 0, 3, None),
                entry("w", 1, 2, Some(d(2025, 6, 1))),
                Entry {
                    quarter: Quarter { year: 2024, n: 1 },
                    ..entry("old", 2, 1, None)
                },
            ],
            None,
        );
        let ids: Vec<&str> = r.rows.iter().map(|x| r.unit(x.unit).id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b"]);
        let b = &r.rows[2];
        assert_eq!(b.counts, [2, 0, 1, 0]);
        assert_eq!((b.total(), b.late, b.undated, b.covered()), (3, 1, 1, 2));
        let c = &r.rows[0];
        assert_eq!((c.total(), c.covered()), (0, 0));
        assert_eq!(r.quarters[0].missing, [2, 1]);
        assert_eq!(r.quarters[0].duty, [0]);
        assert_eq!(r.quarters[2].duty, [1]);
        assert_eq!(r.quarters[0].with_status(Status::Late).count(), 1);
        assert!(!r.is_empty());
        assert!(r.note().is_none());
    }

    #[test]
    fn one_quarter_only() {
        let r = report(
            vec![
                entry("x", 0, 1, Some(d(2025, 3, 4))),
                entry("z", 0, 3, None),
            ],
            Some(3),
        );
        assert_eq!(r.selected(), [3]);
        assert_eq!(r.rows[2].counts, [0, 0, 1, 0]);
        assert_eq!(r.rows[2].undated, 1);
        assert_eq!(r.period(), "Quý III/2025");
    }

    #[test]
    fn empty_year_keeps_every_unit() {
        let r = report(Vec::new(), None);
        assert_eq!(r.rows.len(), 3);
        assert!(r.rows.iter().all(|x| x.total() == 0));
        assert!(r.note().unwrap().contains("năm 2025"));
        let blocs: Vec<String> = r.by_bloc().into_iter().map(|(b, _)| b).collect();
        assert_eq!(blocs, ["Khối B", "Khối A"]);
    }
}
