//! Entities: value entities found by rule (dates, times, money, percentages,
//! numbers in words; see [`crate::text::extract`]), people, places and
//! organizations found by the statistical model ([`ner`]), and those
//! protection already found: URLs, emails, mentions, hashtags and numbers
//! written with digits. Mentions with the same type and resolved value, or
//! names with the same text (and a person's surname alone), are grouped into
//! one entity.

use crate::text::extract::{ner, values};
use crate::text::script::digit_value;
use crate::text::sentence::Sentence;
use crate::text::token::{Token, TokenKind};

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
    /// `هفته آینده`), not resolved.
    Relative,
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
    pub source: &'static str,
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
    EntityType::Email,
    EntityType::Url,
    EntityType::Hashtag,
    EntityType::Mention,
];

/// Parses a number written with digits and separators: `1,234.5`, `۱۰٫۵`,
/// `۱۲/۵` (Persian writes the decimal point as `/` too). Returns `None` for
/// dates and anything else.
pub fn parse_number(s: &str) -> Option<f64> {
    let mut int = String::new();
    let mut frac = String::new();
    let mut in_frac = false;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            let digit = char::from_digit(d, 10)?;
            if in_frac {
                frac.push(digit)
            } else {
                int.push(digit)
            }
        } else if matches!(c, ',' | '٬') && !in_frac {
            continue;
        } else if matches!(c, '.' | '٫' | '/') && !in_frac {
            in_frac = true;
        } else {
            return None;
        }
    }
    if int.is_empty() {
        return None;
    }
    let joined = if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    };
    joined.parse().ok()
}

/// The entities of a tokenized text: value entities found by rule
/// ([`values::find`]), names found by the model in each sentence
/// ([`ner::find`]) where they overlap no value, then the protected tokens
/// outside the values. `text` is the normalized text the tokens are byte
/// ranges of.
pub fn from_tokens(text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut covered = vec![false; tokens.len()];
    let mut value_bytes: Vec<std::ops::Range<usize>> = Vec::new();
    for f in values::find(text, tokens) {
        covered[f.tokens.clone()].iter_mut().for_each(|c| *c = true);
        let bytes = tokens[f.tokens.start].bytes.start..tokens[f.tokens.end - 1].bytes.end;
        value_bytes.push(bytes.clone());
        add(&mut out, f.kind, f.value, bytes, "rule");
    }
    let sentence_bytes: Vec<std::ops::Range<usize>> = sentences
        .iter()
        .filter(|s| !s.tokens.is_empty())
        .map(|s| tokens[s.tokens.start].bytes.start..tokens[s.tokens.end - 1].bytes.end)
        .collect();
    for n in ner::find(text, &sentence_bytes) {
        // A value mention wins over a name that overlaps it.
        if value_bytes
            .iter()
            .any(|v| v.start < n.bytes.end && n.bytes.start < v.end)
        {
            continue;
        }
        let kind = [
            EntityType::Person,
            EntityType::Location,
            EntityType::Organization,
        ][n.kind];
        add_name(&mut out, text, kind, n.bytes, n.confidence);
    }
    join_surnames(&mut out, text);
    for (t, _) in tokens.iter().zip(&covered).filter(|(_, &c)| !c) {
        let s = &text[t.bytes.clone()];
        let (kind, value) = match t.kind {
            TokenKind::Url => (EntityType::Url, Value::Text(s.to_string())),
            TokenKind::Email => (EntityType::Email, Value::Text(s.to_lowercase())),
            TokenKind::Mention => (
                EntityType::Mention,
                Value::Text(s.trim_start_matches('@').to_lowercase()),
            ),
            TokenKind::Hashtag => (
                EntityType::Hashtag,
                Value::Text(s.trim_start_matches('#').to_string()),
            ),
            TokenKind::Number => match parse_number(s) {
                Some(v) => (EntityType::Number, Value::Number(v)),
                None => continue,
            },
            _ => continue,
        };
        add(&mut out, kind, Some(value), t.bytes.clone(), "protect");
    }
    out.sort_by_key(|e| e.mentions[0].start);
    out
}

/// Adds a name's mention to the entity of the same type with the same text,
/// or starts one; [`join_surnames`] then joins a surname alone to its full
/// name.
fn add_name(
    out: &mut Vec<Entity>,
    text: &str,
    kind: EntityType,
    bytes: std::ops::Range<usize>,
    confidence: f32,
) {
    let name = &text[bytes.clone()];
    let same = |e: &Entity| e.kind == kind && e.mentions.iter().any(|m| &text[m.clone()] == name);
    if let Some(e) = out.iter_mut().find(|e| same(e)) {
        e.mentions.push(bytes);
        e.confidence = e.confidence.max(confidence);
    } else {
        out.push(Entity {
            kind,
            mentions: vec![bytes],
            value: None,
            confidence,
            source: "model",
        });
    }
}

/// Moves a one-word person (`شمخانی`), before or after the full name, into
/// the person whose name ends with it (`علی شمخانی`), when exactly one does.
fn join_surnames(out: &mut Vec<Entity>, text: &str) {
    let person = |e: &Entity| e.kind == EntityType::Person && e.source == "model";
    let mut k = 0;
    while k < out.len() {
        let name = &text[out[k].mentions[0].clone()];
        if !person(&out[k]) || name.contains(' ') {
            k += 1;
            continue;
        }
        let full: Vec<usize> = (0..out.len())
            .filter(|&j| {
                j != k
                    && person(&out[j])
                    && out[j].mentions.iter().any(|m| {
                        let other = &text[m.clone()];
                        other.contains(' ') && other.rsplit(' ').next() == Some(name)
                    })
            })
            .collect();
        if let [j] = full[..] {
            let moved = out.remove(k);
            let j = if j > k { j - 1 } else { j };
            out[j].mentions.extend(moved.mentions);
            out[j].mentions.sort_by_key(|m| m.start);
            out[j].confidence = out[j].confidence.max(moved.confidence);
        } else {
            k += 1;
        }
    }
}

/// Adds a mention: to the entity of the same type and value if there is one
/// (values that are not fixed, such as relative dates, are not merged).
fn add(
    out: &mut Vec<Entity>,
    kind: EntityType,
    value: Option<Value>,
    bytes: std::ops::Range<usize>,
    source: &'static str,
) {
    let fixed = value.as_ref().is_some_and(|v| *v != Value::Relative);
    if let Some(e) = out
        .iter_mut()
        .find(|e| fixed && e.kind == kind && e.value == value)
    {
        e.mentions.push(bytes);
    } else {
        out.push(Entity {
            kind,
            mentions: vec![bytes],
            value,
            confidence: 1.0,
            source,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::single_range_in_vec_init)] // one mention, on purpose
    fn person(text: &str, name: &str, from: usize) -> Entity {
        let start = text[from..].find(name).expect("name in text") + from;
        Entity {
            kind: EntityType::Person,
            mentions: vec![start..start + name.len()],
            value: None,
            confidence: 0.9,
            source: "model",
        }
    }

    #[test]
    fn a_surname_before_the_full_name_joins_it() {
        let text = "شمخانی گفت که علی شمخانی و حسن روحانی و شمخانی";
        let mut out = vec![
            person(text, "شمخانی", 0),
            person(text, "علی شمخانی", 0),
            person(text, "حسن روحانی", 0),
        ];
        join_surnames(&mut out, text);
        let names: Vec<Vec<&str>> = out
            .iter()
            .map(|e| e.mentions.iter().map(|m| &text[m.clone()]).collect())
            .collect();
        assert_eq!(names, [vec!["شمخانی", "علی شمخانی"], vec!["حسن روحانی"]]);
    }

    #[test]
    fn numbers() {
        let cases = [
            ("1,234.5", Some(1234.5)),
            ("۱۰٫۵", Some(10.5)),
            ("۱۲/۵", Some(12.5)),
            ("۱۴۰۲", Some(1402.0)),
            ("۱۴۰۲/۰۵/۱۲", None),
        ];
        for (s, v) in cases {
            assert_eq!(parse_number(s), v, "{s}");
        }
    }
}
