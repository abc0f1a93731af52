//! Client connections: how many may be open, how long a new one has to
//! speak, and how long one may stay open with no call.
//!
//! Every accepted TCP connection is wrapped in a [`Connection`], which
//! - is closed at once when `--max-connections` are open (counted in
//!   `matn_connections_refused_total`);
//! - ends when the client has not sent the 24-byte HTTP/2 preface within the
//!   handshake timeout (a client that says nothing, or one byte a second);
//! - ends when no call has been open on it for the idle timeout. Keepalive
//!   pings do not count as calls.
//!
//! The connection's [`Calls`] reach every request on it as its connect info
//! ([`ConnectionInfo`]): the gate counts calls there, for the idle timeout
//! and the per-connection limit, with no table of connections to look up.
//!
//! A connection ends by reading end-of-file: the server then drops it as
//! it would one the client closed.

use crate::server::metrics::Metrics;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};
use tonic::transport::server::Connected;

/// The bytes every HTTP/2 client sends first.
const PREFACE_LEN: usize = 24;

/// The limits on connections and the connections open.
pub struct Registry {
    metrics: Arc<Metrics>,
    max_connections: usize,
    handshake_timeout: Duration,
    idle_timeout: Option<Duration>,
    open: AtomicUsize,
}

/// The calls of one connection, shared by the connection (which closes
/// itself once they have been over long enough) and the gate (which counts
/// them).
#[derive(Debug)]
pub struct Calls {
    /// Calls open.
    open: AtomicUsize,
    /// Calls counted against the per-connection limit.
    counted: AtomicUsize,
    /// When the last call ended (or the connection opened).
    quiet_since: Mutex<Instant>,
}

impl Calls {
    fn new() -> Calls {
        Calls {
            open: AtomicUsize::new(0),
            counted: AtomicUsize::new(0),
            quiet_since: Mutex::new(Instant::now()),
        }
    }

    /// A call started.
    pub fn started(&self) {
        self.open.fetch_add(1, Ordering::AcqRel);
    }

    /// A call ended.
    pub fn ended(&self) {
        *self.quiet_since.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
        self.open.fetch_sub(1, Ordering::AcqRel);
    }

    /// Counts a call against `limit`; `false` (nothing counted) when `limit`
    /// calls are counted already.
    pub fn enter_counted(&self, limit: usize) -> bool {
        self.counted
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < limit).then_some(n + 1)
            })
            .is_ok()
    }

    /// A counted call ended.
    pub fn leave_counted(&self) {
        self.counted.fetch_sub(1, Ordering::AcqRel);
    }
}

/// What every request on a [`Connection`] carries in its extensions (with
/// TLS, inside `TlsConnectInfo`).
#[derive(Clone, Debug)]
pub struct ConnectionInfo {
    pub calls: Arc<Calls>,
}

impl Registry {
    pub fn new(
        metrics: Arc<Metrics>,
        max_connections: usize,
        handshake_timeout: Duration,
        idle_timeout: Option<Duration>,
    ) -> Registry {
        Registry {
            metrics,
            max_connections,
            handshake_timeout,
            idle_timeout,
            open: AtomicUsize::new(0),
        }
    }

    /// Wraps an accepted connection, or `None` (and the connection is
    /// dropped, which closes it) when the limit is reached.
    pub fn admit(self: &Arc<Self>, io: TcpStream) -> Option<Connection> {
        let admitted = self
            .open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max_connections).then_some(n + 1)
            })
            .is_ok();
        if !admitted {
            // Counted, not logged: a flood would flood the log too.
            self.metrics.connection_refused();
            return None;
        }
        self.metrics.connection_opened();
        Some(Connection {
            remote: io.peer_addr().ok(),
            io,
            registry: self.clone(),
            calls: Arc::new(Calls::new()),
            preface_left: PREFACE_LEN,
            handshake_by: Instant::now() + self.handshake_timeout,
            timer: None,
        })
    }
}

/// An accepted connection under the [`Registry`]'s limits.
pub struct Connection {
    io: TcpStream,
    registry: Arc<Registry>,
    /// For the log.
    remote: Option<SocketAddr>,
    calls: Arc<Calls>,
    /// Bytes of the HTTP/2 preface not yet received.
    preface_left: usize,
    handshake_by: Instant,
    /// Wakes the connection when it must next check its clocks.
    timer: Option<Pin<Box<Sleep>>>,
}

/// Why a connection is over, if it is.
enum Check {
    /// Check again at this time.
    Until(Instant),
    /// Keep it open; nothing to check.
    Never,
    Close(&'static str),
}

impl Connection {
    fn check(&self, now: Instant) -> Check {
        if self.preface_left > 0 {
            return if now >= self.handshake_by {
                Check::Close("no HTTP/2 preface within --handshake-timeout")
            } else {
                Check::Until(self.handshake_by)
            };
        }
        let Some(idle) = self.registry.idle_timeout else {
            return Check::Never;
        };
        if self.calls.open.load(Ordering::Acquire) > 0 {
            // Looked at again later: the last call may end meanwhile.
            return Check::Until(now + idle);
        }
        let quiet_since = *self
            .calls
            .quiet_since
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if now >= quiet_since + idle {
            Check::Close("no call for --idle-connection-timeout")
        } else {
            Check::Until(quiet_since + idle)
        }
    }

    /// Polls the clock: `Ready` when the connection is over.
    fn poll_clock(&mut self, cx: &mut Context<'_>) -> Poll<&'static str> {
        loop {
            match self.check(Instant::now()) {
                Check::Close(why) => return Poll::Ready(why),
                Check::Never => {
                    self.timer = None;
                    return Poll::Pending;
                }
                Check::Until(at) => {
                    let timer = self
                        .timer
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(at)));
                    // A timer still to fire no later than `at` wakes the
                    // connection in time to look again: only a fired or a
                    // later one is set anew (not on every read of a busy
                    // connection).
                    if timer.is_elapsed() || timer.deadline() > at {
                        timer.as_mut().reset(at);
                    }
                    if timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                }
            }
        }
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let read = buf.filled().len() - before;
                self.preface_left = self.preface_left.saturating_sub(read);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match self.poll_clock(cx) {
                Poll::Ready(why) => {
                    tracing::debug!(remote = ?self.remote, why, "closing a connection");
                    // End of file: the connection is dropped as a closed one.
                    Poll::Ready(Ok(()))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

impl Connected for Connection {
    type ConnectInfo = ConnectionInfo;

    fn connect_info(&self) -> ConnectionInfo {
        ConnectionInfo {
            calls: self.calls.clone(),
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.registry.open.fetch_sub(1, Ordering::AcqRel);
        self.registry.metrics.connection_closed();
    }
}
