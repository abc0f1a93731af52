//! Persian, Arabic or something else: a script and function-word check.
//!
//! Persian and Arabic share a script, so letters alone cannot tell them apart.
//! Persian-only letters (پ چ ژ گ) and Persian function words (است، این، که، را،
//! می) vote for Persian; Arabic-only letters (ة, final ى) and Arabic function words
//! (في، من، على، إلى، الذي، التي، هذا) vote for Arabic. Text mostly in Latin
//! letters is English (`en`) when English function words are among its words,
//! else `und` (undetermined, score 0); so is text in other scripts.

/// A detected language.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Language {
    /// BCP-47 code: `fa`, `ar`, `en`, or `und`.
    pub code: &'static str,
    /// Confidence in [0, 1]; 0 for `und`, unless the caller declared it.
    pub score: f32,
    /// Whether the sample had letters (of any script) at all.
    pub has_letters: bool,
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
/// English function words (lower case).
fn is_english_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "and"
            | "or"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "from"
            | "by"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "it"
            | "this"
            | "that"
            | "not"
            | "he"
            | "she"
            | "they"
            | "we"
            | "you"
            | "i"
            | "his"
            | "her"
            | "their"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "said"
    )
}

/// Of the Latin words of `sample` (outside `skip`), how many there are and
/// how many are English function words.
fn english_votes(sample: &str) -> (usize, usize) {
    let mut words = 0;
    let mut votes = 0;
    for w in sample.split(|c: char| !c.is_ascii_alphabetic() && c != '\'') {
        let w = w.trim_matches('\'');
        if w.is_empty() {
            continue;
        }
        words += 1;
        if w.len() <= 5 && is_english_word(&w.to_ascii_lowercase()) {
            votes += 1;
        }
    }
    (words, votes)
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
        self.code == "fa" || (self.code == "und" && !self.has_letters)
    }
}

/// Characters of a text that decide its language: a paragraph is plenty, and
/// every document pays for the sample.
const SAMPLE_CHARS: usize = 512;

/// Whether more text after `text` could not change its detected language: it
/// fills the sample, with a margin for a protected span (a URL) running across
/// the sample's end.
pub fn settled(text: &str) -> bool {
    text.char_indices().nth(SAMPLE_CHARS + 256).is_some()
}

/// What the sample holds: letters by script, and votes for Persian and Arabic.
#[derive(Default)]
struct Tally {
    arabic_script: usize,
    latin: usize,
    other: usize,
    fa_votes: usize,
    ar_votes: usize,
}

/// What a character is to the tally.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not a letter (digits, punctuation, space...).
    None,
    Letter,
    /// A Persian-only letter: پ چ ژ گ.
    PersianLetter,
    /// An Arabic-only letter: ة.
    ArabicLetter,
    /// A mark, left out of words and counts.
    Mark,
    /// Hamza above: left out of counts, kept in words.
    HamzaAbove,
    Tatweel,
    /// An Arabic presentation form: counts as the letters it stands for.
    Presentation,
    Latin,
    /// A letter of another script.
    OtherLetter,
}

impl Kind {
    fn of(c: char) -> Kind {
        use crate::script::{is_alphabetic, is_arabic_letter, is_mark, HAMZA_ABOVE};
        // Invisible format characters (ZWJ, bidi marks, BOM...) go away in
        // normalization: a word with one inside is read whole, as it will be
        // read again (`هي\u{200D}ة`).
        if dropped_invisible(c) {
            Kind::Mark
        } else if is_arabic_letter(c) {
            match c {
                'پ' | 'چ' | 'ژ' | 'گ' => Kind::PersianLetter,
                'ة' => Kind::ArabicLetter,
                _ => Kind::Letter,
            }
        } else if c == HAMZA_ABOVE {
            Kind::HamzaAbove
        } else if is_mark(c) {
            Kind::Mark
        } else if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}') {
            Kind::Presentation
        } else if c == '\u{0640}' {
            Kind::Tatweel
        } else if c.is_ascii_alphabetic() {
            Kind::Latin
        } else if is_alphabetic(c) {
            Kind::OtherLetter
        } else {
            Kind::None
        }
    }

    /// Whether the character belongs to a word.
    fn in_word(self) -> bool {
        matches!(
            self,
            Kind::Letter
                | Kind::PersianLetter
                | Kind::ArabicLetter
                | Kind::Mark
                | Kind::HamzaAbove
                | Kind::Presentation
        )
    }
}

/// The [`Kind`] of each code point of the Arabic block (U+0600–U+06FF).
fn arabic_kinds() -> &'static [Kind; 256] {
    static KINDS: std::sync::OnceLock<[Kind; 256]> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| {
        std::array::from_fn(|k| char::from_u32(0x600 + k as u32).map_or(Kind::None, Kind::of))
    })
}

impl Tally {
    /// Counts the characters and words of `seg`, a stretch of the sample that
    /// ends at a word boundary.
    fn feed(&mut self, seg: &str) {
        let kinds = arabic_kinds();
        let bytes = seg.as_bytes();
        // The word being read: its start and whether it has marks to drop.
        let mut word: Option<(usize, bool)> = None;
        let mut i = 0;
        while i < bytes.len() {
            // The Arabic block by table, without decoding.
            let b = bytes[i];
            let (kind, c, len) = if b < 0x80 {
                // ASCII: spaces and punctuation between Persian words, or Latin.
                let kind = if b.is_ascii_alphabetic() {
                    Kind::Latin
                } else {
                    Kind::None
                };
                (kind, None, 1)
            } else if let Some(k) = crate::script::arabic_block_index(bytes, i) {
                (kinds[k], None, 2)
            } else {
                let c = seg[i..].chars().next().unwrap_or(' ');
                (Kind::of(c), Some(c), c.len_utf8())
            };
            if kind.in_word() {
                let w = word.get_or_insert((i, false));
                w.1 |= kind == Kind::Mark;
            } else if let Some((start, marks)) = word.take() {
                self.word(&seg[start..i], marks);
            }
            match kind {
                Kind::Letter => self.arabic_script += 1,
                Kind::PersianLetter => {
                    self.arabic_script += 1;
                    self.fa_votes += 3;
                }
                Kind::ArabicLetter => {
                    self.arabic_script += 1;
                    self.ar_votes += 3;
                }
                Kind::Presentation => {
                    let c = c.unwrap_or(' ');
                    unicode_normalization::char::decompose_compatible(c, |d| {
                        self.arabic_script += usize::from(crate::script::is_arabic_letter(d))
                    });
                }
                Kind::Latin => self.latin += 1,
                Kind::OtherLetter => self.other += 1,
                // Tatweel and marks go away in normalization.
                Kind::None | Kind::Mark | Kind::HamzaAbove | Kind::Tatweel => {}
            }
            i += len;
        }
        if let Some((start, marks)) = word {
            self.word(&seg[start..], marks);
        }
    }

    /// Votes for word `w` (of Arabic letters, marks and presentation forms).
    fn word(&mut self, w: &str, marks: bool) {
        use crate::script::{is_mark, HAMZA_ABOVE};
        // Words are compared without their marks (hamza above stays).
        let plain: String;
        let w = if marks {
            plain = w
                .chars()
                .filter(|&c| (!is_mark(c) || c == HAMZA_ABOVE) && !dropped_invisible(c))
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

/// What the `invisible` step deletes (except ZWNJ, which may stay).
fn dropped_invisible(c: char) -> bool {
    c == crate::script::ZWJ || crate::script::is_junk_format(c)
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
            "en" | "eng" => "en",
            _ => "und",
        };
        return Language {
            code,
            score: 1.0,
            has_letters: true,
        };
    }
    // A short sample decides as well as the whole text.
    let sample = match text.char_indices().nth(SAMPLE_CHARS) {
        Some((b, _)) => &text[..b],
        None => text,
    };
    let mut tally = Tally::default();
    let mut pos = 0;
    let (mut latin_words, mut en_votes) = (0, 0);
    let mut feed = |seg: &str| {
        tally.feed(seg);
        if seg.bytes().any(|b| b.is_ascii_alphabetic()) {
            let (words, votes) = english_votes(seg);
            latin_words += words;
            en_votes += votes;
        }
    };
    for r in skip.iter().filter(|r| r.start < sample.len()) {
        feed(&sample[pos.min(r.start)..r.start]);
        pos = r.end.min(sample.len());
    }
    feed(&sample[pos..]);
    let Tally {
        arabic_script,
        latin,
        other,
        fa_votes,
        ar_votes,
    } = tally;
    let letters = arabic_script + latin + other;
    let language = |code, score| Language {
        code,
        score,
        has_letters: letters > 0,
    };
    if letters == 0 || arabic_script * 2 < letters {
        // Running English has about two function words in five; one in
        // five is still English, with less confidence.
        let share = en_votes as f32 / latin_words.max(1) as f32;
        return if latin * 2 >= letters && en_votes > 0 && share >= 0.2 {
            language("en", (0.5 + share * 1.25).min(1.0))
        } else {
            language("und", 0.0)
        };
    }
    let votes = fa_votes + ar_votes;
    if votes == 0 {
        return language("fa", 0.5);
    }
    let share = fa_votes as f32 / votes as f32;
    if ar_votes >= 4 && ar_votes > fa_votes * 2 {
        language("ar", 1.0 - share)
    } else {
        language("fa", share.max(0.5))
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
            ("english", "The meeting was useful", "en"),
            (
                "english_with_a_persian_name",
                "Rouhani said the talks with Tehran (تهران) were useful",
                "en",
            ),
            ("french", "La réunion était utile", "und"),
            ("latin_brand_names", "iPhone Galaxy Pixel", "und"),
            ("numbers_only", "۱۲ 34 5.6", "und"),
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
        assert_eq!(detect("Hello", "en-US", &[]).code, "en");
        // Undetermined is said with no confidence; a text without letters
        // keeps the Persian rules (its digits), Latin text does not.
        let und = detect("iPhone Galaxy", "", &[]);
        assert_eq!((und.score, und.persian_rules()), (0.0, false));
        assert!(detect("۱۲ 34", "", &[]).persian_rules());
        let en = detect("The meeting was useful", "", &[]);
        assert!(en.score > 0.5 && !en.persian_rules(), "{en:?}");
        // A joiner or bidi mark inside a word does not split it
        // (normalization drops them).
        for text in ["هي\u{200D}ة", "هي\u{200F}ة", "هي\u{FEFF}ة"] {
            assert_eq!(detect(text, "", &[]).code, detect("هية", "", &[]).code);
        }
        let text = "https://example.com/english-words-here کتاب";
        assert_eq!(
            detect(text, "", &[0..text.find(' ').unwrap_or(0)]).code,
            "fa"
        );
    }
}
