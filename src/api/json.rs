//! Proto3 JSON of the API's messages (the canonical mapping: lowerCamelCase
//! names, enum names, 64-bit integers as strings, default values omitted),
//! through the serde code `pbjson-build` generates from `proto/`.
//!
//! [`write`] writes floats as the proto3 JSON of other gRPC tools does: the
//! shortest form that reads back as the same `float` (`0.9999999`, `1`), not
//! the `f32` widened to `f64` (`0.9999998807907104`, `1.0`).

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io;

/// `msg` as a JSON value (for tests and tools that walk the answer; floats
/// are widened to `f64` there).
pub fn to_value<M: Serialize>(msg: &M) -> Result<serde_json::Value, String> {
    serde_json::to_value(msg).map_err(|e| e.to_string())
}

/// Writes `msg` as compact proto3 JSON to `w`.
pub fn write<M: Serialize, W: io::Write>(w: W, msg: &M) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, ProtoFloats);
    msg.serialize(&mut ser).map_err(io::Error::from)
}

/// `msg` as compact proto3 JSON, UTF-8 bytes.
pub fn to_vec<M: Serialize>(msg: &M) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    // Writing to a Vec fails only on a serializer error, which the generated
    // code does not make for valid messages.
    let _ = write(&mut out, msg);
    out
}

/// `msg` as compact proto3 JSON.
pub fn to_string<M: Serialize>(msg: &M) -> String {
    String::from_utf8(to_vec(msg)).unwrap_or_default()
}

/// Compact JSON with floats as proto3 JSON writes them.
struct ProtoFloats;

impl Formatter for ProtoFloats {
    // A finite float in its shortest round-trip form, without a `.0` for
    // whole numbers: Rust's `Display`. (serde_json writes NaN and infinities
    // as `null` before a formatter sees them; no response holds one.)
    fn write_f32<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f32) -> io::Result<()> {
        write!(w, "{value}")
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        write!(w, "{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pb;

    #[test]
    fn enum_names_camel_case_and_floats_as_proto3_json_writes_them() {
        let msg = pb::Token {
            span: Some(pb::Span { start: 0, end: 3 }),
            kind: pb::TokenKind::Word as i32,
            sentence_index: 2,
            ..Default::default()
        };
        assert_eq!(
            to_string(&msg),
            r#"{"span":{"end":3},"kind":"TOKEN_KIND_WORD","sentenceIndex":2}"#
        );
        for (score, want) in [
            (1.0, r#"{"score":1}"#),
            (0.9999999, r#"{"score":0.9999999}"#),
            (0.8, r#"{"score":0.8}"#),
            (1e-7, r#"{"score":0.0000001}"#),
        ] {
            let k = pb::Keyword {
                score,
                ..Default::default()
            };
            assert_eq!(to_string(&k), want, "{score}");
        }
    }
}
