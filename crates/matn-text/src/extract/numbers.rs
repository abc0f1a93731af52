//! Numbers written in words, digits or both (`دو میلیون و پانصد هزار`,
//! `۱٫۵ میلیارد`, `۳۳ میلیون و ۷۰۰ هزار`), and ordinals (`پانزدهم`, `سوم`).
//!
//! Words combine as Persian writes them: parts joined by `و`, each part a
//! number below a thousand (`سیصد و بیست و پنج`), a scale word after it
//! multiplying what came before that is smaller than the scale
//! (`هزار و ۲۰۰ میلیارد` = 1,200 × 10⁹, `۶۰۰ هزار میلیارد` = 6 × 10¹⁴).

use crate::script::digit_value;

/// Parses a number written with digits and separators: `1,234.5`, `۱۰٫۵`,
/// `۱۲/۵` (Persian writes the decimal point as `/` too). Returns `None` for
/// dates and anything else.
pub fn parse_number(s: &str) -> Option<f64> {
    let mut int = String::new();
    let mut frac = String::new();
    let mut in_frac = false;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            let digit = char::from_digit(d, 10)?;
            if in_frac {
                frac.push(digit)
            } else {
                int.push(digit)
            }
        } else if matches!(c, ',' | '٬') && !in_frac {
            continue;
        } else if matches!(c, '.' | '٫' | '/') && !in_frac {
            in_frac = true;
        } else {
            return None;
        }
    }
    if int.is_empty() {
        return None;
    }
    let joined = if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    };
    joined.parse().ok()
}

/// The value of a number word below a thousand, in its normalized spelling.
pub fn word_value(w: &str) -> Option<f64> {
    let v = match w {
        "صفر" => 0,
        "یک" => 1,
        "دو" => 2,
        "سه" => 3,
        "چهار" => 4,
        "پنج" => 5,
        "شش" | "شیش" => 6,
        "هفت" => 7,
        "هشت" => 8,
        "نه" => 9,
        "ده" => 10,
        "یازده" => 11,
        "دوازده" => 12,
        "سیزده" => 13,
        "چهارده" => 14,
        "پانزده" | "پونزده" => 15,
        "شانزده" => 16,
        "هفده" => 17,
        "هجده" | "هیجده" => 18,
        "نوزده" => 19,
        "بیست" => 20,
        "سی" => 30,
        "چهل" => 40,
        "پنجاه" => 50,
        "شصت" => 60,
        "هفتاد" => 70,
        "هشتاد" => 80,
        "نود" => 90,
        "صد" | "یکصد" => 100,
        "دویست" => 200,
        "سیصد" => 300,
        "چهارصد" => 400,
        "پانصد" => 500,
        "ششصد" => 600,
        "هفتصد" => 700,
        "هشتصد" => 800,
        "نهصد" => 900,
        _ => return None,
    };
    Some(f64::from(v))
}

/// The value of a scale word.
pub fn scale_value(w: &str) -> Option<f64> {
    match w {
        "هزار" => Some(1e3),
        "میلیون" => Some(1e6),
        "میلیارد" | "بیلیون" => Some(1e9),
        "تریلیون" | "هزارمیلیارد" => Some(1e12),
        _ => None,
    }
}

/// The value of an ordinal word: `اول`, `یکم`, `دوم`, `سوم`, `پانزدهم`,
/// `بیستم`, `سی‌ام`, `صدم`.
pub fn ordinal_value(w: &str) -> Option<u32> {
    let v = match w {
        "اول" | "یکم" | "نخست" | "نخستین" | "اولین" => 1,
        "دوم" | "دومین" => 2,
        "سوم" | "سومین" => 3,
        _ => {
            let w = w.strip_suffix("ین").unwrap_or(w);
            let stem = w
                .strip_suffix("\u{200C}ام")
                .or_else(|| w.strip_suffix('م'))?;
            word_value(stem)? as u32
        }
    };
    Some(v)
}

/// One token as the number reader sees it.
pub trait NumberToken {
    /// The normalized text.
    fn text(&self) -> &str;
    /// Whether it is a number written with digits.
    fn is_digits(&self) -> bool;
}

/// A number read from tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Phrase {
    pub value: f64,
    /// Tokens read: `start..end` of the slice given.
    pub end: usize,
    /// Whether a word (not only digits) was part of it.
    pub words: bool,
}

/// Reads the number starting at token `i`, if one does; stops before a
/// trailing `و`.
pub fn read<T: NumberToken>(tokens: &[T], i: usize) -> Option<Phrase> {
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    // The largest scale applied so far.
    let mut last_scale = 0.0;
    let mut words = false;
    let mut end = i;
    let mut j = i;
    // Whether a `و` came right before token `j`.
    let mut after_and = false;
    while let Some(t) = tokens.get(j) {
        let s = t.text();
        let value = if t.is_digits() {
            parse_number(s)
        } else {
            word_value(s)
        };
        if let Some(v) = value {
            // A second value joins only after `و`: a smaller one adds to the
            // value before it (`بیست و پنج`), another follows a scale
            // (`... میلیون و ۷۰۰`).
            if j > i && !after_and {
                break;
            }
            match current {
                Some(c) if v < c && c < 1000.0 && v.fract() == 0.0 => current = Some(c + v),
                Some(_) => break,
                None => current = Some(v),
            }
            words |= !t.is_digits();
        } else if let Some(scale) = scale_value(s) {
            if after_and {
                break;
            }
            words = true;
            // A scale right after a scale multiplies the whole (`هزار میلیارد`).
            let part = match current.take() {
                Some(v) => v,
                None if j == i => 1.0,
                None => 0.0,
            };
            if scale > last_scale {
                total = (total + part) * scale;
            } else {
                total += part * scale;
            }
            last_scale = scale;
        } else if s == "و" && j > i && !after_and {
            after_and = true;
            j += 1;
            continue;
        } else {
            break;
        }
        after_and = false;
        j += 1;
        end = j;
    }
    if end == i {
        return None;
    }
    Some(Phrase {
        value: total + current.unwrap_or(0.0),
        end,
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_digits() {
        let cases = [
            ("1,234.5", Some(1234.5)),
            ("۱۰٫۵", Some(10.5)),
            ("۱۲/۵", Some(12.5)),
            ("۱۴۰۲", Some(1402.0)),
            ("۱۴۰۲/۰۵/۱۲", None),
        ];
        for (s, v) in cases {
            assert_eq!(parse_number(s), v, "{s}");
        }
    }

    struct T(&'static str);
    impl NumberToken for T {
        fn text(&self) -> &str {
            self.0
        }
        fn is_digits(&self) -> bool {
            self.0.chars().next().is_some_and(|c| c.is_numeric())
        }
    }

    fn read_all(s: &'static str) -> Option<(f64, usize)> {
        let tokens: Vec<T> = s.split(' ').map(T).collect();
        read(&tokens, 0).map(|p| (p.value, p.end))
    }

    #[test]
    fn phrases() {
        for (name, text, want) in [
            ("units", "پنج", Some((5.0, 1))),
            ("tens_and_units", "بیست و پنج", Some((25.0, 3))),
            ("hundreds", "سیصد و بیست و پنج هزار", Some((325_000.0, 6))),
            (
                "millions_and_thousands",
                "دو میلیون و پانصد هزار",
                Some((2_500_000.0, 5)),
            ),
            (
                "digits_and_scales",
                "۳۳ میلیون و ۷۰۰ هزار تومان",
                Some((33_700_000.0, 5)),
            ),
            ("decimal_with_scale", "۱٫۵ میلیارد", Some((1.5e9, 2))),
            ("scale_of_scale", "۶۰۰ هزار میلیارد", Some((6e14, 3))),
            (
                "thousand_and_two_hundred_billion",
                "هزار و ۲۰۰ میلیارد",
                Some((1.2e12, 4)),
            ),
            ("bare_scale", "هزار", Some((1000.0, 1))),
            ("trailing_and_left_out", "پنج و", Some((5.0, 1))),
            ("two_values_without_and", "پنج شش", Some((5.0, 1))),
            (
                "value_after_a_scale_needs_and",
                "دو هزار سه",
                Some((2000.0, 2)),
            ),
            ("not_a_number", "کتاب", None),
            ("and_first", "و پنج", None),
        ] {
            assert_eq!(read_all(text), want, "{name}");
        }
    }

    #[test]
    fn ordinals() {
        for (w, want) in [
            ("اول", Some(1)),
            ("دوم", Some(2)),
            ("سوم", Some(3)),
            ("چهارم", Some(4)),
            ("پانزدهم", Some(15)),
            ("بیستم", Some(20)),
            ("سی\u{200C}ام", Some(30)),
            ("چهارمین", Some(4)),
            ("مردم", None),
        ] {
            assert_eq!(ordinal_value(w), want, "{w}");
        }
    }
}
