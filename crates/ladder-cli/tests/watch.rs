//! `ladder watch` end to end against a feed served on 127.0.0.1 by the test itself: the
//! feed is fetched with conditional requests (a 304 when nothing changed), new reports
//! are ingested, coded and assessed, and a stage change runs `--on-change` and POSTs the
//! JSON alert to the webhook. Folders, bounded loops and SIGINT are covered too.
//!
//! The reports are a short made-up story written for this test: a summit reported by two
//! outlets, then troops sent to Russia reported by three.

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SCENARIO: &str = "prk-rus-military-cooperation";

const SUMMIT: &str = r#"{"id": "watch-1", "source": "Reuters", "published": "2024-09-02", "url": "https://example.org/watch-1", "title": "Kim and Putin meet in Vladivostok", "text": "VLADIVOSTOK, Sept 2 (Reuters) - North Korean leader Kim Jong Un held talks with Russian President Vladimir Putin in Vladivostok on Monday, and the two leaders pledged to deepen military cooperation between their countries."}
{"id": "watch-2", "source": "Associated Press", "published": "2024-09-03", "url": "https://example.org/watch-2", "title": "Putin hosts Kim for summit talks", "text": "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok on Monday for summit talks that lasted several hours, Russian state media said."}
"#;

/// Troops sent to Russia (stage 3) with the treaty (stage 2) beside them: a rung is only
/// climbed through rungs that have evidence of their own.
const TROOPS: &str = r#"{"id": "watch-3", "source": "Yonhap", "published": "2024-09-20", "url": "https://example.org/watch-3", "title": "Spy agency says North Korean troops sent to Russia", "text": "SEOUL, Sept. 20 (Yonhap) -- North Korea has sent about 3,000 troops to Russia, where they are being trained at military bases in the Far East, South Korea's National Intelligence Service said on Friday. Kim Jong Un and Vladimir Putin signed a comprehensive strategic partnership treaty in June that includes a mutual assistance clause."}
{"id": "watch-4", "source": "BBC News", "published": "2024-09-21", "url": "https://example.org/watch-4", "title": "Pentagon confirms North Korean soldiers in Russia", "text": "The Pentagon said on Saturday that about 3,000 North Korean soldiers had been sent to eastern Russia for training. North Korea and Russia signed a mutual defence treaty in June."}
{"id": "watch-5", "source": "The Kyiv Independent", "published": "2024-09-22", "url": "https://example.org/watch-5", "title": "Kyiv says North Korean troops training in Russia", "text": "Ukraine's military intelligence agency said on Sunday that North Korean troops had been sent to Russia and were training at bases near Ussuriysk."}
"#;

/// One HTTP request the server received.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server serves and what it has seen.
#[derive(Debug, Default)]
struct ServerState {
    /// The feed's current body and version (the ETag is `"v<version>"`).
    feed: String,
    version: u32,
    requests: Vec<Seen>,
}

/// A tiny HTTP/1.1 server on 127.0.0.1 serving `/feed` and receiving `POST /hook`.
struct FeedServer {
    base: String,
    state: Arc<Mutex<ServerState>>,
}

impl FeedServer {
    fn start(feed: &str) -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let state = Arc::new(Mutex::new(ServerState {
            feed: feed.to_string(),
            version: 1,
            requests: Vec::new(),
        }));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = serve(stream, &shared);
            }
        });
        FeedServer { base, state }
    }

    fn set_feed(&self, feed: &str) {
        let mut state = self.state.lock().expect("server state");
        state.feed = feed.to_string();
        state.version += 1;
    }

    fn requests(&self, method: &str, path: &str) -> Vec<Seen> {
        let state = self.state.lock().expect("server state");
        state
            .requests
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .cloned()
            .collect()
    }

    fn alerts(&self) -> Vec<serde_json::Value> {
        self.requests("POST", "/hook")
            .iter()
            .map(|r| serde_json::from_str(&r.body).expect("the alert is JSON"))
            .collect()
    }
}

fn serve(stream: TcpStream, state: &Mutex<ServerState>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let seen = Seen {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).to_string(),
    };

    let response = {
        let mut state = state.lock().expect("server state");
        state.requests.push(seen.clone());
        let etag = format!("\"v{}\"", state.version);
        match (seen.method.as_str(), seen.path.as_str()) {
            ("GET", "/feed") if seen.header("If-None-Match") == Some(etag.as_str()) => {
                format!("HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nConnection: close\r\n\r\n")
            }
            ("GET", "/feed") => format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nETag: {etag}\r\n\
                 Last-Modified: Mon, 23 Sep 2024 08:00:0{} GMT\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                state.version % 10,
                state.feed.len(),
                state.feed
            ),
            ("POST", "/hook") => "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".to_string(),
            _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
        }
    };
    let mut stream = reader.into_inner();
    stream.write_all(response.as_bytes())?;
    stream.flush()
}

fn ladder(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ladder").expect("the ladder binary is built");
    cmd.arg("--db")
        .arg(db)
        .env_remove("LADDER_DATA")
        .env_remove("LADDER_DB");
    cmd
}

/// A shell command that appends the hook's environment to `file`.
fn record_to(file: &Path) -> String {
    format!(
        "printf '%s %s %s %s\\n' \"$LADDER_SCENARIO\" \"$LADDER_OLD_STAGE\" \"$LADDER_NEW_STAGE\" \"$LADDER_AS_OF\" >> '{}'",
        file.display()
    )
}

/// Run `ladder --json watch SOURCE --once …` and return its poll summary.
fn watch_once(db: &Path, source: &str, extra: &[String]) -> serde_json::Value {
    let output = ladder(db)
        .arg("--json")
        .args([
            "watch",
            source,
            "--scenario",
            SCENARIO,
            "--once",
            "--timeout",
            "10",
        ])
        .args(extra)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("ladder watch runs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "watch failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .last()
        .unwrap_or_else(|| panic!("a poll summary on stdout: {stdout:?}"));
    serde_json::from_str(line).expect("the poll summary is JSON")
}

fn stage(alert: &serde_json::Value, field: &str) -> u64 {
    alert[field]
        .as_u64()
        .unwrap_or_else(|| panic!("alert field {field}: {alert}"))
}

#[test]
fn watch_polls_a_feed_conditionally_and_alerts_on_stage_changes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = tmp.path().join("ladder.db");
    let hook_log = tmp.path().join("hook.log");
    let server = FeedServer::start(SUMMIT);
    let feed = format!("{}/feed", server.base);
    let extra = vec![
        "--webhook".to_string(),
        format!("{}/hook", server.base),
        "--on-change".to_string(),
        record_to(&hook_log),
    ];

    // 1. First fetch: the summit reports raise the stage from 0.
    let first = watch_once(&db, &feed, &extra);
    assert_eq!(first["reports_new"], 2, "{first}");
    assert!(first["stage_changed"].as_bool().unwrap_or(false), "{first}");
    let alerts = server.alerts();
    assert_eq!(alerts.len(), 1, "one alert posted");
    let alert = &alerts[0];
    assert_eq!(alert["kind"], "stage-change");
    assert_eq!(alert["scenario"], SCENARIO);
    assert_eq!(stage(alert, "old_stage"), 0);
    let first_stage = stage(alert, "new_stage");
    assert!(first_stage >= 1, "the summit is at least stage 1: {alert}");
    let count = |field: &str| alert[field].as_array().map_or(0, Vec::len);
    assert!(count("indicators_moved") > 0, "indicators moved: {alert}");
    assert!(count("evidence") > 0, "evidence cited: {alert}");
    let hook = server.requests("POST", "/hook");
    assert_eq!(hook[0].header("Content-Type"), Some("application/json"));

    // 2. Nothing changed: the request is conditional, the answer 304, and no alert.
    let second = watch_once(&db, &feed, &extra);
    assert_eq!(second["not_modified"], true, "{second}");
    let gets = server.requests("GET", "/feed");
    assert_eq!(gets.len(), 2);
    assert_eq!(
        gets[0].header("If-None-Match"),
        None,
        "the first request is plain"
    );
    assert_eq!(
        gets[1].header("If-None-Match"),
        Some("\"v1\""),
        "the second sends the ETag back"
    );
    assert!(
        gets[1].header("If-Modified-Since").is_some(),
        "and the Last-Modified date"
    );
    assert_eq!(server.alerts().len(), 1, "no alert without a change");

    // 3. New reports: troops sent to Russia raise the stage again.
    server.set_feed(&format!("{SUMMIT}{TROOPS}"));
    let third = watch_once(&db, &feed, &extra);
    assert_eq!(
        third["reports_new"], 3,
        "only the three new reports are new: {third}"
    );
    let alerts = server.alerts();
    assert_eq!(alerts.len(), 2, "a second alert: {alerts:?}");
    assert_eq!(stage(&alerts[1], "old_stage"), first_stage);
    assert!(
        stage(&alerts[1], "new_stage") > first_stage,
        "the stage rose: {}",
        alerts[1]
    );

    // The command ran once per change, with the environment the alert describes.
    let log = std::fs::read_to_string(&hook_log).expect("the on-change command wrote its log");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert_eq!(
        lines[0],
        format!(
            "{SCENARIO} 0 {first_stage} {}",
            alert["as_of"].as_str().unwrap_or("")
        )
    );
    assert!(lines[1].starts_with(&format!(
        "{SCENARIO} {first_stage} {}",
        stage(&alerts[1], "new_stage")
    )));
}

#[test]
fn watch_reads_only_new_files_in_a_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = tmp.path().join("ladder.db");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).expect("inbox");
    let hook_log = tmp.path().join("hook.log");
    let extra = vec!["--on-change".to_string(), record_to(&hook_log)];
    let inbox_arg = inbox.display().to_string();

    std::fs::write(inbox.join("summit.jsonl"), SUMMIT).expect("write");
    let first = watch_once(&db, &inbox_arg, &extra);
    assert_eq!(first["reports_read"], 2, "{first}");

    let again = watch_once(&db, &inbox_arg, &extra);
    assert_eq!(
        again["reports_read"], 0,
        "unchanged files are not read again: {again}"
    );
    assert_eq!(again["stage_changed"], false);

    std::fs::write(inbox.join("troops.jsonl"), TROOPS).expect("write");
    std::fs::write(inbox.join(".partial.jsonl"), "not yet complete").expect("write");
    let third = watch_once(&db, &inbox_arg, &extra);
    assert_eq!(
        third["reports_read"], 3,
        "only the new file, hidden files skipped: {third}"
    );
    assert_eq!(third["stage_changed"], true, "{third}");
    let log = std::fs::read_to_string(&hook_log).expect("hook log");
    assert_eq!(log.lines().count(), 2, "{log}");
}

#[test]
fn watch_loops_a_bounded_number_of_times() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = tmp.path().join("ladder.db");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).expect("inbox");
    let output = ladder(&db)
        .arg("--json")
        .args(["watch"])
        .arg(&inbox)
        .args([
            "--scenario",
            SCENARIO,
            "--interval",
            "100ms",
            "--max-polls",
            "3",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("ladder watch runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().count(),
        3,
        "three polls"
    );
}

#[test]
fn watch_stops_cleanly_on_sigint() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let db = tmp.path().join("ladder.db");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).expect("inbox");
    let binary: PathBuf = assert_cmd::cargo::cargo_bin("ladder");
    let mut child = std::process::Command::new(binary)
        .arg("--db")
        .arg(&db)
        .args(["--json", "watch"])
        .arg(&inbox)
        .args(["--scenario", SCENARIO, "--interval", "1h"])
        .env_remove("LADDER_DATA")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("watch starts");
    // Wait for the first poll's line, then interrupt.
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("first poll line");
    assert!(first.contains("reports_read"), "{first}");
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("watch did not stop within 10 s of SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "a clean exit after SIGINT: {exit:?}");
}
