//! Unit tests of the coverage report: counts per unit and quarter, lateness, duty quarters.

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
