//! The PostgreSQL back end of [`Store`], for a team sharing one store: a small
//! connection pool (deadpool-postgres over tokio-postgres), one transaction per batch with
//! array (`UNNEST`) writes so that a batch costs a handful of statements however many
//! reports it holds, and full-text search over a weighted `tsvector` with a GIN index and
//! `ts_headline` snippets.
//!
//! The [`Store`] trait is synchronous, so a [`PgStore`] owns a single-threaded tokio
//! runtime and blocks on it. Do not call it from inside another async runtime's task
//! (use `spawn_blocking`); [`PgStore::block_on`] runs your own queries on its runtime.

use crate::pg_events::PgEventSink;
use crate::pg_schema::{describe, pg, run_pg_migrations, PG_STORE_MIGRATIONS};
use crate::query::{parse, SearchTerm};
use crate::schema::STORE_COMPONENT;
use crate::sqlite::{corrupt, enum_name, is_hex_key, Occurrence};
use crate::{
    EventFilter, EventSink, PutOutcome, ReportFilter, ReportMeta, ReportSummary, Result, SearchHit,
    Store, StoreError, StoreStats,
};
use chrono::NaiveDate;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod};
use ladder_core::{Assessment, Event, Reliability, Report, ReportCopy, Tlp};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::time::Duration;
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};

/// The columns a [`Report`] is read from, in [`report_from_row`]'s order.
const REPORT_COLUMNS: &str = "r.id, r.report_ref, r.source, r.url, r.title, r.published, \
     r.published_at, r.language, r.format, r.text, r.dateline, r.wire, r.reliability, r.tlp";

/// The columns a [`ReportMeta`] is read from, in [`meta_from_row`]'s order.
const META_COLUMNS: &str =
    "r.id, r.report_ref, r.source, r.url, r.published, r.wire, r.reliability, r.tlp";

/// How many rows a streamed read fetches at a time.
const ROWS_PER_FETCH: i32 = 2000;

/// How long to wait for a connection to be made, or for a free one from the pool.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A parameter list for a query built at run time.
pub(crate) type Params = Vec<Box<dyn ToSql + Sync + Send>>;

/// A store in a PostgreSQL database.
pub struct PgStore {
    rt: tokio::runtime::Runtime,
    pool: Pool,
    target: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("target", &self.target)
            .finish()
    }
}

/// Whether a `--db` value names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// `user@host:port/dbname` of a connection config, never its password.
fn describe_target(config: &tokio_postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
        Some(tokio_postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{host}:{port}/{}",
        config.get_user().unwrap_or("?"),
        config.get_dbname().unwrap_or("?")
    )
}

fn parse_url(url: &str) -> Result<tokio_postgres::Config> {
    let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
        StoreError::Backend(format!(
            "not a PostgreSQL URL (postgres://user@host:port/db): {e}"
        ))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    Ok(config)
}

impl PgStore {
    /// Connect to the database at `url` (`postgres://user[:password]@host[:port]/dbname`),
    /// and create or migrate the store's tables. A server that does not answer is an
    /// error naming it within [`CONNECT_TIMEOUT`], not a hang.
    pub fn open(url: &str) -> Result<PgStore> {
        let config = parse_url(url)?;
        let target = describe_target(&config);
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(4)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(CONNECT_TIMEOUT * 3))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| StoreError::Backend(format!("PostgreSQL pool for {target}: {e}")))?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Backend(format!("cannot start a runtime: {e}")))?;
        let store = PgStore { rt, pool, target };
        store.block_on(async {
            let mut client = store.client().await?;
            run_pg_migrations(&mut client, STORE_COMPONENT, PG_STORE_MIGRATIONS).await
        })?;
        Ok(store)
    }

    /// `user@host:port/dbname` (no password), for messages.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Run a future on the store's runtime (for components with their own tables).
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.rt.block_on(future)
    }

    /// A pooled connection; a server that is down is a clear error naming it.
    pub async fn client(&self) -> Result<Object> {
        self.pool.get().await.map_err(|e| {
            let reason = match &e {
                PoolError::Backend(inner) => describe(inner),
                PoolError::Timeout(_) => "timed out".to_string(),
                other => other.to_string(),
            };
            StoreError::Backend(format!(
                "cannot connect to PostgreSQL at {}: {reason}",
                self.target
            ))
        })
    }

    async fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let client = self.client().await?;
        client.query(sql, params).await.map_err(pg)
    }

    fn reports_where(&self, clause: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Report>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports r WHERE {clause}");
        let rows = self.block_on(self.query(&sql, params))?;
        rows.iter().map(report_from_row).collect()
    }

    fn report_by_ref(&self, key: &str) -> Result<Option<Report>> {
        let direct =
            self.reports_where("r.report_ref = $1 ORDER BY r.seq DESC LIMIT 1", &[&key])?;
        if let Some(report) = direct.into_iter().next() {
            return Ok(Some(report));
        }
        let via_copy = self.reports_where(
            "r.id = (SELECT c.report_id FROM report_copies c WHERE c.report_ref = $1 \
             ORDER BY c.seq LIMIT 1)",
            &[&key],
        )?;
        Ok(via_copy.into_iter().next())
    }

    /// Call `each` with every row of `sql`, fetched [`ROWS_PER_FETCH`] at a time through a
    /// portal, so that a million rows are never held at once.
    fn for_each_row(
        &self,
        sql: &str,
        params: &Params,
        each: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        let refs: Vec<&(dyn ToSql + Sync)> = params
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect();
        let mut client = self.block_on(self.client())?;
        let tx = self.block_on(client.transaction()).map_err(pg)?;
        let portal = self.block_on(tx.bind(sql, &refs)).map_err(pg)?;
        loop {
            let rows = self
                .block_on(tx.query_portal(&portal, ROWS_PER_FETCH))
                .map_err(pg)?;
            for row in &rows {
                each(row)?;
            }
            if rows.len() < ROWS_PER_FETCH as usize {
                break;
            }
        }
        self.block_on(tx.commit()).map_err(pg)
    }

    async fn put_reports_async(&self, reports: &[Report]) -> Result<Vec<PutOutcome>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg)?;
        let outcomes = write_reports(&tx, reports).await?;
        tx.commit().await.map_err(pg)?;
        Ok(outcomes)
    }

    /// Store reports and the events coded from them (by `coder_version`) in one
    /// transaction: what a queue worker commits before it acknowledges its messages.
    /// Idempotent: a report already stored is left as it is, and its events are replaced.
    pub fn put_coded_batch(
        &mut self,
        reports: &[Report],
        coder_version: &str,
        coded: &[(String, Vec<Event>)],
    ) -> Result<()> {
        let mut client = self.block_on(self.client())?;
        let tx = self.block_on(client.transaction()).map_err(pg)?;
        self.block_on(write_reports(&tx, reports))?;
        let mut sink = PgEventSink::new(&self.rt, &tx, coder_version);
        for (report_id, events) in coded {
            sink.begin_report(report_id)?;
            for event in events {
                sink.put_event(event)?;
            }
        }
        sink.flush()?;
        self.block_on(tx.commit()).map_err(pg)
    }

    /// Whether the server answers a trivial query now.
    pub fn is_reachable(&self) -> bool {
        self.block_on(async {
            match self.client().await {
                Ok(client) => client.simple_query("SELECT 1").await.is_ok(),
                Err(_) => false,
            }
        })
    }
}

/// Store a batch of reports inside `tx`: one lookup of the stored first occurrences, one
/// insert of the new reports and one of the copies.
async fn write_reports(
    tx: &tokio_postgres::Transaction<'_>,
    reports: &[Report],
) -> Result<Vec<PutOutcome>> {
    let ids: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();
    let mut first: HashMap<String, Occurrence> = HashMap::new();
    for row in tx
        .query(
            "SELECT id, report_ref, source, url FROM reports WHERE id = ANY($1)",
            &[&ids],
        )
        .await
        .map_err(pg)?
    {
        first.insert(
            row.try_get(0).map_err(pg)?,
            Occurrence {
                report_ref: row.try_get(1).map_err(pg)?,
                source: row.try_get(2).map_err(pg)?,
                url: row.try_get(3).map_err(pg)?,
            },
        );
    }
    let plan = plan_batch(reports, first);
    let inserted = insert_reports(tx, &plan.new_reports).await?;
    let copied = insert_copies(tx, &plan.copies).await?;
    Ok(plan
        .outcomes
        .iter()
        .zip(reports)
        .map(|(outcome, report)| match outcome {
            PutOutcome::Inserted if !inserted.contains(&report.id) => PutOutcome::Unchanged,
            PutOutcome::Copy if !copied.contains(&CopyKey::of(report)) => PutOutcome::Unchanged,
            other => *other,
        })
        .collect())
}

/// What a batch of reports will do: which are new, which are copies, and the outcome
/// each gets if no other writer gets there first.
struct BatchPlan<'a> {
    new_reports: Vec<&'a Report>,
    copies: Vec<&'a Report>,
    outcomes: Vec<PutOutcome>,
}

/// The identity of a copy: report id, reference, source, URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CopyKey(String, Option<String>, Option<String>, Option<String>);

impl CopyKey {
    fn of(report: &Report) -> CopyKey {
        CopyKey(
            report.id.clone(),
            report.report_ref.clone(),
            report.source.clone(),
            report.url.clone(),
        )
    }
}

/// Decide each report's outcome against the stored first occurrences (and the earlier
/// reports of the same batch), with the same rules as the SQLite back end.
fn plan_batch(reports: &[Report], mut first: HashMap<String, Occurrence>) -> BatchPlan<'_> {
    let mut plan = BatchPlan {
        new_reports: Vec::new(),
        copies: Vec::new(),
        outcomes: Vec::with_capacity(reports.len()),
    };
    let mut copy_keys: HashSet<CopyKey> = HashSet::new();
    for report in reports {
        let outcome = match first.get(&report.id) {
            Some(occurrence) if occurrence.matches(report) => PutOutcome::Unchanged,
            Some(_) => {
                if copy_keys.insert(CopyKey::of(report)) {
                    plan.copies.push(report);
                    PutOutcome::Copy
                } else {
                    PutOutcome::Unchanged
                }
            }
            None => {
                first.insert(
                    report.id.clone(),
                    Occurrence {
                        report_ref: report.report_ref.clone(),
                        source: report.source.clone(),
                        url: report.url.clone(),
                    },
                );
                plan.new_reports.push(report);
                PutOutcome::Inserted
            }
        };
        plan.outcomes.push(outcome);
    }
    plan
}

/// Insert new reports in one statement; the ids actually inserted (another writer may
/// have stored the same report meanwhile).
async fn insert_reports(
    tx: &tokio_postgres::Transaction<'_>,
    reports: &[&Report],
) -> Result<HashSet<String>> {
    if reports.is_empty() {
        return Ok(HashSet::new());
    }
    let mut dateline = Vec::with_capacity(reports.len());
    let mut wire = Vec::with_capacity(reports.len());
    for report in reports {
        dateline.push(match &report.dateline {
            Some(d) => {
                Some(serde_json::to_string(d).map_err(|e| corrupt(&report.id, "dateline", e))?)
            }
            None => None,
        });
        wire.push(serde_json::to_string(&report.wire).map_err(|e| corrupt(&report.id, "wire", e))?);
    }
    let col = |f: fn(&Report) -> Option<String>| -> Vec<Option<String>> {
        reports.iter().map(|r| f(r)).collect()
    };
    let ids: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();
    let published: Vec<Option<NaiveDate>> = reports.iter().map(|r| r.published).collect();
    let formats: Vec<&str> = reports.iter().map(|r| r.format.name()).collect();
    let texts: Vec<&str> = reports.iter().map(|r| r.text.as_str()).collect();
    let bytes: Vec<i64> = reports.iter().map(|r| r.text.len() as i64).collect();
    let reliability = col(|r| r.reliability.map(|g| g.letter().to_string()));
    let tlp: Vec<String> = reports.iter().map(|r| enum_name(&r.tlp)).collect();
    let rows = tx
        .query(
            "INSERT INTO reports (id, report_ref, source, url, title, published, published_at,
                 language, format, text, bytes, dateline, wire, reliability, tlp)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                 $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int8[],
                 $12::text[], $13::text[], $14::text[], $15::text[])
             ON CONFLICT (id) DO NOTHING
             RETURNING id",
            &[
                &ids,
                &col(|r| r.report_ref.clone()),
                &col(|r| r.source.clone()),
                &col(|r| r.url.clone()),
                &col(|r| r.title.clone()),
                &published,
                &col(|r| r.published_at.clone()),
                &col(|r| r.language.clone()),
                &formats,
                &texts,
                &bytes,
                &dateline,
                &wire,
                &reliability,
                &tlp,
            ],
        )
        .await
        .map_err(pg)?;
    rows.iter().map(|r| r.try_get(0).map_err(pg)).collect()
}

/// Record copies in one statement; the copies actually added.
async fn insert_copies(
    tx: &tokio_postgres::Transaction<'_>,
    copies: &[&Report],
) -> Result<HashSet<CopyKey>> {
    if copies.is_empty() {
        return Ok(HashSet::new());
    }
    let ids: Vec<&str> = copies.iter().map(|r| r.id.as_str()).collect();
    let refs: Vec<Option<&str>> = copies.iter().map(|r| r.report_ref.as_deref()).collect();
    let sources: Vec<Option<&str>> = copies.iter().map(|r| r.source.as_deref()).collect();
    let urls: Vec<Option<&str>> = copies.iter().map(|r| r.url.as_deref()).collect();
    let published: Vec<Option<NaiveDate>> = copies.iter().map(|r| r.published).collect();
    let rows = tx
        .query(
            "INSERT INTO report_copies (report_id, report_ref, source, url, published)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::date[])
             ON CONFLICT DO NOTHING
             RETURNING report_id, report_ref, source, url",
            &[&ids, &refs, &sources, &urls, &published],
        )
        .await
        .map_err(pg)?;
    rows.iter()
        .map(|r| {
            Ok(CopyKey(
                r.try_get(0).map_err(pg)?,
                r.try_get(1).map_err(pg)?,
                r.try_get(2).map_err(pg)?,
                r.try_get(3).map_err(pg)?,
            ))
        })
        .collect()
}

/// Read a report row (the columns of [`REPORT_COLUMNS`]).
fn report_from_row(row: &Row) -> Result<Report> {
    let id: String = row.try_get(0).map_err(pg)?;
    let format: String = row.try_get(8).map_err(pg)?;
    let dateline: Option<String> = row.try_get(10).map_err(pg)?;
    let wire: String = row.try_get(11).map_err(pg)?;
    Ok(Report {
        report_ref: row.try_get(1).map_err(pg)?,
        source: row.try_get(2).map_err(pg)?,
        url: row.try_get(3).map_err(pg)?,
        title: row.try_get(4).map_err(pg)?,
        published: row.try_get(5).map_err(pg)?,
        published_at: row.try_get(6).map_err(pg)?,
        language: row.try_get(7).map_err(pg)?,
        text: row.try_get(9).map_err(pg)?,
        format: serde_json::from_value(serde_json::Value::String(format))
            .map_err(|e| corrupt(&id, "format", e))?,
        dateline: match dateline {
            Some(json) => {
                Some(serde_json::from_str(&json).map_err(|e| corrupt(&id, "dateline", e))?)
            }
            None => None,
        },
        wire: serde_json::from_str(&wire).map_err(|e| corrupt(&id, "wire", e))?,
        reliability: parse_reliability(&id, row.try_get(12).map_err(pg)?)?,
        tlp: parse_tlp(&id, row.try_get(13).map_err(pg)?)?,
        id,
    })
}

/// Read a [`ReportMeta`] row (the columns of [`META_COLUMNS`], from `offset`).
fn meta_from_row(row: &Row, offset: usize) -> Result<ReportMeta> {
    let id: String = row.try_get(offset).map_err(pg)?;
    let wire: String = row.try_get(offset + 5).map_err(pg)?;
    Ok(ReportMeta {
        report_ref: row.try_get(offset + 1).map_err(pg)?,
        source: row.try_get(offset + 2).map_err(pg)?,
        url: row.try_get(offset + 3).map_err(pg)?,
        published: row.try_get(offset + 4).map_err(pg)?,
        wire: serde_json::from_str(&wire).map_err(|e| corrupt(&id, "wire", e))?,
        reliability: parse_reliability(&id, row.try_get(offset + 6).map_err(pg)?)?,
        tlp: parse_tlp(&id, row.try_get(offset + 7).map_err(pg)?)?,
        id,
    })
}

fn parse_reliability(id: &str, letter: Option<String>) -> Result<Option<Reliability>> {
    match letter {
        Some(letter) => Ok(Some(
            letter
                .parse::<Reliability>()
                .map_err(|e| corrupt(id, "reliability", e))?,
        )),
        None => Ok(None),
    }
}

fn parse_tlp(id: &str, name: String) -> Result<Tlp> {
    serde_json::from_value(serde_json::Value::String(name)).map_err(|e| corrupt(id, "tlp", e))
}

fn event_from_row(row: &Row) -> Result<Event> {
    let id: String = row.try_get(0).map_err(pg)?;
    let json: &str = row.try_get(1).map_err(pg)?;
    serde_json::from_str(json).map_err(|e| corrupt(&id, "event", e))
}

/// The `WHERE` clause (over `events e`) and its parameters for an [`EventFilter`].
fn event_filter_sql(filter: &EventFilter) -> (String, Params) {
    let mut clauses = vec!["TRUE".to_string()];
    let mut params: Params = Vec::new();
    if let Some(until) = filter.published_until {
        params.push(Box::new(until));
        clauses.push(format!("e.published <= ${}", params.len()));
    }
    if let Some(since) = filter.published_since {
        params.push(Box::new(since));
        clauses.push(format!("e.published >= ${}", params.len()));
    }
    if let Some(report_id) = &filter.report_id {
        params.push(Box::new(report_id.clone()));
        clauses.push(format!("e.report_id = ${}", params.len()));
    }
    if !filter.actors.is_empty() {
        params.push(Box::new(filter.actors.clone()));
        clauses.push(format!(
            "e.id IN (SELECT a.event_id FROM event_actors a WHERE a.code = ANY(${}))",
            params.len()
        ));
    }
    (clauses.join(" AND "), params)
}

/// A `tsquery` expression for the parsed user query, with its parameters: every group
/// ANDed, terms of a group ORed; a phrase through `phraseto_tsquery`, a prefix term as
/// its words joined by `<->` with `:*` on the last (only letters and digits reach
/// `to_tsquery`, so nothing the user types is read as tsquery syntax).
fn tsquery_sql(groups: &[Vec<SearchTerm>], params: &mut Params) -> String {
    let mut anded = Vec::new();
    for group in groups {
        let mut ored = Vec::new();
        for term in group {
            if term.prefix {
                let words: Vec<String> = term
                    .text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect();
                params.push(Box::new(format!("{}:*", words.join(" <-> "))));
                ored.push(format!("to_tsquery('english', ${})", params.len()));
            } else {
                params.push(Box::new(term.text.clone()));
                ored.push(format!("phraseto_tsquery('english', ${})", params.len()));
            }
        }
        anded.push(format!("({})", ored.join(" || ")));
    }
    anded.join(" && ")
}

impl Store for PgStore {
    fn put_reports(&mut self, reports: &[Report]) -> Result<Vec<PutOutcome>> {
        self.block_on(self.put_reports_async(reports))
    }

    fn report(&self, id: &str) -> Result<Option<Report>> {
        Ok(self.reports_where("r.id = $1", &[&id])?.into_iter().next())
    }

    fn find_report(&self, key: &str) -> Result<Option<Report>> {
        let key = key.trim();
        if is_hex_key(key) {
            let prefix = format!("{}%", key.to_ascii_lowercase());
            let found = self.reports_where("r.id LIKE $1 ORDER BY r.id LIMIT 2", &[&prefix])?;
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
        let rows = self.block_on(self.query(
            "SELECT report_id, report_ref, source, url, published FROM report_copies
             WHERE report_id = $1 ORDER BY seq",
            &[&report_id],
        ))?;
        rows.iter()
            .map(|row| {
                Ok(ReportCopy {
                    report_id: row.try_get(0).map_err(pg)?,
                    report_ref: row.try_get(1).map_err(pg)?,
                    source: row.try_get(2).map_err(pg)?,
                    url: row.try_get(3).map_err(pg)?,
                    published: row.try_get(4).map_err(pg)?,
                })
            })
            .collect()
    }

    fn list_reports(&self, filter: &ReportFilter) -> Result<Vec<ReportSummary>> {
        let limit: Option<i64> = filter.limit.map(|n| n as i64);
        let offset = filter.offset as i64;
        let rows = self.block_on(self.query(
            "SELECT r.id, r.report_ref, r.source, r.title, r.published, r.format, r.bytes,
                (SELECT COUNT(*) FROM report_copies c WHERE c.report_id = r.id),
                (SELECT COUNT(*) FROM events e WHERE e.report_id = r.id)
             FROM reports r
             WHERE ($1::text IS NULL OR lower(r.source) = lower($1))
               AND ($2::date IS NULL OR r.published >= $2)
               AND ($3::date IS NULL OR r.published <= $3)
             ORDER BY r.published DESC NULLS LAST, r.seq DESC
             LIMIT $4 OFFSET $5",
            &[
                &filter.source,
                &filter.since,
                &filter.until,
                &limit,
                &offset,
            ],
        ))?;
        rows.iter()
            .map(|row| {
                Ok(ReportSummary {
                    id: row.try_get(0).map_err(pg)?,
                    report_ref: row.try_get(1).map_err(pg)?,
                    source: row.try_get(2).map_err(pg)?,
                    title: row.try_get(3).map_err(pg)?,
                    published: row.try_get(4).map_err(pg)?,
                    format: row.try_get(5).map_err(pg)?,
                    bytes: row.try_get::<_, i64>(6).map_err(pg)?.max(0) as usize,
                    copies: row.try_get::<_, i64>(7).map_err(pg)?.max(0) as usize,
                    events: row.try_get::<_, i64>(8).map_err(pg)?.max(0) as usize,
                })
            })
            .collect()
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let groups = parse(query)?;
        let mut params: Params = Vec::new();
        let tsquery = tsquery_sql(&groups, &mut params);
        params.push(Box::new(limit as i64));
        let limit_param = params.len();
        // Rank and limit first; headlines (the costly part) only for the hits returned.
        let sql = format!(
            "WITH q AS (SELECT {tsquery} AS q),
                  hit AS (SELECT r.seq, ts_rank(r.tsv, q.q) AS rank FROM reports r, q
                          WHERE r.tsv @@ q.q ORDER BY rank DESC, r.seq LIMIT ${limit_param})
             SELECT r.id, r.report_ref, r.title, r.source, r.published,
                    ts_headline('english', r.text, q.q,
                        'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=\" … \"'),
                    hit.rank::float8
             FROM hit JOIN reports r ON r.seq = hit.seq, q
             ORDER BY hit.rank DESC, r.seq"
        );
        let mut hits = Vec::new();
        self.for_each_row(&sql, &params, &mut |row| {
            let snippet: String = row.try_get(5).map_err(pg)?;
            hits.push(SearchHit {
                report_id: row.try_get(0).map_err(pg)?,
                report_ref: row.try_get(1).map_err(pg)?,
                title: row.try_get(2).map_err(pg)?,
                source: row.try_get(3).map_err(pg)?,
                published: row.try_get(4).map_err(pg)?,
                snippet: snippet.replace('\n', " "),
                rank: row.try_get(6).map_err(pg)?,
            });
            Ok(())
        })?;
        Ok(hits)
    }

    fn uncoded_reports(&self, coder_version: &str, limit: usize) -> Result<Vec<Report>> {
        let limit = limit as i64;
        self.reports_where(
            "NOT EXISTS (SELECT 1 FROM coded_reports c WHERE c.report_id = r.id AND c.coder_version = $1)
             ORDER BY r.seq LIMIT $2",
            &[&coder_version, &limit],
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
        let mut client = self.block_on(self.client())?;
        let tx = self.block_on(client.transaction()).map_err(pg)?;
        let mut sink = PgEventSink::new(&self.rt, &tx, coder_version);
        fill(&mut sink)?;
        sink.flush()?;
        self.block_on(tx.commit()).map_err(pg)
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        let (clause, params) = event_filter_sql(filter);
        let sql = format!(
            "SELECT e.id, e.json FROM events e JOIN reports r ON r.id = e.report_id
             WHERE {clause} ORDER BY e.published ASC NULLS LAST, r.seq, e.ord"
        );
        let mut events = Vec::new();
        self.for_each_row(&sql, &params, &mut |row| {
            events.push(event_from_row(row)?);
            Ok(())
        })?;
        Ok(events)
    }

    fn for_each_event(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        let (clause, params) = event_filter_sql(filter);
        let sql = format!("SELECT e.id, e.json FROM events e WHERE {clause}");
        self.for_each_row(&sql, &params, &mut |row| each(event_from_row(row)?))
    }

    fn for_each_event_by_date(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event, &ReportMeta) -> Result<()>,
    ) -> Result<()> {
        let (clause, params) = event_filter_sql(filter);
        let sql = format!(
            "SELECT e.id, e.json, {META_COLUMNS}
             FROM events e JOIN reports r ON r.id = e.report_id
             WHERE {clause} ORDER BY e.published ASC NULLS FIRST"
        );
        self.for_each_row(&sql, &params, &mut |row| {
            let meta = meta_from_row(row, 2)?;
            each(event_from_row(row)?, &meta)
        })
    }

    fn report_meta(&self, ids: &[String]) -> Result<Vec<ReportMeta>> {
        let unique: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let sql = format!("SELECT {META_COLUMNS} FROM reports r WHERE r.id = ANY($1)");
        let rows = self.block_on(self.query(&sql, &[&unique]))?;
        rows.iter().map(|row| meta_from_row(row, 0)).collect()
    }

    fn reports_by_id(&self, ids: &[String]) -> Result<Vec<Report>> {
        let found: HashMap<String, Report> = self
            .reports_where("r.id = ANY($1)", &[&ids])?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
        Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
    }

    fn put_assessment(&mut self, assessment: &Assessment) -> Result<()> {
        let json =
            serde_json::to_string(assessment).map_err(|e| StoreError::Backend(e.to_string()))?;
        self.block_on(self.query(
            "INSERT INTO assessments (scenario_id, as_of, json) VALUES ($1, $2, $3)
             ON CONFLICT (scenario_id, as_of) DO UPDATE SET json = EXCLUDED.json",
            &[&assessment.scenario_id, &assessment.as_of, &json],
        ))?;
        Ok(())
    }

    fn previous_assessment(
        &self,
        scenario_id: &str,
        before: NaiveDate,
    ) -> Result<Option<Assessment>> {
        let rows = self.block_on(self.query(
            "SELECT json FROM assessments WHERE scenario_id = $1 AND as_of < $2
             ORDER BY as_of DESC LIMIT 1",
            &[&scenario_id, &before],
        ))?;
        match rows.first() {
            None => Ok(None),
            Some(row) => {
                let json: &str = row.try_get(0).map_err(pg)?;
                serde_json::from_str(json)
                    .map(Some)
                    .map_err(|e| corrupt(&format!("{scenario_id}<{before}"), "assessment", e))
            }
        }
    }

    fn stats(&self) -> Result<StoreStats> {
        let rows = self.block_on(self.query(
            "SELECT (SELECT COUNT(*) FROM reports), (SELECT COUNT(*) FROM report_copies),
                    (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM coded_reports),
                    (SELECT COUNT(*) FROM assessments)",
            &[],
        ))?;
        let row = rows
            .first()
            .ok_or_else(|| StoreError::Backend("postgres: counting gave no row".into()))?;
        let n =
            |i: usize| -> Result<u64> { Ok(row.try_get::<_, i64>(i).map_err(pg)?.max(0) as u64) };
        Ok(StoreStats {
            reports: n(0)?,
            copies: n(1)?,
            events: n(2)?,
            coded_reports: n(3)?,
            assessments: n(4)?,
        })
    }
}

/// Run one SQL statement on the server at `admin_url` outside any transaction (creating
/// or dropping a database: tests, `ladder migrate`).
pub fn admin_execute(admin_url: &str, sql: &str) -> Result<()> {
    let config = parse_url(admin_url)?;
    let target = describe_target(&config);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| StoreError::Backend(format!("cannot start a runtime: {e}")))?;
    rt.block_on(async {
        let (client, connection) = config.connect(NoTls).await.map_err(|e| {
            StoreError::Backend(format!(
                "cannot connect to PostgreSQL at {target}: {}",
                describe(&e)
            ))
        })?;
        let driver = tokio::spawn(connection);
        let result = client.batch_execute(sql).await.map_err(pg);
        drop(client);
        let _ = driver.await;
        result
    })
}

/// `admin_url` with its database name replaced by `dbname`.
pub fn with_database(admin_url: &str, dbname: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[after_scheme..]
        .find('/')
        .map(|i| i + after_scheme)
        .unwrap_or(base.len());
    let mut url = format!("{}/{dbname}", &base[..host_end]);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}
