//! Step `letters`: Arabic letter variants to the Persian standard.
//!
//! | rule | from | to |
//! |---|---|---|
//! | `letters.arabic_yeh` | ي U+064A, ى U+0649 | ی U+06CC |
//! | `letters.arabic_kaf` | ك U+0643, ڪ U+06AA | ک U+06A9 |
//! | `letters.heh_goal` | ہ U+06C1, ھ U+06BE, ە U+06D5 | ه U+0647 |
//! | `letters.teh_marbuta` | ة U+0629 | ه U+0647 |
//! | `letters.yeh_hamza` | ی + hamza above U+0654 | ئ U+0626 |
//! | `letters.heh_hamza` | ه + U+0654 ⇄ ۀ U+06C0 | per [`HehHamzaStyle`] |
//!
//! آ, أ, إ, ؤ and ئ are Persian letters and stay.

use crate::text::align::{Rewriter, Work};
use crate::text::normalize::HehHamzaStyle;
use crate::text::script::HAMZA_ABOVE;

pub fn apply(text: &Work, mut rw: Rewriter, heh_hamza: HehHamzaStyle) -> Option<Work> {
    let s = text.as_str();
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let next = i + c.len_utf8();
        if !matches!(
            c,
            'ي' | 'ى' | 'ی' | 'ك' | 'ڪ' | 'ة' | 'ہ' | 'ھ' | 'ە' | 'ه' | 'ۀ' | 'ۂ'
        ) || !text.is_free(i)
        {
            i = next;
            continue;
        }
        let next_is_hamza = s[next..].starts_with(HAMZA_ABOVE) && text.is_free(next);
        let (len, to, rule): (usize, &str, &'static str) = match c {
            'ي' | 'ى' | 'ی' if next_is_hamza => (2, "ئ", "letters.yeh_hamza"),
            'ي' | 'ى' => (1, "ی", "letters.arabic_yeh"),
            'ك' | 'ڪ' => (1, "ک", "letters.arabic_kaf"),
            'ة' => (1, "ه", "letters.teh_marbuta"),
            'ہ' | 'ھ' | 'ە' if next_is_hamza && heh_hamza == HehHamzaStyle::Composed => {
                (2, "ۀ", "letters.heh_hamza")
            }
            'ہ' | 'ھ' | 'ە' => (1, "ه", "letters.heh_goal"),
            'ه' if next_is_hamza && heh_hamza == HehHamzaStyle::Composed => {
                (2, "ۀ", "letters.heh_hamza")
            }
            'ۀ' | 'ۂ' if heh_hamza == HehHamzaStyle::Decomposed => {
                (1, "ه\u{0654}", "letters.heh_hamza")
            }
            'ۂ' => (1, "ۀ", "letters.heh_hamza"),
            _ => (0, "", ""),
        };
        if len > 0 {
            let end = if len == 2 {
                next + HAMZA_ABOVE.len_utf8()
            } else {
                next
            };
            rw.replace(i..end, to, rule);
            i = end;
        } else {
            i = next;
        }
    }
    rw.finish()
}

#[cfg(test)]
mod tests {
    use crate::text::normalize::test_util::table;
    use crate::text::normalize::{HehHamzaStyle, NormalizeOptions, Normalizer, Step, STEPS};

    #[test]
    fn cases() {
        table(
            Step::Letters,
            &[
                ("arabic_yeh", "علي", "علی"),
                ("alef_maksura", "موسى", "موسی"),
                ("arabic_kaf", "كتاب", "کتاب"),
                ("teh_marbuta", "مدرسة", "مدرسه"),
                ("heh_goal", "ہمہ", "همه"),
                ("yeh_hamza", "مسی\u{0654}له", "مسئله"),
                (
                    "persian_kept",
                    "آیا مؤثر تأکید إسلامی",
                    "آیا مؤثر تأکید إسلامی",
                ),
                ("heh_hamza_kept", "خانهٔ ما و خانۀ او", "خانهٔ ما و خانۀ او"),
                (
                    "protected_url_kept",
                    "http://ali.ir/علي",
                    "http://ali.ir/علي",
                ),
            ],
        );
    }

    #[test]
    fn heh_hamza_styles() {
        let run = |style, text: &str| {
            let overrides = STEPS
                .iter()
                .map(|i| (i.step, i.step == Step::Letters))
                .collect();
            let opts = NormalizeOptions {
                overrides,
                heh_hamza: style,
                ..Default::default()
            };
            Normalizer::new(&opts)
                .normalize(text, false)
                .text()
                .to_string()
        };
        assert_eq!(run(HehHamzaStyle::Composed, "خانهٔ ما"), "خانۀ ما");
        assert_eq!(run(HehHamzaStyle::Decomposed, "خانۀ ما"), "خانه\u{0654} ما");
        assert_eq!(run(HehHamzaStyle::Keep, "خانۀ و خانهٔ"), "خانۀ و خانهٔ");
    }
}
