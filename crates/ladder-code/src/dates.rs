//! Event dates: relative and absolute date expressions in a clause ("last week", "on
//! Monday", "yesterday", "in June", "Oct. 8", "earlier this month") resolved against the
//! report's reference date (dateline or publication), with precision and basis.

use crate::token::{Token, TokenKind};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use ladder_core::{DateBasis, DatePrecision};

/// A resolved date: ISO text at its precision, the precision, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedDate {
    pub text: String,
    pub precision: DatePrecision,
    pub basis: DateBasis,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("jan.", 1),
    ("february", 2),
    ("feb", 2),
    ("feb.", 2),
    ("march", 3),
    ("mar.", 3),
    ("april", 4),
    ("apr", 4),
    ("apr.", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("jun.", 6),
    ("july", 7),
    ("jul", 7),
    ("jul.", 7),
    ("august", 8),
    ("aug", 8),
    ("aug.", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("sept.", 9),
    ("sep.", 9),
    ("october", 10),
    ("oct", 10),
    ("oct.", 10),
    ("november", 11),
    ("nov", 11),
    ("nov.", 11),
    ("december", 12),
    ("dec", 12),
    ("dec.", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

fn month_of(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(w, _)| *w == word).map(|&(_, m)| m)
}

fn day(d: NaiveDate, basis: DateBasis) -> ResolvedDate {
    ResolvedDate {
        text: d.format("%Y-%m-%d").to_string(),
        precision: DatePrecision::Day,
        basis,
    }
}

fn month(y: i32, m: u32, basis: DateBasis) -> ResolvedDate {
    ResolvedDate {
        text: format!("{y:04}-{m:02}"),
        precision: DatePrecision::Month,
        basis,
    }
}

fn week_of(d: NaiveDate) -> ResolvedDate {
    let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
    let sunday = monday + Duration::days(6);
    ResolvedDate {
        text: format!(
            "{}/{}",
            monday.format("%Y-%m-%d"),
            sunday.format("%Y-%m-%d")
        ),
        precision: DatePrecision::Week,
        basis: DateBasis::Derived,
    }
}

fn year_of_number(t: &Token) -> Option<i32> {
    if t.kind != TokenKind::Number || t.lower.len() != 4 {
        return None;
    }
    t.lower
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
}

fn day_of_number(t: &Token) -> Option<u32> {
    let s = t.lower.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    if t.kind != TokenKind::Number || s.len() > 2 {
        return None;
    }
    s.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

/// The year for a month/day written without one: the latest such date not more than a
/// week after the reference date.
fn infer_year(reference: NaiveDate, m: u32, d: u32) -> i32 {
    let y = reference.year();
    match NaiveDate::from_ymd_opt(y, m, d.min(28)) {
        Some(candidate) if candidate > reference + Duration::days(7) => y - 1,
        _ => y,
    }
}

/// The first date expression in `tokens`, resolved against `reference`.
pub fn find_date(tokens: &[Token], reference: Option<NaiveDate>) -> Option<ResolvedDate> {
    let reference = reference?;
    let n = tokens.len();
    for i in 0..n {
        let w = tokens[i].lower.as_str();
        let next = tokens.get(i + 1).map(|t| t.lower.as_str());
        let prev = if i > 0 {
            Some(tokens[i - 1].lower.as_str())
        } else {
            None
        };
        match w {
            "yesterday" => return Some(day(reference - Duration::days(1), DateBasis::Derived)),
            "today" => return Some(day(reference, DateBasis::Derived)),
            "tomorrow" => return Some(day(reference + Duration::days(1), DateBasis::Derived)),
            "last" | "this" | "next" | "earlier" | "late" | "early" => {
                let shift = match w {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let (unit, after) = match (next, tokens.get(i + 2).map(|t| t.lower.as_str())) {
                    (Some("this"), Some(u)) if w == "earlier" || w == "late" || w == "early" => {
                        (u, 0)
                    }
                    (Some(u), _) if w != "earlier" => (u, shift),
                    _ => continue,
                };
                match unit {
                    "week" => return Some(week_of(reference + Duration::weeks(after))),
                    "month" => {
                        let (mut y, mut m) =
                            (reference.year(), reference.month() as i32 + after as i32);
                        if m < 1 {
                            m += 12;
                            y -= 1;
                        } else if m > 12 {
                            m -= 12;
                            y += 1;
                        }
                        return Some(month(y, m as u32, DateBasis::Derived));
                    }
                    "year" => {
                        return Some(ResolvedDate {
                            text: format!("{:04}", reference.year() + after as i32),
                            precision: DatePrecision::Year,
                            basis: DateBasis::Derived,
                        })
                    }
                    "weekend" => {
                        let sat = reference
                            - Duration::days(
                                (reference.weekday().num_days_from_monday() as i64 + 2) % 7,
                            );
                        let sun = sat + Duration::days(1);
                        return Some(ResolvedDate {
                            text: format!("{}/{}", sat.format("%Y-%m-%d"), sun.format("%Y-%m-%d")),
                            precision: DatePrecision::Interval,
                            basis: DateBasis::Derived,
                        });
                    }
                    _ => {}
                }
                if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(name, _)| Some(*name) == next) {
                    if w == "last" {
                        let back = (reference.weekday().num_days_from_monday() as i64
                            - wd.num_days_from_monday() as i64
                            + 7)
                            % 7;
                        let back = if back == 0 { 7 } else { back };
                        return Some(day(reference - Duration::days(back), DateBasis::Derived));
                    }
                }
            }
            _ => {}
        }
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(name, _)| *name == w) {
            if prev == Some("last") || prev == Some("next") {
                continue;
            }
            let back = (reference.weekday().num_days_from_monday() as i64
                - wd.num_days_from_monday() as i64
                + 7)
                % 7;
            return Some(day(reference - Duration::days(back), DateBasis::Derived));
        }
        if let Some(m) = month_of(w) {
            // "may" is also a modal verb: require a capital, a day or "in"
            if w == "may"
                && !(prev == Some("in")
                    || next.is_some_and(|x| x.chars().all(|c| c.is_ascii_digit())))
            {
                continue;
            }
            let dot = usize::from(tokens.get(i + 1).is_some_and(|t| t.lower == "."));
            let next_tok = tokens.get(i + 1 + dot);
            // "Oct. 8", "October 8, 2024"
            if let Some(d) = next_tok.and_then(day_of_number) {
                let mut y = None;
                let mut k = i + 2 + dot;
                if tokens.get(k).is_some_and(|t| t.lower == ",") {
                    k += 1;
                }
                if let Some(yy) = tokens.get(k).and_then(year_of_number) {
                    y = Some(yy);
                }
                let year = y.unwrap_or_else(|| infer_year(reference, m, d));
                if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
                    return Some(day(date, DateBasis::Stated));
                }
            }
            // "8 October"
            if let Some(d) = prev.and_then(|_| day_of_number(&tokens[i - 1])) {
                let year = next_tok
                    .and_then(year_of_number)
                    .unwrap_or_else(|| infer_year(reference, m, d));
                if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
                    return Some(day(date, DateBasis::Stated));
                }
            }
            // "June 2024", "in June"
            if let Some(y) = next_tok.and_then(year_of_number) {
                return Some(month(y, m, DateBasis::Stated));
            }
            if prev == Some("in")
                || prev == Some("since")
                || prev == Some("until")
                || prev == Some("by")
                || prev == Some("early")
                || prev == Some("late")
                || prev == Some("mid")
                || prev == Some("last")
            {
                let y = if m > reference.month() {
                    reference.year() - 1
                } else {
                    reference.year()
                };
                return Some(month(y, m, DateBasis::Stated));
            }
        }
        if prev == Some("in") {
            if let Some(y) = year_of_number(&tokens[i]) {
                return Some(ResolvedDate {
                    text: format!("{y:04}"),
                    precision: DatePrecision::Year,
                    basis: DateBasis::Stated,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn resolve(text: &str) -> Option<(String, DatePrecision, DateBasis)> {
        let reference = NaiveDate::from_ymd_opt(2024, 10, 23).expect("date"); // a Wednesday
        let toks = tokenize(text, 0, text.len());
        find_date(&toks, Some(reference)).map(|r| (r.text, r.precision, r.basis))
    }

    #[test]
    fn date_table() {
        use DateBasis::*;
        use DatePrecision::*;
        let cases: &[(&str, &str, DatePrecision, DateBasis)] = &[
            (
                "said last week that",
                "2024-10-14/2024-10-20",
                Week,
                Derived,
            ),
            ("a phone call on Monday", "2024-10-21", Day, Derived),
            ("yesterday", "2024-10-22", Day, Derived),
            ("signed a treaty in June", "2024-06", Month, Stated),
            ("met on Oct. 8", "2024-10-08", Day, Stated),
            ("met on October 8, 2023", "2023-10-08", Day, Stated),
            ("earlier this month", "2024-10", Month, Derived),
            ("in December", "2023-12", Month, Stated),
            ("last month", "2024-09", Month, Derived),
            ("on 3 November", "2023-11-03", Day, Stated),
            ("in 2022", "2022", Year, Stated),
        ];
        for (text, want, p, b) in cases {
            assert_eq!(resolve(text), Some((want.to_string(), *p, *b)), "{text}");
        }
        assert_eq!(resolve("they may send troops"), None);
    }
}
