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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::event;
    use ladder_core::hash::{normalise_text, report_id};
    use ladder_core::{EventType, Modality, Reliability, Report, ReportFormat, Tlp};
    use ladder_store::SqliteStore;

    fn report(text: &str, published: &str, source: &str, wire: &[&str]) -> Report {
        let text = normalise_text(text);
        Report {
            id: report_id(&text),
            report_ref: Some(format!("{source}.txt")),
            source: Some(source.to_string()),
            url: None,
            title: None,
            published: NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
            published_at: None,
            language: Some("en".into()),
            text,
            format: ReportFormat::Text,
            dateline: None,
            wire: wire.iter().map(|w| w.to_string()).collect(),
            reliability: (source == "Reuters").then_some(Reliability::A),
            tlp: Tlp::Clear,
        }
    }

    #[test]
    fn reads_events_with_their_reports_up_to_a_date() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let early = report(
            "North Korea sent troops to Russia.",
            "2024-10-18",
            "Reuters",
            &[],
        );
        let late = report(
            "Ukraine fought North Korean troops in Kursk.",
            "2024-11-05",
            "Unknown Daily",
            &["AFP"],
        );
        store.put_reports(&[early.clone(), late.clone()]).unwrap();
        let mut a = event("a", "PRK", EventType::Aid, "RUS", Modality::Asserted);
        a.evidence.report_id = early.id.clone();
        let mut b = event("b", "UKR", EventType::Assault, "PRK", Modality::Asserted);
        b.evidence.report_id = late.id.clone();
        store
            .put_events(
                "test",
                &[(early.id.clone(), vec![a]), (late.id.clone(), vec![b])],
            )
            .unwrap();

        let all = AssessmentInput::from_store(&store, None).unwrap();
        let facts: Vec<(&str, Reliability, &str)> = all
            .events
            .iter()
            .map(|e| (e.event.id.as_str(), e.reliability, e.origin.as_str()))
            .collect();
        assert_eq!(
            facts,
            vec![
                ("a", Reliability::A, "source:reuters"),
                ("b", Reliability::F, "wire:afp")
            ]
        );
        let until = NaiveDate::from_ymd_opt(2024, 10, 31);
        let early_only = AssessmentInput::from_store(&store, until).unwrap();
        assert_eq!(early_only.events.len(), 1);
        assert_eq!(
            early_only.latest_published(),
            NaiveDate::from_ymd_opt(2024, 10, 18)
        );
    }
}
