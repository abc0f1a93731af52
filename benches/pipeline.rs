//! Criterion benches of the pipeline stages on a fixed Persian corpus: the seed
//! article repeated to 10 MB (ZWNJ stripped, as it ships), plus the UD dev
//! sentences from `../shared/eval/dev/zwnj.jsonl` (stripped and spaced) when that
//! folder is beside the project. Throughput is reported in bytes of input.
//!
//!     cargo bench --bench pipeline
//!
//! Results are recorded in benches/RESULTS.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use matn::text::lemma::LemmaStyle;
use matn::text::normalize::{NormalizeOptions, Normalizer, Step, STEPS};
use matn::text::sentence;
use matn::text::token::tokenize;
use matn::text::{Analyzer, Features};
use std::hint::black_box;

const SEED: &str = include_str!("../seeds/news-shamkhani-lavrentiev.txt");

/// The dev sentences (stripped and spaced variants), one document per line group.
fn dev_sentences() -> Option<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/dev/zwnj.jsonl");
    let text = std::fs::read_to_string(path).ok()?;
    let mut out = String::new();
    for line in text.lines() {
        for key in ["\"stripped\": \"", "\"spaced\": \""] {
            if let Some(start) = line.find(key) {
                let rest = &line[start + key.len()..];
                if let Some(end) = rest.find("\", \"") {
                    out.push_str(&rest[..end].replace("\\u200c", "\u{200C}"));
                    out.push('\n');
                }
            }
        }
    }
    Some(out)
}

/// Documents of about 4 KB (the seed's size): what a service call carries.
fn corpus() -> Vec<String> {
    let mut docs: Vec<String> = Vec::new();
    let mut total = 0;
    while total < 10 << 20 {
        docs.push(SEED.to_string());
        total += SEED.len();
    }
    if let Some(dev) = dev_sentences() {
        let mut doc = String::new();
        for line in dev.lines() {
            doc.push_str(line);
            doc.push('\n');
            if doc.len() > 4000 {
                docs.push(std::mem::take(&mut doc));
            }
        }
        docs.push(doc);
    }
    docs
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    // Load the lexicon before measuring.
    let analyzer = Analyzer::new();
    black_box(analyzer.normalize("می‌شود", &NormalizeOptions::default(), false));

    let mut g = c.benchmark_group("pipeline");
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
        let n = Normalizer::new(opts);
        g.bench_with_input(BenchmarkId::from_parameter(name), &docs, |b, docs| {
            b.iter(|| {
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
            let n = Normalizer::new(&NormalizeOptions::default());
            b.iter(|| {
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
                black_box(tokenize(n.work()));
            }
        })
    });
    let tokenized: Vec<_> = normalized.iter().map(|n| tokenize(n.work())).collect();
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
