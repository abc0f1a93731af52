//! Documents in other languages than Persian: the layers that apply, and
//! the Persian-only ones said to be skipped.

mod common;

use common::TestServer;
use matn::api::pb;

fn request(text: &str, language: &str) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: text.into(),
            language_code: language.into(),
        }),
        ..Default::default()
    }
}

/// (type, text) of each entity.
fn entities(r: &pb::AnalyzeResponse) -> Vec<(pb::EntityType, &str)> {
    r.entities
        .iter()
        .map(|e| (e.r#type(), e.text.as_str()))
        .collect()
}

fn skipped(r: &pb::AnalyzeResponse) -> Vec<pb::Layer> {
    r.skipped_layers.iter().map(|s| s.layer()).collect()
}

const ALL_SKIPPED: [pb::Layer; 5] = [
    pb::Layer::Lemmas,
    pb::Layer::NamedEntities,
    pb::Layer::Keywords,
    pb::Layer::Quotes,
    pb::Layer::Attributions,
];

#[tokio::test]
async fn english_gets_value_entities_and_no_persian_layers() {
    use pb::EntityType::*;
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let text =
        "The quick brown fox met Ali in Tehran. See https://example.com on 2024-03-20 at 10:30, \
                or write to a@b.ir.";
    let r = client
        .analyze(request(text, ""))
        .await
        .expect("analyzed")
        .into_inner();
    let language = r.language.clone().unwrap_or_default();
    assert_eq!(language.code, "en");
    assert!(language.score > 0.5, "{language:?}");
    // Latin text is not persianized: the comma and digits stay.
    assert_eq!(r.normalized_text, text);
    assert_eq!(
        entities(&r),
        [
            (Url, "https://example.com"),
            (Date, "2024-03-20"),
            (Time, "10:30"),
            (Email, "a@b.ir"),
        ]
    );
    assert_eq!(skipped(&r), ALL_SKIPPED);
    let reason = &r.skipped_layers[0].reason;
    assert!(reason.contains("\"en\""), "{reason}");
    assert!(r.keywords.is_empty() && r.quotes.is_empty() && r.attributions.is_empty());
    assert_eq!(r.sentences.len(), 2);
    assert!(r
        .tokens
        .iter()
        .all(|t| t.lemma.is_empty() && !t.stopword && t.verb_group == 0));

    // Declared Persian, the same text gets every layer.
    let r = client
        .analyze(request(text, "fa"))
        .await
        .expect("analyzed")
        .into_inner();
    assert!(r.skipped_layers.is_empty(), "{:?}", r.skipped_layers);
    assert!(r.tokens.iter().all(|t| !t.lemma.is_empty()));
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn arabic_and_unknown_latin_skip_the_persian_layers_asked_for() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let arabic = "قال الرئيس إن الاجتماع في القاهرة كان مفيدا في مؤتمر يوم 12 مايو.";
    let r = client
        .analyze(request(arabic, ""))
        .await
        .expect("analyzed")
        .into_inner();
    assert_eq!(r.language.clone().unwrap_or_default().code, "ar");
    // Arabic letters are not persianized, and no person is made of `في مؤتمر`.
    assert!(
        r.normalized_text.contains("الرئيس"),
        "{}",
        r.normalized_text
    );
    assert!(
        r.entities
            .iter()
            .all(|e| e.r#type() == pb::EntityType::Number),
        "{:?}",
        entities(&r)
    );
    assert_eq!(skipped(&r), ALL_SKIPPED);

    // Only the layers asked for are listed.
    let mut req = request("iPhone Galaxy Pixel", "");
    req.features = Some(pb::Features {
        tokens: true,
        keywords: true,
        ..Default::default()
    });
    let r = client.analyze(req).await.expect("analyzed").into_inner();
    let language = r.language.clone().unwrap_or_default();
    assert_eq!((language.code.as_str(), language.score), ("und", 0.0));
    assert_eq!(skipped(&r), [pb::Layer::Keywords]);
    assert_eq!(r.tokens.len(), 3);

    // Persian text skips nothing.
    let r = client
        .analyze(request("کتاب خوبی خواندم.", ""))
        .await
        .expect("analyzed")
        .into_inner();
    assert!(r.skipped_layers.is_empty());
    server.stop().await.expect("clean shutdown");
}
