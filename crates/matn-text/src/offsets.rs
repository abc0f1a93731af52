//! Byte offsets to the unit a caller counts in.

/// The unit in which offsets are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf16,
    CodePoint,
}

/// Converts byte offsets of one text to another encoding. Built once per text
/// (only for UTF-16 and code points); each lookup is a binary search.
pub struct OffsetMap {
    encoding: Encoding,
    /// Byte offset of each character (for non-UTF-8 encodings).
    starts: Vec<u32>,
    /// Offset in the target unit of each character, plus the total at the end.
    units: Vec<u32>,
}

impl OffsetMap {
    pub fn new(text: &str, encoding: Encoding) -> Self {
        if encoding == Encoding::Utf8 {
            return OffsetMap {
                encoding,
                starts: Vec::new(),
                units: Vec::new(),
            };
        }
        let mut starts = Vec::with_capacity(text.len() + 1);
        let mut units = Vec::with_capacity(text.len() + 1);
        let mut u = 0u32;
        for (b, c) in text.char_indices() {
            starts.push(b as u32);
            units.push(u);
            u += match encoding {
                Encoding::Utf16 => c.len_utf16() as u32,
                _ => 1,
            };
        }
        starts.push(text.len() as u32);
        units.push(u);
        OffsetMap {
            encoding,
            starts,
            units,
        }
    }

    /// The offset of byte position `b` (a character boundary) in the target unit.
    pub fn convert(&self, b: usize) -> u32 {
        if self.encoding == Encoding::Utf8 {
            return b as u32;
        }
        match self.starts.binary_search(&(b as u32)) {
            Ok(i) => self.units[i],
            Err(i) => self.units[i.saturating_sub(1)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_and_zwnj() {
        let text = "a😀می‌رود";
        let m16 = OffsetMap::new(text, Encoding::Utf16);
        let mcp = OffsetMap::new(text, Encoding::CodePoint);
        let b = text.find('م').unwrap_or(0);
        assert_eq!((m16.convert(b), mcp.convert(b)), (3, 2));
        assert_eq!((m16.convert(text.len()), mcp.convert(text.len())), (9, 8));
    }
}
