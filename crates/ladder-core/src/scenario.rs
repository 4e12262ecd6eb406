//! Scenarios: a named ladder of stages, each with indicators that are event patterns.

use crate::event::{EventType, Modality};
use serde::{Deserialize, Serialize};

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
}

/// One rung of a scenario's ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub level: u8,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
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
    /// Accepted modalities; empty = asserted and reported (occurrences).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modality: Vec<Modality>,
}
