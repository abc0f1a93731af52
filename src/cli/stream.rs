//! `matn analyze --stream`: one long text read in pieces and answered
//! sentence by sentence through [`TextStream`](crate::api::TextStream), each
//! answer a JSON line.

use crate::api::{json, pb, ApiError, Engine};
use crate::config::LocalArgs;
use std::io::{Read, Write};

/// Bytes read from the input at a time: each read is analyzed with the text
/// left open before it, so a window is about this big.
const CHUNK: usize = 64 << 10;

/// Why a streamed run stopped early.
enum Stop {
    /// The input could not be read, or is not UTF-8 (exit 2).
    Input(String),
    /// The analysis failed (exit 1, after the error line).
    Analysis(serde_json::Value),
    /// The output could not be written.
    Output(std::io::Error),
}

impl Stop {
    fn analysis(e: ApiError) -> Stop {
        Stop::Analysis(super::request::error_value(&e))
    }
}

/// Runs `--stream` with `request`'s options on the input of `args`;
/// returns the exit code.
pub fn run(engine: &Engine, request: &pb::AnalyzeRequest, args: &LocalArgs) -> i32 {
    let input: Box<dyn Read> = match &args.file {
        Some(p) if p.as_os_str() != "-" => match std::fs::File::open(p) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("matn: cannot read input: {e}");
                return 2;
            }
        },
        _ => Box::new(std::io::stdin().lock()),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = feed(engine, request, input, &mut out);
    let flushed = out.flush().map_err(Stop::Output);
    match result.and(flushed) {
        Ok(()) => 0,
        Err(Stop::Input(e)) => {
            eprintln!("matn: cannot read input: {e}");
            2
        }
        Err(Stop::Analysis(error)) => {
            let line = serde_json::json!({ "error": error });
            let written = writeln!(out, "{line}").and_then(|()| out.flush());
            if let Err(e) = written.map_err(Stop::Output) {
                return output_failed(e);
            }
            1
        }
        Err(e) => output_failed(e),
    }
}

/// The exit code for a failed write: a reader that stopped early (`| head`)
/// ends the run quietly.
fn output_failed(stop: Stop) -> i32 {
    match stop {
        Stop::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Stop::Output(e) => {
            eprintln!("matn: {e}");
            2
        }
        _ => 2,
    }
}

/// Feeds `input` to a StreamText analysis in pieces, writing each answer
/// as a JSON line to `out`.
fn feed(
    engine: &Engine,
    request: &pb::AnalyzeRequest,
    mut input: impl Read,
    out: &mut impl Write,
) -> Result<(), Stop> {
    let mut stream = engine
        .stream_text(&config(request))
        .map_err(Stop::analysis)?;
    let mut write = |answers: Vec<pb::StreamTextResponse>| -> Result<(), Stop> {
        for a in &answers {
            json::write(&mut *out, a)
                .and_then(|()| out.write_all(b"\n"))
                .map_err(Stop::Output)?;
        }
        Ok(())
    };
    let mut buf = vec![0u8; CHUNK];
    // Bytes of a character cut by the end of the last read.
    let mut pending = 0;
    loop {
        let n = match input.read(&mut buf[pending..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Input(e.to_string())),
        };
        let filled = pending + n;
        let (text, rest) = utf8_prefix(&buf[..filled], n == 0)?;
        let answers = stream.push(text).map_err(Stop::analysis)?;
        write(answers)?;
        buf.copy_within(filled - rest..filled, 0);
        pending = rest;
        if n == 0 {
            break;
        }
    }
    let answers = stream.finish().map_err(Stop::analysis)?;
    write(answers)
}

/// The longest prefix of `bytes` that is whole UTF-8, and how many bytes
/// after it start a character the next read completes. At the end of the
/// input (`last`) nothing may be left over.
fn utf8_prefix(bytes: &[u8], last: bool) -> Result<(&str, usize), Stop> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text, 0)),
        Err(e) if e.error_len().is_none() && !last => {
            let valid = e.valid_up_to();
            let text = std::str::from_utf8(&bytes[..valid]).expect("checked up to here");
            Ok((text, bytes.len() - valid))
        }
        Err(e) => Err(Stop::Input(format!(
            "not UTF-8 at byte {} of the last {} read",
            e.valid_up_to(),
            bytes.len()
        ))),
    }
}

/// The StreamText settings of an Analyze request made from the flags.
fn config(r: &pb::AnalyzeRequest) -> pb::StreamTextConfig {
    pb::StreamTextConfig {
        features: r.features,
        normalization: r.normalization,
        offset_encoding: r.offset_encoding,
        language_code: r
            .document
            .as_ref()
            .map_or_else(String::new, |d| d.language_code.clone()),
        lemma_style: r.lemma_style,
        split_at_semicolon: r.split_at_semicolon,
        max_keywords: r.max_keywords,
        document_date: r.document_date.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_cut_by_a_read_waits_for_the_next() {
        let text = "سلام";
        let bytes = &text.as_bytes()[..3];
        let (prefix, rest) = utf8_prefix(bytes, false).ok().expect("a cut character");
        assert_eq!((prefix, rest), ("س", 1));
        assert!(utf8_prefix(bytes, true).is_err());
        assert!(utf8_prefix(b"a\xffb", false).is_err());
    }
}
