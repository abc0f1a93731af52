//! JSON over HTTP for the unary RPCs that `proto/` maps with
//! `google.api.http` (`POST /v1/documents:analyze` and the others in
//! [`ROUTES`]).
//!
//! A JSON request is turned into the gRPC call its route names and passed on
//! inside the server, so the gate (auth, limits, timeouts, request ids,
//! metrics) and the service treat it as any other call. The request body is
//! read only when the service asks for the message, so a refused call never
//! has its body read. The gRPC answer comes back as proto3 JSON; a failure as
//! a JSON `google.rpc.Status` with the HTTP status Google's APIs give its code.

use crate::api::pb;
use bytes::{BufMut, Bytes, BytesMut};
use futures_util::StreamExt;
use http_body_util::BodyExt;
use prost::Message;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tonic::body::Body;
use tonic::{Code, Status};

/// An HTTP verb a route answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
}

impl Verb {
    fn method(self) -> http::Method {
        match self {
            Verb::Get => http::Method::GET,
            Verb::Post => http::Method::POST,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
        }
    }
}

/// What the HTTP body of a route's request holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestBody {
    /// The whole request message, as JSON (`body: "*"`).
    Whole,
    /// Nothing: the request message is empty (a GET).
    None,
}

/// One `google.api.http` rule: the verb and literal path that reach the RPC
/// at `grpc_path` (`/package.Service/Method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub verb: Verb,
    pub path: &'static str,
    pub grpc_path: &'static str,
    pub body: RequestBody,
}

include!(concat!(env!("OUT_DIR"), "/http_routes.rs"));

/// The RPCs a route may reach, each with its request and response types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rpc {
    Analyze,
    Normalize,
    GetCapabilities,
}

impl Rpc {
    const ALL: [Rpc; 3] = [Rpc::Analyze, Rpc::Normalize, Rpc::GetCapabilities];

    fn name(self) -> &'static str {
        match self {
            Rpc::Analyze => "Analyze",
            Rpc::Normalize => "Normalize",
            Rpc::GetCapabilities => "GetCapabilities",
        }
    }

    /// The RPC at `/matn.v1.TextAnalysisService/{name}`.
    fn at(grpc_path: &str) -> Option<Rpc> {
        let service = pb::text_analysis_service_server::SERVICE_NAME;
        let name = grpc_path
            .strip_prefix('/')?
            .strip_prefix(service)?
            .strip_prefix('/')?;
        Rpc::ALL.into_iter().find(|rpc| rpc.name() == name)
    }

    /// The request message in `json`, encoded as protobuf.
    fn request_from_json(self, json: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
        match self {
            Rpc::Analyze => reencode::<pb::AnalyzeRequest>(json),
            Rpc::Normalize => reencode::<pb::NormalizeRequest>(json),
            Rpc::GetCapabilities => reencode::<pb::GetCapabilitiesRequest>(json),
        }
    }

    /// The response message in `proto`, as proto3 JSON.
    fn response_to_json(self, proto: &[u8]) -> Result<Vec<u8>, prost::DecodeError> {
        match self {
            Rpc::Analyze => render::<pb::AnalyzeResponse>(proto),
            Rpc::Normalize => render::<pb::NormalizeResponse>(proto),
            Rpc::GetCapabilities => render::<pb::GetCapabilitiesResponse>(proto),
        }
    }

    fn request_type(self) -> &'static str {
        match self {
            Rpc::Analyze => "matn.v1.AnalyzeRequest",
            Rpc::Normalize => "matn.v1.NormalizeRequest",
            Rpc::GetCapabilities => "matn.v1.GetCapabilitiesRequest",
        }
    }
}

fn reencode<M: DeserializeOwned + Message>(json: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    // An empty body is the empty message, as `{}` is.
    let json = if json.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        json
    };
    Ok(serde_json::from_slice::<M>(json)?.encode_to_vec())
}

fn render<M: Message + Default + Serialize>(proto: &[u8]) -> Result<Vec<u8>, prost::DecodeError> {
    Ok(crate::api::json::to_vec(&M::decode(proto)?))
}

/// The route at `path`, if any.
fn route_at(path: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.path == path)
}

/// The service that answers the JSON routes through `inner`, the gRPC
/// services behind the gate.
#[derive(Clone)]
pub struct JsonGateway<S> {
    inner: S,
    /// The largest JSON body read; the service's message limit applies to
    /// the message made from it.
    max_body_bytes: usize,
}

impl<S> JsonGateway<S> {
    pub fn new(inner: S, max_body_bytes: usize) -> JsonGateway<S> {
        JsonGateway {
            inner,
            max_body_bytes,
        }
    }
}

type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S> tower_service::Service<http::Request<Body>> for JsonGateway<S>
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

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let Some(route) = route_at(req.uri().path()) else {
            return Box::pin(self.inner.call(req));
        };
        let Some(rpc) = Rpc::at(route.grpc_path) else {
            // ROUTES and Rpc are checked against each other by a test.
            let status = Status::internal(format!("{} has no JSON mapping", route.grpc_path));
            return Box::pin(std::future::ready(Ok(status_response(&status, None))));
        };
        if let Err(response) = check_request(route, &req) {
            return Box::pin(std::future::ready(Ok(*response)));
        }
        let grpc = grpc_request(req, route, rpc, self.max_body_bytes);
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let response = inner.call(grpc).await?;
            Ok(json_response(rpc, response).await)
        })
    }
}

/// `Err` with the response when the request cannot go to its route: another
/// verb, or a query string (which no route reads).
fn check_request(
    route: &Route,
    req: &http::Request<Body>,
) -> Result<(), Box<http::Response<Body>>> {
    let verb = route.verb.method();
    if req.method() != verb {
        let status =
            Status::unimplemented(format!("{} takes {verb}, not {}", route.path, req.method()));
        let mut response = status_response(&status, None);
        *response.status_mut() = http::StatusCode::METHOD_NOT_ALLOWED;
        response.headers_mut().insert(
            http::header::ALLOW,
            http::HeaderValue::from_static(route.verb.name()),
        );
        return Err(Box::new(response));
    }
    if req.uri().query().is_some_and(|q| !q.is_empty()) {
        let status = bad_request(
            "query",
            format!(
                "{} reads no query parameters; send the request as JSON in the body",
                route.path
            ),
        );
        return Err(Box::new(status_response(&status, None)));
    }
    Ok(())
}

/// The gRPC request for `req` on `route`: the client's metadata (auth,
/// request id, deadline), its connection's extensions, and a body that reads
/// and converts the JSON when the service asks for the message.
fn grpc_request(
    req: http::Request<Body>,
    route: &Route,
    rpc: Rpc,
    max_body_bytes: usize,
) -> http::Request<Body> {
    let (mut parts, body) = req.into_parts();
    parts.method = http::Method::POST;
    parts.uri = http::Uri::from_static(route.grpc_path);
    // Inside the server the call is gRPC over HTTP/2 whatever the client
    // spoke (the gRPC-Web layer passes other HTTP/1.1 requests by as errors).
    parts.version = http::Version::HTTP_2;
    keep_metadata(&mut parts.headers);
    let message = match route.body {
        RequestBody::None => futures_util::future::Either::Left(std::future::ready(Ok(Vec::new()))),
        RequestBody::Whole => {
            futures_util::future::Either::Right(read_message(body, rpc, max_body_bytes))
        }
    };
    let frames = futures_util::stream::once(async move {
        message
            .await
            .map(|bytes| http_body::Frame::data(grpc_frame(&bytes)))
    });
    http::Request::from_parts(
        parts,
        Body::new(http_body_util::StreamBody::new(frames.boxed())),
    )
}

/// Drops the headers that describe the HTTP body or the HTTP/1.1
/// connection, and gRPC headers other than the deadline (so the answer is not
/// compressed); sets gRPC's content type.
fn keep_metadata(headers: &mut http::HeaderMap) {
    use http::header;
    for name in [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::TRANSFER_ENCODING,
        header::ACCEPT_ENCODING,
        header::CONNECTION,
        header::TE,
        header::HOST,
    ] {
        headers.remove(name);
    }
    let grpc: Vec<http::HeaderName> = headers
        .keys()
        .filter(|n| n.as_str().starts_with("grpc-") && n.as_str() != "grpc-timeout")
        .cloned()
        .collect();
    for name in grpc {
        headers.remove(name);
    }
    headers.insert(
        header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/grpc"),
    );
    headers.insert(header::TE, http::HeaderValue::from_static("trailers"));
}

/// Reads the JSON body (at most `limit` bytes) and encodes the request
/// message it holds.
async fn read_message(body: Body, rpc: Rpc, limit: usize) -> Result<Vec<u8>, Status> {
    let json = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return Err(Status::resource_exhausted(format!(
                "the JSON body is larger than this server reads ({limit} bytes, four times \
                 --max-message-bytes); send long text with StreamText, in chunks"
            )))
        }
        Err(e) => return Err(Status::cancelled(format!("the request body failed: {e}"))),
    };
    rpc.request_from_json(&json).map_err(|e| {
        bad_request(
            "request",
            format!("is not a {} in proto3 JSON: {e}", rpc.request_type()),
        )
    })
}

/// INVALID_ARGUMENT with one field violation.
fn bad_request(field: &str, description: String) -> Status {
    use tonic_types::{ErrorDetails, StatusExt};
    let mut details = ErrorDetails::new();
    details.add_bad_request_violation(field, description.clone());
    Status::with_error_details(
        Code::InvalidArgument,
        format!("invalid request: {field}: {description}"),
        details,
    )
}

/// `message` in gRPC's length-prefixed framing, uncompressed.
fn grpc_frame(message: &[u8]) -> Bytes {
    let mut frame = BytesMut::with_capacity(5 + message.len());
    frame.put_u8(0);
    frame.put_u32(u32::try_from(message.len()).unwrap_or(u32::MAX));
    frame.put_slice(message);
    frame.freeze()
}

/// The JSON answer for the gRPC `response` of `rpc`.
async fn json_response(rpc: Rpc, response: http::Response<Body>) -> http::Response<Body> {
    let (parts, body) = response.into_parts();
    let request_id = parts.headers.get(crate::server::gate::REQUEST_ID).cloned();
    // A trailers-only answer carries its status in the headers.
    if let Some(status) = Status::from_header_map(&parts.headers) {
        return status_response(&status, request_id);
    }
    let (data, trailers) = match body.collect().await {
        Ok(collected) => {
            let trailers = collected.trailers().cloned();
            (collected.to_bytes(), trailers)
        }
        Err(status) => return status_response(&status, request_id),
    };
    let status = trailers
        .as_ref()
        .and_then(Status::from_header_map)
        .unwrap_or_else(|| Status::internal("the answer ended without a gRPC status"));
    if status.code() != Code::Ok {
        return status_response(&status, request_id);
    }
    let json = unframe(&data)
        .ok_or_else(|| Status::internal("the answer is not one uncompressed gRPC message"))
        .and_then(|message| {
            rpc.response_to_json(message)
                .map_err(|e| Status::internal(format!("the answer does not decode: {e}")))
        });
    match json {
        Ok(json) => json_body(http::StatusCode::OK, json, request_id),
        Err(status) => status_response(&status, request_id),
    }
}

/// The one message of a gRPC body, when it is uncompressed and whole.
fn unframe(data: &[u8]) -> Option<&[u8]> {
    let (&[0, a, b, c, d], message) = data.split_first_chunk::<5>()? else {
        return None;
    };
    let len = u32::from_be_bytes([a, b, c, d]) as usize;
    (message.len() == len).then_some(message)
}

fn json_body(
    code: http::StatusCode,
    json: Vec<u8>,
    request_id: Option<http::HeaderValue>,
) -> http::Response<Body> {
    let mut response = http::Response::new(Body::new(http_body_util::Full::new(Bytes::from(json))));
    *response.status_mut() = code;
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    if let Some(id) = request_id {
        headers.insert(crate::server::gate::REQUEST_ID, id);
    }
    response
}

/// `status` as a JSON `google.rpc.Status` with its HTTP status, and a
/// `retry-after` header when it says how long to wait.
fn status_response(status: &Status, request_id: Option<http::HeaderValue>) -> http::Response<Body> {
    let (json, retry_after) = status_json(status);
    let body = serde_json::to_vec(&json).unwrap_or_default();
    let mut response = json_body(http_status(status.code()), body, request_id);
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
    }
    response
}

/// A `google.rpc.Status` in proto3 JSON, fields in the schema's order.
#[derive(Serialize)]
struct StatusJson {
    code: i32,
    message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    details: Vec<DetailJson>,
}

/// The error details this server sends, in proto3 JSON (`Any` with `@type`).
#[derive(Serialize)]
#[serde(untagged)]
enum DetailJson {
    BadRequest {
        #[serde(rename = "@type")]
        type_url: String,
        #[serde(rename = "fieldViolations")]
        field_violations: Vec<ViolationJson>,
    },
    RetryInfo {
        #[serde(rename = "@type")]
        type_url: String,
        #[serde(rename = "retryDelay")]
        retry_delay: String,
    },
}

#[derive(Serialize)]
struct ViolationJson {
    field: String,
    description: String,
}

/// `status` as a [`StatusJson`] with the details this server sends
/// (BadRequest, RetryInfo), and the whole seconds to wait before a retry when
/// RetryInfo says.
fn status_json(status: &Status) -> (StatusJson, Option<u64>) {
    let details = tonic_types::pb::Status::decode(status.details())
        .map(|s| s.details)
        .unwrap_or_default();
    let mut retry_after = None;
    let details = details
        .into_iter()
        .filter_map(|any| {
            let kind = any.type_url.rsplit('/').next().unwrap_or_default();
            match kind {
                "google.rpc.BadRequest" => {
                    let bad = tonic_types::pb::BadRequest::decode(any.value.as_slice()).ok()?;
                    let field_violations = bad
                        .field_violations
                        .into_iter()
                        .map(|v| ViolationJson {
                            field: v.field,
                            description: v.description,
                        })
                        .collect();
                    Some(DetailJson::BadRequest {
                        type_url: any.type_url,
                        field_violations,
                    })
                }
                "google.rpc.RetryInfo" => {
                    let info = tonic_types::pb::RetryInfo::decode(any.value.as_slice()).ok()?;
                    let delay = info.retry_delay.unwrap_or_default();
                    let nanos = u64::try_from(delay.nanos).unwrap_or(0);
                    let seconds = u64::try_from(delay.seconds).unwrap_or(0);
                    retry_after = Some(seconds + u64::from(nanos > 0));
                    Some(DetailJson::RetryInfo {
                        type_url: any.type_url,
                        retry_delay: duration_json(seconds, nanos),
                    })
                }
                _ => None,
            }
        })
        .collect();
    let json = StatusJson {
        code: status.code() as i32,
        message: status.message().to_string(),
        details,
    };
    (json, retry_after)
}

/// A `google.protobuf.Duration` in proto3 JSON: seconds with 0, 3, 6 or 9
/// decimals and an `s`.
fn duration_json(seconds: u64, nanos: u64) -> String {
    match nanos {
        0 => format!("{seconds}s"),
        n if n % 1_000_000 == 0 => format!("{seconds}.{:03}s", n / 1_000_000),
        n if n % 1_000 == 0 => format!("{seconds}.{:06}s", n / 1_000),
        n => format!("{seconds}.{n:09}s"),
    }
}

/// The HTTP status Google's APIs and grpc-gateway give a gRPC code.
fn http_status(code: Code) -> http::StatusCode {
    use http::StatusCode as H;
    match code {
        Code::Ok => H::OK,
        Code::Cancelled => H::from_u16(499).unwrap_or(H::BAD_REQUEST),
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => H::BAD_REQUEST,
        Code::DeadlineExceeded => H::GATEWAY_TIMEOUT,
        Code::NotFound => H::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => H::CONFLICT,
        Code::PermissionDenied => H::FORBIDDEN,
        Code::Unauthenticated => H::UNAUTHORIZED,
        Code::ResourceExhausted => H::TOO_MANY_REQUESTS,
        Code::Unimplemented => H::NOT_IMPLEMENTED,
        Code::Unavailable => H::SERVICE_UNAVAILABLE,
        Code::Unknown | Code::Internal | Code::DataLoss => H::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_reaches_a_json_mapped_rpc() {
        assert!(!ROUTES.is_empty());
        for route in ROUTES {
            assert!(Rpc::at(route.grpc_path).is_some(), "{route:?}");
        }
        assert_eq!(
            route_at("/v1/documents:analyze").map(|r| (r.verb, r.body)),
            Some((Verb::Post, RequestBody::Whole))
        );
    }

    #[test]
    fn a_frame_holds_exactly_one_message() {
        let frame = grpc_frame(b"abc");
        assert_eq!(unframe(&frame), Some(b"abc".as_slice()));
        assert_eq!(unframe(&frame[..7]), None);
        let mut compressed = frame.to_vec();
        compressed[0] = 1;
        assert_eq!(unframe(&compressed), None);
    }

    #[test]
    fn retry_info_becomes_retry_delay_and_whole_seconds() {
        let status = crate::server::status::overloaded("busy".into());
        let (json, retry_after) = status_json(&status);
        let json = serde_json::to_value(&json).unwrap();
        assert_eq!(json["code"], 8);
        assert_eq!(json["details"][0]["retryDelay"], "0.100s");
        assert_eq!(retry_after, Some(1));
    }
}
