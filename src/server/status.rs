//! The one mapping from [`ApiError`] to gRPC statuses.

use crate::api::ApiError;
use prost::Message;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

impl From<ApiError> for Status {
    fn from(e: ApiError) -> Status {
        match &e {
            ApiError::InvalidArgument(violations) => {
                let mut details = ErrorDetails::new();
                for v in violations {
                    details.add_bad_request_violation(v.field.clone(), v.description.clone());
                }
                Status::with_error_details(Code::InvalidArgument, e.to_string(), details)
            }
            ApiError::OutOfRange(message) => Status::out_of_range(message.clone()),
            ApiError::Internal { .. } => Status::internal(e.to_string()),
        }
    }
}

/// The status of a call that failed with `e`; a failure inside the analysis
/// names the call's request id (its detail stays in the server's log).
pub fn call_status(e: ApiError, request_id: &str) -> Status {
    match e {
        ApiError::Internal { .. } => Status::internal(internal_message(&e, request_id)),
        e => Status::from(e),
    }
}

/// [`call_status`] as an in-band `google.rpc.Status` (AnalyzeStream).
pub fn in_band_status(e: ApiError, request_id: &str) -> tonic_types::pb::Status {
    match e {
        ApiError::Internal { .. } => internal(internal_message(&e, request_id)),
        e => to_rpc_status(e),
    }
}

fn internal_message(e: &ApiError, request_id: &str) -> String {
    format!("{e} (request id {request_id}); it is logged, and other calls are not affected")
}

/// How long a refused call is told to wait (`google.rpc.RetryInfo`).
pub const RETRY_AFTER: std::time::Duration = std::time::Duration::from_millis(100);

/// RESOURCE_EXHAUSTED with a [`RETRY_AFTER`] RetryInfo: a call refused by a
/// limit on calls in flight (server-wide or per connection).
pub fn overloaded(message: String) -> Status {
    Status::with_error_details(
        Code::ResourceExhausted,
        message,
        ErrorDetails::with_retry_info(Some(RETRY_AFTER)),
    )
}

/// The `google.rpc.Status` message for an in-band error (AnalyzeStream), with the
/// same details a unary call would carry.
pub fn to_rpc_status(e: ApiError) -> tonic_types::pb::Status {
    match &e {
        ApiError::InvalidArgument(violations) => {
            let bad = tonic_types::pb::BadRequest {
                field_violations: violations
                    .iter()
                    .map(|v| tonic_types::pb::bad_request::FieldViolation {
                        field: v.field.clone(),
                        description: v.description.clone(),
                        ..Default::default()
                    })
                    .collect(),
            };
            tonic_types::pb::Status {
                code: Code::InvalidArgument as i32,
                message: e.to_string(),
                details: vec![prost_types::Any {
                    type_url: "type.googleapis.com/google.rpc.BadRequest".to_string(),
                    value: bad.encode_to_vec(),
                }],
            }
        }
        ApiError::OutOfRange(message) => tonic_types::pb::Status {
            code: Code::OutOfRange as i32,
            message: message.clone(),
            details: Vec::new(),
        },
        ApiError::Internal { .. } => internal(e.to_string()),
    }
}

/// An in-band status for a failure that is not the request's fault.
pub fn internal(message: impl Into<String>) -> tonic_types::pb::Status {
    tonic_types::pb::Status {
        code: Code::Internal as i32,
        message: message.into(),
        details: Vec::new(),
    }
}

/// What tonic says when a request message is over the decoding limit.
const TOO_LARGE: &str = "Error, decoded message length too large";
/// What prost says, through tonic, of a message it cannot decode.
const UNDECODABLE: &str = "failed to decode Protobuf message: ";

/// A status the transport made before the request reached the service,
/// restated by this API's conventions; `None`: `status` stands.
///
/// - A message over the size limit: RESOURCE_EXHAUSTED naming the limit and
///   StreamText (tonic says OUT_OF_RANGE).
/// - A message that does not decode (invalid UTF-8 in a string field, a
///   wrong wire type): INVALID_ARGUMENT with a field violation at the field
///   prost names (tonic says INTERNAL).
pub fn restate_transport(status: &Status, max_message_bytes: usize) -> Option<Status> {
    let message = status.message();
    if status.code() == Code::OutOfRange && message.starts_with(TOO_LARGE) {
        return Some(Status::with_error_details(
            Code::ResourceExhausted,
            format!(
                "the request message is larger than this server accepts ({max_message_bytes} \
                 bytes, --max-message-bytes); send long text with StreamText, in chunks"
            ),
            ErrorDetails::new(),
        ));
    }
    let reason = message.strip_prefix(UNDECODABLE)?;
    if status.code() != Code::Internal {
        return None;
    }
    let (field, description) = undecodable_field(reason);
    let description = if description.contains("not UTF-8") {
        "is not valid UTF-8".to_string()
    } else {
        format!("cannot be decoded: {description}")
    };
    let mut details = ErrorDetails::new();
    details.add_bad_request_violation(field.clone(), description.clone());
    Some(Status::with_error_details(
        Code::InvalidArgument,
        format!("invalid request: {field}: {description}"),
        details,
    ))
}

/// The field path and the reason in prost's account of a decoding failure:
/// `Document.content: AnalyzeRequest.document: invalid string value: …` is
/// field `document.content`. Without a path the field is the whole message,
/// `request`.
fn undecodable_field(reason: &str) -> (String, &str) {
    let mut path = Vec::new();
    let mut rest = reason;
    while let Some((head, tail)) = rest.split_once(": ") {
        let field = head
            .split_once('.')
            .map(|(_, f)| f)
            .filter(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        match field {
            Some(f) if head.bytes().next().is_some_and(|b| b.is_ascii_uppercase()) => {
                path.push(f);
                rest = tail;
            }
            _ => break,
        }
    }
    // prost names the innermost field first.
    path.reverse();
    let field = if path.is_empty() {
        "request".to_string()
    } else {
        path.join(".")
    };
    (field, rest)
}

/// Restates, in place, the status in `headers` (trailers, or the headers of
/// a trailers-only response) by [`restate_transport`].
pub fn restate_headers(headers: &mut http::HeaderMap, max_message_bytes: usize) {
    let Some(status) = Status::from_header_map(headers) else {
        return;
    };
    let Some(restated) = restate_transport(&status, max_message_bytes) else {
        return;
    };
    for name in ["grpc-status", "grpc-message", "grpc-status-details-bin"] {
        headers.remove(name);
    }
    if let Err(e) = restated.add_header(headers) {
        tracing::warn!(error = %e, "cannot restate a transport status");
        let _ = status.add_header(headers);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_statuses_are_restated() {
        let big = Status::out_of_range(
            "Error, decoded message length too large: found 5000000 bytes, the limit is: 4000000 bytes",
        );
        let s = restate_transport(&big, 4_000_000).expect("restated");
        assert_eq!(s.code(), Code::ResourceExhausted);
        assert!(s.message().contains("--max-message-bytes") && s.message().contains("StreamText"));

        let utf8 = Status::internal(
            "failed to decode Protobuf message: Document.content: AnalyzeRequest.document: \
             invalid string value: data is not UTF-8 encoded",
        );
        let s = restate_transport(&utf8, 1).expect("restated");
        assert_eq!(s.code(), Code::InvalidArgument);
        let bad = s.get_details_bad_request().expect("a BadRequest");
        assert_eq!(bad.field_violations[0].field, "document.content");
        assert_eq!(bad.field_violations[0].description, "is not valid UTF-8");

        let wire =
            Status::internal("failed to decode Protobuf message: invalid wire type value: 7");
        let s = restate_transport(&wire, 1).expect("restated");
        assert_eq!(
            s.get_details_bad_request()
                .expect("a BadRequest")
                .field_violations[0]
                .field,
            "request"
        );
        assert!(restate_transport(&Status::internal("a panic"), 1).is_none());
        assert!(restate_transport(&Status::out_of_range("past the end"), 1).is_none());
    }
}
