//! Property tests of the pipeline: idempotence, offsets that map back, no panics.

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
        let n = Normalizer::new(&NormalizeOptions::default());
        let once = n.normalize(&text, false).text().to_string();
        let twice = n.normalize(&once, false).text().to_string();
        prop_assert_eq!(&twice, &once, "input {:?}", text);
    }

    #[test]
    fn spans_map_back_to_the_original(text in any_text()) {
        let a = Analyzer::new().analyze(&text, &NormalizeOptions::default(), Features::ALL);
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
        let out = Normalizer::new(&NormalizeOptions::default()).normalize(&text, false).text().to_string();
        let url = format!("https://{word}.ir/{n}?q={word}");
        let email = format!("{word}@mail.ir");
        prop_assert!(out.contains(&url), "{}", out);
        prop_assert!(out.contains(&email), "{}", out);
    }
}
