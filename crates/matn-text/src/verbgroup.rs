//! Multi-part verbs: the tokens of one verb, marked as a group (not glued).
//!
//! A group is, within one sentence:
//! - the future: a form of `خواه` (`خواهد`, `نخواهند`) and a past stem
//!   (`خواهد رفت`);
//! - a past participle and its auxiliaries: perfect, pluperfect, subjunctive
//!   perfect and passive (`گفته است`, `شده بود`, `رفته باشد`, `ساخته شد`,
//!   `ساخته شده است`);
//! - a compound verb: a noun or adjective and a light verb right after it
//!   (`گفت‌وگو کرد`, `انجام خواهد داد`, `تصمیم گرفتند`), the light verb with its
//!   own auxiliaries.
//!
//! The verb analysis is the lemmatizer's: a token is a verb when its
//! dictionary lemma is a stem pair `past#present`.

use crate::lexicon::{Entry, Lexicon};
use crate::script::ZWNJ;
use std::ops::Range;

/// Verbs that make compound verbs with a noun or adjective before them.
const LIGHT_VERBS: &[&str] = &["کرد", "نمود", "شد", "گردید", "داد", "زد", "گرفت", "یافت"];

/// Prepositions, each with whether it also opens a clause as a conjunction
/// (`تا شود`).
const PREPOSITIONS: &[(&str, bool)] = &[
    ("در", false),
    ("به", false),
    ("از", false),
    ("با", false),
    ("برای", false),
    ("بر", false),
    ("تا", true),
    ("بی", false),
    ("بدون", false),
    ("جز", false),
    ("درباره", false),
    ("روی", false),
    ("زیر", false),
];

/// Whether `word` is a preposition: a noun after one is not part of a compound
/// verb, and a word right after one that is no conjunction is no verb.
/// `conjunctions`: count those that can be conjunctions too.
pub fn is_preposition(word: &str, conjunctions: bool) -> bool {
    PREPOSITIONS
        .iter()
        .any(|&(p, conjunction)| p == word && (conjunctions || !conjunction))
}

/// Past stems of auxiliaries after a participle.
const AUXILIARIES: &[&str] = &["بود", "شد", "گردید"];

/// What the grouping needs of one token.
pub struct GroupToken<'a> {
    /// The normalized word, or `None` for a token that is not a word.
    word: Option<&'a str>,
    /// Its dictionary lemma (`past#present` for verbs).
    lemma: &'a str,
    /// Byte length of the lemma's past stem (0: not a verb).
    past_len: usize,
}

/// Byte length of the past stem of a `past#present` lemma; 0 for any other.
pub fn past_len(lemma: &str) -> usize {
    lemma.bytes().position(|b| b == b'#').unwrap_or(0)
}

impl<'a> GroupToken<'a> {
    /// A token: its normalized word (`None` for one that is not a word),
    /// dictionary lemma and the lemma's [`past_len`]. The caller passes the
    /// length, found while the lemma was at hand: most tokens are no verbs,
    /// and then their lemma is never read here.
    pub fn new(word: Option<&'a str>, lemma: &'a str, past_len: usize) -> Self {
        GroupToken {
            word,
            lemma,
            past_len,
        }
    }

    fn past(&self) -> Option<&'a str> {
        (self.word.is_some() && self.past_len > 0)
            .then(|| self.lemma.get(..self.past_len))
            .flatten()
    }

    /// A past participle (`کرده`, `نرفته`), clitic-free.
    fn is_participle(&self) -> bool {
        let (Some(word), Some(past)) = (self.word, self.past()) else {
            return false;
        };
        let glued: std::borrow::Cow<str> = if word.contains(ZWNJ) {
            word.replace(ZWNJ, "").into()
        } else {
            word.into()
        };
        let stem = glued.strip_suffix('ه');
        stem == Some(past) || stem.and_then(|s| s.strip_prefix('ن')) == Some(past)
    }

    /// A bare past stem, as after the future's `خواه` (`رفت`, `نرفت` is not).
    fn is_past_stem(&self) -> bool {
        self.word.is_some() && self.past() == self.word
    }

    fn is_future_auxiliary(&self) -> bool {
        self.past() == Some("خواست")
            && self
                .word
                .is_some_and(|w| w.starts_with("خواه") || w.starts_with("نخواه"))
    }

    /// `است` and `هست` forms, and the auxiliaries' forms.
    fn is_auxiliary(&self) -> bool {
        self.word.is_some() && is_auxiliary_lemma(self.lemma)
    }

    fn is_light_verb(&self) -> bool {
        self.past().is_some_and(|p| LIGHT_VERBS.contains(&p))
    }
}

/// Whether a dictionary lemma is an auxiliary's after a participle: the copula
/// (`است`, `هست`) or `بود`, `شد`, `گردید`.
pub fn is_auxiliary_lemma(lemma: &str) -> bool {
    let past = lemma.split('#').next().unwrap_or_default();
    matches!(lemma, "است" | "هست") || AUXILIARIES.contains(&past)
}

/// The verb groups among `tokens` (one sentence's tokens, or any run of them),
/// as ranges of indexes into `tokens`, in order.
pub fn groups(tokens: &[GroupToken<'_>], lex: &Lexicon) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(end) = verb_end(tokens, i) else {
            i += 1;
            continue;
        };
        // A noun or adjective before a light verb (or its future) joins it.
        let head = &tokens[i];
        let light = if head.is_future_auxiliary() {
            tokens[i + 1].is_light_verb()
        } else {
            head.is_light_verb()
        };
        // Not the object of a preposition (`در آینده خواهد شد`).
        let governed = i
            .checked_sub(2)
            .and_then(|p| tokens[p].word)
            .is_some_and(|w| is_preposition(w, true));
        let start = match i.checked_sub(1).map(|p| &tokens[p]) {
            Some(prev) if light && !governed && is_nominal(prev, lex) => i - 1,
            _ => i,
        };
        if end - start >= 2 {
            out.push(start..end);
        }
        i = end;
    }
    out
}

/// The end of the verb that starts at `i`, if a verb starts there.
fn verb_end(tokens: &[GroupToken<'_>], i: usize) -> Option<usize> {
    let p = &tokens[i];
    if p.is_future_auxiliary() {
        return tokens
            .get(i + 1)
            .filter(|next| next.is_past_stem())
            .map(|_| i + 2);
    }
    p.past()?;
    let mut end = i + 1;
    // Participle, then auxiliaries: ساخته شده است.
    let mut last = p;
    while last.is_participle() && tokens.get(end).is_some_and(GroupToken::is_auxiliary) {
        last = &tokens[end];
        end += 1;
    }
    Some(end)
}

fn is_nominal(p: &GroupToken<'_>, lex: &Lexicon) -> bool {
    let Some(word) = p.word else {
        return false;
    };
    let e = lex.get(word);
    p.past().is_none() && e.is(Entry::NOUN | Entry::ADJECTIVE) && !e.is(Entry::TOKEN_STOPWORD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lemma::{LemmaStyle, Lemmatizer};

    /// The groups of a space-separated sentence, as its words joined by `_`.
    fn grouped(sentence: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        let l = Lemmatizer::new(lex, LemmaStyle::Lemma);
        let words: Vec<&str> = sentence.split(' ').collect();
        let lemmas: Vec<String> = words.iter().map(|w| l.lemma(w)).collect();
        let tokens: Vec<GroupToken> = words
            .iter()
            .zip(&lemmas)
            .map(|(w, lemma)| GroupToken::new(Some(w), lemma, past_len(lemma)))
            .collect();
        groups(&tokens, lex)
            .into_iter()
            .map(|r| words[r].join("_"))
            .collect()
    }

    #[test]
    fn multi_part_verbs_are_grouped() {
        for (sentence, want) in [
            ("او فردا خواهد رفت", vec!["خواهد_رفت"]),
            ("وزیر گفته است که", vec!["گفته_است"]),
            ("کار انجام شده بود", vec!["انجام_شده_بود"]),
            ("شاید رفته باشد", vec!["رفته_باشد"]),
            ("این خانه ساخته شده است", vec!["ساخته_شده_است"]),
            ("دو طرف گفت‌وگو کردند", vec!["گفت‌وگو_کردند"]),
            ("او اعلام کرد که", vec!["اعلام_کرد"]),
            ("دولت انجام خواهد داد", vec!["انجام_خواهد_داد"]),
            ("آنها تصمیم گرفتند", vec!["تصمیم_گرفتند"]),
            ("او در آینده خواهد بود", vec!["خواهد_بود"]),
        ] {
            assert_eq!(grouped(sentence), want, "{sentence}");
        }
    }

    #[test]
    fn single_verbs_and_other_words_are_not() {
        for sentence in [
            "او به خانه رفت",
            "کتاب را خواند",
            "می‌خواهد برود",
            "در این کتاب",
            "ما کتاب را دیدیم",
            "کتاب را به دوست داد",
        ] {
            assert_eq!(grouped(sentence), Vec::<String>::new(), "{sentence}");
        }
    }
}
