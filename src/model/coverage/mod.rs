//! The emulation office's coverage of exemplars (SPEC §6): per unit and per quarter, the
//! exemplars introduced, late and undated submissions, uncovered quarters and the
//! province-facing duty. [`Report`] holds the tallies; `report/` presents them and
//! `render::context::report` makes the public coverage page of them.

use crate::config::Unit;
use crate::config::issuer;
use crate::model::Site;
use crate::text::collate;
use crate::text::dates::{Quarter, roman};
use crate::validate::kind::Kind;
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
    pub issuer: crate::config::issuer::Issuer,
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
            issuer: crate::config::issuer::Issuer::default(),
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
mod tests;
