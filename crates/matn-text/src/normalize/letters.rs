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

use crate::align::{Rewriter, WorkingText};
use crate::normalize::HehHamzaStyle;
use crate::rules::Rule;
use crate::script::HAMZA_ABOVE;

pub fn apply(
    text: &WorkingText,
    mut rw: Rewriter,
    heh_hamza: HehHamzaStyle,
) -> Option<WorkingText> {
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
        // The letters this step changes, with the hamza after them when it
        // goes into the replacement (`len` 2).
        let change: Option<(usize, &str, Rule)> = match c {
            'ي' | 'ى' | 'ی' if next_is_hamza => Some((2, "ئ", Rule::LettersYehHamza)),
            'ي' | 'ى' => Some((1, "ی", Rule::LettersArabicYeh)),
            'ك' | 'ڪ' => Some((1, "ک", Rule::LettersArabicKaf)),
            'ة' => Some((1, "ه", Rule::LettersTehMarbuta)),
            'ہ' | 'ھ' | 'ە' if next_is_hamza && heh_hamza == HehHamzaStyle::Composed => {
                Some((2, "ۀ", Rule::LettersHehHamza))
            }
            'ہ' | 'ھ' | 'ە' => Some((1, "ه", Rule::LettersHehGoal)),
            'ه' if next_is_hamza && heh_hamza == HehHamzaStyle::Composed => {
                Some((2, "ۀ", Rule::LettersHehHamza))
            }
            'ۀ' | 'ۂ' if heh_hamza == HehHamzaStyle::Decomposed => {
                Some((1, "ه\u{0654}", Rule::LettersHehHamza))
            }
            'ۂ' => Some((1, "ۀ", Rule::LettersHehHamza)),
            _ => None,
        };
        match change {
            Some((len, to, rule)) => {
                let end = if len == 2 {
                    next + HAMZA_ABOVE.len_utf8()
                } else {
                    next
                };
                rw.replace(i..end, to, rule);
                i = end;
            }
            None => i = next,
        }
    }
    rw.finish()
}

#[cfg(test)]
mod tests {
    use crate::normalize::test_util::table;
    use crate::normalize::{HehHamzaStyle, NormalizeOptions, Normalizer, Step, STEPS};

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
            Normalizer::new(&opts, crate::lexicon::Lexicon::builtin())
                .normalize(text, false)
                .text()
                .to_string()
        };
        assert_eq!(run(HehHamzaStyle::Composed, "خانهٔ ما"), "خانۀ ما");
        assert_eq!(run(HehHamzaStyle::Decomposed, "خانۀ ما"), "خانه\u{0654} ما");
        assert_eq!(run(HehHamzaStyle::Keep, "خانۀ و خانهٔ"), "خانۀ و خانهٔ");
    }
}
