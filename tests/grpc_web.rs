//! gRPC-Web on the gRPC port, as a browser sends it: HTTP/1.1 POSTs of
//! length-prefixed frames, and CORS preflights answered only for the
//! origins of `--cors-origins`.

mod common;

use common::{http1, TestServer};
use matn::api::pb;
use matn::config::Settings;
use prost::Message;

/// A gRPC-Web frame: flag byte, big-endian length, payload.
fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![flag];
    out.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// The data frames and the trailers of a gRPC-Web response body.
fn frames(mut body: &[u8]) -> (Vec<Vec<u8>>, String) {
    let (mut data, mut trailers) = (Vec::new(), String::new());
    while body.len() >= 5 {
        let len = u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize;
        let payload = body[5..5 + len].to_vec();
        if body[0] & 0x80 != 0 {
            trailers = String::from_utf8(payload).expect("utf-8 trailers");
        } else {
            data.push(payload);
        }
        body = &body[5 + len..];
    }
    (data, trailers)
}

fn normalize_call(text: &str) -> Vec<u8> {
    let req = pb::NormalizeRequest {
        document: Some(pb::Document {
            content: text.into(),
            language_code: String::new(),
        }),
        ..Default::default()
    };
    frame(0, &req.encode_to_vec())
}

const NORMALIZE: &str = "POST /matn.v1.TextAnalysisService/Normalize HTTP/1.1\r\n\
                         Content-Type: application/grpc-web+proto\r\nX-Grpc-Web: 1\r\n";

#[tokio::test]
async fn a_unary_call_over_grpc_web() {
    let server = TestServer::start(Settings::default()).await;
    let resp = http1(server.addr, NORMALIZE, &normalize_call("كتابها را میخوانم")).await;
    assert_eq!(resp.status, "HTTP/1.1 200 OK");
    assert_eq!(
        resp.header("content-type"),
        Some("application/grpc-web+proto")
    );
    let (data, trailers) = frames(&resp.body);
    assert_eq!(data.len(), 1);
    let out = pb::NormalizeResponse::decode(&data[0][..]).expect("a NormalizeResponse");
    assert_eq!(out.normalized_text, "کتاب‌ها را می‌خوانم");
    assert!(trailers.contains("grpc-status:0"), "{trailers:?}");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_refused_grpc_web_call_carries_its_status_and_details() {
    let server = TestServer::start(Settings::default()).await;
    let resp = http1(server.addr, NORMALIZE, &normalize_call("")).await;
    assert_eq!(resp.status, "HTTP/1.1 200 OK");
    // No message: the status comes in the headers, with its BadRequest.
    let status = resp.header("grpc-status").expect("grpc-status header");
    assert_eq!(status, "3", "INVALID_ARGUMENT");
    assert!(resp.header("grpc-status-details-bin").is_some());
    server.stop().await.expect("clean shutdown");
}

const PREFLIGHT: &str = "OPTIONS /matn.v1.TextAnalysisService/Analyze HTTP/1.1\r\n\
                         Access-Control-Request-Method: POST\r\n\
                         Access-Control-Request-Headers: content-type,x-grpc-web\r\n";

#[tokio::test]
async fn cors_answers_only_the_configured_origins() {
    let settings = Settings {
        cors_origins: vec!["https://app.example".into()],
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    let allowed = http1(
        server.addr,
        &format!("{PREFLIGHT}Origin: https://app.example\r\n"),
        b"",
    )
    .await;
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let methods = allowed.header("access-control-allow-methods").unwrap_or("");
    assert!(methods.contains("POST"), "{methods:?}");
    let other = http1(
        server.addr,
        &format!("{PREFLIGHT}Origin: https://evil.example\r\n"),
        b"",
    )
    .await;
    assert_eq!(other.header("access-control-allow-origin"), None);
    // A real call from the allowed origin exposes the gRPC status headers.
    let call = http1(
        server.addr,
        &format!("{NORMALIZE}Origin: https://app.example\r\n"),
        &normalize_call("سلام"),
    )
    .await;
    assert_eq!(
        call.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let exposed = call.header("access-control-expose-headers").unwrap_or("");
    assert!(exposed.contains("grpc-status"), "{exposed:?}");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn no_origin_is_allowed_by_default() {
    let server = TestServer::start(Settings::default()).await;
    let resp = http1(
        server.addr,
        &format!("{PREFLIGHT}Origin: https://app.example\r\n"),
        b"",
    )
    .await;
    assert_eq!(resp.header("access-control-allow-origin"), None);
    server.stop().await.expect("clean shutdown");
}
