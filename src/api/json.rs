//! Proto3 JSON of the API's messages (the canonical mapping: lowerCamelCase
//! names, enum names, 64-bit integers as strings, default values omitted),
//! through the serde code `pbjson-build` generates from `proto/`.
//!
//! [`write()`] writes floats as the proto3 JSON of other gRPC tools does: the
//! shortest form that reads back as the same `float` (`0.9999999`, `1`), not
//! the `f32` widened to `f64` (`0.9999998807907104`, `1.0`).

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io;

/// `msg` as a JSON value (for tests and tools that walk the answer; floats
/// are widened to `f64` there).
pub fn to_value<M: Serialize>(msg: &M) -> serde_json::Result<serde_json::Value> {
    serde_json::to_value(msg)
}

/// Writes `msg` as compact proto3 JSON to `w`.
pub fn write<M: Serialize, W: io::Write>(w: W, msg: &M) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, ProtoFloats(CompactFormatter));
    msg.serialize(&mut ser).map_err(io::Error::from)
}

/// Writes `msg` as indented proto3 JSON to `w`, as it is serialized.
pub fn write_pretty<M: Serialize, W: io::Write>(w: W, msg: &M) -> io::Result<()> {
    let pretty = ProtoFloats(PrettyFormatter::new());
    let mut ser = serde_json::Serializer::with_formatter(w, pretty);
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

/// JSON laid out by `F` (compact or indented), with floats as proto3 JSON
/// writes them.
struct ProtoFloats<F>(F);

impl<F: Formatter> Formatter for ProtoFloats<F> {
    // A finite float in its shortest round-trip form, without a `.0` for
    // whole numbers: Rust's `Display`. (serde_json writes NaN and infinities
    // as `null` before a formatter sees them; no response holds one.)
    fn write_f32<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f32) -> io::Result<()> {
        write!(w, "{value}")
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        write!(w, "{value}")
    }

    // The layout is the inner formatter's.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
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
        let mut pretty = Vec::new();
        let k = pb::Keyword {
            phrase: "x".into(),
            score: 1.0,
            spans: vec![pb::Span { start: 1, end: 2 }],
        };
        write_pretty(&mut pretty, &k).expect("written");
        assert_eq!(
            String::from_utf8(pretty).expect("UTF-8"),
            "{\n  \"phrase\": \"x\",\n  \"score\": 1,\n  \"spans\": [\n    {\n      \"start\": 1,\n      \"end\": 2\n    }\n  ]\n}"
        );
    }
}
