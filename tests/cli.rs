//! The local commands as a user runs them: `matn analyze` and `matn
//! normalize` with request options, and `--jsonl` batches in which a failing
//! line loses nothing else.

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `matn ARGS` on `input`; its exit code and stdout lines as JSON.
fn matn(args: &[&str], input: &str) -> (i32, Vec<Value>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_matn"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("matn runs");
    // Written from a thread: a command that answers as it reads fills its
    // output pipe before it has read all of a long input. A command refused
    // for its flags may exit before reading its input.
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("matn ends");
    writer.join().expect("the input is written");
    let lines = String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out.status.code().unwrap_or(-1), lines)
}

fn line(id: &str, text: &str) -> String {
    json!({"id": id, "text": text}).to_string()
}

#[test]
fn a_failing_line_gets_its_own_error_and_the_batch_goes_on() {
    let input = [
        line("ok-1", "کتاب خوبی است."),
        "{not json".to_string(),
        json!({"id": "no-text"}).to_string(),
        line("empty", ""),
        line("ok-2", "علی ربیعی وزیر کار"),
    ]
    .join("\n");
    let (code, out) = matn(&["analyze", "--jsonl", "--features", "tokens"], &input);
    assert_eq!(code, 1, "a line failed: exit 1");
    let ids: Vec<&Value> = out.iter().map(|v| &v["id"]).collect();
    assert_eq!(
        ids,
        [
            &json!("ok-1"),
            &Value::Null,
            &json!("no-text"),
            &json!("empty"),
            &json!("ok-2")
        ]
    );
    let codes: Vec<&Value> = out.iter().map(|v| &v["error"]["code"]).collect();
    assert_eq!(
        codes,
        [
            &Value::Null,
            &json!("INVALID_ARGUMENT"),
            &json!("INVALID_ARGUMENT"),
            &json!("INVALID_ARGUMENT"),
            &Value::Null
        ]
    );
    assert_eq!(
        out[3]["error"]["fieldViolations"][0]["field"],
        "document.content"
    );
    let tokens: Vec<&str> = out[4]["tokens"]
        .as_array()
        .expect("tokens")
        .iter()
        .map(|t| t["normalized"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(tokens, ["علی", "ربیعی", "وزیر", "کار"]);

    let (code, out) = matn(&["analyze", "--jsonl"], &line("only", "سلام."));
    assert_eq!((code, out.len()), (0, 1), "every line succeeded: exit 0");
}

#[test]
fn request_options_reach_the_engine() {
    // Latin digits, tokens only, offsets in code points.
    let (code, out) = matn(
        &[
            "analyze",
            "--jsonl",
            "--digits",
            "latin",
            "--features",
            "normalize,tokens",
            "--offset-encoding",
            "code-point",
        ],
        &line("d", "ساعت ۱۰:۳۰ رسید"),
    );
    assert_eq!(code, 0);
    let r = &out[0];
    assert_eq!(r["normalizedText"], "ساعت 10:30 رسید");
    assert_eq!(r["tokens"][1]["span"], json!({"start": 5, "end": 10}));
    assert!(r.get("entities").is_none(), "entities were not asked for");

    // Steps switched off, and the minimal preset's digits.
    let (_, out) = matn(
        &["normalize", "--jsonl", "--disable", "zwnj,spacing"],
        &line("n", "كتاب ها ، 12"),
    );
    assert_eq!(out[0]["text"], "کتاب ها ، ۱۲");
    let (_, out) = matn(
        &["normalize", "--jsonl", "--preset", "minimal"],
        &line("m", "كتاب ها ، 12"),
    );
    assert_eq!(out[0]["text"], "کتاب ها ، 12");

    // A declared language and a bad document date, refused by field.
    let (code, out) = matn(
        &[
            "analyze",
            "--compact",
            "--language",
            "en",
            "--document-date",
            "yesterday",
        ],
        "The meeting was useful.",
    );
    assert_eq!(code, 1);
    assert_eq!(
        out[0]["error"]["fieldViolations"][0]["field"],
        "document_date"
    );
}

#[test]
fn normalize_refuses_analyze_only_flags() {
    for flag in [
        ["--lemma-style", "stem"],
        ["--features", "tokens"],
        ["--max-keywords", "3"],
    ] {
        let (code, out) = matn(&["normalize", flag[0], flag[1]], "سلام");
        assert_eq!((code, out.len()), (2, 0), "{flag:?}");
    }
    let (code, _) = matn(&["analyze", "--edits"], "سلام");
    assert_eq!(code, 2, "analyze takes edits through --features");
}

#[test]
fn results_come_while_the_input_is_still_open() {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_matn"))
        .args([
            "analyze",
            "--jsonl",
            "--features",
            "tokens",
            "--workers",
            "2",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("matn runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for l in std::io::BufReader::new(stdout).lines() {
            if tx.send(l.expect("a line")).is_err() {
                break;
            }
        }
    });
    let wait = std::time::Duration::from_secs(60);
    for (i, text) in ["کتاب خوب است.", "هوا سرد شد.", "او رفت."]
        .iter()
        .enumerate()
    {
        writeln!(stdin, "{}", line(&format!("d{i}"), text)).expect("written");
        stdin.flush().expect("flushed");
        // Its answer comes before the next line is sent.
        let answer: Value =
            serde_json::from_str(&rx.recv_timeout(wait).expect("an answer")).expect("JSON");
        assert_eq!(answer["id"], format!("d{i}"));
    }
    drop(stdin);
    assert!(
        rx.recv_timeout(wait).is_err(),
        "nothing more after the input ends"
    );
    assert!(child.wait().expect("exit").success());
    reader.join().expect("reader");
}

#[test]
fn many_workers_keep_the_input_order() {
    let input: Vec<String> = (0..200)
        .map(|i| line(&i.to_string(), &"کتاب ".repeat(1 + (i * 37) % 50)))
        .collect();
    let input = input.join("\n");
    for workers in ["1", "3"] {
        let (code, out) = matn(
            &["normalize", "--jsonl", "--workers", workers, "--progress"],
            &input,
        );
        assert_eq!(code, 0);
        let ids: Vec<String> = out
            .iter()
            .map(|v| v["id"].as_str().unwrap_or("").into())
            .collect();
        let want: Vec<String> = (0..200).map(|i| i.to_string()).collect();
        assert_eq!(ids, want, "--workers {workers}");
    }
}

/// The analysis of a long text answered sentence by sentence is the
/// analysis of the whole text: the same normalized text and the same tokens
/// at the same places, though the input was read in pieces that cut
/// characters in two.
#[test]
fn a_streamed_text_is_answered_as_the_whole_text() {
    // An odd-length start puts a two-byte letter across the 64 KiB reads.
    let mut text = String::from("a ");
    let sentences = [
        "رئیس جمهور دیروز به تهران بازگشت.",
        "کتاب ها را در کتابخانه میگذارند.",
        "قیمت دلار امروز ۳۲ هزار تومان اعلام شد!",
        "آیا او فردا به مدرسه می رود؟",
    ];
    let mut k = 0;
    while text.len() < 150_000 {
        text.push_str(sentences[k % sentences.len()]);
        text.push(' ');
        k += 1;
    }
    let args = ["analyze", "--features", "normalize,sentences,tokens"];
    let (code, whole) = matn(&[&args[..], &["--compact"]].concat(), &text);
    assert_eq!((code, whole.len()), (0, 1));
    let (code, answers) = matn(&[&args[..], &["--stream"]].concat(), &text);
    assert_eq!(code, 0);
    let whole = &whole[0];
    assert_eq!(answers.len(), whole["sentences"].as_array().unwrap().len());
    let mut normalized = String::new();
    let mut tokens = Vec::new();
    for (i, a) in answers.iter().enumerate() {
        assert_eq!(a["sentenceIndex"].as_u64().unwrap_or(0), i as u64);
        normalized.push_str(a["analysis"]["normalizedText"].as_str().unwrap());
        tokens.extend(a["analysis"]["tokens"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(normalized, whole["normalizedText"].as_str().unwrap());
    let spans = |ts: &[Value]| -> Vec<(Value, Value)> {
        ts.iter()
            .map(|t| (t["text"].clone(), t["span"].clone()))
            .collect()
    };
    assert_eq!(spans(&tokens), spans(whole["tokens"].as_array().unwrap()));
}

#[test]
fn a_streamed_input_that_is_not_utf8_is_refused() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_matn"))
        .args(["analyze", "--stream"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("matn runs");
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"\xd8\xb3\xd9\x84 \xff\xfe");
    let out = child.wait_with_output().expect("matn ends");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not UTF-8"), "{stderr}");
}
