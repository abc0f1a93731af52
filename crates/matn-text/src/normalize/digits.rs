//! Step `digits`: one digit system for the whole text.
//!
//! - `digits.persian`: ASCII 0-9 and Arabic-Indic ٠-٩ become ۰-۹.
//! - `digits.latin`: Persian ۰-۹ and Arabic-Indic ٠-٩ become 0-9.
//!
//! Digits inside numbers, dates and times are converted one for one (their
//! separators stay); digits glued to Latin letters (`MP3`, `COVID-19`'s `19` is
//! not glued) and digits of URLs, emails, mentions and hashtags stay.

use crate::align::{Rewriter, WorkingText};
use crate::normalize::DigitStyle;
use crate::rules::Rule;
use crate::script::digit_value;

pub fn apply(work: &WorkingText, mut rw: Rewriter, style: DigitStyle) -> Option<WorkingText> {
    let (base, rule) = match style {
        DigitStyle::Persian => ('۰', Rule::DigitsPersian),
        DigitStyle::Latin => ('0', Rule::DigitsLatin),
        DigitStyle::Keep => return None,
    };
    let foreign = |c: char| {
        digit_value(c).is_some()
            && !(base..=char::from_u32(base as u32 + 9).unwrap_or(base)).contains(&c)
    };
    if !work.as_str().chars().any(foreign) {
        return None;
    }
    let s = work.as_str();
    let mut spans = work.free_cursor();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let mut done = 0;
    for (b, c) in s.char_indices() {
        if b < done || digit_value(c).is_none() {
            continue;
        }
        let kind = spans.kind_at(b);
        if kind.is_some_and(|k| !k.is_numeric()) {
            continue;
        }
        // A run stays within one protected span, or out of all: a
        // replacement across a span's edge would move the edge.
        let mut e = b + c.len_utf8();
        while let Some(d) = s[e..].chars().next() {
            if digit_value(d).is_none() || spans.kind_at(e) != kind {
                break;
            }
            e += d.len_utf8();
        }
        done = e;
        let glued =
            kind.is_none() && (latin(s[..b].chars().next_back()) || latin(s[e..].chars().next()));
        if !glued {
            let converted: String = s[b..e]
                .chars()
                .map(|c| char::from_u32(base as u32 + digit_value(c).unwrap_or(0)).unwrap_or(c))
                .collect();
            if converted != s[b..e] {
                rw.replace(b..e, &converted, rule);
            }
        }
    }
    rw.finish()
}

#[cfg(test)]
mod tests {
    use crate::normalize::test_util::table;
    use crate::normalize::{DigitStyle, NormalizeOptions, Normalizer, Step, STEPS};

    #[test]
    fn persian_by_default() {
        table(
            Step::Digits,
            &[
                ("ascii", "سال 1402", "سال ۱۴۰۲"),
                ("arabic_indic", "سال ١٤٠٢", "سال ۱۴۰۲"),
                ("date_separators_kept", "2023-05-20", "۲۰۲۳-۰۵-۲۰"),
                ("decimal_separator_kept", "3.5", "۳.۵"),
                ("latin_glued_kept", "MP3 و A4", "MP3 و A4"),
                ("url_kept", "http://a.ir/123", "http://a.ir/123"),
                ("hashtag_kept", "#سال_1402", "#سال_1402"),
            ],
        );
    }

    #[test]
    fn latin_and_keep() {
        let run = |style, text: &str| {
            let overrides = STEPS
                .iter()
                .map(|i| (i.step, i.step == Step::Digits))
                .collect();
            let opts = NormalizeOptions {
                overrides,
                digits: Some(style),
                ..Default::default()
            };
            Normalizer::new(&opts, crate::lexicon::Lexicon::builtin())
                .normalize(text, false)
                .text()
                .to_string()
        };
        assert_eq!(run(DigitStyle::Latin, "۱۴۰۲/۰۵/۱۲ و ١٢"), "1402/05/12 و 12");
        assert_eq!(run(DigitStyle::Keep, "۱۴۰۲ و 12"), "۱۴۰۲ و 12");
    }
}
