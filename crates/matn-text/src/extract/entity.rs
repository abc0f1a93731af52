//! What extraction finds, as the rest of the pipeline sees it: entity types,
//! resolved values, entities with their mentions and how they were found, and
//! mentions as token ranges. A leaf: it depends on tokens only, and every
//! extraction module may use it.

use crate::token::Token;
use std::ops::Range;

/// Entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityType {
    Person,
    Location,
    Organization,
    Event,
    Date,
    Time,
    Number,
    Money,
    Percent,
    Phone,
    Email,
    Url,
    Hashtag,
    Mention,
}

/// The kinds of name the model tags, in the order of its tag set
/// (`B-PERSON`, `I-PERSON`, `B-LOCATION`, ...) and of its gazetteers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    Person,
    Location,
    Organization,
}

impl NameKind {
    pub const ALL: [NameKind; 3] = [NameKind::Person, NameKind::Location, NameKind::Organization];

    /// Its place in the model's tag set and gazetteers.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn entity_type(self) -> EntityType {
        match self {
            NameKind::Person => EntityType::Person,
            NameKind::Location => EntityType::Location,
            NameKind::Organization => EntityType::Organization,
        }
    }
}

/// A resolved value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
    /// An ISO 8601 date (`2023-11-06`, or a year: `2015`).
    Date(String),
    /// An ISO 8601 time of day (`10:30:00`), or date and time when a date
    /// that resolves is said with it (`2023-11-06T10:30:00`).
    Time(String),
    Money(Money),
    /// A date or time said relative to the text's own (`دیروز`, `صبح امروز`,
    /// `هفته آینده`): with the document's date, a day or week it fixes
    /// resolves to an ISO date (`2023-11-05`) or week (`2023-W45`).
    Relative(Option<String>),
}

/// An amount of money.
#[derive(Clone, Debug, PartialEq)]
pub struct Money {
    /// In `currency` units.
    pub amount: f64,
    /// ISO 4217 code.
    pub currency: &'static str,
    /// How the amount was converted (`toman = 10 IRR`), or empty.
    pub note: &'static str,
}

/// An entity and the tokens that mention it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub kind: EntityType,
    /// Byte ranges of the normalized text.
    pub mentions: Vec<std::ops::Range<usize>>,
    pub value: Option<Value>,
    pub confidence: f32,
    pub source: Source,
}

/// How an entity was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A rule for values (dates, money, numbers in words, phones).
    Rule,
    /// The statistical model.
    Model,
    /// A context rule over the model's names.
    Context,
    /// Protection: a URL, email, mention, hashtag or number in digits.
    Protect,
}

impl Source {
    /// The name the API gives it (`Entity.source`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Rule => "rule",
            Source::Model => "model",
            Source::Context => "context",
            Source::Protect => "protect",
        }
    }

    /// Whether the entity was guessed (by the model or a context rule over
    /// its names), not read from a fixed form or cue.
    pub fn is_guess(self) -> bool {
        matches!(self, Source::Model | Source::Context)
    }
}

/// Entity types this module produces.
pub const PRODUCED: &[EntityType] = &[
    EntityType::Person,
    EntityType::Location,
    EntityType::Organization,
    EntityType::Date,
    EntityType::Time,
    EntityType::Money,
    EntityType::Percent,
    EntityType::Number,
    EntityType::Phone,
    EntityType::Email,
    EntityType::Url,
    EntityType::Hashtag,
    EntityType::Mention,
];

/// The tokens a mention (bytes of the normalized text) covers, in part or
/// whole.
pub fn tokens_of(tokens: &[Token], m: &Range<usize>) -> Range<usize> {
    let first = tokens.partition_point(|t| t.bytes.end <= m.start);
    let last = tokens.partition_point(|t| t.bytes.start < m.end);
    first..last.max(first)
}

/// An entity's mention as token indexes, with the entity's index.
pub struct MentionTokens {
    pub kind: EntityType,
    pub entity: usize,
    pub tokens: Range<usize>,
}

/// Every mention of `entities` as tokens, in token order.
pub fn mention_tokens(tokens: &[Token], entities: &[Entity]) -> Vec<MentionTokens> {
    let mut out = Vec::new();
    for (entity, e) in entities.iter().enumerate() {
        for m in &e.mentions {
            let covered = tokens_of(tokens, m);
            if !covered.is_empty() {
                out.push(MentionTokens {
                    kind: e.kind,
                    entity,
                    tokens: covered,
                });
            }
        }
    }
    out.sort_by_key(|n| n.tokens.start);
    out
}

/// The mentions of `list` (in token order) that start within tokens `r`.
pub fn starting_in(list: &[MentionTokens], r: Range<usize>) -> &[MentionTokens] {
    let lo = list.partition_point(|n| n.tokens.start < r.start);
    let hi = list.partition_point(|n| n.tokens.start < r.end);
    &list[lo..hi.max(lo)]
}

/// Whether entities of this type are names (not values).
pub fn is_name(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::Person | EntityType::Location | EntityType::Organization | EntityType::Event
    )
}
