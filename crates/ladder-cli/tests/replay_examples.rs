//! The team's example reports, ingested and coded for real, replayed through the bundled
//! `prk-rus-military-cooperation` scenario: the stages must come in story order, none
//! before its first report (issue 4's figure).

use assert_cmd::Command;
use chrono::NaiveDate;
use std::path::Path;

/// The first report of each stage in `examples/README.md` (the earliest date it may be called).
const FIRST_REPORT: [(u8, &str); 5] = [
    (1, "2023-09-13"),
    (2, "2023-10-13"),
    (3, "2024-01-04"),
    (4, "2024-10-28"),
    (5, "2024-12-17"),
];

fn examples_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports")
}

/// Ingest and code with the binary, return the store path.
fn coded_store(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("ladder.db");
    for args in [
        vec!["ingest", examples_dir().to_str().unwrap()],
        vec!["code"],
    ] {
        Command::cargo_bin("ladder")
            .unwrap()
            .args(["--quiet", "--db"])
            .arg(&db)
            .args(&args)
            .assert()
            .success();
    }
    db
}

fn ladder(db: &Path, args: &[&str]) -> String {
    let output = Command::cargo_bin("ladder")
        .unwrap()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn example_story_replays_in_order_with_no_stage_before_its_first_report() {
    if !examples_dir().is_dir() {
        eprintln!("skip: examples/reports is missing");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = coded_store(dir.path());
    let csv = ladder(
        &db,
        &[
            "replay",
            "--scenario",
            "prk-rus-military-cooperation",
            "--from",
            "2023-09-01",
            "--to",
            "2025-05-31",
            "--csv",
        ],
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("date,stage,p1,p2,p3,p4,p5,baseline_stage")
    );
    let rows: Vec<(NaiveDate, u8, u8)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[7].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 639);
    // First date each stage (or a higher one) is called.
    let first_call = |k: u8| rows.iter().find(|r| r.1 >= k).map(|r| r.0);
    let mut previous = None;
    for (stage, first_report) in FIRST_REPORT {
        let first_report: NaiveDate = first_report.parse().unwrap();
        if let Some(called) = first_call(stage) {
            assert!(
                called >= first_report,
                "stage {stage} called {called}, before its first report {first_report}\n{csv}"
            );
            if let Some(p) = previous {
                assert!(
                    called >= p,
                    "stage {stage} called before a lower stage\n{csv}"
                );
            }
            previous = Some(called);
        }
    }
    let reached = rows.iter().map(|r| r.1).max().unwrap();
    eprintln!("stage changes: {:?}", stage_changes(&rows));
    assert!(
        reached >= 4,
        "the story reaches troops in combat, replay only reached {reached}\n{csv}"
    );
    // Persistence baseline is yesterday's call.
    for pair in rows.windows(2) {
        assert_eq!(pair[1].2, pair[0].1);
    }
    // Assess is deterministic and stores itself; the second run reports changes relative to the first.
    let first = ladder(
        &db,
        &[
            "--json",
            "assess",
            "--scenario",
            "prk-rus-military-cooperation",
            "--as-of",
            "2025-05-31",
            "--no-save",
        ],
    );
    let again = ladder(
        &db,
        &[
            "--json",
            "assess",
            "--scenario",
            "prk-rus-military-cooperation",
            "--as-of",
            "2025-05-31",
            "--no-save",
        ],
    );
    assert_eq!(first, again);
    let text = ladder(
        &db,
        &[
            "assess",
            "--scenario",
            "prk-rus-military-cooperation",
            "--as-of",
            "2025-05-31",
            "--observer",
            "KOR",
        ],
    );
    assert!(text.contains("STAGE"), "{text}");
    assert!(text.contains("On the table at stage"), "{text}");
}

fn stage_changes(rows: &[(NaiveDate, u8, u8)]) -> Vec<(NaiveDate, u8)> {
    let mut out = Vec::new();
    for pair in rows.windows(2) {
        if pair[1].1 != pair[0].1 {
            out.push((pair[1].0, pair[1].1));
        }
    }
    out
}
