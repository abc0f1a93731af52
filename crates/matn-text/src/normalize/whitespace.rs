//! Step `whitespace`: one kind of space, one at a time.
//!
//! Every run of white space (U+0020, tab, NBSP U+00A0, U+2000–U+200A, U+202F,
//! U+205F, U+3000, CR, LF...) becomes:
//! - nothing at the start or end of the text or of a line (`whitespace.trim`);
//! - `\n\n` if it holds two or more line breaks (`whitespace.newlines`);
//! - `\n` if it holds one (CRLF counts as one) (`whitespace.collapse`);
//! - one U+0020 otherwise (`whitespace.space` when it held another space
//!   character, `whitespace.collapse` when it was longer).

use crate::align::{Rewriter, WorkingText};
use crate::rules::Rule;
use crate::script::is_space;

/// Bytes that can begin a white-space character (ASCII spaces and controls, and
/// the lead bytes of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000).
static MAY_BEGIN_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    t
};

/// Whether the first eight of these nine bytes hold nothing for this step: no
/// byte that can begin white space, except plain spaces not followed by another
/// such byte. Checks the eight bytes as one word, and so may answer "not
/// quiet" for bytes that begin no white space (the other controls, the lead
/// byte `E0`), never the other way round.
#[inline]
fn quiet(chunk: &[u8; 9]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const LOWS: u64 = !HIGHS;
    let x = u64::from_le_bytes([
        chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
    ]);
    // Some byte is zero: exact as a yes/no answer.
    let any_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    // The high bit of each zero byte, and of no other.
    let zeros = |v: u64| !(((v & LOWS).wrapping_add(LOWS)) | v | LOWS);
    // Controls and the other spaces' lead bytes: below 0x20, C2, E0–E3.
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGHS != 0;
    if below_space || any_zero(x ^ (ONES * 0xC2)) || any_zero((x & (ONES * 0xFC)) ^ (ONES * 0xE0)) {
        return false;
    }
    // Two plain spaces together, or one at the end before a byte that can
    // begin white space.
    let spaces = zeros(x ^ (ONES * 0x20));
    spaces & (spaces >> 8) == 0 && !(chunk[7] == b' ' && MAY_BEGIN_SPACE[usize::from(chunk[8])])
}

/// The white-space character at byte `i` and its length, if there is one.
fn space_at(s: &str, i: usize) -> Option<(char, usize)> {
    match s.as_bytes()[i] {
        b @ (b' ' | b'\t'..=b'\r') => Some((char::from(b), 1)),
        0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..]
            .chars()
            .next()
            .filter(|&c| is_space(c))
            .map(|c| (c, c.len_utf8())),
        _ => None,
    }
}

/// Applies the step. `inner`: white space inside the text may need work; when
/// not, only the runs at the two edges are looked at.
pub fn apply(text: &WorkingText, mut rw: Rewriter, inner: bool) -> Option<WorkingText> {
    let s = text.as_str();
    let bytes = s.as_bytes();
    let n = s.len();
    let tail = s.trim_end_matches(is_space).len();
    let mut free = text.free_cursor();
    let mut i = 0;
    while i < n {
        if !inner && i > 0 && i < tail {
            i = tail;
            continue;
        }
        // Most of a text: eight bytes at a time while none of them can begin
        // white space but single plain spaces (a jump may land inside a
        // character, which the byte checks below step over).
        if i > 0 {
            while let Some(chunk) = bytes.get(i..i + 9).and_then(|c| c.try_into().ok()) {
                if !quiet(chunk) {
                    break;
                }
                i += 8;
            }
        }
        // The common case first: one plain space between two words.
        let b = bytes[i];
        if b == b' ' {
            if i > 0 && i + 1 < n && !MAY_BEGIN_SPACE[usize::from(bytes[i + 1])] {
                i += 2;
                continue;
            }
        } else if b & 0xFC == 0xD8 {
            i += 2; // an Arabic-block character
            continue;
        } else if !MAY_BEGIN_SPACE[usize::from(b)] {
            i += 1;
            continue;
        }
        let Some((c, len)) = space_at(s, i) else {
            i += 1;
            continue;
        };
        if !free.is_free(i) {
            i += len;
            continue;
        }
        let mut j = i + len;
        let (mut breaks, mut plain) = (0, c == ' ');
        let mut prev = '\0';
        let mut cur = c;
        loop {
            breaks += usize::from(
                cur == '\n'
                    || prev == '\r'
                    || matches!(
                        cur,
                        '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' | '\u{0085}'
                    ),
            );
            prev = cur;
            match (j < n).then(|| space_at(s, j)).flatten() {
                Some((d, l)) if free.is_free(j) => {
                    plain &= d == ' ';
                    cur = d;
                    j += l;
                }
                _ => break,
            }
        }
        breaks += usize::from(prev == '\r');
        let (to, rule) = if i == 0 || j == n {
            ("", Rule::WhitespaceTrim)
        } else if breaks >= 2 {
            ("\n\n", Rule::WhitespaceNewlines)
        } else if breaks == 1 {
            ("\n", Rule::WhitespaceCollapse)
        } else if !plain {
            (" ", Rule::WhitespaceSpace)
        } else {
            (" ", Rule::WhitespaceCollapse)
        };
        if &bytes[i..j] != to.as_bytes() {
            rw.replace(i..j, to, rule);
        }
        i = j;
    }
    rw.finish()
}

#[cfg(test)]
mod tests {
    use super::{quiet, MAY_BEGIN_SPACE};
    use crate::normalize::test_util::table;
    use crate::normalize::Step;

    #[test]
    fn cases() {
        table(
            Step::Whitespace,
            &[
                ("collapse", "سلام   دنیا", "سلام دنیا"),
                ("nbsp", "سلام\u{00A0}دنیا", "سلام دنیا"),
                ("tab", "سلام\tدنیا", "سلام دنیا"),
                ("trim", "  \n\nسلام دنیا \n", "سلام دنیا"),
                ("line_trim", "سلام  \n  دنیا", "سلام\nدنیا"),
                ("paragraphs", "الف\n\n\n\nب", "الف\n\nب"),
                ("crlf", "الف\r\nب", "الف\nب"),
                (
                    "runs_in_long_text",
                    "یک دو سه چهار پنج  شش هفت\t\tهشت نه ده یازده\u{00A0}دوازده",
                    "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده",
                ),
            ],
        );
    }

    /// The word-at-a-time check answers as the byte-by-byte rule does, but
    /// for controls and the `E0` lead byte, which it may call busy.
    #[test]
    fn quiet_agrees_with_the_bytewise_rule() {
        let alphabet = [
            0x20u8, 0x0A, 0x09, 0x1F, 0xC2, 0xA0, 0xD8, 0xB3, 0xDB, 0x8C, 0xE0, 0xE1, 0xE2, 0xE3,
            0xE4, 0x80, 0x61, 0x21, 0x7F, 0xC3, 0x00,
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..300_000 {
            let mut chunk = [0u8; 9];
            for b in &mut chunk {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *b = alphabet[(state % alphabet.len() as u64) as usize];
            }
            let busy = chunk.windows(2).any(|w| {
                MAY_BEGIN_SPACE[usize::from(w[0])]
                    && (w[0] != b' ' || MAY_BEGIN_SPACE[usize::from(w[1])])
            });
            let loose = chunk[..8]
                .iter()
                .any(|&b| b == 0xE0 || (b < 0x20 && !(0x09..=0x0D).contains(&b)));
            let quiet = quiet(&chunk);
            assert!(
                quiet != busy || (loose && !quiet),
                "{chunk:02X?}: busy {busy}, quiet {quiet}"
            );
        }
    }

    /// The eight-byte skip finds a run wherever it starts and however the
    /// characters before it fall on the eight-byte grid.
    #[test]
    fn runs_found_at_any_offset() {
        for k in 0..20 {
            for run in ["  ", " \n\n\n", "\u{2009}", " \u{00A0}"] {
                let lead = "ab ج".repeat(k / 4) + &"x".repeat(k % 4);
                let input = format!("{lead}ی{run}ب سلام دنیا");
                let want_run = if run.contains('\n') { "\n\n" } else { " " };
                let want = format!("{lead}ی{want_run}ب سلام دنیا");
                assert_eq!(
                    crate::normalize::test_util::only(Step::Whitespace, &input),
                    want,
                    "k={k} run={run:?}"
                );
            }
        }
    }
}
