//! The TAXII server under load and against hostile partners, over real HTTP on loopback:
//! concurrent writers, collection limits, markings it cannot classify, other partners'
//! objects, password guessing (counted, per account, by timing), over-long filters,
//! cursors, collection enumeration and the discovery URL.

mod common;

use common::http::*;
use common::sample_store;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

const INBOUND: &str = "a3c1e5f7-2b4d-4e6f-8a0c-1e3f5a7c9b20";
const SECRET_INBOUND: &str = "b4d2f6a8-3c5e-4f70-9b1d-2f4a6b8d0c31";
const SCENARIO_GREEN: &str = "0d7e2c41-9b3a-4f6e-8d12-5a6b7c8d9e01";
const RED: &str = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
const GREEN: &str = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
const AMBER: &str = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
const NATO_ID: &str = "identity--5d6e7f80-91a2-4b3c-8d4e-5f6071829304";

fn partners(max_failures: u32) -> String {
    format!(
        r#"
public_url = "https://taxii.example.org"
max_auth_failures = {max_failures}
auth_failure_window_s = 60
[[collections]]
id = "{INBOUND}"
title = "Inbound"
kind = "inbound"
unmarked_tlp = "green"
[[collections]]
id = "{SECRET_INBOUND}"
title = "Someone else's inbound"
kind = "inbound"
[[collections]]
id = "{SCENARIO_GREEN}"
title = "Scenario at GREEN"
kind = "scenario"
scenario = "dprk-russia"
max_tlp = "green"
[[partners]]
name = "nato"
password_hash = "{nato}"
identity = "{NATO_ID}"
clearance = "amber"
read = ["{INBOUND}", "{SCENARIO_GREEN}"]
write = ["{INBOUND}"]
rate_per_second = 1000000
[[partners]]
name = "jp"
password_hash = "{jp}"
clearance = "amber"
read = ["{INBOUND}"]
write = ["{INBOUND}"]
rate_per_second = 1000000
[[partners]]
name = "admin"
password_hash = "{admin}"
clearance = "amber"
admin = true
read = ["{INBOUND}"]
write = ["{INBOUND}"]
rate_per_second = 1000000
"#,
        nato = hash("nato-pw"),
        jp = hash("jp-pw"),
        admin = hash("admin-pw"),
    )
}

fn start(max_failures: u32) -> (tempfile::TempDir, Served) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    drop(sample_store(&db));
    let served = serve(&db, &partners(max_failures));
    (dir, served)
}

fn post(s: &Served, who: &(String, String), collection: &str, body: &str) -> Reply {
    let headers = vec![who.clone(), ("Content-Type".to_string(), TAXII.to_string())];
    request(
        s.addr,
        "POST",
        &format!("/ladder/collections/{collection}/objects/"),
        &headers,
        body.as_bytes(),
    )
}

fn get(s: &Served, who: &(String, String), path: &str) -> Reply {
    request(s.addr, "GET", path, std::slice::from_ref(who), &[])
}

fn markings(refs: &[&str]) -> String {
    let list: Vec<String> = refs.iter().map(|r| format!("\"{r}\"")).collect();
    format!(r#","object_marking_refs":[{}]"#, list.join(","))
}

#[test]
fn concurrent_posts_all_land_once() {
    let (_dir, s) = start(20);
    let nato = basic("nato", "nato-pw");
    // Warm the credential cache so the load measures writes, not Argon2.
    assert_eq!(get(&s, &nato, "/ladder/collections/").status, 200);
    const CONNECTIONS: usize = 10;
    const MAX_PER_CONNECTION: usize = 100;
    let deadline = Instant::now() + Duration::from_secs(10);
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let nato = nato.clone();
            let addr = s.addr;
            std::thread::spawn(move || {
                let s = Served { addr };
                let mut accepted = Vec::new();
                let mut errors = Vec::new();
                for _ in 0..MAX_PER_CONNECTION {
                    if Instant::now() > deadline {
                        break;
                    }
                    let id = format!("note--{}", uuid4());
                    let r = post(
                        &s,
                        &nato,
                        INBOUND,
                        &note_envelope(&id, "2024-11-01T00:00:00.000Z", "load", ""),
                    );
                    if r.status == 202 && r.json()["success_count"] == 1 {
                        accepted.push(id);
                    } else {
                        errors.push(format!("{} {}", r.status, r.body));
                    }
                }
                (accepted, errors)
            })
        })
        .collect();
    let mut accepted = Vec::new();
    let mut errors = Vec::new();
    for w in workers {
        let (a, e) = w.join().unwrap();
        accepted.extend(a);
        errors.extend(e);
    }
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    assert!(
        accepted.len() >= CONNECTIONS,
        "too few posts: {}",
        accepted.len()
    );
    let seen = walk(s.addr, INBOUND, &nato);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for o in &seen {
        *counts
            .entry(o["id"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    for id in &accepted {
        assert_eq!(counts.get(id), Some(&1), "{id} not readable exactly once");
    }
    assert_eq!(seen.len(), accepted.len(), "no duplicates, nothing extra");
    eprintln!(
        "{} posts accepted over {CONNECTIONS} connections, 0 errors",
        accepted.len()
    );
}

#[test]
fn scenario_collections_apply_their_max_tlp() {
    let (_dir, s) = start(20);
    let nato = basic("nato", "nato-pw");
    let seen = walk(s.addr, SCENARIO_GREEN, &nato);
    assert!(!seen.is_empty(), "the scenario view shows its GREEN part");
    let above: Vec<&str> = seen
        .iter()
        .filter(|o| o.to_string().contains(AMBER))
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert!(
        above.is_empty(),
        "AMBER objects in a GREEN scenario collection: {above:?}"
    );
}

#[test]
fn markings_the_server_cannot_classify_count_as_red() {
    let (_dir, s) = start(20);
    let nato = basic("nato", "nato-pw");
    let jp = basic("jp", "jp-pw");
    let custom = "marking-definition--0b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a4b";
    let granular = format!(
        r#","object_marking_refs":["{GREEN}"],"granular_markings":[{{"marking_ref":"{RED}","selectors":["content"]}}]"#
    );
    let cases = [
        ("red in upper case", markings(&[&RED.to_uppercase()])),
        ("red only in granular_markings", granular),
        ("custom marking", markings(&[custom])),
        ("custom beside green", markings(&[GREEN, custom])),
    ];
    let mut ids = Vec::new();
    for (what, marks) in &cases {
        let id = format!("note--{}", uuid4());
        let r = post(
            &s,
            &nato,
            INBOUND,
            &note_envelope(&id, "2024-11-01T00:00:00.000Z", what, marks),
        );
        assert_eq!(r.json()["success_count"], 1, "{what}: {}", r.body);
        ids.push((*what, id));
    }
    let control = format!("note--{}", uuid4());
    post(
        &s,
        &nato,
        INBOUND,
        &note_envelope(&control, "2024-11-01T00:00:00.000Z", "unmarked", ""),
    );
    let by_jp: BTreeSet<String> = walk(s.addr, INBOUND, &jp)
        .iter()
        .filter_map(|o| o["id"].as_str().map(str::to_string))
        .collect();
    assert!(
        by_jp.contains(&control),
        "unmarked takes the collection's GREEN"
    );
    for (what, id) in &ids {
        assert!(!by_jp.contains(id), "{what}: served to another partner");
        let own = get(
            &s,
            &nato,
            &format!("/ladder/collections/{INBOUND}/objects/{id}/"),
        );
        assert_eq!(own.status, 200, "{what}: the owner reads it");
    }
}

#[test]
fn only_the_owner_or_an_admin_deletes_or_versions() {
    let (_dir, s) = start(20);
    let nato = basic("nato", "nato-pw");
    let jp = basic("jp", "jp-pw");
    let admin = basic("admin", "admin-pw");
    let id = format!("note--{}", uuid4());
    let url = format!("/ladder/collections/{INBOUND}/objects/{id}/");
    let first = note_envelope(&id, "2024-11-01T00:00:00.000Z", "nato says", "");
    assert_eq!(post(&s, &nato, INBOUND, &first).json()["success_count"], 1);

    let del = request(s.addr, "DELETE", &url, std::slice::from_ref(&jp), &[]);
    assert_eq!(del.status, 403, "{}", del.body);
    assert_eq!(get(&s, &nato, &url).status, 200, "still there");

    let forged = note_envelope(&id, "2024-12-01T00:00:00.000Z", "jp overwrites", "");
    let r = post(&s, &jp, INBOUND, &forged).json();
    assert_eq!(r["success_count"], 0, "{r}");
    assert_eq!(r["failure_count"], 1, "{r}");
    let latest = get(&s, &jp, &url).json();
    assert_eq!(latest["objects"][0]["content"], "nato says");

    let newer = note_envelope(&id, "2024-12-02T00:00:00.000Z", "nato updates", "");
    assert_eq!(post(&s, &nato, INBOUND, &newer).json()["success_count"], 1);
    assert_eq!(
        get(&s, &jp, &url).json()["objects"][0]["content"],
        "nato updates"
    );

    // A created_by_ref other than the poster's configured identity is refused.
    let other = format!("note--{}", uuid4());
    let body = format!(
        r#"{{"objects":[{{"type":"note","spec_version":"2.1","id":"{other}","created":"2024-11-01T00:00:00.000Z","modified":"2024-11-01T00:00:00.000Z","content":"x","object_refs":["{NATO_ID}"],"created_by_ref":"identity--00000000-0000-4000-8000-000000000000"}}]}}"#
    );
    assert_eq!(post(&s, &nato, INBOUND, &body).json()["failure_count"], 1);
    let own = body.replace("identity--00000000-0000-4000-8000-000000000000", NATO_ID);
    assert_eq!(post(&s, &nato, INBOUND, &own).json()["success_count"], 1);

    assert_eq!(
        request(s.addr, "DELETE", &url, std::slice::from_ref(&admin), &[]).status,
        200
    );
    assert_eq!(get(&s, &nato, &url).status, 404);
}

#[test]
fn failed_logins_are_counted_atomically_per_account() {
    let (_dir, s) = start(20);
    let wrong = basic("nato", "guess");
    let guesses: Vec<_> = (0..200)
        .map(|_| {
            let wrong = wrong.clone();
            let addr = s.addr;
            std::thread::spawn(move || {
                request(addr, "GET", "/ladder/collections/", &[wrong], &[]).status
            })
        })
        .collect();
    let mut by_status: BTreeMap<u16, usize> = BTreeMap::new();
    for g in guesses {
        *by_status.entry(g.join().unwrap()).or_default() += 1;
    }
    assert_eq!(by_status.get(&401), Some(&20), "{by_status:?}");
    assert_eq!(by_status.get(&429), Some(&180), "{by_status:?}");

    // Another partner logging in from the hammered address is not refused.
    let jp = basic("jp", "jp-pw");
    assert_eq!(get(&s, &jp, "/ladder/collections/").status, 200);
    // A new source address does not reset the account.
    let right = basic("nato", "nato-pw");
    let elsewhere = request_from(
        "127.0.0.2".parse().unwrap(),
        s.addr,
        "GET",
        "/ladder/collections/",
        &[right],
    );
    assert_eq!(elsewhere.status, 429, "{}", elsewhere.body);
    assert!(elsewhere.header("retry-after").is_some());
}

#[test]
fn unknown_users_take_as_long_as_wrong_passwords() {
    let (_dir, s) = start(1000);
    let time = |user: &str| {
        let started = Instant::now();
        let r = get(&s, &basic(user, "wrong"), "/ladder/collections/");
        assert_eq!(r.status, 401);
        started.elapsed()
    };
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..7 {
        known.push(time("nato"));
        unknown.push(time(&format!("ghost{i}")));
    }
    known.sort();
    unknown.sort();
    let (k, u) = (known[3], unknown[3]);
    assert!(
        u * 2 >= k,
        "unknown user {u:?} vs known user, wrong password {k:?} (medians)"
    );
}

#[test]
fn small_leaks_are_closed() {
    let (_dir, s) = start(20);
    let nato = basic("nato", "nato-pw");
    let jp = basic("jp", "jp-pw");
    // An over-long filter is the client's error.
    let versions: Vec<String> = (0..1000)
        .map(|i| format!("2024-01-01T00:00:{:02}.{:03}Z", i % 60, i))
        .collect();
    let r = get(
        &s,
        &nato,
        &format!(
            "/ladder/collections/{INBOUND}/objects/?match[version]={}",
            versions.join(",")
        ),
    );
    assert_eq!(r.status, 400, "{}", r.body);

    // Cursors are opaque, and bound to the collection and partner.
    for _ in 0..3 {
        let id = format!("note--{}", uuid4());
        post(
            &s,
            &nato,
            INBOUND,
            &note_envelope(&id, "2024-11-01T00:00:00.000Z", "p", ""),
        );
    }
    let page = get(
        &s,
        &nato,
        &format!("/ladder/collections/{INBOUND}/objects/?limit=1"),
    )
    .json();
    let next = page["next"].as_str().unwrap().to_string();
    assert!(
        next.parse::<i64>().is_err(),
        "cursor {next} is a row number"
    );
    let again = get(
        &s,
        &nato,
        &format!("/ladder/collections/{INBOUND}/objects/?limit=1&next={next}"),
    );
    assert_eq!(again.status, 200);
    for (who, token) in [(&jp, next.as_str()), (&nato, "1"), (&nato, "0")] {
        let r = get(
            &s,
            who,
            &format!("/ladder/collections/{INBOUND}/objects/?limit=1&next={token}"),
        );
        assert_eq!(r.status, 400, "{token}: {}", r.body);
    }

    // A collection the partner has no rights to looks like one that does not exist.
    let forbidden = get(&s, &jp, &format!("/ladder/collections/{SECRET_INBOUND}/"));
    let unknown = get(
        &s,
        &jp,
        "/ladder/collections/c0ffee00-0000-4000-8000-00000000dead/",
    );
    assert_eq!(forbidden.status, 404);
    assert_eq!(
        (forbidden.status, forbidden.body),
        (unknown.status, unknown.body)
    );

    // Discovery names the configured URL, whatever Host the request gave.
    let d = request(
        s.addr,
        "GET",
        "/taxii2/",
        &[nato, ("Host".into(), "evil.example".into())],
        &[],
    );
    assert_eq!(d.status, 200);
    assert!(!d.body.contains("evil.example"), "{}", d.body);
    assert_eq!(
        d.json()["api_roots"][0],
        "https://taxii.example.org/ladder/"
    );
}
