//! The gate every gRPC call passes before it reaches a service: request ids,
//! bearer-token auth, the per-connection limit, the request timeout, metrics
//! and the call's log span.

use crate::server::connection::{Calls, ConnectionInfo};
use crate::server::metrics::{Method, Metrics};
use crate::server::status::restate_headers;
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tonic::body::Body;
use tonic::transport::server::TlsConnectInfo;
use tonic::{Code, Status};
use tracing::Instrument;

/// Header carrying the request id, accepted from the client and returned.
pub const REQUEST_ID: &str = "x-request-id";

/// The call's request id, put in the request's extensions for the services.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// What the gate enforces; built once per server.
pub struct GateConfig {
    /// Accepted bearer tokens; empty: no auth.
    pub tokens: Vec<String>,
    /// Counted calls (Analyze, Normalize, open streams) one connection may have
    /// at once; 0: no limit.
    pub max_per_connection: usize,
    /// Longest a unary Analyze or Normalize may take; `None`: no limit beyond
    /// the client's deadline.
    pub request_timeout: Option<Duration>,
    /// The largest request message (named when a larger one is refused).
    pub max_message_bytes: usize,
    /// Health watches and reflection streams open at once, server-wide.
    pub max_long_lived: usize,
}

struct Shared {
    config: GateConfig,
    metrics: Arc<Metrics>,
    /// Health watches and reflection streams open.
    long_lived: AtomicUsize,
    /// Request ids made here: `{seed}-{counter}`.
    id_seed: u64,
    ids: AtomicU64,
}

/// The tower layer that puts a [`Gate`] in front of the services.
#[derive(Clone)]
pub struct GateLayer {
    shared: Arc<Shared>,
}

impl GateLayer {
    pub fn new(config: GateConfig, metrics: Arc<Metrics>) -> GateLayer {
        use std::hash::{BuildHasher, Hasher};
        // A random seed per process, so ids from replicas do not collide.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        GateLayer {
            shared: Arc::new(Shared {
                config,
                metrics,
                long_lived: AtomicUsize::new(0),
                id_seed: h.finish(),
                ids: AtomicU64::new(0),
            }),
        }
    }
}

impl<S> tower_layer::Layer<S> for GateLayer {
    type Service = Gate<S>;

    fn layer(&self, inner: S) -> Gate<S> {
        Gate {
            inner,
            shared: self.shared.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Gate<S> {
    inner: S,
    shared: Arc<Shared>,
}

type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S> tower_service::Service<http::Request<Body>> for Gate<S>
where
    S: tower_service::Service<http::Request<Body>, Response = http::Response<Body>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<http::Response<Body>, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: http::Request<Body>) -> Self::Future {
        let started = Instant::now();
        let shared = self.shared.clone();
        let method = Method::of_path(req.uri().path());
        let id = self.request_id(req.headers());
        req.extensions_mut().insert(RequestId(id.clone()));
        let span = tracing::info_span!(
            "call",
            method = %format_args!("{}/{}", method.service(), method.name()),
            request_id = %id,
        );
        shared.metrics.call_started();
        let connection = connection_calls(&req);
        if let Some(calls) = &connection {
            calls.started();
        }
        let mut call = Call {
            connection,
            counted: false,
            shared: shared.clone(),
            method,
            started,
            span: span.clone(),
            id: id.clone(),
            long_lived: false,
            code: None,
            ended: false,
        };

        if let Err(status) = shared.authorize(method, req.headers()) {
            return Box::pin(std::future::ready(Ok(call.refuse(status))));
        }
        if method.is_long_lived() {
            match shared.enter_long_lived() {
                Ok(()) => call.long_lived = true,
                Err(status) => return Box::pin(std::future::ready(Ok(call.refuse(status)))),
            }
        }
        let counted = [
            Method::ANALYZE,
            Method::NORMALIZE,
            Method::ANALYZE_STREAM,
            Method::STREAM_TEXT,
        ]
        .contains(&method);
        if counted {
            match shared.enter_connection(call.connection.as_deref()) {
                Ok(entered) => call.counted = entered,
                Err(status) => return Box::pin(std::future::ready(Ok(call.refuse(status)))),
            }
        }
        let timeout = shared
            .config
            .request_timeout
            .filter(|_| method == Method::ANALYZE || method == Method::NORMALIZE);

        // The service is cloned into the future; the clone that was made ready
        // is the one called (tower's usual swap).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(
            async move {
                let response = match timeout {
                    None => inner.call(req).await?,
                    Some(limit) => match tokio::time::timeout(limit, inner.call(req)).await {
                        Ok(response) => response?,
                        Err(_) => {
                            return Ok(call.refuse(Status::deadline_exceeded(format!(
                                "the call took longer than the server's request timeout \
                                 ({limit:?}, --request-timeout)"
                            ))))
                        }
                    },
                };
                Ok(call.respond(response))
            }
            .instrument(span),
        )
    }
}

impl<S> Gate<S> {
    /// The client's `x-request-id` when it is 1 to 128 visible ASCII
    /// characters; otherwise a new one.
    fn request_id(&self, headers: &http::HeaderMap) -> String {
        if let Some(v) = headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()) {
            if !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()) {
                return v.to_string();
            }
        }
        let n = self.shared.ids.fetch_add(1, Ordering::Relaxed);
        format!("{:016x}-{n:x}", self.shared.id_seed)
    }
}

impl Shared {
    /// `Ok` when auth is off, the call is a health check, or its
    /// `authorization: Bearer <token>` names an accepted token.
    fn authorize(&self, method: Method, headers: &http::HeaderMap) -> Result<(), Status> {
        if self.config.tokens.is_empty() || method.service() == "grpc.health.v1.Health" {
            return Ok(());
        }
        let given = headers
            .get(http::header::AUTHORIZATION)
            .map(|v| v.as_bytes())
            .and_then(|v| {
                let (scheme, token) = v.split_at(v.iter().position(|&b| b == b' ')?);
                scheme
                    .eq_ignore_ascii_case(b"bearer")
                    .then(|| token.trim_ascii())
            });
        let Some(given) = given else {
            return Err(Status::unauthenticated(
                "this server needs a bearer token: send `authorization: Bearer <token>`",
            ));
        };
        // Every token is compared, each in time that depends on lengths only.
        let accepted = self
            .config
            .tokens
            .iter()
            .fold(false, |ok, t| ok | constant_time_eq(given, t.as_bytes()));
        if accepted {
            Ok(())
        } else {
            Err(Status::unauthenticated("the bearer token is not accepted"))
        }
    }

    /// Counts a call against its connection's `calls`, or refuses it when
    /// the connection has `max_per_connection` calls in flight. `Ok(false)`:
    /// not counted (no limit, or no connection known).
    fn enter_connection(&self, calls: Option<&Calls>) -> Result<bool, Status> {
        let limit = self.config.max_per_connection;
        let (Some(calls), true) = (calls, limit > 0) else {
            return Ok(false);
        };
        if calls.enter_counted(limit) {
            Ok(true)
        } else {
            Err(crate::server::status::overloaded(format!(
                "this connection has {limit} calls in flight, its limit \
                 (--max-in-flight-per-connection); retry after a short wait or \
                 spread calls over more connections"
            )))
        }
    }

    /// Counts a health watch or reflection stream, or refuses it when
    /// `max_long_lived` are open.
    fn enter_long_lived(&self) -> Result<(), Status> {
        let limit = self.config.max_long_lived;
        self.long_lived
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < limit).then_some(n + 1)
            })
            .map(|_| ())
            .map_err(|_| {
                crate::server::status::overloaded(format!(
                    "the server has {limit} health watches and reflection streams open, its \
                     limit (--max-watch-streams); use Health/Check, or retry later"
                ))
            })
    }
}

/// The calls of the connection the request came on (its connect info,
/// inside TLS's when the server speaks TLS).
fn connection_calls(req: &http::Request<Body>) -> Option<Arc<Calls>> {
    let ext = req.extensions();
    ext.get::<ConnectionInfo>()
        .or_else(|| {
            ext.get::<TlsConnectInfo<ConnectionInfo>>()
                .map(TlsConnectInfo::get_ref)
        })
        .map(|info| info.calls.clone())
}

/// Compares two byte strings in time that depends on their lengths only.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(std::hint::black_box(x ^ y));
    }
    diff == 0
}

/// One call's bookkeeping, ended exactly once: when its response body ends,
/// fails or is dropped.
struct Call {
    shared: Arc<Shared>,
    /// The calls of the connection the call came on, when known.
    connection: Option<Arc<Calls>>,
    /// Counted against the connection's limit.
    counted: bool,
    method: Method,
    started: Instant,
    span: tracing::Span,
    id: String,
    /// Counted as a health watch or reflection stream.
    long_lived: bool,
    /// The status once known (from the headers of a trailers-only response,
    /// or from the trailers).
    code: Option<i32>,
    ended: bool,
}

impl Call {
    /// A response that is only `status`.
    fn refuse(mut self, status: Status) -> http::Response<Body> {
        let code = status.code() as i32;
        let mut response = status.into_http::<Body>();
        self.tag(&mut response);
        self.code = Some(code);
        self.end();
        response
    }

    /// The service's response, with the request id and a body that ends the
    /// call when it ends.
    fn respond(mut self, response: http::Response<Body>) -> http::Response<Body> {
        let (mut parts, body) = response.into_parts();
        restate_headers(&mut parts.headers, self.shared.config.max_message_bytes);
        self.code = grpc_status(&parts.headers);
        if let Ok(v) = http::HeaderValue::from_str(&self.id) {
            parts.headers.insert(REQUEST_ID, v);
        }
        http::Response::from_parts(parts, Body::new(Observed { body, call: self }))
    }

    fn tag(&self, response: &mut http::Response<Body>) {
        if let Ok(v) = http::HeaderValue::from_str(&self.id) {
            response.headers_mut().insert(REQUEST_ID, v);
        }
    }

    fn end(&mut self) {
        if std::mem::replace(&mut self.ended, true) {
            return;
        }
        if let Some(calls) = self.connection.take() {
            if std::mem::take(&mut self.counted) {
                calls.leave_counted();
            }
            calls.ended();
        }
        if std::mem::take(&mut self.long_lived) {
            self.shared.long_lived.fetch_sub(1, Ordering::AcqRel);
        }
        // A body dropped before its status was sent: the client went away.
        let code = self.code.unwrap_or(Code::Cancelled as i32);
        let elapsed = self.started.elapsed();
        self.shared.metrics.call_ended(self.method, code, elapsed);
        let code = Code::from_i32(code);
        let ms = elapsed.as_secs_f64() * 1e3;
        if code == Code::Ok {
            tracing::debug!(parent: &self.span, ?code, ms, "call finished");
        } else {
            tracing::info!(parent: &self.span, ?code, ms, "call finished");
        }
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        self.end();
    }
}

fn grpc_status(headers: &http::HeaderMap) -> Option<i32> {
    headers.get("grpc-status")?.to_str().ok()?.parse().ok()
}

/// A response body that reports the call's status when it ends.
struct Observed {
    body: Body,
    call: Call,
}

impl http_body::Body for Observed {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        let this = &mut *self;
        let _entered = this.call.span.enter();
        let mut polled = Pin::new(&mut this.body).poll_frame(cx);
        match &mut polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_mut() {
                    restate_headers(trailers, this.call.shared.config.max_message_bytes);
                    this.call.code = grpc_status(trailers).or(this.call.code);
                    drop(_entered);
                    this.call.end();
                }
            }
            Poll::Ready(Some(Err(_))) => {
                this.call.code.get_or_insert(Code::Internal as i32);
                drop(_entered);
                this.call.end();
            }
            Poll::Ready(None) => {
                drop(_entered);
                this.call.end();
            }
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq(b"s3cret", b"s3cret"));
        assert!(!constant_time_eq(b"s3cret", b"s3cres"));
        assert!(!constant_time_eq(b"s3cret", b"s3cret!"));
        assert!(!constant_time_eq(b"", b"x"));
        assert!(constant_time_eq(b"", b""));
    }
}
