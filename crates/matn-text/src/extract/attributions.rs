//! News-source attributions: the agency, paper or outlet a report cites.
//!
//! Two shapes, as Persian news writes them:
//! - a cue before the source: `به گزارش ایسنا،`, `به نقل از رویترز`,
//!   `بنا به گزارش`, `بر اساس گزارش`, `طبق گزارش`, `به روایت`;
//! - the source as the subject of `گزارش داد` / `گزارش کرد` / `گزارش داده
//!   است` / `گزارش می‌دهد` (`خبرگزاری رویترز روز دوشنبه گزارش داد`).
//!
//! The source is the organization named after the cue: a gazetteer
//! organization or a name the model found, else the words up to the next
//! punctuation or function word (`به گزارش آران نیوز:`). Words such as
//! `خبرنگار سیاسی` before the organization belong to the phrase, not the
//! source. A source that is a reporter (`به گزارش خبرنگار ما`) is kept but not
//! called an organization.

use crate::extract::document::Document;
use crate::extract::entity::{self, is_name, Entity, EntityType, MentionTokens as Name, NameKind};
use crate::extract::names::model::Model;
use std::ops::Range;

/// One attribution; ranges are bytes of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// The whole phrase: cue and source, or source and verb.
    pub bytes: Range<usize>,
    pub source: Range<usize>,
    /// The cue as normalized (`به گزارش`, `گزارش داد`).
    pub cue: String,
    /// Whether the source is an organization (not a reporter or a pronoun).
    pub organization: bool,
}

/// Cues written before the source.
const BEFORE: &[&[&str]] = &[
    &["به", "گزارش"],
    &["به", "نقل", "از"],
    &["بنا", "به", "گزارش"],
    &["بنابر", "گزارش"],
    &["بنا", "بر", "گزارش"],
    &["بر", "اساس", "گزارش"],
    &["براساس", "گزارش"],
    &["طبق", "گزارش"],
    &["به", "روایت"],
];

/// Verbs after `گزارش` that make its subject the source.
const REPORT_VERBS: &[&[&str]] = &[
    &["داده", "است"],
    &["داد"],
    &["کرد"],
    &["کرده", "است"],
    &["می‌دهد"],
    &["می‌کند"],
];

/// Words that end a source written after its cue: prepositions,
/// conjunctions, and words that start the clause the attribution opens.
const STOP: &[&str] = &[
    "به",
    "از",
    "در",
    "و",
    "که",
    "با",
    "برای",
    "درباره",
    "طی",
    "پس",
    "پیش",
    "روز",
    "امروز",
    "دیروز",
    "این",
    "آن",
    "وی",
    "او",
    "نیز",
    "هم",
    "تا",
    "بر",
    "را",
    "اما",
    "ولی",
];

/// Words that make the subject of `گزارش داد` a news outlet.
const OUTLETS: &[&str] = &[
    "خبرگزاری",
    "روزنامه",
    "شبکه",
    "پایگاه",
    "نشریه",
    "رسانه",
    "سایت",
    "وبگاه",
    "تلویزیون",
    "رادیو",
    "مجله",
    "هفته‌نامه",
    "ماهنامه",
    "خبرگزاری‌های",
    "رسانه‌های",
];

/// Words that make a source a person reporting, not an organization.
const REPORTERS: &[&str] = &[
    "خبرنگار",
    "خبرنگاران",
    "گزارشگر",
    "منابع",
    "منبع",
    "وی",
    "او",
];

/// The longest source written after its cue.
const MAX_SOURCE: usize = 8;

/// The attributions in `doc`, in text order. `entities` (the
/// names found so far) help to find where a source ends.
pub fn find(names_model: &Model, doc: &Document, entities: &[Entity]) -> Vec<Attribution> {
    let (text, tokens) = (doc.text, doc.tokens);
    // Names and values the model and rules found, as token ranges.
    let names = entity::mention_tokens(tokens, entities);
    let mut out = Vec::new();
    for s in doc.sentences {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            // Every cue begins with one of these words.
            if !matches!(
                doc.word(i),
                "به" | "بنا" | "بنابر" | "بر" | "براساس" | "طبق" | "گزارش"
            ) {
                i += 1;
                continue;
            }
            let starts = |cue: &[&str]| {
                (0..cue.len()).all(|k| i + k < s.tokens.end && doc.word(i + k) == cue[k])
            };
            if let Some(cue) = BEFORE.iter().find(|cue| starts(cue)) {
                let k = i + cue.len();
                if let Some(a) = after_cue(names_model, doc, &names, k, s.tokens.end) {
                    out.push(Attribution {
                        bytes: tokens[i].bytes.start..a.end,
                        source: a.source,
                        cue: cue.join(" "),
                        organization: a.organization,
                    });
                    i = a.next;
                    continue;
                }
                i = k;
                continue;
            }
            if doc.word(i) == "گزارش" && i > s.tokens.start {
                let verb = REPORT_VERBS.iter().find(|v| {
                    (0..v.len()).all(|k| i + 1 + k < s.tokens.end && doc.word(i + 1 + k) == v[k])
                });
                if let Some(verb) = verb {
                    let end = i + 1 + verb.len();
                    if let Some(a) = before_verb(names_model, doc, &names, s.tokens.start, i) {
                        out.push(Attribution {
                            bytes: a.start..tokens[end - 1].bytes.end,
                            source: a.source,
                            cue: text[tokens[i].bytes.start..tokens[end - 1].bytes.end].to_string(),
                            organization: a.organization,
                        });
                    }
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }
    out.sort_by_key(|a| a.bytes.start);
    out
}

struct SourcePhrase {
    source: Range<usize>,
    /// End byte of the whole phrase.
    end: usize,
    /// The token after the phrase.
    next: usize,
    organization: bool,
}

/// The mention that starts at token `at`, if any.
fn name_at(names: &[Name], at: usize) -> Option<&Name> {
    entity::starting_in(names, at..at + 1).first()
}

/// The source after a cue ending before token `k`.
fn after_cue(
    names_model: &Model,
    doc: &Document,
    names: &[Name],
    k: usize,
    end: usize,
) -> Option<SourcePhrase> {
    // The run of words that may name the source.
    let mut run_end = k;
    // The first name or gazetteer organization in the run (an organization
    // before any other): its tokens and type.
    let mut first: Option<(Range<usize>, EntityType)> = None;
    while run_end < end && run_end - k < MAX_SOURCE {
        let w = doc.word(run_end);
        if w.is_empty() {
            break;
        }
        if let Some(n) = name_at(names, run_end) {
            if !is_name(n.kind) {
                break;
            }
            let r = n.tokens.start..n.tokens.end.min(end);
            let org = first
                .as_ref()
                .is_some_and(|(_, kind)| *kind == EntityType::Organization);
            if first.is_none() || (!org && n.kind == EntityType::Organization) {
                first = Some((r, n.kind));
            }
            run_end = n.tokens.end.min(end);
            continue;
        }
        let words: Vec<&str> = (run_end..end.min(run_end + MAX_SOURCE))
            .map(|i| doc.word(i))
            .collect();
        let m = names_model.gazetteer_match(NameKind::Organization, &words);
        if m > 0 {
            let org = first
                .as_ref()
                .is_some_and(|(_, kind)| *kind == EntityType::Organization);
            if !org {
                first = Some((run_end..run_end + m, EntityType::Organization));
            }
            run_end += m;
            continue;
        }
        if STOP.contains(&w) {
            break;
        }
        run_end += 1;
    }
    if run_end == k {
        return None;
    }
    // The run ends at punctuation, a function word or the sentence end, or
    // it was cut at the longest source.
    let closed =
        run_end == end || doc.word(run_end).is_empty() || STOP.contains(&doc.word(run_end));
    let found = |source: Range<usize>, phrase_end: usize, organization: bool| SourcePhrase {
        source: doc.bytes(source),
        end: doc.tokens[phrase_end - 1].bytes.end,
        next: phrase_end,
        organization,
    };
    let whole = k..run_end;
    match first {
        // An organization, wherever in the run; words before it (`خبرنگار
        // سیاسی`) are not the source.
        Some((o, EntityType::Organization)) => {
            let phrase_end = if closed { run_end } else { o.end };
            let organization = !REPORTERS.contains(&doc.word(o.start));
            Some(found(o, phrase_end, organization))
        }
        // A person quoted as the source (`به نقل از علی شمخانی`).
        Some((o, EntityType::Person)) => {
            let phrase_end = if closed { run_end } else { o.end };
            Some(found(o, phrase_end, false))
        }
        // A place name alone after the cue names an outlet (`به گزارش
        // ایران`); a longer run (`رسانه‌های ایران`) is the source, and no
        // organization.
        Some((o, _)) if closed => {
            let organization = o == whole;
            Some(found(whole, run_end, organization))
        }
        // No name: words up to punctuation (`آسوشیتدپرس`), unless they
        // name a reporter.
        None if closed => {
            let organization = !REPORTERS.contains(&doc.word(k));
            Some(found(whole, run_end, organization))
        }
        _ => None,
    }
}

struct Before {
    start: usize,
    source: Range<usize>,
    organization: bool,
}

/// The source that is the subject of `گزارش` at token `i`: the words after
/// the last punctuation or function word before it, kept only when they name
/// an organization or begin with an outlet word (`خبرگزاری`, `روزنامه`).
fn before_verb(
    names_model: &Model,
    doc: &Document,
    names: &[Name],
    start: usize,
    i: usize,
) -> Option<Before> {
    // Back over dates and times said between the subject and its verb
    // (`رویترز روز دوشنبه گزارش داد`).
    let near = entity::starting_in(names, start..i);
    let mut end = i;
    while let Some(n) = near
        .iter()
        .find(|n| n.tokens.end == end && !is_name(n.kind))
    {
        end = n.tokens.start;
    }
    let mut first = end;
    while first > start && first > end.saturating_sub(MAX_SOURCE) {
        let w = doc.word(first - 1);
        if w.is_empty() || STOP.contains(&w) {
            break;
        }
        first -= 1;
    }
    if first == end {
        return None;
    }
    let org = entity::starting_in(names, first..end)
        .iter()
        .find(|n| n.kind == EntityType::Organization && n.tokens.end <= end);
    if let Some(n) = org {
        return Some(Before {
            start: doc.tokens[first].bytes.start,
            source: doc.bytes(n.tokens.clone()),
            organization: true,
        });
    }
    let words: Vec<&str> = (first..end).map(|i| doc.word(i)).collect();
    if OUTLETS.contains(&words[0])
        || names_model.gazetteer_match(NameKind::Organization, &words) == words.len()
    {
        return Some(Before {
            start: doc.tokens[first].bytes.start,
            source: doc.bytes(first..end),
            organization: true,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::Features;

    /// The attributions of `text`: cue, source, and whether it is an
    /// organization.
    fn attributions(text: &str) -> Vec<(String, String, bool)> {
        let a = crate::analyze_for_test(text, Features::ALL);
        let t = a.normalized.text();
        a.attributions
            .iter()
            .map(|x| {
                (
                    x.cue.clone(),
                    t[x.source.clone()].to_string(),
                    x.organization,
                )
            })
            .collect()
    }

    #[test]
    fn attribution_forms() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str, bool)]);
        let cases: &[Case] = &[
            (
                "به گزارش ایسنا، قیمت نفت افزایش یافت.",
                &[("به گزارش", "ایسنا", true)],
            ),
            (
                "به گزارش خبرنگار سیاسی ایرنا، جلسه برگزار شد.",
                &[("به گزارش", "ایرنا", true)],
            ),
            (
                "به گزارش ایرنا به نقل از رویترز، قیمت نفت افزایش یافت.",
                &[("به گزارش", "ایرنا", true), ("به نقل از", "رویترز", true)],
            ),
            (
                "بنا بر گزارش خبرگزاری مهر در تهران جلسه برگزار شد.",
                &[("بنا بر گزارش", "خبرگزاری مهر", true)],
            ),
            (
                "روزنامه همشهری روز دوشنبه گزارش داد که جلسه لغو شد.",
                &[("گزارش داد", "روزنامه همشهری", true)],
            ),
            (
                "به گزارش خبرنگار ما، جلسه برگزار شد.",
                &[("به گزارش", "خبرنگار ما", false)],
            ),
            // A person, or a place inside a longer phrase: the source, but
            // no organization.
            (
                "به نقل از علی شمخانی، جلسه برگزار شد.",
                &[("به نقل از", "علی شمخانی", false)],
            ),
            (
                "به گزارش رسانه‌های ایران، جلسه برگزار شد.",
                &[("به گزارش", "رسانه‌های ایران", false)],
            ),
            // No source, or a pronoun: no attribution.
            ("این گزارش مهم است.", &[]),
            ("او گزارش داد که جلسه لغو شد.", &[]),
            ("به گزارش های رسیده توجه کنید", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String, bool)> = want
                .iter()
                .map(|(c, s, o)| (c.to_string(), s.to_string(), *o))
                .collect();
            assert_eq!(attributions(text), want, "{text}");
        }
    }

    #[test]
    fn a_name_holding_the_source_elsewhere_stays() {
        // `مهر` is the source; `مهرداد` and `جمهوری اسلامی ایران` only hold
        // its letters or another source's word.
        let text = "به گزارش مهر، مهرداد بذرپاش در تهران گفت که جمهوری اسلامی ایران آماده است.";
        let a = crate::analyze_for_test(text, Features::ALL);
        let t = a.normalized.text();
        let names: Vec<(&str, crate::extract::entity::EntityType)> = a
            .entities
            .iter()
            .map(|e| (&t[e.mentions[0].clone()], e.kind))
            .collect();
        use crate::extract::entity::EntityType::*;
        assert_eq!(
            names,
            [
                ("مهر", Organization),
                ("مهرداد بذرپاش", Person),
                ("تهران", Location),
                // A state named by its form of government: an organization.
                ("جمهوری اسلامی ایران", Organization)
            ]
        );
    }

    #[test]
    fn an_attribution_source_is_an_organization_entity() {
        let text = "به گزارش آران نیوز، جلسه برگزار شد. آران نیوز افزود.";
        let a = crate::analyze_for_test(text, Features::ALL);
        let t = a.normalized.text();
        let orgs: Vec<Vec<&str>> = a
            .entities
            .iter()
            .filter(|e| e.kind == crate::extract::entity::EntityType::Organization)
            .map(|e| e.mentions.iter().map(|m| &t[m.clone()]).collect())
            .collect();
        assert_eq!(orgs, [vec!["آران نیوز", "آران نیوز"]]);
    }
}
