//! What the pages show, computed from the store: a scenario's assessment as analysts
//! corrected the events (with its stage chart and playbook responses), kept in a cache
//! that is dropped whenever the events or the corrections change.

use crate::WebError;
use chrono::{Days, NaiveDate};
use ladder_assess::{responses_for, AssessmentInput, PlaybookSet, ScenarioSet};
use ladder_brief::{Brief, Methods, StagePoint};
use ladder_core::{Assessment, CorrectionSet, Playbook, Response, Scenario, StageProbability, Tlp};
use ladder_store::{AnnotationStore, SqliteStore};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Days of history drawn in a scenario's stage chart.
pub const CHART_DAYS: u64 = 365;

/// One scenario as of a date.
#[derive(Debug, Clone)]
pub struct ScenarioView {
    pub scenario: Scenario,
    pub assessment: Assessment,
    /// The stage chart (inline SVG, escaped by its renderer).
    pub chart_svg: String,
    pub observer: Option<String>,
    pub responses_now: Vec<Response>,
    pub responses_next: Vec<Response>,
    /// The day's date range over which the chart runs.
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
}

impl ScenarioView {
    /// P(stage ≥ k) for the called stage (1.0 at stage 0).
    pub fn p_called(&self) -> f64 {
        p_at_least(&self.assessment.probabilities, self.assessment.stage_called)
    }
    /// P(stage ≥ k+1): the chance of the next rung.
    pub fn p_next(&self) -> f64 {
        p_at_least(
            &self.assessment.probabilities,
            self.assessment.stage_called.saturating_add(1),
        )
    }
}

fn p_at_least(probabilities: &[StageProbability], k: u8) -> f64 {
    if k == 0 {
        return 1.0;
    }
    probabilities
        .iter()
        .find(|p| p.stage == k)
        .map_or(0.0, |p| p.p)
}

/// The store's state for caching: events and reports counted, corrections numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreVersion(i64, i64, i64, i64);

pub fn store_version(store: &SqliteStore) -> Result<StoreVersion, WebError> {
    let (events, max_row, reports): (i64, i64, i64) = store
        .connection()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM events), (SELECT COALESCE(MAX(rowid), 0) FROM events),
                    (SELECT COUNT(*) FROM reports)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| WebError::Store(e.to_string()))?;
    Ok(StoreVersion(
        events,
        max_row,
        reports,
        store.corrections_version()?,
    ))
}

/// Scenarios and playbooks, loaded once.
pub struct Knowledge {
    pub scenarios: ScenarioSet,
    pub playbooks: PlaybookSet,
}

/// Cache key: scenario, as-of date asked for, the reader's TLP ceiling.
type Key = (String, Option<NaiveDate>, Tlp);

/// Computed views, valid for one store version.
#[derive(Default)]
pub struct ViewCache {
    entries: Mutex<HashMap<Key, (StoreVersion, Arc<ScenarioView>)>>,
}

/// Most views kept before the cache is emptied.
const CACHE_MAX: usize = 256;

impl ViewCache {
    /// The view of `scenario_id` as of `as_of` (latest when `None`), computed or cached;
    /// `None` when there is no such scenario or nothing to assess.
    pub fn view(
        &self,
        store: &SqliteStore,
        knowledge: &Knowledge,
        scenario_id: &str,
        as_of: Option<NaiveDate>,
        max_tlp: Tlp,
    ) -> Result<Option<Arc<ScenarioView>>, WebError> {
        let version = store_version(store)?;
        let key = (scenario_id.to_string(), as_of, max_tlp);
        if let Some((v, view)) = self.lock().get(&key) {
            if *v == version {
                return Ok(Some(Arc::clone(view)));
            }
        }
        let Some(view) = compute_view(store, knowledge, scenario_id, as_of, max_tlp)? else {
            return Ok(None);
        };
        let view = Arc::new(view);
        let mut entries = self.lock();
        if entries.len() >= CACHE_MAX {
            entries.clear();
        }
        entries.insert(key, (version, Arc::clone(&view)));
        Ok(Some(view))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (StoreVersion, Arc<ScenarioView>)>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Assess a scenario from the corrected events, replay the chart's window and pick the
/// playbook's responses.
pub fn compute_view(
    store: &SqliteStore,
    knowledge: &Knowledge,
    scenario_id: &str,
    as_of: Option<NaiveDate>,
    max_tlp: Tlp,
) -> Result<Option<ScenarioView>, WebError> {
    let Some(scenario) = knowledge.scenarios.get(scenario_id).cloned() else {
        return Ok(None);
    };
    if scenario.dyadic {
        return Ok(None);
    }
    let corrections = CorrectionSet::new(&store.corrections()?);
    // Only the events the scenario's indicators can use, streamed in date order: the
    // same assessment as from every event, read in a fraction of the time.
    let (input, span) = AssessmentInput::from_store_matching_corrected(
        store,
        &scenario,
        &corrections,
        as_of,
        Some(max_tlp),
    )?;
    let Some(as_of) = as_of.or_else(|| span.map(|(_, last)| last)) else {
        return Ok(None);
    };
    let previous = as_of
        .checked_sub_days(Days::new(7))
        .filter(|earlier| {
            input
                .earliest_published()
                .is_some_and(|first| first <= *earlier)
        })
        .map(|earlier| ladder_assess::assess(&scenario, &input, earlier, None));
    let assessment = ladder_assess::assess(&scenario, &input, as_of, previous.as_ref());
    let from = input.earliest_published().map_or(as_of, |first| {
        first
            .max(
                as_of
                    .checked_sub_days(Days::new(CHART_DAYS))
                    .unwrap_or(as_of),
            )
            .min(as_of)
    });
    let replay = ladder_assess::replay(&scenario, &input, from, as_of, 1)?;
    let history: Vec<StagePoint> = replay
        .rows
        .iter()
        .map(|row| StagePoint {
            date: row.date,
            stage: row.stage,
            probabilities: row
                .probabilities
                .iter()
                .enumerate()
                .map(|(k, &p)| StageProbability {
                    stage: (k + 1) as u8,
                    p,
                    independent_sources: row.independent_sources.get(k).copied().unwrap_or(0),
                })
                .collect(),
        })
        .collect();
    let playbook = only_playbook(&knowledge.playbooks, &scenario.id).cloned();
    let (now, next) = playbook
        .as_ref()
        .map(|p| responses_for(p, assessment.stage_called))
        .unwrap_or_default();
    let responses_now = now.into_iter().cloned().collect();
    let responses_next = next.into_iter().cloned().collect();
    let observer = playbook.as_ref().map(|p| p.observer.clone());
    let brief = Brief {
        scenario: scenario.clone(),
        assessment: assessment.clone(),
        previous,
        playbook,
        observer: observer.clone().unwrap_or_default(),
        history,
        index: None,
        events: BTreeMap::new(),
        reports: BTreeMap::new(),
        methods: Methods::default(),
    };
    Ok(Some(ScenarioView {
        chart_svg: ladder_brief::svg::stage_chart(&brief),
        first_day: replay.rows.first().map(|r| r.date),
        last_day: replay.rows.last().map(|r| r.date),
        scenario,
        assessment,
        observer,
        responses_now,
        responses_next,
    }))
}

/// The scenario's playbook when it has exactly one.
fn only_playbook<'a>(playbooks: &'a PlaybookSet, scenario_id: &str) -> Option<&'a Playbook> {
    let base = ladder_assess::files::base_id(scenario_id);
    let mut matching = playbooks
        .iter()
        .filter(|p| p.scenario == scenario_id || p.scenario == base);
    match (matching.next(), matching.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}
