//! Tokenization of normalized text.
//!
//! Protected spans (URLs, emails, mentions, hashtags, numbers, dates, times,
//! emoji) are one token each. Words are runs of letters, combining marks and
//! digits glued to letters, keeping inner ZWNJ (`می‌پردازند` is one token) and
//! inner apostrophes of Latin words. Each punctuation mark is a token, except
//! that runs of dots (`...`) and of `! ? ؟` (`؟!`) stay together.

use crate::text::align::{Aligned, Mark, ProtectedKind};
use crate::text::script::{digit_value, is_alphabetic, is_mark, is_space, quick_word_char, ZWNJ};
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

/// A token: a range of characters of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub chars: Range<usize>,
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

/// Splits `text` into tokens.
pub fn tokenize(text: &Aligned) -> Vec<Token> {
    let chars = &text.chars;
    let n = chars.len();
    let mut out = Vec::with_capacity(n / 5 + 1);
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if let Mark::Protected { kind, .. } = text.mark[i] {
            let mut j = i + 1;
            while j < n
                && matches!(text.mark[j], Mark::Protected { start: false, kind: k } if k == kind)
            {
                j += 1;
            }
            out.push(Token {
                chars: i..j,
                kind: protected_kind(kind),
            });
            i = j;
            continue;
        }
        if is_space(c) || c == ZWNJ || c == '\u{200D}' || c.is_control() {
            i += 1;
            continue;
        }
        let free = |k: usize| k < n && text.mark[k] == Mark::Free;
        if is_word_char(c) {
            let mut j = i + 1;
            while free(j) {
                let d = chars[j];
                let joins_next = || free(j + 1) && is_word_char(chars[j + 1]);
                if is_word_char(d)
                    || (d == ZWNJ && joins_next())
                    || (matches!(d, '\'' | '’')
                        && chars[j - 1].is_ascii_alphabetic()
                        && joins_next()
                        && chars[j + 1].is_ascii_alphabetic())
                {
                    j += 1;
                } else {
                    break;
                }
            }
            // A trailing ZWNJ is not part of the word.
            let kind = if chars[i..j].iter().all(|&d| digit_value(d).is_some()) {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token { chars: i..j, kind });
            i = j;
            continue;
        }
        let mut j = i + 1;
        let group = |a: char, b: char| {
            (a == '.' && b == '.') || (matches!(a, '!' | '?' | '؟') && matches!(b, '!' | '?' | '؟'))
        };
        while free(j) && group(c, chars[j]) {
            j += 1;
        }
        let kind = if is_punctuation(c) {
            TokenKind::Punctuation
        } else {
            TokenKind::Symbol
        };
        out.push(Token { chars: i..j, kind });
        i = j;
    }
    merge_inseparable(text, out)
}

/// Joins neighbouring tokens split inside one replaced unit (characters that
/// stand for the same original characters, as NFC reordering or a ligature can
/// produce): such a boundary has no place in the original text.
fn merge_inseparable(text: &Aligned, tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for t in tokens {
        if let Some(prev) = out.last_mut() {
            let a = text.origin[prev.chars.end - 1];
            let b = text.origin[t.chars.start];
            let shared = a.1 > b.0;
            if shared {
                prev.chars.end = t.chars.end;
                continue;
            }
        }
        out.push(t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::{NormalizeOptions, Normalizer};

    fn toks(text: &str) -> Vec<(String, TokenKind)> {
        let n = Normalizer::new(&NormalizeOptions::default()).normalize(text, false);
        tokenize(n.aligned())
            .into_iter()
            .map(|t| (n.aligned().chars[t.chars].iter().collect(), t.kind))
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
