//! Prometheus metrics: counters kept in atomics, written in the text
//! exposition format (version 0.0.4) on `--metrics-listen` at `/metrics`.
//!
//! Label values come from fixed lists (methods, status codes), so a client
//! cannot grow the set of series by calling made-up paths.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The gRPC methods counted by name; every other path is `unknown`.
const METHODS: [(&str, &str); 10] = [
    ("matn.v1.TextAnalysisService", "Analyze"),
    ("matn.v1.TextAnalysisService", "AnalyzeStream"),
    ("matn.v1.TextAnalysisService", "StreamText"),
    ("matn.v1.TextAnalysisService", "Normalize"),
    ("matn.v1.TextAnalysisService", "GetCapabilities"),
    ("grpc.health.v1.Health", "Check"),
    ("grpc.health.v1.Health", "Watch"),
    (
        "grpc.reflection.v1.ServerReflection",
        "ServerReflectionInfo",
    ),
    (
        "grpc.reflection.v1alpha.ServerReflection",
        "ServerReflectionInfo",
    ),
    ("unknown", "unknown"),
];

/// A method's index in [`METHODS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Method(usize);

impl Method {
    pub const ANALYZE: Method = Method(0);
    pub const ANALYZE_STREAM: Method = Method(1);
    pub const STREAM_TEXT: Method = Method(2);
    pub const NORMALIZE: Method = Method(3);
    pub const HEALTH_WATCH: Method = Method(6);
    pub const REFLECTION: Method = Method(7);
    pub const REFLECTION_V1ALPHA: Method = Method(8);

    /// A stream that lives as long as its client wants and carries no
    /// text: a health watch or a reflection session.
    pub fn is_long_lived(self) -> bool {
        [
            Self::HEALTH_WATCH,
            Self::REFLECTION,
            Self::REFLECTION_V1ALPHA,
        ]
        .contains(&self)
    }

    /// The method of a request path (`/package.Service/Method`).
    pub fn of_path(path: &str) -> Method {
        let index = path.strip_prefix('/').and_then(|p| {
            let (service, method) = p.split_once('/')?;
            METHODS
                .iter()
                .position(|&(s, m)| s == service && m == method)
        });
        Method(index.unwrap_or(METHODS.len() - 1))
    }

    pub fn service(self) -> &'static str {
        METHODS[self.0].0
    }

    pub fn name(self) -> &'static str {
        METHODS[self.0].1
    }
}

/// gRPC status codes 0..=16 by name, as grpc-go and grpc-java label them.
const CODES: [&str; 17] = [
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
];

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Histogram {
    /// Non-cumulative counts per bucket; the last slot is +Inf.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
    count: AtomicU64,
}

impl Histogram {
    fn observe(&self, d: Duration) {
        let secs = d.as_secs_f64();
        let slot = BUCKETS
            .iter()
            .position(|&b| secs <= b)
            .unwrap_or(BUCKETS.len());
        self.buckets[slot].fetch_add(1, Ordering::Relaxed);
        self.sum_micros.fetch_add(
            u64::try_from(d.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        self.count.fetch_add(1, Ordering::Relaxed);
    }
}

/// The server's metrics; one per server, shared by the gate and the service.
#[derive(Default)]
pub struct Metrics {
    /// Finished calls by method and status code.
    calls: [[AtomicU64; CODES.len()]; METHODS.len()],
    /// Call duration by method, until the response ends.
    latency: [Histogram; METHODS.len()],
    /// Calls started and not yet ended.
    in_flight: AtomicI64,
    /// Document bytes (UTF-8) taken for analysis, by method.
    bytes: [AtomicU64; METHODS.len()],
    /// AnalyzeStream documents answered, ok and failed.
    stream_documents_ok: AtomicU64,
    stream_documents_failed: AtomicU64,
    /// StreamText sentences answered.
    stream_sentences: AtomicU64,
    /// Panics caught inside an analysis.
    panics: AtomicU64,
    /// Limits, reported as gauges.
    max_in_flight: AtomicU64,
    workers: AtomicU64,
    /// Client connections open now, and closed on arrival past the limit.
    connections_open: AtomicI64,
    connections_refused: AtomicU64,
}

impl Metrics {
    pub fn new(max_in_flight: usize, workers: usize) -> Metrics {
        let m = Metrics::default();
        m.max_in_flight
            .store(max_in_flight as u64, Ordering::Relaxed);
        m.workers.store(workers as u64, Ordering::Relaxed);
        m
    }

    pub fn connection_opened(&self) {
        self.connections_open.fetch_add(1, Ordering::Relaxed);
    }

    pub fn connection_closed(&self) {
        self.connections_open.fetch_sub(1, Ordering::Relaxed);
    }

    pub fn connection_refused(&self) {
        self.connections_refused.fetch_add(1, Ordering::Relaxed);
    }

    pub fn call_started(&self) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    /// A call ended with gRPC status `code` after `elapsed`.
    pub fn call_ended(&self, method: Method, code: i32, elapsed: Duration) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        let code = usize::try_from(code)
            .ok()
            .filter(|&c| c < CODES.len())
            .unwrap_or(2);
        self.calls[method.0][code].fetch_add(1, Ordering::Relaxed);
        self.latency[method.0].observe(elapsed);
    }

    pub fn add_bytes(&self, method: Method, n: usize) {
        self.bytes[method.0].fetch_add(n as u64, Ordering::Relaxed);
    }

    pub fn stream_document(&self, ok: bool) {
        if ok {
            &self.stream_documents_ok
        } else {
            &self.stream_documents_failed
        }
        .fetch_add(1, Ordering::Relaxed);
    }

    /// A panic inside one document's analysis was caught.
    pub fn panic_caught(&self) {
        self.panics.fetch_add(1, Ordering::Relaxed);
    }

    pub fn stream_sentences(&self, n: usize) {
        self.stream_sentences.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(8 << 10);
        let labels = |m: usize| format!("service=\"{}\",method=\"{}\"", METHODS[m].0, METHODS[m].1);
        let _ = writeln!(
            out,
            "# HELP matn_build_info The running matn version.\n# TYPE matn_build_info gauge\n\
             matn_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );
        out.push_str(
            "# HELP matn_requests_total gRPC calls finished, by method and status code.\n\
             # TYPE matn_requests_total counter\n",
        );
        for (m, row) in self.calls.iter().enumerate() {
            for (c, n) in row.iter().enumerate() {
                let n = n.load(Ordering::Relaxed);
                if n > 0 {
                    let _ = writeln!(
                        out,
                        "matn_requests_total{{{},code=\"{}\"}} {n}",
                        labels(m),
                        CODES[c]
                    );
                }
            }
        }
        out.push_str(
            "# HELP matn_request_duration_seconds Time from a call's headers to the end of its \
             response (a stream's whole life).\n# TYPE matn_request_duration_seconds histogram\n",
        );
        for (m, h) in self.latency.iter().enumerate() {
            let count = h.count.load(Ordering::Relaxed);
            if count == 0 {
                continue;
            }
            let mut cumulative = 0;
            for (i, bound) in BUCKETS.iter().enumerate() {
                cumulative += h.buckets[i].load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "matn_request_duration_seconds_bucket{{{},le=\"{bound}\"}} {cumulative}",
                    labels(m)
                );
            }
            cumulative += h.buckets[BUCKETS.len()].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "matn_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {cumulative}\n\
                 matn_request_duration_seconds_sum{{{}}} {}\n\
                 matn_request_duration_seconds_count{{{}}} {cumulative}",
                labels(m),
                labels(m),
                h.sum_micros.load(Ordering::Relaxed) as f64 / 1e6,
                labels(m),
            );
        }
        out.push_str(
            "# HELP matn_processed_bytes_total Document bytes (UTF-8) taken for analysis, by \
             method.\n# TYPE matn_processed_bytes_total counter\n",
        );
        for (m, n) in self.bytes.iter().enumerate() {
            let n = n.load(Ordering::Relaxed);
            if n > 0 {
                let _ = writeln!(out, "matn_processed_bytes_total{{{}}} {n}", labels(m));
            }
        }
        let _ = writeln!(
            out,
            "# HELP matn_in_flight_requests gRPC calls started and not yet ended.\n\
             # TYPE matn_in_flight_requests gauge\nmatn_in_flight_requests {}\n\
             # HELP matn_stream_documents_total AnalyzeStream documents answered, by result.\n\
             # TYPE matn_stream_documents_total counter\n\
             matn_stream_documents_total{{result=\"ok\"}} {}\n\
             matn_stream_documents_total{{result=\"error\"}} {}\n\
             # HELP matn_stream_sentences_total StreamText sentences answered.\n\
             # TYPE matn_stream_sentences_total counter\nmatn_stream_sentences_total {}\n\
             # HELP matn_panics_total Panics caught inside a document's analysis (each failed \
             that document alone, with INTERNAL).\n\
             # TYPE matn_panics_total counter\nmatn_panics_total {}\n\
             # HELP matn_max_in_flight The server-wide limit on unary calls in flight.\n\
             # TYPE matn_max_in_flight gauge\nmatn_max_in_flight {}\n\
             # HELP matn_workers Documents analyzed at once, server-wide.\n\
             # TYPE matn_workers gauge\nmatn_workers {}",
            self.in_flight.load(Ordering::Relaxed).max(0),
            self.stream_documents_ok.load(Ordering::Relaxed),
            self.stream_documents_failed.load(Ordering::Relaxed),
            self.stream_sentences.load(Ordering::Relaxed),
            self.panics.load(Ordering::Relaxed),
            self.max_in_flight.load(Ordering::Relaxed),
            self.workers.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP matn_connections_open Client connections open.\n\
             # TYPE matn_connections_open gauge\nmatn_connections_open {}\n\
             # HELP matn_connections_refused_total Connections closed on arrival: \
             --max-connections were open.\n\
             # TYPE matn_connections_refused_total counter\nmatn_connections_refused_total {}",
            self.connections_open.load(Ordering::Relaxed).max(0),
            self.connections_refused.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP matn_cache_bytes Bytes held by the memos of word facts, all threads \
             together.\n# TYPE matn_cache_bytes gauge\nmatn_cache_bytes {}\n\
             # HELP matn_cache_limit_bytes The limit on matn_cache_bytes (--cache-bytes).\n\
             # TYPE matn_cache_limit_bytes gauge\nmatn_cache_limit_bytes {}",
            crate::text::memo_budget::used(),
            crate::text::memo_budget::limit(),
        );
        if let Some(rss) = resident_bytes() {
            let _ = writeln!(
                out,
                "# HELP matn_process_resident_memory_bytes Resident memory of the server \
                 process.\n# TYPE matn_process_resident_memory_bytes gauge\n\
                 matn_process_resident_memory_bytes {rss}"
            );
        }
        out
    }
}

/// Resident set size from /proc (Linux only).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Serves `GET /metrics` over HTTP/1.1 on `listener` until `stop` resolves.
/// One response per connection; anything else gets 404 or 405.
pub async fn serve(
    listener: TcpListener,
    metrics: std::sync::Arc<Metrics>,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => return,
            conn = listener.accept() => match conn {
                Ok((conn, _)) => {
                    let metrics = metrics.clone();
                    tokio::spawn(async move {
                        let answer = tokio::time::timeout(
                            Duration::from_secs(10),
                            serve_scrape(conn, &metrics),
                        );
                        if let Ok(Err(e)) = answer.await {
                            tracing::debug!(error = %e, "metrics request failed");
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "metrics listener: accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
        }
    }
}

/// Reads one request head (at most 8 KiB) and answers it.
async fn serve_scrape(mut conn: TcpStream, metrics: &Metrics) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > 8 << 10 {
            return respond(&mut conn, "431 Request Header Fields Too Large", "").await;
        }
        let n = conn.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
    let mut parts = line.split(|&b| b == b' ');
    let (method, target) = (parts.next(), parts.next());
    let path = target.map(|t| t.split(|&b| b == b'?').next().unwrap_or_default());
    match (method, path) {
        (Some(b"GET"), Some(b"/metrics")) => respond(&mut conn, "200 OK", &metrics.render()).await,
        (Some(b"GET"), _) => respond(&mut conn, "404 Not Found", "only /metrics is served\n").await,
        _ => respond(&mut conn, "405 Method Not Allowed", "only GET is served\n").await,
    }
}

async fn respond(conn: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).await?;
    conn.write_all(body.as_bytes()).await?;
    conn.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_known_methods_only() {
        assert_eq!(
            Method::of_path("/matn.v1.TextAnalysisService/Analyze"),
            Method::ANALYZE
        );
        let health = Method::of_path("/grpc.health.v1.Health/Check");
        assert_eq!(
            (health.service(), health.name()),
            ("grpc.health.v1.Health", "Check")
        );
        for made_up in ["/matn.v1.TextAnalysisService/Nope", "/x/y/z", "", "/"] {
            assert_eq!(Method::of_path(made_up).name(), "unknown", "{made_up:?}");
        }
    }

    #[test]
    fn render_writes_cumulative_buckets_and_counts() {
        let m = Metrics::new(64, 2);
        m.call_started();
        m.call_ended(Method::ANALYZE, 0, Duration::from_micros(700));
        m.call_started();
        m.call_ended(Method::ANALYZE, 8, Duration::from_secs(20));
        m.call_started();
        m.add_bytes(Method::ANALYZE, 4001);
        let text = m.render();
        let has = |line: &str| text.lines().any(|l| l == line);
        let labels = "service=\"matn.v1.TextAnalysisService\",method=\"Analyze\"";
        assert!(
            has(&format!("matn_requests_total{{{labels},code=\"OK\"}} 1")),
            "{text}"
        );
        assert!(has(&format!(
            "matn_requests_total{{{labels},code=\"RESOURCE_EXHAUSTED\"}} 1"
        )));
        assert!(has(&format!(
            "matn_request_duration_seconds_bucket{{{labels},le=\"0.0005\"}} 0"
        )));
        assert!(has(&format!(
            "matn_request_duration_seconds_bucket{{{labels},le=\"0.001\"}} 1"
        )));
        assert!(has(&format!(
            "matn_request_duration_seconds_bucket{{{labels},le=\"10\"}} 1"
        )));
        assert!(has(&format!(
            "matn_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 2"
        )));
        assert!(has(&format!(
            "matn_request_duration_seconds_sum{{{labels}}} 20.0007"
        )));
        assert!(has(&format!("matn_processed_bytes_total{{{labels}}} 4001")));
        assert!(has("matn_in_flight_requests 1"));
        assert!(has("matn_max_in_flight 64"));
        // Methods never called have no series.
        assert!(!text.contains("method=\"Normalize\""));
    }
}
