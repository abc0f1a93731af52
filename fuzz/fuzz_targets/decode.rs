//! Arbitrary bytes as the server would receive them: decoded as each request
//! message and, when they decode, run through the engine. Nothing may panic,
//! not even inside the analysis where the engine would catch it (INTERNAL);
//! bad requests are answered with errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use matn::api::{pb, ApiError, Engine, Limits};
use prost::Message;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(Limits {
            max_document_bytes: 64 << 10,
            ..matn::config::Settings::default().limits
        })
    })
}

/// Fails on a panic the engine caught; other errors are answers.
fn answered<T>(result: Result<T, ApiError>) -> bool {
    match result {
        Err(ApiError::Internal { detail }) => panic!("caught inside the analysis: {detail}"),
        r => r.is_ok(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => {
            if let Ok(req) = pb::AnalyzeRequest::decode(bytes) {
                answered(engine().analyze(&req));
            }
        }
        1 => {
            if let Ok(req) = pb::NormalizeRequest::decode(bytes) {
                answered(engine().normalize(&req));
            }
        }
        2 => {
            // A StreamText call: a config of `n` bytes, then the rest as text
            // in two chunks.
            let Some((&n, rest)) = bytes.split_first() else {
                return;
            };
            let n = usize::from(n).min(rest.len());
            let Ok(config) = pb::StreamTextConfig::decode(&rest[..n]) else {
                return;
            };
            let Ok(mut stream) = engine().stream_text(&config) else {
                return;
            };
            let text = String::from_utf8_lossy(&rest[n..]);
            let mut cut = text.len() / 2;
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            if answered(stream.push(&text[..cut])) && answered(stream.push(&text[cut..])) {
                answered(stream.finish());
            }
        }
        _ => {
            if let Ok(req) = pb::AnalyzeStreamRequest::decode(bytes) {
                if let Some(r) = req.request {
                    answered(engine().analyze(&r));
                }
            }
        }
    }
});
