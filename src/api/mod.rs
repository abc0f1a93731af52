//! The protobuf contract and its conversion to and from the pipeline.
//!
//! [`Engine`] validates requests, runs [`crate::text`] and builds responses; the
//! server and the CLI both call it, so they cannot disagree. Errors are
//! [`ApiError`]s carrying field violations; the server maps them to gRPC statuses.

mod convert;
pub mod json;
pub mod panics;
mod stream;

pub use stream::TextStream;

use crate::text::analyze::DEFAULT_KEYWORDS;
use crate::text::extract::calendar::Date;
use crate::text::lemma::LemmaStyle;
use crate::text::normalize::{
    ComparativeStyle, DigitStyle, HehHamzaStyle, NormalizeOptions, Preset, Step, ZwnjOptions,
};
use crate::text::offsets::Encoding;
use crate::text::{Analyzer, Features, Resources};

/// Generated protobuf messages and gRPC stubs of `matn.v1`.
pub mod pb {
    #![allow(clippy::all, missing_docs)]
    tonic::include_proto!("matn.v1");
    include!(concat!(env!("OUT_DIR"), "/matn.v1.serde.rs"));

    /// Encoded `FileDescriptorSet` of `proto/` (with imports and comments), for
    /// reflection and proto3 JSON.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/matn_descriptor.bin"));
}

/// One invalid field of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldViolation {
    /// Path of the field, e.g. `document.content`.
    pub field: String,
    /// What is wrong with it.
    pub description: String,
}

/// Why a request could not be served.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed; every bad field is listed.
    #[error("invalid request: {}", .0.iter().map(|v| format!("{}: {}", v.field, v.description)).collect::<Vec<_>>().join("; "))]
    InvalidArgument(Vec<FieldViolation>),
    /// The input went past a range the protocol can express.
    #[error("{0}")]
    OutOfRange(String),
    /// The analysis of this document failed inside (a bug): this document's
    /// failure only. `detail` (the panic's message and place) is for the
    /// operator's log, never for the client.
    #[error("the analysis of this document failed with an internal error")]
    Internal { detail: String },
}

impl From<panics::Panicked> for ApiError {
    fn from(p: panics::Panicked) -> Self {
        ApiError::Internal { detail: p.detail }
    }
}

impl ApiError {
    /// Prefixes every field path (`request.` for a streamed request).
    pub fn within(self, prefix: &str) -> Self {
        match self {
            ApiError::OutOfRange(_) | ApiError::Internal { .. } => self,
            ApiError::InvalidArgument(v) => ApiError::InvalidArgument(
                v.into_iter()
                    .map(|f| FieldViolation {
                        field: format!("{prefix}.{}", f.field),
                        ..f
                    })
                    .collect(),
            ),
        }
    }
}

/// Server limits that requests are checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_document_bytes: usize,
    pub max_message_bytes: usize,
    pub stream_max_in_flight: usize,
    /// Documents analyzed at once by the whole server.
    pub workers: usize,
    /// Unary calls in flight at once; past it they are refused with
    /// RESOURCE_EXHAUSTED.
    pub max_in_flight: usize,
    /// Counted calls (unary and open streams) per client connection; 0: none.
    /// Enforced by the server.
    pub max_in_flight_per_connection: usize,
    /// Bound on unary calls, enforced by the server; `None`: the client's
    /// deadline only.
    pub request_timeout: Option<std::time::Duration>,
    /// Open AnalyzeStream and StreamText calls at once, server-wide, admitted
    /// apart from unary calls: streams cannot take the places unary calls
    /// need.
    pub max_streams: usize,
    /// A stream whose client sends no message for this long, while the
    /// server waits for one, ends with DEADLINE_EXCEEDED; `None`: never.
    pub stream_idle_timeout: Option<std::time::Duration>,
    /// HTTP/2 streams (calls) one connection may have open, advertised to the
    /// client in the connection's settings.
    pub max_concurrent_streams: u32,
    /// A connection with no call open for this long is closed; `None`: never.
    pub idle_connection_timeout: Option<std::time::Duration>,
}

/// Calls in flight per worker unless configured: enough to keep the workers
/// busy, few enough that a refused call is told at once rather than queued.
pub const CALLS_PER_WORKER: usize = 32;

/// Open streams per worker unless configured.
pub const STREAMS_PER_WORKER: usize = 16;

/// The cores this process may run on (1 when that cannot be told): the one
/// count every default per core starts from.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// One worker per core.
pub fn default_workers() -> usize {
    cores()
}

/// A fault to inject, for tests of how failures are contained. Never set
/// from the command line or the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// A document (or StreamText window) containing this text panics inside
    /// its analysis.
    pub panic_on: String,
}

impl Fault {
    /// Panics when `text` holds the marker.
    fn strike(fault: Option<&Fault>, text: &str) {
        if let Some(f) = fault.filter(|f| !f.panic_on.is_empty() && text.contains(&f.panic_on)) {
            panic!("injected fault: the text holds {:?}", f.panic_on);
        }
    }
}

/// Validates requests, runs the pipeline and builds responses.
#[derive(Clone, Debug)]
pub struct Engine {
    analyzer: Analyzer,
    limits: Limits,
    fault: Option<Fault>,
}

/// Collects field violations while a request is checked.
#[derive(Default)]
struct Violations(Vec<FieldViolation>);

impl Violations {
    fn add(&mut self, field: &str, description: impl Into<String>) {
        self.0.push(FieldViolation {
            field: field.to_string(),
            description: description.into(),
        });
    }

    fn into_result<T>(self, value: T) -> Result<T, ApiError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(ApiError::InvalidArgument(self.0))
        }
    }
}

impl Engine {
    pub fn new(limits: Limits) -> Self {
        Engine {
            analyzer: Analyzer::new(Resources::builtin()),
            limits,
            fault: None,
        }
    }

    /// This engine with `fault` injected (tests only).
    pub fn with_fault(self, fault: Option<Fault>) -> Self {
        Engine { fault, ..self }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Serves `Analyze`. A panic anywhere inside is this request's
    /// [`ApiError::Internal`].
    pub fn analyze(&self, req: &pb::AnalyzeRequest) -> Result<pb::AnalyzeResponse, ApiError> {
        panics::catch(|| self.analyze_unguarded(req))?
    }

    fn analyze_unguarded(&self, req: &pb::AnalyzeRequest) -> Result<pb::AnalyzeResponse, ApiError> {
        let mut v = Violations::default();
        let content = self.check_document(req.document.as_ref(), &mut v);
        let Checked {
            encoding,
            mut options,
            features,
            wanted,
        } = check_settings(
            Settings {
                features: req.features.as_ref(),
                normalization: req.normalization.as_ref(),
                offset_encoding: req.offset_encoding,
                lemma_style: req.lemma_style,
                split_at_semicolon: req.split_at_semicolon,
                max_keywords: req.max_keywords,
                document_date: &req.document_date,
            },
            "",
            &mut v,
        );
        let (content, encoding) = v.into_result((content, encoding))?;
        options.language_code = req
            .document
            .as_ref()
            .map(|d| d.language_code.clone())
            .unwrap_or_default();
        let analysis = self.analyzer.analyze(content, &options, features);
        Fault::strike(self.fault.as_ref(), content);
        Ok(convert::analysis(content, &analysis, encoding, &wanted))
    }

    /// Serves `Normalize`. A panic anywhere inside is this request's
    /// [`ApiError::Internal`].
    pub fn normalize(&self, req: &pb::NormalizeRequest) -> Result<pb::NormalizeResponse, ApiError> {
        panics::catch(|| self.normalize_unguarded(req))?
    }

    fn normalize_unguarded(
        &self,
        req: &pb::NormalizeRequest,
    ) -> Result<pb::NormalizeResponse, ApiError> {
        let mut v = Violations::default();
        let content = self.check_document(req.document.as_ref(), &mut v);
        let encoding = check_encoding(req.offset_encoding, "offset_encoding", &mut v);
        let mut options = check_normalization(req.normalization.as_ref(), "normalization", &mut v);
        let (content, encoding) = v.into_result((content, encoding))?;
        options.language_code = req
            .document
            .as_ref()
            .map(|d| d.language_code.clone())
            .unwrap_or_default();
        let normalized = self
            .analyzer
            .normalize(content, &options, req.include_edits);
        Fault::strike(self.fault.as_ref(), content);
        Ok(convert::normalize_response(content, &normalized, encoding))
    }

    /// Serves `GetCapabilities`.
    pub fn capabilities(&self) -> pb::GetCapabilitiesResponse {
        convert::capabilities(&self.limits)
    }

    fn check_document<'a>(&self, doc: Option<&'a pb::Document>, v: &mut Violations) -> &'a str {
        let Some(doc) = doc else {
            v.add("document", "is required");
            return "";
        };
        if doc.content.is_empty() {
            v.add("document.content", "must not be empty");
        } else if doc.content.len() > self.limits.max_document_bytes {
            v.add(
                "document.content",
                format!(
                    "is {} bytes of UTF-8; this server accepts at most {} (max_document_bytes)",
                    doc.content.len(),
                    self.limits.max_document_bytes
                ),
            );
        }
        check_language(&doc.language_code, "document.language_code", v);
        &doc.content
    }
}

/// The analysis settings of an Analyze request or a StreamText config.
struct Settings<'a> {
    features: Option<&'a pb::Features>,
    normalization: Option<&'a pb::NormalizationOptions>,
    offset_encoding: i32,
    lemma_style: i32,
    split_at_semicolon: bool,
    max_keywords: u32,
    document_date: &'a str,
}

/// [`Settings`] checked: what to run and what to return.
struct Checked {
    encoding: Encoding,
    options: NormalizeOptions,
    features: Features,
    wanted: pb::Features,
}

/// Checks `s`, reporting bad fields under `prefix` (`""` or `"config."`).
fn check_settings(s: Settings, prefix: &str, v: &mut Violations) -> Checked {
    let field = |name: &str| format!("{prefix}{name}");
    let encoding = check_encoding(s.offset_encoding, &field("offset_encoding"), v);
    let options = check_normalization(s.normalization, &field("normalization"), v);
    let lemma_style = check_lemma_style(s.lemma_style, &field("lemma_style"), v);
    let max_keywords = check_max_keywords(s.max_keywords, &field("max_keywords"), v);
    let document_date = check_date(s.document_date, &field("document_date"), v);
    let (mut features, wanted) =
        features(s.features, lemma_style, s.split_at_semicolon, max_keywords);
    features.document_date = document_date;
    Checked {
        encoding,
        options,
        features,
        wanted,
    }
}

fn check_language(lang: &str, field: &str, v: &mut Violations) {
    if lang.len() > 35
        || !lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        v.add(
            field,
            "must be a BCP-47 language tag such as \"fa\" or \"ar\"",
        );
    }
}

fn check_encoding(value: i32, field: &str, v: &mut Violations) -> Encoding {
    match pb::OffsetEncoding::try_from(value) {
        Ok(pb::OffsetEncoding::Unspecified | pb::OffsetEncoding::Utf8) => Encoding::Utf8,
        Ok(pb::OffsetEncoding::Utf16) => Encoding::Utf16,
        Ok(pb::OffsetEncoding::CodePoint) => Encoding::CodePoint,
        Err(_) => {
            v.add(field, format!("unknown OffsetEncoding value {value}"));
            Encoding::Utf8
        }
    }
}

/// Converts request options, reporting unknown enum values.
fn check_normalization(
    opts: Option<&pb::NormalizationOptions>,
    field: &str,
    v: &mut Violations,
) -> NormalizeOptions {
    let Some(o) = opts else {
        return NormalizeOptions::default();
    };
    let preset = match pb::NormalizationPreset::try_from(o.preset) {
        Ok(pb::NormalizationPreset::Unspecified | pb::NormalizationPreset::Standard) => {
            Preset::Standard
        }
        Ok(pb::NormalizationPreset::Minimal) => Preset::Minimal,
        Err(_) => {
            v.add(
                &format!("{field}.preset"),
                format!("unknown NormalizationPreset value {}", o.preset),
            );
            Preset::Standard
        }
    };
    let digits = match pb::DigitStyle::try_from(o.digits) {
        Ok(pb::DigitStyle::Unspecified) => None,
        Ok(pb::DigitStyle::Persian) => Some(DigitStyle::Persian),
        Ok(pb::DigitStyle::Latin) => Some(DigitStyle::Latin),
        Ok(pb::DigitStyle::Keep) => Some(DigitStyle::Keep),
        Err(_) => {
            v.add(
                &format!("{field}.digits"),
                format!("unknown DigitStyle value {}", o.digits),
            );
            None
        }
    };
    let heh_hamza = match pb::HehHamzaStyle::try_from(o.heh_hamza) {
        Ok(pb::HehHamzaStyle::Unspecified | pb::HehHamzaStyle::Keep) => HehHamzaStyle::Keep,
        Ok(pb::HehHamzaStyle::Composed) => HehHamzaStyle::Composed,
        Ok(pb::HehHamzaStyle::Decomposed) => HehHamzaStyle::Decomposed,
        Err(_) => {
            v.add(
                &format!("{field}.heh_hamza"),
                format!("unknown HehHamzaStyle value {}", o.heh_hamza),
            );
            HehHamzaStyle::Keep
        }
    };
    let comparative = match pb::ComparativeStyle::try_from(o.comparative_style) {
        Ok(pb::ComparativeStyle::Unspecified | pb::ComparativeStyle::Frequency) => {
            ComparativeStyle::Frequency
        }
        Ok(pb::ComparativeStyle::Zwnj) => ComparativeStyle::Zwnj,
        Ok(pb::ComparativeStyle::Glued) => ComparativeStyle::Glued,
        Err(_) => {
            v.add(
                &format!("{field}.comparative_style"),
                format!("unknown ComparativeStyle value {}", o.comparative_style),
            );
            ComparativeStyle::Frequency
        }
    };
    let zwnj = ZwnjOptions {
        glued: o.zwnj_glued.unwrap_or(true),
        spaced: o.zwnj_spaced.unwrap_or(true),
        comparative,
    };
    let switches = [
        (Step::Unicode, o.unicode),
        (Step::Letters, o.letters),
        (Step::Diacritics, o.diacritics),
        (Step::Invisible, o.invisible),
        (Step::Whitespace, o.whitespace),
        (Step::Punctuation, o.punctuation),
        (Step::Spacing, o.spacing),
        (Step::Zwnj, o.zwnj),
    ];
    let mut overrides: Vec<(Step, bool)> = switches
        .iter()
        .filter_map(|&(s, on)| on.map(|on| (s, on)))
        .collect();
    if digits == Some(DigitStyle::Keep) {
        overrides.push((Step::Digits, false));
    } else if digits.is_some() {
        overrides.push((Step::Digits, true));
    }
    NormalizeOptions {
        preset,
        digits,
        heh_hamza,
        overrides,
        language_code: String::new(),
        zwnj,
    }
}

fn check_lemma_style(value: i32, field: &str, v: &mut Violations) -> LemmaStyle {
    match pb::LemmaStyle::try_from(value) {
        Ok(pb::LemmaStyle::Unspecified | pb::LemmaStyle::Lemma) => LemmaStyle::Lemma,
        Ok(pb::LemmaStyle::Stem) => LemmaStyle::Stem,
        Err(_) => {
            v.add(field, format!("unknown LemmaStyle value {value}"));
            LemmaStyle::Lemma
        }
    }
}

/// Characters of a client's value quoted back in an error: enough to
/// recognize it, never enough to make the status large.
const QUOTED_CHARS: usize = 32;

/// `value` as an error message quotes it: whole when short, else its first
/// [`QUOTED_CHARS`] characters and its length.
fn quoted(value: &str) -> String {
    match value.char_indices().nth(QUOTED_CHARS) {
        None => format!("{value:?}"),
        Some((cut, _)) => format!("{:?}… ({} bytes)", &value[..cut], value.len()),
    }
}

/// An optional ISO 8601 date.
fn check_date(value: &str, field: &str, v: &mut Violations) -> Option<Date> {
    if value.is_empty() {
        return None;
    }
    let date = Date::parse_iso(value);
    if date.is_none() {
        v.add(
            field,
            format!("{} is not an ISO 8601 date (YYYY-MM-DD)", quoted(value)),
        );
    }
    date
}

/// The most keywords a request may ask for.
pub const MAX_KEYWORDS: u32 = 100;

fn check_max_keywords(value: u32, field: &str, v: &mut Violations) -> usize {
    match value {
        0 => DEFAULT_KEYWORDS,
        n if n <= MAX_KEYWORDS => n as usize,
        n => {
            v.add(
                field,
                format!("{n} keywords asked for; at most {MAX_KEYWORDS}"),
            );
            DEFAULT_KEYWORDS
        }
    }
}

/// Which features to compute (pipeline) and which to return (response).
fn features(
    f: Option<&pb::Features>,
    lemma_style: LemmaStyle,
    split_at_semicolon: bool,
    max_keywords: usize,
) -> (Features, pb::Features) {
    let wanted = f.cloned().unwrap_or(pb::Features {
        normalize: true,
        sentences: true,
        tokens: true,
        lemmas: true,
        entities: true,
        keywords: true,
        quotes: true,
        attributions: true,
        edits: true,
    });
    let run = Features {
        sentences: wanted.sentences,
        tokens: wanted.tokens || wanted.lemmas,
        lemmas: wanted.lemmas.then_some(lemma_style),
        entities: wanted.entities,
        keywords: if wanted.keywords { max_keywords } else { 0 },
        quotes: wanted.quotes,
        attributions: wanted.attributions,
        edits: wanted.edits,
        split_at_semicolon,
        document_date: None,
    };
    (run, wanted)
}
