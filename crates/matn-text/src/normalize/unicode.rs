//! Step `unicode`: canonical composition (NFC) and Arabic presentation forms.
//!
//! - `unicode.presentation_form`: a character of Arabic Presentation Forms-A/B
//!   (U+FB50–U+FDFF, U+FE70–U+FEFF) becomes its compatibility decomposition,
//!   composed: `ﻻ`→`لا`, `ﮐ`→`ک`, `ﷲ`→`الله`. U+FEFF (BOM) is left to `invisible`.
//! - `unicode.nfc`: each combining sequence (a starter and the characters that
//!   may compose with it) that is not in NFC is replaced by its NFC form:
//!   `ا` + U+0653 → `آ`, `و` + U+0654 → `ؤ`.
//!
//! Only the sequences around a character that is not NFC whatever surrounds
//! it are looked at, so a document costs one read plus its few marks.

use crate::align::{Rewriter, WorkingText};
use crate::rules::Rule;
use unicode_normalization::char::{canonical_combining_class, compose, decompose_compatible};
use unicode_normalization::UnicodeNormalization;

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Latin-1 and Arabic-block letters (no combining marks) are NFC whatever
/// surrounds them, and nothing composes onto them from the left.
fn trivially_nfc(c: char) -> bool {
    (c as u32) < 0x300
        || matches!(c, '\u{0600}'..='\u{064A}' | '\u{0660}'..='\u{066F}' | '\u{0671}'..='\u{06D3}'
            | '\u{06D5}' | '\u{06EE}'..='\u{06FF}' | '\u{2002}'..='\u{206F}')
}

/// Whether `c` continues the combining sequence that `prev` ends: a mark, or
/// a character that composes with the one before it. Nothing below U+0300
/// and no Arabic letter is either.
fn continues(prev: char, c: char) -> bool {
    let starter = (c as u32) < 0x300 || matches!(c, '\u{0621}'..='\u{064A}');
    !starter && (canonical_combining_class(c) != 0 || compose(prev, c).is_some())
}

/// The byte range of the combining sequence that holds the character at byte
/// `at` of `text`.
fn sequence_at(text: &str, at: usize) -> std::ops::Range<usize> {
    let mut start = at;
    let mut c = text[at..]
        .chars()
        .next()
        .expect("a character starts at `at`");
    while let Some(prev) = text[..start].chars().next_back() {
        if !continues(prev, c) {
            break;
        }
        start -= prev.len_utf8();
        c = prev;
    }
    let mut end = at;
    let mut prev = None;
    for c in text[at..].chars() {
        if prev.is_some_and(|p| !continues(p, c)) {
            break;
        }
        end += c.len_utf8();
        prev = Some(c);
    }
    start..end
}

pub fn apply(work: &WorkingText, mut rw: Rewriter) -> Option<WorkingText> {
    let text = work.as_str();
    let mut free = work.free_cursor();
    let mut done = 0;
    for (at, c) in text.char_indices() {
        if at < done || trivially_nfc(c) {
            continue;
        }
        let seq = sequence_at(text, at);
        done = seq.end;
        // Sequences do not overlap: one found here starts at or after the last.
        let protected = text[seq.clone()]
            .char_indices()
            .any(|(k, _)| !free.is_free(seq.start + k));
        if protected {
            continue;
        }
        if let Some((with, rule)) = normalized(&text[seq.clone()]) {
            rw.replace(seq, &with, rule);
        }
    }
    rw.finish()
}

/// The NFC form of combining sequence `seq` with its presentation forms
/// decomposed, and the rule that changes it; `None` where it is unchanged.
fn normalized(seq: &str) -> Option<(String, Rule)> {
    if seq.chars().any(is_presentation_form) {
        let mut expanded = String::new();
        for c in seq.chars() {
            if is_presentation_form(c) {
                decompose_compatible(c, |d| expanded.push(d));
            } else {
                expanded.push(c);
            }
        }
        // The spacing forms of harakat (U+FE70...) decompose to a space and the mark.
        let composed: String = expanded.nfc().collect();
        let composed = composed.trim_matches(' ');
        return (!composed.is_empty() && composed != seq)
            .then(|| (composed.to_string(), Rule::UnicodePresentationForm));
    }
    let nfc: String = seq.nfc().collect();
    (nfc != seq).then_some((nfc, Rule::UnicodeNfc))
}

#[cfg(test)]
mod tests {
    use crate::normalize::test_util::table;
    use crate::normalize::Step;

    #[test]
    fn cases() {
        table(
            Step::Unicode,
            &[
                ("lam_alef_ligature", "\u{FEFB}", "لا"),
                ("keheh_isolated", "\u{FB8E}", "ک"),
                ("allah_ligature", "\u{FDF2}", "الله"),
                ("ligature_with_mark", "\u{FEFB}\u{064B}", "لا\u{064B}"),
                ("alef_madda_composed", "\u{0627}\u{0653}ب", "آب"),
                ("waw_hamza_composed", "م\u{0648}\u{0654}ثر", "مؤثر"),
                ("already_nfc", "آزادی", "آزادی"),
                ("latin_e_acute", "e\u{0301}", "é"),
            ],
        );
    }
}
