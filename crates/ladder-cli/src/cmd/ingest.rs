//! `ladder ingest`: stream reports from files, folders and stdin into the store, one
//! transaction per batch, naming every rejected input on stderr and going on.

use crate::context::{Context, EXIT_PARTIAL};
use anyhow::Context as _;
use ladder_core::{Report, ReportFormat, Tlp};
use ladder_ingest::{IngestItem, IngestOptions, Ingestor, SourceRegistry};
use ladder_store::{PutOutcome, Store};
use serde::Serialize;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Formats `--format` can force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Text,
    Markdown,
    Html,
    Rss,
    Atom,
    Jsonl,
}

impl From<FormatArg> for ReportFormat {
    fn from(format: FormatArg) -> ReportFormat {
        match format {
            FormatArg::Text => ReportFormat::Text,
            FormatArg::Markdown => ReportFormat::Markdown,
            FormatArg::Html => ReportFormat::Html,
            FormatArg::Rss => ReportFormat::Rss,
            FormatArg::Atom => ReportFormat::Atom,
            FormatArg::Jsonl => ReportFormat::Jsonl,
        }
    }
}

/// Reports per transaction unless `--batch-size` says otherwise.
pub const DEFAULT_BATCH_SIZE: usize = 1000;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Every rejected input is named on stderr (`rejected: FILE:LINE: why`) and the \
run goes on; the summary says `ingested N, copies M, unchanged U, rejected K`. Exit code 3 when \
anything was rejected. Ingesting the same text again is a no-op; the same text under another \
reference, URL or outlet is recorded as a copy."
)]
pub struct IngestArgs {
    /// Files or folders (read recursively) to ingest; `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Read every input as this format instead of detecting it
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<FormatArg>,
    /// Handling level for reports whose source sets none: clear, green, amber, amber+strict, red
    #[arg(long, value_name = "LEVEL")]
    tlp: Option<Tlp>,
    /// Reject documents larger than this many bytes (for JSON Lines: lines) [default: 16 MiB]
    #[arg(long, value_name = "N")]
    max_bytes: Option<u64>,
    /// Source registry (TOML) layered over the bundled one [default: DATA/sources.toml
    /// when --data is given]
    #[arg(long, value_name = "FILE")]
    sources: Option<PathBuf>,
    /// Reports stored per transaction
    #[arg(long, default_value_t = DEFAULT_BATCH_SIZE, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    batch_size: usize,
    /// Publish the reports to this NATS JetStream work queue (nats://host:port) for
    /// `ladder worker`s to store and code, instead of storing them here
    #[arg(long, value_name = "URL")]
    queue: Option<String>,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestSummary {
    pub ingested: u64,
    pub copies: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Each rejected input, as printed on stderr.
    pub rejections: Vec<String>,
}

impl IngestSummary {
    fn count(&mut self, outcome: PutOutcome) {
        match outcome {
            PutOutcome::Inserted => self.ingested += 1,
            PutOutcome::Copy => self.copies += 1,
            PutOutcome::Unchanged => self.unchanged += 1,
        }
    }

    /// The one-line summary printed on stderr.
    pub fn line(&self) -> String {
        format!(
            "ingested {}, copies {}, unchanged {}, rejected {}",
            self.ingested, self.copies, self.unchanged, self.rejected
        )
    }

    pub fn seen(&self) -> u64 {
        self.ingested + self.copies + self.unchanged + self.rejected
    }
}

/// Store a stream of read results in batches of `batch_size`, one transaction each.
/// Rejections are passed to `on_reject` as they come; `on_batch` sees the running
/// summary after each stored batch. A store error stops the run (what was committed stays).
pub fn store_stream<E: Display>(
    store: &mut dyn Store,
    items: impl Iterator<Item = Result<Report, E>>,
    batch_size: usize,
    summary: &mut IngestSummary,
    on_reject: &mut dyn FnMut(&str),
    on_batch: &mut dyn FnMut(&IngestSummary),
) -> anyhow::Result<()> {
    let mut batch: Vec<Report> = Vec::with_capacity(batch_size);
    for item in items {
        match item {
            Ok(report) => {
                batch.push(report);
                if batch.len() >= batch_size {
                    flush(store, &mut batch, summary)?;
                    on_batch(summary);
                }
            }
            Err(err) => {
                let message = err.to_string();
                on_reject(&message);
                summary.rejected += 1;
                summary.rejections.push(message);
            }
        }
    }
    flush(store, &mut batch, summary)?;
    on_batch(summary);
    Ok(())
}

fn flush(
    store: &mut dyn Store,
    batch: &mut Vec<Report>,
    summary: &mut IngestSummary,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let outcomes = store
        .put_reports(batch)
        .with_context(|| format!("storing a batch of {} reports", batch.len()))?;
    for outcome in outcomes {
        summary.count(outcome);
    }
    batch.clear();
    Ok(())
}

/// The source registry: `sources` (else `DATA/sources.toml` when there is one) layered
/// over the bundled one.
pub fn source_registry(ctx: &Context, sources: Option<&Path>) -> anyhow::Result<SourceRegistry> {
    let user_sources: Option<PathBuf> = match sources {
        Some(path) => Some(path.to_path_buf()),
        None => ctx
            .data_dir
            .as_ref()
            .map(|dir| dir.join("sources.toml"))
            .filter(|path| path.exists()),
    };
    SourceRegistry::load_layered(user_sources.as_deref()).context("loading the source registry")
}

/// The reader configured from the command line and `--data`.
pub fn build_ingestor(
    ctx: &Context,
    sources: Option<&Path>,
    format: Option<ReportFormat>,
    tlp: Option<Tlp>,
    max_bytes: Option<u64>,
) -> anyhow::Result<Ingestor> {
    let registry = source_registry(ctx, sources)?;
    let options = IngestOptions {
        format,
        tlp,
        max_file_bytes: max_bytes.unwrap_or(ladder_ingest::DEFAULT_MAX_FILE_BYTES),
    };
    Ok(Ingestor::new(registry, options))
}

/// Read every path (`-` is stdin) as one stream of reports.
pub fn read_all<'a>(
    ingestor: &'a Ingestor,
    paths: &'a [PathBuf],
) -> impl Iterator<Item = IngestItem> + 'a {
    paths.iter().flat_map(move |path| {
        if path.as_os_str() == "-" {
            ingestor.read_reader("-", Box::new(std::io::stdin()))
        } else {
            ingestor.read_path(path)
        }
    })
}

/// Read on a second thread while this one stores: parsing and indexing overlap on two
/// cores. The channel holds at most two batches, so memory stays bounded however large
/// the corpus.
pub fn ingest_paths(
    store: &mut dyn Store,
    ingestor: &Ingestor,
    paths: &[PathBuf],
    batch_size: usize,
    summary: &mut IngestSummary,
    on_reject: &mut dyn FnMut(&str),
    on_batch: &mut dyn FnMut(&IngestSummary),
) -> anyhow::Result<()> {
    std::thread::scope(|scope| {
        let (sender, receiver) =
            std::sync::mpsc::sync_channel::<IngestItem>(batch_size.saturating_mul(2));
        let reader = scope.spawn(move || {
            for item in read_all(ingestor, paths) {
                if sender.send(item).is_err() {
                    break; // the store side stopped; stop reading
                }
            }
        });
        let stored = store_stream(
            store,
            receiver.into_iter(),
            batch_size,
            summary,
            on_reject,
            on_batch,
        );
        let read = reader.join();
        stored?;
        read.map_err(|_| anyhow::anyhow!("the reader thread panicked"))
    })
}

pub fn run(ctx: &Context, args: IngestArgs) -> anyhow::Result<ExitCode> {
    let ingestor = build_ingestor(
        ctx,
        args.sources.as_deref(),
        args.format.map(ReportFormat::from),
        args.tlp,
        args.max_bytes,
    )?;
    if let Some(url) = &args.queue {
        return publish_to_queue(ctx, &ingestor, &args.paths, url);
    }
    let mut store = ctx.open_store()?;
    let progress = ctx.show_progress().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg} ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let mut summary = IngestSummary::default();
    let mut on_reject = |message: &str| match &progress {
        Some(bar) => bar.suspend(|| eprintln!("rejected: {message}")),
        None => eprintln!("rejected: {message}"),
    };
    let mut on_batch = |summary: &IngestSummary| {
        if let Some(bar) = &progress {
            bar.set_position(summary.seen());
            bar.set_message(summary.line());
        }
    };
    let result = ingest_paths(
        &mut store,
        &ingestor,
        &args.paths,
        args.batch_size,
        &mut summary,
        &mut on_reject,
        &mut on_batch,
    );
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    result?;
    if ctx.json {
        println!("{}", serde_json::to_string(&summary)?);
    }
    if !ctx.quiet {
        eprintln!("{}", summary.line());
    }
    Ok(if summary.rejected > 0 {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

/// `ingest --queue`: read as usual, and publish each report to the work queue.
fn publish_to_queue(
    ctx: &Context,
    ingestor: &Ingestor,
    paths: &[PathBuf],
    url: &str,
) -> anyhow::Result<ExitCode> {
    let mut rejected = 0u64;
    let reports = read_all(ingestor, paths).filter_map(|item| match item {
        Ok(report) => Some(report),
        Err(e) => {
            rejected += 1;
            eprintln!("rejected: {e}");
            None
        }
    });
    let published = crate::cmd::queue::publish_reports(url, reports)?;
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({"published": published, "rejected": rejected})
        );
    } else if !ctx.quiet {
        eprintln!("published {published} reports to {url}, rejected {rejected}");
    }
    Ok(if rejected > 0 {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladder_store::synthetic::synthetic_report;
    use ladder_store::SqliteStore;

    #[test]
    fn batches_and_counts() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut copy = synthetic_report(1, 0);
        copy.report_ref = Some("elsewhere".into());
        let items: Vec<Result<Report, String>> = vec![
            Ok(synthetic_report(1, 0)),
            Err("bad.jsonl:2: malformed JSON".into()),
            Ok(synthetic_report(1, 1)),
            Ok(synthetic_report(1, 0)),
            Ok(copy),
            Ok(synthetic_report(1, 2)),
        ];
        let mut summary = IngestSummary::default();
        let mut rejected = Vec::new();
        let mut batches = 0;
        store_stream(
            &mut store,
            items.into_iter(),
            2,
            &mut summary,
            &mut |m| rejected.push(m.to_string()),
            &mut |_| batches += 1,
        )
        .unwrap();
        assert_eq!(
            summary.line(),
            "ingested 3, copies 1, unchanged 1, rejected 1"
        );
        assert_eq!(rejected, ["bad.jsonl:2: malformed JSON"]);
        assert_eq!(summary.rejections, rejected);
        assert_eq!(batches, 3);
    }
}
