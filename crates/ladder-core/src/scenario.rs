//! Scenarios: a named ladder of stages, each with indicators that are event patterns.

use crate::event::{EventType, Modality};
use crate::grading::Reliability;
use serde::{Deserialize, Deserializer, Serialize};

/// A ladder of stages for a dyad or a situation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The actors it concerns (codes).
    #[serde(default)]
    pub actors: Vec<String>,
    /// Stages 0…n in order; stage 0 is the baseline and usually has no indicators.
    pub stages: Vec<Stage>,
    /// A template for any pair of actors: patterns use the placeholders `A` and `B`,
    /// filled in by `--dyad A,B` (see `ladder_assess::ScenarioSet::resolve`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dyadic: bool,
    /// How a stage is called from the probabilities (threshold, sources, hysteresis).
    #[serde(default)]
    pub calling: CallingRules,
}

/// How a stage is called: `P(stage ≥ k) ≥ threshold` with at least `min_sources`
/// independent sources, left only after `hold_days` days below the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallingRules {
    /// Probability a stage must reach to be called (0.5 < threshold < 1).
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    /// Independent sources needed, across the indicators of that stage and above.
    #[serde(default = "default_min_sources")]
    pub min_sources: usize,
    /// Days a called stage is held after its probability falls below the threshold.
    #[serde(default = "default_hold_days")]
    pub hold_days: u32,
    /// Cap on one indicator's evidence strength (in "full observations"), so that one
    /// indicator cannot carry a stage alone however often it is repeated.
    #[serde(default = "default_strength_cap")]
    pub strength_cap: f64,
}

impl Default for CallingRules {
    fn default() -> Self {
        CallingRules {
            threshold: default_threshold(),
            min_sources: default_min_sources(),
            hold_days: default_hold_days(),
            strength_cap: default_strength_cap(),
        }
    }
}

fn default_threshold() -> f64 {
    0.7
}
fn default_min_sources() -> usize {
    2
}
fn default_hold_days() -> u32 {
    14
}
fn default_strength_cap() -> f64 {
    2.0
}

/// One rung of a scenario's ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub level: u8,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Prior probability that the situation is at this stage or above before any
    /// evidence; `None` = `0.1 / level` (stage 0 is certain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<f64>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// What the stage's key evidence must also include before the stage is called (a
    /// first-party or well-graded source, other stages supported the same day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<StageRequirement>,
}

/// Extra conditions for calling a stage, beyond probability and sources.
///
/// `source` lists the kinds of source of which at least one live key item must come:
/// `first-party` (the event's actor is one of `parties` — the scenario's actors when
/// empty — and the claim is attributed to one of the parties: their officials, state
/// media), `grade` (the item's source is graded `min_reliability` or better). `stages`
/// names other stages that must be supported the same day; a cycle among them is an
/// error of the scenario file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageRequirement {
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub source: Vec<SourceRequirement>,
    /// For `grade`: the lowest reliability accepted (default B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_reliability: Option<Reliability>,
    /// For `first-party`: the parties whose own channel counts (default: the scenario's
    /// actors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
    /// Other stages that must be supported on the same day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<u8>,
}

/// A kind of source a stage's call may require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceRequirement {
    /// A party's own channel: a party is the event's actor and a party is the one the
    /// claim is attributed to.
    FirstParty,
    /// A source graded at least `min_reliability`.
    Grade,
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<SourceRequirement>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(SourceRequirement),
        Many(Vec<SourceRequirement>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// Whether an indicator's evidence fades or holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorKind {
    /// Something that happens (a visit, a statement, a strike): it fades with its
    /// half-life.
    #[default]
    Event,
    /// A state of affairs (a treaty in force, arms being supplied): once established it
    /// holds, without decay, until a `contrary` indicator fires or a source graded higher
    /// than the claim's denies it.
    State,
}

impl IndicatorKind {
    fn is_event(&self) -> bool {
        *self == IndicatorKind::Event
    }
}

/// An observable sign that a stage has been reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    /// What an analyst would call it ("North Korean troops in a combat zone").
    pub text: String,
    pub pattern: EventPattern,
    /// Log-likelihood-ratio weight of one fully credible observation.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Evidence half-life in days; `None` = no decay (a treaty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_life_days: Option<f64>,
    /// A warning indicator: fed by planned, considered and conditional events instead of
    /// occurrences.
    #[serde(default)]
    pub warning: bool,
    /// `event` (fades with its half-life) or `state` (holds until contrary evidence).
    #[serde(default, skip_serializing_if = "IndicatorKind::is_event")]
    pub kind: IndicatorKind,
    /// For a state: the indicators whose firing ends it (a withdrawal, a retraction).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contrary: Vec<String>,
    /// A key indicator of its stage: only key indicators can call the stage.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub key: bool,
}

fn default_weight() -> f64 {
    1.0
}

/// An event pattern: every non-empty field must match.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventPattern {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actor: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_type: Vec<EventType>,
    /// Substrings of the event's mode ("military", "troops").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mode: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipient: Vec<String>,
    /// Place names (gazetteer names) the event must be located at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location: Vec<String>,
    /// Countries (codes) the event must be located in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location_country: Vec<String>,
    /// Minimum quantity (any unit, or the unit in `quantity_unit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_quantity: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_unit: Option<String>,
    /// Accepted modalities; empty = asserted and reported (occurrences) for an ordinary
    /// indicator, planned, considered and conditional for a warning indicator. Denials of
    /// a matching event are always collected as denials (shown, weighing little).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modality: Vec<Modality>,
    /// Who must say so (codes in the event's `attributed_to`); `["ACTOR"]` means one of
    /// the event's own actors (an acknowledgement).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributed_to: Vec<String>,
    /// Words or phrases of which the evidence sentence must contain one (case-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Actor and recipient may be swapped (for dyads: either side acting counts).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub either_direction: bool,
}
