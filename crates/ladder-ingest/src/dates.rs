//! Publication dates as inputs write them (ISO 8601, RFC 3339, RFC 2822, "23 October 2024",
//! "Oct. 23, 2024"), and month-day dates resolved against a known publication date.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};

/// A publication date read from an input: the calendar day as written and, when the input
/// carries a time too, the timestamp in RFC 3339 (or `YYYY-MM-DDTHH:MM:SS` without a zone).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Published {
    pub date: Option<NaiveDate>,
    pub at: Option<String>,
}

/// Read a publication date. Unparseable text gives no date, and keeps the text as `at` so
/// that nothing the input said is lost.
pub fn parse_published(raw: &str) -> Published {
    let text = raw.trim();
    if text.is_empty() {
        return Published::default();
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return with_time(dt.date_naive(), dt.to_rfc3339());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(text, format) {
            return with_time(dt.date_naive(), dt.to_rfc3339());
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, format) {
            return with_time(dt.date(), dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(text) {
        return with_time(dt.date_naive(), dt.to_rfc3339());
    }
    if let Some(date) = parse_calendar_date(text) {
        return Published {
            date: Some(date),
            at: None,
        };
    }
    // A timestamp with a zone name or other tail: keep the leading ISO day.
    if let Some(date) = text
        .get(..10)
        .and_then(|head| NaiveDate::parse_from_str(head, "%Y-%m-%d").ok())
    {
        return with_time(date, text.to_string());
    }
    Published {
        date: None,
        at: Some(text.to_string()),
    }
}

fn with_time(date: NaiveDate, at: String) -> Published {
    Published {
        date: Some(date),
        at: Some(at),
    }
}

/// A date without a time: ISO (`2024-10-23`, `2024/10/23`) or written out in English
/// (`23 October 2024`, `October 23, 2024`, `Oct. 23 2024`, `Wed, 23 Oct 2024`).
pub fn parse_calendar_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date);
        }
    }
    let (month, day, year) = month_day_year(text)?;
    NaiveDate::from_ymd_opt(year?, month, day)
}

/// Resolve a dateline date ("Oct 18", "5 November 2024") against the publication date:
/// a missing year is the publication year, or the year before when that would put the
/// date more than a week after publication (a December dateline on a January report).
pub fn resolve_month_day(text: &str, published: Option<NaiveDate>) -> Option<NaiveDate> {
    let (month, day, year) = month_day_year(text)?;
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    let published = published?;
    let same_year = NaiveDate::from_ymd_opt(published.year(), month, day)?;
    if (same_year - published).num_days() > 7 {
        NaiveDate::from_ymd_opt(published.year() - 1, month, day)
    } else {
        Some(same_year)
    }
}

/// Month (1–12) of an English month name or its abbreviation ("Oct", "Sept.", "October").
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let found = MONTHS
        .iter()
        .position(|m| m.starts_with(&word) || (word == "sept" && *m == "september"))?;
    Some(found as u32 + 1)
}

/// The month, day and optional year of an English date in either order, ignoring a
/// leading weekday: "Oct. 18", "18 October", "October 18, 2024", "Fri 18 Oct 2024".
fn month_day_year(text: &str) -> Option<(u32, u32, Option<i32>)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut month = None;
    let mut numbers = Vec::new();
    for word in &words {
        if let Some(m) = month_number(word) {
            if month.is_some() {
                return None;
            }
            month = Some(m);
        } else if let Ok(n) = word
            .trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h'])
            .parse::<u32>()
        {
            numbers.push(n);
        } else if !is_weekday(word) {
            return None;
        }
    }
    let month = month?;
    match numbers.as_slice() {
        [day] if (1..=31).contains(day) => Some((month, *day, None)),
        [day, year] if (1..=31).contains(day) && (1900..=2200).contains(year) => {
            Some((month, *day, Some(*year as i32)))
        }
        _ => None,
    }
}

pub(crate) fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    word.len() >= 3 && DAYS.iter().any(|d| d.starts_with(&word))
}

/// The month of the first month name among the words of `text`, if any.
pub fn month_number_in(text: &str) -> Option<u32> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .find_map(month_number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn published_forms() {
        let cases = [
            ("2024-10-23", day(2024, 10, 23), None),
            (
                "2015-07-24T05:36:09+01:00",
                day(2015, 7, 24),
                Some("2015-07-24T05:36:09+01:00"),
            ),
            (
                "2021-11-01T10:52:50+0100",
                day(2021, 11, 1),
                Some("2021-11-01T10:52:50+01:00"),
            ),
            (
                "2019-01-03T07:00:02.000Z",
                day(2019, 1, 3),
                Some("2019-01-03T07:00:02+00:00"),
            ),
            (
                "2017-11-03 03:01:00.000000",
                day(2017, 11, 3),
                Some("2017-11-03T03:01:00"),
            ),
            (
                "2015-04-30T07:19:58",
                day(2015, 4, 30),
                Some("2015-04-30T07:19:58"),
            ),
            (
                "Wed, 23 Oct 2024 08:00:00 GMT",
                day(2024, 10, 23),
                Some("2024-10-23T08:00:00+00:00"),
            ),
            ("23 October 2024", day(2024, 10, 23), None),
            ("October 23, 2024", day(2024, 10, 23), None),
            (
                "2024-10-23T08:00 KST",
                day(2024, 10, 23),
                Some("2024-10-23T08:00 KST"),
            ),
            ("last Tuesday", None, Some("last Tuesday")),
            ("", None, None),
        ];
        for (raw, date, at) in cases {
            let got = parse_published(raw);
            assert_eq!(got.date, date, "{raw}");
            assert_eq!(got.at.as_deref(), at, "{raw}");
        }
    }

    #[test]
    fn dateline_dates_resolve_against_publication() {
        let published = day(2024, 10, 23);
        let cases = [
            ("Oct 18", published, day(2024, 10, 18)),
            ("Oct. 18", published, day(2024, 10, 18)),
            ("5 November 2024", None, day(2024, 11, 5)),
            ("Dec 30", day(2025, 1, 2), day(2024, 12, 30)),
            ("Oct 18", None, None),
            ("Sept. 3", day(2024, 9, 4), day(2024, 9, 3)),
            ("Oct 40", published, None),
        ];
        for (text, published, expected) in cases {
            assert_eq!(resolve_month_day(text, published), expected, "{text}");
        }
    }
}
