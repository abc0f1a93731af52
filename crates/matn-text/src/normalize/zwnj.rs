//! Step `zwnj`: zero-width non-joiners (U+200C) where damage removed them.
//!
//! Two kinds of damage, two halves (each can be switched off):
//! - **glued** words lost their ZWNJ (`میپردازند`, `رئیسجمهور`, `همکاریهای`);
//! - **spaced** words had it turned into a space (`می پردازند`, `کتاب ها`).
//!
//! Decisions come from the built-in [`Lexicon`], never from a pattern alone. For a
//! glued word the candidates are: the word as written; the ZWNJ spellings the
//! lexicon lists for it; and spellings analyzed from its parts: a verb prefix
//! `می`/`نمی` before a verb form built from a known stem, an inflectional suffix
//! (`ها`, `های`, `ای`, `ام`, `اند`, `تر`, `ترین`…) after a known word, or two known
//! words. Each candidate gets a score (its Zipf frequency, or that of its parts less
//! a penalty for being unattested); spellings with ZWNJ get a small bonus, as the
//! standard orthography writes them; the best one wins. The next word breaks ties
//! a frequency cannot: a plural-ezafe reading (`زمین‌های`) needs a word to govern,
//! so before a function word, a verb or a punctuation mark `زمینه‌ای` wins. A
//! suffix's base may take a ZWNJ of its own (`می‌کرده‌اند`).
//!
//! Each document is first judged by its damage, from its first 400 words
//! ([`DAMAGE_WORDS`]). One that writes ZWNJ at least as
//! often as it shows signs of damage is trusted: its glued words were glued by
//! the author, and only the unambiguous spaced joins (`می`, `ها`, clitics) are
//! made. Where ZWNJ became spaces, glued words are left alone too, and listed
//! compounds, surnames and stem compounds (`سهام داران`) are joined.
//!
//! Rules (edit ids): `zwnj.prefix_mi` (verb prefix), `zwnj.suffix` (inflection),
//! `zwnj.compound` (two words), `zwnj.lexicon` (a listed spelling).
//! No ZWNJ is ever placed after a non-joining letter (ا د ذ ر ز ژ و): there a
//! space is simply removed (`بندر ها` → `بندرها`).

use crate::align::{Rewriter, WorkingText};
use crate::lexicon::{Entry, Lexicon};
use crate::memo_budget::Account;
use crate::rules::Rule;
use crate::script::{
    arabic_block_index, is_arabic_letter, is_arabic_mark, is_non_joining, HAMZA_ABOVE, ZWNJ,
};
use std::borrow::Cow;

/// How comparatives and superlatives (`تر`, `ترین`) are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ComparativeStyle {
    /// As writers most often do for that word (`بیشتر`, `بزرگ‌تر`).
    #[default]
    Frequency,
    /// Always with ZWNJ after a joining letter (`بزرگ‌تر`, `بیش‌تر`), as the Academy advises.
    Zwnj,
    /// Always glued (`بزرگتر`).
    Glued,
}

/// What the restorer may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZwnjOptions {
    pub glued: bool,
    pub spaced: bool,
    pub comparative: ComparativeStyle,
}

impl Default for ZwnjOptions {
    fn default() -> Self {
        ZwnjOptions {
            glued: true,
            spaced: true,
            comparative: ComparativeStyle::Frequency,
        }
    }
}

/// Bonus for a spelling with ZWNJ over the same word glued, in Zipf units.
const ZWNJ_BONUS: f32 = 0.3;
/// How much more a spaced sign (`می شود`) weighs than a glued one (`کتابها`)
/// in judging a document: a space inside a word is never right, while many
/// writers glue plurals on purpose.
const SPACED_SIGN_WEIGHT: usize = 2;
/// Penalty for an analyzed spelling where corpora attest another one.
const UNATTESTED_PENALTY: f32 = 0.5;
/// The frequency at which a ZWNJ spelling that a dictionary tags as a noun or
/// an adjective joins its two parts in spaced text: attested in corpora, not
/// only listed (a listing without a count has 1.0).
const TAGGED_COMPOUND_ZIPF: f32 = 2.0;
/// Penalty for a plural-ezafe reading with nothing to govern.
const EZAFE_PENALTY: f32 = 1.5;

const PLURAL: &[&str] = &[
    "هایشان",
    "هایتان",
    "هایمان",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هاست",
    "های",
    "ها",
];
/// Clitics that take a ZWNJ after a word ending in a vowel letter (ه, ی).
const VOWEL_CLITICS: &[&str] = &["ایم", "اید", "اند", "ای", "ام", "ات", "اش"];
/// Clitics that take a ZWNJ after a word ending in ی (ایمنی‌ام).
const YEH_CLITICS: &[&str] = &["ام", "ات", "اش"];
/// Words that cannot be governed by an ezafe: after them a plural-ezafe reading
/// (`زمین‌های`) has nothing to govern.
const EZAFE_BLOCKERS: &[&str] = &[
    "و",
    "که",
    "را",
    "از",
    "به",
    "در",
    "با",
    "برای",
    "تا",
    "یا",
    "اما",
    "نیز",
    "است",
    "بود",
    "شد",
    "بر",
    "چون",
    "اگر",
    "هستند",
    "بودند",
    "شدند",
    "باشد",
];
const COMPARATIVE: &[&str] = &["ترین", "تر"];
/// Second elements of derived words that follow their base with a ZWNJ.
const DERIVATIONAL: &[&str] = &[
    "کنندگان",
    "کنندگی",
    "کننده",
    "ناپذیری",
    "ناپذیر",
    "پذیری",
    "پذیر",
    "آفرینی",
    "آفرین",
    "زدایی",
    "زدا",
    "سازی",
    "ساز",
    "گذاری",
    "گذار",
    "آمیز",
    "انگیز",
    "برداری",
    "بردار",
    "گیری",
    "پردازی",
    "پرداز",
    "شناسی",
    "شناس",
    "نامه",
    "خانه",
    "گاه",
    "وار",
    "گرایی",
    "گرا",
    "مند",
];
/// Derivational elements that are also common nouns (احداث خانه, ضمیمه نامه):
/// in text that glues its words, a space before them is a real one.
const FREE_DERIVATIONAL: &[&str] = &["نامه", "خانه", "گاه"];
const VERB_PREFIXES: &[&str] = &["نمی", "می"];
/// Person endings of the perfect after a past participle (رفته‌اند).
const PERSON_ENDINGS: &[&str] = &["ایم", "اید", "اند", "ای", "ام"];
/// Plural possessive clitics, written with ZWNJ after ه (خانه‌مان).
const PLURAL_POSSESSIVES: &[&str] = &["مان", "تان", "شان"];
/// Suffixes written without ZWNJ: the plural ان, the abstract-noun ی (یی after
/// a vowel), and the two together.
const ATTACHED_SUFFIXES: &[&str] = &["انی", "ان", "یی", "ی"];
/// Derivational suffixes that writers mostly attach without ZWNJ (تحلیلگر،
/// آهنگران): a space before them is simply removed.
const ATTACHED_DERIVATIONAL: &[&str] = &["گر", "گری", "گران", "گرها"];
/// Second parts of surnames, written with ZWNJ after a name ending in ی.
const SURNAME_SUFFIXES: &[&str] = &["پور", "نیا", "فر", "زاده", "نژاد", "راد", "منش", "فرد"];
/// Words that follow another as a word of their own (auxiliaries, که, بار),
/// even where a word list has the pair written as one.
const SEPARATE_WORDS: &[&str] = &[
    "است", "بود", "بوده", "شد", "شده", "شود", "باشد", "که", "بار", "را",
];
/// Words that head a phrase rather than a compound when a word follows them:
/// prepositions, conjunctions, and determiners (`همان طور`, `چنین کاری`).
const PHRASE_HEADS: &[&str] = &[
    "به",
    "در",
    "از",
    "با",
    "بر",
    "تا",
    "که",
    "و",
    "را",
    "این",
    "آن",
    "همان",
    "همین",
    "چنین",
    "چنان",
    "هیچ",
    "چه",
    "وقتی",
    "هنگامی",
    "هر",
    "یک",
    "نام",
];
const PREVERBS: &[&str] = &["", "بر", "باز", "در", "فرو", "فرا", "ور", "وا"];
const PRESENT_ENDINGS: &[&str] = &["یم", "ید", "ند", "م", "ی", "د"];
const PAST_ENDINGS: &[&str] = &["یم", "ید", "ند", "م", "ی", "ه", ""];

fn ends_joining(s: &str) -> bool {
    s.chars().next_back().is_some_and(|c| !is_non_joining(c))
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The rules a glued word is split by, kept as one byte in a [`Split`] so that
/// a memoized [`Profile`] stays small.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GluedRule {
    PrefixMi,
    Suffix,
    Compound,
    Lexicon,
}

impl GluedRule {
    const ALL: [GluedRule; 4] = [
        GluedRule::PrefixMi,
        GluedRule::Suffix,
        GluedRule::Compound,
        GluedRule::Lexicon,
    ];

    fn id(self) -> Rule {
        match self {
            GluedRule::PrefixMi => Rule::ZwnjPrefixMi,
            GluedRule::Suffix => Rule::ZwnjSuffix,
            GluedRule::Compound => Rule::ZwnjCompound,
            GluedRule::Lexicon => Rule::ZwnjLexicon,
        }
    }
}

/// Where a glued word takes ZWNJ: before which of its characters (at most
/// four places), and by which rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    before: [u8; 4],
    len: u8,
    rule: GluedRule,
}

impl Split {
    /// The places where `form` (the word with ZWNJ added) has a ZWNJ the word
    /// lacks; `None` when there are none or they do not fit.
    fn new(form: &str, rule: Rule) -> Option<Split> {
        let rule = GluedRule::ALL.into_iter().find(|r| r.id() == rule);
        debug_assert!(rule.is_some(), "unknown ZWNJ rule");
        let mut split = Split {
            before: [0; 4],
            len: 0,
            rule: rule?,
        };
        let mut k = 0usize;
        for c in form.chars() {
            if c == ZWNJ {
                let slot = split.before.get_mut(usize::from(split.len))?;
                *slot = u8::try_from(k).ok()?;
                split.len += 1;
            } else {
                k += 1;
            }
        }
        (split.len > 0).then_some(split)
    }

    /// The rule id of the split.
    pub fn rule(&self) -> Rule {
        self.rule.id()
    }

    /// Indices of the word's characters that get a ZWNJ before them.
    pub fn positions(&self) -> &[u8] {
        &self.before[..usize::from(self.len)]
    }
}

/// A glued word's decision, once made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Glued {
    #[default]
    Undecided,
    Keep,
    Split(Split),
}

/// What the restorer needs to know of one word, whatever its neighbours: computed
/// once per distinct word and kept (see [`Restorer::profile`]).
#[derive(Clone, Copy, Debug, Default)]
struct Profile {
    /// [`Restorer::restore_glued`] when the next word cannot (`[0]`) or can
    /// (`[1]`) be governed by an ezafe, decided when first asked (most
    /// documents are not judged glued, and never ask).
    glued: [Glued; 2],
    /// The word can be governed by an ezafe before it.
    governable: bool,
    /// `می` or `نمی` standing alone.
    verb_prefix: bool,
    /// A verb form (a spaced `می` before it is a sign of spaced damage).
    verb_form: bool,
    /// A plural suffix standing alone.
    plural: bool,
    /// A known word ending in a joining letter (a spaced plural after it is a sign
    /// of spaced damage).
    plural_base: bool,
    /// A person or indefinite clitic standing alone (`اند`, `ای`).
    clitic: bool,
    /// `تر` or `ترین` standing alone.
    comparative: bool,
    /// A known word ending in ه (a spaced clitic after it is a sign of spaced
    /// damage: `کرده اند`).
    heh_base: bool,
    /// A sign of glued damage: a verb prefix, a plural or a clitic after ه
    /// glued on.
    glued_sign: bool,
    /// The glued sign is a plural (which some writers glue by habit).
    glued_plural: bool,
    /// May be the first part of a word split by a space.
    may_head: bool,
    /// May be the second part of a word split by a space.
    may_tail: bool,
    /// The profile's number and cache generation ([`Caches`]); `u32::MAX`: not cached.
    id: u32,
    generation: u32,
}

/// The restorer's per-thread caches (decisions hold for the built-in lexicon).
#[derive(Default)]
struct Caches {
    /// Profiles by word, a map per comparative style. Each profile has a number,
    /// unique in this generation of the caches.
    profiles: [rustc_hash::FxHashMap<Box<str>, Profile>; 3],
    /// [`Restorer::join_spaced`] by the numbers of the two words and the damage.
    pairs: rustc_hash::FxHashMap<u64, Option<(&'static str, Rule)>>,
    next_id: u32,
    /// Counts clearings: numbers from an older generation mean nothing.
    generation: u32,
    /// About what the profiles take, in bytes, charged to the memo budget.
    account: Account,
    /// The same for `pairs`.
    pairs_account: Account,
}

/// The score of a suffix reading (a known base and its plural or clitic)
/// that rules out reading the word as two words.
const INFLECTED_READING: f32 = 2.5;

/// A spelling of a glued word with ZWNJ, its score and the rule that made it.
type Reading = (String, f32, Rule);

/// Zipf ×100 of a verb still in use ([`Restorer::is_living_action_noun`]).
const LIVING_VERB_ZIPF: u16 = 300;

/// About the bytes one entry of [`Caches::pairs`] takes.
const PAIR_BYTES: usize = 32;

thread_local! {
    static CACHES: std::cell::RefCell<Caches> = Default::default();
}

/// Empties this thread's caches (a new generation, so no old number is
/// taken for a new profile).
pub(crate) fn forget_thread_caches() {
    CACHES.with(|caches| {
        if let Ok(mut c) = caches.try_borrow_mut() {
            let generation = c.generation.wrapping_add(1);
            *c = Caches {
                generation,
                ..Caches::default()
            };
        }
    });
}

/// Entries per memo: a few MB per thread at most, as the blocking pool's
/// threads come and go.
const MEMO_CAPACITY: usize = 50_000;

/// Bytes of profiles per thread before the caches start over: distinct long
/// words must not grow a thread without bound.
const MEMO_BYTES: usize = 8 << 20;

/// The lexicon-backed restorer for one document.
pub struct Restorer<'a> {
    lex: &'a Lexicon,
    options: ZwnjOptions,
}

impl<'a> Restorer<'a> {
    pub fn new(lex: &'a Lexicon, options: ZwnjOptions) -> Self {
        Restorer { lex, options }
    }

    /// Whether `r` is a verb form: a present stem with a person ending, a past
    /// stem with a person ending, or a past participle.
    fn is_verb_form(&self, r: &str) -> bool {
        if self.lex.get(r).is(Entry::VERB) && char_len(r) >= 2 {
            return true;
        }
        let ends = |endings: &[&str], stem_ok: &dyn Fn(&str) -> bool| {
            endings.iter().any(|e| {
                r.strip_suffix(e)
                    .is_some_and(|s| char_len(s) >= 1 && stem_ok(s))
            })
        };
        ends(PRESENT_ENDINGS, &|s| self.lex.is_present_stem(s))
            || ends(PAST_ENDINGS, &|s| self.lex.is_past_stem(s))
    }

    /// Whether `next` can be governed by a preceding ezafe: not a function word,
    /// not a verb.
    fn governs_ezafe(&self, next: &str) -> bool {
        if EZAFE_BLOCKERS.contains(&next) {
            return false;
        }
        let e = self.lex.get(next);
        let verb = e.is(Entry::VERB)
            || VERB_PREFIXES.iter().any(|p| next.starts_with(p))
            || (next.starts_with('ن') && self.lex.get(&next['ن'.len_utf8()..]).is(Entry::VERB));
        !verb || e.is(Entry::NOUN | Entry::ADJECTIVE)
    }

    /// The ZWNJ spellings the lexicon lists for glued `x` that are worth trusting.
    fn listed_spellings<'x>(&'x self, x: &str) -> impl Iterator<Item = &'x str> + 'x {
        self.lex
            .zwnj_variants(x)
            .iter()
            .map(|v| &**v)
            .filter(|v| self.plausible(v))
    }

    /// The frequency of `x` as written or in a listed ZWNJ spelling (هفتهنامه
    /// counts as هفته‌نامه).
    fn known_zipf(&self, x: &str) -> f32 {
        self.listed_spellings(x)
            .map(|v| self.lex.zipf(v))
            .fold(self.lex.zipf(x), f32::max)
    }

    /// Whether `x` is a word a dictionary tags as noun, adjective or verb, not a
    /// function word: frequency lists also hold fragments (یان، وید) that must
    /// not be taken for the parts of a compound.
    fn is_content_word(&self, x: &str) -> bool {
        let e = self.lex.get(x);
        e.is(Entry::NOUN | Entry::ADJECTIVE | Entry::VERB) && !e.is(Entry::STOPWORD)
    }

    /// Whether Lilak lists `w` as a verb as it is written, with no verb
    /// prefix glued on: a word whose spelling was checked by hand
    /// (گریختم), which no split into other words may beat.
    fn listed_verb_form(&self, w: &str) -> bool {
        self.lex.get(w).is(Entry::LISTED)
            && self.lex.get(w).is(Entry::VERB)
            && !VERB_PREFIXES.iter().any(|p| w.starts_with(p))
    }

    /// The score of `x` as a past participle of any verb of the verb table,
    /// after a preverb and the negation or not (درنوردیده، وامانده،
    /// نیاموخته): 3 (a known word's), or its verb's frequency when higher; 0
    /// when `x` is no participle. The word lists miss most such forms.
    fn participle_zipf(&self, x: &str) -> f32 {
        let Some(stem) = x.strip_suffix('ه') else {
            return 0.0;
        };
        let past = PREVERBS
            .iter()
            .filter_map(|pv| stem.strip_prefix(pv))
            .flat_map(|s| {
                // Negated: ن before a consonant, نی for آ (نیاموخته); only
                // the last is spelled anew.
                let before_alef = s.strip_prefix("نیا").map(|r| Cow::Owned(format!("آ{r}")));
                [
                    Some(Cow::Borrowed(s)),
                    s.strip_prefix('ن').map(Cow::Borrowed),
                    before_alef,
                ]
            })
            .flatten()
            .filter(|p| char_len(p) >= 2 && self.lex.is_past_stem(p))
            .map(|p| f32::from(self.lex.verb_zipf(&p)) / 100.0)
            .reduce(f32::max);
        past.map_or(0.0, |z| z.max(3.0))
    }

    /// The frequency (Zipf) of the verb `w` is a form of, without a prefix:
    /// a past stem with a person ending, a present stem with one, a past
    /// participle. `None` when `w` is none of these, or its verb is not in use.
    fn verb_form_zipf(&self, w: &str) -> Option<f32> {
        let of_past = PAST_ENDINGS
            .iter()
            .filter_map(|e| w.strip_suffix(e))
            .filter(|s| char_len(s) >= 2 && self.lex.is_past_stem(s))
            .map(|p| self.lex.verb_zipf(p));
        let of_present = PRESENT_ENDINGS
            .iter()
            .filter_map(|e| w.strip_suffix(e))
            .filter(|s| char_len(s) >= 2)
            .filter_map(|s| self.lex.verb_of_present(s))
            .map(|(p, _)| self.lex.verb_zipf(p));
        of_past
            .chain(of_present)
            .max()
            .filter(|&z| z >= LIVING_VERB_ZIPF)
            .map(|z| f32::from(z) / 100.0)
    }

    /// The score of `x` read as two known words joined after a non-joining
    /// letter (زیر + عبارت), where no ZWNJ can stand between them.
    fn two_words_after_non_joining(&self, x: &str) -> Option<f32> {
        x.char_indices()
            .skip(2)
            .filter(|&(b, _)| x[..b].chars().next_back().is_some_and(is_non_joining))
            .filter_map(|(b, _)| {
                let (first, second) = x.split_at(b);
                let z = self.lex.zipf(first).min(self.lex.zipf(second));
                let words = self.is_content_word(first) && self.is_content_word(second);
                (char_len(second) >= 3 && z >= 3.5 && words).then_some(z.min(4.0))
            })
            .reduce(f32::max)
    }

    /// Whether `b` is a present stem, or one with the agent/action endings
    /// (`نویس`, `گذاری`, `نشینان`), and not a common word of its own.
    fn is_stem_derivative(&self, b: &str) -> bool {
        let z = self.lex.zipf(b);
        if z >= 4.5 || (z >= 3.0 && self.lex.get(b).is(Entry::NOUN | Entry::ADJECTIVE)) {
            return false;
        }
        ["", "ی", "یی", "ان", "انی"].iter().any(|e| {
            b.strip_suffix(e)
                .is_some_and(|s| char_len(s) >= 2 && self.lex.is_present_stem(s))
        })
    }

    /// Whether `a b` is a phrase the word lists spell as one word: a
    /// compound list has `a‌b`, but no list of words does (not as a noun,
    /// an adjective, nor in Lilak), and `b` is not made from a verb stem. Such
    /// pairs are mostly a noun and its ezafe complement, a name or an
    /// adjective (امام حسین، میراث فرهنگی، نفت خام), which writers keep
    /// apart; a compound on a verb stem (سرمایه گذاری، برنامه نویسی) they
    /// write as one word.
    /// `joined` is the lexicon's entry for `a‌b`.
    fn phrase(&self, joined: Entry, b: &str) -> bool {
        let only_compound = joined.is(Entry::COMPOUND)
            && !joined.is(Entry::NOUN | Entry::ADJECTIVE | Entry::LISTED);
        only_compound && !self.is_stem_derivative(b) && !self.is_living_action_noun(b)
    }

    /// [`Restorer::is_action_noun`] of a verb still in use (Zipf 3 and up):
    /// not `فرهنگی`, whose stem is that of the literary فرهیختن.
    fn is_living_action_noun(&self, b: &str) -> bool {
        self.is_action_noun(b)
            && ["ی", "یی"].iter().any(|e| {
                b.strip_suffix(e)
                    .and_then(|s| self.lex.verb_of_present(s))
                    .is_some_and(|(past, _)| self.lex.verb_zipf(past) >= LIVING_VERB_ZIPF)
            })
    }

    /// Whether `b` is an action noun made from a present stem and ی (`شماری`،
    /// `فروشی`, `ریزی`): common words of their own, which join the word before
    /// them only where a word list knows the compound.
    fn is_action_noun(&self, b: &str) -> bool {
        ["ی", "یی"].iter().any(|e| {
            b.strip_suffix(e).is_some_and(|s| {
                char_len(s) >= 2 && self.lex.is_present_stem(s) && !self.lex.is_past_stem(s)
            })
        })
    }

    /// Whether `x` is known only as a verb form or stem (گرفت، انگیز): no plural
    /// follows it.
    fn verb_only(&self, x: &str) -> bool {
        let e = self.lex.get(x);
        let verb = e.is(Entry::VERB) || self.lex.is_present_stem(x) || self.lex.is_past_stem(x);
        verb && !e.is(Entry::NOUN | Entry::ADJECTIVE)
    }

    /// Score of a word written as it is, without ZWNJ (0 when nothing supports it).
    /// `governs`: as for [`Restorer::restore_glued`].
    fn glued_score(&self, w: &str, governs: bool) -> f32 {
        // After a non-joining letter the plural and the clitics attach directly
        // (بندرها): that is the standard spelling of this reading, scored like
        // the ZWNJ readings it competes with (درآمدهای against درآمده‌ای).
        let mut attached: f32 = 0.0;
        for suf in PLURAL.iter().chain(VOWEL_CLITICS) {
            if let Some(x) = w.strip_suffix(suf) {
                if !ends_joining(x) && char_len(x) >= 2 && self.lex.zipf(x) >= 2.0 {
                    let plural = PLURAL.contains(suf);
                    if plural && self.verb_only(x) {
                        continue;
                    }
                    // The bare plural is on the footing of a ZWNJ reading; a
                    // plural-ezafe needs a word to govern.
                    let footing = match *suf {
                        "ها" => ZWNJ_BONUS,
                        "های" if governs => ZWNJ_BONUS,
                        "های" => -EZAFE_PENALTY,
                        _ => 0.0,
                    };
                    attached = attached.max(self.lex.zipf(x).min(4.5) - 0.3 + footing);
                }
            }
        }
        // A regular form of a verb in use (گریستند، گریختم) is a word, however
        // rare the form in the lists: scored as its verb, on the footing of
        // the ZWNJ readings it competes with.
        attached = attached.max(self.verb_form_zipf(w).map_or(0.0, |z| z + ZWNJ_BONUS));
        let e = self.lex.get(w);
        if e.zipf > 0 {
            return (e.zipf as f32 / 100.0).max(attached);
        }
        if attached > 0.0 {
            return attached;
        }
        // Clitics, plural markers and copula endings that attach without ZWNJ:
        // کتابم، درختان، آرزومندیم.
        for suf in [
            "شان", "تان", "مان", "یم", "ید", "ند", "ست", "ان", "ات", "م", "ت", "ش", "ی",
        ] {
            if let Some(x) = w.strip_suffix(suf) {
                let z = self.lex.zipf(x);
                // After ه they take ZWNJ (خانه‌شان), a reading of its own.
                if char_len(x) >= 2 && z >= 3.0 && !x.ends_with('ه') {
                    return z - 1.0;
                }
            }
        }
        0.0
    }

    /// The score a ZWNJ spelling of `w` must beat: [`Restorer::glued_score`],
    /// except that glued می-verbs are common in careless writing, so their
    /// frequency says nothing against the ZWNJ spelling (glued nouns such as
    /// میز، میان stand).
    fn glued_baseline(&self, w: &str, governs: bool) -> f32 {
        let glued = self.glued_score(w, governs);
        let e = self.lex.get(w);
        if !e.is(Entry::NOUN | Entry::ADJECTIVE) && VERB_PREFIXES.iter().any(|p| w.starts_with(p)) {
            glued.min(1.0)
        } else {
            glued
        }
    }

    /// The best ZWNJ spelling of `x` as the base of a suffix, with its score,
    /// when it beats `x` as written: میکرده → می‌کرده (before اند).
    fn respell(&self, x: &str, depth: u8) -> Option<(String, f32)> {
        let glued = self.glued_baseline(x, true);
        let listed = self
            .listed_spellings(x)
            .map(|v| (v.to_string(), self.lex.zipf(v) + ZWNJ_BONUS));
        let analyzed = self
            .analyzed(x, depth)
            .into_iter()
            .map(|(form, s, _)| (form, s + ZWNJ_BONUS));
        listed
            .chain(analyzed)
            .filter(|(_, s)| *s > glued)
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Spellings with ZWNJ analyzed from the parts of glued `w`, with scores.
    fn analyzed(&self, w: &str, depth: u8) -> Vec<Reading> {
        let mut out = Vec::new();
        self.verb_prefix_readings(w, &mut out);
        self.privative_reading(w, &mut out);
        self.suffix_readings(w, depth, &mut out);
        if depth > 0 {
            self.attached_suffix_readings(w, depth, &mut out);
        }
        self.surname_readings(w, &mut out);
        self.two_word_readings(w, &mut out);
        out
    }

    /// Verb prefix: (preverb) + می/نمی + verb form.
    fn verb_prefix_readings(&self, w: &str, out: &mut Vec<Reading>) {
        for pv in PREVERBS {
            let Some(rest) = w.strip_prefix(pv) else {
                continue;
            };
            for p in VERB_PREFIXES {
                if let Some(r) = rest.strip_prefix(p) {
                    if char_len(r) >= 2 && self.is_verb_form(r) {
                        let attested = self.lex.get(r).is(Entry::VERB);
                        out.push((
                            format!("{pv}{p}\u{200C}{r}"),
                            if attested { 4.5 } else { 4.0 },
                            Rule::ZwnjPrefixMi,
                        ));
                    }
                }
            }
        }
    }

    /// The privative prefix بی before a known word: بیعدالتی → بی‌عدالتی.
    /// Also before a known word plus the abstract-noun ی: بیخردی → بی‌خردی.
    fn privative_reading(&self, w: &str, out: &mut Vec<Reading>) {
        if let Some(r) = w.strip_prefix("بی") {
            let z = self.lex.zipf(r);
            let abstract_noun = ["یی", "ی"]
                .iter()
                .filter_map(|e| r.strip_suffix(e))
                .filter(|x| char_len(x) >= 2)
                .map(|x| self.lex.zipf(x) - 0.3)
                .fold(0.0f32, f32::max);
            let z = z.max(abstract_noun);
            // بی negates nouns, not verbs: بیدارم is بیدار + م, not بی + دارم.
            let e = self.lex.get(r);
            let verb = self.is_verb_form(r) && !e.is(Entry::NOUN | Entry::ADJECTIVE);
            if char_len(r) >= 3 && z >= 3.0 && !verb {
                out.push((
                    format!("بی\u{200C}{r}"),
                    z.min(4.0) - 0.5,
                    Rule::ZwnjCompound,
                ));
            }
        }
    }

    /// Inflectional suffixes after a known word (or one restorable itself):
    /// plurals, clitics after a vowel letter and comparatives.
    fn suffix_readings(&self, w: &str, depth: u8, out: &mut Vec<Reading>) {
        for suf in PLURAL {
            self.suffix_reading(w, suf, 0.3, &|x| !self.verb_only(x), depth, out);
        }
        // Clitics after a vowel letter; the plural possessives only after ه (not
        // in YEH_CLITICS).
        for suf in VOWEL_CLITICS.iter().chain(PLURAL_POSSESSIVES) {
            // Indefinite ای after ه is as common as the plural: same footing.
            let base_penalty = if *suf == "ای" { 0.3 } else { 0.6 };
            // A noun the lexicon knows in ی‌ات is an Arabic plural (معنویات،
            // ادبیات), not a word and the clitic ات.
            if *suf == "ات" && w.ends_with("یات") && self.lex.get(w).is(Entry::NOUN) {
                continue;
            }
            let vowel_base = |x: &str| {
                let vowel = x.ends_with('ه') || (x.ends_with('ی') && YEH_CLITICS.contains(suf));
                vowel && char_len(x) >= 3 && self.known_zipf(x).max(self.participle_zipf(x)) >= 3.0
            };
            self.suffix_reading(w, suf, base_penalty, &vowel_base, depth, out);
        }
        if self.options.comparative != ComparativeStyle::Glued {
            let adjective = |x: &str| {
                let e = self.lex.get(x);
                e.is(Entry::ADJECTIVE) && !e.is(Entry::STOPWORD) && char_len(x) >= 2
            };
            for suf in COMPARATIVE {
                self.suffix_reading(w, suf, 0.5, &adjective, depth, out);
            }
        }
    }

    /// `w` as a base that `need` accepts and suffix `suf` with ZWNJ, scored
    /// by the base's frequency less `base_penalty`; the base respelled with a
    /// ZWNJ of its own where it wants one (میکرده‌اند → می‌کرده‌اند).
    fn suffix_reading(
        &self,
        w: &str,
        suf: &str,
        base_penalty: f32,
        need: &dyn Fn(&str) -> bool,
        depth: u8,
        out: &mut Vec<Reading>,
    ) {
        let Some(x) = w.strip_suffix(suf) else { return };
        if char_len(x) < 2 || !ends_joining(x) || !need(x) {
            return;
        }
        let z = self.lex.zipf(x).max(self.participle_zipf(x));
        if z >= 2.0 {
            let (base, s) = match (depth > 0).then(|| self.respell(x, depth - 1)) {
                Some(Some((fx, s))) => (fx, s.min(z)),
                _ => (x.to_string(), z),
            };
            out.push((
                format!("{base}\u{200C}{suf}"),
                s.min(4.5) - base_penalty,
                Rule::ZwnjSuffix,
            ));
        } else if depth > 0 {
            if let Some((fx, s)) = self.respell(x, depth - 1) {
                out.push((
                    format!("{fx}\u{200C}{suf}"),
                    s - ZWNJ_BONUS - base_penalty - 0.3,
                    Rule::ZwnjSuffix,
                ));
            } else if let Some(s) = self.two_words_after_non_joining(x) {
                // A compound written solid (زیرعبارت) takes the suffix with ZWNJ.
                out.push((
                    format!("{x}\u{200C}{suf}"),
                    s - base_penalty - 0.6,
                    Rule::ZwnjSuffix,
                ));
            }
        }
    }

    /// A suffix that attaches without ZWNJ after a base that takes one of its
    /// own: دانشآموزانی → دانش‌آموزانی، صفحهآرایی → صفحه‌آرایی.
    fn attached_suffix_readings(&self, w: &str, depth: u8, out: &mut Vec<Reading>) {
        for suf in ATTACHED_SUFFIXES {
            let Some(x) = w.strip_suffix(suf) else {
                continue;
            };
            let fits = if suf.starts_with('ی') && suf.len() > 2 {
                x.ends_with(['ا', 'و'])
            } else {
                // After ش، ت، م the ان is part of a clitic (جایشان).
                let clitic = suf.starts_with('ا') && x.ends_with(['ش', 'ت', 'م']);
                !clitic && !x.ends_with(['ا', 'و', 'ه', 'ی'])
            };
            if fits && char_len(x) >= 4 && self.lex.zipf(x) < 3.0 {
                if let Some((fx, s)) = self.respell(x, depth - 1) {
                    out.push((
                        format!("{fx}{suf}"),
                        s - ZWNJ_BONUS - 0.6,
                        Rule::ZwnjCompound,
                    ));
                }
            }
        }
    }

    /// An unknown surname: a name in ی and a surname suffix (احرابی‌فر).
    fn surname_readings(&self, w: &str, out: &mut Vec<Reading>) {
        if !self.lex.contains(w) {
            for suf in SURNAME_SUFFIXES {
                if let Some(x) = w.strip_suffix(suf) {
                    if x.ends_with('ی') && char_len(x) >= 3 {
                        out.push((format!("{x}\u{200C}{suf}"), 2.0, Rule::ZwnjCompound));
                    }
                }
            }
        }
    }

    /// Two known words, or a base and a derivational element, for words the
    /// lexicon does not know as they are written. Morphology comes first: a
    /// known word with a plural or a clitic (ترکمن‌ها) is not read as two
    /// words (ترک‌منها), however common they are.
    fn two_word_readings(&self, w: &str, out: &mut Vec<Reading>) {
        let inflected = out
            .iter()
            .any(|(_, s, rule)| *rule == Rule::ZwnjSuffix && *s >= INFLECTED_READING);
        let zw = self.lex.zipf(w);
        let chars: Vec<(usize, char)> = w.char_indices().collect();
        for k in 2..chars.len().saturating_sub(1) {
            if zw >= 3.5 {
                break;
            }
            let (b, prev) = (chars[k].0, chars[k - 1].1);
            if is_non_joining(prev) {
                continue;
            }
            let (a, second) = w.split_at(b);
            let za = self.lex.zipf(a);
            let affix =
                PLURAL.contains(&a) || VOWEL_CLITICS.contains(&a) || VERB_PREFIXES.contains(&a);
            if za < 3.0 || affix || self.lex.get(a).is(Entry::STOPWORD) {
                continue;
            }
            if DERIVATIONAL.contains(&second) {
                out.push((
                    format!("{a}\u{200C}{second}"),
                    za.min(4.0) - 0.3,
                    Rule::ZwnjCompound,
                ));
            } else if char_len(second) >= 3 && char_len(a) >= 3 && zw < 2.5 {
                let zb = self.lex.zipf(second);
                let content = |x: &str| self.is_content_word(x);
                if za >= 3.5 && zb >= 3.5 && content(a) && content(second) && !inflected {
                    out.push((
                        format!("{a}\u{200C}{second}"),
                        za.min(zb) - 1.2,
                        Rule::ZwnjCompound,
                    ));
                }
            }
        }
    }

    /// [`Restorer::restore_glued`] through a per-thread cache: a decision depends
    /// only on the word, whether the next word can be governed by an ezafe and
    /// the options, and word frequencies follow Zipf's law, so most words of a
    /// text were decided before. A hit costs one hash lookup and no allocation.
    pub fn restore_glued_cached(&self, w: &str, next: Option<&str>) -> Option<Split> {
        let governs = next.is_some_and(|n| self.profile(n).governable);
        self.glued(w, &mut self.profile(w), governs)
    }

    /// The glued decision of word `w` from its `profile`, made now if it was
    /// not, and kept in the profile and the cache.
    fn glued(&self, w: &str, profile: &mut Profile, governs: bool) -> Option<Split> {
        let slot = usize::from(governs);
        match profile.glued[slot] {
            Glued::Keep => return None,
            Glued::Split(split) => return Some(split),
            Glued::Undecided => {}
        }
        let split = self
            .restore_glued(w, governs)
            .and_then(|(form, rule)| Split::new(&form, rule));
        profile.glued[slot] = split.map_or(Glued::Keep, Glued::Split);
        if profile.id != u32::MAX {
            let style = self.options.comparative as usize;
            // Kept unless the caches are in use further up the call (then
            // the decision is made again next time).
            CACHES.with(|caches| {
                let Ok(mut c) = caches.try_borrow_mut() else {
                    return;
                };
                if c.generation == profile.generation {
                    if let Some(cached) = c.profiles[style].get_mut(w) {
                        cached.glued[slot] = profile.glued[slot];
                    }
                }
            });
        }
        split
    }

    /// The profiles of words `ws`: the cached ones under one borrow of the
    /// cache, the others one by one through [`Restorer::profile`].
    fn profiles(&self, ws: &[Word]) -> Vec<Profile> {
        if !std::ptr::eq(self.lex, Lexicon::builtin()) {
            return ws.iter().map(|w| self.make_profile(w.key)).collect();
        }
        let style = self.options.comparative as usize;
        let mut misses = Vec::new();
        let mut out: Vec<Profile> = CACHES.with(|caches| {
            let c = caches.borrow();
            ws.iter()
                .enumerate()
                .map(|(k, w)| {
                    c.profiles[style].get(w.key).copied().unwrap_or_else(|| {
                        misses.push(k);
                        Profile::default()
                    })
                })
                .collect()
        });
        for k in misses {
            out[k] = self.profile(ws[k].key);
        }
        out
    }

    /// The [`Profile`] of word `w`, through a per-thread cache: word frequencies
    /// follow Zipf's law, so most words of a text were profiled before, and a hit
    /// costs one hash lookup and no allocation.
    fn profile(&self, w: &str) -> Profile {
        // Profiles are only valid for the lexicon they were made with.
        if !std::ptr::eq(self.lex, Lexicon::builtin()) {
            return self.make_profile(w);
        }
        let style = self.options.comparative as usize;
        CACHES.with(|caches| {
            if let Some(&hit) = caches.borrow().profiles[style].get(w) {
                return hit;
            }
            let mut value = self.make_profile(w);
            let mut c = caches.borrow_mut();
            let size = w.len() + std::mem::size_of::<Profile>() + 64;
            let fits =
                (c.next_id as usize) < MEMO_CAPACITY && c.account.bytes() + size <= MEMO_BYTES;
            if !(fits && c.account.charge(size)) {
                let generation = c.generation.wrapping_add(1);
                *c = Caches {
                    generation,
                    ..Caches::default()
                };
                // No room in the budget even with this thread's memo empty.
                if !c.account.charge(size) {
                    return value;
                }
            }
            value.id = c.next_id;
            value.generation = c.generation;
            c.next_id += 1;
            c.profiles[style].insert(w.into(), value);
            value
        })
    }

    fn make_profile(&self, w: &str) -> Profile {
        let e = self.lex.get(w);
        let verb_form = self.is_verb_form(w);
        let glued_prefix = VERB_PREFIXES.iter().any(|p| {
            w.strip_prefix(p)
                .is_some_and(|r| char_len(r) >= 2 && self.is_verb_form(r))
        }) && !e.is(Entry::NOUN);
        // A plural glued to its word, unless writers mostly glue that one (آنها).
        // A suffix glued to a known base that takes ZWNJ before it, unless
        // writers mostly glue that word (آنها).
        let glued_on = |suffixes: &[&str], base_ok: &dyn Fn(&str) -> bool| {
            suffixes.iter().any(|s| {
                w.strip_suffix(s).is_some_and(|x| {
                    base_ok(x)
                        && self.lex.zipf(x) >= 3.0
                        && self.lex.zipf(w) <= self.lex.zipf(&format!("{x}\u{200C}{s}"))
                })
            })
        };
        let glued_plural = glued_on(PLURAL, &|x| char_len(x) >= 2 && ends_joining(x));
        let glued_clitic = glued_on(VOWEL_CLITICS, &|x| char_len(x) >= 3 && x.ends_with('ه'));
        let verb_prefix_word = PREVERBS.iter().any(|pv| {
            w.strip_prefix(pv)
                .is_some_and(|p| VERB_PREFIXES.contains(&p))
        });
        let tail_lists: [&[&str]; 8] = [
            PLURAL,
            PLURAL_POSSESSIVES,
            VOWEL_CLITICS,
            YEH_CLITICS,
            COMPARATIVE,
            ATTACHED_DERIVATIONAL,
            SURNAME_SUFFIXES,
            DERIVATIONAL,
        ];
        Profile {
            glued: [Glued::Undecided; 2],
            governable: self.governs_ezafe(w),
            verb_prefix: VERB_PREFIXES.contains(&w),
            verb_form,
            plural: PLURAL.contains(&w),
            plural_base: ends_joining(w) && self.lex.zipf(w) >= 2.0,
            clitic: VOWEL_CLITICS.contains(&w),
            comparative: COMPARATIVE.contains(&w),
            heh_base: w.ends_with('ه') && self.lex.zipf(w) >= 3.0,
            glued_sign: glued_prefix || glued_plural || glued_clitic,
            glued_plural,
            may_head: verb_prefix_word || self.lex.is_zwnj_head(w),
            may_tail: tail_lists.iter().any(|l| l.contains(&w))
                || self.is_stem_derivative(w)
                || self.is_action_noun(w),
            id: u32::MAX,
            generation: 0,
        }
    }

    /// [`Restorer::join_spaced`] through a per-thread cache keyed by the two
    /// words' profile numbers: a hit hashes one integer.
    fn join_spaced_cached(
        &self,
        (a, pa): (&str, &Profile),
        (b, pb): (&str, &Profile),
        damage: Damage,
    ) -> Option<(&'static str, Rule)> {
        if pa.id == u32::MAX || pb.id == u32::MAX || pa.generation != pb.generation {
            return self.join_spaced(a, b, damage);
        }
        let key = (u64::from(pa.id) << 32) | (u64::from(pb.id) << 2) | damage.join_class();
        CACHES.with(|caches| {
            {
                let c = caches.borrow();
                if c.generation != pa.generation {
                    drop(c);
                    return self.join_spaced(a, b, damage);
                }
                if let Some(&hit) = c.pairs.get(&key) {
                    return hit;
                }
            }
            let value = self.join_spaced(a, b, damage);
            let mut c = caches.borrow_mut();
            if c.generation == pa.generation {
                if c.pairs.len() >= 4 * MEMO_CAPACITY {
                    c.pairs.clear();
                    c.pairs_account = Account::default();
                }
                if c.pairs_account.charge(PAIR_BYTES) {
                    c.pairs.insert(key, value);
                }
            }
            value
        })
    }

    /// Whether a listed ZWNJ spelling is worth trusting: well attested, or made of
    /// parts that are known words or affixes (word lists carry some junk splits).
    fn plausible(&self, v: &str) -> bool {
        if self.lex.zipf(v) >= 4.0 || self.lex.get(v).is(Entry::COMPOUND) {
            return true;
        }
        v.split(ZWNJ).all(|part| {
            PLURAL.contains(&part)
                || VOWEL_CLITICS.contains(&part)
                || COMPARATIVE.contains(&part)
                || VERB_PREFIXES.contains(&part)
                || DERIVATIONAL.contains(&part)
                || part == "بی"
                || (char_len(part) >= 2 && self.lex.zipf(part) >= 3.0)
        })
    }

    /// The best spelling of glued word `w` (no ZWNJ, marks removed); `governs`
    /// tells whether a word follows that an ezafe could govern (not a function
    /// word, punctuation or the end). `None`: keep `w`.
    pub fn restore_glued(&self, w: &str, governs: bool) -> Option<(String, Rule)> {
        if char_len(w) < 3 || self.listed_verb_form(w) {
            return None;
        }
        let glued = self.glued_baseline(w, governs);
        let penalty = |form: &str| {
            if form.ends_with("\u{200C}های") && !governs {
                EZAFE_PENALTY
            } else {
                0.0
            }
        };
        let comparative_style = |form: &str| {
            let comparative = COMPARATIVE
                .iter()
                .any(|s| form.ends_with(&format!("\u{200C}{s}")));
            match (comparative, self.options.comparative) {
                (true, ComparativeStyle::Zwnj) => 10.0,
                _ => 0.0,
            }
        };
        let mut best: Option<(String, Rule)> = None;
        let mut best_score = glued;
        // A spelling that corpora attest outweighs an analysis nobody wrote.
        let mut attested = false;
        for v in self.listed_spellings(w) {
            attested |= self.lex.zipf(v) >= 2.5;
            let s = self.lex.zipf(v) + ZWNJ_BONUS - penalty(v) + comparative_style(v);
            if s > best_score {
                best_score = s;
                best = Some((v.to_string(), Rule::ZwnjLexicon));
            }
        }
        for (form, s, rule) in self.analyzed(w, 1) {
            let unattested = if attested && !self.lex.contains(&form) {
                UNATTESTED_PENALTY
            } else {
                0.0
            };
            let s = s + ZWNJ_BONUS - penalty(&form) + comparative_style(&form) - unattested;
            if s > best_score {
                best_score = s;
                best = Some((form, rule));
            }
        }
        best
    }

    /// Whether words `a` and `b`, written with a space between them, are one word
    /// whose ZWNJ became a space. Returns the joiner to put instead of the space
    /// (ZWNJ, or nothing after a non-joining letter) and the rule. How much
    /// evidence a join needs depends on the document's [`Damage`].
    fn join_spaced(&self, a: &str, b: &str, damage: Damage) -> Option<(&'static str, Rule)> {
        // Trusted text: only the unambiguous joins (a verb prefix, a suffix).
        let full = damage != Damage::Trusted;
        // Glued text: its spaces are mostly real, so compounds need more evidence.
        let strict = matches!(damage, Damage::Glued { .. });
        let joiner = if ends_joining(a) { "\u{200C}" } else { "" };
        if PLURAL.contains(&a) || VOWEL_CLITICS.contains(&a) || COMPARATIVE.contains(&a) {
            return None; // an affix standing alone takes no further affix
        }
        let verb_prefix = PREVERBS.iter().any(|pv| {
            a.strip_prefix(pv)
                .is_some_and(|p| VERB_PREFIXES.contains(&p))
        });
        if verb_prefix
            && char_len(b) >= 2
            && (self.is_verb_form(b) || self.lex.contains(&format!("{a}\u{200C}{b}")))
        {
            return Some(("\u{200C}", Rule::ZwnjPrefixMi));
        }
        let known = |x: &str| self.lex.zipf(x) >= 2.0;
        // Glued without ZWNJ (after a non-joining letter) the boundary is lost, so
        // only a known word may take the suffix that way.
        if PLURAL.contains(&b) && char_len(a) >= 2 && (known(a) || (full && !joiner.is_empty())) {
            return Some((joiner, Rule::ZwnjSuffix));
        }
        // Person clitics do not stand alone: کرده اند → کرده‌اند.
        let vowel_clitic = (a.ends_with('ه') && VOWEL_CLITICS.contains(&b))
            || (a.ends_with('ی') && YEH_CLITICS.contains(&b));
        if vowel_clitic && self.lex.zipf(a) >= 3.0 {
            return Some((joiner, Rule::ZwnjSuffix));
        }
        if !full {
            return None;
        }
        // A person ending after a past participle, however rare the verb:
        // دررفته ام، برتافته اید.
        let participle = self.participle_zipf(a) > 0.0;
        // Plural possessives after ه: آینده مان.
        let possessive =
            a.ends_with('ه') && PLURAL_POSSESSIVES.contains(&b) && self.lex.zipf(a) >= 3.0;
        if (participle && PERSON_ENDINGS.contains(&b)) || possessive {
            return Some((joiner, Rule::ZwnjSuffix));
        }
        if COMPARATIVE.contains(&b)
            && self.options.comparative != ComparativeStyle::Glued
            && self.lex.get(a).is(Entry::ADJECTIVE)
        {
            return Some((joiner, Rule::ZwnjSuffix));
        }
        // Compounds of two words; a preposition or determiner first makes a
        // phrase (به طور، آن قدر), not a compound.
        if PHRASE_HEADS.contains(&a) || SEPARATE_WORDS.contains(&b) {
            return None;
        }
        let joined = if self.lex.is_zwnj_head(a) {
            self.lex.get(&format!("{a}\u{200C}{b}"))
        } else {
            Entry::default()
        };
        let z = f32::from(joined.zipf) / 100.0;
        // Where the damage is not known to be spaced, a listed compound must also
        // be nearly as common as its rarer part.
        let strict_ok = || z + ZWNJ_BONUS >= self.lex.zipf(a).min(self.lex.zipf(b)) - 1.0;
        // Where ZWNJ became spaces, a compound the word lists know is enough:
        // one a compound list has, or one a dictionary tags as a noun or an
        // adjective that corpora attest (قصه‌نویس، تیره‌بخت). A verb form
        // second makes a clause (کتاب خواندی), except an action noun from a
        // present stem (ثانیه شماری), which any listing vouches for.
        let listed_ok = damage == Damage::Spaced
            && !self.lex.get(a).is(Entry::STOPWORD)
            && !self.lex.get(b).is(Entry::STOPWORD)
            && if self.is_action_noun(b) {
                z > 0.0
            } else {
                let tagged = z >= TAGGED_COMPOUND_ZIPF && joined.is(Entry::NOUN | Entry::ADJECTIVE);
                z >= 1.0 && !self.is_verb_form(b) && (joined.is(Entry::COMPOUND) || tagged)
            };
        if ((z >= 3.0 && (!strict || strict_ok())) || listed_ok) && !self.phrase(joined, b) {
            return Some(("\u{200C}", Rule::ZwnjLexicon));
        }
        if ATTACHED_DERIVATIONAL.contains(&b)
            && self.lex.zipf(a) >= 3.0
            && !self.lex.get(a).is(Entry::STOPWORD)
            && self.lex.get(a).is(Entry::NOUN)
        {
            return Some(("", Rule::ZwnjCompound));
        }
        // Surnames made with a suffix after a name in ی: حسینی‌پور، محبی‌نیا.
        if a.ends_with('ی')
            && char_len(a) >= 3
            && SURNAME_SUFFIXES.contains(&b)
            && !self.lex.get(a).is(Entry::STOPWORD)
        {
            return Some(("\u{200C}", Rule::ZwnjCompound));
        }
        // Where ZWNJ became spaces, a noun before an agent or action noun made
        // from a present stem is one compound: نام گذاری، قصه نویس، سهام داران.
        if damage == Damage::Spaced
            && ends_joining(a)
            && self.lex.zipf(a) >= 3.0
            && !self.lex.get(a).is(Entry::STOPWORD)
            && !self.lex.get(b).is(Entry::STOPWORD)
            && self.is_stem_derivative(b)
        {
            return Some(("\u{200C}", Rule::ZwnjCompound));
        }
        if DERIVATIONAL.contains(&b)
            && self.lex.zipf(a) >= 3.0
            && ends_joining(a)
            && !(strict && FREE_DERIVATIONAL.contains(&b))
        {
            return Some(("\u{200C}", Rule::ZwnjCompound));
        }
        None
    }
}

/// Words from the start of a document that judge its [`Damage`]: the first
/// few hundred show it as well as all of them, and a text streamed in pieces
/// is judged once, from its beginning, as the whole text would be.
pub const DAMAGE_WORDS: usize = 400;

/// What happened to a document's ZWNJ, judged from its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    /// The document writes ZWNJ: it is trusted.
    Trusted,
    /// ZWNJ became spaces (`می شود`, `کتاب ها`).
    Spaced,
    /// ZWNJ were deleted (`میشود`, `کتابها`).
    Glued {
        /// The author writes ZWNJ (or wrote it, where spaces now stand) at
        /// least as often as other words lost it, but never before a plural
        /// after a joining letter other than ه, and glues plurals (`کشورها`,
        /// `بیماریها`, yet `هزینه‌ها`): a habit the standard allows, so
        /// glued plurals are left as written.
        plurals_by_habit: bool,
    },
    /// No evidence either way.
    Unknown,
}

impl Damage {
    /// The damage as [`Restorer::join_spaced`] tells it apart, in two bits.
    fn join_class(self) -> u64 {
        match self {
            Damage::Trusted => 0,
            Damage::Spaced => 1,
            Damage::Glued { .. } => 2,
            Damage::Unknown => 3,
        }
    }
}

impl Restorer<'_> {
    /// Counts the telltale signs of each kind of damage: a verb prefix, a plural
    /// or a comparative standing apart, or a clitic after ه; a verb prefix, a
    /// plural or a clitic after ه glued to its word.
    fn damage(ws: &[Word], profiles: &[Profile]) -> Damage {
        let (mut with_zwnj, mut zwnj_plurals) = (0usize, 0usize);
        let (mut spaced, mut glued, mut glued_plurals) = (0usize, 0usize, 0usize);
        for (k, (w, p)) in ws.iter().zip(profiles).enumerate().take(DAMAGE_WORDS) {
            if w.space_after && k + 1 < ws.len() {
                let np = &profiles[k + 1];
                let plural = np.plural && p.plural_base;
                spaced += usize::from(
                    (p.verb_prefix && np.verb_form)
                        || plural
                        || (np.clitic && p.heh_base)
                        || (np.comparative && p.plural_base),
                );
                // A spaced plural was a ZWNJ plural.
                zwnj_plurals += usize::from(plural && habit_plural_base(w.key));
            }
            if w.has_zwnj {
                with_zwnj += 1;
                zwnj_plurals += usize::from(has_zwnj_plural(w.key));
            } else if p.glued_sign {
                glued += 1;
                glued_plurals += usize::from(p.glued_plural);
            }
        }
        // Words written with ZWNJ at least as often as signs of damage: the
        // author writes ZWNJ, and what is glued or spaced was meant so.
        if with_zwnj > 0 && with_zwnj >= spaced.max(glued) {
            Damage::Trusted
        } else if spaced * SPACED_SIGN_WEIGHT > glued {
            Damage::Spaced
        } else if glued > 0 {
            Damage::Glued {
                plurals_by_habit: with_zwnj + spaced > 0
                    && with_zwnj + spaced >= glued - glued_plurals
                    && zwnj_plurals == 0
                    && glued_plurals > 0,
            }
        } else {
            Damage::Unknown
        }
    }
}

/// Whether a plural after `base` is one a writer glues by habit: after a
/// joining letter other than ه (`بیماریها`; after ه, even writers who glue
/// plurals write `هزینه‌ها`, and after ا د ر… a plural is glued anyway).
fn habit_plural_base(base: &str) -> bool {
    !base.ends_with('ه') && ends_joining(base)
}

/// Whether word `w` writes, after a ZWNJ, a plural a habit would glue
/// (`کتاب‌ها`).
fn has_zwnj_plural(w: &str) -> bool {
    w.match_indices(ZWNJ).any(|(i, z)| {
        let (head, tail) = (&w[..i], &w[i + z.len()..]);
        PLURAL.iter().any(|s| tail.starts_with(s)) && habit_plural_base(head)
    })
}

/// Where word `w` ends in a plural a habit would glue (`کشورها` no,
/// `بیماریهای` yes): the suffix's first character, the place a writer who
/// glues plurals by habit leaves without ZWNJ.
fn habitual_plural_at(w: &str) -> Option<u8> {
    let base = PLURAL.iter().find_map(|s| w.strip_suffix(s))?;
    habit_plural_base(base)
        .then(|| u8::try_from(char_len(base)).ok())
        .flatten()
}

/// A word of the text: a run of Arabic letters, marks and ZWNJ.
struct Word<'a> {
    start: usize,
    end: usize,
    /// The word without marks (its lexicon form).
    key: &'a str,
    has_zwnj: bool,
    /// The next word follows after one space that is not protected.
    space_after: bool,
}

impl Word<'_> {
    /// Byte offset in the text of the key's character `p` (marks are not in the key).
    fn byte_of(&self, text: &str, p: usize) -> Option<usize> {
        text[self.start..self.end]
            .char_indices()
            .filter(|&(_, c)| !(is_arabic_mark(c) || c == HAMZA_ABOVE))
            .nth(p)
            .map(|(b, _)| self.start + b)
    }
}

/// What a character is to the word scan.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Letter,
    Mark,
    Zwnj,
    Other,
}

/// The [`CharClass`] of each code point of the Arabic block (U+0600–U+06FF).
static ARABIC_CLASSES: [CharClass; 256] = {
    let mut t = [CharClass::Other; 256];
    let mut k = 0;
    while k < 256 {
        let c = match char::from_u32(0x600 + k as u32) {
            Some(c) => c,
            None => ' ',
        };
        t[k] = if is_arabic_letter(c) {
            CharClass::Letter
        } else if is_arabic_mark(c) || c == HAMZA_ABOVE {
            CharClass::Mark
        } else {
            CharClass::Other
        };
        k += 1;
    }
    t
};

/// The class of the character at byte `i` of `s`, and its length.
#[inline]
fn class_at(s: &str, i: usize) -> (CharClass, usize) {
    let bytes = s.as_bytes();
    if bytes[i] < 0x80 {
        return (CharClass::Other, 1);
    }
    if let Some(k) = arabic_block_index(bytes, i) {
        return (ARABIC_CLASSES[k], 2);
    }
    let c = s[i..].chars().next().unwrap_or(' ');
    let class = if c == ZWNJ {
        CharClass::Zwnj
    } else if is_arabic_letter(c) {
        CharClass::Letter
    } else if is_arabic_mark(c) {
        CharClass::Mark
    } else {
        CharClass::Other
    };
    (class, c.len_utf8())
}

/// The words of a text. A word without marks is its own key; the keys of the
/// others (marks left out) share one buffer, so no word allocates.
struct WordScan<'t> {
    text: &'t str,
    keys: String,
    raw: Vec<RawWord>,
}

/// A [`Word`] with its key as a range of the text or of the key buffer.
struct RawWord {
    start: usize,
    end: usize,
    /// `None`: the key is the text of the word.
    key: Option<std::ops::Range<usize>>,
    has_zwnj: bool,
    space_after: bool,
}

impl<'t> WordScan<'t> {
    fn new(text: &'t WorkingText) -> WordScan<'t> {
        let s = text.as_str();
        let mut scan = WordScan {
            text: s,
            keys: String::new(),
            raw: Vec::with_capacity(s.len() / 8),
        };
        let n = s.len();
        let bytes = s.as_bytes();
        let mut free = text.free_cursor();
        // Where the free stretch of the previous word ends: the gap after it is
        // free when it comes before that.
        let mut last_limit = 0;
        let mut i = 0;
        while i < n {
            let (class, len) = class_at(s, i);
            if class != CharClass::Letter || !free.is_free(i) {
                i += len;
                continue;
            }
            let limit = free.free_until(i).min(n);
            let mut j = i + len;
            let (mut has_zwnj, mut marks) = (false, false);
            while j < limit {
                let (class, len) = class_at(s, j);
                match class {
                    CharClass::Letter => {}
                    CharClass::Zwnj
                        if j + len < limit && class_at(s, j + len).0 == CharClass::Letter =>
                    {
                        has_zwnj = true;
                    }
                    CharClass::Mark => marks = true,
                    _ => break,
                }
                j += len;
            }
            let key = marks.then(|| {
                let from = scan.keys.len();
                scan.keys.extend(
                    s[i..j]
                        .chars()
                        .filter(|&c| !(is_arabic_mark(c) || c == HAMZA_ABOVE)),
                );
                from..scan.keys.len()
            });
            if let Some(last) = scan.raw.last_mut() {
                last.space_after =
                    last.end + 1 == i && bytes[last.end] == b' ' && last.end < last_limit;
            }
            scan.raw.push(RawWord {
                start: i,
                end: j,
                key,
                has_zwnj,
                space_after: false,
            });
            last_limit = limit;
            i = j;
        }
        scan
    }

    fn words(&self) -> Vec<Word<'_>> {
        self.raw
            .iter()
            .map(|r| Word {
                start: r.start,
                end: r.end,
                key: match &r.key {
                    Some(k) => &self.keys[k.clone()],
                    None => &self.text[r.start..r.end],
                },
                has_zwnj: r.has_zwnj,
                space_after: r.space_after,
            })
            .collect()
    }
}

/// Restores ZWNJ in `text`, judging its damage unless `fixed` says it (the
/// damage of the stream a piece of text comes from). Also returns the damage
/// it used (none for a text without words), and whether more text after this
/// one could not change it (the text has more than [`DAMAGE_WORDS`] words, or
/// the damage was fixed).
pub fn apply(
    text: &WorkingText,
    mut rw: Rewriter,
    options: ZwnjOptions,
    lex: &Lexicon,
    fixed: Option<Damage>,
) -> (Option<WorkingText>, Option<(Damage, bool)>) {
    let scan = WordScan::new(text);
    let ws = scan.words();
    if ws.is_empty() {
        return (None, fixed.map(|d| (d, true)));
    }
    let restorer = Restorer::new(lex, options);
    let mut profiles = restorer.profiles(&ws);
    // The last word may be cut off, and the judgement reads the word after
    // each of the first DAMAGE_WORDS.
    let (damage, settled) = match fixed {
        Some(d) => (d, true),
        None => (
            Restorer::damage(&ws, &profiles),
            ws.len() > DAMAGE_WORDS + 1,
        ),
    };
    let full_join = damage != Damage::Trusted;
    let mut k = 0;
    while k < ws.len() {
        let w = &ws[k];
        // Spaced: join with the following word(s).
        if options.spaced && !w.has_zwnj {
            if let Some(next) = ws.get(k + 1).filter(|n| w.space_after && !n.has_zwnj) {
                // A و B written as one compound: گفت و گو → گفت‌وگو.
                if next.key == "و" && full_join {
                    if let Some(third) = ws.get(k + 2).filter(|t| next.space_after && !t.has_zwnj) {
                        let joined = format!("{}\u{200C}و\u{200C}{}", w.key, third.key);
                        if lex.zipf(&joined) >= 2.5 && ends_joining(w.key) {
                            rw.replace(w.end..w.end + 1, "\u{200C}", Rule::ZwnjLexicon);
                            rw.replace(next.end..next.end + 1, "", Rule::ZwnjLexicon);
                            k += 3;
                            continue;
                        }
                    }
                }
                // Most pairs are two words; only a possible part asks the lexicon.
                let may_join = profiles[k].may_head || profiles[k + 1].may_tail;
                let joined = may_join
                    .then(|| {
                        restorer.join_spaced_cached(
                            (w.key, &profiles[k]),
                            (next.key, &profiles[k + 1]),
                            damage,
                        )
                    })
                    .flatten()
                    .filter(|&(joiner, _)| {
                        // Joined without ZWNJ (after a non-joining letter), the word
                        // must stand as glued, or normalizing again would split it.
                        joiner == "\u{200C}" || {
                            let after = ws.get(k + 2).filter(|_| next.space_after).map(|n| n.key);
                            let glued = format!("{}{}", w.key, next.key);
                            restorer.restore_glued_cached(&glued, after).is_none()
                        }
                    });
                if let Some((joiner, rule)) = joined {
                    rw.replace(w.end..w.end + 1, joiner, rule);
                    k += 2;
                    // The joined word may take a suffix in turn: سرمایه گذاری های.
                    if rule != Rule::ZwnjSuffix {
                        if let Some(suffix) = ws.get(k).filter(|s| next.space_after && !s.has_zwnj)
                        {
                            let is_suffix = PLURAL.contains(&suffix.key)
                                || (next.key.ends_with('ه') && VOWEL_CLITICS.contains(&suffix.key));
                            if is_suffix {
                                let joiner = if ends_joining(next.key) {
                                    "\u{200C}"
                                } else {
                                    ""
                                };
                                rw.replace(next.end..next.end + 1, joiner, Rule::ZwnjSuffix);
                                k += 1;
                            }
                        }
                    }
                    continue;
                }
            }
        }
        // Glued: insert ZWNJ inside the word, unless the document writes ZWNJ
        // or lost them to spaces: then its glued words were glued by the author.
        if options.glued && !w.has_zwnj && !matches!(damage, Damage::Trusted | Damage::Spaced) {
            let governs = w.space_after && profiles[k + 1].governable;
            if let Some(split) = restorer.glued(w.key, &mut profiles[k], governs) {
                let habit = match damage {
                    Damage::Glued {
                        plurals_by_habit: true,
                    } => habitual_plural_at(w.key),
                    _ => None,
                };
                for &p in split.positions().iter().filter(|&&p| Some(p) != habit) {
                    if let Some(pos) = w.byte_of(text.as_str(), usize::from(p)) {
                        rw.insert(pos, "\u{200C}", split.rule());
                    }
                }
            }
        }
        k += 1;
    }
    (rw.finish(), Some((damage, settled)))
}

#[cfg(test)]
mod tests {
    use super::Split;
    use crate::normalize::test_util::table;
    use crate::normalize::Step;
    use crate::rules::Rule;

    /// Profiles are copied once per word of every document: keep them small.
    #[test]
    fn profiles_stay_small() {
        assert!(std::mem::size_of::<super::Profile>() <= 32);
    }

    #[test]
    fn split_records_zwnj_places() {
        let cases: &[(&str, Option<&[u8]>)] = &[
            ("می\u{200C}پردازند", Some(&[2])),
            ("سرمایه\u{200C}گذاری\u{200C}ها", Some(&[6, 11])),
            ("کتاب", None),
            ("ا\u{200C}ب\u{200C}پ\u{200C}ت\u{200C}ث\u{200C}ج", None),
        ];
        for (form, expected) in cases {
            let got = Split::new(form, Rule::ZwnjSuffix);
            assert_eq!(
                got.as_ref().map(Split::positions),
                *expected,
                "form {form:?}"
            );
        }
    }

    #[test]
    fn spaced() {
        table(
            Step::Zwnj,
            &[
                ("mi", "آنها می پردازند", "آنها می‌پردازند"),
                ("nemi", "نمی دانم", "نمی‌دانم"),
                ("mi_before_function_word_kept", "می و ساغر", "می و ساغر"),
                ("ha", "کتاب ها", "کتاب‌ها"),
                ("haye", "همکاری های مشترک", "همکاری‌های مشترک"),
                ("ha_after_non_joining", "بندر ها", "بندرها"),
                ("join_only_what_stays_glued", "لا های", "لا های"),
                ("compound", "رئیس جمهور روسیه", "رئیس‌جمهور روسیه"),
                ("and_compound", "گفت و گو کرد", "گفت‌وگو کرد"),
                (
                    "compound_then_plural",
                    "سرمایه گذاری های خارجی",
                    "سرمایه‌گذاری‌های خارجی",
                ),
                ("real_boundary_kept", "به گزارش ایسنا", "به گزارش ایسنا"),
                ("ha_not_a_suffix_inside_word", "کتاب هاشمی", "کتاب هاشمی"),
                (
                    "surname_suffix",
                    "آقای محبی نیا می گوید",
                    "آقای محبی‌نیا می‌گوید",
                ),
                (
                    "phrases_a_compound_list_joins_stay_apart",
                    "کتاب ها می گویند امام حسین و میراث فرهنگی و نفت خام",
                    "کتاب‌ها می‌گویند امام حسین و میراث فرهنگی و نفت خام",
                ),
                (
                    "verb_stem_compounds_join",
                    "کتاب ها می گویند سرمایه گذاری و برنامه نویسی",
                    "کتاب‌ها می‌گویند سرمایه‌گذاری و برنامه‌نویسی",
                ),
                (
                    "participles_of_rare_verbs_in_spaced_text",
                    "کتاب ها می گویند آنها وامانده اند و نیاموخته ای",
                    "کتاب‌ها می‌گویند آنها وامانده‌اند و نیاموخته‌ای",
                ),
                ("attached_derivational_gar", "ستم گر", "ستمگر"),
                ("listed_gar_with_zwnj", "تحلیل گر", "تحلیل‌گر"),
                (
                    "stem_compound_in_spaced_text",
                    "کتاب ها می گویند سهام داران",
                    "کتاب‌ها می‌گویند سهام‌داران",
                ),
                (
                    "stem_compound_not_in_unknown_text",
                    "سهام داران",
                    "سهام داران",
                ),
                (
                    "listed_action_noun_in_spaced_text",
                    "کتاب ها می گویند ثانیه شماری",
                    "کتاب‌ها می‌گویند ثانیه‌شماری",
                ),
                (
                    "determiner_heads_a_phrase",
                    "کتاب ها می گویند همان طور که همین گونه بود",
                    "کتاب‌ها می‌گویند همان طور که همین گونه بود",
                ),
                (
                    "dictionary_tagged_compound_in_spaced_text",
                    "کتاب ها می گویند خوش خط",
                    "کتاب‌ها می‌گویند خوش‌خط",
                ),
                (
                    "unlisted_action_noun_stays_apart",
                    "کتاب ها می گویند حامی مالی",
                    "کتاب‌ها می‌گویند حامی مالی",
                ),
                (
                    "person_ending_after_a_rare_participle",
                    "کتاب ها می گویند برتافته اید",
                    "کتاب‌ها می‌گویند برتافته‌اید",
                ),
                (
                    "plural_possessive_after_heh",
                    "کتاب ها می گویند آینده مان",
                    "کتاب‌ها می‌گویند آینده‌مان",
                ),
                (
                    "free_derivational_apart_in_glued_text",
                    "کتابها میشود احداث خانه",
                    "کتاب‌ها می‌شود احداث خانه",
                ),
                (
                    "clitic_after_heh_is_a_spaced_sign",
                    "رفته اند و سهام داران",
                    "رفته‌اند و سهام‌داران",
                ),
                (
                    "comparative_apart_is_a_spaced_sign",
                    "کتاب بزرگ تر و سهام داران",
                    "کتاب بزرگ‌تر و سهام‌داران",
                ),
                (
                    "glued_clitic_after_heh_is_a_glued_sign",
                    "کردهاند احداث خانه",
                    "کرده‌اند احداث خانه",
                ),
                (
                    "spaced_signs_outweigh_glued_plurals",
                    "می شود و سالهای سخت",
                    "می‌شود و سالهای سخت",
                ),
                (
                    "spaced_text_keeps_its_glued_words",
                    "می شود و کتاب ها و سالهای سخت",
                    "می‌شود و کتاب‌ها و سالهای سخت",
                ),
            ],
        );
    }

    #[test]
    fn glued() {
        table(
            Step::Zwnj,
            &[
                ("mi_verb", "میپردازند", "می‌پردازند"),
                ("nemi_verb", "نمیدانم", "نمی‌دانم"),
                // Words that are words as written are not broken in two.
                ("verb_form_not_split", "آنها گریستند", "آنها گریستند"),
                ("listed_verb_form_not_split", "من گریختم", "من گریختم"),
                ("plural_before_two_words", "ترکمنها آمدند", "ترکمن‌ها آمدند"),
                ("arabic_plural_in_yat", "معنویات مهم است", "معنویات مهم است"),
                // A participle of any verb in the table, after a preverb or
                // the negation, with a person ending.
                ("negated_participle", "تو نیاموختهای", "تو نیاموخته‌ای"),
                (
                    "preverb_participle",
                    "آنها درنوردیدهاند",
                    "آنها درنوردیده‌اند",
                ),
                ("va_participle", "شما وارفتهاید", "شما وارفته‌اید"),
                ("preverb_mi", "برمیگردد", "برمی‌گردد"),
                ("listed_compound", "رئیسجمهور", "رئیس‌جمهور"),
                ("plural_ezafe", "همکاریهای مشترک", "همکاری‌های مشترک"),
                ("derivational", "تأمینکننده", "تأمین‌کننده"),
                ("negated_adjective", "اجتنابناپذیر", "اجتناب‌ناپذیر"),
                ("participle_clitic", "دادهاند", "داده‌اند"),
                (
                    "indefinite_before_function_word",
                    "زمینهای برای",
                    "زمینه‌ای برای",
                ),
                ("plural_before_noun", "زمینهای کشاورزی", "زمین‌های کشاورزی"),
                ("non_joining_plural_glued", "بندرها", "بندرها"),
                (
                    "plain_words_kept",
                    "میز میدان میلیون بیشتر",
                    "میز میدان میلیون بیشتر",
                ),
                ("already_zwnj_kept", "می‌رود", "می‌رود"),
                (
                    "zwnj_text_keeps_its_glued_words",
                    "می‌گویند سالهای سخت",
                    "می‌گویند سالهای سخت",
                ),
                (
                    "writer_who_glues_plurals_keeps_them",
                    "هزینه‌های درمان بیماریهای قلبی و جراحیها و رنگهای پایین‌تر است",
                    "هزینه‌های درمان بیماریهای قلبی و جراحیها و رنگهای پایین‌تر است",
                ),
                (
                    "spaced_zwnj_shows_the_plural_habit_too",
                    "هزینه های درمان بیماریهای قلبی و جراحیها و رنگهای زیاد",
                    "هزینه‌های درمان بیماریهای قلبی و جراحیها و رنگهای زیاد",
                ),
                (
                    "habit_keeps_plurals_not_other_damage",
                    "هزینه‌های بیماریهای قلبی را میدانند",
                    "هزینه‌های بیماریهای قلبی را می‌دانند",
                ),
                (
                    "plurals_with_zwnj_make_glued_ones_damage",
                    "کتاب‌های ما و دفترهای شما و رنگهای قلبی و بیماریهای سخت",
                    "کتاب‌های ما و دفترهای شما و رنگ‌های قلبی و بیماری‌های سخت",
                ),
                (
                    "plural_after_non_joining_before_noun",
                    "درآمدهای نفتی",
                    "درآمدهای نفتی",
                ),
                ("no_plural_after_a_verb", "کار کردهایم.", "کار کرده‌ایم."),
                (
                    "indefinite_before_a_verb",
                    "انگیزهای ندارد",
                    "انگیزه‌ای ندارد",
                ),
                ("bi_before_abstract_noun", "بیخردی", "بی‌خردی"),
                ("bi_not_before_a_verb", "من بیدارم", "من بیدارم"),
                ("no_compound_of_fragments", "وسواسیان", "وسواسیان"),
                (
                    "clitic_after_listed_compound",
                    "هفتهنامهای برای",
                    "هفته‌نامه‌ای برای",
                ),
                ("unknown_surname", "احرابیفر گفت", "احرابی‌فر گفت"),
                ("chained_prefix_and_clitic", "میکردهاند.", "می‌کرده‌اند."),
                (
                    "attached_suffix_after_compound",
                    "دانشآموزانی آمدند",
                    "دانش‌آموزانی آمدند",
                ),
                (
                    "attached_abstract_yi_after_compound",
                    "روحافزایی",
                    "روح‌افزایی",
                ),
                ("plural_possessive_after_heh", "آیندهمان را", "آینده‌مان را"),
                ("clitic_after_heh", "خانوادهات", "خانواده‌ات"),
                ("clitic_attached_after_consonant", "کتابشان", "کتابشان"),
                (
                    "chained_compound_and_plural",
                    "برنامهریزیهای دولت",
                    "برنامه‌ریزی‌های دولت",
                ),
            ],
        );
    }
}
