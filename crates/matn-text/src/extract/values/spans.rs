//! Where a date mention begins and ends, after the readers found it: the
//! words Persian news writes around a date belong to it (`سه ماهه دوم سال
//! ۱۳۹۶`, `۲۸ و ۲۹ اردیبهشت`, `سال‌های ۹۲ و ۹۳`, `۱۹۰۸ میلادی`), and some
//! words that look like dates are none (`نماز جمعه`, `چند روز گذشته`).
//!
//! A mention that now says a period, a list or a range of dates has no
//! single value (as ranges already had none); one that only gained words
//! that do not change it (`میلادی`, a weekday) keeps its value.

use super::{is_weekday, resolve, small_int, Calendar, Reader, ValueMention};
use crate::extract::entity::{EntityType, Value};
use crate::extract::numbers;
use std::ops::Range;

fn is_season(w: &str) -> bool {
    matches!(w, "بهار" | "تابستان" | "پاییز" | "پائیز" | "زمستان")
}

/// `اول`, `دوم`, `نخست`, `آخر`…
fn is_ordinal(w: &str) -> bool {
    w == "آخر" || numbers::ordinal_value(w).is_some()
}

/// A calendar's name or letter after a date.
fn is_era(w: &str) -> bool {
    matches!(w, "میلادی" | "شمسی" | "قمری" | "ش" | "م" | "ق")
}

/// Units and counters after a number: what it counts is no year.
fn is_unit(w: &str) -> bool {
    matches!(
        w,
        "نفر"
            | "تن"
            | "متر"
            | "کیلومتر"
            | "کیلوگرم"
            | "گرم"
            | "لیتر"
            | "هکتار"
            | "مورد"
            | "عدد"
            | "دستگاه"
            | "واحد"
            | "بشکه"
            | "قطعه"
            | "فقره"
            | "خانوار"
            | "رأس"
            | "راس"
            | "میلیون"
            | "میلیارد"
            | "هزار"
    )
}

fn is_relative(w: &str) -> bool {
    matches!(w, "گذشته" | "امسال" | "آینده" | "جاری" | "اخیر")
}

impl Reader<'_> {
    fn digits(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        if t.digits {
            small_int(t.s)
        } else {
            None
        }
    }

    /// A year of four digits in the range news writes about.
    fn year4(&self, i: usize) -> bool {
        let t = self.text(i);
        self.digits(i)
            .is_some_and(|y| t.chars().count() == 4 && matches!(y, 1300..=1450 | 1800..=2100))
    }

    /// A number of months with `ماهه` (`سه ماهه`, `سه‌ماهه`, `۶ ماهه`): the
    /// index after it.
    fn months_count(&self, i: usize) -> Option<usize> {
        let w = self.text(i);
        if let Some(n) = w.strip_suffix("ماهه") {
            let n = n.strip_suffix('\u{200C}').unwrap_or(n);
            if !n.is_empty() && numbers::word_value(n).is_some() {
                return Some(i + 1);
            }
        }
        let number = self.digits(i).is_some() || numbers::word_value(w).is_some();
        (number && self.text(i + 1) == "ماهه").then_some(i + 2)
    }

    /// A part of a year that ends at `end` (exclusive): `فصل بهار`,
    /// `بهار`, `نیمه نخست`, `سه ماهه دوم`, `سه ماهه`. Returns where it
    /// starts.
    fn period_before(&self, end: usize) -> Option<usize> {
        let text = |k: usize| end.checked_sub(k).map_or("", |t| self.text(t));
        let months_to = |to: usize| {
            (1..=2)
                .filter_map(|k| to.checked_sub(k))
                .find(|&s| self.months_count(s) == Some(to))
        };
        if is_season(text(1)) {
            return Some(if text(2) == "فصل" {
                end - 2
            } else {
                end - 1
            });
        }
        if is_ordinal(text(1)) {
            if text(2) == "نیمه" {
                return Some(end - 2);
            }
            return months_to(end - 1);
        }
        months_to(end)
    }

    /// A year list or range at `i`: `سال‌های ۹۲ و ۹۳`, `سال مالی ۲۰۱۴ - ۲۰۱۵`,
    /// `۱۳۹۰ تا ۱۳۹۵`. Returns where it ends.
    fn years(&self, i: usize) -> Option<usize> {
        let mut j = i;
        let said = match self.text(j) {
            "سال" => {
                j += 1;
                if self.text(j) == "های" {
                    j += 1;
                }
                true
            }
            "سال\u{200C}های" | "سالهای" => {
                j += 1;
                true
            }
            _ => false,
        };
        if said && self.text(j) == "مالی" {
            j += 1;
        }
        let len = self.text(j).chars().count();
        self.digits(j)?;
        let joiner = self.text(j + 1);
        let joins = if said {
            matches!(joiner, "و" | "تا" | "-" | "لغایت")
        } else {
            matches!(joiner, "تا" | "-" | "لغایت")
        };
        let second = self.text(j + 2).chars().count() == len && self.digits(j + 2).is_some();
        // `۱۸۰۰ تا ۲۰۰۰ نفر` counts; a range of years names no unit.
        let fits = if said {
            matches!(len, 2 | 4)
        } else {
            self.year4(j) && self.year4(j + 2) && !is_unit(self.text(j + 3))
        };
        (joins && second && fits).then_some(j + 3)
    }
}

/// The date mentions of `found` (value mentions in text order, without
/// overlaps) with their words as news writes them; new mentions for periods,
/// year lists and dotted dates (`۸۸.۲.۲۱`).
pub(super) fn adjust(r: &Reader, found: Vec<ValueMention>) -> Vec<ValueMention> {
    let merged = merge_new(found, new_dates(r));
    let mut kept: Vec<ValueMention> = Vec::with_capacity(merged.len());
    for (k, f) in merged.iter().enumerate() {
        if f.kind != EntityType::Date {
            kept.push(f.clone());
            continue;
        }
        if !is_date(r, f) || joins_relative_day(r, &mut kept, f) {
            continue;
        }
        let start = f.tokens.start;
        let mut f = f.clone();
        let next_start = merged.get(k + 1).map_or(r.toks.len(), |g| g.tokens.start);
        take_era(r, &mut f, next_start);
        take_period_before(r, &mut f, &kept);
        take_listed_days(r, &mut f, start, &kept);
        take_end_of(r, &mut f, &kept);
        kept.push(f);
    }
    kept
}

fn date(tokens: Range<usize>, value: Option<Value>) -> ValueMention {
    ValueMention {
        tokens,
        kind: EntityType::Date,
        value,
    }
}

/// Date mentions the rules did not find: year lists and ranges, dotted
/// dates, years with their era, and periods; each with whether it may
/// replace dates found inside it (only a year list may).
fn new_dates(r: &Reader) -> Vec<(ValueMention, bool)> {
    let mut added = Vec::new();
    let mut i = 0;
    while i < r.toks.len() {
        let new = if let Some(end) = r.years(i) {
            // `از ۱۳۹۰ تا ۱۳۹۵` takes its `از`.
            let from = i > 0 && r.text(i - 1) == "از" && r.text(end - 2) == "تا";
            Some((date(if from { i - 1 } else { i }..end, None), true))
        } else if let Some(value) = dotted(r, i) {
            Some((date(i..i + 3, Some(value)), false))
        } else if r.year4(i) && is_era(r.text(i + 1)) {
            // `۱۹۰۸ میلادی`.
            let y = r.digits(i).unwrap_or_default();
            let value = (r.text(i + 1) == "میلادی").then(|| Value::Date(format!("{y:04}")));
            Some((date(i..i + 2, value), false))
        } else {
            period(r, i).map(|(end, value)| (date(i..end, value), false))
        };
        match new {
            Some((f, over_dates)) => {
                i = f.tokens.end;
                added.push((f, over_dates));
            }
            None => i += 1,
        }
    }
    added
}

/// `found` with the `added` mentions in: where nothing was found, or over
/// numbers and dates only (never over an amount).
fn merge_new(found: Vec<ValueMention>, added: Vec<(ValueMention, bool)>) -> Vec<ValueMention> {
    let mut out: Vec<ValueMention> = Vec::with_capacity(found.len() + added.len());
    let mut rest = found.into_iter().peekable();
    for (mut f, over_dates) in added {
        let mut dropped = Vec::new();
        while let Some(g) = rest.next_if(|g| g.tokens.start < f.tokens.end) {
            if g.tokens.end <= f.tokens.start {
                out.push(g);
            } else {
                dropped.push(g);
            }
        }
        // A year list takes the dates inside it (`سال ۹۲`); any new one
        // takes numbers (`سه` of `سه ماهه`).
        let replaces = dropped.iter().all(|g| {
            g.kind == EntityType::Number
                || (over_dates
                    && g.kind == EntityType::Date
                    && f.tokens.start <= g.tokens.start
                    && g.tokens.end <= f.tokens.end)
        });
        // `بیست و سه ماهه گذشته`: the number the period begins inside is
        // the period's.
        if replaces {
            if let Some(start) = dropped.iter().map(|g| g.tokens.start).min() {
                f.tokens.start = f.tokens.start.min(start);
            }
        }
        if replaces && out.last().is_none_or(|g| g.tokens.end <= f.tokens.start) {
            out.push(f);
        } else {
            out.extend(dropped);
        }
    }
    out.extend(rest);
    out
}

/// Whether date mention `f` is one: not the Friday prayer (`نماز جمعه`,
/// `ائمه جمعه`; `نماز` may stand a few words before: `نماز عبادی سیاسی
/// جمعه`), not some days (`چند روز گذشته`).
fn is_date(r: &Reader, f: &ValueMention) -> bool {
    let s = f.tokens.start;
    let prayer = f.tokens.len() == 1
        && r.text(s) == "جمعه"
        && s > 0
        && (matches!(
            r.text(s - 1),
            "ائمه" | "امام" | "خطیب" | "خطبه" | "خطبه\u{200C}های"
        ) || (s.saturating_sub(3)..s).any(|t| r.text(t) == "نماز"));
    let vague = s > 0 && r.text(s - 1) == "چند";
    !(prayer || vague)
}

/// `امروز ۲۰ تیرماه`: the day said twice is one mention. Whether `f` was
/// joined to the relative day that the last kept mention is.
fn joins_relative_day(r: &Reader, kept: &mut [ValueMention], f: &ValueMention) -> bool {
    let Some(last) = kept.last_mut() else {
        return false;
    };
    let said: Vec<&str> = last.tokens.clone().map(|t| r.text(t)).collect();
    let relative_day = matches!(said[..], ["امروز"] | ["دیروز"] | ["روز", "گذشته"]);
    if last.kind != EntityType::Date || !relative_day || last.tokens.end != f.tokens.start {
        return false;
    }
    last.tokens.end = f.tokens.end;
    last.value = f.value.clone();
    true
}

/// Whether token `t` is free of the mentions kept so far.
fn free(t: usize, kept: &[ValueMention]) -> bool {
    kept.last().is_none_or(|g| g.tokens.end <= t)
}

/// `۱۳۴۲ ش`, `سال جاری میلادی`: the era word after the date, before
/// `next_start`. Only `میلادی` keeps a value read as Gregorian; another
/// calendar's word makes the value unsure.
fn take_era(r: &Reader, f: &mut ValueMention, next_start: usize) {
    let e = f.tokens.end;
    if e < next_start && is_era(r.text(e)) && !is_era(r.text(e - 1)) {
        let gregorian = r.text(e) == "میلادی" && matches!(f.value, Some(Value::Date(_)));
        if !gregorian {
            f.value = part_of(f.value.take());
        }
        f.tokens.end += 1;
    }
}

/// `سه ماهه دوم سال ۱۳۹۶`, `نیمه نخست ۲۰۱۷`, `فصل بهار امسال`: the period
/// before a year.
fn take_period_before(r: &Reader, f: &mut ValueMention, kept: &[ValueMention]) {
    let s = f.tokens.start;
    let starts_year = r.text(s) == "سال" || r.year4(s) || r.text(s) == "امسال";
    if starts_year {
        if let Some(p) = r.period_before(s).filter(|&p| free(p, kept)) {
            f.tokens.start = p;
            f.value = part_of(f.value.take());
        }
    }
}

/// `۲۸ و ۲۹ اردیبهشت`, `روزهای ۱۰ و ۱۱ …`, `شنبه و یکشنبه ۱۰ و ۱۱ …`: the
/// days listed before a date found starting with a day number at `s`.
fn take_listed_days(r: &Reader, f: &mut ValueMention, s: usize, kept: &[ValueMention]) {
    if r.digits(s).is_none() {
        return;
    }
    let listed = s >= 2
        && r.text(s - 1) == "و"
        && r.digits(s - 2).is_some_and(|d| (1..=31).contains(&d))
        && !(s >= 3 && matches!(r.text(s - 3), "سال" | "های" | "سال\u{200C}های"))
        && free(s - 2, kept);
    if listed {
        f.tokens.start = s - 2;
        f.value = None;
    }
    let b = f.tokens.start;
    if b > 0 && matches!(r.text(b - 1), "روزهای" | "روز\u{200C}های") && free(b - 1, kept)
    {
        f.tokens.start = b - 1;
    } else if listed && b > 0 && is_weekday(r.text(b - 1)) && free(b - 1, kept) {
        f.tokens.start = b - 1;
        let b = b - 1;
        if b >= 2 && r.text(b - 1) == "و" && is_weekday(r.text(b - 2)) && free(b - 2, kept) {
            f.tokens.start = b - 2;
        }
    }
}

/// `پایان اسفند`: the end of a date.
fn take_end_of(r: &Reader, f: &mut ValueMention, kept: &[ValueMention]) {
    let b = f.tokens.start;
    if b > 0 && r.text(b - 1) == "پایان" && free(b - 1, kept) {
        f.tokens.start = b - 1;
        f.value = part_of(f.value.take());
    }
}

/// The value of a part of a date (`پایان اسفند`, `بهار امسال`): none, but a
/// relative date stays one.
fn part_of(value: Option<Value>) -> Option<Value> {
    match value {
        Some(Value::Relative(_)) => Some(Value::Relative(None)),
        _ => None,
    }
}

/// `۸۸.۲.۲۱`, which the tokenizer reads as the number `۸۸.۲`, a point and
/// `۲۱`: a Jalali (or Gregorian) date of year, month and day.
fn dotted(r: &Reader, i: usize) -> Option<Value> {
    let t = r.toks.get(i)?;
    let (y, m) = t.s.split_once('.')?;
    // The three tokens touch: `۳۵.۴. ۲۰` is a number and a sentence's end.
    let touch = |a: &str, b: &str| std::ptr::eq(a.as_ptr().wrapping_add(a.len()), b.as_ptr());
    if !t.digits
        || r.text(i + 1) != "."
        || !touch(t.s, r.text(i + 1))
        || !touch(r.text(i + 1), r.text(i + 2))
    {
        return None;
    }
    let d = r
        .digits(i + 2)
        .filter(|_| r.text(i + 2).chars().count() <= 2)?;
    let (y_len, y, m) = (y.chars().count(), small_int(y)?, small_int(m)?);
    if !matches!(y_len, 2 | 4) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let cal = if y_len == 4 && y >= 1700 {
        Calendar::Gregorian
    } else {
        Calendar::Jalali
    };
    resolve(cal, i64::from(y), m, d).map(Value::Date)
}

/// A part of a year said without a date found in it: `سه ماهه دوم ۱۳۹۶`,
/// `نیمه نخست ۲۰۱۷`, `بهار ۹۵`, `فصل بهار امسال`, `سه ماهه گذشته`. Returns
/// where it ends and its value (a relative one for a relative word).
fn period(r: &Reader, i: usize) -> Option<(usize, Option<Value>)> {
    // The period's own words: `[فصل] بهار`, `نیمه نخست`, `سه ماهه [دوم]`.
    let w = r.text(i);
    let (end, season) = if w == "فصل" && is_season(r.text(i + 1)) {
        (i + 2, true)
    } else if is_season(w) {
        (i + 1, true)
    } else if w == "نیمه" && is_ordinal(r.text(i + 1)) {
        (i + 2, false)
    } else {
        let after = r.months_count(i)?;
        let after = if is_ordinal(r.text(after)) {
            after + 1
        } else {
            after
        };
        (after, false)
    };
    let next = r.text(end);
    if r.year4(end) {
        return Some((end + 1, None));
    }
    if season && next.chars().count() == 2 && r.digits(end).is_some() {
        return Some((end + 1, None));
    }
    let ordinal_said = end > i && is_ordinal(r.text(end - 1)) && w != "نیمه";
    if is_relative(next) && (season || !ordinal_said) {
        return Some((end + 1, Some(Value::Relative(None))));
    }
    None
}
