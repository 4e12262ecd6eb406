//! Writing coded events to PostgreSQL inside one transaction, a chunk at a time: the
//! events of up to [`EVENTS_PER_CHUNK`] events (or reports) are sent as a few array
//! statements, so a batch of any size costs a handful of round trips per chunk and never
//! one per event.

use crate::pg_schema::pg;
use crate::{EventSink, Result, StoreError};
use ladder_core::Event;
use std::collections::HashSet;
use tokio_postgres::Transaction;

/// How many events (or begun reports) are held before they are written.
const EVENTS_PER_CHUNK: usize = 1000;

/// Buffers events and writes them chunk by chunk within the caller's transaction.
pub(crate) struct PgEventSink<'a> {
    rt: &'a tokio::runtime::Runtime,
    tx: &'a Transaction<'a>,
    coder_version: &'a str,
    /// Reports begun since the last flush: their old events go, and they are marked coded.
    reports: Vec<String>,
    /// The report events are added to, and the next event's position within it.
    current: Option<(String, i64)>,
    chunk: EventChunk,
}

/// Column arrays of the events (and their actors) waiting to be written.
#[derive(Default)]
struct EventChunk {
    ids: Vec<String>,
    report_ids: Vec<String>,
    ords: Vec<i64>,
    types: Vec<String>,
    jsons: Vec<String>,
    seen: HashSet<String>,
    actor_event_ids: Vec<String>,
    actor_codes: Vec<String>,
    actor_roles: Vec<&'static str>,
}

impl<'a> PgEventSink<'a> {
    pub(crate) fn new(
        rt: &'a tokio::runtime::Runtime,
        tx: &'a Transaction<'a>,
        coder_version: &'a str,
    ) -> Self {
        PgEventSink {
            rt,
            tx,
            coder_version,
            reports: Vec::new(),
            current: None,
            chunk: EventChunk::default(),
        }
    }

    /// Write what is buffered: clear and mark the begun reports, then add the events.
    pub(crate) fn flush(&mut self) -> Result<()> {
        let reports = std::mem::take(&mut self.reports);
        let chunk = std::mem::take(&mut self.chunk);
        self.rt.block_on(async {
            if !reports.is_empty() {
                self.clear_reports(&reports).await?;
            }
            if !chunk.ids.is_empty() {
                self.insert_events(&chunk).await?;
            }
            Ok(())
        })
    }

    /// Refuse unknown reports, remove the reports' earlier events (their actors go by
    /// cascade) and record them as coded by this coder version.
    async fn clear_reports(&self, reports: &[String]) -> Result<()> {
        let known: HashSet<String> = self
            .tx
            .query("SELECT id FROM reports WHERE id = ANY($1)", &[&reports])
            .await
            .map_err(pg)?
            .iter()
            .map(|row| row.try_get(0).map_err(pg))
            .collect::<Result<_>>()?;
        if let Some(unknown) = reports.iter().find(|id| !known.contains(*id)) {
            return Err(StoreError::Backend(format!(
                "events for unknown report {unknown}"
            )));
        }
        self.tx
            .execute("DELETE FROM events WHERE report_id = ANY($1)", &[&reports])
            .await
            .map_err(pg)?;
        self.tx
            .execute(
                "INSERT INTO coded_reports (report_id, coder_version)
                 SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING",
                &[&reports, &self.coder_version],
            )
            .await
            .map_err(pg)?;
        Ok(())
    }

    /// Insert (or replace, by id) the chunk's events with their report's date, and their
    /// actors.
    async fn insert_events(&self, chunk: &EventChunk) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO events (id, report_id, ord, coder_version, event_type, published, json)
                 SELECT u.id, u.report_id, u.ord, $6, u.event_type, r.published, u.json
                 FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[])
                      AS u (id, report_id, ord, event_type, json)
                 JOIN reports r ON r.id = u.report_id
                 ON CONFLICT (id) DO UPDATE SET report_id = EXCLUDED.report_id,
                     ord = EXCLUDED.ord, coder_version = EXCLUDED.coder_version,
                     event_type = EXCLUDED.event_type, published = EXCLUDED.published,
                     json = EXCLUDED.json",
                &[
                    &chunk.ids,
                    &chunk.report_ids,
                    &chunk.ords,
                    &chunk.types,
                    &chunk.jsons,
                    &self.coder_version,
                ],
            )
            .await
            .map_err(pg)?;
        // An event replaced under its id keeps none of its former actors.
        self.tx
            .execute(
                "DELETE FROM event_actors WHERE event_id = ANY($1)",
                &[&chunk.ids],
            )
            .await
            .map_err(pg)?;
        self.tx
            .execute(
                "INSERT INTO event_actors (event_id, code, role)
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[])
                 ON CONFLICT DO NOTHING",
                &[
                    &chunk.actor_event_ids,
                    &chunk.actor_codes,
                    &chunk.actor_roles,
                ],
            )
            .await
            .map_err(pg)?;
        Ok(())
    }
}

impl EventSink for PgEventSink<'_> {
    fn begin_report(&mut self, report_id: &str) -> Result<()> {
        if self.reports.len() >= EVENTS_PER_CHUNK {
            self.flush()?;
        }
        // A report begun twice in one chunk would have its first events kept: flush so
        // that its second beginning clears them, as the SQLite back end does.
        if self.reports.iter().any(|r| r == report_id) {
            self.flush()?;
        }
        self.reports.push(report_id.to_string());
        self.current = Some((report_id.to_string(), 0));
        Ok(())
    }

    fn put_event(&mut self, event: &Event) -> Result<()> {
        // One statement cannot write the same id twice: write the chunk first.
        if self.chunk.ids.len() >= EVENTS_PER_CHUNK || self.chunk.seen.contains(&event.id) {
            self.flush()?;
        }
        let Some((report_id, ord)) = self.current.as_mut() else {
            return Err(StoreError::Backend(
                "an event came before its report".to_string(),
            ));
        };
        let json = serde_json::to_string(event).map_err(|e| StoreError::Backend(e.to_string()))?;
        let chunk = &mut self.chunk;
        chunk.ids.push(event.id.clone());
        chunk.seen.insert(event.id.clone());
        chunk.report_ids.push(report_id.clone());
        chunk.ords.push(*ord);
        chunk.types.push(event.event_type.name().to_string());
        chunk.jsons.push(json);
        for (codes, role) in [(&event.actor, "actor"), (&event.recipient, "recipient")] {
            for code in codes {
                chunk.actor_event_ids.push(event.id.clone());
                chunk.actor_codes.push(code.clone());
                chunk.actor_roles.push(role);
            }
        }
        *ord += 1;
        Ok(())
    }
}
