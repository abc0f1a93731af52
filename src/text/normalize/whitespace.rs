//! Step `whitespace`: one kind of space, one at a time.
//!
//! Every run of white space (U+0020, tab, NBSP U+00A0, U+2000–U+200A, U+202F,
//! U+205F, U+3000, CR, LF...) becomes:
//! - nothing at the start or end of the text or of a line (`whitespace.trim`);
//! - `\n\n` if it holds two or more line breaks (`whitespace.newlines`);
//! - `\n` if it holds one (CRLF counts as one) (`whitespace.collapse`);
//! - one U+0020 otherwise (`whitespace.space` when it held another space
//!   character, `whitespace.collapse` when it was longer).

use crate::text::align::{Aligned, Rewriter};
use crate::text::script::is_space;

pub fn apply(text: &Aligned, mut rw: Rewriter) -> Option<Aligned> {
    let chars = &text.chars;
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !is_space(chars[i]) || !text.is_free(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && is_space(chars[j]) && text.is_free(j) {
            j += 1;
        }
        let run = &chars[i..j];
        let breaks = run.iter().filter(|&&c| c == '\n').count()
            + run
                .iter()
                .enumerate()
                .filter(|&(k, &c)| c == '\r' && run.get(k + 1) != Some(&'\n'))
                .count()
            + run
                .iter()
                .filter(|&&c| {
                    matches!(
                        c,
                        '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' | '\u{0085}'
                    )
                })
                .count();
        let (to, rule) = if i == 0 || j == n {
            ("", "whitespace.trim")
        } else if breaks >= 2 {
            ("\n\n", "whitespace.newlines")
        } else if breaks == 1 {
            ("\n", "whitespace.collapse")
        } else if run.iter().any(|&c| c != ' ') {
            (" ", "whitespace.space")
        } else {
            (" ", "whitespace.collapse")
        };
        if run.iter().ne(to.chars().collect::<Vec<_>>().iter()) {
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
            ],
        );
    }
}
