//! `matn`: the server and the local commands in one binary.

use clap::Parser;
use matn::cli::{self, Command as Local};
use matn::config::{Cli, Command, LogFormat, ServeArgs, Settings};
use std::process::ExitCode;

fn init_logging(format: LogFormat, filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    // Large documents run on the blocking pool: bound it to a few threads per core
    // so a burst of them queues instead of multiplying threads and memory.
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(matn::api::cores() * 4)
        .build()
}

fn serve(args: &ServeArgs) -> ExitCode {
    let settings = match Settings::from_args(args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("matn: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(settings.log_format, &settings.log);
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("matn: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(matn::server::run(settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server failed");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        None => serve(&cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Normalize(args)) => {
            ExitCode::from(cli::run_local(Local::Normalize(args)) as u8)
        }
        Some(Command::Analyze(args)) => ExitCode::from(cli::run_local(Local::Analyze(args)) as u8),
        Some(Command::Health(args)) => match runtime() {
            Ok(rt) => ExitCode::from(rt.block_on(cli::health(args)) as u8),
            Err(e) => {
                eprintln!("matn: cannot start the runtime: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
