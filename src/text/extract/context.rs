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
//! 3. **Place words**: `شهر`, `استان`, `ایالت`… right before a place joins
//!    it (`[استان فارس]`).
//! 4. **Reporting verbs**: one or two plain words opening a clause, right
//!    before `گفت`, `تصریح کرد`, `با بیان`…, are a person (`[لاریجانی]
//!    گفت`), where nothing else was found.
//! 5. **Honorifics** `امام`, `سید`, `حضرت` before a person are part of the
//!    name (`[امام خمینی]`); titles such as `آقای` and `دکتر` are not.
//!
//! A phrase ends at punctuation, a verb, a function word, a role or time
//! word, a person, or the eighth word; `و` joins two plain words, and a
//! plain word right before a light verb (`تأیید کرد`) is the verb's.
//! Words are compared with letters unified, and without ZWNJ, spaces and
//! diacritics, so `رئیس‌جمهور` and `رئیس جمهور` are one word here.
//!
//! Each rule was kept only where it raised F1 on both dev sets (PEYMA and
//! ARMAN); see `benches/RESULTS.md` and the issue notes for the figures.

use crate::text::token::{Token, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// Name kinds, as [`super::ner::Named`] numbers them.
pub const PERSON: usize = 0;
pub const LOCATION: usize = 1;
pub const ORGANIZATION: usize = 2;

/// A name, by the model or by a rule here.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub kind: usize,
    /// Bytes of the normalized text.
    pub bytes: Range<usize>,
    pub confidence: f32,
    /// The rule that made or changed it; `None` for the model's.
    pub rule: Option<&'static str>,
}

/// What a token is to the rules.
#[derive(Clone, Copy)]
pub struct WordInfo<'a> {
    pub kind: TokenKind,
    /// As the lemmatizer gives it (`کرد#کن` for a verb).
    pub lemma: Option<&'a str>,
    pub stopword: bool,
    /// Part of a multi-word verb (`تأکید کرد`).
    pub in_verb_group: bool,
}

// Roles of words (bits).
const ORG_HEAD: u16 = 1;
const BOUND: u16 = 1 << 1;
const MINISTER: u16 = 1 << 2;
const FORMER: u16 = 1 << 3;
const PLACE: u16 = 1 << 4;
const REPORT: u16 = 1 << 5;
const HONORIFIC: u16 = 1 << 6;
const TITLE: u16 = 1 << 7;
const NOT_CONTENT: u16 = 1 << 8;

/// Head words of organizations; the head is part of the name.
const ORG_HEADS: &str = "وزارت وزارتخانه سازمان شرکت دانشگاه بانک شورای حزب مجلس باشگاه \
    خبرگزاری ستاد کمیته کمیسیون اداره اداره‌کل انجمن بنیاد مؤسسه دادگاه دادسرای دیوان \
    نیروی نیروهای سپاه قرارگاه اتحادیه فدراسیون جمعیت دفتر مرکز پژوهشگاه پژوهشکده \
    دانشکده صندوق هیئت هیات کانون جبهه جنبش مجمع قوه معاونت فرمانداری استانداری شهرداری \
    ارتش پلیس کارخانه اتاق سندیکا کنفدراسیون لشکر تیپ یگان سفارت کنسولگری دبیرخانه \
    فرهنگستان آکادمی شبکه روزنامه نشریه هفته‌نامه ماهنامه رادیو تلویزیون گروه تیم \
    کارگروه هلدینگ";

/// Words that end a phrase: roles, time words, titles.
const BOUNDS: &str = "رئیس روسای معاون معاونان مدیر مدیران مدیرکل مدیرعامل سخنگوی \
    سخنگو دبیر دبیرکل وزیر وزرای عضو اعضای نماینده نمایندگان کارشناس کارشناسان مسئول \
    مسئولان مسئولین فرمانده فرماندهان سرمربی مربی بازیکن بازیکنان کارکنان دانشجویان \
    رئیس‌جمهور رئیس‌جمهوری نخست‌وزیر روز امروز دیروز فردا امسال پارسال صبح عصر شب ظهر \
    سال ماه هفته شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنج‌شنبه جمعه اخیر گذشته آینده \
    سابق قبلی کنونی فعلی جدید آقای خانم دکتر مهندس";

const MINISTERS: &str = "وزیر وزرای وزیران";
const FORMERS: &str = "سابق اسبق پیشین وقت";

/// Kinds of place that stand before a place's name, and are part of it.
const PLACES: &str = "شهر استان ایالت شهرستان دهستان رودخانه اقیانوس بندر فرودگاه \
    ورزشگاه پارک جزیره دریاچه کوه شمال جنوب شرق غرب شمال‌شرق شمال‌غرب جنوب‌شرق \
    جنوب‌غرب شمال‌شرقی شمال‌غربی جنوب‌شرقی جنوب‌غربی";

/// Verbs and openers that follow a speaker at the start of a clause.
const REPORTS: &str = "گفت افزود تصریح‌کرد اظهار‌کرد اظهار‌داشت خاطرنشان‌کرد \
    خاطر‌نشان‌کرد اضافه‌کرد ادامه‌داد تأکید‌کرد عنوان‌کرد بیان‌کرد بیان‌داشت یادآور‌شد \
    یادآوری‌کرد خبر‌داد اعلام‌کرد توضیح‌داد معتقد‌است گفته‌است با‌بیان با‌اشاره در‌پاسخ \
    با‌تأکید در‌ادامه در‌پایان با‌اعلام";

const HONORIFICS: &str = "امام سید حضرت";

/// Numbers and prepositional nouns: not words of a name.
const NOT_CONTENTS: &str = "یک دو سه چهار پنج شش هفت هشت نه ده صد هزار میلیون میلیارد \
    نخستین اولین دومین سومین درخصوص درباره مبنی حاکی دارای مورد نسبت پیرامون بابت علیه \
    طبق براساس بنابر توسط جهت ضمن حین هنگام پس قبل بعد ها های هایی ای اند است بود چاپ \
    شامل همراه";

/// Lemmas of light verbs: a plain word before one is the verb's.
const LIGHT_VERBS: &str = "کرد#کن شد#شو داد#ده گرفت#گیر داشت#دار نمود#نما آمد#آ ساخت#ساز \
    زد#زن گشت#گرد گردید#گرد یافت#یاب رسید#رس بود#باش خواست#خواه";

/// The longest phrase, in tokens, after its head.
const MAX_WORDS: usize = 8;

/// The longest word list entry, in tokens.
const MAX_PARTS: usize = 3;

/// The confidence of a name a rule made.
const RULE_CONFIDENCE: f32 = 0.8;

struct Lists {
    /// Folded entry (parts joined) to roles.
    roles: FxHashMap<String, u16>,
    /// Folded first parts of entries of several parts.
    firsts: FxHashSet<String>,
    light: FxHashSet<&'static str>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut roles: FxHashMap<String, u16> = FxHashMap::default();
        let mut firsts = FxHashSet::default();
        let titles = super::ner::TITLES;
        for (words, role) in [
            (ORG_HEADS, ORG_HEAD),
            (BOUNDS, BOUND),
            (MINISTERS, MINISTER | BOUND),
            (FORMERS, FORMER),
            (PLACES, PLACE),
            (REPORTS, REPORT),
            (HONORIFICS, HONORIFIC),
            (titles, TITLE),
            (NOT_CONTENTS, NOT_CONTENT),
        ] {
            for w in words.split_whitespace() {
                *roles.entry(fold(w).into_owned()).or_default() |= role;
                let mut parts = w.split('\u{200C}');
                if let (Some(first), Some(_)) = (parts.next(), parts.next()) {
                    firsts.insert(fold(first).into_owned());
                }
            }
        }
        Lists {
            roles,
            firsts,
            light: LIGHT_VERBS.split_whitespace().collect(),
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

/// The rules' view of a document.
struct Doc<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// Per token: the roles of the list entry that starts there, and its
    /// length in tokens.
    roles: Vec<(u16, usize)>,
    /// Per token: a plain word (not a function word, verb, number or
    /// punctuation).
    content: Vec<bool>,
    light: Vec<bool>,
    names: Vec<Name>,
    /// Per name: its tokens; empty once a rule removed it.
    spans: Vec<Range<usize>>,
    /// Per token: the name that covers it.
    cover: Vec<Option<usize>>,
}

impl Doc<'_> {
    fn word(&self, i: usize) -> &str {
        &self.text[self.tokens[i].bytes.clone()]
    }

    fn has(&self, i: usize, role: u16) -> bool {
        self.roles[i].0 & role != 0
    }

    /// The name that starts at token `i`.
    fn starting(&self, i: usize) -> Option<usize> {
        self.cover[i].filter(|&k| self.spans[k].start == i)
    }

    /// Makes tokens `r` a name of `kind` in place of every name they
    /// overlap.
    fn replace(&mut self, r: Range<usize>, kind: usize, rule: &'static str) {
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
                if self.names[k].kind == PERSON {
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

    /// `[سید حسن نصرالله] سخنرانی کرد`: a name does not end with the first
    /// part of a verb (the model's names; a one-word name is kept).
    fn verb_parts(&mut self, words: &[WordInfo]) {
        for k in 0..self.names.len() {
            let r = self.spans[k].clone();
            let mut end = r.end;
            while end > r.start + 1 && words[end - 1].in_verb_group {
                end -= 1;
            }
            if end < r.end {
                for i in end..r.end {
                    self.cover[i] = None;
                }
                self.spans[k].end = end;
                let name = &mut self.names[k];
                name.bytes.end = self.tokens[end - 1].bytes.end;
                name.rule = Some("verb part");
            }
        }
    }

    /// `وزیر [امور خارجه]`: the portfolio after a minister is an
    /// organization.
    fn portfolios(&mut self, s: Range<usize>) {
        for i in s.clone() {
            if !self.has(i, MINISTER) || (i > s.start && fold(self.word(i - 1)) == "نخست") {
                continue;
            }
            let mut j = i + 1;
            if j < s.end && self.has(j, FORMER) {
                j += 1;
            }
            if j >= s.end
                || self.word(j) == "مشاور"
                || self
                    .starting(j)
                    .is_some_and(|k| self.names[k].kind == PERSON)
            {
                continue;
            }
            let (e, _) = self.extend(j, s.end, false);
            if e > j {
                self.replace(j..e, ORGANIZATION, "portfolio");
            }
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
                    self.replace(i..e, ORGANIZATION, "head word");
                    i = e;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// `[استان فارس]`: a kind of place before a place.
    fn place_words(&mut self, s: Range<usize>) {
        for i in s.clone() {
            let (roles, len) = self.roles[i];
            if roles & PLACE == 0 || self.starting(i).is_some() || i + len >= s.end {
                continue;
            }
            if let Some(k) = self.starting(i + len) {
                if self.names[k].kind == LOCATION {
                    let e = self.spans[k].end;
                    self.replace(i..e, LOCATION, "place word");
                }
            }
        }
    }

    /// `[لاریجانی] گفت`: one or two plain words opening a clause before a
    /// reporting verb.
    fn speakers(&mut self, s: Range<usize>) {
        for t in s.clone() {
            if !self.has(t, REPORT) {
                continue;
            }
            // `گفت و گو` is a conversation.
            if t + 1 < s.end && matches!(fold(self.word(t + 1)).as_ref(), "وگو" | "گو") {
                continue;
            }
            for n in 1..=2 {
                let Some(from) = t.checked_sub(n).filter(|&f| f >= s.start) else {
                    break;
                };
                let opens = from == s.start || self.tokens[from - 1].kind == TokenKind::Punctuation;
                if !opens {
                    continue;
                }
                let plain = (from..t).all(|i| {
                    self.content[i] && !self.has(i, BOUND | TITLE) && self.cover[i].is_none()
                });
                if plain {
                    self.replace(from..t, PERSON, "reporting verb");
                }
                break;
            }
        }
    }

    /// `[امام خمینی]`: an honorific before a person is part of the name.
    fn honorifics(&mut self, s: Range<usize>) {
        for i in s.start + 1..s.end {
            let Some(k) = self.starting(i) else { continue };
            if self.names[k].kind != PERSON
                || !self.has(i - 1, HONORIFIC)
                || self.cover[i - 1].is_some()
            {
                continue;
            }
            self.spans[k].start = i - 1;
            self.cover[i - 1] = Some(k);
            let name = &mut self.names[k];
            name.bytes.start = self.tokens[i - 1].bytes.start;
            name.rule = Some("honorific");
        }
    }
}

/// Applies the rules to `names` (the model's, in text order) over the
/// sentences (token ranges) of `tokens`; `words` are per token. Returns the
/// names in text order.
pub fn apply(
    text: &str,
    tokens: &[Token],
    words: &[WordInfo],
    sentences: &[Range<usize>],
    names: Vec<Name>,
) -> Vec<Name> {
    if tokens.is_empty() || words.len() != tokens.len() {
        return names;
    }
    let lists = lists();
    let keys: Vec<Cow<str>> = tokens
        .iter()
        .map(|t| fold(&text[t.bytes.clone()]))
        .collect();
    let mut roles = vec![(0u16, 1usize); tokens.len()];
    let mut joined = String::new();
    for s in sentences {
        for i in s.clone() {
            if lists.firsts.contains(keys[i].as_ref()) {
                for n in (2..=MAX_PARTS.min(s.end - i)).rev() {
                    joined.clear();
                    keys[i..i + n].iter().for_each(|k| joined.push_str(k));
                    if let Some(&r) = lists.roles.get(joined.as_str()) {
                        roles[i] = (r, n);
                        break;
                    }
                }
            }
            if roles[i].0 != 0 {
                continue;
            }
            if let Some(&r) = lists.roles.get(keys[i].as_ref()) {
                roles[i].0 = r;
            } else if let Some((first, rest)) =
                text[tokens[i].bytes.clone()].split_once([' ', '\u{200C}'])
            {
                // `تیم ملی` or `تیم‌ملی`, one token: its first word heads it,
                // unless the rest is a suffix (`سازمان‌های`).
                let rest = fold(rest);
                if rest.chars().count() >= 3 && !rest.starts_with("ها") {
                    let r = lists.roles.get(fold(first).as_ref()).copied().unwrap_or(0);
                    roles[i].0 = r & (ORG_HEAD | PLACE);
                }
            }
        }
    }
    let content = words
        .iter()
        .zip(&roles)
        .map(|(w, &(r, _))| {
            w.kind == TokenKind::Word
                && !w.stopword
                && !w.in_verb_group
                && !w.lemma.is_some_and(|l| l.contains('#'))
                && r & NOT_CONTENT == 0
        })
        .collect();
    let light = words
        .iter()
        .map(|w| w.lemma.is_some_and(|l| lists.light.contains(l)))
        .collect();
    let mut doc = Doc {
        text,
        tokens,
        roles,
        content,
        light,
        spans: Vec::with_capacity(names.len()),
        cover: vec![None; tokens.len()],
        names: Vec::with_capacity(names.len()),
    };
    for name in names {
        let r = super::super::entities::tokens_of(tokens, &name.bytes);
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
    doc.verb_parts(words);
    for s in sentences {
        doc.portfolios(s.clone());
    }
    for s in sentences {
        doc.head_words(s.clone());
    }
    for s in sentences {
        doc.place_words(s.clone());
    }
    for s in sentences {
        doc.speakers(s.clone());
    }
    for s in sentences {
        doc.honorifics(s.clone());
    }
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
    use crate::text::analyze::{Analyzer, Features};
    use crate::text::entities::is_name;
    use crate::text::normalize::NormalizeOptions;

    /// The names of `text`: type, text and source.
    fn names(text: &str) -> Vec<(String, String, &'static str)> {
        let a = Analyzer::new().analyze(text, &NormalizeOptions::default(), Features::ALL);
        let t = a.normalized.text();
        a.entities
            .iter()
            .filter(|e| is_name(e.kind))
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .map(move |m| (format!("{:?}", e.kind), t[m.clone()].to_string(), e.source))
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
            (
                "گفت و گو با وزیر نفت در شبکه خبر پخش شد.",
                "Organization",
                "نفت",
            ),
            // A head word up to the place it reaches, as one token or two.
            (
                "تیم ملی فوتبال ایران برنده شد.",
                "Organization",
                "تیم\u{200C}ملی فوتبال ایران",
            ),
            ("سیل در شهر مشهد خسارت زد.", "Location", "شهر مشهد"),
            // A speaker opening a clause the model did not know.
            (
                "مهرپرور با بیان اینکه کار تمام است، رفت.",
                "Person",
                "مهرپرور",
            ),
            ("امام خمینی به ایران بازگشت.", "Person", "امام خمینی"),
            // The model's name loses the first part of the verb.
            ("سید حسن نصرالله سخنرانی کرد.", "Person", "سید حسن نصرالله"),
        ] {
            let got = names(text);
            assert!(
                got.iter()
                    .any(|(k, t, s)| k == kind && t == want && *s == "context"),
                "{text}: {got:?}"
            );
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
            // `گفت و گو` is no reporting verb.
            "گفت و گو ادامه دارد.",
        ] {
            let got = names(text);
            assert!(
                got.iter().all(|(_, _, s)| *s != "context"),
                "{text}: {got:?}"
            );
        }
    }
}
