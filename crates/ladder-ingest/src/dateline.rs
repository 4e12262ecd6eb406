//! Datelines at the head of news copy: `SEOUL, Oct 18 (Reuters) -`, `MOSCOW (AP) —`,
//! `Kyiv, 5 November 2024 (AFP) –`, `WASHINGTON —`, `KAZAN, October 24. /TASS/.`,
//! `NEW DELHI/ISLAMABAD, May 7 (Reuters) -`, `Taipei, Oct. 15 (CNA)`, `Seoul, South Korea —`.
//!
//! A dateline is a place (capitalised words, several places joined with `/`), an optional
//! region ("Russia", "United Arab Emirates"), an optional date in English or ISO form, an
//! optional agency in parentheses or slashes, and a terminator: a dash, an em or en dash, a
//! double hyphen, or TASS's `/TASS/.`. It opens the text, or the first body paragraph after
//! one short title, timestamp or byline line.

use crate::dates::{month_number_in, parse_calendar_date, resolve_month_day};
use chrono::NaiveDate;
use ladder_core::Dateline;
use regex::Regex;
use std::sync::OnceLock;

/// How many bytes of a paragraph's head the dateline pattern looks at.
const HEAD_BYTES: usize = 200;

/// The longest leading line (title, timestamp, byline) skipped to find a dateline after it.
const LEADING_LINE_BYTES: usize = 160;

/// Capitalised first words that open ordinary sentences, never a place: without an agency,
/// "However, President Biden — …" is not a dateline.
const SENTENCE_OPENERS: &[&str] = &[
    "A",
    "After",
    "Also",
    "An",
    "And",
    "As",
    "At",
    "Before",
    "But",
    "By",
    "During",
    "For",
    "From",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Meanwhile",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "On",
    "Officials",
    "She",
    "So",
    "The",
    "Their",
    "They",
    "This",
    "That",
    "Today",
    "Tomorrow",
    "We",
    "When",
    "While",
    "With",
    "Yesterday",
];

fn dateline_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let word = r"\p{Lu}[\p{L}\p{M}'’.\-]*";
        let connector = r"(?:de|da|do|del|der|di|du|la|le|al|el|am|an|of|on|upon|sur)";
        let name = format!(r"{word}(?:[ ](?:{connector}[ ])?{word}){{0,3}}");
        let place = format!(r"{name}(?:[ ]?/[ ]?{name}){{0,3}}");
        let region = format!(r"(?:,[ ]{name}){{0,2}}");
        let weekday = r"(?:(?:Mon|Tues?|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?[ ])?";
        let date = format!(
            r"{weekday}(?:\p{{L}}{{3,9}}\.?[ ]\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ ]\d{{4}})?|\d{{1,2}}[ ]\p{{L}}{{3,9}}\.?(?:,?[ ]\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
        );
        let dash = r"(?:--|[-–—])";
        // Five endings: "(Agency) -", "/AGENCY/." (an optional dash after it), a bare dash,
        // and "(Agency)" with no dash (only with a date, before a capital: checked in code).
        let ending = format!(
            r"(?:[ ]*\((?P<agency>[^()\n]{{2,40}})\)[ ]*{dash}[ ]*|\.?[ ]*/(?P<slashed>[^/\n]{{2,20}})/\.?(?:[ ]*{dash})?[ ]+|[ ]*(?:--|[–—])[ ]*|[ ]+-[ ]+|[ ]+\((?P<bare>[^()\n]{{2,40}})\)[ ]+)"
        );
        let pattern = format!(
            r"^(?P<place>{place}(?P<region>{region}))(?:,[ ](?P<date>{date}))?{ending}"
        );
        Regex::new(&pattern).expect("the dateline pattern is a valid regex")
    })
}

/// The dateline at the start of `text`, or at the start of its first body paragraph after
/// one short title, timestamp or byline line. `published` resolves a date without a year.
/// Without an agency or a date, the place must be in capitals ("WASHINGTON —") or carry a
/// region ("Seoul, South Korea —"), so that "North Korea - Russia ties" is not one.
pub fn find_dateline(text: &str, published: Option<NaiveDate>) -> Option<Dateline> {
    dateline_at(text, 0, published).or_else(|| {
        let start = body_after_leading_line(text)?;
        dateline_at(text, start, published)
    })
}

/// Where the second paragraph starts when the text opens with one short line (a title,
/// a timestamp, a byline) and a blank line.
fn body_after_leading_line(text: &str) -> Option<usize> {
    let head = &text[..floor_char_boundary(text, LEADING_LINE_BYTES + 2)];
    let line_end = head.find('\n')?;
    let line = text[..line_end].trim();
    let rest = &text[line_end..];
    let blank = rest.len() - rest.trim_start_matches(['\n', ' ']).len();
    let is_short_line = !line.is_empty() && !line.ends_with(['.', ':', ';', ',']);
    (is_short_line && rest[..blank].matches('\n').count() >= 2).then_some(line_end + blank)
}

/// The dateline opening `text[start..]`, if any; its `len` is the body's offset in `text`.
fn dateline_at(text: &str, start: usize, published: Option<NaiveDate>) -> Option<Dateline> {
    let paragraph = &text[start..];
    let head = &paragraph[..floor_char_boundary(paragraph, HEAD_BYTES)];
    // The match test runs on a DFA; capturing (slower) only once there is a match.
    if !dateline_regex().is_match(head) {
        return None;
    }
    let caps = dateline_regex().captures(head)?;
    let mut place = caps.name("place")?.as_str().trim_end_matches(',').trim();
    let mut date_text = caps.name("date").map(|m| m.as_str().trim().to_string());
    // "BEIRUT, Friday, Oct. 4": the weekday the region pattern took belongs to the date.
    if let (Some((before, last)), Some(written)) = (place.rsplit_once(", "), &date_text) {
        if crate::dates::is_weekday(last) {
            date_text = Some(format!("{last}, {written}"));
            place = before;
        }
    }
    let bare = caps.name("bare");
    let agency = caps
        .name("agency")
        .or(caps.name("slashed"))
        .or(bare)
        .map(|m| m.as_str().trim().to_string());
    let len = caps.get(0)?.end();
    // A dateline is followed by the body's first sentence, never a lower-case word.
    let next = paragraph[len..].chars().next();
    if next.is_some_and(char::is_lowercase) {
        return None;
    }
    if bare.is_some() {
        // "Taipei, Oct. 15 (CNA) Taiwan detected": only with a date, before a capital.
        if date_text.is_none() || !next.is_some_and(char::is_uppercase) {
            return None;
        }
    }
    let date = match date_text.as_deref() {
        None => None,
        Some(written) if month_number_in(written).is_some() => {
            resolve_month_day(written, published)
        }
        Some(written) => Some(parse_calendar_date(written)?),
    };
    let first_word = place.split([' ', ',', '/']).next().unwrap_or(place);
    if agency.is_none() && date_text.is_none() {
        let capitals = first_word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && first_word.chars().all(|c| !c.is_lowercase());
        let has_region = caps.name("region").is_some_and(|r| !r.as_str().is_empty());
        let title_case_place = has_region && !SENTENCE_OPENERS.contains(&first_word);
        if !(capitals || title_case_place) || next.is_none() {
            return None;
        }
    }
    if agency.is_some() && SENTENCE_OPENERS.contains(&first_word) && date_text.is_none() {
        return None;
    }
    Some(Dateline {
        place: place.to_string(),
        date_text,
        date,
        agency,
        len: start + len,
        start,
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

    /// One dateline case: the text, then what is expected of its dateline.
    struct Case {
        text: &'static str,
        place: &'static str,
        date_text: Option<&'static str>,
        date: Option<(i32, u32, u32)>,
        agency: Option<&'static str>,
        body: &'static str,
    }

    const fn case(
        text: &'static str,
        place: &'static str,
        date_text: Option<&'static str>,
        date: Option<(i32, u32, u32)>,
        agency: Option<&'static str>,
        body: &'static str,
    ) -> Case {
        Case {
            text,
            place,
            date_text,
            date,
            agency,
            body,
        }
    }

    const DATELINES: &[Case] = &[
        case(
            "SEOUL, Oct 18 (Reuters) - North Korea has sent",
            "SEOUL",
            Some("Oct 18"),
            Some((2024, 10, 18)),
            Some("Reuters"),
            "North Korea has sent",
        ),
        case(
            "MOSCOW (AP) — Russia said",
            "MOSCOW",
            None,
            None,
            Some("AP"),
            "Russia said",
        ),
        case(
            "Kyiv, 5 November 2024 (AFP) – Ukraine said",
            "Kyiv",
            Some("5 November 2024"),
            Some((2024, 11, 5)),
            Some("AFP"),
            "Ukraine said",
        ),
        case(
            "SEOUL, Oct. 23 (Yonhap) -- The spy agency",
            "SEOUL",
            Some("Oct. 23"),
            Some((2024, 10, 23)),
            Some("Yonhap"),
            "The spy agency",
        ),
        case(
            "WASHINGTON — The Pentagon",
            "WASHINGTON",
            None,
            None,
            None,
            "The Pentagon",
        ),
        case(
            "SEOUL, South Korea (AP) — North Korea",
            "SEOUL, South Korea",
            None,
            None,
            Some("AP"),
            "North Korea",
        ),
        case(
            "VLADIVOSTOK, Russia, Sept. 13 (Reuters) - Kim",
            "VLADIVOSTOK, Russia",
            Some("Sept. 13"),
            Some((2024, 9, 13)),
            Some("Reuters"),
            "Kim",
        ),
        case(
            "KAZAN, October 24. /TASS/. Russian President",
            "KAZAN",
            Some("October 24"),
            Some((2024, 10, 24)),
            Some("TASS"),
            "Russian President",
        ),
        case(
            "NEW DELHI/ISLAMABAD, May 7 (Reuters) - India launched",
            "NEW DELHI/ISLAMABAD",
            Some("May 7"),
            Some((2024, 5, 7)),
            Some("Reuters"),
            "India launched",
        ),
        case(
            "LONDON / KYIV, Nov 3 (Reuters) - Talks",
            "LONDON / KYIV",
            Some("Nov 3"),
            Some((2023, 11, 3)),
            Some("Reuters"),
            "Talks",
        ),
        case(
            "Taipei, Oct. 15 (CNA) Taiwan detected",
            "Taipei",
            Some("Oct. 15"),
            Some((2024, 10, 15)),
            Some("CNA"),
            "Taiwan detected",
        ),
        case(
            "MOSCOW, Nov 3 (Reuters) — Russia",
            "MOSCOW",
            Some("Nov 3"),
            Some((2023, 11, 3)),
            Some("Reuters"),
            "Russia",
        ),
        case(
            "UNITED NATIONS (AP) — The Security Council",
            "UNITED NATIONS",
            None,
            None,
            Some("AP"),
            "The Security Council",
        ),
        case(
            "KYIV, Ukraine (AP) — Drones",
            "KYIV, Ukraine",
            None,
            None,
            Some("AP"),
            "Drones",
        ),
        case(
            "Seoul, South Korea — North Korea fired",
            "Seoul, South Korea",
            None,
            None,
            None,
            "North Korea fired",
        ),
        case(
            "PYONGYANG, Sept. 14 (KCNA) -- Kim Jong Un",
            "PYONGYANG",
            Some("Sept. 14"),
            Some((2024, 9, 14)),
            Some("KCNA"),
            "Kim Jong Un",
        ),
        case(
            "Pyongyang, September 14 (KCNA) -- Kim",
            "Pyongyang",
            Some("September 14"),
            Some((2024, 9, 14)),
            Some("KCNA"),
            "Kim",
        ),
        case(
            "DUBAI, United Arab Emirates (AP) — Israel",
            "DUBAI, United Arab Emirates",
            None,
            None,
            Some("AP"),
            "Israel",
        ),
        case(
            "DAMASCUS, Syria, Dec. 8, 2024 (AP) — Rebels",
            "DAMASCUS, Syria",
            Some("Dec. 8, 2024"),
            Some((2024, 12, 8)),
            Some("AP"),
            "Rebels",
        ),
        case(
            "Rio de Janeiro, Brazil (AP) — Leaders",
            "Rio de Janeiro, Brazil",
            None,
            None,
            Some("AP"),
            "Leaders",
        ),
        case(
            "WASHINGTON, D.C. — Lawmakers",
            "WASHINGTON, D.C.",
            None,
            None,
            None,
            "Lawmakers",
        ),
        case(
            "MOSCOW /TASS/. The Kremlin",
            "MOSCOW",
            None,
            None,
            Some("TASS"),
            "The Kremlin",
        ),
        case(
            "GENEVA, 2024-10-02 (Reuters) - Envoys",
            "GENEVA",
            Some("2024-10-02"),
            Some((2024, 10, 2)),
            Some("Reuters"),
            "Envoys",
        ),
        case(
            "BEIRUT, Friday, Oct. 4 (AP) — Strikes",
            "BEIRUT",
            Some("Friday, Oct. 4"),
            Some((2024, 10, 4)),
            Some("AP"),
            "Strikes",
        ),
        case(
            "10/15/2024 10:12 AM\n\nTaipei, Oct. 15 (CNA) Taiwan detected",
            "Taipei",
            Some("Oct. 15"),
            Some((2024, 10, 15)),
            Some("CNA"),
            "Taiwan detected",
        ),
        case(
            "N. Korea sends troops to Russia: NIS\n\nSEOUL, Oct. 18 (Yonhap) -- North Korea",
            "SEOUL",
            Some("Oct. 18"),
            Some((2024, 10, 18)),
            Some("Yonhap"),
            "North Korea",
        ),
    ];

    #[test]
    fn recognises_datelines() {
        let published = NaiveDate::from_ymd_opt(2024, 10, 23);
        for case in DATELINES {
            let found = find_dateline(case.text, published)
                .unwrap_or_else(|| panic!("no dateline in {}", case.text));
            let expected_date = case
                .date
                .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(found.place, case.place, "{}", case.text);
            assert_eq!(found.date_text.as_deref(), case.date_text, "{}", case.text);
            assert_eq!(found.date, expected_date, "{}", case.text);
            assert_eq!(found.agency.as_deref(), case.agency, "{}", case.text);
            assert_eq!(&case.text[found.len..], case.body, "{}", case.text);
            assert!(
                case.text[found.start..].starts_with(found.place.as_str()),
                "{}",
                case.text
            );
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
            "Russia, China and Iran held talks — officials said on Monday",
            "Russia, China and Iran — three partners — held talks",
            "However, President Biden — who spoke first — said",
            "Kim Jong Un — the leader — said",
            "Seoul — The ministry said",
            "Ukraine, Russia trade blame over the dam",
            "SEOUL (Reuters) - the agency said",
            "North Korea (DPRK) - officials in Pyongyang",
            "The Hague (ICC) said on Friday",
            "A long opening sentence that runs on past the limit without a break and ends.\n\nSEOUL (AP) — Text",
            "Putin, Kim sign treaty — Moscow welcomes pact",
            "",
        ] {
            assert_eq!(find_dateline(text, None), None, "{text}");
        }
    }
}
