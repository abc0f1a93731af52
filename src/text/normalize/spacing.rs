//! Step `spacing`: spaces around punctuation, as Persian typesetting wants.
//!
//! - `spacing.before_punct`: a space before `. ، ؛ ؟ ! : » ) ] } …` (and Latin
//!   `, ; ?`) is removed: `سلام ،` → `سلام،`; kept after a URL, email, mention or
//!   hashtag, where the mark could be read as part of the link.
//! - `spacing.after_punct`: a space is inserted after `، ؛ ؟ !` followed by a
//!   letter or digit, after `. :` followed by a letter, and after `» ) ]` followed
//!   by a letter or digit. Not between Latin letters (`e.g`, `a:b`), and not after
//!   the dot of an initial or abbreviation (`ج.ا.ا.`, `ه.ق`).
//! - `spacing.inside_brackets`: a space just after `« ( [ {` is removed; a space is
//!   inserted before `«` or `(` glued to a preceding Persian letter.
//!
//! A run of spaces counts as one space (the `whitespace` step, which runs first,
//! collapses them, but it can be switched off); line breaks are left alone.

use crate::text::align::{Chars, Rewriter, Work};
use crate::text::script::{
    digit_value, is_arabic_letter, is_closing_punct, is_opening_punct, is_space,
};

/// A letter that starts a word (combining marks are alphabetic but attach to
/// what precedes them).
fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| crate::text::script::is_alphabetic(c) && !crate::text::script::is_mark(c))
}

fn is_digit(c: Option<char>) -> bool {
    c.and_then(digit_value).is_some()
}

/// Whether `s` has a place this step might change: a space before closing or
/// after opening punctuation, punctuation glued to what follows it, or an
/// opening bracket glued to a letter.
fn has_work(s: &str) -> bool {
    let mut prev = ' ';
    s.chars().any(|c| {
        let work = (prev == ' ' && is_closing_punct(c))
            || (c == ' ' && is_opening_punct(prev))
            || (matches!(
                prev,
                '،' | '؛' | '؟' | '!' | ')' | '»' | ']' | '.' | ':' | '…'
            ) && !(is_space(c) || is_closing_punct(c) || is_opening_punct(c)))
            || (matches!(c, '«' | '(') && is_arabic_letter(prev));
        prev = c;
        work
    })
}

pub fn apply(work: &Work, mut rw: Rewriter) -> Option<Work> {
    if !has_work(work.as_str()) {
        return None;
    }
    let text = Chars::new(work);
    let chars = &text.chars;
    let at = |i: isize| text.get(i);
    let free = |i: usize| i < chars.len() && text.is_free(i);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let ii = i as isize;
        if !free(i) {
            i += 1;
            continue;
        }
        if c == ' ' {
            // The run of spaces i..j.
            let mut j = i + 1;
            while free(j) && chars[j] == ' ' {
                j += 1;
            }
            let jj = j as isize;
            let next_closing = free(j) && is_closing_punct(chars[j]);
            let prev_opening = i > 0 && free(i - 1) && is_opening_punct(chars[i - 1]);
            // "؟ !" and ". . ." are left alone: the space there is deliberate.
            let prev_punct = at(ii - 1).is_some_and(is_closing_punct);
            // A URL, email, mention or hashtag keeps the space after it: glued to
            // the mark, the two could read as one longer link.
            let after_link = i > 0 && text.kind(i - 1).is_some_and(|k| !k.is_numeric());
            // Between digits the space keeps two numbers apart: `12 ,345` is not 12,345.
            let digit_follows =
                is_digit(at(jj + 1)) || (at(jj + 1) == Some(' ') && is_digit(at(jj + 2)));
            let between_digits = is_digit(at(ii - 1)) && digit_follows;
            if next_closing && !prev_punct && !prev_opening && !after_link && !between_digits {
                rw.delete(text.bytes(i..j), "spacing.before_punct");
            } else if prev_opening {
                rw.delete(text.bytes(i..j), "spacing.inside_brackets");
            }
            i = j;
            continue;
        }
        let next = at(ii + 1);
        let prev = at(ii - 1);
        let wants_space = match c {
            '،' | '؛' | '؟' | '!' | ')' | '»' | ']' => {
                is_letter(next)
                    || is_digit(next)
                    || (i + 1 < chars.len() && text.kind(i + 1).is_some())
            }
            '.' | ':' | '…' => {
                is_letter(next)
                    && !(prev.is_some_and(|p| p.is_ascii_alphanumeric())
                        && next.is_some_and(|n| n.is_ascii_alphanumeric()))
                    && !(c == '.' && is_initial(&text, i))
            }
            _ => false,
        };
        if wants_space {
            rw.insert(text.at(i + 1), " ", "spacing.after_punct");
        } else if matches!(c, '«' | '(') && prev.is_some_and(is_arabic_letter) {
            rw.insert(text.at(i), " ", "spacing.inside_brackets");
        }
        i += 1;
    }
    rw.finish()
}

/// Whether the dot at `i` ends a one-letter initial (`ج.ا.ا.`, `م.`, `J.`) or
/// starts another one.
fn is_initial(text: &Chars, i: usize) -> bool {
    let at = |k: isize| text.get(k);
    let ii = i as isize;
    let single_before = is_letter(at(ii - 1)) && !is_letter(at(ii - 2));
    let single_after = is_letter(at(ii + 1)) && !is_letter(at(ii + 2));
    single_before && single_after
}

#[cfg(test)]
mod tests {
    use crate::text::normalize::test_util::table;
    use crate::text::normalize::Step;

    #[test]
    fn cases() {
        table(
            Step::Spacing,
            &[
                ("before_comma", "ایران ، روسیه", "ایران، روسیه"),
                ("after_comma", "ایران،روسیه", "ایران، روسیه"),
                ("before_question", "چرا ؟", "چرا؟"),
                ("after_period", "رفت.آمد", "رفت. آمد"),
                ("after_colon", "گفت:سلام", "گفت: سلام"),
                ("guillemets", "گفت« سلام »", "گفت «سلام»"),
                ("parens", "امام ( ع )گفت", "امام (ع) گفت"),
                ("latin_abbrev", "e.g. and a:b", "e.g. and a:b"),
                ("initials", "ج.ا.ا. و ه.ق", "ج.ا.ا. و ه.ق"),
                ("time_kept", "ساعت 10:30", "ساعت 10:30"),
                ("deliberate_space_kept", "چه؟ !", "چه؟ !"),
                ("number_after_comma", "۱۲،۱۳", "۱۲، ۱۳"),
                ("numbers_not_merged", "12 ,345", "12 ,345"),
                ("numbers_kept_apart", "۱۲ ،۱۳", "۱۲ ، ۱۳"),
                // With the whitespace step off, a run is one space.
                ("run_before_comma", "هوا   ، حفظ", "هوا، حفظ"),
                ("run_inside_guillemets", "«   سلام  »", "«سلام»"),
            ],
        );
    }
}
