//! The optional public coverage page (`report: { publish: true }` in `site.yaml`): one page per
//! year with articles, `/bao-cao/<yyyy>/`, showing per unit how many exemplars it introduced in
//! each quarter and how many quarters it covered. Lateness and missing submission dates are the
//! office's business and stay out of the public page.

use crate::model::Site;
use crate::model::coverage::{Report, quarter_title};
use crate::model::paths::{quarter_path, report_path, unit_path, years};
use chrono::NaiveDate;
use serde::Serialize;

/// The template used when the theme has no `report.html` (a plain, self-contained page).
pub const FALLBACK_TEMPLATE: &str = include_str!("report_fallback.html");

/// A year in the page's year switcher.
#[derive(Serialize)]
pub struct YearLink {
    year: i32,
    url: String,
    current: bool,
}

/// A quarter column.
#[derive(Serialize)]
pub struct QuarterCol {
    n: u8,
    title: String,
    label: String,
    /// The quarter's archive page, when it has articles.
    url: Option<String>,
    count: usize,
}

/// A unit's row.
#[derive(Serialize)]
pub struct UnitLine {
    name: String,
    url: String,
    duty_label: String,
    counts: [usize; 4],
    total: usize,
    covered: usize,
}

/// A bloc and its units.
#[derive(Serialize)]
pub struct BlocGroup {
    name: String,
    units: Vec<UnitLine>,
}

/// The `report` variable of `report.html`.
#[derive(Serialize)]
pub struct ReportView {
    year: i32,
    title: String,
    years: Vec<YearLink>,
    quarters: Vec<QuarterCol>,
    blocs: Vec<BlocGroup>,
    units: usize,
    total: usize,
    /// Units with all four quarters covered.
    full: usize,
}

/// The template data of a year's page.
pub fn view(site: &Site, year: i32) -> ReportView {
    let base = &site.config.base_url.path;
    // The page carries no build date: the output stays deterministic.
    let today = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let report = Report::of_site(site, year, None, today);
    let quarters = report
        .quarters
        .iter()
        .map(|q| {
            let has = site.quarters.iter().any(|(x, _)| *x == q.quarter);
            QuarterCol {
                n: q.quarter.n,
                title: quarter_title(q.quarter.n),
                label: q.quarter.label(),
                url: has.then(|| format!("{base}{}", quarter_path(q.quarter))),
                count: q.entries.len(),
            }
        })
        .collect();
    let blocs = report
        .by_bloc()
        .into_iter()
        .map(|(name, rows)| BlocGroup {
            name,
            units: rows
                .into_iter()
                .map(|r| {
                    let u = report.unit(r.unit);
                    UnitLine {
                        name: u.name.clone(),
                        url: format!("{base}{}", unit_path(&u.id)),
                        duty_label: u.duty_quarter.map(quarter_title).unwrap_or_default(),
                        counts: r.counts,
                        total: r.total(),
                        covered: r.covered(),
                    }
                })
                .collect(),
        })
        .collect();
    ReportView {
        year,
        title: format!("Kết quả giới thiệu gương điển hình năm {year}"),
        years: years(site)
            .into_iter()
            .map(|y| YearLink {
                year: y,
                url: format!("{base}{}", report_path(y)),
                current: y == year,
            })
            .collect(),
        quarters,
        blocs,
        units: report.rows.len(),
        total: report.rows.iter().map(|r| r.total()).sum(),
        full: report.rows.iter().filter(|r| r.covered() == 4).count(),
    }
}
