//! `ladder watch`: poll a folder or a feed URL, ingest and code what is new, reassess a
//! scenario, and when its called stage changes run a command and/or POST a JSON alert.
//!
//! Feeds are fetched with timeouts and conditional requests (ETag / Last-Modified,
//! remembered per URL in the store's file); folders are rescanned and only files whose
//! size or modification time changed are read again. The loop stops after `--once`,
//! `--max-polls`, or on Ctrl-C (SIGINT), between steps, never halfway through a write.

use crate::cmd::assess::{load_scenario, parse_pair};
use crate::cmd::brief::{build_brief, write_brief, BriefParts};
use crate::cmd::ingest::build_ingestor;
use crate::context::Context;
use anyhow::{bail, Context as _};
use chrono::Days;
use ladder_assess::{AssessmentInput, PlaybookSet, ScenarioSet};
use ladder_brief::StageAlert;
use ladder_core::{Report, Scenario};
use ladder_ingest::Ingestor;
use ladder_store::rusqlite::{params, OptionalExtension};
use ladder_store::{SqliteStore, Store};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Largest feed body read (bytes).
const MAX_FEED_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// A folder (new files are read) or an http(s) URL of an RSS/Atom feed or JSON Lines
    #[arg(value_name = "PATH|FEED_URL")]
    pub source: String,
    /// Scenario to reassess after each poll
    #[arg(long, value_name = "ID")]
    pub scenario: String,
    /// Pair of actors for a dyadic scenario, e.g. CHN,TWN
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub dyad: Option<(String, String)>,
    /// Time between polls: 90s, 5m, 1h (a bare number is seconds)
    #[arg(long, default_value = "60s", value_name = "DURATION", value_parser = parse_interval)]
    pub interval: Duration,
    /// Shell command run on a stage change, with LADDER_SCENARIO, LADDER_OLD_STAGE,
    /// LADDER_NEW_STAGE, LADDER_AS_OF (and LADDER_ALERT, the alert as JSON) set
    #[arg(long, value_name = "CMD")]
    pub on_change: Option<String>,
    /// URL to POST the JSON alert to on a stage change
    #[arg(long, value_name = "URL")]
    pub webhook: Option<String>,
    /// Also write a fresh briefing into this folder on each stage change
    #[arg(long, value_name = "DIR")]
    pub brief: Option<PathBuf>,
    /// Observer whose playbook the briefing shows (with --brief)
    #[arg(long, value_name = "CODE")]
    pub observer: Option<String>,
    /// Poll once and exit
    #[arg(long)]
    pub once: bool,
    /// Stop after this many polls
    #[arg(long, value_name = "N")]
    pub max_polls: Option<u64>,
    /// Seconds before a feed request or webhook POST is abandoned
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub timeout: u64,
}

/// `90s`, `5m`, `1h`, `250ms` or a bare number of seconds.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a duration (write 90s, 5m or 1h)"))?;
    let duration = match unit.trim() {
        "" | "s" | "sec" => Duration::from_secs(value),
        "ms" => Duration::from_millis(value),
        "m" | "min" => Duration::from_secs(value.saturating_mul(60)),
        "h" => Duration::from_secs(value.saturating_mul(3600)),
        other => {
            return Err(format!(
                "unknown unit '{other}' in '{text}' (use ms, s, m or h)"
            ))
        }
    };
    if duration.is_zero() {
        return Err("the interval must be longer than zero".to_string());
    }
    Ok(duration)
}

/// Where new reports come from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum WatchSource {
    Folder(PathBuf),
    Feed(String),
}

impl WatchSource {
    fn parse(text: &str) -> anyhow::Result<WatchSource> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Ok(WatchSource::Feed(text.to_string()));
        }
        if lower.contains("://") {
            bail!("'{text}' is neither a folder nor an http(s) URL");
        }
        Ok(WatchSource::Folder(PathBuf::from(text)))
    }
}

/// What one poll did.
#[derive(Debug, Default, Clone, serde::Serialize)]
struct PollSummary {
    fetched: bool,
    not_modified: bool,
    reports_read: usize,
    reports_new: usize,
    rejected: usize,
    events_coded: usize,
    stage: u8,
    stage_changed: bool,
}

pub fn run(ctx: &Context, args: WatchArgs) -> anyhow::Result<ExitCode> {
    let source = WatchSource::parse(&args.source)?;
    if let Some(url) = &args.webhook {
        if ladder_brief::escape::safe_url(url).is_none() {
            bail!("--webhook must be an http(s) URL, not '{url}'");
        }
    }
    let (scenarios, scenario) = load_scenario(ctx, &args.scenario, args.dyad.as_ref())?;
    let mut store = ctx.open_sqlite_store("watch")?;
    ensure_state_tables(&store)?;
    let ingestor = build_ingestor(ctx, None, None, None, None)?;
    let coder = crate::cmd::code::load_coder(ctx)?;
    let agent = http_agent(args.timeout);

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second handler cannot be installed (tests call run twice in-process): ignore.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let max_polls = if args.once { Some(1) } else { args.max_polls };
    let mut polls = 0u64;
    let mut failures = 0u64;
    loop {
        let started = Instant::now();
        match poll_once(
            ctx, &args, &source, &scenario, &scenarios, &mut store, &ingestor, &coder, &agent,
        ) {
            Ok(summary) => report_poll(ctx, &summary),
            Err(err) => {
                failures += 1;
                eprintln!("ladder: watch: {err:#}");
                if args.once {
                    return Err(err);
                }
            }
        }
        polls += 1;
        if max_polls.is_some_and(|max| polls >= max) || stop.load(Ordering::SeqCst) {
            break;
        }
        while started.elapsed() < args.interval && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(100).min(args.interval));
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
    }
    if !ctx.quiet && stop.load(Ordering::SeqCst) {
        eprintln!("ladder: watch: stopped after {polls} polls");
    }
    Ok(if failures > 0 {
        ExitCode::from(crate::context::EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

fn report_poll(ctx: &Context, summary: &PollSummary) {
    if ctx.json {
        if let Ok(line) = serde_json::to_string(summary) {
            println!("{line}");
        }
        return;
    }
    if ctx.quiet {
        return;
    }
    let fetched = if summary.not_modified {
        "not modified"
    } else {
        "polled"
    };
    eprintln!(
        "{fetched}: {} reports read, {} new, {} rejected, {} events coded; stage {}{}",
        summary.reports_read,
        summary.reports_new,
        summary.rejected,
        summary.events_coded,
        summary.stage,
        if summary.stage_changed {
            " (changed)"
        } else {
            ""
        }
    );
}

#[allow(clippy::too_many_arguments)]
fn poll_once(
    ctx: &Context,
    args: &WatchArgs,
    source: &WatchSource,
    scenario: &Scenario,
    scenarios: &ScenarioSet,
    store: &mut SqliteStore,
    ingestor: &Ingestor,
    coder: &ladder_code::Coder,
    agent: &ureq::Agent,
) -> anyhow::Result<PollSummary> {
    let mut summary = PollSummary::default();
    let (reports, rejected) = match source {
        WatchSource::Folder(dir) => read_folder(store, ingestor, dir)?,
        WatchSource::Feed(url) => match fetch_feed(store, agent, url)? {
            FeedFetch::NotModified => {
                summary.not_modified = true;
                (Vec::new(), 0)
            }
            FeedFetch::Body { bytes, name } => {
                summary.fetched = true;
                split_items(ingestor.read_bytes(&name, &bytes))
            }
        },
    };
    summary.reports_read = reports.len();
    summary.rejected = rejected;
    if !reports.is_empty() {
        let outcomes = store.put_reports(&reports).context("storing reports")?;
        summary.reports_new = outcomes
            .iter()
            .filter(|o| **o == ladder_store::PutOutcome::Inserted)
            .count();
    }
    summary.events_coded = code_pending(store, coder)?;

    let input = AssessmentInput::from_store(&*store, None).context("reading events")?;
    let Some(as_of) = input.latest_published() else {
        return Ok(summary);
    };
    let previous = latest_assessment(store, &scenario.id, as_of)?;
    let current = ladder_assess::assess(scenario, &input, as_of, previous.as_ref());
    store
        .put_assessment(&current)
        .context("storing the assessment")?;
    summary.stage = current.stage_called;
    if let Some(alert) = ladder_brief::stage_alert(scenario, previous.as_ref(), &current) {
        summary.stage_changed = true;
        if let Some(dir) = &args.brief {
            let playbooks = PlaybookSet::load_layered(ctx.data_dir.as_deref(), scenarios)?;
            let observer = args.observer.clone().unwrap_or_else(|| "KOR".to_string());
            let brief = build_brief(BriefParts {
                store,
                scenario: scenario.clone(),
                input: &input,
                assessment: current.clone(),
                previous: previous.clone(),
                playbook: playbooks.for_scenario(&scenario.id, &observer).cloned(),
                observer,
                dyad: args.dyad.clone(),
                days: 730,
            })?;
            let files = write_brief(&brief, dir)?;
            if !ctx.quiet {
                eprintln!("briefing: {}", files.html.display());
            }
        }
        notify(args, agent, &alert)?;
    }
    Ok(summary)
}

/// The latest stored assessment on or before `as_of`.
fn latest_assessment(
    store: &SqliteStore,
    scenario_id: &str,
    as_of: chrono::NaiveDate,
) -> anyhow::Result<Option<ladder_core::Assessment>> {
    let day_after = as_of.checked_add_days(Days::new(1)).unwrap_or(as_of);
    store
        .previous_assessment(scenario_id, day_after)
        .context("reading the previous assessment")
}

fn split_items(items: Vec<ladder_ingest::IngestItem>) -> (Vec<Report>, usize) {
    let mut reports = Vec::new();
    let mut rejected = 0;
    for item in items {
        match item {
            Ok(report) => reports.push(report),
            Err(err) => {
                rejected += 1;
                eprintln!("ladder: watch: rejected {err}");
            }
        }
    }
    (reports, rejected)
}

/// Code every report not yet coded by this coder version; the number of events coded.
fn code_pending(store: &mut SqliteStore, coder: &ladder_code::Coder) -> anyhow::Result<usize> {
    let threads = crate::cmd::code::thread_count(None);
    let (_, events) = crate::cmd::code::code_stored(store, coder, threads)?;
    Ok(events as usize)
}

/// Run the command and POST the alert; a failing hook is reported, not fatal to the loop.
fn notify(args: &WatchArgs, agent: &ureq::Agent, alert: &StageAlert) -> anyhow::Result<()> {
    let json = serde_json::to_string(alert).context("serialising the alert")?;
    let mut problems = Vec::new();
    if let Some(command) = &args.on_change {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .env("LADDER_SCENARIO", &alert.scenario)
            .env("LADDER_OLD_STAGE", alert.old_stage.to_string())
            .env("LADDER_NEW_STAGE", alert.new_stage.to_string())
            .env("LADDER_AS_OF", alert.as_of.format("%Y-%m-%d").to_string())
            .env("LADDER_ALERT", &json)
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => problems.push(format!("--on-change command exited with {s}")),
            Err(e) => problems.push(format!("--on-change command could not start: {e}")),
        }
    }
    if let Some(url) = &args.webhook {
        let result = agent
            .post(url)
            .header("Content-Type", "application/json")
            .header("User-Agent", concat!("ladder/", env!("CARGO_PKG_VERSION")))
            .send(json.as_bytes());
        match result {
            Ok(response) if response.status().is_success() => {}
            Ok(response) => problems.push(format!("webhook {url} answered {}", response.status())),
            Err(e) => problems.push(format!("webhook {url}: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        bail!(
            "stage changed to {}, but {}",
            alert.new_stage,
            problems.join("; ")
        )
    }
}

fn http_agent(timeout_secs: u64) -> ureq::Agent {
    let timeout = Duration::from_secs(timeout_secs.max(1));
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
        // Status codes are handled here (304 and errors), not turned into Err.
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("ladder/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// The state tables watch keeps in the store's file.
fn ensure_state_tables(store: &SqliteStore) -> anyhow::Result<()> {
    store
        .connection()
        .execute_batch(
            "CREATE TABLE IF NOT EXISTS watch_feeds (
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT
             );
             CREATE TABLE IF NOT EXISTS watch_files (
                path TEXT PRIMARY KEY,
                len INTEGER NOT NULL,
                modified_ns INTEGER NOT NULL
             );",
        )
        .context("creating watch state tables")
}

enum FeedFetch {
    NotModified,
    Body { bytes: Vec<u8>, name: String },
}

/// GET the feed with the validators remembered from the last fetch.
fn fetch_feed(store: &SqliteStore, agent: &ureq::Agent, url: &str) -> anyhow::Result<FeedFetch> {
    let conn = store.connection();
    let remembered: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT etag, last_modified FROM watch_feeds WHERE url = ?1",
            params![url],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .context("reading feed state")?;
    let (etag, last_modified) = remembered.unwrap_or((None, None));
    let mut request = agent.get(url);
    if let Some(tag) = &etag {
        request = request.header("If-None-Match", tag);
    }
    if let Some(date) = &last_modified {
        request = request.header("If-Modified-Since", date);
    }
    let mut response = request.call().with_context(|| format!("fetching {url}"))?;
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(FeedFetch::NotModified);
    }
    if !(200..300).contains(&status) {
        bail!("fetching {url}: HTTP {status}");
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let new_etag = header("etag");
    let new_modified = header("last-modified");
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(MAX_FEED_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {url}"))?;
    if bytes.len() as u64 > MAX_FEED_BYTES {
        bail!("{url} is larger than {MAX_FEED_BYTES} bytes");
    }
    conn.execute(
        "INSERT OR REPLACE INTO watch_feeds (url, etag, last_modified) VALUES (?1, ?2, ?3)",
        params![url, new_etag, new_modified],
    )
    .context("saving feed state")?;
    // The reader picks the format from the URL's extension, else from the first bytes.
    Ok(FeedFetch::Body {
        bytes,
        name: url.to_string(),
    })
}

/// Read the files of `dir` that are new or changed since the last poll.
fn read_folder(
    store: &SqliteStore,
    ingestor: &Ingestor,
    dir: &Path,
) -> anyhow::Result<(Vec<Report>, usize)> {
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let conn = store.connection();
    let mut reports = Vec::new();
    let mut rejected = 0;
    for path in list_files(dir)? {
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(_) => continue, // removed between listing and reading
        };
        let len = meta.len() as i64;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i64);
        let key = path.display().to_string();
        let seen: Option<(i64, i64)> = conn
            .query_row(
                "SELECT len, modified_ns FROM watch_files WHERE path = ?1",
                params![key],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .context("reading folder state")?;
        if seen == Some((len, modified_ns)) {
            continue;
        }
        let (mut read, bad) = split_items(ingestor.read_path(&path).collect());
        reports.append(&mut read);
        rejected += bad;
        conn.execute(
            "INSERT OR REPLACE INTO watch_files (path, len, modified_ns) VALUES (?1, ?2, ?3)",
            params![key, len, modified_ns],
        )
        .context("saving folder state")?;
    }
    Ok((reports, rejected))
}

/// Files under `dir`, recursively, in name order, skipping hidden entries and partial
/// downloads (`*.part`, `*.tmp`).
fn list_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries =
            std::fs::read_dir(&folder).with_context(|| format!("listing {}", folder.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name.ends_with(".part") || name.ends_with(".tmp") {
                continue;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => pending.push(path),
                Ok(t) if t.is_file() => out.push(path),
                _ => {}
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse() {
        let cases = [
            ("60s", Some(60_000)),
            ("5m", Some(300_000)),
            ("1h", Some(3_600_000)),
            ("250ms", Some(250)),
            ("45", Some(45_000)),
            ("0s", None),
            ("soon", None),
            ("5d", None),
        ];
        for (input, expected) in cases {
            let got = parse_interval(input).ok().map(|d| d.as_millis() as u64);
            assert_eq!(got, expected, "{input}");
        }
    }

    #[test]
    fn sources_are_folders_or_web_urls() {
        assert_eq!(
            WatchSource::parse("reports/").unwrap(),
            WatchSource::Folder("reports/".into())
        );
        assert_eq!(
            WatchSource::parse("https://example.org/feed").unwrap(),
            WatchSource::Feed("https://example.org/feed".into())
        );
        assert!(WatchSource::parse("ftp://example.org/feed").is_err());
    }
}
