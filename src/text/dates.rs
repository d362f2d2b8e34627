//! Dates as Vietnamese readers expect them (`Thứ Hai, 28/09/2020`), the site's timezone,
//! and quarters (`2020-Q3`, `Quý III/2020`).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use std::fmt;

/// Parses a timezone offset such as `+07:00`, `-03:30`, `+0700` or `Z`.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Parses a front matter date: `2020-09-28`, `2020-09-28 08:30`, `2020-09-28T08:30:00` (all
/// in the site's timezone) or RFC 3339 with an offset; the result is in the site's timezone.
pub fn parse_datetime(s: &str, tz: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&tz));
    }
    if let Ok(dt) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%:z") {
        return Some(dt.with_timezone(&tz));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return tz.from_local_datetime(&naive).single();
        }
    }
    let date = parse_date(s)?;
    tz.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .single()
}

/// Parses a plain `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The Vietnamese weekday name (`Thứ Hai` … `Chủ Nhật`).
pub fn weekday_vi(date: NaiveDate) -> &'static str {
    use chrono::Weekday::*;
    match date.weekday() {
        Mon => "Thứ Hai",
        Tue => "Thứ Ba",
        Wed => "Thứ Tư",
        Thu => "Thứ Năm",
        Fri => "Thứ Sáu",
        Sat => "Thứ Bảy",
        Sun => "Chủ Nhật",
    }
}

/// `Thứ Hai, 28/09/2020`.
pub fn display_long(date: NaiveDate) -> String {
    format!("{}, {}", weekday_vi(date), display_short(date))
}

/// `28/09/2020`.
pub fn display_short(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `tháng 9/2020`.
pub fn display_month(date: NaiveDate) -> String {
    format!("tháng {}/{}", date.month(), date.year())
}

/// ISO 8601 with offset, second precision: `2020-09-28T08:30:00+07:00`.
pub fn iso(dt: &DateTime<FixedOffset>) -> String {
    dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A quarter of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year, e.g. 2020.
    pub year: i32,
    /// 1 to 4.
    pub n: u8,
}

impl Quarter {
    /// The quarter a date falls in.
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            n: ((date.month0() / 3) + 1) as u8,
        }
    }

    /// Parses `YYYY-Qn` (n in 1..4; `q` accepted in lowercase).
    pub fn parse(s: &str) -> Option<Quarter> {
        let s = s.trim();
        let (y, q) = s.split_once(['Q', 'q'])?;
        let y = y.strip_suffix('-')?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) || q.len() != 1 {
            return None;
        }
        let n: u8 = q.parse().ok()?;
        let year = y.parse().ok()?;
        (1..=4).contains(&n).then_some(Quarter { year, n })
    }

    /// `2020-Q3`.
    pub fn id(&self) -> String {
        format!("{}-Q{}", self.year, self.n)
    }

    /// `Quý III/2020`.
    pub fn label(&self) -> String {
        format!("Quý {}/{}", roman(self.n), self.year)
    }

    /// The first day of the quarter's last month.
    pub fn last_month_first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.n) * 3, 1).expect("valid quarter")
    }

    /// The first late day of submission: `deadline_day` of the quarter's last month; when the
    /// month has no such day (`31` in June), the whole month is on time and the first day of
    /// the next month is the first late one.
    pub fn deadline(&self, deadline_day: u32) -> NaiveDate {
        let first = self.last_month_first_day();
        first
            .with_day(deadline_day.max(1))
            .unwrap_or_else(|| first + chrono::Months::new(1))
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.n)
    }
}

/// Roman numeral of a quarter number (`I` … `IV`).
pub fn roman(n: u8) -> &'static str {
    match n {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz7() -> FixedOffset {
        parse_offset("+07:00").unwrap()
    }

    #[test]
    fn displays_vietnamese_dates() {
        let d = NaiveDate::from_ymd_opt(2020, 9, 28).unwrap();
        assert_eq!(display_long(d), "Thứ Hai, 28/09/2020");
        let sunday = NaiveDate::from_ymd_opt(2020, 10, 4).unwrap();
        assert_eq!(display_long(sunday), "Chủ Nhật, 04/10/2020");
        assert_eq!(display_month(d), "tháng 9/2020");
    }

    #[test]
    fn dates_move_to_the_site_timezone() {
        let dt = parse_datetime("2020-09-30T20:00:00Z", tz7()).unwrap();
        assert_eq!(
            dt.date_naive(),
            NaiveDate::from_ymd_opt(2020, 10, 1).unwrap()
        );
        assert_eq!(Quarter::of(dt.date_naive()).id(), "2020-Q4");
        let plain = parse_datetime("2020-09-28", tz7()).unwrap();
        assert_eq!(iso(&plain), "2020-09-28T00:00:00+07:00");
        assert!(parse_datetime("2020-13-01", tz7()).is_none());
        assert!(parse_datetime("hôm qua", tz7()).is_none());
    }

    #[test]
    fn quarters() {
        assert_eq!(
            Quarter::parse("2020-Q3"),
            Some(Quarter { year: 2020, n: 3 })
        );
        assert_eq!(Quarter::parse("2020-Q5"), None);
        assert_eq!(Quarter::parse("2020-Q0"), None);
        assert_eq!(Quarter::parse("20-Q1"), None);
        assert_eq!(Quarter::parse("2020Q1"), None);
        assert_eq!(Quarter { year: 2020, n: 3 }.label(), "Quý III/2020");
        assert_eq!(Quarter { year: 2021, n: 4 }.label(), "Quý IV/2021");
        let d = NaiveDate::from_ymd_opt(2020, 3, 31).unwrap();
        assert_eq!(Quarter::of(d), Quarter { year: 2020, n: 1 });
        let q = Quarter { year: 2020, n: 2 };
        assert_eq!(q.deadline(5), NaiveDate::from_ymd_opt(2020, 6, 5).unwrap());
        // June has no 31st: every day of June is on time, 1 July is the first late day.
        assert_eq!(q.deadline(31), NaiveDate::from_ymd_opt(2020, 7, 1).unwrap());
        assert_eq!(
            q.deadline(30),
            NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
        );
        let q1 = Quarter { year: 2020, n: 1 };
        assert_eq!(
            q1.deadline(31),
            NaiveDate::from_ymd_opt(2020, 3, 31).unwrap()
        );
        let q4 = Quarter { year: 2020, n: 4 };
        assert_eq!(
            q4.deadline(31),
            NaiveDate::from_ymd_opt(2020, 12, 31).unwrap()
        );
        let q3 = Quarter { year: 2021, n: 3 };
        assert_eq!(
            q3.deadline(31),
            NaiveDate::from_ymd_opt(2021, 10, 1).unwrap()
        );
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+07:00").unwrap().local_minus_utc(), 7 * 3600);
        assert_eq!(
            parse_offset("-0330").unwrap().local_minus_utc(),
            -(3 * 3600 + 1800)
        );
        assert!(parse_offset("7").is_none());
    }
}
