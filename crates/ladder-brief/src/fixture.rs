//! A small briefing written for the unit tests: a two-week story on a five-rung ladder,
//! with one hostile evidence sentence to prove that escaping holds.

use crate::{Brief, EscalationSeries, IndexPoint, Methods, ReportInfo, StagePoint};
use chrono::NaiveDate;
use ladder_core::{Assessment, DimeTrack, Playbook, Response, Scenario, StageProbability, Tlp};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 10, d).expect("valid fixture date")
}

fn probs(values: &[f64]) -> Vec<StageProbability> {
    let list: Vec<Value> = values
        .iter()
        .enumerate()
        .map(|(i, p)| json!({"stage": i + 1, "p": p}))
        .collect();
    serde_json::from_value(Value::Array(list)).expect("valid fixture probabilities")
}

fn stage(level: u8, name: &str, indicators: &[(&str, &str)]) -> Value {
    let indicators: Vec<Value> = indicators
        .iter()
        .map(|(id, text)| json!({"id": id, "text": text, "pattern": {}, "half_life_days": 30.0}))
        .collect();
    json!({"level": level, "name": name, "description": format!("Rung {level} of the test ladder."), "indicators": indicators})
}

fn evidence(event: &str, report: &str, source: &str, sentence: &str, grade: (&str, u8)) -> Value {
    json!({
        "event_id": event, "report_id": report, "report_ref": format!("examples/{report}.txt"),
        "source": source, "published": "2024-10-18", "sentence": sentence, "start": 0,
        "end": sentence.len(), "modality": "reported", "attributed_to": ["KOR"],
        "reliability": grade.0, "credibility": grade.1,
        "origin": format!("source:{}", source.to_lowercase()), "weight": 0.8
    })
}

fn indicator(
    id: &str,
    stage: u8,
    text: &str,
    status: &str,
    sources: usize,
    evidence: Vec<Value>,
) -> Value {
    json!({
        "indicator_id": id, "stage": stage, "text": text, "status": status,
        "independent_sources": sources, "score": sources as f64, "evidence": evidence
    })
}

pub(crate) fn brief() -> Brief {
    let scenario: Scenario = serde_json::from_value(json!({
        "id": "prk-rus-military-cooperation",
        "title": "North Korea – Russia military cooperation",
        "actors": ["PRK", "RUS"],
        "stages": [
            stage(0, "Routine contact", &[]),
            stage(1, "Diplomatic alignment", &[("summit", "Leaders' summit")]),
            stage(2, "Treaty or alleged transfers", &[("treaty", "Mutual defence treaty")]),
            stage(3, "Confirmed transfers or training", &[("troops-training", "Troops sent for training")]),
            stage(4, "Troops in a combat zone", &[("troops-combat", "Troops in a combat zone")]),
            stage(5, "Open co-belligerence", &[]),
        ]
    }))
    .expect("valid fixture scenario");
    let indicators = vec![
        indicator(
            "troops-training",
            3,
            "Troops sent for training",
            "corroborated",
            2,
            vec![
                evidence(
                    "e1",
                    "r1",
                    "Harbour Wire",
                    "The spy agency said 1,500 special forces had been shipped to Russia's Far East.",
                    ("B", 2),
                ),
                evidence(
                    "e2",
                    "r2",
                    "Evening <Post>",
                    "Officials said <script>alert('x')</script> troops were training near Vladivostok.",
                    ("C", 3),
                ),
            ],
        ),
        indicator("summit", 1, "Leaders' summit", "confirmed", 3, vec![]),
        indicator("troops-combat", 4, "Troops in a combat zone", "not-observed", 0, vec![]),
    ];
    let assessment: Assessment = serde_json::from_value(json!({
        "scenario_id": scenario.id,
        "as_of": "2024-10-20",
        "stage_called": 3,
        "probabilities": probs(&[0.99, 0.95, 0.81, 0.22, 0.03]),
        "indicators": indicators,
        "changes": ["stage 2 → 3: troops sent for training corroborated"]
    }))
    .expect("valid fixture assessment");
    let mut previous = assessment.clone();
    previous.as_of = day(17);
    previous.stage_called = 2;
    previous.indicators[0].status = ladder_core::IndicatorStatus::SingleSource;
    previous.indicators[0].independent_sources = 1;
    let response = |id: &str, stage: u8, track: DimeTrack, condition: Option<&str>| Response {
        id: id.into(),
        stage,
        track,
        text: format!("Response {id}"),
        rationale: "Agreed in advance.".into(),
        condition: condition.map(str::to_string),
    };
    let playbook = Playbook {
        id: "kor".into(),
        observer: "KOR".into(),
        scenario: scenario.id.clone(),
        title: "Seoul's options".into(),
        responses: vec![
            response("nonlethal-aid", 3, DimeTrack::Military, None),
            response("summon-ambassador", 1, DimeTrack::Diplomatic, None),
            response("nato-intel", 2, DimeTrack::Information, None),
            response(
                "defensive-weapons",
                4,
                DimeTrack::Military,
                Some("if they are going too far"),
            ),
        ],
    };
    let history = (10..=20)
        .map(|d| {
            let stage = match d {
                10..=13 => 1,
                14..=17 => 2,
                _ => 3,
            };
            let p4 = f64::from(d - 9) * 0.02;
            StagePoint {
                date: day(d),
                stage,
                probabilities: probs(&[0.99, 0.9, 0.6, p4, 0.01]),
            }
        })
        .collect();
    let index = EscalationSeries {
        dyad: ("PRK".into(), "RUS".into()),
        points: (10..=20)
            .map(|d| IndexPoint {
                date: day(d),
                z: f64::from(d) / 3.0 - 4.5,
                events: d,
            })
            .collect(),
    };
    let mut reports = BTreeMap::new();
    reports.insert(
        "r1".to_string(),
        ReportInfo {
            url: Some("https://example.org/r1".into()),
            title: None,
            tlp: Tlp::Clear,
        },
    );
    reports.insert(
        "r2".to_string(),
        ReportInfo {
            url: Some("javascript:alert(1)".into()),
            title: None,
            tlp: Tlp::Green,
        },
    );
    Brief {
        scenario,
        assessment,
        previous: Some(previous),
        playbook: Some(playbook),
        observer: "KOR".into(),
        history,
        index: Some(index),
        events: BTreeMap::new(),
        reports,
        methods: Methods {
            call_threshold: Some(0.7),
            min_independent_sources: Some(2),
            hysteresis_days: Some(14),
            coder_version: Some("test-coder 1".into()),
            ladder_version: "0.1.0".into(),
            reports: Some(2),
            events: Some(2),
            notes: vec![],
        },
    }
}
