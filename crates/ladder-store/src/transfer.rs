//! Moving a store from SQLite to PostgreSQL (`ladder migrate`), and the digest that proves
//! two stores hold the same records: counts, plus an order-free hash of every report and
//! every event as the [`Store`] trait returns them.

use crate::migrate::backend;
use crate::pg_schema::pg;
use crate::{PgStore, ReportFilter, Result, SqliteStore, Store, StoreError, StoreStats};
use chrono::NaiveDate;
use ladder_core::{Assessment, Event};
use serde::{Deserialize, Serialize};

/// How many records are read or written at a time.
const PAGE: usize = 1000;

/// What a store holds, in a form two stores can be compared by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreDigest {
    pub stats: StoreStats,
    /// Hex of the wrapping sum of each report's BLAKE3 hash (as JSON): independent of
    /// the order the back end returns them in.
    pub reports: String,
    /// The same over every event.
    pub events: String,
}

/// An order-free hash of a multiset of records.
#[derive(Default)]
struct SumHash(u128);

impl SumHash {
    fn add<T: Serialize>(&mut self, record: &T) -> Result<()> {
        let json = serde_json::to_vec(record).map_err(|e| StoreError::Backend(e.to_string()))?;
        let hash = blake3::hash(&json);
        let mut first = [0u8; 16];
        first.copy_from_slice(&hash.as_bytes()[..16]);
        self.0 = self.0.wrapping_add(u128::from_le_bytes(first));
        Ok(())
    }

    fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// The digest of any store, read through the [`Store`] trait only.
pub fn digest(store: &dyn Store) -> Result<StoreDigest> {
    let mut reports = SumHash::default();
    let mut offset = 0;
    loop {
        let page = store.list_reports(&ReportFilter {
            limit: Some(PAGE),
            offset,
            ..Default::default()
        })?;
        let ids: Vec<String> = page.iter().map(|s| s.id.clone()).collect();
        for report in store.reports_by_id(&ids)? {
            reports.add(&report)?;
        }
        if page.len() < PAGE {
            break;
        }
        offset += PAGE;
    }
    let mut events = SumHash::default();
    store.for_each_event(&Default::default(), &mut |event: Event| events.add(&event))?;
    Ok(StoreDigest {
        stats: store.stats()?,
        reports: reports.hex(),
        events: events.hex(),
    })
}

/// Copy everything of a SQLite store into a PostgreSQL store (reports in ingest order,
/// copies, events with their coder versions, coding marks, assessments), then compare
/// digests. Running it again is harmless: every write is keyed. Returns the digest both
/// stores share, or an error naming what differs.
pub fn copy_sqlite_to_postgres(src: &SqliteStore, dst: &mut PgStore) -> Result<StoreDigest> {
    copy_reports(src, dst)?;
    copy_copies(src, dst)?;
    copy_events(src, dst)?;
    copy_marks(src, dst)?;
    for assessment in read_assessments(src)? {
        dst.put_assessment(&assessment)?;
    }
    let before = digest(src)?;
    let after = digest(dst)?;
    if before != after {
        return Err(StoreError::Backend(format!(
            "the copy differs from the original: source {before:?}, copy {after:?}"
        )));
    }
    Ok(after)
}

fn copy_reports(src: &SqliteStore, dst: &mut PgStore) -> Result<()> {
    let ids: Vec<String> = src
        .connection()
        .prepare("SELECT id FROM reports ORDER BY seq")
        .map_err(backend)?
        .query_map([], |row| row.get(0))
        .map_err(backend)?
        .collect::<std::result::Result<_, _>>()
        .map_err(backend)?;
    for page in ids.chunks(PAGE) {
        dst.put_reports(&src.reports_by_id(page)?)?;
    }
    Ok(())
}

/// Rows of a two-to-five-column text query over the SQLite store.
type CopyRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn copy_copies(src: &SqliteStore, dst: &PgStore) -> Result<()> {
    let rows: Vec<CopyRow> = src
        .connection()
        .prepare(
            "SELECT report_id, report_ref, source, url, published FROM report_copies ORDER BY seq",
        )
        .map_err(backend)?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .map_err(backend)?
        .collect::<std::result::Result<_, _>>()
        .map_err(backend)?;
    for page in rows.chunks(PAGE) {
        let col = |i: usize| -> Vec<Option<String>> {
            page.iter()
                .map(|r| match i {
                    1 => r.1.clone(),
                    2 => r.2.clone(),
                    _ => r.3.clone(),
                })
                .collect()
        };
        let ids: Vec<&str> = page.iter().map(|r| r.0.as_str()).collect();
        let published: Vec<Option<NaiveDate>> = page
            .iter()
            .map(|r| r.4.as_deref().and_then(|d| d.parse().ok()))
            .collect();
        dst.block_on(async {
            let client = dst.client().await?;
            client
                .execute(
                    "INSERT INTO report_copies (report_id, report_ref, source, url, published)
                     SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::date[])
                     ON CONFLICT DO NOTHING",
                    &[&ids, &col(1), &col(2), &col(3), &published],
                )
                .await
                .map_err(pg)
        })?;
    }
    Ok(())
}

/// Events, one transaction per coder version, each report's events in their order.
fn copy_events(src: &SqliteStore, dst: &mut PgStore) -> Result<()> {
    let conn = src.connection();
    let versions: Vec<String> = conn
        .prepare("SELECT DISTINCT coder_version FROM events ORDER BY 1")
        .map_err(backend)?
        .query_map([], |row| row.get(0))
        .map_err(backend)?
        .collect::<std::result::Result<_, _>>()
        .map_err(backend)?;
    for version in versions {
        let mut stmt = conn
            .prepare(
                "SELECT report_id, id, json FROM events WHERE coder_version = ?1
                 ORDER BY report_id, ord",
            )
            .map_err(backend)?;
        dst.put_events_with(&version, &mut |sink| {
            let mut rows = stmt.query([&version]).map_err(backend)?;
            let mut current: Option<String> = None;
            while let Some(row) = rows.next().map_err(backend)? {
                let report_id: String = row.get(0).map_err(backend)?;
                if current.as_deref() != Some(report_id.as_str()) {
                    sink.begin_report(&report_id)?;
                    current = Some(report_id);
                }
                let id: String = row.get(1).map_err(backend)?;
                let json: String = row.get(2).map_err(backend)?;
                let event: Event = serde_json::from_str(&json)
                    .map_err(|e| crate::sqlite::corrupt(&id, "event", e))?;
                sink.put_event(&event)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Coding marks (reports coded with no events, and older coder versions).
fn copy_marks(src: &SqliteStore, dst: &PgStore) -> Result<()> {
    let marks: Vec<(String, String)> = src
        .connection()
        .prepare("SELECT report_id, coder_version FROM coded_reports")
        .map_err(backend)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(backend)?
        .collect::<std::result::Result<_, _>>()
        .map_err(backend)?;
    for page in marks.chunks(PAGE) {
        let ids: Vec<&str> = page.iter().map(|m| m.0.as_str()).collect();
        let versions: Vec<&str> = page.iter().map(|m| m.1.as_str()).collect();
        dst.block_on(async {
            let client = dst.client().await?;
            client
                .execute(
                    "INSERT INTO coded_reports (report_id, coder_version)
                     SELECT * FROM UNNEST($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
                    &[&ids, &versions],
                )
                .await
                .map_err(pg)
        })?;
    }
    Ok(())
}

fn read_assessments(src: &SqliteStore) -> Result<Vec<Assessment>> {
    let rows: Vec<(String, String)> = src
        .connection()
        .prepare("SELECT scenario_id || '@' || as_of, json FROM assessments")
        .map_err(backend)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(backend)?
        .collect::<std::result::Result<_, _>>()
        .map_err(backend)?;
    rows.into_iter()
        .map(|(key, json)| {
            serde_json::from_str(&json).map_err(|e| crate::sqlite::corrupt(&key, "assessment", e))
        })
        .collect()
}
