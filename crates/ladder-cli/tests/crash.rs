//! Crash safety: `ladder ingest` killed with SIGKILL mid-run leaves a store that opens,
//! passes `PRAGMA integrity_check`, holds only whole batches, and a rerun finishes the job.

#![cfg(unix)]

use assert_cmd::cargo::CommandCargoExt;
use ladder_store::synthetic::synthetic_jsonl_line;
use ladder_store::{rusqlite, SqliteStore, Store};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REPORTS: u64 = 12_000;
const PER_FILE: u64 = 1000;
const BATCH: u64 = 250;

fn write_corpus(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for file in 0..REPORTS / PER_FILE {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(dir.join(format!("part-{file:03}.jsonl"))).unwrap(),
        );
        for i in file * PER_FILE..(file + 1) * PER_FILE {
            writeln!(out, "{}", synthetic_jsonl_line(7, i)).unwrap();
        }
        out.flush().unwrap();
    }
}

/// Reports committed so far, read through a separate connection (0 until the schema exists).
fn committed(db: &Path) -> u64 {
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    conn.query_row("SELECT COUNT(*) FROM reports", [], |row| {
        row.get::<_, i64>(0)
    })
    .map(|n| n as u64)
    .unwrap_or(0)
}

fn ingest(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ladder").expect("the ladder binary is built");
    cmd.current_dir(dir)
        .env_remove("LADDER_DB")
        .env_remove("LADDER_DATA")
        .args([
            "--db",
            "crash.db",
            "ingest",
            "corpus",
            "--batch-size",
            &BATCH.to_string(),
        ]);
    cmd
}

#[test]
fn sigkill_mid_ingest_leaves_a_sound_store_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(&dir.path().join("corpus"));
    let db = dir.path().join("crash.db");

    let mut child = ingest(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if committed(&db) >= 2 * BATCH {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("ingest ended ({status}) before it could be killed; make the corpus bigger");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no batch committed within 2 minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run was killed, not finished");

    let stored = {
        let store = SqliteStore::open(&db).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        store
            .connection()
            .execute(
                "INSERT INTO reports_fts (reports_fts) VALUES ('integrity-check')",
                [],
            )
            .expect("the full-text index matches the reports");
        let stats = store.stats().unwrap();
        assert!(stats.reports < REPORTS, "killed before the end: {stats:?}");
        assert_eq!(
            stats.reports % BATCH,
            0,
            "only whole batches are stored: {stats:?}"
        );
        stats.reports
    };
    assert!(stored >= 2 * BATCH);

    let rerun = ingest(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&rerun.stderr);
    assert_eq!(rerun.status.code(), Some(0), "{stderr}");
    let expected = format!(
        "ingested {}, copies 0, unchanged {stored}, rejected 0",
        REPORTS - stored
    );
    assert!(
        stderr.contains(&expected),
        "expected {expected:?} in {stderr}"
    );

    let store = SqliteStore::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(store.stats().unwrap().reports, REPORTS);
    assert_eq!(
        store
            .search("\"Report number 11999 of series 7\"", 5)
            .unwrap()
            .len(),
        1
    );
}
