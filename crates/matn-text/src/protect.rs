//! Finds the spans normalization must not change: URLs, emails, @mentions,
//! #hashtags, numbers, dates and times written with digits, and emoji.
//!
//! One multi-pattern regex pass over the original text; candidates are then
//! checked against their neighbours (a number glued to Latin letters, as in
//! `MP3`, is part of a word, not a number).

use crate::align::ProtectedKind;
use crate::script::{is_arabic_mark, is_junk_format, is_mark, HAMZA_ABOVE};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A protected span of the original text (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protected {
    pub range: Range<usize>,
    pub kind: ProtectedKind,
}

// Group names map to kinds; order matters where two patterns start at one place.
const PATTERN: &str = r#"(?x)
  (?P<url>(?i:(?:https?|ftp)://|www\.)[^\s<>«»"'،؛\u{200C}]+
        |(?i:(?-u:\b)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|ir|io|gov|edu|info|co|me|app|dev|ai|uk|de|ru|fr)(?-u:\b))(?:/[^\s<>«»"'،؛]*)?)
 |(?P<email>[A-Za-z0-9_%+](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+])?@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})
 |(?P<mention>@[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)
 |(?P<hashtag>\#[\p{L}\p{N}_](?:[\p{L}\p{M}\p{N}_\u{200C}]*[\p{L}\p{M}\p{N}_])?)
 |(?P<date>\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2}|\d{1,2}[/\-.]\d{1,2}[/\-.]\d{4})
 |(?P<time>\d{1,2}:\d{2}(?::\d{2})?)
 |(?P<number>\d+(?:[,٬]\d{3})*(?:[.٫/]\d+)?)
 |(?P<emoji>\p{Regional_Indicator}{2}
        |[0-9\#*]\u{FE0F}?\u{20E3}
        |\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]*(?:\u{200D}\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]*)*)
"#;

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(PATTERN).expect("protect pattern is valid"))
}

const KINDS: [(&str, ProtectedKind); 8] = [
    ("url", ProtectedKind::Url),
    ("email", ProtectedKind::Email),
    ("mention", ProtectedKind::Mention),
    ("hashtag", ProtectedKind::Hashtag),
    ("date", ProtectedKind::Date),
    ("time", ProtectedKind::Time),
    ("number", ProtectedKind::Number),
    ("emoji", ProtectedKind::Emoji),
];

/// Finds the protected spans of `text`, in order and non-overlapping.
///
/// Matching runs on a view of the text without the characters normalization
/// deletes anyway (tatweel, harakat, ZWNJ, BOM, bidi marks...), so a URL or a number
/// interrupted by one is found whole, and normalized text yields the same spans.
pub fn find(text: &str) -> Vec<Protected> {
    // No pattern matches white space, so only the runs between spaces that hold
    // a character a match can contain besides letters need the regex: Persian
    // prose is mostly skipped byte by byte.
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut hot) = (0, false);
    let mut i = 0;
    while i <= bytes.len() {
        let (space, len) = match bytes.get(i) {
            None => (true, 1),
            Some(&b) if b < 0x80 => {
                hot |= b.is_ascii_alphanumeric() || matches!(b, b'@' | b'#' | b'*');
                (b.is_ascii_whitespace() || b == 0x0B, 1)
            }
            // Arabic-block letters; only its digits can start a match.
            Some(&b @ 0xD8..=0xDB) => {
                let next = bytes.get(i + 1).copied().unwrap_or(0);
                hot |= (b == 0xD9 && (0xA0..=0xA9).contains(&next))
                    || (b == 0xDB && (0xB0..=0xB9).contains(&next));
                (false, 2)
            }
            Some(_) => {
                let c = text[i..].chars().next().unwrap_or(' ');
                hot |= c != '\u{200C}' && may_be_protected(c);
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if space {
            if hot {
                out.extend(find_whole(&text[start..i]).into_iter().map(|p| Protected {
                    range: p.range.start + start..p.range.end + start,
                    kind: p.kind,
                }));
            }
            start = i + len;
            hot = false;
        }
        i += len;
    }
    out
}

/// Whether a character outside ASCII and the Arabic block can be part of a
/// protected span (an emoji, a digit of another script, a symbol...): all but
/// the common punctuation of Persian prose.
pub fn may_be_protected(c: char) -> bool {
    !matches!(c, '«' | '»' | '…' | '–' | '—')
}

/// [`find`] on a text without the fast skipping.
fn find_whole(text: &str) -> Vec<Protected> {
    // Harakat go too (`diacritics` deletes them): `@ali\u{064B}123` is `@ali123`.
    let vanishes = |c: char| {
        matches!(c, '\u{0640}' | '\u{200C}' | '\u{200D}')
            || is_junk_format(c)
            || (is_arabic_mark(c) && c != HAMZA_ABOVE)
    };
    if !text.chars().any(vanishes) {
        return find_in_view(text, None);
    }
    let mut view = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (b, c) in text.char_indices() {
        // A ZWJ joining two emoji is part of the emoji.
        let emoji_joiner = c == '\u{200D}'
            && text[..b].chars().next_back().is_some_and(is_emoji_part)
            && text[b + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(is_emoji_part);
        if !vanishes(c) || emoji_joiner {
            map.extend(b..b + c.len_utf8());
            view.push(c);
        }
    }
    find_in_view(&view, Some(&map))
}

/// Finds spans in `text`; `map` gives the original byte of each byte of `text`
/// when `text` is a view.
fn find_in_view(text: &str, map: Option<&[usize]>) -> Vec<Protected> {
    let mut out = Vec::new();
    let re = regex();
    let mut pos = 0;
    while let Some(caps) = re.captures_at(text, pos) {
        let whole = caps.get(0).expect("group 0 always matches");
        // A rejected candidate may hide a real match that starts inside it.
        let retry = whole.start()
            + text[whole.start()..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        pos = whole.end().max(retry);
        let Some((name, kind)) = KINDS.iter().find(|(n, _)| caps.name(n).is_some()) else {
            pos = retry;
            continue;
        };
        let m = caps.name(name).expect("group matched");
        let mut range = m.range();
        // Neighbours as normalization will leave them: tatweel, marks and
        // invisible characters go away.
        let vanishes = |c: &char| {
            matches!(*c, '\u{0640}' | '\u{200C}' | '\u{200D}') || is_mark(*c) || is_junk_format(*c)
        };
        let before = text[..range.start].chars().rev().find(|c| !vanishes(c));
        let after = text[range.end..].chars().find(|c| !vanishes(c));
        let glued_to_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        match kind {
            ProtectedKind::Url => {
                range.end = range.start + trim_url(m.as_str());
                pos = range.end.max(retry);
            }
            ProtectedKind::Mention | ProtectedKind::Hashtag if glued_to_word(before) => {
                pos = retry;
                continue;
            }
            ProtectedKind::Number | ProtectedKind::Date | ProtectedKind::Time => {
                let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
                if latin(before) || latin(after) {
                    continue; // the whole digit run belongs to the Latin word
                }
                // A trailing separator belongs to the sentence ("... 1,234.").
            }
            ProtectedKind::Emoji => {
                // Plain digits, # and * are Extended_Pictographic-free; © ® ™ alone are symbols, not emoji.
                if matches!(m.as_str(), "©" | "®" | "™") {
                    pos = retry;
                    continue;
                }
            }
            _ => {}
        }
        if range.is_empty() {
            continue;
        }
        if let Some(map) = map {
            range = map[range.start]..map[range.end - 1] + 1;
        }
        out.push(Protected { range, kind: *kind });
    }
    out
}

/// A pictographic character or an emoji modifier (variation selector, skin tone).
fn is_emoji_part(c: char) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^[\p{Extended_Pictographic}\u{FE0F}\u{1F3FB}-\u{1F3FF}]$").expect("valid")
    });
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

/// Length of a URL match without trailing punctuation that belongs to the
/// sentence (a closing bracket stays when the URL opened one).
fn trim_url(url: &str) -> usize {
    let mut end = url.len();
    while let Some(c) = url[..end].chars().next_back() {
        let drop = match c {
            '.' | ',' | ':' | ';' | '!' | '?' | '؟' | '،' | '؛' | '\'' | '"' | '…' => true,
            ')' => url[..end].matches('(').count() < url[..end].matches(')').count(),
            ']' => url[..end].matches('[').count() < url[..end].matches(']').count(),
            _ => false,
        };
        if !drop {
            break;
        }
        end -= c.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, ProtectedKind)> {
        find(text)
            .into_iter()
            .map(|p| (&text[p.range], p.kind))
            .collect()
    }

    #[test]
    fn table() {
        use ProtectedKind::*;
        type Case<'a> = (&'a str, &'a str, Vec<(&'a str, ProtectedKind)>);
        let cases: &[Case] = &[
            (
                "url",
                "ببینید https://example.com/a?b=1.",
                vec![("https://example.com/a?b=1", Url)],
            ),
            ("url_www", "در www.isna.ir خبر", vec![("www.isna.ir", Url)]),
            ("bare_domain", "سایت isna.ir گفت", vec![("isna.ir", Url)]),
            (
                "url_in_parens",
                "(https://fa.wikipedia.org/wiki/X_(Y))",
                vec![("https://fa.wikipedia.org/wiki/X_(Y)", Url)],
            ),
            (
                "email",
                "به ali.rezaei@mail.ir بنویسید",
                vec![("ali.rezaei@mail.ir", Email)],
            ),
            (
                "mention",
                "از @matn_bot پرسید",
                vec![("@matn_bot", Mention)],
            ),
            (
                "hashtag",
                "#ایران_قوی و #تهران",
                vec![("#ایران_قوی", Hashtag), ("#تهران", Hashtag)],
            ),
            (
                "jalali_date",
                "در ۱۴۰۲/۰۵/۱۲ گفت",
                vec![("۱۴۰۲/۰۵/۱۲", Date)],
            ),
            ("iso_date", "on 2023-05-20.", vec![("2023-05-20", Date)]),
            ("time", "ساعت ۱۰:۳۰ صبح", vec![("۱۰:۳۰", Time)]),
            ("decimal", "۱۰٫۵ درصد", vec![("۱۰٫۵", Number)]),
            ("thousands", "1,234.5 دلار", vec![("1,234.5", Number)]),
            (
                "number_then_comma",
                "۱۲، ۱۳",
                vec![("۱۲", Number), ("۱۳", Number)],
            ),
            ("latin_word_digits", "MP3 و COVID19", vec![]),
            ("emoji_zwj", "خانواده 👨‍👩‍👧 شاد", vec![("👨‍👩‍👧", Emoji)]),
            ("emoji_skin", "👍🏽!", vec![("👍🏽", Emoji)]),
            ("flag", "🇮🇷", vec![("🇮🇷", Emoji)]),
            (
                "url_after_dots",
                "ali...https://x.ir/a",
                vec![("https://x.ir/a", Url)],
            ),
            (
                "glued_mention_hides_url",
                "ي@ali...https://x.ir/a",
                vec![("https://x.ir/a", Url)],
            ),
            ("number_with_tatweel", "۱۲ـ۳۴", vec![("۱۲ـ۳۴", Number)]),
            (
                "mention_through_haraka",
                "@ali\u{64B}123 ١٢",
                vec![("@ali\u{64B}123", Mention), ("١٢", Number)],
            ),
            (
                "url_with_stray_bidi",
                "x https://a.ir/\u{200F}b y",
                vec![("https://a.ir/\u{200F}b", Url)],
            ),
        ];
        for (name, input, expected) in cases {
            assert_eq!(&kinds(input), expected, "case {name}: input {input:?}");
            let padded = format!("متن {input}\u{00A0}و\n{input}");
            assert_eq!(find(&padded), find_whole(&padded), "case {name}: skipping");
        }
    }
}
