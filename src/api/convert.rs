//! Pipeline results → protobuf messages, with offsets in the caller's encoding.

use super::{pb, Limits};
use crate::text::align::Edit;
use crate::text::analyze::PersianLayer;
use crate::text::extract::entity::{self, EntityType, Value};
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
    let whole = Part {
        sentences: 0..a.sentences.len(),
        original: 0..original.len(),
        normalized: 0..a.normalized.text().len(),
        edits: 0..a.normalized.edits.len(),
        numbers: Numbers::default(),
    };
    let found = Found {
        entities: &a.entities,
        keywords: &a.keywords,
        quotes: &a.quotes,
        attributions: &a.attributions,
    };
    part(original, a, &whole, &found, &spans, wanted)
}

/// Sentences of a longer text that one response describes.
pub struct Part {
    /// Sentences of the analysis.
    pub sentences: Range<usize>,
    /// Their bytes in the original text (with the space after them).
    pub original: Range<usize>,
    /// Their bytes in the normalized text.
    pub normalized: Range<usize>,
    /// Their edits: indexes into the normalization's list.
    pub edits: Range<usize>,
    /// How the analysis' numbers become the response's.
    pub numbers: Numbers,
}

/// What to add to the analysis' sentence, token and verb-group numbers to
/// number them from the start of a longer text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Numbers {
    pub sentences: i64,
    pub tokens: i64,
    pub verb_groups: i64,
}

impl Numbers {
    fn shift(by: i64, n: usize) -> u32 {
        u32::try_from(by + n as i64).unwrap_or(0)
    }
}

/// What extraction found in a part.
pub struct Found<'a> {
    pub entities: &'a [crate::text::extract::entity::Entity],
    pub keywords: &'a [crate::text::extract::keywords::Keyword],
    pub quotes: &'a [crate::text::extract::quotes::Quote],
    pub attributions: &'a [crate::text::extract::attributions::Attribution],
}

/// Builds the `AnalyzeResponse` of sentences `p` of analysis `a` of
/// `original`, with `found` in them; spans as `spans` counts them.
pub fn part(
    original: &str,
    a: &Analysis,
    p: &Part,
    found: &Found,
    spans: &Spans,
    wanted: &pb::Features,
) -> pb::AnalyzeResponse {
    let n = &a.normalized;
    let token_range = match (a.sentences.get(p.sentences.start), p.sentences.is_empty()) {
        (Some(first), false) => first.tokens.start..a.sentences[p.sentences.end - 1].tokens.end,
        _ if p.sentences.start == 0 && p.sentences.end == a.sentences.len() => 0..a.tokens.len(),
        _ => 0..0,
    };
    let mut sentence_of = vec![0u32; token_range.len()];
    let mut sentences = Vec::new();
    for si in p.sentences.clone() {
        let s = &a.sentences[si];
        for t in s.tokens.clone() {
            sentence_of[t - token_range.start] = Numbers::shift(p.numbers.sentences, si);
        }
        if !wanted.sentences || s.tokens.is_empty() {
            continue;
        }
        let nb = a.tokens[s.tokens.start].bytes.start..a.tokens[s.tokens.end - 1].bytes.end;
        let (first_token, token_count) = if wanted.tokens || wanted.lemmas {
            (
                Numbers::shift(p.numbers.tokens, s.tokens.start),
                s.tokens.len() as u32,
            )
        } else {
            (0, 0)
        };
        sentences.push(pb::Sentence {
            span: Some(spans.original(&spans.original_bytes(&nb))),
            normalized_span: Some(spans.normalized(&nb)),
            text: n.text()[nb].to_string(),
            first_token,
            token_count,
        });
    }
    let mut tokens = Vec::new();
    let mut words = 0;
    if wanted.tokens || wanted.lemmas {
        tokens.reserve(token_range.len());
        for i in token_range.clone() {
            let t = &a.tokens[i];
            let ob = spans.original_bytes(&t.bytes);
            let nb = t.bytes.clone();
            words += usize::from(t.kind == TokenKind::Word);
            tokens.push(pb::Token {
                span: Some(spans.original(&ob)),
                normalized_span: Some(spans.normalized(&nb)),
                text: original[ob].to_string(),
                normalized: n.text()[nb.clone()].to_string(),
                kind: token_kind(t.kind) as i32,
                lemma: if wanted.lemmas && !a.skipped.contains(&PersianLayer::Lemmas) {
                    match a.lemmas.get(i) {
                        Some(Some(lemma)) => lemma.to_string(),
                        // Not a word: its own lemma.
                        Some(None) => n.text()[nb].to_string(),
                        None => String::new(),
                    }
                } else {
                    String::new()
                },
                stopword: a.stopwords.get(i).copied().unwrap_or_default(),
                verb_group: match a.verb_groups.get(i).copied().unwrap_or_default() {
                    0 => 0,
                    g => Numbers::shift(p.numbers.verb_groups, g as usize),
                },
                sentence_index: sentence_of[i - token_range.start],
            });
        }
    }
    let entities = if wanted.entities {
        found
            .entities
            .iter()
            .map(|e| {
                let mentions: Vec<pb::EntityMention> = e
                    .mentions
                    .iter()
                    .map(|m| {
                        let ob = spans.original_bytes(m);
                        pb::EntityMention {
                            span: Some(spans.original(&ob)),
                            normalized_span: Some(spans.normalized(m)),
                            text: original[ob].to_string(),
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
                    text: n.text()[longest].to_string(),
                    mentions,
                    value: e.value.as_ref().map(|v| pb::EntityValue {
                        kind: match v {
                            Value::Number(x) => Some(pb::entity_value::Kind::Number(*x)),
                            Value::Text(s) => Some(pb::entity_value::Kind::Text(s.clone())),
                            Value::Date(d) => Some(pb::entity_value::Kind::Date(d.clone())),
                            Value::Time(t) => Some(pb::entity_value::Kind::Time(t.clone())),
                            Value::Money(m) => {
                                Some(pb::entity_value::Kind::Money(pb::MoneyValue {
                                    amount: m.amount,
                                    currency_code: m.currency.to_string(),
                                    note: m.note.to_string(),
                                }))
                            }
                            Value::Relative(Some(d)) => {
                                Some(pb::entity_value::Kind::Date(d.clone()))
                            }
                            Value::Relative(None) => None,
                        },
                        relative: matches!(v, Value::Relative(_)),
                    }),
                    confidence: e.confidence,
                    source: e.source.as_str().to_string(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    // A span of the normalized text, on the original.
    let original_span = |r: &Range<usize>| spans.original(&spans.original_bytes(r));
    let keywords = if wanted.keywords {
        found
            .keywords
            .iter()
            .map(|k| pb::Keyword {
                phrase: k.phrase.clone(),
                score: k.score,
                spans: k.mentions.iter().map(original_span).collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let quotes = if wanted.quotes {
        found
            .quotes
            .iter()
            .map(|q| pb::Quote {
                span: Some(original_span(&q.bytes)),
                text: n.text()[q.bytes.clone()].to_string(),
                speaker_span: Some(q.speaker.as_ref().map_or_else(
                    || {
                        // Unknown: an empty span where the verb is.
                        let at = spans.original(&spans.original_bytes(&q.verb)).start;
                        pb::Span { start: at, end: at }
                    },
                    original_span,
                )),
                speaker: q
                    .speaker
                    .as_ref()
                    .map(|r| n.text()[r.clone()].to_string())
                    .unwrap_or_default(),
                reporting_verb: n.text()[q.verb.clone()].to_string(),
                direct: q.direct,
                speaker_entity: q
                    .speaker_entity
                    .filter(|_| wanted.entities)
                    .map(|e| e as u32),
            })
            .collect()
    } else {
        Vec::new()
    };
    let attributions = if wanted.attributions {
        found
            .attributions
            .iter()
            .map(|t| pb::Attribution {
                span: Some(original_span(&t.bytes)),
                source_span: Some(original_span(&t.source)),
                source: n.text()[t.source.clone()].to_string(),
                cue: t.cue.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let part_edits = &n.edits[p.edits.clone()];
    let edit_list = if wanted.edits {
        edits(original, spans, part_edits)
    } else {
        Vec::new()
    };
    let text = &original[p.original.clone()];
    let stats = pb::DocumentStats {
        bytes: text.len() as u32,
        code_points: text.chars().count() as u32,
        sentences: p.sentences.len() as u32,
        tokens: token_range.len() as u32,
        words: if wanted.tokens || wanted.lemmas {
            words as u32
        } else {
            a.tokens[token_range]
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .count() as u32
        },
        edits: part_edits.len() as u32,
    };
    pb::AnalyzeResponse {
        normalized_text: if wanted.normalize {
            n.text()[p.normalized.clone()].to_string()
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
        stats: Some(stats),
        skipped_layers: skipped_layers(a),
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
                rule_ids: s.rules.iter().map(|r| r.as_str().to_string()).collect(),
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
