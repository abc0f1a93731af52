//! Normalization: a fixed order of small steps, each switchable per request.
//!
//! | step | rules (edit ids) |
//! |---|---|
//! | `invisible` | `invisible.format`, `invisible.zwj`, `invisible.zwnj_duplicate`, `invisible.zwnj_edge`, `invisible.zwnj_non_joining` |
//! | `unicode` | `unicode.presentation_form`, `unicode.nfc` |
//! | `diacritics` | `diacritics.harakat`, `diacritics.tatweel` |
//! | `letters` | `letters.arabic_yeh`, `letters.arabic_kaf`, `letters.heh_goal`, `letters.teh_marbuta`, `letters.yeh_hamza`, `letters.heh_hamza` |
//! | `digits` | `digits.persian`, `digits.latin` |
//! | `punctuation` | `punctuation.comma`, `punctuation.semicolon`, `punctuation.question`, `punctuation.ellipsis` |
//! | `whitespace` | `whitespace.space`, `whitespace.collapse`, `whitespace.trim`, `whitespace.newlines` |
//! | `spacing` | `spacing.before_punct`, `spacing.after_punct`, `spacing.inside_brackets` |
//! | `zwnj` | `zwnj.prefix_mi`, `zwnj.suffix`, `zwnj.compound`, `zwnj.lexicon` |
//!
//! One table-driven pass over the bytes (`scan.rs`) first tells which steps may
//! have work; the others are skipped, so clean text costs about one read.
//!
//! Protected spans ([`crate::protect`]) are never changed, except that the
//! `digits` step rewrites the digits of numbers, dates and times one for one.
//! Normalizing a normalized text changes nothing (a property test checks it).

mod diacritics;
mod digits;
mod invisible;
mod letters;
mod punctuation;
mod scan;
mod spacing;
mod unicode;
mod whitespace;
pub mod zwnj;

use crate::align::{Edit, Rewriter, WorkingText};
use crate::language::{self, Language};
use crate::lexicon::Lexicon;
use crate::protect;
use crate::rules::Rule;
use scan::Needs;
use std::ops::Range;
pub use zwnj::{ComparativeStyle, ZwnjOptions};

/// Which digits the normalized text uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DigitStyle {
    #[default]
    Persian,
    Latin,
    Keep,
}

/// How the ezafe heh-with-hamza is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HehHamzaStyle {
    #[default]
    Keep,
    /// ۀ (U+06C0)
    Composed,
    /// ه + U+0654
    Decomposed,
}

/// A bundle of step defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Preset {
    #[default]
    Standard,
    Minimal,
}

/// The normalization steps in the order they run, with their switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Invisible,
    Unicode,
    Diacritics,
    Letters,
    Digits,
    Punctuation,
    Whitespace,
    Spacing,
    Zwnj,
}

/// Description of a step for capability listings.
pub struct StepInfo {
    pub step: Step,
    pub id: &'static str,
    pub description: &'static str,
    pub in_standard: bool,
    pub in_minimal: bool,
}

impl StepInfo {
    /// The rules this step's edits name: those whose name starts with its id.
    pub fn rules(&self) -> impl Iterator<Item = Rule> + '_ {
        Rule::ALL
            .into_iter()
            .filter(move |r| r.step_id() == self.id)
    }
}

/// Every step, in pipeline order.
pub const STEPS: &[StepInfo] = &[
    StepInfo {
        step: Step::Invisible,
        id: "invisible",
        description: "Remove BOM, bidi controls, soft hyphens, zero-width spaces, ZWJ outside emoji; remove duplicate ZWNJ, ZWNJ at a word edge, and ZWNJ after a non-joining letter before a suffix",
        in_standard: true,
        in_minimal: true,
    },
    StepInfo {
        step: Step::Unicode,
        id: "unicode",
        description: "Unicode NFC composition; Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFF) to their letters",
        in_standard: true,
        in_minimal: true,
    },
    StepInfo {
        step: Step::Diacritics,
        id: "diacritics",
        description: "Remove harakat, shadda, sukun, superscript alef, Quranic marks and tatweel (kashida); a lone tatweel between spaces becomes a dash",
        in_standard: true,
        in_minimal: false,
    },
    StepInfo {
        step: Step::Letters,
        id: "letters",
        description: "Arabic letters to Persian: ي ى→ی, ك→ک, ە→ه, ة→ه, ی+hamza→ئ; heh-hamza per heh_hamza style",
        in_standard: true,
        in_minimal: true,
    },
    StepInfo {
        step: Step::Digits,
        id: "digits",
        description: "Digits to the chosen style (Persian by default), also inside numbers, dates and times; digits glued to Latin letters stay",
        in_standard: true,
        in_minimal: false,
    },
    StepInfo {
        step: Step::Punctuation,
        id: "punctuation",
        description: "Latin , ; ? to Persian ، ؛ ؟ next to Persian text; ... to …",
        in_standard: true,
        in_minimal: false,
    },
    StepInfo {
        step: Step::Whitespace,
        id: "whitespace",
        description: "Unify space characters (NBSP, thin spaces, tabs) to U+0020, collapse runs, trim lines, at most one blank line",
        in_standard: true,
        in_minimal: true,
    },
    StepInfo {
        step: Step::Spacing,
        id: "spacing",
        description: "No space before . ، ؛ ؟ ! : » ) ] and one after; no space just inside « » ( ) [ ]",
        in_standard: true,
        in_minimal: false,
    },
    StepInfo {
        step: Step::Zwnj,
        id: "zwnj",
        description: "Restore ZWNJ in glued words (میپردازند, رئیسجمهور) and in words split by a space (می پردازند, کتاب ها), decided with the built-in lexicon",
        in_standard: true,
        in_minimal: false,
    },
];

/// Per-request normalization settings: a preset plus per-step overrides.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormalizeOptions {
    pub preset: Preset,
    /// `None`: the preset's choice.
    pub digits: Option<DigitStyle>,
    pub heh_hamza: HehHamzaStyle,
    /// Per-step overrides; `None` keeps the preset default.
    pub overrides: Vec<(Step, bool)>,
    /// Language the caller declared ("fa", "ar"...); empty: detect.
    pub language_code: String,
    /// What the ZWNJ restorer may do.
    pub zwnj: ZwnjOptions,
}

impl NormalizeOptions {
    fn enabled(&self, step: Step) -> bool {
        if let Some(&(_, on)) = self.overrides.iter().rev().find(|(s, _)| *s == step) {
            return on;
        }
        let info = STEPS
            .iter()
            .find(|i| i.step == step)
            .expect("every step is listed");
        match self.preset {
            Preset::Standard => info.in_standard,
            Preset::Minimal => info.in_minimal,
        }
    }

    fn digit_style(&self) -> DigitStyle {
        self.digits.unwrap_or(match self.preset {
            Preset::Standard => DigitStyle::Persian,
            Preset::Minimal => DigitStyle::Keep,
        })
    }
}

/// A configured normalizer: which steps run, in order. Cheap to build per request.
#[derive(Clone, Debug)]
pub struct Normalizer {
    steps: Vec<Step>,
    zwnj: ZwnjOptions,
    lexicon: &'static Lexicon,
    digits: DigitStyle,
    heh_hamza: HehHamzaStyle,
    language_code: String,
    /// Skip the steps the scan finds nothing for (off only in tests that check
    /// the scan).
    skip_idle: bool,
}

/// What normalization judges from a whole document before it changes
/// anything: its language and what happened to its ZWNJ. A text that arrives
/// in pieces is judged once, from its beginning, and every piece is
/// normalized as that judgement says, as the whole text would be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Judgement {
    pub language: Language,
    /// `None` where the ZWNJ step did not judge (it is off, the text is not
    /// Persian or has no words yet).
    pub damage: Option<zwnj::Damage>,
    /// Where `damage` is spaced: the judgement of the text once its spaces
    /// are repaired, by which the ZWNJ step runs a second time. Repaired
    /// spaces are ZWNJ the text then writes, and the words the author glued
    /// may now read as damage (or not); a second normalization would judge
    /// them so, and normalizing twice must change nothing.
    pub repaired: Option<zwnj::Damage>,
}

/// The result of normalization: the new text, its alignment to the original, and
/// every change made.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// The text, its alignment and protected spans.
    working_text: WorkingText,
    pub edits: Vec<Edit>,
    pub language: Language,
    /// The judgement the text was normalized with.
    pub judgement: Judgement,
    /// Whether more text after this one could not have changed the judgement
    /// (see [`Normalizer::normalize_judged`]).
    pub settled: bool,
}

impl Normalized {
    /// The normalized text.
    pub fn text(&self) -> &str {
        self.working_text.as_str()
    }

    /// Original byte range of normalized byte range `range` (character boundaries).
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        self.working_text.original_range(range)
    }

    /// The normalized text with its alignment and protected spans (what
    /// tokenizing works on).
    pub fn working_text(&self) -> &WorkingText {
        &self.working_text
    }

    /// Normalized byte range of the edit's effect on the final text: the
    /// characters whose origin lies inside the edit's original range.
    pub fn normalized_range_of(&self, original: &Range<usize>) -> Range<usize> {
        self.working_text.range_of_original(original)
    }
}

impl Normalizer {
    /// The ZWNJ half of the `invisible` step (see [`invisible::apply_zwnj`]), run
    /// once, right after `diacritics`.
    fn clean_zwnj(
        &self,
        aligned: &mut WorkingText,
        needs: &mut Needs,
        edits: Option<&mut Vec<Edit>>,
    ) {
        if !self.runs(Step::Invisible) || !needs.has(Needs::ZWNJ) {
            return;
        }
        if let Some(next) = invisible::apply_zwnj(aligned, Rewriter::new(aligned, edits)) {
            *aligned = next;
            *needs = scan::scan(aligned.as_str());
        }
    }

    /// A normalizer with `options` that reads `lexicon` (ZWNJ restoration).
    pub fn new(options: &NormalizeOptions, lexicon: &'static Lexicon) -> Self {
        let steps = STEPS
            .iter()
            .map(|i| i.step)
            .filter(|s| options.enabled(*s))
            .collect();
        Normalizer {
            steps,
            zwnj: options.zwnj,
            lexicon,
            digits: options.digit_style(),
            heh_hamza: options.heh_hamza,
            language_code: options.language_code.clone(),
            skip_idle: true,
        }
    }

    /// Whether `step` runs.
    pub fn runs(&self, step: Step) -> bool {
        self.steps.contains(&step)
    }

    /// Normalizes `text`. `record_edits` keeps the list of changes.
    pub fn normalize(&self, text: &str, record_edits: bool) -> Normalized {
        self.normalize_judged(text, record_edits, None)
    }

    /// Normalizes `text` as a piece of a longer text that was judged `fixed`
    /// (from its beginning); without it, judges `text` itself.
    pub fn normalize_judged(
        &self,
        text: &str,
        record_edits: bool,
        fixed: Option<Judgement>,
    ) -> Normalized {
        let mut needs = if self.skip_idle {
            scan::scan(text)
        } else {
            Needs::EVERYTHING
        };
        let protected = if needs.has(Needs::PROTECT) {
            protect::find(text)
        } else {
            Vec::new()
        };
        let skip: Vec<Range<usize>> = protected.iter().map(|p| p.range.clone()).collect();
        let language = match fixed {
            Some(j) => j.language,
            None => language::detect(text, &self.language_code, &skip),
        };
        let language_settled =
            fixed.is_some() || !self.language_code.trim().is_empty() || language::settled(text);
        // A step that does not run judges nothing that could change.
        let mut damage = fixed.and_then(|j| j.damage);
        let mut repaired = fixed.and_then(|j| j.repaired);
        let mut damage_settled = fixed.is_some() || !self.runs(Step::Zwnj);
        // Persian-specific rewriting would damage Arabic (and Latin) text.
        let persian = language.persian_rules();
        let mut aligned = WorkingText::new(text, protected.into_iter().map(|p| (p.range, p.kind)));
        let mut edits = Vec::new();
        let mut zwnj_cleaned = false;
        let digits = match self.digits {
            DigitStyle::Persian => Needs::ASCII_DIGITS | Needs::ARABIC_DIGITS,
            DigitStyle::Latin => Needs::ARABIC_DIGITS | Needs::PERSIAN_DIGITS,
            DigitStyle::Keep => Needs::default(),
        };
        for &step in &self.steps {
            // Stray ZWNJ are judged once marks are gone and before any step
            // looks at what stands next to a punctuation mark or a space.
            if !zwnj_cleaned
                && !matches!(
                    step,
                    Step::Unicode | Step::Invisible | Step::Letters | Step::Diacritics
                )
            {
                self.clean_zwnj(&mut aligned, &mut needs, record_edits.then_some(&mut edits));
                zwnj_cleaned = true;
            }
            // Deleted tatweel, marks and invisibles can bring letters and marks
            // together that compose (ا + ٔ → أ): compose again before the letter
            // rules look at them, so that the result is NFC.
            if step == Step::Letters && self.runs(Step::Unicode) && needs.has(Needs::UNICODE) {
                let rec = record_edits.then_some(&mut edits);
                if let Some(next) = unicode::apply(&aligned, Rewriter::new(&aligned, rec)) {
                    aligned = next;
                }
            }
            // Skip a step the scan found nothing for.
            let wanted = match step {
                Step::Invisible => Needs::FORMAT,
                Step::Unicode => Needs::UNICODE,
                Step::Diacritics => Needs::DIACRITICS,
                Step::Letters => Needs::LETTERS,
                Step::Digits => digits,
                Step::Punctuation => Needs::PUNCTUATION,
                Step::Whitespace => Needs::WHITESPACE,
                Step::Spacing => Needs::SPACING,
                Step::Zwnj => Needs::default(),
            };
            if step != Step::Zwnj && !needs.has(wanted) {
                continue;
            }
            let rec = record_edits.then_some(&mut edits);
            let rw = Rewriter::new(&aligned, rec);
            let changed = match step {
                Step::Unicode => unicode::apply(&aligned, rw),
                Step::Invisible => invisible::apply_format(&aligned, rw),
                Step::Letters if persian => letters::apply(&aligned, rw, self.heh_hamza),
                Step::Diacritics if persian => diacritics::apply(&aligned, rw),
                Step::Digits if persian => digits::apply(&aligned, rw, self.digits),
                Step::Punctuation if persian => punctuation::apply(&aligned, rw),
                Step::Whitespace => {
                    whitespace::apply(&aligned, rw, needs.has(Needs::INNER_WHITESPACE))
                }
                Step::Spacing => spacing::apply(&aligned, rw),
                Step::Zwnj if persian => {
                    let (mut next, judged) =
                        zwnj::apply(&aligned, rw, self.zwnj, self.lexicon, damage);
                    if let Some((used, settled)) = judged {
                        damage = Some(used);
                        damage_settled = settled;
                    }
                    if damage == Some(zwnj::Damage::Spaced) {
                        let base = next.as_ref().unwrap_or(&aligned);
                        let rw = Rewriter::new(base, record_edits.then_some(&mut edits));
                        let (again, judged) =
                            zwnj::apply(base, rw, self.zwnj, self.lexicon, repaired);
                        repaired = judged.map(|(used, _)| used);
                        next = again.or(next);
                    }
                    next
                }
                _ => None,
            };
            if let Some(next) = changed {
                aligned = next;
                // Deletions and decompositions can bring anything together; the
                // other steps make nothing the scan did not already count (it
                // takes other white space for a space, `,` for `،`).
                if self.skip_idle
                    && matches!(step, Step::Invisible | Step::Unicode | Step::Diacritics)
                {
                    needs = scan::scan(aligned.as_str());
                }
            }
        }
        if !zwnj_cleaned {
            self.clean_zwnj(&mut aligned, &mut needs, record_edits.then_some(&mut edits));
        }
        let edits = compose(edits, text, &aligned);
        // Not Persian: the ZWNJ step did not run and judged nothing.
        damage_settled |= !persian;
        Normalized {
            working_text: aligned,
            edits,
            language,
            judgement: Judgement {
                language,
                damage,
                repaired,
            },
            settled: language_settled && damage_settled,
        }
    }
}

/// The edits in original order, each saying what the final text holds: where
/// a later step changed what an earlier one wrote (a collapsed space that
/// `spacing.before_punct` then deleted), the edits over the same original
/// text become one, from the original to the final text, under the rule of
/// the step that changed it last; one whose text ends as it began is
/// dropped. `edits` come in step order.
fn compose(edits: Vec<Edit>, original: &str, work: &WorkingText) -> Vec<Edit> {
    let mut edits: Vec<(usize, Edit)> = edits.into_iter().enumerate().collect();
    edits.sort_by_key(|(_, e)| (e.original.start, e.original.end));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut i = 0;
    while i < edits.len() {
        let range = edits[i].1.original.clone();
        let (mut end, mut last) = (range.end, i);
        let mut j = i + 1;
        // Overlapping ranges, or insertions at one point.
        while j < edits.len() {
            let next = &edits[j].1.original;
            let overlaps = next.start < end || (range.is_empty() && *next == range);
            if !overlaps {
                break;
            }
            end = end.max(next.end);
            if edits[j].0 > edits[last].0 {
                last = j;
            }
            j += 1;
        }
        if j == i + 1 {
            // Moved out: the edit is not looked at again.
            let edit = &mut edits[i].1;
            out.push(Edit {
                original: edit.original.clone(),
                replacement: std::mem::take(&mut edit.replacement),
                rule: edit.rule,
            });
        } else {
            let whole = range.start..end;
            let replacement = &work.as_str()[work.range_of_original(&whole)];
            if original.get(whole.clone()) != Some(replacement) {
                out.push(Edit {
                    original: whole,
                    replacement: replacement.to_string(),
                    rule: edits[last].1.rule,
                });
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    /// Normalizes with only `step` (and protection) enabled.
    pub fn only(step: Step, text: &str) -> String {
        let overrides = STEPS.iter().map(|i| (i.step, i.step == step)).collect();
        let opts = NormalizeOptions {
            overrides,
            ..Default::default()
        };
        Normalizer::new(&opts, crate::lexicon::Lexicon::builtin())
            .normalize(text, false)
            .text()
            .to_string()
    }

    /// Runs a table of (name, input, expected) through one step.
    pub fn table(step: Step, cases: &[(&str, &str, &str)]) {
        for (name, input, expected) in cases {
            let got = only(step, input);
            assert_eq!(
                &got, expected,
                "case {name}: input {input:?}\n expected {expected:?}\n   actual {got:?}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard(text: &str) -> Normalized {
        Normalizer::new(
            &NormalizeOptions::default(),
            crate::lexicon::Lexicon::builtin(),
        )
        .normalize(text, true)
    }

    /// Found by tests/mutations.rs: spaces repaired (`می شوند`), the text
    /// then writes ZWNJ less often than it glues (`استانها`), which a second
    /// normalization judged as glued damage and split.
    #[test]
    fn normalizing_twice_changes_nothing_after_spaces_are_repaired() {
        let text = "رویدادهایی که در استانها خبری می شوند استحسن روحانیانها - ایرنا - اقامه \
                    نمازعبادی سیاسی جمعه ، سمینار علمی ، تخصصی ایمنی در برابر زلزله در دانشگاه \
                    ایلام و همایش پیشگامان بصیرت ، مدافعان ولایت در قم از جمله مهمترین \
                    رویدادهایی است که روز جمعه 10يدی ماه در استانهای سراسر کشور خبری می شود .";
        let once = standard(text);
        assert_eq!(once.judgement.damage, Some(zwnj::Damage::Spaced));
        let twice = standard(once.text());
        assert_eq!(twice.text(), once.text());
    }

    #[test]
    fn whole_pipeline_table() {
        let cases = [
            ("letters_and_digits", "كتاب ي 123", "کتاب ی ۱۲۳"),
            ("spacing", "سلام ،خوبی ؟", "سلام، خوبی؟"),
            ("mi_prefix", "می پردازند", "می‌پردازند"),
            ("ha_suffix", "کتاب ها و کتاب های", "کتاب‌ها و کتاب‌های"),
            (
                "url_untouched",
                "ببینید http://x.ir/ي?a=1,2 را",
                "ببینید http://x.ir/ي?a=1,2 را",
            ),
            (
                "number_separators_kept",
                "مبلغ 1,234.5 دلار",
                "مبلغ ۱,۲۳۴.۵ دلار",
            ),
            ("time_colon_no_space", "ساعت 10:30", "ساعت ۱۰:۳۰"),
            (
                "arabic_text_kept",
                "قال الرئيس إن الاجتماع في القاهرة كان مفيدا",
                "قال الرئيس إن الاجتماع في القاهرة كان مفيدا",
            ),
        ];
        for (name, input, expected) in cases {
            let got = standard(input).text().to_string();
            assert_eq!(got, expected, "case {name}: input {input:?}");
        }
    }

    #[test]
    fn edits_locate_changes_on_the_original() {
        let input = "كتاب";
        let n = standard(input);
        assert_eq!(n.edits.len(), 1);
        let e = &n.edits[0];
        assert_eq!(
            (&input[e.original.clone()], e.replacement.as_str(), e.rule),
            ("ك", "ک", Rule::LettersArabicKaf)
        );
        assert_eq!(&n.text()[n.normalized_range_of(&e.original)], "ک");
    }
}
