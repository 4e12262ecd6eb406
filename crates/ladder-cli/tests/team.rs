//! The team deployment's commands on bad input: a PostgreSQL store that is down, a store
//! of the wrong kind, a wrong NATS URL, a bad `migrate` target. Each is a clear error
//! naming what is wrong, within seconds, never a hang. (The happy paths run against real
//! servers in `ladder-store`'s and `ladder-queue`'s tests.)

#![cfg(unix)]

use assert_cmd::Command;
use std::time::{Duration, Instant};

/// Run, and return (exit code, stderr), checking it took under 20 s.
fn fails_quickly(args: &[&str]) -> (i32, String) {
    let started = Instant::now();
    let out = Command::cargo_bin("ladder")
        .expect("the ladder binary is built")
        .env_remove("LADDER_DB")
        .env_remove("LADDER_QUEUE")
        .args(args)
        .write_stdin("")
        .output()
        .expect("ladder runs");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{args:?} took too long"
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_team_setups_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("ladder.db");
    let sqlite = sqlite.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "--db",
                "postgres://ladder:secret@127.0.0.1:1/ladder",
                "search",
                "x",
            ],
            "cannot connect to PostgreSQL at ladder@127.0.0.1:1/ladder",
        ),
        (
            vec!["--db", sqlite, "worker", "--queue", "nats://127.0.0.1:1"],
            "needs a PostgreSQL store",
        ),
        (
            vec![
                "--db",
                "postgres://ladder@127.0.0.1:1/ladder",
                "export",
                "stix",
            ],
            "runs on a SQLite store only",
        ),
        (
            vec![
                "migrate",
                "sqlite:/no/such/file.db",
                "postgres://ladder@127.0.0.1:1/x",
            ],
            "no SQLite store at /no/such/file.db",
        ),
        (
            vec!["migrate", sqlite, "other.db"],
            "must be a postgres:// URL",
        ),
        (
            vec![
                "--db",
                sqlite,
                "ingest",
                "-",
                "--queue",
                "nats://127.0.0.1:1",
            ],
            "cannot connect to NATS at nats://127.0.0.1:1",
        ),
    ];
    for (args, expected) in cases {
        let (code, stderr) = fails_quickly(&args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("secret"),
            "a password was printed: {stderr}"
        );
    }
}
