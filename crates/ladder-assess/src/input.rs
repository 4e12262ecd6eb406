//! The engine's input: coded events joined to what the engine needs of their reports
//! (publication date, source, reliability, origin). Pure data; loading it from a store is
//! in [`crate::load`].

use chrono::NaiveDate;
use ladder_core::{Event, Reliability, Report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One event with its report's facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputEvent {
    pub event: Event,
    /// The day the report was published (what was known by then).
    pub published: NaiveDate,
    /// The outlet or agency of the report.
    pub source: Option<String>,
    pub report_ref: Option<String>,
    /// Source reliability from the registry; F when the source is unknown.
    pub reliability: Reliability,
    /// The report's origin for independence ([`Report::origin`]: wire, else source).
    pub origin: String,
}

/// Everything the engine reads: events sorted by publication date, then event id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssessmentInput {
    pub events: Vec<InputEvent>,
}

impl AssessmentInput {
    /// Join events to their reports. An event whose report is missing is dropped; a report
    /// without a publication date dates its events by the end of their event date, and
    /// events with neither are dropped (they cannot be placed in time).
    pub fn new(events: Vec<Event>, reports: &[Report]) -> Self {
        let by_id: BTreeMap<&str, &Report> = reports.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut joined: Vec<InputEvent> = events
            .into_iter()
            .filter_map(|event| {
                let report = by_id.get(event.evidence.report_id.as_str())?;
                let published = report
                    .published
                    .or_else(|| event.date_range().map(|(_, end)| end))?;
                Some(InputEvent {
                    published,
                    source: report.source.clone(),
                    report_ref: report.report_ref.clone(),
                    reliability: report.reliability.unwrap_or(Reliability::F),
                    origin: report.origin(),
                    event,
                })
            })
            .collect();
        joined.sort_by(|a, b| {
            (a.published, &a.event.id, a.event.evidence.start).cmp(&(
                b.published,
                &b.event.id,
                b.event.evidence.start,
            ))
        });
        AssessmentInput { events: joined }
    }

    /// Build from already-joined events (sorts them).
    pub fn from_events(mut events: Vec<InputEvent>) -> Self {
        events.sort_by(|a, b| {
            (a.published, &a.event.id, a.event.evidence.start).cmp(&(
                b.published,
                &b.event.id,
                b.event.evidence.start,
            ))
        });
        AssessmentInput { events }
    }

    /// The latest publication date: the default `--as-of` (never the wall clock).
    pub fn latest_published(&self) -> Option<NaiveDate> {
        self.events.last().map(|e| e.published)
    }

    /// The earliest publication date.
    pub fn earliest_published(&self) -> Option<NaiveDate> {
        self.events.first().map(|e| e.published)
    }

    /// Only the events published on or before `day`.
    pub fn published_until(&self, day: NaiveDate) -> &[InputEvent] {
        let end = self.events.partition_point(|e| e.published <= day);
        &self.events[..end]
    }
}
