//! The text pipeline: protect → normalize (with alignment) → sentences → tokens.
//!
//! Nothing here knows about protobuf or gRPC. Every stage works on Rust strings and
//! reports positions as byte offsets into the caller's original text; [`offsets`]
//! converts them to UTF-16 units or code points on request.

pub mod align;
pub mod analyze;
pub mod entities;
pub mod extract;
pub mod language;
pub mod lemma;
pub mod lexicon;
pub mod memo_budget;
pub mod normalize;
pub mod offsets;
pub mod pos;
pub mod protect;
pub mod resources;
pub mod rules;
pub mod script;
pub mod sentence;
pub mod token;
pub mod verbgroup;
pub mod word_table;

pub use analyze::{Analysis, Analyzer, Features};
pub use resources::Resources;

/// Loads the built-in data (the lexicon; the NER model and gazetteers when
/// `entities`), each on a thread of its own, so the first document does not
/// wait for it, and waits for it.
pub fn load_builtin_data(entities: bool) {
    std::thread::scope(|s| {
        if entities {
            s.spawn(extract::names::model::Model::builtin);
        }
        lexicon::Lexicon::builtin();
    });
}

/// Empties the calling thread's memos (ZWNJ profiles, lemma readings, NER
/// scores): after a panic one of them may be half-written.
pub fn forget_thread_memos() {
    normalize::zwnj::forget_thread_caches();
    lemma::forget_thread_memo();
    extract::names::model::forget_thread_memo();
}
pub use normalize::{DigitStyle, HehHamzaStyle, NormalizeOptions, Normalized, Normalizer, Preset};

/// The analysis of `text` with the built-in data and default options: what
/// the unit tests of the analysis steps look at.
#[cfg(test)]
pub(crate) fn analyze_for_test(text: &str, features: Features) -> Analysis {
    Analyzer::new(Resources::builtin()).analyze(text, &NormalizeOptions::default(), features)
}
