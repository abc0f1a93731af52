//! StreamText against a real server on 127.0.0.1:0: answers equal to Analyze
//! whatever the chunks, sentences answered before the text ends, errors,
//! bounded memory and backpressure.

mod common;

use common::{seed, stream_matches_analyze, TestServer};
use matn::api::pb::{self, stream_text_request::Message};
use matn::config::Settings;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tonic::Code;
use tonic_types::StatusExt;

fn config_message(config: pb::StreamTextConfig) -> pb::StreamTextRequest {
    pb::StreamTextRequest {
        message: Some(Message::Config(config)),
    }
}

fn text_message(text: &str) -> pb::StreamTextRequest {
    pb::StreamTextRequest {
        message: Some(Message::Text(text.to_string())),
    }
}

/// `text` in chunks of about `size` bytes, cut anywhere but inside a
/// character.
fn chunks(text: &str, size: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + size).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        out.push(text[at..end].to_string());
        at = end;
    }
    out
}

/// Sends `config` and `chunks` on one StreamText call; every answer, or the
/// status that ended the call (with the answers before it).
async fn run_text(
    server: &TestServer,
    config: pb::StreamTextConfig,
    chunks: Vec<String>,
) -> (Vec<pb::StreamTextResponse>, Option<tonic::Status>) {
    let mut client = server.client().await;
    let reqs = std::iter::once(config_message(config))
        .chain(chunks.iter().map(|c| text_message(c)))
        .collect::<Vec<_>>();
    let mut stream = match client.stream_text(tokio_stream::iter(reqs)).await {
        Ok(s) => s.into_inner(),
        Err(status) => return (Vec::new(), Some(status)),
    };
    let mut got = Vec::new();
    loop {
        match stream.message().await {
            Ok(Some(m)) => got.push(m),
            Ok(None) => return (got, None),
            Err(status) => return (got, Some(status)),
        }
    }
}

/// A text long enough for the server to judge it early and answer as it
/// goes: the seed three times, its lines in another order each time.
fn long_text() -> String {
    let seed = seed();
    let lines: Vec<&str> = seed.lines().collect();
    let mut out = String::new();
    for round in 0..3 {
        for k in 0..lines.len() {
            out.push_str(lines[(k * (round + 1)) % lines.len()]);
            out.push('\n');
        }
    }
    out
}

async fn unary(
    server: &TestServer,
    text: &str,
    config: &pb::StreamTextConfig,
) -> pb::AnalyzeResponse {
    let mut client = server.client().await;
    client
        .analyze(pb::AnalyzeRequest {
            document: Some(pb::Document {
                content: text.to_string(),
                language_code: config.language_code.clone(),
            }),
            offset_encoding: config.offset_encoding,
            ..Default::default()
        })
        .await
        .expect("analyze")
        .into_inner()
}

#[tokio::test]
async fn stream_text_answers_as_analyze_whatever_the_chunks() {
    let server = TestServer::default().await;
    let text = long_text();
    for encoding in [pb::OffsetEncoding::Utf8, pb::OffsetEncoding::Utf16] {
        let config = pb::StreamTextConfig {
            offset_encoding: encoding as i32,
            ..Default::default()
        };
        let whole = unary(&server, &text, &config).await;
        let (one, status) = run_text(&server, config.clone(), vec![text.clone()]).await;
        assert!(status.is_none(), "{status:?}");
        assert_eq!(one.len(), whole.sentences.len());
        if let Err(e) = stream_matches_analyze(&one, &whole) {
            panic!("{encoding:?}, one chunk: {e}");
        }
        // Chunks that end inside words, between a letter and its ZWNJ,
        // between a base letter and its mark.
        for size in [1, 5, 77, 300, 4096] {
            let (got, status) = run_text(&server, config.clone(), chunks(&text, size)).await;
            assert!(status.is_none(), "{status:?}");
            assert_eq!(got.len(), one.len(), "{encoding:?}, chunks of {size}");
            for (g, o) in got.iter().zip(&one) {
                assert_eq!(g, o, "{encoding:?}, chunks of {size}");
            }
        }
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn sentences_are_answered_before_the_text_ends() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let mut stream = client
        .stream_text(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("stream")
        .into_inner();
    tx.send(config_message(pb::StreamTextConfig::default()))
        .await
        .expect("send");
    let text = long_text();
    let (head, tail) = text.split_at(text.len() / 2);
    for c in chunks(head, 100) {
        tx.send(text_message(&c)).await.expect("send");
    }
    // The call is still open: the first half's sentences come anyway.
    let first = tokio::time::timeout(Duration::from_secs(120), stream.message())
        .await
        .expect("an answer before the end of the text")
        .expect("message")
        .expect("one");
    assert_eq!(first.sentence_index, 0);
    let whole = unary(&server, &text, &pb::StreamTextConfig::default()).await;
    let analysis = first.analysis.expect("analysis");
    assert_eq!(analysis.sentences, whole.sentences[..1]);
    for c in chunks(tail, 100) {
        tx.send(text_message(&c)).await.expect("send");
    }
    drop(tx);
    let mut last = first.sentence_index;
    while let Some(m) = stream.message().await.expect("message") {
        assert_eq!(m.sentence_index, last + 1);
        last = m.sentence_index;
    }
    assert_eq!(last as usize + 1, whole.sentences.len());
    server.stop().await.expect("clean shutdown");
}

fn violations(status: &tonic::Status) -> Vec<String> {
    status
        .get_details_bad_request()
        .map(|b| b.field_violations.into_iter().map(|v| v.field).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn stream_text_errors_name_the_field() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let cases: Vec<(Vec<pb::StreamTextRequest>, &str)> = vec![
        (vec![text_message("سلام.")], "config"),
        (
            vec![
                config_message(Default::default()),
                text_message("سلام."),
                config_message(Default::default()),
            ],
            "config",
        ),
        (
            vec![config_message(pb::StreamTextConfig {
                offset_encoding: 99,
                ..Default::default()
            })],
            "config.offset_encoding",
        ),
        (
            vec![config_message(pb::StreamTextConfig {
                language_code: "fa IR".into(),
                ..Default::default()
            })],
            "config.language_code",
        ),
        (
            vec![
                config_message(Default::default()),
                pb::StreamTextRequest { message: None },
            ],
            "message",
        ),
    ];
    for (reqs, field) in cases {
        let mut stream = client
            .stream_text(tokio_stream::iter(reqs))
            .await
            .expect("call")
            .into_inner();
        let status = loop {
            match stream.message().await {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("{field}: the call ended without an error"),
                Err(s) => break s,
            }
        };
        assert_eq!(status.code(), Code::InvalidArgument, "{field}: {status:?}");
        assert_eq!(violations(&status), vec![field.to_string()], "{status:?}");
    }
    // A config alone is an empty text: no sentence, no error.
    let (got, status) = run_text(&server, Default::default(), Vec::new()).await;
    assert!(got.is_empty() && status.is_none(), "{status:?}");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_sentence_past_the_limit_ends_the_call_after_the_sentences_before_it() {
    let mut settings = Settings::default();
    settings.limits.max_document_bytes = 8192;
    let server = TestServer::start(settings).await;
    let text = format!("{}{}", long_text(), "کلمه‌ای بی‌پایان ".repeat(1000));
    // Analyze of the text before the run-on sentence, on a server that
    // takes it whole.
    let reference = TestServer::default().await;
    let whole = unary(&reference, &long_text(), &Default::default()).await;
    reference.stop().await.expect("clean shutdown");
    // In small chunks, and in one (the run-on sentence comes with the
    // sentences before it).
    for size in [1000, text.len()] {
        let (got, status) = run_text(&server, Default::default(), chunks(&text, size)).await;
        let status = status.expect("the call fails");
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert_eq!(violations(&status), vec!["text".to_string()]);
        assert!(status.message().contains("8192"), "{}", status.message());
        // Every sentence before the run-on one was answered first.
        let sentences: Vec<pb::Sentence> = got
            .iter()
            .flat_map(|a| a.analysis.clone().expect("analysis").sentences)
            .collect();
        assert_eq!(sentences, whole.sentences, "chunks of {size}");
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_stream_text_past_its_deadline_ends_with_deadline_exceeded() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // Lines that keep coming, slowly: only the deadline ends the call.
    let lines: Vec<String> = long_text()
        .lines()
        .cycle()
        .take(10_000)
        .map(|l| format!("{l}\n"))
        .collect();
    let slow = tokio_stream::StreamExt::throttle(
        tokio_stream::iter(
            std::iter::once(config_message(Default::default()))
                .chain(lines.into_iter().map(|l| text_message(&l))),
        ),
        Duration::from_millis(20),
    );
    let mut request = tonic::Request::new(slow);
    request.set_timeout(Duration::from_secs(3));
    let mut stream = client
        .stream_text(request)
        .await
        .expect("stream")
        .into_inner();
    let ended = common::until_error(&mut stream).await;
    assert_eq!(ended.1.code(), Code::DeadlineExceeded, "{:?}", ended.1);
    assert!(
        ended.0 > 0,
        "some sentences were answered before the deadline"
    );
    server.stop().await.expect("clean shutdown");
}

/// `n` chunks of `text`, counting those the client has handed to the transport.
fn counted(
    n: usize,
    text: String,
    taken: Arc<AtomicUsize>,
) -> impl tokio_stream::Stream<Item = pb::StreamTextRequest> {
    tokio_stream::iter((0..=n).map(move |i| {
        if i == 0 {
            return config_message(Default::default());
        }
        taken.fetch_add(1, Ordering::SeqCst);
        text_message(&text)
    }))
}

#[tokio::test]
async fn a_stream_text_client_that_stops_reading_holds_the_server_back() {
    let settings = Settings {
        shutdown_grace: Duration::from_secs(120),
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    let (mut client, socket) = server.killable_client().await;
    // Chunks of 64 KB: transport buffers hold few of them.
    let text = seed().repeat(16);
    let taken = Arc::new(AtomicUsize::new(0));
    let total = 2000;
    let mut stream = client
        .stream_text(counted(total, text, taken.clone()))
        .await
        .expect("stream")
        .into_inner();
    // Read nothing; wait until the client stops being able to send.
    let held = common::settled(&taken).await;
    assert!(held < 400, "the client could send {held} of {total} chunks");
    // Held back, not failed: the call answers once the client reads.
    for k in 0..3 {
        let m = stream.message().await.expect("answer").expect("one");
        assert_eq!(m.sentence_index, k);
    }
    // The client goes away: its call ends on the server too.
    socket.shutdown(std::net::Shutdown::Both).expect("shutdown");
    drop((stream, client));
    common::stops_soon(server).await;
}
