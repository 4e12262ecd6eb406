//! A TAXII server on loopback for tests (the real server, in this process, on its own
//! runtime) and a small HTTP/1.1 client over plain TCP that can pick its source address.

use ladder_share::partners::{hash_secret, PartnersFile};
use ladder_share::taxii::server::Server;
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

pub const TAXII: &str = "application/taxii+json;version=2.1";

/// A served store; the server lives until the test process ends.
pub struct Served {
    pub addr: SocketAddr,
}

/// Serve `db` (migrated first) with `partners` (TOML text) on 127.0.0.1, port chosen by
/// the system.
pub fn serve(db: &Path, partners: &str) -> Served {
    let store = ladder_store::SqliteStore::open(db).unwrap();
    ladder_share::db::migrate(store.connection()).unwrap();
    ladder_share::taxii::sync::sync_from_store(&store).unwrap();
    drop(store);
    let config = PartnersFile::parse(partners).unwrap();
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let addr = std_listener.local_addr().unwrap();
    let server = Arc::new(Server::new(config, db.to_path_buf(), "http", addr));
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            let _ = ladder_share::taxii::server::serve(server, listener, None).await;
        });
    });
    Served { addr }
}

/// Argon2id hashes, made once per secret per test process.
pub fn hash(secret: &str) -> String {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static CACHE: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap();
    cache
        .get_or_insert_with(HashMap::new)
        .entry(secret.to_string())
        .or_insert_with(|| hash_secret(secret).unwrap())
        .clone()
}

/// `Authorization: Basic …`.
pub fn basic(user: &str, password: &str) -> (String, String) {
    use base64::Engine;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    ("Authorization".into(), format!("Basic {token}"))
}

/// An HTTP reply.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.head.lines().find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with(&prefix)
                .then(|| l[prefix.len()..].trim().to_string())
        })
    }
}

/// One request on a fresh connection (`Connection: close`).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Reply {
    let stream = std::net::TcpStream::connect(addr).unwrap();
    exchange(stream, addr, method, path, headers, body)
}

/// One request from a chosen loopback source address (e.g. 127.0.0.2).
pub fn request_from(
    source: IpAddr,
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(String, String)],
) -> Reply {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::new(source, 0)).unwrap();
        socket.connect(addr).await.unwrap().into_std().unwrap()
    });
    stream.set_nonblocking(false).unwrap();
    exchange(stream, addr, method, path, headers, &[])
}

fn exchange(
    mut stream: std::net::TcpStream,
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Reply {
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    let has_host = headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host"));
    if has_host {
        req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut raw_request = req.into_bytes();
    raw_request.extend_from_slice(body);
    let _ = stream.write_all(&raw_request);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A one-note envelope.
pub fn note_envelope(id: &str, modified: &str, content: &str, markings: &str) -> String {
    format!(
        r#"{{"objects":[{{"type":"note","spec_version":"2.1","id":"{id}","created":"2024-11-01T00:00:00.000Z","modified":"{modified}","content":"{content}","object_refs":["identity--0f1e2d3c-4b5a-4968-8776-655443322111"]{markings}}}]}}"#
    )
}

/// A fresh random UUIDv4 text (from a counter and the clock, hashed).
pub fn uuid4() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let seed = format!(
        "{}|{:?}|{}",
        N.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now(),
        std::process::id()
    );
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&blake3::hash(seed.as_bytes()).as_bytes()[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// Every object of a collection, following `next` (limit 1000 a page).
pub fn walk(addr: SocketAddr, collection: &str, auth: &(String, String)) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    for _ in 0..10_000 {
        let q = match &next {
            Some(n) => format!("?limit=1000&next={n}"),
            None => "?limit=1000".to_string(),
        };
        let r = request(
            addr,
            "GET",
            &format!("/ladder/collections/{collection}/objects/{q}"),
            std::slice::from_ref(auth),
            &[],
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let env = r.json();
        out.extend(env["objects"].as_array().cloned().unwrap_or_default());
        if env["more"] != true {
            break;
        }
        next = env["next"].as_str().map(str::to_string);
    }
    out
}
