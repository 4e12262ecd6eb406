//! The TAXII object index in SQL: which objects a partner sees in a collection (the
//! collection's scope plus the partner's clearance), filtered and paged by a sequence
//! cursor, and the writes (add, delete) of inbound collections.
//!
//! `date_added` never decreases as `seq` grows (an insert takes the later of the clock
//! and the newest stored `date_added`), so paging in `seq` order is paging in
//! (`date_added`, `seq`) order: stable however many objects share one `date_added`.

use crate::tlp;
use chrono::Utc;
use ladder_core::Tlp;
use ladder_store::rusqlite::types::Value as SqlValue;
use ladder_store::rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde_json::Value;

/// What a request may see: one collection's scope and one partner's visibility.
#[derive(Debug, Clone)]
pub struct Scope {
    /// `''` for Ladder's own objects, else the inbound collection id.
    pub source: String,
    /// Only objects at or below this rank (collection level).
    pub max_rank: i64,
    /// Only members of this scenario.
    pub scenario: Option<String>,
    /// The partner's clearance rank (RED is never granted by clearance).
    pub clearance_rank: i64,
    /// The partner's name: its own objects are visible whatever their level.
    pub partner: String,
}

impl Scope {
    /// The SQL condition on alias `a`, and its parameters appended to `args`.
    fn condition(&self, a: &str, args: &mut Vec<SqlValue>) -> String {
        args.push(SqlValue::Text(self.source.clone()));
        let mut sql = format!("{a}.source = ?{}", args.len());
        args.push(SqlValue::Integer(
            self.max_rank
                .min(self.clearance_rank)
                .min(tlp::rank(Tlp::AmberStrict)),
        ));
        let level = args.len();
        args.push(SqlValue::Text(self.partner.clone()));
        sql.push_str(&format!(
            " AND ({a}.tlp <= ?{level} OR {a}.owner = ?{})",
            args.len()
        ));
        if let Some(s) = &self.scenario {
            args.push(SqlValue::Text(s.clone()));
            sql.push_str(&format!(
                " AND {a}.stix_id IN (SELECT stix_id FROM taxii_scenario_members WHERE scenario = ?{})",
                args.len()
            ));
        }
        sql
    }
}

/// Request filters.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// `date_added` strictly after this (normalised timestamp).
    pub added_after: Option<String>,
    pub ids: Vec<String>,
    pub types: Vec<String>,
    /// `first`, `last`, `all` or exact versions; empty = `last`.
    pub versions: Vec<String>,
    pub spec_versions: Vec<String>,
    /// Only objects after this sequence number (the `next` cursor).
    pub after_seq: Option<i64>,
    pub limit: usize,
}

/// One stored object version.
#[derive(Debug, Clone)]
pub struct Row {
    pub seq: i64,
    pub stix_id: String,
    pub version: String,
    pub spec_version: String,
    pub date_added: String,
    pub json: String,
}

/// A page of rows and whether more follow.
#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<Row>,
    pub more: bool,
}

fn in_list(column: &str, items: &[String], args: &mut Vec<SqlValue>) -> String {
    let mut marks = Vec::new();
    for item in items {
        args.push(SqlValue::Text(item.clone()));
        marks.push(format!("?{}", args.len()));
    }
    format!("{column} IN ({})", marks.join(", "))
}

/// The WHERE clause for `filters` in `scope` (alias `o`).
fn where_clause(scope: &Scope, f: &Filters, args: &mut Vec<SqlValue>) -> String {
    let mut parts = vec![scope.condition("o", args)];
    if let Some(seq) = f.after_seq {
        args.push(SqlValue::Integer(seq));
        parts.push(format!("o.seq > ?{}", args.len()));
    }
    if let Some(t) = &f.added_after {
        args.push(SqlValue::Text(t.clone()));
        parts.push(format!("o.date_added > ?{}", args.len()));
    }
    if !f.ids.is_empty() {
        parts.push(in_list("o.stix_id", &f.ids, args));
    }
    if !f.types.is_empty() {
        parts.push(in_list("o.type", &f.types, args));
    }
    if !f.spec_versions.is_empty() {
        parts.push(in_list("o.spec_version", &f.spec_versions, args));
    }
    let versions: Vec<&str> = if f.versions.is_empty() {
        vec!["last"]
    } else {
        f.versions.iter().map(String::as_str).collect()
    };
    if !versions.contains(&"all") {
        let mut alts = Vec::new();
        for v in versions {
            match v {
                "last" | "first" => {
                    let cmp = if v == "last" { ">" } else { "<" };
                    let inner = scope.condition("o2", args);
                    alts.push(format!(
                        "NOT EXISTS (SELECT 1 FROM taxii_objects o2 WHERE o2.stix_id = o.stix_id AND o2.version {cmp} o.version AND {inner})"
                    ));
                }
                exact => {
                    args.push(SqlValue::Text(normalise_version(exact)));
                    alts.push(format!("o.version = ?{}", args.len()));
                }
            }
        }
        parts.push(format!("({})", alts.join(" OR ")));
    }
    parts.join(" AND ")
}

/// Versions are kept as STIX timestamps normalised to milliseconds, so that
/// `2024-01-01T00:00:00Z` and `2024-01-01T00:00:00.000Z` name the same version.
pub fn normalise_version(text: &str) -> String {
    match crate::ids::parse_timestamp(text) {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        None => text.to_string(),
    }
}

/// `date_added` text: microseconds, UTC.
pub fn added_text(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A page of objects (or manifest entries: same rows).
pub fn page(conn: &Connection, scope: &Scope, f: &Filters) -> ladder_store::rusqlite::Result<Page> {
    let mut args = Vec::new();
    let clause = where_clause(scope, f, &mut args);
    args.push(SqlValue::Integer(f.limit as i64 + 1));
    let sql = format!(
        "SELECT o.seq, o.stix_id, o.version, o.spec_version, o.date_added, o.json FROM taxii_objects o
         WHERE {clause} ORDER BY o.seq LIMIT ?{}",
        args.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows: Vec<Row> = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            Ok(Row {
                seq: r.get(0)?,
                stix_id: r.get(1)?,
                version: r.get(2)?,
                spec_version: r.get(3)?,
                date_added: r.get(4)?,
                json: r.get(5)?,
            })
        })?
        .collect::<ladder_store::rusqlite::Result<_>>()?;
    let more = rows.len() > f.limit;
    rows.truncate(f.limit);
    Ok(Page { rows, more })
}

/// Whether an object id is visible in the scope at all (any version).
pub fn exists(conn: &Connection, scope: &Scope, id: &str) -> ladder_store::rusqlite::Result<bool> {
    let mut args = Vec::new();
    let clause = scope.condition("o", &mut args);
    args.push(SqlValue::Text(id.to_string()));
    let sql = format!(
        "SELECT 1 FROM taxii_objects o WHERE {clause} AND o.stix_id = ?{} LIMIT 1",
        args.len()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(args.iter()), |_| Ok(()))
        .optional()?
        .is_some())
}

/// Delete the versions of one object that match the filters; returns how many went.
pub fn delete(
    conn: &Connection,
    scope: &Scope,
    f: &Filters,
) -> ladder_store::rusqlite::Result<usize> {
    let mut args = Vec::new();
    let clause = where_clause(scope, f, &mut args);
    let sql = format!(
        "DELETE FROM taxii_objects WHERE seq IN (SELECT o.seq FROM taxii_objects o WHERE {clause})"
    );
    conn.execute(&sql, params_from_iter(args.iter()))
}

/// The outcome of adding one object.
#[derive(Debug, Clone)]
pub struct AddOutcome {
    pub id: String,
    pub version: String,
    pub error: Option<String>,
}

/// What an object to add must have; its id, version and spec version.
pub fn object_key(o: &Value) -> Result<(String, String, String, String), String> {
    let id = o.get("id").and_then(Value::as_str).ok_or("no id")?;
    let kind = o.get("type").and_then(Value::as_str).ok_or("no type")?;
    let (prefix, uuid) = id.split_once("--").ok_or("id is not TYPE--UUID")?;
    if prefix != kind || uuid::Uuid::parse_str(uuid).is_err() || !is_stix_type(kind) {
        return Err("id is not TYPE--UUID with the object's type".into());
    }
    let spec = o
        .get("spec_version")
        .and_then(Value::as_str)
        .unwrap_or("2.1");
    if spec != "2.1" {
        return Err(format!("spec_version {spec} is not supported (2.1 only)"));
    }
    let version = o
        .get("modified")
        .or_else(|| o.get("created"))
        .and_then(Value::as_str)
        .ok_or("no modified or created timestamp")?;
    if crate::ids::parse_timestamp(version).is_none() {
        return Err("modified/created is not a timestamp".into());
    }
    Ok((
        id.to_string(),
        kind.to_string(),
        normalise_version(version),
        spec.to_string(),
    ))
}

/// A STIX type name: 3–250 characters of a–z, 0–9 and '-'.
pub fn is_stix_type(kind: &str) -> bool {
    (3..=250).contains(&kind.len())
        && kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Who posts: a partner's name (the owner of what it adds), the STIX identity it speaks
/// as (when configured, a `created_by_ref` must name it), and whether it administers the
/// server (an admin may version and delete anyone's objects).
#[derive(Debug, Clone, Copy)]
pub struct Poster<'a> {
    pub name: &'a str,
    pub identity: Option<&'a str>,
    pub admin: bool,
}

/// Add objects to `source` with one shared `date_added`. Call it inside a write
/// transaction ([`crate::db::write_transaction`]) so that the `date_added` read and the
/// inserts are one step. An object already stored at the same version is a success that
/// changes nothing; a new version of an object another partner owns is refused, and so
/// is a `created_by_ref` other than the poster's identity.
pub fn add(
    conn: &Connection,
    source: &str,
    poster: &Poster<'_>,
    unmarked: Tlp,
    objects: &[Value],
) -> ladder_store::rusqlite::Result<(String, Vec<AddOutcome>)> {
    let added = next_date_added(conn)?;
    let mut outcomes = Vec::with_capacity(objects.len());
    for o in objects {
        let outcome = match object_key(o) {
            Ok(key) => add_one(conn, source, poster, unmarked, &added, o, key)?,
            Err(e) => AddOutcome {
                id: o
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                version: String::new(),
                error: Some(e),
            },
        };
        outcomes.push(outcome);
    }
    Ok((added, outcomes))
}

/// The `date_added` of a new write: the later of the clock and the newest stored one.
fn next_date_added(conn: &Connection) -> ladder_store::rusqlite::Result<String> {
    let newest: Option<String> =
        conn.query_row("SELECT MAX(date_added) FROM taxii_objects", [], |r| {
            r.get(0)
        })?;
    let now = added_text(Utc::now());
    Ok(match newest {
        Some(n) if n > now => n,
        _ => now,
    })
}

/// Add one object whose key checked out.
fn add_one(
    conn: &Connection,
    source: &str,
    poster: &Poster<'_>,
    unmarked: Tlp,
    added: &str,
    o: &Value,
    (id, kind, version, spec): (String, String, String, String),
) -> ladder_store::rusqlite::Result<AddOutcome> {
    let refused = |e: String| AddOutcome {
        id: id.clone(),
        version: version.clone(),
        error: Some(e),
    };
    if let Some(e) = authorship_error(poster, o) {
        return Ok(refused(e));
    }
    if is_stored(conn, source, &id, &version)? {
        return Ok(AddOutcome {
            id,
            version,
            error: None,
        });
    }
    if !poster.admin && owned_by_other(conn, source, &id, poster.name)? {
        return Ok(refused("the object belongs to another partner".into()));
    }
    let level = tlp::tlp_of_object(o).unwrap_or(if kind == "marking-definition" {
        Tlp::Clear
    } else {
        unmarked
    });
    let json = serde_json::to_string(o).unwrap_or_default();
    conn.prepare_cached(
        "INSERT OR IGNORE INTO taxii_objects (source, stix_id, type, version, spec_version, date_added, tlp, owner, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(ladder_store::rusqlite::params![
        source,
        id,
        kind,
        version,
        spec,
        added,
        tlp::rank(level),
        poster.name,
        json
    ])?;
    Ok(AddOutcome {
        id,
        version,
        error: None,
    })
}

/// Why the poster may not speak for this object's creator, if it may not.
fn authorship_error(poster: &Poster<'_>, o: &Value) -> Option<String> {
    let identity = poster.identity?;
    if poster.admin {
        return None;
    }
    let creator = o.get("created_by_ref")?;
    match creator.as_str() {
        Some(c) if c.eq_ignore_ascii_case(identity) => None,
        _ => Some("created_by_ref is not your identity".into()),
    }
}

/// Whether this exact version is already in `source`.
fn is_stored(
    conn: &Connection,
    source: &str,
    id: &str,
    version: &str,
) -> ladder_store::rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM taxii_objects WHERE source = ?1 AND stix_id = ?2 AND version = ?3",
        )?
        .query_row([source, id, version], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether any version of the object in `source` was posted by someone other than `owner`.
pub fn owned_by_other(
    conn: &Connection,
    source: &str,
    id: &str,
    owner: &str,
) -> ladder_store::rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM taxii_objects WHERE source = ?1 AND stix_id = ?2 AND owner <> ?3 LIMIT 1",
        )?
        .query_row([source, id, owner], |_| Ok(()))
        .optional()?
        .is_some())
}
