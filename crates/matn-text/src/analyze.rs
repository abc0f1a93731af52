//! The whole pipeline for one document.

use crate::entities;
use crate::extract;
use crate::extract::attributions::{self, Attribution};
use crate::extract::calendar::Date;
use crate::extract::document::{Document, TokenInfo};
use crate::extract::entity::Entity;
use crate::extract::keywords::{self, Keyword};
use crate::extract::quotes::{self, Quote};
use crate::lemma::{LemmaStyle, Lemmatizer, Place, Reading};
use crate::normalize::{Judgement, NormalizeOptions, Normalized, Normalizer};
use crate::resources::Resources;
use crate::sentence::{self, Sentence};
use crate::token::{self, Token, TokenKind};
use crate::verbgroup::{self, is_auxiliary_lemma, is_preposition, past_len, GroupToken};
use std::ops::Range;
use std::sync::Arc;

/// What to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    pub sentences: bool,
    pub tokens: bool,
    /// Lemmas of word tokens, in this style (`None`: no lemmas).
    pub lemmas: Option<LemmaStyle>,
    pub entities: bool,
    /// Keywords, at most this many (0: none).
    pub keywords: usize,
    pub quotes: bool,
    pub attributions: bool,
    pub edits: bool,
    /// `؛` and `;` end sentences too.
    pub split_at_semicolon: bool,
    /// The document's date, which resolves relative dates (`دیروز`).
    pub document_date: Option<Date>,
}

impl Features {
    pub const ALL: Features = Features {
        sentences: true,
        tokens: true,
        lemmas: Some(LemmaStyle::Lemma),
        entities: true,
        keywords: DEFAULT_KEYWORDS,
        quotes: true,
        attributions: true,
        edits: true,
        split_at_semicolon: false,
        document_date: None,
    };
}

/// How many keywords a request gets unless it says.
pub const DEFAULT_KEYWORDS: usize = 10;

/// A layer that only Persian text gets: its lexicons, model and cues are
/// Persian. A text in another language (detected or declared) is spared
/// them, rather than given Persian readings of foreign words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersianLayer {
    /// Lemmas, and with them stopword flags and verb groups.
    Lemmas,
    /// People, places, organizations (value entities stay).
    Names,
    Keywords,
    Quotes,
    Attributions,
}

impl PersianLayer {
    /// The layers of `features` that Persian text would get.
    fn asked(features: Features) -> Vec<PersianLayer> {
        [
            (PersianLayer::Lemmas, features.lemmas.is_some()),
            (PersianLayer::Names, features.entities),
            (PersianLayer::Keywords, features.keywords > 0),
            (PersianLayer::Quotes, features.quotes),
            (PersianLayer::Attributions, features.attributions),
        ]
        .into_iter()
        .filter_map(|(layer, on)| on.then_some(layer))
        .collect()
    }
}

/// The analysis of one document. Ranges are in bytes of the normalized text
/// (`normalized.text()`), which `normalized` maps back to the original.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub normalized: Normalized,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Per token (when lemmas were asked for): the lemma of a word, and of a
    /// number in the dictionary style once [`Analyzer::finish`] ran (as
    /// written); `None` for other tokens (punctuation, URLs...), which are
    /// their own lemma, as normalized.
    pub lemmas: Vec<Option<Arc<str>>>,
    /// Per token (when tokens were asked for): whether it is a stopword.
    pub stopwords: Vec<bool>,
    /// Per token (when tokens were asked for): the 1-based number of the
    /// multi-part verb it belongs to, 0 for none.
    pub verb_groups: Vec<u32>,
    pub entities: Vec<Entity>,
    pub keywords: Vec<Keyword>,
    pub quotes: Vec<Quote>,
    pub attributions: Vec<Attribution>,
    /// The Persian-only layers asked for and not run: the text's language
    /// (`normalized.language`) is another.
    pub skipped: Vec<PersianLayer>,
}

/// Runs the pipeline over the [`Resources`] it is given; cheap to copy and
/// to share between threads.
#[derive(Clone, Copy, Debug)]
pub struct Analyzer {
    resources: Resources,
}

impl Analyzer {
    pub fn new(resources: Resources) -> Self {
        Analyzer { resources }
    }

    /// Normalizes only.
    pub fn normalize(&self, text: &str, options: &NormalizeOptions, edits: bool) -> Normalized {
        Normalizer::new(options, self.resources.lexicon).normalize(text, edits)
    }

    /// Normalizes and analyzes `text`.
    pub fn analyze(&self, text: &str, options: &NormalizeOptions, features: Features) -> Analysis {
        let mut a = self.prepare(text, options, features, None);
        let found = self.extract(&a, 0..a.sentences.len(), features);
        a.entities = found.entities;
        a.keywords = found.keywords;
        a.quotes = found.quotes;
        a.attributions = found.attributions;
        self.finish(text, &mut a, features);
        a
    }

    /// The sentence-level layers: normalization (as `judged` says, when the
    /// text is a piece of a longer one), tokens, sentences, lemmas, stopwords
    /// and verb groups. Entities, keywords, quotes and attributions are left
    /// empty for [`Analyzer::extract`]; lemmas stay in dictionary style until
    /// [`Analyzer::finish`].
    pub fn prepare(
        &self,
        text: &str,
        options: &NormalizeOptions,
        features: Features,
        judged: Option<Judgement>,
    ) -> Analysis {
        let normalized = Normalizer::new(options, self.resources.lexicon).normalize_judged(
            text,
            features.edits,
            judged,
        );
        let persian = normalized.language.persian_rules();
        // Quotes name their speakers by entity, and attribution sources are
        // organizations among the entities.
        let need_entities = features.entities || features.quotes || features.attributions;
        // The context rules over names read lemmas (verbs) and stopwords.
        let need_lemmas = persian
            && (features.tokens
                || features.lemmas.is_some()
                || features.keywords > 0
                || need_entities);
        let need_tokens = need_lemmas || features.tokens || features.sentences || need_entities;
        let tokens = if need_tokens {
            token::tokenize(normalized.working_text())
        } else {
            Vec::new()
        };
        let sentences = if need_tokens {
            sentence::split(normalized.text(), &tokens, features.split_at_semicolon)
        } else {
            Vec::new()
        };
        let text = normalized.text();
        let lex = self.resources.lexicon;
        let mut lemmas = Vec::new();
        let mut stopwords = Vec::new();
        let mut verb_groups = Vec::new();
        if need_lemmas {
            // Dictionary lemmas for the verb groups, whatever style is asked.
            let lemmatizer = Lemmatizer::new(lex, LemmaStyle::Lemma);
            let mut undecided: Vec<(usize, Reading)> = Vec::new();
            // Per token: the `past_len` of its lemma, taken while it is at hand.
            let mut pasts: Vec<usize> = Vec::with_capacity(tokens.len());
            lemmas.reserve(tokens.len());
            stopwords.reserve(tokens.len());
            for t in &tokens {
                if t.kind != TokenKind::Word {
                    stopwords.push(false);
                    lemmas.push(None);
                    pasts.push(0);
                    continue;
                }
                lemmatizer.with_reading(&text[t.bytes.clone()], |reading| {
                    stopwords.push(reading.stopword);
                    pasts.push(past_len(&reading.lemma));
                    lemmas.push(Some(reading.lemma.clone()));
                    if reading.verb.is_some() || reading.noun.is_some() {
                        undecided.push((lemmas.len() - 1, reading.clone()));
                    }
                });
            }
            // Words that may be verbs: their place in the sentence decides.
            for (i, reading) in &undecided {
                let place = place_of(*i, &tokens, &sentences, &lemmas, text);
                let lemma = reading.in_context(place);
                pasts[*i] = past_len(lemma);
                lemmas[*i] = Some(lemma.clone());
            }
            verb_groups = vec![0u32; tokens.len()];
            let mut n = 0;
            let mut group_tokens = Vec::new();
            for s in &sentences {
                group_tokens.clear();
                group_tokens.extend(s.tokens.clone().map(|i| {
                    let t = &tokens[i];
                    GroupToken::new(
                        (t.kind == TokenKind::Word).then(|| &text[t.bytes.clone()]),
                        lemmas[i].as_deref().unwrap_or_default(),
                        pasts[i],
                    )
                }));
                for g in verbgroup::groups(&group_tokens, lex) {
                    n += 1;
                    for i in g {
                        verb_groups[s.tokens.start + i] = n;
                    }
                }
            }
        }
        if !persian && need_tokens {
            // Not Persian: no lemmas, stopwords or verb groups (extraction
            // reads them per token).
            lemmas = vec![None; tokens.len()];
            stopwords = vec![false; tokens.len()];
            verb_groups = vec![0; tokens.len()];
        }
        Analysis {
            normalized,
            tokens,
            sentences,
            lemmas,
            stopwords,
            verb_groups,
            entities: Vec::new(),
            keywords: Vec::new(),
            quotes: Vec::new(),
            attributions: Vec::new(),
            skipped: if persian {
                Vec::new()
            } else {
                PersianLayer::asked(features)
            },
        }
    }

    /// Entities, attributions, quotes and keywords of `a`'s sentences
    /// `range` (of a prepared analysis), found over those sentences alone.
    pub fn extract(&self, a: &Analysis, range: Range<usize>, features: Features) -> Extracted {
        let need_entities = features.entities || features.quotes || features.attributions;
        let persian = a.normalized.language.persian_rules();
        let mut out = Extracted::default();
        if a.sentences.is_empty() || range.is_empty() || !(need_entities || features.keywords > 0) {
            return out;
        }
        let first = a.sentences[range.start].tokens.start;
        let tr = first..a.sentences[range.end - 1].tokens.end;
        let sentences: Vec<Sentence> = a.sentences[range]
            .iter()
            .map(|s| Sentence {
                tokens: s.tokens.start - first..s.tokens.end - first,
            })
            .collect();
        let text = a.normalized.text();
        let tokens = &a.tokens[tr.clone()];
        // Value rules run once: their mentions are entities, and no keywords.
        let found = extract::values::find(text, tokens);
        let mut in_value: Vec<bool> = vec![false; tokens.len()];
        for f in &found {
            in_value[f.tokens.clone()]
                .iter_mut()
                .for_each(|v| *v = true);
        }
        let info: Vec<TokenInfo> = a.lemmas[tr.clone()]
            .iter()
            .zip(&a.stopwords[tr.clone()])
            .zip(&a.verb_groups[tr])
            .zip(in_value)
            .map(|(((lemma, &stopword), &group), in_value)| TokenInfo {
                lemma: lemma.as_deref(),
                stopword,
                in_verb_group: group != 0,
                in_value,
            })
            .collect();
        let doc = Document {
            text,
            tokens,
            sentences: &sentences,
            info: &info,
        };
        let mut entities = Vec::new();
        let mut attributions = Vec::new();
        let mut quotes = Vec::new();
        if need_entities {
            let names = self.resources.names();
            entities = entities::from_document(
                &self.resources,
                &doc,
                found,
                features.document_date,
                persian,
            );
            if persian {
                attributions = attributions::find(names, &doc, &entities);
                let sources: Vec<_> = attributions
                    .iter()
                    .filter(|a| a.organization)
                    .map(|a| a.source.clone())
                    .collect();
                extract::names::add_organizations(names, &mut entities, &doc, &sources);
            }
            if features.quotes && persian {
                quotes = quotes::find(&doc, &entities, &attributions);
            }
        }
        let keywords = if features.keywords > 0 && persian {
            keywords::find(&doc, features.keywords)
        } else {
            Vec::new()
        };
        out.entities = entities;
        out.keywords = keywords;
        out.quotes = quotes;
        out.attributions = attributions;
        out
    }

    /// Puts lemmas in the style asked for, once extraction no longer needs
    /// dictionary lemmas. `original`: the text `a` is the analysis of.
    ///
    /// In the dictionary style a number is its own lemma as the caller wrote
    /// it (`20` stays `20`, as UD lemmatizes numbers); in the stem style, a
    /// search key, it is as normalized (`۲۰`), like every other token.
    pub fn finish(&self, original: &str, a: &mut Analysis, features: Features) {
        match features.lemmas {
            Some(style @ LemmaStyle::Stem) => {
                for lemma in a.lemmas.iter_mut().flatten() {
                    if lemma.contains('#') {
                        *lemma = style.apply(lemma).into();
                    }
                }
            }
            Some(LemmaStyle::Lemma) if a.lemmas.len() == a.tokens.len() => {
                for (t, lemma) in a.tokens.iter().zip(&mut a.lemmas) {
                    if t.kind == TokenKind::Number && lemma.is_none() {
                        let written = a.normalized.original_range(t.bytes.clone());
                        *lemma = original.get(written).map(Arc::from);
                    }
                }
            }
            _ => {}
        }
    }
}

/// What [`Analyzer::extract`] finds. Ranges are in bytes of the normalized text.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    pub entities: Vec<Entity>,
    pub keywords: Vec<Keyword>,
    pub quotes: Vec<Quote>,
    pub attributions: Vec<Attribution>,
}

/// Where token `i` stands, for choosing between a word's readings: what
/// precedes and follows it within its sentence (without sentences, the whole
/// text is one).
fn place_of(
    i: usize,
    tokens: &[Token],
    sentences: &[Sentence],
    lemmas: &[Option<Arc<str>>],
    text: &str,
) -> Place {
    let s = sentences.partition_point(|s| s.tokens.end <= i);
    let start = sentences.get(s).map_or(0, |s| s.tokens.start);
    let end = sentences.get(s).map_or(tokens.len(), |s| s.tokens.end);
    if i > start && tokens[i - 1].kind == TokenKind::Word {
        let prev = &text[tokens[i - 1].bytes.clone()];
        // Not `تا`, a conjunction too (`تا شود`).
        if is_preposition(prev, false) {
            return Place::AfterPreposition {
                preverb: prev == "بر" || prev == "در",
            };
        }
    }
    let Some(next) = tokens.get(i + 1).filter(|_| i + 1 < end) else {
        return Place::Other;
    };
    match next.kind {
        TokenKind::Punctuation => {
            if matches!(&text[next.bytes.clone()], "." | "!" | "?" | "؟") {
                Place::BeforeFinalMark
            } else {
                Place::BeforePunctuation
            }
        }
        TokenKind::Word if lemmas[i + 1].as_deref().is_some_and(is_auxiliary_lemma) => {
            Place::BeforeAuxiliary
        }
        TokenKind::Word if matches!(&text[next.bytes.clone()], "و" | "که") => {
            Place::BeforeConjunction
        }
        _ => Place::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemmas(text: &str) -> Vec<String> {
        let features = Features {
            entities: false,
            keywords: 0,
            quotes: false,
            attributions: false,
            edits: false,
            ..Features::ALL
        };
        let a = crate::analyze_for_test(text, features);
        a.lemmas
            .iter()
            .zip(&a.tokens)
            .map(|(l, t)| match l {
                Some(lemma) => lemma.to_string(),
                None => a.normalized.text()[t.bytes.clone()].to_string(),
            })
            .collect()
    }

    #[test]
    fn a_words_place_decides_its_verb_reading() {
        for (text, want) in [
            ("این نوشته را خواندم.", "این نوشته را خواند#خوان ."),
            ("او نامه را نوشته است.", "او نامه را نوشت#نویس است ."),
            ("نامه را نوشته، رفت.", "نامه را نوشت#نویس ، رفت#رو ."),
            ("کار را تمام کن.", "کار را تمام کرد#کن ."),
            ("او آماده است.", "او آماده است ."),
            ("مردم، خسته‌اند.", "مردم ، خسته ."),
            ("او بر روند کار نظر دارد.", "او بر روند کار نظر داشت#دار ."),
            ("آنها به خانه روند.", "آنها به خانه رفت#رو ."),
            ("پول را جمع کن و برو.", "پول را جمع کرد#کن و رفت#رو ."),
        ] {
            assert_eq!(lemmas(text).join(" "), want, "{text}");
        }
    }
}
