//! Persian, Arabic or something else: a script and function-word check.
//!
//! Persian and Arabic share a script, so letters alone cannot tell them apart.
//! Persian-only letters (پ چ ژ گ) and Persian function words (است، این، که، را،
//! می) vote for Persian; Arabic-only letters (ة, final ى) and Arabic function words
//! (في، من، على، إلى، الذي، التي، هذا) vote for Arabic. Text with few Arabic-script
//! letters is `und` (undetermined).

/// A detected language.
#[derive(Clone, Debug, PartialEq)]
pub struct Language {
    /// BCP-47 code: `fa`, `ar`, or `und`.
    pub code: &'static str,
    /// Confidence in [0, 1].
    pub score: f32,
}

/// Persian function and very common words.
fn is_persian_word(w: &str) -> bool {
    matches!(
        w,
        "است"
            | "این"
            | "که"
            | "را"
            | "می"
            | "برای"
            | "با"
            | "از"
            | "به"
            | "آن"
            | "شد"
            | "کرد"
            | "هم"
            | "بود"
            | "نیز"
            | "یک"
            | "خود"
            | "شده"
            | "کند"
            | "ما"
            | "او"
            | "آنها"
            | "تا"
            | "گفت"
            | "ایران"
            | "هست"
    )
}
/// Arabic function words.
fn is_arabic_word(w: &str) -> bool {
    matches!(
        w,
        "في" | "من"
            | "على"
            | "إلى"
            | "الى"
            | "الذي"
            | "التي"
            | "هذا"
            | "هذه"
            | "أن"
            | "إن"
            | "كان"
            | "عن"
            | "مع"
            | "قال"
            | "ذلك"
            | "لم"
            | "لا"
            | "ما"
            | "هو"
            | "هي"
            | "بين"
            | "كل"
            | "بعد"
    )
}

impl Language {
    /// Whether Persian-specific normalization applies: Persian text, and text
    /// without letters at all (numbers, dates) so that its digits follow the
    /// Persian defaults.
    pub fn persian_rules(&self) -> bool {
        self.code == "fa" || (self.code == "und" && self.score == 0.0)
    }
}

/// Characters of a text that decide its language: a paragraph is plenty, and
/// every document pays for the sample.
const SAMPLE_CHARS: usize = 512;

/// What the sample holds: letters by script, and votes for Persian and Arabic.
#[derive(Default)]
struct Tally {
    arabic_script: usize,
    latin: usize,
    other: usize,
    fa_votes: usize,
    ar_votes: usize,
}

impl Tally {
    /// Counts the characters and words of `seg`, a stretch of the sample that
    /// ends at a word boundary.
    fn feed(&mut self, seg: &str) {
        use crate::text::script::{is_arabic_letter, is_mark, HAMZA_ABOVE};
        let presentation = |c: char| matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}');
        // The word being read: its start and whether it has marks to drop.
        let mut word: Option<(usize, bool)> = None;
        for (i, c) in seg.char_indices() {
            let letter = is_arabic_letter(c);
            let mark = !letter && is_mark(c);
            if letter || mark || presentation(c) {
                let w = word.get_or_insert((i, false));
                w.1 |= mark && c != HAMZA_ABOVE;
            } else if let Some((start, marks)) = word.take() {
                self.word(&seg[start..i], marks);
            }
            if c == '\u{0640}' || mark {
                continue; // tatweel and marks go away in normalization
            }
            if letter {
                self.arabic_script += 1;
                match c {
                    'پ' | 'چ' | 'ژ' | 'گ' => self.fa_votes += 3,
                    'ة' => self.ar_votes += 3,
                    _ => {}
                }
            } else if presentation(c) {
                // A presentation form counts as the letters it stands for.
                unicode_normalization::char::decompose_compatible(c, |d| {
                    self.arabic_script += usize::from(is_arabic_letter(d))
                });
            } else if c.is_ascii_alphabetic() {
                self.latin += 1;
            } else if c.is_alphabetic() {
                self.other += 1;
            }
        }
        if let Some((start, marks)) = word {
            self.word(&seg[start..], marks);
        }
    }

    /// Votes for word `w` (of Arabic letters, marks and presentation forms).
    fn word(&mut self, w: &str, marks: bool) {
        use crate::text::script::{is_mark, HAMZA_ABOVE};
        // Words are compared without their marks (hamza above stays).
        let plain: String;
        let w = if marks {
            plain = w
                .chars()
                .filter(|&c| !is_mark(c) || c == HAMZA_ABOVE)
                .collect();
            plain.as_str()
        } else {
            w
        };
        // Function words are frequent and tell the languages apart.
        if w.len() <= 10 {
            if is_persian_word(w) {
                self.fa_votes += 2;
            }
            if is_arabic_word(w) {
                self.ar_votes += 2;
            }
        }
        if w.starts_with("ال") && w.chars().count() > 3 {
            self.ar_votes += 1;
        }
    }
}

/// Detects the language of `text`, ignoring the byte ranges in `skip` (URLs,
/// mentions and other protected spans say nothing about the language). A
/// non-empty `declared` code wins (with score 1).
pub fn detect(text: &str, declared: &str, skip: &[std::ops::Range<usize>]) -> Language {
    let declared = declared.trim().to_ascii_lowercase();
    if !declared.is_empty() {
        let primary = declared.split(['-', '_']).next().unwrap_or("");
        let code = match primary {
            "fa" | "per" | "fas" | "prs" => "fa",
            "ar" | "ara" => "ar",
            _ => "und",
        };
        return Language { code, score: 1.0 };
    }
    // A short sample decides as well as the whole text.
    let sample = match text.char_indices().nth(SAMPLE_CHARS) {
        Some((b, _)) => &text[..b],
        None => text,
    };
    let mut tally = Tally::default();
    let mut pos = 0;
    for r in skip.iter().filter(|r| r.start < sample.len()) {
        tally.feed(&sample[pos.min(r.start)..r.start]);
        pos = r.end.min(sample.len());
    }
    tally.feed(&sample[pos..]);
    let Tally {
        arabic_script,
        latin,
        other,
        fa_votes,
        ar_votes,
    } = tally;
    let letters = arabic_script + latin + other;
    if letters == 0 || arabic_script * 2 < letters {
        let score = if letters == 0 {
            0.0
        } else {
            1.0 - arabic_script as f32 / letters as f32
        };
        return Language { code: "und", score };
    }
    let votes = fa_votes + ar_votes;
    if votes == 0 {
        return Language {
            code: "fa",
            score: 0.5,
        };
    }
    let share = fa_votes as f32 / votes as f32;
    if ar_votes >= 4 && ar_votes > fa_votes * 2 {
        Language {
            code: "ar",
            score: 1.0 - share,
        }
    } else {
        Language {
            code: "fa",
            score: share.max(0.5),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one span to skip, on purpose
    fn cases() {
        let cases = [
            ("persian", "شمخانی گفت که این روند متوقف خواهد شد", "fa"),
            ("arabic", "قال الرئيس إن الاجتماع في القاهرة كان مفيدا", "ar"),
            ("english", "The meeting was useful", "und"),
            ("empty", "", "und"),
            (
                "persian_with_arabic_quote",
                "امام علی (ع) فرمود: العلم نور و این سخن را همه می‌دانند",
                "fa",
            ),
        ];
        for (name, text, code) in cases {
            assert_eq!(detect(text, "", &[]).code, code, "case {name}");
        }
        assert_eq!(detect("قال", "fa-IR", &[]).code, "fa");
        let text = "https://example.com/english-words-here کتاب";
        assert_eq!(
            detect(text, "", &[0..text.find(' ').unwrap_or(0)]).code,
            "fa"
        );
    }
}
