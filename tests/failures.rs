//! Real text that once crashed the analysis, and what a crash inside one
//! document's analysis costs: that document alone.

mod common;

use common::{run_stream, TestServer};
use matn::api::pb::{self, analyze_stream_response::Result as StreamResult};
use matn::api::Fault;
use matn::config::Settings;
use std::sync::{Arc, Mutex};
use tonic::Code;

fn request(text: &str, digits: pb::DigitStyle) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text.into(),
            language_code: String::new(),
        }),
        normalization: Some(pb::NormalizationOptions {
            digits: digits as i32,
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The normalized text of each token.
fn token_texts(r: &pb::AnalyzeResponse) -> Vec<&str> {
    r.tokens.iter().map(|t| t.normalized.as_str()).collect()
}

#[tokio::test]
async fn texts_that_crashed_the_analysis_are_answered() {
    use pb::DigitStyle::{Latin, Unspecified};
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // (name, text, digit style, tokens of the normalized text)
    let cases: [(&str, &str, pb::DigitStyle, &[&str]); 6] = [
        // `starting` read past the last token: a minister's portfolio at
        // the text's end.
        (
            "portfolio_at_the_end",
            "علی ربیعی وزیر کار",
            Unspecified,
            &["علی", "ربیعی", "وزیر", "کار"],
        ),
        ("portfolio_alone", "وزیر کار", Unspecified, &["وزیر", "کار"]),
        // A digit run across a protected span's end: the span's end was
        // carried into the converted text at an old byte offset.
        ("time_then_digit", "۴:۶۸۸", Latin, &["4:68", "8"]),
        ("dot_time_digit", ".٤:٢۹٦", Latin, &[".", "4:29", "6"]),
        (
            "grouped_number_dash",
            "۵٬۷۶13–۹",
            Latin,
            &["5٬7613", "–", "9"],
        ),
        ("mixed_digits_word", "6,٠۶٠٤ ل", Latin, &["6,0604", "ل"]),
    ];
    for (name, text, digits, want) in cases {
        let r = client
            .analyze(request(text, digits))
            .await
            .unwrap_or_else(|s| panic!("{name}: {} {}", s.code(), s.message()))
            .into_inner();
        assert_eq!(token_texts(&r), want, "{name}");
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn edits_over_the_same_text_become_one() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // `whitespace.collapse` makes one space of two, which
    // `spacing.before_punct` then deletes: one edit, "  " → "".
    let r = client
        .normalize(pb::NormalizeRequest {
            document: Some(pb::Document {
                content: "کسب تجربه  ، معدن".into(),
                language_code: String::new(),
            }),
            include_edits: true,
            offset_encoding: pb::OffsetEncoding::CodePoint as i32,
            ..Default::default()
        })
        .await
        .expect("normalized")
        .into_inner();
    assert_eq!(r.normalized_text, "کسب تجربه، معدن");
    assert_eq!(
        r.edits,
        vec![pb::Edit {
            span: Some(pb::Span { start: 9, end: 11 }),
            normalized_span: Some(pb::Span { start: 9, end: 9 }),
            original: "  ".into(),
            replacement: String::new(),
            rule: "spacing.before_punct".into(),
        }]
    );
    server.stop().await.expect("clean shutdown");
}

const MARKER: &str = "PANIC-HERE";

/// A server whose analysis panics on [`MARKER`], with two workers and four
/// calls in flight at most, its metrics on `metrics`.
async fn faulty_server(metrics: tokio::net::TcpListener) -> TestServer {
    let mut settings = Settings::default();
    settings.limits.workers = 2;
    settings.limits.max_in_flight = 4;
    settings.fault = Some(Fault {
        panic_on: MARKER.into(),
    });
    TestServer::start_with_metrics(settings, Some(metrics)).await
}

fn document(text: String) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text,
            language_code: String::new(),
        }),
        ..Default::default()
    }
}

/// Checks a status of a caught panic: INTERNAL, the request id, no panic text.
fn is_contained(code: i32, message: &str, request_id: &str) {
    assert_eq!(Code::from_i32(code), Code::Internal, "{message}");
    assert!(
        message.contains(&format!("request id {request_id}")),
        "{message}"
    );
    assert!(
        !message.contains("panic") && !message.contains(MARKER) && !message.contains(".rs"),
        "the panic's text reached the client: {message}"
    );
}

fn with_id<T>(message: T, id: &str) -> tonic::Request<T> {
    let mut r = tonic::Request::new(message);
    r.metadata_mut()
        .insert("x-request-id", id.parse().expect("ascii"));
    r
}

/// Log lines written during the test, as a `tracing` subscriber saw them.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_fails_its_document_alone_and_the_server_goes_on() {
    // The server's threads log here (the only test of this file that sets
    // a subscriber).
    let logs = Captured::default();
    let writer = logs.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .json()
            .with_writer(move || writer.clone())
            .finish(),
    )
    .expect("the first subscriber of this test binary");
    let metrics = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind metrics");
    let metrics_addr = metrics.local_addr().expect("metrics addr");
    let server = faulty_server(metrics).await;
    let mut client = server.client().await;
    let small = format!("متن کوتاه {MARKER} است.");
    // Past the inline limit (16 KiB): analyzed on a worker.
    let large = format!("{} {MARKER}", "این یک جمله است. ".repeat(1200));

    for (id, text) in [("inline-1", &small), ("worker-1", &large)] {
        let status = client
            .analyze(with_id(document(text.clone()), id))
            .await
            .expect_err("the faulty document fails");
        is_contained(status.code() as i32, status.message(), id);
    }

    // A stream answers the faulty document in-band and goes on.
    let reqs = ["سلام دنیا.", &small, "خداحافظ."]
        .iter()
        .enumerate()
        .map(|(i, t)| pb::AnalyzeStreamRequest {
            id: format!("d{i}"),
            request: Some(document(t.to_string())),
            options: Some(pb::AnalyzeStreamOptions { in_order: true }).filter(|_| i == 0),
        })
        .collect();
    let (answers, summary) = run_stream(&mut client, reqs).await;
    assert_eq!((summary.succeeded, summary.failed), (2, 1));
    let ids: Vec<&str> = answers.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["d0", "d1", "d2"]);
    match &answers[1].result {
        Some(StreamResult::Error(s)) => {
            assert!(s.message.contains("request id "), "{}", s.message);
            assert_eq!(Code::from_i32(s.code), Code::Internal, "{}", s.message);
            assert!(!s.message.contains(MARKER), "{}", s.message);
        }
        other => panic!("d1 should fail in-band: {other:?}"),
    }

    // StreamText ends with the error.
    let config = pb::StreamTextRequest {
        message: Some(pb::stream_text_request::Message::Config(
            pb::StreamTextConfig::default(),
        )),
    };
    let chunk = pb::StreamTextRequest {
        message: Some(pb::stream_text_request::Message::Text(small.clone())),
    };
    let mut text = client
        .stream_text(with_id(tokio_stream::iter([config, chunk]), "text-1"))
        .await
        .expect("stream opened")
        .into_inner();
    let (answered, status) = common::until_error(&mut text).await;
    assert_eq!(answered, 0);
    is_contained(status.code() as i32, status.message(), "text-1");

    // Every call has ended (a stream's permit goes once its response body
    // is dropped, just after the client has read its trailers).
    let mut idle = false;
    for _ in 0..100 {
        let (_, body) = common::http_get(metrics_addr, "GET", "/metrics").await;
        if body.contains("\nmatn_in_flight_requests 0\n") {
            idle = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(idle, "calls still in flight after the failures");
    // Nothing leaked: every permit is back, so the server takes its full
    // max_in_flight (4) at once, on both workers, and answers them all,
    // three rounds running. (A stream's permit is released when its state
    // is dropped, which may come a moment after its trailers: the rounds
    // start again, for a second at most, while one is refused. A leaked
    // permit would refuse forever.)
    let (mut rounds, mut tries) = (0, 0);
    while rounds < 3 {
        let calls = (0..4).map(|i| {
            let mut c = client.clone();
            let text = if i % 2 == 0 {
                large.replace(MARKER, "")
            } else {
                "کتاب خوب است.".into()
            };
            async move { c.analyze(document(text)).await }
        });
        let results = futures_util::future::join_all(calls).await;
        let refused = results.iter().any(|r| {
            r.as_ref()
                .is_err_and(|s| s.code() == Code::ResourceExhausted)
        });
        tries += 1;
        if refused && rounds == 0 && tries < 10 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            continue;
        }
        for r in results {
            let r = r.expect("answered at full concurrency").into_inner();
            assert!(!r.tokens.is_empty());
        }
        rounds += 1;
    }

    let (_, body) = common::http_get(metrics_addr, "GET", "/metrics").await;
    assert!(body.contains("\nmatn_panics_total 4\n"), "{body}");

    // One error line per caught panic, with its request id and the detail.
    let logs = String::from_utf8(logs.0.lock().expect("log buffer").clone()).expect("utf-8");
    let errors: Vec<serde_json::Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["level"] == "ERROR")
        .collect();
    let ids: Vec<&str> = errors
        .iter()
        .map(|v| v["fields"]["request_id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids.len(), 4, "{logs}");
    for id in ["inline-1", "worker-1", "text-1"] {
        assert_eq!(ids.iter().filter(|&&i| i == id).count(), 1, "{id}: {logs}");
    }
    assert!(
        errors
            .iter()
            .all(|v| v["fields"]["panic"].as_str().unwrap_or("").contains(MARKER)),
        "{logs}"
    );
    server.stop().await.expect("clean shutdown");
}
