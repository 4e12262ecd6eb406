//! Ladder's assessment engine: from coded events to graded evidence per indicator, the
//! probability that each stage of a scenario is reached, the stage called, what changed,
//! the dyadic escalation index, and the playbook responses a stage unlocks.
//!
//! # I/O boundary
//!
//! The engine ([`engine`], [`pattern`], [`weighting`], [`independence`], [`index`],
//! [`changes`]) is pure: same events, same files, same `as_of` → the same assessment,
//! byte for byte (no clock, no hash-ordered output, floats rounded to 4 decimals). The only
//! I/O is in [`load`] (events through the `ladder_store::Store` trait) and in
//! [`files`] (`*.toml` files of the `--data` folder).
//!
//! # The model
//!
//! 1. **Matching.** Each indicator is an event pattern (actors, types, modes, recipients,
//!    place, quantity, modality, attribution, keywords). A matching event is *evidence*
//!    (asserted or reported for an ordinary indicator; planned, considered or conditional
//!    for a warning indicator) or a *denial* (modality `denied`).
//! 2. **Item weight** = reliability factor (A 1.0 … E 0.3, F 0.5) × modality factor
//!    (asserted 1.0, reported 0.8, planned 0.7, considered 0.5, conditional 0.4, denied 0.1)
//!    × decay `0.5^(age / half-life)`, age counted from the event date (or the publication
//!    date when the event is undated), none for indicators without a half-life.
//! 3. **Independence.** Items are grouped by *source of the claim*: the agency they are
//!    attributed to, else the report's origin (wire, else outlet); near-copies of an
//!    earlier sentence (3-shingle Jaccard ≥ 0.8) join that sentence's group. Per group only
//!    the strongest item counts. A group is a live source while its weight is ≥ 0.05.
//! 4. **Credibility** (1–6) from the number `n` of live independent sources: n ≥ 3 → 1,
//!    2 → 2, 1 → 3, one grade worse after a denial. Indicator status: not observed (0),
//!    single source (1), corroborated (2), confirmed (≥ 3).
//! 5. **Indicator strength** `s = credibility factor × Σ group weights (+ denial weights)`;
//!    its log-likelihood-ratio contribution is `weight × min(s, strength_cap)`.
//! 6. **Stages.** `logit P(stage ≥ k) = logit(prior_k) + Σ contributions of indicators
//!    at stage k or above` — evidence of a higher rung is evidence of the lower ones, and
//!    with non-increasing priors P(stage ≥ k) never rises with k.
//! 7. **Call.** The supported stage is the highest k with `P ≥ threshold` and at least
//!    `min_sources` independent sources among the non-warning indicators of stage ≥ k.
//!    The called stage is the highest stage supported on any of the last `hold_days`
//!    days (hysteresis: a stage is left only after `hold_days` days below).
//!
//! See `docs/assessment.md` for the rationale and worked numbers.

pub mod calling;
pub mod changes;
pub mod engine;
pub mod files;
pub mod independence;
pub mod index;
pub mod input;
pub mod load;
pub mod pattern;
pub mod requirement;
pub mod scoring;
pub mod synthetic;
pub mod weighting;

pub use changes::describe_changes;
pub use engine::{assess, replay, Replay, ReplayRow};
pub use files::{
    check_file, instantiate_dyad, parse_playbook, parse_scenario, responses_for, CheckedFile,
    Diagnostic, PlaybookSet, ScenarioSet,
};
pub use index::{escalation_index, IndexPoint};
pub use input::{AssessmentInput, InputEvent};

/// Errors of loading scenario files and of running the engine on bad parameters.
#[derive(Debug, thiserror::Error)]
pub enum AssessError {
    /// Problems in scenario or playbook files, each naming its file and line.
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
    #[error("reading {0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("no scenario '{0}' (known: {1})")]
    UnknownScenario(String, String),
    #[error("{0}")]
    Dyad(String),
    #[error("{0}")]
    BadPeriod(String),
}
