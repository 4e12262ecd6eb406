//! The engine's only door to the world: reading an [`AssessmentInput`] through the
//! [`Store`] trait. Everything else in this crate is pure.

use crate::input::AssessmentInput;
use chrono::NaiveDate;
use ladder_store::{EventFilter, Store, StoreError};
use std::collections::BTreeSet;

impl AssessmentInput {
    /// Read every event from reports published on or before `until` (all when `None`),
    /// with the reports they come from.
    pub fn from_store(store: &dyn Store, until: Option<NaiveDate>) -> Result<Self, StoreError> {
        let filter = EventFilter {
            published_until: until,
            ..EventFilter::default()
        };
        let events = store.events(&filter)?;
        let ids: Vec<String> = events
            .iter()
            .map(|e| e.evidence.report_id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let reports = store.reports_by_id(&ids)?;
        Ok(AssessmentInput::new(events, &reports))
    }
}
