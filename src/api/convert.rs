//! Pipeline results → protobuf messages, with offsets in the caller's encoding.

use super::{pb, Limits};
use crate::text::align::Edit;
use crate::text::analyze::PersianLayer;
use crate::text::extract::attributions::Attribution;
use crate::text::extract::entity::{self, EntityType, Value};
use crate::text::extract::keywords::Keyword;
use crate::text::extract::quotes::Quote;
use crate::text::normalize::{Normalized, STEPS};
use crate::text::offsets::{Encoding, OffsetMap};
use crate::text::token::TokenKind;
use crate::text::Analysis;
use std::ops::Range;

/// Byte ranges → spans on the original and on the normalized text.
pub struct Spans<'a> {
    normalized: &'a Normalized,
    original: OffsetMap,
    target: OffsetMap,
    /// Added to every span: where the text starts in a longer one.
    shift: (u32, u32),
}

impl<'a> Spans<'a> {
    pub fn new(original: &str, normalized: &'a Normalized, encoding: Encoding) -> Self {
        Spans {
            normalized,
            original: OffsetMap::new(original, encoding),
            target: OffsetMap::new(normalized.text(), encoding),
            shift: (0, 0),
        }
    }

    /// Spans of a text that starts at `original` units of a longer original
    /// and at `normalized` units of its normalized text.
    pub fn shifted(mut self, original: u32, normalized: u32) -> Self {
        self.shift = (original, normalized);
        self
    }

    /// Units of the original before byte `b`.
    pub fn original_units(&self, b: usize) -> u32 {
        self.original.convert(b)
    }

    /// Units of the normalized text before byte `b`.
    pub fn normalized_units(&self, b: usize) -> u32 {
        self.target.convert(b)
    }

    fn original(&self, bytes: &Range<usize>) -> pb::Span {
        pb::Span {
            start: self
                .shift
                .0
                .saturating_add(self.original.convert(bytes.start)),
            end: self
                .shift
                .0
                .saturating_add(self.original.convert(bytes.end)),
        }
    }

    fn normalized(&self, bytes: &Range<usize>) -> pb::Span {
        pb::Span {
            start: self
                .shift
                .1
                .saturating_add(self.target.convert(bytes.start)),
            end: self.shift.1.saturating_add(self.target.convert(bytes.end)),
        }
    }

    /// Original byte range of normalized byte range `bytes`.
    fn original_bytes(&self, bytes: &Range<usize>) -> Range<usize> {
        self.normalized.original_range(bytes.clone())
    }
}

fn edits(original: &str, spans: &Spans, edits: &[Edit]) -> Vec<pb::Edit> {
    edits
        .iter()
        .map(|e| pb::Edit {
            span: Some(spans.original(&e.original)),
            normalized_span: Some(
                spans.normalized(&spans.normalized.normalized_range_of(&e.original)),
            ),
            original: original[e.original.clone()].to_string(),
            replacement: e.replacement.clone(),
            rule: e.rule.as_str().to_string(),
        })
        .collect()
}

fn language(n: &Normalized) -> pb::Language {
    pb::Language {
        code: n.language.code.to_string(),
        score: n.language.score,
    }
}

fn token_kind(k: TokenKind) -> pb::TokenKind {
    match k {
        TokenKind::Word => pb::TokenKind::Word,
        TokenKind::Number => pb::TokenKind::Number,
        TokenKind::Punctuation => pb::TokenKind::Punctuation,
        TokenKind::Url => pb::TokenKind::Url,
        TokenKind::Email => pb::TokenKind::Email,
        TokenKind::Mention => pb::TokenKind::Mention,
        TokenKind::Hashtag => pb::TokenKind::Hashtag,
        TokenKind::Emoji => pb::TokenKind::Emoji,
        TokenKind::Symbol => pb::TokenKind::Symbol,
    }
}

pub fn entity_type(t: EntityType) -> pb::EntityType {
    match t {
        EntityType::Person => pb::EntityType::Person,
        EntityType::Location => pb::EntityType::Location,
        EntityType::Organization => pb::EntityType::Organization,
        EntityType::Event => pb::EntityType::Event,
        EntityType::Date => pb::EntityType::Date,
        EntityType::Time => pb::EntityType::Time,
        EntityType::Number => pb::EntityType::Number,
        EntityType::Money => pb::EntityType::Money,
        EntityType::Percent => pb::EntityType::Percent,
        EntityType::Phone => pb::EntityType::Phone,
        EntityType::Email => pb::EntityType::Email,
        EntityType::Url => pb::EntityType::Url,
        EntityType::Hashtag => pb::EntityType::Hashtag,
        EntityType::Mention => pb::EntityType::Mention,
    }
}

/// Builds the `AnalyzeResponse` for `analysis` of `original`.
pub fn analysis(
    original: &str,
    a: &Analysis,
    encoding: Encoding,
    wanted: &pb::Features,
) -> pb::AnalyzeResponse {
    let spans = Spans::new(original, &a.normalized, encoding);
    let whole = Excerpt {
        sentences: 0..a.sentences.len(),
        original: 0..original.len(),
        normalized: 0..a.normalized.text().len(),
        edits: 0..a.normalized.edits.len(),
        shift: IndexShift::default(),
    };
    let found = ExtractedRef {
        entities: &a.entities,
        keywords: &a.keywords,
        quotes: &a.quotes,
        attributions: &a.attributions,
    };
    excerpt_response(original, a, &whole, &found, &spans, wanted)
}

/// Sentences of a longer text that one response describes.
pub struct Excerpt {
    /// Sentences of the analysis.
    pub sentences: Range<usize>,
    /// Their bytes in the original text (with the space after them).
    pub original: Range<usize>,
    /// Their bytes in the normalized text.
    pub normalized: Range<usize>,
    /// Their edits: indexes into the normalization's list.
    pub edits: Range<usize>,
    /// What to add to the analysis' numbers in the response.
    pub shift: IndexShift,
}

/// What to add to the analysis' sentence, token and verb-group numbers to
/// number them from the start of a longer text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexShift {
    pub sentences: i64,
    pub tokens: i64,
    pub verb_groups: i64,
}

impl IndexShift {
    /// The response's number for the analysis' sentence `n`.
    fn sentence(&self, n: usize) -> u32 {
        Self::add(self.sentences, n)
    }

    /// The response's number for the analysis' token `n`.
    fn token(&self, n: usize) -> u32 {
        Self::add(self.tokens, n)
    }

    /// The response's number for the analysis' verb group `n`.
    fn verb_group(&self, n: usize) -> u32 {
        Self::add(self.verb_groups, n)
    }

    fn add(by: i64, n: usize) -> u32 {
        u32::try_from(by + n as i64).unwrap_or(0)
    }
}

/// What extraction found in an excerpt.
pub struct ExtractedRef<'a> {
    pub entities: &'a [entity::Entity],
    pub keywords: &'a [Keyword],
    pub quotes: &'a [Quote],
    pub attributions: &'a [Attribution],
}

/// Builds the `AnalyzeResponse` of `excerpt` of analysis `a` of `original`,
/// with `found` in it; spans as `spans` counts them.
pub fn excerpt_response(
    original: &str,
    a: &Analysis,
    excerpt: &Excerpt,
    found: &ExtractedRef,
    spans: &Spans,
    wanted: &pb::Features,
) -> pb::AnalyzeResponse {
    let view = ExcerptView {
        original,
        a,
        excerpt,
        spans,
        wanted,
        tokens: token_range(a, excerpt),
    };
    let n = &a.normalized;
    let sentence_of = view.sentence_numbers();
    let sentences = if wanted.sentences {
        view.sentences()
    } else {
        Vec::new()
    };
    let tokens = if wanted.tokens || wanted.lemmas {
        view.tokens(&sentence_of)
    } else {
        Vec::new()
    };
    let entities = if wanted.entities {
        found.entities.iter().map(|e| view.entity(e)).collect()
    } else {
        Vec::new()
    };
    let keywords = if wanted.keywords {
        found.keywords.iter().map(|k| view.keyword(k)).collect()
    } else {
        Vec::new()
    };
    let quotes = if wanted.quotes {
        found.quotes.iter().map(|q| view.quote(q)).collect()
    } else {
        Vec::new()
    };
    let attributions = if wanted.attributions {
        found
            .attributions
            .iter()
            .map(|t| view.attribution(t))
            .collect()
    } else {
        Vec::new()
    };
    let excerpt_edits = &n.edits[excerpt.edits.clone()];
    let edit_list = if wanted.edits {
        edits(original, spans, excerpt_edits)
    } else {
        Vec::new()
    };
    pb::AnalyzeResponse {
        normalized_text: if wanted.normalize {
            n.text()[excerpt.normalized.clone()].to_string()
        } else {
            String::new()
        },
        language: Some(language(n)),
        sentences,
        tokens,
        entities,
        keywords,
        quotes,
        attributions,
        edits: edit_list,
        stats: Some(view.stats(excerpt_edits.len())),
        skipped_layers: skipped_layers(a),
    }
}

/// The tokens of the excerpt's sentences: all of them for one that is the whole
/// analysis (a text with no sentences has tokens only when it is whole).
fn token_range(a: &Analysis, excerpt: &Excerpt) -> Range<usize> {
    let sentences = &excerpt.sentences;
    match (a.sentences.get(sentences.start), sentences.is_empty()) {
        (Some(first), false) => first.tokens.start..a.sentences[sentences.end - 1].tokens.end,
        _ if sentences.start == 0 && sentences.end == a.sentences.len() => 0..a.tokens.len(),
        _ => 0..0,
    }
}

/// One excerpt of an analysis as its response shows it.
struct ExcerptView<'a> {
    original: &'a str,
    a: &'a Analysis,
    excerpt: &'a Excerpt,
    spans: &'a Spans<'a>,
    wanted: &'a pb::Features,
    /// The excerpt's tokens, indexes of the analysis's.
    tokens: Range<usize>,
}

impl ExcerptView<'_> {
    /// The normalized text.
    fn normalized(&self) -> &str {
        self.a.normalized.text()
    }

    /// A span of the normalized text, on the original.
    fn original_span(&self, r: &Range<usize>) -> pb::Span {
        self.spans.original(&self.spans.original_bytes(r))
    }

    /// The number each token of the excerpt gets as its `sentence_index`.
    fn sentence_numbers(&self) -> Vec<u32> {
        let mut sentence_of = vec![0u32; self.tokens.len()];
        for si in self.excerpt.sentences.clone() {
            for t in self.a.sentences[si].tokens.clone() {
                sentence_of[t - self.tokens.start] = self.excerpt.shift.sentence(si);
            }
        }
        sentence_of
    }

    fn sentences(&self) -> Vec<pb::Sentence> {
        let (a, excerpt) = (self.a, self.excerpt);
        let with_tokens = self.wanted.tokens || self.wanted.lemmas;
        a.sentences[excerpt.sentences.clone()]
            .iter()
            .filter(|s| !s.tokens.is_empty())
            .map(|s| {
                let nb = a.tokens[s.tokens.start].bytes.start..a.tokens[s.tokens.end - 1].bytes.end;
                let (first_token, token_count) = if with_tokens {
                    (excerpt.shift.token(s.tokens.start), s.tokens.len() as u32)
                } else {
                    (0, 0)
                };
                pb::Sentence {
                    span: Some(self.original_span(&nb)),
                    normalized_span: Some(self.spans.normalized(&nb)),
                    text: self.normalized()[nb].to_string(),
                    first_token,
                    token_count,
                }
            })
            .collect()
    }

    fn tokens(&self, sentence_of: &[u32]) -> Vec<pb::Token> {
        self.tokens
            .clone()
            .map(|i| self.token(i, sentence_of[i - self.tokens.start]))
            .collect()
    }

    fn token(&self, i: usize, sentence_index: u32) -> pb::Token {
        let (a, n) = (self.a, self.normalized());
        let t = &a.tokens[i];
        let ob = self.spans.original_bytes(&t.bytes);
        let nb = t.bytes.clone();
        let lemma = if self.wanted.lemmas && !a.skipped.contains(&PersianLayer::Lemmas) {
            match a.lemmas.get(i) {
                Some(Some(lemma)) => lemma.to_string(),
                // Not a word: its own lemma.
                Some(None) => n[nb.clone()].to_string(),
                None => String::new(),
            }
        } else {
            String::new()
        };
        pb::Token {
            span: Some(self.spans.original(&ob)),
            normalized_span: Some(self.spans.normalized(&nb)),
            text: self.original[ob].to_string(),
            normalized: n[nb].to_string(),
            kind: token_kind(t.kind) as i32,
            lemma,
            stopword: a.stopwords.get(i).copied().unwrap_or_default(),
            verb_group: match a.verb_groups.get(i).copied().unwrap_or_default() {
                0 => 0,
                g => self.excerpt.shift.verb_group(g as usize),
            },
            sentence_index,
        }
    }

    fn entity(&self, e: &entity::Entity) -> pb::Entity {
        let mentions = e
            .mentions
            .iter()
            .map(|m| {
                let ob = self.spans.original_bytes(m);
                pb::EntityMention {
                    span: Some(self.spans.original(&ob)),
                    normalized_span: Some(self.spans.normalized(m)),
                    text: self.original[ob].to_string(),
                }
            })
            .collect();
        let longest = e
            .mentions
            .iter()
            .max_by_key(|m| m.len())
            .cloned()
            .unwrap_or_default();
        pb::Entity {
            r#type: entity_type(e.kind) as i32,
            text: self.normalized()[longest].to_string(),
            mentions,
            value: e.value.as_ref().map(entity_value),
            confidence: e.confidence,
            source: e.source.as_str().to_string(),
        }
    }

    fn keyword(&self, k: &Keyword) -> pb::Keyword {
        pb::Keyword {
            phrase: k.phrase.clone(),
            score: k.score,
            spans: k.mentions.iter().map(|m| self.original_span(m)).collect(),
        }
    }

    fn quote(&self, q: &Quote) -> pb::Quote {
        let n = self.normalized();
        // An unknown speaker: an empty span where the verb is.
        let speaker_span = match &q.speaker {
            Some(r) => self.original_span(r),
            None => {
                let at = self.original_span(&q.verb).start;
                pb::Span { start: at, end: at }
            }
        };
        pb::Quote {
            span: Some(self.original_span(&q.bytes)),
            text: n[q.bytes.clone()].to_string(),
            speaker_span: Some(speaker_span),
            speaker: q
                .speaker
                .as_ref()
                .map(|r| n[r.clone()].to_string())
                .unwrap_or_default(),
            reporting_verb: n[q.verb.clone()].to_string(),
            direct: q.direct,
            speaker_entity: q
                .speaker_entity
                .filter(|_| self.wanted.entities)
                .map(|e| e as u32),
        }
    }

    fn attribution(&self, t: &Attribution) -> pb::Attribution {
        pb::Attribution {
            span: Some(self.original_span(&t.bytes)),
            source_span: Some(self.original_span(&t.source)),
            source: self.normalized()[t.source.clone()].to_string(),
            cue: t.cue.clone(),
        }
    }

    fn stats(&self, edits: usize) -> pb::DocumentStats {
        let text = &self.original[self.excerpt.original.clone()];
        pb::DocumentStats {
            bytes: text.len() as u32,
            code_points: text.chars().count() as u32,
            sentences: self.excerpt.sentences.len() as u32,
            tokens: self.tokens.len() as u32,
            words: self.a.tokens[self.tokens.clone()]
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .count() as u32,
            edits: edits as u32,
        }
    }
}

/// An entity's resolved value; a relative date that did not resolve has none.
fn entity_value(v: &Value) -> pb::EntityValue {
    use pb::entity_value::Kind;
    let kind = match v {
        Value::Number(x) => Some(Kind::Number(*x)),
        Value::Text(s) => Some(Kind::Text(s.clone())),
        Value::Date(d) | Value::Relative(Some(d)) => Some(Kind::Date(d.clone())),
        Value::Time(t) => Some(Kind::Time(t.clone())),
        Value::Money(m) => Some(Kind::Money(pb::MoneyValue {
            amount: m.amount,
            currency_code: m.currency.to_string(),
            note: m.note.to_string(),
        })),
        Value::Relative(None) => None,
    };
    pb::EntityValue {
        kind,
        relative: matches!(v, Value::Relative(_)),
    }
}

/// The Persian-only layers `a` skipped, each with why.
fn skipped_layers(a: &Analysis) -> Vec<pb::SkippedLayer> {
    let language = &a.normalized.language;
    a.skipped
        .iter()
        .map(|&layer| pb::SkippedLayer {
            layer: match layer {
                PersianLayer::Lemmas => pb::Layer::Lemmas,
                PersianLayer::Names => pb::Layer::NamedEntities,
                PersianLayer::Keywords => pb::Layer::Keywords,
                PersianLayer::Quotes => pb::Layer::Quotes,
                PersianLayer::Attributions => pb::Layer::Attributions,
            } as i32,
            reason: format!(
                "the document's language is {:?} (score {:.2}), and this layer reads Persian \
                 only; declare language_code \"fa\" to run it anyway",
                language.code, language.score
            ),
        })
        .collect()
}

/// Builds the `NormalizeResponse`.
pub fn normalize_response(
    original: &str,
    n: &Normalized,
    encoding: Encoding,
) -> pb::NormalizeResponse {
    let spans = Spans::new(original, n, encoding);
    pb::NormalizeResponse {
        normalized_text: n.text().to_string(),
        edits: edits(original, &spans, &n.edits),
        language: Some(language(n)),
    }
}

/// Builds the `GetCapabilitiesResponse`.
pub fn capabilities(limits: &Limits) -> pb::GetCapabilitiesResponse {
    pb::GetCapabilitiesResponse {
        server_version: env!("CARGO_PKG_VERSION").to_string(),
        normalization_steps: STEPS
            .iter()
            .map(|s| pb::NormalizationStep {
                id: s.id.to_string(),
                description: s.description.to_string(),
                enabled_in_standard: s.in_standard,
                enabled_in_minimal: s.in_minimal,
                rule_ids: s.rules().map(|r| r.as_str().to_string()).collect(),
            })
            .collect(),
        entity_types: entity::PRODUCED
            .iter()
            .map(|&t| entity_type(t) as i32)
            .collect(),
        limits: Some(pb::Limits {
            max_document_bytes: limits.max_document_bytes as u64,
            max_message_bytes: limits.max_message_bytes as u64,
            stream_max_in_flight: limits.stream_max_in_flight as u32,
            workers: limits.workers as u32,
            max_in_flight: limits.max_in_flight as u32,
            max_in_flight_per_connection: limits.max_in_flight_per_connection as u32,
            request_timeout_ms: millis(limits.request_timeout),
            max_streams: limits.max_streams as u32,
            stream_idle_timeout_ms: millis(limits.stream_idle_timeout),
            max_concurrent_streams: limits.max_concurrent_streams,
            idle_connection_timeout_ms: millis(limits.idle_connection_timeout),
        }),
        features: Some(pb::Features {
            normalize: true,
            sentences: true,
            tokens: true,
            lemmas: true,
            entities: true,
            keywords: true,
            quotes: true,
            attributions: true,
            edits: true,
        }),
    }
}

/// A duration in milliseconds, 0 for none.
fn millis(d: Option<std::time::Duration>) -> u64 {
    d.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
