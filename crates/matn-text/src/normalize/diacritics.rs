//! Step `diacritics`: marks Persian text does not write.
//!
//! - `diacritics.harakat`: fatha, damma, kasra, tanwin, shadda, sukun (U+064B–U+0653,
//!   U+0655–U+065F), superscript alef U+0670, Quranic signs (U+0610–U+061A,
//!   U+06D6–U+06ED) are removed. Hamza above U+0654 stays: after heh it is the
//!   ezafe (خانهٔ), and tanwin fatha after alef stays: `صرفاً` is how Persian
//!   writes the adverb.
//! - `diacritics.tatweel`: kashida U+0640 is removed; standing alone between
//!   spaces, where news writes it as a dash (`تهران ـ ایرنا ـ`), it becomes `-`.

use crate::align::{Chars, Rewriter, WorkingText};
use crate::rules::Rule;
use crate::script::{is_arabic_mark, HAMZA_ABOVE};

pub fn apply(work: &WorkingText, mut rw: Rewriter) -> Option<WorkingText> {
    if !work
        .as_str()
        .chars()
        .any(|c| c == '\u{0640}' || (is_arabic_mark(c) && c != HAMZA_ABOVE))
    {
        return None;
    }
    let text = Chars::new(work);
    let chars = &text.chars;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rule = if c == '\u{0640}' {
            Rule::DiacriticsTatweel
        } else if is_arabic_mark(c) && c != HAMZA_ABOVE && !is_alef_tanwin(&text.chars, i) {
            Rule::DiacriticsHarakat
        } else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < chars.len()
            && text.is_free(j)
            && (chars[j] == c
                || (rule == Rule::DiacriticsHarakat
                    && is_arabic_mark(chars[j])
                    && chars[j] != HAMZA_ABOVE))
        {
            j += 1;
        }
        let alone = |k: Option<char>| k.is_none_or(char::is_whitespace);
        let dash = rule == Rule::DiacriticsTatweel
            && alone(text.get(i as isize - 1))
            && alone(text.get(j as isize));
        if text.is_free(i) && dash {
            rw.replace(text.bytes(i..j), "-", rule);
        } else if text.is_free(i) {
            rw.delete_attached(text.bytes(i..j), rule);
        }
        i = j;
    }
    rw.finish()
}

/// Tanwin fatha on alef (`اً` in `صرفاً`, `کاملاً`) is part of Persian spelling;
/// on alef with hamza too (`مبدأً`), which is also what `اً` becomes when a
/// hamza above follows it (`أً` composes to `أً`).
fn is_alef_tanwin(chars: &[char], i: usize) -> bool {
    chars[i] == '\u{064B}' && i > 0 && matches!(chars[i - 1], 'ا' | 'أ')
}

#[cfg(test)]
mod tests {
    use crate::normalize::test_util::table;
    use crate::normalize::Step;

    #[test]
    fn cases() {
        table(
            Step::Diacritics,
            &[
                ("fatha_kasra", "کِتاب‌هایَش", "کتاب‌هایش"),
                ("shadda", "محمّد", "محمد"),
                ("alef_tanwin_kept", "کاملاً صرفاً", "کاملاً صرفاً"),
                ("alef_hamza_tanwin_kept", "مبدأً", "مبدأً"),
                ("tanwin_elsewhere", "کتابٌ", "کتاب"),
                ("tatweel", "ســـلام", "سلام"),
                (
                    "tatweel_as_dash",
                    "تهران ـ ایرنا ـــ خبر",
                    "تهران - ایرنا - خبر",
                ),
                ("tatweel_at_edges", "ـ سلام ـ", "- سلام -"),
                ("hamza_above_kept", "خانهٔ", "خانهٔ"),
                ("superscript_alef", "رحمٰن", "رحمن"),
            ],
        );
    }
}
