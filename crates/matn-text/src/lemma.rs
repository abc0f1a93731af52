//! Lemmas of Persian words, from the built-in lexicon.
//!
//! - Verbs, in every person, tense and mood, with `می`/`نمی`/`ب`/`ن`, and past
//!   participles with their clitics (`نپرداخته‌اند`), give their stem pair
//!   `past#present` (`پرداخت#پرداز`); the copula gives `است`/`هست`, `باید` gives
//!   `بایست`. A participle that is more common as a word than its verb stays a
//!   word (`گذشته`, `آماده`). A verb with a preverb (`بر`, `در`, `باز`, `فرو`,
//!   `فرا`, `ور`) takes its base verb's lemma (`برمی‌گشت` → `گشت#گرد`), as UD
//!   Persian's PerDT does; a reading without preverb comes first (`ورزید`).
//! - Nouns and adjectives lose plural suffixes (`ها`, `ان`, `ات`, and Arabic
//!   broken plurals from the lexicon's table: `افراد` → `فرد`), comparatives
//!   (`مهم‌ترین` → `مهم`, `بهتر` → `به`), indefinite and ezafe `ی`
//!   (`کسی` → `کس`, `دنیای` → `دنیا`, `برجسته‌ای` → `برجسته`) and possessive
//!   clitics (`شهادتش` → `شهادت`), but only down to a base the lexicon lists, and
//!   not where the word is a lexeme of its own (`آزادی`, `اقتصادی`, `دفتر`).
//! - A plural much more frequent than its singular is its own lemma
//!   (`اطلاعات`, `انتخابات`).
//!
//! Which reading wins out of context is decided by the lexicon's parts of
//! speech and frequencies; the margins below were set on the UD Persian dev
//! set. A word that reads both ways keeps the other reading in its [`Reading`],
//! and its place in the sentence ([`Place`]) decides: a participle before an
//! auxiliary is a verb (`نوشته است`), a word after a preposition a noun
//! (`در روند`).

use crate::lexicon::{Entry, Lexicon};
use crate::memo_budget::Account;
use crate::script::ZWNJ;
use std::sync::Arc;

/// What a token's `lemma` holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LemmaStyle {
    /// Dictionary form; verbs as their stem pair `past#present`.
    #[default]
    Lemma,
    /// One string per word, for search keys: verbs give their past stem alone
    /// (`پرداخت`), other words their lemma.
    Stem,
}

impl LemmaStyle {
    /// A word's dictionary lemma in this style.
    pub fn apply(self, lemma: &str) -> String {
        match self {
            LemmaStyle::Lemma => lemma.to_string(),
            LemmaStyle::Stem => lemma.split('#').next().unwrap_or_default().to_string(),
        }
    }
}

/// Words no rule reaches: the copula and its stranded endings, modal `باید`,
/// suppletive comparatives, impersonal `می‌توان`, glued pronouns, poetry's `ز`.
const IRREGULAR: &[(&str, &str)] = &[
    ("است", "است"),
    ("هست", "هست"),
    ("هستم", "هست"),
    ("هستی", "هست"),
    ("هستیم", "هست"),
    ("هستید", "هست"),
    ("هستند", "هست"),
    ("نیست", "هست"),
    ("نیستم", "هست"),
    ("نیستی", "هست"),
    ("نیستیم", "هست"),
    ("نیستید", "هست"),
    ("نیستند", "هست"),
    ("باید", "بایست"),
    ("نباید", "بایست"),
    ("بایست", "بایست"),
    ("بایستی", "بایست"),
    ("نبایستی", "بایست"),
    // The pronouns `اینها`, `آنها` written glued are words of their own.
    ("اینها", "اینها"),
    ("آنها", "آنها"),
    // Poetry's short `از`.
    ("ز", "از"),
    // The copula's endings where a tokenizer left them alone (`گفته ید`).
    ("ید", "هست"),
    ("یم", "هست"),
    ("یکی", "یکی"),
    ("بهتر", "به"),
    ("بهترین", "به"),
    ("بیشتر", "بیش"),
    ("بیشترین", "بیش"),
    ("کمتر", "کم"),
    ("کمترین", "کم"),
    ("می\u{200c}توان", "توانست#توان"),
    ("نمی\u{200c}توان", "توانست#توان"),
];

/// Ordinal numbers that read as verb forms too.
const ORDINALS: &[&str] = &[
    "دوم",
    "سوم",
    "چهارم",
    "پنجم",
    "ششم",
    "هفتم",
    "هشتم",
    "نهم",
    "دهم",
    "یازدهم",
    "دوازدهم",
    "سیزدهم",
    "چهاردهم",
    "پانزدهم",
    "شانزدهم",
    "هفدهم",
    "هجدهم",
    "هیجدهم",
    "نوزدهم",
    "بیستم",
    "سی\u{200c}ام",
    "چهلم",
    "پنجاهم",
    "شصتم",
    "هفتادم",
    "هشتادم",
    "نودم",
    "صدم",
    "هزارم",
];

fn irregular() -> &'static rustc_hash::FxHashMap<&'static str, &'static str> {
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| IRREGULAR.iter().copied().collect())
}

/// Readings already found (built-in lexicon): words repeat.
#[derive(Default)]
struct Memo {
    readings: rustc_hash::FxHashMap<Box<str>, Reading>,
    /// About what the readings take, in bytes, charged to the memo budget.
    account: Account,
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// What the lemmatizer makes of a word out of context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The likelier lemma, dictionary style.
    pub lemma: Arc<str>,
    /// The word's verb lemma where it can be a verb but reads better as
    /// something else alone (`نوشته`, `برداشت`, `کن`); its place in the
    /// sentence decides (see [`Reading::in_context`]).
    pub verb: Option<VerbReading>,
    /// The word's noun or adjective lemma where the verb reading won but the
    /// lexicon lists the word as a noun or adjective (`روند`): after a
    /// preposition it is that.
    pub noun: Option<Arc<str>>,
    /// Whether `lemma` is the verb of a bare past participle (`گفته`).
    pub participle: bool,
    /// Whether the word is a stopword (the lexicon's token stopword flag):
    /// kept here so that one look-up answers both.
    pub stopword: bool,
}

/// A verb reading that lost to a non-verb one out of context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbReading {
    /// `past#present`.
    pub lemma: Arc<str>,
    /// A past participle without clitic (`نوشته`), else a finite form.
    pub participle: bool,
}

/// Where a word stands, as far as choosing its verb reading goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// After a preposition, which governs a noun: not a verb. `بر` and `در`
    /// are preverbs too, written apart (`بر نهاده`): a participle after them
    /// stays a verb.
    AfterPreposition { preverb: bool },
    /// Before the sentence's final `.`, `!`, `?` or `؟`: Persian puts the verb last.
    BeforeFinalMark,
    /// Before other punctuation (`،`, `؛`, `:`).
    BeforePunctuation,
    /// Before `و` or `که`, which often start a clause after a verb.
    BeforeConjunction,
    /// Before an auxiliary (`است`, `بود`, `شد`, `باشد`...): a participle there is a verb.
    BeforeAuxiliary,
    /// Anywhere else.
    Other,
}

impl Reading {
    fn word(lemma: impl Into<Arc<str>>) -> Self {
        Reading {
            lemma: lemma.into(),
            verb: None,
            noun: None,
            participle: false,
            stopword: false,
        }
    }

    /// The lemma in `place`: the noun reading after a preposition, the verb
    /// reading where the place calls for a verb (a participle before an
    /// auxiliary or punctuation, a listed verb form before punctuation), else
    /// the likelier one.
    pub fn in_context(&self, place: Place) -> &Arc<str> {
        if let Place::AfterPreposition { preverb } = place {
            if !(preverb && self.participle) {
                return self.noun.as_ref().unwrap_or(&self.lemma);
            }
        }
        match &self.verb {
            Some(v)
                if matches!(place, Place::BeforeFinalMark | Place::BeforePunctuation)
                    || (v.participle && place == Place::BeforeAuxiliary)
                    || (!v.participle && place == Place::BeforeConjunction) =>
            {
                &v.lemma
            }
            _ => &self.lemma,
        }
    }
}

/// Entries the memo holds before it starts over.
const MEMO_CAPACITY: usize = 50_000;

/// Bytes the memo holds before it starts over: distinct long words must not
/// grow a thread without bound.
const MEMO_BYTES: usize = 8 << 20;

/// About the bytes one memo entry for `word` takes.
fn memo_size(word: &str, r: &Reading) -> usize {
    let lemmas = r.lemma.len()
        + r.verb.as_ref().map_or(0, |v| v.lemma.len())
        + r.noun.as_ref().map_or(0, |n| n.len());
    word.len() + lemmas + std::mem::size_of::<Reading>() + 64
}

/// Empties this thread's memo of readings.
pub(crate) fn forget_thread_memo() {
    MEMO.with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            *m = Default::default();
        }
    });
}

/// Preverbs: a prefixed verb has the lemma of its base verb (`برمی‌گشت`,
/// `درآوردند` → `گشت`, `آورد`), as UD Persian's PerDT lemmatizes them.
const PREVERBS: &[&str] = &["", "بر", "در", "باز", "فرو", "فرا", "ور"];
const VERB_PREFIXES: &[&str] = &["نمی", "می", "همی", "ن", "ب", ""];
const PAST_ENDINGS: &[&str] = &["یم", "ید", "ند", "م", "ی", ""];
const PRESENT_ENDINGS: &[&str] = &["یم", "ید", "ند", "م", "ی", "د", ""];
const PARTICIPLE_CLITICS: &[&str] = &["ام", "ای", "است", "ایم", "اید", "اند", ""];
const COMPARATIVE: &[&str] = &["ترین", "تری", "تر"];
/// Suffixes a noun or adjective sheds, tried in this order.
const NOMINAL_SUFFIXES: &[&str] = &[
    "هایی", "های", "ها", "ترین", "تری", "تر", "ای", "ی", "شان", "تان", "مان", "اش", "ام", "ات",
    "ش", "م", "ت",
];

/// A bare participle stays a word when it is more frequent than its verb by
/// more than this (Zipf ×100).
const PARTICIPLE_MARGIN: u16 = 100;
/// A bare participle before an auxiliary or punctuation is a verb unless it is
/// more frequent than its verb by more than this (Zipf ×100): `نوشته است`,
/// but `آماده است`.
const CONTEXT_PARTICIPLE_MARGIN: u16 = 190;
/// A form Lilak lists as a verb that reads better as a noun alone is a verb
/// before punctuation unless it is more frequent than its verb by more than this
/// (`جمع کن،`, but not `مردم،`).
const CONTEXT_FINITE_MARGIN: u16 = 100;
/// A listed word ending in `ی` loses it when its base is more frequent by more
/// than this.
const LISTED_YEH_MARGIN: i32 = 100;
/// An unlisted word loses a final `ی` after a consonant only when its base is
/// more frequent by at least this.
const UNLISTED_YEH_MARGIN: i32 = 100;
/// A listed plural more frequent than its singular by more than this is its own
/// lemma (`اطلاعات`, `کلمات`).
const PLURAL_MARGIN: i32 = 30;
/// A stopword loses its `ی` (`کسی` → `کس`) only when its base is at most this
/// much rarer (not `خیلی` → `خیل`).
const STOPWORD_YEH_MARGIN: i32 = 100;
/// Ezafe `ی` after `ا`/`و` goes when the base is at most this much rarer.
const EZAFE_MARGIN: i32 = 50;
/// A function word loses a final `ی` when its base is a noun at most this much
/// rarer (`وقتی` → `وقت`, not `برای` → `برا`).
const FUNCTION_YEH_MARGIN: i32 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VerbForm {
    Finite,
    /// A past participle without clitic (`کرده`, `نرفته`).
    BareParticiple,
    /// A past participle with a person clitic (`کرده‌اند`).
    Participle,
}

#[derive(Clone, Copy)]
struct Verb<'l> {
    past: &'l str,
    present: &'l str,
    form: VerbForm,
}

/// Lemmatizes words with a lexicon.
#[derive(Clone, Copy, Debug)]
pub struct Lemmatizer<'l> {
    lex: &'l Lexicon,
    style: LemmaStyle,
}

impl<'l> Lemmatizer<'l> {
    pub fn new(lex: &'l Lexicon, style: LemmaStyle) -> Self {
        Lemmatizer { lex, style }
    }

    fn flags(&self, w: &str) -> Entry {
        self.lex.get(w)
    }

    fn zipf(&self, w: &str) -> i32 {
        i32::from(self.lex.get(w).zipf)
    }

    /// A noun or adjective.
    fn is_nominal(&self, w: &str) -> bool {
        self.flags(w).is(Entry::NOUN | Entry::ADJECTIVE)
    }

    /// A lexeme some hand-made list has.
    fn is_known(&self, w: &str) -> bool {
        self.flags(w)
            .is(Entry::NOUN | Entry::ADJECTIVE | Entry::LISTED)
    }

    /// The lemma of a word of normalized text out of context, in the
    /// lemmatizer's style.
    pub fn lemma(&self, word: &str) -> String {
        self.with_reading(word, |r| self.style.apply(&r.lemma))
    }

    /// The readings of a word of normalized text, dictionary style.
    pub fn reading(&self, word: &str) -> Reading {
        self.with_reading(word, Reading::clone)
    }

    /// Calls `f` with the readings of a word of normalized text (dictionary
    /// style), memoized for the built-in lexicon: no copy of them is made.
    /// `f` runs while the memo is borrowed; should it look a word up itself,
    /// that word is not memoized.
    pub fn with_reading<R>(&self, word: &str, f: impl FnOnce(&Reading) -> R) -> R {
        if !std::ptr::eq(self.lex, Lexicon::builtin()) {
            return f(&self.read_with_flags(word));
        }
        MEMO.with(|m| {
            if let Some(known) = m.borrow().readings.get(word) {
                return f(known);
            }
            let reading = self.read_with_flags(word);
            let answer = f(&reading);
            if let Ok(mut m) = m.try_borrow_mut() {
                let size = memo_size(word, &reading);
                let fits =
                    m.readings.len() < MEMO_CAPACITY && m.account.bytes() + size <= MEMO_BYTES;
                if !(fits && m.account.charge(size)) {
                    *m = Memo::default();
                    // No room in the budget even with this thread's memo empty.
                    if !m.account.charge(size) {
                        return answer;
                    }
                }
                m.readings.insert(word.into(), reading);
            }
            answer
        })
    }

    fn read_with_flags(&self, word: &str) -> Reading {
        let mut reading = self.read(word);
        reading.stopword = self.lex.get(word).is(Entry::TOKEN_STOPWORD);
        reading
    }

    fn read(&self, word: &str) -> Reading {
        // A final hamza or ۀ marks the ezafe of a noun or adjective (`گفتهٔ`).
        let ezafe = word.ends_with('\u{0654}') || word.ends_with('ۀ');
        let mut w = word.trim_end_matches('\u{0654}').to_string();
        if let Some(head) = w.strip_suffix('ۀ') {
            w = format!("{head}ه");
        }
        if let Some(lemma) = irregular().get(w.as_str()) {
            return Reading::word(*lemma);
        }
        // Ordinals are no verbs (`دوم` is not دو+م, `دهم` not ده+م).
        if ORDINALS.contains(&w.as_str()) {
            return Reading::word(w);
        }
        if self.flags(&w).is(Entry::FUNCTION) {
            return Reading::word(self.function_word(w));
        }
        let mut verb = None;
        if let Some(v) = (!ezafe).then(|| self.verb(&w)).flatten() {
            // An adjective and the copula's clitic (`خسته‌اند`): the adjective.
            if v.form == VerbForm::Participle {
                let bare = PARTICIPLE_CLITICS
                    .iter()
                    .filter(|c| !c.is_empty())
                    .find_map(|c| w.strip_suffix(c))
                    .map(|b| b.trim_end_matches(ZWNJ))
                    .filter(|b| b.ends_with('ه'));
                if let Some(bare) = bare {
                    if self.lex.verb_zipf(v.past) + PARTICIPLE_MARGIN < self.flags(bare).zipf {
                        return Reading::word(self.nominal(bare));
                    }
                }
            }
            // Frequencies are the prefixed verb's; the lemma is its base verb's.
            let base = self.base_verb(&v);
            let lemma: Arc<str> = format!("{}#{}", base.past, base.present).into();
            let participle = v.form == VerbForm::BareParticiple;
            if self.reads_as_verb(&w, &v) {
                return Reading {
                    noun: self.is_nominal(&w).then(|| self.nominal(&w).into()),
                    participle,
                    ..Reading::word(lemma)
                };
            }
            // Context may yet make it a verb: a participle not much more
            // frequent as a word than its verb, or a form Lilak lists as a verb.
            let f = self.flags(&w);
            let likely = if participle {
                self.lex.verb_zipf(v.past) + CONTEXT_PARTICIPLE_MARGIN >= f.zipf
            } else {
                f.is(Entry::VERB) && self.lex.verb_zipf(v.past) + CONTEXT_FINITE_MARGIN >= f.zipf
            };
            verb = likely.then_some(VerbReading { lemma, participle });
        }
        Reading {
            lemma: self.nominal(&w).into(),
            verb,
            noun: None,
            participle: false,
            stopword: false,
        }
    }

    /// A function word is its own lemma, but for a noun with ezafe or
    /// relative `ی` (`روی` → `رو`, `وقتی` → `وقت`).
    fn function_word(&self, w: String) -> String {
        match w.strip_suffix('ی') {
            Some(base)
                if self.flags(base).is(Entry::NOUN)
                    && self.zipf(base) + FUNCTION_YEH_MARGIN >= self.zipf(&w) =>
            {
                base.to_string()
            }
            _ => w,
        }
    }

    /// Whether `w` reads better as the verb `v` than as a noun, out of context.
    fn reads_as_verb(&self, w: &str, v: &Verb<'_>) -> bool {
        let f = self.flags(w);
        let nominal = self.is_nominal(w);
        match v.form {
            VerbForm::BareParticiple => self.lex.verb_zipf(v.past) + PARTICIPLE_MARGIN >= f.zipf,
            _ if (w.starts_with('ب') || w.starts_with('ن')) && !w.starts_with("نمی") && nominal => {
                false
            }
            // می‌/نمی‌ and a ZWNJ: a verb, whatever lists call the word
            // (Lilak has `می‌کرده` as an adjective).
            _ if w.starts_with("می\u{200c}") || w.starts_with("نمی\u{200c}") => true,
            _ => {
                let continuous = w.starts_with("می") || w.starts_with("نمی");
                (f.is(Entry::VERB) && (f.is(Entry::STOPWORD) || !nominal || continuous))
                    || (!nominal && (continuous || !self.is_known(w)))
            }
        }
    }

    /// The likeliest verb analysis of `w`.
    fn verb(&self, w: &str) -> Option<Verb<'l>> {
        let g = w.replace(ZWNJ, "");
        let f = self.flags(w);
        let nominal = self.is_nominal(w);
        // A reading without preverb first (`ورزید` is no ور+زید); with a
        // preverb, only a listed verb form or one after می/نمی/ب/ن (not
        // درآمدهای).
        let mut found = Vec::new();
        for &preverb in PREVERBS {
            if let Some(g) = g.strip_prefix(preverb).filter(|r| !r.is_empty()) {
                self.verb_forms(w, g, !preverb.is_empty(), f, nominal, &mut found);
            }
            if !found.is_empty() {
                break;
            }
        }
        // The most frequent verb; the first found among equals.
        let mut best: Option<(u16, Verb<'l>)> = None;
        for v in found {
            let z = self.lex.verb_zipf(v.past);
            if best.as_ref().is_none_or(|(bz, _)| z > *bz) {
                best = Some((z, v));
            }
        }
        best.map(|(_, v)| v)
    }

    /// A verb with a preverb as its base verb (`برداشت#بردار` → `داشت#دار`),
    /// as UD Persian lemmatizes them.
    fn base_verb(&self, v: &Verb<'l>) -> Verb<'l> {
        for &preverb in &PREVERBS[1..] {
            let base = v
                .past
                .strip_prefix(preverb)
                .zip(v.present.strip_prefix(preverb));
            let Some((past, _)) = base.filter(|(p, q)| p.chars().count() >= 2 && !q.is_empty())
            else {
                continue;
            };
            if let Some((past, present)) = self.lex.verb_of_past(past) {
                return Verb {
                    past,
                    present,
                    ..*v
                };
            }
        }
        *v
    }

    /// Every verb analysis of `g` (the word `w` without ZWNJ, less any
    /// preverb), added to `found`.
    fn verb_forms(
        &self,
        w: &str,
        g: &str,
        after_preverb: bool,
        f: Entry,
        nominal: bool,
        found: &mut Vec<Verb<'l>>,
    ) {
        let mut offer = |past, present, form| {
            found.push(Verb {
                past,
                present,
                form,
            })
        };
        for &pre in VERB_PREFIXES {
            if after_preverb && pre.is_empty() && !f.is(Entry::VERB) {
                continue;
            }
            let Some(rest) = g.strip_prefix(pre).filter(|r| !r.is_empty()) else {
                continue;
            };
            // After a prefix a stem's first آ is written یا (بیاید, نیامد,
            // می‌آید) and its first ا, یا or ی (بیانجامد, بیندازد).
            let prefixed = !pre.is_empty() && pre != "همی";
            let alef = (prefixed && rest.starts_with("یا")).then(|| {
                [
                    format!("آ{}", &rest["یا".len()..]),
                    format!("ا{}", &rest["یا".len()..]),
                ]
            });
            let yeh = (prefixed && rest.starts_with('ی') && !rest.starts_with("یا"))
                .then(|| format!("ا{}", &rest['ی'.len_utf8()..]));
            let readings = std::iter::once(rest)
                .chain(alef.iter().flatten().map(String::as_str))
                .chain(yeh.as_deref());
            for r in readings {
                if pre != "ب" {
                    for &e in PAST_ENDINGS {
                        if let Some(stem) = r.strip_suffix(e) {
                            if let Some((past, present)) = self.lex.verb_of_past(stem) {
                                offer(past, present, VerbForm::Finite);
                            }
                        }
                    }
                }
                if pre != "ب" && pre != "همی" {
                    for &e in PARTICIPLE_CLITICS {
                        let Some(stem) = r.strip_suffix(e).and_then(|s| s.strip_suffix('ه'))
                        else {
                            continue;
                        };
                        // `های`, `هایم` glued are a plural's (`درآمدهای`), not
                        // a participle and its clitic.
                        if matches!(e, "ای" | "ایم")
                            && w.strip_suffix(e).is_some_and(|s| s.ends_with('ه'))
                        {
                            continue;
                        }
                        if let Some((past, present)) = self.lex.verb_of_past(stem) {
                            // With می it is a verb only (`می‌کرده‌اند`).
                            let form = if e.is_empty() && !pre.ends_with("می") {
                                VerbForm::BareParticiple
                            } else {
                                VerbForm::Participle
                            };
                            offer(past, present, form);
                        }
                    }
                }
                for &e in PRESENT_ENDINGS {
                    let Some((past, present)) = r
                        .strip_suffix(e)
                        .and_then(|stem| self.lex.verb_of_present(stem))
                    else {
                        continue;
                    };
                    // A bare present stem is an imperative: after ب/ن, or a
                    // listed verb form that is no noun (کن).
                    if e.is_empty()
                        && pre != "ب"
                        && pre != "ن"
                        && !(pre.is_empty() && f.is(Entry::VERB))
                    {
                        continue;
                    }
                    // Without a prefix, a noun's ending is no person ending.
                    if !e.is_empty() && pre.is_empty() && nominal && !f.is(Entry::STOPWORD) {
                        continue;
                    }
                    offer(past, present, VerbForm::Finite);
                }
            }
        }
    }

    /// The singular lemma of `w` if it is a plural that has one (`موارد` →
    /// `مورد`, `سخنان` → `سخن`, `نمایندگان` → `نماینده`); not of a plural that
    /// is its own lemma (`مطبوعات`).
    fn singular_of_plural(&self, w: &str) -> Option<String> {
        let stem = w.strip_suffix("ان");
        if stem.is_none() && self.lex.singular_of(w).is_none() {
            return None;
        }
        let singular = self.nominal(w);
        let plural = self.lex.singular_of(w) == Some(singular.as_str())
            || stem.is_some_and(|stem| {
                stem == singular
                    || stem
                        .strip_suffix('گ')
                        .is_some_and(|s| singular.strip_suffix('ه') == Some(s))
            });
        plural.then_some(singular)
    }

    /// The lemma of a word read as a noun, adjective or other non-verb.
    fn nominal(&self, w: &str) -> String {
        // Suppletive comparatives reached by stripping (`بیشتری` → `بیشتر`).
        if let Some(lemma) = irregular().get(w).filter(|_| w.contains("تر")) {
            return lemma.to_string();
        }
        let f = self.flags(w);
        if let Some(singular) = self.lex.singular_of(w) {
            if self.zipf(w) <= self.zipf(singular) + PLURAL_MARGIN {
                return singular.to_string();
            }
            return w.to_string();
        }
        if f.is(Entry::FUNCTION) {
            return w.to_string();
        }
        let chars = w.chars().count();
        for suffix in COMPARATIVE {
            for sep in ["\u{200c}", ""] {
                let Some(base) = w.strip_suffix(suffix).and_then(|b| b.strip_suffix(sep)) else {
                    continue;
                };
                let adjective_base = self.flags(base).is(Entry::ADJECTIVE);
                let noun_only = f.is(Entry::NOUN) && !f.is(Entry::ADJECTIVE);
                if chars >= suffix.chars().count() + sep.chars().count() + 2
                    && adjective_base
                    && !noun_only
                    && self.zipf(base) >= self.zipf(w)
                {
                    return base.to_string();
                }
            }
        }
        if f.is(Entry::STOPWORD) {
            // Plurals on a stopword list (سال‌های) are still plurals, but not
            // the words Lilak lists glued (`آنها`, `تنها`).
            for suffix in ["هایی", "های", "ها"] {
                for sep in ["\u{200c}", ""] {
                    if sep.is_empty() && f.is(Entry::LISTED) {
                        continue;
                    }
                    if let Some(base) = w.strip_suffix(suffix).and_then(|b| b.strip_suffix(sep)) {
                        if base.chars().count() >= 2 && self.is_known(base) {
                            return self.nominal(base);
                        }
                    }
                }
            }
            // کسی → کس, چیزی → چیز; other stopwords are their own lemma.
            if let Some(base) = w.strip_suffix('ی') {
                // A plural base goes on to its singular (کسانی → کس).
                let lemma = if self.flags(base).is(Entry::NOUN) {
                    base.to_string()
                } else {
                    self.singular_of_plural(base)
                        .unwrap_or_else(|| base.to_string())
                };
                if self.flags(&lemma).is(Entry::NOUN)
                    && self.zipf(&lemma) + STOPWORD_YEH_MARGIN >= self.zipf(w)
                {
                    return self.nominal(&lemma);
                }
            }
            return w.to_string();
        }
        // Ezafe after a vowel: دنیای → دنیا.
        if w.ends_with("ای") || w.ends_with("وی") {
            let base = &w[..w.len() - 'ی'.len_utf8()];
            if self.flags(base).is(Entry::NOUN) && self.zipf(base) >= self.zipf(w) - EZAFE_MARGIN {
                return base.to_string();
            }
        }
        if self.is_known(w) && !w.ends_with("ها") && !w.ends_with("های") {
            let strip_yeh = w.strip_suffix('ی').is_some_and(|base| {
                self.is_known(base) && self.zipf(base) - self.zipf(w) > LISTED_YEH_MARGIN
            });
            if !strip_yeh {
                return w.to_string();
            }
        }
        for suffix in NOMINAL_SUFFIXES {
            for sep in ["\u{200c}", ""] {
                let Some(base) = w.strip_suffix(suffix).and_then(|b| b.strip_suffix(sep)) else {
                    continue;
                };
                if chars <= suffix.chars().count() + sep.chars().count() + 1 {
                    continue;
                }
                let after_vowel = base.ends_with('ا') || base.ends_with('و');
                if *suffix == "ای" && sep.is_empty() && !after_vowel {
                    continue;
                }
                if *suffix == "ی" {
                    if base.ends_with('ه') {
                        continue;
                    }
                    // A plural with indefinite ی (`مواردی`, `سخنانی`); a
                    // plural that is its own lemma makes adjectives
                    // (`مطبوعاتی`).
                    if let Some(singular) = self.singular_of_plural(base) {
                        return singular;
                    }
                    if sep.is_empty()
                        && !after_vowel
                        && !self.is_known(w)
                        && self.zipf(base) - self.zipf(w) < UNLISTED_YEH_MARGIN
                    {
                        continue;
                    }
                }
                if suffix.chars().count() == 1 && *suffix != "ی" && self.is_known(w) {
                    continue;
                }
                if self.is_known(base) {
                    return self.nominal(base);
                }
            }
        }
        if !self.is_known(w) {
            // Plurals in ان of words the lists know (بیماران, نمایندگان).
            if let Some(base) = w.strip_suffix("ان").filter(|b| b.chars().count() >= 2) {
                if self.is_nominal(base) {
                    return base.to_string();
                }
                if let Some(stem) = base.strip_suffix('گ') {
                    let singular = format!("{stem}ه");
                    if self.is_nominal(&singular) {
                        return singular;
                    }
                }
            }
        }
        w.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_stays_within_its_bytes() {
        let l = Lemmatizer::new(Lexicon::builtin(), LemmaStyle::Lemma);
        let long = "ب".repeat(2000);
        for i in 0..2500 {
            l.lemma(&format!("{long}{i}"));
        }
        MEMO.with(|m| {
            let m = m.borrow();
            assert!(
                m.account.bytes() <= MEMO_BYTES,
                "{} bytes",
                m.account.bytes()
            );
            assert!(m.readings.len() < 2500, "{} readings", m.readings.len());
        });
    }

    fn lemma(w: &str) -> String {
        Lemmatizer::new(Lexicon::builtin(), LemmaStyle::Lemma).lemma(w)
    }

    #[test]
    fn verbs_give_their_stem_pair() {
        for (word, want) in [
            ("می\u{200c}پردازند", "پرداخت#پرداز"),
            ("پرداختند", "پرداخت#پرداز"),
            ("نپرداخته\u{200c}اند", "پرداخت#پرداز"),
            ("می\u{200c}کند", "کرد#کن"),
            ("نمی\u{200c}کردند", "کرد#کن"),
            ("بکنید", "کرد#کن"),
            ("کرده", "کرد#کن"),
            ("گفت", "گفت#گو"),
            ("می\u{200c}گوید", "گفت#گو"),
            ("بیاورد", "آورد#آور"),
            ("دارند", "داشت#دار"),
            ("خواهد", "خواست#خواه"),
            ("است", "است"),
            ("نیستند", "هست"),
            ("باید", "بایست"),
            ("می\u{200c}توان", "توانست#توان"),
            ("برمی\u{200c}گشت", "گشت#گرد"),
            ("درآوردند", "آورد#آور"),
            ("برخیزید", "خاست#خیز"),
            ("ورزید", "ورزید#ورز"),
            ("می\u{200c}کرده", "کرد#کن"),
            ("می\u{200c}داده\u{200c}اند", "داد#ده"),
            ("بیندازد", "انداخت#انداز"),
            ("بیانجامد", "انجامید#انجام"),
            ("ید", "هست"),
            ("یم", "هست"),
            // Poetry's short `از`.
            ("ز", "از"),
        ] {
            assert_eq!(lemma(word), want, "{word}");
        }
    }

    #[test]
    fn nouns_and_adjectives_lose_inflection() {
        for (word, want) in [
            ("کتاب\u{200c}ها", "کتاب"),
            ("تیم\u{200c}های", "تیم"),
            ("ارزش\u{200c}هایی", "ارزش"),
            ("کودکان", "کودک"),
            ("نمایندگان", "نماینده"),
            ("افراد", "فرد"),
            ("مسائل", "مسئله"),
            ("قوانین", "قانون"),
            ("امور", "امر"),
            ("مهم\u{200c}ترین", "مهم"),
            ("اینها", "اینها"),
            ("یکی", "یکی"),
            ("بهتر", "به"),
            ("برجسته\u{200c}ای", "برجسته"),
            ("سابقهٔ", "سابقه"),
            ("دنیای", "دنیا"),
            ("کسی", "کس"),
            ("شهادتش", "شهادت"),
            ("سال\u{200c}های", "سال"),
            ("بیماران", "بیمار"),
            ("آن\u{200c}ها", "آن"),
            ("کسانی", "کس"),
            ("مواردی", "مورد"),
            ("سخنانی", "سخن"),
            ("قطعات", "قطعه"),
            ("صفات", "صفت"),
            ("وقتی", "وقت"),
            ("بیشتری", "بیش"),
        ] {
            assert_eq!(lemma(word), want, "{word}");
        }
    }

    #[test]
    fn lexemes_stay_whole() {
        for word in [
            "آزادی",
            "ویژگی",
            "اقتصادی",
            "دفتر",
            "دکتر",
            "مردم",
            "نیاز",
            "اطلاعات",
            "گذشته",
            "آماده",
            "ایران",
            "زمان",
            "از",
            "که",
            "آنها",
            "تنها",
            "برای",
            "مطبوعاتی",
            "درآمد",
            "دوم",
            "دهم",
        ] {
            assert_eq!(lemma(word), word);
        }
        // A final hamza marks a noun's ezafe: no participle.
        assert_eq!(lemma("گفتهٔ"), "گفته");
        assert_eq!(lemma("درآمدهای"), "درآمد");
    }

    #[test]
    fn context_picks_a_verb_reading() {
        let l = Lemmatizer::new(Lexicon::builtin(), LemmaStyle::Lemma);
        for (word, place, want) in [
            ("نوشته", Place::Other, "نوشته"),
            ("نوشته", Place::BeforeAuxiliary, "نوشت#نویس"),
            ("نوشته", Place::BeforePunctuation, "نوشت#نویس"),
            ("آماده", Place::BeforeAuxiliary, "آماده"),
            ("کن", Place::Other, "کن"),
            ("کن", Place::BeforeFinalMark, "کرد#کن"),
            ("برداشت", Place::Other, "برداشت"),
            ("برداشت", Place::BeforeFinalMark, "داشت#دار"),
            ("مردم", Place::BeforePunctuation, "مردم"),
            ("کتاب", Place::BeforeFinalMark, "کتاب"),
        ] {
            assert_eq!(
                &**l.reading(word).in_context(place),
                want,
                "{word} {place:?}"
            );
        }
    }

    #[test]
    fn stem_style_gives_one_string() {
        let stem = Lemmatizer::new(Lexicon::builtin(), LemmaStyle::Stem);
        assert_eq!(stem.lemma("می\u{200c}پردازند"), "پرداخت");
        assert_eq!(stem.lemma("می\u{200c}توان"), "توانست");
        assert_eq!(stem.lemma("کتاب\u{200c}ها"), "کتاب");
    }
}
