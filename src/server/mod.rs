//! The gRPC server: `matn.v1.TextAnalysisService`, `grpc.health.v1`, reflection
//! (v1 and v1alpha), gzip/zstd, TLS, bearer tokens, metrics, graceful shutdown.

mod connection;
pub mod gate;
mod idle;
pub mod json_gateway;
pub mod metrics;
mod playground;
mod service;
pub mod status;

use crate::api::pb::text_analysis_service_server::TextAnalysisServiceServer;
use crate::api::{pb, Engine};
use crate::config::Settings;
pub use service::MatnService;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::codec::CompressionEncoding;
use tonic::transport::Server;

/// Serves on an already bound listener until `shutdown` resolves, then drains
/// in-flight calls for up to `settings.shutdown_grace`. Metrics are served
/// when `settings.metrics_listen` is set.
pub async fn serve_with_listener(
    settings: &Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let metrics = match &settings.metrics_listen {
        Some(addr) => Some(bind("--metrics-listen", addr).await?),
        None => None,
    };
    serve_with_listeners(settings, listener, metrics, shutdown).await
}

/// [`serve_with_listener`], with metrics on `metrics_listener` when given
/// (`settings.metrics_listen` is then ignored).
pub async fn serve_with_listeners(
    settings: &Settings,
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // Load the built-in data before reporting SERVING: the first call should
    // not pay for it.
    let started = std::time::Instant::now();
    crate::text::memo_budget::set_limit(settings.cache_bytes);
    tokio::task::spawn_blocking(|| crate::text::load_builtin_data(true)).await?;
    let words = crate::text::lexicon::Lexicon::builtin().len();
    tracing::info!(words, elapsed = ?started.elapsed(), "built-in data loaded");
    let engine = Arc::new(Engine::new(settings.limits.clone()).with_fault(settings.fault.clone()));
    let metrics = Arc::new(metrics::Metrics::new(
        settings.limits.max_in_flight,
        settings.limits.workers,
    ));
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_serving::<TextAnalysisServiceServer<MatnService>>()
        .await;

    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            // google.rpc.BadRequest and RetryInfo, which error details carry:
            // clients resolve them through reflection to print the details.
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
    };
    let (reflection_v1, reflection_v1alpha) = if settings.reflection {
        (
            Some(reflection().build_v1()?),
            Some(reflection().build_v1alpha()?),
        )
    } else {
        (None, None)
    };

    let service = TextAnalysisServiceServer::new(MatnService::new(engine, metrics.clone()))
        .max_decoding_message_size(settings.limits.max_message_bytes)
        .accept_compressed(CompressionEncoding::Gzip)
        .accept_compressed(CompressionEncoding::Zstd)
        .send_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Zstd);

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let (metrics_stop_tx, metrics_stop_rx) = tokio::sync::oneshot::channel::<()>();
    let reporter = health_reporter.clone();
    let drain = async move {
        shutdown.await;
        tracing::info!("shutting down: refusing new calls, draining in-flight ones");
        reporter
            .set_not_serving::<TextAnalysisServiceServer<MatnService>>()
            .await;
        let _ = stop_tx.send(());
    };
    if let Some(listener) = metrics_listener {
        let addr = listener.local_addr()?;
        tracing::info!(%addr, "metrics at http://{addr}/metrics");
        // Metrics stay up while calls drain, and stop with the server.
        tokio::spawn(metrics::serve(listener, metrics.clone(), async {
            let _ = metrics_stop_rx.await;
        }));
    }
    let _metrics_stop = metrics_stop_tx;
    let registry = Arc::new(connection::Registry::new(
        metrics.clone(),
        settings.max_connections,
        settings.handshake_timeout,
        settings.limits.idle_connection_timeout,
    ));
    let gate = gate::GateLayer::new(
        gate::GateConfig {
            tokens: settings.auth_tokens.clone(),
            max_per_connection: settings.limits.max_in_flight_per_connection,
            request_timeout: settings.limits.request_timeout,
            max_message_bytes: settings.limits.max_message_bytes,
            max_long_lived: settings.max_watch_streams,
        },
        metrics,
    );
    let mut builder = Server::builder()
        .max_concurrent_streams(settings.limits.max_concurrent_streams)
        .http2_keepalive_interval(settings.keepalive_interval)
        .http2_keepalive_timeout(Some(settings.keepalive_timeout));
    if let Some(age) = settings.max_connection_age {
        builder = builder
            .max_connection_age(age)
            .max_connection_age_grace(settings.max_connection_age_grace);
    }
    if let Some(tls) = &settings.tls {
        // A client that opens a connection and never finishes its handshake
        // is dropped after the handshake timeout instead of holding a task.
        let mut config = tonic::transport::ServerTlsConfig::new()
            .identity(tonic::transport::Identity::from_pem(
                &tls.cert_pem,
                &tls.key_pem,
            ))
            .timeout(settings.handshake_timeout);
        if let Some(ca) = &tls.client_ca_pem {
            config = config.client_ca_root(tonic::transport::Certificate::from_pem(ca));
        }
        builder = builder.tls_config(config)?;
    }
    let addr = listener.local_addr()?;
    tracing::info!(
        %addr,
        tls = settings.tls.is_some(),
        auth = !settings.auth_tokens.is_empty(),
        "matn listening"
    );
    let playground = settings.playground;
    // JSON is longer than the message it holds (escapes, field names).
    let max_json_bytes = settings.limits.max_message_bytes.saturating_mul(4);
    let server = builder
        .accept_http1(true)
        .layer(cors_layer(&settings.cors_origins))
        .layer(tower_layer::layer_fn(move |inner| {
            playground::Playground::new(inner, playground)
        }))
        .layer(tower_layer::layer_fn(move |inner| {
            json_gateway::JsonGateway::new(inner, max_json_bytes)
        }))
        .layer(tonic_web::GrpcWebLayer::new())
        .layer(gate)
        .add_service(health_service)
        .add_optional_service(reflection_v1)
        .add_optional_service(reflection_v1alpha)
        .add_service(service)
        .serve_with_incoming_shutdown(incoming(listener, registry), drain);
    tokio::pin!(server);
    let grace = settings.shutdown_grace;
    tokio::select! {
        r = &mut server => r?,
        _ = async { let _ = stop_rx.await; tokio::time::sleep(grace).await } => {
            tracing::warn!(?grace, "grace period over; closing remaining calls");
        }
    }
    Ok(())
}

/// CORS for gRPC-Web and JSON calls from the browser `origins` (none: no CORS
/// headers, so only same-origin pages and clients that are not browsers can
/// call). The gRPC status and its details, the request id and a JSON call's
/// `retry-after` travel in headers a script may read.
fn cors_layer(origins: &[String]) -> tower_http::cors::CorsLayer {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let allowed: Vec<http::HeaderValue> = origins
        .iter()
        .filter_map(|o| http::HeaderValue::from_str(o).ok())
        .collect();
    let expose = [
        "grpc-status",
        "grpc-message",
        "grpc-status-details-bin",
        "x-request-id",
        "retry-after",
    ]
    .map(http::HeaderName::from_static);
    let allow = [
        "content-type",
        "x-grpc-web",
        "x-user-agent",
        "grpc-timeout",
        "authorization",
        "x-request-id",
    ]
    .map(http::HeaderName::from_static);
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([http::Method::GET, http::Method::POST])
        .allow_headers(allow)
        .expose_headers(expose)
        .max_age(std::time::Duration::from_secs(24 * 60 * 60))
}

/// The listener's connections under the `registry`'s limits, with Nagle's
/// algorithm off: a response's last small frames go out at once instead of
/// waiting for the client's delayed acknowledgement (40 ms per unary call on
/// Linux loopback without this). A failed accept (out of file descriptors)
/// is logged and skipped after a pause, not retried in a busy loop.
fn incoming(
    listener: TcpListener,
    registry: Arc<connection::Registry>,
) -> impl futures_util::Stream<Item = std::io::Result<connection::Connection>> {
    use futures_util::StreamExt;
    TcpListenerStream::new(listener).filter_map(move |conn| {
        let registry = registry.clone();
        async move {
            match conn {
                Ok(conn) => {
                    if let Err(e) = conn.set_nodelay(true) {
                        tracing::warn!(error = %e, "cannot set TCP_NODELAY");
                    }
                    registry.admit(conn).map(Ok)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    None
                }
            }
        }
    })
}

/// An address the server cannot listen on. The message names the flag, the
/// address and the operating system's error, so it has no separate source.
#[derive(Debug, thiserror::Error)]
#[error("{flag} {addr}: cannot listen there: {error}")]
pub struct BindError {
    /// The flag the address was given with (`--listen`).
    pub flag: &'static str,
    pub addr: String,
    pub error: std::io::Error,
}

/// Binds `addr` (`host:port`), given with `flag`; an error names both.
pub async fn bind(flag: &'static str, addr: &str) -> Result<TcpListener, BindError> {
    TcpListener::bind(addr).await.map_err(|error| BindError {
        flag,
        addr: addr.to_string(),
        error,
    })
}

/// Binds `settings.listen` and serves until SIGTERM or SIGINT.
pub async fn run(settings: Settings) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let listener = bind("--listen", &settings.listen).await?;
    serve_with_listener(&settings, listener, shutdown_signal()).await
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => tracing::info!("SIGINT received"),
        _ = term => tracing::info!("SIGTERM received"),
    }
}
