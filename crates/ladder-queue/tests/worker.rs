//! The worker against real servers: a NATS JetStream server (`LADDER_TEST_NATS`) and a
//! PostgreSQL server (`LADDER_TEST_PG`), both started by the project's throwaway scripts.
//! Good reports are stored and coded once even when published twice; a message that is
//! not a work item, a re-code of an unknown report and a report the coder panics on go to
//! the dead-letter stream with their errors, and the stream goes on. A stream made by
//! another format and a wrong URL are clear errors.
//!
//! Without the two variables the test says so and passes, except under CI (`CI=true`).

use async_nats::jetstream;
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{Event, Report};
use ladder_queue::worker::{run_worker, WorkerOptions};
use ladder_queue::{QueueError, WorkItem, WorkQueue, DEAD_STREAM, REPORT_SUBJECT, WORK_STREAM};
use ladder_store::postgres::{admin_execute, with_database};
use ladder_store::{PgStore, Store};
use std::time::Duration;

fn servers() -> Option<(String, String)> {
    match (
        std::env::var("LADDER_TEST_PG"),
        std::env::var("LADDER_TEST_NATS"),
    ) {
        (Ok(pg), Ok(nats)) if !pg.is_empty() && !nats.is_empty() => Some((pg, nats)),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("LADDER_TEST_PG and LADDER_TEST_NATS must be set under CI (scripts/pg-throwaway, scripts/nats-throwaway)")
        }
        _ => {
            eprintln!(
                "note: LADDER_TEST_PG or LADDER_TEST_NATS is not set; the worker test is skipped"
            );
            None
        }
    }
}

fn report(n: usize, text: &str) -> Report {
    let text = normalise_text(&format!("Report {n}\n\n{text}"));
    Report {
        id: report_id(&text),
        report_ref: Some(format!("q-{n}")),
        title: text.lines().next().map(str::to_string),
        ..Report::plain_text("", text.clone(), None)
    }
}

/// A stand-in coder: one event per report; it panics on a report that says PANIC.
fn code(report: &Report) -> Vec<Event> {
    assert!(
        !report.text.contains("PANIC"),
        "this report makes the coder panic"
    );
    vec![serde_json::from_value(serde_json::json!({
        "id": format!("{}-0", report.id),
        "actor": ["PRK"], "event_type": "MOBILIZE", "recipient": ["RUS"],
        "modality": "reported",
        "evidence": {"report_id": report.id, "start": 0, "end": 6, "text": &report.text[..6]},
        "rule": "test.rule"
    }))
    .expect("a valid event")]
}

/// Remove the streams a previous run left, and publish raw bytes.
fn raw(nats: &str, payloads: &[&[u8]], delete_streams: bool) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = async_nats::connect(nats).await.unwrap();
        let js = jetstream::new(client);
        if delete_streams {
            for name in [WORK_STREAM, DEAD_STREAM] {
                let _ = js.delete_stream(name).await;
            }
        }
        for payload in payloads {
            js.publish(REPORT_SUBJECT, payload.to_vec().into())
                .await
                .unwrap()
                .await
                .unwrap();
        }
    });
}

#[test]
fn worker_stores_once_and_dead_letters_poison() {
    let Some((pg_admin, nats)) = servers() else {
        return;
    };
    let db = format!("ladder_tq{}", std::process::id());
    admin_execute(
        &pg_admin,
        &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
    )
    .unwrap();
    admin_execute(&pg_admin, &format!("CREATE DATABASE {db}")).unwrap();
    let mut store = PgStore::open(&with_database(&pg_admin, &db)).unwrap();

    raw(&nats, &[], true);
    let queue = WorkQueue::connect(&nats).unwrap();
    let good: Vec<Report> = (0..40)
        .map(|n| report(n, "Troops moved to the border."))
        .collect();
    let items = |reports: &[Report]| -> Vec<WorkItem> {
        reports
            .iter()
            .map(|r| WorkItem::Report {
                report: Box::new(r.clone()),
            })
            .collect()
    };
    assert_eq!(queue.publish(items(&good)).unwrap(), 40);
    assert_eq!(queue.publish(items(&good[..10])).unwrap(), 10); // deduplicated by JetStream
    queue
        .publish([
            WorkItem::Report {
                report: Box::new(report(99, "PANIC in the newsroom.")),
            },
            WorkItem::Recode {
                report_id: "0123456789abcdef".into(),
            },
        ])
        .unwrap();
    raw(
        &nats,
        &[b"this is not a report", b"{\"kind\":\"parcel\"}"],
        false,
    );
    assert_eq!(queue.status().unwrap().queued, 44);

    let options = WorkerOptions {
        batch: 8,
        max_in_flight: 16,
        max_deliveries: 5,
        idle_exit: Some(Duration::from_millis(1500)),
        coder_version: "test/1".into(),
    };
    let stats = run_worker(&queue, &mut store, &code, &options, &mut |_| {}).unwrap();
    assert_eq!(
        (stats.reports, stats.events, stats.dead_letters),
        (40, 40, 4)
    );
    let counts = store.stats().unwrap();
    assert_eq!(
        (counts.reports, counts.events, counts.coded_reports),
        (40, 40, 40)
    );
    let status = queue.status().unwrap();
    assert_eq!((status.queued, status.dead_letters), (0, 4));
    let errors: Vec<String> = queue
        .dead_letters(10)
        .unwrap()
        .into_iter()
        .map(|(e, _)| e)
        .collect();
    for expected in [
        "panicked",
        "no stored report 0123456789abcdef",
        "not a ladder work item",
        "unknown variant `parcel`",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{expected} in {errors:?}"
        );
    }

    // Re-coding the archive goes through the same workers, and changes nothing.
    queue
        .publish(good.iter().map(|r| WorkItem::Recode {
            report_id: r.id.clone(),
        }))
        .unwrap();
    let stats = run_worker(&queue, &mut store, &code, &options, &mut |_| {}).unwrap();
    assert_eq!((stats.reports, stats.dead_letters), (40, 0));
    assert_eq!(store.stats().unwrap().events, 40);
    drop(store);
    queue.close();

    // A stream made by another format is refused with a clear error.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let js = jetstream::new(async_nats::connect(&nats).await.unwrap());
        js.delete_stream(WORK_STREAM).await.unwrap();
        js.create_stream(jetstream::stream::Config {
            name: WORK_STREAM.into(),
            subjects: vec!["ladder.work.>".into()],
            retention: jetstream::stream::RetentionPolicy::WorkQueue,
            ..Default::default()
        })
        .await
        .unwrap();
    });
    match WorkQueue::connect(&nats) {
        Err(QueueError::StreamFormat { .. }) => {}
        other => panic!("expected a format error, got {:?}", other.err()),
    }
    raw(&nats, &[], true);
    admin_execute(
        &pg_admin,
        &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
    )
    .unwrap();
}

#[test]
fn wrong_nats_url_is_a_quick_clear_error() {
    let started = std::time::Instant::now();
    match WorkQueue::connect("nats://127.0.0.1:1") {
        Err(err @ QueueError::Connect { .. }) => {
            assert!(err.to_string().contains("nats://127.0.0.1:1"), "{err}")
        }
        other => panic!("expected a connection error, got {:?}", other.err()),
    }
    assert!(started.elapsed() < Duration::from_secs(15));
}
