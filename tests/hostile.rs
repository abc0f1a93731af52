//! Careless and hostile clients against a real server: idle streams, silent
//! and idle connections, floods of watches and connections, huge and
//! undecodable fields. Each limit is set low here so the tests run fast;
//! the defaults are checked in `config.rs`.

mod common;

use common::TestServer;
use matn::api::pb;
use matn::api::pb::text_analysis_service_client::TextAnalysisServiceClient as TextAnalysisClient;
use matn::config::Settings;
use std::io::{Read, Write};
use std::time::{Duration, Instant};
use tokio_stream::wrappers::ReceiverStream;
use tonic::Code;
use tonic_types::StatusExt;

fn analyze(text: &str) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text.to_string(),
            language_code: String::new(),
        }),
        ..Default::default()
    }
}

type Sender = tokio::sync::mpsc::Sender<pb::AnalyzeStreamRequest>;

/// An AnalyzeStream whose requests are sent through the returned sender,
/// when the test wants, and its responses.
async fn open_stream(
    client: &mut TextAnalysisClient<tonic::transport::Channel>,
) -> (Sender, tonic::Streaming<pb::AnalyzeStreamResponse>) {
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::AnalyzeStreamRequest>(1);
    let stream = client
        .analyze_stream(ReceiverStream::new(rx))
        .await
        .expect("admitted")
        .into_inner();
    (tx, stream)
}

/// A request of the stream with `id` for `text`.
fn stream_doc(id: &str, text: &str) -> pb::AnalyzeStreamRequest {
    pb::AnalyzeStreamRequest {
        id: id.into(),
        request: Some(analyze(text)),
        ..Default::default()
    }
}

/// At least `bytes` of Persian text in sentences that do not repeat: words
/// of a small vocabulary drawn by a fixed pseudo-random sequence, and a
/// number in each sentence.
fn distinct_sentences(bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "کتاب‌های",
        "زیادی",
        "در",
        "کتابخانه‌ی",
        "شهر",
        "مردم",
        "می‌خوانند",
        "دولت",
        "تهران",
        "گزارش",
        "امروز",
        "سال",
        "بازار",
        "نفت",
        "قیمت",
        "افزایش",
        "یافت",
        "رئیس",
        "سازمان",
        "گفت",
        "که",
        "این",
        "برنامه",
        "جدید",
        "دانشگاه",
        "علی",
        "محمدی",
        "روز",
        "شنبه",
        "هفته",
        "گذشته",
        "کشور",
    ];
    let mut state: u32 = 12345;
    let mut out = String::with_capacity(bytes + 200);
    let mut n = 0u32;
    while out.len() < bytes {
        for _ in 0..8 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            out.push_str(WORDS[(state >> 16) as usize % WORDS.len()]);
            out.push(' ');
        }
        n += 1;
        out.push_str(&format!("{n} نفر آمدند. "));
    }
    out
}

/// The HTTP/2 client preface and an empty SETTINGS frame: what a client
/// sends before its first call.
const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";

/// Reads `socket` until the server closes it; when that was, counted from
/// `started` (or `None` when it is still open `limit` after `started`).
/// What the server sends is dropped; `dribble` (if not empty) is written
/// every 100 ms meanwhile.
fn closed_within(
    mut socket: std::net::TcpStream,
    started: Instant,
    limit: Duration,
    dribble: &[u8],
) -> Option<Duration> {
    socket
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("read timeout");
    let mut buf = [0u8; 4096];
    while started.elapsed() < limit {
        if !dribble.is_empty() && socket.write_all(dribble).is_err() {
            return Some(started.elapsed());
        }
        match socket.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

#[tokio::test]
async fn idle_streams_end_and_never_take_the_places_of_unary_calls() {
    let mut settings = Settings::default();
    settings.limits.max_streams = 2;
    settings.limits.max_in_flight = 2;
    settings.limits.stream_idle_timeout = Some(Duration::from_millis(700));
    let server = TestServer::start(settings).await;
    let mut client = server.client().await;

    // Two streams that send nothing hold every stream place...
    let mut quiet = Vec::new();
    let mut senders = Vec::new();
    for _ in 0..2 {
        let (tx, stream) = open_stream(&mut client).await;
        senders.push(tx);
        quiet.push(stream);
    }
    let refused = client
        .stream_text(tokio_stream::iter(Vec::<pb::StreamTextRequest>::new()))
        .await
        .expect_err("a third stream is refused");
    assert_eq!(refused.code(), Code::ResourceExhausted, "{refused:?}");
    assert!(refused.message().contains("max_streams"), "{refused:?}");
    assert!(refused.get_details_retry_info().is_some(), "{refused:?}");

    // ...and none of the unary ones.
    let started = Instant::now();
    for _ in 0..3 {
        let ok = client
            .analyze(analyze("سلام دنیا."))
            .await
            .expect("unary admitted");
        assert_eq!(ok.into_inner().normalized_text, "سلام دنیا.");
    }
    assert!(started.elapsed() < Duration::from_millis(700));

    // Quiet for the idle timeout: each ends with DEADLINE_EXCEEDED naming the flag.
    for mut stream in quiet {
        let status = tokio::time::timeout(Duration::from_secs(10), stream.message())
            .await
            .expect("the idle stream ends")
            .expect_err("with an error");
        assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
        assert!(
            status.message().contains("--stream-idle-timeout"),
            "{status:?}"
        );
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(500),
        "ended too soon: {elapsed:?}"
    );

    // Their places are free again; a stream that keeps talking is not idle.
    let (tx, mut stream) = open_stream(&mut client).await;
    for i in 0..3 {
        tokio::time::sleep(Duration::from_millis(400)).await;
        tx.send(stream_doc(&i.to_string(), "کتاب خوب است."))
            .await
            .expect("send");
        let answer = stream.message().await.expect("answer").expect("one");
        assert_eq!(answer.id, i.to_string());
    }
    drop(tx);
    while stream.message().await.expect("summary").is_some() {}
    drop(senders);
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn unary_calls_past_max_in_flight_are_refused_with_retry_info() {
    let mut settings = Settings::default();
    settings.limits.max_in_flight = 1;
    settings.limits.workers = 1;
    let server = TestServer::start(settings).await;
    let client = server.client().await;
    // Large enough to take the one place for a while.
    let text = "کتاب‌های زیادی در کتابخانه‌ی شهر هست و مردم می‌خوانند. ".repeat(2500);
    let calls = (0..6).map(|_| {
        let mut c = client.clone();
        let req = analyze(&text);
        tokio::spawn(async move { c.analyze(req).await.map(|_| ()) })
    });
    let results = futures_util::future::join_all(calls).await;
    let refused: Vec<tonic::Status> = results
        .into_iter()
        .map(|r| r.expect("joined"))
        .filter_map(Result::err)
        .collect();
    assert!(
        !refused.is_empty(),
        "six calls at once, one place: some are refused"
    );
    for status in refused {
        assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
        assert!(status.message().contains("max_in_flight"), "{status:?}");
        assert!(status.get_details_retry_info().is_some(), "{status:?}");
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn connections_that_send_no_preface_or_nothing_more_are_closed() {
    let settings = Settings {
        handshake_timeout: Duration::from_millis(400),
        limits: matn::api::Limits {
            idle_connection_timeout: Some(Duration::from_millis(800)),
            ..Settings::default().limits
        },
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    // The server is up once a client gets an answer.
    let mut client = server.client().await;
    client.analyze(analyze("سلام.")).await.expect("served");

    let addr = server.addr;
    let checks = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        // Silent: not a byte.
        let silent = std::net::TcpStream::connect(addr).expect("connect");
        // Slow: the preface a byte at a time, too slowly.
        let mut slow = std::net::TcpStream::connect(addr).expect("connect");
        slow.write_all(&PREFACE[..5]).expect("write");
        // Idle: a whole preface, then no call.
        let mut idle = std::net::TcpStream::connect(addr).expect("connect");
        idle.write_all(PREFACE).expect("write");
        let limit = Duration::from_secs(10);
        (
            closed_within(silent, started, limit, b""),
            closed_within(slow, started, limit, b""),
            closed_within(idle, started, limit, b""),
        )
    })
    .await
    .expect("joined");
    let (silent, slow, idle) = checks;
    let silent = silent.expect("a silent connection is closed");
    let slow = slow.expect("a connection without its whole preface is closed");
    let idle = idle.expect("a connection with no call is closed");
    assert!(silent >= Duration::from_millis(300), "{silent:?}");
    assert!(slow >= Duration::from_millis(300), "{slow:?}");
    assert!(idle >= Duration::from_millis(700), "{idle:?}");

    // A client whose connection was closed while idle reconnects.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    client.analyze(analyze("سلام.")).await.expect("served again");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn an_http1_client_that_never_finishes_its_headers_is_closed() {
    // The port speaks HTTP/1.1 too (gRPC-Web): a client past the first 24
    // bytes that then sends a header byte now and then never makes a call,
    // and is closed by the idle-connection timeout.
    let mut settings = Settings::default();
    settings.limits.idle_connection_timeout = Some(Duration::from_millis(400));
    let server = TestServer::start(settings).await;
    let addr = server.addr;
    let closed = tokio::task::spawn_blocking(move || {
        let mut socket = std::net::TcpStream::connect(addr).expect("connect");
        let started = Instant::now();
        socket
            .write_all(b"POST /matn.v1.TextAnalysisService/Analyze HTTP/1.1\r\nHost: x\r\n")
            .expect("request line");
        // One more byte of a header that never ends, every 100 ms.
        closed_within(socket, started, Duration::from_secs(10), b"X")
    })
    .await
    .expect("joined");
    let closed = closed.expect("the connection is closed");
    assert!(closed >= Duration::from_millis(400), "{closed:?}");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn an_open_call_keeps_its_connection_past_the_idle_timeout() {
    let mut settings = Settings::default();
    settings.limits.idle_connection_timeout = Some(Duration::from_millis(300));
    settings.limits.stream_idle_timeout = None;
    let server = TestServer::start(settings).await;
    let mut client = server.client().await;
    let (tx, mut stream) = open_stream(&mut client).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    tx.send(stream_doc("late", "دیر آمدم."))
        .await
        .expect("send");
    let answer = stream
        .message()
        .await
        .expect("the connection is open")
        .expect("one");
    assert_eq!(answer.id, "late");
    drop(tx);
    while stream.message().await.expect("summary").is_some() {}
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn connections_past_max_connections_are_closed_on_arrival() {
    let settings = Settings {
        max_connections: 2,
        ..Default::default()
    };
    let (server, metrics_addr) = TestServer::start_with_metrics_port(settings).await;
    let addr = server.addr;
    let mut client = server.client().await;
    client.analyze(analyze("سلام.")).await.expect("served");
    let closed = tokio::task::spawn_blocking(move || {
        // The client holds one; this is the second; a third is one too many.
        let mut second = std::net::TcpStream::connect(addr).expect("connect");
        second.write_all(PREFACE).expect("write");
        std::thread::sleep(Duration::from_millis(200));
        let third = std::net::TcpStream::connect(addr).expect("connect");
        let closed = closed_within(third, Instant::now(), Duration::from_secs(5), b"");
        drop(second);
        closed
    })
    .await
    .expect("joined");
    assert!(closed.expect("the third is closed") < Duration::from_secs(2));
    let (_, page) = common::http_get(metrics_addr, "GET", "/metrics").await;
    assert!(
        page.lines()
            .any(|l| l == "matn_connections_refused_total 1"),
        "{page}"
    );
    // Its place came back when the second closed.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut other = TextAnalysisClient::new(server.channel().await);
    other
        .analyze(analyze("سلام."))
        .await
        .expect("a new connection is served");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn the_server_advertises_max_concurrent_streams() {
    let mut settings = Settings::default();
    settings.limits.max_concurrent_streams = 7;
    let server = TestServer::start(settings).await;
    let mut client = server.client().await;
    let caps = client
        .get_capabilities(pb::GetCapabilitiesRequest {})
        .await
        .expect("capabilities")
        .into_inner()
        .limits
        .expect("limits");
    assert_eq!(caps.max_concurrent_streams, 7);
    assert_eq!(caps.stream_idle_timeout_ms, 60_000);
    assert_eq!(caps.idle_connection_timeout_ms, 300_000);
    assert_eq!(
        caps.max_streams as usize,
        Settings::default().limits.max_streams
    );

    let addr = server.addr;
    let settings_frame = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).expect("connect");
        s.write_all(PREFACE).expect("write");
        let mut header = [0u8; 9];
        s.read_exact(&mut header).expect("the server's first frame");
        assert_eq!(header[3], 4, "a SETTINGS frame");
        let len =
            usize::from(header[0]) << 16 | usize::from(header[1]) << 8 | usize::from(header[2]);
        let mut payload = vec![0u8; len];
        s.read_exact(&mut payload).expect("its payload");
        payload
    })
    .await
    .expect("joined");
    let max_streams = settings_frame.chunks(6).find_map(|entry| {
        (u16::from_be_bytes([entry[0], entry[1]]) == 3)
            .then(|| u32::from_be_bytes([entry[2], entry[3], entry[4], entry[5]]))
    });
    assert_eq!(max_streams, Some(7));
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn health_watches_are_bounded_server_wide_with_or_without_auth() {
    use tonic_health::pb::{health_client::HealthClient, HealthCheckRequest};
    let settings = Settings {
        max_watch_streams: 3,
        auth_tokens: vec!["a-token".into()],
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    let mut health = HealthClient::new(server.channel().await);
    let watch = || HealthCheckRequest {
        service: String::new(),
    };
    let mut open = Vec::new();
    for _ in 0..3 {
        let mut s = health.watch(watch()).await.expect("admitted").into_inner();
        s.message().await.expect("a status").expect("one");
        open.push(s);
    }
    let refused = health
        .watch(watch())
        .await
        .expect_err("a fourth is refused");
    assert_eq!(refused.code(), Code::ResourceExhausted, "{refused:?}");
    assert!(
        refused.message().contains("--max-watch-streams"),
        "{refused:?}"
    );
    // Checks are not watches.
    health.check(watch()).await.expect("a check is answered");
    // A watch that ends gives its place back.
    drop(open.pop());
    let mut admitted = false;
    for _ in 0..50 {
        if health.watch(watch()).await.is_ok() {
            admitted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(admitted, "the place of a closed watch is free again");
    drop(open);
    server.stop().await.expect("clean shutdown");
}

/// An AnalyzeRequest whose `document.content` holds any bytes (a string
/// field in the real message), to send invalid UTF-8.
#[derive(Clone, PartialEq, prost::Message)]
struct RawAnalyzeRequest {
    #[prost(message, optional, tag = "1")]
    document: Option<RawDocument>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawDocument {
    #[prost(bytes = "vec", tag = "1")]
    content: Vec<u8>,
}

#[tokio::test]
async fn undecodable_and_oversized_messages_get_the_conventional_statuses() {
    let mut settings = Settings::default();
    settings.limits.max_message_bytes = 64 << 10;
    let server = TestServer::start(settings).await;
    let channel = server.channel().await;

    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.expect("ready");
    let path = http::uri::PathAndQuery::from_static("/matn.v1.TextAnalysisService/Analyze");
    let bad = RawAnalyzeRequest {
        document: Some(RawDocument {
            content: b"caf\xe9 \xff".to_vec(),
        }),
    };
    let err = grpc
        .unary::<_, pb::AnalyzeResponse, _>(
            tonic::Request::new(bad),
            path,
            tonic_prost::ProstCodec::default(),
        )
        .await
        .expect_err("invalid UTF-8 is refused");
    assert_eq!(err.code(), Code::InvalidArgument, "{err:?}");
    let violations = err
        .get_details_bad_request()
        .expect("a BadRequest")
        .field_violations;
    assert_eq!(violations.len(), 1);
    assert_eq!(
        (
            violations[0].field.as_str(),
            violations[0].description.as_str()
        ),
        ("document.content", "is not valid UTF-8")
    );

    let mut client = TextAnalysisClient::new(channel);
    let err = client
        .analyze(analyze(&"a".repeat(100 << 10)))
        .await
        .expect_err("over the message limit");
    assert_eq!(err.code(), Code::ResourceExhausted, "{err:?}");
    assert!(
        err.message().contains("--max-message-bytes") && err.message().contains("StreamText"),
        "{err:?}"
    );
    // The same on a stream.
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::StreamTextRequest>(2);
    let mut answers = client
        .stream_text(ReceiverStream::new(rx))
        .await
        .expect("admitted")
        .into_inner();
    tx.send(pb::StreamTextRequest {
        message: Some(pb::stream_text_request::Message::Text(
            "a".repeat(100 << 10),
        )),
    })
    .await
    .expect("send");
    let err = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match answers.message().await {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("ended without an error"),
                Err(status) => break status,
            }
        }
    })
    .await
    .expect("an answer");
    assert_eq!(err.code(), Code::ResourceExhausted, "{err:?}");
    assert!(client.analyze(analyze("سلام.")).await.is_ok());
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn statuses_quote_only_a_prefix_of_client_values() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let mut req = analyze("سلام.");
    req.document_date = "x".repeat(1 << 20);
    let err = client.analyze(req).await.expect_err("not a date");
    assert_eq!(err.code(), Code::InvalidArgument, "{err:?}");
    assert!(err.message().len() < 200, "{} bytes", err.message().len());
    assert!(err.message().contains("(1048576 bytes)"), "{err:?}");
    let violation = &err
        .get_details_bad_request()
        .expect("details")
        .field_violations[0];
    assert_eq!(violation.field, "document_date");
    assert!(violation.description.len() < 150, "{violation:?}");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn reflection_resolves_the_error_detail_types() {
    use tokio_stream::StreamExt;
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    let server = TestServer::default().await;
    let mut reflection = ServerReflectionClient::new(server.channel().await);
    for symbol in [
        "google.rpc.BadRequest",
        "google.rpc.RetryInfo",
        "google.rpc.Status",
    ] {
        let req = ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileContainingSymbol(symbol.into())),
        };
        let mut answers = reflection
            .server_reflection_info(tokio_stream::iter(vec![req]))
            .await
            .expect("reflection")
            .into_inner();
        let answer = answers.next().await.expect("an answer").expect("ok");
        match answer.message_response {
            Some(MessageResponse::FileDescriptorResponse(f)) => {
                assert!(!f.file_descriptor_proto.is_empty(), "{symbol}");
            }
            other => panic!("{symbol}: {other:?}"),
        }
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_client_that_never_answers_keepalive_pings_is_closed() {
    let mut settings = Settings {
        keepalive_interval: Some(Duration::from_millis(200)),
        keepalive_timeout: Duration::from_millis(300),
        ..Default::default()
    };
    settings.limits.idle_connection_timeout = None;
    let server = TestServer::start(settings).await;
    server.client().await;
    let addr = server.addr;
    let (pinged, closed) = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).expect("connect");
        s.write_all(PREFACE).expect("write");
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .expect("read timeout");
        let started = Instant::now();
        // The frames the server sends, read whole; a PING is type 6.
        let (mut bytes, mut pinged) = (Vec::new(), false);
        let mut buf = [0u8; 1024];
        while started.elapsed() < Duration::from_secs(10) {
            match s.read(&mut buf) {
                Ok(0) => return (pinged, Some(started.elapsed())),
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return (pinged, Some(started.elapsed())),
            }
            while bytes.len() >= 9 {
                let len = usize::from(bytes[0]) << 16
                    | usize::from(bytes[1]) << 8
                    | usize::from(bytes[2]);
                if bytes.len() < 9 + len {
                    break;
                }
                // A PING that is not an acknowledgement.
                pinged |= bytes[3] == 6 && bytes[4] & 1 == 0;
                bytes.drain(..9 + len);
            }
        }
        (pinged, None)
    })
    .await
    .expect("joined");
    assert!(pinged, "the server pings");
    let closed = closed.expect("the connection is closed");
    assert!(closed >= Duration::from_millis(400), "{closed:?}");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn a_stream_waiting_for_its_answers_is_not_idle() {
    let mut settings = Settings::default();
    settings.limits.stream_idle_timeout = Some(Duration::from_millis(100));
    settings.limits.workers = 1;
    let server = TestServer::start(settings).await;
    let mut client = server.client().await.max_decoding_message_size(64 << 20);
    let (tx, mut stream) = open_stream(&mut client).await;
    // A document that takes longer than the idle timeout to analyze, even
    // in a release build: distinct sentences, so that no memo helps.
    let long = distinct_sentences(900_000);
    let started = Instant::now();
    tx.send(stream_doc("long", &long)).await.expect("send");
    let answer = stream
        .message()
        .await
        .expect("answered, not ended as idle")
        .expect("one");
    assert_eq!(answer.id, "long");
    let took = started.elapsed();
    assert!(
        took > Duration::from_millis(100),
        "analyzed in {took:?}: make the document longer"
    );
    // Then the client says nothing more: idle.
    let status = stream.message().await.expect_err("idle");
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    drop(tx);
    server.stop().await.expect("clean shutdown");
}
