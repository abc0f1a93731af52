//! What operators rely on, against a real server: bearer tokens, TLS and
//! mTLS, request ids, metrics, the per-connection limit, timeouts and
//! connection age.

mod common;

use common::{http_get, run_stream, TestServer};
use matn::api::pb;
use matn::api::pb::text_analysis_service_client::TextAnalysisServiceClient;
use matn::config::{Settings, Tls};
use std::time::Duration;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
use tonic::{Code, Request};
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

fn with_header<T>(message: T, name: &'static str, value: &str) -> Request<T> {
    let mut r = Request::new(message);
    r.metadata_mut()
        .insert(name, value.parse().expect("ascii header value"));
    r
}

#[tokio::test]
async fn bearer_tokens_guard_every_call_but_health_checks() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{health_client::HealthClient, HealthCheckRequest};
    let settings = Settings {
        auth_tokens: vec!["first-token".into(), "second-token".into()],
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    let mut client = server.client().await;

    let err = client.analyze(analyze("سلام.")).await.expect_err("no token");
    assert_eq!(err.code(), Code::Unauthenticated, "{err:?}");
    assert!(err.message().contains("Bearer"), "{err:?}");
    for wrong in [
        "Bearer second-toke",
        "Bearer second-tokenX",
        "Basic second-token",
        "second-token",
    ] {
        let err = client
            .analyze(with_header(analyze("سلام."), "authorization", wrong))
            .await
            .expect_err("wrong token");
        assert_eq!(err.code(), Code::Unauthenticated, "{wrong}: {err:?}");
    }
    let err = client
        .get_capabilities(pb::GetCapabilitiesRequest {})
        .await
        .expect_err("capabilities need the token too");
    assert_eq!(err.code(), Code::Unauthenticated);

    let ok = client
        .analyze(with_header(
            analyze("سلام."),
            "authorization",
            "Bearer second-token",
        ))
        .await
        .expect("the right token")
        .into_inner();
    assert_eq!(ok.normalized_text, "سلام.");
    let ok = client
        .normalize(with_header(
            pb::NormalizeRequest {
                document: analyze("علي").document,
                ..Default::default()
            },
            "authorization",
            "bearer first-token",
        ))
        .await
        .expect("the scheme is case-insensitive")
        .into_inner();
    assert_eq!(ok.normalized_text, "علی");

    // Health checks need no token (probes and load balancers have none).
    let mut health = HealthClient::new(server.channel().await);
    let status = health
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .expect("health without a token")
        .into_inner()
        .status();
    assert_eq!(status, ServingStatus::Serving);
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn request_ids_are_echoed_or_made_and_returned_on_errors_too() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let id_of = |m: &tonic::metadata::MetadataMap| {
        m.get("x-request-id")
            .expect("x-request-id returned")
            .to_str()
            .expect("ascii")
            .to_string()
    };
    let resp = client
        .analyze(with_header(analyze("سلام."), "x-request-id", "req-42/a"))
        .await
        .expect("ok");
    assert_eq!(id_of(resp.metadata()), "req-42/a");

    let a = client.analyze(analyze("سلام.")).await.expect("ok");
    let b = client.analyze(analyze("سلام.")).await.expect("ok");
    let (a, b) = (id_of(a.metadata()), id_of(b.metadata()));
    assert!(!a.is_empty() && a != b, "made ids {a:?} {b:?}");

    // An id that is too long is replaced, not echoed.
    let long = "x".repeat(200);
    let resp = client
        .analyze(with_header(analyze("سلام."), "x-request-id", &long))
        .await
        .expect("ok");
    let made = id_of(resp.metadata());
    assert!(made != long && made.len() < 64, "{made}");

    // Errors carry the id as well.
    let err = client
        .analyze(with_header(
            pb::AnalyzeRequest::default(),
            "x-request-id",
            "bad-1",
        ))
        .await
        .expect_err("no document");
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(id_of(err.metadata()), "bad-1");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn metrics_count_calls_by_method_and_code_bytes_and_stream_documents() {
    let metrics = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let metrics_addr = metrics.local_addr().expect("addr");
    let server = TestServer::start_with_metrics(Settings::default(), Some(metrics)).await;
    let mut client = server.client().await;
    let texts = ["سلام دنیا.", "کتاب‌ها را خواندم.", "۱۲ نفر آمدند."];
    for t in &texts[..2] {
        client.analyze(analyze(t)).await.expect("ok");
    }
    client
        .normalize(pb::NormalizeRequest::default())
        .await
        .expect_err("no document");
    let reqs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| pb::AnalyzeStreamRequest {
            id: i.to_string(),
            request: Some(analyze(t)),
            ..Default::default()
        })
        .chain([pb::AnalyzeStreamRequest {
            id: "empty".into(),
            request: None,
            ..Default::default()
        }])
        .collect();
    run_stream(&mut client, reqs).await;

    let (status, body) = http_get(metrics_addr, "GET", "/metrics").await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    let lines: Vec<&str> = body.lines().collect();
    let svc = "service=\"matn.v1.TextAnalysisService\"";
    let bytes = |ts: &[&str]| ts.iter().map(|t| t.len()).sum::<usize>();
    for want in [
        format!("matn_requests_total{{{svc},method=\"Analyze\",code=\"OK\"}} 2"),
        format!("matn_requests_total{{{svc},method=\"Normalize\",code=\"INVALID_ARGUMENT\"}} 1"),
        format!("matn_requests_total{{{svc},method=\"AnalyzeStream\",code=\"OK\"}} 1"),
        format!("matn_request_duration_seconds_count{{{svc},method=\"Analyze\"}} 2"),
        format!(
            "matn_processed_bytes_total{{{svc},method=\"Analyze\"}} {}",
            bytes(&texts[..2])
        ),
        format!(
            "matn_processed_bytes_total{{{svc},method=\"AnalyzeStream\"}} {}",
            bytes(&texts)
        ),
        "matn_stream_documents_total{result=\"ok\"} 3".to_string(),
        "matn_stream_documents_total{result=\"error\"} 1".to_string(),
        "matn_in_flight_requests 0".to_string(),
        format!(
            "matn_max_in_flight {}",
            Settings::default().limits.max_in_flight
        ),
    ] {
        assert!(
            lines.contains(&want.as_str()),
            "missing {want:?} in\n{body}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("matn_process_resident_memory_bytes ")),
        "{body}"
    );
    assert_eq!(
        http_get(metrics_addr, "GET", "/other").await.0,
        "HTTP/1.1 404 Not Found"
    );
    assert_eq!(
        http_get(metrics_addr, "POST", "/metrics").await.0,
        "HTTP/1.1 405 Method Not Allowed"
    );
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn the_per_connection_limit_refuses_only_that_connections_extra_calls() {
    let mut settings = Settings::default();
    settings.limits.max_in_flight_per_connection = 1;
    let server = TestServer::start(settings).await;
    let mut busy = server.client().await;
    let mut other = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::AnalyzeStreamRequest>(1);
    let mut stream = busy
        .analyze_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("the stream is admitted")
        .into_inner();
    let err = busy
        .analyze(analyze("سلام."))
        .await
        .expect_err("a second call on the busy connection");
    assert_eq!(err.code(), Code::ResourceExhausted, "{err:?}");
    assert!(
        err.message().contains("--max-in-flight-per-connection"),
        "{err:?}"
    );
    assert!(err.get_details_retry_info().is_some(), "{err:?}");
    let caps = busy
        .get_capabilities(pb::GetCapabilitiesRequest {})
        .await
        .expect("capabilities are not counted")
        .into_inner();
    let limits = caps.limits.expect("limits");
    assert_eq!(limits.max_in_flight_per_connection, 1);
    assert_eq!(limits.request_timeout_ms, 30_000);
    // Another connection is not held back, and capabilities are not counted.
    other
        .analyze(analyze("سلام."))
        .await
        .expect("other connection");
    drop(tx);
    while stream.message().await.expect("message").is_some() {}
    busy.analyze(analyze("سلام."))
        .await
        .expect("admitted once the stream ended");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn slow_unary_calls_end_at_the_request_timeout_or_the_clients_deadline() {
    let mut settings = Settings::default();
    settings.limits.request_timeout = Some(Duration::from_millis(1));
    let server = TestServer::start(settings).await;
    let mut client = server.client().await;
    // About 600 KB: analyzed on a worker, for far longer than a millisecond.
    let big = common::seed().repeat(150);
    let err = client
        .analyze(analyze(&big))
        .await
        .expect_err("past the request timeout");
    assert_eq!(err.code(), Code::DeadlineExceeded, "{err:?}");
    assert!(err.message().contains("--request-timeout"), "{err:?}");
    // GetCapabilities is not bound by it.
    client
        .get_capabilities(pb::GetCapabilitiesRequest {})
        .await
        .expect("capabilities");
    server.stop().await.expect("clean shutdown");

    let server = TestServer::default().await;
    let mut client = server.client().await;
    let mut req = Request::new(analyze(&big));
    req.set_timeout(Duration::from_millis(5));
    let err = client.analyze(req).await.expect_err("past the deadline");
    // tonic reports a deadline it enforced itself as CANCELLED "Timeout
    // expired"; other gRPC clients say DEADLINE_EXCEEDED.
    assert!(
        matches!(err.code(), Code::DeadlineExceeded | Code::Cancelled),
        "{err:?}"
    );
    client
        .analyze(analyze("سلام."))
        .await
        .expect("still serving");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn connections_older_than_max_connection_age_are_closed() {
    let settings = Settings {
        max_connection_age: Some(Duration::from_millis(300)),
        max_connection_age_grace: Duration::from_millis(300),
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    // A client that can make one connection only: once the server closes it,
    // its calls fail instead of reconnecting.
    let (mut client, _socket) = server.killable_client().await;
    client.analyze(analyze("سلام.")).await.expect("young");
    let mut closed = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if client.analyze(analyze("سلام.")).await.is_err() {
            closed = true;
            break;
        }
    }
    assert!(closed, "the connection outlived max_connection_age");
    // New connections are served.
    server
        .client()
        .await
        .analyze(analyze("سلام."))
        .await
        .expect("a new connection");
    server.stop().await.expect("clean shutdown");
}

/// A CA, and a certificate for `localhost` signed by it.
struct Pki {
    ca_pem: String,
    issuer: rcgen::Issuer<'static, rcgen::KeyPair>,
}

impl Pki {
    fn new() -> Pki {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "matn test CA");
        let key = rcgen::KeyPair::generate().expect("key");
        let ca = params.self_signed(&key).expect("CA");
        Pki {
            ca_pem: ca.pem(),
            issuer: rcgen::Issuer::new(params, key),
        }
    }

    /// (certificate PEM, key PEM) for `name`.
    fn leaf(&self, name: &str) -> (String, String) {
        let params = rcgen::CertificateParams::new(vec![name.to_string()]).expect("params");
        let key = rcgen::KeyPair::generate().expect("key");
        let cert = params.signed_by(&key, &self.issuer).expect("signed");
        (cert.pem(), key.serialize_pem())
    }
}

async fn tls_channel(
    server: &TestServer,
    ca_pem: &str,
    identity: Option<(String, String)>,
) -> Result<Channel, tonic::transport::Error> {
    let mut tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(ca_pem))
        .domain_name("localhost");
    if let Some((cert, key)) = identity {
        tls = tls.identity(Identity::from_pem(cert, key));
    }
    Channel::from_shared(format!("https://{}", server.addr))
        .expect("url")
        .tls_config(tls)?
        .connect()
        .await
}

/// A client over TLS, once the server (still starting) accepts one.
async fn tls_client(
    server: &TestServer,
    ca_pem: &str,
    identity: Option<(String, String)>,
) -> TextAnalysisServiceClient<Channel> {
    for _ in 0..50 {
        if let Ok(ch) = tls_channel(server, ca_pem, identity.clone()).await {
            return TextAnalysisServiceClient::new(ch);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no TLS connection to {}", server.addr);
}

#[tokio::test]
async fn tls_serves_clients_that_trust_the_ca_and_refuses_plaintext() {
    let pki = Pki::new();
    let (cert, key) = pki.leaf("localhost");
    let settings = Settings {
        tls: Some(Tls {
            cert_pem: cert.into_bytes(),
            key_pem: key.into_bytes(),
            client_ca_pem: None,
        }),
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    let mut client = tls_client(&server, &pki.ca_pem, None).await;
    let ok = client
        .analyze(analyze("سلام."))
        .await
        .expect("over TLS")
        .into_inner();
    assert_eq!(ok.normalized_text, "سلام.");

    // `matn health` checks a TLS server when told which CA to trust.
    let ca_file = std::env::temp_dir().join(format!("matn-ca-{}.pem", std::process::id()));
    std::fs::write(&ca_file, &pki.ca_pem).expect("write CA");
    let health = |tls_ca: Option<std::path::PathBuf>| matn::config::HealthArgs {
        addr: format!("https://{}", server.addr),
        service: String::new(),
        timeout_seconds: 3,
        tls_ca,
        tls_domain: Some("localhost".into()),
    };
    assert_eq!(matn::cli::health(&health(Some(ca_file.clone()))).await, 0);
    assert_eq!(matn::cli::health(&health(None)).await, 1);
    std::fs::remove_file(&ca_file).expect("clean up");

    // A plaintext client gets nowhere.
    let plain = Channel::from_shared(server.url())
        .expect("url")
        .connect()
        .await;
    if let Ok(plain) = plain {
        let err = TextAnalysisServiceClient::new(plain)
            .analyze(analyze("سلام."))
            .await
            .expect_err("plaintext is refused");
        assert_ne!(err.code(), Code::Ok);
    }
    // A client that does not trust the server's CA is refused too.
    let stranger = Pki::new();
    let untrusted = tls_channel(&server, &stranger.ca_pem, None).await;
    if let Ok(ch) = untrusted {
        TextAnalysisServiceClient::new(ch)
            .analyze(analyze("سلام."))
            .await
            .expect_err("the server's certificate is not trusted");
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn mutual_tls_needs_a_client_certificate_from_the_client_ca() {
    let pki = Pki::new();
    let (cert, key) = pki.leaf("localhost");
    let settings = Settings {
        tls: Some(Tls {
            cert_pem: cert.into_bytes(),
            key_pem: key.into_bytes(),
            client_ca_pem: Some(pki.ca_pem.clone().into_bytes()),
        }),
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    let mut client = tls_client(&server, &pki.ca_pem, Some(pki.leaf("client-1"))).await;
    client
        .analyze(analyze("سلام."))
        .await
        .expect("with a client certificate");

    for identity in [None, Some(Pki::new().leaf("client-2"))] {
        let refused = match tls_channel(&server, &pki.ca_pem, identity.clone()).await {
            Err(_) => true,
            Ok(ch) => TextAnalysisServiceClient::new(ch)
                .analyze(analyze("سلام."))
                .await
                .is_err(),
        };
        assert!(
            refused,
            "a client with {:?} was served",
            identity.map(|_| "a stranger's certificate")
        );
    }
    server.stop().await.expect("clean shutdown");
}
