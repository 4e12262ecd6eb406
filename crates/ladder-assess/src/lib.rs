//! Ladder's assessment engine: from coded events to graded evidence per indicator, the
//! probability that each stage of a scenario is reached, the stage called, what changed,
//! the dyadic escalation index, and the playbook responses a stage unlocks.
//!
//! # I/O boundary
//!
//! The engine ([`engine`], [`calling`], [`requirement`], [`scoring`], [`pattern`],
//! [`weighting`], [`independence`], [`index`], [`changes`]) is pure: same events, same
//! files, same `as_of` → the same assessment, byte for byte (no clock, no hash-ordered
//! output, floats rounded to 4 decimals). The only
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
//! 6. **Stages.** Indicators are events (fade with their half-life) or states (hold until
//!    a `contrary` indicator fires or a higher-graded source denies them).
//!    `logit P(stage ≥ k) = logit(prior_k) + own_k (+ own of the stages above, only once
//!    stage k has evidence of its own)`.
//! 7. **Call** ([`calling`]). A stage is supported when `P ≥ threshold`, its own *key*
//!    indicators have `min_sources` independent sources (never more than their reports)
//!    and its `requires` ([`requirement`]) hold. The call climbs from yesterday's call
//!    through supported rungs only; a supported rung above an unsupported one is a
//!    contradiction, shown, not called; a rung is left after `hold_days` days unsupported.
//!    Each rise names the item that tipped it.
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
