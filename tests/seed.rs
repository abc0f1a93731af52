//! The seed article through the real server: every word that standard Persian
//! orthography writes with a ZWNJ is restored, and no word is broken; its
//! people, places, organizations, cited agencies and quotes are extracted.

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

/// The entities of one type: each name (the longest mention) with its number
/// of mentions.
fn names(resp: &pb::AnalyzeResponse, kind: pb::EntityType) -> Vec<(String, usize)> {
    resp.entities
        .iter()
        .filter(|e| e.r#type() == kind)
        .map(|e| (e.text.clone(), e.mentions.len()))
        .collect()
}

fn has(list: &[(String, usize)], name: &str, mentions: usize) -> bool {
    list.iter().any(|(n, m)| n == name && *m == mentions)
}

#[tokio::test]
async fn seed_people_places_agencies_and_quotes_are_extracted() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let original = seed();
    let resp = client
        .analyze(pb::AnalyzeRequest {
            document: Some(pb::Document {
                content: original.clone(),
                language_code: String::new(),
            }),
            ..Default::default()
        })
        .await
        .expect("analyze seed")
        .into_inner();

    // The two people, every mention of each (surname alone included).
    let people = names(&resp, pb::EntityType::Person);
    assert!(has(&people, "علی شمخانی", 5), "{people:?}");
    assert!(has(&people, "الکساندر لاورنتیف", 2), "{people:?}");
    assert!(has(&people, "پوتین", 1), "{people:?}");
    let places = names(&resp, pb::EntityType::Location);
    for (place, n) in [
        ("سوریه", 11),
        ("تهران", 1),
        ("آمریکا", 2),
        ("خاورمیانه", 1),
        ("حلب", 1),
        ("عراق", 1),
    ] {
        assert!(has(&places, place, n), "{place} in {places:?}");
    }
    let orgs = names(&resp, pb::EntityType::Organization);
    for org in ["آران نیوز", "ایسنا", "شورای امنیت ملی ایران"] {
        assert!(has(&orgs, org, 1), "{org} in {orgs:?}");
    }

    // The agencies it cites.
    let cited: Vec<(&str, &str)> = resp
        .attributions
        .iter()
        .map(|a| (a.cue.as_str(), a.source.as_str()))
        .collect();
    assert_eq!(cited, [("به گزارش", "آران نیوز"), ("به نقل از", "ایسنا")]);

    // Every quote with its speaker and the person it names: `او` is the
    // speaker before it.
    let person = |q: &pb::Quote| {
        q.speaker_entity
            .map(|e| resp.entities[e as usize].text.clone())
            .unwrap_or_default()
    };
    let quotes: Vec<(String, String, String, bool, String)> = resp
        .quotes
        .iter()
        .map(|q| {
            let first_words: Vec<&str> = q.text.split(' ').take(3).collect();
            (
                q.speaker.clone(),
                q.reporting_verb.clone(),
                first_words.join(" "),
                q.direct,
                person(q),
            )
        })
        .collect();
    let want = [
        ("شمخانی", "تأکید کرد", "پس از هر", true, "علی شمخانی"),
        ("او", "افزود", "همکاری‌های سازنده میان", true, "علی شمخانی"),
        ("شمخانی", "گفت", "مردم در کشورهای", true, "علی شمخانی"),
        (
            "مقام عالی هماهنگ‌کننده اقدامات سیاسی",
            "اظهار کرد",
            "رایزنی نزدیک کشورهای",
            true,
            "",
        ),
        (
            "شمخانی",
            "عنوان کرد",
            "اولین اجلاس دبیران",
            false,
            "علی شمخانی",
        ),
        ("شمخانی", "افزود", "آزادسازی کامل کشور", true, "علی شمخانی"),
        (
            "لاورنتیف",
            "خاطرنشان کرد",
            "دو کشور درباره",
            true,
            "الکساندر لاورنتیف",
        ),
        (
            "او",
            "افزود",
            "پایبندی طرف‌های توافق",
            true,
            "الکساندر لاورنتیف",
        ),
    ];
    let want: Vec<(String, String, String, bool, String)> = want
        .iter()
        .map(|(s, v, q, d, p)| {
            (
                s.to_string(),
                v.to_string(),
                q.to_string(),
                *d,
                p.to_string(),
            )
        })
        .collect();
    assert_eq!(quotes, want);
    // A direct quote after a colon runs to its sentence's end.
    let last = resp.quotes.last().expect("quotes");
    let span = last.span.as_ref().expect("span");
    assert!(original[..span.end as usize].ends_with("خواهد بود"));
    server.stop().await.expect("clean shutdown");
}
