//! Local commands: `matn normalize`, `matn analyze` (file or stdin → proto3 JSON,
//! or `--jsonl` batches) and `matn health` (for container health checks).

use crate::api::{json, pb, ApiError, Engine, Limits};
use crate::config::{
    ComparativeArg, DigitsArg, FeatureArg, HealthArgs, HehHamzaArg, LemmaStyleArg, LocalArgs,
    OffsetEncodingArg, PresetArg, RequestArgs, StepArg,
};
use serde_json::{json, Value};
use std::io::{BufRead, Read, Write};

/// Which local command runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normalize,
    Analyze,
}

fn encoding(a: &RequestArgs) -> pb::OffsetEncoding {
    match a.offset_encoding {
        OffsetEncodingArg::Utf8 => pb::OffsetEncoding::Utf8,
        OffsetEncodingArg::Utf16 => pb::OffsetEncoding::Utf16,
        OffsetEncodingArg::CodePoint => pb::OffsetEncoding::CodePoint,
    }
}

/// The request's normalization options; `None` when no flag sets one.
fn normalization(a: &RequestArgs) -> Option<pb::NormalizationOptions> {
    let untouched = a.preset.is_none()
        && a.digits.is_none()
        && a.heh_hamza.is_none()
        && a.comparative_style.is_none()
        && a.enable.is_empty()
        && a.disable.is_empty();
    if untouched {
        return None;
    }
    let mut o = pb::NormalizationOptions {
        preset: match a.preset {
            None => pb::NormalizationPreset::Unspecified,
            Some(PresetArg::Standard) => pb::NormalizationPreset::Standard,
            Some(PresetArg::Minimal) => pb::NormalizationPreset::Minimal,
        } as i32,
        digits: match a.digits {
            None => pb::DigitStyle::Unspecified,
            Some(DigitsArg::Persian) => pb::DigitStyle::Persian,
            Some(DigitsArg::Latin) => pb::DigitStyle::Latin,
            Some(DigitsArg::Keep) => pb::DigitStyle::Keep,
        } as i32,
        heh_hamza: match a.heh_hamza {
            None => pb::HehHamzaStyle::Unspecified,
            Some(HehHamzaArg::Keep) => pb::HehHamzaStyle::Keep,
            Some(HehHamzaArg::Composed) => pb::HehHamzaStyle::Composed,
            Some(HehHamzaArg::Decomposed) => pb::HehHamzaStyle::Decomposed,
        } as i32,
        comparative_style: match a.comparative_style {
            None => pb::ComparativeStyle::Unspecified,
            Some(ComparativeArg::Frequency) => pb::ComparativeStyle::Frequency,
            Some(ComparativeArg::Zwnj) => pb::ComparativeStyle::Zwnj,
            Some(ComparativeArg::Glued) => pb::ComparativeStyle::Glued,
        } as i32,
        ..Default::default()
    };
    let switches = a.enable.iter().map(|&s| (s, true));
    for (step, on) in switches.chain(a.disable.iter().map(|&s| (s, false))) {
        let field = match step {
            StepArg::Unicode => &mut o.unicode,
            StepArg::Letters => &mut o.letters,
            StepArg::Diacritics => &mut o.diacritics,
            StepArg::Invisible => &mut o.invisible,
            StepArg::Whitespace => &mut o.whitespace,
            StepArg::Punctuation => &mut o.punctuation,
            StepArg::Spacing => &mut o.spacing,
            StepArg::Zwnj => &mut o.zwnj,
            StepArg::ZwnjGlued => &mut o.zwnj_glued,
            StepArg::ZwnjSpaced => &mut o.zwnj_spaced,
        };
        *field = Some(on);
    }
    Some(o)
}

/// The request's features; `None` (everything) without `--features`.
fn features(a: &RequestArgs) -> Option<pb::Features> {
    let list = a.features.as_ref()?;
    let mut f = pb::Features::default();
    for feature in list {
        let on = match feature {
            FeatureArg::Normalize => &mut f.normalize,
            FeatureArg::Sentences => &mut f.sentences,
            FeatureArg::Tokens => &mut f.tokens,
            FeatureArg::Lemmas => &mut f.lemmas,
            FeatureArg::Entities => &mut f.entities,
            FeatureArg::Keywords => &mut f.keywords,
            FeatureArg::Quotes => &mut f.quotes,
            FeatureArg::Attributions => &mut f.attributions,
            FeatureArg::Edits => &mut f.edits,
        };
        *on = true;
    }
    Some(f)
}

/// The error's JSON: `code`, `message`, and the field violations of a bad
/// request.
fn error_value(e: &ApiError) -> Value {
    match e {
        ApiError::InvalidArgument(v) => json!({
            "code": "INVALID_ARGUMENT",
            "message": e.to_string(),
            "fieldViolations": v.iter().map(|f| json!({"field": f.field, "description": f.description})).collect::<Vec<_>>(),
        }),
        ApiError::OutOfRange(message) => json!({
            "code": "OUT_OF_RANGE",
            "message": message,
        }),
        ApiError::Internal { detail } => json!({
            "code": "INTERNAL",
            "message": format!("{e}: {detail}"),
        }),
    }
}

/// Processes one text as a request with `args`' options; `Ok` holds the
/// response as JSON.
fn process(engine: &Engine, mode: Mode, args: &LocalArgs, text: String) -> Result<Value, Value> {
    let r = &args.request;
    let document = Some(pb::Document {
        content: text,
        language_code: r.language.clone().unwrap_or_default(),
    });
    let offset_encoding = encoding(r) as i32;
    let result = match mode {
        Mode::Normalize => engine
            .normalize(&pb::NormalizeRequest {
                document,
                normalization: normalization(r),
                offset_encoding,
                include_edits: args.edits,
            })
            .map(|r| json::to_value(&r, "matn.v1.NormalizeResponse")),
        Mode::Analyze => engine
            .analyze(&pb::AnalyzeRequest {
                document,
                features: features(r),
                normalization: normalization(r),
                offset_encoding,
                lemma_style: match r.lemma_style {
                    LemmaStyleArg::Lemma => pb::LemmaStyle::Lemma,
                    LemmaStyleArg::Stem => pb::LemmaStyle::Stem,
                } as i32,
                split_at_semicolon: r.split_at_semicolon,
                max_keywords: r.max_keywords,
                document_date: r.document_date.clone().unwrap_or_default(),
            })
            .map(|r| json::to_value(&r, "matn.v1.AnalyzeResponse")),
    };
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(json!({"code": "INTERNAL", "message": e})),
        Err(e) => Err(error_value(&e)),
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

/// Runs `matn normalize` / `matn analyze`; returns the process exit code.
pub fn run_local(mode: Mode, args: &LocalArgs) -> i32 {
    // Local runs accept what a default server would, and more: files can be big.
    let engine = Engine::new(Limits {
        max_document_bytes: 256 << 20,
        ..Limits::default()
    });
    if args.jsonl {
        return run_jsonl(&engine, mode, args);
    }
    let text = match read_input(args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("matn: cannot read input: {e}");
            return 2;
        }
    };
    let (value, code) = match process(&engine, mode, args, text) {
        Ok(v) => (v, 0),
        Err(e) => (json!({"error": e}), 1),
    };
    // Written as it is serialized (no second copy of a big result); a reader
    // that stops early (`| head`) ends the run quietly.
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let written = if args.compact {
        serde_json::to_writer(&mut w, &value)
    } else {
        serde_json::to_writer_pretty(&mut w, &value)
    };
    let done = written
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(w))
        .and_then(|()| w.flush());
    match done {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            eprintln!("matn: {e}");
            2
        }
    }
}

/// One `{"id","text"}` object per line in, one result per line out, in order.
/// Lines are processed on all cores. A line that fails is answered
/// `{"id","error":{"code","message"}}` and the others go on; the exit code is
/// 1 when any line failed.
fn run_jsonl(engine: &Engine, mode: Mode, args: &LocalArgs) -> i32 {
    let lines: Vec<String> = {
        let reader: Box<dyn BufRead> = match &args.file {
            Some(p) if p.as_os_str() != "-" => match std::fs::File::open(p) {
                Ok(f) => Box::new(std::io::BufReader::new(f)),
                Err(e) => {
                    eprintln!("matn: cannot open {}: {e}", p.display());
                    return 2;
                }
            },
            _ => Box::new(std::io::BufReader::new(std::io::stdin())),
        };
        match reader.lines().collect() {
            Ok(l) => l,
            Err(e) => {
                eprintln!("matn: cannot read input: {e}");
                return 2;
            }
        }
    };
    let lines: Vec<&String> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(lines.len().max(1));
    let mut outputs = vec![(String::new(), true); lines.len()];
    std::thread::scope(|scope| {
        let chunk = lines.len().div_ceil(workers).max(1);
        for (ls, outs) in lines.chunks(chunk).zip(outputs.chunks_mut(chunk)) {
            scope.spawn(move || {
                for (line, out) in ls.iter().zip(outs.iter_mut()) {
                    *out = jsonl_line(engine, mode, args, line);
                }
            });
        }
    });
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for (o, ok) in &outputs {
        failed += usize::from(!ok);
        if writeln!(w, "{o}").is_err() {
            return 2;
        }
    }
    if w.flush().is_err() {
        return 2;
    }
    if failed > 0 {
        eprintln!("matn: {failed} of {} lines failed", outputs.len());
        return 1;
    }
    0
}

/// The output line for one input line, and whether it succeeded.
fn jsonl_line(engine: &Engine, mode: Mode, args: &LocalArgs, line: &str) -> (String, bool) {
    let parsed: Result<Value, _> = serde_json::from_str(line);
    let (id, text) = match &parsed {
        Ok(v) => (
            v.get("id").cloned().unwrap_or(Value::Null),
            v.get("text").and_then(Value::as_str).map(str::to_string),
        ),
        Err(_) => (Value::Null, None),
    };
    let value = match text {
        None => {
            let error = json!({"code": "INVALID_ARGUMENT", "message": "each line must be a JSON object with a string \"text\""});
            return (json!({"id": id, "error": error}).to_string(), false);
        }
        Some(text) => match process(engine, mode, args, text) {
            Ok(Value::Object(mut m)) => {
                let mut obj = serde_json::Map::new();
                obj.insert("id".into(), id);
                if mode == Mode::Normalize {
                    obj.insert(
                        "text".into(),
                        m.remove("normalizedText")
                            .unwrap_or(Value::String(String::new())),
                    );
                }
                obj.extend(m);
                Value::Object(obj)
            }
            Ok(other) => json!({"id": id, "result": other}),
            Err(e) => return (json!({"id": id, "error": e}).to_string(), false),
        },
    };
    (value.to_string(), true)
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
