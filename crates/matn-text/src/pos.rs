//! Parts of speech (the Universal Dependencies UPOS tags) for every token:
//! a greedy averaged perceptron over what the analysis already knows of each
//! token (its kind, lemma, stopword flag, place in a verb group, the entity
//! it is part of, the lexicon's flags), trained by `tools/pos/train.py` on
//! UD Persian. The features are specified in `tools/pos/features.md`; a
//! fixture written by that tool holds this tagger to the Python one.

use crate::analyze::Analysis;
use crate::extract::entity::EntityType;
use crate::lexicon::{Entry, Lexicon};
use crate::token::TokenKind;
use rustc_hash::FxHashMap;
use std::io::Read;
use std::ops::Range;
use std::sync::OnceLock;

/// The built-in weights (`python3 tools/pos/train.py --matn target/release/matn`).
const MODEL: &[u8] = include_bytes!("../../../data/pos/perceptron.tsv.gz");
/// The weight-file version this tagger reads.
const VERSION: &str = "pos-features-v1";
/// Before the first token and after the last.
const START: &str = "<s>";
const END: &str = "</s>";

/// A UPOS tag. The order is the model's: ties go to the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartOfSpeech {
    Noun,
    Verb,
    Aux,
    Adj,
    Adv,
    Adp,
    Pron,
    Det,
    Num,
    Cconj,
    Sconj,
    Part,
    Propn,
    Punct,
    Intj,
    Sym,
    X,
}

impl PartOfSpeech {
    pub const ALL: [PartOfSpeech; 17] = [
        PartOfSpeech::Noun,
        PartOfSpeech::Verb,
        PartOfSpeech::Aux,
        PartOfSpeech::Adj,
        PartOfSpeech::Adv,
        PartOfSpeech::Adp,
        PartOfSpeech::Pron,
        PartOfSpeech::Det,
        PartOfSpeech::Num,
        PartOfSpeech::Cconj,
        PartOfSpeech::Sconj,
        PartOfSpeech::Part,
        PartOfSpeech::Propn,
        PartOfSpeech::Punct,
        PartOfSpeech::Intj,
        PartOfSpeech::Sym,
        PartOfSpeech::X,
    ];

    /// The UD name (`NOUN`, `AUX`...).
    pub fn as_str(self) -> &'static str {
        match self {
            PartOfSpeech::Noun => "NOUN",
            PartOfSpeech::Verb => "VERB",
            PartOfSpeech::Aux => "AUX",
            PartOfSpeech::Adj => "ADJ",
            PartOfSpeech::Adv => "ADV",
            PartOfSpeech::Adp => "ADP",
            PartOfSpeech::Pron => "PRON",
            PartOfSpeech::Det => "DET",
            PartOfSpeech::Num => "NUM",
            PartOfSpeech::Cconj => "CCONJ",
            PartOfSpeech::Sconj => "SCONJ",
            PartOfSpeech::Part => "PART",
            PartOfSpeech::Propn => "PROPN",
            PartOfSpeech::Punct => "PUNCT",
            PartOfSpeech::Intj => "INTJ",
            PartOfSpeech::Sym => "SYM",
            PartOfSpeech::X => "X",
        }
    }

    fn from_name(name: &str) -> Option<PartOfSpeech> {
        PartOfSpeech::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// Why a weight file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PosModelError {
    #[error("the weight file is not gzip-compressed UTF-8: {0}")]
    Read(#[from] std::io::Error),
    #[error("the weight file is not {VERSION}")]
    Version,
    #[error("not a `feature<TAB>tag<TAB>weight` line: {0}")]
    Line(String),
}

/// Scores per tag, in [`PartOfSpeech::ALL`] order.
type Scores = [i64; 17];

/// The tagger's weights.
pub struct Tagger {
    /// Feature → its weights' range in `weights`.
    features: FxHashMap<Box<str>, Range<u32>>,
    /// (tag index, weight × 1000), feature by feature.
    weights: Vec<(u8, i32)>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("features", &self.features.len())
            .finish_non_exhaustive()
    }
}

impl Tagger {
    /// The tagger built into the binary.
    pub fn builtin() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        TAGGER.get_or_init(|| Tagger::load(MODEL).expect("the built-in POS weights load"))
    }

    /// Reads a gzip-compressed weight file (`tools/pos/features.md`).
    pub fn load(gz: &[u8]) -> Result<Tagger, PosModelError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz).read_to_string(&mut text)?;
        let version = format!("# features: {VERSION}");
        if !text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .any(|l| l == version)
        {
            return Err(PosModelError::Version);
        }
        let mut tagger = Tagger {
            features: FxHashMap::default(),
            weights: Vec::new(),
        };
        let mut current: Option<(&str, u32)> = None;
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let bad = || PosModelError::Line(line.to_string());
            let mut cols = line.split('\t');
            let (Some(feature), Some(tag), Some(weight)) = (cols.next(), cols.next(), cols.next())
            else {
                return Err(bad());
            };
            let tag = PartOfSpeech::from_name(tag).ok_or_else(bad)? as u8;
            let weight: i32 = weight.parse().map_err(|_| bad())?;
            // Lines come sorted by feature: one run of weights each.
            match current {
                Some((f, _)) if f == feature => {}
                _ => {
                    tagger.close(current);
                    current = Some((feature, tagger.weights.len() as u32));
                }
            }
            tagger.weights.push((tag, weight));
        }
        tagger.close(current);
        Ok(tagger)
    }

    /// Records the run of weights of `feature` that began at `start`.
    fn close(&mut self, run: Option<(&str, u32)>) {
        if let Some((feature, start)) = run {
            let end = self.weights.len() as u32;
            self.features.insert(feature.into(), start..end);
        }
    }

    fn add(&self, feature: &str, scores: &mut Scores) {
        if let Some(r) = self.features.get(feature) {
            for &(tag, w) in &self.weights[r.start as usize..r.end as usize] {
                scores[usize::from(tag)] += i64::from(w);
            }
        }
    }

    /// The part of speech of each of `analysis`'s tokens: a finished
    /// analysis with tokens, lemmas (in the dictionary style, the default)
    /// and entities. `lexicon` gives the flags the features read.
    pub fn tag(&self, analysis: &Analysis, lexicon: &Lexicon) -> Vec<PartOfSpeech> {
        let info = TokenInfo::all(analysis, lexicon);
        let mut out = vec![PartOfSpeech::X; info.len()];
        for s in &analysis.sentences {
            let sentence = &info[s.tokens.clone()];
            let (mut prev2, mut prev) = (START, START);
            for i in 0..sentence.len() {
                let mut scores = [0; 17];
                for f in static_features(sentence, i) {
                    self.add(&f, &mut scores);
                }
                self.add(&format!("t-1={prev}"), &mut scores);
                self.add(&format!("t-2,t-1={prev2},{prev}"), &mut scores);
                let best = (1..17).fold(0, |b, t| if scores[t] > scores[b] { t } else { b });
                let tag = PartOfSpeech::ALL[best];
                out[s.tokens.start + i] = tag;
                (prev2, prev) = (prev, tag.as_str());
            }
        }
        out
    }
}

/// What the features read of one token (`tools/pos/features.md`).
struct TokenInfo {
    key: String,
    kind: &'static str,
    lemma: String,
    stopword: bool,
    group: &'static str,
    entity: &'static str,
    lex: String,
}

impl TokenInfo {
    fn all(a: &Analysis, lexicon: &Lexicon) -> Vec<TokenInfo> {
        let text = a.normalized.text();
        let groups = group_places(&a.verb_groups);
        a.tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let form = &text[t.bytes.clone()];
                let lemma = match (t.kind, a.lemmas.get(i)) {
                    (TokenKind::Word, Some(lemma)) => key(lemma.as_deref().unwrap_or("")),
                    (TokenKind::Word, None) => String::new(),
                    _ => key(form),
                };
                let entity = a
                    .entities
                    .iter()
                    .find(|e| {
                        e.mentions
                            .iter()
                            .any(|m| m.start <= t.bytes.start && t.bytes.end <= m.end)
                    })
                    .map_or("none", |e| entity_name(e.kind));
                TokenInfo {
                    key: key(form),
                    kind: kind_name(t.kind),
                    lemma,
                    stopword: a.stopwords.get(i).copied().unwrap_or(false),
                    group: groups.get(i).copied().unwrap_or("none"),
                    entity,
                    lex: lex_flags(lexicon, form),
                }
            })
            .collect()
    }
}

/// The static features of token `i` of `sentence`, as strings.
fn static_features(sentence: &[TokenInfo], i: usize) -> Vec<String> {
    let at = |j: isize, field: fn(&TokenInfo) -> &str| -> String {
        match usize::try_from(j).ok().and_then(|j| sentence.get(j)) {
            Some(t) => field(t).to_string(),
            None if j < 0 => START.to_string(),
            None => END.to_string(),
        }
    };
    let ii = i as isize;
    let t = &sentence[i];
    let k = &t.key;
    let chars: Vec<usize> = k.char_indices().map(|(b, _)| b).collect();
    let mut f = vec![
        "bias".to_string(),
        format!("w={k}"),
        format!("w-1={}", at(ii - 1, |t| &t.key)),
        format!("w+1={}", at(ii + 1, |t| &t.key)),
        format!("w-2={}", at(ii - 2, |t| &t.key)),
        format!("w+2={}", at(ii + 2, |t| &t.key)),
    ];
    for m in 1..=4 {
        let pre = &k[..chars.get(m).copied().unwrap_or(k.len())];
        let suf = &k[chars
            .get(chars.len().saturating_sub(m))
            .copied()
            .unwrap_or(0)..];
        f.push(format!("pre{m}={pre}"));
        f.push(format!("suf{m}={suf}"));
    }
    f.extend([
        format!("w-1,w={},{k}", at(ii - 1, |t| &t.key)),
        format!("lemma-1={}", at(ii - 1, |t| &t.lemma)),
        format!("lemma+1={}", at(ii + 1, |t| &t.lemma)),
        format!("kind={}", t.kind),
        format!("lemma={}", t.lemma),
        format!("stop={}", u8::from(t.stopword)),
        format!("group={}", t.group),
        format!("entity={}", t.entity),
        format!("lex={}", t.lex),
        format!("lex-1={}", at(ii - 1, |t| &t.lex)),
        format!("lex+1={}", at(ii + 1, |t| &t.lex)),
        format!("kind-1={}", at(ii - 1, |t| t.kind)),
        format!("kind+1={}", at(ii + 1, |t| t.kind)),
    ]);
    f
}

/// Per token: its place in its multi-part verb (`first`, `inner`, `last`;
/// a verb of one token is `first`), or `none`.
fn group_places(verb_groups: &[u32]) -> Vec<&'static str> {
    let mut first: FxHashMap<u32, usize> = FxHashMap::default();
    let mut last: FxHashMap<u32, usize> = FxHashMap::default();
    for (i, &g) in verb_groups.iter().enumerate().filter(|(_, &g)| g != 0) {
        first.entry(g).or_insert(i);
        last.insert(g, i);
    }
    verb_groups
        .iter()
        .enumerate()
        .map(|(i, g)| match (first.get(g), last.get(g)) {
            (Some(&f), _) if f == i => "first",
            (_, Some(&l)) if l == i => "last",
            (Some(_), _) => "inner",
            _ => "none",
        })
        .collect()
}

/// The token as the features compare it: Arabic letters unified, ZWNJ
/// removed, digits as `0`, Latin capitals lower case. Unlike the names
/// model's key, marks (the tanwin of `حتماً`) and `ة` stay: with that key,
/// cross-validated accuracy falls from 0.9032 to 0.9010.
fn key(form: &str) -> String {
    form.chars()
        .filter(|&c| c != '\u{200C}')
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            '0'..='9' | '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}' => '0',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The lexicon's flags of `form` as letters of `VNACSFT`, in that order;
/// `none` when the lexicon does not list it.
fn lex_flags(lexicon: &Lexicon, form: &str) -> String {
    if !lexicon.contains(form) {
        return "none".to_string();
    }
    let entry = lexicon.get(form);
    [
        ('V', Entry::VERB),
        ('N', Entry::NOUN),
        ('A', Entry::ADJECTIVE),
        ('C', Entry::COMPOUND),
        ('S', Entry::STOPWORD),
        ('F', Entry::FUNCTION),
        ('T', Entry::TOKEN_STOPWORD),
    ]
    .into_iter()
    .filter(|&(_, flag)| entry.is(flag))
    .map(|(letter, _)| letter)
    .collect()
}

/// A token kind as the API's JSON names it, without its prefix, lower case.
fn kind_name(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Word => "word",
        TokenKind::Number => "number",
        TokenKind::Punctuation => "punctuation",
        TokenKind::Url => "url",
        TokenKind::Email => "email",
        TokenKind::Mention => "mention",
        TokenKind::Hashtag => "hashtag",
        TokenKind::Emoji => "emoji",
        TokenKind::Symbol => "symbol",
    }
}

/// An entity type as the API names it, without its prefix.
fn entity_name(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "PERSON",
        EntityType::Location => "LOCATION",
        EntityType::Organization => "ORGANIZATION",
        EntityType::Event => "EVENT",
        EntityType::Date => "DATE",
        EntityType::Time => "TIME",
        EntityType::Number => "NUMBER",
        EntityType::Money => "MONEY",
        EntityType::Percent => "PERCENT",
        EntityType::Phone => "PHONE",
        EntityType::Email => "EMAIL",
        EntityType::Url => "URL",
        EntityType::Hashtag => "HASHTAG",
        EntityType::Mention => "MENTION",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Features;

    /// `tools/pos/train.py --parity` wrote the tags the Python tagger gives
    /// matn's tokens of these texts; this one must give the same.
    #[test]
    fn the_tagger_agrees_with_the_python_one() {
        let fixture = include_str!("../tests/data/pos-parity.tsv");
        let mut texts = 0;
        for line in fixture.lines().filter(|l| !l.starts_with('#')) {
            let (text, want) = line.split_once('\t').expect("text<TAB>tags");
            let a = crate::analyze_for_test(text, Features::ALL);
            let got: Vec<&str> = Tagger::builtin()
                .tag(&a, Lexicon::builtin())
                .into_iter()
                .map(PartOfSpeech::as_str)
                .collect();
            assert_eq!(got.join(" "), want, "{text}");
            texts += 1;
        }
        assert!(texts > 300, "{texts} texts");
    }
}
