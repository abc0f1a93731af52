//! `--jsonl` batches: one `{"id","text"}` object per input line, one result
//! per output line, in input order.
//!
//! A reader thread reads lines, worker threads process them, and the main
//! thread writes the results. At most [`WINDOW_PER_WORKER`] lines per worker
//! are read ahead of the results written, so memory is bounded by the window,
//! not by the input, and each result is written as soon as it and those
//! before it are done.

use super::request::Job;
use crate::api::Engine;
use crate::config::LocalArgs;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Lines read ahead of the results written, per worker.
const WINDOW_PER_WORKER: usize = 16;

/// A line to process: its number (blank lines skipped), its text, and its
/// size in bytes with the blank lines before it.
struct Line {
    number: usize,
    text: String,
    bytes: usize,
}

/// One processed line: its number, its output line, whether it succeeded,
/// and its size.
struct Done {
    number: usize,
    /// UTF-8 JSON, without the line break.
    output: Vec<u8>,
    ok: bool,
    bytes: usize,
}

/// Runs the batch; returns the exit code: 0 when every line succeeded, 1
/// when any failed, 2 when the input could not be read or the output
/// written.
pub fn run(engine: &Engine, job: &Job, args: &LocalArgs) -> i32 {
    let (reader, size): (Box<dyn BufRead + Send>, Option<u64>) = match &args.file {
        Some(p) if p.as_os_str() != "-" => match std::fs::File::open(p) {
            Ok(f) => {
                let size = f.metadata().ok().map(|m| m.len());
                (Box::new(std::io::BufReader::new(f)), size)
            }
            Err(e) => {
                eprintln!("matn: cannot open {}: {e}", p.display());
                return 2;
            }
        },
        _ => {
            // A file redirected to stdin has a size; a pipe has none.
            let size = std::fs::metadata("/dev/stdin")
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len());
            (Box::new(std::io::BufReader::new(std::io::stdin())), size)
        }
    };
    let workers = match args.workers {
        0 => crate::api::default_workers(),
        n => n,
    };
    let window = workers * WINDOW_PER_WORKER;
    let show = args.progress || std::io::stderr().is_terminal();
    let mut progress = Progress::new(size, show);
    // A token per line that may be read ahead; the writer gives one back
    // per line written.
    let (give_back, tokens) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        let _ = give_back.send(());
    }
    let (jobs, inbox) = mpsc::channel::<Line>();
    let inbox = Mutex::new(inbox);
    let (results, done) = mpsc::channel::<Done>();
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || read(reader, &tokens, jobs));
        for _ in 0..workers {
            let (inbox, results) = (&inbox, results.clone());
            scope.spawn(move || loop {
                let next = inbox.lock().map_or(None, |rx| rx.recv().ok());
                let Some(line) = next else { break };
                let (output, ok) = output_line(engine, job, &line.text);
                let done = Done {
                    number: line.number,
                    output,
                    ok,
                    bytes: line.bytes,
                };
                if results.send(done).is_err() {
                    break;
                }
            });
        }
        drop(results);
        let code = write(&done, &give_back, &mut progress);
        // Unblock a reader that waits for a token, should writing have stopped.
        drop(give_back);
        drop(done);
        match reading.join() {
            Ok(Err(e)) => {
                eprintln!("matn: cannot read input: {e}");
                2
            }
            _ => code,
        }
    })
}

/// Sends the input's lines to `jobs`, one token from `tokens` each.
fn read(
    reader: Box<dyn BufRead + Send>,
    tokens: &mpsc::Receiver<()>,
    jobs: mpsc::Sender<Line>,
) -> std::io::Result<()> {
    let (mut number, mut blank) = (0, 0);
    for line in reader.lines() {
        let text = line?;
        if text.trim().is_empty() {
            blank += text.len() + 1;
            continue;
        }
        if tokens.recv().is_err() {
            break;
        }
        let bytes = std::mem::take(&mut blank) + text.len() + 1;
        if jobs
            .send(Line {
                number,
                text,
                bytes,
            })
            .is_err()
        {
            break;
        }
        number += 1;
    }
    Ok(())
}

/// Writes the results from `done` in line order, a token back per line;
/// returns the exit code.
fn write(
    done: &mpsc::Receiver<Done>,
    give_back: &mpsc::SyncSender<()>,
    progress: &mut Progress,
) -> i32 {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut written, mut failed) = (0usize, 0usize);
    let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
    while let Ok(d) = done.recv() {
        waiting.insert(d.number, d);
        while let Some(d) = waiting.remove(&written) {
            failed += usize::from(!d.ok);
            progress.add(d.bytes);
            if out
                .write_all(&d.output)
                .and_then(|()| out.write_all(b"\n"))
                .is_err()
            {
                return 2;
            }
            written += 1;
            let _ = give_back.send(());
        }
        if out.flush().is_err() {
            return 2;
        }
        progress.show(written, failed, false);
    }
    progress.show(written, failed, true);
    if failed > 0 {
        eprintln!("matn: {failed} of {written} lines failed");
        return 1;
    }
    0
}

/// An input line as it should be.
#[derive(serde::Deserialize)]
struct Input {
    #[serde(default)]
    id: Value,
    text: String,
}

/// The output line for one input line, and whether it succeeded.
fn output_line(engine: &Engine, job: &Job, line: &str) -> (Vec<u8>, bool) {
    let Input { id, text } = match serde_json::from_str(line) {
        Ok(input) => input,
        Err(_) => {
            // Keep the id of an object whose text is missing or no string.
            let id = serde_json::from_str::<Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(Value::Null);
            let error = json!({"code": "INVALID_ARGUMENT", "message": "each line must be a JSON object with a string \"text\""});
            return (
                json!({"id": id, "error": error}).to_string().into_bytes(),
                false,
            );
        }
    };
    match job.run(engine, text) {
        Ok(response) => (response.into_line(&id), true),
        Err(e) => (
            json!({"id": id, "error": e}).to_string().into_bytes(),
            false,
        ),
    }
}

/// The progress line on stderr: documents, MB, MB/s, and the time left when
/// the input's size is known.
struct Progress {
    show: bool,
    size: Option<u64>,
    started: Instant,
    shown: Instant,
    bytes: u64,
}

impl Progress {
    fn new(size: Option<u64>, show: bool) -> Progress {
        let now = Instant::now();
        Progress {
            show,
            size,
            started: now,
            shown: now,
            bytes: 0,
        }
    }

    /// Counts `bytes` of input as done.
    fn add(&mut self, bytes: usize) {
        self.bytes += bytes as u64;
    }

    /// Shows the line, at most twice a second; the last one (`last`) always,
    /// ending it.
    fn show(&mut self, documents: usize, failed: usize, last: bool) {
        if !self.show || (!last && self.shown.elapsed() < Duration::from_millis(500)) {
            return;
        }
        self.shown = Instant::now();
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = self.bytes as f64 / seconds;
        let left = match self.size {
            Some(size) if rate > 0.0 && size >= self.bytes => {
                format!(", {:.0} s left", (size - self.bytes) as f64 / rate)
            }
            _ => String::new(),
        };
        eprint!(
            "\r{documents} documents ({failed} failed), {:.1} MB, {:.2} MB/s{left}   {}",
            self.bytes as f64 / 1e6,
            rate / 1e6,
            if last { "\n" } else { "" }
        );
    }
}
