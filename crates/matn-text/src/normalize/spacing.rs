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

use crate::align::{Rewriter, WorkingText};
use crate::rules::Rule;
use crate::script::{digit_value, is_arabic_letter, is_closing_punct, is_opening_punct, is_space};

/// A letter that starts a word (combining marks are alphabetic but attach to
/// what precedes them).
fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| crate::script::is_alphabetic(c) && !crate::script::is_mark(c))
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

/// The characters around a byte position of a text, counted from it.
struct Around<'a>(&'a str);

impl Around<'_> {
    /// The `k`-th character (from 0) starting at byte `b`.
    fn after(&self, b: usize, k: usize) -> Option<char> {
        self.0.get(b..).and_then(|s| s.chars().nth(k))
    }

    /// The `k`-th character (from 0) ending at byte `b`, going back.
    fn before(&self, b: usize, k: usize) -> Option<char> {
        self.0.get(..b).and_then(|s| s.chars().rev().nth(k))
    }
}

pub fn apply(work: &WorkingText, mut rw: Rewriter) -> Option<WorkingText> {
    let s = work.as_str();
    if !has_work(s) {
        return None;
    }
    let around = Around(s);
    let mut spans = work.free_cursor();
    let mut done = 0;
    for (b, c) in s.char_indices() {
        let candidate = c == ' ' || is_closing_punct(c) || matches!(c, '«' | '(');
        if b < done || !candidate || !spans.is_free(b) {
            continue;
        }
        let prev = around.before(b, 0);
        // Byte where the character before starts.
        let prev_at = b - prev.map_or(0, char::len_utf8);
        if c == ' ' {
            // The run of spaces b..e.
            let mut e = b + 1;
            while spans.is_free(e) && s.as_bytes()[e] == b' ' {
                e += 1;
            }
            done = e;
            let next_closing = spans.is_free(e) && around.after(e, 0).is_some_and(is_closing_punct);
            let prev_opening = prev.is_some_and(is_opening_punct) && spans.is_free(prev_at);
            // "؟ !" and ". . ." are left alone: the space there is deliberate.
            let prev_punct = prev.is_some_and(is_closing_punct);
            // A URL, email, mention or hashtag keeps the space after it: glued to
            // the mark, the two could read as one longer link.
            let mut after_link =
                || prev.is_some() && spans.kind_at(prev_at).is_some_and(|k| !k.is_numeric());
            // Between digits the space keeps two numbers apart: `12 ,345` is not 12,345.
            let between_digits = || {
                let digit_follows = is_digit(around.after(e, 1))
                    || (around.after(e, 1) == Some(' ') && is_digit(around.after(e, 2)));
                is_digit(prev) && digit_follows
            };
            if next_closing && !prev_punct && !prev_opening && !after_link() && !between_digits() {
                rw.delete(b..e, Rule::SpacingBeforePunct);
            } else if prev_opening {
                rw.delete(b..e, Rule::SpacingInsideBrackets);
            }
            continue;
        }
        let after = b + c.len_utf8();
        let next = around.after(after, 0);
        let wants_space = match c {
            '،' | '؛' | '؟' | '!' | ')' | '»' | ']' => {
                is_letter(next)
                    || is_digit(next)
                    || (after < s.len() && spans.kind_at(after).is_some())
            }
            '.' | ':' | '…' => {
                is_letter(next)
                    && !(prev.is_some_and(|p| p.is_ascii_alphanumeric())
                        && next.is_some_and(|n| n.is_ascii_alphanumeric()))
                    && !(c == '.' && is_initial(&around, b))
            }
            _ => false,
        };
        if wants_space {
            rw.insert(after, " ", Rule::SpacingAfterPunct);
        } else if matches!(c, '«' | '(') && prev.is_some_and(is_arabic_letter) {
            rw.insert(b, " ", Rule::SpacingInsideBrackets);
        }
    }
    rw.finish()
}

/// Whether the dot at byte `b` ends a one-letter initial (`ج.ا.ا.`, `م.`,
/// `J.`) or starts another one.
fn is_initial(around: &Around, b: usize) -> bool {
    let single_before = is_letter(around.before(b, 0)) && !is_letter(around.before(b, 1));
    let single_after = is_letter(around.after(b + 1, 0)) && !is_letter(around.after(b + 1, 1));
    single_before && single_after
}

#[cfg(test)]
mod tests {
    use crate::normalize::test_util::table;
    use crate::normalize::Step;

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
