//! Keywords and key phrases of one document, scored without any corpus
//! statistics (YAKE-style: Campos et al., 2020).
//!
//! Candidates are runs of one to three content words inside a sentence:
//! words that are not stopwords, verbs, numbers or punctuation, so a phrase
//! never crosses a comma, a verb or a date (`مناطق کاهش تنش`). Words are compared by
//! lemma, so `تروریست‌ها` and `تروریست` count as one. A phrase of several
//! words must occur twice, except in a text of a few sentences.
//!
//! Each word gets a score from what the document says about it: frequency,
//! how early it first appears, how many sentences it is spread over and how
//! many different words surround it (a word next to many different words is
//! a function-like word, not a topic). Lower is better; a phrase's score is
//! the product of its words' divided by its frequency and their sum, so a
//! phrase that recurs whole beats its words alone. Scores reported are
//! relative to the best phrase: 1 for it, smaller for the rest.
//!
//! Why this and not TextRank: it needs no graph iteration (one pass, linear
//! in the text), behaves on short texts, and its features are the ones that
//! carry news topics (early, frequent, spread).

use crate::extract::document::Document;
use crate::script::digit_value;
use crate::token::TokenKind;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// A keyword or phrase: its text as first written (normalized), relevance in
/// (0, 1] and where it occurs (bytes of the normalized text).
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub phrase: String,
    pub score: f32,
    pub mentions: Vec<Range<usize>>,
}

/// The longest phrase, in words.
const MAX_WORDS: usize = 3;

/// Texts with fewer sentences take phrases said once.
const SHORT_TEXT: usize = 4;

/// Per word (by lemma): what the document says about it.
#[derive(Default)]
struct Stats {
    count: usize,
    /// The sentences it is in: where its run starts in the list of (word,
    /// sentence) pairs of [`word_stats`], and how many.
    sentences_at: usize,
    sentences: usize,
    /// Occurrences with a word before / after it in the sentence, and how
    /// many different words those are.
    left: usize,
    right: usize,
    left_distinct: usize,
    right_distinct: usize,
}

/// A phrase that may be a keyword: a run of words said in the document.
struct Candidate {
    key: Key,
    count: usize,
    score: f64,
}

/// The best `max` keywords of `doc`, most relevant first.
///
/// A token is a word here if it is a word token of two letters or more with
/// a content lemma (no verb, no number), and no stopword, no part of a value
/// (dates, times, amounts) or of a multi-word verb (`برگزار شد`).
pub fn find(doc: &Document, max: usize) -> Vec<Keyword> {
    if max == 0 || doc.info.len() != doc.tokens.len() {
        return Vec::new();
    }
    let (id_of, n_words) = word_ids(doc);
    let (stats, in_sentences) = word_stats(doc, &id_of, n_words);
    let Some(word_score) = word_scores(&stats, &in_sentences, doc.sentences.len()) else {
        return Vec::new();
    };
    let (mut candidates, occurrences) = candidates(doc, &id_of);
    for c in &mut candidates {
        let scores = c.key.words().iter().map(|&id| word_score[id as usize]);
        let product: f64 = scores.clone().product();
        let sum: f64 = scores.sum();
        c.score = product / (c.count as f64 * (1.0 + sum));
    }
    // A phrase said once is often words that only meet there (a headline's
    // `ویژه پوتین دیدار`); a phrase must recur to be one, unless the text
    // is too short for anything to recur.
    let recur = if doc.sentences.len() >= SHORT_TEXT {
        2
    } else {
        1
    };
    let chosen = choose(&candidates, recur, max);
    keywords(doc.text, &candidates, &chosen, occurrences)
}

/// Per token, the id of its word (by lemma) if it can be in a phrase; and
/// how many words there are.
fn word_ids(doc: &Document) -> (Vec<Option<u32>>, usize) {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let id_of = doc
        .tokens
        .iter()
        .zip(doc.info)
        .map(|(t, w)| {
            let lemma = w.lemma.filter(|&l| {
                t.kind == TokenKind::Word
                    && !w.stopword
                    && !w.in_verb_group
                    && !w.in_value
                    && is_content(l)
            })?;
            if doc.text[t.bytes.clone()].chars().count() < 2 {
                return None;
            }
            let next = ids.len() as u32;
            Some(*ids.entry(lemma).or_insert(next))
        })
        .collect();
    (id_of, ids.len())
}

/// Each word's statistics, and the (word, sentence) pairs sorted by word
/// then sentence, without repeats.
fn word_stats(
    doc: &Document,
    id_of: &[Option<u32>],
    n_words: usize,
) -> (Vec<Stats>, Vec<(u32, u32)>) {
    let mut stats: Vec<Stats> = (0..n_words).map(|_| Stats::default()).collect();
    // (word, sentence) of each occurrence, and (word, side, neighbour) of
    // each neighbour; sorted and deduplicated below (cheaper than sets).
    let mut in_sentences: Vec<(u32, u32)> = Vec::with_capacity(id_of.len());
    let mut pairs: Vec<u64> = Vec::with_capacity(2 * id_of.len());
    for (si, s) in doc.sentences.iter().enumerate() {
        for i in s.tokens.clone() {
            let Some(id) = id_of[i] else { continue };
            let st = &mut stats[id as usize];
            st.count += 1;
            in_sentences.push((id, si as u32));
            // Neighbours: the word ids next to it, or a mark for a
            // non-content neighbour (each different one counts).
            let neighbour = |k: usize| -> u64 {
                u64::from(match id_of[k] {
                    Some(id) => id,
                    None => u32::MAX - (k % 64) as u32,
                })
            };
            let pair = |side: u64, k: usize| u64::from(id) << 33 | side << 32 | neighbour(k);
            if i > s.tokens.start {
                st.left += 1;
                pairs.push(pair(0, i - 1));
            }
            if i + 1 < s.tokens.end {
                st.right += 1;
                pairs.push(pair(1, i + 1));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    for p in &pairs {
        let st = &mut stats[(p >> 33) as usize];
        if p >> 32 & 1 == 0 {
            st.left_distinct += 1;
        } else {
            st.right_distinct += 1;
        }
    }
    // By word, then sentence (already in order within a word).
    in_sentences.sort_by_key(|&(id, _)| id);
    in_sentences.dedup();
    let mut at = 0;
    while at < in_sentences.len() {
        let id = in_sentences[at].0;
        let len = in_sentences[at..].partition_point(|&(w, _)| w == id);
        let st = &mut stats[id as usize];
        st.sentences_at = at;
        st.sentences = len;
        at += len;
    }
    (stats, in_sentences)
}

/// Each word's score (lower is better; infinite for a word never counted),
/// or `None` if no word was.
fn word_scores(
    stats: &[Stats],
    in_sentences: &[(u32, u32)],
    n_sentences: usize,
) -> Option<Vec<f64>> {
    let n_sentences = n_sentences.max(1) as f64;
    let counts: Vec<f64> = stats
        .iter()
        .map(|s| s.count as f64)
        .filter(|&c| c > 0.0)
        .collect();
    if counts.is_empty() {
        return None;
    }
    let mean = counts.iter().sum::<f64>() / counts.len() as f64;
    let sd = (counts.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / counts.len() as f64).sqrt();
    let max_count = counts.iter().cloned().fold(1.0, f64::max);
    let share = |distinct: usize, n: usize| {
        if n == 0 {
            0.0
        } else {
            distinct as f64 / n as f64
        }
    };
    let score = |s: &Stats| {
        if s.count == 0 {
            return f64::INFINITY;
        }
        let tf = s.count as f64;
        let rel = 1.0
            + (share(s.left_distinct, s.left) + share(s.right_distinct, s.right)) * tf / max_count;
        let median = in_sentences[s.sentences_at + s.sentences / 2].1 as f64;
        let pos = (3.0 + median).ln().ln();
        let freq = tf / (mean + sd);
        let spread = s.sentences as f64 / n_sentences;
        rel * pos / (freq / rel + spread / rel)
    };
    Some(stats.iter().map(score).collect())
}

/// Every run of one to [`MAX_WORDS`] words inside a sentence, by its word
/// sequence in order of first occurrence; and (candidate, bytes) of every
/// occurrence.
fn candidates(
    doc: &Document,
    id_of: &[Option<u32>],
) -> (Vec<Candidate>, Vec<(usize, Range<usize>)>) {
    let mut occurrences: Vec<(usize, Range<usize>)> = Vec::new();
    let mut index: FxHashMap<Key, usize> = FxHashMap::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    for s in doc.sentences {
        for i in s.tokens.clone() {
            let mut key = Key::default();
            for end in i + 1..=(i + MAX_WORDS).min(s.tokens.end) {
                let Some(id) = id_of[end - 1] else { break };
                key.words[key.len] = id;
                key.len += 1;
                let k = *index.entry(key).or_insert_with(|| {
                    candidates.push(Candidate {
                        key,
                        count: 0,
                        score: 0.0,
                    });
                    candidates.len() - 1
                });
                candidates[k].count += 1;
                occurrences.push((k, doc.bytes(i..end)));
            }
        }
    }
    (candidates, occurrences)
}

/// The best `max` candidates (indexes), best first: a phrase of several
/// words only if said at least `recur` times, none inside another chosen.
fn choose(candidates: &[Candidate], recur: usize, max: usize) -> Vec<usize> {
    // Best first; ties in text order (the sort is stable).
    let mut ranked: Vec<usize> = (0..candidates.len())
        .filter(|&k| candidates[k].key.len == 1 || candidates[k].count >= recur)
        .collect();
    ranked.sort_by(|&a, &b| candidates[a].score.total_cmp(&candidates[b].score));
    let mut chosen: Vec<usize> = Vec::new();
    for k in ranked {
        if chosen.len() == max {
            break;
        }
        let key = candidates[k].key;
        // A phrase inside a chosen one says nothing more.
        if chosen
            .iter()
            .any(|&c| contains(candidates[c].key.words(), key.words()))
        {
            continue;
        }
        // A chosen word or phrase said only inside this one (`خام` of
        // `نفت خام`) gives it its place.
        let count = candidates[k].count;
        chosen.retain(|&c| {
            !(contains(key.words(), candidates[c].key.words()) && candidates[c].count == count)
        });
        chosen.push(k);
    }
    chosen
}

/// The chosen candidates as keywords: scored relative to the best, with
/// their mentions, written as first said.
fn keywords(
    text: &str,
    candidates: &[Candidate],
    chosen: &[usize],
    occurrences: Vec<(usize, Range<usize>)>,
) -> Vec<Keyword> {
    let best = chosen
        .iter()
        .map(|&k| candidates[k].score)
        .fold(f64::INFINITY, f64::min);
    let mut out: Vec<Keyword> = chosen
        .iter()
        .map(|&k| {
            let c = &candidates[k];
            Keyword {
                phrase: String::new(),
                score: if c.score > 0.0 {
                    (best / c.score) as f32
                } else {
                    1.0
                },
                mentions: Vec::with_capacity(c.count),
            }
        })
        .collect();
    for (k, bytes) in occurrences {
        if let Some(o) = chosen.iter().position(|&c| c == k) {
            out[o].mentions.push(bytes);
        }
    }
    for k in &mut out {
        k.phrase = text[k.mentions[0].clone()].to_string();
    }
    out
}

/// A phrase as its words' ids.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Key {
    len: usize,
    words: [u32; MAX_WORDS],
}

impl Key {
    fn words(&self) -> &[u32] {
        &self.words[..self.len]
    }
}

/// Whether `needle` is a run of `hay`.
fn contains(hay: &[u32], needle: &[u32]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A lemma that can be a keyword: not a verb (`past#present`), not a number.
fn is_content(lemma: &str) -> bool {
    !lemma.contains('#') && !lemma.chars().any(|c| digit_value(c).is_some())
}

#[cfg(test)]
mod tests {
    use crate::Features;

    fn keywords(text: &str, max: usize) -> Vec<(String, usize)> {
        let features = Features {
            keywords: max,
            ..Features::ALL
        };
        let a = crate::analyze_for_test(text, features);
        a.keywords
            .iter()
            .map(|k| (k.phrase.clone(), k.mentions.len()))
            .collect()
    }

    #[test]
    fn recurring_topics_rank_first_and_a_word_said_only_in_a_phrase_gives_way() {
        let text = "بازار نفت امروز آرام بود. قیمت نفت خام در بازار جهانی کاهش یافت. \
                    کارشناسان می‌گویند قیمت نفت خام تا پایان سال پایین می‌ماند. \
                    تولید نفت در خلیج فارس افزایش یافته است. \
                    صادرات نفت خام ایران هم بیشتر شد.";
        let got = keywords(text, 3);
        assert_eq!(
            got,
            [
                ("نفت".to_string(), 5),
                ("نفت خام".to_string(), 3),
                ("قیمت نفت خام".to_string(), 2)
            ]
        );
    }

    #[test]
    fn scores_fall_from_one_and_max_is_kept() {
        let text = "تیم ملی فوتبال ایران امروز به تهران رسید. تیم ملی فردا تمرین می‌کند. \
                    بازیکنان تیم ملی آماده‌اند. سرمربی تیم ملی از بازیکنان راضی است.";
        let features = Features {
            keywords: 4,
            ..Features::ALL
        };
        let a = crate::analyze_for_test(text, features);
        assert_eq!(a.keywords.len(), 4);
        assert_eq!(a.keywords[0].score, 1.0);
        assert!(a.keywords.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(keywords("", 4).is_empty());
        assert!(keywords("و از به در", 4).is_empty());
    }
}
