//! Between the store and STIX: gather what an export needs from the store, and write an
//! imported bundle's records into it (re-importing the same bundle changes nothing).

use super::export::{bundle, export_objects, ExportInput, ExportOptions};
use super::import::Imported;
use crate::Result;
use chrono::NaiveDate;
use ladder_core::CorrectionSet;
use ladder_core::{Assessment, Event, Playbook, Report, Tlp};
use ladder_store::{AnnotationStore, EventFilter, ReportFilter, SqliteStore, Store};
use serde_json::Value;
use std::collections::BTreeSet;

/// Which part of the store to export.
#[derive(Debug, Clone)]
pub struct ExportQuery {
    /// Only this scenario's latest assessment and its evidence.
    pub scenario: Option<String>,
    /// Only reports published on or after this day.
    pub since: Option<NaiveDate>,
    /// The most restrictive TLP included.
    pub max_tlp: Tlp,
}

impl Default for ExportQuery {
    fn default() -> Self {
        ExportQuery {
            scenario: None,
            since: None,
            max_tlp: Tlp::Red,
        }
    }
}

/// The records of an export, read from the store.
#[derive(Debug, Default)]
pub struct ExportRecords {
    pub reports: Vec<Report>,
    pub events: Vec<Event>,
    pub assessments: Vec<Assessment>,
}

/// Scenario ids with a stored assessment. (The `Store` trait has no listing of them yet,
/// so this reads the store's `assessments` table directly.)
fn assessed_scenarios(store: &SqliteStore) -> Result<Vec<String>> {
    let mut stmt = store
        .connection()
        .prepare("SELECT DISTINCT scenario_id FROM assessments ORDER BY scenario_id")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(ids)
}

/// Read the records an export covers.
pub fn read_records(store: &SqliteStore, query: &ExportQuery) -> Result<ExportRecords> {
    let far_future = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    let scenarios = match &query.scenario {
        Some(s) => vec![s.clone()],
        None => assessed_scenarios(store)?,
    };
    let mut assessments = Vec::new();
    for s in scenarios {
        if let Some(a) = store.previous_assessment(&s, far_future)? {
            assessments.push(a);
        }
    }
    if query.scenario.is_some() {
        let mut records = evidence_records(store, &assessments)?;
        records.assessments = assessments;
        return Ok(records);
    }
    let filter = EventFilter {
        published_since: query.since,
        ..EventFilter::default()
    };
    let mut events = store.events(&filter)?;
    let report_ids: Vec<String> = {
        let listed = store.list_reports(&ReportFilter {
            since: query.since,
            ..ReportFilter::default()
        })?;
        listed.into_iter().map(|r| r.id).collect()
    };
    let mut reports = store.reports_by_id(&report_ids)?;
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    events.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(ExportRecords {
        reports,
        events,
        assessments,
    })
}

/// The reports and events the assessments rest on (read report by report: bounded by
/// the evidence, never the whole store). The assessments themselves are not included.
pub fn evidence_records(store: &SqliteStore, assessments: &[Assessment]) -> Result<ExportRecords> {
    let items = || {
        assessments
            .iter()
            .flat_map(|a| a.indicators.iter().flat_map(|i| &i.evidence))
    };
    let wanted: BTreeSet<&str> = items().map(|e| e.event_id.as_str()).collect();
    let report_ids: BTreeSet<String> = items().map(|e| e.report_id.clone()).collect();
    let report_ids: Vec<String> = report_ids.into_iter().collect();
    let mut reports = store.reports_by_id(&report_ids)?;
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    let mut events = Vec::new();
    for id in &report_ids {
        let of_report = store.events(&EventFilter {
            report_id: Some(id.clone()),
            ..EventFilter::default()
        })?;
        events.extend(
            of_report
                .into_iter()
                .filter(|e| wanted.contains(e.id.as_str())),
        );
    }
    events.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(ExportRecords {
        reports,
        events,
        assessments: Vec::new(),
    })
}

/// Export part of the store as a bundle. Each object's `modified` comes from the
/// recorded versions (see [`crate::versions`]), which this records.
pub fn export_from_store(
    store: &SqliteStore,
    query: &ExportQuery,
    playbooks: &[Playbook],
) -> Result<Value> {
    let mut records = read_records(store, query)?;
    let corrections = store.corrections()?;
    add_analysts_events(&mut records, &corrections, query);
    crate::db::migrate(store.connection())?;
    let input = ExportInput {
        reports: &records.reports,
        events: &records.events,
        assessments: &records.assessments,
        playbooks,
        graded_by: &[],
    };
    let mut objects = export_objects(
        &input,
        &ExportOptions {
            max_tlp: query.max_tlp,
        },
    );
    let opinions = super::opinions::correction_objects(&objects, &corrections);
    objects.extend(opinions);
    crate::versions::stamp(store.connection(), &mut objects)?;
    Ok(bundle(objects))
}

/// Events analysts added join the export when their report is in it (and, for a
/// scenario's export, when the assessment cites them).
fn add_analysts_events(
    records: &mut ExportRecords,
    corrections: &[ladder_core::Correction],
    query: &ExportQuery,
) {
    let cited: BTreeSet<&str> = records
        .assessments
        .iter()
        .flat_map(|a| a.indicators.iter().flat_map(|i| &i.evidence))
        .map(|e| e.event_id.as_str())
        .collect();
    let reports: BTreeSet<&str> = records.reports.iter().map(|r| r.id.as_str()).collect();
    let added: Vec<Event> = CorrectionSet::new(corrections)
        .added()
        .into_iter()
        .filter(|e| reports.contains(e.evidence.report_id.as_str()))
        .filter(|e| query.scenario.is_none() || cited.contains(e.id.as_str()))
        .collect();
    records.events.extend(added);
    records.events.sort_by(|a, b| a.id.cmp(&b.id));
    records.events.dedup_by(|a, b| a.id == b.id);
}

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub reports_new: usize,
    pub reports_known: usize,
    pub event_groups_written: usize,
    pub event_groups_unchanged: usize,
    pub assessments_written: usize,
    pub assessments_unchanged: usize,
    pub skipped: Vec<String>,
}

/// The coder version recorded for imported events.
pub const IMPORT_CODER: &str = "stix-import";

/// Write imported records into the store. Reports already stored are left alone, events
/// of a report are written only when they differ, assessments only when they differ.
pub fn import_into_store(store: &mut SqliteStore, imported: &Imported) -> Result<ImportSummary> {
    crate::db::migrate(store.connection())?;
    let mut summary = ImportSummary {
        skipped: imported.skipped.clone(),
        ..Default::default()
    };
    for outcome in store.put_reports(&imported.reports)? {
        match outcome {
            ladder_store::PutOutcome::Inserted => summary.reports_new += 1,
            _ => summary.reports_known += 1,
        }
    }
    let mut batch = Vec::new();
    for (report_id, events) in &imported.events {
        let mut stored = store.events(&EventFilter {
            report_id: Some(report_id.clone()),
            ..Default::default()
        })?;
        stored.sort_by(|a, b| a.id.cmp(&b.id));
        if &stored == events {
            summary.event_groups_unchanged += 1;
        } else {
            batch.push((report_id.clone(), events.clone()));
        }
    }
    summary.event_groups_written = batch.len();
    if !batch.is_empty() {
        store.put_events(IMPORT_CODER, &batch)?;
    }
    for a in &imported.assessments {
        let next_day = a.as_of.succ_opt().unwrap_or(a.as_of);
        let existing = store.previous_assessment(&a.scenario_id, next_day)?;
        if existing.as_ref() == Some(a) {
            summary.assessments_unchanged += 1;
        } else {
            store.put_assessment(a)?;
            summary.assessments_written += 1;
        }
    }
    crate::db::record_provenance(store.connection(), &imported.provenance)?;
    crate::versions::record(store.connection(), &imported.versions)?;
    Ok(summary)
}
