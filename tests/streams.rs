//! AnalyzeStream against a real server on 127.0.0.1:0: order, no lost or
//! repeated ids, totals, backpressure, cancellation and deadlines.

mod common;

use common::{run_stream as run, seed, stops_soon, TestServer};
use matn::api::pb::{self, analyze_stream_response::Result as StreamResult};
use matn::config::Settings;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tonic::Code;

fn analyze_req(text: &str) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text.to_string(),
            language_code: String::new(),
        }),
        ..Default::default()
    }
}

fn doc(id: usize, text: &str) -> pb::AnalyzeStreamRequest {
    pb::AnalyzeStreamRequest {
        id: format!("doc-{id}"),
        request: Some(analyze_req(text)),
        ..Default::default()
    }
}

/// Documents of very different sizes (so that they finish out of order) and
/// one that fails (empty).
fn corpus() -> Vec<String> {
    let seed = seed();
    let sentences: Vec<&str> = seed.split('.').filter(|s| !s.trim().is_empty()).collect();
    (0..40)
        .map(|i| match i % 4 {
            0 => seed.repeat(3),
            1 => format!("{}.", sentences[i % sentences.len()]),
            2 if i == 18 => String::new(),
            2 => seed.clone(),
            _ => format!("سند شماره {i} در تهران نوشته شد."),
        })
        .collect()
}

/// What a unary call answers for each text (the stream must answer the same).
async fn unary_answers(server: &TestServer, texts: &[String]) -> Vec<Option<pb::AnalyzeResponse>> {
    let mut client = server.client().await;
    let mut out = Vec::new();
    for t in texts {
        out.push(
            client
                .analyze(analyze_req(t))
                .await
                .ok()
                .map(|r| r.into_inner()),
        );
    }
    out
}

#[tokio::test]
async fn each_document_is_answered_once_with_its_own_analysis() {
    let server = TestServer::default().await;
    let texts = corpus();
    let want = unary_answers(&server, &texts).await;
    let mut client = server.client().await;
    for in_order in [false, true] {
        let mut reqs: Vec<pb::AnalyzeStreamRequest> = Vec::new();
        // The options alone first: no answer of their own.
        reqs.push(pb::AnalyzeStreamRequest {
            options: Some(pb::AnalyzeStreamOptions { in_order }),
            ..Default::default()
        });
        reqs.extend(texts.iter().enumerate().map(|(i, t)| doc(i, t)));
        let (got, summary) = run(&mut client, reqs).await;
        let ids: Vec<&str> = got.iter().map(|m| m.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_by_key(|id| id[4..].parse::<usize>().expect("doc-N"));
        let all: Vec<String> = (0..texts.len()).map(|i| format!("doc-{i}")).collect();
        assert_eq!(sorted, all, "in_order {in_order}: every id exactly once");
        if in_order {
            assert_eq!(ids, all, "in request order");
        }
        for m in &got {
            let i: usize = m.id[4..].parse().expect("doc-N");
            match (&m.result, &want[i]) {
                (Some(StreamResult::Response(r)), Some(w)) => {
                    assert_eq!(
                        r, w,
                        "{}: the stream's analysis differs from Analyze's",
                        m.id
                    )
                }
                (Some(StreamResult::Error(s)), None) => {
                    assert_eq!(s.code, Code::InvalidArgument as i32, "{}", m.id)
                }
                (got, want) => panic!("{}: got {got:?}, unary gave {want:?}", m.id),
            }
        }
        let bytes: usize = texts.iter().map(String::len).sum();
        assert_eq!(
            (
                summary.documents,
                summary.succeeded,
                summary.failed,
                summary.content_bytes
            ),
            (40, 39, 1, bytes as u64)
        );
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn options_after_the_first_message_fail_in_band() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let mut late = doc(1, "دومین سند.");
    late.options = Some(pb::AnalyzeStreamOptions { in_order: true });
    let reqs = vec![doc(0, "اولین سند."), late, doc(2, "سومین سند.")];
    let (got, summary) = run(&mut client, reqs).await;
    let by_id: HashMap<&str, &pb::AnalyzeStreamResponse> =
        got.iter().map(|m| (m.id.as_str(), m)).collect();
    assert_eq!(by_id.len(), 3);
    match &by_id["doc-1"].result {
        Some(StreamResult::Error(s)) => {
            assert_eq!(s.code, Code::InvalidArgument as i32);
            assert!(s.message.contains("options"), "{}", s.message);
        }
        other => panic!("doc-1: expected an error, got {other:?}"),
    }
    assert!(matches!(
        by_id["doc-0"].result,
        Some(StreamResult::Response(_))
    ));
    assert!(matches!(
        by_id["doc-2"].result,
        Some(StreamResult::Response(_))
    ));
    assert_eq!((summary.succeeded, summary.failed), (2, 1));
    server.stop().await.expect("clean shutdown");
}

/// A request stream of `n` copies of `text` that counts how many the client
/// transport has taken.
fn counted(
    n: usize,
    text: String,
    taken: Arc<AtomicUsize>,
) -> impl tokio_stream::Stream<Item = pb::AnalyzeStreamRequest> {
    tokio_stream::iter((0..n).map(move |i| {
        taken.fetch_add(1, Ordering::SeqCst);
        doc(i, &text)
    }))
}

#[tokio::test]
async fn a_client_that_stops_reading_holds_the_server_back() {
    let mut settings = Settings::default();
    settings.limits.stream_max_in_flight = 2;
    settings.limits.workers = 1;
    settings.shutdown_grace = Duration::from_secs(120);
    let server = TestServer::start(settings).await;
    let (mut client, socket) = server.killable_client().await;
    // Documents of 64 KB: transport buffers hold few of them.
    let text = seed().repeat(16);
    let taken = Arc::new(AtomicUsize::new(0));
    let total = 2000;
    let stream = client
        .analyze_stream(counted(total, text.clone(), taken.clone()))
        .await
        .expect("stream")
        .into_inner();
    // Read nothing; wait until the client stops being able to send.
    let held = common::settled(&taken).await;
    // What HTTP/2 windows on both sides can hold, plus what is in flight: far
    // from all 2000 (128 MB).
    assert!(
        held < 400,
        "the client could send {held} of {total} documents"
    );
    // The server still answers others meanwhile.
    let mut other = server.client().await;
    let r = other
        .analyze(analyze_req("سلام دنیا."))
        .await
        .expect("unary call while a stream is stalled");
    assert_eq!(r.into_inner().normalized_text, "سلام دنیا.");
    // The client goes away: its stream ends on the server too, long before
    // the grace period of a shutdown is over.
    socket.shutdown(std::net::Shutdown::Both).expect("shutdown");
    drop((stream, client));
    stops_soon(server).await;
}

#[tokio::test]
async fn a_cancelled_stream_loses_nothing_it_answered_and_the_server_goes_on() {
    let settings = Settings {
        shutdown_grace: Duration::from_secs(120),
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    // A connection of its own, cut to cancel: tonic resets a call's HTTP/2
    // stream only once its request stream is done, other clients at once.
    let (mut client, socket) = server.killable_client().await;
    let taken = Arc::new(AtomicUsize::new(0));
    let mut stream = client
        .analyze_stream(counted(500, seed(), taken.clone()))
        .await
        .expect("stream")
        .into_inner();
    let mut ids = Vec::new();
    for _ in 0..10 {
        let m = stream.message().await.expect("message").expect("one");
        assert!(matches!(m.result, Some(StreamResult::Response(_))));
        ids.push(m.id);
    }
    socket.shutdown(std::net::Shutdown::Both).expect("shutdown");
    drop((stream, client));
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "an id answered twice: {ids:?}");
    // The workers are free again: a new stream is answered whole.
    let mut client = server.client().await;
    let texts: Vec<String> = (0..8).map(|i| format!("سند {i} نوشته شد.")).collect();
    let reqs: Vec<_> = texts.iter().enumerate().map(|(i, t)| doc(i, t)).collect();
    let (got, summary) = run(&mut client, reqs).await;
    assert_eq!(got.len(), 8);
    assert_eq!((summary.documents, summary.succeeded), (8, 8));
    drop(client);
    stops_soon(server).await;
}

#[tokio::test]
async fn a_stream_past_its_deadline_ends_with_deadline_exceeded() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // Documents that keep coming, slowly: only the deadline ends the call.
    let slow = tokio_stream::StreamExt::throttle(
        tokio_stream::iter((0..10_000).map(|i| doc(i, "سندی کوتاه."))),
        Duration::from_millis(50),
    );
    let mut request = tonic::Request::new(slow);
    request.set_timeout(Duration::from_millis(400));
    let mut stream = client
        .analyze_stream(request)
        .await
        .expect("stream")
        .into_inner();
    let ended = common::until_error(&mut stream).await;
    assert_eq!(ended.1.code(), Code::DeadlineExceeded, "{:?}", ended.1);
    assert!(
        ended.0 > 0,
        "some documents were answered before the deadline"
    );
    server.stop().await.expect("clean shutdown");
}
