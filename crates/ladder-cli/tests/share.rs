//! Sharing through the `ladder` binary: STIX export/import round trip, and the TAXII
//! server's access rules and refusals over real HTTP (unauthenticated, wrong credentials,
//! another partner's collection, above-clearance TLP, RED only to its owner, writes to a
//! read-only collection, malformed JSON, oversized bodies, path tricks). Every refusal
//! must carry the TAXII media type and error envelope, and leak nothing.

use assert_cmd::cargo::CommandCargoExt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const TAXII: &str = "application/taxii+json;version=2.1";
const INBOUND_NATO: &str = "a3c1e5f7-2b4d-4e6f-8a0c-1e3f5a7c9b20";
const INBOUND_JP: &str = "b4d2f6a8-3c5e-4f70-9b1d-2f4a6b8d0c31";
const GREEN_VIEW: &str = "6f0b8a52-3d1e-4c55-9a1b-0c2d4e6f8a10";
const ALL_VIEW: &str = "7a1c9b63-4e2f-4d66-8b2c-1d3e5f7a9b21";

/// One refusal case: name, method, path, headers, body, expected status.
type RefusalCase<'a> = (
    &'a str,
    &'a str,
    String,
    Vec<(&'a str, String)>,
    Vec<u8>,
    u16,
);
fn ladder() -> Command {
    Command::cargo_bin("ladder").unwrap()
}

fn sample_bundle() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ladder-share/tests/data/sample-bundle.json")
}

fn hash(secret: &str) -> String {
    let mut child = ladder()
        .args(["serve", "--hash-secret"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(secret.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

struct Served {
    child: Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn partners_file() -> String {
    format!(
        r#"
max_content_length = 65536
max_auth_failures = 10
auth_failure_window_s = 60
[[collections]]
id = "{INBOUND_NATO}"
title = "Inbound from NATO"
kind = "inbound"
[[collections]]
id = "{INBOUND_JP}"
title = "Inbound from Japan"
kind = "inbound"
[[collections]]
id = "{GREEN_VIEW}"
title = "Ladder at GREEN"
kind = "ladder"
max_tlp = "green"
[[collections]]
id = "{ALL_VIEW}"
title = "Ladder, all levels"
kind = "ladder"
max_tlp = "red"
[[partners]]
name = "nato"
password_hash = "{}"
token_hashes = ["{}"]
clearance = "amber"
read = ["{INBOUND_NATO}", "{GREEN_VIEW}", "{ALL_VIEW}"]
write = ["{INBOUND_NATO}"]
[[partners]]
name = "jp"
password_hash = "{}"
clearance = "red"
read = ["{INBOUND_JP}", "{INBOUND_NATO}"]
write = ["{INBOUND_JP}"]
[[partners]]
name = "public"
password_hash = "{}"
clearance = "green"
read = ["{ALL_VIEW}"]
rate_per_second = 1
burst = 3
"#,
        hash("nato-pw"),
        hash("nato-token"),
        hash("jp-pw"),
        hash("public-pw")
    )
}

fn serve(dir: &Path) -> Served {
    let db = dir.join("serve.db");
    let status = ladder()
        .arg("--db")
        .arg(&db)
        .args(["-q", "import", "stix"])
        .arg(sample_bundle())
        .status()
        .unwrap();
    assert!(status.success());
    let partners = dir.join("partners.toml");
    std::fs::write(&partners, partners_file()).unwrap();
    let mut child = ladder()
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "127.0.0.1:0", "--partners"])
        .arg(&partners)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("server said nothing").unwrap();
        if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Served { child, port }
}

struct Reply {
    status: u16,
    content_type: String,
    head: String,
    body: String,
}

fn basic(user: &str, password: &str) -> String {
    use std::fmt::Write as _;
    let raw = format!("{user}:{password}");
    // Small base64 encoder (no extra test dependency).
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::from("Basic ");
    for chunk in raw.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.write_char(A[(n >> (18 - 6 * i) & 63) as usize] as char)
                    .unwrap();
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn request(port: u16, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    Reply {
        status,
        content_type,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn objects_of(reply: &Reply) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    v["objects"].as_array().cloned().unwrap_or_default()
}

#[test]
fn taxii_refusals_carry_the_envelope_and_leak_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let port = server.port;
    let nato = || vec![("Authorization", basic("nato", "nato-pw"))];
    let post = |auth: Vec<(&'static str, String)>| {
        let mut h = auth;
        h.push(("Content-Type", TAXII.to_string()));
        h
    };
    let note = r#"{"objects":[{"type":"note","spec_version":"2.1","id":"note--0f1e2d3c-4b5a-4968-8776-655443322110","created":"2024-11-01T00:00:00.000Z","modified":"2024-11-01T00:00:00.000Z","content":"x","object_refs":["identity--0f1e2d3c-4b5a-4968-8776-655443322111"]}]}"#;
    let big = vec![b'x'; 70_000];
    let objects = |c: &str| format!("/ladder/collections/{c}/objects/");
    let cases: Vec<RefusalCase> = vec![
        (
            "no credentials",
            "GET",
            "/ladder/collections/".into(),
            vec![],
            vec![],
            401,
        ),
        (
            "wrong password",
            "GET",
            "/ladder/collections/".into(),
            vec![("Authorization", basic("nato", "guess"))],
            vec![],
            401,
        ),
        (
            "unknown user",
            "GET",
            "/ladder/collections/".into(),
            vec![("Authorization", basic("mallory", "nato-pw"))],
            vec![],
            401,
        ),
        (
            "wrong token",
            "GET",
            "/ladder/collections/".into(),
            vec![("Authorization", "Bearer nope".into())],
            vec![],
            401,
        ),
        (
            // A collection without rights looks like one that does not exist.
            "other partner's collection",
            "GET",
            objects(INBOUND_JP),
            nato(),
            vec![],
            404,
        ),
        (
            "other partner's manifest",
            "GET",
            format!("/ladder/collections/{INBOUND_JP}/manifest/"),
            nato(),
            vec![],
            404,
        ),
        (
            "write to a read-only view",
            "POST",
            objects(GREEN_VIEW),
            post(nato()),
            note.as_bytes().to_vec(),
            403,
        ),
        (
            "write to another's inbound",
            "POST",
            objects(INBOUND_JP),
            post(nato()),
            note.as_bytes().to_vec(),
            404,
        ),
        (
            "malformed JSON",
            "POST",
            objects(INBOUND_NATO),
            post(nato()),
            b"{\"objects\": [".to_vec(),
            400,
        ),
        (
            "not an envelope",
            "POST",
            objects(INBOUND_NATO),
            post(nato()),
            b"[1,2]".to_vec(),
            400,
        ),
        (
            "oversized body",
            "POST",
            objects(INBOUND_NATO),
            post(nato()),
            big,
            413,
        ),
        (
            "wrong content type",
            "POST",
            objects(INBOUND_NATO),
            vec![
                ("Authorization", basic("nato", "nato-pw")),
                ("Content-Type", "application/json".into()),
            ],
            note.as_bytes().to_vec(),
            415,
        ),
        (
            "wrong accept",
            "GET",
            objects(INBOUND_NATO),
            vec![
                ("Authorization", basic("nato", "nato-pw")),
                ("Accept", "application/json".into()),
            ],
            vec![],
            406,
        ),
        (
            "dot-dot segment",
            "GET",
            "/ladder/collections/../status/x/".into(),
            nato(),
            vec![],
            404,
        ),
        (
            "encoded traversal",
            "GET",
            format!("/ladder/collections/{INBOUND_NATO}/objects/..%2F..%2F..%2Fetc%2Fpasswd/"),
            nato(),
            vec![],
            404,
        ),
        (
            "backslash id",
            "GET",
            format!("/ladder/collections/{INBOUND_NATO}/objects/note--..%5C..%5Cx/"),
            nato(),
            vec![],
            404,
        ),
        (
            "NUL in id",
            "GET",
            "/ladder/collections/a%00b/".into(),
            nato(),
            vec![],
            404,
        ),
        (
            "bad next token",
            "GET",
            format!("{}?next=abc", objects(INBOUND_NATO)),
            nato(),
            vec![],
            400,
        ),
        (
            "unknown collection",
            "GET",
            objects("00000000-0000-4000-8000-000000000000"),
            nato(),
            vec![],
            404,
        ),
        (
            "unknown status",
            "GET",
            "/ladder/status/00000000-0000-4000-8000-000000000000/".into(),
            nato(),
            vec![],
            404,
        ),
        (
            "wrong method",
            "PUT",
            objects(INBOUND_NATO),
            nato(),
            vec![],
            405,
        ),
    ];
    for (name, method, path, headers, body, want) in cases {
        let r = request(port, method, &path, &headers, &body);
        assert_eq!(r.status, want, "{name}: {} {}", r.head, r.body);
        assert_eq!(r.content_type, TAXII, "{name}: media type");
        let v: serde_json::Value = serde_json::from_str(&r.body)
            .unwrap_or_else(|e| panic!("{name}: body not JSON ({e}): {}", r.body));
        assert!(v["title"].is_string(), "{name}: no title");
        for secret in [
            "nato-pw",
            "argon2",
            "political-event--",
            "report--",
            "serve.db",
            "/tmp",
        ] {
            assert!(
                !r.body.contains(secret),
                "{name}: body leaks {secret}: {}",
                r.body
            );
        }
        if want == 401 {
            assert!(
                r.head.to_ascii_lowercase().contains("www-authenticate"),
                "{name}: no WWW-Authenticate"
            );
        }
    }
}

#[test]
fn clearance_and_red_handling() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let port = server.port;
    let nato = vec![("Authorization", basic("nato", "nato-pw"))];
    let public = vec![("Authorization", basic("public", "public-pw"))];
    let jp = vec![("Authorization", basic("jp", "jp-pw"))];

    // The all-levels view: NATO (AMBER) sees the AMBER event, the GREEN-cleared partner does not.
    let all = format!("/ladder/collections/{ALL_VIEW}/objects/?match[type]=political-event");
    let seen_by_nato = objects_of(&request(port, "GET", &all, &nato, &[]));
    let seen_by_public = objects_of(&request(port, "GET", &all, &public, &[]));
    assert_eq!(seen_by_nato.len(), 3, "NATO sees every event up to AMBER");
    assert_eq!(
        seen_by_public.len(),
        1,
        "GREEN clearance sees only the GREEN event"
    );
    let amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    assert!(seen_by_public
        .iter()
        .all(|o| !o.to_string().contains(amber)));
    // And the GREEN view never shows AMBER, whatever the partner's clearance.
    let green = objects_of(&request(
        port,
        "GET",
        &format!("/ladder/collections/{GREEN_VIEW}/objects/?limit=1000"),
        &nato,
        &[],
    ));
    assert!(!green.is_empty());
    assert!(
        green.iter().all(|o| !o.to_string().contains(amber)),
        "AMBER object in the GREEN view"
    );

    // NATO posts a TLP:RED note; it reads it back, JP (cleared RED, may read the
    // collection) does not: RED goes to its owner only.
    let red = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
    let note = format!(
        r#"{{"objects":[{{"type":"note","spec_version":"2.1","id":"note--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","created":"2024-11-01T00:00:00.000Z","modified":"2024-11-01T00:00:00.000Z","content":"eyes only","object_refs":["identity--0f1e2d3c-4b5a-4968-8776-655443322111"],"object_marking_refs":["{red}"]}}]}}"#
    );
    let mut h = nato.clone();
    h.push(("Content-Type", TAXII.to_string()));
    let posted = request(
        port,
        "POST",
        &format!("/ladder/collections/{INBOUND_NATO}/objects/"),
        &h,
        note.as_bytes(),
    );
    assert_eq!(posted.status, 202, "{}", posted.body);
    let url = format!(
        "/ladder/collections/{INBOUND_NATO}/objects/note--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/"
    );
    assert_eq!(request(port, "GET", &url, &nato, &[]).status, 200);
    let by_jp = request(port, "GET", &url, &jp, &[]);
    assert_eq!(
        by_jp.status, 404,
        "RED served to a non-owner: {}",
        by_jp.body
    );
    assert!(!by_jp.body.contains("eyes only"));
    let listing = request(
        port,
        "GET",
        &format!("/ladder/collections/{INBOUND_NATO}/objects/"),
        &jp,
        &[],
    );
    assert!(!listing.body.contains("eyes only"));

    // The status resource belongs to its poster.
    let status: serde_json::Value = serde_json::from_str(&posted.body).unwrap();
    let status_url = format!("/ladder/status/{}/", status["id"].as_str().unwrap());
    assert_eq!(request(port, "GET", &status_url, &nato, &[]).status, 200);
    assert_eq!(request(port, "GET", &status_url, &jp, &[]).status, 404);
}

#[test]
fn rate_limit_answers_429() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let public = vec![("Authorization", basic("public", "public-pw"))];
    let statuses: Vec<u16> = (0..8)
        .map(|_| request(server.port, "GET", "/ladder/collections/", &public, &[]).status)
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
    let r = request(server.port, "GET", "/ladder/collections/", &public, &[]);
    if r.status == 429 {
        assert_eq!(r.content_type, TAXII);
        assert!(r.head.to_ascii_lowercase().contains("retry-after"));
    }
}

#[test]
fn stix_export_import_round_trip_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let out = dir.path().join("out.json");
    assert!(ladder()
        .arg("--db")
        .arg(&db)
        .args(["-q", "import", "stix"])
        .arg(sample_bundle())
        .status()
        .unwrap()
        .success());
    assert!(ladder()
        .arg("--db")
        .arg(&db)
        .args(["-q", "export", "stix", "-o"])
        .arg(&out)
        .status()
        .unwrap()
        .success());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(sample_bundle()).unwrap()
    );
    let again = ladder()
        .arg("--db")
        .arg(&db)
        .args(["--json", "import", "stix"])
        .arg(&out)
        .output()
        .unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(summary["reports_new"], 0);
    assert_eq!(summary["event_groups_written"], 0);
    assert_eq!(summary["assessments_written"], 0);
}

#[test]
fn collections_follow_the_store_without_restart() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let db = dir.path().join("serve.db");
    let nato = vec![("Authorization", basic("nato", "nato-pw"))];
    let path =
        format!("/ladder/collections/{ALL_VIEW}/objects/?match[type]=political-event&limit=1000");
    let before = objects_of(&request(server.port, "GET", &path, &nato, &[]));
    let text = dir.path().join("new.txt");
    std::fs::write(
        &text,
        "SEOUL, March 3 (Yonhap) -- North Korea fired two ballistic missiles into the East Sea on Tuesday, the South Korean military said.\n",
    )
    .unwrap();
    for args in [vec!["ingest", text.to_str().unwrap()], vec!["code"]] {
        let status = ladder()
            .arg("--db")
            .arg(&db)
            .arg("-q")
            .args(&args)
            .status()
            .unwrap();
        assert!(status.success(), "{args:?}");
    }
    let after = objects_of(&request(server.port, "GET", &path, &nato, &[]));
    let new: Vec<_> = after
        .iter()
        .filter(|o| !before.iter().any(|b| b["id"] == o["id"]))
        .collect();
    assert!(
        !new.is_empty(),
        "the newly coded event is served without a restart"
    );
    assert!(new.iter().any(|o| o["description"]
        .as_str()
        .unwrap_or("")
        .contains("ballistic missiles")));
    // Paging stays monotone: the new objects come after the old ones.
    let manifest = format!("/ladder/collections/{ALL_VIEW}/manifest/?limit=1000");
    let entries: serde_json::Value =
        serde_json::from_str(&request(server.port, "GET", &manifest, &nato, &[]).body).unwrap();
    let added: Vec<&str> = entries["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date_added"].as_str().unwrap())
        .collect();
    let mut sorted = added.clone();
    sorted.sort();
    assert_eq!(added, sorted, "date_added never decreases along the pages");
}

#[test]
fn failed_authentications_are_limited_per_account() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path());
    let wrong = vec![("Authorization", basic("nato", "guess"))];
    let statuses: Vec<u16> = (0..12)
        .map(|_| request(server.port, "GET", "/ladder/collections/", &wrong, &[]).status)
        .collect();
    assert_eq!(&statuses[..10], &[401; 10], "{statuses:?}");
    assert_eq!(&statuses[10..], &[429; 2], "{statuses:?}");
    // The account is locked even with the right password, until the window passes (no
    // Argon2 work).
    let right = vec![("Authorization", basic("nato", "nato-pw"))];
    let r = request(server.port, "GET", "/ladder/collections/", &right, &[]);
    assert_eq!(r.status, 429);
    assert_eq!(r.content_type, TAXII);
    let retry: u64 = r
        .head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("retry-after: ")
                .map(str::to_string)
        })
        .and_then(|v| v.trim().parse().ok())
        .expect("Retry-After");
    assert!((1..=61).contains(&retry), "{retry}");
    let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(body["http_status"], "429");
    // Another partner logging in from the same address is not refused.
    let jp = vec![("Authorization", basic("jp", "jp-pw"))];
    assert_eq!(
        request(server.port, "GET", "/ladder/collections/", &jp, &[]).status,
        200
    );
}

#[test]
fn tls_serves_discovery_to_a_client_that_trusts_the_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tls.db");
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap();
    let cert_pem = certified.cert.pem();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, &cert_pem).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let partners = dir.path().join("partners.toml");
    std::fs::write(&partners, partners_file()).unwrap();
    let mut child = ladder()
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "127.0.0.1:0", "--partners"])
        .arg(&partners)
        .arg("--tls-cert")
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().expect("server said nothing").unwrap();
        if let Some(rest) = line.split("listening on https://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let served = Served { child, port };
    let root = format!("https://127.0.0.1:{}/ladder/", served.port);
    let discovery = format!("https://127.0.0.1:{}/taxii2/", served.port);
    let credentials = ladder_share::client::Credentials::Basic {
        user: "nato".into(),
        password: "nato-pw".into(),
    };
    let trusting =
        ladder_share::client::Client::with_ca(&root, credentials.clone(), cert_pem.as_bytes())
            .unwrap();
    let (status, body) = trusting.fetch(&discovery).unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["api_roots"][0], root.as_str());
    // A client that trusts only the system's roots refuses the self-signed certificate.
    let default = ladder_share::client::Client::new(&root, credentials);
    assert!(default.fetch(&discovery).is_err());
    // Plain HTTP on the TLS port gets no TAXII answer.
    let plain = request(
        served.port,
        "GET",
        "/taxii2/",
        &[("Authorization", basic("nato", "nato-pw"))],
        &[],
    );
    assert_ne!(plain.status, 200);
}
