//! The engine's only door to the world: reading an [`AssessmentInput`] through the
//! [`Store`] trait. Everything else in this crate is pure.

use crate::input::{AssessmentInput, InputEvent};
use crate::pattern::CompiledPattern;
use chrono::NaiveDate;
use ladder_core::{CorrectionSet, Event, Reliability, Scenario, Tlp};
use ladder_store::{EventFilter, ReportMeta, Store, StoreError};
use std::collections::{BTreeSet, HashMap};

impl AssessmentInput {
    /// Read every event from reports published on or before `until` (all when `None`),
    /// with the reports they come from.
    pub fn from_store(store: &dyn Store, until: Option<NaiveDate>) -> Result<Self, StoreError> {
        let filter = EventFilter {
            published_until: until,
            ..EventFilter::default()
        };
        AssessmentInput::from_store_filtered(store, &filter)
    }

    /// Read only the events `scenario` can use, from reports published on or before
    /// `until`: when every indicator names actors (or recipients), only events involving
    /// one of those codes are read, through the store's actor index. The assessment is the
    /// same as with [`AssessmentInput::from_store`], read faster.
    pub fn from_store_for(
        store: &dyn Store,
        scenario: &Scenario,
        until: Option<NaiveDate>,
    ) -> Result<Self, StoreError> {
        let filter = EventFilter {
            published_until: until,
            actors: scenario_actor_codes(scenario).unwrap_or_default(),
            ..EventFilter::default()
        };
        AssessmentInput::from_store_filtered(store, &filter)
    }

    /// Read the events matching `filter` with what the engine needs of their reports
    /// (no report text), in two passes: the events, streamed, then their reports'
    /// metadata in batches.
    pub fn from_store_filtered(
        store: &dyn Store,
        filter: &EventFilter,
    ) -> Result<Self, StoreError> {
        let mut events: Vec<Event> = Vec::new();
        store.for_each_event(filter, &mut |event| {
            events.push(event);
            Ok(())
        })?;
        let ids: Vec<String> = events
            .iter()
            .map(|e| e.evidence.report_id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let reports = store.report_meta(&ids)?;
        Ok(AssessmentInput::from_report_meta(events, &reports))
    }

    /// Stream the store's events in publication-date order and keep only those that match
    /// an indicator of `scenario` (as evidence or denial), up to `until`: the engine's
    /// input for that scenario — it assesses and replays exactly as the full input would —
    /// without ever holding the events it cannot use. Also returns the first and last
    /// publication dates among all the events read (the default period of a replay).
    pub fn from_store_matching(
        store: &dyn Store,
        scenario: &Scenario,
        until: Option<NaiveDate>,
    ) -> Result<(Self, Option<(NaiveDate, NaiveDate)>), StoreError> {
        AssessmentInput::from_store_matching_corrected(
            store,
            scenario,
            &CorrectionSet::default(),
            until,
            None,
        )
    }

    /// [`AssessmentInput::from_store_matching`] over the events as analysts corrected
    /// them (rejected left out, fixes applied, added events joined); with `max_tlp`, the
    /// events of reports marked above it are left out.
    pub fn from_store_matching_corrected(
        store: &dyn Store,
        scenario: &Scenario,
        corrections: &CorrectionSet,
        until: Option<NaiveDate>,
        max_tlp: Option<Tlp>,
    ) -> Result<(Self, Option<(NaiveDate, NaiveDate)>), StoreError> {
        let readable = |tlp: Tlp| max_tlp.is_none_or(|max| tlp <= max);
        let patterns: Vec<CompiledPattern> = scenario
            .stages
            .iter()
            .flat_map(|s| &s.indicators)
            .map(CompiledPattern::new)
            .collect();
        let actors = if corrections.changes_parties() {
            Vec::new()
        } else {
            scenario_actor_codes(scenario).unwrap_or_default()
        };
        let filter = EventFilter {
            published_until: until,
            actors,
            ..EventFilter::default()
        };
        let mut kept = Vec::new();
        let mut span: Option<(NaiveDate, NaiveDate)> = None;
        store.for_each_event_by_date(&filter, &mut |event, report| {
            if !readable(report.tlp) {
                return Ok(());
            }
            let Some(event) = corrections.apply(event) else {
                return Ok(());
            };
            let Some(published) = report
                .published
                .or_else(|| event.date_range().map(|(_, end)| end))
            else {
                return Ok(());
            };
            span = Some(span.map_or((published, published), |(first, last)| {
                (first.min(published), last.max(published))
            }));
            if patterns.iter().any(|p| p.role(&event).is_some()) {
                kept.push(InputEvent {
                    published,
                    source: report.source.clone(),
                    report_ref: report.report_ref.clone(),
                    reliability: report.reliability.unwrap_or(Reliability::F),
                    origin: report.origin(),
                    event,
                });
            }
            Ok(())
        })?;
        let added = corrections.added();
        if !added.is_empty() {
            let ids: Vec<String> = added.iter().map(|e| e.evidence.report_id.clone()).collect();
            let reports: Vec<ReportMeta> = store
                .report_meta(&ids)?
                .into_iter()
                .filter(|r| readable(r.tlp))
                .collect();
            let joined = AssessmentInput::from_report_meta(added, &reports);
            kept.extend(joined.events.into_iter().filter(|e| {
                until.is_none_or(|u| e.published <= u)
                    && patterns.iter().any(|p| p.role(&e.event).is_some())
            }));
        }
        Ok((AssessmentInput::from_events(kept), span))
    }

    /// Like [`AssessmentInput::from_store_for`] (`scenario` given) or
    /// [`AssessmentInput::from_store`], reading the events as analysts corrected them:
    /// rejected events left out, fixed fields applied, added events joined (when their
    /// report is published by `until`). With `max_tlp`, events of reports marked above it
    /// are left out, for a reader not cleared for them.
    pub fn from_store_corrected(
        store: &dyn Store,
        scenario: Option<&Scenario>,
        corrections: &CorrectionSet,
        until: Option<NaiveDate>,
        max_tlp: Option<Tlp>,
    ) -> Result<Self, StoreError> {
        let actors = match scenario {
            // A fixed actor or recipient can bring an event into the scenario's dyad
            // from outside it: then every event is read.
            Some(s) if !corrections.changes_parties() => {
                scenario_actor_codes(s).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let filter = EventFilter {
            published_until: until,
            actors,
            ..EventFilter::default()
        };
        let mut events: Vec<Event> = Vec::new();
        store.for_each_event(&filter, &mut |event| {
            if let Some(event) = corrections.apply(event) {
                events.push(event);
            }
            Ok(())
        })?;
        events.extend(corrections.added());
        let ids: Vec<String> = events
            .iter()
            .map(|e| e.evidence.report_id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let reports: Vec<ReportMeta> = store
            .report_meta(&ids)?
            .into_iter()
            .filter(|r| max_tlp.is_none_or(|max| r.tlp <= max))
            .filter(|r| match (until, r.published) {
                (Some(until), Some(published)) => published <= until,
                _ => true,
            })
            .collect();
        Ok(AssessmentInput::from_report_meta(events, &reports))
    }

    /// Join events to their reports' metadata; the same rules as [`AssessmentInput::new`]
    /// (events of unknown reports are dropped; an undated report dates its events by the
    /// end of their event date; events with neither are dropped).
    pub fn from_report_meta(events: Vec<Event>, reports: &[ReportMeta]) -> Self {
        // A hash map: only looked up, never iterated, so its order cannot reach the output.
        let by_id: HashMap<&str, (&ReportMeta, String)> = reports
            .iter()
            .map(|r| (r.id.as_str(), (r, r.origin())))
            .collect();
        let joined: Vec<InputEvent> = events
            .into_iter()
            .filter_map(|event| {
                let (report, origin) = by_id.get(event.evidence.report_id.as_str())?;
                let published = report
                    .published
                    .or_else(|| event.date_range().map(|(_, end)| end))?;
                Some(InputEvent {
                    published,
                    source: report.source.clone(),
                    report_ref: report.report_ref.clone(),
                    reliability: report.reliability.unwrap_or(Reliability::F),
                    origin: origin.clone(),
                    event,
                })
            })
            .collect();
        AssessmentInput::from_events(in_input_order(joined))
    }
}

/// `events` in the engine's order (publication day, event id, evidence offset; ties keep
/// their order, as a stable sort would), each moved once: sorting a million large
/// structs directly moves each of them some twenty times, while sorting their indices
/// moves eight bytes, and the engine's own sort then finds one sorted run.
fn in_input_order(events: Vec<InputEvent>) -> Vec<InputEvent> {
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&events[a], &events[b]);
        (x.published, &x.event.id, x.event.evidence.start).cmp(&(
            y.published,
            &y.event.id,
            y.event.evidence.start,
        ))
    });
    let mut slots: Vec<Option<InputEvent>> = events.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// The actor codes an event must involve (as actor or recipient) to match any indicator
/// of `scenario`, or `None` when some indicator names neither actors nor recipients (then
/// every event may match). An event matching a pattern has one of the pattern's actors on
/// one side (either side when directions may swap), so one non-empty list per indicator
/// is enough.
pub fn scenario_actor_codes(scenario: &Scenario) -> Option<Vec<String>> {
    let mut codes = BTreeSet::new();
    for indicator in scenario.stages.iter().flat_map(|s| &s.indicators) {
        let pattern = &indicator.pattern;
        let side = if !pattern.actor.is_empty() {
            &pattern.actor
        } else if !pattern.recipient.is_empty() {
            &pattern.recipient
        } else {
            return None;
        };
        codes.extend(side.iter().cloned());
    }
    Some(codes.into_iter().collect())
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
    #[test]
    fn scenario_reads_only_events_of_its_actors_and_joins_like_new() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let first = report("Troops went east.", "2024-10-18", "Reuters", &[]);
        let second = report("Talks in Beijing.", "2024-10-20", "Unknown Daily", &["AFP"]);
        store.put_reports(&[first.clone(), second.clone()]).unwrap();
        let mut a = event("a", "PRK", EventType::Aid, "RUS", Modality::Asserted);
        a.evidence.report_id = first.id.clone();
        let mut b = event("b", "UKR", EventType::Assault, "PRK", Modality::Asserted);
        b.evidence.report_id = second.id.clone();
        let mut c = event("c", "USA", EventType::Consult, "CHN", Modality::Asserted);
        c.evidence.report_id = second.id.clone();
        store
            .put_events(
                "test",
                &[(first.id.clone(), vec![a]), (second.id.clone(), vec![b, c])],
            )
            .unwrap();
        let scenarios = crate::ScenarioSet::bundled().unwrap();
        // One PRK-RUS indicator (arms found on the battlefield) names no actors: read all.
        let prk_rus = scenarios
            .resolve("prk-rus-military-cooperation", None)
            .unwrap();
        assert_eq!(scenario_actor_codes(&prk_rus), None);
        let read = AssessmentInput::from_store_for(&store, &prk_rus, None).unwrap();
        assert_eq!(read.events.len(), 3);
        let dyad = scenarios
            .resolve("dyadic-escalation", Some(("UKR", "PRK")))
            .unwrap();
        // Every dyad pattern has actor A (either direction): each match involves UKR.
        assert_eq!(scenario_actor_codes(&dyad), Some(vec!["UKR".to_string()]));
        let read = AssessmentInput::from_store_for(&store, &dyad, None).unwrap();
        let ids: Vec<&str> = read.events.iter().map(|e| e.event.id.as_str()).collect();
        assert_eq!(ids, ["b"]);

        // Streaming by date keeps the matching events only, and replays the same.
        let (streamed, span) =
            AssessmentInput::from_store_matching(&store, &prk_rus, None).unwrap();
        let ids: Vec<&str> = streamed
            .events
            .iter()
            .map(|e| e.event.id.as_str())
            .collect();
        // Neither aid without a mode nor the USA-CHN talks match an indicator.
        assert_eq!(ids, ["b"]);
        assert_eq!(
            span,
            Some((
                NaiveDate::from_ymd_opt(2024, 10, 18).unwrap(),
                NaiveDate::from_ymd_opt(2024, 10, 20).unwrap()
            ))
        );
        let (from, to) = span.unwrap();
        assert_eq!(
            crate::replay(&prk_rus, &streamed, from, to, 1).unwrap(),
            crate::replay(
                &prk_rus,
                &AssessmentInput::from_store_for(&store, &prk_rus, None).unwrap(),
                from,
                to,
                1
            )
            .unwrap()
        );

        // The metadata join gives what the full-report join gives.
        let all = AssessmentInput::from_store(&store, None).unwrap();
        let events: Vec<Event> = all.events.iter().map(|e| e.event.clone()).collect();
        assert_eq!(all, AssessmentInput::new(events, &[first, second]));
        assert_eq!(all.events.len(), 3);
    }
}
