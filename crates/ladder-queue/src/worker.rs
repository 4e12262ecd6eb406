//! One `ladder worker`: pull a batch from the work stream, code it, store reports and
//! events in one PostgreSQL transaction, and only then acknowledge the messages.
//!
//! - Redelivery is harmless: reports are keyed by id and a report's events are replaced.
//! - A message that is not a work item, names an unknown report, makes the coder panic,
//!   cannot be stored on a reachable database, or was delivered `max_deliveries` times
//!   without being acknowledged (the worker died on it each time) goes to the dead-letter
//!   stream with its error, and is acknowledged so that it never blocks the stream.
//! - While the database is unreachable the worker keeps its messages (telling NATS it is
//!   still working on them) and retries with backoff; while NATS is unreachable it
//!   retries its pulls with backoff. Neither is fatal.

use crate::{
    js_err, QueueError, Result, WorkItem, WorkQueue, ACK_WAIT, CONSUMER, DEAD_SUBJECT,
    ERROR_HEADER, WORK_STREAM,
};
use async_nats::jetstream::consumer::{pull, AckPolicy, PullConsumer};
use async_nats::jetstream::{AckKind, Message};
use futures_util::StreamExt;
use ladder_core::{Event, Report};
use ladder_store::{PgStore, Store};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Messages pulled (and committed) at a time.
    pub batch: usize,
    /// Unacknowledged messages the consumer allows across all workers (back-pressure).
    pub max_in_flight: usize,
    /// Deliveries after which a message is dead (its worker died on it each time).
    pub max_deliveries: i64,
    /// Stop after the queue has been empty this long (`None`: run until killed).
    pub idle_exit: Option<Duration>,
    /// The coder version events are stored under.
    pub coder_version: String,
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct WorkerStats {
    pub batches: u64,
    pub reports: u64,
    pub events: u64,
    pub dead_letters: u64,
}

/// The longest pause between retries while a server is down.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

fn backoff(attempt: u32) -> Duration {
    (Duration::from_millis(250) * 2u32.saturating_pow(attempt.min(5))).min(MAX_BACKOFF)
}

/// One message's fate after reading and coding.
enum Fate {
    Coded(Box<Report>, Vec<Event>),
    Dead(String),
}

/// Run a worker until the queue stays empty for `idle_exit` (or for ever).
pub fn run_worker(
    queue: &WorkQueue,
    store: &mut PgStore,
    code: &(dyn Fn(&Report) -> Vec<Event> + Sync),
    options: &WorkerOptions,
    on_batch: &mut dyn FnMut(&WorkerStats),
) -> Result<WorkerStats> {
    let consumer = queue.runtime().block_on(consumer_of(queue, options))?;
    let mut stats = WorkerStats::default();
    let mut idle_since = Instant::now();
    let mut attempt = 0u32;
    loop {
        let messages = match queue.runtime().block_on(fetch(&consumer, options.batch)) {
            Ok(messages) => {
                attempt = 0;
                messages
            }
            Err(e) => {
                eprintln!(
                    "worker: pulling from NATS failed ({e}); retrying in {:?}",
                    backoff(attempt)
                );
                std::thread::sleep(backoff(attempt));
                attempt += 1;
                continue;
            }
        };
        if messages.is_empty() {
            if options
                .idle_exit
                .is_some_and(|idle| idle_since.elapsed() >= idle)
            {
                return Ok(stats);
            }
            continue;
        }
        handle_batch(queue, store, code, options, &messages, &mut stats)?;
        stats.batches += 1;
        on_batch(&stats);
        idle_since = Instant::now();
    }
}

async fn consumer_of(queue: &WorkQueue, options: &WorkerOptions) -> Result<PullConsumer> {
    let stream = queue
        .jetstream()
        .get_stream(WORK_STREAM)
        .await
        .map_err(js_err)?;
    stream
        .get_or_create_consumer(
            CONSUMER,
            pull::Config {
                durable_name: Some(CONSUMER.to_string()),
                ack_policy: AckPolicy::Explicit,
                ack_wait: ACK_WAIT,
                max_ack_pending: options.max_in_flight as i64,
                ..Default::default()
            },
        )
        .await
        .map_err(|e| QueueError::JetStream(format!("consumer {CONSUMER}: {e}")))
}

async fn fetch(consumer: &PullConsumer, batch: usize) -> Result<Vec<Message>> {
    let mut messages = consumer
        .fetch()
        .max_messages(batch)
        .expires(Duration::from_secs(1))
        .messages()
        .await
        .map_err(js_err)?;
    let mut out = Vec::with_capacity(batch);
    while let Some(message) = messages.next().await {
        out.push(message.map_err(js_err)?);
    }
    Ok(out)
}

/// Read, code, store and acknowledge one batch.
fn handle_batch(
    queue: &WorkQueue,
    store: &mut PgStore,
    code: &(dyn Fn(&Report) -> Vec<Event> + Sync),
    options: &WorkerOptions,
    messages: &[Message],
    stats: &mut WorkerStats,
) -> Result<()> {
    let mut fates = Vec::with_capacity(messages.len());
    for message in messages {
        fates.push(read_and_code(store, code, options, message)?);
    }
    let coded: Vec<usize> = (0..fates.len())
        .filter(|&i| matches!(fates[i], Fate::Coded(..)))
        .collect();
    let failures = store_with_retry(queue, store, options, messages, &fates, &coded)?;
    for (index, error) in failures {
        fates[index] = Fate::Dead(error);
    }
    for (message, fate) in messages.iter().zip(&fates) {
        match fate {
            Fate::Coded(_, events) => {
                stats.reports += 1;
                stats.events += events.len() as u64;
            }
            Fate::Dead(error) => {
                dead_letter(queue, message, error)?;
                stats.dead_letters += 1;
            }
        }
        queue
            .runtime()
            .block_on(message.ack())
            .map_err(|e| QueueError::JetStream(format!("acknowledging: {e}")))?;
    }
    Ok(())
}

/// Decode a message and code its report; a store error while looking up a re-code is
/// retried (the database may be restarting).
fn read_and_code(
    store: &PgStore,
    code: &(dyn Fn(&Report) -> Vec<Event> + Sync),
    options: &WorkerOptions,
    message: &Message,
) -> Result<Fate> {
    let delivered = message.info().map(|info| info.delivered).unwrap_or(1);
    if delivered > options.max_deliveries {
        return Ok(Fate::Dead(format!(
            "delivered {delivered} times without being stored (a worker died on it each time)"
        )));
    }
    let report = match serde_json::from_slice::<WorkItem>(&message.payload) {
        Err(e) => return Ok(Fate::Dead(format!("not a ladder work item: {e}"))),
        Ok(WorkItem::Report { report }) => report,
        Ok(WorkItem::Recode { report_id }) => {
            let mut attempt = 0;
            loop {
                match store.report(&report_id) {
                    Ok(Some(report)) => break Box::new(report),
                    Ok(None) => {
                        return Ok(Fate::Dead(format!(
                            "no stored report {report_id} to re-code"
                        )))
                    }
                    Err(e) => {
                        eprintln!("worker: reading {report_id} failed ({e}); retrying");
                        std::thread::sleep(backoff(attempt));
                        attempt += 1;
                    }
                }
            }
        }
    };
    match catch_unwind(AssertUnwindSafe(|| code(&report))) {
        Ok(events) => Ok(Fate::Coded(report, events)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            Ok(Fate::Dead(format!(
                "the coder panicked on report {}: {what}",
                report.id
            )))
        }
    }
}

/// Commit the coded reports of the batch in one transaction. While the database is
/// unreachable, keep the messages alive and retry with backoff; if it answers but the
/// batch still fails three times, store the reports one by one and return those that
/// fail (index, error), to be dead-lettered.
fn store_with_retry(
    queue: &WorkQueue,
    store: &mut PgStore,
    options: &WorkerOptions,
    messages: &[Message],
    fates: &[Fate],
    coded: &[usize],
) -> Result<Vec<(usize, String)>> {
    let batch_of = |indices: &[usize]| -> (Vec<Report>, Vec<(String, Vec<Event>)>) {
        let mut reports = Vec::new();
        let mut events = Vec::new();
        for &i in indices {
            if let Fate::Coded(report, evs) = &fates[i] {
                reports.push((**report).clone());
                events.push((report.id.clone(), evs.clone()));
            }
        }
        (reports, events)
    };
    let (reports, events) = batch_of(coded);
    let (mut attempt, mut failures_while_up) = (0u32, 0u32);
    loop {
        let Err(err) = store.put_coded_batch(&reports, &options.coder_version, &events) else {
            return Ok(Vec::new());
        };
        if store.is_reachable() {
            failures_while_up += 1;
            if failures_while_up >= 3 {
                break;
            }
        } else {
            eprintln!(
                "worker: the database is unreachable ({err}); retrying in {:?}",
                backoff(attempt)
            );
            for message in messages {
                let _ = queue
                    .runtime()
                    .block_on(message.ack_with(AckKind::Progress));
            }
        }
        std::thread::sleep(backoff(attempt));
        attempt += 1;
    }
    let mut failed = Vec::new();
    for &i in coded {
        let (reports, events) = batch_of(&[i]);
        if let Err(e) = store.put_coded_batch(&reports, &options.coder_version, &events) {
            failed.push((i, format!("storing failed: {e}")));
        }
    }
    Ok(failed)
}

/// Move a message to the dead-letter stream with its error, and wait until it is stored.
fn dead_letter(queue: &WorkQueue, message: &Message, error: &str) -> Result<()> {
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(ERROR_HEADER, error.replace(['\r', '\n'], " ").as_str());
    queue.runtime().block_on(async {
        queue
            .jetstream()
            .publish_with_headers(DEAD_SUBJECT, headers, message.payload.clone())
            .await
            .map_err(js_err)?
            .await
            .map_err(js_err)
    })?;
    Ok(())
}
