//! Real sentences, mutated with the pieces Persian text is made of (the
//! fuzzers' dictionary), under every request option: every invariant of
//! `tests/requests` holds (spans on whole characters holding what they say,
//! edits that rebuild the normalized text, Analyze and Normalize agreeing,
//! idempotence, no caught panic). A bounded run of what the fuzz targets do
//! for hours; `MATN_MUTATION_CASES` sets the number of cases.

mod requests;

use matn::api::Engine;
use proptest::prelude::*;

/// The seed article's sentences and, when `../shared/eval/dev` is beside the
/// repository, texts of its NER and ZWNJ sets.
fn sentences() -> Vec<String> {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/news-shamkhani-lavrentiev.txt"
    ))
    .expect("seed file");
    let mut out: Vec<String> = seed
        .split_inclusive(['\n', '.'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/dev");
    for (name, field) in [
        ("ner-arman", "text"),
        ("ner-peyma", "text"),
        ("zwnj", "spaced"),
    ] {
        let Ok(lines) = std::fs::read_to_string(format!("{dev}/{name}.jsonl")) else {
            continue;
        };
        out.extend(
            lines
                .lines()
                .step_by(25)
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v[field].as_str().map(String::from)),
        );
    }
    out
}

/// One change to a text, at a position taken modulo its length in characters.
#[derive(Clone, Debug)]
enum Mutation {
    Insert {
        at: usize,
        piece: usize,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Replace {
        at: usize,
        piece: usize,
    },
    /// The characters `at..at + len` again, right after them.
    Repeat {
        at: usize,
        len: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>()).prop_map(|(at, piece)| Mutation::Insert { at, piece }),
        2 => (any::<usize>(), 1usize..4).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(at, piece)| Mutation::Replace { at, piece }),
        1 => (any::<usize>(), 1usize..12).prop_map(|(at, len)| Mutation::Repeat { at, len }),
    ]
}

fn apply(text: &str, mutations: &[Mutation], pieces: &[String]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let n = chars.len() + 1;
        match *m {
            Mutation::Insert { at, piece } => {
                let p = &pieces[piece % pieces.len()];
                chars.splice(at % n..at % n, p.chars());
            }
            Mutation::Delete { at, len } => {
                let at = at % n;
                chars.drain(at..(at + len).min(chars.len()).max(at));
            }
            Mutation::Replace { at, piece } => {
                let at = at % n;
                let p = &pieces[piece % pieces.len()];
                chars.splice(at..(at + 1).min(chars.len()), p.chars());
            }
            Mutation::Repeat { at, len } => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                chars.splice(end..end, copy);
            }
        }
    }
    chars.into_iter().collect()
}

/// The sentences, the pieces and an engine, made once for all cases.
fn inputs() -> &'static (Vec<String>, Vec<String>, Engine) {
    static INPUTS: std::sync::OnceLock<(Vec<String>, Vec<String>, Engine)> =
        std::sync::OnceLock::new();
    INPUTS.get_or_init(|| {
        (
            sentences(),
            requests::pieces(),
            Engine::new(matn::config::Settings::default().limits),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("MATN_MUTATION_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_real_sentences_keep_every_invariant_under_every_option(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 0..8),
        options in any::<[u8; requests::OPTION_BYTES]>(),
    ) {
        let (sentences, pieces, engine) = inputs();
        let text = apply(pick.get::<String>(sentences), &mutations, pieces);
        let req = requests::analyze_request(&options, &text);
        if let Err(e) = requests::check(engine, &req) {
            prop_assert!(false, "{}\nrequest: {:?}", e, req);
        }
    }
}
