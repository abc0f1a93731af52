//! Step `unicode`: canonical composition (NFC) and Arabic presentation forms.
//!
//! - `unicode.presentation_form`: a character of Arabic Presentation Forms-A/B
//!   (U+FB50–U+FDFF, U+FE70–U+FEFF) becomes its compatibility decomposition,
//!   composed: `ﻻ`→`لا`, `ﮐ`→`ک`, `ﷲ`→`الله`. U+FEFF (BOM) is left to `invisible`.
//! - `unicode.nfc`: each combining sequence (a starter and the marks after it)
//!   that is not in NFC is replaced by its NFC form: `ا` + U+0653 → `آ`,
//!   `و` + U+0654 → `ؤ`.

use crate::text::align::{Chars, Rewriter, Work};
use unicode_normalization::char::{canonical_combining_class, compose, decompose_compatible};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

pub fn apply(work: &Work, mut rw: Rewriter) -> Option<Work> {
    // Fast path: most text is already NFC and has no presentation forms. Latin-1
    // and Arabic-block letters (no combining marks) are NFC whatever surrounds them.
    let trivially_nfc = |c: char| {
        (c as u32) < 0x300
            || matches!(c, '\u{0600}'..='\u{064A}' | '\u{0660}'..='\u{066F}' | '\u{0671}'..='\u{06D3}'
                | '\u{06D5}' | '\u{06EE}'..='\u{06FF}' | '\u{2002}'..='\u{206F}')
    };
    if work.as_str().chars().all(trivially_nfc) {
        return None;
    }
    let text = Chars::new(work);
    let chars = &text.chars;
    // A lone haraka (no mark beside it) neither composes nor reorders: کاملاً.
    let lone_haraka = |i: usize| {
        let mark = |k: Option<&char>| k.is_some_and(|&c| canonical_combining_class(c) != 0);
        matches!(chars[i], '\u{064B}'..='\u{0652}')
            && !mark(i.checked_sub(1).and_then(|k| chars.get(k)))
            && !mark(chars.get(i + 1))
    };
    if chars
        .iter()
        .enumerate()
        .all(|(i, &c)| trivially_nfc(c) || lone_haraka(i))
    {
        return None;
    }
    if !chars.iter().any(|&c| is_presentation_form(c))
        && is_nfc_quick(chars.iter().copied()) == IsNormalized::Yes
    {
        return None;
    }
    let mut i = 0;
    while i < chars.len() {
        // A segment: one character plus the characters that may compose with it.
        let mut j = i + 1;
        while j < chars.len()
            && (canonical_combining_class(chars[j]) != 0
                || compose(chars[j - 1], chars[j]).is_some())
        {
            j += 1;
        }
        let protected = (i..j).any(|k| !text.is_free(k));
        if protected {
            i = j;
            continue;
        }
        if chars[i..j].iter().any(|&c| is_presentation_form(c)) {
            let mut expanded = String::new();
            for &c in &chars[i..j] {
                if is_presentation_form(c) {
                    decompose_compatible(c, |d| expanded.push(d));
                } else {
                    expanded.push(c);
                }
            }
            // The spacing forms of harakat (U+FE70...) decompose to a space and the mark.
            let composed: String = expanded
                .nfc()
                .collect::<String>()
                .trim_matches(' ')
                .to_string();
            if !composed.is_empty() && composed.chars().ne(chars[i..j].iter().copied()) {
                rw.replace(text.bytes(i..j), &composed, "unicode.presentation_form");
            }
            i = j;
            continue;
        }
        let needs = j - i > 1 || is_nfc_quick(std::iter::once(chars[i])) != IsNormalized::Yes;
        if needs {
            let seg: String = chars[i..j].iter().collect();
            let nfc: String = seg.nfc().collect();
            if nfc != seg {
                rw.replace(text.bytes(i..j), &nfc, "unicode.nfc");
            }
        }
        i = j;
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
