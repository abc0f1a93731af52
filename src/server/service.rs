//! `matn.v1.TextAnalysisService`: converts transport to [`Engine`] calls.

use crate::api::pb::stream_text_request::Message;
use crate::api::pb::text_analysis_service_server::TextAnalysisService;
use crate::api::pb::{self, analyze_stream_response::Result as StreamResult};
use crate::api::{ApiError, Engine, FieldViolation, TextStream};
use crate::server::gate::RequestId;
use crate::server::idle::IdleLimited;
use crate::server::metrics::{Method, Metrics};
use crate::server::status::{call_status, in_band_status, overloaded, to_rpc_status};
use futures_util::{stream, Stream, StreamExt};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status, Streaming};

/// Unary documents up to this size may be analyzed on the reactor thread that
/// received them (a few hundred microseconds: cheaper than a thread hop);
/// larger ones, and every streamed document, go to the workers.
const INLINE_LIMIT: usize = 16 << 10;

/// Reactor threads that may analyze inline at once: all but one, so that one
/// is always free to read new calls, answer health checks and refuse calls
/// past `max_in_flight` at once. (Tokio runs one reactor thread per core.)
fn inline_slots() -> usize {
    crate::api::cores().saturating_sub(1).max(1)
}

#[derive(Clone)]
pub struct MatnService {
    engine: Arc<Engine>,
    /// One permit per worker: documents analyzed at once, server-wide.
    workers: Arc<Semaphore>,
    /// One permit per unary call in flight (`max_in_flight`), server-wide.
    calls: Arc<Semaphore>,
    /// One permit per open stream (`max_streams`), server-wide: apart from
    /// `calls`, so open streams never take what unary calls need.
    streams: Arc<Semaphore>,
    /// Small unary documents analyzed inline at once ([`inline_slots`]).
    inline: Arc<Semaphore>,
    metrics: Arc<Metrics>,
}

impl MatnService {
    pub fn new(engine: Arc<Engine>, metrics: Arc<Metrics>) -> Self {
        let workers = Arc::new(Semaphore::new(engine.limits().workers.max(1)));
        let calls = Arc::new(Semaphore::new(engine.limits().max_in_flight.max(1)));
        let streams = Arc::new(Semaphore::new(engine.limits().max_streams));
        MatnService {
            engine,
            workers,
            calls,
            streams,
            inline: Arc::new(Semaphore::new(inline_slots())),
            metrics,
        }
    }

    /// Admits a call, or refuses it at once when `max_in_flight` calls are
    /// in flight (load shedding: no queue grows). The call holds the permit
    /// until it ends.
    fn admit(&self) -> Result<OwnedSemaphorePermit, Status> {
        self.calls.clone().try_acquire_owned().map_err(|_| {
            let limit = self.engine.limits().max_in_flight;
            overloaded(format!(
                "the server has {limit} calls in flight, its limit (max_in_flight); \
                 retry after a short wait"
            ))
        })
    }

    /// Admits a stream (AnalyzeStream, StreamText) as [`Self::admit`] does a
    /// unary call, against `max_streams`.
    fn admit_stream(&self) -> Result<OwnedSemaphorePermit, Status> {
        self.streams.clone().try_acquire_owned().map_err(|_| {
            let limit = self.engine.limits().max_streams;
            overloaded(format!(
                "the server has {limit} streams open, its limit (max_streams); retry after a \
                 short wait, or send single documents with Analyze"
            ))
        })
    }

    /// A stream's inbound messages, ended when the client goes quiet for
    /// the server's `stream_idle_timeout`.
    fn inbound<T>(&self, request: Request<Streaming<T>>) -> IdleLimited<Streaming<T>> {
        IdleLimited::new(
            request.into_inner(),
            self.engine.limits().stream_idle_timeout,
        )
    }

    /// Runs `f` on a worker thread once one is free. Dropping the returned
    /// future before a worker is free (a cancelled call) runs nothing. The
    /// engine catches panics inside an analysis; one that escapes it is
    /// still this call's failure only.
    async fn on_worker<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Engine) -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = self
            .workers
            .clone()
            .acquire_owned()
            .await
            .expect("the worker semaphore is never closed");
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&engine)
        })
        .await
        .map_err(|e| ApiError::Internal {
            detail: format!("worker task failed: {e}"),
        })
    }

    /// Counts and logs a failure inside the analysis (once, at error level,
    /// with the request id; the detail goes to the log only). Other errors
    /// are the client's and pass silently.
    fn report(&self, e: &ApiError, request_id: &str) {
        if let ApiError::Internal { detail } = e {
            self.metrics.panic_caught();
            tracing::error!(
                request_id,
                panic = %detail,
                "a document's analysis panicked; that document alone failed, with INTERNAL"
            );
        }
    }

    /// `e` as the call's status, reported first.
    fn fail(&self, e: ApiError, request_id: &str) -> Status {
        self.report(&e, request_id);
        call_status(e, request_id)
    }

    /// Runs `f` inline for a small input while an inline slot is free, else
    /// on a worker.
    ///
    /// With every reactor thread analyzing, new calls would wait unread in the
    /// transport, where `admit` cannot refuse them; the slots keep one reactor
    /// thread free to read and refuse them.
    async fn run<T, F>(&self, size: usize, request_id: &str, f: F) -> Result<T, Status>
    where
        F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        if size <= INLINE_LIMIT {
            if let Ok(_slot) = self.inline.try_acquire() {
                return f(&self.engine).map_err(|e| self.fail(e, request_id));
            }
        }
        self.on_worker(f)
            .await
            .and_then(|r| r)
            .map_err(|e| self.fail(e, request_id))
    }

    /// One AnalyzeStream request → its response (never an error: a failing
    /// document is answered in-band).
    async fn stream_document(
        &self,
        req: pb::AnalyzeStreamRequest,
        first: bool,
        totals: &Totals,
        request_id: &str,
    ) -> pb::AnalyzeStreamResponse {
        let id = req.id;
        totals.documents.fetch_add(1, Ordering::Relaxed);
        let violation = |field: &str, description: &str| {
            Err(to_rpc_status(ApiError::InvalidArgument(vec![
                FieldViolation {
                    field: field.into(),
                    description: description.into(),
                },
            ])))
        };
        let result = match req.request {
            _ if req.options.is_some() && !first => {
                violation("options", "is honoured in the first message only")
            }
            None => violation("request", "is required"),
            Some(r) => {
                let size = doc_size(r.document.as_ref());
                totals
                    .content_bytes
                    .fetch_add(size as u64, Ordering::Relaxed);
                self.metrics.add_bytes(Method::ANALYZE_STREAM, size);
                self.on_worker(move |e| e.analyze(&r))
                    .await
                    .and_then(|r| r)
                    .map_err(|e| {
                        self.report(&e, request_id);
                        in_band_status(e.within("request"), request_id)
                    })
            }
        };
        self.metrics.stream_document(result.is_ok());
        let result = match result {
            Ok(resp) => {
                totals.succeeded.fetch_add(1, Ordering::Relaxed);
                StreamResult::Response(resp)
            }
            Err(status) => {
                totals.failed.fetch_add(1, Ordering::Relaxed);
                StreamResult::Error(status)
            }
        };
        pb::AnalyzeStreamResponse {
            id,
            result: Some(result),
        }
    }
}

/// One StreamText call: its inbound messages, its text, the answers ready to
/// send.
struct TextCall {
    /// Held for the whole call.
    _call: OwnedSemaphorePermit,
    service: MatnService,
    inbound: IdleLimited<Streaming<pb::StreamTextRequest>>,
    /// Set by the first message.
    text: Option<TextStream>,
    /// The rest of a large chunk, taken a slice at a time.
    rest: String,
    ready: VecDeque<pb::StreamTextResponse>,
    done: bool,
    request_id: String,
}

/// Bytes of a chunk analyzed before the answers they complete are sent: a
/// chunk of a megabyte of short sentences would otherwise hold thousands of
/// answers at once.
const TEXT_SLICE: usize = 64 << 10;

impl TextCall {
    /// The next answer; `None` once the call is over. An error ends it.
    async fn next(&mut self) -> Option<Result<pb::StreamTextResponse, Status>> {
        let violation = |field: &str, description: &str| {
            Status::from(ApiError::InvalidArgument(vec![FieldViolation {
                field: field.into(),
                description: description.into(),
            }]))
        };
        loop {
            if let Some(answer) = self.ready.pop_front() {
                return Some(Ok(answer));
            }
            if self.done {
                return None;
            }
            if !self.rest.is_empty() {
                let mut at = TEXT_SLICE.min(self.rest.len());
                while !self.rest.is_char_boundary(at) {
                    at += 1;
                }
                let tail = self.rest.split_off(at);
                let slice = std::mem::replace(&mut self.rest, tail);
                let text = self.text.as_mut().expect("text comes after the config");
                if text.append(&slice) {
                    if let Err(status) = self.run(|t| t.step()).await {
                        self.done = true;
                        return Some(Err(status));
                    }
                }
                continue;
            }
            let message = match self.inbound.next().await.transpose() {
                Ok(m) => m,
                Err(status) => {
                    self.done = true;
                    return Some(Err(status));
                }
            };
            let result = match (message.map(|m| m.message), self.text.as_mut()) {
                // The client closed its side: the rest of the text.
                (None, text) => {
                    self.done = true;
                    match text {
                        Some(_) => self.run(|t| t.finish()).await,
                        None => Ok(()),
                    }
                }
                (Some(Some(Message::Config(config))), None) => {
                    match self.service.engine.stream_text(&config) {
                        Ok(t) => {
                            self.text = Some(t);
                            Ok(())
                        }
                        Err(e) => Err(Status::from(e)),
                    }
                }
                (Some(Some(Message::Config(_))), Some(_)) => {
                    Err(violation("config", "is honoured in the first message only"))
                }
                (Some(_), None) => Err(violation(
                    "config",
                    "the first message must carry the config",
                )),
                (Some(None), Some(_)) => Err(violation("message", "needs text or a config")),
                (Some(Some(Message::Text(chunk))), Some(_)) => {
                    self.service
                        .metrics
                        .add_bytes(Method::STREAM_TEXT, chunk.len());
                    self.rest = chunk;
                    Ok(())
                }
            };
            if let Err(status) = result {
                self.done = true;
                return Some(Err(status));
            }
        }
    }

    /// Runs `f` on the call's text on a worker; keeps its answers.
    async fn run<F>(&mut self, f: F) -> Result<(), Status>
    where
        F: FnOnce(&mut TextStream) -> Result<Vec<pb::StreamTextResponse>, ApiError>
            + Send
            + 'static,
    {
        let mut text = self.text.take().expect("the config came first");
        let (text, answers) = self
            .service
            .on_worker(move |_| {
                let answers = f(&mut text);
                (text, answers)
            })
            .await
            .map_err(|e| self.service.fail(e, &self.request_id))?;
        self.text = Some(text);
        let answers = answers.map_err(|e| self.service.fail(e, &self.request_id))?;
        self.service.metrics.stream_sentences(answers.len());
        self.ready.extend(answers);
        Ok(())
    }
}

/// The request id the gate gave the call (none when the service runs
/// without it).
fn request_id<T>(request: &Request<T>) -> String {
    request
        .extensions()
        .get::<RequestId>()
        .map_or_else(String::new, |r| r.0.clone())
}

fn doc_size(doc: Option<&pb::Document>) -> usize {
    doc.map_or(0, |d| d.content.len())
}

/// An AnalyzeStream's running totals.
#[derive(Default)]
struct Totals {
    documents: AtomicU64,
    succeeded: AtomicU64,
    failed: AtomicU64,
    content_bytes: AtomicU64,
}

impl Totals {
    fn summary(&self, started: Instant) -> pb::AnalyzeStreamResponse {
        pb::AnalyzeStreamResponse {
            id: String::new(),
            result: Some(StreamResult::Summary(pb::AnalyzeStreamSummary {
                documents: self.documents.load(Ordering::Relaxed),
                succeeded: self.succeeded.load(Ordering::Relaxed),
                failed: self.failed.load(Ordering::Relaxed),
                content_bytes: self.content_bytes.load(Ordering::Relaxed),
                elapsed_ms: started.elapsed().as_millis() as u64,
            })),
        }
    }
}

/// The client's deadline from its `grpc-timeout` header (`100m`, `5S`...),
/// when it sent one that parses.
fn deadline(metadata: &MetadataMap, from: Instant) -> Option<Instant> {
    let value = metadata.get("grpc-timeout")?.to_str().ok()?;
    let digits = value.get(..value.len().checked_sub(1)?)?;
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    let timeout = match value.as_bytes()[value.len() - 1] {
        b'H' => Duration::from_secs(n.checked_mul(3600)?),
        b'M' => Duration::from_secs(n.checked_mul(60)?),
        b'S' => Duration::from_secs(n),
        b'm' => Duration::from_millis(n),
        b'u' => Duration::from_micros(n),
        b'n' => Duration::from_nanos(n),
        _ => return None,
    };
    from.checked_add(timeout)
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// Ends a response stream with DEADLINE_EXCEEDED when its deadline passes;
/// dropping the rest drops the work not yet started.
struct WithDeadline<T> {
    inner: BoxStream<T>,
    sleep: Pin<Box<tokio::time::Sleep>>,
    done: bool,
}

/// `out`, ended at `deadline` if there is one.
fn with_deadline<T: Send + 'static>(out: BoxStream<T>, deadline: Option<Instant>) -> BoxStream<T> {
    match deadline {
        None => out,
        Some(at) => Box::pin(WithDeadline {
            inner: out,
            sleep: Box::pin(tokio::time::sleep_until(at.into())),
            done: false,
        }),
    }
}

impl<T> Stream for WithDeadline<T> {
    type Item = Result<T, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
            Poll::Ready(item) => Poll::Ready(item),
            Poll::Pending => match self.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    self.done = true;
                    Poll::Ready(Some(Err(Status::deadline_exceeded(
                        "the call's deadline passed; what was not yet answered was dropped",
                    ))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

#[tonic::async_trait]
impl TextAnalysisService for MatnService {
    async fn analyze(
        &self,
        request: Request<pb::AnalyzeRequest>,
    ) -> Result<Response<pb::AnalyzeResponse>, Status> {
        let _call = self.admit()?;
        let id = request_id(&request);
        let req = request.into_inner();
        let size = doc_size(req.document.as_ref());
        self.metrics.add_bytes(Method::ANALYZE, size);
        self.run(size, &id, move |e| e.analyze(&req))
            .await
            .map(Response::new)
    }

    type AnalyzeStreamStream = BoxStream<pb::AnalyzeStreamResponse>;

    async fn analyze_stream(
        &self,
        request: Request<Streaming<pb::AnalyzeStreamRequest>>,
    ) -> Result<Response<Self::AnalyzeStreamStream>, Status> {
        let call = self.admit_stream()?;
        let started = Instant::now();
        let deadline = deadline(request.metadata(), started);
        let id: Arc<str> = request_id(&request).into();
        let mut inbound = self.inbound(request);
        let service = self.clone();
        // The first message may hold the stream's options, alone or with a
        // document. It is read by the response stream, not here: a client may
        // wait for the response headers before it sends anything.
        // The stream holds its call's permit until its summary is sent or it
        // is dropped.
        let answers = async move {
            let first = match inbound.next().await.transpose() {
                Ok(first) => first,
                Err(status) => return Box::pin(stream::iter([Err(status)])) as BoxStream<_>,
            };
            let in_order = first
                .as_ref()
                .and_then(|m| m.options.as_ref())
                .is_some_and(|o| o.in_order);
            let first =
                first.filter(|m| !(m.options.is_some() && m.id.is_empty() && m.request.is_none()));
            let totals = Arc::new(Totals::default());
            let counts = totals.clone();
            let in_flight = service.engine.limits().stream_max_in_flight;
            // Documents taken and not yet answered: the stream is not idle
            // while its client waits for them.
            let pending = Arc::new(AtomicUsize::new(0));
            let inbound = inbound.with_pending(pending.clone());
            let answers = stream::iter(first.map(|m| Ok((true, m))))
                .chain(inbound.map(|item| item.map(|m| (false, m))))
                .map(move |item| {
                    let service = service.clone();
                    let totals = counts.clone();
                    let id = id.clone();
                    let pending = pending.clone();
                    async move {
                        let (first, req) = item?;
                        pending.fetch_add(1, Ordering::AcqRel);
                        let answer = service.stream_document(req, first, &totals, &id).await;
                        pending.fetch_sub(1, Ordering::AcqRel);
                        Ok(answer)
                    }
                });
            // At most `in_flight` documents are read ahead of the responses
            // sent: once that many are pending, the inbound stream is not
            // polled and HTTP/2 flow control holds the client back.
            let answers: BoxStream<pb::AnalyzeStreamResponse> = if in_order {
                Box::pin(answers.buffered(in_flight))
            } else {
                Box::pin(answers.buffer_unordered(in_flight))
            };
            let summary = stream::once(async move {
                drop(call);
                Ok(totals.summary(started))
            });
            Box::pin(answers.chain(summary)) as BoxStream<_>
        };
        let out: BoxStream<pb::AnalyzeStreamResponse> = Box::pin(stream::once(answers).flatten());
        Ok(Response::new(with_deadline(out, deadline)))
    }

    type StreamTextStream = BoxStream<pb::StreamTextResponse>;

    async fn stream_text(
        &self,
        request: Request<Streaming<pb::StreamTextRequest>>,
    ) -> Result<Response<Self::StreamTextStream>, Status> {
        let permit = self.admit_stream()?;
        let deadline = deadline(request.metadata(), Instant::now());
        let request_id = request_id(&request);
        let call = TextCall {
            _call: permit,
            service: self.clone(),
            inbound: self.inbound(request),
            text: None,
            rest: String::new(),
            ready: VecDeque::new(),
            done: false,
            request_id,
        };
        // One message is read after the answers of the one before are sent:
        // a client that stops reading stops the reading of its text.
        let out: BoxStream<pb::StreamTextResponse> =
            Box::pin(stream::unfold(call, |mut call| async {
                let item = call.next().await?;
                Some((item, call))
            }));
        Ok(Response::new(with_deadline(out, deadline)))
    }

    async fn normalize(
        &self,
        request: Request<pb::NormalizeRequest>,
    ) -> Result<Response<pb::NormalizeResponse>, Status> {
        let _call = self.admit()?;
        let id = request_id(&request);
        let req = request.into_inner();
        let size = doc_size(req.document.as_ref());
        self.metrics.add_bytes(Method::NORMALIZE, size);
        self.run(size, &id, move |e| e.normalize(&req))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeout_headers_parse_to_deadlines() {
        let now = Instant::now();
        for (header, want) in [
            ("100m", Some(Duration::from_millis(100))),
            ("5S", Some(Duration::from_secs(5))),
            ("2M", Some(Duration::from_secs(120))),
            ("1H", Some(Duration::from_secs(3600))),
            ("250u", Some(Duration::from_micros(250))),
            ("7n", Some(Duration::from_nanos(7))),
            ("123456789S", None),
            ("S", None),
            ("10x", None),
            ("-1S", None),
            ("", None),
        ] {
            let mut m = MetadataMap::new();
            m.insert("grpc-timeout", header.parse().expect("ascii"));
            assert_eq!(deadline(&m, now), want.map(|d| now + d), "{header:?}");
        }
        assert_eq!(deadline(&MetadataMap::new(), now), None);
    }
}
