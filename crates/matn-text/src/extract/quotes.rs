//! Quotes with their speakers, as news reports them.
//!
//! A reporting verb (`گفت`, `افزود`, `تأکید کرد`, `خاطرنشان کرد`, `اظهار
//! کرد`, `عنوان کرد`...) opens or closes the quoted words:
//! - direct, after a colon: `شمخانی گفت: مردم ...` up to the sentence end, or
//!   the `«…»` right after the colon;
//! - direct, before the speaker: `«…»، وزیر گفت.`;
//! - reported, after `که`: `وی تأکید کرد که ...`;
//! - reported, in a `با بیان اینکه …،` clause before the verb;
//! - reported, as the object of `عنوان کرد` / `ارزیابی کرد` / `توصیف کرد`
//!   (`شمخانی اجلاس را گامی مؤثر عنوان کرد`);
//! - `به گفته X، …`: the rest of the sentence, said by X.
//!
//! The speaker is the first person named in the clause before the verb, or
//! an organization that opens it; else a pronoun (`وی`, `او`), which stands for the speaker
//! of the quote before it; else the words that open the clause up to the
//! first function word (`سخنگوی وزارت امور خارجه`).

use super::attributions::Attribution;
use crate::extract::document::Document;
use crate::extract::entity::{self, Entity, EntityType, MentionTokens as Name};
use crate::token::TokenKind;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// One quote; ranges are bytes of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The quoted words.
    pub bytes: Range<usize>,
    pub speaker: Option<Range<usize>>,
    /// The index in the entity list of the person or organization speaking.
    pub speaker_entity: Option<usize>,
    /// The reporting verb (`گفت`, `تأکید کرد`, `به گفته`).
    pub verb: Range<usize>,
    pub direct: bool,
}

/// Reporting verbs of one word (past, present, perfect).
const VERBS: &[&str] = &[
    "گفت",
    "افزود",
    "نوشت",
    "پرسید",
    "می‌گوید",
    "می‌افزاید",
    "می‌نویسد",
    "گفته‌است",
];

/// Participles that report speech with `است` or `بود` after them.
const PARTICIPLES: &[&str] = &["گفته", "افزوده", "نوشته"];

/// The first word of two-word reporting verbs.
const NONVERBAL: &[&str] = &[
    "تأکید",
    "تاکید",
    "خاطرنشان",
    "خاطر‌نشان",
    "اظهار",
    "عنوان",
    "تصریح",
    "اعلام",
    "بیان",
    "یادآور",
    "یادآوری",
    "توضیح",
    "اضافه",
    "هشدار",
    "مدعی",
    "ادعا",
    "اذعان",
    "ادامه",
    "اشاره",
    "ارزیابی",
    "توصیف",
];

/// Light verbs after them.
const LIGHT: &[&str] = &[
    "کرد",
    "کرده",
    "می‌کند",
    "داشت",
    "داشته",
    "می‌دارد",
    "شد",
    "شده",
    "می‌شود",
    "داد",
    "داده",
    "می‌دهد",
];

/// Verbs whose object is the reported judgement (`X را Y عنوان کرد`).
const JUDGING: &[&str] = &["عنوان", "ارزیابی", "توصیف"];

/// Words that end a speaker written as a title (`سخنگوی دولت`).
const STOP: &[&str] = &[
    "در",
    "با",
    "به",
    "از",
    "که",
    "را",
    "و",
    "نیز",
    "هم",
    "ضمن",
    "طی",
    "پس",
    "پیش",
    "روز",
    "امروز",
    "دیروز",
    "برای",
    "درباره",
    "بر",
    "تا",
    "این",
    "آن",
    "اینکه",
];

const PRONOUNS: &[&str] = &["وی", "او"];

/// The longest title taken as a speaker.
const MAX_TITLE: usize = 8;

/// What a word is in a reporting verb.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Verb,
    Participle,
    Nonverbal,
}

/// The words reporting verbs begin with, looked up once per token.
fn reporting_words() -> &'static FxHashMap<&'static str, Role> {
    static WORDS: OnceLock<FxHashMap<&'static str, Role>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let roles = [
            (VERBS, Role::Verb),
            (PARTICIPLES, Role::Participle),
            (NONVERBAL, Role::Nonverbal),
        ];
        roles
            .iter()
            .flat_map(|(words, role)| words.iter().map(move |w| (*w, *role)))
            .collect()
    })
}

/// The reporting verb at token `i` of `doc` within `end`: its token range.
fn reporting_verb(doc: &Document, i: usize, end: usize) -> Option<Range<usize>> {
    let word = doc.word(i);
    let aux = |k: usize| k < end && matches!(doc.word(k), "است" | "بود" | "بوده");
    let role = reporting_words().get(word).copied();
    if role == Some(Role::Verb) {
        return Some(i..i + 1);
    }
    if role == Some(Role::Participle) && aux(i + 1) {
        return Some(i..i + 2);
    }
    if role == Some(Role::Nonverbal) && i + 1 < end && LIGHT.contains(&doc.word(i + 1)) {
        let light = doc.word(i + 1);
        let perfect = matches!(light, "کرده" | "داشته" | "شده" | "داده");
        if perfect && !aux(i + 2) {
            return None;
        }
        // `یادآور شد`, `مدعی شد`: only these take `شد`.
        let with_shod = matches!(word, "یادآور" | "مدعی");
        if light.contains("شد") || light.contains("شو") {
            return with_shod.then_some(i..i + 2 + usize::from(perfect));
        }
        if with_shod {
            return None;
        }
        return Some(i..i + 2 + usize::from(perfect));
    }
    None
}

/// Whether token `i` of `doc` ends its sentence (`.`, `!`, `؟`) or is past it.
fn is_final(doc: &Document, i: usize, end: usize) -> bool {
    i >= end || matches!(doc.at(i), "." | "!" | "؟" | "?" | "…")
}

/// The end of sentence tokens `start..end` of `doc` without its final marks.
fn content_end(doc: &Document, start: usize, end: usize) -> usize {
    let mut e = end;
    while e > start && is_final(doc, e - 1, end) {
        e -= 1;
    }
    e
}

/// The quotes in `doc`, in text order. `entities` name the
/// speakers; `attributions` are skipped when looking for one.
pub fn find(doc: &Document, entities: &[Entity], attributions: &[Attribution]) -> Vec<Quote> {
    let tokens = doc.tokens;
    let names = entity::mention_tokens(tokens, entities);
    let mut out: Vec<Quote> = Vec::new();
    // Attributions are in text order, as sentences are: a cursor walks them.
    let mut next_attribution = 0;
    for s in doc.sentences {
        let (start, end) = (s.tokens.start, s.tokens.end);
        // The clause opens after the attributions that lead the sentence
        // (`به گزارش ایسنا، ...`) and the punctuation after them.
        let mut clause = start;
        let sentence_start = tokens.get(start).map_or(usize::MAX, |t| t.bytes.start);
        while attributions
            .get(next_attribution)
            .is_some_and(|a| a.bytes.start < sentence_start)
        {
            next_attribution += 1;
        }
        let sentence_end = tokens.get(end.max(1) - 1).map_or(0, |t| t.bytes.end);
        while let Some(a) = attributions
            .get(next_attribution)
            .filter(|a| a.bytes.start < sentence_end)
        {
            next_attribution += 1;
            if clause < end && tokens[clause].bytes.start == a.bytes.start {
                clause = tokens.partition_point(|t| t.bytes.start < a.bytes.end);
                while clause < end && tokens[clause].kind == TokenKind::Punctuation {
                    clause += 1;
                }
            }
        }
        if let Some(q) = according_to(doc, &names, clause, end) {
            out.push(q);
            continue;
        }
        if let Some(q) = quote_first(doc, &names, &out, clause, end) {
            out.push(q);
            continue;
        }
        let mut i = clause;
        // Where the words before the next verb begin (after a quote's end).
        let mut from = clause;
        while i < end {
            let Some(verb) = reporting_verb(doc, i, end) else {
                i += 1;
                continue;
            };
            let after = verb.end;
            let (quoted, direct) = if doc.at(after) == ":" || doc.at(after) == "：" {
                let q0 = after + 1;
                if doc.at(q0) == "«" {
                    let close = (q0 + 1..end).find(|&k| doc.at(k) == "»").unwrap_or(end);
                    (q0 + 1..close, true)
                } else {
                    (q0..content_end(doc, q0, end), true)
                }
            } else if doc.word(after) == "که" {
                (after + 1..content_end(doc, after + 1, end), false)
            } else if let Some(r) = that_clause(doc, from, verb.start) {
                (r, false)
            } else if JUDGING.contains(&doc.word(verb.start)) {
                let sp = speaker(doc, &names, &out, from, verb.start);
                let q0 = sp.as_ref().map_or(from, |(r, _)| r.end);
                (q0..verb.start, false)
            } else {
                i = after;
                continue;
            };
            if quoted.is_empty() {
                i = after;
                continue;
            }
            let sp = speaker(doc, &names, &out, from, verb.start);
            out.push(Quote {
                bytes: doc.bytes(quoted.clone()),
                speaker: sp.as_ref().map(|(r, _)| doc.bytes(r.clone())),
                speaker_entity: sp.and_then(|(_, e)| e),
                verb: doc.bytes(verb.clone()),
                direct,
            });
            // A verb joined by `و` to this one shares its speaker
            // (`عنوان کرد و افزود: ...`); a quote after the verb ends the search.
            if quoted.start >= after {
                i = quoted.end.max(after);
                from = i;
            } else {
                i = after;
            }
        }
    }
    out
}

/// `با بیان اینکه X، گفت`: the words after `اینکه` up to the last comma
/// before the verb.
fn that_clause(doc: &Document, from: usize, verb: usize) -> Option<Range<usize>> {
    let that = (from..verb).find(|&k| {
        doc.word(k) == "اینکه" || (doc.word(k) == "این" && doc.word(k + 1) == "که" && k + 1 < verb)
    })?;
    let q0 = if doc.word(that) == "اینکه" {
        that + 1
    } else {
        that + 2
    };
    let comma = (q0..verb).rev().find(|&k| matches!(doc.at(k), "،" | ","))?;
    (comma > q0).then_some(q0..comma)
}

/// `به گفته X، ...`: X speaks the rest of the sentence.
fn according_to(doc: &Document, names: &[Name], start: usize, end: usize) -> Option<Quote> {
    if !(doc.word(start) == "به" && doc.word(start + 1) == "گفته") {
        return None;
    }
    let sp0 = start + 2;
    let comma = (sp0..end.min(sp0 + MAX_TITLE + 1)).find(|&k| matches!(doc.at(k), "،" | ","))?;
    if comma == sp0 {
        return None;
    }
    let q0 = comma + 1;
    let q1 = content_end(doc, q0, end);
    if q1 <= q0 {
        return None;
    }
    let entity = entity::starting_in(names, sp0..comma)
        .iter()
        .find(|n| {
            n.tokens.end <= comma && matches!(n.kind, EntityType::Person | EntityType::Organization)
        })
        .map(|n| n.entity);
    Some(Quote {
        bytes: doc.bytes(q0..q1),
        speaker: Some(doc.bytes(sp0..comma)),
        speaker_entity: entity,
        verb: doc.bytes(start..start + 2),
        direct: false,
    })
}

/// `«…»، وزیر گفت.`: a quotation that opens the sentence, its speaker and
/// verb after it.
fn quote_first(
    doc: &Document,
    names: &[Name],
    earlier: &[Quote],
    start: usize,
    end: usize,
) -> Option<Quote> {
    if doc.at(start) != "«" {
        return None;
    }
    let close = (start + 1..end).find(|&k| doc.at(k) == "»")?;
    let mut k = close + 1;
    while k < end && matches!(doc.at(k), "،" | "," | "؛") {
        k += 1;
    }
    // `این را وزیر گفت`
    if doc.word(k) == "این" && doc.word(k + 1) == "را" {
        k += 2;
    }
    let last = content_end(doc, k, end);
    let verb = (k..last).find_map(|v| reporting_verb(doc, v, end).filter(|r| r.end == last))?;
    if close <= start + 1 {
        return None;
    }
    let sp = speaker(doc, names, earlier, k, verb.start);
    Some(Quote {
        bytes: doc.bytes(start + 1..close),
        speaker: sp.as_ref().map(|(r, _)| doc.bytes(r.clone())),
        speaker_entity: sp.and_then(|(_, e)| e),
        verb: doc.bytes(verb),
        direct: true,
    })
}

/// The speaker in tokens `from..verb`: its tokens and entity.
fn speaker(
    doc: &Document,
    names: &[Name],
    earlier: &[Quote],
    from: usize,
    verb: usize,
) -> Option<(Range<usize>, Option<usize>)> {
    if from >= verb {
        return None;
    }
    let near = entity::starting_in(names, from..verb);
    // A person before the verb (a title may precede the name), but not one
    // after a preposition (`در دیدار با علی شمخانی`), who is spoken to or
    // about; an organization only as the clause's first words.
    let object = |n: &Name| {
        n.tokens.start > from
            && matches!(
                doc.word(n.tokens.start - 1),
                "با" | "از" | "به" | "برای" | "درباره" | "علیه" | "نزد"
            )
    };
    let named = near
        .iter()
        .filter(|n| n.tokens.end <= verb)
        .find(|n| n.kind == EntityType::Person && !object(n))
        .or_else(|| {
            near.iter()
                .find(|n| n.kind == EntityType::Organization && n.tokens.start == from)
        });
    if let Some(n) = named {
        return Some((n.tokens.clone(), Some(n.entity)));
    }
    if PRONOUNS.contains(&doc.word(from)) {
        let before = earlier.last().and_then(|q| q.speaker_entity);
        return Some((from..from + 1, before));
    }
    let mut k = from;
    while k < verb && k - from < MAX_TITLE {
        let word = doc.word(k);
        if word.is_empty() || STOP.contains(&word) {
            break;
        }
        k += 1;
    }
    (k > from).then_some((from..k, None))
}

#[cfg(test)]
mod tests {
    use crate::Features;

    /// The quotes of `text`: speaker, verb, quoted words, direct.
    fn quotes(text: &str) -> Vec<(String, String, String, bool)> {
        let a = crate::analyze_for_test(text, Features::ALL);
        let t = a.normalized.text();
        a.quotes
            .iter()
            .map(|q| {
                (
                    q.speaker
                        .clone()
                        .map(|r| t[r].to_string())
                        .unwrap_or_default(),
                    t[q.verb.clone()].to_string(),
                    t[q.bytes.clone()].to_string(),
                    q.direct,
                )
            })
            .collect()
    }

    #[test]
    fn quote_forms() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str, bool)]);
        let cases: &[Case] = &[
            (
                "سخنگوی دولت گفت: قیمت‌ها ثابت می‌ماند.",
                &[("سخنگوی دولت", "گفت", "قیمت‌ها ثابت می‌ماند", true)],
            ),
            (
                "وزیر نفت در این نشست تأکید کرد: «تولید افزایش می‌یابد.»",
                &[("وزیر نفت", "تأکید کرد", "تولید افزایش می‌یابد.", true)],
            ),
            (
                "وی خاطرنشان کرد که تولید افزایش می‌یابد.",
                &[("وی", "خاطرنشان کرد", "تولید افزایش می‌یابد", false)],
            ),
            (
                "وزیر نفت با بیان اینکه تولید افزایش می‌یابد، افزود: صادرات هم بیشتر می‌شود.",
                &[("وزیر نفت", "افزود", "صادرات هم بیشتر می‌شود", true)],
            ),
            (
                "وزیر نفت با بیان اینکه تولید افزایش می‌یابد، اظهار کرد.",
                &[("وزیر نفت", "اظهار کرد", "تولید افزایش می‌یابد", false)],
            ),
            (
                "به گفته وزیر نفت، تولید افزایش می‌یابد.",
                &[("وزیر نفت", "به گفته", "تولید افزایش می‌یابد", false)],
            ),
            (
                "«تولید افزایش می‌یابد»، وزیر نفت گفت.",
                &[("وزیر نفت", "گفت", "تولید افزایش می‌یابد", true)],
            ),
            (
                "وزیر نفت این طرح را گامی مؤثر عنوان کرد.",
                &[("وزیر نفت", "عنوان کرد", "این طرح را گامی مؤثر", false)],
            ),
            (
                "به گزارش ایسنا، سخنگوی دولت گفته است: قیمت‌ها ثابت می‌ماند.",
                &[("سخنگوی دولت", "گفته است", "قیمت‌ها ثابت می‌ماند", true)],
            ),
            // A person after a preposition is spoken to, not speaking.
            (
                "وزیر نفت در دیدار با علی شمخانی گفت: تولید افزایش می‌یابد.",
                &[("وزیر نفت", "گفت", "تولید افزایش می‌یابد", true)],
            ),
            // Not reported speech.
            ("وزارت نفت افزایش قیمت را اعلام کرد.", &[]),
            ("گفت‌وگو ادامه دارد.", &[]),
            ("این نکته گفته شد.", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String, String, bool)> = want
                .iter()
                .map(|(s, v, q, d)| (s.to_string(), v.to_string(), q.to_string(), *d))
                .collect();
            assert_eq!(quotes(text), want, "{text}");
        }
    }

    #[test]
    fn a_pronoun_speaker_is_the_speaker_before_it() {
        let text = "علی شمخانی گفت: همکاری ادامه دارد. او افزود: نشست بعدی در تهران است.";
        let a = crate::analyze_for_test(text, Features::ALL);
        let t = a.normalized.text();
        let speakers: Vec<(&str, Option<&str>)> = a
            .quotes
            .iter()
            .map(|q| {
                (
                    &t[q.speaker.clone().expect("speaker")],
                    q.speaker_entity
                        .map(|e| &t[a.entities[e].mentions[0].clone()]),
                )
            })
            .collect();
        assert_eq!(
            speakers,
            [
                ("علی شمخانی", Some("علی شمخانی")),
                ("او", Some("علی شمخانی"))
            ]
        );
    }
}
