//! The memos of word facts stay within `--cache-bytes`, all threads
//! together, under text made only of words never seen before. (A file of
//! its own: the budget is one per process.)

mod common;

use common::{http_get, TestServer};
use matn::api::pb;
use matn::config::Settings;

/// `n` made-up words, different for every `seed`: a stream of text in
/// which no word repeats, in sentences of twenty words.
fn distinct_words(seed: u64, n: usize) -> String {
    const LETTERS: [char; 20] = [
        'ا', 'ب', 'پ', 'ت', 'ج', 'چ', 'د', 'ر', 'ز', 'س', 'ش', 'ف', 'ک', 'گ', 'ل', 'م', 'ن', 'و',
        'ه', 'ی',
    ];
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut text = String::new();
    for i in 0..n {
        let len = 12 + next() % 20;
        for _ in 0..len {
            text.push(LETTERS[next() % LETTERS.len()]);
        }
        text.push_str(if i % 20 == 19 { ". " } else { " " });
    }
    text
}

/// The value of gauge `name` in a metrics page.
fn gauge(page: &str, name: &str) -> usize {
    page.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in the metrics"))
}

#[tokio::test]
async fn memos_stay_within_the_cache_budget_under_distinct_words() {
    const LIMIT: usize = 2 << 20;
    let settings = Settings {
        cache_bytes: LIMIT,
        ..Default::default()
    };
    let (server, metrics_addr) = TestServer::start_with_metrics_port(settings).await;
    let mut client = server.client().await;
    let mut most = 0;
    for seed in 0..24 {
        let text = distinct_words(seed, 2000);
        let call = client.analyze(pb::AnalyzeRequest {
            document: Some(pb::Document {
                content: text,
                language_code: "fa".into(),
            }),
            ..Default::default()
        });
        call.await.expect("analyzed");
        let (_, page) = http_get(metrics_addr, "GET", "/metrics").await;
        assert_eq!(gauge(&page, "matn_cache_limit_bytes"), LIMIT);
        let used = gauge(&page, "matn_cache_bytes");
        // Past the limit only by the sentence being tagged, per thread.
        assert!(
            used <= LIMIT + (64 << 10),
            "{used} bytes held, limit {LIMIT}"
        );
        most = most.max(used);
    }
    // The memos were used, up to their budget.
    assert!(most > LIMIT / 2, "at most {most} bytes held");
    server.stop().await.expect("clean shutdown");
}
