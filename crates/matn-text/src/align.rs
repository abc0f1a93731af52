//! Text that remembers where each of its characters came from.
//!
//! Normalization never loses the original. Its working text ([`WorkingText`]) is UTF-8
//! with a sparse alignment: one segment per stretch copied unchanged (byte for
//! byte) and one per replacement (every character of it stands for the whole
//! replaced range of the original; an insertion stands for an empty range), plus
//! the protected spans as byte ranges. A step rewrites it through a [`Rewriter`],
//! which copies unchanged stretches whole, carries the alignment along and
//! records an [`Edit`] for every change, so an idle step costs one scan.
//!
//! Tokenizing and analysis work on the same UTF-8 text: tokens are byte ranges
//! of it, mapped back to the original through the segments only when reported.

use crate::rules::Rule;
use std::ops::Range;

/// The kinds of span that normalization leaves alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProtectedKind {
    Url,
    Email,
    Mention,
    Hashtag,
    /// A number written with digits (with , ٬ . ٫ separators).
    Number,
    /// A date written with digits (۱۴۰۲/۰۵/۱۲, 2023-05-20).
    Date,
    /// A time written with digits (12:30, ۱۰:۳۰:۰۰).
    Time,
    /// An emoji with its modifiers and joiners.
    Emoji,
}

impl ProtectedKind {
    /// Whether the `digits` step may convert the digits inside.
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Number | Self::Date | Self::Time)
    }
}

/// One change made by a normalization rule, located on the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range of the original text that was replaced (empty: an insertion).
    pub original: Range<usize>,
    /// What the rule wrote in its place (empty: a deletion).
    pub replacement: String,
    /// The rule's stable id, e.g. `letters.arabic_yeh`.
    pub rule: Rule,
}

/// One stretch of the working text and the original bytes it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// Byte range of the working text.
    out: (u32, u32),
    /// Byte range of the original text.
    orig: (u32, u32),
    /// Copied unchanged from the original: byte `k` of the stretch is original
    /// byte `orig.0 + k`. Otherwise every character stands for all of `orig`.
    identity: bool,
}

impl Segment {
    /// Original byte range of the character of `len` bytes at working byte `b`
    /// (inside this segment).
    fn origin(&self, b: u32, len: u32) -> (u32, u32) {
        if self.identity {
            let s = self.orig.0 + (b - self.out.0);
            (s, s + len)
        } else {
            self.orig
        }
    }
}

/// The working text of normalization: UTF-8 with a sparse alignment to the
/// original (one `Segment` per unchanged stretch or replacement, not one entry
/// per character) and the protected spans as byte ranges.
#[derive(Clone, Debug, Default)]
pub struct WorkingText {
    text: String,
    /// Tile `text` in order; consecutive identity stretches are merged.
    segments: Vec<Segment>,
    /// Protected spans in bytes of `text`, in order and disjoint.
    protected: Vec<(Range<u32>, ProtectedKind)>,
    original_len: u32,
}

impl WorkingText {
    /// Wraps an original text with its protected spans (byte ranges of `text`).
    pub fn new(
        text: &str,
        protected: impl IntoIterator<Item = (Range<usize>, ProtectedKind)>,
    ) -> WorkingText {
        let n = text.len() as u32;
        WorkingText {
            text: text.to_string(),
            segments: if n > 0 {
                vec![Segment {
                    out: (0, n),
                    orig: (0, n),
                    identity: true,
                }]
            } else {
                Vec::new()
            },
            protected: protected
                .into_iter()
                .filter(|(r, _)| r.start < r.end)
                .map(|(r, k)| (r.start as u32..r.end as u32, k))
                .collect(),
            original_len: n,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The protected spans, in bytes of the working text.
    pub fn protected(&self) -> impl Iterator<Item = (Range<usize>, ProtectedKind)> + '_ {
        self.protected
            .iter()
            .map(|(r, k)| (r.start as usize..r.end as usize, *k))
    }

    /// The protected kind of the character at byte `b`, if any.
    pub fn kind_at(&self, b: usize) -> Option<ProtectedKind> {
        let b = b as u32;
        let i = self.protected.partition_point(|(r, _)| r.end <= b);
        self.protected
            .get(i)
            .filter(|(r, _)| r.start <= b)
            .map(|(_, k)| *k)
    }

    /// Whether the character at byte `b` is free to change (past the end: no).
    pub fn is_free(&self, b: usize) -> bool {
        b < self.text.len() && self.kind_at(b).is_none()
    }

    /// A cheap [`WorkingText::is_free`] for byte positions asked in increasing order
    /// or near one another.
    pub fn free_cursor(&self) -> FreeCursor<'_> {
        FreeCursor {
            spans: &self.protected,
            k: 0,
            len: self.text.len(),
        }
    }

    /// The character starting at byte `b`.
    pub fn char_at(&self, b: usize) -> Option<char> {
        self.text.get(b..).and_then(|s| s.chars().next())
    }

    /// The character ending at byte `b`.
    pub fn char_before(&self, b: usize) -> Option<char> {
        self.text.get(..b).and_then(|s| s.chars().next_back())
    }

    /// Index of the segment holding byte `b` (`b` < len).
    fn segment_at(&self, b: u32) -> usize {
        self.segments.partition_point(|g| g.out.1 <= b)
    }

    /// Original byte range of the character starting at byte `b`.
    fn origin_at(&self, b: usize) -> (u32, u32) {
        let len = self.char_at(b).map_or(1, char::len_utf8) as u32;
        self.segments[self.segment_at(b as u32)].origin(b as u32, len)
    }

    /// Original byte range covered by working bytes `range` (on character
    /// boundaries). An empty range maps to an empty range at the matching
    /// original position.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.start < range.end {
            let last = range.end - self.char_before(range.end).map_or(1, char::len_utf8);
            let s = self.origin_at(range.start).0 as usize;
            let e = self.origin_at(last.max(range.start)).1 as usize;
            s..e.max(s)
        } else {
            let p = self.insertion_point(range.start);
            p..p
        }
    }

    /// Original byte position just before the working character at byte `b`.
    pub fn insertion_point(&self, b: usize) -> usize {
        if b < self.text.len() {
            self.origin_at(b).0 as usize
        } else if let Some(c) = self.text.chars().next_back() {
            self.origin_at(self.text.len() - c.len_utf8()).1 as usize
        } else {
            self.original_len as usize
        }
    }

    /// Working byte range of the characters whose origin lies inside original
    /// range `original` (for an empty range: the characters inserted there).
    /// Characters inserted at the start of a non-empty range are not its own:
    /// they belong to the insertion there (a space after a mark, before a
    /// replaced letter).
    pub fn range_of_original(&self, original: &Range<usize>) -> Range<usize> {
        let (s, e) = (original.start as u32, original.end as u32);
        let k = self
            .segments
            .partition_point(|g| g.orig.1 <= s && g.orig.0 < s);
        let mut first = None;
        let mut last = self.text.len();
        'walk: for g in &self.segments[k..] {
            let mut b = g.out.0;
            if g.identity && g.orig.0 < s {
                b += s - g.orig.0;
            }
            while b < g.out.1 {
                let c_len = self.char_at(b as usize).map_or(1, char::len_utf8) as u32;
                let (os, oe) = g.origin(b, c_len);
                if first.is_none() {
                    if os < s || (s < e && os == s && oe == s) {
                        b += c_len;
                        continue;
                    }
                    first = Some(b as usize);
                }
                let inside = if s == e {
                    os == s && oe == s
                } else {
                    os < e && oe <= e
                };
                if !inside {
                    last = b as usize;
                    break 'walk;
                }
                b += c_len;
            }
        }
        let first = first.unwrap_or(self.text.len());
        first..last.max(first)
    }

    /// Answers [`UnitCursor::unit_start`] for byte positions asked in
    /// non-decreasing order.
    pub fn unit_cursor(&self) -> UnitCursor<'_> {
        UnitCursor {
            segments: &self.segments,
            k: 0,
        }
    }
}

/// Walks the segments to find where the unit holding a byte starts.
pub struct UnitCursor<'a> {
    segments: &'a [Segment],
    k: usize,
}

impl UnitCursor<'_> {
    /// Where the smallest stretch of the working text holding byte `b` that
    /// maps back to the original on its own begins: `b` itself in a stretch
    /// copied unchanged or an insertion, the start of the replacement in a
    /// replacement (all of whose characters stand for the same original
    /// characters, also when a later step copied it in pieces). A boundary
    /// between `unit_start(b)` and `b` has no place in the original text.
    pub fn unit_start(&mut self, b: usize) -> usize {
        let b32 = b as u32;
        while self.k + 1 < self.segments.len() && self.segments[self.k].out.1 <= b32 {
            self.k += 1;
        }
        match self.segments.get(self.k) {
            Some(g) if !g.identity && g.orig.0 < g.orig.1 && g.out.0 <= b32 => {
                // A replacement copied in pieces by a later step is several
                // segments standing for overlapping original bytes.
                let mut first = self.k;
                while first > 0 && {
                    let p = &self.segments[first - 1];
                    !p.identity && p.orig.1 > g.orig.0
                } {
                    first -= 1;
                }
                self.segments[first].out.0 as usize
            }
            _ => b,
        }
    }
}

/// Answers "is byte `b` free?" by walking the protected spans from the one
/// it looked at last: cheap for positions asked in increasing order or near
/// one another.
pub struct FreeCursor<'a> {
    spans: &'a [(Range<u32>, ProtectedKind)],
    k: usize,
    /// The text's length: past it nothing is free.
    len: usize,
}

impl FreeCursor<'_> {
    /// Whether the character at byte `b` is free to change (past the end: no).
    pub fn is_free(&mut self, b: usize) -> bool {
        b < self.len && self.next_span(b).is_none_or(|r| r.start > b as u32)
    }

    /// The protected kind of the character at byte `b`, if any.
    pub fn kind_at(&mut self, b: usize) -> Option<ProtectedKind> {
        self.next_span(b);
        self.spans
            .get(self.k)
            .filter(|(r, _)| r.start <= b as u32)
            .map(|(_, k)| *k)
    }

    /// The first protected span that ends after byte `b`.
    fn next_span(&mut self, b: usize) -> Option<&Range<u32>> {
        let b = b as u32;
        while self.k > 0 && self.spans[self.k - 1].0.end > b {
            self.k -= 1;
        }
        while self.spans.get(self.k).is_some_and(|(r, _)| r.end <= b) {
            self.k += 1;
        }
        self.spans.get(self.k).map(|(r, _)| r)
    }

    /// Where the free stretch that holds free byte `b` ends: the start of the
    /// next protected span, or `usize::MAX`. Same order rule as `is_free`.
    pub fn free_until(&mut self, b: usize) -> usize {
        self.next_span(b).map_or(usize::MAX, |r| r.start as usize)
    }
}

/// A [`WorkingText`] indexed by character, for the steps that look around a
/// character: built only when a step has something to do.
pub struct Chars<'a> {
    pub working_text: &'a WorkingText,
    pub chars: Vec<char>,
    /// Byte offset of each character, plus the length.
    at: Vec<usize>,
    kind: Vec<Option<ProtectedKind>>,
}

impl<'a> Chars<'a> {
    pub fn new(work: &'a WorkingText) -> Self {
        let n = work.text.len();
        let (mut chars, mut at, mut kind) = (
            Vec::with_capacity(n / 2),
            Vec::with_capacity(n / 2 + 1),
            Vec::with_capacity(n / 2),
        );
        let mut p = 0;
        for (b, c) in work.text.char_indices() {
            let b32 = b as u32;
            while p < work.protected.len() && work.protected[p].0.end <= b32 {
                p += 1;
            }
            chars.push(c);
            at.push(b);
            kind.push(
                work.protected
                    .get(p)
                    .filter(|(r, _)| r.start <= b32)
                    .map(|(_, k)| *k),
            );
        }
        at.push(n);
        Chars {
            working_text: work,
            chars,
            at,
            kind,
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Byte offset of character `i` (the length at the end).
    pub fn at(&self, i: usize) -> usize {
        self.at[i]
    }

    /// Byte range of characters `range`.
    pub fn bytes(&self, range: Range<usize>) -> Range<usize> {
        self.at[range.start]..self.at[range.end]
    }

    /// The character at `i`, or `None` past either end.
    pub fn get(&self, i: isize) -> Option<char> {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.chars.get(i).copied())
    }

    /// Whether the character at `i` is free to change (past the end: no).
    pub fn is_free(&self, i: usize) -> bool {
        i < self.chars.len() && self.kind[i].is_none()
    }

    /// The protected kind of the character at `i`.
    pub fn kind(&self, i: usize) -> Option<ProtectedKind> {
        self.kind.get(i).copied().flatten()
    }
}

/// Rewrites a [`WorkingText`] left to right, keeping the alignment.
///
/// Callers walk the source and call [`Rewriter::replace`] for each change (byte
/// ranges of the source, in order); everything between changes is copied as a
/// whole. [`Rewriter::finish`] returns `None` when nothing changed, so an idle
/// step costs its scan and no copy.
pub struct Rewriter<'a> {
    src: &'a WorkingText,
    out: Option<WorkingText>,
    /// Source bytes before `pos` are written.
    pos: usize,
    /// First source segment not wholly written.
    seg: usize,
    /// Per change: source range and output range, to carry protected spans over.
    moves: Vec<(u32, u32, u32, u32)>,
    edits: Option<&'a mut Vec<Edit>>,
}

impl<'a> Rewriter<'a> {
    pub fn new(src: &'a WorkingText, edits: Option<&'a mut Vec<Edit>>) -> Self {
        Rewriter {
            src,
            out: None,
            pos: 0,
            seg: 0,
            moves: Vec::new(),
            edits,
        }
    }

    /// Copies source bytes `pos..end` unchanged, with their segments.
    fn copy_to(&mut self, end: usize) {
        let src = self.src;
        let out = self.out.get_or_insert_with(|| WorkingText {
            text: String::with_capacity(src.text.len() + 64),
            segments: Vec::with_capacity(src.segments.len() + 16),
            protected: Vec::new(),
            original_len: src.original_len,
        });
        if end <= self.pos {
            return;
        }
        let (from, to) = (self.pos as u32, end as u32);
        let shift = out.text.len() as i64 - i64::from(from);
        out.text.push_str(&src.text[self.pos..end]);
        while let Some(g) = src.segments.get(self.seg) {
            if g.out.0 >= to {
                break;
            }
            let (a, b) = (g.out.0.max(from), g.out.1.min(to));
            let orig = if g.identity {
                (g.orig.0 + (a - g.out.0), g.orig.0 + (b - g.out.0))
            } else {
                g.orig
            };
            push_segment(
                &mut out.segments,
                Segment {
                    out: ((i64::from(a) + shift) as u32, (i64::from(b) + shift) as u32),
                    orig,
                    identity: g.identity,
                },
            );
            if g.out.1 > to {
                break;
            }
            self.seg += 1;
        }
        self.pos = end;
    }

    /// Replaces source bytes `range` by `with`. The new characters stand for the
    /// union of the replaced characters' origins, and stay protected when the
    /// first replaced character was (an insertion is free). Ranges must come in
    /// order.
    pub fn replace(&mut self, range: Range<usize>, with: &str, rule: Rule) {
        debug_assert!(range.start >= self.pos && range.start <= range.end);
        self.copy_to(range.start);
        let orig = self.src.original_range(range.clone());
        // Skip the source segments the replaced bytes lie in.
        while self
            .src
            .segments
            .get(self.seg)
            .is_some_and(|g| g.out.1 as usize <= range.end)
        {
            self.seg += 1;
        }
        let out = self.out.as_mut().expect("copy_to made the output");
        let out_start = out.text.len() as u32;
        out.text.push_str(with);
        let out_end = out.text.len() as u32;
        if out_end > out_start {
            push_segment(
                &mut out.segments,
                Segment {
                    out: (out_start, out_end),
                    orig: (orig.start as u32, orig.end as u32),
                    identity: false,
                },
            );
        }
        self.moves
            .push((range.start as u32, range.end as u32, out_start, out_end));
        self.pos = range.end;
        if let Some(edits) = self.edits.as_deref_mut() {
            edits.push(Edit {
                original: orig,
                replacement: with.to_string(),
                rule,
            });
        }
    }

    /// Deletes source bytes `range`.
    pub fn delete(&mut self, range: Range<usize>, rule: Rule) {
        self.replace(range, "", rule);
    }

    /// Deletes source bytes `range` that belong to the character before them
    /// (combining marks, tatweel, invisible format characters): the preceding
    /// character's origin grows to cover them, so a token ending there still spans
    /// them in the original (`کاملاً` stays whole, not `کاملا` + `ً`).
    pub fn delete_attached(&mut self, range: Range<usize>, rule: Rule) {
        let orig = self.src.original_range(range.clone());
        self.replace(range, "", rule);
        let Some(out) = self.out.as_mut() else {
            return;
        };
        let Some(c) = out.text.chars().next_back() else {
            return;
        };
        let c_start = (out.text.len() - c.len_utf8()) as u32;
        let Some(last) = out.segments.last_mut() else {
            return;
        };
        if last.identity {
            let s = last.orig.0 + (c_start - last.out.0);
            if s + c.len_utf8() as u32 != orig.start as u32 {
                return;
            }
            let grown = Segment {
                out: (c_start, last.out.1),
                orig: (s, orig.end as u32),
                identity: false,
            };
            last.out.1 = c_start;
            last.orig.1 = s;
            if last.out.0 == last.out.1 {
                *last = grown;
            } else {
                out.segments.push(grown);
            }
        } else if last.orig.1 == orig.start as u32 {
            last.orig.1 = orig.end as u32;
        }
    }

    /// Inserts `with` before source byte `at`.
    pub fn insert(&mut self, at: usize, with: &str, rule: Rule) {
        self.replace(at..at, with, rule);
    }

    /// The rewritten text, or `None` if no change was made.
    pub fn finish(mut self) -> Option<WorkingText> {
        self.out.as_ref()?;
        self.copy_to(self.src.text.len());
        let mut out = self.out.take()?;
        // Carry protected spans over: a span starts after text inserted at its
        // start and ends before text inserted at its end. A boundary inside a
        // replaced range moves out to take in the whole replacement: an
        // offset within the old bytes means nothing in the new ones (and may
        // not even be a character boundary there).
        // Boundaries come in order (each span's start, then its end), so one
        // pass over the changes serves them all.
        let moves = &self.moves;
        let (mut m, mut delta) = (0usize, 0i64);
        let mut shift = |p: u32, is_start: bool| -> u32 {
            while let Some(&(ss, se, os, oe)) = moves.get(m) {
                if se > p || (se == p && ss == p && !is_start) {
                    break;
                }
                delta += i64::from(oe - os) - i64::from(se - ss);
                m += 1;
            }
            match moves.get(m) {
                Some(&(ss, _, os, _)) if ss < p && is_start => os,
                Some(&(ss, _, _, oe)) if ss < p => oe,
                _ => (i64::from(p) + delta) as u32,
            }
        };
        out.protected = self
            .src
            .protected
            .iter()
            .map(|(r, k)| {
                let start = shift(r.start, true);
                (start..shift(r.end, false), *k)
            })
            .filter(|(r, _)| r.start < r.end)
            .collect();
        Some(out)
    }
}

/// Appends `g`, merging it into the last segment when both are identity
/// stretches that continue each other.
fn push_segment(segments: &mut Vec<Segment>, g: Segment) {
    if g.out.0 == g.out.1 {
        return;
    }
    if let Some(last) = segments.last_mut() {
        if last.identity && g.identity && last.out.1 == g.out.0 && last.orig.1 == g.orig.0 {
            last.out.1 = g.out.1;
            last.orig.1 = g.orig.1;
            return;
        }
    }
    segments.push(g);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_keeps_origins() {
        let a = WorkingText::new("aيb", []);
        let mut edits = Vec::new();
        let mut rw = Rewriter::new(&a, Some(&mut edits));
        rw.replace(1..3, "ی", Rule::LettersArabicYeh);
        rw.insert(4, "!", Rule::SpacingAfterPunct);
        let b = rw.finish().expect("changed");
        assert_eq!(b.as_str(), "aیb!");
        assert_eq!(b.original_range(1..3), 1..3);
        assert_eq!(b.original_range(4..5), 4..4);
        assert_eq!(b.range_of_original(&(1..3)), 1..3);
        assert_eq!(b.range_of_original(&(4..4)), 4..5);
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[0].original, 1..3);
    }

    #[test]
    fn a_replacement_is_one_unit() {
        // A lam-alef ligature written out as two letters, then an insertion.
        let a = WorkingText::new("aﻻb", []);
        let mut rw = Rewriter::new(&a, None);
        rw.replace(1..4, "لا", Rule::UnicodePresentationForm);
        rw.insert(5, "!", Rule::SpacingAfterPunct);
        let b = rw.finish().expect("changed");
        assert_eq!(b.as_str(), "aلاb!");
        let mut units = b.unit_cursor();
        let starts: Vec<_> = [0, 1, 3, 5, 6].map(|at| units.unit_start(at)).into();
        assert_eq!(starts, vec![0, 1, 1, 5, 6]);
    }

    #[test]
    fn attached_deletion_extends_previous_origin() {
        let a = WorkingText::new("اً ب", []);
        let mut rw = Rewriter::new(&a, None);
        rw.delete_attached(2..4, Rule::DiacriticsHarakat);
        let b = rw.finish().expect("changed");
        assert_eq!(b.as_str(), "ا ب");
        assert_eq!(b.original_range(0..2), 0..4);
        assert_eq!(b.original_range(2..3), 4..5);
    }

    #[test]
    fn protected_spans_move_with_the_text() {
        let a = WorkingText::new("ab 12 c", [(3..5, ProtectedKind::Number)]);
        let mut rw = Rewriter::new(&a, None);
        rw.insert(1, "x", Rule::SpacingAfterPunct);
        rw.replace(3..4, "۱", Rule::DigitsPersian);
        rw.insert(5, "y", Rule::SpacingAfterPunct);
        let b = rw.finish().expect("changed");
        assert_eq!(b.as_str(), "axb ۱2y c");
        let spans: Vec<_> = b.protected().collect();
        assert_eq!(spans, vec![(4..7, ProtectedKind::Number)]);
        assert!(b.is_free(3) && !b.is_free(4) && b.is_free(7));
    }

    #[test]
    fn span_boundary_inside_a_replacement_takes_in_all_of_it() {
        // `۶۸` protected, `۸` after it free; one replacement over `۸۸` (2 bytes
        // each → 1 byte each) used to leave the span's end inside a character.
        let a = WorkingText::new(
            "۶۸۸ ۹۹",
            [
                (0..4, ProtectedKind::Number),
                (7..11, ProtectedKind::Number),
            ],
        );
        let mut rw = Rewriter::new(&a, None);
        rw.replace(2..6, "88", Rule::DigitsLatin);
        rw.replace(7..9, "9", Rule::DigitsLatin);
        let b = rw.finish().expect("changed");
        assert_eq!(b.as_str(), "۶88 9۹");
        let spans: Vec<_> = b.protected().collect();
        assert_eq!(
            spans,
            vec![(0..4, ProtectedKind::Number), (5..8, ProtectedKind::Number)]
        );
    }

    #[test]
    fn idle_rewriter_returns_none() {
        let a = WorkingText::new("متن", []);
        assert!(Rewriter::new(&a, None).finish().is_none());
    }
}
