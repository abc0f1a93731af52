//! `matn.v1.TextAnalysisService`: converts transport to [`Engine`] calls.

use crate::api::pb::text_analysis_service_server::TextAnalysisService;
use crate::api::pb::{self, analyze_stream_response::Result as StreamResult};
use crate::api::{ApiError, Engine};
use crate::server::status::{internal, to_rpc_status};
use futures_util::{Stream, StreamExt};
use std::pin::Pin;
use std::sync::Arc;
use tonic::{Request, Response, Status, Streaming};

/// Documents above this size are analyzed on the blocking pool so that small
/// calls and health checks keep the reactor.
const INLINE_LIMIT: usize = 16 << 10;

#[derive(Clone)]
pub struct MatnService {
    engine: Arc<Engine>,
}

impl MatnService {
    pub fn new(engine: Arc<Engine>) -> Self {
        MatnService { engine }
    }
}

/// Runs `f` inline for small inputs, on the blocking pool for large ones.
async fn run<T, F>(engine: &Arc<Engine>, size: usize, f: F) -> Result<T, Status>
where
    F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    if size <= INLINE_LIMIT {
        return f(engine).map_err(Status::from);
    }
    let engine = engine.clone();
    tokio::task::spawn_blocking(move || f(&engine))
        .await
        .map_err(|e| Status::internal(format!("analysis task failed: {e}")))?
        .map_err(Status::from)
}

fn doc_size(doc: Option<&pb::Document>) -> usize {
    doc.map_or(0, |d| d.content.len())
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

#[tonic::async_trait]
impl TextAnalysisService for MatnService {
    async fn analyze(
        &self,
        request: Request<pb::AnalyzeRequest>,
    ) -> Result<Response<pb::AnalyzeResponse>, Status> {
        let req = request.into_inner();
        let size = doc_size(req.document.as_ref());
        run(&self.engine, size, move |e| e.analyze(&req))
            .await
            .map(Response::new)
    }

    type AnalyzeStreamStream = BoxStream<pb::AnalyzeStreamResponse>;

    async fn analyze_stream(
        &self,
        request: Request<Streaming<pb::AnalyzeStreamRequest>>,
    ) -> Result<Response<Self::AnalyzeStreamStream>, Status> {
        let engine = self.engine.clone();
        let in_flight = engine.limits().stream_max_in_flight;
        let inbound = request.into_inner();
        // `buffered` pulls a new request only while fewer than `in_flight` are
        // pending, so a fast client is held back by HTTP/2 flow control.
        let out = inbound
            .map(move |item| {
                let engine = engine.clone();
                async move {
                    let req = item?;
                    let id = req.id.clone();
                    let result = match req.request {
                        None => Err(to_rpc_status(ApiError::InvalidArgument(vec![
                            crate::api::FieldViolation {
                                field: "request".into(),
                                description: "is required".into(),
                            },
                        ]))),
                        Some(r) => {
                            let size = doc_size(r.document.as_ref());
                            let job = move |e: &Engine| e.analyze(&r);
                            if size <= INLINE_LIMIT {
                                job(&engine).map_err(|e| to_rpc_status(e.within("request")))
                            } else {
                                match tokio::task::spawn_blocking(move || job(&engine)).await {
                                    Ok(r) => r.map_err(|e| to_rpc_status(e.within("request"))),
                                    Err(e) => Err(internal(format!("analysis task failed: {e}"))),
                                }
                            }
                        }
                    };
                    let result = match result {
                        Ok(resp) => StreamResult::Response(resp),
                        Err(status) => StreamResult::Error(status),
                    };
                    Ok(pb::AnalyzeStreamResponse {
                        id,
                        result: Some(result),
                    })
                }
            })
            .buffered(in_flight);
        Ok(Response::new(Box::pin(out)))
    }

    type StreamTextStream = BoxStream<pb::StreamTextResponse>;

    async fn stream_text(
        &self,
        _request: Request<Streaming<pb::StreamTextRequest>>,
    ) -> Result<Response<Self::StreamTextStream>, Status> {
        Err(Status::unimplemented(
            "StreamText is not implemented yet; use Analyze or AnalyzeStream",
        ))
    }

    async fn normalize(
        &self,
        request: Request<pb::NormalizeRequest>,
    ) -> Result<Response<pb::NormalizeResponse>, Status> {
        let req = request.into_inner();
        let size = doc_size(req.document.as_ref());
        run(&self.engine, size, move |e| e.normalize(&req))
            .await
            .map(Response::new)
    }

    async fn get_capabilities(
        &self,
        _request: Request<pb::GetCapabilitiesRequest>,
    ) -> Result<Response<pb::GetCapabilitiesResponse>, Status> {
        Ok(Response::new(self.engine.capabilities()))
    }
}
