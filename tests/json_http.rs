//! JSON over HTTP on the gRPC port (the `google.api.http` routes of
//! `proto/`), and the playground page: answers equal to the gRPC ones, errors
//! as JSON `google.rpc.Status`, and every call through the gate.

mod common;

use common::{http1, seed, Response, TestServer};
use matn::api::{json, pb};
use matn::config::Settings;
use serde_json::{json, Value};
use std::time::Duration;

const ANALYZE: &str = "POST /v1/documents:analyze HTTP/1.1\r\n";
const NORMALIZE: &str = "POST /v1/documents:normalize HTTP/1.1\r\n";

fn body_json(resp: &Response) -> Value {
    serde_json::from_slice(&resp.body).expect("a JSON body")
}

fn analyze_request(text: &str) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text.into(),
            language_code: String::new(),
        }),
        offset_encoding: pb::OffsetEncoding::Utf16 as i32,
        document_date: "2023-11-06".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn analyze_over_http_answers_what_grpc_answers() {
    let server = TestServer::default().await;
    let request = analyze_request(&seed());
    let grpc = server
        .client()
        .await
        .analyze(request.clone())
        .await
        .expect("gRPC Analyze")
        .into_inner();
    let resp = http1(server.addr, ANALYZE, json::to_string(&request).as_bytes()).await;
    assert_eq!(resp.status, "HTTP/1.1 200 OK");
    assert_eq!(resp.header("content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8(resp.body).unwrap(),
        json::to_string(&grpc)
    );
}

#[tokio::test]
async fn normalize_takes_curl_bodies_and_snake_case_names() {
    let server = TestServer::default().await;
    // curl -d sends application/x-www-form-urlencoded; the body is read as
    // JSON whatever its declared type. Field names may be the proto's own.
    let head = format!("{NORMALIZE}Content-Type: application/x-www-form-urlencoded\r\n");
    let body = r#"{"document":{"content":"كتابها را ميخوانم"},"include_edits":true}"#;
    let resp = http1(server.addr, &head, body.as_bytes()).await;
    assert_eq!(resp.status, "HTTP/1.1 200 OK");
    let answer = body_json(&resp);
    assert_eq!(answer["normalizedText"], "کتاب‌ها را می‌خوانم");
    let rules: Vec<&str> = answer["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "letters.arabic_kaf",
            "zwnj.suffix",
            "letters.arabic_yeh",
            "zwnj.prefix_mi"
        ]
    );
}

#[tokio::test]
async fn capabilities_over_get_answer_what_grpc_answers() {
    let server = TestServer::default().await;
    let grpc = server
        .client()
        .await
        .get_capabilities(pb::GetCapabilitiesRequest {})
        .await
        .expect("gRPC GetCapabilities")
        .into_inner();
    let resp = http1(server.addr, "GET /v1/capabilities HTTP/1.1\r\n", b"").await;
    assert_eq!(resp.status, "HTTP/1.1 200 OK");
    assert_eq!(
        String::from_utf8(resp.body).unwrap(),
        json::to_string(&grpc)
    );
}

#[tokio::test]
async fn a_bad_request_is_a_json_status_with_its_field_violations() {
    let server = TestServer::default().await;
    let resp = http1(server.addr, ANALYZE, br#"{"document":{"content":""}}"#).await;
    assert_eq!(resp.status, "HTTP/1.1 400 Bad Request");
    assert_eq!(
        body_json(&resp),
        json!({
            "code": 3,
            "message": "invalid request: document.content: must not be empty",
            "details": [{
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": "document.content", "description": "must not be empty"}],
            }],
        })
    );
}

#[tokio::test]
async fn json_that_is_not_the_request_message_is_a_bad_request() {
    let server = TestServer::default().await;
    for body in [
        br#"{"documnt":{"content":"x"}}"#.as_slice(),
        br#"{"document":{"content":"x"}"#,
        br#"{"document":{"content":"\ud800"}}"#,
        b"{\"document\":{\"content\":\"\xff\"}}",
        br#"{"offsetEncoding":"UTF-7"}"#,
        br#"[1, 2]"#,
    ] {
        let resp = http1(server.addr, ANALYZE, body).await;
        assert_eq!(resp.status, "HTTP/1.1 400 Bad Request", "{body:?}");
        let status = body_json(&resp);
        assert_eq!(status["code"], 3);
        let violation = &status["details"][0]["fieldViolations"][0];
        assert_eq!(violation["field"], "request");
        let description = violation["description"].as_str().unwrap();
        assert!(
            description.starts_with("is not a matn.v1.AnalyzeRequest in proto3 JSON: "),
            "{description}"
        );
    }
}

#[tokio::test]
async fn a_route_answers_only_its_verb_and_reads_no_query() {
    let server = TestServer::default().await;
    let resp = http1(server.addr, "GET /v1/documents:analyze HTTP/1.1\r\n", b"").await;
    assert_eq!(resp.status, "HTTP/1.1 405 Method Not Allowed");
    assert_eq!(resp.header("allow"), Some("POST"));
    assert_eq!(body_json(&resp)["code"], 12);

    let resp = http1(server.addr, "POST /v1/capabilities HTTP/1.1\r\n", b"{}").await;
    assert_eq!(resp.status, "HTTP/1.1 405 Method Not Allowed");
    assert_eq!(resp.header("allow"), Some("GET"));

    let resp = http1(server.addr, "GET /v1/capabilities?x=1 HTTP/1.1\r\n", b"").await;
    assert_eq!(resp.status, "HTTP/1.1 400 Bad Request");
    assert_eq!(
        body_json(&resp)["details"][0]["fieldViolations"][0]["field"],
        "query"
    );
}

#[tokio::test]
async fn json_calls_pass_the_gate_with_their_token_and_request_id() {
    let settings = Settings {
        auth_tokens: vec!["json-token".into()],
        ..Settings::default()
    };
    let server = TestServer::start(settings).await;
    let body = r#"{"document":{"content":"سلام"}}"#.as_bytes();
    let resp = http1(server.addr, NORMALIZE, body).await;
    assert_eq!(resp.status, "HTTP/1.1 401 Unauthorized");
    assert_eq!(body_json(&resp)["code"], 16);

    let head =
        format!("{NORMALIZE}Authorization: Bearer json-token\r\nX-Request-Id: json-call-7\r\n");
    let resp = http1(server.addr, &head, body).await;
    assert_eq!(resp.status, "HTTP/1.1 200 OK");
    assert_eq!(resp.header("x-request-id"), Some("json-call-7"));
    assert_eq!(body_json(&resp)["normalizedText"], "سلام");
}

#[tokio::test]
async fn a_refused_call_never_has_its_body_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let settings = Settings {
        auth_tokens: vec!["json-token".into()],
        ..Settings::default()
    };
    let server = TestServer::start(settings).await;
    // Headers that announce 64 MiB, and no body: the answer comes anyway.
    let mut conn = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "{ANALYZE}Host: {}\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        64 << 20
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), conn.read(&mut answer))
        .await
        .expect("the refusal comes without the body")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 401 Unauthorized"), "{answer}");
}

#[tokio::test]
async fn a_body_over_the_limits_is_refused_as_too_large() {
    let mut settings = Settings::default();
    settings.limits.max_message_bytes = 16 << 10;
    let server = TestServer::start(settings).await;
    let request = |chars: usize| {
        json::to_string(&pb::NormalizeRequest {
            document: Some(pb::Document {
                content: "ب".repeat(chars),
                language_code: String::new(),
            }),
            ..Default::default()
        })
    };
    // Within the JSON limit (4 × 16 KiB), over the message limit.
    let resp = http1(server.addr, NORMALIZE, request(12 << 10).as_bytes()).await;
    assert_eq!(resp.status, "HTTP/1.1 429 Too Many Requests");
    let status = body_json(&resp);
    assert_eq!(status["code"], 8);
    assert!(status["message"]
        .as_str()
        .unwrap()
        .contains("--max-message-bytes"));
    // Over the JSON limit.
    let resp = http1(server.addr, NORMALIZE, request(40 << 10).as_bytes()).await;
    assert_eq!(resp.status, "HTTP/1.1 429 Too Many Requests");
    assert!(body_json(&resp)["message"]
        .as_str()
        .unwrap()
        .starts_with("the JSON body is larger than this server reads (65536 bytes"));
}

#[tokio::test]
async fn cors_preflights_for_json_calls_follow_the_origins_flag() {
    let settings = Settings {
        cors_origins: vec!["https://app.example".into()],
        ..Settings::default()
    };
    let server = TestServer::start(settings).await;
    let preflight = |origin: &str| {
        format!(
            "OPTIONS /v1/documents:analyze HTTP/1.1\r\nOrigin: {origin}\r\n\
             Access-Control-Request-Method: POST\r\n\
             Access-Control-Request-Headers: content-type,authorization\r\n"
        )
    };
    let resp = http1(server.addr, &preflight("https://app.example"), b"").await;
    assert_eq!(
        resp.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let methods = resp.header("access-control-allow-methods").unwrap();
    assert!(
        methods.contains("GET") && methods.contains("POST"),
        "{methods}"
    );
    // A call from that origin lets its script read the request id.
    let head = format!("{NORMALIZE}Origin: https://app.example\r\n");
    let call = http1(
        server.addr,
        &head,
        r#"{"document":{"content":"سلام"}}"#.as_bytes(),
    )
    .await;
    assert_eq!(call.status, "HTTP/1.1 200 OK");
    let exposed = call.header("access-control-expose-headers").unwrap();
    assert!(exposed.contains("x-request-id"), "{exposed}");
    let resp = http1(server.addr, &preflight("https://other.example"), b"").await;
    assert_eq!(resp.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn the_playground_page_is_served_with_a_strict_policy() {
    let server = TestServer::default().await;
    let page = http1(server.addr, "GET / HTTP/1.1\r\n", b"").await;
    assert_eq!(page.status, "HTTP/1.1 200 OK");
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = page.header("content-security-policy").unwrap();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self';"),
        "{policy}"
    );
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("<script src=\"/playground.js\" defer></script>"));

    let script = http1(server.addr, "GET /playground.js HTTP/1.1\r\n", b"").await;
    assert_eq!(script.status, "HTTP/1.1 200 OK");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(String::from_utf8(script.body)
        .unwrap()
        .contains("'/v1/documents:analyze'"));
    let head = http1(server.addr, "HEAD /playground.css HTTP/1.1\r\n", b"").await;
    assert_eq!(head.status, "HTTP/1.1 200 OK");
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn no_playground_answers_its_paths_404_and_keeps_the_api() {
    let settings = Settings {
        playground: false,
        ..Settings::default()
    };
    let server = TestServer::start(settings).await;
    for path in ["/", "/playground.js", "/playground.css"] {
        let resp = http1(server.addr, &format!("GET {path} HTTP/1.1\r\n"), b"").await;
        assert_eq!(resp.status, "HTTP/1.1 404 Not Found", "{path}");
    }
    let resp = http1(
        server.addr,
        NORMALIZE,
        r#"{"document":{"content":"سلام"}}"#.as_bytes(),
    )
    .await;
    assert_eq!(resp.status, "HTTP/1.1 200 OK");
}
