//! Step `invisible`: characters nobody sees that break search and matching.
//!
//! Format pass (early):
//! - `invisible.format`: BOM U+FEFF, bidi marks and embeddings (U+200E/F,
//!   U+202A–E, U+2066–9, U+061C), soft hyphen U+00AD, zero-width space U+200B,
//!   word joiner and invisible operators U+2060–4 are removed.
//! - `invisible.zwj`: ZWJ U+200D is removed outside emoji (emoji are protected).
//!
//! ZWNJ pass (after whitespace and spacing, when the text around is final):
//! - `invisible.zwnj_duplicate`: a run of ZWNJ becomes one.
//! - `invisible.zwnj_edge`: a ZWNJ not between two letters (next to a space,
//!   punctuation, a digit, or a text edge) is removed.
//! - `invisible.zwnj_non_joining`: a ZWNJ after a non-joining letter (ا د ذ ر ز ژ و…)
//!   before an inflectional suffix (ها، های، ام، ای، ترین…) is removed: `بندر‌ها` →
//!   `بندرها`. Between two stems (`ابر‌قدرت`) it marks a compound and stays.

use crate::align::{Rewriter, WorkingText};
use crate::rules::Rule;
use crate::script::{is_alphabetic, is_junk_format, is_mark, is_non_joining, ZWJ, ZWNJ};

pub fn apply_format(text: &WorkingText, mut rw: Rewriter) -> Option<WorkingText> {
    for (i, c) in text.as_str().char_indices() {
        let rule = if is_junk_format(c) {
            Rule::InvisibleFormat
        } else if c == ZWJ {
            Rule::InvisibleZwj
        } else {
            continue;
        };
        if text.is_free(i) {
            rw.delete_attached(i..i + c.len_utf8(), rule);
        }
    }
    rw.finish()
}

/// Suffixes that attach without ZWNJ after a non-joining letter.
const SUFFIXES: &[&str] = &[
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "ام",
    "ات",
    "اش",
    "ای",
    "ایم",
    "اید",
    "اند",
    "تر",
    "ترین",
    "ی",
    "یی",
];

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| is_alphabetic(c) || is_mark(c))
}

pub fn apply_zwnj(work: &WorkingText, mut rw: Rewriter) -> Option<WorkingText> {
    let text = work.as_str();
    let zwnj_len = ZWNJ.len_utf8();
    let mut spans = work.free_cursor();
    let mut done = 0;
    for (i, _) in text.match_indices(ZWNJ) {
        if i < done || !spans.is_free(i) {
            continue;
        }
        // The run of free ZWNJ from `i` ends at `j`.
        let mut j = i + zwnj_len;
        while text[j..].starts_with(ZWNJ) && spans.is_free(j) {
            j += zwnj_len;
        }
        done = j;
        let before = text[..i].chars().next_back();
        let after = text[j..].chars().next();
        let protected_neighbour = before.is_some_and(|c| !spans.is_free(i - c.len_utf8()))
            || (after.is_some() && !spans.is_free(j));
        if !is_letter(before) || !is_letter(after) || protected_neighbour {
            rw.delete(i..j, Rule::InvisibleZwnjEdge);
        } else if before.is_some_and(is_non_joining) && is_suffix_at(text, j) {
            rw.delete(i..j, Rule::InvisibleZwnjNonJoining);
        } else if j - i > zwnj_len {
            rw.delete(i + zwnj_len..j, Rule::InvisibleZwnjDuplicate);
        }
    }
    rw.finish()
}

/// Whether the word continuing at byte `j` of `text` is exactly one of
/// [`SUFFIXES`].
fn is_suffix_at(text: &str, j: usize) -> bool {
    let rest = &text[j..];
    let end = rest.find(|c: char| !is_alphabetic(c)).unwrap_or(rest.len());
    SUFFIXES.contains(&&rest[..end])
}

#[cfg(test)]
mod tests {
    use crate::normalize::test_util::table;
    use crate::normalize::Step;

    #[test]
    fn cases() {
        table(
            Step::Invisible,
            &[
                ("bom", "\u{FEFF}سلام", "سلام"),
                ("rlm", "سلام\u{200F}", "سلام"),
                ("soft_hyphen", "کتاب\u{00AD}ها", "کتابها"),
                ("zwj_removed", "می\u{200D}رود", "میرود"),
                ("zwj_in_emoji_kept", "👨\u{200D}👩", "👨\u{200D}👩"),
                ("zwnj_duplicate", "می\u{200C}\u{200C}رود", "می\u{200C}رود"),
                ("zwnj_before_space", "کتاب\u{200C} خوب", "کتاب خوب"),
                ("zwnj_at_start", "\u{200C}کتاب", "کتاب"),
                ("zwnj_before_digit", "کتاب\u{200C}12", "کتاب12"),
                ("zwnj_kept_in_word", "می\u{200C}رود", "می\u{200C}رود"),
                ("zwnj_non_joining_suffix", "بندر\u{200C}ها", "بندرها"),
                (
                    "zwnj_non_joining_compound_kept",
                    "ابر\u{200C}قدرت",
                    "ابر\u{200C}قدرت",
                ),
            ],
        );
    }
}
