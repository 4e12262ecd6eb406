//! Playbooks: for an observer and a scenario, the responses agreed in advance per stage.

use serde::{Deserialize, Serialize};

/// The DIME instruments of national power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DimeTrack {
    Diplomatic,
    Information,
    Military,
    Economic,
}

/// Pre-agreed response options of one observer for one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    pub id: String,
    /// The observer (a country code, "KOR").
    pub observer: String,
    pub scenario: String,
    #[serde(default)]
    pub title: String,
    pub responses: Vec<Response>,
}

/// One response option, unlocked from a stage on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub id: String,
    /// The stage from which it is on the table.
    pub stage: u8,
    pub track: DimeTrack,
    pub text: String,
    #[serde(default)]
    pub rationale: String,
    /// When it is considered, if only under conditions ("if they are going too far").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}
