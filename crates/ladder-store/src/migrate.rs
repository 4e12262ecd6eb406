//! Versioned schema migrations, kept per component in `schema_migrations`.
//!
//! Each component (the store's own `"store"`, sharing's `"share"`, …) owns an ordered list
//! of SQL scripts; script `i` (0-based) is version `i + 1`. Opening a store applies the
//! scripts it has not applied yet, each in its own transaction, and refuses a database
//! whose schema is newer than the code understands.

use crate::{Result, StoreError};
use rusqlite::{params, Connection, OptionalExtension};

/// Create the bookkeeping table if it is missing.
fn ensure_migrations_table(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             component  TEXT NOT NULL,
             version    INTEGER NOT NULL,
             PRIMARY KEY (component, version)
         ) WITHOUT ROWID;",
    )
    .map_err(backend)?;
    Ok(())
}

/// The highest applied version of `component` (0 when none).
pub fn schema_version(conn: &Connection, component: &str) -> Result<i64> {
    ensure_migrations_table(conn)?;
    let version: Option<i64> = conn
        .query_row(
            "SELECT MAX(version) FROM schema_migrations WHERE component = ?1",
            params![component],
            |row| row.get(0),
        )
        .optional()
        .map_err(backend)?
        .flatten();
    Ok(version.unwrap_or(0))
}

/// Apply the migrations of `component` that are not applied yet.
///
/// `migrations[i]` is the SQL of version `i + 1`; append new scripts, never edit or
/// reorder applied ones. Each script runs in its own transaction together with its
/// `schema_migrations` row, so a crash leaves either the old or the new version. Running
/// it again is a no-op. A database already at a higher version than `migrations.len()`
/// is refused with [`StoreError::SchemaTooNew`].
///
/// Another crate adds its own tables like this:
///
/// ```
/// # fn main() -> ladder_store::Result<()> {
/// let dir = tempfile::tempdir().unwrap();
/// let store = ladder_store::SqliteStore::open(dir.path().join("ladder.db"))?;
/// const SHARE_MIGRATIONS: &[&str] = &["CREATE TABLE taxii_cursor (collection TEXT PRIMARY KEY, added_after TEXT);"];
/// ladder_store::run_migrations(store.connection(), "share", SHARE_MIGRATIONS)?;
/// # Ok(()) }
/// ```
pub fn run_migrations(conn: &Connection, component: &str, migrations: &[&str]) -> Result<()> {
    let found = schema_version(conn, component)?;
    let supported = migrations.len() as i64;
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    for (index, sql) in migrations.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        let tx = conn.unchecked_transaction().map_err(backend)?;
        tx.execute_batch(sql).map_err(|e| {
            StoreError::Backend(format!("migration {component} v{version} failed: {e}"))
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (component, version) VALUES (?1, ?2)",
            params![component, version],
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
    }
    Ok(())
}

pub(crate) fn backend(err: rusqlite::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = "CREATE TABLE t (a INTEGER);";
    const V2: &str = "ALTER TABLE t ADD COLUMN b TEXT;";

    #[test]
    fn applies_in_order_and_is_idempotent() {
        let conn = Connection::open_in_memory().unwrap();
        run_migrations(&conn, "x", &[V1]).unwrap();
        assert_eq!(schema_version(&conn, "x").unwrap(), 1);
        run_migrations(&conn, "x", &[V1, V2]).unwrap();
        run_migrations(&conn, "x", &[V1, V2]).unwrap();
        assert_eq!(schema_version(&conn, "x").unwrap(), 2);
        conn.execute("INSERT INTO t (a, b) VALUES (1, 'y')", [])
            .unwrap();
    }

    #[test]
    fn components_are_versioned_separately() {
        let conn = Connection::open_in_memory().unwrap();
        run_migrations(&conn, "x", &[V1, V2]).unwrap();
        run_migrations(&conn, "y", &["CREATE TABLE u (c INTEGER);"]).unwrap();
        assert_eq!(schema_version(&conn, "x").unwrap(), 2);
        assert_eq!(schema_version(&conn, "y").unwrap(), 1);
        assert_eq!(schema_version(&conn, "z").unwrap(), 0);
    }

    #[test]
    fn newer_schema_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        run_migrations(&conn, "x", &[V1, V2]).unwrap();
        let err = run_migrations(&conn, "x", &[V1]).unwrap_err();
        assert!(matches!(
            err,
            StoreError::SchemaTooNew {
                found: 2,
                supported: 1
            }
        ));
        assert!(err.to_string().contains("newer"), "{err}");
    }

    #[test]
    fn failed_migration_leaves_old_version() {
        let conn = Connection::open_in_memory().unwrap();
        run_migrations(&conn, "x", &[V1]).unwrap();
        let err = run_migrations(&conn, "x", &[V1, "CREATE TABLE v (a); THIS IS NOT SQL;"]);
        assert!(err.is_err());
        assert_eq!(schema_version(&conn, "x").unwrap(), 1);
        let v_exists: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'v'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(v_exists, 0);
    }
}
