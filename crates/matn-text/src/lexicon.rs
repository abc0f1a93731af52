//! The built-in Persian lexicon: word spellings with frequencies, and verb stems.
//!
//! Built by `tools/build_lexicon.py` from Lilak, Hazm, Shekar and wordfreq (see
//! `data/NOTICE`). `build.rs` turns `data/lexicon.tsv.gz` into a
//! [`WordTable`] that the binary embeds and looks words up in where it lies;
//! the rest (verb stems, plurals, the spellings with ZWNJ) is gathered once,
//! on first use. Frequencies are Zipf values (log10 of occurrences per
//! billion words) ×100; a word a source lists without a count has 100.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use crate::script::ZWNJ;
use crate::word_table::{flag, WordTable};

const TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.table"));
const VERBS: &str = include_str!("../../../data/verbs.tsv");
const PLURALS: &str = include_str!("../../../data/plurals.tsv");

/// What the lexicon knows of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Entry {
    /// Zipf frequency ×100 (0 = unknown).
    pub zipf: u16,
    /// Bit set of [`Entry::VERB`], [`Entry::NOUN`]...
    pub flags: u8,
}

impl Entry {
    pub const VERB: u8 = flag::VERB;
    pub const NOUN: u8 = flag::NOUN;
    pub const ADJECTIVE: u8 = flag::ADJECTIVE;
    pub const COMPOUND: u8 = flag::COMPOUND;
    pub const STOPWORD: u8 = flag::STOPWORD;
    /// Listed by Lilak, whose spellings are checked by hand.
    pub const LISTED: u8 = flag::LISTED;
    /// A function word (adposition, conjunction, determiner).
    pub const FUNCTION: u8 = flag::FUNCTION;
    /// A stopword for token flags: on a stopword list and not a content word
    /// (not one Lilak knows only as a noun or adjective).
    pub const TOKEN_STOPWORD: u8 = flag::TOKEN_STOPWORD;

    /// Whether the entry has any of the flags in `flag` (a mask: `NOUN | ADJECTIVE`).
    pub fn is(self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// Word spellings, their frequencies, and the spellings that differ only by ZWNJ.
pub struct Lexicon {
    words: WordTable<'static>,
    /// Spelling without ZWNJ → the spellings with ZWNJ that the lexicon lists.
    variants: HashMap<Box<str>, Vec<Box<str>>>,
    /// First parts of the words written with ZWNJ (`رئیس` of `رئیس‌جمهور`).
    heads: HashSet<Box<str>>,
    present_stems: HashSet<Box<str>>,
    past_stems: HashSet<Box<str>>,
    /// Past stem → present stem, and back; where a stem belongs to several
    /// verbs, the more frequent verb's.
    past_to_present: HashMap<Box<str>, Box<str>>,
    present_to_past: HashMap<Box<str>, Box<str>>,
    /// Past stem → the verb's frequency (see [`Lexicon::verb_zipf`]).
    verb_zipfs: HashMap<Box<str>, u16>,
    /// Plural noun → singular (`افراد` → `فرد`).
    plurals: HashMap<Box<str>, Box<str>>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.words.len())
            .finish_non_exhaustive()
    }
}

impl Lexicon {
    /// The lexicon built into the binary.
    pub fn builtin() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let words = WordTable::new(TABLE).expect("build.rs wrote a word table");
            Lexicon::new(words, VERBS, PLURALS)
        })
    }

    /// The lexicon of `words`, `past\tpresent` lines and `plural\tsingular`
    /// lines.
    fn new(words: WordTable<'static>, verbs: &str, plurals: &str) -> Lexicon {
        let mut variants: HashMap<Box<str>, Vec<Box<str>>> = HashMap::default();
        let mut heads: HashSet<Box<str>> = HashSet::default();
        for word in words.iter() {
            if let Some((head, _)) = word.split_once(ZWNJ) {
                variants
                    .entry(word.replace(ZWNJ, "").into())
                    .or_default()
                    .push(word.into());
                heads.insert(head.into());
            }
        }
        let mut present_stems = HashSet::default();
        let mut past_stems = HashSet::default();
        let mut pairs = Vec::new();
        for line in verbs.lines() {
            let (past, present) = line.split_once('\t').unwrap_or((line, ""));
            if !past.is_empty() {
                past_stems.insert(past.into());
            }
            if !present.is_empty() {
                present_stems.insert(present.into());
            }
            if !past.is_empty() && !present.is_empty() {
                pairs.push((past, present));
            }
        }
        let plurals = plurals
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(p, s)| (p.into(), s.into()))
            .collect();
        let mut lex = Lexicon {
            words,
            variants,
            heads,
            present_stems,
            past_stems,
            past_to_present: HashMap::default(),
            present_to_past: HashMap::default(),
            verb_zipfs: HashMap::default(),
            plurals,
        };
        let verb_zipfs = pairs
            .iter()
            .map(|&(past, _)| (past.into(), lex.verb_zipf(past)))
            .collect();
        lex.verb_zipfs = verb_zipfs;
        // Between verbs sharing a stem, the more frequent; between the
        // present stems of one past stem (`نوشت`: `نویس`, `نورد`), the one
        // whose third person singular is more frequent, with or without a
        // glide after a vowel (`می‌رود`, `می‌گوید`).
        let present_zipf = |present: &str| {
            let plain = lex.get(&format!("می{ZWNJ}{present}د")).zipf;
            let glide = lex.get(&format!("می{ZWNJ}{present}ید")).zipf;
            if present.ends_with(['ا', 'و', 'آ']) {
                plain.max(glide)
            } else {
                plain
            }
        };
        pairs.sort_by_cached_key(|&(past, present)| {
            (
                std::cmp::Reverse(lex.verb_zipf(past)),
                std::cmp::Reverse(present_zipf(present)),
                past,
                present,
            )
        });
        for (past, present) in pairs {
            lex.past_to_present
                .entry(past.into())
                .or_insert_with(|| present.into());
            lex.present_to_past
                .entry(present.into())
                .or_insert_with(|| past.into());
        }
        lex
    }

    /// The entry of `word` (spelled exactly), or an empty entry.
    pub fn get(&self, word: &str) -> Entry {
        self.words
            .get(word)
            .map_or_else(Entry::default, |(zipf, flags)| Entry { zipf, flags })
    }

    /// Zipf frequency of `word` as a float (0 when unknown).
    pub fn zipf(&self, word: &str) -> f32 {
        self.get(word).zipf as f32 / 100.0
    }

    /// Whether the lexicon lists `word`.
    pub fn contains(&self, word: &str) -> bool {
        self.words.get(word).is_some()
    }

    /// The highest frequency (Zipf × 100) among the listed words that, with
    /// ZWNJ removed, are `glued`; `None` when no listed word is.
    pub fn best_zipf_without_zwnj(&self, glued: &str) -> Option<u16> {
        let own = self.words.get(glued).map(|(zipf, _)| zipf);
        let spelled = self.zwnj_variants(glued).iter().map(|v| self.get(v).zipf);
        own.into_iter().chain(spelled).max()
    }

    /// The listed spellings with ZWNJ of a word written without any.
    pub fn zwnj_variants(&self, glued: &str) -> &[Box<str>] {
        self.variants.get(glued).map_or(&[], |v| v.as_slice())
    }

    /// Whether some listed word with ZWNJ starts with `head` and a ZWNJ.
    pub fn is_zwnj_head(&self, head: &str) -> bool {
        self.heads.contains(head)
    }

    pub fn is_present_stem(&self, s: &str) -> bool {
        self.present_stems.contains(s)
    }

    pub fn is_past_stem(&self, s: &str) -> bool {
        self.past_stems.contains(s)
    }

    /// The verb `(past, present)` whose past stem is `past`.
    pub fn verb_of_past(&self, past: &str) -> Option<(&str, &str)> {
        self.past_to_present
            .get_key_value(past)
            .map(|(p, q)| (&**p, &**q))
    }

    /// The verb `(past, present)` whose present stem is `present`.
    pub fn verb_of_present(&self, present: &str) -> Option<(&str, &str)> {
        self.present_to_past
            .get_key_value(present)
            .map(|(q, p)| (&**p, &**q))
    }

    /// The singular of a listed plural noun.
    pub fn singular_of(&self, plural: &str) -> Option<&str> {
        self.plurals.get(plural).map(|s| &**s)
    }

    /// A verb's frequency (Zipf ×100): its infinitive's, or its present plural's
    /// less half a Zipf unit.
    pub fn verb_zipf(&self, past: &str) -> u16 {
        if let Some(&z) = self.verb_zipfs.get(past) {
            return z;
        }
        let infinitive = self.get(&format!("{past}ن")).zipf;
        let present = self
            .get(&format!("می{ZWNJ}{past}ند"))
            .zipf
            .saturating_sub(50);
        infinitive.max(present)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_loads() {
        let lex = Lexicon::builtin();
        assert!(lex.len() > 200_000, "{} words", lex.len());
        assert!(lex.zipf("می‌شود") > 5.0);
        assert!(lex
            .zwnj_variants("رئیسجمهور")
            .iter()
            .any(|v| &**v == "رئیس‌جمهور"));
        assert!(lex.is_present_stem("پرداز") && lex.is_past_stem("پرداخت"));
        assert!(lex.is_zwnj_head("رئیس") && !lex.is_zwnj_head("جمهور"));
        assert!(lex.get("که").is(Entry::STOPWORD | Entry::TOKEN_STOPWORD));
        assert!(lex.get("خطر").is(Entry::STOPWORD) && !lex.get("خطر").is(Entry::TOKEN_STOPWORD));
        assert_eq!(lex.verb_of_present("کن"), Some(("کرد", "کن")));
        assert_eq!(lex.verb_of_past("کرد"), Some(("کرد", "کن")));
        assert_eq!(lex.singular_of("افراد"), Some("فرد"));
        assert_eq!(lex.singular_of("کلمات"), Some("کلمه"));
        assert!(lex.get("از").is(Entry::FUNCTION) && lex.get("کتاب").is(Entry::LISTED));
    }
}
