//! Object versions: an exported object's `modified` moves forward exactly when its content
//! changes. Each object's content digest (BLAKE3 of the object without `modified`) and
//! the `modified` it was given are kept in `share_versions`; unchanged content keeps its
//! recorded `modified`, changed content gets the later of its own timestamp and one
//! millisecond after the recorded one. The result depends only on the store's history,
//! never on the clock, and an import records the versions it read so that a round trip
//! exports the same bytes.

use crate::ids::{parse_timestamp, timestamp};
use crate::Result;
use ladder_store::rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

/// The digest of an object's content: everything but `modified`.
pub fn content_digest(object: &Value) -> String {
    let mut copy = object.clone();
    if let Some(map) = copy.as_object_mut() {
        map.remove("modified");
    }
    blake3::hash(copy.to_string().as_bytes())
        .to_hex()
        .to_string()
}

/// The `modified` of changed content: its own timestamp, but always after the old one.
pub fn next_modified(own: &str, recorded: &str) -> String {
    match (parse_timestamp(own), parse_timestamp(recorded)) {
        (Some(own_t), Some(old_t)) => {
            let bumped = old_t + chrono::Duration::milliseconds(1);
            timestamp(own_t.max(bumped))
        }
        _ => own.to_string(),
    }
}

/// Set each object's `modified` from its recorded version (objects without `modified`,
/// like marking definitions, are left alone) and record new versions.
pub fn stamp(conn: &Connection, objects: &mut [Value]) -> Result<()> {
    let mut find =
        conn.prepare_cached("SELECT digest, modified FROM share_versions WHERE stix_id = ?1")?;
    let mut put = conn.prepare_cached(
        "INSERT INTO share_versions (stix_id, digest, modified) VALUES (?1, ?2, ?3)
         ON CONFLICT (stix_id) DO UPDATE SET digest = excluded.digest, modified = excluded.modified",
    )?;
    for object in objects.iter_mut() {
        let (Some(id), Some(own)) = (
            object["id"].as_str().map(str::to_string),
            object["modified"].as_str().map(str::to_string),
        ) else {
            continue;
        };
        let digest = content_digest(object);
        let recorded: Option<(String, String)> = find
            .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let modified = match recorded {
            Some((d, m)) if d == digest => m,
            Some((_, m)) => {
                let next = next_modified(&own, &m);
                put.execute(params![id, digest, next])?;
                next
            }
            None => {
                put.execute(params![id, digest, own])?;
                own
            }
        };
        object["modified"] = Value::String(modified);
    }
    Ok(())
}

/// Record the versions of imported objects as they came, as (id, digest, modified), so
/// that re-exporting them keeps their `modified`.
pub fn record(conn: &Connection, versions: &[(String, String, String)]) -> Result<()> {
    let mut put = conn.prepare_cached(
        "INSERT INTO share_versions (stix_id, digest, modified) VALUES (?1, ?2, ?3)
         ON CONFLICT (stix_id) DO UPDATE SET digest = excluded.digest, modified = excluded.modified
         WHERE excluded.modified >= share_versions.modified",
    )?;
    for (id, digest, modified) in versions {
        put.execute(params![id, digest, modified])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conn() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE share_versions (stix_id TEXT PRIMARY KEY, digest TEXT NOT NULL, modified TEXT NOT NULL);",
        )
        .unwrap();
        conn
    }

    fn object(text: &str) -> Value {
        json!({"id": "note--6e2d1f0a-8c3b-4d5e-9f10-2a3b4c5d6e7f", "created": "2026-03-01T00:00:00.000Z",
               "modified": "2026-03-01T00:00:00.000Z", "content": text})
    }

    #[test]
    fn modified_moves_only_when_content_changes() {
        let conn = conn();
        let stamped = |o: Value| {
            let mut v = vec![o];
            stamp(&conn, &mut v).unwrap();
            v[0]["modified"].as_str().unwrap().to_string()
        };
        let first = stamped(object("a"));
        assert_eq!(first, "2026-03-01T00:00:00.000Z");
        assert_eq!(stamped(object("a")), first, "same content, same version");
        let second = stamped(object("b"));
        assert!(second > first, "{second} after {first}");
        assert_eq!(second, "2026-03-01T00:00:00.001Z");
        assert_eq!(stamped(object("b")), second);
        let third = stamped(object("a"));
        assert!(third > second, "going back is a change too");
    }

    #[test]
    fn next_modified_takes_the_later() {
        for (own, old, want) in [
            (
                "2026-03-05T00:00:00.000Z",
                "2026-03-01T00:00:00.000Z",
                "2026-03-05T00:00:00.000Z",
            ),
            (
                "2026-03-01T00:00:00.000Z",
                "2026-03-01T00:00:00.000Z",
                "2026-03-01T00:00:00.001Z",
            ),
            (
                "2026-02-01T00:00:00.000Z",
                "2026-03-01T00:00:00.009Z",
                "2026-03-01T00:00:00.010Z",
            ),
        ] {
            assert_eq!(next_modified(own, old), want, "{own} after {old}");
        }
    }

    #[test]
    fn recorded_imports_keep_their_modified() {
        let conn = conn();
        let mut o = object("x");
        o["modified"] = json!("2026-04-01T00:00:00.000Z");
        let version = (
            o["id"].as_str().unwrap().to_string(),
            content_digest(&o),
            o["modified"].as_str().unwrap().to_string(),
        );
        record(&conn, &[version]).unwrap();
        let mut v = vec![o.clone()];
        v[0]["modified"] = json!("2026-03-01T00:00:00.000Z");
        stamp(&conn, &mut v).unwrap();
        assert_eq!(v[0]["modified"], "2026-04-01T00:00:00.000Z");
    }
}
