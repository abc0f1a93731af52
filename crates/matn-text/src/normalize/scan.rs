//! One quick pass over the text that tells which steps may have work to do.
//!
//! Most documents need few of the character steps: Persian prose in a current
//! encoding has no presentation forms, no Arabic letter variants, no stray
//! format characters. The scan reads the bytes once (two-byte Arabic letters by
//! table, without decoding) and sets a flag per step that sees a character it
//! may change; a step whose flag is clear is skipped. The flags are
//! conservative: a set flag only means the step looks.

use crate::script::{
    arabic_block_index, is_alphabetic, is_arabic_letter, is_arabic_mark, is_closing_punct,
    is_junk_format, is_mark, is_space, ZWJ, ZWNJ,
};

/// Steps with possible work, as bit flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Needs(u16);

impl Needs {
    pub const FORMAT: Needs = Needs(1);
    pub const ZWNJ: Needs = Needs(1 << 1);
    pub const UNICODE: Needs = Needs(1 << 2);
    pub const DIACRITICS: Needs = Needs(1 << 3);
    pub const LETTERS: Needs = Needs(1 << 4);
    pub const ASCII_DIGITS: Needs = Needs(1 << 5);
    pub const ARABIC_DIGITS: Needs = Needs(1 << 6);
    pub const PERSIAN_DIGITS: Needs = Needs(1 << 7);
    pub const PUNCTUATION: Needs = Needs(1 << 8);
    pub const WHITESPACE: Needs = Needs(1 << 9);
    pub const SPACING: Needs = Needs(1 << 10);
    /// White space inside the text (not only at its edges).
    pub const INNER_WHITESPACE: Needs = Needs(1 << 11);
    /// A character a protected span can contain besides letters: a digit, an
    /// ASCII letter, `@`, `#`, an emoji... (see [`crate::protect::find`]).
    pub const PROTECT: Needs = Needs(1 << 12);
    pub const EVERYTHING: Needs = Needs(u16::MAX);

    pub fn has(self, other: Needs) -> bool {
        self.0 & other.0 != 0
    }

    const fn set(&mut self, other: Needs) {
        self.0 |= other.0;
    }
}

impl std::ops::BitOr for Needs {
    type Output = Needs;
    fn bitor(self, other: Needs) -> Needs {
        Needs(self.0 | other.0)
    }
}

/// What a character is, as far as the scan cares.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Class {
    Letter,
    /// A plain space.
    Space,
    /// A line feed.
    Newline,
    /// Any other white space.
    OtherSpace,
    /// Closing punctuation after which a letter wants a space (، ؛ ؟ ! ) » ] . : …,
    /// and , ; ? that may become ، ؛ ؟).
    CloseWants,
    /// Other closing punctuation (}).
    Close,
    /// « (
    OpenGlue,
    /// [ {
    Open,
    Other,
}

// A character's entry: the steps it always wants (low 16 bits), its class, and
// whether it is a combining mark, a haraka, alef or a dot.
const CLASS_SHIFT: u32 = 16;
const MARK: u32 = 1 << 24;
const HARAKA: u32 = 1 << 25;
const ALEF: u32 = 1 << 26;
const DOT: u32 = 1 << 27;
const SPACE: u32 = 1 << 28;

const INNER_SPACE: Needs = Needs(Needs::WHITESPACE.0 | Needs::INNER_WHITESPACE.0);

const fn entry(class: Class, needs: Needs) -> u32 {
    let space = if matches!(class, Class::Space | Class::Newline | Class::OtherSpace) {
        SPACE
    } else {
        0
    };
    ((class as u32) << CLASS_SHIFT) | needs.0 as u32 | space
}

/// The class of an entry, as an index.
const fn class_of(e: u32) -> usize {
    ((e >> CLASS_SHIFT) & 0xFF) as usize
}

/// Whether the spacing step may have work where a character of the second class
/// follows one of the first: a space before closing or after opening
/// punctuation, punctuation glued to what follows it, an opening bracket glued
/// to a letter.
///
/// Other white space counts as a space, which `whitespace` may make it.
const fn spacing_pair(prev: Class, class: Class) -> bool {
    match class {
        Class::Space | Class::OtherSpace => matches!(prev, Class::OpenGlue | Class::Open),
        Class::Newline | Class::Open => false,
        Class::CloseWants | Class::Close => matches!(prev, Class::Space | Class::OtherSpace),
        Class::OpenGlue => matches!(prev, Class::Letter | Class::CloseWants),
        Class::Letter | Class::Other => matches!(prev, Class::CloseWants),
    }
}

const CLASSES: [Class; 9] = [
    Class::Letter,
    Class::Space,
    Class::Newline,
    Class::OtherSpace,
    Class::CloseWants,
    Class::Close,
    Class::OpenGlue,
    Class::Open,
    Class::Other,
];

static SPACING_PAIRS: [[bool; 9]; 9] = {
    let mut t = [[false; 9]; 9];
    let mut a = 0;
    while a < 9 {
        let mut b = 0;
        while b < 9 {
            t[a][b] = spacing_pair(CLASSES[a], CLASSES[b]);
            b += 1;
        }
        a += 1;
    }
    t
};

const fn ascii_entry(b: u8) -> u32 {
    match b {
        b' ' => entry(Class::Space, Needs(0)),
        b'\n' => entry(Class::Newline, Needs(0)),
        b'\t' | b'\r' | 0x0B | 0x0C => entry(Class::OtherSpace, INNER_SPACE),
        b'.' => entry(Class::CloseWants, Needs(0)) | DOT,
        b'!' | b')' | b']' | b':' => entry(Class::CloseWants, Needs(0)),
        b'}' => entry(Class::Close, Needs(0)),
        // `punctuation` may make them ، ؛ ؟, which want a space after them.
        b',' | b';' | b'?' => entry(Class::CloseWants, Needs::PUNCTUATION),
        b'(' => entry(Class::OpenGlue, Needs(0)),
        b'[' | b'{' => entry(Class::Open, Needs(0)),
        b'0'..=b'9' => entry(
            Class::Other,
            Needs(Needs::ASCII_DIGITS.0 | Needs::PROTECT.0),
        ),
        b'a'..=b'z' | b'A'..=b'Z' => entry(Class::Letter, Needs::PROTECT),
        b'@' | b'#' | b'*' => entry(Class::Other, Needs::PROTECT),
        _ => entry(Class::Other, Needs(0)),
    }
}

/// The entry of Arabic-block code point `c` (U+0600–U+06FF).
const fn arabic_entry(c: u32) -> u32 {
    const UNI_DIA: Needs = Needs(Needs::UNICODE.0 | Needs::DIACRITICS.0);
    match c {
        0x060C | 0x061B | 0x061F => entry(Class::CloseWants, Needs(0)),
        0x061C => entry(Class::Other, Needs::FORMAT),
        0x0640 => entry(Class::Other, Needs::DIACRITICS),
        // Harakat: alone (کاملاً) they neither compose nor reorder; `diacritics`
        // removes them except tanwin fath after alef.
        0x064B..=0x0652 => entry(Class::Other, Needs(0)) | MARK | HARAKA,
        // Madda and hamza compose with the letter before them.
        0x0654 => entry(Class::Other, Needs(Needs::UNICODE.0 | Needs::LETTERS.0)) | MARK,
        0x0653 | 0x0655 => entry(Class::Other, Needs(UNI_DIA.0 | Needs::LETTERS.0)) | MARK,
        0x0610..=0x061A
        | 0x0656..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED => entry(Class::Other, UNI_DIA) | MARK,
        0x0660..=0x0669 => entry(
            Class::Other,
            Needs(Needs::ARABIC_DIGITS.0 | Needs::PROTECT.0),
        ),
        0x06F0..=0x06F9 => entry(
            Class::Other,
            Needs(Needs::PERSIAN_DIGITS.0 | Needs::PROTECT.0),
        ),
        0x0629 | 0x0643 | 0x0649 | 0x064A | 0x06AA | 0x06BE | 0x06C0..=0x06C2 | 0x06D5 => {
            entry(Class::Letter, Needs::LETTERS)
        }
        0x06D4 | 0x06DD | 0x06DE | 0x06E5 | 0x06E6 | 0x06E9 => entry(Class::Other, Needs::UNICODE),
        0x0627 => entry(Class::Letter, Needs(0)) | ALEF,
        _ => match char::from_u32(c) {
            Some(ch) if is_arabic_letter(ch) => entry(Class::Letter, Needs(0)),
            _ => entry(Class::Other, Needs(0)),
        },
    }
}

/// The entry of an Arabic letter that no step changes (alef aside, which has
/// its own bit).
const PLAIN_LETTER: u32 = entry(Class::Letter, Needs(0));

static ASCII: [u32; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = ascii_entry(b as u8);
        b += 1;
    }
    t
};

static ARABIC: [u32; 256] = {
    let mut t = [0; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = arabic_entry(0x600 + c as u32);
        c += 1;
    }
    t
};

/// The entry of a character outside ASCII and the Arabic block.
fn other_entry(c: char) -> u32 {
    if c == ZWNJ {
        return entry(Class::Other, Needs::ZWNJ);
    }
    if c == ZWJ || is_junk_format(c) {
        return entry(Class::Other, Needs(Needs::FORMAT.0 | Needs::PROTECT.0));
    }
    if is_space(c) {
        return entry(Class::OtherSpace, Needs(INNER_SPACE.0 | Needs::PROTECT.0));
    }
    let mut needs = Needs::default();
    if crate::protect::may_be_protected(c) {
        needs.set(Needs::PROTECT);
    }
    if !((c as u32) < 0x300 || matches!(c, '\u{2002}'..='\u{206F}')) {
        needs.set(Needs::UNICODE);
    }
    if is_arabic_mark(c) {
        needs.set(Needs::DIACRITICS);
    }
    let class = match c {
        '«' => Class::OpenGlue,
        '»' | '…' => Class::CloseWants,
        _ if is_closing_punct(c) => Class::Close,
        _ if is_alphabetic(c) => Class::Letter,
        _ => Class::Other,
    };
    entry(class, needs) | if is_mark(c) { MARK } else { 0 }
}

/// Scans `s`; see the module docs.
pub fn scan(s: &str) -> Needs {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut needs = 0u32;
    // White space at either edge is trimmed.
    if s.starts_with(is_space) || s.ends_with(is_space) {
        needs |= Needs::WHITESPACE.0 as u32;
    }
    let mut prev = entry(Class::Space, Needs(0));
    // The class of the last character that is not a mark: marks go away or
    // compose with their letter (in steps that do not scan again), so what
    // stands before them meets what follows them.
    let mut prev_class = Class::Space as usize;
    let mut run = 0usize; // white-space characters in the current run
    let mut run_breaks = true; // the run is all line feeds
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        // Runs of plain letters of the Arabic block after a letter, the bulk of
        // Persian text, change no flag: skip them two bytes at a time.
        if prev_class == Class::Letter as usize && (0xD8..=0xDB).contains(&b) {
            let from = i;
            while let Some(c) = arabic_block_index(bytes, i) {
                let e = ARABIC[c];
                if e & !ALEF != PLAIN_LETTER {
                    break;
                }
                prev = e;
                i += 2;
            }
            if i != from {
                continue;
            }
        }
        let (e, len) = if b < 0x80 {
            (ASCII[usize::from(b)], 1)
        } else if let Some(c) = arabic_block_index(bytes, i) {
            (ARABIC[c], 2)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (other_entry(c), c.len_utf8())
        };
        needs |= e & 0xFFFF;
        if e & (MARK | HARAKA | DOT) != 0 {
            if e & MARK != 0 && prev & MARK != 0 {
                needs |= Needs::UNICODE.0 as u32; // marks together may reorder
            }
            // Tanwin fath is U+064B: bytes D9 8B.
            let alef_tanwin = prev & ALEF != 0 && bytes.get(i + 1) == Some(&0x8B);
            if e & HARAKA != 0 && !alef_tanwin {
                needs |= Needs::DIACRITICS.0 as u32;
            }
            if e & DOT != 0 && bytes.get(i + 1) == Some(&b'.') {
                needs |= Needs::PUNCTUATION.0 as u32;
            }
        }
        let class = class_of(e);
        // White space: a run other than one space or one or two line feeds changes.
        if e & SPACE != 0 {
            run += 1;
            run_breaks &= class == Class::Newline as usize;
            if run >= 2 && !(run == 2 && run_breaks) {
                needs |= INNER_SPACE.0 as u32;
            }
        } else {
            run = 0;
            run_breaks = true;
        }
        if SPACING_PAIRS[prev_class][class] {
            needs |= Needs::SPACING.0 as u32;
        }
        if e & MARK == 0 {
            prev_class = class;
        }
        prev = e;
        i += len;
    }
    Needs(needs as u16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Rewriter, WorkingText};
    use crate::normalize::{
        diacritics, digits, invisible, letters, punctuation, spacing, unicode, whitespace,
        DigitStyle, HehHamzaStyle,
    };
    use crate::protect;
    use proptest::prelude::*;

    /// Whether the step `apply` changes `s` (on its own, protection on).
    fn changes(s: &str, apply: impl Fn(&WorkingText, Rewriter) -> Option<WorkingText>) -> bool {
        let work = WorkingText::new(s, protect::find(s).into_iter().map(|p| (p.range, p.kind)));
        apply(&work, Rewriter::new(&work, None)).is_some()
    }

    /// Every flag the steps rely on is set wherever the step has work.
    fn check(s: &str) {
        let needs = scan(s);
        let cases: [(&str, Needs, bool); 11] = [
            ("format", Needs::FORMAT, changes(s, invisible::apply_format)),
            ("zwnj", Needs::ZWNJ, changes(s, invisible::apply_zwnj)),
            ("unicode", Needs::UNICODE, changes(s, unicode::apply)),
            (
                "diacritics",
                Needs::DIACRITICS,
                changes(s, diacritics::apply),
            ),
            (
                "letters",
                Needs::LETTERS,
                changes(s, |w, r| letters::apply(w, r, HehHamzaStyle::Keep)),
            ),
            (
                "letters composed",
                Needs::LETTERS,
                changes(s, |w, r| letters::apply(w, r, HehHamzaStyle::Composed)),
            ),
            (
                "letters decomposed",
                Needs::LETTERS,
                changes(s, |w, r| letters::apply(w, r, HehHamzaStyle::Decomposed)),
            ),
            (
                "digits persian",
                Needs::ASCII_DIGITS | Needs::ARABIC_DIGITS,
                changes(s, |w, r| digits::apply(w, r, DigitStyle::Persian)),
            ),
            (
                "digits latin",
                Needs::ARABIC_DIGITS | Needs::PERSIAN_DIGITS,
                changes(s, |w, r| digits::apply(w, r, DigitStyle::Latin)),
            ),
            (
                "punctuation",
                Needs::PUNCTUATION,
                changes(s, punctuation::apply),
            ),
            (
                "whitespace",
                Needs::WHITESPACE,
                changes(s, |w, r| whitespace::apply(w, r, true)),
            ),
        ];
        for (name, flag, changed) in cases {
            assert!(
                !changed || needs.has(flag),
                "{name} has work in {s:?}, the scan says none"
            );
        }
        let work = WorkingText::new(s, protect::find(s).into_iter().map(|p| (p.range, p.kind)));
        let inner = needs.has(Needs::INNER_WHITESPACE);
        let edges_only = whitespace::apply(&work, Rewriter::new(&work, None), inner);
        let full = whitespace::apply(&work, Rewriter::new(&work, None), true);
        assert_eq!(
            edges_only.map(|w| w.as_str().to_string()),
            full.map(|w| w.as_str().to_string()),
            "white space inside {s:?}, the scan says none"
        );
        assert!(
            needs.has(Needs::PROTECT) || protect::find(s).is_empty(),
            "protected spans in {s:?}, the scan says none"
        );
        let spacing_work = changes(s, spacing::apply);
        assert!(
            !spacing_work || needs.has(Needs::SPACING),
            "spacing has work in {s:?}, the scan says none"
        );
    }

    #[test]
    fn flags_cover_the_steps() {
        for s in [
            "كتاب ي",
            "کاملاً",
            "کتابٌ",
            "مسی\u{0654}له",
            "خانهٔ ما",
            "ا\u{0653}ب",
            "\u{FEFB}",
            "سلام  دنیا",
            "الف\n\n\nب",
            "الف\r\nب",
            " سلام",
            "ایران ،روسیه",
            "گفت« سلام »",
            "امام(ع)",
            "رفت.آمد",
            "و ...",
            "سال 1402",
            "کتاب\u{200C} خوب",
            "\u{200F}سلام",
        ] {
            check(s);
        }
    }

    /// Steps that do not rescan can still bring characters together: `letters`
    /// composes a hamza mark with its letter, which then meets a bracket.
    #[test]
    fn skipping_changes_nothing_across_steps() {
        for s in ["ى\u{654}(\u{200D}", "ى\u{654}(", "ا\u{653}«"] {
            same_with_and_without_skipping(s);
        }
    }

    /// The whole pipeline gives the same text and edits with and without skipping.
    fn same_with_and_without_skipping(s: &str) {
        use crate::normalize::{NormalizeOptions, Normalizer};
        let fast = Normalizer::new(
            &NormalizeOptions::default(),
            crate::lexicon::Lexicon::builtin(),
        );
        let mut slow = fast.clone();
        slow.skip_idle = false;
        let (a, b) = (fast.normalize(s, true), slow.normalize(s, true));
        assert_eq!((a.text(), &a.edits), (b.text(), &b.edits), "input {s:?}");
    }

    #[test]
    fn skipping_changes_nothing_on_the_seed() {
        let seed = include_str!("../../../../seeds/news-shamkhani-lavrentiev.txt");
        same_with_and_without_skipping(seed);
        for line in seed.lines() {
            same_with_and_without_skipping(line);
        }
    }

    proptest! {
        #[test]
        fn skipping_changes_nothing(s in "[ابپیيىكکةهۀھ\u{064B}\u{064E}\u{0651}\u{0653}\u{0654}\u{0640}\u{200C}\u{200D}\u{200F}\u{FEFB} \n\t\r\u{00A0}،؛؟,;?.:!«»()\\[\\]0-9۰-۹٠-٩a-z…@#/👍©é*_–]{0,24}") {
            same_with_and_without_skipping(&s);
        }

        #[test]
        fn flags_cover_random_text(s in "[ابپیيىكکةهۀھ\u{064B}\u{064E}\u{0651}\u{0653}\u{0654}\u{0640}\u{200C}\u{200D}\u{200F}\u{FEFB} \n\t\r\u{00A0}،؛؟,;?.:!«»()\\[\\]0-9۰-۹٠-٩a-z…@#/👍©é*_–]{0,14}") {
            check(&s);
        }
    }
}
