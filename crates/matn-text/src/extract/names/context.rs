//! Context rules over the names the model found: the words around a name
//! say what it is and where it ends, where the model, trained on tweets,
//! often does not know.
//!
//! In the order they run, each on what the one before left:
//! 1. **Portfolios**: after `وزیر`, `وزرای`, `وزیران` the words up to a
//!    boundary name a ministry, an organization (`وزیر [امور خارجه
//!    فرانسه]`).
//! 2. **Head words**: a phrase opened by an organization's head word
//!    (`دانشگاه`, `وزارت`, `تیم`…) that reaches a place or organization the
//!    model found is one organization, up to the end of that name
//!    (`[دانشگاه تهران]`, `[تیم ملی فوتبال ایران]`).
//! 3. **Place words**: `شهر`, `استان`, `روستای`… right before a place joins
//!    it (`[استان فارس]`); `data/lists/places.txt` says which kinds of place
//!    are part of a name and why `کشور` is not.
//! 4. **Reporting verbs**: one or two plain words opening a clause, right
//!    before `گفت`, `تصریح کرد`, `با بیان`…, are a person (`[لاریجانی]
//!    گفت`), where nothing else was found; not an institution or office
//!    (`پلیس گفت`). A word the person gazetteer lists that opens a sentence
//!    is its speaker however far the reporting verb, before the first stop
//!    (`[عسگری] در خاتمه خاطرنشان کرد`). `دولت` or `حکومت` before a place
//!    names its government, an organization (`[دولت افغانستان]`).
//! 5. **Honorifics** `امام`, `سید`, `حضرت` before a person are part of the
//!    name (`[امام خمینی]`); titles such as `آقای` and `دکتر` are not.
//! 6. **Edges**: a name opens with no conjunction or preposition and has no
//!    punctuation at its ends; a role after a person's name is not the
//!    name's (`[حسن روحانی] رئیس جمهوری`).
//! 7. **Blessings** after a holy name are the name's (`[امام علی (ع)]`).
//! 8. **Terms**: `[دولت یازدهم]`, `[مجلس دهم]` are organizations.
//! 9. **Kinds and titles alone** are no names: `مجلس`, `دانشگاه` (an
//!    organization's kind), `مقام معظم رهبری`, `رهبر انقلاب` (a title).
//! 10. **Polities and regions**: a state named by its form of government is
//!     an organization (`جمهوری اسلامی`, `رژیم صهیونیستی`); a continent or
//!     world region the model left untagged a place (`اروپا`, `خاورمیانه`),
//!     unless a competition's (`قهرمانی آسیا`).
//! 11. **Datelines**: `تهران - ایرنا -` opening a text names a place and an
//!     agency.
//!
//! A phrase ends at punctuation, a verb, a function word, a role or time
//! word, a person, or the eighth word; `و` joins two plain words, and a
//! plain word right before a light verb (`تأیید کرد`) is the verb's.
//! Words are compared with letters unified, and without ZWNJ, spaces and
//! diacritics, so `رئیس‌جمهور` and `رئیس جمهور` are one word here.

use crate::extract::document::Document;
use crate::extract::entity::NameKind;
use crate::token::{Token, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// The context rule that made or changed a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextRule {
    /// `وزیر [امور خارجه]`: the portfolio after a minister.
    Portfolio,
    /// `[دانشگاه تهران]`: a head word up to a name the model found.
    HeadWord,
    /// `[روابط عمومی سازمان انتقال خون]`: an organization's public relations.
    PublicRelations,
    /// `[استان فارس]`: a kind of place before a place.
    PlaceWord,
    /// `[لاریجانی] گفت`, `[رحیمی] همچنین گفت`: plain words opening a clause
    /// before a reporting verb.
    ReportingVerb,
    /// `[عسگری] در خاتمه خاطرنشان کرد`: a listed name word opening a
    /// sentence whose first clause has a reporting verb.
    ListedSpeaker,
    /// `[دولت افغانستان]`: the government of a place.
    Government,
    /// `[امام خمینی]`: an honorific before a person.
    Honorific,
    /// A name's edges cleaned of conjunctions, prepositions and punctuation.
    Edges,
    /// `[علی لاریجانی] رئیس مجلس`: a role after a name cut off.
    RoleAfterName,
    /// `[عیسی قاسم]`: a listed name word right before a person is its first
    /// name (joined before the rules run, in [`super::find`]).
    FirstName,
    /// `[غلامعلی صفایی بوشهری]`: a word made of a place's name and `ی`
    /// after a person ends the surname (joined before the rules run, in
    /// [`super::find`]).
    PlaceSurname,
    /// `[سازمان بهداشت جهانی]`, `[بانک جهانی]`: an organization the
    /// gazetteer lists as a whole (joined before the rules run, in
    /// [`super::find`]).
    ListedOrganization,
    /// `[امام علی (ع)]`: the blessing after a holy name.
    Blessing,
    /// `[دولت یازدهم]`: a body numbered by its term.
    Term,
    /// `جمهوری اسلامی`: a state named by its form of government.
    Polity,
    /// `اروپا`, `خاورمیانه`: a continent or world region.
    Region,
    /// `خبرنگار [مهر]`: a news agency after its reporter.
    Reporter,
    /// `تهران - ایرنا -`: the place and agency of a dateline.
    Dateline,
}

/// A name, by the model or by a rule here.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub kind: NameKind,
    /// Bytes of the normalized text.
    pub bytes: Range<usize>,
    pub confidence: f32,
    /// The rule that made or changed it; `None` for the model's.
    pub rule: Option<ContextRule>,
}

// The lists a word or phrase is on (bits).
const ORG_HEAD: u32 = 1;
const BOUND: u32 = 1 << 1;
const MINISTER: u32 = 1 << 2;
const FORMER: u32 = 1 << 3;
const PLACE: u32 = 1 << 4;
const REPORT: u32 = 1 << 5;
const HONORIFIC: u32 = 1 << 6;
const TITLE: u32 = 1 << 7;
const NOT_CONTENT: u32 = 1 << 8;
const BLESSING: u32 = 1 << 9;
const OPENER: u32 = 1 << 10;
const ROLE_TAIL: u32 = 1 << 11;
const TERM_BODY: u32 = 1 << 12;
const TERM: u32 = 1 << 13;
const GENERIC: u32 = 1 << 14;
const TITLE_WORD: u32 = 1 << 15;
const POLITY: u32 = 1 << 16;
const REGION: u32 = 1 << 17;
const REGION_OWNER: u32 = 1 << 18;
const AGENCY: u32 = 1 << 19;
const PORTFOLIO: u32 = 1 << 20;
const SPEAKER_BRIDGE: u32 = 1 << 21;
const GOVERNMENT: u32 = 1 << 22;
/// The lists whose entries the first pass marks on each token.
const TOKEN_ROLES: u32 =
    ORG_HEAD | BOUND | MINISTER | FORMER | PLACE | REPORT | HONORIFIC | TITLE | NOT_CONTENT;

/// Head words of organizations; the head is part of the name.
const ORG_HEADS: &str = include_str!("../../../../../data/lists/org_heads.txt");

/// Words that end a phrase: roles, time words, titles.
const BOUNDS: &str = include_str!("../../../../../data/lists/bounds.txt");

/// Words for a minister: the portfolio after one is an organization.
const MINISTERS: &str = include_str!("../../../../../data/lists/ministers.txt");
/// Words after a role that say it was held before (`سابق`).
const FORMERS: &str = include_str!("../../../../../data/lists/formers.txt");

/// Ministers' portfolios (ZWNJ joins the words of one entry; a comma between
/// them is read past: `تعاون ، کار و رفاه اجتماعی`).
const PORTFOLIOS: &str = include_str!("../../../../../data/lists/portfolios.txt");

/// Kinds of place that stand before a place's name, and are part of it.
const PLACES: &str = include_str!("../../../../../data/lists/places.txt");

/// Verbs and openers that follow a speaker at the start of a clause.
const REPORTS: &str = include_str!("../../../../../data/lists/reports.txt");

/// Honorifics before a person, part of the name (`امام خمینی`).
const HONORIFICS: &str = include_str!("../../../../../data/lists/honorifics.txt");

/// Numbers and prepositional nouns: not words of a name.
const NOT_CONTENTS: &str = include_str!("../../../../../data/lists/not_contents.txt");

/// Lemmas of light verbs: a plain word before one is the verb's.
const LIGHT_VERBS: &str = include_str!("../../../../../data/lists/light_verbs.txt");

/// The longest phrase, in tokens, after its head.
const MAX_WORDS: usize = 8;

/// The longest list entry, in tokens.
const MAX_PARTS: usize = 6;

/// The confidence of a name a rule made.
pub const RULE_CONFIDENCE: f32 = 0.8;

/// What a folded key is in the lists.
#[derive(Clone, Copy, Default)]
struct Entry {
    /// The lists it is an entry of (bits).
    lists: u32,
    /// Whether a longer entry begins with it.
    more: bool,
}

struct Lists {
    /// Entries folded (their words joined) and every prefix of one, so a
    /// match over tokens stops as soon as it cannot go on.
    entries: FxHashMap<String, Entry>,
    light: FxHashSet<&'static str>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut entries: FxHashMap<String, Entry> = FxHashMap::default();
        for (words, list) in [
            (ORG_HEADS, ORG_HEAD),
            (BOUNDS, BOUND),
            (MINISTERS, MINISTER | BOUND),
            (FORMERS, FORMER),
            (PLACES, PLACE),
            (REPORTS, REPORT),
            (HONORIFICS, HONORIFIC),
            (crate::extract::TITLES, TITLE),
            (NOT_CONTENTS, NOT_CONTENT),
            (BLESSINGS, BLESSING),
            (OPENERS, OPENER),
            (ROLE_TAILS, ROLE_TAIL),
            (TERM_BODIES, TERM_BODY),
            (TERMS, TERM),
            (GENERIC_ORGS, GENERIC),
            (TITLE_WORDS, TITLE_WORD),
            (POLITIES, POLITY),
            (REGIONS, REGION),
            (REGION_OWNERS, REGION_OWNER),
            (AGENCIES, AGENCY),
            (PORTFOLIOS, PORTFOLIO),
            (SPEAKER_BRIDGES, SPEAKER_BRIDGE),
            (GOVERNMENTS, GOVERNMENT),
        ] {
            for w in crate::extract::list_entries(words) {
                let key = fold(w).into_owned();
                for (at, _) in key.char_indices().skip(1) {
                    entries.entry(key[..at].to_string()).or_default().more = true;
                }
                entries.entry(key).or_default().lists |= list;
            }
        }
        Lists {
            entries,
            light: crate::extract::list_entries(LIGHT_VERBS).collect(),
        }
    })
}

/// A word as the lists compare it: letters unified, hamza seats to their
/// plain letter, without ZWNJ, spaces, tatweel and diacritics.
fn fold(w: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        !matches!(
            c,
            'ي' | 'ى'
                | 'ئ'
                | 'ك'
                | 'ة'
                | 'ۀ'
                | 'أ'
                | 'إ'
                | 'ؤ'
                | ' '
                | '\u{200C}'
                | '\u{200D}'
                | '\u{0640}'
                | '\u{064B}'..='\u{0652}' | '\u{0670}'
        )
    };
    if w.chars().all(plain) {
        return Cow::Borrowed(w);
    }
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            'ي' | 'ى' | 'ئ' => out.push('ی'),
            'ك' => out.push('ک'),
            'ة' | 'ۀ' => out.push('ه'),
            'أ' | 'إ' => out.push('ا'),
            'ؤ' => out.push('و'),
            c if plain(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// What the rules work on: the document's tokens with what the lists say of
/// each, and the names as the rules have changed them so far.
struct RuleState<'a> {
    text: &'a str,
    tokens: &'a [Token],
    lists: &'static Lists,
    /// Per token: its folded key, and what that is in the lists.
    keys: Vec<Cow<'a, str>>,
    single: Vec<Entry>,
    /// Per token: the role lists of the longest entry that starts there, and
    /// its length in tokens.
    roles: Vec<(u32, usize)>,
    /// Per token: a plain word (not a function word, verb, number or
    /// punctuation).
    content: Vec<bool>,
    light: Vec<bool>,
    names: Vec<Name>,
    /// Per name: its tokens; empty once a rule removed it.
    spans: Vec<Range<usize>>,
    /// Per token: the name that covers it.
    cover: Vec<Option<usize>>,
    /// Whether a word is one the person gazetteer lists.
    listed_person: &'a dyn Fn(&str) -> bool,
}

impl RuleState<'_> {
    fn word(&self, i: usize) -> &str {
        &self.text[self.tokens[i].bytes.clone()]
    }

    fn has(&self, i: usize, role: u32) -> bool {
        self.roles[i].0 & role != 0
    }

    /// The name that starts at token `i` (none past the last token).
    fn starting(&self, i: usize) -> Option<usize> {
        self.cover
            .get(i)
            .copied()
            .flatten()
            .filter(|&k| self.spans[k].start == i)
    }

    /// Makes tokens `r` a name of `kind` in place of every name they
    /// overlap.
    fn replace(&mut self, r: Range<usize>, kind: NameKind, rule: ContextRule) {
        for i in r.clone() {
            if let Some(k) = self.cover[i] {
                for j in std::mem::replace(&mut self.spans[k], 0..0) {
                    self.cover[j] = None;
                }
            }
        }
        let k = self.names.len();
        self.names.push(Name {
            kind,
            bytes: self.tokens[r.start].bytes.start..self.tokens[r.end - 1].bytes.end,
            confidence: RULE_CONFIDENCE,
            rule: Some(rule),
        });
        for i in r.clone() {
            self.cover[i] = Some(k);
        }
        self.spans.push(r);
    }

    /// The phrase from token `p` (within `end`): its end, and the end of the
    /// last place or organization it took in whole. With `to_name`, it ends
    /// with the first such name.
    fn extend(&self, p: usize, end: usize, to_name: bool) -> (usize, Option<usize>) {
        let mut j = p;
        let mut named = None;
        while j < end && j - p < MAX_WORDS {
            if let Some(k) = self.starting(j) {
                if self.names[k].kind == NameKind::Person {
                    break;
                }
                j = self.spans[k].end;
                named = Some(j);
                if to_name {
                    break;
                }
                continue;
            }
            if self.has(j, BOUND) {
                break;
            }
            if self.content[j] {
                if j > p && j + 1 < end && self.light[j + 1] {
                    break;
                }
                j += 1;
                continue;
            }
            let joins = self.word(j) == "و"
                && j > p
                && j + 1 < end
                && self.content[j + 1]
                && !self.has(j + 1, BOUND | ORG_HEAD)
                && self.starting(j + 1).is_none();
            if !joins {
                break;
            }
            j += 1;
        }
        while j > p && self.word(j - 1) == "و" {
            j -= 1;
        }
        (j, named)
    }

    /// `وزیر [امور خارجه]`: the portfolio after a minister is an
    /// organization.
    fn portfolios(&mut self, s: Range<usize>) {
        for i in s.clone() {
            if !self.has(i, MINISTER) || (i > s.start && self.keys[i - 1] == "نخست") {
                continue;
            }
            let mut j = i + 1;
            if j < s.end && self.has(j, FORMER) {
                j += 1;
            }
            if j >= s.end || self.word(j) == "مشاور" {
                continue;
            }
            let Some((_, mut e)) = self.longest_past(j, s.end, PORTFOLIO, true) else {
                continue;
            };
            // A person's name that goes on past it is not a portfolio
            // (`وزیر [ارشاد] ...` is; a longer name is the minister's).
            if self
                .starting(j)
                .is_some_and(|k| self.names[k].kind == NameKind::Person && self.spans[k].end > e)
            {
                continue;
            }
            // `[امور خارجه فرانسه]`: the country whose it is.
            if let Some(k) = self.starting(e) {
                if self.names[k].kind == NameKind::Location {
                    e = self.spans[k].end;
                }
            }
            self.replace(j..e, NameKind::Organization, ContextRule::Portfolio);
        }
    }

    /// `[دانشگاه تهران]`: a head word and the words up to a place or
    /// organization the model found.
    fn head_words(&mut self, s: Range<usize>) {
        let mut i = s.start;
        while i < s.end {
            let (roles, len) = self.roles[i];
            let after = i + len;
            if roles & ORG_HEAD != 0 && after < s.end {
                if let (_, Some(e)) = self.extend(after, s.end, true) {
                    if self.desk_of_agency(i, e) {
                        i = e;
                        continue;
                    }
                    self.replace(i..e, NameKind::Organization, ContextRule::HeadWord);
                    i = e;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// `[روابط عمومی سازمان انتقال خون]`: an organization's public
    /// relations office speaks as the organization and is named with it.
    fn public_relations(&mut self, s: Range<usize>) {
        let mut i = s.start;
        while i < s.end {
            let n = match self.keys[i].as_ref() {
                "روابط" if i + 1 < s.end && self.keys[i + 1] == "عمومی" => 2,
                "روابطعمومی" => 1,
                _ => 0,
            };
            if n > 0 && i + n < s.end && self.cover[i].is_none() {
                if let Some(k) = self.starting(i + n) {
                    if self.names[k].kind == NameKind::Organization {
                        let e = self.spans[k].end;
                        self.replace(i..e, NameKind::Organization, ContextRule::PublicRelations);
                        i = e;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }

    /// `گروه اقتصادی [خبرگزاری فارس]`: a news agency's desk (from head
    /// word `i` to the agency's end `e`) is no organization of its own; the
    /// agency is.
    fn desk_of_agency(&self, i: usize, e: usize) -> bool {
        if !matches!(self.keys[i].as_ref(), "گروه" | "سرویس") {
            return false;
        }
        let Some(k) = self.cover[e - 1] else {
            return false;
        };
        let r = self.spans[k].clone();
        let says = |r: Range<usize>| !r.is_empty() && self.says(r) & AGENCY != 0;
        self.names[k].kind == NameKind::Organization
            && (says(r.clone()) || (self.keys[r.start] == "خبرگزاری" && says(r.start + 1..r.end)))
    }

    /// `[استان فارس]`: a kind of place before a place.
    fn place_words(&mut self, s: Range<usize>) {
        for i in s.clone() {
            let (roles, len) = self.roles[i];
            if roles & PLACE == 0 || self.starting(i).is_some() || i + len >= s.end {
                continue;
            }
            if let Some(k) = self.starting(i + len) {
                if self.names[k].kind == NameKind::Location {
                    let e = self.spans[k].end;
                    self.replace(i..e, NameKind::Location, ContextRule::PlaceWord);
                }
            }
        }
    }

    /// `[لاریجانی] گفت`, `[رحیمی] همچنین گفت`: one or two plain words opening a
    /// clause before a reporting verb, or before adverbs and the verb.
    fn speakers(&mut self, s: Range<usize>) {
        for t in s.clone() {
            if !self.reports(t, &s) {
                continue;
            }
            // Adverbs may stand between the speaker and the verb.
            let mut end = t;
            while end > s.start && self.single[end - 1].lists & SPEAKER_BRIDGE != 0 {
                end -= 1;
            }
            for n in 1..=2 {
                let Some(from) = end.checked_sub(n).filter(|&f| f >= s.start) else {
                    break;
                };
                let opens = from == s.start || self.tokens[from - 1].kind == TokenKind::Punctuation;
                if !opens {
                    continue;
                }
                if (from..end).all(|i| self.plain(i)) {
                    self.replace(from..end, NameKind::Person, ContextRule::ReportingVerb);
                }
                break;
            }
        }
    }

    /// `[عسگری] در خاتمه خاطرنشان کرد`: a sentence that opens with a word
    /// the person gazetteer lists, and has a reporting verb before its first
    /// stop, opens with its speaker, however far the verb.
    fn listed_speakers(&mut self, s: Range<usize>) {
        let i = s.start;
        if i >= s.end || !self.plain(i) || !(self.listed_person)(self.word(i)) {
            return;
        }
        let reported = (i + 1..s.end)
            .take_while(|&t| !self.is_stop(t))
            .any(|t| self.reports(t, &s));
        if reported {
            self.replace(i..i + 1, NameKind::Person, ContextRule::ListedSpeaker);
        }
    }

    /// Token `t` (of sentence `s`) is a reporting verb; `گفت و گو` is a
    /// conversation.
    fn reports(&self, t: usize, s: &Range<usize>) -> bool {
        self.has(t, REPORT) && !(t + 1 < s.end && matches!(self.keys[t + 1].as_ref(), "وگو" | "گو"))
    }

    /// Token `i` may be a speaker's name: a plain word, free, and not an
    /// institution, office or place (`پلیس گفت`, `دولت اعلام کرد`).
    fn plain(&self, i: usize) -> bool {
        self.content[i]
            && !self.has(i, BOUND | TITLE | ORG_HEAD | PLACE)
            && self.single[i].lists & (GENERIC | TITLE_WORD) == 0
            && self.cover[i].is_none()
    }

    /// Token `i` ends a clause: a full stop, question or exclamation mark,
    /// or the colon before a quote.
    fn is_stop(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Punctuation
            && matches!(self.word(i), "." | ":" | "؟" | "?" | "!")
    }

    /// `[دولت افغانستان]`: a word for government before a place names the
    /// place's government, an organization.
    fn governments(&mut self, s: Range<usize>) {
        for h in s.start..s.end.saturating_sub(1) {
            if self.single[h].lists & GOVERNMENT == 0 || self.cover[h].is_some() {
                continue;
            }
            let Some(k) = self.starting(h + 1) else {
                continue;
            };
            if self.names[k].kind == NameKind::Location {
                let end = self.spans[k].end;
                self.set_span(k, h..end);
                self.names[k].kind = NameKind::Organization;
                self.names[k].rule = Some(ContextRule::Government);
            }
        }
    }

    /// `[امام خمینی]`: an honorific before a person is part of the name.
    fn honorifics(&mut self, s: Range<usize>) {
        for i in s.start + 1..s.end {
            let Some(k) = self.starting(i) else { continue };
            if self.names[k].kind != NameKind::Person
                || !self.has(i - 1, HONORIFIC)
                || self.cover[i - 1].is_some()
            {
                continue;
            }
            self.spans[k].start = i - 1;
            self.cover[i - 1] = Some(k);
            let name = &mut self.names[k];
            name.bytes.start = self.tokens[i - 1].bytes.start;
            name.rule = Some(ContextRule::Honorific);
        }
    }
}

/// Honorific abbreviations after holy names: `(ع)`, `(ره)`.
const BLESSINGS: &str = include_str!("../../../../../data/lists/blessings.txt");

/// Adverbs between a speaker and the reporting verb after it.
const SPEAKER_BRIDGES: &str = include_str!("../../../../../data/lists/speaker_bridges.txt");

/// Words for a state's government (`دولت`): before a place, an organization.
const GOVERNMENTS: &str = include_str!("../../../../../data/lists/governments.txt");

/// Words that open no name: conjunctions and prepositions.
const OPENERS: &str = include_str!("../../../../../data/lists/openers.txt");

/// Roles said after a person's name, in apposition.
const ROLE_TAILS: &str = include_str!("../../../../../data/lists/role_tails.txt");

/// Bodies that are numbered by term: `دولت یازدهم`, `مجلس دهم`.
const TERM_BODIES: &str = include_str!("../../../../../data/lists/term_bodies.txt");
/// Ordinals that number a body by its term.
const TERMS: &str = include_str!("../../../../../data/lists/terms.txt");

/// Institutions named by their kind alone: no name (`مجلس`, `دانشگاه`).
const GENERIC_ORGS: &str = include_str!("../../../../../data/lists/generic_orgs.txt");

/// Words of titles and offices, which alone name no person (`مقام معظم
/// رهبری`, `رهبر انقلاب`).
const TITLE_WORDS: &str = include_str!("../../../../../data/lists/title_words.txt");

/// States and regimes named by their form of government: organizations.
const POLITIES: &str = include_str!("../../../../../data/lists/polities.txt");

/// Continents and world regions: places no gazetteer of countries and
/// cities holds.
const REGIONS: &str = include_str!("../../../../../data/lists/regions.txt");

/// Before a region, words that make it a competition's or a body's
/// (`قهرمانی آسیا`).
const REGION_OWNERS: &str = include_str!("../../../../../data/lists/region_owners.txt");

/// News agencies as datelines name them (`تهران - ایرنا -`).
const AGENCIES: &str = include_str!("../../../../../data/lists/agencies.txt");

impl RuleState<'_> {
    /// The lists that tokens `r` say, read as one phrase.
    fn says(&self, r: Range<usize>) -> u32 {
        if r.len() == 1 {
            return self.single[r.start].lists;
        }
        let mut joined = String::new();
        for i in r {
            if self.tokens[i].kind != TokenKind::Word {
                return 0;
            }
            joined.push_str(&self.keys[i]);
            if !self.lists.entries.contains_key(&joined) {
                return 0;
            }
        }
        self.lists.entries.get(&joined).map_or(0, |e| e.lists)
    }

    /// The longest entry of `list` from token `i` (within `end`): its lists
    /// and end.
    fn longest(&self, i: usize, end: usize, list: u32) -> Option<(u32, usize)> {
        self.longest_past(i, end, list, false)
    }

    /// [`RuleState::longest`], reading past commas between the words with
    /// `commas` (`تعاون ، کار و رفاه اجتماعی`).
    fn longest_past(&self, i: usize, end: usize, list: u32, commas: bool) -> Option<(u32, usize)> {
        let first = self.single[i];
        let mut best = (first.lists & list != 0).then_some((first.lists, i + 1));
        if !first.more {
            return best;
        }
        let mut joined = self.keys[i].to_string();
        let mut words = 1;
        for k in i + 1..end {
            if commas && matches!(self.word(k), "،" | ",") {
                continue;
            }
            if self.tokens[k].kind != TokenKind::Word || words == MAX_PARTS {
                break;
            }
            words += 1;
            joined.push_str(&self.keys[k]);
            let Some(e) = self.lists.entries.get(&joined) else {
                break;
            };
            if e.lists & list != 0 {
                best = Some((e.lists, k + 1));
            }
            if !e.more {
                break;
            }
        }
        best
    }

    fn phrase_at(&self, i: usize, end: usize, list: u32) -> Option<usize> {
        self.longest(i, end, list).map(|(_, e)| e)
    }

    /// Marks on each token of sentence `s` the roles of the longest entry
    /// that starts there.
    fn mark_roles(&mut self, s: Range<usize>) {
        for i in s.clone() {
            if self.tokens[i].kind != TokenKind::Word {
                continue;
            }
            if let Some((lists, end)) = self.longest(i, s.end, TOKEN_ROLES) {
                self.roles[i] = (lists & TOKEN_ROLES, end - i);
                continue;
            }
            let word = self.word(i);
            if let Some((first, rest)) = word.split_once([' ', '\u{200C}']) {
                // `تیم ملی` or `تیم‌ملی`, one token: its first word heads it,
                // unless the rest is a suffix (`سازمان‌های`).
                let rest = fold(rest);
                if rest.chars().count() >= 3 && !rest.starts_with("ها") {
                    let e = self.lists.entries.get(fold(first).as_ref());
                    self.roles[i].0 = e.map_or(0, |e| e.lists) & (ORG_HEAD | PLACE);
                }
            }
        }
    }

    /// Sets name `k` to tokens `r` (empty: removed).
    fn set_span(&mut self, k: usize, r: Range<usize>) {
        for i in self.spans[k].clone() {
            self.cover[i] = None;
        }
        if let Some((first, last)) = r.clone().next().zip(r.clone().next_back()) {
            for i in r.clone() {
                self.cover[i] = Some(k);
            }
            let name = &mut self.names[k];
            name.bytes = self.tokens[first].bytes.start..self.tokens[last].bytes.end;
        }
        self.spans[k] = r;
    }

    /// The names still in view.
    fn live(&self) -> Vec<usize> {
        (0..self.names.len())
            .filter(|&k| !self.spans[k].is_empty())
            .collect()
    }

    /// A name neither opens with a conjunction or preposition (`و`, `از`)
    /// nor starts or ends with punctuation; one left with nothing is none.
    fn clean_edges(&mut self) {
        for k in self.live() {
            let r = self.spans[k].clone();
            if r.len() == 1 {
                continue;
            }
            let punct = |i: usize| self.tokens[i].kind == TokenKind::Punctuation;
            let mut s = r.start;
            while s < r.end && (punct(s) || self.says(s..s + 1) & OPENER != 0) {
                s += 1;
            }
            let mut e = r.end;
            while e > s && punct(e - 1) {
                e -= 1;
            }
            if (s..e) != r {
                self.set_span(k, s..e);
                self.names[k].rule = Some(ContextRule::Edges);
            }
        }
    }

    /// `[علی لاریجانی] رئیس مجلس`: a role after a person's name is not the
    /// name's.
    fn role_tails(&mut self) {
        for k in self.live() {
            if self.names[k].kind != NameKind::Person {
                continue;
            }
            let r = self.spans[k].clone();
            let mut e = r.end;
            'strip: while e > r.start + 1 {
                for n in 1..=(e - r.start - 1).min(MAX_PARTS) {
                    if self.says(e - n..e) & ROLE_TAIL != 0 {
                        e -= n;
                        continue 'strip;
                    }
                }
                break;
            }
            if e < r.end {
                self.set_span(k, r.start..e);
                self.names[k].rule = Some(ContextRule::RoleAfterName);
            }
        }
    }

    /// `[امام علی (ع)]`: the blessing after a holy name is the name's.
    fn honorific_marks(&mut self) {
        for k in self.live() {
            let r = self.spans[k].clone();
            let e = r.end;
            let free = |i: usize| i < self.tokens.len() && self.cover[i].is_none();
            let blessing = |i: usize| free(i) && self.says(i..i + 1) & BLESSING != 0;
            let word = |i: usize| if free(i) { self.word(i) } else { "" };
            let one = |i: usize| {
                let w = word(i);
                let inner = w
                    .strip_prefix('(')
                    .and_then(|w| w.strip_suffix(')'))
                    .unwrap_or_default();
                !inner.is_empty()
                    && self
                        .lists
                        .entries
                        .get(fold(inner).as_ref())
                        .is_some_and(|e| e.lists & BLESSING != 0)
            };
            let add = if one(e) {
                1
            } else if matches!((word(e), word(e + 2)), ("(", ")") | (")", "(")) && blessing(e + 1) {
                3
            } else if self.names[k].kind == NameKind::Person && blessing(e) {
                1
            } else {
                0
            };
            if add > 0 {
                self.set_span(k, r.start..e + add);
                self.names[k].rule = Some(ContextRule::Blessing);
            }
        }
    }

    /// `[دولت یازدهم]`, `[مجلس دهم]`: a body numbered by its term.
    fn numbered_bodies(&mut self, s: Range<usize>) {
        for h in s.start..s.end.saturating_sub(1) {
            if self.says(h..h + 1) & TERM_BODY == 0 || self.says(h + 1..h + 2) & TERM == 0 {
                continue;
            }
            match self.cover[h] {
                Some(k)
                    if self.names[k].kind == NameKind::Organization
                        && self.spans[k].end == h + 1
                        && self.cover[h + 1].is_none() =>
                {
                    let start = self.spans[k].start;
                    self.set_span(k, start..h + 2);
                    self.names[k].rule = Some(ContextRule::Term);
                }
                None if self.cover[h + 1].is_none() => {
                    self.replace(h..h + 2, NameKind::Organization, ContextRule::Term);
                }
                _ => {}
            }
        }
    }

    /// `مجلس`, `دانشگاه` alone: a kind of institution, not one by name.
    fn generic_nouns(&mut self) {
        for k in self.live() {
            if self.names[k].kind == NameKind::Organization
                && self.says(self.spans[k].clone()) & GENERIC != 0
            {
                self.set_span(k, 0..0);
            }
        }
    }

    /// `مقام معظم رهبری`, `رهبر انقلاب`: titles without a name are no person.
    fn titles_alone(&mut self) {
        for k in self.live() {
            if self.names[k].kind != NameKind::Person {
                continue;
            }
            let title = self.spans[k].clone().all(|i| {
                self.tokens[i].kind == TokenKind::Punctuation
                    || self.says(i..i + 1) & TITLE_WORD != 0
            });
            if title {
                self.set_span(k, 0..0);
            }
        }
    }

    /// States named by their form of government (`جمهوری اسلامی`,
    /// `رژیم صهیونیستی`) are organizations; continents and world regions
    /// (`اروپا`, `خاورمیانه`) places, unless a competition's or a body's
    /// (`قهرمانی آسیا`).
    fn add_phrases(&mut self, s: Range<usize>) {
        let mut i = s.start;
        while i < s.end {
            if let Some(e) = self.phrase_at(i, s.end, POLITY) {
                let inside = (i..e).filter_map(|t| self.cover[t]).all(|k| {
                    let r = &self.spans[k];
                    i <= r.start && r.end <= e && self.names[k].kind != NameKind::Person
                });
                if inside {
                    self.replace(i..e, NameKind::Organization, ContextRule::Polity);
                    i = e;
                    continue;
                }
            }
            if let Some(e) = self.phrase_at(i, s.end, REGION) {
                let owned = i > s.start && self.says(i - 1..i) & REGION_OWNER != 0;
                if !owned && (i..e).all(|t| self.cover[t].is_none()) {
                    self.replace(i..e, NameKind::Location, ContextRule::Region);
                    i = e;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// `خبرنگار [مهر]`, `در گفتگو با [فارس]`: a news agency's name after
    /// its reporter or an interview is the agency, though the word has
    /// other senses.
    fn reporters(&mut self) {
        for i in 1..self.tokens.len() {
            if self.single[i].lists & AGENCY == 0 {
                continue;
            }
            // A place of the same name (`فارس`) gives way; a longer name
            // does not.
            if let Some(k) = self.cover[i] {
                if self.spans[k] != (i..i + 1) || self.names[k].kind == NameKind::Organization {
                    continue;
                }
            }
            let before = |n: usize| i.checked_sub(n).map_or("", |j| self.keys[j].as_ref());
            let cued = matches!(before(1), "خبرنگار" | "خبرنگاران")
                || (before(1) == "با" && matches!(before(2), "گفتگو" | "گفتوگو" | "گو" | "مصاحبه"))
                || (before(1) == "به" && before(2) == "پاسخ");
            if cued {
                self.replace(i..i + 1, NameKind::Organization, ContextRule::Reporter);
            }
        }
    }

    /// `تهران - ایرنا -` opening a text: the city is a place and the agency
    /// an organization.
    fn dateline(&mut self) {
        let dash = |i: usize| {
            self.tokens
                .get(i)
                .is_some_and(|t| matches!(&self.text[t.bytes.clone()], "ـ" | "-" | "–" | "—"))
        };
        let Some(d) = (1..=3).find(|&i| dash(i)) else {
            return;
        };
        let end = (d + 1..(d + 6).min(self.tokens.len()))
            .find(|&i| dash(i) || self.word(i) == ":")
            .unwrap_or((d + 6).min(self.tokens.len()));
        if end <= d + 1 || self.says(d + 1..end) & AGENCY == 0 {
            return;
        }
        self.replace(d + 1..end, NameKind::Organization, ContextRule::Dateline);
        let named = self.cover[0].is_some_and(|k| self.spans[k] == (0..d));
        if !named && (0..d).all(|i| self.tokens[i].kind == TokenKind::Word) {
            self.replace(0..d, NameKind::Location, ContextRule::Dateline);
        }
    }
}

/// Runs a rule over each sentence in turn.
fn each<'a>(
    doc: &mut RuleState<'a>,
    sentences: &[Range<usize>],
    rule: fn(&mut RuleState<'a>, Range<usize>),
) {
    for s in sentences {
        rule(doc, s.clone());
    }
}

/// Applies the rules to `names` (the model's, in text order) over
/// `sentences` (token ranges of `document`: the ones names are looked for
/// in). `listed_person` says whether the person gazetteer lists a word.
/// Returns the names in text order.
pub fn apply(
    document: &Document,
    sentences: &[Range<usize>],
    names: Vec<Name>,
    listed_person: &dyn Fn(&str) -> bool,
) -> Vec<Name> {
    let Document {
        text, tokens, info, ..
    } = *document;
    if tokens.is_empty() || info.len() != tokens.len() {
        return names;
    }
    let lists = lists();
    let keys: Vec<Cow<str>> = tokens
        .iter()
        .map(|t| match t.kind {
            TokenKind::Word => fold(&text[t.bytes.clone()]),
            _ => Cow::Borrowed(""),
        })
        .collect();
    let single: Vec<Entry> = keys
        .iter()
        .map(|k| lists.entries.get(k.as_ref()).copied().unwrap_or_default())
        .collect();
    let content = info
        .iter()
        .zip(tokens)
        .zip(&single)
        .map(|((w, t), e)| {
            t.kind == TokenKind::Word
                && !w.in_value
                && !w.stopword
                && !w.in_verb_group
                && !w.lemma.is_some_and(|l| l.contains('#'))
                && e.lists & NOT_CONTENT == 0
        })
        .collect();
    let light = info
        .iter()
        .map(|w| w.lemma.is_some_and(|l| lists.light.contains(l)))
        .collect();
    let mut doc = RuleState {
        text,
        tokens,
        lists,
        keys,
        single,
        roles: vec![(0, 1); tokens.len()],
        content,
        light,
        spans: Vec::with_capacity(names.len()),
        cover: vec![None; tokens.len()],
        names: Vec::with_capacity(names.len()),
        listed_person,
    };
    for name in names {
        let r = crate::extract::entity::tokens_of(tokens, &name.bytes);
        // Names the model found do not overlap; should two, the later is
        // kept out of the rules' view but not lost.
        let k = doc.names.len();
        if r.is_empty() || doc.cover[r.clone()].iter().any(Option::is_some) {
            doc.names.push(name);
            doc.spans.push(0..0);
            continue;
        }
        for i in r.clone() {
            doc.cover[i] = Some(k);
        }
        doc.names.push(name);
        doc.spans.push(r);
    }
    let untouched: Vec<bool> = doc.spans.iter().map(|r| r.is_empty()).collect();
    each(&mut doc, sentences, RuleState::mark_roles);
    each(&mut doc, sentences, RuleState::portfolios);
    // Regions and polities first: a head word may reach one
    // (`کنفدراسیون فوتبال آسیا`).
    each(&mut doc, sentences, RuleState::add_phrases);
    each(&mut doc, sentences, RuleState::head_words);
    each(&mut doc, sentences, RuleState::public_relations);
    each(&mut doc, sentences, RuleState::place_words);
    each(&mut doc, sentences, RuleState::speakers);
    each(&mut doc, sentences, RuleState::listed_speakers);
    each(&mut doc, sentences, RuleState::governments);
    each(&mut doc, sentences, RuleState::honorifics);
    doc.clean_edges();
    doc.role_tails();
    doc.honorific_marks();
    each(&mut doc, sentences, RuleState::numbered_bodies);
    doc.generic_nouns();
    doc.titles_alone();
    doc.dateline();
    doc.reporters();
    let mut out: Vec<Name> = doc
        .names
        .into_iter()
        .zip(&doc.spans)
        .enumerate()
        .filter(|(k, (_, r))| !r.is_empty() || untouched.get(*k).copied().unwrap_or(false))
        .map(|(_, (n, _))| n)
        .collect();
    out.sort_by_key(|n| n.bytes.start);
    out
}

#[cfg(test)]
mod tests {
    use crate::analyze::Features;
    use crate::extract::entity::is_name;

    /// The names of `text`: type, text and source.
    fn names(text: &str) -> Vec<(String, String, &'static str)> {
        let a = crate::analyze_for_test(text, Features::ALL);
        let t = a.normalized.text();
        a.entities
            .iter()
            .filter(|e| is_name(e.kind))
            .flat_map(|e| {
                e.mentions.iter().map(move |m| {
                    (
                        format!("{:?}", e.kind),
                        t[m.clone()].to_string(),
                        e.source.as_str(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn the_words_around_a_name_decide_it() {
        for (text, kind, want) in [
            // The portfolio after a minister, without the place's own entity.
            (
                "وزیر امور خارجه فرانسه دیروز به تهران آمد.",
                "Organization",
                "امور خارجه فرانسه",
            ),
            // A listed name word opening a sentence that reports speech.
            (
                "عسگری در خاتمه خاطرنشان کرد: طرح ولایت برای همه است.",
                "Person",
                "عسگری",
            ),
            // The government of a place.
            (
                "دولت افغانستان این حمله را محکوم کرد.",
                "Organization",
                "دولت افغانستان",
            ),
            (
                "نمایندگان حکومت عراق به تهران آمدند.",
                "Organization",
                "حکومت عراق",
            ),
            (
                "گفت و گو با وزیر نفت در شبکه خبر پخش شد.",
                "Organization",
                "نفت",
            ),
            // A portfolio is one of the ministries, commas read past; the
            // words after it are not.
            (
                "وزیر تعاون، کار و رفاه اجتماعی خبر داد.",
                "Organization",
                "تعاون، کار و رفاه اجتماعی",
            ),
            (
                "وزیر ارشاد آن‌ها را موجب وهن دانست.",
                "Organization",
                "ارشاد",
            ),
            // A head word up to the place it reaches, as one token or two.
            (
                "تیم\u{200C}ملی والیبال ژاپن برنده شد.",
                "Organization",
                "تیم\u{200C}ملی والیبال ژاپن",
            ),
            ("سیل در شهر مشهد خسارت زد.", "Location", "شهر مشهد"),
            (
                "زلزله روستای ماسوله را لرزاند.",
                "Location",
                "روستای ماسوله",
            ),
            // A speaker opening a clause the model did not know.
            (
                "خسروپناه با بیان اینکه کار تمام است، رفت.",
                "Person",
                "خسروپناه",
            ),
            ("امام خمینی به ایران بازگشت.", "Person", "امام خمینی"),
            // A blessing after a holy name, a body numbered by its term, a
            // state named by its form of government, a dateline's agency, a
            // role after a name.
            (
                "امام علی (ع) و پیامبر اکرم (ص) در این کتاب آمده‌اند.",
                "Person",
                "پیامبر اکرم (ص)",
            ),
            (
                "دولت یازدهم با رژیم صهیونیستی مخالفت کرد.",
                "Organization",
                "دولت یازدهم",
            ),
            (
                "دولت یازدهم با رژیم صهیونیستی مخالفت کرد.",
                "Organization",
                "رژیم صهیونیستی",
            ),
            (
                "واشنگتن ـ ایرنا : وزارت خارجه آمریکا بیانیه داد.",
                "Organization",
                "ایرنا",
            ),
            // A news agency after its reporter, or interviewed.
            (
                "وی در گفتگو با خبرنگار مهر افزود: کار تمام است.",
                "Organization",
                "مهر",
            ),
            (
                "مدیر کل در گفت و گو با فارس از طرح جدید خبر داد.",
                "Organization",
                "فارس",
            ),
            // An organization's public relations office speaks as it.
            (
                "به گزارش روابط عمومی سازمان هواپیمایی کشوری، پروازها برقرار است.",
                "Organization",
                "روابط\u{200C}عمومی سازمان هواپیمایی کشوری",
            ),
        ] {
            let got = names(text);
            assert!(
                got.iter()
                    .any(|(k, t, s)| k == kind && t == want && *s == "context"),
                "{text}: {got:?}"
            );
        }
        // A news agency's desk is not part of the agency's name.
        for (text, want) in [
            (
                "به گزارش گروه ورزشی خبرگزاری فارس، مسابقه لغو شد.",
                "خبرگزاری فارس",
            ),
            (
                "به گزارش سرویس بین‌الملل خبرگزاری تسنیم، جلسه تمام شد.",
                "خبرگزاری تسنیم",
            ),
        ] {
            let got = names(text);
            assert!(
                got.iter().any(|(k, t, _)| k == "Organization" && t == want)
                    && !got
                        .iter()
                        .any(|(_, t, _)| t.contains("گروه") || t.contains("سرویس")),
                "{text}: {got:?}"
            );
        }
        // No role (the model, else the rules) and no first part of a verb
        // (the model) at the end of a person's name.
        for (text, want) in [
            ("حسن روحانی رئیس جمهوری به نیویورک رفت.", "حسن روحانی"),
            ("سید حسن نصرالله سخنرانی کرد.", "سید حسن نصرالله"),
        ] {
            let got = names(text);
            assert!(
                got.iter().any(|(k, t, _)| k == "Person" && t == want),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn titles_and_kinds_alone_are_no_names() {
        for text in [
            "رهبر انقلاب در دیدار با مردم سخن گفت.",
            "مقام معظم رهبری در این دیدار حضور داشتند.",
            "مجلس این طرح را تصویب کرد.",
        ] {
            assert_eq!(names(text), vec![], "{text}");
        }
    }

    #[test]
    fn plain_phrases_stay_plain() {
        for text in [
            // A plural head is a common noun; no place is reached.
            "سازمان‌های مردم‌نهاد در این باره گزارش دادند.",
            "دانشگاه‌ها تعطیل شد.",
            // A role opens the clause: not a name.
            "سخنگو گفت: جلسه برگزار شد.",
            // An institution is no speaker.
            "پلیس گفت: دو نفر بازداشت شدند.",
            // `گفت و گو` is no reporting verb.
            "گفت و گو ادامه دارد.",
            // Nor for a listed name word opening the sentence.
            "ایمان در این جلسه گفت و گو کرد.",
        ] {
            let got = names(text);
            assert!(
                got.iter().all(|(_, _, s)| *s != "context"),
                "{text}: {got:?}"
            );
        }
    }
}
