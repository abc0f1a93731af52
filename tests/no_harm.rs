//! Correct text is left as it is: every sentence of `tests/data/no_harm.txt`
//! (real ZWNJ, names, verb forms, Arabic plurals, phrases a compound list
//! would join), sent alone to a real server, comes back unchanged and with
//! no edit.

mod common;

use common::TestServer;
use matn::api::pb;

#[tokio::test]
async fn correct_sentences_come_back_unchanged() {
    let sentences: Vec<&str> = include_str!("data/no_harm.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert!(sentences.len() >= 30, "{} sentences", sentences.len());
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let mut changed = Vec::new();
    for sentence in &sentences {
        let resp = client
            .normalize(pb::NormalizeRequest {
                document: Some(pb::Document {
                    content: sentence.to_string(),
                    language_code: String::new(),
                }),
                include_edits: true,
                ..Default::default()
            })
            .await
            .expect("normalized")
            .into_inner();
        if resp.normalized_text != *sentence || !resp.edits.is_empty() {
            changed.push(format!(
                "{sentence}\n  -> {} ({} edits)",
                resp.normalized_text,
                resp.edits.len()
            ));
        }
    }
    assert!(changed.is_empty(), "changed:\n{}", changed.join("\n"));
    server.stop().await.expect("clean shutdown");
}
