//! Ladder's work queue on NATS JetStream: reports published by `ladder ingest --queue`
//! (and re-code requests by `ladder recode --queue`) wait in a work-queue stream until a
//! `ladder worker` codes them into the PostgreSQL store and acknowledges them.
//!
//! - Stream [`WORK_STREAM`] (subjects `ladder.work.>`, work-queue retention, file storage):
//!   each message is a JSON [`WorkItem`]; a report is published with its id as the
//!   `Nats-Msg-Id`, so re-publishing within the duplicate window stores it once.
//! - Durable pull consumer [`CONSUMER`], explicit acks, at most `max_in_flight`
//!   unacknowledged messages (back-pressure), redelivery after [`ACK_WAIT`].
//! - Stream [`DEAD_STREAM`] (`ladder.dead.>`) keeps poison messages with their error.
//!
//! The queue's API is synchronous: a [`WorkQueue`] owns a small tokio runtime for the
//! NATS client, so that callers (and the synchronous [`ladder_store::Store`]) never nest
//! runtimes. The stream's description carries [`FORMAT`]: a stream made by another
//! version of ladder is refused with [`QueueError::StreamFormat`].

pub mod worker;

use async_nats::jetstream::{self, consumer, stream};
use futures_util::StreamExt;
use ladder_core::Report;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The work stream's name.
pub const WORK_STREAM: &str = "LADDER_WORK";
/// Subject reports are published on.
pub const REPORT_SUBJECT: &str = "ladder.work.report";
/// The dead-letter stream's name.
pub const DEAD_STREAM: &str = "LADDER_DEAD";
/// Subject poison messages are moved to.
pub const DEAD_SUBJECT: &str = "ladder.dead.report";
/// The workers' shared durable consumer.
pub const CONSUMER: &str = "ladder-workers";
/// The message format, kept in the stream's description.
pub const FORMAT: &str = "ladder work queue, format 1";
/// How long a delivered message may stay unacknowledged before it is delivered again.
pub const ACK_WAIT: Duration = Duration::from_secs(30);
/// Header of a dead letter naming why it died.
pub const ERROR_HEADER: &str = "Ladder-Error";

/// How long to wait for the server at connection time (a wrong URL is an error, not a hang).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How many publishes wait for their acknowledgement at once.
const PUBLISH_WINDOW: usize = 256;

/// Errors of the queue.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot connect to NATS at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error(
        "stream {stream} was made by another ladder version ({found:?}, expected {expected:?}); \
         drain it with that version, or delete it (nats stream rm {stream}) and publish again"
    )]
    StreamFormat {
        stream: String,
        found: String,
        expected: String,
    },
    #[error("NATS JetStream: {0}")]
    JetStream(String),
    #[error(transparent)]
    Store(#[from] ladder_store::StoreError),
}

pub type Result<T> = std::result::Result<T, QueueError>;

fn js_err(err: impl std::fmt::Display) -> QueueError {
    QueueError::JetStream(err.to_string())
}

/// One message of the work stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum WorkItem {
    /// A new report: store it and code it.
    Report { report: Box<Report> },
    /// A stored report to code again (after a lexicon or coder change).
    Recode { report_id: String },
}

/// Counts for `ladder status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QueueStatus {
    /// Messages the work stream holds. After a nats-server crash this can include work
    /// already acknowledged (the server may not have removed it); `pending + in_flight`
    /// is the work still to do.
    pub queued: u64,
    /// Messages not yet delivered to any worker.
    pub pending: u64,
    /// Delivered but not yet acknowledged.
    pub in_flight: u64,
    /// Workers waiting on a pull request now (one per idle or starting worker).
    pub waiting_pulls: u64,
    /// Messages in the dead-letter stream.
    pub dead_letters: u64,
}

/// A connection to the work queue, with its streams made or checked.
pub struct WorkQueue {
    rt: tokio::runtime::Runtime,
    client: async_nats::Client,
    js: jetstream::Context,
    url: String,
}

impl WorkQueue {
    /// Connect to the NATS server at `url` (`nats://host:port`) and make (or check) the
    /// work and dead-letter streams.
    pub fn connect(url: &str) -> Result<WorkQueue> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(js_err)?;
        let connect_err = |reason: String| QueueError::Connect {
            url: url.to_string(),
            reason,
        };
        let client = rt
            .block_on(async {
                tokio::time::timeout(
                    CONNECT_TIMEOUT * 2,
                    async_nats::ConnectOptions::new()
                        .connection_timeout(CONNECT_TIMEOUT)
                        .connect(url),
                )
                .await
            })
            .map_err(|_| connect_err("timed out".into()))?
            .map_err(|e| connect_err(e.to_string()))?;
        // The JetStream context spawns its acker task: inside the runtime.
        let js = {
            let _inside = rt.enter();
            jetstream::new(client.clone())
        };
        let queue = WorkQueue {
            rt,
            client,
            js,
            url: url.to_string(),
        };
        queue.rt.block_on(queue.ensure_streams())?;
        Ok(queue)
    }

    /// The server's URL, for messages.
    pub fn url(&self) -> &str {
        &self.url
    }

    async fn ensure_streams(&self) -> Result<()> {
        let work = self
            .js
            .get_or_create_stream(stream::Config {
                name: WORK_STREAM.to_string(),
                subjects: vec!["ladder.work.>".to_string()],
                retention: stream::RetentionPolicy::WorkQueue,
                storage: stream::StorageType::File,
                description: Some(FORMAT.to_string()),
                ..Default::default()
            })
            .await
            .map_err(|e| QueueError::JetStream(format!("making stream {WORK_STREAM}: {e}")))?;
        let found = work
            .cached_info()
            .config
            .description
            .clone()
            .unwrap_or_default();
        if found != FORMAT {
            return Err(QueueError::StreamFormat {
                stream: WORK_STREAM.to_string(),
                found,
                expected: FORMAT.to_string(),
            });
        }
        self.js
            .get_or_create_stream(stream::Config {
                name: DEAD_STREAM.to_string(),
                subjects: vec!["ladder.dead.>".to_string()],
                storage: stream::StorageType::File,
                description: Some(FORMAT.to_string()),
                ..Default::default()
            })
            .await
            .map_err(|e| QueueError::JetStream(format!("making stream {DEAD_STREAM}: {e}")))?;
        Ok(())
    }

    /// Publish work items, waiting for JetStream to store each (in windows of
    /// [`PUBLISH_WINDOW`]); the number published.
    pub fn publish(&self, items: impl IntoIterator<Item = WorkItem>) -> Result<u64> {
        self.rt.block_on(async {
            let mut pending = Vec::with_capacity(PUBLISH_WINDOW);
            let mut published = 0u64;
            for item in items {
                let mut headers = async_nats::HeaderMap::new();
                if let WorkItem::Report { report } = &item {
                    headers.insert("Nats-Msg-Id", report.id.as_str());
                }
                let payload = serde_json::to_vec(&item).map_err(js_err)?;
                let ack = self
                    .js
                    .publish_with_headers(REPORT_SUBJECT, headers, payload.into())
                    .await
                    .map_err(js_err)?;
                pending.push(ack);
                if pending.len() >= PUBLISH_WINDOW {
                    for ack in pending.drain(..) {
                        ack.await.map_err(js_err)?;
                        published += 1;
                    }
                }
            }
            for ack in pending {
                ack.await.map_err(js_err)?;
                published += 1;
            }
            Ok(published)
        })
    }

    /// Queue depth, in-flight messages and dead letters.
    pub fn status(&self) -> Result<QueueStatus> {
        self.rt.block_on(async {
            let mut work = self.js.get_stream(WORK_STREAM).await.map_err(js_err)?;
            let queued = work.info().await.map_err(js_err)?.state.messages;
            let mut dead = self.js.get_stream(DEAD_STREAM).await.map_err(js_err)?;
            let dead_letters = dead.info().await.map_err(js_err)?.state.messages;
            let (pending, in_flight, waiting_pulls) = match work.consumer_info(CONSUMER).await {
                Ok(info) => (
                    info.num_pending,
                    info.num_ack_pending as u64,
                    info.num_waiting as u64,
                ),
                Err(_) => (queued, 0, 0),
            };
            Ok(QueueStatus {
                queued,
                pending,
                in_flight,
                waiting_pulls,
                dead_letters,
            })
        })
    }

    /// The dead letters: each message's error header and payload.
    pub fn dead_letters(&self, limit: usize) -> Result<Vec<(String, String)>> {
        self.rt.block_on(async {
            let dead = self.js.get_stream(DEAD_STREAM).await.map_err(js_err)?;
            let consumer = dead
                .create_consumer(consumer::pull::Config {
                    ack_policy: consumer::AckPolicy::None,
                    inactive_threshold: Duration::from_secs(30),
                    ..Default::default()
                })
                .await
                .map_err(js_err)?;
            let mut out = Vec::new();
            let mut batch = consumer
                .fetch()
                .max_messages(limit)
                .expires(Duration::from_secs(1))
                .messages()
                .await
                .map_err(js_err)?;
            while let Some(message) = batch.next().await {
                let message = message.map_err(js_err)?;
                let error = message
                    .headers
                    .as_ref()
                    .and_then(|h| h.get(ERROR_HEADER))
                    .map(|v| v.as_str().to_string())
                    .unwrap_or_default();
                out.push((
                    error,
                    String::from_utf8_lossy(&message.payload).into_owned(),
                ));
            }
            Ok(out)
        })
    }

    pub(crate) fn runtime(&self) -> &tokio::runtime::Runtime {
        &self.rt
    }

    pub(crate) fn jetstream(&self) -> &jetstream::Context {
        &self.js
    }

    /// Flush and close the connection.
    pub fn close(self) {
        let _ = self.rt.block_on(self.client.flush());
    }
}
