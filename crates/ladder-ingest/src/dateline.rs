//! Datelines at the head of news copy: `SEOUL, Oct 18 (Reuters) -`, `MOSCOW (AP) —`,
//! `Kyiv, 5 November 2024 (AFP) –`, `WASHINGTON —`.

use crate::dates::resolve_month_day;
use chrono::NaiveDate;
use ladder_core::Dateline;
use regex::Regex;
use std::sync::OnceLock;

fn dateline_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let word = r"\p{Lu}[\p{L}'’.\-/]*";
        let place = format!(r"{word}(?:[ ]{word}){{0,3}}(?:,[ ]{word}(?:[ ]{word}){{0,2}})?");
        let weekday = r"(?:(?:Mon|Tues?|Wed|Thu|Thurs|Fri|Sat|Sun)[a-z]*\.?,?[ ])?";
        let date = format!(
            r"{weekday}(?:\p{{L}}{{3,9}}\.?[ ]\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ ]\d{{4}})?|\d{{1,2}}[ ]\p{{L}}{{3,9}}\.?(?:[ ]\d{{4}})?)"
        );
        // The dateline ends in one of four ways: "(Agency) -", a bare dash, TASS's
        // ". /TASS/.", or "(Agency)" with no dash before a capital (checked in code).
        let ending = r"(?:[ ]*\((?P<agency>[^()\n]{2,40})\)[ ]*(?:--|[-–—])[ ]+|[ ]*(?:--|[-–—])[ ]+|\.?[ ]*/(?P<slashed>[^/\n]{2,20})/\.?[ ]+|[ ]+\((?P<bare>[^()\n]{2,40})\)[ ]+)";
        let pattern = format!(r"^(?P<place>{place})(?:,[ ](?P<date>{date}))?{ending}");
        Regex::new(&pattern).expect("the dateline pattern is a valid regex")
    })
}

/// The dateline at the very start of `text`, if any. `published` resolves a date without a
/// year. A match must carry an agency, a date, or an all-capitals place, so that a headline
/// like "North Korea - Russia ties" is not taken for one.
pub fn find_dateline(text: &str, published: Option<NaiveDate>) -> Option<Dateline> {
    let head = &text[..floor_char_boundary(text, 160)];
    // The match test runs on a DFA; capturing (slower) only once there is a match.
    if !dateline_regex().is_match(head) {
        return None;
    }
    let caps = dateline_regex().captures(head)?;
    let place = caps.name("place")?.as_str().trim_end_matches(',').trim();
    let date_text = caps.name("date").map(|m| m.as_str().trim().to_string());
    let bare = caps.name("bare");
    let agency = caps
        .name("agency")
        .or(caps.name("slashed"))
        .or(bare)
        .map(|m| m.as_str().trim().to_string());
    let len = caps.get(0)?.end();
    if bare.is_some() {
        // "Taipei, Oct. 15 (CNA) Taiwan detected": only with a date, before a capital.
        let next_is_capital = text[len..].chars().next().is_some_and(char::is_uppercase);
        if caps.name("date").is_none() || !next_is_capital {
            return None;
        }
    }
    let date = date_text
        .as_deref()
        .and_then(|t| resolve_month_day(t, published));
    if date_text.is_some() && crate::dates::month_number_in(date_text.as_deref()?).is_none() {
        return None;
    }
    let first_word = place.split([' ', ',']).next().unwrap_or(place);
    let capitals = first_word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && first_word.chars().all(|c| !c.is_lowercase());
    if agency.is_none() && date_text.is_none() && !capitals {
        return None;
    }
    Some(Dateline {
        place: place.to_string(),
        date_text,
        date,
        agency,
        len,
    })
}

/// The largest char boundary at or below `at`.
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut end = at.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        text: &'static str,
        place: &'static str,
        date_text: Option<&'static str>,
        date: Option<NaiveDate>,
        agency: Option<&'static str>,
        body: &'static str,
    }

    #[test]
    fn recognises_datelines() {
        let published = NaiveDate::from_ymd_opt(2024, 10, 23);
        let cases = [
            Case {
                text: "SEOUL, Oct 18 (Reuters) - North Korea has sent",
                place: "SEOUL",
                date_text: Some("Oct 18"),
                date: NaiveDate::from_ymd_opt(2024, 10, 18),
                agency: Some("Reuters"),
                body: "North Korea has sent",
            },
            Case {
                text: "MOSCOW (AP) — Russia said",
                place: "MOSCOW",
                date_text: None,
                date: None,
                agency: Some("AP"),
                body: "Russia said",
            },
            Case {
                text: "Kyiv, 5 November 2024 (AFP) – Ukraine said",
                place: "Kyiv",
                date_text: Some("5 November 2024"),
                date: NaiveDate::from_ymd_opt(2024, 11, 5),
                agency: Some("AFP"),
                body: "Ukraine said",
            },
            Case {
                text: "SEOUL, Oct. 23 (Yonhap) -- The spy agency",
                place: "SEOUL",
                date_text: Some("Oct. 23"),
                date: NaiveDate::from_ymd_opt(2024, 10, 23),
                agency: Some("Yonhap"),
                body: "The spy agency",
            },
            Case {
                text: "WASHINGTON — The Pentagon",
                place: "WASHINGTON",
                date_text: None,
                date: None,
                agency: None,
                body: "The Pentagon",
            },
            Case {
                text: "SEOUL, South Korea (AP) — North Korea",
                place: "SEOUL, South Korea",
                date_text: None,
                date: None,
                agency: Some("AP"),
                body: "North Korea",
            },
            Case {
                text: "VLADIVOSTOK, Russia, Sept. 13 (Reuters) - Kim",
                place: "VLADIVOSTOK, Russia",
                date_text: Some("Sept. 13"),
                date: NaiveDate::from_ymd_opt(2024, 9, 13),
                agency: Some("Reuters"),
                body: "Kim",
            },
        ];
        for case in cases {
            let found = find_dateline(case.text, published)
                .unwrap_or_else(|| panic!("no dateline in {}", case.text));
            assert_eq!(found.place, case.place, "{}", case.text);
            assert_eq!(found.date_text.as_deref(), case.date_text, "{}", case.text);
            assert_eq!(found.date, case.date, "{}", case.text);
            assert_eq!(found.agency.as_deref(), case.agency, "{}", case.text);
            assert_eq!(&case.text[found.len..], case.body, "{}", case.text);
        }
    }

    #[test]
    fn rejects_lookalikes() {
        for text in [
            "North Korea - Russia ties deepen",
            "The minister said - and repeated",
            "Keeping in view reports of North Korea providing troops",
            "Seoul, Tomorrow 5 - nothing",
            "Taipei (CNA) said",
            "Taipei, Oct. 15 (CNA) said",
            "",
        ] {
            assert_eq!(find_dateline(text, None), None, "{text}");
        }
    }
}
