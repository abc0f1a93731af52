//! Entities that protection already found: URLs, emails, mentions, hashtags and
//! numbers written with digits, with their resolved values. Mentions with the
//! same type and canonical value are grouped into one entity.
//!
//! Dates and times need calendar conversion and are left to the date extractor.

use crate::text::script::digit_value;
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

/// Collects the protected-token entities of a tokenized text.
/// `text` is the normalized text the tokens are byte ranges of.
pub fn from_tokens(text: &str, tokens: &[Token]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for t in tokens {
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
        if let Some(e) = out
            .iter_mut()
            .find(|e| e.kind == kind && e.value.as_ref() == Some(&value))
        {
            e.mentions.push(t.bytes.clone());
        } else {
            out.push(Entity {
                kind,
                mentions: vec![t.bytes.clone()],
                value: Some(value),
                confidence: 1.0,
                source: "protect",
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse_number;

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
