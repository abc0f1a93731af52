//! A real matn server on 127.0.0.1:0 for the integration tests, and a client.

#![allow(dead_code)]

use matn::api::pb::text_analysis_service_client::TextAnalysisServiceClient;
use matn::api::pb::{self, analyze_stream_response::Result as StreamResult};
use matn::config::Settings;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::transport::Channel;

pub struct TestServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    pub handle: JoinHandle<Result<(), String>>,
}

impl TestServer {
    /// Starts a server with `settings` (its `listen` is ignored).
    pub async fn start(settings: Settings) -> TestServer {
        Self::start_with_metrics(settings, None).await
    }

    /// Starts a server with `settings`, its metrics on `metrics` when given.
    pub async fn start_with_metrics(
        settings: Settings,
        metrics: Option<TcpListener>,
    ) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(async move {
            matn::server::serve_with_listeners(&settings, listener, metrics, async {
                let _ = rx.await;
            })
            .await
            .map_err(|e| e.to_string())
        });
        TestServer {
            addr,
            stop: Some(tx),
            handle,
        }
    }

    /// Starts a server with `settings` and its metrics on a port of their
    /// own; the server and the metrics address.
    pub async fn start_with_metrics_port(settings: Settings) -> (TestServer, SocketAddr) {
        let metrics = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the metrics port");
        let addr = metrics.local_addr().expect("metrics addr");
        (
            Self::start_with_metrics(settings, Some(metrics)).await,
            addr,
        )
    }

    pub async fn default() -> TestServer {
        Self::start(Settings::default()).await
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn channel(&self) -> Channel {
        // The server task may not have polled its listener yet; connecting retries.
        for _ in 0..50 {
            if let Ok(ch) = Channel::from_shared(self.url())
                .expect("valid url")
                .connect()
                .await
            {
                return ch;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("server at {} did not accept connections", self.addr);
    }

    pub async fn client(&self) -> TextAnalysisServiceClient<Channel> {
        TextAnalysisServiceClient::new(self.channel().await)
    }

    /// A client on a connection of its own, and a handle to its socket: shutting
    /// that down is a client that goes away (killed, or its network cut).
    pub async fn killable_client(
        &self,
    ) -> (TextAnalysisServiceClient<Channel>, std::net::TcpStream) {
        let socket = std::net::TcpStream::connect(self.addr).expect("connect");
        socket.set_nonblocking(true).expect("non-blocking");
        let handle = socket.try_clone().expect("socket handle");
        let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(socket)));
        let channel = tonic::transport::Endpoint::from_shared(self.url())
            .expect("valid url")
            .connect_with_connector(tower::service_fn(move |_: tonic::transport::Uri| {
                let slot = slot.clone();
                async move {
                    let socket = slot
                        .lock()
                        .expect("slot")
                        .take()
                        .ok_or_else(|| std::io::Error::other("one connection only"))?;
                    let socket = tokio::net::TcpStream::from_std(socket)?;
                    Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(socket))
                }
            }))
            .await
            .expect("channel");
        (TextAnalysisServiceClient::new(channel), handle)
    }

    /// Triggers graceful shutdown and waits for the server to finish.
    pub async fn stop(mut self) -> Result<(), String> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        (&mut self.handle).await.expect("server task joined")
    }
}

/// Sends `reqs` on one stream; every answer, and the summary that must come
/// last.
pub async fn run_stream(
    client: &mut TextAnalysisServiceClient<Channel>,
    reqs: Vec<pb::AnalyzeStreamRequest>,
) -> (Vec<pb::AnalyzeStreamResponse>, pb::AnalyzeStreamSummary) {
    let mut stream = client
        .analyze_stream(tokio_stream::iter(reqs))
        .await
        .expect("stream")
        .into_inner();
    let mut got = Vec::new();
    while let Some(m) = stream.message().await.expect("stream message") {
        got.push(m);
    }
    let last = got.pop().expect("at least the summary");
    assert_eq!(last.id, "", "the summary has no id");
    let Some(StreamResult::Summary(summary)) = last.result else {
        panic!("last message is no summary: {last:?}");
    };
    for m in &got {
        assert!(
            !matches!(m.result, Some(StreamResult::Summary(_))),
            "a summary before the end"
        );
    }
    (got, summary)
}

/// Waits until `taken` stops growing (a client that can no longer send);
/// returns it.
pub async fn settled(taken: &std::sync::atomic::AtomicUsize) -> usize {
    use std::sync::atomic::Ordering;
    let mut last = usize::MAX;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let now = taken.load(Ordering::SeqCst);
        if now == last {
            break;
        }
        last = now;
    }
    taken.load(Ordering::SeqCst)
}

/// Shuts `server` down, which waits for open calls: it must not wait for
/// the grace period (two minutes in the tests that set it).
pub async fn stops_soon(server: TestServer) {
    tokio::time::timeout(std::time::Duration::from_secs(20), server.stop())
        .await
        .expect("no call left open: the server stops before its grace period ends")
        .expect("clean shutdown");
}

/// Reads `stream` until it fails; how many messages came first, and the
/// status (within a minute, or the test fails).
pub async fn until_error<T>(stream: &mut tonic::Streaming<T>) -> (usize, tonic::Status) {
    tokio::time::timeout(std::time::Duration::from_secs(60), async {
        let mut answered = 0;
        loop {
            match stream.message().await {
                Ok(Some(_)) => answered += 1,
                Ok(None) => panic!("the call ended without an error"),
                Err(status) => return (answered, status),
            }
        }
    })
    .await
    .expect("the call ends with an error within a minute")
}

pub fn seed() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/news-shamkhani-lavrentiev.txt"
    ))
    .expect("seed file")
}

/// Checks the answers of a StreamText call against `whole`, the Analyze
/// response for the whole text with the same settings: sentences numbered
/// from 0 in order, and the sentence-level layers (normalized text, edits,
/// sentences, tokens, language, sizes) equal once put together.
pub fn stream_matches_analyze(
    answers: &[pb::StreamTextResponse],
    whole: &pb::AnalyzeResponse,
) -> Result<(), String> {
    let mut normalized = String::new();
    let (mut sentences, mut tokens, mut edits) = (Vec::new(), Vec::new(), Vec::new());
    let (mut bytes, mut token_count, mut edit_count) = (0, 0, 0);
    for (i, answer) in answers.iter().enumerate() {
        if answer.sentence_index as usize != i {
            return Err(format!(
                "answer {i} has sentence_index {}",
                answer.sentence_index
            ));
        }
        let a = answer
            .analysis
            .as_ref()
            .ok_or("an answer without analysis")?;
        if a.language != whole.language {
            return Err(format!(
                "language {:?}, Analyze {:?}",
                a.language, whole.language
            ));
        }
        normalized.push_str(&a.normalized_text);
        sentences.extend(a.sentences.iter().cloned());
        tokens.extend(a.tokens.iter().cloned());
        edits.extend(a.edits.iter().cloned());
        let stats = a.stats.as_ref().ok_or("an answer without stats")?;
        if stats.sentences != 1 {
            return Err(format!("answer {i} counts {} sentences", stats.sentences));
        }
        bytes += stats.bytes;
        token_count += stats.tokens;
        edit_count += stats.edits;
    }
    let want = whole.stats.unwrap_or_default();
    let first_difference = |what: &str, got: &[String], want: &[String]| -> Result<(), String> {
        match got.iter().zip(want).position(|(g, w)| g != w) {
            Some(k) => Err(format!(
                "{what} {k} differs:\n got {}\nwant {}",
                got[k], want[k]
            )),
            None if got.len() != want.len() => {
                Err(format!("{} {what}s, Analyze has {}", got.len(), want.len()))
            }
            None => Ok(()),
        }
    };
    fn debug<T: std::fmt::Debug>(v: &[T]) -> Vec<String> {
        v.iter().map(|x| format!("{x:?}")).collect()
    }
    // A text of spaces and invisible characters alone has no sentence to
    // answer with.
    if answers.is_empty() && whole.tokens.is_empty() && whole.sentences.is_empty() {
        return Ok(());
    }
    if normalized != whole.normalized_text {
        return Err(format!(
            "normalized text differs:\n got {normalized:?}\nwant {:?}",
            whole.normalized_text
        ));
    }
    first_difference("sentence", &debug(&sentences), &debug(&whole.sentences))?;
    first_difference("token", &debug(&tokens), &debug(&whole.tokens))?;
    first_difference("edit", &debug(&edits), &debug(&whole.edits))?;
    if (bytes, token_count, edit_count) != (want.bytes, want.tokens, want.edits) {
        return Err(format!(
            "stats add up to {bytes} bytes, {token_count} tokens, {edit_count} edits; Analyze: {want:?}"
        ));
    }
    Ok(())
}

/// `GET path` on the metrics listener: (status line, body).
pub async fn http_get(addr: std::net::SocketAddr, method: &str, path: &str) -> (String, String) {
    let resp = http1(addr, &format!("{method} {path} HTTP/1.1\r\n"), b"").await;
    let body = String::from_utf8(resp.body).expect("a UTF-8 body");
    (resp.status, body)
}

/// An HTTP/1.1 response: status line, lower-cased headers, decoded body.
pub struct Response {
    pub status: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one HTTP/1.1 request (`Connection: close`) and reads the response.
pub async fn http1(addr: SocketAddr, head: &str, body: &[u8]) -> Response {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "{head}Host: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8(raw[..split].to_vec()).expect("utf-8 headers");
    let mut lines = head.split("\r\n");
    let status = lines.next().expect("status line").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Response {
        status,
        headers,
        body,
    }
}

/// The body of a `Transfer-Encoding: chunked` message.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size");
        let size_hex = std::str::from_utf8(&raw[..eol]).expect("hex");
        let size = usize::from_str_radix(size_hex.split(';').next().unwrap().trim(), 16)
            .expect("chunk size");
        raw = &raw[eol + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}
