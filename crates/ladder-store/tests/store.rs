//! The store through its public API, one suite run against both back ends (SQLite in a
//! temporary file; PostgreSQL in a fresh database per test on the server that
//! `LADDER_TEST_PG` names): copies and no-op re-ingest, full-text search, events,
//! assessments, reopening. Tests that only make sense for one back end (SQLite's file
//! locking and FTS5 upgrade; PostgreSQL's connection errors) follow at the end.
//!
//! Without `LADDER_TEST_PG` the PostgreSQL half says so and passes, except under CI
//! (`CI=true`), where it fails: CI starts a server with `scripts/pg-throwaway`.

use chrono::NaiveDate;
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{Assessment, Event, Reliability, Report, ReportFormat, Tlp};
use ladder_store::{
    run_migrations, schema_version, EventFilter, PgStore, PutOutcome, ReportFilter, SqliteStore,
    Store, StoreError,
};

mod fixture;
use fixture::Fixture;

/// Runs each listed test once per back end: `sqlite::NAME` and `postgres::NAME`.
macro_rules! on_both_back_ends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name(&super::Fixture::sqlite()); } )*
        }
        mod postgres {
            $( #[test] fn $name() {
                if let Some(fx) = super::Fixture::postgres(stringify!($name)) {
                    super::$name(&fx);
                }
            } )*
        }
    };
}

on_both_back_ends!(
    reports_round_trip_and_outcomes,
    duplicates_within_one_batch,
    find_by_id_prefix_and_reference,
    list_filters_and_counts,
    search_ranks_and_marks_hits,
    bad_queries_are_clear_errors,
    events_replace_and_filter,
    assessments_latest_before,
    reports_by_id_and_meta_are_batched_and_ordered,
    reopen_keeps_data_and_events,
    big_batches_round_trip,
);

fn report(reference: &str, source: &str, published: &str, text: &str) -> Report {
    let text = normalise_text(text);
    Report {
        id: report_id(&text),
        report_ref: Some(reference.to_string()),
        source: Some(source.to_string()),
        url: Some(format!("https://example.test/{reference}")),
        title: text.lines().next().map(str::to_string),
        published: NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
        published_at: None,
        language: Some("en".into()),
        text,
        format: ReportFormat::Text,
        dateline: None,
        wire: vec!["Yonhap".into()],
        reliability: Some(Reliability::B),
        tlp: Tlp::Green,
    }
}

fn troops() -> Report {
    report(
        "a-1",
        "Harbour Daily",
        "2024-10-18",
        "North Korea sends troops\n\nSEOUL - The spy agency said 1,500 special forces were shipped to Russia's Far East.",
    )
}

fn kursk() -> Report {
    report(
        "b-1",
        "Northern Ledger",
        "2024-11-04",
        "Fighting in Kursk\n\nUkraine said its troops clashed with North Korean soldiers in the Kursk region.",
    )
}

fn summit() -> Report {
    report(
        "c-1",
        "Peninsula Times",
        "2023-09-13",
        "Summit at the cosmodrome\n\nThe two leaders met at Vostochny and discussed satellites and arms.",
    )
}

fn reports_round_trip_and_outcomes(fx: &Fixture) {
    let mut store = fx.open();
    let batch = vec![troops(), kursk(), summit()];
    let outcomes = store.put_reports(&batch).unwrap();
    assert_eq!(outcomes, vec![PutOutcome::Inserted; 3]);
    for original in &batch {
        assert_eq!(store.report(&original.id).unwrap().as_ref(), Some(original));
    }
    // Same text, same reference: nothing to do.
    assert_eq!(
        store.put_reports(&batch).unwrap(),
        vec![PutOutcome::Unchanged; 3]
    );
    // Same text under another reference and outlet: a copy, once.
    let mut copy = troops();
    copy.report_ref = Some("elsewhere-9".into());
    copy.source = Some("Strait Monitor".into());
    assert_eq!(
        store.put_reports(&[copy.clone()]).unwrap(),
        vec![PutOutcome::Copy]
    );
    assert_eq!(
        store.put_reports(&[copy.clone()]).unwrap(),
        vec![PutOutcome::Unchanged]
    );
    let copies = store.copies(&copy.id).unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].report_ref.as_deref(), Some("elsewhere-9"));
    assert_eq!(copies[0].source.as_deref(), Some("Strait Monitor"));
    let stats = store.stats().unwrap();
    assert_eq!((stats.reports, stats.copies), (3, 1));
    // The stored report keeps its first occurrence.
    assert_eq!(
        store
            .report(&copy.id)
            .unwrap()
            .unwrap()
            .report_ref
            .as_deref(),
        Some("a-1")
    );
}

fn duplicates_within_one_batch(fx: &Fixture) {
    let mut store = fx.open();
    let mut copy = kursk();
    copy.report_ref = Some("b-2".into());
    let outcomes = store.put_reports(&[kursk(), kursk(), copy]).unwrap();
    assert_eq!(
        outcomes,
        vec![
            PutOutcome::Inserted,
            PutOutcome::Unchanged,
            PutOutcome::Copy
        ]
    );
}

fn find_by_id_prefix_and_reference(fx: &Fixture) {
    let mut store = fx.open();
    store.put_reports(&[troops(), kursk()]).unwrap();
    let id = troops().id;
    let cases: Vec<(String, Option<&str>)> = vec![
        (id.clone(), Some("a-1")),
        (id[..8].to_string(), Some("a-1")),
        (id[..8].to_uppercase(), Some("a-1")),
        ("b-1".to_string(), Some("b-1")),
        ("no-such-ref".to_string(), None),
        ("ffffffffff".to_string(), None),
    ];
    for (key, expected_ref) in cases {
        let found = store.find_report(&key).unwrap();
        assert_eq!(
            found.and_then(|r| r.report_ref).as_deref(),
            expected_ref,
            "key {key}"
        );
    }
    let mut copy = troops();
    copy.report_ref = Some("copy-ref".into());
    store.put_reports(&[copy]).unwrap();
    assert_eq!(
        store.find_report("copy-ref").unwrap().map(|r| r.id),
        Some(id)
    );
}

fn list_filters_and_counts(fx: &Fixture) {
    let mut store = fx.open();
    store.put_reports(&[summit(), troops(), kursk()]).unwrap();
    let refs = |filter: ReportFilter| -> Vec<String> {
        store
            .list_reports(&filter)
            .unwrap()
            .into_iter()
            .map(|s| s.report_ref.unwrap_or_default())
            .collect()
    };
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(refs(ReportFilter::default()), ["b-1", "a-1", "c-1"]);
    assert_eq!(
        refs(ReportFilter {
            limit: Some(1),
            ..Default::default()
        }),
        ["b-1"]
    );
    assert_eq!(
        refs(ReportFilter {
            since: day("2024-01-01"),
            ..Default::default()
        }),
        ["b-1", "a-1"]
    );
    assert_eq!(
        refs(ReportFilter {
            until: day("2024-10-18"),
            ..Default::default()
        }),
        ["a-1", "c-1"]
    );
    assert_eq!(
        refs(ReportFilter {
            source: Some("harbour daily".into()),
            ..Default::default()
        }),
        ["a-1"]
    );
    let summary = &store.list_reports(&ReportFilter::default()).unwrap()[0];
    assert_eq!(summary.bytes, kursk().text.len());
    assert_eq!(summary.format, "text");
}

fn search_ranks_and_marks_hits(fx: &Fixture) {
    let mut store = fx.open();
    store.put_reports(&[troops(), kursk(), summit()]).unwrap();
    let hits = store.search("Kursk troops", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].report_ref.as_deref(), Some("b-1"));
    assert!(hits[0].snippet.contains("[Kursk]"), "{}", hits[0].snippet);
    assert!(hits[0].snippet.contains("[troops]"), "{}", hits[0].snippet);

    // Stemming: "troop" finds "troops"; the title-weighted report ranks first.
    let hits = store.search("troop", 10).unwrap();
    let refs: Vec<_> = hits
        .iter()
        .filter_map(|h| h.report_ref.as_deref())
        .collect();
    assert_eq!(refs, ["a-1", "b-1"]);
    assert!(hits[0].rank >= hits[1].rank);

    let cases: &[(&str, usize)] = &[
        ("\"special forces\"", 1),
        ("\"forces special\"", 0),
        ("Vostochny OR Kursk", 2),
        ("satell*", 1),
        ("North Korea", 1),
        ("North Korea*", 2),
        ("U.S.-Korea", 0),
        ("NEAR(", 0),
        ("zebra", 0),
    ];
    for (query, expected) in cases {
        assert_eq!(
            store.search(query, 10).unwrap().len(),
            *expected,
            "query {query}"
        );
    }
    assert_eq!(store.search("North Korea*", 1).unwrap().len(), 1);
}

fn bad_queries_are_clear_errors(fx: &Fixture) {
    let store = fx.open();
    for query in ["", "\"open phrase", "OR"] {
        match store.search(query, 10) {
            Err(StoreError::BadQuery { .. }) => {}
            other => panic!("query {query:?} gave {other:?}"),
        }
    }
}

fn event(id: &str, report: &Report, kind: &str, actor: &str, recipient: &str) -> Event {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "actor": [actor],
        "event_type": kind,
        "recipient": [recipient],
        "modality": "reported",
        "evidence": {"report_id": report.id, "start": 0, "end": 5, "text": &report.text[..5]},
        "rule": "test.rule"
    }))
    .unwrap()
}

fn events_replace_and_filter(fx: &Fixture) {
    let mut store = fx.open();
    let (a, b, c) = (troops(), kursk(), summit());
    store
        .put_reports(&[a.clone(), b.clone(), c.clone()])
        .unwrap();
    assert_eq!(store.uncoded_reports("v1", 10).unwrap().len(), 3);
    store
        .put_events(
            "v1",
            &[
                (
                    a.id.clone(),
                    vec![
                        event("e1", &a, "AID", "PRK", "RUS"),
                        event("e2", &a, "MOBILIZE", "PRK", "PRK"),
                    ],
                ),
                (b.id.clone(), vec![event("e3", &b, "ASSAULT", "UKR", "PRK")]),
                (c.id.clone(), vec![]),
            ],
        )
        .unwrap();
    assert!(store.uncoded_reports("v1", 10).unwrap().is_empty());
    assert_eq!(store.uncoded_reports("v2", 1).unwrap().len(), 1);
    fn ids_of(store: &dyn Store, filter: EventFilter) -> Vec<String> {
        store
            .events(&filter)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect()
    }
    let ids = |filter: EventFilter| ids_of(&*store, filter);
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(ids(EventFilter::default()), ["e1", "e2", "e3"]);
    assert_eq!(
        ids(EventFilter {
            actors: vec!["UKR".into()],
            ..Default::default()
        }),
        ["e3"]
    );
    assert_eq!(
        ids(EventFilter {
            actors: vec!["RUS".into()],
            ..Default::default()
        }),
        ["e1"]
    );
    assert_eq!(
        ids(EventFilter {
            published_until: day("2024-10-31"),
            ..Default::default()
        }),
        ["e1", "e2"]
    );
    assert_eq!(
        ids(EventFilter {
            published_since: day("2024-11-01"),
            ..Default::default()
        }),
        ["e3"]
    );
    assert_eq!(
        ids(EventFilter {
            report_id: Some(a.id.clone()),
            ..Default::default()
        }),
        ["e1", "e2"]
    );
    // Streamed in date order with each event's report metadata, the same events.
    let mut streamed = Vec::new();
    store
        .for_each_event_by_date(&EventFilter::default(), &mut |event, meta| {
            streamed.push((meta.published, event.id));
            Ok(())
        })
        .unwrap();
    let dates: Vec<_> = streamed.iter().map(|(d, _)| *d).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let mut streamed_ids: Vec<String> = streamed.into_iter().map(|(_, id)| id).collect();
    streamed_ids.sort();
    assert_eq!(streamed_ids, ["e1", "e2", "e3"]);
    // Recoding replaces the report's events.
    store
        .put_events(
            "v2",
            &[(a.id.clone(), vec![event("e4", &a, "AID", "PRK", "RUS")])],
        )
        .unwrap();
    let ids = |filter: EventFilter| ids_of(&*store, filter);
    assert_eq!(ids(EventFilter::default()), ["e4", "e3"]);
    assert_eq!(
        ids(EventFilter {
            actors: vec!["PRK".into(), "XXX".into()],
            ..Default::default()
        }),
        ["e4", "e3"]
    );
    let listed = store.list_reports(&ReportFilter::default()).unwrap();
    assert_eq!(
        listed.iter().map(|s| s.events).collect::<Vec<_>>(),
        [1, 1, 0]
    );
    // Events for a report that is not stored are refused, and nothing of the batch lands.
    let err = store.put_events(
        "v3",
        &[
            (c.id.clone(), vec![event("e5", &c, "AGREE", "PRK", "RUS")]),
            ("nope".into(), vec![]),
        ],
    );
    assert!(err.is_err());
    assert_eq!(store.stats().unwrap().events, 2);
}

fn assessments_latest_before(fx: &Fixture) {
    let mut store = fx.open();
    for (day, stage) in [("2024-10-01", 1u8), ("2024-10-20", 2), ("2024-11-05", 3)] {
        let assessment: Assessment = serde_json::from_value(serde_json::json!({
            "scenario_id": "prk-rus",
            "as_of": day,
            "stage_called": stage,
            "probabilities": [],
            "indicators": []
        }))
        .unwrap();
        store.put_assessment(&assessment).unwrap();
    }
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let stage = |before: &str| {
        store
            .previous_assessment("prk-rus", day(before))
            .unwrap()
            .map(|a| a.stage_called)
    };
    assert_eq!(stage("2024-10-01"), None);
    assert_eq!(stage("2024-10-20"), Some(1));
    assert_eq!(stage("2025-01-01"), Some(3));
    assert_eq!(
        store
            .previous_assessment("other", day("2025-01-01"))
            .unwrap(),
        None
    );
}

#[test]
fn reopen_is_idempotent_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ladder.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store.put_reports(&[troops()]).unwrap();
        run_migrations(
            store.connection(),
            "share",
            &["CREATE TABLE share_state (k TEXT PRIMARY KEY, v TEXT);"],
        )
        .unwrap();
    }
    for _ in 0..2 {
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(
            schema_version(store.connection(), "store").unwrap(),
            ladder_store::schema::STORE_MIGRATIONS.len() as i64
        );
        assert_eq!(schema_version(store.connection(), "share").unwrap(), 1);
        assert_eq!(store.stats().unwrap().reports, 1);
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let mode: String = store
            .connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}

#[test]
fn newer_schema_is_refused_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ladder.db");
    {
        let store = SqliteStore::open(&path).unwrap();
        store
            .connection()
            .execute(
                "INSERT INTO schema_migrations (component, version) VALUES ('store', 99)",
                [],
            )
            .unwrap();
    }
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("newer than this ladder understands"),
        "{err}"
    );
}

#[test]
fn not_a_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not a database, just some notes that are long enough",
    )
    .unwrap();
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(err.to_string().contains("notes.txt"), "{err}");
}

#[test]
fn failed_batch_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ladder.db");
    let mut store = SqliteStore::open(&path).unwrap();
    store.put_reports(&[summit()]).unwrap();
    // A second connection holds the write lock: the batch fails whole.
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM schema_migrations WHERE 0;")
        .unwrap();
    store
        .connection()
        .busy_timeout(std::time::Duration::from_millis(50))
        .unwrap();
    assert!(store.put_reports(&[troops(), kursk()]).is_err());
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(store.stats().unwrap().reports, 1);
    assert_eq!(
        store.put_reports(&[troops(), kursk()]).unwrap(),
        vec![PutOutcome::Inserted; 2]
    );
}

#[test]
fn search_index_follows_batches_copies_and_the_v1_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ladder.db");
    {
        // A file written by schema version 1, which indexed new reports with a trigger.
        let conn = ladder_store::rusqlite::Connection::open(&path).unwrap();
        run_migrations(&conn, "store", &ladder_store::schema::STORE_MIGRATIONS[..1]).unwrap();
        conn.execute(
            "INSERT INTO reports (id, title, format, text, bytes) VALUES ('ab12cd', 'Old', 'text', 'Vostochny launch pad', 20)",
            [],
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    store.put_reports(&[troops()]).unwrap();
    let mut copy = troops();
    copy.report_ref = Some("a-2".into());
    let outcomes = store.put_reports(&[kursk(), copy, troops()]).unwrap();
    assert_eq!(
        outcomes,
        [
            PutOutcome::Inserted,
            PutOutcome::Copy,
            PutOutcome::Unchanged
        ]
    );
    let cases: &[(&str, usize)] = &[
        ("Vostochny", 1),
        ("troops", 2),
        ("Kursk", 1),
        ("\"special forces\"", 1),
    ];
    for (query, expected) in cases {
        assert_eq!(
            store.search(query, 10).unwrap().len(),
            *expected,
            "query {query}"
        );
    }
    let indexed: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM reports_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed, 3);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let fts_check = store.connection().execute(
        "INSERT INTO reports_fts (reports_fts) VALUES ('integrity-check')",
        [],
    );
    assert!(fts_check.is_ok(), "{fts_check:?}");
}

fn reports_by_id_and_meta_are_batched_and_ordered(fx: &Fixture) {
    let mut store = fx.open();
    let (a, b, c) = (troops(), kursk(), summit());
    store
        .put_reports(&[a.clone(), b.clone(), c.clone()])
        .unwrap();
    // More ids than one IN (…) list binds, with unknown and repeated ones.
    let mut ids: Vec<String> = (0..1200).map(|i| format!("{i:032x}")).collect();
    ids.insert(700, c.id.clone());
    ids.insert(3, a.id.clone());
    ids.push(c.id.clone());
    let got: Vec<String> = store
        .reports_by_id(&ids)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(got, [a.id.clone(), c.id.clone(), c.id.clone()]);
    let only_b = store.reports_by_id(std::slice::from_ref(&b.id)).unwrap();
    assert_eq!(only_b, vec![b]);

    let mut meta = store.report_meta(&ids).unwrap();
    meta.sort_by(|x, y| x.id.cmp(&y.id));
    let mut expected = vec![
        ladder_store::ReportMeta::from(&a),
        ladder_store::ReportMeta::from(&c),
    ];
    expected.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(meta, expected);
    assert_eq!(meta[0].origin(), a.origin());
}

fn reopen_keeps_data_and_events(fx: &Fixture) {
    let a = troops();
    {
        let mut store = fx.open();
        store.put_reports(&[a.clone(), kursk()]).unwrap();
        store
            .put_events(
                "v1",
                &[(a.id.clone(), vec![event("e1", &a, "AID", "PRK", "RUS")])],
            )
            .unwrap();
    }
    for _ in 0..2 {
        let store = fx.open();
        let stats = store.stats().unwrap();
        assert_eq!(
            (stats.reports, stats.events, stats.coded_reports),
            (2, 1, 1)
        );
        assert_eq!(store.report(&a.id).unwrap().as_ref(), Some(&a));
    }
}

/// Batches larger than one write chunk and one streamed fetch: every report and event
/// lands once, recoding replaces, and streaming sees each event once, in date order.
fn big_batches_round_trip(fx: &Fixture) {
    let mut store = fx.open();
    let reports: Vec<Report> = (0..2500)
        .map(|i| {
            report(
                &format!("gen-{i}"),
                &format!("Outlet {}", i % 7),
                &format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                &format!("Report number {i}\n\nTroops moved near the border, said officials in case {i}."),
            )
        })
        .collect();
    let outcomes = store.put_reports(&reports).unwrap();
    assert!(outcomes.iter().all(|o| *o == PutOutcome::Inserted));
    let batch: Vec<(String, Vec<Event>)> = reports
        .iter()
        .map(|r| {
            let events = (0..2)
                .map(|k| event(&format!("{}-{k}", r.id), r, "MOBILIZE", "PRK", "RUS"))
                .collect();
            (r.id.clone(), events)
        })
        .collect();
    store.put_events("v1", &batch).unwrap();
    store.put_events("v1", &batch).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.reports, stats.events, stats.coded_reports),
        (2500, 5000, 2500)
    );
    let mut seen = std::collections::HashSet::new();
    let mut last = None;
    store
        .for_each_event_by_date(&EventFilter::default(), &mut |event, meta| {
            assert!(meta.published >= last, "out of date order");
            last = meta.published;
            assert!(seen.insert(event.id), "an event streamed twice");
            Ok(())
        })
        .unwrap();
    assert_eq!(seen.len(), 5000);
    assert_eq!(store.uncoded_reports("v1", 10).unwrap().len(), 0);
    assert_eq!(store.search("\"case 1234\"", 5).unwrap().len(), 1);
}

#[test]
fn postgres_newer_schema_is_refused_on_open() {
    let Some(fx) = Fixture::postgres("newer_schema") else {
        return;
    };
    let Fixture::Postgres(db) = &fx else {
        unreachable!("a postgres fixture")
    };
    drop(fx.open());
    ladder_store::postgres::admin_execute(
        &db.url,
        "INSERT INTO schema_migrations (component, version) VALUES ('store', 99)",
    )
    .unwrap();
    let err = PgStore::open(&db.url).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
        "{err}"
    );
}

#[test]
fn postgres_down_or_wrong_is_a_quick_clear_error() {
    // A port nothing listens on: refused at once, naming the server.
    let started = std::time::Instant::now();
    let err = PgStore::open("postgres://ladder@127.0.0.1:1/ladder").unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("cannot connect to PostgreSQL at ladder@127.0.0.1:1/ladder"),
        "{text}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    let err = PgStore::open("postgres://ladder@127.0.0.1:notaport/x").unwrap_err();
    assert!(err.to_string().contains("not a PostgreSQL URL"), "{err}");
    // A database that does not exist on a running server.
    if let Some(admin) = fixture::pg_admin_url() {
        let url = ladder_store::postgres::with_database(&admin, "ladder_no_such_db");
        let err = PgStore::open(&url).unwrap_err();
        assert!(err.to_string().contains("ladder_no_such_db"), "{err}");
    }
}

/// `ladder migrate`'s copy: a SQLite store with copies, events of two coder versions, a
/// report coded with no events and an assessment lands whole in PostgreSQL, the digests
/// agree, and copying again changes nothing.
#[test]
fn sqlite_copies_to_postgres_with_equal_digests() {
    let Some(pg_fx) = Fixture::postgres("migrate_copy") else {
        return;
    };
    let Fixture::Postgres(db) = &pg_fx else {
        unreachable!("a postgres fixture")
    };
    let dir = tempfile::tempdir().unwrap();
    let mut src = SqliteStore::open(dir.path().join("ladder.db")).unwrap();
    let (a, b, c) = (troops(), kursk(), summit());
    let mut copy = troops();
    copy.report_ref = Some("copy-1".into());
    src.put_reports(&[a.clone(), b.clone(), c.clone(), copy])
        .unwrap();
    src.put_events(
        "v1",
        &[
            (a.id.clone(), vec![event("e1", &a, "AID", "PRK", "RUS")]),
            (c.id.clone(), vec![]),
        ],
    )
    .unwrap();
    src.put_events(
        "v2",
        &[(
            b.id.clone(),
            vec![
                event("e2", &b, "ASSAULT", "UKR", "PRK"),
                event("e3", &b, "ACCUSE", "UKR", "RUS"),
            ],
        )],
    )
    .unwrap();
    let assessment: Assessment = serde_json::from_value(serde_json::json!({
        "scenario_id": "prk-rus", "as_of": "2024-11-05", "stage_called": 2,
        "probabilities": [], "indicators": []
    }))
    .unwrap();
    src.put_assessment(&assessment).unwrap();
    let mut dst = PgStore::open(&db.url).unwrap();
    let copied = ladder_store::transfer::copy_sqlite_to_postgres(&src, &mut dst).unwrap();
    assert_eq!(copied, ladder_store::transfer::digest(&src).unwrap());
    assert_eq!(
        (
            copied.stats.reports,
            copied.stats.copies,
            copied.stats.events,
            copied.stats.coded_reports,
            copied.stats.assessments
        ),
        (3, 1, 3, 3, 1)
    );
    assert_eq!(dst.uncoded_reports("v1", 10).unwrap().len(), 1);
    let again = ladder_store::transfer::copy_sqlite_to_postgres(&src, &mut dst).unwrap();
    assert_eq!(again, copied);
    // A store that differs has another digest.
    src.put_events(
        "v3",
        &[(c.id.clone(), vec![event("e4", &c, "AGREE", "PRK", "RUS")])],
    )
    .unwrap();
    assert_ne!(
        ladder_store::transfer::digest(&src).unwrap().events,
        copied.events
    );
}
