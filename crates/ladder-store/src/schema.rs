//! The store's own schema (component `"store"`), one SQL script per version. Append new
//! versions at the end; never edit a script that has shipped.

/// Component name of the store's own migrations in `schema_migrations`.
pub const STORE_COMPONENT: &str = "store";

/// Version 1: reports and their copies, full-text index, events, coding marks, assessments.
const V1: &str = r#"
CREATE TABLE reports (
    seq          INTEGER PRIMARY KEY,      -- ingest order: stable, and the FTS rowid
    id           TEXT NOT NULL UNIQUE,     -- content hash of the normalised text
    report_ref   TEXT,
    source       TEXT,
    url          TEXT,
    title        TEXT,
    published    TEXT,                     -- YYYY-MM-DD
    published_at TEXT,
    language     TEXT,
    format       TEXT NOT NULL,
    text         TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    dateline     TEXT,                     -- JSON object
    wire         TEXT NOT NULL DEFAULT '[]', -- JSON array of wire services
    reliability  TEXT,                     -- Admiralty letter
    tlp          TEXT NOT NULL DEFAULT 'clear'
);
CREATE INDEX reports_published ON reports (published, seq);
CREATE INDEX reports_ref ON reports (report_ref);
CREATE INDEX reports_source ON reports (source COLLATE NOCASE);

CREATE TABLE report_copies (
    seq        INTEGER PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    report_ref TEXT,
    source     TEXT,
    url        TEXT,
    published  TEXT
);
CREATE UNIQUE INDEX report_copies_key
    ON report_copies (report_id, ifnull(report_ref, ''), ifnull(source, ''), ifnull(url, ''));
CREATE INDEX report_copies_ref ON report_copies (report_ref);

CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    report_id     TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,        -- position within the report's events
    coder_version TEXT NOT NULL,
    event_type    TEXT NOT NULL,
    published     TEXT,                    -- the report's publication day
    json          TEXT NOT NULL
);
CREATE INDEX events_report ON events (report_id, ord);
CREATE INDEX events_published ON events (published);
CREATE INDEX events_type ON events (event_type, published);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    role     TEXT NOT NULL,                -- 'actor' or 'recipient'
    PRIMARY KEY (event_id, code, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_code ON event_actors (code);

CREATE TABLE coded_reports (
    report_id     TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    coder_version TEXT NOT NULL,
    PRIMARY KEY (report_id, coder_version)
) WITHOUT ROWID;

CREATE TABLE assessments (
    scenario_id TEXT NOT NULL,
    as_of       TEXT NOT NULL,             -- YYYY-MM-DD
    json        TEXT NOT NULL,
    PRIMARY KEY (scenario_id, as_of)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE reports_fts USING fts5 (
    title, text,
    content = 'reports', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO reports_fts (reports_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
-- Ingest tuning: buffer up to 32 MB of terms before writing a segment (a batch of ~1000
-- reports is one segment), and merge 8 segments at a time rather than 4 (fewer rewrites
-- while ingesting; searches still see few segments).
INSERT INTO reports_fts (reports_fts, rank) VALUES ('hashsize', 33554432);
INSERT INTO reports_fts (reports_fts, rank) VALUES ('automerge', 8);
INSERT INTO reports_fts (reports_fts, rank) VALUES ('crisismerge', 16);

CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER reports_fts_update AFTER UPDATE OF title, text ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO reports_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
"#;

/// Version 2: new reports are indexed for full-text search by [`crate::SqliteStore`]'s
/// batch write (one `INSERT … SELECT` per batch) instead of a trigger per row. FTS5
/// flushes its in-memory term buffer at every statement savepoint, so the trigger wrote
/// one tiny segment per report and spent most of an ingest merging them; one statement per
/// batch writes one segment per batch. Deletes and text updates keep their triggers.
const V2: &str = r#"
DROP TRIGGER reports_fts_insert;
"#;

/// The store's migrations, oldest first.
pub const STORE_MIGRATIONS: &[&str] = &[V1, V2];
