//! Every STIX export is valid, whatever the coded events hold: arbitrary events (empty
//! fields, odd codes, missing recipients, huge quantities, any Unicode, impossible dates
//! and coordinates) exported and checked against the strict validator's rules in Rust
//! (`common::stix_rules`). With `LADDER_STIX_BATCH=DIR` set, `write_batch_for_the_validator`
//! also writes a batch of such bundles for `scripts/ci-stix` to run the real validator on.

mod common;

use common::stix_rules::problems;
use ladder_core::*;
use ladder_share::stix::export::{bundle, export_objects, ExportInput, ExportOptions};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        "[A-Z]{3}",
        "\\PC{0,40}",
        any::<String>().prop_map(|s| s.chars().take(60).collect()),
    ]
}

fn codes() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            "[A-Z]{3}",
            Just(String::new()),
            Just("KOR".to_string()),
            Just("NATO".to_string()),
            text()
        ],
        0..4,
    )
}

fn quantity() -> impl Strategy<Value = Option<Quantity>> {
    prop::option::of(
        (
            prop::option::of(any::<u64>()),
            prop::option::of(any::<u64>()),
            text(),
            any::<bool>(),
            prop::option::of(text()),
            text(),
        )
            .prop_map(|(value, max, unit, approx, vague, text)| Quantity {
                value,
                max,
                unit,
                approx,
                vague,
                text,
            }),
    )
}

fn location() -> impl Strategy<Value = Option<Location>> {
    prop::option::of(
        (
            text(),
            prop::option::of(prop_oneof!["[A-Z]{3}", Just("RUS".to_string()), text()]),
            prop::option::of(-1000.0f64..1000.0),
            prop::option::of(-1000.0f64..1000.0),
            prop::option::of(text()),
        )
            .prop_map(|(name, country, lat, lon, kind)| Location {
                name,
                country,
                lat,
                lon,
                kind,
            }),
    )
}

fn date() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        Just("2024-10-30".to_string()),
        Just("2024-02".to_string()),
        Just("99999-01-01".to_string()),
        Just("0-01-01".to_string()),
        Just("2024-13-45".to_string()),
        Just("2024-10-14/2024-10-20".to_string()),
        "[0-9]{1,6}(-[0-9]{1,2}){0,2}",
        text(),
    ])
}

/// A report and events coded from it, every field arbitrary.
fn coded() -> impl Strategy<Value = (Report, Vec<Event>)> {
    let event = (
        (codes(), codes(), codes()),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        (prop::option::of(text()), prop::option::of(text())),
        prop::sample::select(EventType::ALL.to_vec()),
        prop::sample::select(Modality::ALL.to_vec()),
        (quantity(), location(), date()),
        (text(), text(), prop::collection::vec(text(), 0..3)),
    );
    (
        (
            text(),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        prop::collection::vec(event, 0..5),
        prop::sample::select(vec![
            Tlp::Clear,
            Tlp::Green,
            Tlp::Amber,
            Tlp::AmberStrict,
            Tlp::Red,
        ]),
    )
        .prop_map(|((body, title, source, published_at), events, tlp)| {
            let text = ladder_core::hash::normalise_text(&body);
            let report = Report {
                id: ladder_core::hash::report_id(&text),
                report_ref: None,
                source,
                url: None,
                title,
                published: None,
                published_at,
                language: None,
                text,
                format: ReportFormat::Text,
                dateline: None,
                wire: vec![],
                reliability: None,
                tlp,
            };
            let events = events
                .into_iter()
                .enumerate()
                .map(|(i, e)| {
                    let (
                        (actor, recipient, attributed),
                        (actor_detail, recipient_detail, attributed_detail),
                        (mode, cameo),
                        event_type,
                        modality,
                        (quantity, location, event_date),
                        (sentence, rule, context),
                    ) = e;
                    Event {
                        id: ladder_core::hash::short_hash(format!("{}|{i}", report.id).as_bytes()),
                        actor,
                        actor_detail,
                        event_type,
                        mode,
                        context,
                        cameo,
                        recipient,
                        recipient_detail,
                        quantity,
                        location,
                        event_date,
                        date_precision: None,
                        date_basis: None,
                        modality,
                        attributed_to: attributed,
                        attributed_detail,
                        evidence: Evidence {
                            report_id: report.id.clone(),
                            report_ref: None,
                            start: 0,
                            end: sentence.len(),
                            text: sentence,
                        },
                        rule,
                    }
                })
                .collect();
            (report, events)
        })
}

fn export(report: &Report, events: &[Event], max_tlp: Tlp) -> serde_json::Value {
    let input = ExportInput {
        reports: std::slice::from_ref(report),
        events,
        ..ExportInput::default()
    };
    bundle(export_objects(&input, &ExportOptions { max_tlp }))
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    #[test]
    fn every_export_keeps_the_strict_rules((report, events) in coded()) {
        for max_tlp in [Tlp::Red, Tlp::Green] {
            let b = export(&report, &events, max_tlp);
            let mut found = Vec::new();
            for o in b["objects"].as_array().into_iter().flatten() {
                found.extend(problems(o));
            }
            prop_assert!(found.is_empty(), "{:#?}", found);
        }
    }
}

#[test]
fn the_rules_catch_what_the_validator_rejects() {
    let good = serde_json::json!({
        "type": "political-event", "spec_version": "2.1",
        "id": "political-event--6e2d1f0a-8c3b-4d5e-9f10-2a3b4c5d6e7f",
        "created": "2024-10-30T00:00:00.000Z", "modified": "2024-10-30T00:00:00.000Z",
        "actor_codes": ["KOR"],
    });
    assert!(problems(&good).is_empty(), "{:?}", problems(&good));
    for (key, bad) in [
        ("recipient_codes", serde_json::json!([])),
        ("description", serde_json::json!("")),
        ("Bad-Name", serde_json::json!("x")),
        ("start_time", serde_json::json!("2024-10-30")),
        ("source_ref", serde_json::json!("report--123")),
        ("created", serde_json::json!("+10000-01-01T00:00:00Z")),
    ] {
        let mut o = good.clone();
        o[key] = bad;
        assert!(!problems(&o).is_empty(), "{key} passed");
    }
}

/// Bundles for the real validator (`scripts/ci-stix`), when asked for.
#[test]
fn write_batch_for_the_validator() {
    let Some(dir) = std::env::var_os("LADDER_STIX_BATCH") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut runner = TestRunner::deterministic();
    let strategy = coded();
    let mut objects = Vec::new();
    for _ in 0..60 {
        let (report, events) = strategy.new_tree(&mut runner).unwrap().current();
        objects.extend(
            export(&report, &events, Tlp::Red)["objects"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
    }
    // One bundle, each object once (fixed objects recur across exports).
    let mut seen = std::collections::BTreeSet::new();
    objects.retain(|o| seen.insert(o["id"].as_str().unwrap_or("").to_string()));
    let text = serde_json::to_string_pretty(&bundle(objects)).unwrap();
    std::fs::write(dir.join("generated.json"), text).unwrap();
}
