//! Value entities by rule over the tokens of normalized text: dates (Jalali,
//! Gregorian, Hijri, relative), times, money, percentages, numbers written
//! in words and phone numbers ([`phones`]), each with its resolved value
//! where the text fixes one.
//!
//! Spans follow news usage: a date takes its weekday and `روز`/`سال` before
//! it (`روز جمعه ۱۰ دی ماه`, `سال ۲۰۱۵`); a time takes the day it names
//! (`ساعت ۷:۴۵ صبح امروز`); a range is one mention (`از ۱۵ تا ۱۷ اردیبهشت`,
//! `۵ تا ۱۰ درصد`), without a value.

use super::calendar::{self, Date};
use super::numbers::{self, NumberToken};
use super::phones;
use crate::extract::entity::{EntityType, Money, Value};
use crate::script::digit_value;
use crate::token::{Token, TokenKind};
use std::ops::Range;

mod spans;

/// A value entity: the tokens that mention it and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueMention {
    /// Token indexes.
    pub tokens: Range<usize>,
    pub kind: EntityType,
    pub value: Option<Value>,
}

struct Tok<'a> {
    s: &'a str,
    digits: bool,
}

impl NumberToken for Tok<'_> {
    fn text(&self) -> &str {
        self.s
    }
    fn is_digits(&self) -> bool {
        self.digits
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Calendar {
    Jalali,
    Gregorian,
    Hijri,
}

/// A month name: its calendar, number, and whether the word has another
/// common sense (`تیر` arrow, `مهر` seal, `صفر` zero, `می` the verb prefix),
/// so that it is a month only beside a day, a year or `ماه`.
fn month(w: &str) -> Option<(Calendar, u32, bool)> {
    use Calendar::*;
    let (c, m, ambiguous) = match w {
        "فروردین" => (Jalali, 1, false),
        "اردیبهشت" => (Jalali, 2, false),
        "خرداد" => (Jalali, 3, false),
        "تیر" => (Jalali, 4, true),
        "مرداد" | "امرداد" => (Jalali, 5, false),
        "شهریور" => (Jalali, 6, false),
        "مهر" => (Jalali, 7, true),
        "آبان" => (Jalali, 8, false),
        "آذر" => (Jalali, 9, true),
        "دی" => (Jalali, 10, true),
        "بهمن" => (Jalali, 11, true),
        "اسفند" => (Jalali, 12, false),
        "ژانویه" => (Gregorian, 1, false),
        "فوریه" => (Gregorian, 2, false),
        "مارس" => (Gregorian, 3, true),
        "آوریل" => (Gregorian, 4, false),
        "مه" | "می" => (Gregorian, 5, true),
        "ژوئن" => (Gregorian, 6, false),
        "ژوئیه" | "ژوییه" | "جولای" => (Gregorian, 7, false),
        "اوت" | "آگوست" => (Gregorian, 8, false),
        "سپتامبر" => (Gregorian, 9, false),
        "اکتبر" => (Gregorian, 10, false),
        "نوامبر" => (Gregorian, 11, false),
        "دسامبر" => (Gregorian, 12, false),
        "محرم" => (Hijri, 1, true),
        "صفر" => (Hijri, 2, true),
        "ربیع\u{200C}الاول" => (Hijri, 3, false),
        "ربیع\u{200C}الثانی" | "ربیع\u{200C}الآخر" => (Hijri, 4, false),
        "جمادی\u{200C}الاول" | "جمادی\u{200C}الاولی" => (Hijri, 5, false),
        "جمادی\u{200C}الثانی" | "جمادی\u{200C}الآخر" => (Hijri, 6, false),
        "رجب" => (Hijri, 7, true),
        "شعبان" => (Hijri, 8, true),
        "رمضان" => (Hijri, 9, true),
        "شوال" => (Hijri, 10, false),
        "ذی\u{200C}القعده" => (Hijri, 11, false),
        "ذی\u{200C}الحجه" => (Hijri, 12, false),
        _ => return None,
    };
    Some((c, m, ambiguous))
}

/// A weekday at token `i` of one or two tokens (`سه شنبه`): the index after it.
fn weekday_at(r: &Reader, i: usize) -> Option<usize> {
    if is_weekday(r.text(i)) {
        return Some(i + 1);
    }
    (matches!(r.text(i), "سه" | "پنج") && r.text(i + 1) == "شنبه").then_some(i + 2)
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "شنبه"
            | "یکشنبه"
            | "دوشنبه"
            | "سه\u{200C}شنبه"
            | "چهارشنبه"
            | "پنجشنبه"
            | "پنج\u{200C}شنبه"
            | "جمعه"
    )
}

/// Events named with the year of their edition (`المپیک ۲۰۱۶`).
const EDITIONS: &[&str] = &[
    "انتخابات",
    "المپیک",
    "پارالمپیک",
    "جهانی",
    "یورو",
    "بودجه",
    "کنکور",
    "سرشماری",
    "مدل",
    "نمایشگاه",
    "جشنواره",
    "مسابقات",
    "رقابت\u{200C}های",
    "بازی\u{200C}های",
    "آسیایی",
    "اکسپو",
    "کوپا",
];

/// How far a relative date lies from the text's own date, when its words
/// fix a day or a week. Months and years are left alone: which calendar's
/// month or year `ماه گذشته` means is not said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shift {
    Days(i64),
    Weeks(i64),
}

/// The shift of a relative date mention, from its words: `امروز`, `دیروز`,
/// `پس‌فردا`, `روز گذشته`, `هفته آینده`, `همین هفته`, `۳ روز پیش`,
/// `دو هفته بعد`. `None` for the rest (`سال گذشته`, `۳ سال اخیر`).
pub fn shift(words: &[&str]) -> Option<Shift> {
    let unit = |u: &str, n: i64| match u {
        "روز" => Some(Shift::Days(n)),
        "هفته" => Some(Shift::Weeks(n)),
        _ => None,
    };
    match words {
        [w] => match *w {
            "امروز" => Some(Shift::Days(0)),
            "دیروز" => Some(Shift::Days(-1)),
            "فردا" => Some(Shift::Days(1)),
            "پریروز" => Some(Shift::Days(-2)),
            "پس\u{200C}فردا" => Some(Shift::Days(2)),
            _ => None,
        },
        ["همین" | "این", u] => unit(u, 0),
        [u, rel] => {
            let n = match *rel {
                "گذشته" | "پیش" | "قبل" => -1,
                "آینده" | "بعد" | "آتی" => 1,
                "جاری" | "کنونی" => 0,
                _ => return None,
            };
            unit(u, n)
        }
        // A count before the unit: a point (`۳ روز پیش`), not a period
        // (`۳ روز گذشته`, the last three days).
        [n, u, rel] => {
            let word = || {
                let v = numbers::word_value(n)?;
                (v.fract() == 0.0 && (1.0..1000.0).contains(&v)).then_some(v as u32)
            };
            let n = i64::from(small_int(n).or_else(word)?);
            match *rel {
                "پیش" | "قبل" => unit(u, -n),
                "بعد" => unit(u, n),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Words that name a day relative to the text's own: `امروز`, `دیروز`...
fn is_relative_day(w: &str) -> bool {
    matches!(
        w,
        "امروز" | "دیروز" | "فردا" | "پریروز" | "پس\u{200C}فردا" | "امسال" | "پارسال"
    )
}

/// Units of relative dates (`هفته آینده`, `۳ سال گذشته`).
fn is_date_unit(w: &str) -> bool {
    matches!(w, "روز" | "هفته" | "ماه" | "سال" | "دهه" | "قرن")
}

fn is_relative_word(w: &str) -> bool {
    matches!(
        w,
        "گذشته" | "آینده" | "جاری" | "اخیر" | "پیش" | "قبل" | "بعد" | "آتی" | "کنونی"
    )
}

/// Parts of the day, each with the hours to add to a clock time below 12
/// said with it.
fn day_part(w: &str) -> Option<u32> {
    match w {
        "صبح" | "بامداد" | "صبحگاه" => Some(0),
        "ظهر" => Some(12),
        "عصر" | "بعدازظهر" | "شب" | "شامگاه" | "غروب" | "نیمه\u{200C}شب" => {
            Some(12)
        }
        _ => None,
    }
}

/// Currencies: ISO code and how many units of it one unit named is.
/// The adjective (`ریالی`, `دلاری`, `یورویی`) counts as the name.
fn currency(w: &str) -> Option<(&'static str, f64, &'static str)> {
    [
        w,
        w.strip_suffix('ی').unwrap_or(""),
        w.strip_suffix("یی").unwrap_or(""),
    ]
    .into_iter()
    .find_map(currency_name)
}

fn currency_name(w: &str) -> Option<(&'static str, f64, &'static str)> {
    Some(match w {
        "ریال" => ("IRR", 1.0, ""),
        "تومان" | "تومن" => ("IRR", 10.0, "toman = 10 IRR"),
        "دلار" | "دلارآمریکا" => ("USD", 1.0, ""),
        "یورو" => ("EUR", 1.0, ""),
        "پوند" => ("GBP", 1.0, ""),
        "درهم" => ("AED", 1.0, ""),
        "لیر" => ("TRY", 1.0, ""),
        "ین" => ("JPY", 1.0, ""),
        "یوان" => ("CNY", 1.0, ""),
        "روبل" => ("RUB", 1.0, ""),
        _ => return None,
    })
}

/// The integer a digit token holds, if it is one (`۱۴۰۲`).
fn integer(t: &Tok) -> Option<i64> {
    if !t.digits {
        return None;
    }
    small_int(t.s).map(i64::from)
}

/// One to four digits, as a number (longer runs are no day, month, year or
/// hour, and cannot overflow).
fn small_int(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 4 {
        return None;
    }
    s.chars()
        .try_fold(0u32, |n, c| Some(n * 10 + digit_value(c)?))
}

struct Reader<'a> {
    toks: Vec<Tok<'a>>,
}

impl<'a> Reader<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.s)
    }

    /// Whether some value entity can start at token `i`: most words are
    /// ruled out by this one check before any reader runs.
    fn may_start(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        let w = t.s;
        t.digits
            || matches!(
                w,
                "منفی"
                    | "٪"
                    | "%"
                    | "ساعت"
                    | "روز"
                    | "تاریخ"
                    | "سال"
                    | "ماه"
                    | "همین"
                    | "این"
                    | "امشب"
                    | "دیشب"
                    | "بعد"
                    | "پیش"
                    | "سه"
                    | "پنج"
            )
            || is_relative_day(w)
            || is_weekday(w)
            || is_date_unit(w)
            || day_part(w).is_some()
            || numbers::word_value(w).is_some()
            || numbers::scale_value(w).is_some()
            || numbers::ordinal_value(w).is_some()
            || self.month(i).is_some()
    }

    /// A day of the month at `i`: digits 1–31 or an ordinal word.
    fn day(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        let d = match integer(t) {
            Some(n) => u32::try_from(n).ok()?,
            None => numbers::ordinal_value(t.s)?,
        };
        (1..=31).contains(&d).then_some(d)
    }

    /// A month at `i`, with `ماه` glued or after it: its calendar, number,
    /// ambiguity and the index after it.
    fn month(&self, i: usize) -> Option<(Calendar, u32, bool, usize)> {
        let w = self.text(i);
        let (name, glued) = match w
            .strip_suffix("ماه")
            .map(|s| s.strip_suffix('\u{200C}').unwrap_or(s))
        {
            Some(s) if !s.is_empty() => (s, true),
            _ => (w, false),
        };
        let (cal, m, ambiguous, mut end) = if let Some((c, m, a)) = month(name) {
            (c, m, a, i + 1)
        } else if !glued && matches!(name, "ربیع" | "جمادی" | "ذی") {
            // Hijri months written in two words: `ربیع الاول`.
            let two = format!("{name}\u{200C}{}", self.text(i + 1));
            let (c, m, a) = month(&two)?;
            (c, m, a, i + 2)
        } else {
            return None;
        };
        let mut named = glued;
        if !glued && self.text(end) == "ماه" {
            named = true;
            end += 1;
        }
        Some((cal, m, ambiguous && !named, end))
    }

    /// A year at `i` (`۱۴۰۲`, `۹۴`; `سال` before it is the caller's).
    fn year(&self, i: usize) -> Option<i64> {
        let t = self.toks.get(i)?;
        let y = integer(t)?;
        (1..=2200).contains(&y).then_some(y)
    }

    /// A calendar named after a year: the calendar and the index after it.
    fn era(&self, i: usize) -> Option<(Calendar, usize)> {
        match (self.text(i), self.text(i + 1)) {
            ("هجری", "شمسی") => Some((Calendar::Jalali, i + 2)),
            ("هجری", "قمری") => Some((Calendar::Hijri, i + 2)),
            ("هجری", _) | ("قمری", _) => Some((Calendar::Hijri, i + 1)),
            ("شمسی", _) => Some((Calendar::Jalali, i + 1)),
            ("میلادی", _) => Some((Calendar::Gregorian, i + 1)),
            _ => None,
        }
    }

    /// A date starting at `i`: where it ends and its value.
    /// The year of an event's edition, said right after it: `المپیک ۲۰۱۶`,
    /// `جام جهانی ۲۰۱۸`, `انتخابات ۹۶` (a two-digit Jalali year only after
    /// Iranian events). Only the year is the mention; a Gregorian year is
    /// its value.
    fn edition_year(&self, i: usize) -> Option<(usize, EntityType, Option<Value>)> {
        let t = self.toks.get(i)?;
        if !t.digits || i == 0 {
            return None;
        }
        // `جام جهانی` may be one token: its last word names the event.
        let before = self.text(i - 1);
        let before = before.rsplit([' ', '\u{200C}']).next().unwrap_or(before);
        let y = integer(t)?;
        let year = match t.s.chars().count() {
            2 => matches!(before, "انتخابات" | "بودجه" | "کنکور" | "سرشماری"),
            4 => {
                EDITIONS.contains(&before)
                    && ((1300..=1450).contains(&y) || (1900..=2100).contains(&y))
            }
            _ => false,
        };
        let value = (y >= 1900).then(|| Value::Date(format!("{y:04}")));
        year.then_some((i + 1, EntityType::Date, value))
    }

    fn date(&self, i: usize) -> Option<(usize, Option<Value>)> {
        let mut j = i;
        // `امروز سه‌شنبه`: the day named twice.
        if is_relative_day(self.text(j)) && weekday_at(self, j + 1).is_some() {
            j += 1;
        }
        if matches!(self.text(j), "روز" | "تاریخ") {
            j += 1;
        }
        let weekday = weekday_at(self, j);
        if let Some(after) = weekday {
            j = after;
        }
        let weekday = weekday.is_some();
        // Day, or a range of days (`۱۵ تا ۱۷ اردیبهشت`), then the month.
        let mut day = self.day(j).map(|d| (d, j + 1));
        let mut range = false;
        if let Some((_, after)) = day {
            if self.text(after) == "تا" && self.day(after + 1).is_some() {
                day = self.day(after + 1).map(|d| (d, after + 2));
                range = true;
            }
        }
        let mut month_at = day.map_or(j, |(_, after)| after);
        // `ماه رمضان`, `ماه آوریل`.
        let month_said = self.text(month_at) == "ماه" && self.month(month_at + 1).is_some();
        if month_said {
            month_at += 1;
        }
        if let Some((cal, m, ambiguous, mut end)) = self.month(month_at) {
            let mut year = None;
            if self.text(end) == "سال" && self.year(end + 1).is_some() {
                year = self.year(end + 1);
                end += 2;
            } else if let Some(y) = self.year(end) {
                year = Some(y);
                end += 1;
            }
            // `اسفند ماه سال گذشته`, `فروردین ماه امسال`.
            let mut relative_year = false;
            if year.is_none() {
                if self.text(end) == "امسال" {
                    end += 1;
                    relative_year = true;
                } else if self.text(end) == "سال" && is_relative_word(self.text(end + 1)) {
                    end += 2;
                    relative_year = true;
                }
            }
            if ambiguous && !month_said && day.is_none() && year.is_none() && !relative_year {
                return None;
            }
            if year.is_some() {
                if let Some((_, after)) = self.era(end) {
                    end = after;
                }
            }
            let value = match (day, year) {
                (Some((d, _)), Some(y)) if !range => resolve(cal, y, m, d).map(Value::Date),
                _ => None,
            };
            return Some((end, value));
        }
        // `سال ۲۰۱۵`, `سال ۹۴`, `سال ۲۰۱ هجری`.
        if self.text(j) == "سال" {
            if let Some(y) = self.year(j + 1) {
                let mut end = j + 2;
                let mut cal = None;
                if let Some((c, after)) = self.era(end) {
                    cal = Some(c);
                    end = after;
                }
                let gregorian = cal == Some(Calendar::Gregorian) || (cal.is_none() && y >= 1700);
                let value = gregorian.then(|| Value::Date(format!("{y:04}")));
                return Some((end, value));
            }
        }
        if weekday {
            return Some((j, Some(Value::Relative(None))));
        }
        if j != i {
            return self.relative_date(i);
        }
        // A date written in digits: `۱۴۰۲/۰۸/۱۵`, `2023-05-20`, `20/5/2023`.
        if let Some(value) = self.numeric_date(i) {
            return Some((i + 1, Some(value)));
        }
        self.relative_date(i)
    }

    fn numeric_date(&self, i: usize) -> Option<Value> {
        let t = self.toks.get(i)?;
        if !t.digits {
            return None;
        }
        let parts: Vec<i64> =
            t.s.split(['/', '-', '.'])
                .map(|p| small_int(p).map(i64::from))
                .collect::<Option<_>>()?;
        let [a, b, c] = parts[..] else {
            return None;
        };
        let (y, m, d) = if a > 31 { (a, b, c) } else { (c, b, a) };
        let (m, d) = (u32::try_from(m).ok()?, u32::try_from(d).ok()?);
        let cal = if y < 1700 {
            Calendar::Jalali
        } else {
            Calendar::Gregorian
        };
        resolve(cal, y, m, d).map(Value::Date)
    }

    /// `امروز`, `هفته آینده`, `۳ سال گذشته`, `همین هفته`.
    fn relative_date(&self, i: usize) -> Option<(usize, Option<Value>)> {
        let w = self.text(i);
        if is_relative_day(w) {
            return Some((i + 1, Some(Value::Relative(None))));
        }
        let mut j = i;
        if matches!(w, "همین" | "این") {
            return is_date_unit(self.text(i + 1))
                .then_some((i + 2, Some(Value::Relative(None))))
                .filter(|_| self.text(i + 1) != "روز");
        }
        if let Some(p) = numbers::read(&self.toks, j) {
            j = p.end;
        }
        if is_date_unit(self.text(j)) && is_relative_word(self.text(j + 1)) {
            let end = self.era(j + 2).map_or(j + 2, |(_, after)| after);
            return Some((end, Some(Value::Relative(None))));
        }
        None
    }

    /// A clock time at `i` (`۷:۴۵`, or after `ساعت` a number of hours and
    /// minutes): hours, minutes, seconds and the index after it.
    fn clock(&self, i: usize) -> Option<(u32, u32, u32, usize)> {
        let said = self.text(i) == "ساعت";
        let j = i + usize::from(said);
        let t = self.toks.get(j)?;
        if t.digits && t.s.contains(':') {
            let parts: Vec<u32> = t.s.split(':').map(small_int).collect::<Option<_>>()?;
            let (h, m, s) = match parts[..] {
                [h, m] => (h, m, 0),
                [h, m, s] => (h, m, s),
                _ => return None,
            };
            return (h <= 24 && m < 60 && s < 60).then_some((h, m, s, j + 1));
        }
        if !said {
            return None;
        }
        let hours = numbers::read(&self.toks, j)?;
        let h = hours.value;
        if h.fract() != 0.0 || !(0.0..=24.0).contains(&h) {
            return None;
        }
        let mut end = hours.end;
        let mut minutes = 0;
        if self.text(end) == "و" {
            if self.text(end + 1) == "نیم" {
                minutes = 30;
                end += 2;
            } else if let Some(m) = numbers::read(&self.toks, end + 1) {
                if self.text(m.end) == "دقیقه" && m.value.fract() == 0.0 && m.value < 60.0 {
                    minutes = m.value as u32;
                    end = m.end + 1;
                }
            }
        }
        Some((h as u32, minutes, 0, end))
    }

    /// A day the time is on: `امروز`, a weekday, `روز یکشنبه`, `گذشته`
    /// (after `شب`), or a date; the index after it.
    fn time_day(&self, i: usize, allow_past: bool) -> Option<usize> {
        let w = self.text(i);
        if let Some((end, _)) = self.date(i).filter(|_| !matches!(w, "همین" | "این")) {
            return Some(end);
        }
        if is_relative_day(w) || (allow_past && w == "گذشته") {
            return Some(i + 1);
        }
        weekday_at(self, i)
    }

    /// A day part at `i`, of one word or `بعد از ظهر`, `پیش از ظهر`: the hours
    /// it adds and the index after it.
    fn day_part(&self, i: usize) -> Option<(u32, usize)> {
        if matches!(self.text(i), "بعد" | "پیش")
            && self.text(i + 1) == "از"
            && self.text(i + 2) == "ظهر"
        {
            let add = if self.text(i) == "بعد" { 12 } else { 0 };
            return Some((add, i + 3));
        }
        day_part(self.text(i)).map(|add| (add, i + 1))
    }

    fn time(&self, i: usize) -> Option<(usize, Option<Value>)> {
        if matches!(self.text(i), "امشب" | "دیشب") {
            return Some((i + 1, Some(Value::Relative(None))));
        }
        if let Some((h, m, s, mut end)) = self.clock(i) {
            let mut h = h;
            if let Some((add, after)) = self.day_part(end) {
                if h < 12 && (add == 12 && (self.text(end) != "ظهر" || h < 6)) {
                    h += 12;
                }
                end = after;
            }
            if let Some(after) = self.time_day(end, false) {
                end = after;
            }
            let value = Value::Time(format!("{:02}:{m:02}:{s:02}", h % 24));
            return Some((end, Some(value)));
        }
        // `صبح امروز`, `شب گذشته`, `بامداد ۲۶ مهرماه`.
        if let Some((_, after)) = self.day_part(i) {
            let on = if self.text(after) == "روز" {
                after + 1
            } else {
                after
            };
            if let Some(end) = self.time_day(on, true) {
                return Some((end, Some(Value::Relative(None))));
            }
            return None;
        }
        // `امروز صبح`, `جمعه شب گذشته`.
        let day = if is_relative_day(self.text(i)) {
            Some(i + 1)
        } else {
            weekday_at(self, i)
        };
        if let Some((_, mut end)) = day.and_then(|d| self.day_part(d)) {
            if self.text(end) == "گذشته" {
                end += 1;
            }
            return Some((end, Some(Value::Relative(None))));
        }
        None
    }

    /// The date read to `after_date`, or the time it starts when its hour
    /// follows (`جمعه ۲۸ خرداد ماه ساعت ۲۲:۰۰`): a date-time when the date
    /// resolves (`2023-11-06T22:00:00`).
    fn date_or_time(
        &self,
        after_date: usize,
        date: Option<Value>,
    ) -> (usize, EntityType, Option<Value>) {
        let Some((h, m, s, end)) = self
            .clock(after_date)
            .filter(|_| self.text(after_date) == "ساعت")
        else {
            return (after_date, EntityType::Date, date);
        };
        let time = format!("{:02}:{m:02}:{s:02}", h % 24);
        let value = match date {
            Some(Value::Date(d)) if d.len() == 10 => format!("{d}T{time}"),
            _ => time,
        };
        (end, EntityType::Time, Some(Value::Time(value)))
    }

    /// A number phrase with an optional `منفی` and an optional range.
    fn amount(&self, i: usize) -> Option<(f64, bool, usize)> {
        let negative = self.text(i) == "منفی";
        let start = i + usize::from(negative);
        let first = numbers::read(&self.toks, start)?;
        let mut end = first.end;
        let mut range = false;
        if matches!(self.text(end), "تا" | "-") {
            if let Some(second) = numbers::read(&self.toks, end + 1) {
                end = second.end;
                range = true;
            }
        }
        let sign = if negative { -1.0 } else { 1.0 };
        Some((sign * first.value, range, end))
    }

    fn money_or_percent(&self, i: usize) -> Option<(usize, EntityType, Option<Value>)> {
        if matches!(self.text(i), "٪" | "%") {
            let p = numbers::read(&self.toks, i + 1)?;
            return Some((p.end, EntityType::Percent, Some(Value::Number(p.value))));
        }
        let (value, range, end) = self.amount(i)?;
        let unit = self.text(end);
        if matches!(unit, "درصد" | "درصدی" | "٪" | "%")
            || (unit == "در" && self.text(end + 1) == "صد")
        {
            let after = end + if unit == "در" { 2 } else { 1 };
            let value = (!range).then_some(Value::Number(value));
            return Some((after, EntityType::Percent, value));
        }
        // A scale glued to the currency: `۵ هزارتومان`.
        let (scale, unit) = ["هزار", "میلیون", "میلیارد"]
            .iter()
            .find_map(|s| {
                let rest = unit.strip_prefix(s)?;
                let rest = rest.strip_prefix('\u{200C}').unwrap_or(rest);
                currency(rest).map(|_| (numbers::scale_value(s).unwrap_or(1.0), rest))
            })
            .unwrap_or((1.0, unit));
        let (code, per_unit, note) = currency(unit)?;
        let mut end = end + 1;
        let mut amount = value * scale;
        // `۳۸ دلار و ۴۰ سنت`.
        if self.text(end) == "و" {
            if let Some(c) = numbers::read(&self.toks, end + 1) {
                if self.text(c.end) == "سنت" && code != "IRR" {
                    amount += c.value / 100.0;
                    end = c.end + 1;
                }
            }
        }
        let value = (!range).then_some(Value::Money(Money {
            amount: amount * per_unit,
            currency: code,
            note,
        }));
        Some((end, EntityType::Money, value))
    }
}

/// The Gregorian date of a date in `cal`; two-digit Jalali years are of the
/// 1300s (`۹۴` = 1394).
fn resolve(cal: Calendar, year: i64, month: u32, day: u32) -> Option<String> {
    let date: Option<Date> = match cal {
        Calendar::Jalali => {
            let year = if year < 100 { 1300 + year } else { year };
            calendar::from_jalali(year, month, day)
        }
        Calendar::Gregorian => calendar::gregorian(year, month, day),
        Calendar::Hijri => calendar::from_hijri(year, month, day),
    };
    date.map(|d| d.iso())
}

/// The value entities of a tokenized text, in text order, without overlaps.
pub fn find(text: &str, tokens: &[Token]) -> Vec<ValueMention> {
    let reader = Reader {
        toks: tokens
            .iter()
            .map(|t| Tok {
                s: &text[t.bytes.clone()],
                digits: t.kind == TokenKind::Number,
            })
            .collect(),
    };
    let mut out: Vec<ValueMention> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((end, phone)) = phones::at(text, tokens, i) {
            out.push(ValueMention {
                tokens: i..end,
                kind: EntityType::Phone,
                value: Some(Value::Text(phone)),
            });
            i = end;
            continue;
        }
        if !reader.may_start(i) {
            i += 1;
            continue;
        }
        let found = reader
            .time(i)
            .map(|(end, v)| (end, EntityType::Time, v))
            .or_else(|| reader.date(i).map(|(end, v)| reader.date_or_time(end, v)))
            .or_else(|| reader.money_or_percent(i))
            .or_else(|| reader.edition_year(i))
            .or_else(|| {
                let p = numbers::read(&reader.toks, i)?;
                // A lone `یک` is the indefinite article, `نه` "no", `ده` a village.
                let lone = p.end == i + 1 && matches!(reader.text(i), "یک" | "نه" | "ده" | "سی");
                (p.words && !lone).then_some((
                    p.end,
                    EntityType::Number,
                    Some(Value::Number(p.value)),
                ))
            });
        match found {
            Some((end, kind, value)) if end > i => {
                out.push(ValueMention {
                    tokens: i..end,
                    kind,
                    value,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    spans::adjust(&reader, merge_ranges(&reader, out))
}

/// Joins `X تا Y` of one type into one mention (with `از` before it), and
/// `از X تا کنون`.
fn merge_ranges(reader: &Reader, found: Vec<ValueMention>) -> Vec<ValueMention> {
    let mut out: Vec<ValueMention> = Vec::with_capacity(found.len());
    for f in found {
        if let Some(last) = out.last_mut() {
            let joined = last.kind == f.kind
                && matches!(reader.text(last.tokens.end), "تا" | "لغایت")
                && f.tokens.start == last.tokens.end + 1;
            if joined {
                if last.tokens.start > 0 && reader.text(last.tokens.start - 1) == "از" {
                    last.tokens.start -= 1;
                }
                last.tokens.end = f.tokens.end;
                last.value = None;
                continue;
            }
        }
        out.push(f);
    }
    for f in &mut out {
        let from = f.tokens.start > 0 && reader.text(f.tokens.start - 1) == "از";
        // `از ۱۵ تا ۱۷ اردیبهشت`: a range read whole takes its `از`.
        if from
            && f.tokens
                .clone()
                .any(|k| matches!(reader.text(k), "تا" | "لغایت"))
        {
            f.tokens.start -= 1;
            continue;
        }
        let until_now = reader.text(f.tokens.end) == "تا"
            && reader.text(f.tokens.end + 1) == "کنون"
            || reader.text(f.tokens.end) == "تاکنون";
        if f.kind == EntityType::Date && from && until_now {
            f.tokens.start -= 1;
            f.tokens.end += if reader.text(f.tokens.end) == "تا" {
                2
            } else {
                1
            };
            f.value = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{shift, Shift};
    use crate::extract::entity::{EntityType, Money, Value};
    use crate::Features;

    /// The value entities of `text`: each mention's normalized text, type and
    /// value.
    fn found(text: &str) -> Vec<(String, EntityType, Option<Value>)> {
        let a = crate::analyze_for_test(text, Features::ALL);
        let n = a.normalized.text();
        // Names are the model's, not these rules'.
        let named = [
            EntityType::Person,
            EntityType::Location,
            EntityType::Organization,
        ];
        a.entities
            .iter()
            .filter(|e| !named.contains(&e.kind))
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .map(move |m| (n[m.clone()].to_string(), e.kind, e.value.clone()))
            })
            .collect()
    }

    fn date(s: &str) -> Option<Value> {
        Some(Value::Date(s.into()))
    }

    fn irr(amount: f64, note: &'static str) -> Option<Value> {
        Some(Value::Money(Money {
            amount,
            currency: "IRR",
            note,
        }))
    }

    fn cash(amount: f64, currency: &'static str) -> Option<Value> {
        Some(Value::Money(Money {
            amount,
            currency,
            note: "",
        }))
    }

    #[test]
    fn cases() {
        use EntityType::*;
        let toman = "toman = 10 IRR";
        for (name, text, mention, kind, value) in [
            (
                "jalali_day_month_year",
                "در ۱۵ آبان ۱۴۰۲ رفت",
                "۱۵ آبان ۱۴۰۲",
                Date,
                date("2023-11-06"),
            ),
            (
                "jalali_digits",
                "تاریخ ۱۴۰۲/۰۸/۱۵ است",
                "۱۴۰۲/۰۸/۱۵",
                Date,
                date("2023-11-06"),
            ),
            (
                "jalali_ordinal_with_mah_and_year",
                "پانزدهم آبان‌ماه ۱۴۰۲ رسید",
                "پانزدهم آبان‌ماه ۱۴۰۲",
                Date,
                date("2023-11-06"),
            ),
            (
                "jalali_two_digit_year",
                "۲۷ اسفند ماه سال ۹۴ بود",
                "۲۷ اسفند ماه سال ۹۴",
                Date,
                date("2016-03-17"),
            ),
            (
                "esfand_30_of_a_leap_year",
                "۳۰ اسفند ۱۳۹۹",
                "۳۰ اسفند ۱۳۹۹",
                Date,
                date("2021-03-20"),
            ),
            (
                "esfand_30_of_a_common_year_has_no_value",
                "۳۰ اسفند ۱۴۰۲",
                "۳۰ اسفند ۱۴۰۲",
                Date,
                None,
            ),
            (
                "gregorian_words",
                "در ۲۰ مه ۲۰۲۳ گفت",
                "۲۰ مه ۲۰۲۳",
                Date,
                date("2023-05-20"),
            ),
            (
                "gregorian_iso",
                "روز 2023-05-20 بود",
                "۲۰۲۳-۰۵-۲۰",
                Date,
                date("2023-05-20"),
            ),
            (
                "hijri",
                "در ۱۰ محرم ۱۴۴۵ بود",
                "۱۰ محرم ۱۴۴۵",
                Date,
                date("2023-07-28"),
            ),
            (
                "hijri_month_end",
                "۳۰ ذی‌الحجه ۱۴۴۵",
                "۳۰ ذی‌الحجه ۱۴۴۵",
                Date,
                date("2024-07-07"),
            ),
            (
                "gregorian_year",
                "در سال ۲۰۱۵ بود",
                "سال ۲۰۱۵",
                Date,
                date("2015"),
            ),
            (
                "weekday_and_date",
                "روز جمعه ۱۰ دی ماه آمد",
                "روز جمعه ۱۰ دی\u{200C}ماه",
                Date,
                None,
            ),
            (
                "edition_year",
                "در المپیک ۲۰۱۶ شرکت کرد",
                "۲۰۱۶",
                Date,
                date("2016"),
            ),
            (
                "edition_year_jalali_two_digits",
                "در انتخابات ۹۶ رأی داد",
                "۹۶",
                Date,
                None,
            ),
            (
                "relative_day",
                "دیروز گفت",
                "دیروز",
                Date,
                Some(Value::Relative(None)),
            ),
            (
                "relative_week",
                "هفته آینده می‌آید",
                "هفته آینده",
                Date,
                Some(Value::Relative(None)),
            ),
            (
                "month_with_relative_year",
                "اسفند ماه سال گذشته بود",
                "اسفند ماه سال گذشته",
                Date,
                None,
            ),
            (
                "day_range_with_az",
                "از ۱۵ تا ۱۷ اردیبهشت ماه",
                "از ۱۵ تا ۱۷ اردیبهشت ماه",
                Date,
                None,
            ),
            (
                "clock",
                "ساعت ۱۰:۳۰ رسید",
                "ساعت ۱۰:۳۰",
                Time,
                Some(Value::Time("10:30:00".into())),
            ),
            (
                "clock_words",
                "ساعت ده و نیم صبح رسید",
                "ساعت ده و نیم صبح",
                Time,
                Some(Value::Time("10:30:00".into())),
            ),
            (
                "clock_evening",
                "ساعت ۷ عصر",
                "ساعت ۷ عصر",
                Time,
                Some(Value::Time("19:00:00".into())),
            ),
            (
                "day_part_and_day",
                "صبح امروز گفت",
                "صبح امروز",
                Time,
                Some(Value::Relative(None)),
            ),
            (
                "date_then_hour",
                "جمعه ۲۸ خرداد ماه ساعت ۲۲:۰۰",
                "جمعه ۲۸ خرداد ماه ساعت ۲۲:۰۰",
                Time,
                Some(Value::Time("22:00:00".into())),
            ),
            (
                "full_date_then_hour",
                "۱۵ آبان ۱۴۰۲ ساعت ۱۰:۳۰",
                "۱۵ آبان ۱۴۰۲ ساعت ۱۰:۳۰",
                Time,
                Some(Value::Time("2023-11-06T10:30:00".into())),
            ),
            (
                "number_words",
                "دو میلیون و پانصد هزار نفر",
                "دو میلیون و پانصد هزار",
                Number,
                Some(Value::Number(2_500_000.0)),
            ),
            (
                "decimal_and_scale",
                "۱٫۵ میلیارد نفر",
                "۱٫۵ میلیارد",
                Number,
                Some(Value::Number(1.5e9)),
            ),
            (
                "toman",
                "۲ میلیون تومان داد",
                "۲ میلیون تومان",
                Money,
                irr(20_000_000.0, toman),
            ),
            (
                "rial",
                "۵۰۰ هزار ریال",
                "۵۰۰ هزار ریال",
                Money,
                irr(500_000.0, ""),
            ),
            (
                "dollars_and_cents",
                "۳۸ دلار و ۴۰ سنت",
                "۳۸ دلار و ۴۰ سنت",
                Money,
                cash(38.4, "USD"),
            ),
            (
                "euro_words",
                "پنج میلیون یورو",
                "پنج میلیون یورو",
                Money,
                cash(5e6, "EUR"),
            ),
            (
                "glued_scale_and_currency",
                "۵ هزارتومان",
                "۵ هزارتومان",
                Money,
                irr(50_000.0, toman),
            ),
            (
                "money_range",
                "۳۵۰۰ تا ۴۰۰۰ تومان",
                "۳۵۰۰ تا ۴۰۰۰ تومان",
                Money,
                None,
            ),
            (
                "percent",
                "۲۰ درصد رشد",
                "۲۰ درصد",
                Percent,
                Some(Value::Number(20.0)),
            ),
            (
                "percent_sign_before",
                "٪۵ رشد",
                "٪۵",
                Percent,
                Some(Value::Number(5.0)),
            ),
            (
                "percent_negative",
                "منفی ۱٫۲ درصد",
                "منفی ۱٫۲ درصد",
                Percent,
                Some(Value::Number(-1.2)),
            ),
            (
                "percent_hundred",
                "صد در صد",
                "صد در صد",
                Percent,
                Some(Value::Number(100.0)),
            ),
        ] {
            let got = found(text);
            let want = (mention.to_string(), kind, value);
            assert!(got.contains(&want), "{name}: want {want:?}, got {got:?}");
        }
    }

    /// Date mentions take the words news writes around them, and some
    /// date-like words are none.
    #[test]
    fn date_spans_as_news_writes_them() {
        let relative = Some(Value::Relative(None));
        for (text, want) in [
            (
                "رشد در سه ماهه دوم سال ۱۳۹۶ و نیمه نخست ۲۰۱۷ کم بود.",
                vec![
                    ("سه\u{200C}ماهه دوم سال ۱۳۹۶", None),
                    ("نیمه نخست ۲۰۱۷", None),
                ],
            ),
            (
                "فروش در بهار ۹۵ و فصل بهار امسال و سه ماهه گذشته بالا رفت.",
                vec![
                    ("بهار ۹۵", None),
                    ("فصل بهار امسال", relative.clone()),
                    ("سه\u{200C}ماهه گذشته", relative.clone()),
                ],
            ),
            (
                "در سال‌های ۹۲ و ۹۳ و سال مالی ۲۰۱۴ - ۲۰۱۵ و از ۱۳۹۰ تا ۱۳۹۵ رشد بود.",
                vec![
                    ("سال\u{200C}های ۹۲ و ۹۳", None),
                    ("سال مالی ۲۰۱۴ - ۲۰۱۵", None),
                    ("از ۱۳۹۰ تا ۱۳۹۵", None),
                ],
            ),
            (
                "نمایشگاه ۲۸ و ۲۹ اردیبهشت و روزهای ۱۰ و ۱۱ خرداد برپا است.",
                vec![("۲۸ و ۲۹ اردیبهشت", None), ("روزهای ۱۰ و ۱۱ خرداد", None)],
            ),
            (
                "امروز ۲۰ تیرماه ۱۴۰۲ جلسه بود و جام جهانی ۲۰۱۸ آغاز شد.",
                vec![
                    ("امروز ۲۰ تیرماه ۱۴۰۲", date("2023-07-11")),
                    ("۲۰۱۸", date("2018")),
                ],
            ),
            (
                "او در ۱۹۰۸ میلادی و ۱۳۴۲ ش به دنیا آمد و در ۸۸.۲.۲۱ درگذشت.",
                vec![
                    ("۱۹۰۸ میلادی", date("1908")),
                    ("۱۳۴۲ ش", None),
                    ("۸۸.۲.۲۱", date("2009-05-11")),
                ],
            ),
            (
                "از ۱۵ خرداد لغایت ۲۰ تیر و تا پایان اسفند ادامه دارد.",
                vec![("از ۱۵ خرداد لغایت ۲۰ تیر", None), ("پایان اسفند", None)],
            ),
            // The prayer, some days, and an amount's range are no dates.
            ("نماز جمعه در تهران برگزار شد.", vec![]),
            ("در چند روز گذشته باران بارید.", vec![]),
            ("قیمت از ۱۴۰۰ تا ۱۵۰۰ تومان بود.", vec![]),
            // A count, a number before a sentence's end, an imam's day.
            ("۱۸۰۰ تا ۲۰۰۰ نفر آمدند.", vec![]),
            ("تورم ۳۵.۴. ۲۰ کشور بالا رفت.", vec![]),
            ("امام علی در جمعه آمد.", vec![("جمعه", relative.clone())]),
        ] {
            let got: Vec<(String, Option<Value>)> = found(text)
                .into_iter()
                .filter(|(_, k, _)| *k == EntityType::Date)
                .map(|(m, _, v)| (m, v))
                .collect();
            let want: Vec<(String, Option<Value>)> =
                want.into_iter().map(|(m, v)| (m.to_string(), v)).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    /// Digit runs too long for a date or a clock are neither (and do not
    /// overflow on the way).
    #[test]
    fn long_digit_runs_are_no_dates_or_times() {
        for text in ["12345678901234567890123/1/1", "ساعت 99999999999999:00"] {
            let kinds: Vec<EntityType> = found(text).into_iter().map(|(_, k, _)| k).collect();
            assert!(
                !kinds.contains(&EntityType::Date) && !kinds.contains(&EntityType::Time),
                "{text}: {kinds:?}"
            );
        }
    }

    /// Words with another common sense are no months or numbers alone.
    #[test]
    fn relative_shifts() {
        let cases: &[(&str, Option<Shift>)] = &[
            ("امروز", Some(Shift::Days(0))),
            ("دیروز", Some(Shift::Days(-1))),
            ("پس\u{200C}فردا", Some(Shift::Days(2))),
            ("روز گذشته", Some(Shift::Days(-1))),
            ("هفته آینده", Some(Shift::Weeks(1))),
            ("همین هفته", Some(Shift::Weeks(0))),
            ("۳ روز پیش", Some(Shift::Days(-3))),
            ("دو هفته بعد", Some(Shift::Weeks(2))),
            // A period, a month or a year: not resolved.
            ("۳ روز گذشته", None),
            ("ماه گذشته", None),
            ("سال گذشته", None),
            ("هفته اخیر", None),
        ];
        for (text, want) in cases {
            let words: Vec<&str> = text.split(' ').collect();
            assert_eq!(shift(&words), *want, "{text}");
        }
    }

    #[test]
    fn ambiguous_words_alone_are_nothing() {
        for (name, text) in [
            ("mehr_seal", "مهر تأیید زد"),
            ("tir_arrow", "تیر را رها کرد"),
            ("indefinite_yek", "یک روز رفت"),
            ("na_no", "نه، نرفت"),
            ("mi_prefix", "می رود"),
        ] {
            assert_eq!(found(text), vec![], "{name}");
        }
    }
}
