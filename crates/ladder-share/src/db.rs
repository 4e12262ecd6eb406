//! Sharing's own tables in the store's SQLite file (component `"share"`): the TAXII
//! object index (one row per STIX object version, with `date_added` and a sequence
//! number for stable paging), status resources, import provenance, and the client's
//! `added_after` bookkeeping per server and collection; and, since V2, what keeps the
//! served collections live views on the store: triggers on the store's tables that note
//! which reports and scenarios changed (`share_dirty`), which index objects each report
//! or scenario produced (`taxii_owned`), and the content digest behind each exported
//! object's `modified` (`share_versions`).

use crate::Result;
use ladder_store::rusqlite::{
    params, Connection, OptionalExtension, Transaction, TransactionBehavior,
};

/// Component name in `schema_migrations`.
pub const SHARE_COMPONENT: &str = "share";

const V1: &str = r#"
CREATE TABLE taxii_objects (
    seq          INTEGER PRIMARY KEY,   -- insertion order: the paging cursor
    source       TEXT NOT NULL,         -- '' for Ladder's own objects, else the inbound collection id
    stix_id      TEXT NOT NULL,
    type         TEXT NOT NULL,
    version      TEXT NOT NULL,         -- `modified`, else `created`
    spec_version TEXT NOT NULL,
    date_added   TEXT NOT NULL,         -- YYYY-MM-DDTHH:MM:SS.ffffffZ, never decreasing with seq
    tlp          INTEGER NOT NULL,      -- 0 CLEAR … 4 RED
    owner        TEXT NOT NULL,         -- partner who posted it ('' for Ladder's own)
    json         TEXT NOT NULL,
    UNIQUE (source, stix_id, version)
);
CREATE INDEX taxii_objects_type ON taxii_objects (source, type, seq);
CREATE INDEX taxii_objects_id ON taxii_objects (source, stix_id, version);
CREATE INDEX taxii_objects_source ON taxii_objects (source);
CREATE INDEX taxii_objects_added ON taxii_objects (date_added);

CREATE TABLE taxii_scenario_members (
    scenario TEXT NOT NULL,
    stix_id  TEXT NOT NULL,
    PRIMARY KEY (scenario, stix_id)
) WITHOUT ROWID;

CREATE TABLE taxii_status (
    id    TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    json  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE share_provenance (
    stix_id   TEXT NOT NULL,
    kind      TEXT NOT NULL,
    ladder_id TEXT NOT NULL,
    producer  TEXT NOT NULL,
    PRIMARY KEY (stix_id, ladder_id)
) WITHOUT ROWID;

CREATE TABLE taxii_pull_state (
    url         TEXT NOT NULL,
    collection  TEXT NOT NULL,
    added_after TEXT NOT NULL,
    PRIMARY KEY (url, collection)
) WITHOUT ROWID;
"#;

const V2: &str = r#"
CREATE TABLE share_dirty (
    kind TEXT NOT NULL,                 -- 'report' or 'scenario'
    key  TEXT NOT NULL,                 -- report id or scenario id
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

CREATE TABLE taxii_owned (
    owner   TEXT NOT NULL,              -- 'report:ID' or 'scenario:ID'
    stix_id TEXT NOT NULL,
    PRIMARY KEY (owner, stix_id)
) WITHOUT ROWID;
CREATE INDEX taxii_owned_id ON taxii_owned (stix_id);

CREATE TABLE share_versions (
    stix_id  TEXT PRIMARY KEY,
    digest   TEXT NOT NULL,             -- BLAKE3 of the object without `modified`
    modified TEXT NOT NULL
) WITHOUT ROWID;

-- Ladder's own objects were written by a whole-store sync that kept no owners:
-- rebuild them incrementally from a full list of dirty keys.
DELETE FROM taxii_objects WHERE source = '';
DELETE FROM taxii_scenario_members;
INSERT OR IGNORE INTO share_dirty (kind, key) SELECT 'report', id FROM reports;
INSERT OR IGNORE INTO share_dirty (kind, key) SELECT DISTINCT 'scenario', scenario_id FROM assessments;
"#;

/// Sharing's migrations, oldest first.
pub const SHARE_MIGRATIONS: &[&str] = &[V1, V2];

/// Triggers on the store's tables that record changed reports and scenarios. Created
/// with `IF NOT EXISTS` on every open, since a store migration that rebuilds a table
/// drops its triggers.
const TRIGGERS: &[(&str, &str)] = &[
    ("share_dirty_event_insert", "AFTER INSERT ON events BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('report', new.report_id); END"),
    ("share_dirty_event_update", "AFTER UPDATE ON events BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('report', new.report_id); END"),
    ("share_dirty_event_delete", "AFTER DELETE ON events BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('report', old.report_id); END"),
    ("share_dirty_report_insert", "AFTER INSERT ON reports BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('report', new.id); END"),
    ("share_dirty_report_update", "AFTER UPDATE ON reports BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('report', new.id); END"),
    ("share_dirty_report_delete", "AFTER DELETE ON reports BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('report', old.id); END"),
    ("share_dirty_assessment_insert", "AFTER INSERT ON assessments BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('scenario', new.scenario_id); END"),
    ("share_dirty_assessment_update", "AFTER UPDATE ON assessments BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('scenario', new.scenario_id); END"),
    ("share_dirty_assessment_delete", "AFTER DELETE ON assessments BEGIN INSERT OR IGNORE INTO share_dirty (kind, key) VALUES ('scenario', old.scenario_id); END"),
];

/// Create or upgrade sharing's tables and make sure the change triggers exist. When a
/// trigger was missing, changes may have gone unnoticed: everything is marked dirty.
pub fn migrate(conn: &Connection) -> Result<()> {
    ladder_store::run_migrations(conn, SHARE_COMPONENT, SHARE_MIGRATIONS)?;
    let present: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'share_dirty_%'",
        [],
        |r| r.get(0),
    )?;
    if present as usize == TRIGGERS.len() {
        return Ok(());
    }
    let tx = write_transaction(conn)?;
    for (name, body) in TRIGGERS {
        tx.execute_batch(&format!("CREATE TRIGGER IF NOT EXISTS {name} {body};"))?;
    }
    mark_all_dirty(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Begin a write transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`).
/// A deferred transaction that reads first and writes later cannot wait for the lock: when
/// another connection commits in between, its upgrade fails at once with "database is
/// locked", whatever the busy timeout. An immediate one waits (busy timeout) and then holds
/// the lock, so concurrent writers are serialised instead of refused.
pub fn write_transaction(conn: &Connection) -> ladder_store::rusqlite::Result<Transaction<'_>> {
    Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
}

/// Mark every report and assessed scenario as changed (a full, still incremental, resync).
pub fn mark_all_dirty(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "INSERT OR IGNORE INTO share_dirty (kind, key) SELECT 'report', id FROM reports;
         INSERT OR IGNORE INTO share_dirty (kind, key) SELECT DISTINCT 'scenario', scenario_id FROM assessments;",
    )?;
    Ok(())
}

/// Whether the store changed since the served index last followed it.
pub fn has_changes(conn: &Connection) -> Result<bool> {
    Ok(
        conn.query_row("SELECT EXISTS (SELECT 1 FROM share_dirty)", [], |r| {
            r.get(0)
        })?,
    )
}

/// Record where imported records came from (idempotent).
pub fn record_provenance(
    conn: &Connection,
    items: &[crate::stix::import::Provenance],
) -> Result<()> {
    let tx = write_transaction(conn)?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO share_provenance (stix_id, kind, ladder_id, producer)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for p in items {
            stmt.execute(params![p.stix_id, p.kind, p.ladder_id, p.producer])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The `added_after` a pull from this server and collection resumes from.
pub fn pull_state(conn: &Connection, url: &str, collection: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT added_after FROM taxii_pull_state WHERE url = ?1 AND collection = ?2",
            params![url, collection],
            |r| r.get(0),
        )
        .optional()?)
}

/// Remember where the next pull resumes.
pub fn set_pull_state(
    conn: &Connection,
    url: &str,
    collection: &str,
    added_after: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO taxii_pull_state (url, collection, added_after) VALUES (?1, ?2, ?3)
         ON CONFLICT (url, collection) DO UPDATE SET added_after = excluded.added_after",
        params![url, collection, added_after],
    )?;
    Ok(())
}
