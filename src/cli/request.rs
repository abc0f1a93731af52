//! The command line's flags as the request a client would send.

use super::Command;
use crate::api::{json, pb, ApiError, Engine};
use crate::config::{
    AnalysisArgs, ComparativeArg, DigitsArg, FeatureArg, HehHamzaArg, LemmaStyleArg,
    NormalizationArgs, OffsetEncodingArg, PresetArg, StepArg,
};
use serde_json::{json, Value};

/// A request with everything but the document: what each text of a run gets.
pub enum Job {
    Normalize(pb::NormalizeRequest),
    Analyze(pb::AnalyzeRequest),
}

/// The answer to a [`Job`] for one text.
pub enum Response {
    Normalize(pb::NormalizeResponse),
    Analyze(pb::AnalyzeResponse),
}

/// One `--jsonl` output line: the input's `id`, then (for Normalize) the
/// normalized text as `text`, then the response's other fields.
#[derive(serde::Serialize)]
struct Line<'a, R> {
    id: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(flatten)]
    response: &'a R,
}

impl Response {
    /// Writes the response as proto3 JSON, compact or indented, as it is
    /// serialized (no copy of a big result is made).
    pub fn write<W: std::io::Write>(&self, w: W, compact: bool) -> std::io::Result<()> {
        match (self, compact) {
            (Response::Normalize(r), true) => json::write(w, r),
            (Response::Normalize(r), false) => json::write_pretty(w, r),
            (Response::Analyze(r), true) => json::write(w, r),
            (Response::Analyze(r), false) => json::write_pretty(w, r),
        }
    }

    /// The `--jsonl` output line for input `id` (UTF-8 JSON, without the
    /// line break).
    pub fn into_line(mut self, id: &Value) -> Vec<u8> {
        match &mut self {
            Response::Normalize(r) => {
                let text = std::mem::take(&mut r.normalized_text);
                json::to_vec(&Line {
                    id,
                    text: Some(&text),
                    response: r,
                })
            }
            Response::Analyze(r) => json::to_vec(&Line {
                id,
                text: None,
                response: r,
            }),
        }
    }
}

impl Job {
    pub fn new(command: Command) -> Job {
        match command {
            Command::Normalize(a) => Job::Normalize(pb::NormalizeRequest {
                document: None,
                normalization: normalization(&a.normalization),
                offset_encoding: encoding(&a.normalization) as i32,
                include_edits: a.edits,
            }),
            Command::Analyze(a) => Job::Analyze(analyze_request(&a.normalization, &a.analysis)),
        }
    }

    /// Runs the request on `text`; `Err` holds the error as `{code,
    /// message}` (and `fieldViolations`).
    pub fn run(&self, engine: &Engine, text: String) -> Result<Response, Value> {
        let result = match self {
            Job::Normalize(r) => {
                let req = pb::NormalizeRequest {
                    document: Some(document(text, r.document.as_ref())),
                    ..*r
                };
                engine.normalize(&req).map(Response::Normalize)
            }
            Job::Analyze(r) => {
                let req = pb::AnalyzeRequest {
                    document: Some(document(text, r.document.as_ref())),
                    document_date: r.document_date.clone(),
                    ..*r
                };
                engine.analyze(&req).map(Response::Analyze)
            }
        };
        result.map_err(|e| error_value(&e))
    }
}

/// The document of `text`, with the language the flags declared.
fn document(text: String, template: Option<&pb::Document>) -> pb::Document {
    pb::Document {
        content: text,
        language_code: template.map_or_else(String::new, |d| d.language_code.clone()),
    }
}

fn analyze_request(n: &NormalizationArgs, a: &AnalysisArgs) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: language(n),
        features: features(a),
        normalization: normalization(n),
        offset_encoding: encoding(n) as i32,
        lemma_style: match a.lemma_style {
            LemmaStyleArg::Lemma => pb::LemmaStyle::Lemma,
            LemmaStyleArg::Stem => pb::LemmaStyle::Stem,
        } as i32,
        split_at_semicolon: a.split_at_semicolon,
        max_keywords: a.max_keywords,
        document_date: a.document_date.clone().unwrap_or_default(),
    }
}

/// A document template carrying only the declared language.
fn language(n: &NormalizationArgs) -> Option<pb::Document> {
    n.language.as_ref().map(|code| pb::Document {
        content: String::new(),
        language_code: code.clone(),
    })
}

fn encoding(a: &NormalizationArgs) -> pb::OffsetEncoding {
    match a.offset_encoding {
        OffsetEncodingArg::Utf8 => pb::OffsetEncoding::Utf8,
        OffsetEncodingArg::Utf16 => pb::OffsetEncoding::Utf16,
        OffsetEncodingArg::CodePoint => pb::OffsetEncoding::CodePoint,
    }
}

/// The request's normalization options; `None` when no flag sets one.
fn normalization(a: &NormalizationArgs) -> Option<pb::NormalizationOptions> {
    let untouched = a.preset.is_none()
        && a.digits.is_none()
        && a.heh_hamza.is_none()
        && a.comparative_style.is_none()
        && a.enable.is_empty()
        && a.disable.is_empty();
    if untouched {
        return None;
    }
    let mut o = pb::NormalizationOptions {
        preset: match a.preset {
            None => pb::NormalizationPreset::Unspecified,
            Some(PresetArg::Standard) => pb::NormalizationPreset::Standard,
            Some(PresetArg::Minimal) => pb::NormalizationPreset::Minimal,
        } as i32,
        digits: match a.digits {
            None => pb::DigitStyle::Unspecified,
            Some(DigitsArg::Persian) => pb::DigitStyle::Persian,
            Some(DigitsArg::Latin) => pb::DigitStyle::Latin,
            Some(DigitsArg::Keep) => pb::DigitStyle::Keep,
        } as i32,
        heh_hamza: match a.heh_hamza {
            None => pb::HehHamzaStyle::Unspecified,
            Some(HehHamzaArg::Keep) => pb::HehHamzaStyle::Keep,
            Some(HehHamzaArg::Composed) => pb::HehHamzaStyle::Composed,
            Some(HehHamzaArg::Decomposed) => pb::HehHamzaStyle::Decomposed,
        } as i32,
        comparative_style: match a.comparative_style {
            None => pb::ComparativeStyle::Unspecified,
            Some(ComparativeArg::Frequency) => pb::ComparativeStyle::Frequency,
            Some(ComparativeArg::Zwnj) => pb::ComparativeStyle::Zwnj,
            Some(ComparativeArg::Glued) => pb::ComparativeStyle::Glued,
        } as i32,
        ..Default::default()
    };
    let switches = a.enable.iter().map(|&s| (s, true));
    for (step, on) in switches.chain(a.disable.iter().map(|&s| (s, false))) {
        let field = match step {
            StepArg::Unicode => &mut o.unicode,
            StepArg::Letters => &mut o.letters,
            StepArg::Diacritics => &mut o.diacritics,
            StepArg::Invisible => &mut o.invisible,
            StepArg::Whitespace => &mut o.whitespace,
            StepArg::Punctuation => &mut o.punctuation,
            StepArg::Spacing => &mut o.spacing,
            StepArg::Zwnj => &mut o.zwnj,
            StepArg::ZwnjGlued => &mut o.zwnj_glued,
            StepArg::ZwnjSpaced => &mut o.zwnj_spaced,
        };
        *field = Some(on);
    }
    Some(o)
}

/// The request's features; `None` (everything) without `--features`.
fn features(a: &AnalysisArgs) -> Option<pb::Features> {
    let list = a.features.as_ref()?;
    let mut f = pb::Features::default();
    for feature in list {
        let on = match feature {
            FeatureArg::Normalize => &mut f.normalize,
            FeatureArg::Sentences => &mut f.sentences,
            FeatureArg::Tokens => &mut f.tokens,
            FeatureArg::Lemmas => &mut f.lemmas,
            FeatureArg::Entities => &mut f.entities,
            FeatureArg::Keywords => &mut f.keywords,
            FeatureArg::Quotes => &mut f.quotes,
            FeatureArg::Attributions => &mut f.attributions,
            FeatureArg::Edits => &mut f.edits,
        };
        *on = true;
    }
    Some(f)
}

/// The error's JSON: `code`, `message`, and the field violations of a bad
/// request.
pub fn error_value(e: &ApiError) -> Value {
    match e {
        ApiError::InvalidArgument(v) => json!({
            "code": "INVALID_ARGUMENT",
            "message": e.to_string(),
            "fieldViolations": v.iter().map(|f| json!({"field": f.field, "description": f.description})).collect::<Vec<_>>(),
        }),
        ApiError::OutOfRange(message) => json!({
            "code": "OUT_OF_RANGE",
            "message": message,
        }),
        ApiError::Internal { detail } => json!({
            "code": "INTERNAL",
            "message": format!("{e}: {detail}"),
        }),
    }
}
