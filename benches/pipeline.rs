//! Criterion benches of the pipeline stages on distinct real text:
//! `../shared/bench/diverse.jsonl` (950 documents of about 4 KB, 3.97 MB, no
//! document repeated), read when that folder is beside the project. Every
//! pass starts with the thread's memos empty, so a word's work is paid once
//! per pass, as in one run over the corpus. A secondary group runs the seed
//! article repeated to 4 MB, labelled "repeated text": there every word after
//! the first copy hits a memo. Throughput is reported in bytes of input.
//!
//!     cargo bench --bench pipeline
//!     MATN_BENCH_CORPUS=path/to/docs.jsonl cargo bench --bench pipeline
//!
//! Results are recorded in benches/RESULTS.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use matn::text::lemma::LemmaStyle;
use matn::text::normalize::{NormalizeOptions, Normalizer, Step, STEPS};
use matn::text::sentence;
use matn::text::token::tokenize;
use matn::text::{forget_thread_memos, Analyzer, Features};
use std::hint::black_box;

const SEED: &str = include_str!("../seeds/news-shamkhani-lavrentiev.txt");

/// The `text` of each line of the JSONL file at `MATN_BENCH_CORPUS`, or of
/// `../shared/bench/diverse.jsonl`.
fn distinct() -> Vec<String> {
    let path = std::env::var("MATN_BENCH_CORPUS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/diverse.jsonl").to_string()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("the benchmark corpus {path}: {e} (set MATN_BENCH_CORPUS to a JSONL file)")
    });
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(String::from))
        .collect()
}

/// The seed article repeated to about the size of the distinct corpus.
fn repeated() -> Vec<String> {
    vec![SEED.to_string(); (4 << 20) / SEED.len()]
}

fn bench(c: &mut Criterion) {
    pipeline(c, "distinct", &distinct());
    pipeline(c, "repeated text", &repeated());
}

/// The benches of group `name` over `docs`.
fn pipeline(c: &mut Criterion, name: &str, docs: &[String]) {
    let docs = docs.to_vec();
    let bytes: usize = docs.iter().map(String::len).sum();
    // Load the lexicon before measuring.
    let analyzer = Analyzer::new(matn::text::Resources::builtin());
    black_box(analyzer.normalize("می‌شود", &NormalizeOptions::default(), false));

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    let only = |step: Step| NormalizeOptions {
        overrides: STEPS.iter().map(|i| (i.step, i.step == step)).collect(),
        ..Default::default()
    };
    let configs: Vec<(&str, NormalizeOptions)> = vec![
        ("normalize/all", NormalizeOptions::default()),
        (
            "normalize/without-zwnj",
            NormalizeOptions {
                overrides: vec![(Step::Zwnj, false)],
                ..Default::default()
            },
        ),
        ("normalize/only-zwnj", only(Step::Zwnj)),
        ("normalize/only-spacing", only(Step::Spacing)),
        ("normalize/only-whitespace", only(Step::Whitespace)),
        (
            "normalize/none",
            NormalizeOptions {
                overrides: STEPS.iter().map(|i| (i.step, false)).collect(),
                ..Default::default()
            },
        ),
    ];
    for (name, opts) in &configs {
        let n = Normalizer::new(opts, matn::text::lexicon::Lexicon::builtin());
        g.bench_with_input(BenchmarkId::from_parameter(name), &docs, |b, docs| {
            b.iter(|| {
                forget_thread_memos();
                for d in docs {
                    black_box(n.normalize(d, false));
                }
            })
        });
    }
    g.bench_with_input(
        BenchmarkId::from_parameter("normalize/all+edits"),
        &docs,
        |b, docs| {
            let n = Normalizer::new(
                &NormalizeOptions::default(),
                matn::text::lexicon::Lexicon::builtin(),
            );
            b.iter(|| {
                forget_thread_memos();
                for d in docs {
                    black_box(n.normalize(d, true));
                }
            })
        },
    );
    // The stages after normalization, each on its own.
    let normalized: Vec<_> = docs
        .iter()
        .map(|d| analyzer.normalize(d, &NormalizeOptions::default(), false))
        .collect();
    g.bench_function("stage/tokenize", |b| {
        b.iter(|| {
            for n in &normalized {
                black_box(tokenize(n.working_text()));
            }
        })
    });
    let tokenized: Vec<_> = normalized
        .iter()
        .map(|n| tokenize(n.working_text()))
        .collect();
    g.bench_function("stage/sentences", |b| {
        b.iter(|| {
            for (n, t) in normalized.iter().zip(&tokenized) {
                black_box(sentence::split(n.text(), t, false));
            }
        })
    });
    g.bench_function("stage/readings", |b| {
        let lex = matn::text::lexicon::Lexicon::builtin();
        let l = matn::text::lemma::Lemmatizer::new(lex, LemmaStyle::Lemma);
        b.iter(|| {
            forget_thread_memos();
            let mut n = 0usize;
            for (d, toks) in normalized.iter().zip(&tokenized) {
                for t in toks
                    .iter()
                    .filter(|t| t.kind == matn::text::token::TokenKind::Word)
                {
                    n += l.with_reading(&d.text()[t.bytes.clone()], |r| usize::from(r.stopword));
                }
            }
            black_box(n)
        })
    });
    let lemmas = Features {
        sentences: true,
        tokens: true,
        lemmas: Some(LemmaStyle::Lemma),
        entities: false,
        keywords: 0,
        quotes: false,
        attributions: false,
        edits: false,
        split_at_semicolon: false,
        document_date: None,
    };
    let only = |entities, keywords, quotes| Features {
        entities,
        keywords,
        quotes,
        ..lemmas
    };
    for (name, features) in [
        ("analyze/all", Features::ALL),
        (
            "analyze/all-without-edits",
            Features {
                edits: false,
                ..Features::ALL
            },
        ),
        ("analyze/sentences+tokens+lemmas", lemmas),
        ("analyze/+entities", only(true, 0, false)),
        ("analyze/+entities+quotes", only(true, 0, true)),
        ("analyze/+keywords", only(false, 10, false)),
    ] {
        g.bench_with_input(BenchmarkId::from_parameter(name), &docs, |b, docs| {
            b.iter(|| {
                forget_thread_memos();
                for d in docs {
                    black_box(analyzer.analyze(d, &NormalizeOptions::default(), features));
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
