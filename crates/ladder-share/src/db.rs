//! Sharing's own tables in the store's SQLite file (component `"share"`): the TAXII
//! object index (one row per STIX object version, with `date_added` and a sequence
//! number for stable paging), status resources, import provenance, and the client's
//! `added_after` bookkeeping per server and collection.

use crate::Result;
use ladder_store::rusqlite::{params, Connection, OptionalExtension};

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

/// Sharing's migrations, oldest first.
pub const SHARE_MIGRATIONS: &[&str] = &[V1];

/// Create or upgrade sharing's tables.
pub fn migrate(conn: &Connection) -> Result<()> {
    ladder_store::run_migrations(conn, SHARE_COMPONENT, SHARE_MIGRATIONS)?;
    Ok(())
}

/// Record where imported records came from (idempotent).
pub fn record_provenance(
    conn: &Connection,
    items: &[crate::stix::import::Provenance],
) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
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
