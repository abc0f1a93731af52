//! A structured request: eight option bytes (every Analyze and Normalize
//! option: encoding, language, preset, digits, heh with hamza, comparative
//! style, the ten step switches, features, lemma style, semicolons, keywords,
//! document date), then the text. Runs it as Analyze and as Normalize and
//! checks every invariant of `tests/requests` (spans on whole characters
//! holding what they say, edits that rebuild the normalized text, Analyze
//! and Normalize agreeing, idempotence). A panic the engine caught is a
//! finding too: it answers INTERNAL.
#![no_main]

#[path = "../../tests/requests/mod.rs"]
mod requests;

use libfuzzer_sys::fuzz_target;
use matn::api::Engine;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(matn::config::Settings::default().limits))
}

fuzz_target!(|data: &[u8]| {
    let Some((options, text)) = requests::split(data) else {
        return;
    };
    let req = requests::analyze_request(&options, text);
    if let Err(e) = requests::check(engine(), &req) {
        panic!("{e}\nrequest: {req:?}");
    }
});
