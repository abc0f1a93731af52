//! Property tests of the pipeline: idempotence, offsets that map back, no panics.

mod common;

use matn::api::{pb, Engine};
use matn::text::normalize::{NormalizeOptions, Normalizer};
use matn::text::{Analyzer, Features};
use proptest::prelude::*;

/// Text built from the pieces Persian documents are made of, damaged ones included.
fn persianish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "می",
        "نمی",
        "ها",
        "های",
        "کتاب",
        "بندر",
        "خانه",
        "ای",
        " ",
        "  ",
        "\n",
        "\n\n\n",
        "\u{200C}",
        "\u{200C}\u{200C}",
        "\u{200D}",
        "\u{200F}",
        "\u{FEFF}",
        "\u{00A0}",
        ".",
        "،",
        ",",
        "؟",
        "?",
        "!",
        ":",
        "«",
        "»",
        "(",
        ")",
        "...",
        "…",
        "ي",
        "ك",
        "ة",
        "ى",
        "\u{064B}",
        "\u{064E}",
        "\u{0654}",
        "ه",
        "ـ",
        "123",
        "۱۴۰۲/۰۵/۱۲",
        "12:30",
        "3.5",
        "1,234",
        "١٢",
        "https://x.ir/a?b=1",
        "a@b.ir",
        "@ali",
        "#تهران",
        "😀",
        "👨\u{200D}👩",
        "🇮🇷",
        "MP3",
        "e.g.",
        "ج.ا.ا.",
        "ﻻ",
        "ا\u{0653}",
        "Hello",
        "é",
        "\t",
        "\r\n",
        "x",
        "ر",
        "د",
        "ژ",
        "آ",
        "ؤ",
        "ئ",
        "-",
        "\"",
        "'",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![persianish(), any::<String>(), "\\PC{0,40}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalizing_twice_changes_nothing(text in persianish()) {
        let n = Normalizer::new(&NormalizeOptions::default(), matn::text::lexicon::Lexicon::builtin());
        let once = n.normalize(&text, false).text().to_string();
        let twice = n.normalize(&once, false).text().to_string();
        prop_assert_eq!(&twice, &once, "input {:?}", text);
    }

    #[test]
    fn spans_map_back_to_the_original(text in any_text()) {
        let a = Analyzer::new(matn::text::Resources::builtin()).analyze(&text, &NormalizeOptions::default(), Features::ALL);
        let n = &a.normalized;
        let mut last_end = 0;
        for t in &a.tokens {
            let orig = n.original_range(t.bytes.clone());
            prop_assert!(text.is_char_boundary(orig.start) && text.is_char_boundary(orig.end), "{:?} in {:?}", orig, text);
            prop_assert!(orig.start <= orig.end && orig.end <= text.len());
            prop_assert!(orig.start >= last_end, "tokens overlap in the original: {:?}", text);
            last_end = orig.end;
        }
        for e in &n.edits {
            prop_assert!(text.is_char_boundary(e.original.start) && text.is_char_boundary(e.original.end));
            let r = n.normalized_range_of(&e.original);
            prop_assert!(n.text().is_char_boundary(r.start) && n.text().is_char_boundary(r.end));
        }
        for s in &a.sentences {
            prop_assert!(!s.tokens.is_empty());
        }
    }

    #[test]
    fn protected_spans_are_never_changed(word in "[a-z]{1,8}", n in 0u32..100000) {
        let text = format!("ببینید https://{word}.ir/{n}?q={word} و {word}@mail.ir را");
        let out = Normalizer::new(&NormalizeOptions::default(), matn::text::lexicon::Lexicon::builtin()).normalize(&text, false).text().to_string();
        let url = format!("https://{word}.ir/{n}?q={word}");
        let email = format!("{word}@mail.ir");
        prop_assert!(out.contains(&url), "{}", out);
        prop_assert!(out.contains(&email), "{}", out);
    }
}

/// Lines of the seed article and damaged pieces, long enough (a few thousand
/// bytes) for StreamText to cut its window many times.
fn long_text() -> impl Strategy<Value = String> {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/news-shamkhani-lavrentiev.txt"
    ))
    .expect("seed file");
    let mut lines: Vec<String> = seed
        .split_inclusive(['\n', '.'])
        .map(String::from)
        .collect();
    lines.retain(|l| !l.trim().is_empty());
    let line = prop::sample::select(lines);
    let piece = prop_oneof![3 => line, 1 => persianish()];
    prop::collection::vec(piece, 20..160).prop_map(|v| v.concat())
}

/// `text` cut into chunks of the sizes in `sizes` (bytes, moved back to a
/// character boundary; at least one character), cycling.
fn chunks(text: &str, sizes: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut k = 0;
    while at < text.len() {
        let mut end = (at + sizes[k % sizes.len()]).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end == at {
            end = at + text[at..].chars().next().map_or(1, char::len_utf8);
        }
        out.push(text[at..end].to_string());
        at = end;
        k += 1;
    }
    out
}

fn stream_config() -> impl Strategy<Value = pb::StreamTextConfig> {
    (0i32..4, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(encoding, zwnj, declared, stems)| pb::StreamTextConfig {
            offset_encoding: encoding,
            normalization: Some(pb::NormalizationOptions {
                zwnj: Some(zwnj),
                ..Default::default()
            }),
            language_code: if declared { "fa".into() } else { String::new() },
            lemma_style: if stems {
                pb::LemmaStyle::Stem as i32
            } else {
                0
            },
            ..Default::default()
        },
    )
}

/// The answers of a StreamText of `chunks`, and how many came before the end.
fn stream(
    engine: &Engine,
    config: &pb::StreamTextConfig,
    chunks: &[String],
) -> (Vec<pb::StreamTextResponse>, usize) {
    let mut s = engine.stream_text(config).expect("valid config");
    let mut out = Vec::new();
    for c in chunks {
        out.extend(s.push(c).expect("sentences within the limit"));
    }
    let before_end = out.len();
    out.extend(s.finish().expect("the rest"));
    (out, before_end)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("MATN_STREAM_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    /// StreamText answers the same however the text is cut, and its
    /// sentences put together are what Analyze gives for the whole text.
    #[test]
    fn stream_text_equals_analyze_whatever_the_chunks(
        text in long_text(),
        sizes in prop::collection::vec(prop_oneof![1usize..8, 8usize..400, 400usize..3000], 1..12),
        config in stream_config(),
    ) {
        let engine = Engine::new(matn::config::Settings::default().limits);
        let (got, before_end) = stream(&engine, &config, &chunks(&text, &sizes));
        let (one, _) = stream(&engine, &config, std::slice::from_ref(&text));
        // A long text is judged and cut long before its end: the windows are
        // what is tested.
        if text.len() > 16_384 {
            prop_assert!(before_end > 0, "nothing answered before the end of {} bytes", text.len());
        }
        for (k, (g, o)) in got.iter().zip(&one).enumerate() {
            if g != o {
                let (g, o) = (format!("{g:#?}"), format!("{o:#?}"));
                let line = g.lines().zip(o.lines()).position(|(a, b)| a != b).unwrap_or(0);
                let context = |s: &str| s.lines().skip(line.saturating_sub(12)).take(16).collect::<Vec<_>>().join("\n");
                prop_assert!(false, "answer {} differs from one chunk's:\n{}\n--- one chunk:\n{}", k, context(&g), context(&o));
            }
        }
        prop_assert_eq!(got.len(), one.len(), "sentences answered");
        let whole = engine.analyze(&pb::AnalyzeRequest {
            document: Some(pb::Document { content: text.clone(), language_code: config.language_code.clone() }),
            normalization: config.normalization,
            offset_encoding: config.offset_encoding,
            lemma_style: config.lemma_style,
            ..Default::default()
        }).expect("analyze");
        if let Err(e) = common::stream_matches_analyze(&got, &whole) {
            prop_assert!(false, "{}", e);
        }
    }
}
