//! Entities: value entities found by rule (dates, times, money, percentages,
//! numbers in words; see [`crate::text::extract`]), people, places and
//! organizations found by the statistical model ([`ner`]), and those
//! protection already found: URLs, emails, mentions, hashtags and numbers
//! written with digits. Mentions with the same type and resolved value, or
//! names with the same text (and a person's surname alone), are grouped into
//! one entity.

use crate::text::extract::calendar::Date;
use crate::text::extract::context::{self, Name, WordInfo};
use crate::text::extract::entity::{is_name, Entity, EntityType, NameKind, Source, Value};
use crate::text::extract::ner::Model;
use crate::text::extract::numbers::parse_number;
use crate::text::extract::values;
use crate::text::extract::values::Shift;
use crate::text::lexicon::{Entry, Lexicon};
use crate::text::resources::Resources;
use crate::text::sentence::Sentence;
use crate::text::token::{Token, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

/// The tokenized document entities are found in.
#[derive(Clone, Copy)]
pub struct Tokenized<'a> {
    /// The normalized text the tokens are byte ranges of.
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Sentence],
    /// What each token is to the context rules.
    pub words: &'a [WordInfo<'a>],
}

/// The entities of a tokenized text: value entities found by rule
/// (`found`, from [`values::find`]), names found by the model in each sentence
/// ([`ner::find`]) where they overlap no value, then the protected tokens
/// outside the values.
///
/// `today`, the document's date, resolves the relative dates that fix a day
/// or a week.
pub fn from_tokens(
    resources: &Resources,
    doc: Tokenized,
    found: Vec<values::Found>,
    today: Option<Date>,
    names: bool,
) -> Vec<Entity> {
    let Tokenized {
        text,
        tokens,
        sentences,
        words,
    } = doc;
    let mut out: Vec<Entity> = Vec::new();
    // Entities by type and value, and names by type and text. Value
    // entities come first and are never removed, so their indexes hold;
    // names are only added to before `join_surnames` removes any.
    let mut values_index: FxHashMap<String, usize> = FxHashMap::default();
    let mut names_index: FxHashMap<String, usize> = FxHashMap::default();
    let mut covered = vec![false; tokens.len()];
    let mut value_bytes: Vec<std::ops::Range<usize>> = Vec::new();
    for f in found {
        covered[f.tokens.clone()].iter_mut().for_each(|c| *c = true);
        let bytes = tokens[f.tokens.start].bytes.start..tokens[f.tokens.end - 1].bytes.end;
        value_bytes.push(bytes.clone());
        let mut value = f.value;
        if let (Some(today), Some(Value::Relative(None)), EntityType::Date) =
            (today, &value, f.kind)
        {
            let words: Vec<&str> = tokens[f.tokens.clone()]
                .iter()
                .map(|t| &text[t.bytes.clone()])
                .collect();
            // ISO 8601 writes years 1 to 9999 only.
            let in_range = |d: Date| (1..=9999).contains(&d.year).then_some(d);
            let resolved = match values::shift(&words) {
                Some(Shift::Days(n)) => in_range(today.add_days(n)).map(|d| d.iso()),
                Some(Shift::Weeks(n)) => in_range(today.add_days(7 * n)).map(|d| d.iso_week()),
                None => None,
            };
            value = Some(Value::Relative(resolved));
        }
        add(
            &mut out,
            &mut values_index,
            f.kind,
            value,
            bytes,
            Source::Rule,
        );
    }
    // Names only in Persian text (`names`): the model and the context rules
    // know no other, and read no sentence here.
    let name_sentences = if names { sentences } else { &[] };
    let sentence_bytes: Vec<std::ops::Range<usize>> = name_sentences
        .iter()
        .filter(|s| !s.tokens.is_empty())
        .map(|s| tokens[s.tokens.start].bytes.start..tokens[s.tokens.end - 1].bytes.end)
        .collect();
    // A value mention wins over a name that overlaps it.
    // `value_bytes` are in text order and do not overlap: the first that
    // ends after a name starts is the only one that can overlap it.
    let on_value = |bytes: &Range<usize>| {
        let i = value_bytes.partition_point(|v| v.end <= bytes.start);
        value_bytes.get(i).is_some_and(|v| v.start < bytes.end)
    };
    let names: Vec<Name> = resources
        .names()
        .find(text, &sentence_bytes)
        .into_iter()
        .filter(|n| !on_value(&n.bytes))
        .map(|n| Name {
            kind: n.kind,
            bytes: trim_name(resources.lexicon, text, n.kind.entity_type(), n.bytes),
            confidence: n.confidence,
            rule: None,
        })
        .collect();
    let sentence_tokens: Vec<Range<usize>> =
        name_sentences.iter().map(|s| s.tokens.clone()).collect();
    for n in context::apply(text, tokens, words, &sentence_tokens, names) {
        if n.rule.is_some() && on_value(&n.bytes) {
            continue;
        }
        let source = if n.rule.is_some() {
            Source::Context
        } else {
            Source::Model
        };
        add_name(
            &mut out,
            &mut names_index,
            text,
            n.kind.entity_type(),
            n.bytes,
            n.confidence,
            source,
        );
    }
    join_surnames(&mut out, text);
    repeat_names(resources.lexicon, &mut out, text, tokens);
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
        add(
            &mut out,
            &mut values_index,
            kind,
            Some(value),
            t.bytes.clone(),
            Source::Protect,
        );
    }
    out.sort_by_key(|e| e.mentions[0].start);
    out
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

/// Adds a name's mention to the entity of the same type with the same text,
/// or starts one; [`join_surnames`] then joins a surname alone to its full
/// name.
fn add_name(
    out: &mut Vec<Entity>,
    index: &mut FxHashMap<String, usize>,
    text: &str,
    kind: EntityType,
    bytes: std::ops::Range<usize>,
    confidence: f32,
    source: Source,
) {
    let key = format!("{kind:?}\u{0}{}", &text[bytes.clone()]);
    if let Some(&k) = index.get(&key) {
        let e = &mut out[k];
        e.mentions.push(bytes);
        e.confidence = e.confidence.max(confidence);
    } else {
        index.insert(key, out.len());
        out.push(Entity {
            kind,
            mentions: vec![bytes],
            value: None,
            confidence,
            source,
        });
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
    text: &str,
    tokens: &[Token],
    sources: &[Range<usize>],
) {
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

/// Adds a mention: to the entity of the same type and value if there is one
/// (values that are not fixed, such as relative dates, are not merged).
/// `index` finds entities by type and value.
fn add(
    out: &mut Vec<Entity>,
    index: &mut FxHashMap<String, usize>,
    kind: EntityType,
    value: Option<Value>,
    bytes: std::ops::Range<usize>,
    source: Source,
) {
    let fixed = value
        .as_ref()
        .is_some_and(|v| !matches!(v, Value::Relative(_)));
    // Debug output tells every value apart (floats print to round-trip).
    let key = fixed.then(|| format!("{kind:?}\u{0}{value:?}"));
    if let Some(&k) = key.as_ref().and_then(|key| index.get(key)) {
        out[k].mentions.push(bytes);
        return;
    }
    if let Some(key) = key {
        index.insert(key, out.len());
    }
    out.push(Entity {
        kind,
        mentions: vec![bytes],
        value,
        confidence: 1.0,
        source,
    });
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
