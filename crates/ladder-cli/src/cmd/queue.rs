//! The team deployment's commands over the NATS JetStream work queue: `ladder worker`
//! (code what the queue holds into PostgreSQL), `ladder recode --queue` (queue every
//! stored report for coding again), `ladder status` (store counts and queue depth), and
//! `ingest --queue`'s publishing.

use crate::cmd::code::load_coder;
use crate::context::Context;
use anyhow::Context as _;
use clap::Args;
use ladder_code::CODER_VERSION;
use ladder_core::Report;
use ladder_queue::worker::{run_worker, WorkerOptions};
use ladder_queue::{WorkItem, WorkQueue};
use ladder_store::{PgStore, ReportFilter, Store};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// The NATS server holding the work queue (nats://host:port)
    #[arg(long, env = "LADDER_QUEUE", value_name = "URL")]
    queue: String,
    /// Messages pulled and committed at a time
    #[arg(long, default_value_t = 64, value_name = "N")]
    batch: usize,
    /// Unacknowledged messages allowed across all workers (back-pressure)
    #[arg(long, default_value_t = 1024, value_name = "N")]
    max_in_flight: usize,
    /// Deliveries after which a message goes to the dead-letter stream
    #[arg(long, default_value_t = 5, value_name = "N")]
    max_deliveries: i64,
    /// Exit once the queue has been empty this many seconds (default: run until stopped)
    #[arg(long, value_name = "SECS")]
    idle_exit: Option<f64>,
}

#[derive(Debug, Args)]
pub struct RecodeArgs {
    /// The NATS server holding the work queue (nats://host:port)
    #[arg(long, env = "LADDER_QUEUE", value_name = "URL")]
    queue: String,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Also show the work queue on this NATS server (nats://host:port)
    #[arg(long, env = "LADDER_QUEUE", value_name = "URL")]
    queue: Option<String>,
    /// Also print the store's digest: counts plus order-free hashes of every report and
    /// event (two stores with the same digest hold the same records)
    #[arg(long)]
    digest: bool,
}

fn connect(url: &str) -> anyhow::Result<WorkQueue> {
    Ok(WorkQueue::connect(url)?)
}

fn open_pg(ctx: &Context, command: &str) -> anyhow::Result<PgStore> {
    if !ctx.db_is_postgres() {
        anyhow::bail!("`ladder {command}` needs a PostgreSQL store: pass --db postgres://… (or set LADDER_DB)");
    }
    PgStore::open(&ctx.db_path.to_string_lossy())
        .with_context(|| format!("opening the store {}", ctx.db_label()))
}

pub fn worker(ctx: &Context, args: WorkerArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_pg(ctx, "worker")?;
    let queue = connect(&args.queue)?;
    let coder = load_coder(ctx)?;
    let code = |report: &Report| coder.code_report(report).events;
    let options = WorkerOptions {
        batch: args.batch.max(1),
        max_in_flight: args.max_in_flight.max(args.batch),
        max_deliveries: args.max_deliveries.max(1),
        idle_exit: args.idle_exit.map(Duration::from_secs_f64),
        coder_version: CODER_VERSION.to_string(),
    };
    let started = std::time::Instant::now();
    let quiet = ctx.quiet;
    let stats = run_worker(&queue, &mut store, &code, &options, &mut |stats| {
        if !quiet && stats.batches % 50 == 0 {
            eprintln!(
                "worker: {} reports, {} events, {} dead letters, {:.1} reports/s",
                stats.reports,
                stats.events,
                stats.dead_letters,
                stats.reports as f64 / started.elapsed().as_secs_f64().max(1e-9)
            );
        }
    })?;
    if ctx.json {
        println!("{}", serde_json::to_string(&stats)?);
    } else if !ctx.quiet {
        eprintln!(
            "worker: done, {} reports, {} events, {} dead letters in {:.1} s",
            stats.reports,
            stats.events,
            stats.dead_letters,
            started.elapsed().as_secs_f64()
        );
    }
    queue.close();
    Ok(ExitCode::SUCCESS)
}

pub fn recode(ctx: &Context, args: RecodeArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing_store()?;
    let queue = connect(&args.queue)?;
    let mut ids = Vec::new();
    let page = 5000;
    loop {
        let listed = store.list_reports(&ReportFilter {
            limit: Some(page),
            offset: ids.len(),
            ..Default::default()
        })?;
        let n = listed.len();
        ids.extend(listed.into_iter().map(|s| s.id));
        if n < page {
            break;
        }
    }
    let published = queue.publish(
        ids.into_iter()
            .map(|report_id| WorkItem::Recode { report_id }),
    )?;
    if !ctx.quiet {
        eprintln!(
            "queued {published} reports for re-coding on {}",
            queue.url()
        );
    }
    queue.close();
    Ok(ExitCode::SUCCESS)
}

/// Publish reports read by `ingest` to the queue; the number published.
pub fn publish_reports(url: &str, reports: impl Iterator<Item = Report>) -> anyhow::Result<u64> {
    let queue = connect(url)?;
    let published = queue.publish(reports.map(|report| WorkItem::Report {
        report: Box::new(report),
    }))?;
    queue.close();
    Ok(published)
}

pub fn status(ctx: &Context, args: StatusArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing_store()?;
    let stats = store.stats()?;
    let queue = match &args.queue {
        Some(url) => {
            let queue = connect(url)?;
            let status = queue.status()?;
            queue.close();
            Some(status)
        }
        None => None,
    };
    let digest = match args.digest {
        true => Some(ladder_store::transfer::digest(&store)?),
        false => None,
    };
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({"store": stats, "queue": queue, "digest": digest})
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(d) = &digest {
        println!("digest: reports {} events {}", d.reports, d.events);
    }
    println!(
        "store {}: {} reports, {} copies, {} events, {} coded, {} assessments",
        ctx.db_label(),
        stats.reports,
        stats.copies,
        stats.events,
        stats.coded_reports,
        stats.assessments
    );
    if let Some(q) = queue {
        println!(
            "queue: {} to do ({} not yet delivered, {} in flight), {} held by the stream, {} workers waiting, {} dead letters",
            q.pending + q.in_flight, q.pending, q.in_flight, q.queued, q.waiting_pulls, q.dead_letters
        );
    }
    Ok(ExitCode::SUCCESS)
}
