//! Quantities: "1,500 special forces", "some 12,000 troops", "15-hundred", "ten thousand",
//! "10,000 to 12,000" (a range), "thousands" (vague), "more than 3 million shells".

use crate::lexicon::Lexicon;
use crate::token::{Token, TokenKind};
use ladder_core::Quantity;

const APPROX: &[&[&str]] = &[
    &["some"],
    &["about"],
    &["around"],
    &["approximately"],
    &["roughly"],
    &["nearly"],
    &["almost"],
    &["more", "than"],
    &["over"],
    &["up", "to"],
    &["at", "least"],
    &["an", "estimated"],
    &["estimated"],
    &["as", "many", "as"],
    &["close", "to"],
    &["fewer", "than"],
    &["less", "than"],
    &["upwards", "of"],
    &["an", "additional"],
    &["another"],
    &["tens", "of"],
    &["hundreds", "of"],
    &["thousands", "of"],
];

fn small_number(word: &str) -> Option<u64> {
    const UNITS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|w| *w == word) {
        return Some(i as u64);
    }
    if let Some(i) = TENS.iter().position(|w| !w.is_empty() && *w == word) {
        return Some(i as u64 * 10);
    }
    if let Some((t, u)) = word.split_once('-') {
        let tens = TENS.iter().position(|w| !w.is_empty() && *w == t)? as u64 * 10;
        let units = UNITS.iter().position(|w| *w == u)? as u64;
        return Some(tens + units);
    }
    match word {
        "a" | "an" => Some(1),
        "dozen" => Some(12),
        _ => None,
    }
}

fn multiplier(word: &str) -> Option<u64> {
    match word {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" | "mln" | "m" => Some(1_000_000),
        "billion" | "bln" | "bn" => Some(1_000_000_000),
        _ => None,
    }
}

fn vague_word(word: &str) -> bool {
    matches!(
        word,
        "hundreds" | "thousands" | "dozens" | "millions" | "scores" | "tens" | "billions"
    )
}

/// Parse a number starting at `i`; returns (value, next index).
fn parse_number(tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let t = tokens.get(i)?;
    if is_designation(tokens, i) {
        return None;
    }
    let mut j = i + 1;
    let mut value: f64 = match t.kind {
        TokenKind::Number => t.lower.replace(',', "").parse::<f64>().ok()?,
        TokenKind::Word => {
            if let Some((a, b)) = t.lower.split_once('-') {
                // "15-hundred" arrives as Number - Word; "fifteen-hundred" as one word
                let base = small_number(a)?;
                let m = multiplier(b)?;
                return Some(((base * m) as f64, j));
            }
            let v = small_number(&t.lower)?;
            if (t.lower == "a" || t.lower == "an")
                && !tokens
                    .get(j)
                    .is_some_and(|n| multiplier(&n.lower).is_some() || n.lower == "dozen")
            {
                return None;
            }
            v as f64
        }
        _ => return None,
    };
    // "15-hundred"
    if tokens.get(j).is_some_and(|n| n.lower == "-") {
        if let Some(m) = tokens.get(j + 1).and_then(|n| multiplier(&n.lower)) {
            value *= m as f64;
            j += 2;
        }
    }
    // "fifteen hundred", "1.5 million", "ten thousand", "two hundred thousand"
    while let Some(m) = tokens.get(j).and_then(|n| multiplier(&n.lower)) {
        value *= m as f64;
        j += 1;
    }
    if tokens.get(j).is_some_and(|n| n.lower == "dozen") {
        value *= 12.0;
        j += 1;
    }
    Some((value, j))
}

/// A number glued by a hyphen to the letters before it names a model, not a count:
/// "F-16 jets", "Su-27", "S-400 systems", "Kh-101 missiles", "T-72 tanks".
fn is_designation(tokens: &[Token], i: usize) -> bool {
    let (Some(hyphen), Some(letters), Some(number)) = (
        i.checked_sub(1).and_then(|h| tokens.get(h)),
        i.checked_sub(2).and_then(|w| tokens.get(w)),
        tokens.get(i),
    ) else {
        return false;
    };
    number.kind == TokenKind::Number
        && hyphen.lower == "-"
        && letters.kind == TokenKind::Word
        && letters.end == hyphen.start
        && hyphen.end == number.start
}

/// Find the unit noun within a few words after `from`; returns (unit, end index).
fn find_unit(lex: &Lexicon, tokens: &[Token], from: usize) -> Option<(String, usize)> {
    for k in from..(from + 4).min(tokens.len()) {
        let t = &tokens[k];
        if !t.is_word() {
            return None;
        }
        if let Some(n) = tokens.get(k + 1) {
            let two = format!("{} {}", t.lower, n.lower);
            if let Some(u) = lex.unit_of(&two) {
                return Some((u.to_string(), k + 2));
            }
        }
        if let Some(u) = lex.unit_of(&t.lower) {
            return Some((u.to_string(), k + 1));
        }
        if matches!(
            t.lower.as_str(),
            "of" | "and" | "to" | "in" | "from" | "by" | "for"
        ) {
            return None;
        }
    }
    None
}

/// The first quantity in tokens[from..to] that counts a known unit.
pub fn find_quantity(
    lex: &Lexicon,
    text: &str,
    tokens: &[Token],
    from: usize,
    to: usize,
) -> Option<Quantity> {
    let to = to.min(tokens.len());
    let mut i = from;
    while i < to {
        let t = &tokens[i];
        let approx_start = approx_before(tokens, i);
        // vague: "thousands of troops", "tens of thousands of troops"
        if vague_word(&t.lower) {
            let mut j = i + 1;
            while tokens
                .get(j)
                .is_some_and(|n| n.lower == "of" || vague_word(&n.lower))
            {
                j += 1;
            }
            if let Some((unit, end)) = find_unit(lex, tokens, j) {
                let start = tokens[i].start;
                return Some(Quantity {
                    value: None,
                    max: None,
                    unit,
                    approx: true,
                    vague: text
                        .get(start..tokens[j.saturating_sub(1)].end)
                        .map(|s| s.trim_end_matches(" of").to_string()),
                    text: text
                        .get(start..tokens[end - 1].end)
                        .unwrap_or("")
                        .to_string(),
                });
            }
            i += 1;
            continue;
        }
        let dollar = t.lower == "$"
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == TokenKind::Number);
        let num_at = if dollar { i + 1 } else { i };
        if let Some((value, mut j)) = parse_number(tokens, num_at) {
            let mut max = None;
            // range: "10,000 to 12,000", "10,000-12,000", "between X and Y"
            if tokens
                .get(j)
                .is_some_and(|n| n.lower == "to" || n.lower == "-" || n.lower == "and")
            {
                if let Some((hi, k)) = parse_number(tokens, j + 1) {
                    if hi > value {
                        max = Some(hi);
                        j = k;
                    }
                }
            }
            let unit = if dollar {
                Some(("usd".to_string(), j))
            } else {
                find_unit(lex, tokens, j)
            };
            if let Some((unit, end)) = unit {
                let start_tok = approx_start.unwrap_or(i);
                let approx = approx_start.is_some()
                    || tokens
                        .get(j)
                        .is_some_and(|n| n.lower == "or" || n.lower == "plus");
                return Some(Quantity {
                    value: Some(value.round() as u64),
                    max: max.map(|m| m.round() as u64),
                    unit,
                    approx,
                    vague: None,
                    text: text
                        .get(tokens[start_tok].start..tokens[end - 1].end)
                        .unwrap_or("")
                        .to_string(),
                });
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    None
}

/// Index of an approximation phrase ending right before `i`.
fn approx_before(tokens: &[Token], i: usize) -> Option<usize> {
    for phrase in APPROX {
        let n = phrase.len();
        if i >= n
            && tokens[i - n..i]
                .iter()
                .zip(phrase.iter())
                .all(|(t, w)| t.lower == *w)
        {
            return Some(i - n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn q(text: &str) -> Option<Quantity> {
        let lex = Lexicon::bundled().expect("lexicon");
        let toks = tokenize(text, 0, text.len());
        find_quantity(&lex, text, &toks, 0, toks.len())
    }

    #[test]
    fn quantity_table() {
        type Case<'a> = (&'a str, Option<u64>, Option<u64>, &'a str, bool);
        let cases: &[Case] = &[
            (
                "shipped 1,500 special forces personnel",
                Some(1500),
                None,
                "troops",
                false,
            ),
            ("sent some 12,000 troops", Some(12000), None, "troops", true),
            ("15-hundred soldiers", Some(1500), None, "troops", false),
            ("ten thousand troops", Some(10000), None, "troops", false),
            (
                "10,000 to 12,000 troops",
                Some(10000),
                Some(12000),
                "troops",
                false,
            ),
            (
                "more than 3 million shells",
                Some(3_000_000),
                None,
                "shells",
                true,
            ),
            (
                "1.5 million artillery shells",
                Some(1_500_000),
                None,
                "shells",
                false,
            ),
            ("fifteen hundred marines", Some(1500), None, "troops", false),
            (
                "donated $50,000 worth of goods",
                Some(50000),
                None,
                "usd",
                false,
            ),
        ];
        for (text, v, m, unit, approx) in cases {
            let got = q(text).unwrap_or_else(|| panic!("no quantity in {text}"));
            assert_eq!(
                (got.value, got.max, got.unit.as_str(), got.approx),
                (*v, *m, *unit, *approx),
                "{text}"
            );
        }
    }

    #[test]
    fn vague_and_none() {
        let v = q("thousands of troops").expect("vague");
        assert_eq!(v.value, None);
        assert_eq!(v.vague.as_deref(), Some("thousands"));
        assert!(q("in 2024 the talks").is_none());
        assert!(q("a visit").is_none());
        for designation in [
            "Thai F-16 jets struck two targets",
            "Su-27 fighters intercepted the drone",
            "it fired Kh-101 missiles",
            "delivered S-400 systems",
        ] {
            assert!(q(designation).is_none(), "{designation}");
        }
    }
}
