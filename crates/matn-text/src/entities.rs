//! Entities: value entities found by rule (dates, times, money, percentages,
//! numbers in words; see [`crate::extract`]), people, places and
//! organizations found by the model and the context rules ([`names`]), and
//! those protection already found: URLs, emails, mentions, hashtags and
//! numbers written with digits. Mentions with the same type and resolved value, or
//! names with the same text (and a person's surname alone), are grouped into
//! one entity.

use crate::extract::calendar::Date;
use crate::extract::document::Document;
use crate::extract::entity::{Entity, EntityType, Source, Value};
use crate::extract::names;
use crate::extract::numbers::parse_number;
use crate::extract::values;
use crate::extract::values::Shift;
use crate::resources::Resources;
use crate::token::TokenKind;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// The entities of a tokenized document: value entities found by rule
/// (`found`, from [`values::find`]), names found by the model in each
/// sentence and changed by the context rules ([`names::find`]) where they
/// overlap no value, then the protected tokens outside the values. Names are
/// looked for only in `persian` text: the model and the rules know no other.
///
/// `today`, the document's date, resolves the relative dates that fix a day
/// or a week.
pub fn from_document(
    resources: &Resources,
    doc: &Document,
    found: Vec<values::ValueMention>,
    today: Option<Date>,
    persian: bool,
) -> Vec<Entity> {
    let mut entities = Collected::default();
    let values = entities.add_values(doc, found, today);
    let sentences: Vec<Range<usize>> = match persian {
        true => doc.sentences.iter().map(|s| s.tokens.clone()).collect(),
        false => Vec::new(),
    };
    entities.add_names(resources, doc, &sentences, &values);
    names::join_surnames(&mut entities.list, doc.text);
    names::repeat_names(resources.lexicon, &mut entities.list, doc);
    entities.add_protected(doc, &values.covered);
    let mut out = entities.list;
    out.sort_by_key(|e| e.mentions[0].start);
    out
}

/// Where the value entities are.
struct ValueSpans {
    /// Per token: part of a value mention.
    covered: Vec<bool>,
    /// The value mentions' bytes, in text order; they do not overlap.
    bytes: Vec<Range<usize>>,
}

impl ValueSpans {
    /// Whether `bytes` overlap a value mention. The first mention that ends
    /// after `bytes` start is the only one that can.
    fn overlap(&self, bytes: &Range<usize>) -> bool {
        let i = self.bytes.partition_point(|v| v.end <= bytes.start);
        self.bytes.get(i).is_some_and(|v| v.start < bytes.end)
    }
}

/// The entities found so far, and indexes to find one again.
#[derive(Default)]
struct Collected {
    list: Vec<Entity>,
    /// Value entities by type and value. They come first and are never
    /// removed, so their indexes hold.
    by_value: FxHashMap<String, usize>,
    /// Names by type and text; only added to before `names::join_surnames`
    /// removes any.
    by_name: FxHashMap<String, usize>,
}

impl Collected {
    /// Adds the value entities `found`, resolving relative dates by `today`.
    fn add_values(
        &mut self,
        doc: &Document,
        found: Vec<values::ValueMention>,
        today: Option<Date>,
    ) -> ValueSpans {
        let mut spans = ValueSpans {
            covered: vec![false; doc.tokens.len()],
            bytes: Vec::with_capacity(found.len()),
        };
        for f in found {
            spans.covered[f.tokens.clone()]
                .iter_mut()
                .for_each(|c| *c = true);
            let bytes = doc.bytes(f.tokens.clone());
            spans.bytes.push(bytes.clone());
            let value = match (today, f.value, f.kind) {
                (Some(today), Some(Value::Relative(None)), EntityType::Date) => {
                    Some(Value::Relative(relative_date(doc, f.tokens, today)))
                }
                (_, value, _) => value,
            };
            self.add_value(f.kind, value, bytes, Source::Rule);
        }
        spans
    }

    /// Adds the names in `sentences` (token ranges) that overlap no value
    /// ([`names::find`]), grouped by type and text.
    fn add_names(
        &mut self,
        resources: &Resources,
        doc: &Document,
        sentences: &[Range<usize>],
        values: &ValueSpans,
    ) {
        let on_value = |bytes: &Range<usize>| values.overlap(bytes);
        let found = names::find(
            resources.names(),
            resources.lexicon,
            doc,
            sentences,
            &on_value,
        );
        for (n, source) in found {
            self.add_name(
                doc.text,
                n.kind.entity_type(),
                n.bytes,
                n.confidence,
                source,
            );
        }
    }

    /// Adds the URLs, emails, mentions, hashtags and numbers protection
    /// found, outside the `covered` tokens.
    fn add_protected(&mut self, doc: &Document, covered: &[bool]) {
        for (t, _) in doc.tokens.iter().zip(covered).filter(|(_, &c)| !c) {
            if let Some((kind, value)) = protected_value(t.kind, &doc.text[t.bytes.clone()]) {
                self.add_value(kind, Some(value), t.bytes.clone(), Source::Protect);
            }
        }
    }

    /// Adds a mention: to the entity of the same type and value if there is
    /// one (values that are not fixed, such as relative dates, are not merged).
    fn add_value(
        &mut self,
        kind: EntityType,
        value: Option<Value>,
        bytes: Range<usize>,
        source: Source,
    ) {
        let fixed = value
            .as_ref()
            .is_some_and(|v| !matches!(v, Value::Relative(_)));
        // Debug output tells every value apart (floats print to round-trip).
        let key = fixed.then(|| format!("{kind:?}\u{0}{value:?}"));
        if let Some(&k) = key.as_ref().and_then(|key| self.by_value.get(key)) {
            self.list[k].mentions.push(bytes);
            return;
        }
        if let Some(key) = key {
            self.by_value.insert(key, self.list.len());
        }
        self.list.push(Entity {
            kind,
            mentions: vec![bytes],
            value,
            confidence: 1.0,
            source,
        });
    }

    /// Adds a name's mention to the entity of the same type with the same
    /// text, or starts one; [`names::join_surnames`] then joins a surname alone to
    /// its full name.
    fn add_name(
        &mut self,
        text: &str,
        kind: EntityType,
        bytes: Range<usize>,
        confidence: f32,
        source: Source,
    ) {
        let key = format!("{kind:?}\u{0}{}", &text[bytes.clone()]);
        if let Some(&k) = self.by_name.get(&key) {
            let e = &mut self.list[k];
            e.mentions.push(bytes);
            e.confidence = e.confidence.max(confidence);
        } else {
            self.by_name.insert(key, self.list.len());
            self.list.push(Entity {
                kind,
                mentions: vec![bytes],
                value: None,
                confidence,
                source,
            });
        }
    }
}

/// The ISO date or week a relative date (tokens `range`) names, counted from
/// `today`; `None` if its words fix no day or week, or it falls outside the
/// years ISO 8601 writes (1 to 9999).
fn relative_date(doc: &Document, range: Range<usize>, today: Date) -> Option<String> {
    let words: Vec<&str> = doc.tokens[range]
        .iter()
        .map(|t| &doc.text[t.bytes.clone()])
        .collect();
    let in_range = |d: Date| (1..=9999).contains(&d.year).then_some(d);
    match values::shift(&words)? {
        Shift::Days(n) => in_range(today.add_days(n)).map(|d| d.iso()),
        Shift::Weeks(n) => in_range(today.add_days(7 * n)).map(|d| d.iso_week()),
    }
}

/// The entity a protected token is: its type and value. A number that does
/// not parse is none.
fn protected_value(kind: TokenKind, s: &str) -> Option<(EntityType, Value)> {
    Some(match kind {
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
        TokenKind::Number => (EntityType::Number, Value::Number(parse_number(s)?)),
        _ => return None,
    })
}
