//! Text that remembers where each of its characters came from.
//!
//! Normalization never loses the original: every character of the working text
//! carries the byte range of the original text it stands for (a half-open range,
//! empty for an inserted character) and a [`Mark`] saying whether it belongs to a
//! protected span. A step rewrites the text through a [`Rewriter`], which carries
//! the alignment along and records an [`Edit`] for every change.

use std::ops::Range;

/// What protects a character from normalization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Ordinary text: every step may change it.
    Free,
    /// Inside a protected span of this kind; `start` is set on its first character.
    Protected { kind: ProtectedKind, start: bool },
}

impl Mark {
    /// True when no step may touch the character (only `digits` may rewrite
    /// the digits of numbers, dates and times).
    pub fn is_protected(self) -> bool {
        matches!(self, Mark::Protected { .. })
    }

    /// The protected kind, if any.
    pub fn kind(self) -> Option<ProtectedKind> {
        match self {
            Mark::Free => None,
            Mark::Protected { kind, .. } => Some(kind),
        }
    }
}

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
    pub rule: &'static str,
}

/// Working text with per-character origin and protection.
#[derive(Clone, Debug, Default)]
pub struct Aligned {
    pub chars: Vec<char>,
    /// Original byte range of each character.
    pub origin: Vec<(u32, u32)>,
    pub mark: Vec<Mark>,
    /// Byte length of the original text.
    pub original_len: u32,
}

impl Aligned {
    /// Wraps an original text: each character stands for itself.
    pub fn new(text: &str) -> Self {
        let n = text.len();
        let mut chars = Vec::with_capacity(n);
        let mut origin = Vec::with_capacity(n);
        for (i, c) in text.char_indices() {
            chars.push(c);
            origin.push((i as u32, (i + c.len_utf8()) as u32));
        }
        let mark = vec![Mark::Free; chars.len()];
        Aligned {
            chars,
            origin,
            mark,
            original_len: n as u32,
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The character at `i`, or `None` past either end.
    pub fn get(&self, i: isize) -> Option<char> {
        if i < 0 {
            None
        } else {
            self.chars.get(i as usize).copied()
        }
    }

    /// Whether the character at `i` is free to change.
    pub fn is_free(&self, i: usize) -> bool {
        self.mark[i] == Mark::Free
    }

    /// The text as a `String`.
    pub fn to_text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Original byte range covered by working characters `range` (half-open).
    /// An empty range maps to an empty range at the matching original position.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.start < range.end {
            let s = self.origin[range.start].0 as usize;
            let e = self.origin[range.end - 1].1 as usize;
            s..e.max(s)
        } else {
            let p = self.insertion_point(range.start);
            p..p
        }
    }

    /// Original byte position just before working character `i`.
    pub fn insertion_point(&self, i: usize) -> usize {
        if i < self.origin.len() {
            self.origin[i].0 as usize
        } else if let Some(last) = self.origin.last() {
            last.1 as usize
        } else {
            self.original_len as usize
        }
    }
}

/// Rewrites an [`Aligned`] text left to right, keeping the alignment.
///
/// Callers walk the source and call [`Rewriter::replace`] for each change;
/// everything between changes is copied unchanged. [`Rewriter::finish`] returns
/// `None` when nothing changed, so an idle step costs one scan and no copy.
pub struct Rewriter<'a> {
    src: &'a Aligned,
    out: Option<Aligned>,
    pos: usize,
    edits: Option<&'a mut Vec<Edit>>,
}

impl<'a> Rewriter<'a> {
    pub fn new(src: &'a Aligned, edits: Option<&'a mut Vec<Edit>>) -> Self {
        Rewriter {
            src,
            out: None,
            pos: 0,
            edits,
        }
    }

    /// Replaces source characters `range` by `with`. The new characters stand for
    /// the union of the replaced characters' origins and inherit the first one's
    /// mark (an insertion gets [`Mark::Free`]). Ranges must come in order.
    pub fn replace(&mut self, range: Range<usize>, with: &str, rule: &'static str) {
        debug_assert!(range.start >= self.pos && range.start <= range.end);
        let src = self.src;
        let out = self.out.get_or_insert_with(|| Aligned {
            chars: Vec::with_capacity(src.len() + 16),
            origin: Vec::with_capacity(src.len() + 16),
            mark: Vec::with_capacity(src.len() + 16),
            original_len: src.original_len,
        });
        out.chars
            .extend_from_slice(&src.chars[self.pos..range.start]);
        out.origin
            .extend_from_slice(&src.origin[self.pos..range.start]);
        out.mark.extend_from_slice(&src.mark[self.pos..range.start]);
        let orig = src.original_range(range.clone());
        let mark = if range.is_empty() {
            Mark::Free
        } else {
            src.mark[range.start]
        };
        let mut first = true;
        for c in with.chars() {
            out.chars.push(c);
            out.origin.push((orig.start as u32, orig.end as u32));
            out.mark.push(match mark {
                Mark::Protected { kind, start } => Mark::Protected {
                    kind,
                    start: start && first,
                },
                Mark::Free => Mark::Free,
            });
            first = false;
        }
        self.pos = range.end;
        if let Some(edits) = self.edits.as_deref_mut() {
            edits.push(Edit {
                original: orig,
                replacement: with.to_string(),
                rule,
            });
        }
    }

    /// Deletes source characters `range`.
    pub fn delete(&mut self, range: Range<usize>, rule: &'static str) {
        self.replace(range, "", rule);
    }

    /// Deletes source characters `range` that belong to the character before them
    /// (combining marks, tatweel, invisible format characters): the preceding
    /// character's origin grows to cover them, so a token ending there still spans
    /// them in the original (`کاملاً` stays whole, not `کاملا` + `ً`).
    pub fn delete_attached(&mut self, range: Range<usize>, rule: &'static str) {
        let start = range.start;
        let orig = self.src.original_range(range.clone());
        self.replace(range, "", rule);
        let adjacent = start > 0 && self.src.origin[start - 1].1 as usize == orig.start;
        if let (Some(out), true) = (self.out.as_mut(), adjacent) {
            if let Some(last) = out.origin.last_mut() {
                if last.1 as usize == orig.start {
                    last.1 = orig.end as u32;
                }
            }
        }
    }

    /// Inserts `with` before source character `at`.
    pub fn insert(&mut self, at: usize, with: &str, rule: &'static str) {
        self.replace(at..at, with, rule);
    }

    /// The rewritten text, or `None` if no change was made.
    pub fn finish(self) -> Option<Aligned> {
        let src = self.src;
        self.out.map(|mut out| {
            out.chars.extend_from_slice(&src.chars[self.pos..]);
            out.origin.extend_from_slice(&src.origin[self.pos..]);
            out.mark.extend_from_slice(&src.mark[self.pos..]);
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_keeps_origins() {
        let a = Aligned::new("aيb");
        let mut edits = Vec::new();
        let mut rw = Rewriter::new(&a, Some(&mut edits));
        rw.replace(1..2, "ی", "letters.arabic_yeh");
        rw.insert(3, "!", "test.insert");
        let b = rw.finish().expect("changed");
        assert_eq!(b.to_text(), "aیb!");
        assert_eq!(b.origin, vec![(0, 1), (1, 3), (3, 4), (4, 4)]);
        assert_eq!(b.original_range(1..2), 1..3);
        assert_eq!(b.original_range(3..4), 4..4);
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[0].original, 1..3);
    }

    #[test]
    fn attached_deletion_extends_previous_origin() {
        let a = Aligned::new("اً ب");
        let mut rw = Rewriter::new(&a, None);
        rw.delete_attached(1..2, "diacritics.harakat");
        let b = rw.finish().expect("changed");
        assert_eq!(b.to_text(), "ا ب");
        assert_eq!(b.original_range(0..1), 0..4);
        assert_eq!(b.original_range(1..2), 4..5);
    }

    #[test]
    fn idle_rewriter_returns_none() {
        let a = Aligned::new("متن");
        assert!(Rewriter::new(&a, None).finish().is_none());
    }
}
