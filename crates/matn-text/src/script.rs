//! Character classes of the Arabic script as Persian uses it.

/// Zero-width non-joiner (نیم‌فاصله).
pub const ZWNJ: char = '\u{200C}';
/// Zero-width joiner.
pub const ZWJ: char = '\u{200D}';

/// Letters of the Arabic script (not marks, digits or punctuation).
pub const fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}')
}

/// The index in the Arabic block (U+0600–U+06FF) of the character at byte `i`,
/// read from its two UTF-8 bytes without decoding; `None` for any other
/// character.
#[inline]
pub fn arabic_block_index(bytes: &[u8], i: usize) -> Option<usize> {
    let (&lead, &next) = (bytes.get(i)?, bytes.get(i + 1)?);
    (lead & 0xFC == 0xD8).then(|| (usize::from(lead & 0x03) << 6) | usize::from(next & 0x3F))
}

/// The bit of [`arabic_block_classes`] for [`is_word_char`].
pub const WORD_CHAR_BIT: u8 = 4;

/// `char::is_alphabetic`, `char::is_alphanumeric` and [`is_word_char`] of the
/// Arabic block (U+0600–U+06FF), as the bits 1, 2 and 4 of each entry: the
/// standard library's answer for non-ASCII characters is a table search, slow
/// on text that is mostly Persian. Loops over many characters fetch it once.
pub fn arabic_block_classes() -> &'static [u8; 256] {
    static TABLE: std::sync::OnceLock<[u8; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u8; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let c = char::from_u32(0x600 + i as u32).unwrap_or('\0');
            let word = c.is_alphanumeric() || is_arabic_mark(c);
            *slot = u8::from(c.is_alphabetic())
                | u8::from(c.is_alphanumeric()) << 1
                | if word { WORD_CHAR_BIT } else { 0 };
        }
        t
    })
}

/// `c.is_alphabetic()`, answered from a table for ASCII and the Arabic block.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    classed(c, 1, char::is_ascii_alphabetic, char::is_alphabetic)
}

/// `c.is_alphanumeric()`, answered from a table for ASCII and the Arabic block.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    classed(c, 2, char::is_ascii_alphanumeric, char::is_alphanumeric)
}

#[inline]
fn classed(c: char, bit: u8, ascii: fn(&char) -> bool, other: fn(char) -> bool) -> bool {
    match c as u32 {
        0..=0x7F => ascii(&c),
        0x600..=0x6FF => arabic_block_classes()[c as usize - 0x600] & bit != 0,
        _ => other(c),
    }
}

/// Any character of the Arabic-script blocks, presentation forms included.
pub fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Letters that never join the following letter, so a ZWNJ after them changes
/// nothing visually (ا آ أ إ ٱ د ذ ر ز ژ و ؤ ة ۀ ە ء and their kin).
pub fn is_non_joining(c: char) -> bool {
    matches!(c,
        '\u{0621}'..='\u{0625}' | '\u{0627}' | '\u{0629}' | '\u{062F}'..='\u{0632}' | '\u{0648}'
        | '\u{0671}'..='\u{0673}' | '\u{0675}'..='\u{0677}' | '\u{0688}'..='\u{0699}'
        | '\u{06C0}' | '\u{06C3}'..='\u{06CB}' | '\u{06CD}' | '\u{06CF}' | '\u{06D2}'..='\u{06D3}'
        | '\u{06D5}' | '\u{06EE}'..='\u{06EF}')
}

/// Arabic-script combining marks: harakat, shadda, sukun, superscript alef and
/// Quranic annotation signs (everything the `diacritics` step may remove).
pub const fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}' | '\u{08CA}'..='\u{08FF}')
}

/// Hamza above (U+0654), kept after heh as the ezafe marker (هٔ).
pub const HAMZA_ABOVE: char = '\u{0654}';

/// A digit in any of the three systems Persian text uses: ASCII, Arabic-Indic
/// (٠-٩) and Extended Arabic-Indic (۰-۹). Returns its value.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// A word-forming character: a letter of any script, a combining mark, or a digit.
#[inline]
pub fn is_word_char(c: char) -> bool {
    quick_word_char(c).unwrap_or_else(|| is_alphanumeric(c) || is_mark(c))
}

/// [`is_word_char`] where a table or a range answers: ASCII, the Arabic block
/// and general punctuation (ZWNJ, dashes, quotes), which is most of Persian
/// text; `None` elsewhere.
#[inline]
pub fn quick_word_char(c: char) -> Option<bool> {
    match c as u32 {
        0..=0x7F => Some(c.is_ascii_alphanumeric()),
        0x600..=0x6FF => Some(arabic_block_classes()[c as usize - 0x600] & WORD_CHAR_BIT != 0),
        0x2000..=0x206F => Some(false),
        _ => None,
    }
}

/// A combining mark: any character with a non-zero canonical combining class,
/// plus the Arabic and combining-diacritic blocks.
pub fn is_mark(c: char) -> bool {
    // Cheap answers first: ASCII, Latin-1 and Arabic letters are never marks.
    if (c as u32) < 0x300 || is_arabic_letter(c) {
        return false;
    }
    // The Arabic block's marks are all Arabic marks; general punctuation (ZWNJ,
    // dashes, quotes) has none.
    match c {
        '\u{0600}'..='\u{06FF}' => return is_arabic_mark(c),
        '\u{2000}'..='\u{20CF}' => return false,
        _ => {}
    }
    is_arabic_mark(c)
        || unicode_normalization::char::canonical_combining_class(c) != 0
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{0653}'..='\u{0655}' | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Unicode white space, including NBSP and the other fixed-width spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || c == '\u{202F}' || c == '\u{2007}'
}

/// Invisible format characters that carry nothing in Persian text: BOM, bidi
/// controls, soft hyphen, word joiner, zero-width space, Arabic letter mark.
pub fn is_junk_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
        | '\u{206A}'..='\u{206F}' | '\u{FEFF}')
}

/// Punctuation that closes a clause or a bracket: no space goes before it.
pub fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | '،' | '؛' | '؟' | '!' | ':' | '»' | ')' | ']' | '}' | '…' | ',' | ';' | '?'
    )
}

/// Punctuation that opens a bracket or quotation: no space goes after it.
pub fn is_opening_punct(c: char) -> bool {
    matches!(c, '«' | '(' | '[' | '{')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcuts of [`is_mark`] agree with its full definition everywhere.
    #[test]
    fn alphabetic_shortcuts_agree() {
        for c in (0..0x800).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// The table answers of [`quick_word_char`] agree with the definitions of
    /// word characters it stands for (here and in the tokenizer, which counts
    /// digits rather than all numerals).
    #[test]
    fn word_char_shortcuts_agree() {
        for c in (0..0x2100).filter_map(char::from_u32) {
            if let Some(quick) = quick_word_char(c) {
                let full = c.is_alphanumeric() || is_mark(c);
                let tokenizer = c.is_alphabetic() || is_mark(c) || digit_value(c).is_some();
                assert_eq!(quick, full, "U+{:04X}", c as u32);
                assert_eq!(quick, tokenizer, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn is_mark_shortcuts_agree() {
        let full = |c: char| {
            is_arabic_mark(c)
                || unicode_normalization::char::canonical_combining_class(c) != 0
                || matches!(c, '\u{0300}'..='\u{036F}' | '\u{0653}'..='\u{0655}' | '\u{1AB0}'..='\u{1AFF}'
                    | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_mark(c), full(c), "U+{:04X}", c as u32);
        }
    }
}
