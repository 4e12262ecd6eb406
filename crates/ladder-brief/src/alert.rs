//! Stage-change alerts: the JSON a watcher posts to a webhook when a scenario's called
//! stage moves — old and new stage, the probabilities, the indicators that moved and the
//! evidence behind them.

use crate::changes::{indicator_moves, IndicatorMove};
use crate::{grade, p_at_least};
use chrono::NaiveDate;
use ladder_core::{Assessment, Scenario};
use serde::{Deserialize, Serialize};

/// The alert's format version, so receivers can check what they parse.
pub const ALERT_VERSION: u32 = 1;

/// One stage's probability in an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertProbability {
    pub stage: u8,
    pub name: String,
    pub p: f64,
}

/// One piece of evidence behind a moved indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertEvidence {
    pub indicator_id: String,
    pub event_id: String,
    pub report_id: String,
    pub report_ref: Option<String>,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    /// Admiralty grade ("B2").
    pub grade: String,
    pub modality: String,
    pub sentence: String,
}

/// The alert for a stage change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageAlert {
    pub version: u32,
    /// Always "stage-change".
    pub kind: String,
    pub scenario: String,
    pub title: String,
    pub as_of: NaiveDate,
    /// The stage before (0 when nothing was assessed before).
    pub old_stage: u8,
    pub old_stage_name: String,
    pub new_stage: u8,
    pub new_stage_name: String,
    /// When the earlier stage was assessed.
    pub previous_as_of: Option<NaiveDate>,
    /// P(stage ≥ k) for k = 1…n now.
    pub probabilities: Vec<AlertProbability>,
    pub indicators_moved: Vec<IndicatorMove>,
    /// The evidence new since the previous assessment on the moved indicators.
    pub evidence: Vec<AlertEvidence>,
    /// The engine's own account of what changed.
    pub changes: Vec<String>,
}

/// The name of a stage in a scenario.
fn stage_name(scenario: &Scenario, level: u8) -> String {
    scenario
        .stages
        .iter()
        .find(|s| s.level == level)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| format!("stage {level}"))
}

/// The alert for `current`, when its called stage differs from `previous`'s (or from 0
/// with no previous assessment); `None` when the stage did not change.
pub fn stage_alert(
    scenario: &Scenario,
    previous: Option<&Assessment>,
    current: &Assessment,
) -> Option<StageAlert> {
    let old_stage = previous.map_or(0, |p| p.stage_called);
    if old_stage == current.stage_called {
        return None;
    }
    let moves = indicator_moves(previous, current);
    let top = scenario.stages.iter().map(|s| s.level).max().unwrap_or(0);
    let probabilities = (1..=top)
        .map(|k| AlertProbability {
            stage: k,
            name: stage_name(scenario, k),
            p: p_at_least(&current.probabilities, k),
        })
        .collect();
    let evidence = moves
        .iter()
        .flat_map(|m| {
            let indicator = current
                .indicators
                .iter()
                .find(|i| i.indicator_id == m.indicator_id);
            m.new_evidence.iter().filter_map(move |event_id| {
                let item = indicator?
                    .evidence
                    .iter()
                    .find(|e| &e.event_id == event_id)?;
                Some(AlertEvidence {
                    indicator_id: m.indicator_id.clone(),
                    event_id: item.event_id.clone(),
                    report_id: item.report_id.clone(),
                    report_ref: item.report_ref.clone(),
                    source: item.source.clone(),
                    published: item.published,
                    grade: grade(item),
                    modality: item.modality.name().to_string(),
                    sentence: item.sentence.clone(),
                })
            })
        })
        .collect();
    Some(StageAlert {
        version: ALERT_VERSION,
        kind: "stage-change".to_string(),
        scenario: current.scenario_id.clone(),
        title: scenario.title.clone(),
        as_of: current.as_of,
        old_stage,
        old_stage_name: stage_name(scenario, old_stage),
        new_stage: current.stage_called,
        new_stage_name: stage_name(scenario, current.stage_called),
        previous_as_of: previous.map(|p| p.as_of),
        probabilities,
        indicators_moved: moves,
        evidence,
        changes: current.changes.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn a_stage_change_gives_an_alert_with_its_evidence() {
        let brief = fixture::brief();
        let alert = stage_alert(&brief.scenario, brief.previous.as_ref(), &brief.assessment)
            .expect("stage moved from 2 to 3");
        assert_eq!((alert.old_stage, alert.new_stage), (2, 3));
        assert_eq!(alert.new_stage_name, "Confirmed transfers or training");
        assert_eq!(alert.probabilities.len(), 5);
        assert_eq!(alert.indicators_moved.len(), 1);
        // The previous assessment already had e1 and e2: nothing new to cite.
        assert!(alert.evidence.is_empty());
        let json = serde_json::to_value(&alert).expect("alert serialises");
        assert_eq!(json["kind"], "stage-change");
        assert_eq!(json["indicators_moved"][0]["to"], "corroborated");
    }

    #[test]
    fn a_first_assessment_alerts_from_stage_zero_with_all_evidence() {
        let brief = fixture::brief();
        let alert = stage_alert(&brief.scenario, None, &brief.assessment).expect("0 → 3");
        assert_eq!(alert.old_stage, 0);
        let ids: Vec<&str> = alert.evidence.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, vec!["e1", "e2"]);
        assert_eq!(alert.evidence[0].grade, "B2");
    }

    #[test]
    fn no_alert_when_the_stage_holds() {
        let brief = fixture::brief();
        assert!(stage_alert(&brief.scenario, Some(&brief.assessment), &brief.assessment).is_none());
    }
}
