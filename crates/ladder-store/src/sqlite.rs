//! The SQLite back end of [`Store`]: one file, WAL mode, one transaction per batch, FTS5
//! full-text search over report titles and text.

use crate::migrate::{backend, run_migrations};
use crate::query::to_fts5;
use crate::schema::{STORE_COMPONENT, STORE_MIGRATIONS};
use crate::{
    EventFilter, EventSink, PutOutcome, ReportFilter, ReportMeta, ReportSummary, Result, SearchHit,
    Store, StoreError, StoreStats,
};
use chrono::NaiveDate;
use ladder_core::{Assessment, Event, Reliability, Report, ReportCopy, ReportFormat, Tlp};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The columns a [`Report`] is read from, in [`report_from_row`]'s order.
const REPORT_COLUMNS: &str = "r.id, r.report_ref, r.source, r.url, r.title, r.published, \
     r.published_at, r.language, r.format, r.text, r.dateline, r.wire, r.reliability, r.tlp";

/// How many ids one `IN (…)` lookup binds (well under SQLite's parameter limit).
const IDS_PER_QUERY: usize = 500;

/// A store in one SQLite file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: Option<PathBuf>,
}

impl SqliteStore {
    /// Open the store at `path`, creating the file and schema if needed, and applying any
    /// pending migrations. Refuses a store written by a newer ladder.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let path = path.as_ref();
        let conn = Connection::open(path)
            .map_err(|e| StoreError::Backend(format!("cannot open {}: {e}", path.display())))?;
        SqliteStore::configure(conn, Some(path.to_path_buf())).map_err(|e| match e {
            StoreError::Backend(msg) => StoreError::Backend(format!("{}: {msg}", path.display())),
            other => other,
        })
    }

    /// A private store in memory (tests, dry runs).
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().map_err(backend)?;
        SqliteStore::configure(conn, None)
    }

    fn configure(conn: Connection, path: Option<PathBuf>) -> Result<SqliteStore> {
        conn.busy_timeout(BUSY_TIMEOUT).map_err(backend)?;
        // journal_mode answers with the mode in force; an in-memory database stays "memory".
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(backend)?;
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -16000;",
        )
        .map_err(backend)?;
        conn.set_prepared_statement_cache_capacity(64);
        run_migrations(&conn, STORE_COMPONENT, STORE_MIGRATIONS)?;
        Ok(SqliteStore { conn, path })
    }

    /// The underlying connection, for components that keep their own tables in the same
    /// file (sharing's TAXII state, for one). Create those tables with
    /// [`crate::run_migrations`] under your own component name, and keep writes in your
    /// own transactions (`connection().unchecked_transaction()`); the store's tables are
    /// best read and written through the [`Store`] trait so that other back ends follow.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The file this store lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file, else SQLite's findings.
    pub fn integrity_check(&self) -> Result<String> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(backend)?;
        let lines: Vec<String> = stmt
            .query_map([], |row| row.get(0))
            .map_err(backend)?
            .collect::<std::result::Result<_, _>>()
            .map_err(backend)?;
        Ok(lines.join("\n"))
    }

    fn reports_where(&self, clause: &str, params: &[Value]) -> Result<Vec<Report>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports r WHERE {clause}");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(backend)?;
        let rows = stmt
            .query_map(params_from_iter(params.iter()), report_from_row)
            .map_err(backend)?;
        let mut reports = Vec::new();
        for row in rows {
            reports.push(row.map_err(backend)??);
        }
        Ok(reports)
    }

    fn report_by_ref(&self, key: &str) -> Result<Option<Report>> {
        let direct = self.reports_where(
            "r.report_ref = ?1 ORDER BY r.seq DESC LIMIT 1",
            &[Value::Text(key.to_string())],
        )?;
        if let Some(report) = direct.into_iter().next() {
            return Ok(Some(report));
        }
        let via_copy = self.reports_where(
            "r.id = (SELECT c.report_id FROM report_copies c WHERE c.report_ref = ?1 \
             ORDER BY c.seq LIMIT 1)",
            &[Value::Text(key.to_string())],
        )?;
        Ok(via_copy.into_iter().next())
    }
}

/// Whether the key looks like a report id or an id prefix.
pub(crate) fn is_hex_key(key: &str) -> bool {
    (6..=32).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_hexdigit())
}

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

fn parse_date(id: &str, text: Option<String>) -> Result<Option<NaiveDate>> {
    match text {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(&t, "%Y-%m-%d")
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                id: id.to_string(),
                reason: format!("date {t:?}: {e}"),
            }),
    }
}

/// A serde enum's JSON string form ("clear", "jsonl").
pub(crate) fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub(crate) fn corrupt(id: &str, what: &str, err: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        id: id.to_string(),
        reason: format!("{what}: {err}"),
    }
}

/// Read a report row; the outer error is SQLite's, the inner one a corrupt value.
fn report_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Report>> {
    let id: String = row.get(0)?;
    let published: Option<String> = row.get(5)?;
    let format: String = row.get(8)?;
    let dateline: Option<String> = row.get(10)?;
    let wire: String = row.get(11)?;
    let reliability: Option<String> = row.get(12)?;
    let tlp: String = row.get(13)?;
    let mut report = Report {
        id: id.clone(),
        report_ref: row.get(1)?,
        source: row.get(2)?,
        url: row.get(3)?,
        title: row.get(4)?,
        published: None,
        published_at: row.get(6)?,
        language: row.get(7)?,
        text: row.get(9)?,
        format: ReportFormat::Text,
        dateline: None,
        wire: Vec::new(),
        reliability: None,
        tlp: Tlp::Clear,
    };
    let decoded = (|| -> Result<()> {
        report.published = parse_date(&id, published)?;
        report.format = serde_json::from_value(serde_json::Value::String(format))
            .map_err(|e| corrupt(&id, "format", e))?;
        report.dateline = match dateline {
            Some(json) => {
                Some(serde_json::from_str(&json).map_err(|e| corrupt(&id, "dateline", e))?)
            }
            None => None,
        };
        report.wire = serde_json::from_str(&wire).map_err(|e| corrupt(&id, "wire", e))?;
        report.reliability = match reliability {
            Some(letter) => Some(
                letter
                    .parse::<Reliability>()
                    .map_err(|e| corrupt(&id, "reliability", e))?,
            ),
            None => None,
        };
        report.tlp = serde_json::from_value(serde_json::Value::String(tlp))
            .map_err(|e| corrupt(&id, "tlp", e))?;
        Ok(())
    })();
    Ok(decoded.map(|()| report))
}

/// The stored identity of a report's occurrence: reference, source, URL.
pub(crate) struct Occurrence {
    pub(crate) report_ref: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) url: Option<String>,
}

impl Occurrence {
    /// Whether `report` is the same occurrence: the same reference when both have one,
    /// else the same reference, source and URL.
    pub(crate) fn matches(&self, report: &Report) -> bool {
        match (&self.report_ref, &report.report_ref) {
            (Some(a), Some(b)) => a == b,
            _ => {
                self.report_ref == report.report_ref
                    && self.source == report.source
                    && self.url == report.url
            }
        }
    }
}

/// Store one report inside the batch transaction.
fn put_report(tx: &Connection, report: &Report) -> Result<PutOutcome> {
    let existing = tx
        .prepare_cached("SELECT report_ref, source, url FROM reports WHERE id = ?1")
        .map_err(backend)?
        .query_row(params![report.id], |row| {
            Ok(Occurrence {
                report_ref: row.get(0)?,
                source: row.get(1)?,
                url: row.get(2)?,
            })
        })
        .optional()
        .map_err(backend)?;
    if let Some(first) = existing {
        if first.matches(report) {
            return Ok(PutOutcome::Unchanged);
        }
        let added = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO report_copies (report_id, report_ref, source, url, published)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(backend)?
            .execute(params![
                report.id,
                report.report_ref,
                report.source,
                report.url,
                date_text(report.published)
            ])
            .map_err(backend)?;
        return Ok(if added > 0 {
            PutOutcome::Copy
        } else {
            PutOutcome::Unchanged
        });
    }
    let dateline = match &report.dateline {
        Some(d) => Some(serde_json::to_string(d).map_err(|e| StoreError::Backend(e.to_string()))?),
        None => None,
    };
    let wire =
        serde_json::to_string(&report.wire).map_err(|e| StoreError::Backend(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO reports (id, report_ref, source, url, title, published, published_at,
             language, format, text, bytes, dateline, wire, reliability, tlp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )
    .map_err(backend)?
    .execute(params![
        report.id,
        report.report_ref,
        report.source,
        report.url,
        report.title,
        date_text(report.published),
        report.published_at,
        report.language,
        report.format.name(),
        report.text,
        report.text.len() as i64,
        dateline,
        wire,
        report.reliability.map(|r| r.letter().to_string()),
        enum_name(&report.tlp),
    ])
    .map_err(backend)?;
    Ok(PutOutcome::Inserted)
}

/// Add the reports stored after `last_seq` to the full-text index, in one statement.
///
/// Row ids are assigned as `MAX(seq) + 1`, so every report inserted since `last_seq` was
/// read has a larger `seq`. One statement per batch matters: FTS5 flushes its term buffer
/// at each statement savepoint, and a statement per report would write a segment each.
fn index_new_reports(tx: &Connection, last_seq: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO reports_fts (rowid, title, text)
         SELECT seq, title, text FROM reports WHERE seq > ?1 ORDER BY seq",
    )
    .map_err(backend)?
    .execute(params![last_seq])
    .map_err(backend)?;
    Ok(())
}

/// Writes events inside one transaction, report by report: a report's earlier events
/// are removed when it begins, and it is recorded as coded when the next one begins or
/// the sink is finished.
struct SqliteEventSink<'t> {
    tx: &'t Connection,
    coder_version: &'t str,
    /// The report being written, its publication date and the next event's position.
    current: Option<(String, Option<String>, i64)>,
}

impl SqliteEventSink<'_> {
    /// Record the current report as coded by this coder version.
    fn finish_report(&mut self) -> Result<()> {
        if let Some((report_id, _, _)) = self.current.take() {
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO coded_reports (report_id, coder_version) VALUES (?1, ?2)",
                )
                .map_err(backend)?
                .execute(params![report_id, self.coder_version])
                .map_err(backend)?;
        }
        Ok(())
    }
}

impl EventSink for SqliteEventSink<'_> {
    fn begin_report(&mut self, report_id: &str) -> Result<()> {
        self.finish_report()?;
        let tx = self.tx;
        tx.prepare_cached(
            "DELETE FROM event_actors WHERE event_id IN (SELECT id FROM events WHERE report_id = ?1)",
        )
        .map_err(backend)?
        .execute(params![report_id])
        .map_err(backend)?;
        tx.prepare_cached("DELETE FROM events WHERE report_id = ?1")
            .map_err(backend)?
            .execute(params![report_id])
            .map_err(backend)?;
        let published: Option<String> = tx
            .prepare_cached("SELECT published FROM reports WHERE id = ?1")
            .map_err(backend)?
            .query_row(params![report_id], |row| row.get(0))
            .optional()
            .map_err(backend)?
            .ok_or_else(|| StoreError::Backend(format!("events for unknown report {report_id}")))?;
        self.current = Some((report_id.to_string(), published, 0));
        Ok(())
    }

    fn put_event(&mut self, event: &Event) -> Result<()> {
        let tx = self.tx;
        let Some((report_id, published, ord)) = self.current.as_mut() else {
            return Err(StoreError::Backend(
                "an event came before its report".to_string(),
            ));
        };
        let json = serde_json::to_string(event).map_err(|e| StoreError::Backend(e.to_string()))?;
        tx.prepare_cached("DELETE FROM event_actors WHERE event_id = ?1")
            .map_err(backend)?
            .execute(params![event.id])
            .map_err(backend)?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO events (id, report_id, ord, coder_version, event_type, published, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(backend)?
        .execute(params![
            event.id,
            report_id.as_str(),
            *ord,
            self.coder_version,
            event.event_type.name(),
            published.as_deref(),
            json
        ])
        .map_err(backend)?;
        *ord += 1;
        let mut add_actor = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO event_actors (event_id, code, role) VALUES (?1, ?2, ?3)",
            )
            .map_err(backend)?;
        for code in &event.actor {
            add_actor
                .execute(params![event.id, code, "actor"])
                .map_err(backend)?;
        }
        for code in &event.recipient {
            add_actor
                .execute(params![event.id, code, "recipient"])
                .map_err(backend)?;
        }
        Ok(())
    }
}

fn count(conn: &Connection, table: &str) -> Result<u64> {
    let n: i64 = conn
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .map_err(backend)?;
    Ok(n.max(0) as u64)
}

impl Store for SqliteStore {
    fn put_reports(&mut self, reports: &[Report]) -> Result<Vec<PutOutcome>> {
        let tx = self.conn.transaction().map_err(backend)?;
        let last_seq: i64 = tx
            .prepare_cached("SELECT IFNULL(MAX(seq), 0) FROM reports")
            .map_err(backend)?
            .query_row([], |row| row.get(0))
            .map_err(backend)?;
        let mut outcomes = Vec::with_capacity(reports.len());
        for report in reports {
            outcomes.push(put_report(&tx, report)?);
        }
        index_new_reports(&tx, last_seq)?;
        tx.commit().map_err(backend)?;
        Ok(outcomes)
    }

    fn report(&self, id: &str) -> Result<Option<Report>> {
        Ok(self
            .reports_where("r.id = ?1", &[Value::Text(id.to_string())])?
            .into_iter()
            .next())
    }

    fn find_report(&self, key: &str) -> Result<Option<Report>> {
        let key = key.trim();
        if is_hex_key(key) {
            let prefix = key.to_ascii_lowercase();
            let found = self.reports_where(
                "r.id >= ?1 AND r.id < ?1 || '~' ORDER BY r.id LIMIT 2",
                &[Value::Text(prefix)],
            )?;
            match found.len() {
                1 => return Ok(found.into_iter().next()),
                0 => {}
                _ => {
                    return Err(StoreError::AmbiguousKey {
                        key: key.to_string(),
                        reason: "more than one report id starts with it; give more digits".into(),
                    })
                }
            }
        }
        self.report_by_ref(key)
    }

    fn copies(&self, report_id: &str) -> Result<Vec<ReportCopy>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT report_id, report_ref, source, url, published FROM report_copies
                 WHERE report_id = ?1 ORDER BY seq",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map(params![report_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                ))
            })
            .map_err(backend)?;
        let mut copies = Vec::new();
        for row in rows {
            let (report_id, report_ref, source, url, published) = row.map_err(backend)?;
            let published = parse_date(&report_id, published)?;
            copies.push(ReportCopy {
                report_id,
                report_ref,
                source,
                url,
                published,
            });
        }
        Ok(copies)
    }

    fn list_reports(&self, filter: &ReportFilter) -> Result<Vec<ReportSummary>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.report_ref, r.source, r.title, r.published, r.format, r.bytes,
                    (SELECT COUNT(*) FROM report_copies c WHERE c.report_id = r.id),
                    (SELECT COUNT(*) FROM events e WHERE e.report_id = r.id)
                 FROM reports r
                 WHERE (?1 IS NULL OR r.source = ?1 COLLATE NOCASE)
                   AND (?2 IS NULL OR r.published >= ?2)
                   AND (?3 IS NULL OR r.published <= ?3)
                 ORDER BY r.published IS NULL, r.published DESC, r.seq DESC
                 LIMIT ?4 OFFSET ?5",
            )
            .map_err(backend)?;
        let limit = filter.limit.map(|n| n as i64).unwrap_or(-1);
        let rows = stmt
            .query_map(
                params![
                    filter.source,
                    date_text(filter.since),
                    date_text(filter.until),
                    limit,
                    filter.offset as i64
                ],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, Option<String>>(4)?,
                        row.get::<_, String>(5)?,
                        row.get::<_, i64>(6)?,
                        row.get::<_, i64>(7)?,
                        row.get::<_, i64>(8)?,
                    ))
                },
            )
            .map_err(backend)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, report_ref, source, title, published, format, bytes, copies, events) =
                row.map_err(backend)?;
            let published = parse_date(&id, published)?;
            out.push(ReportSummary {
                id,
                report_ref,
                source,
                title,
                published,
                format,
                bytes: bytes.max(0) as usize,
                copies: copies.max(0) as usize,
                events: events.max(0) as usize,
            });
        }
        Ok(out)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let fts_query = to_fts5(query)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.report_ref, r.title, r.source, r.published, hit.snip, hit.rank
                 FROM (SELECT rowid, rank, snippet(reports_fts, 1, '[', ']', '…', 24) AS snip
                       FROM reports_fts WHERE reports_fts MATCH ?1 ORDER BY rank LIMIT ?2) AS hit
                 JOIN reports r ON r.seq = hit.rowid
                 ORDER BY hit.rank, r.seq",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map(params![fts_query, limit as i64], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, f64>(6)?,
                ))
            })
            .map_err(|e| bad_query(query, e))?;
        let mut hits = Vec::new();
        for row in rows {
            let (report_id, report_ref, title, source, published, snippet, rank) =
                row.map_err(|e| bad_query(query, e))?;
            let published = parse_date(&report_id, published)?;
            hits.push(SearchHit {
                report_id,
                report_ref,
                title,
                source,
                published,
                snippet: snippet.replace('\n', " "),
                rank: -rank,
            });
        }
        Ok(hits)
    }

    fn uncoded_reports(&self, coder_version: &str, limit: usize) -> Result<Vec<Report>> {
        self.reports_where(
            "NOT EXISTS (SELECT 1 FROM coded_reports c WHERE c.report_id = r.id AND c.coder_version = ?1)
             ORDER BY r.seq LIMIT ?2",
            &[Value::Text(coder_version.to_string()), Value::Integer(limit as i64)],
        )
    }

    fn put_events(&mut self, coder_version: &str, batch: &[(String, Vec<Event>)]) -> Result<()> {
        self.put_events_with(coder_version, &mut |sink| {
            for (report_id, events) in batch {
                sink.begin_report(report_id)?;
                for event in events {
                    sink.put_event(event)?;
                }
            }
            Ok(())
        })
    }

    fn put_events_with(
        &mut self,
        coder_version: &str,
        fill: &mut dyn FnMut(&mut dyn EventSink) -> Result<()>,
    ) -> Result<()> {
        let tx = self.conn.transaction().map_err(backend)?;
        let mut sink = SqliteEventSink {
            tx: &tx,
            coder_version,
            current: None,
        };
        fill(&mut sink)?;
        sink.finish_report()?;
        tx.commit().map_err(backend)
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        let (clause, values) = event_filter_sql(filter, DateIndex::Use);
        let sql = format!(
            "SELECT e.id, e.json FROM events e JOIN reports r ON r.id = e.report_id
             WHERE {clause} ORDER BY e.published IS NULL, e.published, r.seq, e.ord"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(backend)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(backend)?;
        let mut events = Vec::new();
        for row in rows {
            let (id, json) = row.map_err(backend)?;
            events.push(serde_json::from_str(&json).map_err(|e| corrupt(&id, "event", e))?);
        }
        Ok(events)
    }

    fn for_each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        let (clause, values) = event_filter_sql(filter, DateIndex::Skip);
        // No join and no sort: the caller sorts what it keeps.
        let sql = format!("SELECT e.id, e.json FROM events e WHERE {clause}");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(backend)?;
        let mut rows = stmt
            .query(params_from_iter(values.iter()))
            .map_err(backend)?;
        while let Some(row) = rows.next().map_err(backend)? {
            let json = row
                .get_ref(1)
                .map_err(backend)?
                .as_str()
                .map_err(|e| StoreError::Backend(format!("event json is not text: {e}")))?;
            let event: Event = match serde_json::from_str(json) {
                Ok(event) => event,
                Err(e) => {
                    let id: String = row.get(0).map_err(backend)?;
                    return Err(corrupt(&id, "event", e));
                }
            };
            each(event)?;
        }
        Ok(())
    }

    fn for_each_event_by_date(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event, &ReportMeta) -> Result<()>,
    ) -> Result<()> {
        let (clause, values) = event_filter_sql(filter, DateIndex::Use);
        // Through the events' date index, a row at a time: nothing is held but the row.
        let sql = format!(
            "SELECT r.id, r.report_ref, r.source, r.url, r.published, r.wire, r.reliability, r.tlp,
                    e.id, e.json
             FROM events e JOIN reports r ON r.id = e.report_id
             WHERE {clause} ORDER BY e.published"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(backend)?;
        let mut rows = stmt
            .query(params_from_iter(values.iter()))
            .map_err(backend)?;
        while let Some(row) = rows.next().map_err(backend)? {
            let meta = report_meta_from_row(row)?;
            let json = row
                .get_ref(9)
                .map_err(backend)?
                .as_str()
                .map_err(|e| StoreError::Backend(format!("event json is not text: {e}")))?;
            let event: Event = match serde_json::from_str(json) {
                Ok(event) => event,
                Err(e) => {
                    let id: String = row.get(8).map_err(backend)?;
                    return Err(corrupt(&id, "event", e));
                }
            };
            each(event, &meta)?;
        }
        Ok(())
    }

    fn report_meta(&self, ids: &[String]) -> Result<Vec<ReportMeta>> {
        let unique: Vec<&String> = ids
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut out = Vec::with_capacity(unique.len());
        for chunk in unique.chunks(IDS_PER_QUERY) {
            let sql = format!(
                "SELECT id, report_ref, source, url, published, wire, reliability, tlp
                 FROM reports WHERE id IN ({})",
                question_marks(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql).map_err(backend)?;
            let mut rows = stmt
                .query(params_from_iter(chunk.iter()))
                .map_err(backend)?;
            while let Some(row) = rows.next().map_err(backend)? {
                out.push(report_meta_from_row(row)?);
            }
        }
        Ok(out)
    }

    fn reports_by_id(&self, ids: &[String]) -> Result<Vec<Report>> {
        let mut found: std::collections::HashMap<String, Report> =
            std::collections::HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_QUERY) {
            let params: Vec<Value> = chunk.iter().map(|id| Value::Text(id.clone())).collect();
            let clause = format!("r.id IN ({})", question_marks(chunk.len()));
            for report in self.reports_where(&clause, &params)? {
                found.insert(report.id.clone(), report);
            }
        }
        // In the order asked for (a repeated id repeats its report), as before.
        Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
    }

    fn put_assessment(&mut self, assessment: &Assessment) -> Result<()> {
        let json =
            serde_json::to_string(assessment).map_err(|e| StoreError::Backend(e.to_string()))?;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO assessments (scenario_id, as_of, json) VALUES (?1, ?2, ?3)",
            )
            .map_err(backend)?
            .execute(params![
                assessment.scenario_id,
                assessment.as_of.format("%Y-%m-%d").to_string(),
                json
            ])
            .map_err(backend)?;
        Ok(())
    }

    fn previous_assessment(
        &self,
        scenario_id: &str,
        before: NaiveDate,
    ) -> Result<Option<Assessment>> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT as_of, json FROM assessments WHERE scenario_id = ?1 AND as_of < ?2
                 ORDER BY as_of DESC LIMIT 1",
            )
            .map_err(backend)?
            .query_row(
                params![scenario_id, before.format("%Y-%m-%d").to_string()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(backend)?;
        match row {
            None => Ok(None),
            Some((as_of, json)) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| corrupt(&format!("{scenario_id}@{as_of}"), "assessment", e)),
        }
    }

    fn stats(&self) -> Result<StoreStats> {
        Ok(StoreStats {
            reports: count(&self.conn, "reports")?,
            copies: count(&self.conn, "report_copies")?,
            events: count(&self.conn, "events")?,
            coded_reports: count(&self.conn, "coded_reports")?,
            assessments: count(&self.conn, "assessments")?,
        })
    }
    fn annotations(&self) -> Option<&dyn crate::AnnotationStore> {
        Some(self)
    }
}

/// `?, ?, …` for an `IN (…)` list of `n` values.
fn question_marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Whether a date bound of an event read may use the `events_published` index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateIndex {
    Use,
    /// Read the table in storage order and test the dates on each row: an assessment
    /// reads nearly every event up to a date, and a scan is several times faster than
    /// one index step plus one random table lookup per event.
    Skip,
}

/// The `WHERE` clause (over `events e`) and its values for an [`EventFilter`].
fn event_filter_sql(filter: &EventFilter, dates: DateIndex) -> (String, Vec<Value>) {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut values: Vec<Value> = Vec::new();
    // A unary `+` keeps SQLite from using an index for that term.
    let published = match dates {
        DateIndex::Use => "e.published",
        DateIndex::Skip => "+e.published",
    };
    if let Some(until) = filter.published_until {
        values.push(Value::Text(until.format("%Y-%m-%d").to_string()));
        clauses.push(format!("{published} <= ?{}", values.len()));
    }
    if let Some(since) = filter.published_since {
        values.push(Value::Text(since.format("%Y-%m-%d").to_string()));
        clauses.push(format!("{published} >= ?{}", values.len()));
    }
    if let Some(report_id) = &filter.report_id {
        values.push(Value::Text(report_id.clone()));
        clauses.push(format!("e.report_id = ?{}", values.len()));
    }
    if !filter.actors.is_empty() {
        let mut marks = Vec::new();
        for code in &filter.actors {
            values.push(Value::Text(code.clone()));
            marks.push(format!("?{}", values.len()));
        }
        // Through the actors' index: the events of these codes, not a scan of all events.
        clauses.push(format!(
            "e.id IN (SELECT a.event_id FROM event_actors a WHERE a.code IN ({}))",
            marks.join(", ")
        ));
    }
    (clauses.join(" AND "), values)
}

/// Read a [`ReportMeta`] row (`id, report_ref, source, url, published, wire, reliability, tlp`).
fn report_meta_from_row(row: &Row<'_>) -> Result<ReportMeta> {
    let id: String = row.get(0).map_err(backend)?;
    let published: Option<String> = row.get(4).map_err(backend)?;
    let wire: String = row.get(5).map_err(backend)?;
    let reliability: Option<String> = row.get(6).map_err(backend)?;
    let tlp: String = row.get(7).map_err(backend)?;
    Ok(ReportMeta {
        report_ref: row.get(1).map_err(backend)?,
        source: row.get(2).map_err(backend)?,
        url: row.get(3).map_err(backend)?,
        published: parse_date(&id, published)?,
        wire: serde_json::from_str(&wire).map_err(|e| corrupt(&id, "wire", e))?,
        reliability: match reliability {
            Some(letter) => Some(
                letter
                    .parse::<Reliability>()
                    .map_err(|e| corrupt(&id, "reliability", e))?,
            ),
            None => None,
        },
        tlp: serde_json::from_value(serde_json::Value::String(tlp))
            .map_err(|e| corrupt(&id, "tlp", e))?,
        id,
    })
}

/// An FTS5 complaint about the query is the user's error; anything else is the store's.
fn bad_query(query: &str, err: rusqlite::Error) -> StoreError {
    let reason = err.to_string();
    if reason.contains("fts5") {
        StoreError::BadQuery {
            query: query.to_string(),
            reason,
        }
    } else {
        StoreError::Backend(reason)
    }
}
