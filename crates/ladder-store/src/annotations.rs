//! Analysts' annotations beside the coder's output: corrections to coded events (reject,
//! fix a field, add a missed event), each with who made it and when. A trait of its own,
//! apart from [`crate::Store`], so that a back end can add it when it is ready; the SQLite
//! back end keeps them in the `corrections` table (migration component `annotations`).
//! Rows are only ever appended: the history is the table.

use crate::migrate::{backend, run_migrations};
use crate::{Result, SqliteStore, StoreError};
use ladder_core::{Correction, CorrectionAction};
use rusqlite::{params, Row};

/// Migration component of the annotation tables.
pub const ANNOTATIONS_COMPONENT: &str = "annotations";

/// The annotation tables, oldest first.
pub const ANNOTATIONS_MIGRATIONS: &[&str] = &["CREATE TABLE corrections (
         id        INTEGER PRIMARY KEY AUTOINCREMENT,
         event_id  TEXT NOT NULL,
         report_id TEXT NOT NULL,
         action    TEXT NOT NULL,
         body      TEXT NOT NULL,
         author    TEXT NOT NULL,
         at        TEXT NOT NULL,
         note      TEXT
     );
     CREATE INDEX corrections_report ON corrections (report_id);
     CREATE INDEX corrections_event ON corrections (event_id);"];

/// Storage of analysts' corrections.
pub trait AnnotationStore {
    /// Append a correction (its `id` is ignored and assigned); returns the new id.
    fn put_correction(&mut self, correction: &Correction) -> Result<i64>;
    /// Every correction, in order of making.
    fn corrections(&self) -> Result<Vec<Correction>>;
    /// The corrections of one report's events, in order of making.
    fn corrections_for_report(&self, report_id: &str) -> Result<Vec<Correction>>;
    /// A number that changes whenever a correction is added (for caches).
    fn corrections_version(&self) -> Result<i64>;
}

const COLUMNS: &str = "id, event_id, report_id, body, author, at, note";

fn read_row(row: &Row<'_>) -> rusqlite::Result<(Correction, String)> {
    let body: String = row.get(3)?;
    Ok((
        Correction {
            id: row.get(0)?,
            event_id: row.get(1)?,
            report_id: row.get(2)?,
            action: CorrectionAction::Reject,
            author: row.get(4)?,
            at: row.get(5)?,
            note: row.get(6)?,
        },
        body,
    ))
}

fn decode(rows: Vec<(Correction, String)>) -> Result<Vec<Correction>> {
    rows.into_iter()
        .map(|(mut c, body)| {
            c.action = serde_json::from_str(&body).map_err(|e| StoreError::Corrupt {
                id: format!("correction {}", c.id),
                reason: e.to_string(),
            })?;
            Ok(c)
        })
        .collect()
}

impl SqliteStore {
    fn annotations_ready(&self) -> Result<()> {
        run_migrations(
            self.connection(),
            ANNOTATIONS_COMPONENT,
            ANNOTATIONS_MIGRATIONS,
        )
    }

    fn query_corrections(&self, sql: &str, param: Option<&str>) -> Result<Vec<Correction>> {
        self.annotations_ready()?;
        let mut statement = self.connection().prepare_cached(sql).map_err(backend)?;
        let rows = match param {
            Some(p) => statement.query_map(params![p], read_row),
            None => statement.query_map([], read_row),
        }
        .map_err(backend)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(backend)?;
        decode(rows)
    }
}

impl AnnotationStore for SqliteStore {
    fn put_correction(&mut self, c: &Correction) -> Result<i64> {
        self.annotations_ready()?;
        let body = serde_json::to_string(&c.action)
            .map_err(|e| StoreError::Backend(format!("encoding a correction: {e}")))?;
        let action = serde_json::to_value(&c.action)
            .ok()
            .and_then(|v| v.get("action").and_then(|a| a.as_str()).map(str::to_string))
            .unwrap_or_default();
        let tx = self.connection().unchecked_transaction().map_err(backend)?;
        tx.execute(
            "INSERT INTO corrections (event_id, report_id, action, body, author, at, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                c.event_id,
                c.report_id,
                action,
                body,
                c.author,
                c.at,
                c.note
            ],
        )
        .map_err(backend)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(backend)?;
        Ok(id)
    }

    fn corrections(&self) -> Result<Vec<Correction>> {
        self.query_corrections(
            &format!("SELECT {COLUMNS} FROM corrections ORDER BY id"),
            None,
        )
    }

    fn corrections_for_report(&self, report_id: &str) -> Result<Vec<Correction>> {
        self.query_corrections(
            &format!("SELECT {COLUMNS} FROM corrections WHERE report_id = ?1 ORDER BY id"),
            Some(report_id),
        )
    }

    fn corrections_version(&self) -> Result<i64> {
        self.annotations_ready()?;
        self.connection()
            .query_row("SELECT COALESCE(MAX(id), 0) FROM corrections", [], |r| {
                r.get(0)
            })
            .map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladder_core::{EventType, Modality};

    fn correction(event_id: &str, action: CorrectionAction) -> Correction {
        Correction {
            id: 0,
            event_id: event_id.into(),
            report_id: "r1".into(),
            action,
            author: "ana".into(),
            at: "2026-12-07T20:00:00Z".into(),
            note: Some("wrong actor".into()),
        }
    }

    #[test]
    fn corrections_are_appended_and_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ladder.db");
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.corrections_version().unwrap(), 0);
        let a = store
            .put_correction(&correction("e1", CorrectionAction::Reject))
            .unwrap();
        let b = store
            .put_correction(&correction(
                "e2",
                CorrectionAction::SetModality(Modality::Denied),
            ))
            .unwrap();
        assert!(b > a);
        drop(store);
        let store = SqliteStore::open(&path).unwrap();
        let all = store.corrections().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].action, CorrectionAction::Reject);
        assert_eq!(
            all[1].action,
            CorrectionAction::SetModality(Modality::Denied)
        );
        assert_eq!(all[1].note.as_deref(), Some("wrong actor"));
        assert_eq!(store.corrections_for_report("r1").unwrap().len(), 2);
        assert!(store.corrections_for_report("r2").unwrap().is_empty());
        assert_eq!(store.corrections_version().unwrap(), b);
        let _ = EventType::Aid;
    }
}
