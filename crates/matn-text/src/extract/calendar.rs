//! Calendar conversion to the proleptic Gregorian calendar, through day numbers.
//!
//! - Jalali (Solar Hijri, Iran's civil calendar): the arithmetic of the
//!   astronomical calendar as Borkowski tabulated it (leap years follow the
//!   "break" years below), exact for Jalali years 1–3177.
//! - Hijri (lunar): the tabular Islamic civil calendar (30-year cycle with
//!   leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29). Iran and Saudi
//!   Arabia fix their months by observation or their own tables, so a tabular
//!   date may differ from the official one by a day or two.

/// A Gregorian date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// ISO 8601 (`2023-11-06`).
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Reads an ISO 8601 calendar date (`2023-11-06`).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let mut part = |len: usize| {
            let p = parts.next().filter(|p| p.len() == len)?;
            p.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| p.parse::<u32>().ok())?
        };
        let (year, month, day) = (part(4)?, part(2)?, part(2)?);
        if parts.next().is_some() {
            return None;
        }
        gregorian(i64::from(year), month, day)
    }

    /// The date `n` days later (earlier for a negative `n`).
    pub fn add_days(self, n: i64) -> Date {
        from_day(self.day_number() + n)
    }

    /// The ISO 8601 week that holds the date (`2023-W45`): weeks begin on
    /// Monday, and week 1 is the one with the year's first Thursday.
    pub fn iso_week(self) -> String {
        let day = self.day_number();
        // Day numbers that are multiples of 7 fall on a Monday.
        let thursday = day - day.rem_euclid(7) + 3;
        let year = from_day(thursday).year;
        let week = (thursday - gregorian_day(year, 1, 1)) / 7 + 1;
        format!("{year:04}-W{week:02}")
    }

    fn day_number(self) -> i64 {
        gregorian_day(self.year, i64::from(self.month), i64::from(self.day))
    }
}

/// Jalali years at which the 33-year leap pattern shifts (Borkowski).
const BREAKS: [i64; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/// For Jalali year `jy`: whether it is leap, and the March day of Nowruz in
/// Gregorian year `jy + 621`.
fn jalali_year(jy: i64) -> Option<(bool, i64)> {
    if !(1..BREAKS[BREAKS.len() - 1]).contains(&jy) {
        return None;
    }
    let gy = jy + 621;
    let mut leap_j = -14;
    let mut jp = BREAKS[0];
    let mut jump = 0;
    for &jm in &BREAKS[1..] {
        jump = jm - jp;
        if jy < jm {
            break;
        }
        leap_j += jump / 33 * 8 + jump % 33 / 4;
        jp = jm;
    }
    let mut n = jy - jp;
    leap_j += n / 33 * 8 + (n % 33 + 3) / 4;
    if jump % 33 == 4 && jump - n == 4 {
        leap_j += 1;
    }
    let leap_g = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
    let march = 20 + leap_j - leap_g;
    if jump - n < 6 {
        n = n - jump + (jump + 4) / 33 * 33;
    }
    let leap = ((n + 1) % 33 - 1) % 4;
    Some((leap == 0, march))
}

/// Day number (Julian day number) of a Gregorian date.
fn gregorian_day(gy: i64, gm: i64, gd: i64) -> i64 {
    let d = (gy + (gm - 8) / 6 + 100_100) * 1461 / 4 + (153 * ((gm + 9) % 12) + 2) / 5 + gd
        - 34_840_408;
    d - (gy + 100_100 + (gm - 8) / 6) / 100 * 3 / 4 + 752
}

/// The Gregorian date of a day number.
fn from_day(day: i64) -> Date {
    let mut j = 4 * day + 139_361_631;
    j += (4 * day + 183_187_720) / 146_097 * 3 / 4 * 4 - 3908;
    let i = j % 1461 / 4 * 5 + 308;
    let month = i / 153 % 12 + 1;
    Date {
        year: j / 1461 - 100_100 + (8 - month) / 6,
        month: month as u32,
        day: (i % 153 / 5 + 1) as u32,
    }
}

/// Days in a Jalali month; `None` for a year out of range or no such month.
pub fn jalali_month_days(year: i64, month: u32) -> Option<u32> {
    let (leap, _) = jalali_year(year)?;
    match month {
        1..=6 => Some(31),
        7..=11 => Some(30),
        12 => Some(if leap { 30 } else { 29 }),
        _ => None,
    }
}

/// The Gregorian date of a Jalali date; `None` when there is no such day.
pub fn from_jalali(year: i64, month: u32, day: u32) -> Option<Date> {
    if day == 0 || day > jalali_month_days(year, month)? {
        return None;
    }
    let (_, march) = jalali_year(year)?;
    let (m, d) = (i64::from(month), i64::from(day));
    let first = gregorian_day(year + 621, 3, march);
    Some(from_day(first + (m - 1) * 31 - m / 7 * (m - 7) + d - 1))
}

/// Whether a Hijri year has 355 days (Dhu al-Hijja of 30).
fn hijri_leap(year: i64) -> bool {
    (14 + 11 * year) % 30 < 11
}

/// Days in a Hijri month of the tabular calendar.
pub fn hijri_month_days(year: i64, month: u32) -> Option<u32> {
    match month {
        12 if hijri_leap(year) => Some(30),
        1..=12 => Some(if month % 2 == 1 { 30 } else { 29 }),
        _ => None,
    }
}

/// The Gregorian date of a Hijri date (tabular civil calendar).
pub fn from_hijri(year: i64, month: u32, day: u32) -> Option<Date> {
    if !(1..=9999).contains(&year) || day == 0 || day > hijri_month_days(year, month)? {
        return None;
    }
    let m = i64::from(month);
    // Days before the month: 30 and 29 in turn.
    let before_month = 29 * (m - 1) + m / 2;
    let day_number =
        i64::from(day) + before_month + (year - 1) * 354 + (3 + 11 * year) / 30 + 1_948_440 - 1;
    Some(from_day(day_number))
}

/// A valid Gregorian date.
pub fn gregorian(year: i64, month: u32, day: u32) -> Option<Date> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (day >= 1 && day <= days && (1..=9999).contains(&year)).then_some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(d: Option<Date>) -> String {
        d.map_or_else(|| "none".into(), |d| d.iso())
    }

    #[test]
    fn jalali() {
        for (name, (y, m, d), want) in [
            ("nowruz_1400", (1400, 1, 1), "2021-03-21"),
            ("aban_1402", (1402, 8, 15), "2023-11-06"),
            ("last_day_of_mehr", (1402, 7, 30), "2023-10-22"),
            ("esfand_30_of_leap_1399", (1399, 12, 30), "2021-03-20"),
            ("esfand_30_of_leap_1403", (1403, 12, 30), "2025-03-20"),
            ("esfand_30_of_common_1402", (1402, 12, 30), "none"),
            ("esfand_29_of_common_1402", (1402, 12, 29), "2024-03-19"),
            ("mehr_31_is_no_day", (1402, 7, 31), "none"),
            ("revolution_day", (1357, 11, 22), "1979-02-11"),
            ("month_13", (1402, 13, 1), "none"),
            ("day_0", (1402, 1, 0), "none"),
            ("old_date_1307", (1307, 2, 18), "1928-05-08"),
        ] {
            assert_eq!(iso(from_jalali(y, m, d)), want, "{name}");
        }
    }

    #[test]
    fn hijri() {
        for (name, (y, m, d), want) in [
            ("epoch", (1, 1, 1), "0622-07-19"),
            ("muharram_1445", (1445, 1, 1), "2023-07-19"),
            ("ashura_1445", (1445, 1, 10), "2023-07-28"),
            ("ramadan_1444", (1444, 9, 1), "2023-03-23"),
            ("safar_has_29", (1445, 2, 30), "none"),
            ("dhu_al_hijja_30_of_leap_1445", (1445, 12, 30), "2024-07-07"),
            ("dhu_al_hijja_30_of_common_1444", (1444, 12, 30), "none"),
        ] {
            assert_eq!(iso(from_hijri(y, m, d)), want, "{name}");
        }
    }

    #[test]
    fn day_arithmetic_and_iso_weeks() {
        let d = |s: &str| Date::parse_iso(s).expect("valid date");
        assert_eq!(d("2024-02-28").add_days(1).iso(), "2024-02-29");
        assert_eq!(d("2023-03-01").add_days(-1).iso(), "2023-02-28");
        assert_eq!(d("2023-12-31").add_days(1).iso(), "2024-01-01");
        assert_eq!(d("2023-11-06").iso_week(), "2023-W45");
        // Week 1 may begin in December; the last days of a year may be week 1.
        assert_eq!(d("2021-01-03").iso_week(), "2020-W53");
        assert_eq!(d("2024-12-30").iso_week(), "2025-W01");
        assert_eq!(d("2026-11-29").iso_week(), "2026-W48");
        for bad in [
            "2023-02-30",
            "2023-1-06",
            "23-11-06",
            "2023-11-06T10",
            "",
            "２０２３-11-06",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn gregorian_checks_days() {
        assert_eq!(iso(gregorian(2024, 2, 29)), "2024-02-29");
        assert_eq!(iso(gregorian(2023, 2, 29)), "none");
        assert_eq!(iso(gregorian(1900, 2, 29)), "none");
        assert_eq!(iso(gregorian(2000, 2, 29)), "2000-02-29");
        assert_eq!(iso(gregorian(2023, 4, 31)), "none");
    }
}
