//! Requests built from bytes, with every option a client can set, and the
//! invariants every answer keeps. Shared by the mutation property test
//! (`tests/mutations.rs`) and the fuzz targets (`fuzz/`), which include this
//! file by path.
//!
//! The input is [`OPTION_BYTES`] bytes of options, then the document's text
//! (UTF-8). Real sentences seed it; the fuzzer and the property test mutate
//! both halves.

#![allow(dead_code)]

use matn::api::{json, pb, Engine};
use serde_json::Value;

/// Bytes of options before the text.
pub const OPTION_BYTES: usize = 8;

/// The options and the text of an input, when it has both and the text is
/// UTF-8.
pub fn split(data: &[u8]) -> Option<([u8; OPTION_BYTES], &str)> {
    let (head, text) = data.split_at_checked(OPTION_BYTES)?;
    let text = std::str::from_utf8(text).ok()?;
    Some((head.try_into().ok()?, text))
}

const LANGUAGES: [&str; 8] = ["", "", "fa", "ar", "en", "fa-IR", "und", "FA"];
const DATES: [&str; 4] = ["", "2024-03-20", "1999-12-31", "2025-02-28"];

/// Two bits of `b` from bit `at`.
fn two(b: u8, at: u32) -> i32 {
    i32::from((b >> at) & 3)
}

/// A switch that is unset, on or off.
fn switch(b: u8, at: u32) -> Option<bool> {
    match (b >> at) & 3 {
        1 => Some(true),
        2 => Some(false),
        _ => None,
    }
}

/// The Analyze request that option bytes `o` ask for on `text`:
/// - `o[0]`: offset encoding (bits 0-1), lemma style (2-3), semicolons (4),
///   language (5-7);
/// - `o[1]`: preset (0-1), digits (2-3), heh with hamza (4-5), comparative
///   style (6-7);
/// - `o[2..5]`: the ten step switches, two bits each (unset, on, off);
/// - `o[5]`, `o[6]` bit 0: the nine features; `o[6]` bit 7: features absent
///   (everything);
/// - `o[7]`: keywords (bits 0-6, at most 100), document date (`o[6]` bits 5-6).
pub fn analyze_request(o: &[u8; OPTION_BYTES], text: &str) -> pb::AnalyzeRequest {
    let steps: u32 = u32::from(o[2]) | u32::from(o[3]) << 8 | u32::from(o[4]) << 16;
    let step = |k: u32| switch((steps >> (2 * k)) as u8, 0);
    let normalization = pb::NormalizationOptions {
        preset: two(o[1], 0) % 3,
        digits: two(o[1], 2),
        heh_hamza: two(o[1], 4),
        comparative_style: two(o[1], 6),
        unicode: step(0),
        letters: step(1),
        diacritics: step(2),
        invisible: step(3),
        whitespace: step(4),
        punctuation: step(5),
        spacing: step(6),
        zwnj: step(7),
        zwnj_glued: step(8),
        zwnj_spaced: step(9),
    };
    let bit = |k: u32| {
        let all = u16::from(o[5]) | u16::from(o[6] & 1) << 8;
        all & (1 << k) != 0
    };
    let features = (o[6] & 0x80 == 0).then(|| pb::Features {
        normalize: bit(0),
        sentences: bit(1),
        tokens: bit(2),
        lemmas: bit(3),
        entities: bit(4),
        keywords: bit(5),
        quotes: bit(6),
        attributions: bit(7),
        edits: bit(8),
    });
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text.to_string(),
            language_code: LANGUAGES[usize::from(o[0] >> 5)].to_string(),
        }),
        features,
        normalization: Some(normalization),
        offset_encoding: two(o[0], 0),
        lemma_style: two(o[0], 2) % 3,
        split_at_semicolon: o[0] & 0x10 != 0,
        max_keywords: u32::from(o[7] & 0x7f) % 101,
        document_date: DATES[usize::from((o[6] >> 5) & 3)].to_string(),
    }
}

/// The Normalize request with the same document and options.
pub fn normalize_request(a: &pb::AnalyzeRequest) -> pb::NormalizeRequest {
    pb::NormalizeRequest {
        document: a.document.clone(),
        normalization: a.normalization,
        offset_encoding: a.offset_encoding,
        include_edits: true,
    }
}

/// The encoding a request's spans are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Utf8,
    Utf16,
    CodePoint,
}

impl Unit {
    fn of(offset_encoding: i32) -> Unit {
        match offset_encoding {
            2 => Unit::Utf16,
            3 => Unit::CodePoint,
            _ => Unit::Utf8,
        }
    }

    /// The byte offset of unit `n` of `text`, if it starts a character
    /// (or is the end).
    fn byte(self, text: &str, n: u64) -> Option<usize> {
        let n = usize::try_from(n).ok()?;
        match self {
            Unit::Utf8 => text.is_char_boundary(n).then_some(n),
            Unit::CodePoint => text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .nth(n),
            Unit::Utf16 => {
                let mut units = 0;
                for (b, c) in text.char_indices() {
                    if units == n {
                        return Some(b);
                    }
                    units += c.len_utf16();
                }
                (units == n).then_some(text.len())
            }
        }
    }

    /// `text[span]`, if the span lies inside it on character boundaries.
    fn slice<'a>(self, text: &'a str, span: &Value) -> Result<&'a str, String> {
        let at = |k: &str| span.get(k).and_then(Value::as_u64).unwrap_or(0);
        let (start, end) = (at("start"), at("end"));
        match (self.byte(text, start), self.byte(text, end)) {
            (Some(s), Some(e)) if s <= e => Ok(&text[s..e]),
            _ => Err(format!(
                "span {start}..{end} ({self:?}) is not a range of whole characters of {text:?}"
            )),
        }
    }
}

fn text_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// What the items of a list say their spans hold: (span field, text field,
/// whether the span is on the normalized text).
fn carried(list: &str) -> &'static [(&'static str, &'static str, bool)] {
    match list {
        "tokens" => &[
            ("span", "text", false),
            ("normalizedSpan", "normalized", true),
        ],
        "mentions" => &[("span", "text", false)],
        "sentences" => &[("normalizedSpan", "text", true)],
        "edits" => &[
            ("span", "original", false),
            ("normalizedSpan", "replacement", true),
        ],
        _ => &[],
    }
}

/// Every span of the answer `v` on the original, every normalized span on
/// the normalized text, and the texts that tokens, mentions, sentences and
/// edits carry equal to what their spans hold. `list` names the list `v` is
/// an item of.
fn check_spans(
    v: &Value,
    original: &str,
    normalized: Option<&str>,
    unit: Unit,
    list: &str,
) -> Result<(), String> {
    let map = match v {
        Value::Object(map) => map,
        Value::Array(items) => {
            for item in items {
                check_spans(item, original, normalized, unit, list)?;
            }
            return Ok(());
        }
        _ => return Ok(()),
    };
    for (k, child) in map {
        match k.as_str() {
            "span" | "speakerSpan" | "sourceSpan" => {
                unit.slice(original, child)
                    .map_err(|e| format!("{k}: {e}"))?;
            }
            "spans" => {
                for s in child.as_array().into_iter().flatten() {
                    unit.slice(original, s).map_err(|e| format!("{k}: {e}"))?;
                }
            }
            "normalizedSpan" => {
                if let Some(normalized) = normalized {
                    unit.slice(normalized, child)
                        .map_err(|e| format!("{k}: {e}"))?;
                }
            }
            _ => check_spans(child, original, normalized, unit, k)?,
        }
    }
    for &(span, field, on_normalized) in carried(list) {
        let text = if on_normalized {
            normalized
        } else {
            Some(original)
        };
        let (Some(s), Some(text), want) = (map.get(span), text, text_of(v, field)) else {
            continue;
        };
        let got = unit.slice(text, s)?;
        if got != want {
            return Err(format!(
                "{list}: {span} holds {got:?}, {field} says {want:?}: {v}"
            ));
        }
    }
    Ok(())
}

/// Applying the edits (in order, without overlaps) to the original gives
/// the normalized text.
fn check_edits_rebuild(
    edits: &Value,
    original: &str,
    normalized: &str,
    unit: Unit,
) -> Result<(), String> {
    let mut rebuilt = String::with_capacity(normalized.len());
    let mut at = 0;
    for e in edits.as_array().into_iter().flatten() {
        let s = e.get("span").cloned().unwrap_or(Value::Null);
        let from = unit.slice(original, &s)?;
        let start = from.as_ptr() as usize - original.as_ptr() as usize;
        if start < at {
            return Err(format!("edits overlap at byte {start}: {edits}"));
        }
        rebuilt.push_str(&original[at..start]);
        rebuilt.push_str(text_of(e, "replacement"));
        at = start + from.len();
    }
    rebuilt.push_str(&original[at..]);
    if rebuilt != normalized {
        return Err(format!(
            "the edits rebuild {rebuilt:?}, not the normalized text {normalized:?}"
        ));
    }
    Ok(())
}

/// Runs `req` as Analyze and as Normalize and checks every invariant:
/// a valid request is answered; spans lie on whole characters of the texts
/// they point into and hold what they say; the edits rebuild the normalized
/// text; Analyze normalizes as Normalize does; normalizing the normalized
/// text again changes nothing.
pub fn check(engine: &Engine, req: &pb::AnalyzeRequest) -> Result<(), String> {
    let original = req.document.as_ref().map_or("", |d| d.content.as_str());
    let unit = Unit::of(req.offset_encoding);
    let analyzed = match engine.analyze(req) {
        Ok(r) => r,
        // Empty text is refused, rightly; nothing else a valid request holds.
        Err(_) if original.is_empty() => return Ok(()),
        Err(e) => return Err(format!("a valid request failed: {e:?}")),
    };
    let normalize = normalize_request(req);
    let normalized = engine
        .normalize(&normalize)
        .map_err(|e| format!("Normalize failed: {e:?}"))?;
    let text = normalized.normalized_text.as_str();
    if !analyzed.normalized_text.is_empty() && analyzed.normalized_text != text {
        return Err(format!(
            "Analyze normalized to {:?}, Normalize to {text:?}",
            analyzed.normalized_text
        ));
    }
    let a = json::to_value(&analyzed).map_err(|e| e.to_string())?;
    check_spans(&a, original, Some(text), unit, "").map_err(|e| format!("Analyze: {e}"))?;
    let n = json::to_value(&normalized).map_err(|e| e.to_string())?;
    check_spans(&n, original, Some(text), unit, "").map_err(|e| format!("Normalize: {e}"))?;
    check_edits_rebuild(&n["edits"], original, text, unit)?;
    if text.is_empty() {
        return Ok(());
    }
    let again = engine
        .normalize(&pb::NormalizeRequest {
            document: Some(pb::Document {
                content: text.to_string(),
                language_code: req
                    .document
                    .as_ref()
                    .map_or(String::new(), |d| d.language_code.clone()),
            }),
            ..normalize
        })
        .map_err(|e| format!("normalizing the normalized text failed: {e:?}"))?;
    if again.normalized_text != text {
        return Err(format!(
            "not idempotent: {text:?} normalizes again to {:?}",
            again.normalized_text
        ));
    }
    Ok(())
}

/// Checks the answers of a StreamText of `original`: sentences numbered from
/// 0, every span on whole characters of the stream's text (normalized spans
/// on the answers' normalized texts put together, when they were asked for),
/// holding what it says.
pub fn check_stream(
    answers: &[pb::StreamTextResponse],
    original: &str,
    offset_encoding: i32,
) -> Result<(), String> {
    let unit = Unit::of(offset_encoding);
    let mut normalized = String::new();
    for (i, a) in answers.iter().enumerate() {
        if a.sentence_index as usize != i {
            return Err(format!(
                "answer {i} has sentence_index {}",
                a.sentence_index
            ));
        }
        normalized.push_str(
            a.analysis
                .as_ref()
                .map_or("", |a| a.normalized_text.as_str()),
        );
    }
    let normalized = (!normalized.is_empty()).then_some(normalized.as_str());
    for a in answers {
        let v = json::to_value(a).map_err(|e| e.to_string())?;
        check_spans(&v, original, normalized, unit, "")
            .map_err(|e| format!("answer {}: {e}", a.sentence_index))?;
    }
    Ok(())
}

/// The pieces of `fuzz/pieces.txt` (the fuzzers' dictionary), escapes
/// resolved: `\u{XXXX}`, `\n`, `\t`, `\s` (a space).
pub fn pieces() -> Vec<String> {
    let list = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/pieces.txt"))
        .expect("fuzz/pieces.txt");
    list.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(unescape)
        .collect()
}

fn unescape(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let (c, used) = match rest.as_bytes().first() {
            Some(b'n') => (Some('\n'), 1),
            Some(b't') => (Some('\t'), 1),
            Some(b's') => (Some(' '), 1),
            Some(b'u') => match rest.find('}') {
                Some(end) => (
                    u32::from_str_radix(rest.get(2..end).unwrap_or(""), 16)
                        .ok()
                        .and_then(char::from_u32),
                    end + 1,
                ),
                None => (None, 0),
            },
            _ => (None, 0),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push('\\'),
        }
        rest = &rest[used..];
    }
    out.push_str(rest);
    out
}
