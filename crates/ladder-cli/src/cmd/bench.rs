//! `ladder bench`: reproducible performance figures on deterministic synthetic corpora
//! (ingest throughput, search latency, replay over a million stored events, coder
//! throughput per thread count in `bench_code.rs`). Run them from
//! a release build:
//! `cargo run --release -p ladder-cli -- bench ingest`.

use crate::cmd::ingest::{build_ingestor, ingest_paths, IngestSummary, DEFAULT_BATCH_SIZE};
use crate::context::Context;
use anyhow::Context as _;
use ladder_store::synthetic::{synthetic_jsonl_line, synthetic_report};
use ladder_store::{SqliteStore, Store};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Write a deterministic synthetic corpus (JSON Lines, 1–5 KB reports) to a folder
    Corpus(CorpusArgs),
    /// Ingest throughput: `ladder ingest`'s pipeline (read, parse, store) on a synthetic
    /// JSON Lines corpus into a fresh store
    Ingest(IngestBenchArgs),
    /// Search latency: typical queries over a store of synthetic reports
    Search(SearchBenchArgs),
    /// Replay speed: load from the store + daily replay over two years, for the bundled
    /// PRK–RUS scenario and the CHN,TWN dyad, over a store of synthetic coded events
    Replay(ReplayBenchArgs),
    /// Coder throughput with 1, 2 … N threads, and single 1, 4 and 10 MB reports (time
    /// and peak memory)
    Code(crate::cmd::bench_code::CodeBenchArgs),
    /// Server time of the web workspace's board and scenario pages over a store of
    /// synthetic coded events (p50, p95, max; cold and warm; page weight)
    Ui(crate::cmd::bench_ui::UiBenchArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReplayBenchArgs {
    /// Number of coded events in the store
    #[arg(long, default_value_t = 1_000_000)]
    events: u64,
    /// Events per synthetic report
    #[arg(long, default_value_t = 10)]
    events_per_report: u64,
    /// Seed of the generator
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Store to use; written once with the synthetic events when it holds none, reused
    /// (not rewritten) when it already has events [default: a fresh store under the
    /// system temp dir, removed afterwards]
    #[arg(long, value_name = "PATH")]
    store: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CorpusArgs {
    /// Folder to write `corpus-NNNN.jsonl` files into (created)
    #[arg(value_name = "DIR")]
    out: PathBuf,
    /// Number of reports
    #[arg(long, default_value_t = 20_000)]
    reports: u64,
    /// Reports per file
    #[arg(long, default_value_t = 1000)]
    per_file: u64,
    /// Seed of the generator (same seed, same corpus)
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

#[derive(Debug, clap::Args)]
pub struct IngestBenchArgs {
    /// Number of reports
    #[arg(long, default_value_t = 20_000)]
    reports: u64,
    /// Seed of the generator
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Reports per transaction
    #[arg(long, default_value_t = DEFAULT_BATCH_SIZE)]
    batch_size: usize,
    /// Work folder for the corpus and the store [default: a fresh folder under the
    /// system temp dir, removed afterwards]
    #[arg(long, value_name = "DIR")]
    work: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SearchBenchArgs {
    /// Number of reports in the store
    #[arg(long, default_value_t = 100_000)]
    reports: u64,
    /// Seed of the generator
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Timed runs of each query
    #[arg(long, default_value_t = 20)]
    rounds: usize,
    /// Hits asked for per query
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Store to search; filled with the synthetic corpus first when it holds fewer
    /// reports [default: a fresh store under the system temp dir, removed afterwards]
    #[arg(long, value_name = "PATH")]
    store: Option<PathBuf>,
}

pub fn run(ctx: &Context, command: BenchCommand) -> anyhow::Result<ExitCode> {
    match command {
        BenchCommand::Corpus(args) => {
            let files = write_corpus(&args.out, args.seed, args.reports, args.per_file)?;
            if !ctx.quiet {
                eprintln!(
                    "wrote {} reports in {files} files to {}",
                    args.reports,
                    args.out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Ingest(args) => bench_ingest(ctx, args),
        BenchCommand::Search(args) => bench_search(ctx, args),
        BenchCommand::Replay(args) => bench_replay(ctx, args),
        BenchCommand::Code(args) => crate::cmd::bench_code::run(ctx, args),
        BenchCommand::Ui(args) => crate::cmd::bench_ui::run(ctx, args),
    }
}

/// Write `reports` synthetic JSONL reports, `per_file` to a file; returns the file count.
pub fn write_corpus(dir: &Path, seed: u64, reports: u64, per_file: u64) -> anyhow::Result<u64> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let per_file = per_file.max(1);
    let mut files = 0;
    let mut index = 0;
    while index < reports {
        let path = dir.join(format!("corpus-{files:04}.jsonl"));
        let file =
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        let end = (index + per_file).min(reports);
        for i in index..end {
            writeln!(out, "{}", synthetic_jsonl_line(seed, i))?;
        }
        out.flush()?;
        index = end;
        files += 1;
    }
    Ok(files)
}

/// A scratch folder removed when dropped (unless the user chose it).
pub(crate) struct WorkDir {
    pub(crate) path: PathBuf,
    remove: bool,
}

impl WorkDir {
    pub(crate) fn new(chosen: Option<PathBuf>, what: &str) -> anyhow::Result<WorkDir> {
        let (path, remove) = match chosen {
            Some(path) => (path, false),
            None => (
                std::env::temp_dir().join(format!("ladder-bench-{what}-{}", std::process::id())),
                true,
            ),
        };
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(WorkDir { path, remove })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if self.remove {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[derive(Debug, Serialize)]
struct IngestFigures {
    reports: u64,
    corpus_bytes: u64,
    seconds: f64,
    reports_per_second: f64,
    megabytes_per_second: f64,
    store_bytes: u64,
    summary: IngestSummary,
}

fn bench_ingest(ctx: &Context, args: IngestBenchArgs) -> anyhow::Result<ExitCode> {
    let work = WorkDir::new(args.work, "ingest")?;
    let corpus = work.path.join("corpus");
    let db = work.path.join("bench.db");
    for stale in [
        db.clone(),
        db.with_extension("db-wal"),
        db.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(stale);
    }
    let _ = std::fs::remove_dir_all(&corpus);
    write_corpus(&corpus, args.seed, args.reports, 1000)?;
    let corpus_bytes = dir_bytes(&corpus)?;
    let ingestor = build_ingestor(ctx, None, None, None, None)?;
    let mut store = SqliteStore::open(&db)?;
    let mut summary = IngestSummary::default();
    let started = Instant::now();
    ingest_paths(
        &mut store,
        &ingestor,
        std::slice::from_ref(&corpus),
        args.batch_size,
        &mut summary,
        &mut |message| eprintln!("rejected: {message}"),
        &mut |_| {},
    )?;
    let seconds = started.elapsed().as_secs_f64();
    drop(store);
    let store_bytes = file_bytes(&db) + file_bytes(&db.with_extension("db-wal"));
    let figures = IngestFigures {
        reports: args.reports,
        corpus_bytes,
        seconds,
        reports_per_second: summary.seen() as f64 / seconds,
        megabytes_per_second: corpus_bytes as f64 / 1e6 / seconds,
        store_bytes,
        summary,
    };
    if ctx.json {
        println!("{}", serde_json::to_string(&figures)?);
    } else {
        println!(
            "ingest: {} reports ({:.1} MB of JSON Lines) in {:.2} s = {:.0} reports/s ({:.1} MB/s); store {:.1} MB; {}",
            figures.reports,
            corpus_bytes as f64 / 1e6,
            seconds,
            figures.reports_per_second,
            figures.megabytes_per_second,
            store_bytes as f64 / 1e6,
            figures.summary.line()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn file_bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn dir_bytes(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        total += entry?.metadata()?.len();
    }
    Ok(total)
}

/// Queries an analyst would type, over the synthetic corpus's vocabulary: common and
/// rare words, phrases, several terms, a prefix.
const QUERIES: &[&str] = &[
    "Kursk troops",
    "\"special forces\"",
    "ballistic missiles Pyongyang",
    "North Korea Russia",
    "drones Odesa",
    "sanctioned",
    "\"artillery shells\" Vladivostok",
    "military advisers Moscow",
    "emergency security council",
    "satellite images",
    "kavilen",
    "marto sudal",
    "expelled diplomats",
    "Yonhap",
];

#[derive(Debug, Serialize)]
struct QueryFigures {
    query: String,
    hits: usize,
    median_ms: f64,
    p95_ms: f64,
    max_ms: f64,
}

fn bench_search(ctx: &Context, args: SearchBenchArgs) -> anyhow::Result<ExitCode> {
    let work = WorkDir::new(None, "search")?;
    let db = args
        .store
        .clone()
        .unwrap_or_else(|| work.path.join("bench.db"));
    let mut store = SqliteStore::open(&db)?;
    let have = store.stats()?.reports;
    if have < args.reports {
        let started = Instant::now();
        let batch = 1000;
        let mut index = have;
        while index < args.reports {
            let end = (index + batch).min(args.reports);
            let reports: Vec<_> = (index..end)
                .map(|i| synthetic_report(args.seed, i))
                .collect();
            store.put_reports(&reports)?;
            index = end;
        }
        if !ctx.quiet {
            eprintln!(
                "filled the store with {} reports in {:.1} s",
                args.reports - have,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let stored = store.stats()?.reports;
    let mut figures = Vec::new();
    for query in QUERIES {
        let hits = store.search(query, args.limit)?.len(); // warm-up
        let mut times: Vec<f64> = Vec::with_capacity(args.rounds);
        for _ in 0..args.rounds.max(1) {
            let started = Instant::now();
            store.search(query, args.limit)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        figures.push(QueryFigures {
            query: query.to_string(),
            hits,
            median_ms: times[times.len() / 2],
            p95_ms: times[(times.len() * 95 / 100).min(times.len() - 1)],
            max_ms: times[times.len() - 1],
        });
    }
    let mut medians: Vec<f64> = figures.iter().map(|f| f.median_ms).collect();
    medians.sort_by(f64::total_cmp);
    let typical = medians[medians.len() / 2];
    if ctx.json {
        let value =
            serde_json::json!({ "reports": stored, "typical_ms": typical, "queries": figures });
        println!("{value}");
    } else {
        println!(
            "search over {stored} reports, {} runs each, limit {}:",
            args.rounds, args.limit
        );
        println!(
            "{:<36} {:>5} {:>9} {:>9} {:>9}",
            "QUERY", "HITS", "MEDIAN", "P95", "MAX"
        );
        for f in &figures {
            println!(
                "{:<36} {:>5} {:>7.2}ms {:>7.2}ms {:>7.2}ms",
                f.query, f.hits, f.median_ms, f.p95_ms, f.max_ms
            );
        }
        println!("typical query (median of medians): {typical:.2} ms");
    }
    Ok(ExitCode::SUCCESS)
}

/// The two years the synthetic events span, and the replays run over.
const REPLAY_FROM: (i32, u32, u32) = (2023, 1, 1);
const REPLAY_DAYS: u64 = 731;

/// Pairs of actors with how often they appear (per mille), the rest spread over others.
const DYADS: &[(&str, &str, u64)] = &[
    ("RUS", "UKR", 300),
    ("CHN", "TWN", 120),
    ("PRK", "RUS", 60),
    ("USA", "CHN", 100),
    ("ISR", "IRN", 80),
    ("KOR", "PRK", 60),
    ("IND", "PAK", 50),
    ("JPN", "CHN", 40),
    ("USA", "RUS", 60),
    ("TUR", "SYR", 30),
];
const OTHER_ACTORS: &[&str] = &[
    "FRA", "DEU", "GBR", "POL", "BLR", "IRQ", "SAU", "EGY", "ETH", "SDN", "VEN", "BRA",
];
const REPLAY_OUTLETS: &[&str] = &[
    "Harbour Daily",
    "Northern Ledger",
    "Capital Wire Review",
    "Peninsula Times",
    "Eastern Observer",
    "Reuters",
];
const REPLAY_WIRES: &[&str] = &["AFP", "Yonhap", "TASS", "AP"];
const MODES: &[&str] = &[
    "military",
    "troops",
    "missile",
    "artillery shells",
    "diplomatic",
    "economic",
];
const PHRASES: &[&str] = &[
    "said on state media that",
    "confirmed the transfer of artillery shells and ammunition",
    "pledged closer ties and a strategic partnership",
    "signed a mutual assistance treaty",
    "accused the other side of provocations",
    "warned of consequences",
    "recalled its ambassador",
    "announced sanctions",
    "mobilised reserve troops",
    "clashed near the border",
    "North Korean-made missile debris was found",
];

/// The `i`-th synthetic report of the replay store: short text, a date in the two years.
fn replay_report(seed: u64, i: u64, reports: u64) -> ladder_core::Report {
    use ladder_store::synthetic::SeededRng;
    let mut rng = SeededRng::new(seed ^ i.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let text = ladder_core::hash::normalise_text(&format!(
        "Synthetic replay report {i} ({seed}): {}.",
        rng.pick(PHRASES)
    ));
    let from = chrono::NaiveDate::from_ymd_opt(REPLAY_FROM.0, REPLAY_FROM.1, REPLAY_FROM.2)
        .unwrap_or_default();
    let day = i * REPLAY_DAYS / reports.max(1);
    let source = rng.pick(REPLAY_OUTLETS);
    let wire = if rng.below(3) == 0 {
        vec![rng.pick(REPLAY_WIRES).to_string()]
    } else {
        Vec::new()
    };
    let reliability = ["A", "B", "C", "D"][rng.below(4)].parse().ok();
    ladder_core::Report {
        id: ladder_core::hash::report_id(&text),
        report_ref: Some(format!("replay-{i}")),
        source: Some(source.to_string()),
        url: None,
        title: None,
        published: Some(from + chrono::Duration::days(day as i64)),
        published_at: None,
        language: Some("en".into()),
        text,
        format: ladder_core::ReportFormat::Text,
        dateline: None,
        wire,
        reliability,
        tlp: ladder_core::Tlp::Clear,
    }
}

/// The `j`-th synthetic event of report `report`: a weighted dyad in either direction,
/// a PLOVER type, mostly asserted or reported, sometimes a mode, a quantity, an
/// attribution.
fn replay_event(seed: u64, report: &ladder_core::Report, j: u64) -> ladder_core::Event {
    use ladder_core::{EventType, Modality, Quantity};
    use ladder_store::synthetic::SeededRng;
    let mut rng = SeededRng::new(
        seed.wrapping_add(j.wrapping_mul(0x9E37_79B9))
            ^ u64::from_str_radix(&report.id[..12.min(report.id.len())], 16).unwrap_or(j),
    );
    let roll = rng.below(1000) as u64;
    let mut acc = 0;
    let (mut actor, mut recipient) = (
        OTHER_ACTORS[rng.below(OTHER_ACTORS.len())],
        OTHER_ACTORS[rng.below(OTHER_ACTORS.len())],
    );
    for (a, b, weight) in DYADS {
        acc += weight;
        if roll < acc {
            (actor, recipient) = (a, b);
            break;
        }
    }
    if rng.below(2) == 0 {
        std::mem::swap(&mut actor, &mut recipient);
    }
    let event_type = EventType::ALL[rng.below(EventType::ALL.len())];
    let modality = match rng.below(20) {
        0..=9 => Modality::Asserted,
        10..=15 => Modality::Reported,
        16 => Modality::Planned,
        17 => Modality::Considered,
        18 => Modality::Conditional,
        _ => Modality::Denied,
    };
    let id = format!("{}-{j}", &report.id[..16.min(report.id.len())]);
    let mut event = ladder_assess::synthetic::event(&id, actor, event_type, recipient, modality);
    if rng.below(2) == 0 {
        event.mode = Some(rng.pick(MODES).to_string());
    }
    if rng.below(5) == 0 {
        let value = 100 * (1 + rng.below(50) as u64);
        event.quantity = Some(Quantity {
            value: Some(value),
            max: None,
            unit: "troops".into(),
            approx: false,
            vague: None,
            text: format!("{value} troops"),
        });
    }
    if rng.below(4) == 0 {
        event.attributed_to = vec![actor.to_string()];
    }
    event.evidence.report_id = report.id.clone();
    event.evidence.text = format!("{actor} {} {recipient}.", rng.pick(PHRASES));
    event.evidence.end = event.evidence.text.len();
    event
}

/// Fill `store` with `events` synthetic coded events, `per_report` to a report.
pub(crate) fn write_replay_store(
    store: &mut SqliteStore,
    seed: u64,
    events: u64,
    per_report: u64,
) -> anyhow::Result<()> {
    let per_report = per_report.max(1);
    let reports = events.div_ceil(per_report);
    let batch = 1000;
    let mut index = 0;
    while index < reports {
        let end = (index + batch).min(reports);
        let batch_reports: Vec<_> = (index..end)
            .map(|i| replay_report(seed, i, reports))
            .collect();
        store.put_reports(&batch_reports)?;
        let coded: Vec<(String, Vec<ladder_core::Event>)> = batch_reports
            .iter()
            .enumerate()
            .map(|(k, report)| {
                let first = (index + k as u64) * per_report;
                let last = (first + per_report).min(events);
                let list = (first..last)
                    .map(|j| replay_event(seed, report, j))
                    .collect();
                (report.id.clone(), list)
            })
            .collect();
        store.put_events("bench", &coded)?;
        index = end;
    }
    Ok(())
}

#[derive(Debug, Serialize)]
struct ReplayFigures {
    case: String,
    events_read: usize,
    load_seconds: f64,
    replay_seconds: f64,
    total_seconds: f64,
    rows: usize,
    stage_changes: usize,
}

fn bench_replay(ctx: &Context, args: ReplayBenchArgs) -> anyhow::Result<ExitCode> {
    let work = WorkDir::new(None, "replay")?;
    let db = args
        .store
        .clone()
        .unwrap_or_else(|| work.path.join("bench.db"));
    let mut store = SqliteStore::open(&db)?;
    let have = store.stats()?.events;
    let mut write_seconds = None;
    if have == 0 {
        let started = Instant::now();
        write_replay_store(&mut store, args.seed, args.events, args.events_per_report)?;
        write_seconds = Some(started.elapsed().as_secs_f64());
    }
    let stored = store.stats()?.events;
    drop(store);
    if !ctx.quiet {
        match write_seconds {
            Some(s) => eprintln!("wrote {stored} synthetic events in {s:.1} s (not counted below)"),
            None => eprintln!("reusing {} with {stored} events", db.display()),
        }
    }
    let scenarios = ladder_assess::ScenarioSet::bundled()?;
    let cases = [
        ("prk-rus-military-cooperation", None),
        ("dyadic-escalation", Some(("CHN", "TWN"))),
    ];
    let from = chrono::NaiveDate::from_ymd_opt(REPLAY_FROM.0, REPLAY_FROM.1, REPLAY_FROM.2)
        .context("bad start date")?;
    let to = from + chrono::Duration::days(REPLAY_DAYS as i64 - 1);
    let mut figures = Vec::new();
    for (id, dyad) in cases {
        let scenario = scenarios.resolve(id, dyad)?;
        // A fresh connection per case: loading includes opening the store.
        let started = Instant::now();
        let store = SqliteStore::open(&db)?;
        let (input, _) =
            ladder_assess::AssessmentInput::from_store_matching(&store, &scenario, Some(to))?;
        let loaded = started.elapsed().as_secs_f64();
        let replay = ladder_assess::replay(&scenario, &input, from, to, 1)?;
        let total = started.elapsed().as_secs_f64();
        figures.push(ReplayFigures {
            case: match dyad {
                Some((a, b)) => format!("{id} --dyad {a},{b}"),
                None => id.to_string(),
            },
            events_read: input.events.len(),
            load_seconds: loaded,
            replay_seconds: total - loaded,
            total_seconds: total,
            rows: replay.rows.len(),
            stage_changes: replay.stage_changes().len(),
        });
    }
    if ctx.json {
        let value = serde_json::json!({
            "events": stored,
            "write_seconds": write_seconds,
            "cases": figures,
        });
        println!("{value}");
    } else {
        println!("replay over {stored} stored events, daily from {from} to {to}:");
        println!(
            "{:<44} {:>9} {:>8} {:>8} {:>8} {:>5} {:>7}",
            "CASE", "EVENTS", "LOAD", "REPLAY", "TOTAL", "ROWS", "CHANGES"
        );
        for f in &figures {
            println!(
                "{:<44} {:>9} {:>7.2}s {:>7.2}s {:>7.2}s {:>5} {:>7}",
                f.case,
                f.events_read,
                f.load_seconds,
                f.replay_seconds,
                f.total_seconds,
                f.rows,
                f.stage_changes
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
