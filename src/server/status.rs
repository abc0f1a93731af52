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
