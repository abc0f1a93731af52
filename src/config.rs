//! Command line and `MATN_*` environment → one validated [`Settings`].

use crate::api::Limits;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the gRPC server (the default).
    Serve(ServeArgs),
    /// Normalize text from a file or stdin and print proto3 JSON.
    Normalize(LocalArgs),
    /// Analyze text from a file or stdin and print proto3 JSON.
    Analyze(LocalArgs),
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
    /// Address to listen on.
    #[arg(long, env = "MATN_LISTEN", default_value = "127.0.0.1:50051")]
    pub listen: SocketAddr,
    /// Largest accepted document, in UTF-8 bytes.
    #[arg(long, env = "MATN_MAX_DOCUMENT_BYTES", default_value_t = 1 << 20)]
    pub max_document_bytes: usize,
    /// Documents of one AnalyzeStream read ahead of the responses sent.
    #[arg(long, env = "MATN_STREAM_MAX_IN_FLIGHT", default_value_t = 16)]
    pub stream_max_in_flight: usize,
    /// Documents analyzed at once by the whole server; 0: one per core.
    #[arg(long, env = "MATN_WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// Calls in flight at once, server-wide (unary calls and open streams);
    /// past it a call is refused at once with RESOURCE_EXHAUSTED. 0: 32 per
    /// worker.
    #[arg(long, env = "MATN_MAX_IN_FLIGHT", default_value_t = 0)]
    pub max_in_flight: usize,
    /// Do not serve gRPC server reflection (clients then need the .proto).
    #[arg(long, env = "MATN_NO_REFLECTION")]
    pub no_reflection: bool,
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

#[derive(Debug, Clone, Args)]
pub struct LocalArgs {
    /// Input file; stdin when absent or `-`.
    pub file: Option<std::path::PathBuf>,
    /// Batch mode: one `{"id","text"}` JSON object per input line, one result per output line.
    #[arg(long)]
    pub jsonl: bool,
    /// Unit of reported offsets.
    #[arg(long, value_enum, default_value = "utf8")]
    pub offset_encoding: OffsetEncodingArg,
    /// Include normalization edits (normalize only; analyze always includes them).
    #[arg(long)]
    pub edits: bool,
    /// Print one JSON object per line instead of pretty JSON (single-document mode).
    #[arg(long)]
    pub compact: bool,
    /// Analyze only: token lemmas as verb stem pairs (`lemma`) or single stems (`stem`).
    #[arg(long, value_enum, default_value = "lemma")]
    pub lemma_style: LemmaStyleArg,
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
}

/// Validated server settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub limits: Limits,
    /// Serve gRPC server reflection (v1 and v1alpha).
    pub reflection: bool,
    pub shutdown_grace: Duration,
    pub log_format: LogFormat,
    pub log: String,
}

/// Room for the protobuf framing around a document of the maximum size.
const MESSAGE_OVERHEAD: usize = 64 << 10;

impl Settings {
    /// Checks the arguments and derives the limits.
    pub fn from_args(a: &ServeArgs) -> Result<Settings, String> {
        if a.max_document_bytes == 0 || a.max_document_bytes > 256 << 20 {
            return Err(format!(
                "--max-document-bytes must be between 1 and {} (got {})",
                256 << 20,
                a.max_document_bytes
            ));
        }
        if a.stream_max_in_flight == 0 || a.stream_max_in_flight > 4096 {
            return Err(format!(
                "--stream-max-in-flight must be between 1 and 4096 (got {})",
                a.stream_max_in_flight
            ));
        }
        if a.workers > 1024 {
            return Err(format!(
                "--workers must be between 0 (one per core) and 1024 (got {})",
                a.workers
            ));
        }
        if a.max_in_flight > 1 << 20 {
            return Err(format!(
                "--max-in-flight must be between 0 (32 per worker) and {} (got {})",
                1 << 20,
                a.max_in_flight
            ));
        }
        let workers = match a.workers {
            0 => crate::api::default_workers(),
            n => n,
        };
        Ok(Settings {
            listen: a.listen,
            limits: Limits {
                max_document_bytes: a.max_document_bytes,
                max_message_bytes: a.max_document_bytes + MESSAGE_OVERHEAD,
                stream_max_in_flight: a.stream_max_in_flight,
                workers,
                max_in_flight: match a.max_in_flight {
                    0 => workers * crate::api::CALLS_PER_WORKER,
                    n => n,
                },
            },
            reflection: !a.no_reflection,
            shutdown_grace: Duration::from_secs(a.shutdown_grace_seconds),
            log_format: a.log_format,
            log: a.log.clone(),
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 50051)),
            limits: Limits::default(),
            reflection: true,
            shutdown_grace: Duration::from_secs(30),
            log_format: LogFormat::Text,
            log: "info".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> ServeArgs {
        let mut argv = vec!["matn"];
        argv.extend_from_slice(extra);
        Cli::try_parse_from(argv).expect("parses").serve
    }

    #[test]
    fn workers_default_to_one_per_core_and_are_bounded() {
        let s = Settings::from_args(&args(&[])).expect("valid");
        assert_eq!(s.limits.workers, crate::api::default_workers());
        assert!(s.limits.workers >= 1);
        let s = Settings::from_args(&args(&["--workers", "5"])).expect("valid");
        assert_eq!(s.limits.workers, 5);
        let err = Settings::from_args(&args(&["--workers", "2000"])).expect_err("too many");
        assert!(err.contains("--workers"), "{err}");
        let err = Settings::from_args(&args(&["--stream-max-in-flight", "0"])).expect_err("zero");
        assert!(err.contains("--stream-max-in-flight"), "{err}");
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
        let err = Settings::from_args(&args(&["--max-in-flight", "9999999"])).expect_err("big");
        assert!(err.contains("--max-in-flight"), "{err}");
    }
}
