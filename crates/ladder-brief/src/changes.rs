//! What moved between two assessments of a scenario: indicators whose status or count of
//! independent sources changed. Used by the briefing's "what changed" and by alerts.

use ladder_core::{Assessment, IndicatorStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One indicator that moved between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorMove {
    pub indicator_id: String,
    pub stage: u8,
    pub text: String,
    /// Status before (`None` when the indicator was not in the earlier assessment).
    pub from: Option<IndicatorStatus>,
    pub to: IndicatorStatus,
    pub sources_before: usize,
    pub sources_now: usize,
    /// Evidence items (event ids) present now and not before.
    pub new_evidence: Vec<String>,
}

impl IndicatorMove {
    /// Whether the indicator became better supported.
    pub fn is_up(&self) -> bool {
        !matches!(self.from, Some(f) if self.to <= f)
            || (self.from == Some(self.to) && self.sources_now > self.sources_before)
    }
}

/// Indicators whose status, independent-source count or evidence changed from
/// `previous` to `current`, in ladder order. With no previous assessment, every observed
/// indicator counts as moved.
pub fn indicator_moves(previous: Option<&Assessment>, current: &Assessment) -> Vec<IndicatorMove> {
    let before: BTreeMap<&str, _> = previous
        .map(|p| {
            p.indicators
                .iter()
                .map(|i| (i.indicator_id.as_str(), i))
                .collect()
        })
        .unwrap_or_default();
    let mut moves: Vec<IndicatorMove> = current
        .indicators
        .iter()
        .filter_map(|now| {
            let old = before.get(now.indicator_id.as_str());
            let old_events: Vec<&str> = old
                .map(|o| o.evidence.iter().map(|e| e.event_id.as_str()).collect())
                .unwrap_or_default();
            let mut new_evidence: Vec<String> = now
                .evidence
                .iter()
                .filter(|e| !old_events.contains(&e.event_id.as_str()))
                .map(|e| e.event_id.clone())
                .collect();
            new_evidence.sort();
            new_evidence.dedup();
            let from = old.map(|o| o.status);
            let sources_before = old.map_or(0, |o| o.independent_sources);
            let unchanged = match old {
                Some(o) => {
                    o.status == now.status
                        && o.independent_sources == now.independent_sources
                        && new_evidence.is_empty()
                }
                None => now.status == IndicatorStatus::NotObserved,
            };
            (!unchanged).then(|| IndicatorMove {
                indicator_id: now.indicator_id.clone(),
                stage: now.stage,
                text: now.text.clone(),
                from,
                to: now.status,
                sources_before,
                sources_now: now.independent_sources,
                new_evidence,
            })
        })
        .collect();
    moves.sort_by(|a, b| (a.stage, &a.indicator_id).cmp(&(b.stage, &b.indicator_id)));
    moves
}

/// Moves in P(stage ≥ k) at least this large are reported.
pub const PROBABILITY_MOVE: f64 = 0.1;

/// One rung whose probability moved by at least [`PROBABILITY_MOVE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbabilityMove {
    pub stage: u8,
    pub before: f64,
    pub after: f64,
}

/// Rungs whose P(stage ≥ k) moved by at least [`PROBABILITY_MOVE`], highest rung first.
pub fn probability_moves(previous: &Assessment, current: &Assessment) -> Vec<ProbabilityMove> {
    let mut moves: Vec<ProbabilityMove> = current
        .probabilities
        .iter()
        .map(|p| ProbabilityMove {
            stage: p.stage,
            before: crate::p_at_least(&previous.probabilities, p.stage),
            after: crate::p_at_least(&current.probabilities, p.stage),
        })
        .filter(|m| (m.after - m.before).abs() >= PROBABILITY_MOVE)
        .collect();
    moves.sort_by_key(|m| std::cmp::Reverse(m.stage));
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn finds_the_indicator_that_was_corroborated() {
        let brief = fixture::brief();
        let moves = indicator_moves(brief.previous.as_ref(), &brief.assessment);
        assert_eq!(moves.len(), 1);
        let m = &moves[0];
        assert_eq!(m.indicator_id, "troops-training");
        assert_eq!(m.from, Some(IndicatorStatus::SingleSource));
        assert_eq!(m.to, IndicatorStatus::Corroborated);
        assert_eq!((m.sources_before, m.sources_now), (1, 2));
        assert!(m.is_up());
    }

    #[test]
    fn without_a_previous_assessment_observed_indicators_moved() {
        let brief = fixture::brief();
        let moves = indicator_moves(None, &brief.assessment);
        let ids: Vec<&str> = moves.iter().map(|m| m.indicator_id.as_str()).collect();
        assert_eq!(ids, vec!["summit", "troops-training"]);
        assert_eq!(moves[1].new_evidence, vec!["e1", "e2"]);
    }

    #[test]
    fn identical_assessments_have_no_moves() {
        let brief = fixture::brief();
        assert!(indicator_moves(Some(&brief.assessment), &brief.assessment).is_empty());
        assert!(probability_moves(&brief.assessment, &brief.assessment).is_empty());
    }

    #[test]
    fn large_probability_moves_are_reported_top_down() {
        let brief = fixture::brief();
        let mut before = brief.assessment.clone();
        before.probabilities[2].p = 0.40; // stage 3: 0.40 → 0.81
        before.probabilities[3].p = 0.15; // stage 4: 0.15 → 0.22, too small
        let moves = probability_moves(&before, &brief.assessment);
        assert_eq!(
            moves,
            vec![ProbabilityMove {
                stage: 3,
                before: 0.40,
                after: 0.81
            }]
        );
    }
}
