//! Step `punctuation`: Persian punctuation marks in Persian text.
//!
//! - `punctuation.comma`: `,` → `،`
//! - `punctuation.semicolon`: `;` → `؛`
//! - `punctuation.question`: `?` → `؟`
//!
//! each only when the nearest visible character before or after it is an
//! Arabic-script letter, and never between two digits (`1,5` stays).
//! - `punctuation.ellipsis`: three or more dots → `…` (next to Persian text).

use crate::align::{Chars, Rewriter, WorkingText};
use crate::rules::Rule;
use crate::script::{digit_value, is_arabic_letter, is_mark, is_space};

pub fn apply(work: &WorkingText, mut rw: Rewriter) -> Option<WorkingText> {
    let s = work.as_str();
    if !s.contains([',', ';', '?']) && !s.contains("...") {
        return None;
    }
    let text = Chars::new(work);
    let chars = &text.chars;
    let skip = |c: char| is_space(c) || is_mark(c);
    let visible_before = |i: usize| chars[..i].iter().rev().find(|&&c| !skip(c)).copied();
    let visible_after = |j: usize| chars[j..].iter().find(|&&c| !skip(c)).copied();
    let persian_context = |i: usize, j: usize| {
        visible_before(i).is_some_and(is_arabic_letter)
            || visible_after(j).is_some_and(is_arabic_letter)
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !text.is_free(i) || !matches!(c, ',' | ';' | '?' | '.') {
            i += 1;
            continue;
        }
        if c == '.' {
            let mut j = i;
            while j < chars.len() && chars[j] == '.' && text.is_free(j) {
                j += 1;
            }
            if j - i >= 3 && persian_context(i, j) {
                rw.replace(text.bytes(i..j), "…", Rule::PunctuationEllipsis);
            }
            i = j;
            continue;
        }
        let between_digits = text.get(i as isize - 1).and_then(digit_value).is_some()
            && text.get(i as isize + 1).and_then(digit_value).is_some();
        if !between_digits && persian_context(i, i + 1) {
            let (to, rule) = match c {
                ',' => ("،", Rule::PunctuationComma),
                ';' => ("؛", Rule::PunctuationSemicolon),
                _ => ("؟", Rule::PunctuationQuestion),
            };
            rw.replace(text.bytes(i..i + 1), to, rule);
        }
        i += 1;
    }
    rw.finish()
}

#[cfg(test)]
mod tests {
    use crate::normalize::test_util::table;
    use crate::normalize::Step;

    #[test]
    fn cases() {
        table(
            Step::Punctuation,
            &[
                ("comma", "ایران, روسیه", "ایران، روسیه"),
                ("semicolon", "گفت; رفت", "گفت؛ رفت"),
                ("question", "چرا?", "چرا؟"),
                ("ellipsis", "و ...", "و …"),
                (
                    "latin_kept",
                    "Hello, world? yes; no...",
                    "Hello, world? yes; no...",
                ),
                ("digits_kept", "عدد 1,5", "عدد 1,5"),
            ],
        );
    }
}
