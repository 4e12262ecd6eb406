//! Coded events: who did what to whom, when, where, how many, with what modality, who
//! said so, and the sentence it came from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The sixteen PLOVER event types, ordered from cooperation to conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    /// All types in PLOVER order.
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    /// The PLOVER name ("AID").
    pub fn name(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// Whether the act is a statement (PLOVER's verbal types): an actor that accuses,
    /// demands or threatens is itself the source of the claim.
    pub fn is_verbal(self) -> bool {
        matches!(
            self,
            EventType::Agree
                | EventType::Support
                | EventType::Request
                | EventType::Accuse
                | EventType::Reject
                | EventType::Threaten
                | EventType::Concede
        )
    }

    /// Whether actor and recipient may be swapped when comparing events (bilateral acts).
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            EventType::Consult | EventType::Agree | EventType::Support | EventType::Cooperate
        )
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error for an unknown PLOVER type name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a PLOVER event type (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)")]
pub struct UnknownEventType(pub String);

impl FromStr for EventType {
    type Err = UnknownEventType;
    /// Accepts the current names and the older PLOVER labels (DEMAND, DISAPPROVE,
    /// INVESTIGATE, FIGHT), mapped as the PLOVER gold-standard README says.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        match upper.as_str() {
            "DEMAND" => return Ok(EventType::Request),
            "DISAPPROVE" | "INVESTIGATE" => return Ok(EventType::Accuse),
            "FIGHT" => return Ok(EventType::Assault),
            _ => {}
        }
        EventType::ALL
            .iter()
            .copied()
            .find(|t| t.name() == upper)
            .ok_or_else(|| UnknownEventType(s.to_string()))
    }
}

/// How the report presents the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact in the report's own voice, or by the acting party of itself.
    Asserted,
    /// Claimed by a third party ("the spy agency said", "reportedly").
    Reported,
    /// Decided, announced, expected ("will", "plans to").
    Planned,
    /// Under consideration ("weighing", "would consider", "not ruling out").
    Considered,
    /// Explicitly conditional (if/unless; a mutual-defence clause).
    Conditional,
    /// Denied by a party; coded as the denied action, attributed to the denier.
    Denied,
}

impl Modality {
    pub const ALL: [Modality; 6] = [
        Modality::Asserted,
        Modality::Reported,
        Modality::Planned,
        Modality::Considered,
        Modality::Conditional,
        Modality::Denied,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Reported => "reported",
            Modality::Planned => "planned",
            Modality::Considered => "considered",
            Modality::Conditional => "conditional",
            Modality::Denied => "denied",
        }
    }

    /// Whether the modality says the event happened (asserted or reported).
    pub fn is_occurrence(self) -> bool {
        matches!(self, Modality::Asserted | Modality::Reported)
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Modality {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        Modality::ALL
            .iter()
            .copied()
            .find(|m| m.name() == lower)
            .ok_or_else(|| {
                format!("'{s}' is not a modality (asserted, reported, planned, considered, conditional, denied)")
            })
    }
}

/// "How many": a count with its unit, exact, approximate, a range, or vague.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number (for a range, its lower bound); `None` for a vague amount ("thousands").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<u64>,
    /// Upper bound of a range ("10,000 to 12,000" → value 10000, max 12000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    /// What is counted, normalised ("troops", "shells", "missiles", "people", "dead").
    pub unit: String,
    /// "about", "some", "more than", "up to"…
    #[serde(default)]
    pub approx: bool,
    /// A vague amount as written ("thousands", "hundreds").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vague: Option<String>,
    /// The words it was read from ("some 12,000 troops").
    pub text: String,
}

/// Where: a gazetteer place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Place name as in the gazetteer ("Kursk Oblast").
    pub name: String,
    /// ISO 3166 alpha-3 of the country the place is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// "country", "capital", "region", "city", "sea", "base"…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// Precision of an event date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
    Interval,
}

/// Where an event date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// Written in the sentence ("on Oct. 8", "in June 2024").
    Stated,
    /// Resolved from a relative expression ("last week", "on Monday") and the report date.
    Derived,
    /// No date in the sentence: the report's publication date stands in.
    Published,
}

/// Where an event was read: the report and the UTF-8 byte span of its sentence or clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub report_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_ref: Option<String>,
    /// UTF-8 byte offset of the span's start in the report text.
    pub start: usize,
    /// UTF-8 byte offset one past the span's end.
    pub end: usize,
    /// The span's text (`report.text[start..end]`).
    pub text: String,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Deterministic id: a hash of the report id, span, type, actors and recipients.
    pub id: String,
    /// Actor codes: ISO 3166 alpha-3 for states, `NATO`, `UN`, `EU`… for organisations.
    pub actor: Vec<String>,
    /// Agency, unit or person on the actor side ("National Intelligence Service").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_detail: Option<String>,
    pub event_type: EventType,
    /// PLOVER mode ("military", "troops", "lethal weapons", "condemn"…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// PLOVER contexts ("military", "diplomatic", "territory"…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    /// Nearest CAMEO code ("0234").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    pub recipient: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// ISO date text at its precision: `2024-10-18`, `2024-06`, `2024`, or an interval
    /// `2024-10-14/2024-10-20` (weeks are intervals with precision `week`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<DatePrecision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<DateBasis>,
    pub modality: Modality,
    /// Who says so (codes); empty when the report says it in its own voice.
    #[serde(default)]
    pub attributed_to: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_detail: Option<String>,
    pub evidence: Evidence,
    /// The lexicon entry that fired ("aid.military.ship_troops"), so an analyst can see why.
    pub rule: String,
}

impl Event {
    /// The first and last day the event date covers, parsed from `event_date`.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        parse_date_range(self.event_date.as_deref()?)
    }
}

/// Parse `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `A/B` (each side any of those) into the
/// first and last day covered.
pub fn parse_date_range(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    if let Some((a, b)) = text.split_once('/') {
        let (start, _) = parse_date_range(a)?;
        let (_, end) = parse_date_range(b)?;
        return (start <= end).then_some((start, end));
    }
    let parts: Vec<&str> = text.trim().split('-').collect();
    let num = |s: &str| s.parse::<u32>().ok();
    match parts.as_slice() {
        [y, m, d] => {
            let date = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)?;
            Some((date, date))
        }
        [y, m] => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let start = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            Some((start, next.pred_opt()?))
        }
        [y] => {
            let y = num(y)? as i32;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_parse_old_labels() {
        assert_eq!("demand".parse::<EventType>().unwrap(), EventType::Request);
        assert_eq!("FIGHT".parse::<EventType>().unwrap(), EventType::Assault);
        assert_eq!("AID".parse::<EventType>().unwrap(), EventType::Aid);
        assert!("HUG".parse::<EventType>().is_err());
    }

    #[test]
    fn date_ranges() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            parse_date_range("2024-02"),
            Some((d("2024-02-01"), d("2024-02-29")))
        );
        assert_eq!(
            parse_date_range("2024-10-14/2024-10-20"),
            Some((d("2024-10-14"), d("2024-10-20")))
        );
        assert_eq!(
            parse_date_range("2024"),
            Some((d("2024-01-01"), d("2024-12-31")))
        );
        assert_eq!(parse_date_range("garbage"), None);
    }

    #[test]
    fn event_json_field_names_are_stable() {
        let e = Event {
            id: "x".into(),
            actor: vec!["PRK".into()],
            actor_detail: None,
            event_type: EventType::Aid,
            mode: Some("military".into()),
            context: vec![],
            cameo: Some("0332".into()),
            recipient: vec!["RUS".into()],
            recipient_detail: None,
            quantity: None,
            location: None,
            event_date: None,
            date_precision: None,
            date_basis: None,
            modality: Modality::Reported,
            attributed_to: vec!["KOR".into()],
            attributed_detail: None,
            evidence: Evidence {
                report_id: "r".into(),
                report_ref: None,
                start: 0,
                end: 1,
                text: "a".into(),
            },
            rule: "aid.troops".into(),
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["event_type"], "AID");
        assert_eq!(v["modality"], "reported");
        assert_eq!(v["evidence"]["start"], 0);
        let back: Event = serde_json::from_value(v).unwrap();
        assert_eq!(back, e);
    }
}
