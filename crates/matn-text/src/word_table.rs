//! A table of words with a frequency and flags each, laid out in one byte
//! blob that is looked up where it lies: `build.rs` writes the built-in
//! lexicon in this form at compile time and the binary embeds it, so a
//! process starts without parsing or allocating anything for it.
//!
//! A look-up reads one slot (the word's hash, frequency, flags and where its
//! text is) and, where the hash matches, the text: two places in memory for
//! a word found, mostly one for a word not there. See [`write()`] for the
//! layout.
//!
//! This file is shared with `build.rs` and uses nothing outside `std`.

/// The flags of a word, as bits (see `crate::lexicon::Entry`).
pub mod flag {
    pub const VERB: u8 = 1;
    pub const NOUN: u8 = 2;
    pub const ADJECTIVE: u8 = 4;
    pub const COMPOUND: u8 = 8;
    pub const STOPWORD: u8 = 16;
    pub const LISTED: u8 = 32;
    pub const FUNCTION: u8 = 64;
    pub const TOKEN_STOPWORD: u8 = 128;
}

/// A line of `data/lexicon.tsv` (`word`, Zipf ×100, flag letters) as a
/// word, its frequency (0 where unreadable) and its flags.
pub fn parse_line(line: &str) -> Option<(&str, u16, u8)> {
    let mut parts = line.split('\t');
    let (word, zipf) = (parts.next()?, parts.next()?);
    let flags = parts.next().unwrap_or("").chars().fold(0u8, |f, c| {
        f | match c {
            'V' => flag::VERB,
            'N' => flag::NOUN,
            'A' => flag::ADJECTIVE,
            'C' => flag::COMPOUND,
            'S' => flag::STOPWORD,
            'L' => flag::LISTED,
            'F' => flag::FUNCTION,
            'T' => flag::TOKEN_STOPWORD,
            _ => 0,
        }
    });
    Some((word, zipf.parse().unwrap_or(0), flags))
}

const MAGIC: &[u8; 4] = b"MTW2";
const HEADER: usize = 12;
const SLOT: usize = 12;
/// The offset of an empty slot.
const EMPTY: u32 = u32::MAX;

/// A 64-bit hash of the word's bytes, eight at a time, well mixed: the same
/// on every machine, so the build machine's table is the target's. The low
/// half picks the slot, the high half is kept in it to skip most
/// comparisons of words that only share a slot.
pub fn hash(word: &str) -> u64 {
    let mut h = word.len() as u64;
    for chunk in word.as_bytes().chunks(8) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(b))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
    // The finalizer of SplitMix64.
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Writes the table of `words` (word, frequency, flags); a word listed
/// twice keeps its last values. Words are at most 255 bytes.
///
/// Layout (integers little-endian):
/// - header: `MTW2`, the number of words `n`, the number of slots `m` (a
///   power of two, more than `n` by half at least): 12 bytes;
/// - `m` slots of 12 bytes: the high half of the word's [`hash`] (`u32`),
///   the offset of its text (`u32`, `u32::MAX` for an empty slot), its
///   frequency (`u16`), its flags (`u8`), its length (`u8`);
/// - the words in the order written, each its length (`u8`) and its bytes.
///
/// A word lives in the slot the low half of its hash names, or in the
/// first free one after it (open addressing, linear probing).
pub fn write(words: &[(String, u16, u8)]) -> Result<Vec<u8>, String> {
    let mut last = std::collections::HashMap::new();
    for (k, (w, _, _)) in words.iter().enumerate() {
        last.insert(w.as_str(), k);
    }
    let n = last.len();
    let m = (n + n / 2 + 1).next_power_of_two();
    let mut slots = vec![[0u8; SLOT]; m];
    for slot in &mut slots {
        slot[4..8].copy_from_slice(&EMPTY.to_le_bytes());
    }
    let mut text = Vec::new();
    for (k, (word, zipf, flags)) in words.iter().enumerate() {
        if last[word.as_str()] != k {
            continue;
        }
        let len = u8::try_from(word.len()).map_err(|_| format!("word too long: {word}"))?;
        text.push(len);
        let offset = u32::try_from(text.len())
            .ok()
            .filter(|&o| o != EMPTY)
            .ok_or("text over 4 GB")?;
        text.extend_from_slice(word.as_bytes());
        let h = hash(word);
        let mut s = h as usize & (m - 1);
        while u32_at(&slots[s], 4) != Some(EMPTY) {
            s = (s + 1) & (m - 1);
        }
        let slot = &mut slots[s];
        slot[0..4].copy_from_slice(&((h >> 32) as u32).to_le_bytes());
        slot[4..8].copy_from_slice(&offset.to_le_bytes());
        slot[8..10].copy_from_slice(&zipf.to_le_bytes());
        slot[10] = *flags;
        slot[11] = len;
    }
    let mut out = Vec::with_capacity(HEADER + SLOT * m + text.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend_from_slice(&(m as u32).to_le_bytes());
    for slot in &slots {
        out.extend_from_slice(slot);
    }
    out.extend_from_slice(&text);
    Ok(out)
}

/// A table written by [`write()`], read in place.
#[derive(Clone, Copy)]
pub struct WordTable<'a> {
    slots: &'a [u8],
    text: &'a [u8],
    n: usize,
}

impl<'a> WordTable<'a> {
    /// Checks the header and the sizes; `None` if `bytes` is no table.
    pub fn new(bytes: &'a [u8]) -> Option<WordTable<'a>> {
        if bytes.get(..4)? != MAGIC {
            return None;
        }
        let n = u32_at(bytes, 4)? as usize;
        let m = u32_at(bytes, 8)? as usize;
        if !m.is_power_of_two() || m <= n {
            return None;
        }
        let (slots, text) = bytes.get(HEADER..)?.split_at_checked(SLOT * m)?;
        Some(WordTable { slots, text, n })
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The frequency and flags of `word`.
    pub fn get(&self, word: &str) -> Option<(u16, u8)> {
        let h = hash(word);
        let (mask, fingerprint) = (self.slots.len() / SLOT - 1, (h >> 32) as u32);
        let mut s = h as usize & mask;
        loop {
            let slot = self.slots.get(SLOT * s..SLOT * (s + 1))?;
            let offset = u32_at(slot, 4)?;
            if offset == EMPTY {
                return None;
            }
            let len = usize::from(slot[11]);
            if u32_at(slot, 0)? == fingerprint && len == word.len() {
                let at = offset as usize;
                if self.text.get(at..at + len)? == word.as_bytes() {
                    return Some((u16::from_le_bytes([slot[8], slot[9]]), slot[10]));
                }
            }
            s = (s + 1) & mask;
        }
    }

    /// Every word, in the order written.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            let len = usize::from(*self.text.get(at)?);
            let word = self.text.get(at + 1..at + 1 + len)?;
            at += 1 + len;
            std::str::from_utf8(word).ok()
        })
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_words_are_found_and_others_not() {
        let words = vec![
            ("کتاب".to_string(), 500, 2),
            ("می‌شود".to_string(), 600, 1),
            ("کتاب".to_string(), 510, 3),
            ("".to_string(), 7, 0),
        ];
        let blob = write(&words).expect("written");
        let table = WordTable::new(&blob).expect("a table");
        assert_eq!(table.len(), 3);
        assert_eq!(table.get("کتاب"), Some((510, 3)), "the last listing wins");
        assert_eq!(table.get("می‌شود"), Some((600, 1)));
        assert_eq!(table.get(""), Some((7, 0)));
        assert_eq!(table.get("کتا"), None);
        let listed: Vec<_> = table.iter().collect();
        assert_eq!(listed, ["می‌شود", "کتاب", ""]);
        assert!(WordTable::new(&blob[..20]).is_none());
        assert!(WordTable::new(b"nope").is_none());
    }
}
