//! A client stream that ends when its client goes quiet: no message for
//! `--stream-idle-timeout` while the server waits for one, and no answer
//! still being made, ends the call with DEADLINE_EXCEEDED, so a stream that
//! sends nothing cannot hold its place (and its call permit) for ever.

use futures_util::Stream;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};
use tonic::Status;

/// `inner`, ended with DEADLINE_EXCEEDED when a message takes longer than
/// `limit` to come. The clock runs only while the server waits for a
/// message: a stream the server has stopped reading (its answers are not
/// sent yet) is not idle.
pub struct IdleLimited<S> {
    inner: S,
    limit: Option<Duration>,
    /// Set while a message is awaited.
    timer: Option<Pin<Box<Sleep>>>,
    /// Messages taken and not yet answered: while there are any, the stream
    /// is not idle (its client waits for the answers).
    pending: Option<Arc<AtomicUsize>>,
    done: bool,
}

impl<S> IdleLimited<S> {
    /// `limit`: `None` waits for ever.
    pub fn new(inner: S, limit: Option<Duration>) -> Self {
        IdleLimited {
            inner,
            limit,
            timer: None,
            pending: None,
            done: false,
        }
    }

    /// Not idle while `pending` (messages taken and not yet answered) is
    /// above 0: the clock starts again from then.
    pub fn with_pending(mut self, pending: Arc<AtomicUsize>) -> Self {
        self.pending = Some(pending);
        self
    }

    fn busy(&self) -> bool {
        self.pending
            .as_ref()
            .is_some_and(|p| p.load(Ordering::Acquire) > 0)
    }
}

/// The status of a stream whose client sent nothing for `limit`.
pub fn idle_status(limit: Duration) -> Status {
    Status::deadline_exceeded(format!(
        "no message from the client for {limit:?} (the server's --stream-idle-timeout); \
         the stream is ended and its place freed"
    ))
}

impl<S, T> Stream for IdleLimited<S>
where
    S: Stream<Item = Result<T, Status>> + Unpin,
{
    type Item = Result<T, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(item) => {
                this.timer = None;
                this.done = item.is_none();
                Poll::Ready(item)
            }
            Poll::Pending => {
                let Some(limit) = this.limit else {
                    return Poll::Pending;
                };
                loop {
                    let busy = this.busy();
                    let timer = this.timer.get_or_insert_with(|| {
                        Box::pin(tokio::time::sleep_until(Instant::now() + limit))
                    });
                    if timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    if !busy {
                        this.done = true;
                        return Poll::Ready(Some(Err(idle_status(limit))));
                    }
                    // Answers are still being made: the client waits for
                    // them and is not idle. Look again a whole limit later.
                    timer.as_mut().reset(Instant::now() + limit);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[tokio::test(start_paused = true)]
    async fn a_quiet_stream_ends_and_a_chatty_one_does_not() {
        let limit = Duration::from_secs(60);
        // A message every 50 s: never idle for 60.
        let chatty = futures_util::stream::unfold(0, |n| async move {
            if n == 3 {
                return None;
            }
            tokio::time::sleep(Duration::from_secs(50)).await;
            Some((Ok::<_, Status>(n), n + 1))
        });
        let got: Vec<_> = IdleLimited::new(Box::pin(chatty), Some(limit))
            .collect()
            .await;
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(Result::is_ok));

        let quiet = futures_util::stream::pending::<Result<u8, Status>>();
        let started = Instant::now();
        let mut s = IdleLimited::new(quiet, Some(limit));
        let end = s.next().await.expect("an item").expect_err("an error");
        assert_eq!(end.code(), tonic::Code::DeadlineExceeded);
        assert_eq!(started.elapsed(), limit);
        assert!(s.next().await.is_none(), "nothing after the status");
    }
}
