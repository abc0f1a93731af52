//! Entities: value entities found by rule (dates, times, money, percentages,
//! numbers in words; see [`crate::text::extract`]), people, places and
//! organizations found by the statistical model ([`ner`]), and those
//! protection already found: URLs, emails, mentions, hashtags and numbers
//! written with digits. Mentions with the same type and resolved value, or
//! names with the same text (and a person's surname alone), are grouped into
//! one entity.

use crate::text::extract::calendar::Date;
use crate::text::extract::context::{self, Name};
use crate::text::extract::document::Document;
use crate::text::extract::entity::{is_name, Entity, EntityType, NameKind, Source, Value};
use crate::text::extract::ner::Model;
use crate::text::extract::numbers::parse_number;
use crate::text::extract::values;
use crate::text::extract::values::Shift;
use crate::text::lexicon::{Entry, Lexicon};
use crate::text::resources::Resources;
use crate::text::token::{Token, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

/// The entities of a tokenized document: value entities found by rule
/// (`found`, from [`values::find`]), names found by the model in each
/// sentence ([`ner`]) and changed by the context rules where they overlap no
/// value, then the protected tokens outside the values. Names are looked for
/// only if `names` (Persian text: the model and the rules know no other).
///
/// `today`, the document's date, resolves the relative dates that fix a day
/// or a week.
pub fn from_tokens(
    resources: &Resources,
    doc: &Document,
    found: Vec<values::ValueMention>,
    today: Option<Date>,
    names: bool,
) -> Vec<Entity> {
    let mut entities = Collected::default();
    let values = entities.add_values(doc, found, today);
    let sentences: Vec<Range<usize>> = match names {
        true => doc.sentences.iter().map(|s| s.tokens.clone()).collect(),
        false => Vec::new(),
    };
    entities.add_names(resources, doc, &sentences, &values);
    join_surnames(&mut entities.list, doc.text);
    repeat_names(resources.lexicon, &mut entities.list, doc.text, doc.tokens);
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
    /// Names by type and text; only added to before `join_surnames` removes any.
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

    /// Adds the names the model finds in `sentences` (token ranges) and the
    /// context rules make or change, where they overlap no value.
    fn add_names(
        &mut self,
        resources: &Resources,
        doc: &Document,
        sentences: &[Range<usize>],
        values: &ValueSpans,
    ) {
        let text = doc.text;
        let sentence_bytes: Vec<Range<usize>> = sentences
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| doc.bytes(s.clone()))
            .collect();
        let names: Vec<Name> = resources
            .names()
            .find(text, &sentence_bytes)
            .into_iter()
            .filter(|n| !values.overlap(&n.bytes))
            .map(|n| Name {
                kind: n.kind,
                bytes: trim_name(resources.lexicon, text, n.kind.entity_type(), n.bytes),
                confidence: n.confidence,
                rule: None,
            })
            .collect();
        for n in context::apply(doc, sentences, names) {
            if n.rule.is_some() && values.overlap(&n.bytes) {
                continue;
            }
            let source = if n.rule.is_some() {
                Source::Context
            } else {
                Source::Model
            };
            self.add_name(text, n.kind.entity_type(), n.bytes, n.confidence, source);
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
    /// text, or starts one; [`join_surnames`] then joins a surname alone to
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

/// A name the model found without the words it took too many: stopwords
/// at either end and verbs (`آران نیوز افزود`), and after a person's name a
/// stopword (`شمخانی اولین`); a role after it (`لاورنتیف فرستاده`) is the
/// context rules' (`context::apply`). A person's first word is kept, and so is a one-word name: on
/// the dev sets both cost more names than they saved.
fn trim_name(lex: &Lexicon, text: &str, kind: EntityType, mut bytes: Range<usize>) -> Range<usize> {
    let person = kind == EntityType::Person;
    let loose = |w: &str| {
        let e = lex.get(w);
        e.is(Entry::TOKEN_STOPWORD) || (!person && e.is(Entry::VERB))
    };
    loop {
        let name = &text[bytes.clone()];
        if let Some((rest, last)) = name.rsplit_once(' ') {
            if loose(last) {
                bytes.end = bytes.start + rest.len();
                continue;
            }
        }
        if let Some((first, rest)) = name.split_once(' ') {
            if !person && loose(first) {
                bytes.start = bytes.end - rest.len();
                continue;
            }
        }
        return bytes;
    }
}

/// Moves a one-word person (`شمخانی`), before or after the full name, into
/// the person whose name ends with it (`علی شمخانی`), when exactly one does.
fn join_surnames(out: &mut Vec<Entity>, text: &str) {
    let person = |e: &Entity| e.kind == EntityType::Person && e.source.is_guess();
    // Full names by their last word.
    let mut by_surname: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (j, e) in out.iter().enumerate().filter(|(_, e)| person(e)) {
        for m in &e.mentions {
            if let Some((_, last)) = text[m.clone()].rsplit_once(' ') {
                let full = by_surname.entry(last).or_default();
                if full.last() != Some(&j) {
                    full.push(j);
                }
            }
        }
    }
    let mut into: Vec<Option<usize>> = vec![None; out.len()];
    for (k, e) in out.iter().enumerate().filter(|(_, e)| person(e)) {
        let name = &text[e.mentions[0].clone()];
        if name.contains(' ') {
            continue;
        }
        if let Some([j]) = by_surname.get(name).map(Vec::as_slice) {
            if *j != k {
                into[k] = Some(*j);
            }
        }
    }
    for k in 0..out.len() {
        if let Some(j) = into[k] {
            let moved = std::mem::take(&mut out[k].mentions);
            let confidence = out[k].confidence;
            out[j].mentions.extend(moved);
            out[j].mentions.sort_by_key(|m| m.start);
            out[j].confidence = out[j].confidence.max(confidence);
        }
    }
    out.retain(|e| !e.mentions.is_empty());
}

/// Makes each source (bytes of `text`, an organization a news attribution
/// names) an organization: names found there with another type or extent give
/// way, and where its name stands elsewhere outside other names it is
/// mentioned too. The list stays in text order.
pub fn add_organizations(
    names_model: &Model,
    out: &mut Vec<Entity>,
    doc: &Document,
    sources: &[Range<usize>],
) {
    let (text, tokens) = (doc.text, doc.tokens);
    if sources.is_empty() {
        return;
    }
    let mut sorted: Vec<Range<usize>> = sources.to_vec();
    sorted.sort_by_key(|r| r.start);
    sorted.dedup();
    // The source a mention overlaps, if any.
    let overlapping = |m: &Range<usize>| {
        let i = sorted.partition_point(|s| s.end <= m.start);
        sorted.get(i).filter(|s| s.start < m.end)
    };
    let names: FxHashSet<&str> = sorted.iter().map(|s| &text[s.clone()]).collect();
    // Where the model called the same name something else, it is this
    // organization too, unless the name is a known place (`ایران` the
    // newspaper, `ایران` the country).
    let place = |name: &str| {
        let words: Vec<&str> = name.split(' ').collect();
        names_model.gazetteer_match(NameKind::Location, &words) == words.len()
    };
    let movable: FxHashSet<&str> = names.iter().copied().filter(|n| !place(n)).collect();
    // A name that begins with a source and goes on (`آران نیوز افزود`).
    let holds = |name: &str| {
        name.match_indices(' ')
            .any(|(at, _)| names.contains(&name[..at]))
    };
    let mut moved: Vec<Range<usize>> = Vec::new();
    for e in out.iter_mut().filter(|e| is_name(e.kind)) {
        let (kind, model) = (e.kind, e.source.is_guess());
        e.mentions.retain(|m| {
            let name = &text[m.clone()];
            match overlapping(m) {
                // Already this organization, or a name that gives way to it.
                Some(s) => kind == EntityType::Organization && m == s,
                None if kind != EntityType::Organization && movable.contains(name) => {
                    moved.push(m.clone());
                    false
                }
                // A model name that took the source and more gives way; the
                // source is found there again below.
                None => !(model && holds(name)),
            }
        });
    }
    out.retain(|e| !e.mentions.is_empty());
    // Each source joins the organization of its name, or starts one.
    let mut by_name: FxHashMap<&str, usize> = FxHashMap::default();
    for (k, e) in out.iter().enumerate() {
        if e.kind == EntityType::Organization {
            for m in &e.mentions {
                by_name.entry(&text[m.clone()]).or_insert(k);
            }
        }
    }
    for src in sorted.iter().chain(&moved) {
        let name = &text[src.clone()];
        match by_name.get(name) {
            Some(&k) => out[k].mentions.push(src.clone()),
            None => {
                by_name.insert(name, out.len());
                out.push(Entity {
                    kind: EntityType::Organization,
                    mentions: vec![src.clone()],
                    value: None,
                    // A cue names it for sure; where the name ends is read
                    // from the words, which can be wrong.
                    confidence: 0.9,
                    source: Source::Rule,
                });
            }
        }
    }
    for e in out.iter_mut() {
        e.mentions.sort_by_key(|m| m.start);
        e.mentions.dedup();
    }
    out.sort_by_key(|e| e.mentions[0].start);
    let wanted = out
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityType::Organization)
        .flat_map(|(k, e)| {
            let name = &text[e.mentions[0].clone()];
            names.contains(name).then(|| (name.to_string(), k))
        })
        .collect();
    add_occurrences(out, text, tokens, wanted);
}

/// Words at least this frequent (Zipf scale: 4.5 is 30 per million words)
/// are everyday words, not surnames to look for on their own.
const COMMON_ZIPF: f32 = 4.5;

/// Finds the other mentions of names the model found, which it missed in
/// another sentence: each name of two words or more, and a person's surname
/// alone (`شمخانی` after `علی شمخانی`), wherever they stand as whole tokens
/// outside other mentions, unless the surname is an everyday word.
/// One-word names are not repeated: a word the
/// model took for a name once (`رهبری`) is too often a plain word elsewhere.
fn repeat_names(lex: &Lexicon, out: &mut [Entity], text: &str, tokens: &[Token]) {
    let mut wanted: Vec<(String, usize)> = Vec::new();
    for (k, e) in out.iter().enumerate() {
        if !e.source.is_guess() || e.value.is_some() {
            continue;
        }
        for m in &e.mentions {
            let name = &text[m.clone()];
            if let Some((_, surname)) = name.rsplit_once(' ') {
                wanted.push((name.to_string(), k));
                // A surname that is also an everyday word (`روحانی`) is not
                // repeated.
                if e.kind == EntityType::Person && lex.zipf(surname) < COMMON_ZIPF {
                    wanted.push((surname.to_string(), k));
                }
            }
        }
    }
    add_occurrences(out, text, tokens, wanted);
}

/// Adds to entity `k` each occurrence of its `name` that stands as whole
/// tokens outside every mention, for each `(name, k)` of `wanted`.
fn add_occurrences(
    out: &mut [Entity],
    text: &str,
    tokens: &[Token],
    mut wanted: Vec<(String, usize)>,
) {
    if wanted.is_empty() {
        return;
    }
    let mut taken: Vec<Range<usize>> = out.iter().flat_map(|e| e.mentions.clone()).collect();
    taken.sort_by_key(|m| m.start);
    // By first word; longer names first, so a full name is not taken for
    // its surname.
    wanted.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
    wanted.dedup_by(|a, b| a.0 == b.0);
    let mut by_first: FxHashMap<&str, Vec<(&str, usize)>> = FxHashMap::default();
    for (name, k) in &wanted {
        let first = name.split(' ').next().unwrap_or_default();
        by_first.entry(first).or_default().push((name, *k));
    }
    let ends_word = |at: usize| {
        let i = tokens.partition_point(|t| t.bytes.end < at);
        tokens
            .get(i)
            .is_some_and(|t| t.bytes.end == at && t.kind == TokenKind::Word)
    };
    let mut found: Vec<(usize, Range<usize>)> = Vec::new();
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
        let Some(names) = by_first.get(&text[t.bytes.clone()]) else {
            continue;
        };
        for &(name, k) in names {
            let m = t.bytes.start..t.bytes.start + name.len();
            if text.get(m.clone()) != Some(name) || !ends_word(m.end) {
                continue;
            }
            // Found ones come in text order: only the last can overlap.
            let i = taken.partition_point(|t| t.end <= m.start);
            let overlaps = taken.get(i).is_some_and(|t| t.start < m.end)
                || found.last().is_some_and(|(_, f)| f.end > m.start);
            if !overlaps {
                found.push((k, m));
            }
            // Taken or not, shorter names at this token are not tried.
            break;
        }
    }
    let mut touched = Vec::new();
    for (k, m) in found {
        out[k].mentions.push(m);
        touched.push(k);
    }
    touched.sort_unstable();
    touched.dedup();
    for k in touched {
        out[k].mentions.sort_by_key(|m| m.start);
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
            source: Source::Model,
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
}
