//! `ladder bench`: reproducible performance figures on deterministic synthetic corpora
//! (ingest throughput, search latency). Run them from a release build:
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
struct WorkDir {
    path: PathBuf,
    remove: bool,
}

impl WorkDir {
    fn new(chosen: Option<PathBuf>, what: &str) -> anyhow::Result<WorkDir> {
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
