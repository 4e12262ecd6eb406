//! `ladder brief` end to end: ingest the team's example reports, code them, write the
//! briefing, and open the HTML in headless Chromium — it must render the stage called and
//! an evidence sentence, log no console errors, and produce a screenshot.
//!
//! Without Chromium the browser checks are skipped with a note, except under `CI=true`,
//! where CI installs it (`scripts/install-test-deps`) and its absence is a failure.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const SCENARIO: &str = "prk-rus-military-cooperation";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ladder(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ladder").expect("the ladder binary is built");
    cmd.arg("--db")
        .arg(db)
        .arg("--quiet")
        .env_remove("LADDER_DATA")
        .env_remove("LADDER_DB");
    cmd
}

/// A store holding the example reports, ingested and coded.
fn coded_store(dir: &Path) -> PathBuf {
    let db = dir.join("ladder.db");
    let examples = workspace_root().join("examples/reports");
    ladder(&db).arg("ingest").arg(&examples).assert().success();
    ladder(&db).arg("code").assert().success();
    db
}

/// Run `ladder brief` and return the (markdown, html) paths it printed.
fn brief(db: &Path, out: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    let output = ladder(db)
        .args([
            "brief",
            "--scenario",
            SCENARIO,
            "--observer",
            "KOR",
            "--as-of",
            "2025-05-01",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .output()
        .expect("ladder brief runs");
    assert!(
        output.status.success(),
        "ladder brief failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("paths are UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "two paths printed: {stdout}");
    (PathBuf::from(lines[0]), PathBuf::from(lines[1]))
}

#[test]
fn brief_writes_markdown_and_html_named_by_scenario_and_date() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = coded_store(tmp.path());
    let out = tmp.path().join("out");
    let (md, html) = brief(&db, &out, &[]);
    assert_eq!(md, out.join(format!("brief-{SCENARIO}-2025-05-01.md")));
    assert_eq!(html, out.join(format!("brief-{SCENARIO}-2025-05-01.html")));
    let page = std::fs::read_to_string(&html).expect("html written");
    let markdown = std::fs::read_to_string(&md).expect("markdown written");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script"), "no scripts in the page");
    for external in ["src=\"http", "href=\"//", "@import", "url("] {
        assert!(
            !page.contains(external),
            "no external resource ({external})"
        );
    }
    assert!(
        page.contains("<svg") && page.contains("id=\"stage-chart-title\""),
        "stage chart inline"
    );
    assert!(
        page.contains("id=\"index-chart-title\""),
        "index chart inline"
    );
    assert!(markdown.contains("## Bottom line up front"));
    assert!(
        page.contains("id=\"ev-"),
        "evidence anchors: the examples match some indicator"
    );
    assert!(page.contains("href=\"#ev-"), "links to the evidence");
}

#[test]
fn brief_is_byte_for_byte_deterministic() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = coded_store(tmp.path());
    let (md1, html1) = brief(&db, &tmp.path().join("a"), &[]);
    let (md2, html2) = brief(&db, &tmp.path().join("b"), &[]);
    let read = |p: &Path| std::fs::read(p).expect("brief file");
    assert_eq!(read(&md1), read(&md2));
    assert_eq!(read(&html1), read(&html2));
}

#[test]
fn brief_refuses_an_unknown_scenario_and_a_missing_store() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let failure = |db: &Path, scenario: &str| {
        let output = ladder(db)
            .args(["brief", "--scenario", scenario])
            .output()
            .expect("ladder runs");
        assert!(!output.status.success(), "brief on {scenario} must fail");
        String::from_utf8_lossy(&output.stderr).to_string()
    };
    assert!(failure(&tmp.path().join("none.db"), SCENARIO).contains("no store"));
    let db = coded_store(tmp.path());
    assert!(failure(&db, "no-such-scenario").contains("no-such-scenario"));
}

/// The Chromium binary, if one is installed.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("LADDER_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|candidate| candidate.is_file())
}

/// Run Chromium headless with `args` on `url`; (stdout, stderr). Killed after 90 s.
fn run_chromium(binary: &Path, profile: &Path, args: &[String], url: &str) -> (String, String) {
    let mut child = std::process::Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let stderr = child.stderr.take().expect("piped stderr");
    let read_out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let read_err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let started = Instant::now();
    loop {
        match child.try_wait().expect("waiting for chromium") {
            Some(_) => break,
            None if started.elapsed() > Duration::from_secs(90) => {
                let _ = child.kill();
                panic!("chromium did not finish within 90 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    (
        read_out.join().unwrap_or_default(),
        read_err.join().unwrap_or_default(),
    )
}

/// Undo the HTML escaping of a text node.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of the first element `<tag …>…</tag>` after `from` in `page`.
fn first_text<'a>(page: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = page.find(open)? + open.len();
    let end = page[start..].find(close)? + start;
    Some(&page[start..end])
}

/// A run of plain words (letters, digits, spaces) of at least 24 characters from `text`,
/// which must appear verbatim in any serialisation of the DOM.
fn plain_fragment(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == ' '))
        .map(str::trim)
        .filter(|run| run.chars().count() >= 24)
        .max_by_key(|run| run.len())
        .map(str::to_string)
}

#[test]
fn brief_renders_in_headless_chromium() {
    let Some(binary) = chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("Chromium is required under CI=true: run scripts/install-test-deps");
        }
        eprintln!("SKIPPED: no Chromium found (install it with scripts/install-test-deps, or set LADDER_CHROMIUM)");
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = coded_store(tmp.path());
    let (_, html) = brief(&db, &tmp.path().join("out"), &["--dyad", "PRK,RUS"]);
    let page = std::fs::read_to_string(&html).expect("html written");
    let url = format!(
        "file://{}",
        html.canonicalize().expect("absolute path").display()
    );

    // What the page must show: the stage called (from the headline) and an evidence
    // sentence that really is in one of the example reports.
    let headline =
        unescape(first_text(&page, "<p class=\"stage-name\">", "</p>").expect("a stage headline"));
    let stage_name = headline
        .split_once(": ")
        .map_or(headline.clone(), |(_, name)| name.to_string());
    let quote =
        unescape(first_text(&page, "<blockquote>", "</blockquote>").expect("an evidence quote"));
    let fragment = plain_fragment(&quote).expect("a plain run of words in the quote");
    let in_examples = std::fs::read_dir(workspace_root().join("examples/reports"))
        .expect("examples folder")
        .flatten()
        .any(|entry| {
            std::fs::read_to_string(entry.path()).is_ok_and(|text| text.contains(&fragment))
        });
    assert!(
        in_examples,
        "the quoted sentence comes from an example report: {fragment:?}"
    );

    let profile = tmp.path().join("chromium-profile");
    let (dom, log) = run_chromium(&binary, &profile, &["--dump-dom".to_string()], &url);
    assert!(
        dom.contains(&stage_name),
        "rendered DOM shows the stage called ({stage_name:?})"
    );
    assert!(
        dom.contains(&fragment),
        "rendered DOM shows the evidence sentence ({fragment:?})"
    );
    assert!(dom.contains("Bottom line up front"));
    for marker in ["Uncaught", "ERROR:CONSOLE", ":CONSOLE("] {
        assert!(
            !log.contains(marker),
            "console error in the page ({marker}):\n{log}"
        );
    }

    let screenshot = tmp.path().join("brief.png");
    let (_, log) = run_chromium(
        &binary,
        &profile,
        &[
            format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,2000".to_string(),
        ],
        &url,
    );
    assert!(
        !log.contains("Uncaught"),
        "console error while taking the screenshot:\n{log}"
    );
    let png = std::fs::read(&screenshot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(width, 1280, "screenshot at the window width");
    assert!(
        png.len() > 20_000,
        "the screenshot has content ({} bytes)",
        png.len()
    );
    if let Some(keep) = std::env::var_os("LADDER_KEEP_SCREENSHOT") {
        std::fs::copy(&screenshot, keep).expect("copy screenshot");
    }
}
