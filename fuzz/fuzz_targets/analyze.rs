//! Arbitrary text → Analyze, with options from the first two bytes. Checks
//! that nothing panics and that every span lies inside the text it points
//! into: original spans in the caller's text (on character boundaries for
//! UTF-8), normalized spans in the normalized text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use matn::api::{json, pb, Engine, Limits};
use serde_json::Value;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Limits::default()))
}

/// Length of `text` in the units of `enc`.
fn units(text: &str, enc: pb::OffsetEncoding) -> u64 {
    match enc {
        pb::OffsetEncoding::Utf16 => text.encode_utf16().count() as u64,
        pb::OffsetEncoding::CodePoint => text.chars().count() as u64,
        _ => text.len() as u64,
    }
}

fn check_span(span: &Value, text: &str, enc: pb::OffsetEncoding, what: &str) {
    let at = |k: &str| span.get(k).and_then(Value::as_u64).unwrap_or(0);
    let (start, end) = (at("start"), at("end"));
    let len = units(text, enc);
    assert!(start <= end && end <= len, "{what} {start}..{end} outside 0..{len}");
    if enc == pb::OffsetEncoding::Utf8 {
        assert!(
            text.is_char_boundary(start as usize) && text.is_char_boundary(end as usize),
            "{what} {start}..{end} splits a character"
        );
    }
}

/// Walks the response: `span`, `spans`, `speakerSpan`, `sourceSpan` point
/// into the original; `normalizedSpan` into the normalized text.
fn walk(v: &Value, original: &str, normalized: &str, enc: pb::OffsetEncoding) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match k.as_str() {
                    "span" | "speakerSpan" | "sourceSpan" => check_span(v, original, enc, k),
                    "spans" => {
                        for s in v.as_array().into_iter().flatten() {
                            check_span(s, original, enc, k);
                        }
                    }
                    "normalizedSpan" => check_span(v, normalized, enc, k),
                    _ => walk(v, original, normalized, enc),
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                walk(v, original, normalized, enc);
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let (options, text) = match data {
        [a, b, rest @ ..] => ([*a, *b], rest),
        _ => return,
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    if text.is_empty() {
        return; // refused with INVALID_ARGUMENT, as it should be
    }
    let enc = match options[0] % 3 {
        0 => pb::OffsetEncoding::Utf8,
        1 => pb::OffsetEncoding::Utf16,
        _ => pb::OffsetEncoding::CodePoint,
    };
    let req = pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text.to_string(),
            language_code: if options[0] & 4 != 0 { "fa".into() } else { String::new() },
        }),
        offset_encoding: enc as i32,
        lemma_style: if options[0] & 8 != 0 {
            pb::LemmaStyle::Stem as i32
        } else {
            0
        },
        split_at_semicolon: options[0] & 16 != 0,
        max_keywords: u32::from(options[1] % 12),
        document_date: if options[0] & 32 != 0 { "2024-03-20".into() } else { String::new() },
        ..Default::default()
    };
    let resp = engine().analyze(&req).expect("a valid request is answered");
    let value = json::to_value(&resp, "matn.v1.AnalyzeResponse").expect("encodes as JSON");
    walk(&value, text, &resp.normalized_text, enc);
});
