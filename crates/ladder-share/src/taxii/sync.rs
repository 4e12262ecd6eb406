//! Keep the TAXII index a live view of the store. Triggers note changed reports and
//! scenarios in `share_dirty` (see [`crate::db`]); a sync maps only those, in batches of
//! [`BATCH`] reports (never the whole store in memory), and replaces the index objects
//! each report or scenario owns. Objects that several reports share (a state's identity,
//! a place, the fixed definitions) keep the least restrictive level any report gave
//! them. New or changed objects get a new row, so `date_added` and `seq` only grow and
//! paging stays stable while the store changes.

use super::index::{added_text, object_key};
use crate::stix::export::{export_objects, ExportInput, ExportOptions};
use crate::stix::storage::evidence_records;
use crate::stix::EVENT_TYPE;
use crate::tlp;
use crate::Result;
use ladder_core::{Assessment, Event, Tlp};
use ladder_store::rusqlite::{params, Connection, OptionalExtension};
use ladder_store::{EventFilter, SqliteStore, Store};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Reports mapped per transaction.
pub const BATCH: usize = 256;

/// Bring the index up to date with the store; returns how many index rows changed.
pub fn sync_from_store(store: &SqliteStore) -> Result<usize> {
    let conn = store.connection();
    crate::db::migrate(conn)?;
    let latest = latest_assessments(store)?;
    let scenarios: Vec<String> = dirty_keys(conn, "scenario", usize::MAX)?;
    // A changed assessment changes the credibility of the events it cites, and of those
    // it no longer cites: both sets of reports are mapped again.
    for s in &scenarios {
        mark_scenario_reports(conn, s, latest.iter().find(|a| &a.scenario_id == s))?;
    }
    let mut changed = 0;
    loop {
        let ids = dirty_keys(conn, "report", BATCH)?;
        if ids.is_empty() {
            break;
        }
        changed += sync_reports(store, &ids, &latest)?;
    }
    for s in &scenarios {
        changed += sync_scenario(store, s, latest.iter().find(|a| &a.scenario_id == s))?;
    }
    Ok(changed)
}

/// Each assessed scenario's latest assessment (one per scenario: small).
fn latest_assessments(store: &SqliteStore) -> Result<Vec<Assessment>> {
    let far_future = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    let mut stmt = store
        .connection()
        .prepare("SELECT DISTINCT scenario_id FROM assessments ORDER BY scenario_id")?;
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(a) = store.previous_assessment(&id, far_future)? {
            out.push(a);
        }
    }
    Ok(out)
}

fn dirty_keys(conn: &Connection, kind: &str, limit: usize) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT key FROM share_dirty WHERE kind = ?1 ORDER BY key LIMIT ?2")?;
    let keys = stmt
        .query_map(params![kind, limit.min(i64::MAX as usize) as i64], |r| {
            r.get(0)
        })?
        .collect::<std::result::Result<_, _>>()?;
    Ok(keys)
}

/// Mark the reports a scenario's served evidence came from, and those its latest
/// assessment cites, as dirty.
fn mark_scenario_reports(
    conn: &Connection,
    scenario: &str,
    latest: Option<&Assessment>,
) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO share_dirty (kind, key)
         SELECT 'report', substr(o.owner, 8) FROM taxii_owned o
         WHERE o.owner LIKE 'report:%'
           AND o.stix_id IN (SELECT stix_id FROM taxii_scenario_members WHERE scenario = ?1)",
        [scenario],
    )?;
    let mut mark =
        conn.prepare_cached("INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('report', ?1)")?;
    for item in latest
        .into_iter()
        .flat_map(|a| a.indicators.iter().flat_map(|i| &i.evidence))
    {
        mark.execute([&item.report_id])?;
    }
    Ok(())
}

/// The report an exported object belongs to (`None`: shared by several reports).
fn owner_of(object: &Value, event_reports: &BTreeMap<String, String>) -> Option<String> {
    let kind = object["type"].as_str()?;
    match kind {
        "report" => object["extensions"][crate::stix::report_extension_id()]["report_id"]
            .as_str()
            .map(str::to_string),
        k if k == EVENT_TYPE => object["ladder_report_id"].as_str().map(str::to_string),
        "relationship" => event_reports.get(object["source_ref"].as_str()?).cloned(),
        _ => None,
    }
}

/// The `date_added` of this sync: never before the newest stored one.
fn next_added(conn: &Connection) -> Result<String> {
    let newest: Option<String> =
        conn.query_row("SELECT MAX(date_added) FROM taxii_objects", [], |r| {
            r.get(0)
        })?;
    let now = added_text(chrono::Utc::now());
    Ok(match newest {
        Some(n) if n > now => n,
        _ => now,
    })
}

/// Write one of Ladder's objects into the index unless it is there unchanged; returns
/// whether a row changed.
fn put_object(conn: &Connection, object: &Value, added: &str) -> Result<bool> {
    let Ok((id, kind, version, spec)) = object_key(object) else {
        return Ok(false);
    };
    let json = serde_json::to_string(object)?;
    let stored: Option<String> = conn
        .prepare_cached(
            "SELECT json FROM taxii_objects WHERE source = '' AND stix_id = ?1 AND version = ?2",
        )?
        .query_row([&id, &version], |r| r.get(0))
        .optional()?;
    if stored.as_deref() == Some(json.as_str()) {
        return Ok(false);
    }
    conn.prepare_cached("DELETE FROM taxii_objects WHERE source = '' AND stix_id = ?1")?
        .execute([&id])?;
    let level = tlp::tlp_of_object(object).unwrap_or(Tlp::Red);
    conn.prepare_cached(
        "INSERT INTO taxii_objects (source, stix_id, type, version, spec_version, date_added, tlp, owner, json)
         VALUES ('', ?1, ?2, ?3, ?4, ?5, ?6, '', ?7)",
    )?
    .execute(params![id, kind, version, spec, added, tlp::rank(level), json])?;
    Ok(true)
}

/// Write a shared object unless the index already has it at a level no stricter.
fn put_shared(conn: &Connection, object: &Value, added: &str) -> Result<bool> {
    let Some(id) = object["id"].as_str() else {
        return Ok(false);
    };
    let level = tlp::rank(tlp::tlp_of_object(object).unwrap_or(Tlp::Red));
    let stored: Option<i64> = conn
        .prepare_cached("SELECT tlp FROM taxii_objects WHERE source = '' AND stix_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if matches!(stored, Some(old) if old <= level) {
        return Ok(false);
    }
    put_object(conn, object, added)
}

/// Replace what `owner` owns in the index with `objects` (stamped with their versions).
fn replace_owned(
    conn: &Connection,
    owner: &str,
    objects: &mut [Value],
    added: &str,
) -> Result<usize> {
    crate::versions::stamp(conn, objects)?;
    let mut changed = 0;
    let mut keep = BTreeSet::new();
    for o in objects.iter() {
        if put_object(conn, o, added)? {
            changed += 1;
        }
        if let Some(id) = o["id"].as_str() {
            keep.insert(id.to_string());
        }
    }
    let old: Vec<String> = conn
        .prepare_cached("SELECT stix_id FROM taxii_owned WHERE owner = ?1")?
        .query_map([owner], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    for id in old.iter().filter(|id| !keep.contains(*id)) {
        changed += conn
            .prepare_cached("DELETE FROM taxii_objects WHERE source = '' AND stix_id = ?1")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM taxii_owned WHERE owner = ?1 AND stix_id = ?2")?
            .execute([owner, id])?;
    }
    let mut own =
        conn.prepare_cached("INSERT OR IGNORE INTO taxii_owned (owner, stix_id) VALUES (?1, ?2)")?;
    for id in &keep {
        own.execute([owner, id])?;
    }
    Ok(changed)
}

/// Map one batch of dirty reports (deleted reports lose their objects).
fn sync_reports(store: &SqliteStore, ids: &[String], latest: &[Assessment]) -> Result<usize> {
    let reports = store.reports_by_id(ids)?;
    let mut events: Vec<Event> = Vec::new();
    for r in &reports {
        events.extend(store.events(&EventFilter {
            report_id: Some(r.id.clone()),
            ..EventFilter::default()
        })?);
    }
    let input = ExportInput {
        reports: &reports,
        events: &events,
        graded_by: latest,
        ..ExportInput::default()
    };
    let objects = export_objects(&input, &ExportOptions::default());
    let event_reports: BTreeMap<String, String> = events
        .iter()
        .map(|e| {
            (
                crate::ids::stix_id(EVENT_TYPE, &e.id),
                e.evidence.report_id.clone(),
            )
        })
        .collect();
    let mut owned: BTreeMap<String, Vec<Value>> =
        ids.iter().map(|id| (id.clone(), Vec::new())).collect();
    let mut shared = Vec::new();
    for o in objects {
        match owner_of(&o, &event_reports) {
            Some(r) => owned.entry(r).or_default().push(o),
            None => shared.push(o),
        }
    }
    let conn = store.connection();
    let tx = crate::db::write_transaction(conn)?;
    let added = next_added(&tx)?;
    let mut changed = 0;
    crate::versions::stamp(&tx, &mut shared)?;
    for o in &shared {
        if put_shared(&tx, o, &added)? {
            changed += 1;
        }
    }
    for (report, objects) in &mut owned {
        changed += replace_owned(&tx, &format!("report:{report}"), objects, &added)?;
    }
    {
        let mut done =
            tx.prepare_cached("DELETE FROM share_dirty WHERE kind = 'report' AND key = ?1")?;
        for id in ids {
            done.execute([id])?;
        }
    }
    tx.commit()?;
    Ok(changed)
}

/// Map one scenario's latest assessment (grouping and note) and its members.
fn sync_scenario(
    store: &SqliteStore,
    scenario: &str,
    latest: Option<&Assessment>,
) -> Result<usize> {
    let (mut owned, members) = match latest {
        Some(a) => {
            let records = evidence_records(store, std::slice::from_ref(a))?;
            let input = ExportInput {
                reports: &records.reports,
                events: &records.events,
                assessments: std::slice::from_ref(a),
                ..ExportInput::default()
            };
            let objects = export_objects(&input, &ExportOptions::default());
            let members: BTreeSet<String> = objects
                .iter()
                .filter_map(|o| o["id"].as_str().map(str::to_string))
                .collect();
            let owned: Vec<Value> = objects
                .into_iter()
                .filter(|o| o["type"] == "grouping" || o["type"] == "note")
                .collect();
            (owned, members)
        }
        None => (Vec::new(), BTreeSet::new()),
    };
    let conn = store.connection();
    let tx = crate::db::write_transaction(conn)?;
    let added = next_added(&tx)?;
    let changed = replace_owned(&tx, &format!("scenario:{scenario}"), &mut owned, &added)?;
    tx.execute(
        "DELETE FROM taxii_scenario_members WHERE scenario = ?1",
        [scenario],
    )?;
    {
        let mut member = tx.prepare_cached(
            "INSERT OR IGNORE INTO taxii_scenario_members (scenario, stix_id) VALUES (?1, ?2)",
        )?;
        for id in &members {
            member.execute([scenario, id])?;
        }
    }
    tx.execute(
        "DELETE FROM share_dirty WHERE kind = 'scenario' AND key = ?1",
        [scenario],
    )?;
    tx.commit()?;
    Ok(changed)
}
