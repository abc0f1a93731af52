//! Telephone numbers: Iranian mobiles (`۰۹۱۲ ۳۴۵ ۶۷۸۹`) and landlines with
//! their area code (`۰۲۱-۸۸۷۷۶۶۵۵`, `(۰۲۱) ۸۸۷۷ ۶۶۵۵`), and international
//! numbers with a country code (`+98 912 345 6789`, `0044 20 7946 0958`).
//! They are written as one digit run or as groups joined by a space, `-` or
//! parentheses. The value is the E.164 form (`+989123456789`).
//!
//! A number without its area or country code (`۸۸۷۷۶۶۵۵`) is not taken: it
//! cannot be told from any other eight-digit number.

use crate::script::digit_value;
use crate::token::{Token, TokenKind};

/// Digits of an Iranian number without its leading `0`: a mobile `9xx` or an
/// area code and subscriber number, ten in all.
const IRAN_NATIONAL_DIGITS: usize = 10;
/// E.164 allows at most 15 digits, country code included.
const MAX_DIGITS: usize = 15;
/// The shortest international number we take (country code included).
const MIN_INTERNATIONAL_DIGITS: usize = 8;
/// The shortest one dialled with `00` instead of `+`.
const MIN_DIALLED_DIGITS: usize = 10;

/// The phone number starting at token `i`: the end token index and the E.164
/// value. The longest reading that is a valid number wins, so a digit group
/// that follows a complete number (`۰۹۱۲۳۴۵۶۷۸۹ ۳`) is left out.
pub fn at(text: &str, tokens: &[Token], i: usize) -> Option<(usize, String)> {
    let s = |k: usize| &text[tokens[k].bytes.clone()];
    let joined = |a: usize, b: usize| {
        let gap = &text[tokens[a].bytes.end..tokens[b].bytes.start];
        gap.is_empty() || gap == " "
    };
    if tokens[i].kind != TokenKind::Number && !matches!(s(i), "+" | "(") {
        return None;
    }
    let mut j = i;
    let plus = s(i) == "+";
    let paren = s(i) == "(";
    if plus || paren {
        j += 1;
        if j >= tokens.len() || !joined(i, j) || tokens[i].bytes.end != tokens[j].bytes.start {
            return None;
        }
    }
    let mut digits = String::new();
    let mut open = paren;
    // Candidate ends: (end token index, digits so far, parentheses balanced).
    let mut ends: Vec<(usize, usize, bool)> = Vec::new();
    loop {
        let t = tokens.get(j)?;
        if t.kind != TokenKind::Number || !s(j).chars().all(|c| digit_value(c).is_some()) {
            break;
        }
        // A one-digit group is a country code after `+` (`+1`) or a trunk
        // `(0)`; elsewhere a run of small numbers is no phone.
        if s(j).chars().count() == 1 && !(open || (plus && j == i + 1)) {
            break;
        }
        digits.extend(
            s(j).chars()
                .filter_map(digit_value)
                .map(|d| (b'0' + d as u8) as char),
        );
        if digits.len() > MAX_DIGITS + 2 {
            break;
        }
        let mut next = j + 1;
        if next < tokens.len()
            && s(next) == ")"
            && open
            && tokens[j].bytes.end == tokens[next].bytes.start
        {
            open = false;
            next += 1;
        }
        ends.push((next, digits.len(), !open));
        // The next group: after a space, or a `-` / `(` written between groups.
        if next >= tokens.len() || !joined(next - 1, next) {
            break;
        }
        if matches!(s(next), "-" | "(") {
            if s(next) == "(" {
                if open {
                    break;
                }
                open = true;
            }
            if next + 1 >= tokens.len() || !joined(next, next + 1) {
                break;
            }
            next += 1;
        }
        j = next;
    }
    ends.iter()
        .rev()
        .filter(|&&(_, _, balanced)| balanced)
        .find_map(|&(end, n, _)| e164(&digits[..n], plus).map(|v| (end, v)))
}

/// The E.164 form of a number written with these digits (and a `+` before
/// them or not), if it is a valid phone number.
fn e164(digits: &str, plus: bool) -> Option<String> {
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        // Without `+`, a short number after `00` is more likely an ID
        // (`کد ملی ۰۰۷۱۲۳۴۵۶۷`).
        if rest.len() < MIN_DIALLED_DIGITS && !rest.starts_with("98") {
            return None;
        }
        rest
    } else {
        // An Iranian number with its leading 0: a mobile or a landline.
        let national = digits.strip_prefix('0')?;
        return iran(national);
    };
    if let Some(national) = international.strip_prefix("98") {
        // `+98 (0)21 ...`: the trunk 0 is sometimes kept.
        return iran(national.strip_prefix('0').unwrap_or(national));
    }
    let ok = (MIN_INTERNATIONAL_DIGITS..=MAX_DIGITS).contains(&international.len())
        && !international.starts_with('0');
    ok.then(|| format!("+{international}"))
}

fn iran(national: &str) -> Option<String> {
    let ok = national.len() == IRAN_NATIONAL_DIGITS && !national.starts_with('0');
    ok.then(|| format!("+98{national}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{NormalizeOptions, Normalizer};
    use crate::token::tokenize;

    /// The phone found at the text's first token: its text and value.
    fn phone(text: &str) -> Option<(String, String)> {
        let n = Normalizer::new(
            &NormalizeOptions::default(),
            crate::lexicon::Lexicon::builtin(),
        )
        .normalize(text, false);
        let tokens = tokenize(n.working_text());
        let t = n.text();
        (0..tokens.len()).find_map(|i| {
            let (end, v) = at(t, &tokens, i)?;
            Some((
                t[tokens[i].bytes.start..tokens[end - 1].bytes.end].to_string(),
                v,
            ))
        })
    }

    #[test]
    fn phone_forms() {
        let cases = [
            (
                "تلفن ۰۹۱۲۳۴۵۶۷۸۹ است",
                Some(("۰۹۱۲۳۴۵۶۷۸۹", "+989123456789")),
            ),
            (
                "تلفن 0912 345 6789",
                Some(("۰۹۱۲ ۳۴۵ ۶۷۸۹", "+989123456789")),
            ),
            ("تلفن ۰۲۱-۸۸۷۷۶۶۵۵", Some(("۰۲۱-۸۸۷۷۶۶۵۵", "+982188776655"))),
            (
                "تلفن (۰۲۱) ۸۸۷۷ ۶۶۵۵",
                Some(("(۰۲۱) ۸۸۷۷ ۶۶۵۵", "+982188776655")),
            ),
            (
                "تماس +98 912 345 6789",
                Some(("+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹", "+989123456789")),
            ),
            (
                "تماس +98 (0)21 8877 6655",
                // Normalization spaces the parenthesis.
                Some(("+۹۸ (۰) ۲۱ ۸۸۷۷ ۶۶۵۵", "+982188776655")),
            ),
            (
                "تماس 0044 20 7946 0958",
                Some(("۰۰۴۴ ۲۰ ۷۹۴۶ ۰۹۵۸", "+442079460958")),
            ),
            (
                "با شماره +1-202-555-0143",
                Some(("+۱-۲۰۲-۵۵۵-۰۱۴۳", "+12025550143")),
            ),
            // A group after a complete number is not part of it.
            ("۰۹۱۲۳۴۵۶۷۸۹ ۳ بار", Some(("۰۹۱۲۳۴۵۶۷۸۹", "+989123456789"))),
            // Too short, too long, or without the area code: no phone.
            ("۰۹۱۲۳۴۵۶۷۸", None),
            ("۰۹۱۲۳۴۵۶۷۸۹۱", None),
            ("۸۸۷۷۶۶۵۵", None),
            ("سال ۱۴۰۲ و ۱۴۰۳", None),
            // An unclosed parenthesis is left out.
            ("(۰۲۱ ۸۸۷۷۶۶۵۵", Some(("۰۲۱ ۸۸۷۷۶۶۵۵", "+982188776655"))),
            ("+۱۲", None),
            ("کد ملی ۰۰۷۱۲۳۴۵۶۷", None),
            ("۰ ۹ ۱ ۲ ۳ ۴ ۵ ۶ ۷ ۸ ۹", None),
        ];
        for (text, want) in cases {
            let got = phone(text);
            let want = want.map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, want, "{text}");
        }
    }
}
