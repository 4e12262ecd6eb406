//! The TAXII 2.1 HTTP server: discovery, one API root (`/ladder/`), collections as views,
//! objects (GET, POST → 202 + status), single objects (GET, DELETE), versions, manifest
//! and status, with per-partner authentication (failed logins limited per account and
//! address, `auth`), TLP clearance, ownership of posted objects, opaque cursors
//! (`cursor`), rate limits and body limits. Every response, errors included, is
//! `application/taxii+json;version=2.1`, and every error carries the TAXII error envelope.
//! Collections a partner has no rights to answer 404 like unknown ones; discovery names the
//! configured URL, never the request's `Host`.
//!
//! Routing is done by hand on the raw path so that nothing (an extractor rejection, a
//! default 404 or 405) can answer outside the TAXII envelope, and so that every path
//! segment is checked before use.

use super::auth::{LoginLimiter, Slot};
use super::cursor::CursorKey;
use super::index::{self, Filters, Scope};
use super::{STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE};
use crate::partners::{
    is_safe_id, verify_secret, verify_secret_or_dummy, CollectionConfig, CollectionKind, Partner,
    PartnersFile,
};
use crate::tlp;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::Response;
use base64::Engine;
use http_body_util::BodyExt;
use ladder_store::rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Path of the discovery resource.
pub const DISCOVERY: &str = "taxii2";
/// Name of the one API root.
pub const API_ROOT: &str = "ladder";
/// Largest page served.
pub const MAX_PAGE: usize = 1000;
/// Page size when the client gives no `limit`.
pub const DEFAULT_PAGE: usize = 100;
/// Most values one request's `match[...]` filters may list together (beyond: 400).
pub const MAX_FILTER_VALUES: usize = 100;
/// Longest query string read (beyond: 400).
pub const MAX_QUERY_BYTES: usize = 16 * 1024;

/// Shared server state.
pub struct Server {
    pub config: PartnersFile,
    pub db_path: PathBuf,
    /// `https` when serving TLS.
    pub scheme: &'static str,
    /// The API root's URL as discovery names it (from `public_url`, else the listen
    /// address), never from the request.
    api_root_url: String,
    /// Encrypts and authenticates paging cursors.
    cursors: CursorKey,
    /// One lane for password checks from suspect addresses.
    suspect_lane: tokio::sync::Semaphore,
    /// BLAKE3 of verified `Authorization` headers → partner index.
    verified: Mutex<HashMap<[u8; 32], usize>>,
    /// Token buckets per partner index: (tokens, last refill).
    buckets: Mutex<HashMap<usize, (f64, Instant)>>,
    /// Failed logins per account and per address.
    logins: LoginLimiter,
    /// Follow the store: sync the index before answering when the store changed.
    pub live: bool,
    /// The store handle that syncs (one sync at a time).
    syncer: Mutex<Option<ladder_store::SqliteStore>>,
}

impl Server {
    /// A server answering at `listen` (the API root URL comes from the partners file's
    /// `public_url` when it has one).
    pub fn new(
        config: PartnersFile,
        db_path: PathBuf,
        scheme: &'static str,
        listen: std::net::SocketAddr,
    ) -> Server {
        let base = match &config.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("{scheme}://{listen}"),
        };
        let logins = LoginLimiter::new(
            config.max_auth_failures,
            std::time::Duration::from_secs(config.auth_failure_window_s),
        );
        Server {
            config,
            db_path,
            scheme,
            api_root_url: format!("{base}/{API_ROOT}/"),
            cursors: CursorKey::random(),
            suspect_lane: tokio::sync::Semaphore::new(1),
            verified: Mutex::new(HashMap::new()),
            buckets: Mutex::new(HashMap::new()),
            logins,
            live: true,
            syncer: Mutex::new(None),
        }
    }

    /// Before reading Ladder's objects: when another connection committed since this
    /// thread last looked (`PRAGMA data_version`, no I/O) and the store has unsynced
    /// changes, map them into the index.
    async fn refresh(self: &Arc<Self>) -> Result<(), Failure> {
        if !self.live {
            return Ok(());
        }
        let stale = with_conn(&self.db_path, |conn| {
            let version: i64 = conn
                .prepare_cached("PRAGMA data_version")
                .and_then(|mut s| s.query_row([], |r| r.get(0)))
                .map_err(internal)?;
            let seen = DATA_VERSION.with(|v| v.replace(version));
            if seen == version {
                return Ok(false);
            }
            crate::db::has_changes(conn).map_err(internal)
        })?;
        if !stale {
            return Ok(());
        }
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || me.sync_now())
            .await
            .map_err(internal)?
    }

    fn sync_now(&self) -> Result<(), Failure> {
        let mut slot = self.syncer.lock().map_err(internal)?;
        if slot.is_none() {
            *slot = Some(ladder_store::SqliteStore::open(&self.db_path).map_err(internal)?);
        }
        if let Some(store) = slot.as_ref() {
            if crate::db::has_changes(store.connection()).map_err(internal)? {
                super::sync::sync_from_store(store).map_err(internal)?;
            }
        }
        Ok(())
    }

    /// The axum router (one fallback handler does all routing).
    pub fn router(self: Arc<Self>) -> axum::Router {
        axum::Router::new().fallback(handle).with_state(self)
    }
}

thread_local! {
    static DATA_VERSION: std::cell::Cell<i64> = const { std::cell::Cell::new(-1) };
    static CONNECTION: RefCell<Option<(PathBuf, Connection)>> = const { RefCell::new(None) };
}

/// Run `f` with this thread's connection to the store file (opened on first use).
fn with_conn<T>(
    path: &Path,
    f: impl FnOnce(&Connection) -> Result<T, Failure>,
) -> Result<T, Failure> {
    CONNECTION.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().map(|(p, _)| p.as_path()) != Some(path) {
            let conn = Connection::open(path).map_err(internal)?;
            conn.busy_timeout(std::time::Duration::from_secs(10))
                .map_err(internal)?;
            conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
                .map_err(internal)?;
            conn.set_prepared_statement_cache_capacity(128);
            *slot = Some((path.to_path_buf(), conn));
        }
        match slot.as_ref() {
            Some((_, conn)) => f(conn),
            None => Err(Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "store unavailable",
            )),
        }
    })
}

/// An error response in the making.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    title: String,
    description: Option<String>,
    /// Seconds for `Retry-After` (429 only; default 1).
    retry_after: Option<u64>,
}

impl Failure {
    fn new(status: StatusCode, title: &str) -> Failure {
        Failure {
            status,
            title: title.to_string(),
            description: None,
            retry_after: None,
        }
    }
    fn retry_after(mut self, seconds: u64) -> Failure {
        self.retry_after = Some(seconds);
        self
    }
    fn with(mut self, description: impl Into<String>) -> Failure {
        self.description = Some(description.into());
        self
    }
}

fn internal(err: impl std::fmt::Display) -> Failure {
    // The cause goes to the server's log, never to the client.
    eprintln!("ladder serve: internal error: {err}");
    Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

fn respond(status: StatusCode, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(TAXII_MEDIA_TYPE),
    );
    r
}

fn failure_response(f: Failure) -> Response {
    let retry_after = f.retry_after.unwrap_or(1);
    let mut body = json!({"title": f.title, "http_status": f.status.as_u16().to_string()});
    if let Some(d) = f.description {
        body["description"] = json!(d);
    }
    let mut r = respond(f.status, body.to_string());
    if f.status == StatusCode::UNAUTHORIZED {
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"ladder\", Bearer"),
        );
    }
    if f.status == StatusCode::TOO_MANY_REQUESTS {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    }
    r
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    respond(status, body.to_string())
}

/// The one handler.
async fn handle(State(server): State<Arc<Server>>, request: Request<Body>) -> Response {
    match route(server, request).await {
        Ok(r) => r,
        Err(f) => failure_response(f),
    }
}

/// A route with its checked parts.
#[derive(Debug, PartialEq)]
enum Route {
    Discovery,
    ApiRoot,
    Collections,
    Collection(String),
    Objects(String),
    Object(String, String),
    Versions(String, String),
    Manifest(String),
    Status(String),
}

/// Decode one path segment; `None` for anything that could escape its place (`..`,
/// separators, control characters, bad escapes).
fn segment(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    let bad = text.is_empty()
        || text == "."
        || text == ".."
        || text
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control());
    (!bad).then_some(text)
}

/// Parse a path into a route; `Err` with 404 for anything else.
fn parse_route(path: &str) -> Result<Route, Failure> {
    let not_found =
        || Failure::new(StatusCode::NOT_FOUND, "not found").with("No such TAXII resource.");
    let trimmed = path.strip_prefix('/').ok_or_else(not_found)?;
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let parts: Option<Vec<String>> = trimmed.split('/').map(segment).collect();
    let parts = parts.ok_or_else(not_found)?;
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    let safe = |id: &str| {
        if is_safe_id(id) {
            Ok(id.to_string())
        } else {
            Err(not_found())
        }
    };
    let object = |id: &str| {
        if is_object_id(id) {
            Ok(id.to_string())
        } else {
            Err(not_found())
        }
    };
    Ok(match p.as_slice() {
        [DISCOVERY] => Route::Discovery,
        [API_ROOT] => Route::ApiRoot,
        [API_ROOT, "collections"] => Route::Collections,
        [API_ROOT, "collections", c] => Route::Collection(safe(c)?),
        [API_ROOT, "collections", c, "objects"] => Route::Objects(safe(c)?),
        [API_ROOT, "collections", c, "manifest"] => Route::Manifest(safe(c)?),
        [API_ROOT, "collections", c, "objects", o] => Route::Object(safe(c)?, object(o)?),
        [API_ROOT, "collections", c, "objects", o, "versions"] => {
            Route::Versions(safe(c)?, object(o)?)
        }
        [API_ROOT, "status", s] => Route::Status(safe(s)?),
        _ => return Err(not_found()),
    })
}

/// `type--uuid` with a STIX type name.
fn is_object_id(id: &str) -> bool {
    match id.split_once("--") {
        Some((kind, uuid)) => {
            index::is_stix_type(kind) && uuid::Uuid::parse_str(uuid).is_ok() && uuid.len() == 36
        }
        None => false,
    }
}

/// The user name and password of an HTTP Basic `Authorization` value.
fn basic_credentials(value: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(value).ok()?.trim();
    let (scheme, rest) = text.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let pair = String::from_utf8(decoded).ok()?;
    let (user, password) = pair.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// Whether the Accept header allows the TAXII 2.1 media type.
fn accept_ok(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::ACCEPT) else {
        return true;
    };
    let Ok(text) = value.to_str() else {
        return false;
    };
    text.split(',').any(|item| {
        let mut parts = item.split(';').map(|s| s.trim().to_ascii_lowercase());
        let kind = parts.next().unwrap_or_default();
        let params: Vec<String> = parts.collect();
        let version_ok = params
            .iter()
            .filter_map(|p| {
                p.strip_prefix("version=")
                    .map(|v| v.trim_matches('"').to_string())
            })
            .all(|v| v == "2.1");
        match kind.as_str() {
            "application/taxii+json" => version_ok,
            "*/*" | "application/*" => true,
            _ => false,
        }
    })
}

/// Whether a POST's Content-Type is the TAXII 2.1 media type.
fn content_type_ok(headers: &HeaderMap) -> bool {
    let Some(text) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = text.split(';').map(|s| s.trim().to_ascii_lowercase());
    if parts.next().as_deref() != Some("application/taxii+json") {
        return false;
    }
    parts
        .filter_map(|p| {
            p.strip_prefix("version=")
                .map(|v| v.trim_matches('"').to_string())
        })
        .all(|v| v == "2.1")
}

impl Server {
    /// The partner behind the request's credentials.
    async fn authenticate(
        self: &Arc<Self>,
        headers: &HeaderMap,
        peer: Option<std::net::IpAddr>,
    ) -> Result<usize, Failure> {
        let unauthorized = || {
            Failure::new(StatusCode::UNAUTHORIZED, "authentication required")
                .with("Give HTTP Basic credentials or a token.")
        };
        let value = headers
            .get(header::AUTHORIZATION)
            .ok_or_else(unauthorized)?
            .as_bytes()
            .to_vec();
        let digest = *blake3::hash(&value).as_bytes();
        if let Some(i) = self.verified.lock().map_err(internal)?.get(&digest) {
            return Ok(*i);
        }
        let account = basic_credentials(&value).map(|(user, _)| user);
        let slot = self
            .logins
            .reserve(account.as_deref(), peer)
            .map_err(|locked| {
                Failure::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too many failed authentications",
                )
                .with("Too many failed logins for this account; retry later.")
                .retry_after(locked.retry_after_s)
            })?;
        let found = self.check_in_lane(value, &slot).await?;
        let Some(i) = found else {
            return Err(Failure::new(
                StatusCode::UNAUTHORIZED,
                "invalid credentials",
            ));
        };
        self.logins.succeeded(&slot);
        let mut cache = self.verified.lock().map_err(internal)?;
        if cache.len() > 10_000 {
            cache.clear();
        }
        cache.insert(digest, i);
        Ok(i)
    }

    /// Run the (slow) check off the async threads; checks from a suspect address wait for
    /// the single suspect lane.
    async fn check_in_lane(
        self: &Arc<Self>,
        value: Vec<u8>,
        slot: &Slot,
    ) -> Result<Option<usize>, Failure> {
        let _lane = if slot.suspect {
            Some(self.suspect_lane.acquire().await.map_err(internal)?)
        } else {
            None
        };
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || me.verify(&value))
            .await
            .map_err(internal)
    }

    /// Check an `Authorization` value against the partners' hashes (slow: Argon2id). An
    /// unknown user name costs one Argon2id check too (against a dummy hash).
    fn verify(&self, value: &[u8]) -> Option<usize> {
        let text = std::str::from_utf8(value).ok()?.trim();
        let (scheme, rest) = text.split_once(' ')?;
        let rest = rest.trim();
        match scheme.to_ascii_lowercase().as_str() {
            "basic" => {
                let (user, password) = basic_credentials(value)?;
                let partner = self.config.partners.iter().position(|p| p.name == user);
                let hash = partner.and_then(|i| self.config.partners[i].password_hash.as_deref());
                verify_secret_or_dummy(&password, hash)
                    .then_some(partner)
                    .flatten()
            }
            "bearer" | "token" => self
                .config
                .partners
                .iter()
                .position(|p| p.token_hashes.iter().any(|h| verify_secret(rest, h))),
            _ => None,
        }
    }

    /// Take one token from the partner's bucket.
    fn rate_limit(&self, i: usize, partner: &Partner) -> Result<(), Failure> {
        let burst = partner.burst.unwrap_or(partner.rate_per_second).max(1.0);
        let mut buckets = self.buckets.lock().map_err(internal)?;
        let now = Instant::now();
        let (tokens, last) = buckets.entry(i).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * partner.rate_per_second)
            .min(burst);
        *last = now;
        if *tokens < 1.0 {
            return Err(
                Failure::new(StatusCode::TOO_MANY_REQUESTS, "too many requests")
                    .with("Rate limit exceeded; retry later."),
            );
        }
        *tokens -= 1.0;
        Ok(())
    }

    /// A collection the partner may read or write. One it may do neither with is
    /// answered exactly like one that does not exist, so ids cannot be enumerated.
    fn collection(&self, id: &str, partner: &Partner) -> Result<&CollectionConfig, Failure> {
        self.config
            .collections
            .iter()
            .find(|c| c.id == id && (partner.read.contains(&c.id) || partner.write.contains(&c.id)))
            .ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "collection not found"))
    }

    fn scope(&self, c: &CollectionConfig, partner: &Partner) -> Scope {
        let (source, max_rank, scenario) = match c.kind {
            CollectionKind::Ladder => (String::new(), tlp::rank(c.max_tlp), None),
            CollectionKind::Scenario => (String::new(), tlp::rank(c.max_tlp), c.scenario.clone()),
            CollectionKind::Inbound => (c.id.clone(), tlp::rank(ladder_core::Tlp::Red), None),
        };
        Scope {
            source,
            max_rank,
            scenario,
            clearance_rank: tlp::rank(partner.clearance),
            partner: partner.name.clone(),
        }
    }

    fn collection_resource(&self, c: &CollectionConfig, partner: &Partner) -> Value {
        let mut v = json!({
            "id": c.id,
            "title": c.title,
            "can_read": partner.read.contains(&c.id),
            "can_write": partner.write.contains(&c.id),
            "media_types": [STIX_MEDIA_TYPE],
        });
        if !c.description.is_empty() {
            v["description"] = json!(c.description);
        }
        v
    }
}

/// What a `next` token must match: the collection and partner it was issued for.
struct CursorScope<'a> {
    keys: &'a CursorKey,
    collection: &'a str,
    partner: &'a str,
}

impl CursorScope<'_> {
    fn issue(&self, position: i64) -> String {
        self.keys.issue(position, self.collection, self.partner)
    }
}

/// Parse the query string into filters.
fn filters(query: Option<&str>, cursor: &CursorScope<'_>) -> Result<Filters, Failure> {
    let bad = |m: String| Failure::new(StatusCode::BAD_REQUEST, "bad query parameter").with(m);
    if query.map_or(0, str::len) > MAX_QUERY_BYTES {
        return Err(bad(format!(
            "The query string is longer than {MAX_QUERY_BYTES} bytes."
        )));
    }
    let mut f = Filters {
        limit: DEFAULT_PAGE,
        ..Filters::default()
    };
    let list = |v: &str| {
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    };
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "added_after" => {
                let t = crate::ids::parse_timestamp(&value)
                    .ok_or_else(|| bad("added_after is not a timestamp".into()))?;
                f.added_after = Some(index::added_text(t));
            }
            "limit" => {
                let n: usize = value
                    .parse()
                    .map_err(|_| bad("limit is not a positive number".into()))?;
                if n == 0 {
                    return Err(bad("limit must be at least 1".into()));
                }
                f.limit = n.min(MAX_PAGE);
            }
            "next" => {
                let seq = cursor
                    .keys
                    .read(&value, cursor.collection, cursor.partner)
                    .ok_or_else(|| bad("next is not a token this server issued".into()))?;
                f.after_seq = Some(seq);
            }
            "match[id]" => f.ids.extend(list(&value)),
            "match[type]" => f.types.extend(list(&value)),
            "match[version]" => f.versions.extend(list(&value)),
            "match[spec_version]" => f.spec_versions.extend(list(&value)),
            _ => {}
        }
    }
    let values = f.ids.len() + f.types.len() + f.versions.len() + f.spec_versions.len();
    if values > MAX_FILTER_VALUES {
        return Err(bad(format!(
            "The match filters list {values} values; the most is {MAX_FILTER_VALUES}."
        )));
    }
    f.versions.sort();
    f.versions.dedup();
    Ok(f)
}

/// Set the X-TAXII-Date-Added-First/Last headers.
fn date_headers(r: &mut Response, first: Option<&str>, last: Option<&str>) {
    for (name, value) in [
        ("x-taxii-date-added-first", first),
        ("x-taxii-date-added-last", last),
    ] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
            r.headers_mut().insert(name, v);
        }
    }
}

async fn route(server: Arc<Server>, request: Request<Body>) -> Result<Response, Failure> {
    let (parts, body) = request.into_parts();
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let i = server.authenticate(&parts.headers, peer).await?;
    let partner = server.config.partners[i].clone();
    server.rate_limit(i, &partner)?;
    let route = parse_route(parts.uri.path())?;
    if !accept_ok(&parts.headers) {
        return Err(Failure::new(StatusCode::NOT_ACCEPTABLE, "not acceptable")
            .with(format!("This server speaks {TAXII_MEDIA_TYPE}.")));
    }
    let method = parts.method.clone();
    let not_allowed = || Failure::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    let query = parts.uri.query();
    match route {
        Route::Discovery => {
            if method != Method::GET {
                return Err(not_allowed());
            }
            let root = &server.api_root_url;
            Ok(json_response(
                StatusCode::OK,
                &json!({
                    "title": server.config.title,
                    "description": "Ladder shares coded political events, assessments and partners' reports over TAXII 2.1.",
                    "default": root,
                    "api_roots": [root],
                }),
            ))
        }
        Route::ApiRoot => {
            if method != Method::GET {
                return Err(not_allowed());
            }
            Ok(json_response(
                StatusCode::OK,
                &json!({
                    "title": "Ladder",
                    "description": "Ladder's collections",
                    "versions": [TAXII_MEDIA_TYPE],
                    "max_content_length": server.config.max_content_length,
                }),
            ))
        }
        Route::Collections => {
            if method != Method::GET {
                return Err(not_allowed());
            }
            let list: Vec<Value> = server
                .config
                .collections
                .iter()
                .filter(|c| partner.read.contains(&c.id) || partner.write.contains(&c.id))
                .map(|c| server.collection_resource(c, &partner))
                .collect();
            Ok(json_response(
                StatusCode::OK,
                &json!({ "collections": list }),
            ))
        }
        Route::Collection(id) => {
            if method != Method::GET {
                return Err(not_allowed());
            }
            let c = server.collection(&id, &partner)?;
            Ok(json_response(
                StatusCode::OK,
                &server.collection_resource(c, &partner),
            ))
        }
        Route::Objects(id) if method == Method::POST => {
            let c = server.collection(&id, &partner)?.clone();
            if !partner.write.contains(&c.id) {
                return Err(forbidden().with("This collection is not writable for you."));
            }
            if !content_type_ok(&parts.headers) {
                return Err(Failure::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported media type",
                )
                .with(format!("POST {TAXII_MEDIA_TYPE}.")));
            }
            let body = read_body(&parts.headers, body, server.config.max_content_length).await?;
            post_objects(server, c, partner, body).await
        }
        Route::Objects(id) | Route::Manifest(id) if method == Method::GET => {
            let manifest = parts.uri.path().trim_end_matches('/').ends_with("manifest");
            list_objects(&server, &id, &partner, query, manifest).await
        }
        Route::Object(cid, oid) | Route::Versions(cid, oid) if method == Method::GET => {
            let versions = parts.uri.path().trim_end_matches('/').ends_with("versions");
            get_object(&server, &cid, &oid, &partner, query, versions).await
        }
        Route::Object(cid, oid) if method == Method::DELETE => {
            delete_object(server, cid, oid, partner, query).await
        }
        Route::Status(id) => {
            if method != Method::GET {
                return Err(not_allowed());
            }
            let json: Option<String> = with_conn(&server.db_path, |conn| {
                conn.query_row(
                    "SELECT json FROM taxii_status WHERE id = ?1 AND owner = ?2",
                    [&id, &partner.name],
                    |r| r.get(0),
                )
                .optional()
                .map_err(internal)
            })?;
            let json =
                json.ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "status not found"))?;
            Ok(respond(StatusCode::OK, json))
        }
        _ => Err(not_allowed()),
    }
}

impl Server {
    /// The cursor scope of one collection as one partner sees it.
    fn cursor_scope<'a>(&'a self, collection: &'a str, partner: &'a Partner) -> CursorScope<'a> {
        CursorScope {
            keys: &self.cursors,
            collection,
            partner: &partner.name,
        }
    }
}

/// GET objects or manifest: one page of what the partner sees in the collection.
async fn list_objects(
    server: &Arc<Server>,
    id: &str,
    partner: &Partner,
    query: Option<&str>,
    manifest: bool,
) -> Result<Response, Failure> {
    let c = server.collection(id, partner)?;
    let scope = readable(server, c, partner)?;
    let cursor = server.cursor_scope(&c.id, partner);
    let f = filters(query, &cursor)?;
    if scope.source.is_empty() {
        server.refresh().await?;
    }
    let page = with_conn(&server.db_path, |conn| {
        index::page(conn, &scope, &f).map_err(internal)
    })?;
    Ok(page_response(
        &page,
        if manifest { "manifest" } else { "objects" },
        &cursor,
    ))
}

/// GET one object's versions (or the version list).
async fn get_object(
    server: &Arc<Server>,
    cid: &str,
    oid: &str,
    partner: &Partner,
    query: Option<&str>,
    versions: bool,
) -> Result<Response, Failure> {
    let c = server.collection(cid, partner)?;
    let scope = readable(server, c, partner)?;
    if scope.source.is_empty() {
        server.refresh().await?;
    }
    let cursor = server.cursor_scope(&c.id, partner);
    let mut f = filters(query, &cursor)?;
    f.ids = vec![oid.to_string()];
    if versions {
        f.versions = vec!["all".into()];
        f.types.clear();
    }
    let page = with_conn(&server.db_path, |conn| {
        if !index::exists(conn, &scope, oid).map_err(internal)? {
            return Ok(None);
        }
        index::page(conn, &scope, &f).map(Some).map_err(internal)
    })?;
    let page = page.ok_or_else(|| Failure::new(StatusCode::NOT_FOUND, "object not found"))?;
    Ok(page_response(
        &page,
        if versions { "versions" } else { "objects" },
        &cursor,
    ))
}

/// What a DELETE found.
enum Deleted {
    Gone,
    NotFound,
    NotYours,
}

/// DELETE an object (the versions the filters select): only its owner or an admin may.
async fn delete_object(
    server: Arc<Server>,
    cid: String,
    oid: String,
    partner: Partner,
    query: Option<&str>,
) -> Result<Response, Failure> {
    let c = server.collection(&cid, &partner)?.clone();
    let scope = readable(&server, &c, &partner)?;
    if !partner.write.contains(&c.id) {
        return Err(forbidden().with("This collection is not writable for you."));
    }
    let mut f = filters(query, &server.cursor_scope(&c.id, &partner))?;
    f.ids = vec![oid.clone()];
    f.limit = usize::MAX / 2;
    if f.versions.is_empty() {
        f.versions = vec!["all".into()];
    }
    let path = server.db_path.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        with_conn(&path, |conn| {
            let tx = crate::db::write_transaction(conn).map_err(internal)?;
            if !index::exists(&tx, &scope, &oid).map_err(internal)? {
                return Ok(Deleted::NotFound);
            }
            if !partner.admin
                && index::owned_by_other(&tx, &scope.source, &oid, &partner.name)
                    .map_err(internal)?
            {
                return Ok(Deleted::NotYours);
            }
            index::delete(&tx, &scope, &f).map_err(internal)?;
            tx.commit().map_err(internal)?;
            Ok(Deleted::Gone)
        })
    })
    .await
    .map_err(internal)??;
    match outcome {
        Deleted::Gone => Ok(respond(StatusCode::OK, String::new())),
        Deleted::NotFound => Err(Failure::new(StatusCode::NOT_FOUND, "object not found")),
        Deleted::NotYours => {
            Err(forbidden().with("Only the partner who posted an object may delete it."))
        }
    }
}

fn forbidden() -> Failure {
    Failure::new(StatusCode::FORBIDDEN, "forbidden")
}

/// The scope of a collection the partner may read.
fn readable(server: &Server, c: &CollectionConfig, partner: &Partner) -> Result<Scope, Failure> {
    if !partner.read.contains(&c.id) {
        return Err(forbidden().with("This collection is not readable for you."));
    }
    Ok(server.scope(c, partner))
}

/// An envelope, manifest or versions page, built from stored JSON text without parsing it.
fn page_response(page: &index::Page, kind: &str, cursor: &CursorScope<'_>) -> Response {
    let mut body =
        String::with_capacity(page.rows.iter().map(|r| r.json.len() + 2).sum::<usize>() + 64);
    body.push_str(&format!("{{\"more\":{}", page.more));
    if page.more {
        if let Some(last) = page.rows.last() {
            body.push_str(&format!(",\"next\":\"{}\"", cursor.issue(last.seq)));
        }
    }
    let items: Vec<String> = match kind {
        "objects" => page.rows.iter().map(|r| r.json.clone()).collect(),
        "manifest" => page
            .rows
            .iter()
            .map(|r| json!({"id": r.stix_id, "date_added": r.date_added, "version": r.version, "media_type": format!("application/stix+json;version={}", r.spec_version)}).to_string())
            .collect(),
        _ => page.rows.iter().map(|r| json!(r.version).to_string()).collect(),
    };
    if !items.is_empty() {
        let key = if kind == "versions" {
            "versions"
        } else {
            "objects"
        };
        body.push_str(&format!(",\"{key}\":[{}]", items.join(",")));
    }
    body.push('}');
    let mut r = respond(StatusCode::OK, body);
    date_headers(
        &mut r,
        page.rows.first().map(|x| x.date_added.as_str()),
        page.rows.last().map(|x| x.date_added.as_str()),
    );
    r
}

/// Read a request body of at most `max` bytes (413 beyond, without reading on).
async fn read_body(headers: &HeaderMap, body: Body, max: usize) -> Result<Bytes, Failure> {
    let too_large = || {
        Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "request body too large")
            .with(format!("The limit is {max} bytes."))
    };
    if let Some(len) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > max as u64 {
            return Err(too_large());
        }
    }
    let limited = http_body_util::Limited::new(body, max);
    match limited.collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e)
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            Err(too_large())
        }
        Err(_) => Err(Failure::new(
            StatusCode::BAD_REQUEST,
            "unreadable request body",
        )),
    }
}

/// Add a posted envelope to an inbound collection and answer 202 with its status.
async fn post_objects(
    server: Arc<Server>,
    c: CollectionConfig,
    partner: Partner,
    body: Bytes,
) -> Result<Response, Failure> {
    let envelope: Value = serde_json::from_slice(&body).map_err(|e| {
        Failure::new(StatusCode::BAD_REQUEST, "malformed JSON")
            .with(format!("The body is not JSON ({}).", e.classify_label()))
    })?;
    let objects = envelope
        .get("objects")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| {
            Failure::new(StatusCode::BAD_REQUEST, "not an envelope")
                .with("POST a TAXII envelope with an `objects` list.")
        })?;
    let request_time = index::added_text(chrono::Utc::now());
    let path = server.db_path.clone();
    let status = tokio::task::spawn_blocking(move || {
        with_conn(&path, |conn| {
            let tx = crate::db::write_transaction(conn).map_err(internal)?;
            let poster = index::Poster {
                name: &partner.name,
                identity: partner.identity.as_deref(),
                admin: partner.admin,
            };
            let (added, outcomes) =
                index::add(&tx, &c.id, &poster, c.unmarked_tlp, &objects).map_err(internal)?;
            let id = new_status_id(&added, &partner.name);
            let status = status_resource(&id, &request_time, outcomes);
            tx.execute(
                "INSERT INTO taxii_status (id, owner, json) VALUES (?1, ?2, ?3)",
                [&id, &partner.name, &status.to_string()],
            )
            .map_err(internal)?;
            tx.commit().map_err(internal)?;
            Ok(status)
        })
    })
    .await
    .map_err(internal)??;
    Ok(json_response(StatusCode::ACCEPTED, &status))
}

/// The status resource of a finished POST.
fn status_resource(id: &str, request_time: &str, outcomes: Vec<index::AddOutcome>) -> Value {
    let mut successes = Vec::new();
    let mut failures = Vec::new();
    for o in outcomes {
        match o.error {
            None => successes.push(json!({"id": o.id, "version": o.version})),
            Some(e) => failures.push(json!({"id": o.id, "message": e})),
        }
    }
    json!({
        "id": id,
        "status": "complete",
        "request_timestamp": request_time,
        "total_count": successes.len() + failures.len(),
        "success_count": successes.len(),
        "successes": successes,
        "failure_count": failures.len(),
        "failures": failures,
        "pending_count": 0,
        "pendings": [],
    })
}

trait ClassifyLabel {
    fn classify_label(&self) -> &'static str;
}

impl ClassifyLabel for serde_json::Error {
    fn classify_label(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Eof => "it ends too early",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Io => "read error",
        }
    }
}

/// A fresh status id (a UUID from the time, the partner and a process counter).
fn new_status_id(added: &str, partner: &str) -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let seed = format!(
        "{added}|{partner}|{n}|{}|{:?}",
        std::process::id(),
        Instant::now()
    );
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&blake3::hash(seed.as_bytes()).as_bytes()[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// Serve until Ctrl-C (plain HTTP, or TLS when `tls` is given).
pub async fn serve(
    server: Arc<Server>,
    listener: tokio::net::TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> std::io::Result<()> {
    serve_app(server.router(), listener, tls).await
}

/// Serve any router (the TAXII server with more routes in front of it, say) until Ctrl-C,
/// with the peer's address available to handlers as `ConnectInfo<SocketAddr>`.
pub async fn serve_app(
    app: axum::Router,
    listener: tokio::net::TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> std::io::Result<()> {
    match tls {
        None => {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
        }
        Some(acceptor) => loop {
            let (tcp, peer) = tokio::select! {
                accepted = listener.accept() => accepted?,
                _ = tokio::signal::ctrl_c() => return Ok(()),
            };
            let acceptor = acceptor.clone();
            let app = app
                .clone()
                .layer(axum::Extension(axum::extract::ConnectInfo(peer)));
            tokio::spawn(async move {
                let Ok(stream) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper_util::service::TowerToHyperService::new(app);
                let _ = hyper_util::server::conn::auto::Builder::new(
                    hyper_util::rt::TokioExecutor::new(),
                )
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            });
        },
    }
}

/// A TLS acceptor from PEM certificate chain and private key files.
pub fn tls_acceptor(cert: &Path, key: &Path) -> Result<tokio_rustls::TlsAcceptor, String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("{}: {e}", cert.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", cert.display()))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| e.to_string())?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// Everything `ladder serve` needs.
pub struct ServeOptions {
    pub listen: std::net::SocketAddr,
    pub db_path: PathBuf,
    pub partners: PartnersFile,
    /// PEM certificate chain and key: serve HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Runtime worker threads (0 = one per core).
    pub workers: usize,
    /// Follow the store while serving (sync changed reports before answering).
    pub live: bool,
}

/// Bind, call `ready` with the bound address, and serve until Ctrl-C.
pub fn run_blocking(
    options: ServeOptions,
    ready: impl FnOnce(std::net::SocketAddr, &str),
) -> crate::Result<()> {
    run_blocking_with(options, ready, |_scheme, taxii| Ok(taxii))
}

/// [`run_blocking`], with `wrap` given the scheme and the TAXII router to put more routes
/// in front of it (the web workspace).
pub fn run_blocking_with(
    options: ServeOptions,
    ready: impl FnOnce(std::net::SocketAddr, &str),
    wrap: impl FnOnce(&'static str, axum::Router) -> crate::Result<axum::Router>,
) -> crate::Result<()> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.enable_all();
    if options.workers > 0 {
        builder.worker_threads(options.workers);
    }
    let runtime = builder.build()?;
    runtime.block_on(async move {
        let tls = match &options.tls {
            Some((cert, key)) => {
                Some(tls_acceptor(cert, key).map_err(crate::ShareError::Partners)?)
            }
            None => None,
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let listener = tokio::net::TcpListener::bind(options.listen).await?;
        let addr = listener.local_addr()?;
        ready(addr, scheme);
        let mut server = Server::new(options.partners, options.db_path, scheme, addr);
        server.live = options.live;
        let app = wrap(scheme, Arc::new(server).router())?;
        serve_app(app, listener, tls).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_parse_and_tricks_are_refused() {
        let c = "a3c1e5f7-2b4d-4e6f-8a0c-1e3f5a7c9b20";
        let o = "note--6e2d1f0a-8c3b-4d5e-9f10-2a3b4c5d6e7f";
        assert_eq!(parse_route("/taxii2/").unwrap(), Route::Discovery);
        assert_eq!(
            parse_route(&format!("/ladder/collections/{c}/objects/{o}/")).unwrap(),
            Route::Object(c.into(), o.into())
        );
        assert_eq!(
            parse_route(&format!("/ladder/collections/{c}/objects/{o}/versions/")).unwrap(),
            Route::Versions(c.into(), o.into())
        );
        for bad in [
            "/ladder/collections/../status/x/",
            "/ladder/collections/%2e%2e/objects/",
            "/ladder/collections/a%2Fb/objects/",
            &format!("/ladder/collections/{c}/objects/..%2F..%2Fetc%2Fpasswd/"),
            &format!("/ladder/collections/{c}/objects/note--..%5C..%5Cx/"),
            "/ladder/collections/x%00/",
            "/ladder/collections/x%zz/",
            "//ladder/",
            "/other/",
        ] {
            assert_eq!(
                parse_route(bad).unwrap_err().status,
                StatusCode::NOT_FOUND,
                "{bad}"
            );
        }
    }

    #[test]
    fn accept_and_content_type() {
        let h = |name: header::HeaderName, v: &str| {
            let mut m = HeaderMap::new();
            m.insert(name, HeaderValue::from_str(v).unwrap());
            m
        };
        assert!(accept_ok(&HeaderMap::new()));
        assert!(accept_ok(&h(
            header::ACCEPT,
            "application/taxii+json;version=2.1"
        )));
        assert!(accept_ok(&h(header::ACCEPT, "application/taxii+json")));
        assert!(!accept_ok(&h(header::ACCEPT, "application/json")));
        assert!(!accept_ok(&h(
            header::ACCEPT,
            "application/taxii+json;version=2.0"
        )));
        assert!(content_type_ok(&h(
            header::CONTENT_TYPE,
            "application/taxii+json;version=2.1"
        )));
        assert!(!content_type_ok(&h(
            header::CONTENT_TYPE,
            "application/stix+json;version=2.1"
        )));
        assert!(!content_type_ok(&h(
            header::CONTENT_TYPE,
            "application/json"
        )));
    }
}
