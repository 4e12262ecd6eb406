//! Briefings: renders assessments, replays and evidence as Markdown and self-contained HTML with SVG charts.
//!
//! The crate does no I/O: the caller gathers a [`Brief`] (the assessment, the scenario,
//! the playbook, the stage history and the escalation index) and gets back strings. The
//! same `Brief` always renders to the same bytes: nothing here reads the clock, and every
//! collection is ordered.

pub mod alert;
pub mod changes;
pub mod escape;
pub mod html;
pub mod markdown;
pub mod svg;

use chrono::NaiveDate;
use ladder_core::{
    Assessment, DimeTrack, Event, IndicatorAssessment, IndicatorStatus, Playbook, Response,
    Scenario, StageProbability, Tlp,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use alert::{stage_alert, StageAlert};
pub use changes::{indicator_moves, IndicatorMove};

/// The stage called on one day of a replay, with the probabilities behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StagePoint {
    pub date: NaiveDate,
    pub stage: u8,
    /// P(stage ≥ k) for k = 1…n (stage 0 is certain and may be left out).
    pub probabilities: Vec<StageProbability>,
}

impl StagePoint {
    /// P(stage ≥ k) on this day.
    pub fn p_at_least(&self, k: u8) -> f64 {
        p_at_least(&self.probabilities, k)
    }
}

/// One day of a dyad's escalation index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexPoint {
    pub date: NaiveDate,
    /// Robust z-score of the day's escalation against the pair's own past.
    pub z: f64,
    /// Events on the pair that day (shown on hover and in the Markdown table).
    #[serde(default)]
    pub events: u32,
}

/// A dyad's escalation index over the briefing window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationSeries {
    /// The two actors ("PRK", "RUS").
    pub dyad: (String, String),
    pub points: Vec<IndexPoint>,
}

/// What a reader needs to know about a cited report beyond the evidence item itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReportInfo {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub tlp: Tlp,
}

/// How the stage was called, for the methods footer. Every field the engine does not
/// report is left out of the text rather than guessed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Methods {
    /// Probability P(stage ≥ k) must pass to call stage k.
    pub call_threshold: Option<f64>,
    /// Independent sources needed to call a stage.
    pub min_independent_sources: Option<usize>,
    /// Days a stage's probability must stay below the threshold before it is left.
    pub hysteresis_days: Option<u32>,
    /// The event coder's version string.
    pub coder_version: Option<String>,
    /// Ladder's version.
    pub ladder_version: String,
    /// Reports and events the assessment considered.
    pub reports: Option<usize>,
    pub events: Option<usize>,
    /// Extra lines the engine wants said (its own wording of the method).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Everything one briefing shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub scenario: Scenario,
    pub assessment: Assessment,
    /// The assessment before this one, for "what changed".
    pub previous: Option<Assessment>,
    /// The observer's playbook for the scenario, if there is one.
    pub playbook: Option<Playbook>,
    /// The observer the briefing is prepared for ("KOR").
    pub observer: String,
    /// Stage called per day up to the as-of date (oldest first).
    pub history: Vec<StagePoint>,
    /// The dyad's escalation index (oldest first), if one was computed.
    pub index: Option<EscalationSeries>,
    /// Coded events by id, to show who did what to whom beside each evidence sentence.
    pub events: BTreeMap<String, Event>,
    /// Cited reports by id.
    pub reports: BTreeMap<String, ReportInfo>,
    pub methods: Methods,
}

impl Brief {
    /// `brief-<scenario>-<date>`, the name of the output files without extension.
    pub fn file_stem(&self) -> String {
        format!(
            "brief-{}-{}",
            escape::file_stem(&self.assessment.scenario_id),
            self.assessment.as_of.format("%Y-%m-%d")
        )
    }

    /// The highest stage of the scenario's ladder.
    pub fn top_stage(&self) -> u8 {
        self.scenario
            .stages
            .iter()
            .map(|s| s.level)
            .max()
            .unwrap_or(0)
            .max(self.assessment.stage_called)
    }

    /// The name of a stage, or "stage k" when the scenario does not name it.
    pub fn stage_name(&self, level: u8) -> String {
        self.scenario
            .stages
            .iter()
            .find(|s| s.level == level)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| format!("stage {level}"))
    }

    /// The description of a stage ("" when none).
    pub fn stage_description(&self, level: u8) -> &str {
        self.scenario
            .stages
            .iter()
            .find(|s| s.level == level)
            .map(|s| s.description.as_str())
            .unwrap_or("")
    }

    /// P(stage ≥ k) at the as-of date.
    pub fn p_at_least(&self, k: u8) -> f64 {
        p_at_least(&self.assessment.probabilities, k)
    }

    /// The next rung above the stage called, if the ladder has one.
    pub fn next_stage(&self) -> Option<u8> {
        let next = self.assessment.stage_called.checked_add(1)?;
        (next <= self.top_stage()).then_some(next)
    }

    /// Indicators in ladder order (stage, then id).
    pub fn indicators(&self) -> Vec<&IndicatorAssessment> {
        let mut list: Vec<&IndicatorAssessment> = self.assessment.indicators.iter().collect();
        list.sort_by(|a, b| (a.stage, &a.indicator_id).cmp(&(b.stage, &b.indicator_id)));
        list
    }

    /// Count of indicators per status, in status order.
    pub fn status_counts(&self) -> BTreeMap<IndicatorStatus, usize> {
        let mut counts = BTreeMap::new();
        for ind in &self.assessment.indicators {
            *counts.entry(ind.status).or_insert(0) += 1;
        }
        counts
    }

    /// Independent sources behind a stage: the engine's count for the stage and those
    /// above when it gives one, else the largest count among the stage's indicators.
    pub fn stage_sources(&self, level: u8) -> usize {
        let engine = self
            .assessment
            .probabilities
            .iter()
            .find(|p| p.stage == level)
            .map_or(0, |p| p.independent_sources);
        let indicators = self
            .assessment
            .indicators
            .iter()
            .filter(|i| i.stage >= level)
            .map(|i| i.independent_sources)
            .max()
            .unwrap_or(0);
        if engine > 0 {
            engine
        } else {
            indicators
        }
    }

    /// Responses on the table now (unlocked at or below the stage called), by track.
    pub fn responses_now(&self) -> BTreeMap<DimeTrack, Vec<&Response>> {
        let called = self.assessment.stage_called;
        self.responses_where(|r| r.stage <= called)
    }

    /// Responses unlocked at the next rung, by track.
    pub fn responses_next(&self) -> BTreeMap<DimeTrack, Vec<&Response>> {
        match self.next_stage() {
            Some(next) => self.responses_where(|r| r.stage == next),
            None => BTreeMap::new(),
        }
    }

    /// Responses by track, the most recently unlocked first (then in playbook order).
    fn responses_where(
        &self,
        keep: impl Fn(&Response) -> bool,
    ) -> BTreeMap<DimeTrack, Vec<&Response>> {
        let mut by_track: BTreeMap<DimeTrack, Vec<&Response>> = BTreeMap::new();
        if let Some(playbook) = &self.playbook {
            for response in playbook.responses.iter().filter(|r| keep(r)) {
                by_track.entry(response.track).or_default().push(response);
            }
        }
        for list in by_track.values_mut() {
            // Stable sort: responses of one stage keep the order the playbook gives them.
            list.sort_by_key(|r| std::cmp::Reverse(r.stage));
        }
        by_track
    }

    /// The strictest handling level among the cited reports (CLEAR when none).
    pub fn tlp(&self) -> Tlp {
        let cited: Vec<&str> = self
            .assessment
            .indicators
            .iter()
            .flat_map(|i| i.evidence.iter().map(|e| e.report_id.as_str()))
            .collect();
        cited
            .iter()
            .filter_map(|id| self.reports.get(*id))
            .fold(Tlp::default(), |acc, r| acc.strictest(r.tlp))
    }

    /// The date of the first day in the history on which the current stage was called
    /// without interruption up to the as-of date.
    pub fn stage_since(&self) -> Option<NaiveDate> {
        let called = self.assessment.stage_called;
        let mut since = None;
        for point in self.history.iter().rev() {
            if point.date > self.assessment.as_of {
                continue;
            }
            if point.stage != called {
                break;
            }
            since = Some(point.date);
        }
        since
    }
}

/// Text with its first letter upper-cased, for headings ("troops deployed…" → "Troops deployed…").
/// The evidence that tipped the standing call, in one plain sentence (to be escaped by
/// the renderer), saying so when the call rose two rungs or more in one day.
pub fn tip_sentence(tip: &ladder_core::TippingEvidence) -> String {
    let jump = if tip.stage >= tip.from_stage + 2 {
        format!(
            " The call rose {} rungs that day: the key indicators of stages {} to {} all held.",
            tip.stage - tip.from_stage,
            tip.from_stage + 1,
            tip.stage
        )
    } else {
        String::new()
    };
    format!(
        "Tipped on {} (stage {} → {}) by {} ({}, {}): “{}”.{jump}",
        tip.date.format("%Y-%m-%d"),
        tip.from_stage,
        tip.stage,
        tip.source.as_deref().unwrap_or("an unnamed source"),
        tip.grade,
        tip.indicator_id,
        tip.sentence.trim(),
    )
}

pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The display name of a DIME track.
pub fn track_name(track: DimeTrack) -> &'static str {
    match track {
        DimeTrack::Diplomatic => "Diplomatic",
        DimeTrack::Information => "Information",
        DimeTrack::Military => "Military",
        DimeTrack::Economic => "Economic",
    }
}

/// The display name of an indicator status.
pub fn status_name(status: IndicatorStatus) -> &'static str {
    match status {
        IndicatorStatus::NotObserved => "Not observed",
        IndicatorStatus::SingleSource => "Single source",
        IndicatorStatus::Corroborated => "Corroborated",
        IndicatorStatus::Confirmed => "Confirmed",
    }
}

/// The CSS class / Markdown marker of an indicator status.
pub fn status_key(status: IndicatorStatus) -> &'static str {
    match status {
        IndicatorStatus::NotObserved => "not-observed",
        IndicatorStatus::SingleSource => "single-source",
        IndicatorStatus::Corroborated => "corroborated",
        IndicatorStatus::Confirmed => "confirmed",
    }
}

/// P(stage ≥ k) from a list of stage probabilities: 1 for k = 0, 0 when absent.
pub fn p_at_least(probabilities: &[StageProbability], k: u8) -> f64 {
    if k == 0 {
        return 1.0;
    }
    probabilities
        .iter()
        .find(|p| p.stage == k)
        .map(|p| p.p.clamp(0.0, 1.0))
        .unwrap_or(0.0)
}

/// A probability as a percentage with no decimals ("87%"), "<1%" and ">99%" at the ends.
pub fn percent(p: f64) -> String {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pct = p * 100.0;
    if pct > 0.0 && pct < 0.5 {
        "<1%".to_string()
    } else if (99.5..100.0).contains(&pct) {
        ">99%".to_string()
    } else {
        format!("{pct:.0}%")
    }
}

/// The Admiralty grade of an evidence item ("B2").
pub fn grade(item: &ladder_core::EvidenceItem) -> String {
    format!("{}{}", item.reliability.letter(), item.credibility.value())
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats_the_ends() {
        let cases = [
            (0.0, "0%"),
            (0.004, "<1%"),
            (0.5, "50%"),
            (0.996, ">99%"),
            (1.0, "100%"),
            (f64::NAN, "0%"),
        ];
        for (p, expected) in cases {
            assert_eq!(percent(p), expected, "{p}");
        }
    }

    #[test]
    fn responses_split_into_now_and_next() {
        let brief = fixture::brief();
        let now: Vec<&str> = brief
            .responses_now()
            .values()
            .flatten()
            .map(|r| r.id.as_str())
            .collect();
        let next: Vec<&str> = brief
            .responses_next()
            .values()
            .flatten()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(
            now,
            vec!["summon-ambassador", "nato-intel", "nonlethal-aid"]
        );
        assert_eq!(next, vec!["defensive-weapons"]);
    }

    #[test]
    fn stage_since_walks_back_through_the_history() {
        let brief = fixture::brief();
        assert_eq!(brief.stage_since(), NaiveDate::from_ymd_opt(2024, 10, 18));
        assert_eq!(
            brief.file_stem(),
            "brief-prk-rus-military-cooperation-2024-10-20"
        );
    }
}
