//! Step `whitespace`: one kind of space, one at a time.
//!
//! Every run of white space (U+0020, tab, NBSP U+00A0, U+2000–U+200A, U+202F,
//! U+205F, U+3000, CR, LF...) becomes:
//! - nothing at the start or end of the text or of a line (`whitespace.trim`);
//! - `\n\n` if it holds two or more line breaks (`whitespace.newlines`);
//! - `\n` if it holds one (CRLF counts as one) (`whitespace.collapse`);
//! - one U+0020 otherwise (`whitespace.space` when it held another space
//!   character, `whitespace.collapse` when it was longer).

use crate::text::align::{Rewriter, Work};
use crate::text::script::is_space;

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
/// such byte.
#[inline]
fn quiet(chunk: &[u8]) -> bool {
    let mut busy = false;
    for (&b, &next) in chunk.iter().zip(&chunk[1..]) {
        busy |=
            MAY_BEGIN_SPACE[usize::from(b)] && (b != b' ' || MAY_BEGIN_SPACE[usize::from(next)]);
    }
    !busy
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
pub fn apply(text: &Work, mut rw: Rewriter, inner: bool) -> Option<Work> {
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
            while let Some(chunk) = bytes.get(i..i + 9) {
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
            ("", "whitespace.trim")
        } else if breaks >= 2 {
            ("\n\n", "whitespace.newlines")
        } else if breaks == 1 {
            ("\n", "whitespace.collapse")
        } else if !plain {
            (" ", "whitespace.space")
        } else {
            (" ", "whitespace.collapse")
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
    use crate::text::normalize::test_util::table;
    use crate::text::normalize::Step;

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
                    crate::text::normalize::test_util::only(Step::Whitespace, &input),
                    want,
                    "k={k} run={run:?}"
                );
            }
        }
    }
}
