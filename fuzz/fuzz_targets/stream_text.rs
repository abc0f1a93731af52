//! A structured StreamText call: the option bytes of `tests/requests` as its
//! config, the text cut into chunks at sizes taken from the last option
//! byte. Checks that nothing fails, that every span lies on whole characters
//! of the stream's text, and that the answers equal those of the same text
//! sent in one chunk.
#![no_main]

#[path = "../../tests/requests/mod.rs"]
mod requests;

use libfuzzer_sys::fuzz_target;
use matn::api::{pb, Engine};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(matn::config::Settings::default().limits))
}

/// The config an Analyze request's options make.
fn config(req: &pb::AnalyzeRequest) -> pb::StreamTextConfig {
    pb::StreamTextConfig {
        features: req.features,
        normalization: req.normalization,
        offset_encoding: req.offset_encoding,
        language_code: req.document.as_ref().map_or(String::new(), |d| d.language_code.clone()),
        lemma_style: req.lemma_style,
        split_at_semicolon: req.split_at_semicolon,
        max_keywords: req.max_keywords,
        document_date: req.document_date.clone(),
    }
}

/// `text` in chunks of 1 to 64 bytes (moved to character boundaries), the
/// sizes cycling through `seed`'s bits.
fn chunks(text: &str, seed: u8) -> Vec<&str> {
    let sizes = [1 + usize::from(seed & 7), 3 + usize::from(seed >> 3 & 63)];
    let mut out = Vec::new();
    let (mut at, mut k) = (0, 0);
    while at < text.len() {
        let mut end = (at + sizes[k % 2]).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        out.push(&text[at..end]);
        at = end;
        k += 1;
    }
    out
}

fn run(config: &pb::StreamTextConfig, chunks: &[&str]) -> Vec<pb::StreamTextResponse> {
    let mut stream = engine().stream_text(config).expect("a valid config");
    let mut out = Vec::new();
    for c in chunks {
        out.extend(stream.push(c).unwrap_or_else(|e| panic!("a chunk failed: {e:?}")));
    }
    out.extend(stream.finish().unwrap_or_else(|e| panic!("the end failed: {e:?}")));
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((options, text)) = requests::split(data) else {
        return;
    };
    let req = requests::analyze_request(&options, text);
    let config = config(&req);
    let whole = run(&config, &[text]);
    let cut = run(&config, &chunks(text, options[7]));
    if let Err(e) = requests::check_stream(&whole, text, req.offset_encoding) {
        panic!("{e}\nconfig: {config:?}");
    }
    assert!(whole == cut, "the chunks changed the answers\nconfig: {config:?}");
});
