//! `ladder code` through the real binary: the same events, byte for byte, whatever the
//! number of threads, from files or through the store; `ladder bench code` figures.

use serde_json::Value;
use std::path::Path;

mod common;
use common::ladder;

/// Report files of uneven lengths (1 to 120 sentences), so threads finish out of order.
fn write_reports(dir: &Path) {
    let sentences: Vec<&str> = ladder_code::sample::sentences().collect();
    for (n, count) in [40usize, 1, 120, 7, 64, 3, 90, 12].into_iter().enumerate() {
        let text = ladder_code::sample::report_text(n * 50, count, 3);
        assert!(text.contains(sentences[(n * 50) % sentences.len()]));
        std::fs::write(dir.join(format!("report-{n}.txt")), text).unwrap();
    }
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("ladder runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    write_reports(&reports);
    let code = |threads: &str, format: &str| {
        stdout_of(
            ladder(dir.path())
                .args(["--quiet", "code", "--threads", threads, "--format", format])
                .arg(&reports),
        )
    };
    let one = code("1", "jsonl");
    assert!(one.lines().count() > 100, "the reports code events");
    for threads in ["2", "3", "16"] {
        assert_eq!(code(threads, "jsonl"), one, "{threads} threads");
    }
    assert_eq!(code("4", "csv"), code("1", "csv"));

    // Through the store: the same number of events, counted by `--json`.
    stdout_of(ladder(dir.path()).args(["--quiet", "ingest"]).arg(&reports));
    let stored: Value = serde_json::from_str(
        stdout_of(ladder(dir.path()).args(["--json", "code", "--threads", "3"])).trim(),
    )
    .unwrap();
    assert_eq!(stored["coded_reports"], 8);
    assert_eq!(stored["events"].as_u64(), Some(one.lines().count() as u64));
    // Everything is coded now: a second run codes nothing.
    let again: Value =
        serde_json::from_str(stdout_of(ladder(dir.path()).args(["--json", "code"])).trim())
            .unwrap();
    assert_eq!(again["coded_reports"], 0);
}

#[test]
fn bench_code_reports_every_thread_count_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let figures: Value = serde_json::from_str(
        stdout_of(ladder(dir.path()).args([
            "--json",
            "bench",
            "code",
            "--reports",
            "30",
            "--sentences",
            "5",
            "--rounds",
            "1",
            "--threads",
            "1,2",
            "--sizes",
            "1",
        ]))
        .trim(),
    )
    .unwrap();
    let runs = figures["throughput"].as_array().unwrap();
    assert_eq!(runs.len(), 2, "{figures}");
    assert_eq!(runs[0]["threads"], 1);
    assert_eq!(runs[1]["threads"], 2);
    assert_eq!(runs[0]["sentences"], 150);
    assert!(runs[0]["events"].as_u64().unwrap() > 0, "{figures}");
    assert_eq!(runs[0]["events"], runs[1]["events"]);
    assert!(runs[1]["sentences_per_second"].as_f64().unwrap() > 0.0);
    let sizes = figures["single_reports"].as_array().unwrap();
    assert_eq!(sizes.len(), 1);
    assert!(sizes[0]["bytes"].as_u64().unwrap() >= 1_000_000);
    assert!(sizes[0]["events"].as_u64().unwrap() > 1_000, "{figures}");
}
