//! Hand-built and generated events for tests and benchmarks: a small builder, and a
//! seeded generator of a large, deterministic event history.

use crate::input::{AssessmentInput, InputEvent};
use chrono::{Days, NaiveDate};
use ladder_core::{Event, EventType, Evidence, Location, Modality, Reliability};

/// A minimal event: one actor, one type, one recipient, a modality.
pub fn event(
    id: &str,
    actor: &str,
    event_type: EventType,
    recipient: &str,
    modality: Modality,
) -> Event {
    Event {
        id: id.to_string(),
        actor: vec![actor.to_string()],
        actor_detail: None,
        event_type,
        mode: None,
        context: vec![],
        cameo: None,
        recipient: if recipient.is_empty() {
            vec![]
        } else {
            vec![recipient.to_string()]
        },
        recipient_detail: None,
        quantity: None,
        location: None,
        event_date: None,
        date_precision: None,
        date_basis: None,
        modality,
        attributed_to: vec![],
        attributed_detail: None,
        evidence: Evidence {
            report_id: format!("report-{id}"),
            report_ref: None,
            start: 0,
            end: 0,
            text: format!("{actor} {event_type} {recipient} ({id})"),
        },
        rule: "test".to_string(),
    }
}

/// Join an event to a report published on `published` (`YYYY-MM-DD`) by `source`,
/// optionally carrying `wire` copy. Reliability B.
pub fn input_event(event: Event, published: &str, source: &str, wire: Option<&str>) -> InputEvent {
    let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").unwrap_or_default();
    let origin = match wire {
        Some(w) => format!("wire:{}", w.to_lowercase()),
        None => format!("source:{}", source.to_lowercase()),
    };
    InputEvent {
        event,
        published,
        source: Some(source.to_string()),
        report_ref: None,
        reliability: Reliability::B,
        origin,
    }
}

/// The seeded generator the synthetic events are drawn from.
pub use ladder_core::seeded_rng::SeededRng as Rng;

const CODES: &[&str] = &[
    "PRK", "RUS", "KOR", "UKR", "USA", "CHN", "TWN", "JPN", "NATO", "BLR",
];
const OUTLETS: &[&str] = &[
    "Harbour Daily",
    "Northern Ledger",
    "Capital Wire Review",
    "Peninsula Times",
    "Eastern Observer",
    "Continental Post",
    "Morning Dispatch",
    "Strait Monitor",
];
const WIRES: &[&str] = &["Reuters", "AP", "AFP", "Yonhap"];
const MODES: &[&str] = &[
    "troops",
    "military",
    "artillery shells",
    "missiles",
    "economic",
    "diplomatic",
];
const PLACES: &[(&str, &str)] = &[
    ("Kursk Oblast", "RUS"),
    ("Vladivostok", "RUS"),
    ("Donetsk Oblast", "UKR"),
    ("Pyongyang", "PRK"),
    ("Seoul", "KOR"),
    ("Taipei", "TWN"),
    ("Moscow", "RUS"),
];
const WORDS: &[&str] = &[
    "officials",
    "said",
    "troops",
    "border",
    "summit",
    "shells",
    "agency",
    "reported",
    "talks",
    "missile",
    "envoy",
    "drills",
    "front",
    "casualties",
    "ministry",
    "statement",
];
const GRADES: [Reliability; 6] = [
    Reliability::A,
    Reliability::B,
    Reliability::C,
    Reliability::D,
    Reliability::E,
    Reliability::F,
];

/// `count` events published over `days` days from `start`, about ten events per report,
/// across ten actors (so that a scenario matches a realistic share), deterministic for
/// a `seed`.
pub fn generated_history(seed: u64, start: NaiveDate, days: u64, count: usize) -> AssessmentInput {
    let mut rng = Rng::new(seed);
    let mut events = Vec::with_capacity(count);
    for i in 0..count {
        let report = i / 10;
        let mut report_rng = Rng::new(seed ^ (report as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let day = (report as u64 * days) / (count as u64 / 10 + 1);
        let published = start.checked_add_days(Days::new(day)).unwrap_or(start);
        let outlet = OUTLETS[report_rng.below(OUTLETS.len())];
        let wire = (report_rng.below(3) == 0).then(|| WIRES[report_rng.below(WIRES.len())]);
        let reliability = GRADES[report_rng.below(GRADES.len())];
        let actor = CODES[rng.below(CODES.len())];
        let recipient = CODES[rng.below(CODES.len())];
        let event_type = EventType::ALL[rng.below(EventType::ALL.len())];
        let modality = Modality::ALL[rng.below(Modality::ALL.len())];
        let mut e = event(&format!("ev{i:08}"), actor, event_type, recipient, modality);
        e.evidence.report_id = format!("rp{report:07}");
        e.mode = Some(MODES[rng.below(MODES.len())].to_string());
        if rng.below(3) == 0 {
            let (name, country) = PLACES[rng.below(PLACES.len())];
            e.location = Some(Location {
                name: name.to_string(),
                country: Some(country.to_string()),
                lat: None,
                lon: None,
                kind: None,
            });
        }
        if rng.below(2) == 0 {
            e.attributed_to = vec![CODES[rng.below(CODES.len())].to_string()];
        }
        let back = rng.below(20) as u64;
        e.event_date = published
            .checked_sub_days(Days::new(back))
            .map(|d| d.format("%Y-%m-%d").to_string());
        let mut text = format!("{actor} {} {recipient}", event_type.name().to_lowercase());
        for _ in 0..12 {
            text.push(' ');
            text.push_str(WORDS[rng.below(WORDS.len())]);
        }
        e.evidence.text = text;
        events.push(InputEvent {
            event: e,
            published,
            source: Some(outlet.to_string()),
            report_ref: None,
            reliability,
            origin: match wire {
                Some(w) => format!("wire:{}", w.to_lowercase()),
                None => format!("source:{}", outlet.to_lowercase()),
            },
        });
    }
    AssessmentInput::from_events(events)
}
