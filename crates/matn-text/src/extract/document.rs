//! The view of a document that the extractors after the value rules read:
//! the normalized text, its tokens and sentences, and per token what analysis
//! found about it (including which tokens the value rules took).

use crate::sentence::Sentence;
use crate::token::{Token, TokenKind};
use std::ops::Range;

/// What analysis found about one token, as extraction needs it.
#[derive(Clone, Copy, Debug)]
pub struct TokenInfo<'a> {
    /// As the lemmatizer gives it (`کرد#کن` for a verb); `None` for a token
    /// that is no word.
    pub lemma: Option<&'a str>,
    pub stopword: bool,
    /// Part of a multi-word verb (`تأکید کرد`).
    pub in_verb_group: bool,
    /// Part of a value entity (a date, an amount): never part of a name.
    pub in_value: bool,
}

/// A tokenized document: `tokens` are byte ranges of `text`, `sentences`
/// token ranges, and `info` has one entry per token.
#[derive(Clone, Copy)]
pub struct Document<'a> {
    /// The normalized text.
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Sentence],
    pub info: &'a [TokenInfo<'a>],
}

impl<'a> Document<'a> {
    /// Token `i`'s text if it is a word; "" for other tokens and past the end.
    pub fn word(&self, i: usize) -> &'a str {
        match self.tokens.get(i) {
            Some(t) if t.kind == TokenKind::Word => &self.text[t.bytes.clone()],
            _ => "",
        }
    }

    /// Token `i`'s text, whatever its kind; "" past the end.
    pub fn at(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.bytes.clone()])
    }

    /// The bytes of `text` that tokens `range` (not empty) cover.
    pub fn bytes(&self, range: Range<usize>) -> Range<usize> {
        self.tokens[range.start].bytes.start..self.tokens[range.end - 1].bytes.end
    }
}
