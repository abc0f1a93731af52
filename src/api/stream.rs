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

use super::convert::{self, Excerpt, IndexShift, Spans};
use super::{
    check_language, check_settings, panics, pb, ApiError, Checked, Engine, Fault, FieldViolation,
    Settings, Violations,
};
use crate::text::normalize::zwnj::Damage;
use crate::text::normalize::{Judgement, NormalizeOptions};
use crate::text::offsets::Encoding;
use crate::text::sentence::Sentence;
use crate::text::{Analysis, Analyzer, Features};
use std::ops::Range;

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
        let out = self.final_sentences_caught(false)?;
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
        self.final_sentences_caught(true)
    }

    /// [`TextStream::final_sentences`], a panic inside it an error. The stream
    /// is not to be used after one (its window may be half cut).
    fn final_sentences_caught(
        &mut self,
        end: bool,
    ) -> Result<Vec<pb::StreamTextResponse>, ApiError> {
        panics::catch(|| {
            Fault::strike(self.fault.as_ref(), &self.window);
            self.final_sentences(end)
        })?
    }

    /// Analyzes the window and answers its final sentences (all of them at the
    /// end of the stream), then cuts them off.
    fn final_sentences(&mut self, end: bool) -> Result<Vec<pb::StreamTextResponse>, ApiError> {
        self.tried = self.window.len();
        if self.window.len() == self.open {
            return Ok(Vec::new());
        }
        self.judge_start();
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
        let Some(first_token) = self.open_token(&a) else {
            if end {
                // Nothing but spaces and invisible characters: no sentence.
                self.window.clear();
                self.open = 0;
            }
            return Ok(Vec::new());
        };
        let first = split_sentence_at(&mut a, first_token);
        let starts = self.sentence_starts(&a, first);
        let last = self.last_final(&starts, first, end);
        if last == first {
            return Ok(Vec::new());
        }
        let cut = match starts.get(last) {
            Some(&start) => start,
            None => (self.window.len(), a.normalized.text().len()),
        };
        let answered = Answered {
            first_token,
            sentences: first..last,
            starts,
            cut,
        };
        let out = self.responses(&mut a, &answered, end)?;
        self.cut_off(cut.0, end);
        Ok(out)
    }

    /// Judges the damage of the stream from its first [`JUDGE_BY`] bytes,
    /// once there are that many; a damage judged from no words is none seen.
    fn judge_start(&mut self) {
        let judge_by = JUDGE_BY.min(self.max_open);
        if self.judged.is_some() || self.window.len() <= judge_by {
            return;
        }
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

    /// The first token of the open text in analysis `a` of the window, if any.
    fn open_token(&self, a: &Analysis) -> Option<usize> {
        let first = a
            .tokens
            .partition_point(|t| a.normalized.original_range(t.bytes.clone()).start < self.open);
        (first < a.tokens.len()).then_some(first)
    }

    /// Where each sentence of `a` starts: in the window, in its normalized
    /// text. Sentence `first` is the first of the open text.
    fn sentence_starts(&self, a: &Analysis, first: usize) -> Vec<(usize, usize)> {
        let n = &a.normalized;
        a.sentences
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
            .collect()
    }

    /// The end of the final sentences from `first` on: all at the end of the
    /// stream; else sentence k - 1 is final when [`LOOKAHEAD`] bytes follow
    /// the start of sentence k.
    fn last_final(&self, starts: &[(usize, usize)], first: usize, end: bool) -> usize {
        if end {
            return starts.len();
        }
        (first + 1..starts.len())
            .rev()
            .find(|&k| self.window.len() - starts[k].0 >= LOOKAHEAD)
            .unwrap_or(first)
    }

    /// The responses for the `answered` sentences of `a`, one a sentence;
    /// adds them to the stream's counts.
    fn responses(
        &mut self,
        a: &mut Analysis,
        answered: &Answered,
        end: bool,
    ) -> Result<Vec<pb::StreamTextResponse>, ApiError> {
        let Answered {
            first_token,
            sentences: ref range,
            ref starts,
            cut,
        } = *answered;
        let found: Vec<_> = range
            .clone()
            .map(|s| self.analyzer.extract(a, s..s + 1, self.features))
            .collect();
        self.analyzer.finish(&self.window, a, self.features);
        let (spans, units) = self.stream_spans(a, starts[range.start], cut)?;
        // Verb groups are numbered in text order: those before each sentence
        // in the window.
        let group_before = |token: usize| {
            a.verb_groups[..token.min(a.verb_groups.len())]
                .iter()
                .copied()
                .max()
                .unwrap_or(0)
        };
        let first_group = group_before(a.sentences[range.start].tokens.start);
        let shift = IndexShift {
            sentences: i64::from(self.counts.sentences) - range.start as i64,
            tokens: i64::from(self.counts.tokens) - first_token as i64,
            verb_groups: i64::from(self.counts.verb_groups) - i64::from(first_group),
        };
        let edits = self.edit_ranges(a, answered, end);
        let mut out = Vec::with_capacity(range.len());
        for ((s, found), edits) in range.clone().zip(&found).zip(edits) {
            let next = answered.end_of(s);
            let excerpt = Excerpt {
                sentences: s..s + 1,
                original: starts[s].0..next.0,
                normalized: starts[s].1..next.1,
                edits,
                shift,
            };
            let found = convert::ExtractedRef {
                entities: &found.entities,
                keywords: &found.keywords,
                quotes: &found.quotes,
                attributions: &found.attributions,
            };
            out.push(pb::StreamTextResponse {
                sentence_index: self.counts.sentences + (s - range.start) as u32,
                analysis: Some(convert::excerpt_response(
                    &self.window,
                    a,
                    &excerpt,
                    &found,
                    &spans,
                    &self.wanted,
                )),
            });
        }
        let last_token = a.sentences[range.end - 1].tokens.end;
        self.counts.sentences += range.len() as u32;
        self.counts.tokens += (last_token - first_token) as u32;
        self.counts.verb_groups += group_before(last_token) - first_group;
        (self.original_units, self.normalized_units) = units;
        Ok(out)
    }

    /// Spans of analysis `a` counted from the start of the stream, whose
    /// open text starts at `open` and is answered up to `cut` (bytes in the
    /// window, in the normalized text); and the stream's length in units,
    /// original and normalized, once they are answered.
    fn stream_spans<'a>(
        &'a self,
        a: &'a Analysis,
        open: (usize, usize),
        cut: (usize, usize),
    ) -> Result<(Spans<'a>, (u64, u64)), ApiError> {
        let spans = Spans::new(&self.window, &a.normalized, self.encoding);
        let units = |b: (usize, usize)| {
            (
                u64::from(spans.original_units(b.0)),
                u64::from(spans.normalized_units(b.1)),
            )
        };
        let (open_units, open_normalized) = units(open);
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
        Ok((spans, (total, total_normalized)))
    }

    /// The edits of each answered sentence, as indexes into `a`'s list. An
    /// edit belongs to the sentence its original text is in; an insertion
    /// where a sentence starts, to the one before; at the end of the stream
    /// the last sentence takes the rest.
    fn edit_ranges(&self, a: &Analysis, answered: &Answered, end: bool) -> Vec<Range<usize>> {
        let edits = &a.normalized.edits;
        let before = |e: &Range<usize>, at: usize| e.start < at || (e.start == at && e.is_empty());
        let mut next_edit = match self.open {
            0 => 0,
            open => edits.partition_point(|e| before(&e.original, open)),
        };
        let range = &answered.sentences;
        range
            .clone()
            .map(|s| {
                let last = s + 1 == range.end;
                let next = answered.end_of(s);
                let first_edit = next_edit;
                while next_edit < edits.len()
                    && (end && last || before(&edits[next_edit].original, next.0))
                {
                    next_edit += 1;
                }
                first_edit..next_edit
            })
            .collect()
    }

    /// Cuts the answered text (up to byte `cut` of the window) off, keeping
    /// some text before the open text: the rules that read what precedes a
    /// word need it there as in the whole text. What is kept starts after a
    /// space, with a word, as text does. At the end of the stream nothing is
    /// kept.
    fn cut_off(&mut self, cut: usize, end: bool) {
        let mut keep = cut.saturating_sub(LOOKBEHIND);
        while !self.window.is_char_boundary(keep) {
            keep -= 1;
        }
        if let Some((at, c)) = self.window[keep..cut]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            keep += at + c.len_utf8();
        }
        if end {
            keep = cut;
        }
        self.window.drain(..keep);
        self.open = cut - keep;
        self.tried = self.window.len();
    }
}

/// The sentences of an analysis of the window answered now.
struct Answered {
    /// The first token of the open text.
    first_token: usize,
    /// The answered sentences of the analysis; the first starts at `first_token`.
    sentences: Range<usize>,
    /// Where each sentence of the analysis starts: in the window, in its
    /// normalized text.
    starts: Vec<(usize, usize)>,
    /// Where the answered text ends: in the window, in the normalized text.
    cut: (usize, usize),
}

impl Answered {
    /// Where answered sentence `s` ends: where the next starts, or the cut.
    fn end_of(&self, s: usize) -> (usize, usize) {
        if s + 1 == self.sentences.end {
            self.cut
        } else {
            self.starts[s + 1]
        }
    }
}

/// Splits the sentence of `a` that token `first_token` is inside of, so that
/// a sentence starts there (whatever the context before made of it); returns
/// that sentence's index.
fn split_sentence_at(a: &mut Analysis, first_token: usize) -> usize {
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
    first
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
