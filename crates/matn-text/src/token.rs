//! Tokenization of normalized text.
//!
//! Protected spans (URLs, emails, mentions, hashtags, numbers, dates, times,
//! emoji) are one token each. Words are runs of letters, combining marks and
//! digits glued to letters, keeping inner ZWNJ (`می‌پردازند` is one token) and
//! inner apostrophes of Latin words. Each punctuation mark is a token, except
//! that runs of dots (`...`) and of `! ? ؟` (`؟!`) stay together.

use crate::align::{ProtectedKind, WorkingText};
use crate::script::{
    arabic_block_classes, arabic_block_index, digit_value, is_alphabetic, is_mark, is_space,
    quick_word_char, WORD_CHAR_BIT, ZWNJ,
};
use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punctuation,
    Url,
    Email,
    Mention,
    Hashtag,
    Emoji,
    Symbol,
}

/// A token: a byte range of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub bytes: Range<usize>,
    pub kind: TokenKind,
}

/// A letter, a combining mark or a digit (not other numerals, as `²`).
#[inline]
fn is_word_char(c: char) -> bool {
    quick_word_char(c).unwrap_or_else(|| is_alphabetic(c) || is_mark(c) || digit_value(c).is_some())
}

/// Punctuation (Unicode P*) as it occurs in Persian and Latin text; other
/// non-alphanumeric visible characters are symbols.
pub fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~')
        || matches!(
            c,
            '،' | '؛'
                | '؟'
                | '«'
                | '»'
                | '…'
                | '٪'
                | '٫'
                | '٬'
                | '۔'
                | '‹'
                | '›'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '„'
                | '–'
                | '—'
                | '‐'
                | '‑'
                | '−'
                | '·'
                | '•'
                | '¡'
                | '¿'
                | '§'
                | '¶'
                | '⁄'
                | '٭'
        )
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
}

fn protected_kind(kind: ProtectedKind) -> TokenKind {
    match kind {
        ProtectedKind::Url => TokenKind::Url,
        ProtectedKind::Email => TokenKind::Email,
        ProtectedKind::Mention => TokenKind::Mention,
        ProtectedKind::Hashtag => TokenKind::Hashtag,
        ProtectedKind::Number | ProtectedKind::Date | ProtectedKind::Time => TokenKind::Number,
        ProtectedKind::Emoji => TokenKind::Emoji,
    }
}

/// The character at byte `i` of `text` (a character boundary) and its length.
#[inline(always)]
fn decode(text: &str, i: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    let b0 = bytes[i];
    if b0 < 0x80 {
        return (b0 as char, 1);
    }
    // Two-byte sequences (the Arabic block, Latin-1) without the general decoder.
    if b0 < 0xE0 {
        if let Some(&b1) = bytes.get(i + 1) {
            let c = (u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F);
            if let Some(c) = char::from_u32(c) {
                return (c, 2);
            }
        }
    }
    text[i..]
        .chars()
        .next()
        .map_or(('\u{FFFD}', 1), |c| (c, c.len_utf8()))
}

/// Splits the normalized `text` into tokens.
pub fn tokenize(text: &WorkingText) -> Vec<Token> {
    let s = text.as_str();
    let bytes = s.as_bytes();
    let n = s.len();
    let classes = arabic_block_classes();
    let mut out = Vec::with_capacity(n / 8 + 1);
    let mut protected = text.protected().peekable();
    // Bytes before this are free: the start of the next protected span.
    let mut free_end = protected.peek().map_or(n, |(r, _)| r.start);
    let mut i = 0;
    while i < n {
        if i >= free_end {
            if let Some((r, kind)) = protected.next() {
                i = r.end;
                out.push(Token {
                    bytes: r,
                    kind: protected_kind(kind),
                });
            }
            free_end = protected.peek().map_or(n, |(r, _)| r.start);
            continue;
        }
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let (c, len) = decode(s, i);
        if is_space(c) || c == ZWNJ || c == '\u{200D}' || c.is_control() {
            i += len;
            continue;
        }
        let next_char = |j: usize| (j < free_end).then(|| decode(s, j).0);
        if is_word_char(c) {
            let mut digits = digit_value(c).is_some();
            // Whether the last character taken is a Latin letter (for `don't`).
            let mut prev_latin = c.is_ascii_alphabetic();
            let mut j = i + len;
            while j < free_end {
                // Most of Persian text: letters of the Arabic block, by table.
                if let Some(k) = arabic_block_index(bytes, j) {
                    if classes[k] & WORD_CHAR_BIT == 0 {
                        break;
                    }
                    if digits {
                        digits = char::from_u32(0x600 + k as u32)
                            .and_then(digit_value)
                            .is_some();
                    }
                    prev_latin = false;
                    j += 2;
                    continue;
                }
                let (d, dl) = decode(s, j);
                let word = is_word_char(d);
                let joins = if word {
                    if digits {
                        digits = digit_value(d).is_some();
                    }
                    true
                } else if d == ZWNJ {
                    // A trailing ZWNJ is not part of the word.
                    next_char(j + dl).is_some_and(is_word_char)
                } else {
                    matches!(d, '\'' | '’')
                        && prev_latin
                        && next_char(j + dl).is_some_and(|e| e.is_ascii_alphabetic())
                };
                if !joins {
                    break;
                }
                digits &= word;
                prev_latin = d.is_ascii_alphabetic();
                j += dl;
            }
            let kind = if digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token { bytes: i..j, kind });
            i = j;
            continue;
        }
        let group = |b: char| {
            (c == '.' && b == '.') || (matches!(c, '!' | '?' | '؟') && matches!(b, '!' | '?' | '؟'))
        };
        let mut j = i + len;
        while let Some(d) = next_char(j).filter(|&d| group(d)) {
            j += d.len_utf8();
        }
        let kind = if is_punctuation(c) {
            TokenKind::Punctuation
        } else {
            TokenKind::Symbol
        };
        out.push(Token { bytes: i..j, kind });
        i = j;
    }
    merge_inseparable(text, out)
}

/// Joins neighbouring tokens split inside one replaced unit (characters that
/// stand for the same original characters, as NFC reordering or a ligature can
/// produce): such a boundary has no place in the original text.
fn merge_inseparable(text: &WorkingText, mut tokens: Vec<Token>) -> Vec<Token> {
    let mut units = text.unit_cursor();
    let mut kept = 0;
    for k in 0..tokens.len() {
        let t = tokens[k].clone();
        if kept > 0 && units.unit_start(t.bytes.start) < tokens[kept - 1].bytes.end {
            tokens[kept - 1].bytes.end = t.bytes.end;
        } else {
            tokens[kept] = t;
            kept += 1;
        }
    }
    tokens.truncate(kept);
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{NormalizeOptions, Normalizer};

    fn toks(text: &str) -> Vec<(String, TokenKind)> {
        let n = Normalizer::new(
            &NormalizeOptions::default(),
            crate::lexicon::Lexicon::builtin(),
        )
        .normalize(text, false);
        tokenize(n.working_text())
            .into_iter()
            .map(|t| (n.text()[t.bytes].to_string(), t.kind))
            .collect()
    }

    #[test]
    fn table() {
        use TokenKind::*;
        let w = |s: &str, k| (s.to_string(), k);
        type Case<'a> = (&'a str, &'a str, Vec<(String, TokenKind)>);
        let cases: Vec<Case> = vec![
            (
                "email",
                "به a.b@x.ir بنویسید",
                vec![w("به", Word), w("a.b@x.ir", Email), w("بنویسید", Word)],
            ),
            (
                "date_time",
                "۱۴۰۲/۰۸/۱۵ ساعت ۱۰:۳۰",
                vec![w("۱۴۰۲/۰۸/۱۵", Number), w("ساعت", Word), w("۱۰:۳۰", Number)],
            ),
            (
                "clitic_attached",
                "کتابش را دید",
                vec![w("کتابش", Word), w("را", Word), w("دید", Word)],
            ),
            (
                "multi_part_verb_not_glued",
                "خواهد رفت",
                vec![w("خواهد", Word), w("رفت", Word)],
            ),
            (
                "zwnj_kept",
                "می‌پردازند.",
                vec![w("می‌پردازند", Word), w(".", Punctuation)],
            ),
            (
                "decimal",
                "۱۰٫۵ درصد",
                vec![w("۱۰٫۵", Number), w("درصد", Word)],
            ),
            (
                "url",
                "ببین https://a.ir/x،",
                vec![
                    w("ببین", Word),
                    w("https://a.ir/x", Url),
                    w("،", Punctuation),
                ],
            ),
            (
                "ellipsis_dots",
                "wait... ok",
                vec![w("wait", Word), w("...", Punctuation), w("ok", Word)],
            ),
            (
                "exclaim_question",
                "چه؟!",
                vec![w("چه", Word), w("؟!", Punctuation)],
            ),
            ("emoji", "عالی👍🏽", vec![w("عالی", Word), w("👍🏽", Emoji)]),
            (
                "guillemets",
                "«سلام»",
                vec![w("«", Punctuation), w("سلام", Word), w("»", Punctuation)],
            ),
            ("apostrophe", "don't", vec![w("don't", Word)]),
            (
                "ligature_stays_one_token",
                "ﷺ گفت",
                vec![w("صلی\u{200C}الله علیه وسلم", Word), w("گفت", Word)],
            ),
            (
                // NFC reorders the marks, then `diacritics` copies the reordered
                // unit in two pieces around the deleted tanwin.
                "replacement_copied_in_pieces_stays_one_token",
                ".\u{654}\u{64B}",
                vec![w(".\u{654}", Punctuation)],
            ),
            ("symbol", "۵ $", vec![w("۵", Number), w("$", Symbol)]),
            (
                "mention_hashtag",
                "@ali #تهران",
                vec![w("@ali", Mention), w("#تهران", Hashtag)],
            ),
        ];
        for (name, input, expected) in cases {
            assert_eq!(toks(input), expected, "case {name}: input {input:?}");
        }
    }
}
