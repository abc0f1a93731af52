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

/// Detects the language of `text`, ignoring the byte ranges in `skip` (URLs,
/// mentions and other protected spans say nothing about the language). A
/// non-empty `declared` code wins (with score 1).
/// Characters of a text that decide its language: a paragraph is plenty, and
/// every document pays for the sample.
const SAMPLE_CHARS: usize = 512;

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
    let (mut arabic_script, mut latin, mut other) = (0usize, 0usize, 0usize);
    let (mut fa_votes, mut ar_votes) = (0usize, 0usize);
    // A short sample decides as well as the whole text.
    let sample = match text.char_indices().nth(SAMPLE_CHARS) {
        Some((b, _)) => &text[..b],
        None => text,
    };
    let mut kept = String::with_capacity(sample.len());
    let mut pos = 0;
    for r in skip.iter().filter(|r| r.start < sample.len()) {
        kept.push_str(&sample[pos.min(r.start)..r.start]);
        kept.push(' ');
        pos = r.end.min(sample.len());
    }
    kept.push_str(&sample[pos..]);
    let sample = kept.as_str();
    for c in sample.chars() {
        if c == '\u{0640}' || crate::text::script::is_mark(c) {
            continue; // tatweel and marks go away in normalization
        }
        if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}') {
            // A presentation form counts as the letters it stands for.
            let mut n = 0;
            unicode_normalization::char::decompose_compatible(c, |d| {
                n += usize::from(crate::text::script::is_arabic_letter(d))
            });
            arabic_script += n;
        } else if crate::text::script::is_arabic_letter(c) {
            arabic_script += 1;
            match c {
                'پ' | 'چ' | 'ژ' | 'گ' => fa_votes += 3,
                'ة' => ar_votes += 3,
                _ => {}
            }
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        } else if c.is_alphabetic() {
            other += 1;
        }
    }
    // Presentation forms are letters too: normalized, they join their word.
    let in_word = |c: char| {
        crate::text::script::is_arabic_letter(c)
            || crate::text::script::is_mark(c)
            || matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
    };
    for w in sample.split(|c: char| !in_word(c)) {
        if w.is_empty() {
            continue;
        }
        // Harakat do not change a word; hamza above does (ي + ٔ is ئ).
        let plain: String;
        let w = if w
            .chars()
            .any(|c| crate::text::script::is_mark(c) && c != crate::text::script::HAMZA_ABOVE)
        {
            plain = w
                .chars()
                .filter(|&c| {
                    !crate::text::script::is_mark(c) || c == crate::text::script::HAMZA_ABOVE
                })
                .collect();
            plain.as_str()
        } else {
            w
        };
        // Every listed word is short; most words of a text are not.
        if w.len() <= 10 {
            if is_persian_word(w) {
                fa_votes += 2;
            }
            if is_arabic_word(w) {
                ar_votes += 2;
            }
        }
        if w.starts_with("ال") && w.chars().count() > 3 {
            ar_votes += 1;
        }
    }
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
