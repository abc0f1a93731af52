//! Named entities (PERSON, LOCATION, ORGANIZATION) by an averaged perceptron
//! over the words of each sentence, with gazetteer features, decoded by a
//! beam search of the width the weight file names (`# decoding: beam4`; a
//! width of one, `greedy`, is left-to-right greedy decoding).
//!
//! The model (`data/ner/perceptron.tsv.gz`) is trained by
//! `tools/ner/train.py` on ParsTwiNER only; `tools/ner/features.md` specifies
//! the tokens, keys, feature strings and decoding that this module reproduces,
//! and the file's header names the feature groups and decoding it was
//! trained with.
//!
//! Speed: the features that depend on one word only (the word itself, its
//! affixes and shape, and the word as a neighbour or after each tag) are
//! summed once per distinct word and kept in a per-thread memo, so a token
//! costs one look-up and a few additions of seven-score vectors.

use crate::extract::entity::NameKind;
use crate::lexicon::Lexicon;
use crate::memo_budget::{self, Account};
use rustc_hash::{FxHashMap, FxHashSet};
use std::io::Read;
use std::ops::Range;
use std::sync::OnceLock;

const MODEL: &[u8] = include_bytes!("../../../../../data/ner/perceptron.tsv.gz");
const GAZETTEERS: [&str; 3] = [
    include_str!("../../../../../data/gazetteers/persons.tsv"),
    include_str!("../../../../../data/gazetteers/locations.tsv"),
    include_str!("../../../../../data/gazetteers/organizations.tsv"),
];
/// The index of `zipf=none` in [`ByForm::zipfs`], after buckets 0 to 9.
const ZIPF_NONE: usize = 10;
/// The weight-file versions this tagger reads (v1 has no decoding line:
/// greedy).
const VERSIONS: [&str; 2] = ["ner-features-v1", "ner-features-v2"];
/// The score of a beam candidate already taken or passed over.
/// The most hypotheses a weight file may ask the beam search to keep.
const MAX_BEAM: usize = 16;
/// Tags in the model's order; ties go to the first.
const TAGS: [&str; 7] = [
    "O",
    "B-PERSON",
    "I-PERSON",
    "B-LOCATION",
    "I-LOCATION",
    "B-ORGANIZATION",
    "I-ORGANIZATION",
];
/// The tag before the first token.
const START: usize = 7;
const TYPES: [&str; 3] = ["PERSON", "LOCATION", "ORGANIZATION"];
/// Bytes of the per-word memo before it starts over: distinct long words
/// must not grow a thread without bound.
const MEMO_BYTES: usize = 8 << 20;

/// About the bytes the memo entry of a token of `len` bytes takes (the token
/// as written, its key, its scores).
fn memo_size(len: usize) -> usize {
    2 * len + std::mem::size_of::<WordScores>() + 64
}

type Scores = [i32; 7];

/// A named entity found by the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub kind: NameKind,
    /// Byte range of the text given.
    pub bytes: Range<usize>,
    /// The smallest margin of its tags over the next best, squashed to (0, 1).
    pub confidence: f32,
}

/// A run of two or more tokens that a gazetteer lists as one name, found
/// while tagging.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    pub kind: NameKind,
    /// Byte range of the text given.
    pub bytes: Range<usize>,
}

/// What [`Model::find`] finds in a text: the names it tags, and the names
/// its gazetteers list there (each in text order).
#[derive(Debug, Default)]
pub struct Found {
    pub names: Vec<Named>,
    pub listed: Vec<Listed>,
}

/// The feature groups a model was trained with.
#[derive(Default)]
struct Groups {
    ctx2: bool,
    affix: bool,
    shape: bool,
    title: bool,
    tagword: bool,
    gaz: bool,
    lex: bool,
}

/// The weights of every feature that reads one word (`w=`, `w-1=`, `w+1=`,
/// `w-2=`, `w+2=`, `t-1,w=TAG,`), by the word: a word seen for the first
/// time costs one look-up here, not one per template.
#[derive(Clone, Copy, Default)]
struct ByWord {
    own: Scores,
    /// As the word before (`w-1`), after (`w+1`), two before, two after.
    as_prev: Scores,
    as_next: Scores,
    as_prev2: Scores,
    as_next2: Scores,
    /// `t-1,w=` by the previous tag.
    after_tag: [Scores; 8],
}

/// The weights of the features of a word's form: affixes by text, shapes by
/// name, lengths by count.
#[derive(Default)]
struct ByForm {
    /// `pre1=` to `pre3=`, then `suf1=` to `suf3=`.
    affixes: [FxHashMap<Box<str>, Scores>; 6],
    shapes: FxHashMap<Box<str>, Scores>,
    /// `len=0` to `len=8`.
    lengths: [Scores; 9],
    /// `zipf=0` to `zipf=9`, then `zipf=none`.
    zipfs: [Scores; 11],
}

/// The name tagger: an averaged perceptron's weights and its gazetteers.
pub struct Model {
    groups: Groups,
    /// Each word the model has weights for, to its entry in `by_word`.
    words: FxHashMap<Box<str>, u32>,
    /// The word features of each word; entry 0 is all zeros, for the words
    /// the model has no weights for.
    by_word: Vec<ByWord>,
    forms: ByForm,
    /// Fixed features, summed once: bias; `t-1=` by previous tag (8 with
    /// `<s>`); `t-2,t-1=` by both; `title-1`, `title-2`; `gaz=TYPE-B|I`.
    bias: Scores,
    prev_tag: [Scores; 8],
    prev_tags: [[Scores; 8]; 8],
    title: [Scores; 2],
    gaz: [[Scores; 2]; 3],
    titles: FxHashSet<String>,
    /// How many hypotheses the beam search keeps (1: greedy).
    beam: usize,
    /// `<s>` and `</s>` as neighbours of the first and last words.
    edges: Option<Box<(WordScores, WordScores)>>,
    /// Per type: the entries.
    gazetteers: [Gazetteer; 3],
    /// Keys of the one-word places the location gazetteer lists as
    /// countries.
    countries: FxHashSet<String>,
}

/// The entries of one gazetteer as sequences of keys, joined by
/// [`Gazetteer::JOIN`]: every entry and every shorter run of its first keys,
/// with whether it is an entry itself, so a match stops as soon as it cannot
/// go on.
#[derive(Default)]
struct Gazetteer {
    runs: FxHashMap<String, bool>,
}

impl Gazetteer {
    const JOIN: char = '\u{1}';

    fn add(&mut self, keys: &[String]) {
        let mut run = String::new();
        for (n, k) in keys.iter().enumerate() {
            if n > 0 {
                run.push(Self::JOIN);
            }
            run.push_str(k);
            *self.runs.entry(run.clone()).or_default() |= n + 1 == keys.len();
        }
    }

    /// Whether some entry starts with `key`.
    fn starts(&self, key: &str) -> bool {
        self.runs.contains_key(key)
    }

    /// How many of `keys` (from the first) the longest entry matches; 0 for
    /// none. `run`: a buffer.
    fn longest<'k>(&self, keys: impl Iterator<Item = &'k str>, run: &mut String) -> usize {
        run.clear();
        let mut best = 0;
        for (n, k) in keys.enumerate() {
            if n > 0 {
                run.push(Self::JOIN);
            }
            run.push_str(k);
            match self.runs.get(run.as_str()) {
                None => break,
                Some(&entry) => {
                    if entry {
                        best = n + 1;
                    }
                }
            }
        }
        best
    }
}

/// What one word contributes, whatever its neighbours' tags.
#[derive(Clone)]
struct WordScores {
    /// Its own word and form features (affixes, shape, length).
    own: Scores,
    /// Its entry in [`Model::by_word`], which holds what it contributes to
    /// its neighbours.
    context: u32,
    /// Per type: whether some gazetteer entry starts with the word.
    gaz_first: [bool; 3],
    /// Whether the word is a title (`آقای`), a feature of the words after it.
    title: bool,
    /// The word's key (gazetteer entries are compared by key).
    key: Box<str>,
}

/// Per thread: what each word seen contributes, and buffers for a sentence.
#[derive(Default)]
struct Memo {
    /// Each word as written (not its key: a word seen before is not keyed
    /// again) to its index in `scores`.
    index: FxHashMap<Box<str>, u32>,
    scores: Vec<WordScores>,
    /// About what `index` and `scores` take, in bytes, charged to the memo
    /// budget.
    account: Account,
    /// Per token of the sentence being tagged: its index in `scores`.
    ids: Vec<u32>,
    marks: Vec<[u8; 3]>,
    /// Per token: the scores of its features other than the tags before it.
    fixed: Vec<Scores>,
    beam: Beam,
    key: String,
}

/// A sequence of tags being decoded: its score, its last two tags and its
/// last node in [`Beam::nodes`].
#[derive(Clone, Copy)]
struct Hypothesis {
    score: i64,
    t1: usize,
    t2: usize,
    node: u32,
}

/// The buffers of a beam search.
#[derive(Default)]
struct Beam {
    hypotheses: Vec<Hypothesis>,
    next: Vec<Hypothesis>,
    /// Every tag kept: the tag and the node before it (`u32::MAX` at the
    /// first token).
    nodes: Vec<(u8, u32)>,
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Empties this thread's memo of scores and buffers.
pub(crate) fn forget_thread_memo() {
    MEMO.with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            *m = Memo::default();
        }
    });
}

/// Whether `c` is a token of its own (the 16 characters of the spec).
fn splits(c: char) -> bool {
    matches!(
        c,
        '.' | '،'
            | ','
            | '؛'
            | ':'
            | '!'
            | '؟'
            | '?'
            | '«'
            | '»'
            | '('
            | ')'
            | '"'
            | '\''
            | '-'
            | '/'
    )
}

/// The lookup key of a token: letters unified, ZWNJ and marks dropped, digits
/// to `0`, ASCII lower-cased.
fn key_into(token: &str, out: &mut String) {
    out.clear();
    for c in token.chars() {
        match c {
            'ي' | 'ى' => out.push('ی'),
            'ك' => out.push('ک'),
            'ة' => out.push('ه'),
            '\u{200C}' | '\u{200D}' | '\u{0640}' | '\u{064B}'..='\u{0652}' | '\u{0670}' => {}
            '0'..='9' | '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}' => out.push('0'),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ => out.push(c),
        }
    }
}

fn key(token: &str) -> String {
    let mut s = String::new();
    key_into(token, &mut s);
    s
}

/// The tokens of `text` as byte ranges: runs between white space, with each
/// split character a token of its own.
fn tokenize(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || splits(c) {
            if let Some(start) = run.take() {
                out.push(start..i);
            }
            if !c.is_whitespace() {
                out.push(i..i + c.len_utf8());
            }
        } else if run.is_none() {
            run = Some(i);
        }
    }
    if let Some(start) = run {
        out.push(start..text.len());
    }
    out
}

fn add(a: &mut Scores, b: &Scores) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// Whether `tag` may follow `prev`: `I-X` only after `B-X` or `I-X`.
fn allowed(prev: usize, tag: usize) -> bool {
    tag == 0 || tag % 2 == 1 || (prev < START && type_of(prev) == type_of(tag))
}

/// The kind of name a tag is part of; `None` for `O`.
fn type_of(tag: usize) -> Option<NameKind> {
    tag.checked_sub(1)
        .and_then(|t| NameKind::ALL.get(t / 2))
        .copied()
}

/// The tag's name as features spell it (`<s>` before the first token).
fn tag_name(t: usize) -> &'static str {
    TAGS.get(t).copied().unwrap_or("<s>")
}

/// The weights of the word and form templates, regrouped by word and by form
/// (see [`ByWord`], [`ByForm`]).
fn by_word_and_form(
    weights: &FxHashMap<Box<str>, Scores>,
) -> (FxHashMap<Box<str>, ByWord>, ByForm) {
    let mut words: FxHashMap<Box<str>, ByWord> = FxHashMap::default();
    let mut forms = ByForm::default();
    for (feature, &scores) in weights {
        let Some((template, value)) = feature.split_once('=') else {
            continue;
        };
        fn word<'a>(words: &'a mut FxHashMap<Box<str>, ByWord>, value: &str) -> &'a mut ByWord {
            words.entry(value.into()).or_default()
        }
        let words = &mut words;
        match template {
            "w" => word(words, value).own = scores,
            "w-1" => word(words, value).as_prev = scores,
            "w+1" => word(words, value).as_next = scores,
            "w-2" => word(words, value).as_prev2 = scores,
            "w+2" => word(words, value).as_next2 = scores,
            "t-1,w" => {
                // `t-1,w=TAG,WORD`: the tag holds no comma.
                let Some((tag, value)) = value.split_once(',') else {
                    continue;
                };
                if let Some(t) = (0..8).find(|&t| tag_name(t) == tag) {
                    word(words, value).after_tag[t] = scores;
                }
            }
            "shape" => {
                forms.shapes.insert(value.into(), scores);
            }
            "len" => {
                if let Some(n) = value.parse::<usize>().ok().filter(|&n| n <= 8) {
                    forms.lengths[n] = scores;
                }
            }
            "zipf" => {
                let bucket = match value {
                    "none" => Some(ZIPF_NONE),
                    n => n.parse::<usize>().ok().filter(|&n| n < ZIPF_NONE),
                };
                if let Some(b) = bucket {
                    forms.zipfs[b] = scores;
                }
            }
            _ => {
                let table = match template {
                    "pre1" => 0,
                    "pre2" => 1,
                    "pre3" => 2,
                    "suf1" => 3,
                    "suf2" => 4,
                    "suf3" => 5,
                    _ => continue,
                };
                forms.affixes[table].insert(value.into(), scores);
            }
        }
    }
    (words, forms)
}

/// `words` numbered from 1 into a table of their features, with entry 0 all
/// zeros. Templates of groups the model was not trained with weigh nothing.
fn numbered(
    words: FxHashMap<Box<str>, ByWord>,
    groups: &Groups,
) -> (FxHashMap<Box<str>, u32>, Vec<ByWord>) {
    let mut table = vec![ByWord::default()];
    let mut index = FxHashMap::default();
    for (word, mut w) in words {
        if !groups.ctx2 {
            w.as_prev2 = Scores::default();
            w.as_next2 = Scores::default();
        }
        if !groups.tagword {
            w.after_tag = Default::default();
        }
        index.insert(word, table.len() as u32);
        table.push(w);
    }
    (index, table)
}

fn shape(k: &str) -> String {
    let mut has = [false; 5];
    for c in k.chars() {
        let class = match c {
            '0' => 0,
            '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => 1,
            'a'..='z' => 2,
            c if splits(c) => 3,
            _ => 4,
        };
        has[class] = true;
    }
    "dflpo"
        .chars()
        .zip(has)
        .filter(|&(_, h)| h)
        .map(|(c, _)| c)
        .collect()
}

/// What is wrong with a model's weight file.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("NER model: {0}")]
    Gzip(String),
    #[error("NER model: decoding {0} not implemented")]
    Decoding(String),
    #[error("NER model: unknown feature group {0}")]
    FeatureGroup(String),
    #[error("NER model: bad line {0:?}")]
    Line(String),
    #[error("NER model: unknown tag {0}")]
    Tag(String),
    #[error("NER model: bad weight {0}")]
    Weight(String),
    #[error("NER model: not {0}")]
    Version(String),
    #[error("NER model: no groups line")]
    NoGroups,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("words", &self.words.len())
            .field("beam", &self.beam)
            .finish_non_exhaustive()
    }
}

impl Model {
    /// The model and gazetteers built into the binary, loaded on the first
    /// call.
    pub fn builtin() -> &'static Model {
        static MODEL_CELL: OnceLock<Model> = OnceLock::new();
        MODEL_CELL.get_or_init(|| Model::load(MODEL).unwrap_or_else(|e| panic!("{e}")))
    }

    /// Reads a weight file (gzip); an error names what is wrong with it.
    fn load(gz: &[u8]) -> Result<Model, ModelError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_string(&mut text)
            .map_err(|e| ModelError::Gzip(e.to_string()))?;
        let mut groups = None;
        let mut version = false;
        let mut beam = 1;
        let mut weights: FxHashMap<Box<str>, Scores> = FxHashMap::default();
        for line in text.lines() {
            if let Some(h) = line.strip_prefix("# features: ") {
                version = VERSIONS.contains(&h);
            } else if let Some(h) = line.strip_prefix("# decoding: ") {
                beam = match h {
                    "greedy" => 1,
                    _ => h
                        .strip_prefix("beam")
                        .and_then(|k| k.parse().ok())
                        .filter(|k| (1..=MAX_BEAM).contains(k))
                        .ok_or_else(|| ModelError::Decoding(h.to_string()))?,
                };
            } else if let Some(h) = line.strip_prefix("# groups: ") {
                let mut g = Groups::default();
                for name in h.split(',') {
                    match name {
                        "ctx2" => g.ctx2 = true,
                        "affix" => g.affix = true,
                        "shape" => g.shape = true,
                        "title" => g.title = true,
                        "tagword" => g.tagword = true,
                        "gaz" => g.gaz = true,
                        "lex" => g.lex = true,
                        other => return Err(ModelError::FeatureGroup(other.to_string())),
                    }
                }
                groups = Some(g);
            } else if !line.starts_with('#') && !line.is_empty() {
                let mut f = line.split('\t');
                let (Some(feature), Some(tag), Some(w)) = (f.next(), f.next(), f.next()) else {
                    return Err(ModelError::Line(line.to_string()));
                };
                let tag = TAGS
                    .iter()
                    .position(|t| *t == tag)
                    .ok_or_else(|| ModelError::Tag(tag.to_string()))?;
                let w: i32 = w.parse().map_err(|_| ModelError::Weight(w.to_string()))?;
                weights.entry(feature.into()).or_default()[tag] = w;
            }
        }
        if !version {
            return Err(ModelError::Version(VERSIONS.join(" or ")));
        }
        let groups = groups.ok_or(ModelError::NoGroups)?;
        let get = |f: &str| weights.get(f).copied().unwrap_or_default();
        let prev_tag = std::array::from_fn(|a| get(&format!("t-1={}", tag_name(a))));
        let prev_tags = std::array::from_fn(|a| {
            std::array::from_fn(|b| get(&format!("t-2,t-1={},{}", tag_name(a), tag_name(b))))
        });
        let gaz = std::array::from_fn(|t| {
            [
                get(&format!("gaz={}-B", TYPES[t])),
                get(&format!("gaz={}-I", TYPES[t])),
            ]
        });
        let mut countries = FxHashSet::default();
        let gazetteers = std::array::from_fn(|t| {
            let mut gazetteer = Gazetteer::default();
            for line in GAZETTEERS[t].lines() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let mut cols = line.split('\t');
                let name = cols.next().unwrap_or_default();
                let keys: Vec<String> = tokenize(name).into_iter().map(|r| key(&name[r])).collect();
                let mut country = || {
                    cols.next()
                        .is_some_and(|s| s.split(',').any(|s| s == "country"))
                };
                if t == NameKind::Location.index() && keys.len() == 1 && country() {
                    countries.insert(keys[0].clone());
                }
                gazetteer.add(&keys);
            }
            gazetteer
        });
        let (words, forms) = by_word_and_form(&weights);
        let (words, by_word) = numbered(words, &groups);
        let mut model = Model {
            bias: get("bias"),
            title: [get("title-1"), get("title-2")],
            prev_tag,
            prev_tags,
            gaz,
            titles: crate::extract::list_entries(crate::extract::TITLES)
                .map(key)
                .collect(),
            gazetteers,
            countries,
            groups,
            words,
            by_word,
            forms,
            edges: None,
            beam,
        };
        model.edges = Some(Box::new((
            model.word_scores("<s>", None),
            model.word_scores("</s>", None),
        )));
        Ok(model)
    }

    /// What the word of key `k` contributes by itself; `lexicon` gives the
    /// `lex` group's frequency bucket (none without it: the edges).
    fn word_scores(&self, k: &str, lexicon: Option<&Lexicon>) -> WordScores {
        let context = self.words.get(k).copied().unwrap_or(0);
        let mut own = self.by_word[context as usize].own;
        let own = &mut own;
        if self.groups.affix {
            // The first and last one to three characters.
            let starts: Vec<usize> = k.char_indices().map(|(b, _)| b).collect();
            let n = starts.len();
            for m in 1..=3 {
                let pre = &k[..starts.get(m).copied().unwrap_or(k.len())];
                let suf = &k[starts.get(n.saturating_sub(m)).copied().unwrap_or(0)..];
                for (table, affix) in [(m - 1, pre), (m + 2, suf)] {
                    if let Some(s) = self.forms.affixes[table].get(affix) {
                        add(own, s);
                    }
                }
            }
        }
        if self.groups.shape {
            if let Some(s) = self.forms.shapes.get(shape(k).as_str()) {
                add(own, s);
            }
            add(own, &self.forms.lengths[k.chars().count().min(8)]);
        }
        if let Some(lexicon) = lexicon.filter(|_| self.groups.lex) {
            let bucket = lexicon
                .best_zipf_without_zwnj(k)
                .map_or(ZIPF_NONE, |z| usize::from(z / 100).min(ZIPF_NONE - 1));
            add(own, &self.forms.zipfs[bucket]);
        }
        WordScores {
            own: *own,
            context,
            gaz_first: std::array::from_fn(|t| self.gazetteers[t].starts(k)),
            title: self.titles.contains(k),
            key: k.into(),
        }
    }

    /// What word `w` contributes to its neighbours.
    fn context(&self, w: &WordScores) -> &ByWord {
        &self.by_word[w.context as usize]
    }

    /// Decodes `n` tokens by beam search (`tools/ner/features.md`) into
    /// `tags` (margins left 0). `scores(i, t2, t1)`: the scores of token `i`
    /// after tags `t2`, `t1`. With a beam of one, this is greedy decoding.
    fn beam_search(
        &self,
        beam: &mut Beam,
        n: usize,
        scores: impl Fn(usize, usize, usize) -> Scores,
        tags: &mut Vec<(usize, i32)>,
    ) {
        beam.nodes.clear();
        beam.hypotheses.clear();
        beam.hypotheses.push(Hypothesis {
            score: 0,
            t1: START,
            t2: START,
            node: u32::MAX,
        });
        for i in 0..n {
            // The best extensions, best first; of equal ones, the first made
            // (by the parent's rank, then the tag order). Kept in order as
            // they are made: few of them get in.
            beam.next.clear();
            for h in &beam.hypotheses {
                let s = scores(i, h.t2, h.t1);
                for (tag, &score) in s.iter().enumerate() {
                    if !allowed(h.t1, tag) {
                        continue;
                    }
                    let score = h.score + i64::from(score);
                    // Most fall behind a full beam's last.
                    if beam.next.len() == self.beam && beam.next[self.beam - 1].score >= score {
                        continue;
                    }
                    // One with the same last two tags has the same future:
                    // only the better (or first made) stays.
                    if let Some(k) = beam.next.iter().position(|c| c.t1 == tag && c.t2 == h.t1) {
                        if beam.next[k].score >= score {
                            continue;
                        }
                        beam.next.remove(k);
                    }
                    let at = beam.next.partition_point(|c| c.score >= score);
                    if at >= self.beam {
                        continue;
                    }
                    if beam.next.len() == self.beam {
                        beam.next.pop();
                    }
                    // `node` holds the parent's until the token is done.
                    beam.next.insert(
                        at,
                        Hypothesis {
                            score,
                            t1: tag,
                            t2: h.t1,
                            node: h.node,
                        },
                    );
                }
            }
            for h in &mut beam.next {
                beam.nodes.push((h.t1 as u8, h.node));
                h.node = (beam.nodes.len() - 1) as u32;
            }
            std::mem::swap(&mut beam.hypotheses, &mut beam.next);
        }
        tags.clear();
        let mut node = beam.hypotheses.first().map_or(u32::MAX, |h| h.node);
        while node != u32::MAX {
            let (tag, parent) = beam.nodes[node as usize];
            tags.push((usize::from(tag), 0));
            node = parent;
        }
        tags.reverse();
    }

    /// Into `marks`, per token, per type: 0 none, 1 the first token of a
    /// gazetteer match, 2 a later one. `words`: the tokens' scores, which
    /// say where an entry can start and hold the keys.
    fn gazetteer_marks(&self, words: &[&WordScores], marks: &mut Vec<[u8; 3]>, run: &mut String) {
        marks.clear();
        marks.resize(words.len(), [0; 3]);
        for (t, gazetteer) in self.gazetteers.iter().enumerate() {
            let mut i = 0;
            while i < words.len() {
                if !words[i].gaz_first[t] {
                    i += 1;
                    continue;
                }
                match gazetteer.longest(words[i..].iter().map(|w| &*w.key), run) {
                    0 => i += 1,
                    m => {
                        marks[i][t] = 1;
                        for mark in &mut marks[i + 1..i + m] {
                            mark[t] = 2;
                        }
                        i += m;
                    }
                }
            }
        }
    }

    /// Tags one sentence (its tokens as written) into `tags`: per token, the
    /// tag and the margin of its score over the next best allowed one. Into
    /// `listed`, the gazetteer marks of each token, as
    /// [`Self::gazetteer_marks`] gives them (none without the `gaz` group).
    /// The memo of word scores is kept per thread across calls: `lexicon`
    /// must be the same on every call (the built-in one).
    fn tag(
        &self,
        lexicon: &Lexicon,
        tokens: &[&str],
        tags: &mut Vec<(usize, i32)>,
        listed: &mut Vec<[u8; 3]>,
    ) {
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let memo = &mut *memo;
            // Cleared between sentences only: a sentence's ids stay valid.
            // Room for the sentence's words, should all be new: in this
            // memo's share and in the budget of all memos.
            let incoming: usize = tokens.iter().map(|t| memo_size(t.len())).sum();
            if memo.account.bytes() + incoming > MEMO_BYTES
                || memo_budget::used() + incoming > memo_budget::limit()
            {
                memo.index = FxHashMap::default();
                memo.scores = Vec::new();
                memo.account = Account::default();
            }
            memo.ids.clear();
            for &token in tokens {
                let id = match memo.index.get(token) {
                    Some(&id) => id,
                    None => {
                        key_into(token, &mut memo.key);
                        memo.scores.push(self.word_scores(&memo.key, Some(lexicon)));
                        let id = (memo.scores.len() - 1) as u32;
                        memo.index.insert(token.into(), id);
                        // Kept while the sentence is tagged, room or not.
                        memo.account.force(memo_size(token.len()));
                        id
                    }
                };
                memo.ids.push(id);
            }
            let scores = &memo.scores;
            let words: Vec<&WordScores> = memo.ids.iter().map(|&id| &scores[id as usize]).collect();
            let marks = &mut memo.marks;
            if self.groups.gaz {
                self.gazetteer_marks(&words, marks, &mut memo.key);
            } else {
                marks.clear();
                marks.resize(words.len(), [0; 3]);
            }
            listed.clone_from(marks);
            let edges = self.edges.as_deref();
            let at = |j: isize| -> Option<&WordScores> {
                if j < 0 {
                    edges.map(|e| &e.0)
                } else {
                    words.get(j as usize).copied().or(edges.map(|e| &e.1))
                }
            };
            let none = [0; 7];
            // What the word at `j` gives a neighbour, by `part` of its features.
            let from = |j: isize, part: fn(&ByWord) -> &Scores| {
                at(j).map_or(&none, |w| part(self.context(w)))
            };
            // What each token's features other than the tags before it give.
            let fixed = &mut memo.fixed;
            fixed.clear();
            for i in 0..words.len() {
                let ii = i as isize;
                let mut s = self.bias;
                add(&mut s, &words[i].own);
                add(&mut s, from(ii - 1, |w| &w.as_prev));
                add(&mut s, from(ii + 1, |w| &w.as_next));
                if self.groups.ctx2 {
                    add(&mut s, from(ii - 2, |w| &w.as_prev2));
                    add(&mut s, from(ii + 2, |w| &w.as_next2));
                }
                if self.groups.title {
                    if i >= 1 && words[i - 1].title {
                        add(&mut s, &self.title[0]);
                    }
                    if i >= 2 && words[i - 2].title {
                        add(&mut s, &self.title[1]);
                    }
                }
                for (t, &mark) in marks[i].iter().enumerate() {
                    if mark > 0 {
                        add(&mut s, &self.gaz[t][usize::from(mark - 1)]);
                    }
                }
                fixed.push(s);
            }
            // The scores of token `i` after tags `t2`, `t1`.
            let scores_after = |i: usize, t2: usize, t1: usize| {
                let mut s = fixed[i];
                add(&mut s, &self.prev_tag[t1]);
                add(&mut s, &self.prev_tags[t2][t1]);
                if self.groups.tagword {
                    add(&mut s, &self.context(words[i]).after_tag[t1]);
                }
                s
            };
            self.beam_search(&mut memo.beam, words.len(), scores_after, tags);
            // Each tag's margin over the next best allowed one, after the
            // tags chosen before it.
            for i in 0..tags.len() {
                let t1 = if i >= 1 { tags[i - 1].0 } else { START };
                let t2 = if i >= 2 { tags[i - 2].0 } else { START };
                let s = scores_after(i, t2, t1);
                let tag = tags[i].0;
                let second = (0..7)
                    .filter(|&t| t != tag && allowed(t1, t))
                    .map(|t| s[t])
                    .max()
                    .unwrap_or(s[tag]);
                tags[i].1 = s[tag] - second;
            }
        })
    }
}

impl Model {
    /// How many of `words` (from the first) a gazetteer entry of this kind
    /// matches, longest entry first; 0 for none. Words compare as the model's
    /// keys do (Arabic letters, ZWNJ and digits folded).
    pub fn gazetteer_match(&self, kind: NameKind, words: &[&str]) -> usize {
        let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
        self.gazetteers[kind.index()].longest(keys.iter().map(String::as_str), &mut String::new())
    }

    /// Whether the location gazetteer lists `word` as a country.
    pub fn is_country(&self, word: &str) -> bool {
        self.countries.contains(&key(word))
    }

    /// The named entities of `text`, sentence by sentence (`sentences`: byte
    /// ranges of `text`), and the names of two or more tokens its gazetteers
    /// list there.
    pub fn find(&self, lexicon: &Lexicon, text: &str, sentences: &[Range<usize>]) -> Found {
        let mut found = Found::default();
        let mut words: Vec<&str> = Vec::new();
        let mut tags = Vec::new();
        let mut marks = Vec::new();
        for s in sentences {
            let spans: Vec<Range<usize>> = tokenize(&text[s.clone()])
                .into_iter()
                .map(|r| r.start + s.start..r.end + s.start)
                .collect();
            words.clear();
            words.extend(spans.iter().map(|r| &text[r.clone()]));
            self.tag(lexicon, &words, &mut tags, &mut marks);
            found.names.extend(names_of(&spans, &tags));
            found.listed.extend(listed_of(&spans, &marks));
        }
        found.listed.sort_by_key(|l| l.bytes.start);
        found
    }
}

/// The names that `tags` (one per token of `spans`) mark.
fn names_of(spans: &[Range<usize>], tags: &[(usize, i32)]) -> Vec<Named> {
    let mut out = Vec::new();
    let mut open: Option<Named> = None;
    for (r, &(tag, margin)) in spans.iter().zip(tags) {
        let confidence = 1.0 / (1.0 + (-(margin as f32) / 1000.0).exp());
        let continues = tag != 0 && tag % 2 == 0;
        match (&mut open, type_of(tag)) {
            (Some(e), Some(kind)) if continues && e.kind == kind => {
                e.bytes.end = r.end;
                e.confidence = e.confidence.min(confidence);
            }
            (_, None) => out.extend(open.take()),
            (_, Some(kind)) => {
                out.extend(open.take());
                open = Some(Named {
                    kind,
                    bytes: r.clone(),
                    confidence,
                });
            }
        }
    }
    out.extend(open);
    out
}

/// The gazetteer matches of two or more tokens that `marks` (one per token
/// of `spans`: 1 starts a match, 2 goes on with it) mark, kind by kind.
fn listed_of<'a>(
    spans: &'a [Range<usize>],
    marks: &'a [[u8; 3]],
) -> impl Iterator<Item = Listed> + 'a {
    NameKind::ALL.into_iter().flat_map(move |kind| {
        let t = kind.index();
        (0..marks.len()).filter_map(move |i| {
            if marks[i][t] != 1 {
                return None;
            }
            let len = marks[i + 1..].iter().take_while(|m| m[t] == 2).count();
            (len > 0).then(|| Listed {
                kind,
                bytes: spans[i].start..spans[i + len].end,
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tools/ner/parity.py` wrote what the Python tagger finds in these
    /// texts; this one must find the same, name for name.
    #[test]
    fn the_tagger_agrees_with_the_python_one() {
        let fixture = include_str!("../../../tests/data/ner-parity.tsv");
        let model = Model::builtin();
        let mut texts = 0;
        for line in fixture.lines().filter(|l| !l.starts_with('#')) {
            let (text, want) = line.split_once('\t').expect("text<TAB>names");
            // Byte offset → code point offset.
            let points = |b: usize| text[..b].chars().count();
            let whole = 0..text.len();
            let got: Vec<String> = model
                .find(Lexicon::builtin(), text, std::slice::from_ref(&whole))
                .names
                .iter()
                .map(|n| {
                    let kind = TYPES[n.kind.index()];
                    format!("{}-{}-{kind}", points(n.bytes.start), points(n.bytes.end))
                })
                .collect();
            assert_eq!(got.join(" "), want, "{text}");
            texts += 1;
        }
        assert!(texts > 300, "{texts} texts");
    }

    #[test]
    fn the_shipped_model_loads() {
        let m = Model::builtin();
        assert!(m.words.len() > 10_000);
        assert!(m.forms.affixes.iter().all(|t| !t.is_empty()));
        assert!(m.gazetteers[1].starts(&key("تهران")));
        // Foreign first names as Persian news writes them.
        for name in ["ولادیمیر", "آنگلا", "فرانسوا", "سرگئی"] {
            assert!(m.gazetteers[0].starts(&key(name)), "{name}");
        }
    }

    #[test]
    fn keys_and_tokens_follow_the_spec() {
        assert_eq!(key("كتاب‌هاي ۱۲3 ABC"), "کتابهای 000 abc");
        let text = "(تهران)، ...";
        let got: Vec<&str> = tokenize(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["(", "تهران", ")", "،", ".", ".", "."]);
        assert_eq!(shape("ab0ت"), "dfl");
    }

    #[test]
    fn a_model_of_another_version_is_refused() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"# features: ner-features-v0\n# groups: ctx2\nbias\tO\t1\n")
            .expect("write");
        let bytes = gz.finish().expect("gzip");
        assert!(Model::load(&bytes).is_err());
    }

    #[test]
    fn a_decoding_not_implemented_is_refused() {
        use std::io::Write;
        let model = |decoding: &str| {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            write!(
                gz,
                "# features: ner-features-v2\n# groups: ctx2\n{decoding}bias\tO\t1\n"
            )
            .expect("write");
            Model::load(&gz.finish().expect("gzip")).map(|m| m.beam)
        };
        assert_eq!(model(""), Ok(1));
        assert_eq!(model("# decoding: greedy\n"), Ok(1));
        assert_eq!(model("# decoding: beam4\n"), Ok(4));
        for refused in ["viterbi", "beam0", "beam99", "beam"] {
            assert!(
                model(&format!("# decoding: {refused}\n")).is_err(),
                "{refused}"
            );
        }
    }

    /// Names that news writes most plainly, tagged by the shipped model.
    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one sentence, on purpose
    fn tags_plain_news_names() {
        for (text, want) in [
            (
                "علی شمخانی به تهران رفت .",
                vec![
                    (NameKind::Person, "علی شمخانی"),
                    (NameKind::Location, "تهران"),
                ],
            ),
            (
                "سازمان ملل متحد بیانیه داد .",
                vec![(NameKind::Organization, "سازمان ملل متحد")],
            ),
        ] {
            let got: Vec<(NameKind, &str)> = Model::builtin()
                .find(Lexicon::builtin(), text, &[0..text.len()])
                .names
                .into_iter()
                .map(|n| (n.kind, &text[n.bytes]))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
