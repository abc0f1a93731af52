//! Command line and `MATN_*` environment → one validated [`Settings`].

use crate::api::Limits;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::time::Duration;

/// matn: Persian text normalization and analysis over gRPC.
#[derive(Debug, Parser)]
#[command(name = "matn", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Server options (for `matn` without a subcommand, which serves).
    #[command(flatten)]
    pub serve: ServeArgs,
}

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the gRPC server (the default).
    Serve(ServeArgs),
    /// Normalize text from a file or stdin and print proto3 JSON.
    Normalize(NormalizeArgs),
    /// Analyze text from a file or stdin and print proto3 JSON.
    Analyze(AnalyzeArgs),
    /// Ask a server whether it is SERVING (exit 0) or not (exit 1).
    Health(HealthArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on, `host:port`: an IPv4 or IPv6 address
    /// (`0.0.0.0:50051`, `[::]:50051`) or a host name (`localhost:50051`).
    #[arg(long, env = "MATN_LISTEN", default_value = "127.0.0.1:50051", value_parser = parse_listen)]
    pub listen: String,
    /// Largest accepted document, in UTF-8 bytes.
    #[arg(long, env = "MATN_MAX_DOCUMENT_BYTES", default_value_t = 1 << 20)]
    pub max_document_bytes: usize,
    /// Documents of one AnalyzeStream read ahead of the responses sent.
    #[arg(long, env = "MATN_STREAM_MAX_IN_FLIGHT", default_value_t = 16)]
    pub stream_max_in_flight: usize,
    /// Documents analyzed at once by the whole server; 0: one per core.
    #[arg(long, env = "MATN_WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// Unary calls in flight at once, server-wide; past it a call is refused
    /// at once with RESOURCE_EXHAUSTED. 0: 32 per worker.
    #[arg(long, env = "MATN_MAX_IN_FLIGHT", default_value_t = 0)]
    pub max_in_flight: usize,
    /// Open AnalyzeStream and StreamText calls at once, server-wide, counted
    /// apart from unary calls; past it RESOURCE_EXHAUSTED. 0: 16 per worker.
    #[arg(long, env = "MATN_MAX_STREAMS", default_value_t = 0)]
    pub max_streams: usize,
    /// A stream whose client sends no message for this long, while the server
    /// waits for one, ends with DEADLINE_EXCEEDED and frees its place (`0`:
    /// never).
    #[arg(long, env = "MATN_STREAM_IDLE_TIMEOUT", default_value = "60s", value_parser = parse_duration)]
    pub stream_idle_timeout: Duration,
    /// Health/Watch and server reflection streams open at once, server-wide;
    /// past it RESOURCE_EXHAUSTED.
    #[arg(long, env = "MATN_MAX_WATCH_STREAMS", default_value_t = 128)]
    pub max_watch_streams: usize,
    /// HTTP/2 streams (calls) one connection may have open at once,
    /// advertised as SETTINGS_MAX_CONCURRENT_STREAMS.
    #[arg(long, env = "MATN_MAX_CONCURRENT_STREAMS", default_value_t = 100)]
    pub max_concurrent_streams: u32,
    /// Bytes the memos of word facts (ZWNJ profiles, lemma readings, NER
    /// scores) may hold, all threads together; past it they start over.
    #[arg(long, env = "MATN_CACHE_BYTES", default_value_t = crate::text::memo_budget::DEFAULT_LIMIT)]
    pub cache_bytes: usize,
    /// Client connections open at once; past it a new connection is closed
    /// as soon as it is accepted.
    #[arg(long, env = "MATN_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Time a new connection has to send the HTTP/2 preface (with TLS: to
    /// finish its handshake); past it, it is closed.
    #[arg(long, env = "MATN_HANDSHAKE_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub handshake_timeout: Duration,
    /// A connection with no call open for this long is closed; clients
    /// reconnect on their next call (`0`: never).
    #[arg(long, env = "MATN_IDLE_CONNECTION_TIMEOUT", default_value = "5m", value_parser = parse_duration)]
    pub idle_connection_timeout: Duration,
    /// Counted calls one client connection may have in flight (unary
    /// Analyze/Normalize and open streams); past it RESOURCE_EXHAUSTED. 0: only
    /// the server-wide --max-in-flight applies.
    #[arg(long, env = "MATN_MAX_IN_FLIGHT_PER_CONNECTION", default_value_t = 0)]
    pub max_in_flight_per_connection: usize,
    /// Longest a unary Analyze or Normalize may run (`30s`, `500ms`, `2m`; `0`:
    /// none), past it DEADLINE_EXCEEDED. Streams are bounded by their clients'
    /// deadlines.
    #[arg(long, env = "MATN_REQUEST_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub request_timeout: Duration,
    /// Interval of HTTP/2 keepalive pings to idle clients (`0`: none).
    #[arg(long, env = "MATN_KEEPALIVE_INTERVAL", default_value = "60s", value_parser = parse_duration)]
    pub keepalive_interval: Duration,
    /// How long a keepalive ping may go unanswered before the connection is
    /// closed.
    #[arg(long, env = "MATN_KEEPALIVE_TIMEOUT", default_value = "20s", value_parser = parse_duration)]
    pub keepalive_timeout: Duration,
    /// Age after which a connection is asked to go away (GOAWAY), so that
    /// long-lived clients reconnect and spread over replicas (`0`: never).
    #[arg(long, env = "MATN_MAX_CONNECTION_AGE", default_value = "0", value_parser = parse_duration)]
    pub max_connection_age: Duration,
    /// Time calls on an aged connection get to finish before it is closed.
    #[arg(long, env = "MATN_MAX_CONNECTION_AGE_GRACE", default_value = "30s", value_parser = parse_duration)]
    pub max_connection_age_grace: Duration,
    /// Browser origins allowed to call over gRPC-Web, comma-separated
    /// (`https://app.example`); none by default: only same-origin pages and
    /// clients that are not browsers.
    #[arg(long, env = "MATN_CORS_ORIGINS", default_value = "", value_parser = parse_origins)]
    pub cors_origins: Origins,
    /// Do not serve gRPC server reflection (clients then need the .proto).
    #[arg(long, env = "MATN_NO_REFLECTION")]
    pub no_reflection: bool,
    /// Do not serve the playground page at `GET /` (its paths answer 404).
    #[arg(long, env = "MATN_NO_PLAYGROUND")]
    pub no_playground: bool,
    /// File of accepted bearer tokens, one per line (blank lines and lines
    /// starting with `#` are skipped). Calls other than health checks then
    /// need `authorization: Bearer <token>`.
    #[arg(long, env = "MATN_AUTH_TOKENS_FILE")]
    pub auth_tokens_file: Option<std::path::PathBuf>,
    /// Accepted bearer tokens, comma-separated (added to --auth-tokens-file).
    #[arg(long, env = "MATN_AUTH_TOKENS", hide_env_values = true)]
    pub auth_tokens: Option<String>,
    /// TLS certificate chain (PEM); with --tls-key, the server speaks TLS only.
    #[arg(long, env = "MATN_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, env = "MATN_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,
    /// CA certificates (PEM) that client certificates must chain to: clients
    /// without one are refused (mTLS). Needs --tls-cert.
    #[arg(long, env = "MATN_TLS_CLIENT_CA", requires = "tls_cert")]
    pub tls_client_ca: Option<std::path::PathBuf>,
    /// Address for Prometheus metrics over HTTP at `/metrics`; none when absent.
    #[arg(long, env = "MATN_METRICS_LISTEN", value_parser = parse_listen)]
    pub metrics_listen: Option<String>,
    /// Seconds to let in-flight calls finish after SIGTERM/SIGINT.
    #[arg(long, env = "MATN_SHUTDOWN_GRACE_SECONDS", default_value_t = 30)]
    pub shutdown_grace_seconds: u64,
    /// Log format.
    #[arg(long, env = "MATN_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// Log filter (tracing EnvFilter syntax: `info`, `matn=debug`).
    #[arg(long, env = "MATN_LOG", default_value = "info")]
    pub log: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OffsetEncodingArg {
    Utf8,
    Utf16,
    CodePoint,
}

/// What `matn normalize` and `matn analyze` both take: where the text comes
/// from, how results are written, and how batches run.
#[derive(Debug, Clone, Args)]
pub struct LocalArgs {
    /// Input file; stdin when absent or `-`.
    pub file: Option<std::path::PathBuf>,
    /// Batch mode: one `{"id","text"}` JSON object per input line, one result
    /// per output line in input order, each written once it and those before
    /// it are done; a line that fails gets `{"id","error"}` and the run goes
    /// on (exit 1 when any line failed).
    #[arg(long)]
    pub jsonl: bool,
    /// Print one JSON object per line instead of pretty JSON (single-document mode).
    #[arg(long)]
    pub compact: bool,
    /// Threads that process `--jsonl` lines (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub workers: usize,
    /// A progress line on stderr in `--jsonl` mode (documents, MB, MB/s, and
    /// the time left when the input's size is known); on by default when
    /// stderr is a terminal.
    #[arg(long)]
    pub progress: bool,
}

/// `matn normalize`.
#[derive(Debug, Clone, Args)]
pub struct NormalizeArgs {
    #[command(flatten)]
    pub local: LocalArgs,
    #[command(flatten)]
    pub normalization: NormalizationArgs,
    /// Include the normalization edits.
    #[arg(long)]
    pub edits: bool,
}

/// `matn analyze`.
#[derive(Debug, Clone, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub local: LocalArgs,
    /// Analyze one long text sentence by sentence, as the StreamText call
    /// does: the input is read in pieces and each sentence's analysis is
    /// printed as one JSON line (a StreamTextResponse) once it is final, so
    /// memory stays bounded whatever the input's size.
    #[arg(long, conflicts_with_all = ["jsonl", "compact"])]
    pub stream: bool,
    #[command(flatten)]
    pub normalization: NormalizationArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// The options of a Normalize request (and the same of an Analyze request),
/// as flags; unset flags leave the server's defaults.
#[derive(Debug, Clone, Args)]
pub struct NormalizationArgs {
    /// Unit of reported offsets.
    #[arg(long, value_enum, default_value = "utf8")]
    pub offset_encoding: OffsetEncodingArg,
    /// The document's BCP-47 language (`fa`, `ar`, `en`); detected when absent.
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
    /// Normalization preset.
    #[arg(long, value_enum)]
    pub preset: Option<PresetArg>,
    /// Digits of the normalized text (default: the preset's).
    #[arg(long, value_enum)]
    pub digits: Option<DigitsArg>,
    /// How the ezafe heh-with-hamza is written.
    #[arg(long, value_enum)]
    pub heh_hamza: Option<HehHamzaArg>,
    /// How the ZWNJ step writes comparatives and superlatives.
    #[arg(long, value_enum)]
    pub comparative_style: Option<ComparativeArg>,
    /// Normalization steps to run whatever the preset says (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STEPS")]
    pub enable: Vec<StepArg>,
    /// Normalization steps not to run (comma-separated); wins over --enable.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STEPS")]
    pub disable: Vec<StepArg>,
}

/// The options only an Analyze request has, as flags.
#[derive(Debug, Clone, Args)]
pub struct AnalysisArgs {
    /// What to compute and return (comma-separated); all when absent.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FEATURES")]
    pub features: Option<Vec<FeatureArg>>,
    /// Token lemmas as verb stem pairs (`lemma`) or single stems (`stem`).
    #[arg(long, value_enum, default_value = "lemma")]
    pub lemma_style: LemmaStyleArg,
    /// `؛` and `;` end sentences too.
    #[arg(long)]
    pub split_at_semicolon: bool,
    /// Most keywords returned (0: the default, 10; at most 100).
    #[arg(long, default_value_t = 0)]
    pub max_keywords: u32,
    /// The document's date (`2023-11-06`), which resolves relative dates.
    #[arg(long, value_name = "DATE")]
    pub document_date: Option<String>,
}

/// `--preset` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    Standard,
    Minimal,
}

/// `--digits` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigitsArg {
    Persian,
    Latin,
    Keep,
}

/// `--heh-hamza` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HehHamzaArg {
    Keep,
    Composed,
    Decomposed,
}

/// `--comparative-style` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ComparativeArg {
    Frequency,
    Zwnj,
    Glued,
}

/// Normalization steps and halves of steps that a request can switch
/// (`--enable`, `--disable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StepArg {
    Unicode,
    Letters,
    Diacritics,
    Invisible,
    Whitespace,
    Punctuation,
    Spacing,
    Zwnj,
    ZwnjGlued,
    ZwnjSpaced,
}

/// `--features` values: the fields of the request's `Features`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FeatureArg {
    Normalize,
    Sentences,
    Tokens,
    Lemmas,
    Entities,
    Keywords,
    Quotes,
    Attributions,
    Edits,
}

/// `--lemma-style` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LemmaStyleArg {
    Lemma,
    Stem,
}

#[derive(Debug, Clone, Args)]
pub struct HealthArgs {
    /// Server address, e.g. `http://127.0.0.1:50051` or `127.0.0.1:50051`.
    #[arg(
        long,
        env = "MATN_HEALTH_ADDR",
        default_value = "http://127.0.0.1:50051"
    )]
    pub addr: String,
    /// Service to check; empty for the whole server.
    #[arg(long, default_value = "")]
    pub service: String,
    /// Seconds before giving up.
    #[arg(long, default_value_t = 3)]
    pub timeout_seconds: u64,
    /// CA certificate (PEM) to trust for an `https://` address.
    #[arg(long, env = "MATN_HEALTH_TLS_CA")]
    pub tls_ca: Option<std::path::PathBuf>,
    /// Name the server's certificate must carry, when not the address's host.
    #[arg(long, env = "MATN_HEALTH_TLS_DOMAIN")]
    pub tls_domain: Option<String>,
}

/// An address to listen on: `host:port`, the host an IPv4 address, an IPv6
/// address in brackets or a name (resolved when the server binds).
pub fn parse_listen(s: &str) -> Result<String, String> {
    let s = s.trim();
    let (host, port) = s
        .rsplit_once(':')
        .ok_or_else(|| format!("{s:?} is not host:port (such as 127.0.0.1:50051)"))?;
    port.parse::<u16>()
        .map_err(|_| format!("{s:?}: the port must be a number from 0 to 65535"))?;
    let ipv6 = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .is_some_and(|h| h.parse::<std::net::Ipv6Addr>().is_ok());
    let name = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
    if !ipv6 && !name {
        return Err(format!(
            "{s:?}: the host must be an address or a name ([::] for IPv6 addresses)"
        ));
    }
    Ok(s.to_string())
}

/// A duration written `500ms`, `30s`, `2m`, `1h`, or a bare number of
/// seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 500ms, 30s, 2m or 1h"))?;
    let d = match unit {
        "ms" => Duration::from_millis(n),
        "" | "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        "h" => Duration::from_secs(n.saturating_mul(3600)),
        _ => return Err(format!("{s:?} is not a duration like 500ms, 30s, 2m or 1h")),
    };
    if d > Duration::from_secs(365 * 24 * 3600) {
        return Err(format!("{s:?} is longer than a year"));
    }
    Ok(d)
}

/// `Some(d)` unless `d` is zero (off).
fn nonzero(d: Duration) -> Option<Duration> {
    (!d.is_zero()).then_some(d)
}

/// Certificate and key files for TLS, read at startup.
#[derive(Debug, Clone)]
pub struct Tls {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
    /// When set, clients must present a certificate that chains to it.
    pub client_ca_pem: Option<Vec<u8>>,
}

/// Validated server settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `host:port` to bind.
    pub listen: String,
    pub limits: Limits,
    /// Health/Watch and reflection streams open at once, server-wide.
    pub max_watch_streams: usize,
    /// Client connections open at once.
    pub max_connections: usize,
    /// Bytes the memos of all threads may hold.
    pub cache_bytes: usize,
    /// Time a connection has to send the HTTP/2 preface.
    pub handshake_timeout: Duration,
    pub keepalive_interval: Option<Duration>,
    pub keepalive_timeout: Duration,
    pub max_connection_age: Option<Duration>,
    pub max_connection_age_grace: Duration,
    /// Serve gRPC server reflection (v1 and v1alpha).
    pub reflection: bool,
    /// Serve the playground page at `GET /`.
    pub playground: bool,
    /// Origins allowed to call over gRPC-Web from a browser.
    pub cors_origins: Vec<String>,
    /// Accepted bearer tokens; empty: no auth.
    pub auth_tokens: Vec<String>,
    pub tls: Option<Tls>,
    /// `host:port` to serve metrics on.
    pub metrics_listen: Option<String>,
    pub shutdown_grace: Duration,
    pub log_format: LogFormat,
    pub log: String,
    /// A fault injected into the analysis, for tests of containment; never
    /// set from flags or the environment.
    pub fault: Option<crate::api::Fault>,
}

/// `--cors-origins`: browser origins, each `http://` or `https://` and a
/// host with an optional port, nothing after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins(pub Vec<String>);

fn parse_origins(s: &str) -> Result<Origins, String> {
    let mut out = Vec::new();
    for origin in s.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"))
            .ok_or_else(|| format!("origin {origin:?} must start with http:// or https://"))?;
        let valid = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !valid {
            return Err(format!(
                "origin {origin:?} must be a scheme and a host[:port], with no path"
            ));
        }
        out.push(origin.to_string());
    }
    Ok(Origins(out))
}

/// Room for the protobuf framing around a document of the maximum size.
const MESSAGE_OVERHEAD: usize = 64 << 10;

/// A server setting that cannot be used; the message names the flag.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A number outside its range; `zero` says what 0 means where it is
    /// allowed and means more than itself (` (one per core)`).
    #[error("{flag} must be between {min}{zero} and {max} (got {value})")]
    OutOfRange {
        flag: &'static str,
        min: usize,
        zero: &'static str,
        max: usize,
        value: usize,
    },
    #[error("{flag} must be more than 0")]
    Zero { flag: &'static str },
    #[error("{flag} {}: {source}", path.display())]
    Read {
        flag: &'static str,
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{flag} {}: not UTF-8", path.display())]
    NotUtf8 {
        flag: &'static str,
        path: std::path::PathBuf,
    },
    #[error("--auth-tokens-file {}: no tokens in it", path.display())]
    NoTokens { path: std::path::PathBuf },
    /// The token at `index` (from 1) has characters other than visible ASCII.
    #[error("auth token {index} has characters other than visible ASCII")]
    BadToken { index: usize },
    #[error("--tls-cert and --tls-key go together")]
    TlsHalf,
}

/// `value` within `min..=max`, or the error naming `flag`.
fn in_range(
    flag: &'static str,
    value: usize,
    (min, zero, max): (usize, &'static str, usize),
) -> Result<(), ConfigError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::OutOfRange {
            flag,
            min,
            zero,
            max,
            value,
        })
    }
}

impl Settings {
    /// Checks the arguments and derives the limits.
    pub fn from_args(a: &ServeArgs) -> Result<Settings, ConfigError> {
        for (flag, value, range) in [
            (
                "--max-document-bytes",
                a.max_document_bytes,
                (1, "", 256 << 20),
            ),
            (
                "--stream-max-in-flight",
                a.stream_max_in_flight,
                (1, "", 4096),
            ),
            ("--workers", a.workers, (0, " (one per core)", 1024)),
            (
                "--max-in-flight",
                a.max_in_flight,
                (0, " (32 per worker)", 1 << 20),
            ),
            (
                "--max-in-flight-per-connection",
                a.max_in_flight_per_connection,
                (0, " (no limit)", 1 << 20),
            ),
            ("--max-streams", a.max_streams, (0, "", 1 << 20)),
            ("--max-watch-streams", a.max_watch_streams, (1, "", 1 << 20)),
            (
                "--max-concurrent-streams",
                a.max_concurrent_streams as usize,
                (1, "", 1 << 20),
            ),
            ("--max-connections", a.max_connections, (1, "", 1 << 20)),
        ] {
            in_range(flag, value, range)?;
        }
        let workers = match a.workers {
            0 => crate::api::default_workers(),
            n => n,
        };
        let read = |flag: &'static str, path: &std::path::Path| {
            std::fs::read(path).map_err(|source| ConfigError::Read {
                flag,
                path: path.to_path_buf(),
                source,
            })
        };
        let mut auth_tokens = Vec::new();
        if let Some(path) = &a.auth_tokens_file {
            let text = read("--auth-tokens-file", path)?;
            let text = String::from_utf8(text).map_err(|_| ConfigError::NotUtf8 {
                flag: "--auth-tokens-file",
                path: path.clone(),
            })?;
            auth_tokens.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from),
            );
            if auth_tokens.is_empty() {
                return Err(ConfigError::NoTokens { path: path.clone() });
            }
        }
        if let Some(list) = &a.auth_tokens {
            auth_tokens.extend(
                list.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from),
            );
        }
        if let Some(bad) = auth_tokens
            .iter()
            .position(|t| !t.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err(ConfigError::BadToken { index: bad + 1 });
        }
        let tls = match (&a.tls_cert, &a.tls_key) {
            (Some(cert), Some(key)) => Some(Tls {
                cert_pem: read("--tls-cert", cert)?,
                key_pem: read("--tls-key", key)?,
                client_ca_pem: match &a.tls_client_ca {
                    Some(ca) => Some(read("--tls-client-ca", ca)?),
                    None => None,
                },
            }),
            (None, None) => None,
            _ => return Err(ConfigError::TlsHalf),
        };
        if a.keepalive_timeout.is_zero() {
            return Err(ConfigError::Zero {
                flag: "--keepalive-timeout",
            });
        }
        if a.handshake_timeout.is_zero() {
            return Err(ConfigError::Zero {
                flag: "--handshake-timeout",
            });
        }
        Ok(Settings {
            listen: a.listen.clone(),
            limits: Limits {
                max_document_bytes: a.max_document_bytes,
                max_message_bytes: a.max_document_bytes + MESSAGE_OVERHEAD,
                stream_max_in_flight: a.stream_max_in_flight,
                workers,
                max_in_flight: match a.max_in_flight {
                    0 => workers * crate::api::CALLS_PER_WORKER,
                    n => n,
                },
                max_in_flight_per_connection: a.max_in_flight_per_connection,
                request_timeout: nonzero(a.request_timeout),
                max_streams: match a.max_streams {
                    0 => workers * crate::api::STREAMS_PER_WORKER,
                    n => n,
                },
                stream_idle_timeout: nonzero(a.stream_idle_timeout),
                max_concurrent_streams: a.max_concurrent_streams,
                idle_connection_timeout: nonzero(a.idle_connection_timeout),
            },
            max_watch_streams: a.max_watch_streams,
            max_connections: a.max_connections,
            cache_bytes: a.cache_bytes,
            handshake_timeout: a.handshake_timeout,
            keepalive_interval: nonzero(a.keepalive_interval),
            keepalive_timeout: a.keepalive_timeout,
            max_connection_age: nonzero(a.max_connection_age),
            max_connection_age_grace: a.max_connection_age_grace,
            reflection: !a.no_reflection,
            playground: !a.no_playground,
            cors_origins: a.cors_origins.0.clone(),
            auth_tokens,
            tls,
            metrics_listen: a.metrics_listen.clone(),
            shutdown_grace: Duration::from_secs(a.shutdown_grace_seconds),
            log_format: a.log_format,
            log: a.log.clone(),
            fault: None,
        })
    }
}

impl Default for Settings {
    /// The settings of `matn serve` without flags, whatever `MATN_*`
    /// variables are set: the defaults are the flags' own, written once in
    /// their attributes above.
    fn default() -> Self {
        use clap::{CommandFactory, FromArgMatches};
        let command = Cli::command().mut_args(|arg| arg.env(None));
        let parsed = command
            .try_get_matches_from(["matn"])
            .and_then(|m| Cli::from_arg_matches(&m))
            .map_err(|e| e.to_string())
            .and_then(|cli| Settings::from_args(&cli.serve).map_err(|e| e.to_string()));
        match parsed {
            Ok(settings) => settings,
            // The flags' defaults are checked by a test; they cannot fail.
            Err(e) => unreachable!("the flags' defaults are invalid: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_flags_own() {
        let defaults = Settings::default();
        let parsed = Settings::from_args(&args(&[])).expect("no flags are valid");
        assert_eq!(format!("{defaults:?}"), format!("{parsed:?}"));
        assert_eq!(defaults.listen, "127.0.0.1:50051");
        assert_eq!(defaults.limits.max_document_bytes, 1 << 20);
        assert_eq!(
            defaults.limits.request_timeout,
            Some(Duration::from_secs(30))
        );
    }

    fn args(extra: &[&str]) -> ServeArgs {
        let mut argv = vec!["matn"];
        argv.extend_from_slice(extra);
        Cli::try_parse_from(argv).expect("parses").serve
    }

    #[test]
    fn limits_on_hostile_clients_have_defaults_and_bounds() {
        let s = Settings::from_args(&args(&[])).expect("valid");
        let l = &s.limits;
        assert_eq!(l.max_streams, l.workers * crate::api::STREAMS_PER_WORKER);
        assert_eq!(l.stream_idle_timeout, Some(Duration::from_secs(60)));
        assert_eq!(l.max_concurrent_streams, 100);
        assert_eq!(l.idle_connection_timeout, Some(Duration::from_secs(300)));
        assert_eq!(s.max_watch_streams, 128);
        assert_eq!(s.max_connections, 1024);
        assert_eq!(s.handshake_timeout, Duration::from_secs(10));
        assert_eq!(s.cache_bytes, crate::text::memo_budget::DEFAULT_LIMIT);
        let s = Settings::from_args(&args(&[
            "--stream-idle-timeout",
            "0",
            "--idle-connection-timeout",
            "0",
            "--max-streams",
            "3",
        ]))
        .expect("valid");
        assert_eq!(s.limits.stream_idle_timeout, None);
        assert_eq!(s.limits.idle_connection_timeout, None);
        assert_eq!(s.limits.max_streams, 3);
        for (flag, value) in [
            ("--handshake-timeout", "0"),
            ("--max-connections", "0"),
            ("--max-watch-streams", "0"),
            ("--max-concurrent-streams", "0"),
            ("--max-streams", "2000000"),
        ] {
            let err = Settings::from_args(&args(&[flag, value]))
                .expect_err(flag)
                .to_string();
            assert!(err.contains(flag), "{flag}: {err}");
        }
    }

    #[test]
    fn cors_origins_are_schemes_and_hosts() {
        assert!(Settings::from_args(&args(&[]))
            .unwrap()
            .cors_origins
            .is_empty());
        let s = Settings::from_args(&args(&[
            "--cors-origins",
            "https://app.example, http://localhost:8080",
        ]))
        .expect("valid");
        assert_eq!(
            s.cors_origins,
            ["https://app.example", "http://localhost:8080"]
        );
        for bad in ["app.example", "https://app.example/", "https://", "*"] {
            let argv = ["matn", "--cors-origins", bad];
            let err = Cli::try_parse_from(argv).expect_err(bad).to_string();
            assert!(err.contains("--cors-origins"), "{bad}: {err}");
        }
    }

    #[test]
    fn listen_addresses_are_host_and_port() {
        for good in [
            "127.0.0.1:50051",
            "[::]:50051",
            "localhost:0",
            "matn-0.matn:50051",
        ] {
            assert_eq!(parse_listen(good).as_deref(), Ok(good), "{good}");
        }
        for bad in [
            "50051",
            "localhost",
            "localhost:port",
            "::1:50051",
            "a b:1",
            ":50051",
        ] {
            assert!(parse_listen(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn workers_default_to_one_per_core_and_are_bounded() {
        let s = Settings::from_args(&args(&[])).expect("valid");
        assert_eq!(s.limits.workers, crate::api::default_workers());
        assert!(s.limits.workers >= 1);
        let s = Settings::from_args(&args(&["--workers", "5"])).expect("valid");
        assert_eq!(s.limits.workers, 5);
        let err = Settings::from_args(&args(&["--workers", "2000"]))
            .expect_err("too many")
            .to_string();
        assert!(err.contains("--workers"), "{err}");
        let err = Settings::from_args(&args(&["--stream-max-in-flight", "0"]))
            .expect_err("zero")
            .to_string();
        assert!(err.contains("--stream-max-in-flight"), "{err}");
    }

    #[test]
    fn durations_take_units_and_zero_turns_a_bound_off() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        for bad in ["", "s", "1.5s", "-1s", "10d", "99999999h"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        let s = Settings::from_args(&args(&[])).expect("valid");
        assert_eq!(s.limits.request_timeout, Some(Duration::from_secs(30)));
        assert_eq!(s.keepalive_interval, Some(Duration::from_secs(60)));
        assert_eq!(s.max_connection_age, None);
        let s = Settings::from_args(&args(&[
            "--request-timeout",
            "0",
            "--max-connection-age",
            "10m",
            "--keepalive-interval",
            "0",
        ]))
        .expect("valid");
        assert_eq!(s.limits.request_timeout, None);
        assert_eq!(s.keepalive_interval, None);
        assert_eq!(s.max_connection_age, Some(Duration::from_secs(600)));
        let err = Settings::from_args(&args(&["--keepalive-timeout", "0"]))
            .expect_err("zero")
            .to_string();
        assert!(err.contains("--keepalive-timeout"), "{err}");
    }

    #[test]
    fn auth_tokens_come_from_a_file_and_a_list() {
        let dir = std::env::temp_dir().join(format!("matn-tokens-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("tokens");
        std::fs::write(&file, "# operators\nalpha-1\n\n  beta-2  \n").expect("write");
        let path = file.to_str().expect("utf-8 path");
        let s = Settings::from_args(&args(&[
            "--auth-tokens-file",
            path,
            "--auth-tokens",
            "gamma-3, delta-4,",
        ]))
        .expect("valid");
        assert_eq!(s.auth_tokens, ["alpha-1", "beta-2", "gamma-3", "delta-4"]);
        std::fs::write(&file, "# none\n\n").expect("write");
        let err = Settings::from_args(&args(&["--auth-tokens-file", path]))
            .expect_err("empty")
            .to_string();
        assert!(err.contains("no tokens"), "{err}");
        let err = Settings::from_args(&args(&["--auth-tokens", "two words"]))
            .expect_err("space")
            .to_string();
        assert!(err.contains("visible ASCII"), "{err}");
        let err = Settings::from_args(&args(&["--auth-tokens-file", "/nonexistent/tokens"]))
            .expect_err("missing file");
        assert!(
            matches!(
                &err,
                ConfigError::Read {
                    flag: "--auth-tokens-file",
                    ..
                }
            ),
            "{err}"
        );
        assert!(Settings::from_args(&args(&[]))
            .expect("valid")
            .auth_tokens
            .is_empty());
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn tls_needs_both_files_and_reads_them_at_start() {
        assert!(Cli::try_parse_from(["matn", "--tls-cert", "c.pem"]).is_err());
        assert!(Cli::try_parse_from(["matn", "--tls-client-ca", "ca.pem"]).is_err());
        let err = Settings::from_args(&args(&[
            "--tls-cert",
            "/nonexistent/c.pem",
            "--tls-key",
            "/nonexistent/k.pem",
        ]))
        .expect_err("missing files")
        .to_string();
        assert!(err.starts_with("--tls-cert /nonexistent/c.pem"), "{err}");
    }

    #[test]
    fn max_in_flight_defaults_to_32_per_worker_and_reflection_can_be_turned_off() {
        let s = Settings::from_args(&args(&["--workers", "3"])).expect("valid");
        assert_eq!(s.limits.max_in_flight, 96);
        assert!(s.reflection);
        let s = Settings::from_args(&args(&["--max-in-flight", "7", "--no-reflection"]))
            .expect("valid");
        assert_eq!(s.limits.max_in_flight, 7);
        assert!(!s.reflection);
        let err = Settings::from_args(&args(&["--max-in-flight", "9999999"]))
            .expect_err("big")
            .to_string();
        assert!(err.contains("--max-in-flight"), "{err}");
    }
}
