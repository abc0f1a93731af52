//! Pipeline results → protobuf messages, with offsets in the caller's encoding.

use super::{pb, Limits};
use crate::text::align::Edit;
use crate::text::entities::{self, EntityType, Value};
use crate::text::normalize::{Normalized, STEPS};
use crate::text::offsets::{Encoding, OffsetMap};
use crate::text::token::TokenKind;
use crate::text::Analysis;
use std::ops::Range;

/// Byte ranges → spans on the original and on the normalized text.
struct Spans<'a> {
    normalized: &'a Normalized,
    original: OffsetMap,
    target: OffsetMap,
}

impl<'a> Spans<'a> {
    fn new(original: &str, normalized: &'a Normalized, encoding: Encoding) -> Self {
        Spans {
            normalized,
            original: OffsetMap::new(original, encoding),
            target: OffsetMap::new(normalized.text(), encoding),
        }
    }

    fn original(&self, bytes: &Range<usize>) -> pb::Span {
        pb::Span {
            start: self.original.convert(bytes.start),
            end: self.original.convert(bytes.end),
        }
    }

    fn normalized(&self, bytes: &Range<usize>) -> pb::Span {
        pb::Span {
            start: self.target.convert(bytes.start),
            end: self.target.convert(bytes.end),
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
            rule: e.rule.to_string(),
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
    let n = &a.normalized;
    let spans = Spans::new(original, n, encoding);
    let mut sentence_of = vec![0u32; a.tokens.len()];
    let mut sentences = Vec::new();
    for (si, s) in a.sentences.iter().enumerate() {
        for t in s.tokens.clone() {
            sentence_of[t] = si as u32;
        }
        if !wanted.sentences || s.tokens.is_empty() {
            continue;
        }
        let nb = a.tokens[s.tokens.start].bytes.start..a.tokens[s.tokens.end - 1].bytes.end;
        let (first_token, token_count) = if wanted.tokens || wanted.lemmas {
            (s.tokens.start as u32, s.tokens.len() as u32)
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
        tokens.reserve(a.tokens.len());
        for (i, t) in a.tokens.iter().enumerate() {
            let ob = spans.original_bytes(&t.bytes);
            let nb = t.bytes.clone();
            words += usize::from(t.kind == TokenKind::Word);
            tokens.push(pb::Token {
                span: Some(spans.original(&ob)),
                normalized_span: Some(spans.normalized(&nb)),
                text: original[ob].to_string(),
                normalized: n.text()[nb.clone()].to_string(),
                kind: token_kind(t.kind) as i32,
                lemma: if wanted.lemmas {
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
                verb_group: a.verb_groups.get(i).copied().unwrap_or_default(),
                sentence_index: sentence_of[i],
            });
        }
    }
    let entities = if wanted.entities {
        a.entities
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
                    source: e.source.to_string(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    // A span of the normalized text, on the original.
    let original_span = |r: &Range<usize>| spans.original(&spans.original_bytes(r));
    let keywords = if wanted.keywords {
        a.keywords
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
        a.quotes
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
        a.attributions
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
    let edit_list = if wanted.edits {
        edits(original, &spans, &n.edits)
    } else {
        Vec::new()
    };
    let stats = pb::DocumentStats {
        bytes: original.len() as u32,
        code_points: original.chars().count() as u32,
        sentences: a.sentences.len() as u32,
        tokens: a.tokens.len() as u32,
        words: if wanted.tokens || wanted.lemmas {
            words as u32
        } else {
            a.tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .count() as u32
        },
        edits: n.edits.len() as u32,
    };
    pb::AnalyzeResponse {
        normalized_text: if wanted.normalize {
            n.text().to_string()
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
    }
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
                rule_ids: s.rules.iter().map(|r| r.to_string()).collect(),
            })
            .collect(),
        entity_types: entities::PRODUCED
            .iter()
            .map(|&t| entity_type(t) as i32)
            .collect(),
        limits: Some(pb::Limits {
            max_document_bytes: limits.max_document_bytes as u64,
            max_message_bytes: limits.max_message_bytes as u64,
            stream_max_in_flight: limits.stream_max_in_flight as u32,
            workers: limits.workers as u32,
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
