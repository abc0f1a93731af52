//! Local commands: `matn normalize`, `matn analyze` (a file or stdin → proto3
//! JSON, or `--jsonl` batches) and `matn health` (for container health checks).
//!
//! [`request`] turns the flags into the request a client would send, so the
//! same inputs can be tried locally; [`batch`] runs `--jsonl` batches on all
//! cores with results written in order as they are done; [`stream`] answers
//! one long text sentence by sentence (`analyze --stream`).

mod batch;
mod request;
mod stream;

use crate::api::{Engine, Limits};
use crate::config::{AnalyzeArgs, HealthArgs, LocalArgs, NormalizeArgs};
use request::Job;
use serde_json::json;
use std::io::{Read, Write};

/// A local command and its arguments.
#[derive(Clone, Copy, Debug)]
pub enum Command<'a> {
    Normalize(&'a NormalizeArgs),
    Analyze(&'a AnalyzeArgs),
}

impl Command<'_> {
    fn local(&self) -> &LocalArgs {
        match self {
            Command::Normalize(a) => &a.local,
            Command::Analyze(a) => &a.local,
        }
    }
}

fn read_input(args: &LocalArgs) -> std::io::Result<String> {
    let mut s = String::new();
    match &args.file {
        Some(p) if p.as_os_str() != "-" => s = std::fs::read_to_string(p)?,
        _ => {
            std::io::stdin().read_to_string(&mut s)?;
        }
    }
    Ok(s)
}

/// Inputs bigger than this get a hint to use `analyze --stream`.
const LARGE_DOCUMENT: usize = 8 << 20;

/// Runs `matn normalize` / `matn analyze`; returns the process exit code.
pub fn run_local(command: Command) -> i32 {
    // Local runs accept what a default server would, and more: files can be big.
    let engine = Engine::new(Limits {
        max_document_bytes: 256 << 20,
        ..crate::config::Settings::default().limits
    });
    let job = Job::new(command);
    let args = command.local();
    // Loaded while nothing else runs, on two threads instead of one after
    // the other as the first document asks.
    crate::text::load_builtin_data(matches!(command, Command::Analyze(_)));
    if args.jsonl {
        return batch::run(&engine, &job, args);
    }
    if let (Command::Analyze(a), Job::Analyze(request)) = (command, &job) {
        if a.stream {
            return stream::run(&engine, request, args);
        }
    }
    let text = match read_input(args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("matn: cannot read input: {e}");
            return 2;
        }
    };
    if matches!(command, Command::Analyze(_)) && text.len() > LARGE_DOCUMENT {
        eprintln!(
            "matn: the input is {} MB and its analysis is printed as one JSON object, held \
             whole until then; --stream prints each sentence's analysis as it is done, in \
             bounded memory",
            text.len() >> 20
        );
    }
    // Written as it is serialized; a reader that stops early (`| head`) ends
    // the run quietly.
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let (written, code) = match job.run(&engine, text) {
        Ok(response) => (response.write(&mut w, args.compact), 0),
        Err(e) => {
            let error = json!({"error": e});
            let written = if args.compact {
                serde_json::to_writer(&mut w, &error)
            } else {
                serde_json::to_writer_pretty(&mut w, &error)
            };
            (written.map_err(std::io::Error::from), 1)
        }
    };
    let done = written.and_then(|()| writeln!(w)).and_then(|()| w.flush());
    match done {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            eprintln!("matn: {e}");
            2
        }
    }
}

/// Runs `matn health`: exit 0 when the server reports SERVING.
pub async fn health(args: &HealthArgs) -> i32 {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{health_client::HealthClient, HealthCheckRequest};
    let addr = if args.addr.contains("://") {
        args.addr.clone()
    } else {
        format!("http://{}", args.addr)
    };
    let timeout = std::time::Duration::from_secs(args.timeout_seconds.max(1));
    let check = async {
        let mut endpoint = tonic::transport::Endpoint::from_shared(addr.clone())
            .map_err(|e| e.to_string())?
            .connect_timeout(timeout);
        if let Some(ca) = &args.tls_ca {
            let pem = std::fs::read(ca).map_err(|e| format!("--tls-ca {}: {e}", ca.display()))?;
            let mut tls = tonic::transport::ClientTlsConfig::new()
                .ca_certificate(tonic::transport::Certificate::from_pem(pem));
            if let Some(domain) = &args.tls_domain {
                tls = tls.domain_name(domain.clone());
            }
            endpoint = endpoint.tls_config(tls).map_err(|e| e.to_string())?;
        }
        let channel = endpoint
            .connect()
            .await
            .map_err(|e| format!("cannot connect: {e}"))?;
        let mut client = HealthClient::new(channel);
        let resp = client
            .check(HealthCheckRequest {
                service: args.service.clone(),
            })
            .await
            .map_err(|s| format!("{}: {}", s.code(), s.message()))?;
        Ok::<_, String>(resp.into_inner().status())
    };
    match tokio::time::timeout(timeout, check).await {
        Ok(Ok(ServingStatus::Serving)) => {
            println!("SERVING");
            0
        }
        Ok(Ok(status)) => {
            println!("{}", status.as_str_name());
            1
        }
        Ok(Err(e)) => {
            eprintln!("matn health {addr}: {e}");
            1
        }
        Err(_) => {
            eprintln!("matn health {addr}: no answer within {timeout:?}");
            1
        }
    }
}
