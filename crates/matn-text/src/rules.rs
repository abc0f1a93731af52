//! The rules a normalization edit is made by. Each belongs to one step and
//! is named `step.what` in the API (`Edit.rule`, `NormalizationStep.rules`).

/// A normalization rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A format character removed (BOM, bidi control, soft hyphen, zero-width space).
    InvisibleFormat,
    /// A ZWJ outside an emoji removed.
    InvisibleZwj,
    /// A ZWNJ next to another removed.
    InvisibleZwnjDuplicate,
    /// A ZWNJ at a word's edge removed.
    InvisibleZwnjEdge,
    /// A ZWNJ after a letter that does not join, before a suffix, removed.
    InvisibleZwnjNonJoining,
    /// An Arabic presentation form replaced by its letters.
    UnicodePresentationForm,
    /// Characters composed (NFC).
    UnicodeNfc,
    /// Harakat, shadda, sukun or Quranic marks removed.
    DiacriticsHarakat,
    /// Tatweel (kashida) removed, or a lone one between spaces made a dash.
    DiacriticsTatweel,
    /// Arabic yeh or alef maksura made Persian yeh.
    LettersArabicYeh,
    /// Arabic kaf made Persian kaf.
    LettersArabicKaf,
    /// Heh goal, heh doachashmee or ae made heh.
    LettersHehGoal,
    /// Teh marbuta made heh.
    LettersTehMarbuta,
    /// A yeh and a combining hamza made yeh with hamza above.
    LettersYehHamza,
    /// Heh hamza written in the requested style.
    LettersHehHamza,
    /// Digits made Persian.
    DigitsPersian,
    /// Digits made Latin.
    DigitsLatin,
    /// A Latin comma made Persian.
    PunctuationComma,
    /// A Latin semicolon made Persian.
    PunctuationSemicolon,
    /// A Latin question mark made Persian.
    PunctuationQuestion,
    /// Three dots made an ellipsis.
    PunctuationEllipsis,
    /// A run of whitespace other than plain spaces (no-break space, tab) made one space.
    WhitespaceSpace,
    /// A run of spaces made one, or whitespace around one line break made the break.
    WhitespaceCollapse,
    /// Whitespace at the start or the end of the text removed.
    WhitespaceTrim,
    /// Two or more line breaks made one blank line.
    WhitespaceNewlines,
    /// Space before punctuation removed.
    SpacingBeforePunct,
    /// A space put between punctuation and the word or number glued after it.
    SpacingAfterPunct,
    /// Space inside brackets or quotes removed, or a space put before an opening one glued to a word.
    SpacingInsideBrackets,
    /// A ZWNJ after the verb prefix می/نمی.
    ZwnjPrefixMi,
    /// A ZWNJ before a suffix (ها, تر, ترین, ای ...).
    ZwnjSuffix,
    /// A ZWNJ between the parts of a compound.
    ZwnjCompound,
    /// A ZWNJ where the lexicon writes one.
    ZwnjLexicon,
}

impl Rule {
    /// Every rule, steps in pipeline order.
    pub const ALL: [Rule; 32] = [
        Rule::InvisibleFormat,
        Rule::InvisibleZwj,
        Rule::InvisibleZwnjDuplicate,
        Rule::InvisibleZwnjEdge,
        Rule::InvisibleZwnjNonJoining,
        Rule::UnicodePresentationForm,
        Rule::UnicodeNfc,
        Rule::DiacriticsHarakat,
        Rule::DiacriticsTatweel,
        Rule::LettersArabicYeh,
        Rule::LettersArabicKaf,
        Rule::LettersHehGoal,
        Rule::LettersTehMarbuta,
        Rule::LettersYehHamza,
        Rule::LettersHehHamza,
        Rule::DigitsPersian,
        Rule::DigitsLatin,
        Rule::PunctuationComma,
        Rule::PunctuationSemicolon,
        Rule::PunctuationQuestion,
        Rule::PunctuationEllipsis,
        Rule::WhitespaceSpace,
        Rule::WhitespaceCollapse,
        Rule::WhitespaceTrim,
        Rule::WhitespaceNewlines,
        Rule::SpacingBeforePunct,
        Rule::SpacingAfterPunct,
        Rule::SpacingInsideBrackets,
        Rule::ZwnjPrefixMi,
        Rule::ZwnjSuffix,
        Rule::ZwnjCompound,
        Rule::ZwnjLexicon,
    ];

    /// The id of the step the rule belongs to: its name up to the dot.
    pub fn step_id(self) -> &'static str {
        self.as_str().split_once('.').map_or("", |(step, _)| step)
    }

    /// The rule's name in the API: its step, a dot, what it changes.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::InvisibleFormat => "invisible.format",
            Rule::InvisibleZwj => "invisible.zwj",
            Rule::InvisibleZwnjDuplicate => "invisible.zwnj_duplicate",
            Rule::InvisibleZwnjEdge => "invisible.zwnj_edge",
            Rule::InvisibleZwnjNonJoining => "invisible.zwnj_non_joining",
            Rule::UnicodePresentationForm => "unicode.presentation_form",
            Rule::UnicodeNfc => "unicode.nfc",
            Rule::DiacriticsHarakat => "diacritics.harakat",
            Rule::DiacriticsTatweel => "diacritics.tatweel",
            Rule::LettersArabicYeh => "letters.arabic_yeh",
            Rule::LettersArabicKaf => "letters.arabic_kaf",
            Rule::LettersHehGoal => "letters.heh_goal",
            Rule::LettersTehMarbuta => "letters.teh_marbuta",
            Rule::LettersYehHamza => "letters.yeh_hamza",
            Rule::LettersHehHamza => "letters.heh_hamza",
            Rule::DigitsPersian => "digits.persian",
            Rule::DigitsLatin => "digits.latin",
            Rule::PunctuationComma => "punctuation.comma",
            Rule::PunctuationSemicolon => "punctuation.semicolon",
            Rule::PunctuationQuestion => "punctuation.question",
            Rule::PunctuationEllipsis => "punctuation.ellipsis",
            Rule::WhitespaceSpace => "whitespace.space",
            Rule::WhitespaceCollapse => "whitespace.collapse",
            Rule::WhitespaceTrim => "whitespace.trim",
            Rule::WhitespaceNewlines => "whitespace.newlines",
            Rule::SpacingBeforePunct => "spacing.before_punct",
            Rule::SpacingAfterPunct => "spacing.after_punct",
            Rule::SpacingInsideBrackets => "spacing.inside_brackets",
            Rule::ZwnjPrefixMi => "zwnj.prefix_mi",
            Rule::ZwnjSuffix => "zwnj.suffix",
            Rule::ZwnjCompound => "zwnj.compound",
            Rule::ZwnjLexicon => "zwnj.lexicon",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;
    use crate::normalize::STEPS;

    #[test]
    fn each_rule_is_listed_under_the_step_its_name_gives() {
        for rule in Rule::ALL {
            let listed: Vec<&str> = STEPS
                .iter()
                .filter(|s| s.rules().any(|r| r == rule))
                .map(|s| s.id)
                .collect();
            let step = rule.as_str().split('.').next().unwrap();
            assert_eq!(listed, [step], "{rule:?}");
        }
        let listed: usize = STEPS.iter().map(|s| s.rules().count()).sum();
        assert_eq!(listed, Rule::ALL.len());
    }
}
