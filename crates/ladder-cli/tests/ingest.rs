//! `ladder ingest`, `reports list|show` and `search` through the real binary, in
//! temporary folders: every format end to end, no-op re-ingest, copies, JSON output.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::ladder;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("ladder runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

#[test]
fn every_format_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(ladder(dir.path()).arg("ingest").arg(fixtures()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("ingested 8, copies 0, unchanged 0, rejected 0"),
        "{}",
        out.stderr
    );

    let listed = run(ladder(dir.path()).args(["--json", "reports", "list"]));
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let rows = json_lines(&listed.stdout);
    assert_eq!(rows.len(), 8);
    let mut formats: Vec<&str> = rows.iter().filter_map(|r| r["format"].as_str()).collect();
    formats.sort();
    formats.dedup();
    assert_eq!(
        formats,
        ["atom", "html", "jsonl", "markdown", "rss", "text"]
    );
    // Newest first.
    let dates: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["published"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert_eq!(dates.first(), Some(&"2025-04-28"));

    // The HTML page keeps the article, not the navigation or footer.
    let html = rows.iter().find(|r| r["format"] == "html").unwrap();
    let shown =
        run(ladder(dir.path()).args(["--json", "reports", "show", html["id"].as_str().unwrap()]));
    let report: Value = serde_json::from_str(&shown.stdout).unwrap();
    let text = report["report"]["text"].as_str().unwrap();
    assert!(text.contains("mutual") || text.contains("treaty"), "{text}");
    assert!(!text.contains("Copyright Continental Post"), "{text}");
    assert_eq!(report["report"]["published"], "2024-06-19");
}

#[test]
fn table_list_show_and_search() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(ladder(dir.path()).arg("ingest").arg(fixtures())).code,
        0
    );

    let table = run(ladder(dir.path()).args(["reports", "list"]));
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(lines.len(), 9, "{}", table.stdout);
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("PUBLISHED") && lines[0].contains("TITLE")
    );
    let title_at = lines[0].find("TITLE").unwrap();
    assert!(
        lines[1..].iter().all(|l| l.len() > title_at),
        "{}",
        table.stdout
    );

    let filtered = run(ladder(dir.path()).args([
        "--json",
        "reports",
        "list",
        "--since",
        "2024-10-01",
        "--until",
        "2024-10-31",
    ]));
    let rows = json_lines(&filtered.stdout);
    let titles: Vec<&str> = rows.iter().filter_map(|r| r["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Delegation to brief NATO on troop deployment",
            "Seoul weighs sending defensive weapons to Kyiv"
        ]
    );
    let limited = run(ladder(dir.path()).args(["--json", "reports", "list", "--limit", "2"]));
    assert_eq!(json_lines(&limited.stdout).len(), 2);
    let by_source =
        run(ladder(dir.path()).args(["--json", "reports", "list", "--source", "harbour daily"]));
    let rows = json_lines(&by_source.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["report_ref"], "harbour-2023-11-01");

    // Show by reference and by id prefix.
    let by_ref = run(ladder(dir.path()).args(["reports", "show", "peninsula-2023-09-13"]));
    assert_eq!(by_ref.code, 0, "{}", by_ref.stderr);
    assert!(by_ref.stdout.contains("Vostochny"), "{}", by_ref.stdout);
    assert!(by_ref.stdout.contains("source:") && by_ref.stdout.contains("Peninsula Times"));
    let id_line = by_ref
        .stdout
        .lines()
        .find(|l| l.starts_with("id:"))
        .unwrap();
    let id = id_line.trim_start_matches("id:").trim();
    let by_prefix = run(ladder(dir.path()).args(["reports", "show", &id[..8]]));
    assert_eq!(by_prefix.stdout, by_ref.stdout);
    let missing = run(ladder(dir.path()).args(["reports", "show", "no-such-report"]));
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("no-such-report"),
        "{}",
        missing.stderr
    );

    // Search: ranked hits with marked snippets, as text and JSON.
    let found = run(ladder(dir.path()).args(["search", "Kursk", "soldiers"]));
    assert_eq!(found.code, 0, "{}", found.stderr);
    assert!(found.stdout.contains("[Kursk]"), "{}", found.stdout);
    let hits = run(ladder(dir.path()).args(["--json", "search", "\"special forces\""]));
    let hits = json_lines(&hits.stdout);
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0]["snippet"]
            .as_str()
            .unwrap()
            .contains("[special forces]"),
        "{}",
        hits[0]
    );
    let none = run(ladder(dir.path()).args(["search", "zanzibar"]));
    assert_eq!((none.code, none.stdout.as_str()), (0, ""));
    let bad = run(ladder(dir.path()).args(["search", "\"unclosed"]));
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("quote is not closed"), "{}", bad.stderr);
}

#[test]
fn reingest_is_a_noop_and_copies_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(ladder(dir.path()).arg("ingest").arg(fixtures())).code,
        0
    );
    let before = run(ladder(dir.path()).args(["--json", "reports", "list"])).stdout;

    let again = run(ladder(dir.path())
        .args(["--json", "ingest"])
        .arg(fixtures()));
    assert_eq!(again.code, 0, "{}", again.stderr);
    let summary: Value = serde_json::from_str(again.stdout.trim()).unwrap();
    assert_eq!(summary["ingested"], 0);
    assert_eq!(summary["unchanged"], 8);
    assert_eq!(summary["rejected"], 0);
    assert_eq!(
        run(ladder(dir.path()).args(["--json", "reports", "list"])).stdout,
        before
    );

    // The same text under another outlet and reference: a copy of the first.
    let original = std::fs::read_to_string(fixtures().join("agencies.jsonl")).unwrap();
    let first: Value = serde_json::from_str(original.lines().next().unwrap()).unwrap();
    let copy = serde_json::json!({
        "id": "syndicated-77",
        "source": "Morning Dispatch",
        "url": "https://morning-dispatch.example/summit",
        "published": "2023-09-14",
        "title": "Leaders meet in the Far East",
        "text": first["text"],
    });
    let copy_file = dir.path().join("copy.jsonl");
    std::fs::write(&copy_file, format!("{copy}\n")).unwrap();
    let copied = run(ladder(dir.path()).arg("ingest").arg(&copy_file));
    assert_eq!(copied.code, 0, "{}", copied.stderr);
    assert!(
        copied
            .stderr
            .contains("ingested 0, copies 1, unchanged 0, rejected 0"),
        "{}",
        copied.stderr
    );
    let shown = run(ladder(dir.path()).args(["--json", "reports", "show", "syndicated-77"]));
    let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(shown["report"]["report_ref"], "peninsula-2023-09-13");
    assert_eq!(shown["copies"][0]["source"], "Morning Dispatch");
    let text = run(ladder(dir.path()).args(["reports", "show", "peninsula-2023-09-13"])).stdout;
    assert!(
        text.contains("copies:") && text.contains("Morning Dispatch"),
        "{text}"
    );
    // The copy again: nothing new.
    let twice = run(ladder(dir.path()).arg("ingest").arg(&copy_file));
    assert!(
        twice
            .stderr
            .contains("ingested 0, copies 0, unchanged 1, rejected 0"),
        "{}",
        twice.stderr
    );
}

#[test]
fn stdin_and_db_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"id": "stdin-1", "source": "Harbour Daily", "published": "2024-12-01", "title": "Read from a pipe", "text": "A report that arrives on standard input about drills near the border."}"#;
    let mut cmd = Command::cargo_bin("ladder").unwrap();
    let out = cmd
        .current_dir(dir.path())
        .env_remove("LADDER_DB")
        .args(["ingest", "-", "--format", "jsonl", "--db"])
        .arg(dir.path().join("piped.db"))
        .write_stdin(format!("{line}\n"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("piped.db").exists());
    assert!(!dir.path().join("ladder.db").exists());
    let found = Command::cargo_bin("ladder")
        .unwrap()
        .current_dir(dir.path())
        .env("LADDER_DB", dir.path().join("piped.db"))
        .args(["search", "drills"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&found.stdout).contains("Read from a pipe"));
}

#[test]
fn reading_commands_do_not_create_a_store() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["reports", "list"][..],
        &["search", "Kursk"],
        &["reports", "show", "abcdef12"],
    ] {
        let out = run(ladder(dir.path()).args(args));
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.contains("no store at"), "{}", out.stderr);
    }
    assert!(!dir.path().join("ladder.db").exists());
}

#[test]
fn bench_commands_run_on_small_corpora() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    let out = run(ladder(dir.path())
        .args([
            "--json",
            "bench",
            "ingest",
            "--reports",
            "300",
            "--batch-size",
            "64",
            "--work",
        ])
        .arg(&work));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let figures: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(figures["summary"]["ingested"], 300);
    assert_eq!(figures["summary"]["rejected"], 0);
    assert!(figures["reports_per_second"].as_f64().unwrap() > 0.0);
    assert_eq!(std::fs::read_dir(work.join("corpus")).unwrap().count(), 1);

    let out = run(ladder(dir.path()).args([
        "--json",
        "bench",
        "search",
        "--reports",
        "300",
        "--rounds",
        "2",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let figures: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(figures["reports"], 300);
    let queries = figures["queries"].as_array().unwrap();
    assert!(
        queries.iter().any(|q| q["hits"].as_u64().unwrap() > 0),
        "{figures}"
    );

    // The corpus generator is deterministic.
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for target in [&a, &b] {
        let out = run(ladder(dir.path())
            .args(["bench", "corpus", "--reports", "50", "--per-file", "20"])
            .arg(target));
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    for name in [
        "corpus-0000.jsonl",
        "corpus-0001.jsonl",
        "corpus-0002.jsonl",
    ] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap()
        );
    }
}
