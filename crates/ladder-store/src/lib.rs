//! Ladder's store: the [`Store`] trait every caller uses, and its back ends: SQLite, the
//! embedded default, and PostgreSQL ([`PgStore`]) for a team sharing one store.
//!
//! [`SqliteStore::open`] creates or opens one file in WAL mode (`synchronous=NORMAL`,
//! foreign keys on, a busy timeout) and applies the store's migrations. Writes of a batch
//! are one transaction, so a killed process leaves whole batches only.
//!
//! **Keeping your own tables in the store's file** (sharing's TAXII state, for one): give
//! your component a name and an append-only list of SQL scripts, and run them on the
//! store's connection after opening it:
//!
//! ```no_run
//! # fn main() -> ladder_store::Result<()> {
//! const SHARE_MIGRATIONS: &[&str] = &["CREATE TABLE share_cursor (k TEXT PRIMARY KEY, v TEXT);"];
//! let store = ladder_store::SqliteStore::open("ladder.db")?;
//! ladder_store::run_migrations(store.connection(), "share", SHARE_MIGRATIONS)?;
//! # Ok(()) }
//! ```
//!
//! Versions are kept per component in `schema_migrations (component, version)`; a file
//! written by a newer ladder is refused with [`StoreError::SchemaTooNew`]. Use the
//! re-exported [`rusqlite`] so that both sides link the same SQLite.

pub mod annotations;
pub mod migrate;
mod pg_events;
pub mod pg_schema;
pub mod postgres;
pub mod query;
pub mod schema;
pub mod sqlite;
pub mod synthetic;
pub mod transfer;

pub use annotations::AnnotationStore;
pub use migrate::{run_migrations, schema_version};
pub use postgres::{is_postgres_url, PgStore};
/// The SQLite binding the store is built on, re-exported so that components keeping
/// their own tables in the store's file use the very same version.
pub use rusqlite;
pub use sqlite::SqliteStore;

/// Open the store a `--db` value names: a PostgreSQL database for a `postgres://` URL,
/// else a SQLite file (created if missing).
pub fn open_store(db: &str) -> Result<Box<dyn Store + Send>> {
    if is_postgres_url(db) {
        Ok(Box::new(PgStore::open(db)?))
    } else {
        Ok(Box::new(SqliteStore::open(db)?))
    }
}

use chrono::NaiveDate;
use ladder_core::{Assessment, Event, Reliability, Report, ReportCopy, Tlp};
use serde::{Deserialize, Serialize};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store: {0}")]
    Backend(String),
    #[error("store schema is version {found}, newer than this ladder understands ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("stored record {id} is corrupt: {reason}")]
    Corrupt { id: String, reason: String },
    /// The user's search query cannot be run.
    #[error("bad search query {query:?}: {reason}")]
    BadQuery { query: String, reason: String },
    /// A report key (id prefix) that names more than one record.
    #[error("'{key}' is ambiguous: {reason}")]
    AmbiguousKey { key: String, reason: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What happened to one report of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PutOutcome {
    /// A new report.
    Inserted,
    /// Same text under another reference, URL or outlet: recorded as a copy.
    Copy,
    /// Same text and same reference as a stored report: nothing to do.
    Unchanged,
}

/// A line of `ladder reports list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub id: String,
    pub report_ref: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub format: String,
    pub bytes: usize,
    pub copies: usize,
    pub events: usize,
}

/// A full-text search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub report_id: String,
    pub report_ref: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    /// Matched text with the hits marked `[…]`.
    pub snippet: String,
    /// Relevance, higher is better (the negated FTS5 bm25 score, title weighted 4×).
    pub rank: f64,
}

/// Which reports to list.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub source: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// Which events to read.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only events from reports published on or before this day (replays).
    pub published_until: Option<NaiveDate>,
    pub published_since: Option<NaiveDate>,
    /// Only events with one of these codes as actor or recipient (empty = all).
    pub actors: Vec<String>,
    pub report_id: Option<String>,
}

/// What assessment needs of a report: everything but its text, title and dateline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportMeta {
    pub id: String,
    pub report_ref: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// Wire services the report carries (for independence).
    pub wire: Vec<String>,
    pub reliability: Option<Reliability>,
    pub tlp: Tlp,
}

impl ReportMeta {
    /// The report's origin for independence: the same rule as [`Report::origin`]
    /// (first wire service, else the outlet, else the report itself).
    pub fn origin(&self) -> String {
        if let Some(w) = self.wire.first() {
            return format!("wire:{}", w.to_lowercase());
        }
        match &self.source {
            Some(s) => format!("source:{}", s.to_lowercase()),
            None => format!("report:{}", self.id),
        }
    }
}

impl From<&Report> for ReportMeta {
    fn from(report: &Report) -> Self {
        ReportMeta {
            id: report.id.clone(),
            report_ref: report.report_ref.clone(),
            source: report.source.clone(),
            url: report.url.clone(),
            published: report.published,
            wire: report.wire.clone(),
            reliability: report.reliability,
            tlp: report.tlp,
        }
    }
}

/// Counts for `ladder status`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreStats {
    pub reports: u64,
    pub copies: u64,
    pub events: u64,
    pub coded_reports: u64,
    pub assessments: u64,
}

/// Receives coded events report by report, for [`Store::put_events_with`].
pub trait EventSink {
    /// The events that follow belong to `report_id`; its earlier events are replaced.
    fn begin_report(&mut self, report_id: &str) -> Result<()>;
    /// One event of the report last begun.
    fn put_event(&mut self, event: &Event) -> Result<()>;
}

/// An [`EventSink`] that keeps everything, as [`Store::put_events`] takes it.
#[derive(Debug, Default)]
struct CollectedEvents(Vec<(String, Vec<Event>)>);

impl EventSink for CollectedEvents {
    fn begin_report(&mut self, report_id: &str) -> Result<()> {
        self.0.push((report_id.to_string(), Vec::new()));
        Ok(())
    }

    fn put_event(&mut self, event: &Event) -> Result<()> {
        match self.0.last_mut() {
            Some((_, events)) => {
                events.push(event.clone());
                Ok(())
            }
            None => Err(StoreError::Backend(
                "an event came before its report".to_string(),
            )),
        }
    }
}

/// The storage interface. Every caller goes through it, so a PostgreSQL back end can
/// follow without touching callers. Writes of a batch are one transaction: a batch is
/// stored whole or not at all.
pub trait Store {
    /// Store a batch of reports in one transaction; one outcome per report, in order.
    fn put_reports(&mut self, reports: &[Report]) -> Result<Vec<PutOutcome>>;
    fn report(&self, id: &str) -> Result<Option<Report>>;
    /// Find a report by id, id prefix (≥ 6 hex digits) or `report_ref`.
    fn find_report(&self, key: &str) -> Result<Option<Report>>;
    fn copies(&self, report_id: &str) -> Result<Vec<ReportCopy>>;
    fn list_reports(&self, filter: &ReportFilter) -> Result<Vec<ReportSummary>>;
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    /// Reports not yet coded by this coder version, oldest first, at most `limit`.
    fn uncoded_reports(&self, coder_version: &str, limit: usize) -> Result<Vec<Report>>;
    /// Replace the events of each listed report (coded by `coder_version`) in one transaction.
    fn put_events(&mut self, coder_version: &str, batch: &[(String, Vec<Event>)]) -> Result<()>;
    /// Replace the events of reports (coded by `coder_version`) in one transaction, as
    /// `fill` hands them over, without holding them all: `fill` calls
    /// [`EventSink::begin_report`] once per report, then [`EventSink::put_event`] for each
    /// of its events. The default collects them and calls [`Store::put_events`].
    fn put_events_with(
        &mut self,
        coder_version: &str,
        fill: &mut dyn FnMut(&mut dyn EventSink) -> Result<()>,
    ) -> Result<()> {
        let mut collected = CollectedEvents::default();
        fill(&mut collected)?;
        self.put_events(coder_version, &collected.0)
    }
    fn events(&self, filter: &EventFilter) -> Result<Vec<Event>>;
    /// Reports by id (for joining events to their source, date and grading), in the
    /// order of `ids`; unknown ids are skipped.
    fn reports_by_id(&self, ids: &[String]) -> Result<Vec<Report>>;
    /// The read made for assessment: call `each` with every event matching `filter`, one
    /// at a time, without collecting them (order unspecified: sort what you keep).
    /// Stops at the first error `each` returns. Back ends should make this fast for a
    /// million events; the default goes through [`Store::events`].
    fn for_each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        for event in self.events(filter)? {
            each(event)?;
        }
        Ok(())
    }
    /// Every event matching `filter` with its report's metadata, one at a time in
    /// publication-date order (events of reports without a date first; ties in
    /// unspecified order), so that a caller can keep only what it needs of a million
    /// events. Stops at the first error `each` returns. The default collects through
    /// [`Store::for_each_event`] and [`Store::report_meta`] and sorts; back ends should
    /// stream.
    fn for_each_event_by_date(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event, &ReportMeta) -> Result<()>,
    ) -> Result<()> {
        let mut events = Vec::new();
        self.for_each_event(filter, &mut |event| {
            events.push(event);
            Ok(())
        })?;
        let ids: Vec<String> = events
            .iter()
            .map(|e| e.evidence.report_id.clone())
            .collect();
        let metas: std::collections::BTreeMap<String, ReportMeta> = self
            .report_meta(&ids)?
            .into_iter()
            .map(|m| (m.id.clone(), m))
            .collect();
        let mut joined: Vec<(Event, &ReportMeta)> = events
            .into_iter()
            .filter_map(|e| {
                let meta = metas.get(&e.evidence.report_id)?;
                Some((e, meta))
            })
            .collect();
        joined.sort_by_key(|(_, meta)| meta.published);
        for (event, meta) in joined {
            each(event, meta)?;
        }
        Ok(())
    }

    /// What assessment needs of the listed reports (no text), in batches; each known
    /// report once, unknown ids skipped, order unspecified. The default goes through
    /// [`Store::reports_by_id`].
    fn report_meta(&self, ids: &[String]) -> Result<Vec<ReportMeta>> {
        let unique: Vec<String> = ids
            .iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Ok(self
            .reports_by_id(&unique)?
            .iter()
            .map(ReportMeta::from)
            .collect())
    }
    fn put_assessment(&mut self, assessment: &Assessment) -> Result<()>;
    /// The latest stored assessment of a scenario strictly before `before`.
    fn previous_assessment(
        &self,
        scenario_id: &str,
        before: NaiveDate,
    ) -> Result<Option<Assessment>>;
    fn stats(&self) -> Result<StoreStats>;
    /// The analysts' corrections, when this back end keeps them (SQLite today; the
    /// PostgreSQL back end does not yet, and reads as uncorrected).
    fn annotations(&self) -> Option<&dyn AnnotationStore> {
        None
    }
}

/// A boxed store is a store (what [`open_store`] returns), forwarding every method so
/// that each back end's own implementations are used.
impl<S: Store + ?Sized> Store for Box<S> {
    fn put_reports(&mut self, reports: &[Report]) -> Result<Vec<PutOutcome>> {
        (**self).put_reports(reports)
    }
    fn report(&self, id: &str) -> Result<Option<Report>> {
        (**self).report(id)
    }
    fn find_report(&self, key: &str) -> Result<Option<Report>> {
        (**self).find_report(key)
    }
    fn copies(&self, report_id: &str) -> Result<Vec<ReportCopy>> {
        (**self).copies(report_id)
    }
    fn list_reports(&self, filter: &ReportFilter) -> Result<Vec<ReportSummary>> {
        (**self).list_reports(filter)
    }
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        (**self).search(query, limit)
    }
    fn uncoded_reports(&self, coder_version: &str, limit: usize) -> Result<Vec<Report>> {
        (**self).uncoded_reports(coder_version, limit)
    }
    fn put_events(&mut self, coder_version: &str, batch: &[(String, Vec<Event>)]) -> Result<()> {
        (**self).put_events(coder_version, batch)
    }
    fn put_events_with(
        &mut self,
        coder_version: &str,
        fill: &mut dyn FnMut(&mut dyn EventSink) -> Result<()>,
    ) -> Result<()> {
        (**self).put_events_with(coder_version, fill)
    }
    fn events(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        (**self).events(filter)
    }
    fn reports_by_id(&self, ids: &[String]) -> Result<Vec<Report>> {
        (**self).reports_by_id(ids)
    }
    fn for_each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        (**self).for_each_event(filter, each)
    }
    fn for_each_event_by_date(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event, &ReportMeta) -> Result<()>,
    ) -> Result<()> {
        (**self).for_each_event_by_date(filter, each)
    }
    fn report_meta(&self, ids: &[String]) -> Result<Vec<ReportMeta>> {
        (**self).report_meta(ids)
    }
    fn put_assessment(&mut self, assessment: &Assessment) -> Result<()> {
        (**self).put_assessment(assessment)
    }
    fn previous_assessment(
        &self,
        scenario_id: &str,
        before: NaiveDate,
    ) -> Result<Option<Assessment>> {
        (**self).previous_assessment(scenario_id, before)
    }
    fn stats(&self) -> Result<StoreStats> {
        (**self).stats()
    }
    fn annotations(&self) -> Option<&dyn AnnotationStore> {
        (**self).annotations()
    }
}
