//! STIX export/import against a real SQLite store: strict validation by the OASIS
//! validator (via `../shared/tools/stix-check`), byte-identical re-export, round trip
//! through an empty store, no-op re-import, and TLP filtering.

mod common;

use common::*;
use ladder_core::Tlp;
use ladder_share::stix::export::bundle_text;
use ladder_share::stix::import::read_bundle;
use ladder_share::stix::storage::{export_from_store, import_into_store, ExportQuery};
use ladder_store::{SqliteStore, Store};
use std::process::Command;

fn export_text(store: &SqliteStore, query: &ExportQuery) -> String {
    bundle_text(&export_from_store(store, query, &[]).unwrap())
}

#[test]
fn export_is_deterministic_and_round_trips_through_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir.path().join("a.db"));
    let first = export_text(&store, &ExportQuery::default());
    assert_eq!(
        first,
        export_text(&store, &ExportQuery::default()),
        "re-export differs"
    );

    let bundle: serde_json::Value = serde_json::from_str(&first).unwrap();
    let imported = read_bundle(&bundle, None, Tlp::Amber).unwrap();
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    let mut empty = SqliteStore::open(dir.path().join("b.db")).unwrap();
    let summary = import_into_store(&mut empty, &imported).unwrap();
    assert_eq!(summary.reports_new, 2);
    assert_eq!(summary.assessments_written, 1);
    let second = export_text(&empty, &ExportQuery::default());
    assert_eq!(
        first, second,
        "export -> import -> export changed the bundle"
    );

    let again = import_into_store(&mut empty, &imported).unwrap();
    assert_eq!(
        (
            again.reports_new,
            again.event_groups_written,
            again.assessments_written
        ),
        (0, 0, 0)
    );
    assert_eq!(
        empty.stats().unwrap(),
        store.stats().unwrap().clone_with_coded(&empty)
    );
}

trait CodedFrom {
    fn clone_with_coded(&self, other: &SqliteStore) -> ladder_store::StoreStats;
}

impl CodedFrom for ladder_store::StoreStats {
    /// The stats, with the coded-report count taken from `other` (imports are coded by
    /// the importer's own coder version).
    fn clone_with_coded(&self, other: &SqliteStore) -> ladder_store::StoreStats {
        let mut s = self.clone();
        s.coded_reports = other.stats().unwrap().coded_reports;
        s
    }
}

#[test]
fn tlp_filter_and_markings() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir.path().join("a.db"));
    let green = export_from_store(
        &store,
        &ExportQuery {
            max_tlp: Tlp::Green,
            ..Default::default()
        },
        &[],
    )
    .unwrap();
    let objects = green["objects"].as_array().unwrap();
    let amber_id = ladder_share::tlp::marking_id(Tlp::Amber);
    for o in objects {
        let refs = o["object_marking_refs"].to_string();
        assert!(
            !refs.contains(amber_id),
            "AMBER object in a GREEN export: {}",
            o["id"]
        );
    }
    assert_eq!(
        objects
            .iter()
            .filter(|o| o["type"] == "political-event")
            .count(),
        1
    );
    assert_eq!(
        objects.iter().filter(|o| o["type"] == "note").count(),
        0,
        "assessment rests on AMBER evidence"
    );

    let all = export_from_store(&store, &ExportQuery::default(), &[]).unwrap();
    let note = all["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["type"] == "note")
        .unwrap();
    assert_eq!(
        note["object_marking_refs"][0], amber_id,
        "strictest evidence TLP carries to the assessment"
    );
    let aid = all["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["event_type"] == "AID")
        .unwrap();
    assert_eq!(aid["confidence"], 70, "credibility 2 -> confidence 70");
}

#[test]
fn scenario_export_holds_only_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir.path().join("a.db"));
    let query = ExportQuery {
        scenario: Some("dprk-russia".into()),
        ..Default::default()
    };
    let b = export_from_store(&store, &query, &[]).unwrap();
    let events: Vec<_> = b["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type"] == "political-event")
        .collect();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["event_type"], "AID");
}

#[test]
fn exported_bundles_pass_stix_check_strict() {
    let Some(tools) = shared_tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir.path().join("a.db"));
    let mut files = Vec::new();
    for (name, query) in [
        ("all.json", ExportQuery::default()),
        (
            "green.json",
            ExportQuery {
                max_tlp: Tlp::Green,
                ..Default::default()
            },
        ),
        (
            "scenario.json",
            ExportQuery {
                scenario: Some("dprk-russia".into()),
                ..Default::default()
            },
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, export_text(&store, &query)).unwrap();
        files.push(path);
    }
    let out = Command::new(tools.join("stix-check"))
        .args(&files)
        .current_dir(workspace_root())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "stix-check failed:\n{text}");
    assert!(text.contains("3 passed, 0 failed"), "{text}");
}

/// `tests/data/sample-bundle.json` is the export of the sample store (used by
/// `scripts/ci-stix`); rewrite it with `LADDER_BLESS=1` after a deliberate mapping change.
#[test]
fn sample_bundle_file_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir.path().join("a.db"));
    let text = export_text(&store, &ExportQuery::default());
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample-bundle.json");
    if std::env::var("LADDER_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &text).unwrap();
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == text,
        "{} is stale: rerun with LADDER_BLESS=1",
        path.display()
    );
}
