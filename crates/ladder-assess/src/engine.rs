//! The assessment engine: events → evidence items per indicator → P(stage ≥ k) → the
//! stage called, for one day ([`assess`]) or for every day of a period ([`replay`]).
//! Pure: no I/O, no clock, no hash-ordered output.

use crate::calling::{Caller, Contradiction, DayCall, DaySupport};
use crate::changes::describe_changes;
use crate::independence::{claim_source, OriginGrouper};
use crate::input::AssessmentInput;
use crate::pattern::{CompiledPattern, Role};
use crate::requirement::SourceCheck;
use crate::weighting::{
    credibility_factor, credibility_from, decay, modality_factor, reliability_factor, round4,
};
use crate::AssessError;
use chrono::{Days, NaiveDate};
use ladder_core::{
    Assessment, Credibility, EvidenceItem, Indicator, IndicatorAssessment, IndicatorKind,
    IndicatorStatus, Reliability, Scenario, StageProbability, TippingEvidence,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An origin group counts as a live source while its decayed weight is at least this.
pub const ACTIVE_SOURCE_WEIGHT: f64 = 0.05;
/// At most this many evidence items are listed per indicator (the strongest).
pub const LISTED_EVIDENCE: usize = 20;

/// Day number used for decay arithmetic (days since 2000-01-01).
fn day_number(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    (date - epoch).num_days()
}

/// The default prior P(stage ≥ k): `0.1 / k`.
pub fn default_prior(level: u8) -> f64 {
    if level == 0 {
        1.0
    } else {
        0.1 / f64::from(level)
    }
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-9, 1.0 - 1e-9);
    (p / (1.0 - p)).ln()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

struct PreparedIndicator<'s> {
    stage: u8,
    indicator: &'s Indicator,
    pattern: CompiledPattern,
    /// ln 2 / half-life, 0 for no decay (and for states).
    rate: f64,
    state: bool,
    /// The state indicators this indicator's evidence ends.
    ends: Vec<usize>,
}

/// One event's evidence for one indicator.
#[derive(Debug, Clone)]
struct Item {
    event: usize,
    indicator: usize,
    role: Role,
    published: i64,
    /// The day age is counted from: the event date's end, not after publication.
    dated: i64,
    group: usize,
    near_copy: bool,
    /// Reliability × modality factor.
    base: f64,
    reliability: Reliability,
    /// Meets the source its stage `requires` (true when it requires none).
    qualifies: bool,
    /// The report it comes from (an index among the matched reports).
    report: usize,
}

/// A scenario's indicators matched against an input once, ready to be evaluated on
/// any day.
struct Prepared<'a> {
    scenario: &'a Scenario,
    input: &'a AssessmentInput,
    indicators: Vec<PreparedIndicator<'a>>,
    /// In publication order.
    items: Vec<Item>,
    grouper: OriginGrouper,
}

fn prepare_indicators(scenario: &Scenario) -> Vec<PreparedIndicator<'_>> {
    let mut indicators: Vec<PreparedIndicator> = scenario
        .stages
        .iter()
        .flat_map(|stage| {
            stage.indicators.iter().map(move |indicator| {
                let state = indicator.kind == IndicatorKind::State;
                PreparedIndicator {
                    stage: stage.level,
                    indicator,
                    pattern: CompiledPattern::new(indicator),
                    rate: match indicator.half_life_days {
                        Some(h) if h > 0.0 && !state => std::f64::consts::LN_2 / h,
                        _ => 0.0,
                    },
                    state,
                    ends: Vec::new(),
                }
            })
        })
        .collect();
    let ids: Vec<String> = indicators.iter().map(|p| p.indicator.id.clone()).collect();
    for state in 0..indicators.len() {
        let contrary = indicators[state].indicator.contrary.clone();
        for id in contrary {
            if let Some(ender) = ids.iter().position(|i| *i == id) {
                indicators[ender].ends.push(state);
            }
        }
    }
    indicators
}

impl<'a> Prepared<'a> {
    fn new(scenario: &'a Scenario, input: &'a AssessmentInput, until: NaiveDate) -> Self {
        let indicators = prepare_indicators(scenario);
        let requirements: Vec<Option<SourceCheck>> = scenario
            .stages
            .iter()
            .map(|s| SourceCheck::for_stage(scenario, s))
            .collect();
        let mut grouper = OriginGrouper::new();
        let mut reports: BTreeMap<&str, usize> = BTreeMap::new();
        let mut items = Vec::new();
        let mut matched: Vec<(usize, Role)> = Vec::new();
        for (index, input_event) in input.published_until(until).iter().enumerate() {
            matched.clear();
            for (i, prepared) in indicators.iter().enumerate() {
                if let Some(role) = prepared.pattern.role(&input_event.event) {
                    matched.push((i, role));
                }
            }
            if matched.is_empty() {
                continue;
            }
            let assignment =
                grouper.assign(&claim_source(input_event), &input_event.event.evidence.text);
            let published = day_number(input_event.published);
            let dated = input_event
                .event
                .date_range()
                .map(|(_, end)| day_number(end).min(published))
                .unwrap_or(published);
            let reliability = reliability_factor(input_event.reliability);
            let next_report = reports.len();
            let report = *reports
                .entry(input_event.event.evidence.report_id.as_str())
                .or_insert(next_report);
            for &(indicator, role) in &matched {
                let stage = usize::from(indicators[indicator].stage);
                let qualifies = match requirements.get(stage).and_then(Option::as_ref) {
                    Some(check) => check.accepts(input_event),
                    None => true,
                };
                items.push(Item {
                    event: index,
                    indicator,
                    role,
                    published,
                    dated,
                    group: assignment.group,
                    near_copy: assignment.near_copy,
                    base: reliability * modality_factor(input_event.event.modality),
                    reliability: input_event.reliability,
                    qualifies,
                    report,
                });
            }
        }
        Prepared {
            scenario,
            input,
            indicators,
            items,
            grouper,
        }
    }

    fn stage_count(&self) -> u8 {
        self.scenario
            .stages
            .iter()
            .map(|s| s.level)
            .max()
            .unwrap_or(0)
    }

    fn prior_log_odds(&self) -> Vec<f64> {
        (1..=self.stage_count())
            .map(|k| {
                let prior = self
                    .scenario
                    .stages
                    .iter()
                    .find(|s| s.level == k)
                    .and_then(|s| s.prior)
                    .unwrap_or_else(|| default_prior(k));
                logit(prior)
            })
            .collect()
    }
}

/// Running per-indicator state: the strongest (log, decay-adjusted) weight per origin.
#[derive(Debug, Clone, Default)]
struct IndicatorState {
    evidence: BTreeMap<usize, f64>,
    /// Per origin, the report of its strongest item.
    evidence_report: BTreeMap<usize, usize>,
    denials: BTreeMap<usize, f64>,
    /// Per origin, the strongest item that meets the stage's required source.
    qualified: BTreeMap<usize, f64>,
    /// The best reliability among the evidence held (a state is ended by a denial from
    /// a source graded higher).
    best_reliability: Option<Reliability>,
    /// Items of this indicator before this index were ended by contrary evidence.
    cleared_before: usize,
}

impl IndicatorState {
    fn clear(&mut self, next_item: usize) {
        self.evidence.clear();
        self.evidence_report.clear();
        self.qualified.clear();
        self.best_reliability = None;
        self.cleared_before = next_item;
    }
}

/// What one day's evaluation yields.
#[derive(Debug, Clone, PartialEq)]
struct DayResult {
    /// P(stage ≥ k) for k = 1..n.
    probabilities: Vec<f64>,
    /// Independent sources of each stage's own key indicators, k = 1..n.
    sources: Vec<usize>,
    support: DaySupport,
}

/// The engine's model for one indicator on one day.
#[derive(Debug, Clone, Default)]
struct IndicatorDay {
    strength: f64,
    log_odds: f64,
    active: Vec<usize>,
    /// The reports of the live origins' strongest items.
    active_reports: Vec<usize>,
    denied: bool,
    /// A live item meets the stage's required source.
    qualified: bool,
}

struct Evaluator<'p, 'a> {
    prepared: &'p Prepared<'a>,
    states: Vec<IndicatorState>,
    next_item: usize,
    priors: Vec<f64>,
}

impl<'p, 'a> Evaluator<'p, 'a> {
    fn new(prepared: &'p Prepared<'a>) -> Self {
        Evaluator {
            prepared,
            states: vec![IndicatorState::default(); prepared.indicators.len()],
            next_item: 0,
            priors: prepared.prior_log_odds(),
        }
    }

    /// Take in every item published on or before `day` (days must not go backwards).
    fn advance_to(&mut self, day: i64) {
        while let Some(item) = self.prepared.items.get(self.next_item) {
            if item.published > day {
                break;
            }
            let prepared = &self.prepared.indicators[item.indicator];
            if item.role == Role::Evidence {
                for &state in &prepared.ends {
                    self.states[state].clear(self.next_item);
                }
            }
            let state = &mut self.states[item.indicator];
            let outranked = state
                .best_reliability
                .is_some_and(|best| item.reliability < best);
            if prepared.state && item.role == Role::Denial && outranked {
                state.clear(self.next_item);
            }
            let log_weight = item.base.ln() + prepared.rate * item.dated as f64;
            let map = match item.role {
                Role::Evidence => &mut state.evidence,
                Role::Denial => &mut state.denials,
            };
            let stronger = keep_max(map, item.group, log_weight);
            if item.role == Role::Evidence {
                if stronger {
                    state.evidence_report.insert(item.group, item.report);
                }
                if item.qualifies {
                    keep_max(&mut state.qualified, item.group, log_weight);
                }
                state.best_reliability = Some(
                    state
                        .best_reliability
                        .map_or(item.reliability, |b| b.min(item.reliability)),
                );
            }
            self.next_item += 1;
        }
    }

    fn indicator_day(&self, index: usize, day: i64) -> IndicatorDay {
        let prepared = &self.prepared.indicators[index];
        let state = &self.states[index];
        let now = prepared.rate * day as f64;
        let mut sum = 0.0;
        let mut active = Vec::new();
        let mut active_reports = Vec::new();
        for (&group, &log_weight) in &state.evidence {
            let w = (log_weight - now).exp();
            sum += w;
            if w >= ACTIVE_SOURCE_WEIGHT {
                active.push(group);
                active_reports.extend(state.evidence_report.get(&group));
            }
        }
        let qualified = state
            .qualified
            .values()
            .any(|lw| (lw - now).exp() >= ACTIVE_SOURCE_WEIGHT);
        let denial_sum: f64 = state.denials.values().map(|lw| (lw - now).exp()).sum();
        let denied = !state.denials.is_empty();
        let credibility = credibility_from(active.len(), denied);
        let strength = credibility_factor(credibility) * sum + denial_sum;
        let cap = self.prepared.scenario.calling.strength_cap;
        IndicatorDay {
            strength,
            log_odds: prepared.indicator.weight * strength.min(cap),
            active,
            active_reports,
            denied,
            qualified,
        }
    }

    fn evaluate(&self, day: i64) -> (DayResult, Vec<IndicatorDay>) {
        let days: Vec<IndicatorDay> = (0..self.prepared.indicators.len())
            .map(|i| self.indicator_day(i, day))
            .collect();
        (self.stage_day(&days), days)
    }

    /// Stage by stage: own evidence, P(stage ≥ k), key sources, support.
    fn stage_day(&self, days: &[IndicatorDay]) -> DayResult {
        let n = self.priors.len();
        let mut own = vec![0.0; n];
        let mut has_own = vec![false; n];
        let mut key_sources: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        let mut key_reports: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        let mut key_qualified = vec![false; n];
        for (prepared, result) in self.prepared.indicators.iter().zip(days) {
            let Some(k) = usize::from(prepared.stage)
                .checked_sub(1)
                .filter(|&k| k < n)
            else {
                continue;
            };
            own[k] += result.log_odds;
            // Warning indicators never call a stage; weightless markers only end states.
            if prepared.indicator.warning || prepared.indicator.weight <= 0.0 {
                continue;
            }
            has_own[k] |= !result.active.is_empty();
            if prepared.indicator.key {
                key_sources[k].extend(result.active.iter().copied());
                key_reports[k].extend(result.active_reports.iter().copied());
                key_qualified[k] |= result.qualified;
            }
        }
        // Evidence of a higher rung counts for a rung only once it has evidence of its own.
        let mut above = 0.0;
        let mut log_odds = vec![0.0; n];
        for k in (0..n).rev() {
            log_odds[k] = self.priors[k] + own[k] + if has_own[k] { above } else { 0.0 };
            above += own[k];
        }
        let probabilities: Vec<f64> = log_odds.iter().map(|&x| sigmoid(x)).collect();
        // Independent sources, and never more than the reports they come from: one report
        // quoting two agencies is one source for the stage.
        let sources: Vec<usize> = key_sources
            .iter()
            .zip(&key_reports)
            .map(|(groups, reports)| groups.len().min(reports.len()))
            .collect();
        let rules = &self.prepared.scenario.calling;
        let strong: Vec<bool> = (0..n)
            .map(|k| probabilities[k] >= rules.threshold && sources[k] >= rules.min_sources)
            .collect();
        let lacks_source: Vec<bool> = (0..n).map(|k| strong[k] && !key_qualified[k]).collect();
        let own_support: Vec<bool> = (0..n).map(|k| strong[k] && key_qualified[k]).collect();
        let supported = (0..n)
            .map(|k| stage_supported(self.prepared.scenario, &own_support, k, &mut Vec::new()))
            .collect();
        DayResult {
            probabilities,
            sources,
            support: DaySupport {
                supported,
                has_own,
                lacks_source,
            },
        }
    }
}

/// Keep the larger log weight for `group`; whether `log_weight` was larger.
fn keep_max(map: &mut BTreeMap<usize, f64>, group: usize, log_weight: f64) -> bool {
    let slot = map.entry(group).or_insert(f64::NEG_INFINITY);
    let stronger = log_weight > *slot;
    if stronger {
        *slot = log_weight;
    }
    stronger
}

/// Stage `k + 1` is supported when its own evidence is and so is every stage it
/// `requires`; a cycle (rejected when the file is read) supports nothing.
fn stage_supported(scenario: &Scenario, own: &[bool], k: usize, visiting: &mut Vec<usize>) -> bool {
    if !own.get(k).copied().unwrap_or(false) || visiting.contains(&k) {
        return false;
    }
    let Some(requires) = scenario.stages.get(k + 1).and_then(|s| s.requires.as_ref()) else {
        return true;
    };
    visiting.push(k);
    let all = requires.stages.iter().all(|&level| {
        usize::from(level)
            .checked_sub(1)
            .is_some_and(|j| stage_supported(scenario, own, j, visiting))
    });
    visiting.pop();
    all
}

/// One evaluated day: the evidence's verdict and the call.
struct CalledDay {
    date: NaiveDate,
    result: DayResult,
    call: DayCall,
    /// On a rise: the item that tipped it, with its indicator's credibility that day.
    tip: Option<(usize, Credibility)>,
}

/// Evaluate and call every day from `first` to `last` (inclusive). The call is
/// path-dependent, so `first` should be on or before the first event.
fn run_days(prepared: &Prepared, first: NaiveDate, last: NaiveDate) -> Vec<CalledDay> {
    let mut evaluator = Evaluator::new(prepared);
    let mut caller = Caller::new(prepared.scenario.calling.hold_days);
    let mut out = Vec::new();
    let mut date = first;
    while date <= last {
        let day = day_number(date);
        evaluator.advance_to(day);
        let (result, indicator_days) = evaluator.evaluate(day);
        let call = caller.step(&result.support);
        let tip = call
            .rose_from
            .and_then(|from| tipping_item(&evaluator, from, call.stage, day))
            .map(|item| {
                let indicator = &indicator_days[prepared.items[item].indicator];
                (
                    item,
                    credibility_from(indicator.active.len(), indicator.denied),
                )
            });
        out.push(CalledDay {
            date,
            result,
            call,
            tip,
        });
        match date.checked_add_days(Days::new(1)) {
            Some(next) => date = next,
            None => break,
        }
    }
    out
}

/// The item that tipped a rise from `from` to `to` on `day`: of the live evidence of
/// the key indicators of the rungs climbed, the last to arrive (then the strongest, then
/// the first by event id).
fn tipping_item(evaluator: &Evaluator, from: u8, to: u8, day: i64) -> Option<usize> {
    let prepared = evaluator.prepared;
    let mut best: Option<(i64, f64, usize)> = None;
    for (index, item) in prepared.items[..evaluator.next_item].iter().enumerate() {
        let indicator = &prepared.indicators[item.indicator];
        let state = &evaluator.states[item.indicator];
        if item.role != Role::Evidence
            || !indicator.indicator.key
            || indicator.indicator.warning
            || indicator.stage <= from
            || indicator.stage > to
            || index < state.cleared_before
        {
            continue;
        }
        let weight = item.base * (-indicator.rate * (day - item.dated) as f64).exp();
        if weight < ACTIVE_SOURCE_WEIGHT {
            continue;
        }
        let better = match best {
            None => true,
            Some((published, w, other)) => {
                let this_id = &prepared.input.events[item.event].event.id;
                let other_id = &prepared.input.events[prepared.items[other].event].event.id;
                (item.published, weight) > (published, w)
                    || (item.published == published && weight == w && this_id < other_id)
            }
        };
        if better {
            best = Some((item.published, weight, index));
        }
    }
    best.map(|(_, _, index)| index)
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

/// The first day to evaluate for a call on or after `from`: the first event's day (the
/// call is path-dependent), or earlier when `from` is.
fn first_day(prepared: &Prepared, from: NaiveDate) -> NaiveDate {
    prepared
        .input
        .earliest_published()
        .map_or(from, |first| first.min(from))
}

fn contradiction_text(scenario: &Scenario, contradiction: &Contradiction) -> String {
    let name = |level: u8| {
        scenario
            .stages
            .get(usize::from(level))
            .map(|s| s.name.as_str())
            .unwrap_or("?")
    };
    match *contradiction {
        Contradiction::Gap {
            stage,
            missing,
            no_evidence,
        } => format!(
            "the key evidence of stage {stage} ({}) holds, but stage {missing} ({}) {}: stage {stage} is not called",
            name(stage),
            name(missing),
            if no_evidence { "has no evidence of its own" } else { "is not established on its own key indicators" }
        ),
        Contradiction::Source { stage } => format!(
            "stage {stage} ({}) reaches the threshold, but none of its key evidence comes from the source it requires ({}): not called",
            name(stage),
            scenario
                .stages
                .get(usize::from(stage))
                .and_then(|s| s.requires.as_ref())
                .map(SourceCheck::describe)
                .unwrap_or_default()
        ),
    }
}

fn tipping_evidence(prepared: &Prepared, day: &CalledDay) -> Option<TippingEvidence> {
    let (item, credibility) = day.tip?;
    let item = &prepared.items[item];
    let input_event = &prepared.input.events[item.event];
    let event = &input_event.event;
    Some(TippingEvidence {
        stage: day.call.stage,
        from_stage: day.call.rose_from.unwrap_or(0),
        date: day.date,
        indicator_id: prepared.indicators[item.indicator].indicator.id.clone(),
        event_id: event.id.clone(),
        report_id: event.evidence.report_id.clone(),
        source: input_event.source.clone(),
        published: Some(input_event.published),
        sentence: event.evidence.text.clone(),
        grade: format!(
            "{}{}",
            input_event.reliability.letter(),
            credibility.value()
        ),
    })
}

/// Assess a scenario on `as_of` from the events published by then. `previous` is the
/// last stored assessment, for "what changed".
pub fn assess(
    scenario: &Scenario,
    input: &AssessmentInput,
    as_of: NaiveDate,
    previous: Option<&Assessment>,
) -> Assessment {
    let prepared = Prepared::new(scenario, input, as_of);
    let first = first_day(&prepared, days_before(as_of, 1));
    let days = run_days(&prepared, first, as_of);
    let stage_called = days.last().map_or(0, |d| d.call.stage);

    let mut evaluator = Evaluator::new(&prepared);
    let today = day_number(as_of);
    evaluator.advance_to(today);
    let (result, indicator_days) = evaluator.evaluate(today);
    // The rise the standing call comes from (the latest rise through its stage).
    let tipped_by = days
        .iter()
        .rev()
        .find(|d| {
            d.call.rose_from.is_some_and(|from| from < stage_called) && d.call.stage >= stage_called
        })
        .and_then(|d| tipping_evidence(&prepared, d));
    let contradictions = days
        .last()
        .map(|d| {
            d.call
                .contradictions
                .iter()
                .map(|c| contradiction_text(scenario, c))
                .collect()
        })
        .unwrap_or_default();
    let indicators = prepared
        .indicators
        .iter()
        .enumerate()
        .map(|(i, p)| indicator_assessment(&prepared, i, p, &indicator_days[i], today))
        .collect();
    let probabilities = result
        .probabilities
        .iter()
        .zip(&result.sources)
        .enumerate()
        .map(|(k, (&p, &sources))| StageProbability {
            stage: (k + 1) as u8,
            p: round4(p),
            independent_sources: sources,
        })
        .collect();
    let stage_name = scenario
        .stages
        .iter()
        .find(|s| s.level == stage_called)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let mut assessment = Assessment {
        scenario_id: scenario.id.clone(),
        as_of,
        stage_called,
        probabilities,
        indicators,
        changes: Vec::new(),
        stage_supported: result.support.highest(),
        stage_name,
        dyad: Vec::new(),
        previous_as_of: previous.map(|p| p.as_of),
        tipped_by,
        contradictions,
    };
    assessment.changes = describe_changes(previous, &assessment);
    assessment
}

fn indicator_assessment(
    prepared: &Prepared,
    index: usize,
    p: &PreparedIndicator,
    day: &IndicatorDay,
    today: i64,
) -> IndicatorAssessment {
    let credibility = credibility_from(day.active.len(), day.denied);
    let half_life = p.indicator.half_life_days;
    let mut seen_groups = BTreeSet::new();
    let mut denials = 0;
    let mut evidence: Vec<EvidenceItem> = prepared
        .items
        .iter()
        .filter(|item| item.indicator == index && item.published <= today)
        .map(|item| {
            let input_event = &prepared.input.events[item.event];
            let event = &input_event.event;
            let age = (today - item.dated) as f64;
            let mut weight = item.base * decay(age, half_life);
            if item.role == Role::Evidence {
                weight *= credibility_factor(credibility);
            } else {
                denials += 1;
            }
            let first_of_group = seen_groups.insert((item.role, item.group));
            EvidenceItem {
                event_id: event.id.clone(),
                report_id: event.evidence.report_id.clone(),
                report_ref: input_event
                    .report_ref
                    .clone()
                    .or_else(|| event.evidence.report_ref.clone()),
                source: input_event.source.clone(),
                published: Some(input_event.published),
                sentence: event.evidence.text.clone(),
                start: event.evidence.start,
                end: event.evidence.end,
                modality: event.modality,
                attributed_to: event.attributed_to.clone(),
                reliability: input_event.reliability,
                credibility,
                origin: prepared.grouper.name(item.group).to_string(),
                weight: round4(weight),
                event_date: event.event_date.clone(),
                duplicate: !first_of_group || item.near_copy,
            }
        })
        .collect();
    let evidence_total = evidence.len();
    evidence.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then(a.published.cmp(&b.published))
            .then(a.event_id.cmp(&b.event_id))
    });
    evidence.truncate(LISTED_EVIDENCE);
    let status = match day.active.len() {
        0 => IndicatorStatus::NotObserved,
        1 => IndicatorStatus::SingleSource,
        2 => IndicatorStatus::Corroborated,
        _ => IndicatorStatus::Confirmed,
    };
    IndicatorAssessment {
        indicator_id: p.indicator.id.clone(),
        stage: p.stage,
        text: p.indicator.text.clone(),
        status,
        independent_sources: day.active.len(),
        score: round4(day.strength),
        evidence,
        warning: p.indicator.warning,
        denials,
        evidence_total,
        log_odds: round4(day.log_odds),
        state: p.state,
        key: p.indicator.key,
    }
}

/// One date of a replay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplayRow {
    pub date: NaiveDate,
    /// The stage called that day (with hysteresis).
    pub stage: u8,
    /// P(stage ≥ k) for k = 1..n, rounded to 4 decimals.
    pub probabilities: Vec<f64>,
    /// Persistence baseline: the stage called on the previous row's date.
    pub baseline_stage: u8,
    /// The stage the day's evidence supports before hysteresis.
    pub stage_supported: u8,
    /// Independent sources of each stage's own key indicators, k = 1..n.
    pub independent_sources: Vec<usize>,
    /// On a day the call rose: the event that tipped it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tipped_by: Option<String>,
    /// What the evidence says that the ladder does not call (see
    /// `Assessment::contradictions`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradictions: Vec<String>,
}

/// A scenario replayed over a period, one row per step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replay {
    pub scenario_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub step_days: u32,
    /// The highest stage level (columns p1..pn).
    pub stages: u8,
    pub rows: Vec<ReplayRow>,
}

impl Replay {
    /// CSV with the header `date,stage,p1,…,pn,baseline_stage`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("date,stage");
        for k in 1..=self.stages {
            out.push_str(&format!(",p{k}"));
        }
        out.push_str(",baseline_stage\n");
        for row in &self.rows {
            out.push_str(&format!("{},{}", row.date.format("%Y-%m-%d"), row.stage));
            for p in &row.probabilities {
                out.push_str(&format!(",{p:.4}"));
            }
            out.push_str(&format!(",{}\n", row.baseline_stage));
        }
        out
    }

    /// Dates on which the called stage changed, with the new stage.
    pub fn stage_changes(&self) -> Vec<(NaiveDate, u8)> {
        let mut out = Vec::new();
        let mut last = None;
        for row in &self.rows {
            if last != Some(row.stage) {
                if last.is_some() || row.stage != 0 {
                    out.push((row.date, row.stage));
                }
                last = Some(row.stage);
            }
        }
        out
    }
}

/// Replay a scenario from `from` to `to` every `step_days` days: each row is the
/// assessment as it would have been made on that date, from the reports published by
/// then. The persistence baseline is the stage called one step earlier.
pub fn replay(
    scenario: &Scenario,
    input: &AssessmentInput,
    from: NaiveDate,
    to: NaiveDate,
    step_days: u32,
) -> Result<Replay, AssessError> {
    if from > to {
        return Err(AssessError::BadPeriod(format!(
            "--from {from} is after --to {to}"
        )));
    }
    if step_days == 0 {
        return Err(AssessError::BadPeriod(
            "the step must be at least one day".into(),
        ));
    }
    let prepared = Prepared::new(scenario, input, to);
    let first = first_day(&prepared, days_before(from, u64::from(step_days)));
    let days = run_days(&prepared, first, to);
    let index_of = |date: NaiveDate| {
        usize::try_from((date - first).num_days())
            .ok()
            .filter(|&i| i < days.len())
    };
    let mut rows = Vec::new();
    let mut date = from;
    while date <= to {
        if let Some(i) = index_of(date) {
            let baseline = index_of(days_before(date, u64::from(step_days)))
                .map(|j| days[j].call.stage)
                .unwrap_or(0);
            let day = &days[i];
            // A rise between two rows is reported on the row that shows it.
            let tip = (index_of(days_before(date, u64::from(step_days) - 1)).unwrap_or(i)..=i)
                .rev()
                .find_map(|j| tipping_evidence(&prepared, &days[j]));
            rows.push(ReplayRow {
                date,
                stage: day.call.stage,
                probabilities: day
                    .result
                    .probabilities
                    .iter()
                    .map(|&p| round4(p))
                    .collect(),
                baseline_stage: baseline,
                stage_supported: day.result.support.highest(),
                independent_sources: day.result.sources.clone(),
                tipped_by: tip.map(|t| t.event_id),
                contradictions: day
                    .call
                    .contradictions
                    .iter()
                    .map(|c| contradiction_text(scenario, c))
                    .collect(),
            });
        }
        match date.checked_add_days(Days::new(u64::from(step_days))) {
            Some(next) => date = next,
            None => break,
        }
    }
    Ok(Replay {
        scenario_id: scenario.id.clone(),
        from,
        to,
        step_days,
        stages: prepared.stage_count(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::parse_scenario;
    use crate::input::InputEvent;
    use crate::synthetic::{event, input_event};
    use ladder_core::{EventType, Modality, Reliability};

    const SCENARIO: &str = r#"
id = "test"
title = "Test ladder"
[calling]
threshold = 0.7
min_sources = 2
hold_days = 5
[[stages]]
level = 0
name = "quiet"
[[stages]]
level = 1
name = "talks"
[[stages.indicators]]
id = "talks"
text = "Talks"
pattern = { actor = ["PRK"], recipient = ["RUS"], either_direction = true, event_type = ["CONSULT"] }
weight = 3.0
half_life_days = 10
key = true
[[stages]]
level = 2
name = "troops"
[[stages.indicators]]
id = "troops"
text = "Troops sent"
pattern = { actor = ["PRK"], recipient = ["RUS"], event_type = ["AID"], mode = ["troops"] }
weight = 8.0
half_life_days = 2
key = true
[[stages.indicators]]
id = "troops-planned"
text = "Troops planned"
pattern = { actor = ["PRK"], recipient = ["RUS"], event_type = ["AID"], mode = ["troops"] }
weight = 8.0
half_life_days = 2
warning = true
"#;

    fn scenario() -> Scenario {
        parse_scenario("test.toml", SCENARIO).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A troops event `id` published on `day` by `source`, with a sentence of its own.
    fn troops(id: &str, day: &str, source: &str, modality: Modality) -> InputEvent {
        let mut e = event(id, "PRK", EventType::Aid, "RUS", modality);
        e.mode = Some("troops".into());
        e.evidence.text =
            format!("{source} writes in its own words about event {id} and nothing else here");
        input_event(e, day, source, None)
    }

    /// Talks (stage 1 of the test ladder) on `day` by two outlets of their own.
    fn talks(day: &str) -> Vec<InputEvent> {
        ["Talk One", "Talk Two"]
            .iter()
            .map(|source| {
                let id = format!("talks-{day}-{source}");
                let mut e = event(&id, "PRK", EventType::Consult, "RUS", Modality::Asserted);
                e.evidence.text =
                    format!("{source} reports the talks of {day} in words of its own");
                input_event(e, day, source, None)
            })
            .collect()
    }

    /// `events` with talks on `day`.
    fn with_talks(mut events: Vec<InputEvent>, day: &str) -> AssessmentInput {
        events.extend(talks(day));
        AssessmentInput::from_events(events)
    }

    fn indicator<'a>(a: &'a Assessment, id: &str) -> &'a IndicatorAssessment {
        a.indicators.iter().find(|i| i.indicator_id == id).unwrap()
    }

    #[test]
    fn strong_single_source_is_not_called_until_corroborated() {
        let s = scenario();
        let one = AssessmentInput::from_events(vec![
            troops("a", "2024-10-01", "Outlet One", Modality::Asserted),
            troops("b", "2024-10-01", "Outlet One", Modality::Asserted),
        ]);
        let a = assess(&s, &one, d("2024-10-01"), None);
        assert!(a.probabilities[1].p >= 0.7, "{:?}", a.probabilities);
        assert_eq!(a.probabilities[1].independent_sources, 1);
        assert_eq!(a.stage_called, 0);
        assert_eq!(
            indicator(&a, "troops").status,
            IndicatorStatus::SingleSource
        );

        let two = with_talks(
            vec![
                troops("a", "2024-10-01", "Outlet One", Modality::Asserted),
                troops("c", "2024-10-01", "Outlet Two", Modality::Reported),
            ],
            "2024-10-01",
        );
        let a = assess(&s, &two, d("2024-10-01"), None);
        assert_eq!(a.stage_called, 2);
        assert_eq!(
            indicator(&a, "troops").status,
            IndicatorStatus::Corroborated
        );
        // Higher-stage evidence counts for a lower stage that has evidence of its own.
        assert!(a.probabilities[0].p >= a.probabilities[1].p);
        let tip = a.tipped_by.as_ref().unwrap();
        assert_eq!(
            (tip.stage, tip.from_stage, tip.indicator_id.as_str()),
            (2, 0, "troops")
        );
    }

    #[test]
    fn independence_table() {
        let s = scenario();
        let with_attribution = |id: &str, source: &str, who: &str, detail: Option<&str>| {
            let mut e = troops(id, "2024-10-01", source, Modality::Reported);
            e.event.attributed_to = vec![who.to_string()];
            e.event.attributed_detail = detail.map(str::to_string);
            e
        };
        let wire = |id: &str, source: &str| {
            let mut e = troops(id, "2024-10-01", source, Modality::Reported);
            e.origin = "wire:reuters".into();
            e
        };
        let copy = |id: &str, source: &str| {
            let mut e = troops(id, "2024-10-01", source, Modality::Reported);
            e.event.evidence.text = "North Korea has sent 1,500 special forces troops to Russia's Far East for training, officials said".into();
            e
        };
        let cases: Vec<(&str, Vec<InputEvent>, usize)> = vec![
            (
                "two outlets, own voice",
                vec![
                    troops("a", "2024-10-01", "One", Modality::Reported),
                    troops("b", "2024-10-01", "Two", Modality::Reported),
                ],
                2,
            ),
            (
                "same outlet twice",
                vec![
                    troops("a", "2024-10-01", "One", Modality::Reported),
                    troops("b", "2024-10-01", "One", Modality::Reported),
                ],
                1,
            ),
            (
                "two outlets carrying one wire",
                vec![wire("a", "One"), wire("b", "Two")],
                1,
            ),
            (
                "two outlets citing one agency",
                vec![
                    with_attribution("a", "One", "KOR", Some("spy agency")),
                    with_attribution("b", "Two", "KOR", Some("Spy Agency")),
                ],
                1,
            ),
            (
                "two agencies",
                vec![
                    with_attribution("a", "One", "KOR", Some("spy agency")),
                    with_attribution("b", "Two", "USA", None),
                ],
                2,
            ),
            (
                "near-identical text",
                vec![copy("a", "One"), copy("b", "Two")],
                1,
            ),
            (
                "denial is not a source",
                vec![
                    troops("a", "2024-10-01", "One", Modality::Reported),
                    troops("b", "2024-10-01", "Two", Modality::Denied),
                ],
                1,
            ),
        ];
        for (name, events, expected) in cases {
            let a = assess(
                &s,
                &AssessmentInput::from_events(events),
                d("2024-10-01"),
                None,
            );
            assert_eq!(
                indicator(&a, "troops").independent_sources,
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn weighting_rules_show_in_item_weights() {
        let s = scenario();
        let weight_of = |e: InputEvent| {
            let a = assess(
                &s,
                &AssessmentInput::from_events(vec![e]),
                d("2024-10-01"),
                None,
            );
            indicator(&a, "troops")
                .evidence
                .first()
                .map(|i| i.weight)
                .unwrap_or(0.0)
        };
        let graded = |r: Reliability, m: Modality| {
            let mut e = troops("a", "2024-10-01", "One", m);
            e.reliability = r;
            e
        };
        let a_asserted = weight_of(graded(Reliability::A, Modality::Asserted));
        let e_asserted = weight_of(graded(Reliability::E, Modality::Asserted));
        let a_reported = weight_of(graded(Reliability::A, Modality::Reported));
        let a_denied = weight_of(graded(Reliability::A, Modality::Denied));
        let a_planned = weight_of(graded(Reliability::A, Modality::Planned));
        assert!(
            a_asserted > a_reported && a_reported > e_asserted,
            "{a_asserted} {a_reported} {e_asserted}"
        );
        assert!(a_denied > 0.0 && a_denied < 0.2, "{a_denied}");
        assert_eq!(a_planned, 0.0, "a plan is not an occurrence");
    }

    #[test]
    fn denial_lowers_credibility_and_is_shown() {
        let s = scenario();
        let events = vec![
            troops("a", "2024-10-01", "One", Modality::Reported),
            troops("b", "2024-10-01", "Two", Modality::Denied),
        ];
        let a = assess(
            &s,
            &AssessmentInput::from_events(events),
            d("2024-10-01"),
            None,
        );
        let troops_indicator = indicator(&a, "troops");
        assert_eq!(troops_indicator.denials, 1);
        let reported = troops_indicator
            .evidence
            .iter()
            .find(|i| i.modality == Modality::Reported)
            .unwrap();
        assert_eq!(reported.grade(), "B4");
    }

    #[test]
    fn plans_feed_only_warning_indicators_and_cannot_call_a_stage() {
        let s = scenario();
        let events = vec![
            troops("a", "2024-10-01", "One", Modality::Planned),
            troops("b", "2024-10-01", "Two", Modality::Considered),
            troops("c", "2024-10-01", "Three", Modality::Planned),
        ];
        let a = assess(
            &s,
            &AssessmentInput::from_events(events),
            d("2024-10-01"),
            None,
        );
        assert_eq!(indicator(&a, "troops").status, IndicatorStatus::NotObserved);
        assert_eq!(
            indicator(&a, "troops-planned").status,
            IndicatorStatus::Confirmed
        );
        assert!(a.probabilities[1].p > 0.7);
        assert_eq!(a.probabilities[1].independent_sources, 0);
        assert_eq!(a.stage_called, 0);
    }

    #[test]
    fn evidence_decays_by_half_life() {
        let s = scenario();
        let input = AssessmentInput::from_events(vec![
            troops("a", "2024-10-01", "One", Modality::Asserted),
            troops("b", "2024-10-01", "Two", Modality::Asserted),
        ]);
        let score = |day: &str| indicator(&assess(&s, &input, d(day), None), "troops").score;
        let (fresh, one, two) = (
            score("2024-10-01"),
            score("2024-10-03"),
            score("2024-10-05"),
        );
        assert!((one / fresh - 0.5).abs() < 0.01, "{fresh} {one}");
        assert!((two / fresh - 0.25).abs() < 0.01, "{fresh} {two}");
    }

    #[test]
    fn hysteresis_holds_a_stage_for_hold_days_then_leaves() {
        let s = scenario();
        let input = with_talks(
            vec![
                troops("a", "2024-10-01", "One", Modality::Asserted),
                troops("b", "2024-10-01", "Two", Modality::Asserted),
            ],
            "2024-10-01",
        );
        let r = replay(&s, &input, d("2024-09-28"), d("2024-10-20"), 1).unwrap();
        let supported: Vec<u8> = r.rows.iter().map(|row| row.stage_supported).collect();
        let called: Vec<u8> = r.rows.iter().map(|row| row.stage).collect();
        let first_below = supported
            .iter()
            .skip(3)
            .position(|&s| s < 2)
            .map(|i| i + 3)
            .unwrap();
        assert!(first_below > 3, "{supported:?}");
        // Called stage: 0 before the report, 2 from its day, held while support has been
        // below stage 2 for fewer than 5 days; after that, the best of the last 5 days.
        for (i, &stage) in called.iter().enumerate() {
            let expected = if i < 3 {
                0
            } else if i < first_below + 4 {
                2
            } else {
                *supported[i - 4..=i].iter().max().unwrap()
            };
            assert_eq!(
                stage, expected,
                "day {i}: supported {supported:?} called {called:?}"
            );
        }
        // The persistence baseline lags one step.
        for pair in r.rows.windows(2) {
            assert_eq!(pair[1].baseline_stage, pair[0].stage);
        }
    }

    #[test]
    fn nothing_is_called_before_the_first_report() {
        let s = scenario();
        let input = with_talks(
            vec![
                troops("a", "2024-10-10", "One", Modality::Asserted),
                troops("b", "2024-10-10", "Two", Modality::Asserted),
            ],
            "2024-10-10",
        );
        let r = replay(&s, &input, d("2024-10-01"), d("2024-10-12"), 1).unwrap();
        for row in &r.rows {
            let expected_positive = row.date >= d("2024-10-10");
            assert_eq!(row.stage > 0, expected_positive, "{row:?}");
        }
        assert!(r
            .to_csv()
            .starts_with("date,stage,p1,p2,baseline_stage\n2024-10-01,0,"));
    }

    #[test]
    fn assessments_are_byte_identical_whatever_the_input_order() {
        let s = scenario();
        let mut events = vec![
            troops("a", "2024-10-01", "One", Modality::Asserted),
            troops("b", "2024-10-02", "Two", Modality::Reported),
            troops("c", "2024-10-03", "Three", Modality::Denied),
        ];
        let first = serde_json::to_string(&assess(
            &s,
            &AssessmentInput::from_events(events.clone()),
            d("2024-10-04"),
            None,
        ))
        .unwrap();
        let again = serde_json::to_string(&assess(
            &s,
            &AssessmentInput::from_events(events.clone()),
            d("2024-10-04"),
            None,
        ))
        .unwrap();
        events.reverse();
        let reversed = serde_json::to_string(&assess(
            &s,
            &AssessmentInput::from_events(events),
            d("2024-10-04"),
            None,
        ))
        .unwrap();
        assert_eq!(first, again);
        assert_eq!(first, reversed);
    }

    #[test]
    fn changes_name_the_stage_move_and_new_indicators() {
        let s = scenario();
        let input = with_talks(
            vec![
                troops("a", "2024-10-05", "One", Modality::Asserted),
                troops("b", "2024-10-05", "Two", Modality::Asserted),
            ],
            "2024-10-05",
        );
        let before = assess(&s, &input, d("2024-10-01"), None);
        assert_eq!(
            before.changes,
            vec!["first assessment of this scenario".to_string()]
        );
        let after = assess(&s, &input, d("2024-10-05"), Some(&before));
        assert!(
            after.changes[0].starts_with("stage up: 0 → 2"),
            "{:?}",
            after.changes
        );
        assert!(
            after
                .changes
                .iter()
                .any(|c| c.starts_with("new: Troops sent")),
            "{:?}",
            after.changes
        );
        assert_eq!(after.previous_as_of, Some(d("2024-10-01")));
    }

    const STATES: &str = r#"
id = "states"
title = "States and rungs"
actors = ["PRK", "RUS"]
[calling]
threshold = 0.7
min_sources = 2
hold_days = 5
[[stages]]
level = 0
name = "quiet"
[[stages]]
level = 1
name = "treaty"
[[stages.indicators]]
id = "treaty"
text = "Treaty in force"
pattern = { actor = ["PRK"], recipient = ["RUS"], event_type = ["AGREE"] }
weight = 4.0
kind = "state"
contrary = ["treaty-ended"]
key = true
[[stages.indicators]]
id = "treaty-ended"
text = "Treaty ended"
pattern = { actor = ["PRK"], recipient = ["RUS"], event_type = ["RETREAT"] }
weight = 0.0
[[stages.indicators]]
id = "visit"
text = "Visit"
pattern = { actor = ["PRK"], recipient = ["RUS"], event_type = ["CONSULT"] }
weight = 4.0
half_life_days = 5
key = true
[[stages]]
level = 2
name = "acknowledged"
requires = { source = ["first-party", "grade"], min_reliability = "B" }
[[stages.indicators]]
id = "ack"
text = "Acknowledged"
pattern = { actor = ["PRK"], event_type = ["ASSAULT"] }
weight = 6.0
half_life_days = 100
key = true
"#;

    fn typed(id: &str, t: EventType, day: &str, source: &str) -> InputEvent {
        let mut e = event(id, "PRK", t, "RUS", Modality::Asserted);
        e.evidence.text = format!("{source} tells of {id} in words of its own, nothing copied");
        input_event(e, day, source, None)
    }

    fn called(input: &AssessmentInput, day: &str) -> u8 {
        let s = parse_scenario("states.toml", STATES).unwrap();
        assess(&s, input, d(day), None).stage_called
    }

    #[test]
    fn a_state_holds_until_its_contrary_and_an_event_fades() {
        let treaty = vec![
            typed("t1", EventType::Agree, "2024-06-19", "One"),
            typed("t2", EventType::Agree, "2024-06-20", "Two"),
        ];
        let input = AssessmentInput::from_events(treaty.clone());
        assert_eq!(called(&input, "2024-06-20"), 1);
        assert_eq!(called(&input, "2025-06-20"), 1, "a treaty does not fade");
        let mut ended = treaty.clone();
        ended.push(typed("end", EventType::Retreat, "2024-09-01", "Three"));
        let input = AssessmentInput::from_events(ended);
        assert_eq!(called(&input, "2024-08-31"), 1);
        assert_eq!(called(&input, "2024-09-10"), 0, "withdrawal ends the state");
        let visits = AssessmentInput::from_events(vec![
            typed("v1", EventType::Consult, "2024-06-19", "One"),
            typed("v2", EventType::Consult, "2024-06-19", "Two"),
        ]);
        assert_eq!(called(&visits, "2024-06-19"), 1);
        assert_eq!(called(&visits, "2024-09-01"), 0, "a visit fades");
    }

    #[test]
    fn a_state_is_ended_by_a_denial_graded_higher_only() {
        let claim = |id: &str, source: &str, r: Reliability, m: Modality| {
            let mut e = typed(id, EventType::Agree, "2024-06-19", source);
            e.event.modality = m;
            e.reliability = r;
            e
        };
        let base = vec![
            claim("a", "One", Reliability::C, Modality::Asserted),
            claim("b", "Two", Reliability::C, Modality::Asserted),
        ];
        let mut lower = base.clone();
        lower.push(claim("x", "Three", Reliability::D, Modality::Denied));
        assert_eq!(
            called(&AssessmentInput::from_events(lower), "2024-06-25"),
            1
        );
        let mut higher = base;
        higher.push(claim("y", "Four", Reliability::B, Modality::Denied));
        assert_eq!(
            called(&AssessmentInput::from_events(higher), "2024-06-25"),
            0
        );
    }

    #[test]
    fn the_top_rung_needs_its_source_and_a_rung_below_with_evidence() {
        let s = parse_scenario("states.toml", STATES).unwrap();
        let ack = |id: &str, source: &str, r: Reliability| {
            let mut e = typed(id, EventType::Assault, "2024-12-01", source);
            e.reliability = r;
            e
        };
        // Strong stage-2 evidence alone: a contradiction, not a call.
        let alone = AssessmentInput::from_events(vec![
            ack("a", "One", Reliability::B),
            ack("b", "Two", Reliability::B),
        ]);
        let a = assess(&s, &alone, d("2024-12-01"), None);
        assert_eq!(a.stage_called, 0);
        assert!(
            a.contradictions[0].contains("stage 1 (treaty) has no evidence of its own"),
            "{:?}",
            a.contradictions
        );
        // With the treaty, two low-graded items are not enough for the top rung.
        let treaty = [
            typed("t1", EventType::Agree, "2024-06-19", "Three"),
            typed("t2", EventType::Agree, "2024-06-20", "Four"),
        ];
        let mut low = treaty.to_vec();
        low.extend([
            ack("c", "One", Reliability::F),
            ack("e", "Two", Reliability::C),
        ]);
        let a = assess(
            &s,
            &AssessmentInput::from_events(low),
            d("2024-12-01"),
            None,
        );
        assert_eq!(a.stage_called, 1);
        assert!(
            a.contradictions[0].contains("graded B or better"),
            "{:?}",
            a.contradictions
        );
        let mut good = treaty.to_vec();
        good.extend([
            ack("c", "One", Reliability::F),
            ack("e", "Two", Reliability::B),
        ]);
        let input = AssessmentInput::from_events(good);
        let a = assess(&s, &input, d("2024-12-01"), None);
        assert_eq!(a.stage_called, 2);
        let tip = a.tipped_by.unwrap();
        assert_eq!((tip.from_stage, tip.indicator_id.as_str()), (1, "ack"));
        let r = replay(&s, &input, d("2024-11-30"), d("2024-12-01"), 1).unwrap();
        assert_eq!(r.rows[1].tipped_by.as_deref(), Some(tip.event_id.as_str()));
        assert_eq!(r.rows[0].tipped_by, None);
    }
}
