//! `StreamText` without the transport: one long text arrives in chunks, and the
//! analysis of each sentence comes out once nothing later can change it.
//!
//! The text not yet answered is held in a window. Each time it has grown
//! enough, the window is analyzed as a document of its own; its sentences
//! that are followed by [`LOOKAHEAD`] bytes or more are answered and cut off,
//! and the window starts again at the first token of the next one. What the
//! pipeline decides within a sentence only looks a few words around it, so
//! the window gives those sentences as the whole text would; what it judges
//! from a whole document (the language, how ZWNJ were damaged) is judged once
//! from the stream's beginning and then fixed ([`Judgement`]). Entities,
//! quotes, attributions and keywords are found in each sentence alone.
//!
//! When the window is analyzed depends on the chunks; what it answers does
//! not (a property test checks it against one-chunk streams and `Analyze`).

use super::convert::{self, Numbers, Part, Spans};
use super::{
    check_language, check_settings, panics, pb, ApiError, Checked, Engine, Fault, FieldViolation,
    Settings, Violations,
};
use crate::text::normalize::zwnj::Damage;
use crate::text::normalize::{Judgement, NormalizeOptions};
use crate::text::offsets::Encoding;
use crate::text::sentence::Sentence;
use crate::text::{Analyzer, Features};

/// Bytes of text after a sentence that make it final: more than the widest
/// context any rule reads (ZWNJ joins of three words, protected dates and
/// amounts, closing quotes after the final mark).
pub const LOOKAHEAD: usize = 256;

/// Bytes of answered text kept before the open text, for the rules that read
/// what precedes a word (a Latin comma after a Persian word).
const LOOKBEHIND: usize = 128;

/// Bytes after which the stream is judged from what it has, even if that is
/// short of the language sample or the ZWNJ words (a text of numbers or Latin
/// letters may never have them).
const JUDGE_BY: usize = 64 << 10;

/// One StreamText call's state.
pub struct TextStream {
    analyzer: Analyzer,
    options: NormalizeOptions,
    features: Features,
    wanted: pb::Features,
    encoding: Encoding,
    /// Most bytes of text after the last sentence answered.
    max_open: usize,
    /// The text not answered yet, after some of the text before it.
    window: String,
    /// Where the text not answered yet starts in `window`.
    open: usize,
    /// The window's length when it was last analyzed.
    tried: usize,
    judged: Option<Judgement>,
    /// An error to report once the answers before it are sent.
    failed: Option<ApiError>,
    /// Units of the original and of the normalized text answered so far.
    original_units: u64,
    normalized_units: u64,
    counts: Counted,
    fault: Option<Fault>,
}

/// Sentences, tokens and verb groups answered so far.
#[derive(Clone, Copy, Debug, Default)]
struct Counted {
    sentences: u32,
    tokens: u32,
    verb_groups: u32,
}

impl Engine {
    /// Starts a StreamText call with its first message's settings.
    pub fn stream_text(&self, config: &pb::StreamTextConfig) -> Result<TextStream, ApiError> {
        let mut v = Violations::default();
        let Checked {
            encoding,
            mut options,
            features: mut run,
            wanted,
        } = check_settings(
            Settings {
                features: config.features.as_ref(),
                normalization: config.normalization.as_ref(),
                offset_encoding: config.offset_encoding,
                lemma_style: config.lemma_style,
                split_at_semicolon: config.split_at_semicolon,
                max_keywords: config.max_keywords,
                document_date: &config.document_date,
            },
            "config.",
            &mut v,
        );
        check_language(&config.language_code, "config.language_code", &mut v);
        // Sentences decide where the window is cut, asked for or not.
        run.sentences = true;
        let encoding = v.into_result(encoding)?;
        options.language_code = config.language_code.clone();
        Ok(TextStream {
            analyzer: self.analyzer,
            options,
            features: run,
            wanted,
            encoding,
            max_open: self.limits.max_document_bytes,
            window: String::new(),
            open: 0,
            tried: 0,
            judged: None,
            failed: None,
            original_units: 0,
            normalized_units: 0,
            counts: Counted::default(),
            fault: self.fault.clone(),
        })
    }
}

impl TextStream {
    /// Bytes of text after the last sentence answered.
    fn open_len(&self) -> usize {
        self.window.len() - self.open
    }

    /// Takes the next chunk; returns the sentences it completed.
    pub fn push(&mut self, chunk: &str) -> Result<Vec<pb::StreamTextResponse>, ApiError> {
        if self.append(chunk) {
            self.step()
        } else {
            Ok(Vec::new())
        }
    }

    /// Takes the next chunk; returns whether [`TextStream::step`] is due (the
    /// cheap half of [`TextStream::push`], for the caller to run the costly
    /// half elsewhere).
    pub fn append(&mut self, chunk: &str) -> bool {
        self.window.push_str(chunk);
        // Analyzing the whole window again for every small chunk would cost
        // the square of a long sentence: wait until it has grown by half (and
        // by the lookahead), so each byte is analyzed a few times at most.
        let grown = self.window.len() - self.tried;
        grown >= LOOKAHEAD.max(self.tried / 2)
            || self.open_len() > self.max_open + LOOKAHEAD
            || self.failed.is_some()
    }

    /// Analyzes the window; returns the sentences completed. Past the limit
    /// of open text, fails, once the sentences before are answered.
    pub fn step(&mut self) -> Result<Vec<pb::StreamTextResponse>, ApiError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let out = self.answer_caught(false)?;
        if self.open_len() > self.max_open + LOOKAHEAD {
            let e = ApiError::InvalidArgument(vec![FieldViolation {
                field: "text".into(),
                description: format!(
                    "no sentence ends in the {} bytes after the last one answered; a sentence may \
                     be at most {} bytes (max_document_bytes)",
                    self.open_len(),
                    self.max_open
                ),
            }]);
            if out.is_empty() {
                return Err(e);
            }
            self.failed = Some(e);
        }
        Ok(out)
    }

    /// The client closed its side: answers the rest.
    pub fn finish(&mut self) -> Result<Vec<pb::StreamTextResponse>, ApiError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.answer_caught(true)
    }

    /// [`TextStream::answer`], a panic inside it an error. The stream is not
    /// to be used after one (its window may be half cut).
    fn answer_caught(&mut self, end: bool) -> Result<Vec<pb::StreamTextResponse>, ApiError> {
        panics::catch(|| {
            Fault::strike(self.fault.as_ref(), &self.window);
            self.answer(end)
        })?
    }

    /// Analyzes the window and answers its final sentences (all of them at the
    /// end of the stream), then cuts them off.
    fn answer(&mut self, end: bool) -> Result<Vec<pb::StreamTextResponse>, ApiError> {
        self.tried = self.window.len();
        if self.window.len() == self.open {
            return Ok(Vec::new());
        }
        let judge_by = JUDGE_BY.min(self.max_open);
        if self.judged.is_none() && self.window.len() > judge_by {
            // Judged from the stream's first bytes, however they came; a
            // damage judged from no words is none seen.
            let mut at = judge_by;
            while !self.window.is_char_boundary(at) {
                at -= 1;
            }
            let n = self
                .analyzer
                .normalize(&self.window[..at], &self.options, false);
            self.judged = Some(Judgement {
                damage: n.judgement.damage.or(Some(Damage::Unknown)),
                repaired: n.judgement.repaired.or(Some(Damage::Unknown)),
                ..n.judgement
            });
        }
        let mut a = self
            .analyzer
            .prepare(&self.window, &self.options, self.features, self.judged);
        if self.judged.is_none() {
            if !a.normalized.settled && !end {
                // Judged from too little text yet: more could change it.
                return Ok(Vec::new());
            }
            self.judged = Some(a.normalized.judgement);
        }
        // The sentences from the first token of the open text on. The one it
        // is in starts there, whatever the context before it made of it.
        let first_token = a
            .tokens
            .partition_point(|t| a.normalized.original_range(t.bytes.clone()).start < self.open);
        if first_token == a.tokens.len() {
            if end {
                // Nothing but spaces and invisible characters: no sentence.
                self.window.clear();
                self.open = 0;
            }
            return Ok(Vec::new());
        }
        let mut first = a.sentences.partition_point(|s| s.tokens.end <= first_token);
        if a.sentences[first].tokens.start < first_token {
            let end = a.sentences[first].tokens.end;
            a.sentences[first].tokens.end = first_token;
            first += 1;
            a.sentences.insert(
                first,
                Sentence {
                    tokens: first_token..end,
                },
            );
        }
        let n = &a.normalized;
        // Where each sentence starts: in the window, in its normalized text.
        let starts: Vec<(usize, usize)> = a
            .sentences
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let t = &a.tokens[s.tokens.start];
                match (k == first, self.open) {
                    // The stream's first sentence has what precedes it.
                    (true, 0) => (0, 0),
                    // The open text starts where the last answer ended.
                    (true, open) => (open, t.bytes.start),
                    _ => (n.original_range(t.bytes.clone()).start, t.bytes.start),
                }
            })
            .collect();
        let last = if end {
            a.sentences.len()
        } else {
            // Sentence k - 1 is final when LOOKAHEAD bytes follow the start
            // of sentence k.
            (first + 1..a.sentences.len())
                .rev()
                .find(|&k| self.window.len() - starts[k].0 >= LOOKAHEAD)
                .unwrap_or(first)
        };
        if last == first {
            return Ok(Vec::new());
        }
        let cut = if last == a.sentences.len() {
            (self.window.len(), n.text().len())
        } else {
            starts[last]
        };
        let found: Vec<_> = (first..last)
            .map(|s| self.analyzer.extract(&a, s..s + 1, self.features))
            .collect();
        self.analyzer.finish(&self.window, &mut a, self.features);
        let spans = Spans::new(&self.window, &a.normalized, self.encoding);
        let units = |b: (usize, usize)| {
            (
                u64::from(spans.original_units(b.0)),
                u64::from(spans.normalized_units(b.1)),
            )
        };
        let (open_units, open_normalized) = units(starts[first]);
        let (cut_units, cut_normalized) = units(cut);
        let total = self.original_units + cut_units.saturating_sub(open_units);
        let total_normalized =
            self.normalized_units + cut_normalized.saturating_sub(open_normalized);
        if total.max(total_normalized) > u64::from(u32::MAX) {
            return Err(ApiError::OutOfRange(
                "the stream is longer than spans can count (2^32 units); start a new one".into(),
            ));
        }
        let spans = spans.shifted(
            self.original_units.saturating_sub(open_units) as u32,
            self.normalized_units.saturating_sub(open_normalized) as u32,
        );
        // Verb groups are numbered in text order: those before each sentence
        // in the window.
        let group_before = |token: usize| {
            a.verb_groups[..token.min(a.verb_groups.len())]
                .iter()
                .copied()
                .max()
                .unwrap_or(0)
        };
        let edits = &a.normalized.edits;
        // An edit belongs to the sentence its original text is in; an
        // insertion where a sentence starts, to the one before.
        let before =
            |e: &std::ops::Range<usize>, at: usize| e.start < at || (e.start == at && e.is_empty());
        let mut next_edit = match self.open {
            0 => 0,
            open => edits.partition_point(|e| before(&e.original, open)),
        };
        let mut out = Vec::with_capacity(last - first);
        for (s, found) in (first..last).zip(&found) {
            let next = if s + 1 == last { cut } else { starts[s + 1] };
            let first_edit = next_edit;
            while next_edit < edits.len()
                && (end && s + 1 == last || before(&edits[next_edit].original, next.0))
            {
                next_edit += 1;
            }
            let part = Part {
                sentences: s..s + 1,
                original: starts[s].0..next.0,
                normalized: starts[s].1..next.1,
                edits: first_edit..next_edit,
                numbers: Numbers {
                    sentences: i64::from(self.counts.sentences) - first as i64,
                    tokens: i64::from(self.counts.tokens) - first_token as i64,
                    verb_groups: i64::from(self.counts.verb_groups)
                        - i64::from(group_before(a.sentences[first].tokens.start)),
                },
            };
            let found = convert::Found {
                entities: &found.entities,
                keywords: &found.keywords,
                quotes: &found.quotes,
                attributions: &found.attributions,
            };
            out.push(pb::StreamTextResponse {
                sentence_index: self.counts.sentences + (s - first) as u32,
                analysis: Some(convert::part(
                    &self.window,
                    &a,
                    &part,
                    &found,
                    &spans,
                    &self.wanted,
                )),
            });
        }
        let last_token = a.sentences[last - 1].tokens.end;
        self.counts.sentences += (last - first) as u32;
        self.counts.tokens += (last_token - first_token) as u32;
        self.counts.verb_groups +=
            group_before(last_token) - group_before(a.sentences[first].tokens.start);
        self.original_units = total;
        self.normalized_units = total_normalized;
        // Keep some text before the open text: the rules that read what
        // precedes a word need it there as in the whole text. It starts
        // after a space, with a word, as text does.
        let mut keep = cut.0.saturating_sub(LOOKBEHIND);
        while !self.window.is_char_boundary(keep) {
            keep -= 1;
        }
        if let Some((at, c)) = self.window[keep..cut.0]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            keep += at + c.len_utf8();
        }
        if end {
            keep = cut.0;
        }
        self.window.drain(..keep);
        self.open = cut.0 - keep;
        self.tried = self.window.len();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Limits;

    #[test]
    fn a_stream_past_what_spans_can_count_is_out_of_range() {
        let engine = Engine::new(crate::config::Settings::default().limits);
        let mut s = engine
            .stream_text(&pb::StreamTextConfig::default())
            .expect("config");
        // As if 4 GiB had been answered already.
        s.original_units = u64::from(u32::MAX) - 10;
        s.normalized_units = u64::from(u32::MAX) - 10;
        let err = s
            .push(&"سلام دنیا. ".repeat(100))
            .and_then(|_| s.finish())
            .expect_err("past u32");
        assert!(matches!(err, ApiError::OutOfRange(_)), "{err:?}");
    }

    #[test]
    fn sentences_before_a_run_on_one_are_answered_before_its_error() {
        let engine = Engine::new(Limits {
            max_document_bytes: 1024,
            ..crate::config::Settings::default().limits
        });
        let mut s = engine
            .stream_text(&pb::StreamTextConfig {
                language_code: "fa".into(),
                ..Default::default()
            })
            .expect("config");
        let text = format!("{}{}", "این جمله است.\n".repeat(40), "واژه ".repeat(400));
        let answered = s.push(&text).expect("the sentences first");
        assert_eq!(answered.len(), 40);
        assert!(matches!(s.finish(), Err(ApiError::InvalidArgument(_))));
    }
}
