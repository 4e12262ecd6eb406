//! Put Ladder's own objects into the TAXII index: export the whole store (every TLP; the
//! collections and partners' clearances filter on the way out) and record which objects
//! belong to each scenario's evidence.

use super::index::sync_ladder_objects;
use crate::stix::export::{export_objects, ExportInput, ExportOptions};
use crate::stix::storage::{read_records, ExportQuery};
use crate::Result;
use ladder_store::SqliteStore;
use serde_json::Value;
use std::collections::BTreeSet;

/// Sync the index with the store; returns how many index rows changed.
pub fn sync_from_store(store: &SqliteStore) -> Result<usize> {
    crate::db::migrate(store.connection())?;
    let records = read_records(store, &ExportQuery::default())?;
    let input = ExportInput {
        reports: &records.reports,
        events: &records.events,
        assessments: &records.assessments,
        playbooks: &[],
    };
    let objects = export_objects(&input, &ExportOptions::default());
    let mut scenarios = Vec::new();
    for a in &records.assessments {
        let query = ExportQuery {
            scenario: Some(a.scenario_id.clone()),
            ..Default::default()
        };
        let part = read_records(store, &query)?;
        let input = ExportInput {
            reports: &part.reports,
            events: &part.events,
            assessments: &part.assessments,
            playbooks: &[],
        };
        let ids: BTreeSet<String> = export_objects(&input, &ExportOptions::default())
            .iter()
            .filter_map(|o: &Value| o["id"].as_str().map(str::to_string))
            .collect();
        scenarios.push((a.scenario_id.clone(), ids.into_iter().collect()));
    }
    Ok(sync_ladder_objects(
        store.connection(),
        &objects,
        &scenarios,
    )?)
}
