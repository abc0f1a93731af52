//! Sentence splitting over tokens.
//!
//! A sentence ends after a token of `.`, `!`, `?`, `؟`, `…` (or a run of them),
//! and optionally `؛`/`;`, together with any closing `»`, `)`, `"` that follow,
//! and at every line break (so a headline without final punctuation is a
//! sentence of its own).
//! It does not end:
//! - inside a protected token (decimals, URLs, emails: they are single tokens);
//! - after the dot of a one-letter initial or abbreviation (`ج.ا.ا.`, `ه.ق.`,
//!   `م.`, `J.`);
//! - inside guillemets `«…»` opened on the same line;
//! - at an ellipsis `…` / `...` (it trails off inside a sentence).
//!
//! A news dateline (`تهران - ایرنا:`: a few tokens with a dash, then a colon) is
//! a sentence of its own.

use crate::script::is_alphabetic;
use crate::token::{Token, TokenKind};
use std::ops::Range;

/// A sentence: a range of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Range<usize>,
}

fn text_of<'a>(text: &'a str, t: &Token) -> &'a str {
    &text[t.bytes.clone()]
}

fn is_terminal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '!' | '?' | '؟' | '…'))
}

/// Splits tokens into sentences; `at_semicolon`: `؛` and `;` end sentences too.
/// `text` is the normalized text the tokens are byte ranges of.
pub fn split(text: &str, tokens: &[Token], at_semicolon: bool) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let line_break_between = |a: &Token, b: &Token| {
        text[a.bytes.end..b.bytes.start]
            .chars()
            .any(|c| c == '\n' || c == '\u{2029}')
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        // Only punctuation decides anything here: other tokens need no text.
        let s = if t.kind == TokenKind::Punctuation {
            text_of(text, t)
        } else {
            ""
        };
        if t.kind == TokenKind::Punctuation {
            match s {
                "«" => depth += 1,
                "»" => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        let mut end_here = false;
        // A quotation closed right after its final punctuation ends the sentence: «رفت.»
        if t.kind == TokenKind::Punctuation && s == "»" && depth == 0 && i > 0 {
            let prev = &tokens[i - 1];
            end_here = prev.kind == TokenKind::Punctuation && is_terminal(text_of(text, prev));
        }
        if t.kind == TokenKind::Punctuation && at_semicolon && (s == "؛" || s == ";") && depth == 0
        {
            end_here = true;
        }
        if t.kind == TokenKind::Punctuation && is_terminal(s) && depth == 0 {
            // An ellipsis trails off inside a sentence; only a line break ends it there.
            let ellipsis = s.chars().all(|c| c == '…') || s == "...";
            end_here = !ellipsis && !is_initial_dot(text, tokens, i, s);
            if let Some(next) = tokens.get(i + 1) {
                let glued = next.bytes.start == t.bytes.end;
                // "3.5" split by normalization cannot happen (numbers are protected), but
                // a dot glued to the next word (no space) is not an end either: "e.g".
                if glued && next.kind == TokenKind::Word && s == "." {
                    end_here = false;
                }
            }
        }
        if end_here {
            // Closing quotes and brackets belong to the sentence they close; a
            // straight quote only when glued (after a space it opens the next one).
            while let Some(next) = tokens.get(i + 1) {
                let glued = next.bytes.start == tokens[i].bytes.end;
                let ns = text_of(text, next);
                let closer =
                    matches!(ns, "»" | ")" | "]" | "”") || (glued && matches!(ns, "\"" | "'"));
                let more_terminal = glued && is_terminal(ns);
                if (closer || more_terminal) && !line_break_between(&tokens[i], next) {
                    i += 1;
                } else {
                    break;
                }
            }
        }
        // A news dateline ("تهران - ایرنا:") is a sentence of its own.
        if t.kind == TokenKind::Punctuation && s == ":" && depth == 0 && i + 1 - start <= 8 {
            end_here |= tokens[start..i]
                .iter()
                .any(|d| matches!(text_of(text, d), "-" | "–" | "—"));
        }
        let line_end = tokens
            .get(i + 1)
            .is_some_and(|next| line_break_between(&tokens[i], next));
        if end_here || line_end || i + 1 == tokens.len() {
            out.push(Sentence {
                tokens: start..i + 1,
            });
            start = i + 1;
            if line_end {
                depth = 0;
            }
        }
        i += 1;
    }
    out
}

/// Whether the dot token at `i` follows a one-letter word glued to it.
fn is_initial_dot(text: &str, tokens: &[Token], i: usize, s: &str) -> bool {
    if s != "." || i == 0 {
        return false;
    }
    let prev = &tokens[i - 1];
    prev.kind == TokenKind::Word && prev.bytes.end == tokens[i].bytes.start && {
        let mut cs = text_of(text, prev).chars();
        cs.next().is_some_and(is_alphabetic) && cs.next().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{NormalizeOptions, Normalizer};
    use crate::token::tokenize;

    fn sentences(input: &str) -> Vec<String> {
        split_with(input, false)
    }

    fn split_with(input: &str, at_semicolon: bool) -> Vec<String> {
        let n = Normalizer::new(
            &NormalizeOptions::default(),
            crate::lexicon::Lexicon::builtin(),
        )
        .normalize(input, false);
        let toks = tokenize(n.working_text());
        split(n.text(), &toks, at_semicolon)
            .into_iter()
            .map(|s| {
                let a = toks[s.tokens.start].bytes.start;
                let b = toks[s.tokens.end - 1].bytes.end;
                n.text()[a..b].to_string()
            })
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("two", "او رفت. من ماندم.", &["او رفت.", "من ماندم."]),
            (
                "question_exclaim",
                "چرا؟ نمی‌دانم! باشد",
                &["چرا؟", "نمی‌دانم!", "باشد"],
            ),
            (
                "decimal",
                "نرخ ۳٫۵ درصد شد. بعد",
                &["نرخ ۳٫۵ درصد شد.", "بعد"],
            ),
            (
                "latin_decimal",
                "rate 3.5 now. Then",
                &["rate 3.5 now.", "Then"],
            ),
            (
                "abbreviation",
                "در سال ۱۳۴۲ ه.ش. گفت. بعد",
                &["در سال ۱۳۴۲ ه.ش. گفت.", "بعد"],
            ),
            ("initials", "ج.ا.ا. اعلام کرد.", &["ج.ا.ا. اعلام کرد."]),
            (
                "inside_quotes",
                "گفت: «رفت. آمد.» سپس رفت.",
                &["گفت: «رفت. آمد.»", "سپس رفت."],
            ),
            (
                "quote_mid_sentence",
                "گفت: «رفت. آمد» و رفت.",
                &["گفت: «رفت. آمد» و رفت."],
            ),
            (
                "closing_quote_kept",
                "«رفت.» بعد آمد.",
                &["«رفت.»", "بعد آمد."],
            ),
            (
                "headline",
                "دیدار کردند\nالکساندر رفت.",
                &["دیدار کردند", "الکساندر رفت."],
            ),
            (
                "url",
                "ببینید www.isna.ir را. بعد",
                &["ببینید www.isna.ir را.", "بعد"],
            ),
            (
                "email",
                "به info@example.com بنویسید. بعد",
                &["به info@example.com بنویسید.", "بعد"],
            ),
            (
                "before_christ",
                "در ۵۰۰ ق.م. بود. بعد",
                &["در ۵۰۰ ق.م. بود.", "بعد"],
            ),
            ("persian_initial", "آ. رضایی آمد.", &["آ. رضایی آمد."]),
            (
                "latin_initial",
                "J. Smith came. Then",
                &["J. Smith came.", "Then"],
            ),
            (
                "ellipsis_inside",
                "او گفت… و رفت. بعد",
                &["او گفت… و رفت.", "بعد"],
            ),
            (
                "closing_bracket",
                "(این تمام شد.) بعد",
                &["(این تمام شد.)", "بعد"],
            ),
            ("paragraphs", "بند یک\n\nبند دو", &["بند یک", "بند دو"]),
            ("semicolon_kept", "او آمد؛ من رفتم.", &["او آمد؛ من رفتم."]),
        ];
        for (name, input, expected) in cases {
            assert_eq!(sentences(input), *expected, "case {name}");
        }
    }

    #[test]
    fn semicolon_option() {
        assert_eq!(
            split_with("او آمد؛ من رفتم; و «این؛ آن» ماند.", true),
            ["او آمد؛", "من رفتم؛", "و «این؛ آن» ماند."]
        );
    }
}
