//! The `matn` binary as operators run it: SIGTERM drains open streams and
//! exits 0; the grace period bounds the drain; JSON logs carry request ids.

use matn::api::pb::text_analysis_service_client::TextAnalysisServiceClient;
use matn::api::pb::{self, analyze_stream_response::Result as StreamResult};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tonic::transport::Channel;

/// A running `matn serve`, its address, and its stderr lines so far.
struct Process {
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Process {
    fn start(extra: &[&str]) -> Process {
        Self::start_on("127.0.0.1:0", extra)
    }

    /// A server on `listen`.
    fn start_on(listen: &str, extra: &[&str]) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_matn"))
            .args(["serve", "--listen", listen, "--log-format", "json"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn matn");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("\"matn listening\"") {
                    let _ = tx.send(line.clone());
                }
                lines.lock().expect("log").push(line);
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server logs its address");
        let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON log line");
        let addr = v["fields"]["addr"]
            .as_str()
            .expect("addr field")
            .to_string();
        Process { child, addr, log }
    }

    async fn client(&self) -> TextAnalysisServiceClient<Channel> {
        let channel = Channel::from_shared(format!("http://{}", self.addr))
            .expect("url")
            .connect()
            .await
            .expect("connect");
        TextAnalysisServiceClient::new(channel)
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits up to `limit` for the process to exit; its exit code.
    async fn exit_code(&mut self, limit: Duration) -> Option<i32> {
        let started = std::time::Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.code();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }

    fn log_text(&self) -> String {
        self.log.lock().expect("log").join("\n")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // Only the child this test started, by its PID.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn doc(id: &str, text: &str) -> pb::AnalyzeStreamRequest {
    pb::AnalyzeStreamRequest {
        id: id.into(),
        request: Some(pb::AnalyzeRequest {
            document: Some(pb::Document {
                content: text.into(),
                language_code: String::new(),
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[tokio::test]
async fn sigterm_drains_an_open_stream_then_exits_zero() {
    let mut server = Process::start(&["--shutdown-grace-seconds", "60"]);
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let mut request = tonic::Request::new(tokio_stream::wrappers::ReceiverStream::new(rx));
    request
        .metadata_mut()
        .insert("x-request-id", "drain-test-7".parse().expect("ascii"));
    let response = client.analyze_stream(request).await.expect("stream");
    assert_eq!(
        response
            .metadata()
            .get("x-request-id")
            .map(|v| v.to_str().ok()),
        Some(Some("drain-test-7"))
    );
    let mut answers = response.into_inner();
    tx.send(doc("a", "پیش از خاموشی.")).await.expect("send");
    assert_eq!(answers.message().await.expect("ok").expect("one").id, "a");

    server.signal("TERM");
    // The server stops accepting connections but keeps serving the stream.
    let mut refused = false;
    for _ in 0..100 {
        let url = format!("http://{}", server.addr);
        if Channel::from_shared(url)
            .expect("url")
            .connect()
            .await
            .is_err()
        {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(refused, "new connections are still accepted after SIGTERM");
    assert_eq!(server.exit_code(Duration::from_millis(300)).await, None);
    tx.send(doc("b", "پس از فرمان خاموشی."))
        .await
        .expect("send");
    assert_eq!(answers.message().await.expect("ok").expect("one").id, "b");
    drop(tx);
    let summary = answers.message().await.expect("ok").expect("summary");
    assert!(matches!(summary.result, Some(StreamResult::Summary(_))));
    assert!(answers.message().await.expect("clean end").is_none());

    assert_eq!(server.exit_code(Duration::from_secs(30)).await, Some(0));
    let log = server.log_text();
    assert!(log.contains("SIGTERM received"), "{log}");
}

#[tokio::test]
async fn the_grace_period_bounds_the_drain() {
    let mut server = Process::start(&["--shutdown-grace-seconds", "1"]);
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let mut answers = client
        .analyze_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("stream")
        .into_inner();
    tx.send(doc("a", "سلام.")).await.expect("send");
    assert_eq!(answers.message().await.expect("ok").expect("one").id, "a");
    server.signal("TERM");
    // The client never closes its stream: the server exits after the grace
    // period anyway, with status 0.
    assert_eq!(server.exit_code(Duration::from_secs(30)).await, Some(0));
    assert!(server.log_text().contains("grace period over"));
    assert!(answers.message().await.is_err(), "the stream is cut");
    drop(tx);
}

#[tokio::test]
async fn json_logs_carry_the_request_id_of_failed_calls() {
    let mut server = Process::start(&[]);
    let mut client = server.client().await;
    let mut request = tonic::Request::new(pb::AnalyzeRequest::default());
    request
        .metadata_mut()
        .insert("x-request-id", "log-test-42".parse().expect("ascii"));
    let err = client.analyze(request).await.expect_err("no document");
    assert_eq!(err.code(), tonic::Code::InvalidArgument);
    server.signal("TERM");
    assert_eq!(server.exit_code(Duration::from_secs(30)).await, Some(0));
    let line = server
        .log_text()
        .lines()
        .find(|l| l.contains("call finished"))
        .map(String::from)
        .expect("the failed call is logged");
    let v: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    assert_eq!(v["span"]["request_id"], "log-test-42", "{line}");
    assert_eq!(v["span"]["method"], "matn.v1.TextAnalysisService/Analyze");
    assert_eq!(v["fields"]["code"], "InvalidArgument", "{line}");
}

#[tokio::test]
async fn listen_takes_host_names_and_ipv6() {
    let named = Process::start_on("localhost:0", &[]);
    let mut client = named.client().await;
    let caps = client.get_capabilities(pb::GetCapabilitiesRequest {}).await;
    assert!(caps.is_ok(), "served on a host name: {caps:?}");
    drop(named);
    // IPv6, where the machine has it.
    if std::net::TcpListener::bind("[::1]:0").is_ok() {
        let v6 = Process::start_on("[::1]:0", &[]);
        assert!(v6.addr.starts_with("[::1]:"), "{}", v6.addr);
        let mut client = v6.client().await;
        assert!(client
            .get_capabilities(pb::GetCapabilitiesRequest {})
            .await
            .is_ok());
    }
}

#[test]
fn a_bind_failure_names_the_flag_and_the_address() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    for args in [
        vec!["--listen", addr.as_str()],
        vec!["--listen", "127.0.0.1:0", "--metrics-listen", addr.as_str()],
    ] {
        let flag = args[args.len() - 2];
        let out = Command::new(env!("CARGO_BIN_EXE_matn"))
            .arg("serve")
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .expect("run matn");
        assert!(!out.status.success(), "{args:?}: should fail");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{flag} {addr}: cannot listen there")),
            "{args:?}: {stderr}"
        );
    }
    for bad in ["50051", "localhost:port", "::1:50051", "a b:1"] {
        let out = Command::new(env!("CARGO_BIN_EXE_matn"))
            .args(["serve", "--listen", bad])
            .stdin(Stdio::null())
            .output()
            .expect("run matn");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{bad}: refused as a usage error"
        );
    }
}
