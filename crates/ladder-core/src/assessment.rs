//! Assessments: for a scenario at a date, the stage probabilities, the stage called, and
//! each indicator's status with its evidence.

use crate::event::Modality;
use crate::grading::{Credibility, Reliability};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How well an indicator is supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorStatus {
    NotObserved,
    SingleSource,
    Corroborated,
    Confirmed,
}

/// P(stage ≥ k).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageProbability {
    pub stage: u8,
    pub p: f64,
    /// Independent sources behind the indicators of this stage and above.
    #[serde(default)]
    pub independent_sources: usize,
}

/// One event's contribution to an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub event_id: String,
    pub report_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    pub modality: Modality,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributed_to: Vec<String>,
    pub reliability: Reliability,
    pub credibility: Credibility,
    /// The independent origin this item counts under.
    pub origin: String,
    /// Its weight after grading, modality and age.
    pub weight: f64,
    /// The event's date as coded (`2024-10-18`, `2024-10`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    /// A later near-copy or same-origin item: shown, not counted again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub duplicate: bool,
}

impl EvidenceItem {
    /// The Admiralty grade as analysts write it ("B2").
    pub fn grade(&self) -> String {
        format!("{}{}", self.reliability.letter(), self.credibility.value())
    }
}

/// An indicator's state at the assessment date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorAssessment {
    pub indicator_id: String,
    pub stage: u8,
    pub text: String,
    pub status: IndicatorStatus,
    /// Number of independent sources of the claim.
    pub independent_sources: usize,
    pub score: f64,
    pub evidence: Vec<EvidenceItem>,
    /// A warning indicator (fed by planned, considered and conditional events).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
    /// Denials of the indicator's event by a party (shown; they lower credibility).
    #[serde(default)]
    pub denials: usize,
    /// Matching items in total (`evidence` lists at most the strongest few).
    #[serde(default)]
    pub evidence_total: usize,
    /// Its contribution to the log-odds of its stage (and of the stages below that have
    /// evidence of their own).
    #[serde(default)]
    pub log_odds: f64,
    /// A state (holds until contrary evidence) rather than an event (fades).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub state: bool,
    /// A key indicator: one of those that can call its stage.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub key: bool,
}

/// The single piece of evidence that tipped a call: the last key item to arrive before the
/// stage was called.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TippingEvidence {
    /// The stage called.
    pub stage: u8,
    /// The stage called the day before (a rise of two rungs or more in one day means the
    /// key indicators of every rung in between held that day).
    pub from_stage: u8,
    /// The day of the call.
    pub date: NaiveDate,
    pub indicator_id: String,
    pub event_id: String,
    pub report_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    pub sentence: String,
    /// The item's Admiralty grade as of the call ("B2").
    pub grade: String,
}

/// A scenario's assessment at a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub scenario_id: String,
    pub as_of: NaiveDate,
    pub stage_called: u8,
    pub probabilities: Vec<StageProbability>,
    pub indicators: Vec<IndicatorAssessment>,
    #[serde(default)]
    pub changes: Vec<String>,
    /// The stage the probabilities alone support today, before hysteresis.
    #[serde(default)]
    pub stage_supported: u8,
    /// Name of the stage called.
    #[serde(default)]
    pub stage_name: String,
    /// The pair for a dyadic scenario.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dyad: Vec<String>,
    /// Date of the assessment the changes are relative to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_as_of: Option<NaiveDate>,
    /// The evidence that tipped the call now standing (none at stage 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tipped_by: Option<TippingEvidence>,
    /// What the evidence says that the ladder cannot call: a higher rung's key evidence
    /// holding while a rung below has none of its own, or a rung lacking the source it
    /// requires. Shown to the analyst, never a call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradictions: Vec<String>,
}
