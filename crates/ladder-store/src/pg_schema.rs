//! The PostgreSQL schema of the store (component `"store"`) and the migration runner for
//! PostgreSQL: the same scheme as SQLite's (`schema_migrations (component, version)`, one
//! append-only list of scripts per component), under an advisory lock so that workers
//! starting together do not race.

use crate::{Result, StoreError};
use tokio_postgres::Client;

/// Version 1: reports with a generated, weighted `tsvector` (title A, text B) and its GIN
/// index; copies, events, their actors, coding marks and assessments.
const V1: &str = r#"
CREATE TABLE reports (
    seq          BIGSERIAL PRIMARY KEY,      -- ingest order
    id           TEXT NOT NULL UNIQUE,       -- content hash of the normalised text
    report_ref   TEXT,
    source       TEXT,
    url          TEXT,
    title        TEXT,
    published    DATE,
    published_at TEXT,
    language     TEXT,
    format       TEXT NOT NULL,
    text         TEXT NOT NULL,
    bytes        BIGINT NOT NULL,
    dateline     TEXT,                       -- JSON object
    wire         TEXT NOT NULL DEFAULT '[]', -- JSON array of wire services
    reliability  TEXT,                       -- Admiralty letter
    tlp          TEXT NOT NULL DEFAULT 'clear',
    tsv          TSVECTOR GENERATED ALWAYS AS (
                     setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
                     setweight(to_tsvector('english', text), 'B')) STORED
);
CREATE INDEX reports_published ON reports (published, seq);
CREATE INDEX reports_ref ON reports (report_ref);
CREATE INDEX reports_source ON reports (lower(source));
CREATE INDEX reports_id_prefix ON reports (id text_pattern_ops);
CREATE INDEX reports_tsv ON reports USING GIN (tsv);

CREATE TABLE report_copies (
    seq        BIGSERIAL PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    report_ref TEXT,
    source     TEXT,
    url        TEXT,
    published  DATE
);
CREATE UNIQUE INDEX report_copies_key
    ON report_copies (report_id, coalesce(report_ref, ''), coalesce(source, ''), coalesce(url, ''));
CREATE INDEX report_copies_ref ON report_copies (report_ref);

CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    report_id     TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    ord           BIGINT NOT NULL,
    coder_version TEXT NOT NULL,
    event_type    TEXT NOT NULL,
    published     DATE,                      -- the report's publication day
    json          TEXT NOT NULL
);
CREATE INDEX events_report ON events (report_id, ord);
CREATE INDEX events_published ON events (published);
CREATE INDEX events_type ON events (event_type, published);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    role     TEXT NOT NULL,
    PRIMARY KEY (event_id, code, role)
);
CREATE INDEX event_actors_code ON event_actors (code);

CREATE TABLE coded_reports (
    report_id     TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    coder_version TEXT NOT NULL,
    PRIMARY KEY (report_id, coder_version)
);

CREATE TABLE assessments (
    scenario_id TEXT NOT NULL,
    as_of       DATE NOT NULL,
    json        TEXT NOT NULL,
    PRIMARY KEY (scenario_id, as_of)
);
"#;

/// The store's PostgreSQL migrations, oldest first. (SQLite's version 2 changed only how
/// FTS5 is fed; PostgreSQL's generated column never needed it, so the lists differ.)
pub const PG_STORE_MIGRATIONS: &[&str] = &[V1];

/// Key of the advisory lock held while migrating (any fixed number; "LADR").
const MIGRATION_LOCK: i64 = 0x4c41_4452;

/// Apply the migrations of `component` that are not applied yet, each in its own
/// transaction with its `schema_migrations` row; refuse a database whose schema is newer.
pub async fn run_pg_migrations(
    client: &mut Client,
    component: &str,
    migrations: &[&str],
) -> Result<()> {
    client
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 component TEXT NOT NULL,
                 version   BIGINT NOT NULL,
                 PRIMARY KEY (component, version))",
        )
        .await
        .or_else(tolerate_concurrent_create)?;
    let tx = client.transaction().await.map_err(pg)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(pg)?;
    let found: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM schema_migrations WHERE component = $1",
            &[&component],
        )
        .await
        .map_err(pg)?
        .get(0);
    let supported = migrations.len() as i64;
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    for (index, sql) in migrations.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        tx.batch_execute(sql).await.map_err(|e| {
            StoreError::Backend(format!(
                "migration {component} v{version} failed: {}",
                describe(&e)
            ))
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (component, version) VALUES ($1, $2)",
            &[&component, &version],
        )
        .await
        .map_err(pg)?;
    }
    tx.commit().await.map_err(pg)
}

/// Two processes creating `schema_migrations` at once: one of them sees a unique
/// violation on the catalog; the table exists either way.
fn tolerate_concurrent_create(err: tokio_postgres::Error) -> Result<()> {
    match err.code() {
        Some(code) if *code == tokio_postgres::error::SqlState::UNIQUE_VIOLATION => Ok(()),
        _ => Err(pg(err)),
    }
}

/// A PostgreSQL error with the server's own message and detail when it sent one.
pub(crate) fn describe(err: &tokio_postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => {
            let mut text = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(inner) = source {
                text.push_str(": ");
                text.push_str(&inner.to_string());
                source = inner.source();
            }
            text
        }
    }
}

pub(crate) fn pg(err: tokio_postgres::Error) -> StoreError {
    StoreError::Backend(format!("postgres: {}", describe(&err)))
}
