//! Names of people, places and organizations, in one place: the model finds
//! them in each sentence ([`model`]), the context rules make or change them
//! ([`context`]), and this module trims them, joins what the gazetteers
//! say is one name (a first name and its surname, a compound surname ending
//! in a place's `ی`, an organization listed whole), groups a surname alone
//! with its full name, finds the mentions the model missed, and makes the
//! organizations news attributions name.

pub mod context;
pub mod model;

use crate::extract::document::Document;
use crate::extract::entity::{is_name, Entity, EntityType, NameKind, Source};
use crate::lexicon::{Entry, Lexicon};
use crate::token::{Token, TokenKind};
use context::Name;
use model::{Listed, Model};
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

/// The names in `sentences` (token ranges of `doc`), in text order, each
/// with its source: the model's, trimmed ([`trim_name`]), where `on_value`
/// says they overlap no value mention; then as the context rules change
/// them and the names the rules add, where those overlap no value.
pub fn find(
    model: &Model,
    lexicon: &Lexicon,
    doc: &Document,
    sentences: &[Range<usize>],
    on_value: &dyn Fn(&Range<usize>) -> bool,
) -> Vec<(Name, Source)> {
    let text = doc.text;
    let sentence_bytes: Vec<Range<usize>> = sentences
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| doc.bytes(s.clone()))
        .collect();
    let found = model.find(lexicon, text, &sentence_bytes);
    let names: Vec<Name> = found
        .names
        .into_iter()
        .filter(|n| !on_value(&n.bytes))
        .map(|n| Name {
            kind: n.kind,
            bytes: trim_name(lexicon, text, n.kind.entity_type(), n.bytes),
            confidence: n.confidence,
            rule: None,
        })
        .collect();
    let names = join_first_names(model, text, names);
    let names = join_place_surnames(model, text, names);
    let names = listed_organizations(names, &found.listed);
    let listed_person = |w: &str| model.gazetteer_match(NameKind::Person, &[w]) == 1;
    context::apply(doc, sentences, names, &listed_person)
        .into_iter()
        .filter(|n| n.rule.is_none() || !on_value(&n.bytes))
        .map(|n| {
            let source = match n.rule {
                Some(_) => Source::Context,
                None => Source::Model,
            };
            (n, source)
        })
        .collect()
}

/// `[عیسی] [قاسم]` → `[عیسی قاسم]`: a person the model found that is one
/// listed name word (a first name, as a rule), with only a space before
/// another person, is that person's first name. `names` are in text order.
fn join_first_names(model: &Model, text: &str, names: Vec<Name>) -> Vec<Name> {
    let mut out: Vec<Name> = Vec::with_capacity(names.len());
    for n in names {
        if let Some(last) = out.last_mut() {
            let first = &text[last.bytes.clone()];
            let gap = text.get(last.bytes.end..n.bytes.start).unwrap_or("");
            let joins = last.kind == NameKind::Person
                && n.kind == NameKind::Person
                && gap == " "
                && !first.contains(' ')
                && model.gazetteer_match(NameKind::Person, &[first]) == 1;
            if joins {
                last.bytes.end = n.bytes.end;
                last.confidence = last.confidence.min(n.confidence);
                last.rule = Some(context::ContextRule::FirstName);
                continue;
            }
        }
        out.push(n);
    }
    out
}

/// `[غلامعلی صفایی] بوشهری` → `[غلامعلی صفایی بوشهری]`: a word made of
/// a place the gazetteer lists (not a country) and `ی`, after a person and
/// a space, is the last part of a compound surname. `names` are in text
/// order.
fn join_place_surnames(model: &Model, text: &str, mut names: Vec<Name>) -> Vec<Name> {
    for k in 0..names.len() {
        if names[k].kind != NameKind::Person {
            continue;
        }
        let from = names[k].bytes.end + 1;
        let Some(rest) = text
            .get(names[k].bytes.end..)
            .and_then(|r| r.strip_prefix(' '))
        else {
            continue;
        };
        let word = &rest[..rest
            .find(|c: char| !c.is_alphabetic() && c != '\u{200C}')
            .unwrap_or(rest.len())];
        let free = names
            .get(k + 1)
            .is_none_or(|n| n.bytes.start >= from + word.len());
        let place_surname = word.strip_suffix('ی').is_some_and(|place| {
            place.chars().count() >= 3
                && model.gazetteer_match(NameKind::Location, &[place]) == 1
                && !model.is_country(place)
        });
        if free && place_surname {
            names[k].bytes.end = from + word.len();
            names[k].rule = Some(context::ContextRule::PlaceSurname);
        }
    }
    names
}

/// `[سازمان بهداشت] جهانی` → `[سازمان بهداشت جهانی]`, and `[بانک جهانی]`
/// where the model found nothing: an organization the gazetteer lists as a
/// whole (`listed`) is one name. An organization the model found that a
/// listed one starts with grows to it, when no other name begins inside; a
/// listed one that overlaps no name is added. `names` and `listed` are in
/// text order, and so is the result.
fn listed_organizations(mut names: Vec<Name>, listed: &[Listed]) -> Vec<Name> {
    let mut added = Vec::new();
    for l in listed.iter().filter(|l| l.kind == NameKind::Organization) {
        // Names do not overlap, so their ends are in order too.
        let first = names.partition_point(|n| n.bytes.end <= l.bytes.start);
        let overlap = names[first..]
            .iter()
            .take_while(|n| n.bytes.start < l.bytes.end)
            .count();
        match overlap {
            0 => added.push(Name {
                kind: NameKind::Organization,
                bytes: l.bytes.clone(),
                confidence: context::RULE_CONFIDENCE,
                rule: Some(context::ContextRule::ListedOrganization),
            }),
            1 => {
                let n = &mut names[first];
                if n.kind == NameKind::Organization
                    && n.bytes.start == l.bytes.start
                    && n.bytes.end < l.bytes.end
                {
                    n.bytes.end = l.bytes.end;
                    n.rule = Some(context::ContextRule::ListedOrganization);
                }
            }
            _ => {}
        }
    }
    if !added.is_empty() {
        names.extend(added);
        names.sort_by_key(|n| n.bytes.start);
    }
    names
}

/// A name the model found without the words it took too many: stopwords
/// at either end and verbs (`آران نیوز افزود`), and after a person's name a
/// stopword (`شمخانی اولین`); a role after it (`لاورنتیف فرستاده`) is the
/// context rules' ([`context::apply`]). A person's first word is kept, and
/// so is a one-word name: on the dev sets both cost more names than they
/// saved.
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
pub fn join_surnames(out: &mut Vec<Entity>, text: &str) {
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
pub fn repeat_names(lex: &Lexicon, out: &mut [Entity], doc: &Document) {
    let (text, tokens) = (doc.text, doc.tokens);
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

    fn name(text: &str, kind: NameKind, words: &str) -> Name {
        let start = text.find(words).expect("name in text");
        Name {
            kind,
            bytes: start..start + words.len(),
            confidence: 0.9,
            rule: None,
        }
    }

    fn texts<'a>(text: &'a str, names: &[Name]) -> Vec<(NameKind, &'a str)> {
        names
            .iter()
            .map(|n| (n.kind, &text[n.bytes.clone()]))
            .collect()
    }

    #[test]
    fn a_place_word_after_a_person_ends_the_surname() {
        let model = Model::builtin();
        assert!(model.is_country("ایران") && !model.is_country("بوشهر"));
        for (text, person, want) in [
            (
                "غلامعلی صفایی بوشهری آمد",
                "غلامعلی صفایی",
                "غلامعلی صفایی بوشهری",
            ),
            // A country's word is a nationality, not a surname.
            ("علی کریمی ایرانی آمد", "علی کریمی", "علی کریمی"),
            // Nor a word no place list knows.
            ("علی کریمی امروزی آمد", "علی کریمی", "علی کریمی"),
        ] {
            let got = join_place_surnames(model, text, vec![name(text, NameKind::Person, person)]);
            assert_eq!(texts(text, &got), [(NameKind::Person, want)], "{text}");
        }
    }

    #[test]
    fn an_organization_listed_whole_is_one_name() {
        let model = Model::builtin();
        let text = "گزارش سازمان بهداشت جهانی و بانک جهانی در تهران";
        let whole = 0..text.len();
        let found = model.find(Lexicon::builtin(), text, std::slice::from_ref(&whole));
        let listed: Vec<(NameKind, &str)> = found
            .listed
            .iter()
            .filter(|l| l.kind == NameKind::Organization)
            .map(|l| (l.kind, &text[l.bytes.clone()]))
            .collect();
        assert_eq!(
            listed,
            [
                (NameKind::Organization, "سازمان بهداشت جهانی"),
                (NameKind::Organization, "بانک جهانی")
            ]
        );
        // The model's shorter name grows to the listed one; a listed one
        // the model missed is added; names elsewhere stay.
        let names = vec![
            name(text, NameKind::Organization, "سازمان بهداشت"),
            name(text, NameKind::Location, "تهران"),
        ];
        let got = listed_organizations(names, &found.listed);
        assert_eq!(
            texts(text, &got),
            [
                (NameKind::Organization, "سازمان بهداشت جهانی"),
                (NameKind::Organization, "بانک جهانی"),
                (NameKind::Location, "تهران"),
            ]
        );
        // A listed name over a person the model found is left to the model.
        let names = vec![name(text, NameKind::Person, "بانک")];
        let got = listed_organizations(names, &found.listed);
        assert_eq!(
            texts(text, &got),
            [
                (NameKind::Organization, "سازمان بهداشت جهانی"),
                (NameKind::Person, "بانک"),
            ]
        );
    }
}
