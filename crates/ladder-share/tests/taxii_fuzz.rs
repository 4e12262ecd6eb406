//! Fuzzing the TAXII server's request parsing over real HTTP: arbitrary query strings
//! (filters, limits, cursors), paths, headers and envelopes never make it panic (the
//! connection would close without an answer) and never make it answer 500.

mod common;

use common::http::*;
use common::sample_store;
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::sync::OnceLock;

const INBOUND: &str = "a3c1e5f7-2b4d-4e6f-8a0c-1e3f5a7c9b20";
const VIEW: &str = "6f0b8a52-3d1e-4c55-9a1b-0c2d4e6f8a10";

fn server() -> &'static Served {
    static SERVED: OnceLock<(tempfile::TempDir, Served)> = OnceLock::new();
    let (_, s) = SERVED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fuzz.db");
        drop(sample_store(&db));
        let partners = format!(
            r#"
max_content_length = 65536
[[collections]]
id = "{INBOUND}"
title = "Inbound"
kind = "inbound"
[[collections]]
id = "{VIEW}"
title = "View"
kind = "ladder"
max_tlp = "amber"
[[partners]]
name = "nato"
password_hash = "{}"
clearance = "amber"
read = ["{INBOUND}", "{VIEW}"]
write = ["{INBOUND}"]
rate_per_second = 1000000
"#,
            hash("nato-pw")
        );
        let served = serve(&db, &partners);
        (dir, served)
    });
    s
}

/// Query text: filter keys, list values, timestamps, cursors, junk and escapes.
fn query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("match[id]"),
        Just("match[type]"),
        Just("match[version]"),
        Just("match[spec_version]"),
        Just("added_after"),
        Just("limit"),
        Just("next"),
        Just("match%5Btype%5D"),
        Just("x"),
    ];
    let value = prop_oneof![
        "[a-z0-9,.:%-]{0,30}",
        "[0-9]{1,25}",
        Just("first,last,all".to_string()),
        Just("2024-10-30T00:00:00Z".to_string()),
        Just("-1".to_string()),
        Just("%ZZ%00%FF".to_string()),
        (1usize..400).prop_map(|n| vec!["note"; n].join(",")),
        "[!-~]{0,40}".prop_map(|s| s.replace([' ', '#'], "")),
    ];
    prop::collection::vec((key, value), 0..6).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

fn path() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just(INBOUND.to_string()),
        Just(VIEW.to_string()),
        Just("note--6e2d1f0a-8c3b-4d5e-9f10-2a3b4c5d6e7f".to_string()),
        "[a-zA-Z0-9%._-]{0,20}",
    ];
    (
        prop_oneof![
            Just("/taxii2/"),
            Just("/ladder/"),
            Just("/ladder/collections/"),
            Just("/ladder/status/")
        ],
        prop::collection::vec(segment, 0..4),
        prop_oneof![
            Just(""),
            Just("objects/"),
            Just("manifest/"),
            Just("versions/")
        ],
    )
        .prop_map(|(root, segments, tail)| {
            let mut p = root.to_string();
            for s in segments {
                p.push_str(&s);
                p.push('/');
            }
            p.push_str(tail);
            p
        })
}

/// Envelope-ish JSON: right shapes with wrong contents, and wrong shapes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just(serde_json::json!(
            "note--6e2d1f0a-8c3b-4d5e-9f10-2a3b4c5d6e7f"
        )),
        Just(serde_json::json!("2024-10-30T00:00:00.000Z")),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        Just(serde_json::json!(null)),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        "\\PC{0,20}".prop_map(|s| serde_json::json!(s)),
    ];
    let key = prop_oneof![
        Just("type"),
        Just("id"),
        Just("spec_version"),
        Just("created"),
        Just("modified"),
        Just("object_marking_refs"),
        Just("granular_markings"),
        Just("created_by_ref"),
    ];
    let object = prop::collection::btree_map(key, field, 0..8).prop_map(|m| {
        serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    });
    prop_oneof![
        prop::collection::vec(object, 0..5).prop_map(|objects| {
            serde_json::json!({ "objects": objects })
                .to_string()
                .into_bytes()
        }),
        Just(b"{\"objects\": 3}".to_vec()),
        Just(b"[1,2".to_vec()),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let accept = prop_oneof![
        Just(TAXII.to_string()),
        Just("application/taxii+json".to_string()),
        Just("*/*".to_string()),
        Just("text/html".to_string()),
        "[ -~]{0,40}".prop_map(|s| s.trim().to_string()),
    ];
    let content_type = prop_oneof![
        Just(TAXII.to_string()),
        Just("application/json".to_string()),
        "[ -~]{0,40}".prop_map(|s| s.trim().to_string()),
    ];
    let auth = prop_oneof![
        4 => Just(basic("nato", "nato-pw").1),
        1 => Just("Bearer ".to_string()),
        1 => Just("Basic !!!".to_string()),
    ];
    (accept, content_type, auth).prop_map(|(a, c, auth)| {
        let mut h = vec![("Authorization".to_string(), auth)];
        if !a.is_empty() {
            h.push(("Accept".into(), a));
        }
        if !c.is_empty() {
            h.push(("Content-Type".into(), c));
        }
        h
    })
}

proptest! {
    #![proptest_config(Config { cases: 200, ..Config::default() })]

    #[test]
    fn arbitrary_requests_never_panic_or_answer_500(
        method in prop_oneof![Just("GET"), Just("POST"), Just("DELETE"), Just("PUT")],
        path in path(),
        query in query(),
        headers in headers(),
        body in body(),
    ) {
        let s = server();
        let target = if query.is_empty() { path } else { format!("{path}?{query}") };
        let body = if method == "POST" { body } else { Vec::new() };
        let r = request(s.addr, method, &target, &headers, &body);
        prop_assert!(r.status != 0, "no answer (a panic?) to {} {}", method, target);
        prop_assert!(r.status != 500, "500 to {} {}: {}", method, target, r.body);
    }
}
