//! Proto3 JSON of the API's messages (the canonical mapping: lowerCamelCase
//! names, enum names, 64-bit integers as strings, default values omitted),
//! driven by the same descriptors that reflection serves.

use super::pb;
use prost_reflect::{DescriptorPool, DynamicMessage, SerializeOptions};
use std::sync::OnceLock;

fn pool() -> &'static DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        DescriptorPool::decode(pb::FILE_DESCRIPTOR_SET)
            .expect("the built-in descriptor set decodes")
    })
}

/// Converts `msg`, whose full protobuf name is `name` (e.g. `matn.v1.AnalyzeResponse`),
/// to a JSON value.
pub fn to_value<M: prost::Message>(msg: &M, name: &str) -> Result<serde_json::Value, String> {
    let desc = pool()
        .get_message_by_name(name)
        .ok_or_else(|| format!("unknown message {name}"))?;
    let dynamic =
        DynamicMessage::decode(desc, msg.encode_to_vec().as_slice()).map_err(|e| e.to_string())?;
    let options = SerializeOptions::new();
    dynamic
        .serialize_with_options(serde_json::value::Serializer, &options)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_names_and_camel_case() {
        let msg = pb::Token {
            span: Some(pb::Span { start: 0, end: 3 }),
            kind: pb::TokenKind::Word as i32,
            sentence_index: 2,
            ..Default::default()
        };
        let v = to_value(&msg, "matn.v1.Token").expect("serializes");
        assert_eq!(
            v,
            serde_json::json!({"span": {"end": 3}, "kind": "TOKEN_KIND_WORD", "sentenceIndex": 2})
        );
    }
}
