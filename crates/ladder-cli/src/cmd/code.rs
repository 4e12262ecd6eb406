//! `ladder code`: code reports into events — files directly (no store), or every report
//! of the store not yet coded by this coder version. Parallel across cores; output in
//! input order (JSON Lines, CSV, or PLOVER/POLECAT-style JSON).

use crate::cmd::ingest::build_ingestor;
use crate::context::{Context, EXIT_PARTIAL};
use anyhow::Context as _;
use ladder_code::eval::plover_type;
use ladder_code::{Coder, CODER_VERSION};
use ladder_core::{Event, Report};
use ladder_store::Store;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// Output formats of `ladder code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EventFormat {
    /// One Event per line, Ladder's own field names
    #[default]
    Jsonl,
    /// One row per event, stable columns, for R and pandas
    Csv,
    /// PLOVER/POLECAT-style JSON, one event per line
    Plover,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "With paths, events go to stdout and nothing is stored. Without paths, \
every stored report not yet coded by this coder version is coded and its events stored."
)]
pub struct CodeArgs {
    /// Report files or folders (any format `ladder ingest` reads); none: code the store
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format for events coded from files
    #[arg(long, value_enum, default_value_t = EventFormat::Jsonl)]
    format: EventFormat,
    /// Worker threads [default: all cores]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

/// Reports per parallel batch (bounds memory on large inputs).
const BATCH: usize = 512;
/// Report text per parallel batch: a batch is coded once it holds this much.
const BATCH_BYTES: usize = 8 << 20;

/// Read every report under `paths`; rejected inputs are named on stderr and counted.
pub fn read_reports(
    ctx: &Context,
    paths: &[PathBuf],
    mut sink: impl FnMut(Report) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let ingestor = build_ingestor(ctx, None, None, None, None)?;
    let mut rejected = 0u64;
    for path in paths {
        for item in ingestor.read_path(path) {
            match item {
                Ok(report) => sink(report)?,
                Err(err) => {
                    rejected += 1;
                    eprintln!("rejected: {err}");
                }
            }
        }
    }
    Ok(rejected)
}

/// Load the coder with the user's data folder layered on the bundled data.
pub fn load_coder(ctx: &Context) -> anyhow::Result<Coder> {
    Coder::load_layered(ctx.data_dir.as_deref()).context("loading the lexicon and gazetteer")
}

/// Items (events and report starts) a worker gathers before handing them on.
const ITEMS_PER_MESSAGE: usize = 256;
/// Messages a chunk's channel holds before its worker waits for the writer.
const MESSAGES_IN_FLIGHT: usize = 4;
/// A chunk, the unit a worker claims, ends after this many reports…
const CHUNK_REPORTS: usize = 16;
/// …or once it holds this much text.
const CHUNK_BYTES: usize = 64 << 10;

/// What [`code_in_order`] hands on: a report begins (its index in the batch), then
/// each of its events.
#[derive(Debug)]
// Events are nearly every item; boxing them would allocate once per event.
#[allow(clippy::large_enum_variant)]
pub enum Coded {
    Report(usize),
    Event(Event),
}

/// Code `reports` on `threads` threads and hand each report and its events to
/// `on_coded` in input order (report by report, each report's events in coding order),
/// as soon as they are coded. Workers claim chunks of consecutive reports from a shared
/// counter, so long and short reports spread evenly; each chunk streams through a
/// bounded channel, so events never pile up however long a report is. The first error
/// from `on_coded` stops the run and is returned.
pub fn code_in_order<E>(
    coder: &Coder,
    reports: &[Report],
    threads: usize,
    mut on_coded: impl FnMut(Coded) -> Result<(), E>,
) -> Result<(), E> {
    if threads <= 1 || reports.len() <= 1 {
        // no hand-over: code on this thread
        for (index, report) in reports.iter().enumerate() {
            on_coded(Coded::Report(index))?;
            let mut failed = None;
            coder.code_report_with(report, &mut |event| {
                if failed.is_none() {
                    failed = on_coded(Coded::Event(event)).err();
                }
            });
            if let Some(err) = failed {
                return Err(err);
            }
        }
        return Ok(());
    }
    let chunks = chunk_bounds(reports);
    let (senders, receivers): (Vec<_>, Vec<_>) = chunks
        .iter()
        .map(|_| {
            let (tx, rx) = mpsc::sync_channel::<Vec<Coded>>(MESSAGES_IN_FLIGHT);
            (Mutex::new(Some(tx)), rx)
        })
        .unzip();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(chunks.len()) {
            scope.spawn(|| code_worker(coder, reports, &chunks, &senders, &next));
        }
        // Receivers are dropped on an early return, so blocked workers stop too.
        for rx in receivers {
            for item in rx.into_iter().flatten() {
                on_coded(item)?;
            }
        }
        Ok(())
    })
}

/// Consecutive report ranges of at most [`CHUNK_REPORTS`] reports, each closed once it
/// holds [`CHUNK_BYTES`] of text.
fn chunk_bounds(reports: &[Report]) -> Vec<std::ops::Range<usize>> {
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (index, report) in reports.iter().enumerate() {
        bytes += report.text.len();
        if index + 1 - start >= CHUNK_REPORTS || bytes >= CHUNK_BYTES {
            chunks.push(start..index + 1);
            (start, bytes) = (index + 1, 0);
        }
    }
    if start < reports.len() {
        chunks.push(start..reports.len());
    }
    chunks
}

/// One worker of [`code_in_order`]: codes the next unclaimed chunk, sending its report
/// starts and events in messages on the chunk's own channel, until no chunk is left or
/// the writer stops.
fn code_worker(
    coder: &Coder,
    reports: &[Report],
    chunks: &[std::ops::Range<usize>],
    senders: &[Mutex<Option<mpsc::SyncSender<Vec<Coded>>>>],
    next: &AtomicUsize,
) {
    loop {
        let claimed = next.fetch_add(1, Ordering::Relaxed);
        let Some(chunk) = chunks.get(claimed) else {
            return;
        };
        // taken, so the channel closes when this chunk is done (or a panic unwinds)
        let Some(tx) = senders[claimed].lock().ok().and_then(|mut s| s.take()) else {
            return;
        };
        let mut open = true;
        let mut pending = Vec::with_capacity(ITEMS_PER_MESSAGE);
        let mut hand_on = |item: Coded, pending: &mut Vec<Coded>| {
            pending.push(item);
            if pending.len() >= ITEMS_PER_MESSAGE && open {
                let full = std::mem::replace(pending, Vec::with_capacity(ITEMS_PER_MESSAGE));
                open = tx.send(full).is_ok();
            }
            if !open {
                pending.clear();
            }
        };
        for index in chunk.clone() {
            hand_on(Coded::Report(index), &mut pending);
            coder.code_report_with(&reports[index], &mut |event| {
                hand_on(Coded::Event(event), &mut pending)
            });
        }
        if !open || (!pending.is_empty() && tx.send(pending).is_err()) {
            return;
        }
    }
}

/// Worker threads: as asked, else one per core.
pub fn thread_count(arg: Option<usize>) -> usize {
    arg.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

pub fn run(ctx: &Context, args: CodeArgs) -> anyhow::Result<ExitCode> {
    let coder = load_coder(ctx)?;
    let threads = thread_count(args.threads);
    if args.paths.is_empty() {
        return code_store(ctx, &coder, threads);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.format == EventFormat::Csv {
        writeln!(out, "{}", CSV_COLUMNS.join(","))?;
    }
    let mut batch: Vec<Report> = Vec::with_capacity(BATCH);
    let mut batch_bytes = 0usize;
    let (mut n_reports, mut n_events) = (0u64, 0u64);
    let mut flush = |batch: &mut Vec<Report>, out: &mut dyn Write| -> anyhow::Result<()> {
        n_reports += batch.len() as u64;
        code_in_order(&coder, batch, threads, |coded| match coded {
            Coded::Report(_) => Ok(()),
            Coded::Event(event) => {
                n_events += 1;
                write_event(out, &event, args.format)
            }
        })?;
        batch.clear();
        Ok(())
    };
    let rejected = read_reports(ctx, &args.paths, |r| {
        batch_bytes += r.text.len();
        batch.push(r);
        if batch.len() >= BATCH || batch_bytes >= BATCH_BYTES {
            flush(&mut batch, &mut out)?;
            batch_bytes = 0;
        }
        Ok(())
    })?;
    flush(&mut batch, &mut out)?;
    out.flush()?;
    if !ctx.quiet {
        eprintln!(
            "coded {n_reports} reports, {n_events} events, rejected {rejected} ({CODER_VERSION})"
        );
    }
    Ok(if rejected > 0 {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

fn code_store(ctx: &Context, coder: &Coder, threads: usize) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_store()?;
    let (n_reports, n_events) = code_stored(store.as_mut(), coder, threads)?;
    if ctx.json {
        println!(
            "{}",
            json!({"coded_reports": n_reports, "events": n_events, "coder_version": CODER_VERSION})
        );
    } else if !ctx.quiet {
        eprintln!("coded {n_reports} reports, {n_events} events ({CODER_VERSION})");
    }
    Ok(ExitCode::SUCCESS)
}

/// Code every stored report not yet coded by this coder version on `threads` threads,
/// streaming each report's events into the store; the numbers of reports and events.
pub fn code_stored(
    store: &mut dyn Store,
    coder: &Coder,
    threads: usize,
) -> anyhow::Result<(u64, u64)> {
    let (mut n_reports, mut n_events) = (0u64, 0u64);
    loop {
        let reports = store
            .uncoded_reports(CODER_VERSION, BATCH)
            .context("reading uncoded reports")?;
        if reports.is_empty() {
            return Ok((n_reports, n_events));
        }
        store
            .put_events_with(CODER_VERSION, &mut |sink| {
                code_in_order(coder, &reports, threads, |coded| match coded {
                    Coded::Report(index) => {
                        n_reports += 1;
                        sink.begin_report(&reports[index].id)
                    }
                    Coded::Event(event) => {
                        n_events += 1;
                        sink.put_event(&event)
                    }
                })
            })
            .context("storing events")?;
    }
}

/// CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "report_ref",
    "report_id",
    "event_id",
    "event_type",
    "mode",
    "context",
    "cameo",
    "actor",
    "actor_detail",
    "recipient",
    "recipient_detail",
    "modality",
    "attributed_to",
    "attributed_detail",
    "quantity",
    "quantity_max",
    "quantity_unit",
    "quantity_text",
    "location",
    "location_country",
    "lat",
    "lon",
    "event_date",
    "date_precision",
    "date_basis",
    "start",
    "end",
    "rule",
    "sentence",
];

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn name_of<T: serde::Serialize>(v: &Option<T>) -> String {
    v.as_ref()
        .and_then(|x| serde_json::to_value(x).ok())
        .and_then(|x| x.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One event as a CSV row.
pub fn csv_row(ev: &Event) -> String {
    let q = ev.quantity.as_ref();
    let l = ev.location.as_ref();
    let fields: Vec<String> = vec![
        ev.evidence.report_ref.clone().unwrap_or_default(),
        ev.evidence.report_id.clone(),
        ev.id.clone(),
        ev.event_type.name().to_string(),
        ev.mode.clone().unwrap_or_default(),
        ev.context.join(";"),
        ev.cameo.clone().unwrap_or_default(),
        ev.actor.join(";"),
        ev.actor_detail.clone().unwrap_or_default(),
        ev.recipient.join(";"),
        ev.recipient_detail.clone().unwrap_or_default(),
        ev.modality.name().to_string(),
        ev.attributed_to.join(";"),
        ev.attributed_detail.clone().unwrap_or_default(),
        q.and_then(|q| q.value)
            .map(|v| v.to_string())
            .unwrap_or_else(|| q.and_then(|q| q.vague.clone()).unwrap_or_default()),
        q.and_then(|q| q.max)
            .map(|v| v.to_string())
            .unwrap_or_default(),
        q.map(|q| q.unit.clone()).unwrap_or_default(),
        q.map(|q| q.text.clone()).unwrap_or_default(),
        l.map(|l| l.name.clone()).unwrap_or_default(),
        l.and_then(|l| l.country.clone()).unwrap_or_default(),
        l.and_then(|l| l.lat)
            .map(|v| v.to_string())
            .unwrap_or_default(),
        l.and_then(|l| l.lon)
            .map(|v| v.to_string())
            .unwrap_or_default(),
        ev.event_date.clone().unwrap_or_default(),
        name_of(&ev.date_precision),
        name_of(&ev.date_basis),
        ev.evidence.start.to_string(),
        ev.evidence.end.to_string(),
        ev.rule.clone(),
        ev.evidence.text.clone(),
    ];
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// One event in PLOVER/POLECAT style: lists for event/mode/context, actor blocks.
pub fn plover_json(ev: &Event) -> serde_json::Value {
    let entities = |codes: &[String], detail: &Option<String>| -> Vec<serde_json::Value> {
        codes
            .iter()
            .map(|c| json!({"code": c, "entity_text": detail}))
            .collect()
    };
    json!({
        "id": ev.id,
        "date": ev.event_date,
        "event": [plover_type(ev).name()],
        "event_coded": ev.event_type.name(),
        "mode": ev.mode.iter().collect::<Vec<_>>(),
        "context": ev.context,
        "cameo": ev.cameo,
        "actor": entities(&ev.actor, &ev.actor_detail),
        "recipient": entities(&ev.recipient, &ev.recipient_detail),
        "size": ev.quantity,
        "event_loc": ev.location,
        "modality": ev.modality.name(),
        "citation": {"source": ev.evidence.report_ref, "report_id": ev.evidence.report_id,
                     "attributed_to": ev.attributed_to, "attributed_detail": ev.attributed_detail},
        "text": ev.evidence.text,
        "text_offsets": {"start": ev.evidence.start, "end": ev.evidence.end},
        "rule": ev.rule,
        "language": "en",
    })
}

fn write_event(out: &mut dyn Write, ev: &Event, format: EventFormat) -> anyhow::Result<()> {
    match format {
        EventFormat::Jsonl => {
            // the report reference at top level too, as the team's scorer reads it
            let mut v = serde_json::to_value(ev)?;
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "report_ref".into(),
                    serde_json::json!(ev.evidence.report_ref),
                );
            }
            writeln!(out, "{v}")?
        }
        EventFormat::Csv => writeln!(out, "{}", csv_row(ev))?,
        EventFormat::Plover => writeln!(out, "{}", plover_json(ev))?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reports_of(lengths: &[usize]) -> Vec<Report> {
        lengths
            .iter()
            .enumerate()
            .map(|(i, &len)| Report::plain_text(format!("r{i}"), "x".repeat(len), None))
            .collect()
    }

    #[test]
    fn chunks_close_on_report_count_or_text_size() {
        let big = CHUNK_BYTES;
        // (report lengths, chunks as (first, end))
        type Case = (Vec<usize>, Vec<(usize, usize)>);
        let table: &[Case] = &[
            (vec![], vec![]),
            (vec![10], vec![(0, 1)]),
            (vec![10; 20], vec![(0, 16), (16, 20)]),
            (vec![10; 32], vec![(0, 16), (16, 32)]),
            (vec![big, 10, 10], vec![(0, 1), (1, 3)]),
            (vec![10, big / 2, big / 2, 10], vec![(0, 3), (3, 4)]),
            (vec![big, big], vec![(0, 1), (1, 2)]),
        ];
        for (lengths, expected) in table {
            let got: Vec<(usize, usize)> = chunk_bounds(&reports_of(lengths))
                .into_iter()
                .map(|r| (r.start, r.end))
                .collect();
            assert_eq!(&got, expected, "{lengths:?}");
        }
    }
}
