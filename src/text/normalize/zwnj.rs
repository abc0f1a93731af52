//! Step `zwnj`: zero-width non-joiners where a space split one word.
//!
//! - `zwnj.prefix_mi`: the verb prefixes `می` and `نمی` written as a separate
//!   word before a Persian word become joined with a ZWNJ: `می پردازند` →
//!   `می‌پردازند`, when the next word ends like a verb (a person ending or the
//!   participle `ه`) and is not a function word (`می و`, `می را`).
//! - `zwnj.suffix_ha`: the plural suffix `ها` (and `های`, `هایی`, `هایم`,
//!   `هایت`, `هایش`, `هایمان`, `هایتان`, `هایشان`, `هاست`) written as a separate
//!   word is joined to the word before: with a ZWNJ after a joining letter
//!   (`کتاب ها` → `کتاب‌ها`), directly after a non-joining one (`بندر ها` → `بندرها`).
//!
//! Glued forms (`میپردازند`) need a lexicon and are restored by the full ZWNJ
//! restorer.

use crate::text::align::{Aligned, Rewriter};
use crate::text::script::{is_arabic_letter, is_non_joining, ZWNJ};

const PLURAL: &[&str] = &[
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "هاست",
];
/// Endings a present or past verb form after `می` can have (person endings,
/// past participle `ه`).
const VERB_ENDINGS: &[char] = &['م', 'ی', 'د', 'ه', 'ت'];
const NOT_A_VERB: &[&str] = &[
    "و", "که", "را", "در", "از", "به", "با", "تا", "یا", "این", "آن", "هم", "نیز",
];

/// Word boundaries: (start, end) of each maximal run of Arabic letters and ZWNJ.
fn words(text: &Aligned) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = text.len();
    while i < n {
        if is_arabic_letter(text.chars[i]) && text.is_free(i) {
            let mut j = i + 1;
            while j < n
                && (is_arabic_letter(text.chars[j]) || text.chars[j] == ZWNJ)
                && text.is_free(j)
            {
                j += 1;
            }
            out.push((i, j));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

pub fn apply(text: &Aligned, mut rw: Rewriter) -> Option<Aligned> {
    let ws = words(text);
    let word = |k: usize| -> String { text.chars[ws[k].0..ws[k].1].iter().collect() };
    let mut joined_before = usize::MAX;
    for k in 0..ws.len().saturating_sub(1) {
        let (a0, a1) = ws[k];
        let (b0, b1) = ws[k + 1];
        // Exactly one plain space between the two words.
        if b0 != a1 + 1 || text.chars[a1] != ' ' || !text.is_free(a1) {
            continue;
        }
        let first = word(k);
        let second = word(k + 1);
        let starts_word = a0 == 0 || !text.get(a0 as isize - 1).is_some_and(char::is_alphabetic);
        let ends_word = text.get(b1 as isize).is_none_or(|c| !c.is_alphabetic());
        if (first == "می" || first == "نمی")
            && starts_word
            && joined_before != k
            && second.chars().count() >= 2
            && !NOT_A_VERB.contains(&second.as_str())
            && second.ends_with(VERB_ENDINGS)
        {
            rw.replace(a1..a1 + 1, "\u{200C}", "zwnj.prefix_mi");
            joined_before = k + 1;
        } else if PLURAL.contains(&second.as_str())
            && ends_word
            && first.chars().count() >= 2
            && joined_before != k + 1
        {
            let last = text.chars[a1 - 1];
            let with = if is_non_joining(last) { "" } else { "\u{200C}" };
            rw.replace(a1..a1 + 1, with, "zwnj.suffix_ha");
            joined_before = k + 1;
        }
    }
    rw.finish()
}

#[cfg(test)]
mod tests {
    use crate::text::normalize::test_util::table;
    use crate::text::normalize::Step;

    #[test]
    fn cases() {
        table(
            Step::Zwnj,
            &[
                ("mi", "آنها می پردازند", "آنها می‌پردازند"),
                ("nemi", "نمی دانم", "نمی‌دانم"),
                ("mi_before_function_word_kept", "می و ساغر", "می و ساغر"),
                ("mi_before_non_verb_kept", "می خوشگوار", "می خوشگوار"),
                ("mi_past_continuous", "می رفتند و می گفت", "می‌رفتند و می‌گفت"),
                ("ha", "کتاب ها", "کتاب‌ها"),
                ("haye", "همکاری های مشترک", "همکاری‌های مشترک"),
                ("ha_after_non_joining", "بندر ها", "بندرها"),
                ("glued_left_for_lexicon", "میپردازند", "میپردازند"),
                ("ha_not_a_suffix_inside_word", "کتاب هاشمی", "کتاب هاشمی"),
            ],
        );
    }
}
