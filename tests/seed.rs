//! The seed article through the real server: every word that standard Persian
//! orthography writes with a ZWNJ is restored, and no word is broken.

mod common;

use common::{seed, TestServer};
use matn::api::pb;

/// The seed's glued words, as the standard orthography writes them, in text order.
const RESTORED: &[&str] = &[
    "رئیس‌جمهور",
    "همکاری‌های",
    "گفت‌وگو",
    "ثبات‌زدا",
    "تنش‌آفرین",
    "گروه‌های",
    "همکاری‌های",
    "تروریست‌ها",
    "آتش‌بس",
    "سیاست‌های",
    "تروریست‌ها",
    "می‌پردازند",
    "هماهنگ‌کننده",
    "آتش‌بس",
    "آتش‌بس",
    "تأمین‌کننده",
    "اجتناب‌ناپذیر",
    "هماهنگی‌های",
    "رئیس‌جمهور",
    "همکاری‌های",
    "سازنده‌ای",
    "داده‌اند",
    "طرف‌های",
    "زمینه‌ای",
    "راه‌حل",
];

#[tokio::test]
async fn seed_glued_words_are_restored_and_none_broken() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let original = seed();
    let resp = client
        .normalize(pb::NormalizeRequest {
            document: Some(pb::Document {
                content: original.clone(),
                language_code: String::new(),
            }),
            include_edits: true,
            ..Default::default()
        })
        .await
        .expect("normalize seed")
        .into_inner();
    let text = &resp.normalized_text;
    let with_zwnj: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "،.:؛؟!«»()".contains(c))
        .filter(|w| w.contains('\u{200C}'))
        .collect();
    assert_eq!(
        with_zwnj, RESTORED,
        "words written with ZWNJ after normalization"
    );
    // Nothing but ZWNJ and white space changed: no word was broken or merged.
    let skeleton = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(skeleton(&text.replace('\u{200C}', "")), skeleton(&original));
    let zwnj_edits = resp
        .edits
        .iter()
        .filter(|e| e.rule.starts_with("zwnj."))
        .count();
    assert_eq!(zwnj_edits, RESTORED.len());
    server.stop().await.expect("clean shutdown");
}
