//! End-to-end tests: a real server on 127.0.0.1:0 called with the generated client.

mod common;

use common::{seed, TestServer};
use matn::api::pb::{self, analyze_stream_response::Result as StreamResult};
use matn::config::Settings;
use tonic::Code;
use tonic_types::StatusExt;

fn doc(text: &str) -> Option<pb::Document> {
    Some(pb::Document {
        content: text.to_string(),
        language_code: String::new(),
    })
}

fn analyze_req(text: &str, enc: pb::OffsetEncoding) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: doc(text),
        offset_encoding: enc as i32,
        ..Default::default()
    }
}

/// Slices `text` by a span counted in `enc`.
fn slice(text: &str, span: &pb::Span, enc: pb::OffsetEncoding) -> String {
    let (s, e) = (span.start as usize, span.end as usize);
    match enc {
        pb::OffsetEncoding::Utf16 => {
            let units: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(&units[s..e]).expect("span on UTF-16 boundaries")
        }
        pb::OffsetEncoding::CodePoint => text.chars().skip(s).take(e - s).collect(),
        _ => text
            .get(s..e)
            .expect("span on UTF-8 boundaries")
            .to_string(),
    }
}

#[tokio::test]
async fn analyze_spans_slice_the_original_in_every_encoding() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // Emoji (astral, ZWJ sequence), ZWNJ, Arabic letters, a tanwin, Latin, a URL.
    let text = "سلام 👨‍👩‍👧 دوستان! كتاب‌های علي را می خوانند. کاملاً 😀 ok https://x.ir/a";
    for enc in [
        pb::OffsetEncoding::Utf8,
        pb::OffsetEncoding::Utf16,
        pb::OffsetEncoding::CodePoint,
    ] {
        let resp = client
            .analyze(analyze_req(text, enc))
            .await
            .expect("analyze")
            .into_inner();
        assert!(!resp.tokens.is_empty());
        for t in &resp.tokens {
            let span = t.span.as_ref().expect("token span");
            assert_eq!(slice(text, span, enc), t.text, "{enc:?}: token {t:?}");
            let nspan = t.normalized_span.as_ref().expect("normalized span");
            assert_eq!(
                slice(&resp.normalized_text, nspan, enc),
                t.normalized,
                "{enc:?}: token {t:?}"
            );
        }
        let texts: Vec<&str> = resp.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "سلام",
                "👨‍👩‍👧",
                "دوستان",
                "!",
                "كتاب‌های",
                "علي",
                "را",
                "می خوانند",
                ".",
                "کاملاً",
                "😀",
                "ok",
                "https://x.ir/a"
            ],
            "{enc:?}"
        );
        let normalized: Vec<&str> = resp.tokens.iter().map(|t| t.normalized.as_str()).collect();
        assert_eq!(
            normalized[4..8],
            ["کتاب‌های", "علی", "را", "می‌خوانند"],
            "{enc:?}"
        );
        assert_eq!(resp.sentences.len(), 3, "{enc:?}");
        for s in &resp.sentences {
            assert_eq!(
                slice(
                    &resp.normalized_text,
                    s.normalized_span.as_ref().expect("span"),
                    enc
                ),
                s.text
            );
        }
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn analyze_seed_matches_golden_file() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let resp = client
        .analyze(analyze_req(&seed(), pb::OffsetEncoding::CodePoint))
        .await
        .expect("analyze seed")
        .into_inner();
    let got = matn::api::json::to_value(&resp).expect("json");
    let got = serde_json::to_string_pretty(&got).expect("pretty") + "\n";
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/seed.analyze.json"
    );
    if std::env::var_os("MATN_BLESS").is_some() {
        std::fs::write(path, &got).expect("write golden");
    }
    let want =
        std::fs::read_to_string(path).expect("golden file (run with MATN_BLESS=1 to create)");
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "seed analysis differs from tests/golden/seed.analyze.json at line {}\n expected: {}\n   actual: {}\n(rerun with MATN_BLESS=1 if the change is intended)",
            first + 1,
            want.lines().nth(first).unwrap_or(""),
            got.lines().nth(first).unwrap_or("")
        );
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn normalize_reports_every_edit_with_rule_and_spans() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let text = "كتاب هاي علي ، 123";
    let resp = client
        .normalize(pb::NormalizeRequest {
            document: doc(text),
            include_edits: true,
            offset_encoding: pb::OffsetEncoding::CodePoint as i32,
            ..Default::default()
        })
        .await
        .expect("normalize")
        .into_inner();
    assert_eq!(resp.normalized_text, "کتاب‌های علی، ۱۲۳");
    let edits: Vec<(String, String, String)> = resp
        .edits
        .iter()
        .map(|e| (e.original.clone(), e.replacement.clone(), e.rule.clone()))
        .collect();
    let want = [
        ("ك", "ک", "letters.arabic_kaf"),
        (" ", "\u{200C}", "zwnj.suffix"),
        ("ي", "ی", "letters.arabic_yeh"),
        ("ي", "ی", "letters.arabic_yeh"),
        (" ", "", "spacing.before_punct"),
        ("123", "۱۲۳", "digits.persian"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(edits, want);
    for e in &resp.edits {
        let span = e.span.as_ref().expect("edit span");
        assert_eq!(slice(text, span, pb::OffsetEncoding::CodePoint), e.original);
        let n = e.normalized_span.as_ref().expect("normalized span");
        assert_eq!(
            slice(&resp.normalized_text, n, pb::OffsetEncoding::CodePoint),
            e.replacement,
            "{e:?}"
        );
    }
    assert_eq!(resp.language.expect("language").code, "fa");

    // Options: Latin digits, no ZWNJ step, minimal preset keeps punctuation spacing.
    let resp = client
        .normalize(pb::NormalizeRequest {
            document: doc(text),
            normalization: Some(pb::NormalizationOptions {
                digits: pb::DigitStyle::Latin as i32,
                zwnj: Some(false),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .expect("normalize with options")
        .into_inner();
    assert_eq!(resp.normalized_text, "کتاب های علی، 123");
    let resp = client
        .normalize(pb::NormalizeRequest {
            document: doc(text),
            normalization: Some(pb::NormalizationOptions {
                preset: pb::NormalizationPreset::Minimal as i32,
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .expect("normalize minimal")
        .into_inner();
    assert_eq!(resp.normalized_text, "کتاب های علی ، 123");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn zwnj_restorer_halves_switch_off() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // Mostly glued damage, one spaced word: both halves have work.
    let text = "آنها میپردازند و میگویند و کتابها و می پردازند";
    let run = |glued: Option<bool>, spaced: Option<bool>| pb::NormalizeRequest {
        document: doc(text),
        normalization: Some(pb::NormalizationOptions {
            zwnj_glued: glued,
            zwnj_spaced: spaced,
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut out = Vec::new();
    for (g, sp) in [(None, None), (Some(false), None), (None, Some(false))] {
        out.push(
            client
                .normalize(run(g, sp))
                .await
                .expect("normalize")
                .into_inner()
                .normalized_text,
        );
    }
    assert_eq!(
        out,
        [
            "آنها می‌پردازند و می‌گویند و کتاب‌ها و می‌پردازند",
            "آنها میپردازند و میگویند و کتابها و می‌پردازند",
            "آنها می‌پردازند و می‌گویند و کتاب‌ها و می پردازند",
        ]
    );
    let mut req = run(None, None);
    req.normalization = Some(pb::NormalizationOptions {
        comparative_style: 7,
        ..Default::default()
    });
    let err = client.normalize(req).await.expect_err("bad enum");
    assert_eq!(violations(&err)[0].0, "normalization.comparative_style");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn arabic_text_is_not_persianized() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let text = "قال الرئيس إن الاجتماع في القاهرة كان مفيدا جدا ١٢٣";
    let resp = client
        .analyze(analyze_req(text, pb::OffsetEncoding::Utf8))
        .await
        .expect("analyze")
        .into_inner();
    assert_eq!(resp.normalized_text, text);
    assert_eq!(resp.language.expect("language").code, "ar");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn capabilities_list_steps_entities_and_limits() {
    let mut settings = Settings::default();
    settings.limits.workers = 3;
    settings.limits.stream_max_in_flight = 7;
    let server = TestServer::start(settings).await;
    let mut client = server.client().await;
    let caps = client
        .get_capabilities(pb::GetCapabilitiesRequest {})
        .await
        .expect("caps")
        .into_inner();
    let ids: Vec<&str> = caps
        .normalization_steps
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "invisible",
            "unicode",
            "diacritics",
            "letters",
            "digits",
            "punctuation",
            "whitespace",
            "spacing",
            "zwnj"
        ]
    );
    assert!(caps
        .normalization_steps
        .iter()
        .all(|s| !s.rule_ids.is_empty() && !s.description.is_empty()));
    assert_eq!(caps.server_version, env!("CARGO_PKG_VERSION"));
    let limits = caps.limits.expect("limits");
    assert_eq!(limits.max_document_bytes, 1 << 20);
    assert_eq!((limits.workers, limits.stream_max_in_flight), (3, 7));
    assert!(caps.entity_types.contains(&(pb::EntityType::Url as i32)));
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn tokens_carry_lemmas_stopword_flags_and_verb_groups() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // A number is its own lemma as written in the dictionary style (UD's
    // convention), as normalized in the stem style (a search key).
    // The text lost all its ZWNJ (a text that writes some and glues its
    // plurals keeps them glued).
    let text = "کودکان کتابها را نمیخوانند و 2 دفتر خریدهاند. او خواهد رفت.";
    let mut got = Vec::new();
    for style in [pb::LemmaStyle::Unspecified, pb::LemmaStyle::Stem] {
        let mut req = analyze_req(text, pb::OffsetEncoding::Utf8);
        req.lemma_style = style as i32;
        let resp = client.analyze(req).await.expect("analyze").into_inner();
        got.push(
            resp.tokens
                .iter()
                .map(|t| {
                    format!(
                        "{}:{}:{}:{}",
                        t.normalized,
                        t.lemma,
                        u8::from(t.stopword),
                        t.verb_group
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    assert_eq!(
        got[0],
        "کودکان:کودک:0:0 کتاب‌ها:کتاب:0:0 را:را:1:0 نمی‌خوانند:خواند#خوان:0:0 و:و:1:0 \
         ۲:2:0:0 دفتر:دفتر:0:0 خریده‌اند:خرید#خر:0:0 .:.:0:0 او:او:1:0 \
         خواهد:خواست#خواه:0:1 رفت:رفت#رو:1:1 .:.:0:0"
    );
    assert_eq!(
        got[1],
        "کودکان:کودک:0:0 کتاب‌ها:کتاب:0:0 را:را:1:0 نمی‌خوانند:خواند:0:0 و:و:1:0 \
         ۲:۲:0:0 دفتر:دفتر:0:0 خریده‌اند:خرید:0:0 .:.:0:0 او:او:1:0 \
         خواهد:خواست:0:1 رفت:رفت:1:1 .:.:0:0"
    );
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn value_entities_carry_resolved_values_and_original_spans() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // Arabic yeh and Latin digits in the input: spans count on it, not on
    // the normalized text.
    let text = "در ۱۵ آبان ۱۴۰۲ ساعت 10:30 مبلغ ۲ ميليون تومان و ۲۰ درصد و ۱۰ محرم ۱۴۴۵ و دیروز.";
    let resp = client
        .analyze(analyze_req(text, pb::OffsetEncoding::CodePoint))
        .await
        .expect("analyze")
        .into_inner();
    let got: Vec<String> = resp
        .entities
        .iter()
        .map(|e| {
            let m = &e.mentions[0];
            let span = m.span.as_ref().expect("span");
            let value = match e.value.as_ref().and_then(|v| v.kind.as_ref()) {
                Some(pb::entity_value::Kind::Date(d)) => d.clone(),
                Some(pb::entity_value::Kind::Time(t)) => t.clone(),
                Some(pb::entity_value::Kind::Number(n)) => n.to_string(),
                Some(pb::entity_value::Kind::Money(m)) => {
                    format!("{} {} ({})", m.amount, m.currency_code, m.note)
                }
                Some(pb::entity_value::Kind::Text(t)) => t.clone(),
                None => format!("relative={}", e.value.as_ref().is_some_and(|v| v.relative)),
            };
            format!(
                "{:?}|{}|{}",
                e.r#type(),
                slice(text, span, pb::OffsetEncoding::CodePoint),
                value
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Time|۱۵ آبان ۱۴۰۲ ساعت 10:30|2023-11-06T10:30:00",
            "Money|۲ ميليون تومان|20000000 IRR (toman = 10 IRR)",
            "Percent|۲۰ درصد|20",
            "Date|۱۰ محرم ۱۴۴۵|2023-07-28",
            "Date|دیروز|relative=true",
        ]
    );
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn quotes_attributions_keywords_and_phones_come_with_original_spans() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    // Arabic yeh and kaf, an emoji and Latin digits: UTF-16 spans count on
    // this text, not on the normalized one.
    let text = "به گزارش ايسنا، سخنگوی دولت 🙂 گفت: «قيمت نفت ثابت می‌ماند.» \
                وی افزود که قیمت نفت خام در بازار کاهش نمی‌یابد. \
                تلفن روابط عمومی 021-88776655 است. قیمت نفت خام بالا رفت.";
    let mut req = analyze_req(text, pb::OffsetEncoding::Utf16);
    req.max_keywords = 2;
    let resp = client.analyze(req).await.expect("analyze").into_inner();
    let at = |span: &Option<pb::Span>| {
        slice(
            text,
            span.as_ref().expect("span"),
            pb::OffsetEncoding::Utf16,
        )
    };
    let attributions: Vec<(String, String, String)> = resp
        .attributions
        .iter()
        .map(|a| (at(&a.span), at(&a.source_span), a.source.clone()))
        .collect();
    assert_eq!(
        attributions,
        [(
            "به گزارش ايسنا".to_string(),
            "ايسنا".to_string(),
            "ایسنا".to_string()
        )]
    );
    let quotes: Vec<(String, String, String, bool)> = resp
        .quotes
        .iter()
        .map(|q| {
            (
                at(&q.speaker_span),
                q.reporting_verb.clone(),
                at(&q.span),
                q.direct,
            )
        })
        .collect();
    assert_eq!(
        quotes,
        [
            (
                "سخنگوی دولت".to_string(),
                "گفت".to_string(),
                "قيمت نفت ثابت می‌ماند.".to_string(),
                true
            ),
            (
                "وی".to_string(),
                "افزود".to_string(),
                "قیمت نفت خام در بازار کاهش نمی‌یابد".to_string(),
                false
            ),
        ]
    );
    let keywords: Vec<(String, Vec<String>)> = resp
        .keywords
        .iter()
        .map(|k| {
            let spans = k.spans.iter().map(|s| at(&Some(*s))).collect();
            (k.phrase.clone(), spans)
        })
        .collect();
    assert_eq!(
        keywords,
        [
            (
                "قیمت نفت".to_string(),
                vec![
                    "قيمت نفت".to_string(),
                    "قیمت نفت".to_string(),
                    "قیمت نفت".to_string()
                ]
            ),
            (
                "قیمت نفت خام".to_string(),
                vec!["قیمت نفت خام".to_string(), "قیمت نفت خام".to_string()]
            ),
        ]
    );
    let phones: Vec<(String, String)> = resp
        .entities
        .iter()
        .filter(|e| e.r#type() == pb::EntityType::Phone)
        .map(|e| {
            let value = match e.value.as_ref().and_then(|v| v.kind.as_ref()) {
                Some(pb::entity_value::Kind::Text(t)) => t.clone(),
                other => format!("{other:?}"),
            };
            (at(&e.mentions[0].span), value)
        })
        .collect();
    assert_eq!(
        phones,
        [("021-88776655".to_string(), "+982188776655".to_string())]
    );
    // The attribution's source is an organization among the entities.
    assert!(resp
        .entities
        .iter()
        .any(|e| e.r#type() == pb::EntityType::Organization && e.text == "ایسنا"));
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn relative_dates_resolve_against_the_document_date() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let text = "دیروز و ۳ روز پیش و هفته آینده و سال گذشته";
    let dates = |resp: pb::AnalyzeResponse| -> Vec<(String, String, bool)> {
        resp.entities
            .iter()
            .filter(|e| e.r#type() == pb::EntityType::Date)
            .map(|e| {
                let v = e.value.as_ref().expect("value");
                let date = match &v.kind {
                    Some(pb::entity_value::Kind::Date(d)) => d.clone(),
                    _ => String::new(),
                };
                (e.text.clone(), date, v.relative)
            })
            .collect()
    };
    let mut req = analyze_req(text, pb::OffsetEncoding::Utf8);
    req.document_date = "2023-11-06".to_string();
    let got = dates(client.analyze(req).await.expect("analyze").into_inner());
    let want = [
        ("دیروز", "2023-11-05"),
        ("۳ روز پیش", "2023-11-03"),
        ("هفته آینده", "2023-W46"),
        ("سال گذشته", ""),
    ];
    let want: Vec<(String, String, bool)> = want
        .iter()
        .map(|(t, d)| (t.to_string(), d.to_string(), true))
        .collect();
    assert_eq!(got, want);
    // Without the document's date, none resolves.
    let got = dates(
        client
            .analyze(analyze_req(text, pb::OffsetEncoding::Utf8))
            .await
            .expect("analyze")
            .into_inner(),
    );
    assert!(got.iter().all(|(_, d, relative)| d.is_empty() && *relative));
    server.stop().await.expect("clean shutdown");
}

fn violations(status: &tonic::Status) -> Vec<(String, String)> {
    status
        .get_details_bad_request()
        .map(|b| {
            b.field_violations
                .into_iter()
                .map(|v| (v.field, v.description))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn bad_requests_get_invalid_argument_with_field_violations() {
    let mut settings = Settings::default();
    settings.limits.max_document_bytes = 100;
    settings.limits.max_message_bytes = 100 + (64 << 10);
    let server = TestServer::start(settings).await;
    let mut client = server.client().await;

    let err = client
        .analyze(pb::AnalyzeRequest::default())
        .await
        .expect_err("no document");
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&err),
        [("document".to_string(), "is required".to_string())]
    );

    let err = client
        .analyze(analyze_req("", pb::OffsetEncoding::Utf8))
        .await
        .expect_err("empty");
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&err),
        [(
            "document.content".to_string(),
            "must not be empty".to_string()
        )]
    );

    let big = "س".repeat(51);
    let err = client
        .normalize(pb::NormalizeRequest {
            document: doc(&big),
            ..Default::default()
        })
        .await
        .expect_err("big");
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&err),
        [(
            "document.content".to_string(),
            "is 102 bytes of UTF-8; this server accepts at most 100 (max_document_bytes)"
                .to_string()
        )]
    );

    let mut req = analyze_req("سلام", pb::OffsetEncoding::Utf8);
    req.offset_encoding = 42;
    req.normalization = Some(pb::NormalizationOptions {
        digits: 9,
        ..Default::default()
    });
    req.lemma_style = 7;
    req.max_keywords = 101;
    req.document_date = "2023-02-30".to_string();
    let err = client.analyze(req).await.expect_err("bad enums");
    assert_eq!(err.code(), Code::InvalidArgument);
    let fields: Vec<String> = violations(&err).into_iter().map(|v| v.0).collect();
    assert_eq!(
        fields,
        [
            "offset_encoding",
            "normalization.digits",
            "lemma_style",
            "max_keywords",
            "document_date"
        ]
    );

    // A message over the transport limit is refused before decoding.
    let huge = "a".repeat(200 << 10);
    let err = client
        .analyze(analyze_req(&huge, pb::OffsetEncoding::Utf8))
        .await
        .expect_err("huge message");
    assert_eq!(err.code(), Code::ResourceExhausted, "got {err:?}");

    // The server is still fine afterwards.
    assert!(client
        .analyze(analyze_req("سلام", pb::OffsetEncoding::Utf8))
        .await
        .is_ok());
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn analyze_stream_echoes_ids_and_reports_errors_in_band() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let texts = ["اولین سند.", "", "سومین سند است."];
    let reqs: Vec<pb::AnalyzeStreamRequest> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| pb::AnalyzeStreamRequest {
            id: format!("doc-{i}"),
            request: Some(analyze_req(t, pb::OffsetEncoding::Utf8)),
            ..Default::default()
        })
        .collect();
    // Answers come as documents are done; the summary comes last.
    let (mut got, s) = common::run_stream(&mut client, reqs).await;
    assert_eq!((s.documents, s.succeeded, s.failed), (3, 2, 1));
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    assert_eq!(s.content_bytes, bytes as u64);
    got.sort_by(|a, b| a.id.cmp(&b.id));
    let ids: Vec<&str> = got.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["doc-0", "doc-1", "doc-2"]);
    match &got[0].result {
        Some(StreamResult::Response(r)) => assert_eq!(r.normalized_text, "اولین سند."),
        other => panic!("doc-0: expected a response, got {other:?}"),
    }
    match &got[1].result {
        Some(StreamResult::Error(s)) => {
            assert_eq!(s.code, Code::InvalidArgument as i32);
            assert_eq!(s.details.len(), 1);
            assert_eq!(
                s.details[0].type_url,
                "type.googleapis.com/google.rpc.BadRequest"
            );
            let bad = <tonic_types::pb::BadRequest as prost::Message>::decode(
                s.details[0].value.as_slice(),
            )
            .expect("BadRequest decodes");
            assert_eq!(bad.field_violations[0].field, "request.document.content");
        }
        other => panic!("doc-1: expected an error, got {other:?}"),
    }
    match &got[2].result {
        Some(StreamResult::Response(r)) => assert_eq!(r.tokens.len(), 4),
        other => panic!("doc-2: expected a response, got {other:?}"),
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn health_reports_serving() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{health_client::HealthClient, HealthCheckRequest};
    let server = TestServer::default().await;
    let mut health = HealthClient::new(server.channel().await);
    for service in ["", "matn.v1.TextAnalysisService"] {
        let resp = health
            .check(HealthCheckRequest {
                service: service.to_string(),
            })
            .await
            .expect("health check")
            .into_inner();
        assert_eq!(resp.status(), ServingStatus::Serving, "service {service:?}");
    }
    // The CLI's health command agrees.
    let args = matn::config::HealthArgs {
        addr: server.addr.to_string(),
        service: String::new(),
        timeout_seconds: 3,
        tls_ca: None,
        tls_domain: None,
    };
    assert_eq!(matn::cli::health(&args).await, 0);
    server.stop().await.expect("clean shutdown");
    let args = matn::config::HealthArgs {
        addr: server_addr_closed().await,
        service: String::new(),
        timeout_seconds: 1,
        tls_ca: None,
        tls_domain: None,
    };
    assert_eq!(matn::cli::health(&args).await, 1);
}

/// An address nobody listens on.
async fn server_addr_closed() -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = l.local_addr().expect("addr");
    drop(l);
    addr.to_string()
}

#[tokio::test]
async fn reflection_v1_and_v1alpha_list_the_services() {
    use tokio_stream::StreamExt;
    let server = TestServer::default().await;
    let channel = server.channel().await;

    let mut v1 = tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient::new(
        channel.clone(),
    );
    let req = tonic_reflection::pb::v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(
            tonic_reflection::pb::v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            ),
        ),
    };
    let mut resp = v1
        .server_reflection_info(tokio_stream::iter(vec![req]))
        .await
        .expect("v1")
        .into_inner();
    let msg = resp.next().await.expect("one response").expect("ok");
    let names: Vec<String> = match msg.message_response {
        Some(tonic_reflection::pb::v1::server_reflection_response::MessageResponse::ListServicesResponse(l)) => {
            l.service.into_iter().map(|s| s.name).collect()
        }
        other => panic!("unexpected v1 reflection answer {other:?}"),
    };
    assert!(
        names.contains(&"matn.v1.TextAnalysisService".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"grpc.health.v1.Health".to_string()),
        "{names:?}"
    );

    let mut v1a =
        tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient::new(
            channel,
        );
    let req = tonic_reflection::pb::v1alpha::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(
            tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest::FileContainingSymbol(
                "matn.v1.TextAnalysisService".to_string(),
            ),
        ),
    };
    let mut resp = v1a
        .server_reflection_info(tokio_stream::iter(vec![req]))
        .await
        .expect("v1alpha")
        .into_inner();
    let msg = resp.next().await.expect("one response").expect("ok");
    match msg.message_response {
        Some(tonic_reflection::pb::v1alpha::server_reflection_response::MessageResponse::FileDescriptorResponse(f)) => {
            assert!(!f.file_descriptor_proto.is_empty());
        }
        other => panic!("unexpected v1alpha reflection answer {other:?}"),
    }
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn graceful_shutdown_drains_open_streams() {
    let server = TestServer::default().await;
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::AnalyzeStreamRequest>(4);
    let mut responses = client
        .analyze_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("stream")
        .into_inner();
    let send = |id: &str, text: &str| pb::AnalyzeStreamRequest {
        id: id.to_string(),
        request: Some(analyze_req(text, pb::OffsetEncoding::Utf8)),
        ..Default::default()
    };
    tx.send(send("before", "پیش از خاموشی."))
        .await
        .expect("send");
    let first = responses
        .message()
        .await
        .expect("first response")
        .expect("one message");
    assert_eq!(first.id, "before");

    // Shutdown starts while the stream is open: the server refuses new
    // connections but keeps serving this stream until the client closes it.
    let stopping = tokio::spawn(server.stop());
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        !stopping.is_finished(),
        "the server must wait for the open stream"
    );
    tx.send(send("after", "پس از فرمان خاموشی."))
        .await
        .expect("send after shutdown began");
    let second = responses
        .message()
        .await
        .expect("second response")
        .expect("one message");
    assert_eq!(second.id, "after");
    drop(tx);
    let last = responses.message().await.expect("summary").expect("one");
    assert!(matches!(last.result, Some(StreamResult::Summary(_))));
    assert!(responses.message().await.expect("clean end").is_none());
    stopping
        .await
        .expect("joined")
        .expect("server exits cleanly");
}

#[tokio::test]
async fn streams_past_max_streams_are_refused_at_once_and_unary_calls_go_on() {
    let mut settings = Settings::default();
    settings.limits.max_streams = 1;
    settings.limits.max_in_flight = 1;
    let server = TestServer::start(settings).await;
    let mut client = server.client().await;
    let analyze = pb::AnalyzeRequest {
        document: Some(pb::Document {
            content: "سلام دنیا.".into(),
            language_code: String::new(),
        }),
        ..Default::default()
    };
    // One open stream is the one stream allowed.
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let mut stream = client
        .analyze_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("the first stream is admitted")
        .into_inner();
    tx.send(pb::AnalyzeStreamRequest {
        id: "a".into(),
        request: Some(analyze.clone()),
        ..Default::default()
    })
    .await
    .expect("send");
    let first = stream.message().await.expect("answer").expect("one");
    assert_eq!(first.id, "a");
    for call in ["AnalyzeStream", "StreamText"] {
        let refused = match call {
            "AnalyzeStream" => client
                .analyze_stream(tokio_stream::iter(Vec::<pb::AnalyzeStreamRequest>::new()))
                .await
                .map(|_| ()),
            _ => client
                .stream_text(tokio_stream::iter(Vec::<pb::StreamTextRequest>::new()))
                .await
                .map(|_| ()),
        }
        .expect_err("a second stream is refused");
        assert_eq!(
            refused.code(),
            Code::ResourceExhausted,
            "{call}: {refused:?}"
        );
        assert!(
            refused.get_details_retry_info().is_some(),
            "{call}: no RetryInfo: {refused:?}"
        );
    }
    // Unary calls have places of their own; capabilities are not counted.
    client
        .analyze(analyze.clone())
        .await
        .expect("unary admitted");
    let caps = client
        .get_capabilities(pb::GetCapabilitiesRequest {})
        .await
        .expect("capabilities")
        .into_inner();
    let limits = caps.limits.expect("limits");
    assert_eq!((limits.max_in_flight, limits.max_streams), (1, 1));
    // The stream ends: its permit is back.
    drop(tx);
    while stream.message().await.expect("message").is_some() {}
    let mut again = false;
    for _ in 0..50 {
        if client
            .stream_text(tokio_stream::iter(Vec::<pb::StreamTextRequest>::new()))
            .await
            .is_ok()
        {
            again = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(again, "a stream is admitted again");
    server.stop().await.expect("clean shutdown");
}

#[tokio::test]
async fn reflection_can_be_turned_off() {
    let settings = Settings {
        reflection: false,
        ..Default::default()
    };
    let server = TestServer::start(settings).await;
    let mut v1 = tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient::new(
        server.channel().await,
    );
    let req = tonic_reflection::pb::v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(
            tonic_reflection::pb::v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            ),
        ),
    };
    let err = v1
        .server_reflection_info(tokio_stream::iter(vec![req]))
        .await
        .expect_err("no reflection");
    assert_eq!(err.code(), Code::Unimplemented, "{err:?}");
    // The service itself still answers.
    let mut client = server.client().await;
    client
        .get_capabilities(pb::GetCapabilitiesRequest {})
        .await
        .expect("capabilities");
    server.stop().await.expect("clean shutdown");
}
