//! Shared fixtures for sharing's integration tests: a small store with two graded
//! reports, their coded events and one assessment, and the path to `../shared/tools`.

#![allow(dead_code)]

pub mod http;
pub mod stix_rules;

use chrono::NaiveDate;
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::*;
use ladder_store::{SqliteStore, Store};
use std::path::PathBuf;

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn report(
    text: &str,
    source: &str,
    published: &str,
    tlp: Tlp,
    reliability: Reliability,
) -> Report {
    let text = normalise_text(text);
    Report {
        id: report_id(&text),
        report_ref: Some(format!("test:{source}:{published}")),
        source: Some(source.into()),
        url: Some(format!("https://news.invalid/{published}")),
        title: Some(text.lines().next().unwrap_or_default().to_string()),
        published: Some(day(published)),
        published_at: Some(format!("{published}T09:30:00+09:00")),
        language: Some("en".into()),
        text,
        format: ReportFormat::Text,
        dateline: None,
        wire: vec![],
        reliability: Some(reliability),
        tlp,
    }
}

pub fn event_in(
    report: &Report,
    sentence: &str,
    event_type: EventType,
    actor: &str,
    recipient: &str,
) -> Event {
    let start = report.text.find(sentence).expect("sentence in report");
    Event {
        id: ladder_core::hash::short_hash(
            format!("{}|{start}|{event_type}|{actor}|{recipient}", report.id).as_bytes(),
        ),
        actor: vec![actor.into()],
        actor_detail: None,
        event_type,
        mode: None,
        context: vec![],
        cameo: None,
        recipient: vec![recipient.into()],
        recipient_detail: None,
        quantity: None,
        location: None,
        event_date: None,
        date_precision: None,
        date_basis: None,
        modality: Modality::Asserted,
        attributed_to: vec![],
        attributed_detail: None,
        evidence: Evidence {
            report_id: report.id.clone(),
            report_ref: report.report_ref.clone(),
            start,
            end: start + sentence.len(),
            text: sentence.into(),
        },
        rule: "test.rule".into(),
    }
}

/// Two reports (GREEN and AMBER), three events and one assessment.
pub fn sample() -> (Vec<Report>, Vec<Event>, Assessment) {
    let r1 = report(
        "South Korea's spy chief visits NATO\n\nSouth Korea's intelligence officials met NATO counterparts in Brussels on Oct. 30 to boost information sharing.",
        "Yonhap",
        "2024-10-30",
        Tlp::Green,
        Reliability::B,
    );
    let r2 = report(
        "North Korean troops reach Kursk\n\nSome 12,000 North Korean troops have been sent to Russia, South Korea's spy agency said. Seoul summoned the Russian ambassador.",
        "Example Wire",
        "2024-10-21",
        Tlp::Amber,
        Reliability::C,
    );
    let mut e1 = event_in(&r1, "South Korea's intelligence officials met NATO counterparts in Brussels on Oct. 30 to boost information sharing.", EventType::Consult, "KOR", "NATO");
    e1.actor_detail = Some("National Intelligence Service".into());
    e1.location = Some(Location {
        name: "Brussels".into(),
        country: Some("BEL".into()),
        lat: Some(50.8503),
        lon: Some(4.3517),
        kind: Some("capital".into()),
    });
    e1.event_date = Some("2024-10-30".into());
    e1.date_precision = Some(DatePrecision::Day);
    e1.date_basis = Some(DateBasis::Stated);
    e1.context = vec!["intelligence".into()];
    let mut e2 = event_in(
        &r2,
        "Some 12,000 North Korean troops have been sent to Russia, South Korea's spy agency said.",
        EventType::Aid,
        "PRK",
        "RUS",
    );
    e2.mode = Some("troops".into());
    e2.cameo = Some("0332".into());
    e2.modality = Modality::Reported;
    e2.attributed_to = vec!["KOR".into()];
    e2.attributed_detail = Some("National Intelligence Service".into());
    e2.quantity = Some(Quantity {
        value: Some(12000),
        max: None,
        unit: "troops".into(),
        approx: true,
        vague: None,
        text: "Some 12,000 North Korean troops".into(),
    });
    e2.location = Some(Location {
        name: "Kursk Oblast".into(),
        country: Some("RUS".into()),
        lat: Some(51.7),
        lon: Some(36.2),
        kind: Some("region".into()),
    });
    e2.event_date = Some("2024-10".into());
    e2.date_precision = Some(DatePrecision::Month);
    e2.date_basis = Some(DateBasis::Published);
    let mut e3 = event_in(
        &r2,
        "Seoul summoned the Russian ambassador.",
        EventType::Accuse,
        "KOR",
        "RUS",
    );
    e3.mode = Some("summon".into());
    e3.recipient_detail = Some("Georgy Zinoviev".into());
    // Built from JSON so that fields added to the core types later default cleanly.
    let assessment: Assessment = serde_json::from_value(serde_json::json!({
        "scenario_id": "dprk-russia",
        "as_of": "2024-10-31",
        "stage_called": 2,
        "probabilities": [{"stage": 1, "p": 0.9}, {"stage": 2, "p": 0.6}],
        "indicators": [{
            "indicator_id": "troops-abroad",
            "stage": 2,
            "text": "North Korean troops in Russia",
            "status": "single-source",
            "independent_sources": 1,
            "score": 1.2,
            "evidence": [{
                "event_id": e2.id,
                "report_id": r2.id,
                "report_ref": r2.report_ref,
                "source": r2.source,
                "published": "2024-10-21",
                "sentence": e2.evidence.text,
                "start": e2.evidence.start,
                "end": e2.evidence.end,
                "modality": "reported",
                "attributed_to": ["KOR"],
                "reliability": "C",
                "credibility": 2,
                "origin": "source:example wire",
                "weight": 0.7
            }]
        }],
        "changes": []
    }))
    .unwrap();
    (vec![r1, r2], vec![e1, e2, e3], assessment)
}

/// A store in `dir` holding [`sample`].
pub fn sample_store(path: &std::path::Path) -> SqliteStore {
    let (reports, events, assessment) = sample();
    let mut store = SqliteStore::open(path).unwrap();
    store.put_reports(&reports).unwrap();
    let mut batch: Vec<(String, Vec<Event>)> = Vec::new();
    for r in &reports {
        batch.push((
            r.id.clone(),
            events
                .iter()
                .filter(|e| e.evidence.report_id == r.id)
                .cloned()
                .collect(),
        ));
    }
    store.put_events("test-coder", &batch).unwrap();
    store.put_assessment(&assessment).unwrap();
    store
}

/// `../shared/tools` (or `$LADDER_SHARED_DIR/tools`), if present.
pub fn shared_tools() -> Option<PathBuf> {
    let root = workspace_root();
    let shared = std::env::var_os("LADDER_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let tools = shared.join("tools");
    if tools.is_dir() {
        Some(tools)
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {} is missing",
            tools.display()
        );
        eprintln!(
            "note: {} not found; conformance check skipped",
            tools.display()
        );
        None
    }
}

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
