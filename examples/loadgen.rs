//! Load generator for a running matn server: many concurrent unary `Analyze`
//! calls, or many `AnalyzeStream` streams, for a fixed time; or `StreamText`
//! calls that each send a long text in chunks. Prints requests (sentences for
//! `text`)/s, MB/s of payload and latency percentiles.
//!
//!     cargo run --release --example loadgen -- --mode unary --concurrency 32 --duration 20
//!     cargo run --release --example loadgen -- --mode stream --concurrency 4 --duration 20
//!     cargo run --release --example loadgen -- --mode text --concurrency 1 --megabytes 100
//!
//! `--probe`: also calls `grpc.health.v1.Health/Check` every 50 ms on a
//! connection of its own and prints its latency percentiles (the reactor
//! must stay responsive while the workers analyze).
//!
//! The payload is distinct real text by default: the documents of
//! `../shared/bench/diverse.jsonl`, which the calls take in turn, cycling (all
//! the clients share one turn, so no two calls in a row send the same
//! document). `--payload FILE` takes a JSONL file (the `text` of each line) or
//! a text file (one document, sent over and over: figures from it are
//! "repeated text"). MB/s counts the bytes of the documents answered.
//!
//! `text` mode: each call sends the payload's documents over and over (a line
//! break after each) until `--megabytes MB` are sent, in chunks of `--chunk
//! BYTES` (default 65536, cut anywhere but inside a character). The latency of
//! a sentence is from the send of the chunk that completes it to its answer.
//!
//! Options (all optional): `--addr http://127.0.0.1:50051`, `--mode unary|stream`,
//! `--concurrency N` (calls in flight, or streams), `--duration SECONDS`,
//! `--payload FILE`, `--features all|tokens|none`,
//! `--in-order` (streams), `--window N` (documents a stream sends ahead of its
//! answers; default 64). Latency of a streamed document is from its send to
//! its answer.

use matn::api::pb::text_analysis_service_client::TextAnalysisServiceClient;
use matn::api::pb::{self, analyze_stream_response::Result as StreamResult};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tonic::transport::{Channel, Endpoint};

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Unary,
    Stream,
    Text,
}

struct Options {
    addr: String,
    mode: Mode,
    concurrency: usize,
    duration: Duration,
    payload: String,
    features: Option<pb::Features>,
    in_order: bool,
    window: usize,
    megabytes: usize,
    chunk: usize,
    probe: bool,
}

fn usage(message: &str) -> ! {
    eprintln!("loadgen: {message}");
    eprintln!(
        "usage: loadgen [--addr URL] [--mode unary|stream] [--concurrency N] [--duration SECONDS] \
         [--payload FILE] [--features all|tokens|none] [--in-order] [--window N] \
         [--megabytes MB] [--chunk BYTES] [--probe]"
    );
    std::process::exit(2)
}

fn parse_args() -> Options {
    let mut o = Options {
        addr: "http://127.0.0.1:50051".into(),
        mode: Mode::Unary,
        concurrency: 32,
        duration: Duration::from_secs(20),
        payload: concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/diverse.jsonl").into(),
        features: None,
        in_order: false,
        window: 64,
        megabytes: 100,
        chunk: 64 << 10,
        probe: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        let number = |v: String| -> usize {
            v.parse()
                .ok()
                .filter(|&n| n > 0)
                .unwrap_or_else(|| usage(&format!("{v:?} is not a positive number")))
        };
        match flag.as_str() {
            "--addr" => o.addr = value(),
            "--mode" => {
                o.mode = match value().as_str() {
                    "unary" => Mode::Unary,
                    "stream" => Mode::Stream,
                    "text" => Mode::Text,
                    other => usage(&format!("unknown mode {other:?}")),
                }
            }
            "--concurrency" => o.concurrency = number(value()),
            "--duration" => o.duration = Duration::from_secs(number(value()) as u64),
            "--payload" => o.payload = value(),
            "--features" => {
                let only_tokens = pb::Features {
                    normalize: true,
                    sentences: true,
                    tokens: true,
                    lemmas: true,
                    ..Default::default()
                };
                o.features = match value().as_str() {
                    "all" => None,
                    "tokens" => Some(only_tokens),
                    "none" => Some(pb::Features::default()),
                    other => usage(&format!("unknown feature set {other:?}")),
                }
            }
            "--in-order" => o.in_order = true,
            "--window" => o.window = number(value()),
            "--megabytes" => o.megabytes = number(value()),
            "--chunk" => o.chunk = number(value()),
            "--probe" => o.probe = true,
            "-h" | "--help" => usage("help"),
            other => usage(&format!("unknown option {other:?}")),
        }
    }
    o
}

/// The documents to send, taken in turn by every client.
struct Payload {
    docs: Vec<Arc<str>>,
    turn: AtomicUsize,
}

impl Payload {
    /// The `text` of each line of a `.jsonl` file; a text file whole.
    fn read(path: &str) -> Payload {
        let raw = std::fs::read_to_string(path)
            .unwrap_or_else(|e| usage(&format!("cannot read {path}: {e}")));
        let docs: Vec<Arc<str>> = if path.ends_with(".jsonl") {
            raw.lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["text"].as_str().map(Arc::from))
                .collect()
        } else {
            vec![raw.into()]
        };
        if docs.iter().all(|d| d.is_empty()) {
            usage(&format!("{path} has no text"));
        }
        Payload {
            docs,
            turn: AtomicUsize::new(0),
        }
    }

    /// The next document.
    fn next(&self) -> Arc<str> {
        let i = self.turn.fetch_add(1, Ordering::Relaxed) % self.docs.len();
        self.docs[i].clone()
    }

    fn bytes(&self) -> usize {
        self.docs.iter().map(|d| d.len()).sum()
    }
}

/// What one client task saw.
#[derive(Default)]
struct Tally {
    ok: u64,
    failed: u64,
    /// Calls refused with RESOURCE_EXHAUSTED (load shedding); the caller
    /// waits 100 ms (the server's RetryInfo) before its next call.
    refused: u64,
    /// Per answered document, microseconds.
    latencies: Vec<u32>,
    /// Bytes of the documents (the text, in `text` mode) answered.
    bytes: u64,
    /// Per refused call, microseconds.
    refusals: Vec<u32>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.ok += other.ok;
        self.failed += other.failed;
        self.refused += other.refused;
        self.latencies.extend(other.latencies);
        self.bytes += other.bytes;
        self.refusals.extend(other.refusals);
    }
}

fn request(text: &str, features: Option<pb::Features>) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text.to_string(),
            language_code: String::new(),
        }),
        features,
        ..Default::default()
    }
}

async fn unary(
    mut client: TextAnalysisServiceClient<Channel>,
    o: Arc<Options>,
    payload: Arc<Payload>,
    until: Instant,
) -> Tally {
    let mut t = Tally::default();
    while Instant::now() < until {
        let text = payload.next();
        let start = Instant::now();
        match client.analyze(request(&text, o.features)).await {
            Ok(_) => {
                t.ok += 1;
                t.bytes += text.len() as u64;
                t.latencies.push(start.elapsed().as_micros() as u32);
            }
            Err(e) if e.code() == tonic::Code::ResourceExhausted => {
                t.refused += 1;
                t.refusals.push(start.elapsed().as_micros() as u32);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => {
                t.failed += 1;
                if t.failed == 1 {
                    eprintln!("loadgen: call failed: {e}");
                }
            }
        }
    }
    t
}

async fn stream(
    mut client: TextAnalysisServiceClient<Channel>,
    o: Arc<Options>,
    payload: Arc<Payload>,
    until: Instant,
) -> Tally {
    // Per document sent: when, and its size.
    let sent: Arc<Mutex<Vec<(Instant, usize)>>> = Arc::default();
    // Documents sent ahead of their answers: the sender waits for a permit,
    // each answer returns one.
    let window = Arc::new(Semaphore::new(o.window));
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::AnalyzeStreamRequest>(16);
    let sender = {
        let (sent, window, o) = (sent.clone(), window.clone(), o.clone());
        tokio::spawn(async move {
            let mut id = 0usize;
            if o.in_order {
                let options = pb::AnalyzeStreamRequest {
                    options: Some(pb::AnalyzeStreamOptions { in_order: true }),
                    ..Default::default()
                };
                if tx.send(options).await.is_err() {
                    return;
                }
            }
            while Instant::now() < until {
                let Ok(permit) = window.acquire().await else {
                    return;
                };
                permit.forget();
                let text = payload.next();
                sent.lock()
                    .expect("sent")
                    .push((Instant::now(), text.len()));
                let req = pb::AnalyzeStreamRequest {
                    id: id.to_string(),
                    request: Some(request(&text, o.features)),
                    ..Default::default()
                };
                if tx.send(req).await.is_err() {
                    return;
                }
                id += 1;
            }
        })
    };
    let mut t = Tally::default();
    let mut answers = match client
        .analyze_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
    {
        Ok(r) => r.into_inner(),
        Err(e) => {
            eprintln!("loadgen: stream failed: {e}");
            t.failed += 1;
            return t;
        }
    };
    loop {
        match answers.message().await {
            Ok(Some(m)) => match m.result {
                Some(StreamResult::Summary(_)) => {}
                Some(StreamResult::Response(_)) => {
                    let i: usize = m.id.parse().expect("ids are numbers");
                    let (at, size) = sent.lock().expect("sent")[i];
                    t.ok += 1;
                    t.bytes += size as u64;
                    t.latencies.push(at.elapsed().as_micros() as u32);
                    window.add_permits(1);
                }
                _ => {
                    t.failed += 1;
                    window.add_permits(1);
                }
            },
            Ok(None) => break,
            Err(e) => {
                eprintln!("loadgen: stream ended: {e}");
                t.failed += 1;
                break;
            }
        }
    }
    let _ = sender.await;
    t
}

/// One StreamText call: the payload over and over until `o.megabytes` are
/// sent; one tally entry per sentence answered.
async fn text_call(
    mut client: TextAnalysisServiceClient<Channel>,
    o: Arc<Options>,
    payload: Arc<Payload>,
) -> Tally {
    use pb::stream_text_request::Message;
    let total = o.megabytes * 1_000_000;
    // Where each chunk ends in the stream (bytes) and when it was sent.
    let sent: Arc<Mutex<Vec<(u64, Instant)>>> = Arc::default();
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::StreamTextRequest>(4);
    let sender = {
        let (sent, o) = (sent.clone(), o.clone());
        let copy: String = payload.docs.iter().map(|d| format!("{d}\n")).collect();
        tokio::spawn(async move {
            let config = pb::StreamTextConfig {
                features: o.features,
                ..Default::default()
            };
            if tx
                .send(pb::StreamTextRequest {
                    message: Some(Message::Config(config)),
                })
                .await
                .is_err()
            {
                return;
            }
            let (mut at, mut offset) = (0usize, 0u64);
            while (offset as usize) < total {
                let mut chunk = String::with_capacity(o.chunk + 4);
                while chunk.len() < o.chunk {
                    let mut end = (at + o.chunk - chunk.len()).min(copy.len());
                    while !copy.is_char_boundary(end) {
                        end += 1;
                    }
                    chunk.push_str(&copy[at..end]);
                    at = if end == copy.len() { 0 } else { end };
                }
                offset += chunk.len() as u64;
                sent.lock().expect("sent").push((offset, Instant::now()));
                if tx
                    .send(pb::StreamTextRequest {
                        message: Some(Message::Text(chunk)),
                    })
                    .await
                    .is_err()
                {
                    return;
                }
            }
        })
    };
    let mut t = Tally::default();
    let mut answers = match client
        .stream_text(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
    {
        Ok(r) => r.into_inner(),
        Err(e) => {
            eprintln!("loadgen: StreamText failed: {e}");
            t.failed += 1;
            return t;
        }
    };
    // Bytes of the stream answered so far (each answer covers its sentence
    // and the space after it).
    let mut answered = 0u64;
    loop {
        match answers.message().await {
            Ok(Some(m)) => {
                answered += m
                    .analysis
                    .and_then(|a| a.stats)
                    .map_or(0, |s| u64::from(s.bytes));
                let sent = sent.lock().expect("sent");
                let k = sent
                    .partition_point(|&(end, _)| end < answered)
                    .min(sent.len() - 1);
                t.ok += 1;
                t.latencies.push(sent[k].1.elapsed().as_micros() as u32);
            }
            Ok(None) => break,
            Err(e) => {
                eprintln!("loadgen: StreamText ended: {e}");
                t.failed += 1;
                break;
            }
        }
    }
    let _ = sender.await;
    t.bytes = answered;
    t
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i] as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    let o = Arc::new(parse_args());
    let payload = Arc::new(Payload::read(&o.payload));
    let channel = Endpoint::from_shared(o.addr.clone())
        .unwrap_or_else(|e| usage(&format!("bad address {:?}: {e}", o.addr)))
        .connect()
        .await
        .unwrap_or_else(|e| usage(&format!("cannot connect to {}: {e}", o.addr)));
    let client = TextAnalysisServiceClient::new(channel).max_decoding_message_size(64 << 20);
    let start = Instant::now();
    let until = start + o.duration;
    let probe = o.probe.then(|| {
        let addr = o.addr.clone();
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = done.clone();
        let task = tokio::spawn(async move {
            use tonic_health::pb::{health_client::HealthClient, HealthCheckRequest};
            let channel = Endpoint::from_shared(addr)
                .expect("checked above")
                .connect()
                .await
                .expect("probe connection");
            let mut health = HealthClient::new(channel);
            let mut latencies = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let at = Instant::now();
                if health.check(HealthCheckRequest::default()).await.is_ok() {
                    latencies.push(at.elapsed().as_micros() as u32);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            latencies
        });
        (done, task)
    });
    let tasks: Vec<_> = (0..o.concurrency)
        .map(|_| {
            let (client, o, payload) = (client.clone(), o.clone(), payload.clone());
            tokio::spawn(async move {
                match o.mode {
                    Mode::Unary => unary(client, o, payload, until).await,
                    Mode::Stream => stream(client, o, payload, until).await,
                    Mode::Text => text_call(client, o, payload).await,
                }
            })
        })
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        total.add(task.await.expect("client task"));
    }
    let elapsed = start.elapsed().as_secs_f64();
    if let Some((done, task)) = probe {
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut l = task.await.expect("probe task");
        l.sort_unstable();
        println!(
            "health checks {}: latency ms p50 {:.2}, p99 {:.2}, max {:.2}",
            l.len(),
            percentile(&l, 0.50),
            percentile(&l, 0.99),
            percentile(&l, 1.0)
        );
    }
    total.latencies.sort_unstable();
    let l = &total.latencies;
    let mode = match o.mode {
        Mode::Unary => "unary Analyze",
        Mode::Stream => "AnalyzeStream",
        Mode::Text => "StreamText",
    };
    println!(
        "{mode}: concurrency {}, {:.1} s, payload {} documents, {} bytes ({})",
        o.concurrency,
        elapsed,
        payload.docs.len(),
        payload.bytes(),
        if payload.docs.len() == 1 {
            "repeated text"
        } else {
            "distinct documents in turn"
        }
    );
    if o.mode == Mode::Text {
        println!(
            "sentences {} answered, {} failed calls: {:.0} sentences/s, {:.1} MB in {:.1} s: {:.2} MB/s",
            total.ok,
            total.failed,
            total.ok as f64 / elapsed,
            total.bytes as f64 / 1e6,
            elapsed,
            total.bytes as f64 / elapsed / 1e6
        );
    } else {
        println!(
            "requests {} ok, {} failed: {:.0} requests/s, {:.2} MB/s",
            total.ok,
            total.failed,
            total.ok as f64 / elapsed,
            total.bytes as f64 / elapsed / 1e6
        );
    }
    println!(
        "latency ms: p50 {:.2}, p90 {:.2}, p99 {:.2}, max {:.2}",
        percentile(l, 0.50),
        percentile(l, 0.90),
        percentile(l, 0.99),
        percentile(l, 1.0)
    );
    if total.refused > 0 {
        total.refusals.sort_unstable();
        let r = &total.refusals;
        println!(
            "refused (RESOURCE_EXHAUSTED) {}: answered in ms p50 {:.2}, p99 {:.2}, max {:.2}",
            total.refused,
            percentile(r, 0.50),
            percentile(r, 0.99),
            percentile(r, 1.0)
        );
    }
    if total.failed > 0 {
        std::process::exit(1);
    }
}
