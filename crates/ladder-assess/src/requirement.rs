//! A stage's source requirement (`requires.source`): whether one item of evidence comes
//! from the acknowledging party's own channel (`first-party`) or from a source graded
//! high enough (`grade`). Pure.

use crate::input::InputEvent;
use ladder_core::{Reliability, Scenario, SourceRequirement, Stage, StageRequirement};

/// The grade a `grade` requirement accepts when `min_reliability` is left out.
pub const DEFAULT_MIN_RELIABILITY: Reliability = Reliability::B;

/// One stage's source requirement, ready to test items.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceCheck {
    /// For `first-party`: the parties whose own channel counts.
    first_party: Option<Vec<String>>,
    /// For `grade`: the lowest reliability accepted.
    min_grade: Option<Reliability>,
}

impl SourceCheck {
    /// The check of `stage`, or `None` when the stage requires no particular source.
    pub fn for_stage(scenario: &Scenario, stage: &Stage) -> Option<Self> {
        let requires = stage.requires.as_ref()?;
        if requires.source.is_empty() {
            return None;
        }
        let parties = if requires.parties.is_empty() {
            scenario.actors.clone()
        } else {
            requires.parties.clone()
        };
        Some(SourceCheck {
            first_party: requires
                .source
                .contains(&SourceRequirement::FirstParty)
                .then_some(parties),
            min_grade: requires
                .source
                .contains(&SourceRequirement::Grade)
                .then(|| requires.min_reliability.unwrap_or(DEFAULT_MIN_RELIABILITY)),
        })
    }

    /// Whether the item meets one of the accepted kinds of source.
    pub fn accepts(&self, item: &InputEvent) -> bool {
        let graded = self
            .min_grade
            .is_some_and(|min| item.reliability != Reliability::F && item.reliability <= min);
        graded
            || self
                .first_party
                .as_ref()
                .is_some_and(|parties| is_first_party(item, parties))
    }

    /// The requirement in words, for messages.
    pub fn describe(requires: &StageRequirement) -> String {
        let kinds: Vec<String> = requires
            .source
            .iter()
            .map(|kind| match kind {
                SourceRequirement::FirstParty => {
                    "a party's own channel (its officials or state media)".to_string()
                }
                SourceRequirement::Grade => format!(
                    "a source graded {} or better",
                    requires
                        .min_reliability
                        .unwrap_or(DEFAULT_MIN_RELIABILITY)
                        .letter()
                ),
            })
            .collect();
        kinds.join(" or ")
    }
}

/// An acknowledgement from a party's own channel: one of the parties is an actor of the
/// event *and* the claim is attributed to one of the parties (its officials, its state
/// media: Moscow acknowledging Pyongyang's troops counts) — not a third party's report
/// that a party acknowledged something.
pub fn is_first_party(item: &InputEvent, parties: &[String]) -> bool {
    let event = &item.event;
    let party_acts = event.actor.iter().any(|a| parties.contains(a));
    let party_says = event.attributed_to.iter().any(|a| parties.contains(a));
    party_acts && party_says
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::parse_scenario;
    use crate::synthetic::{event, input_event};
    use ladder_core::{EventType, Modality};

    const SCENARIO: &str = r#"
id = "t"
title = "T"
actors = ["PRK", "RUS"]
[[stages]]
level = 0
name = "none"
[[stages]]
level = 1
name = "acknowledged"
requires = { source = ["first-party", "grade"], min_reliability = "A" }
[[stages.indicators]]
id = "ack"
text = "Acknowledged"
key = true
pattern = { actor = ["PRK"], event_type = ["ASSAULT"] }
"#;

    #[test]
    fn first_party_means_the_actor_speaks_for_itself() {
        let scenario = parse_scenario("t.toml", SCENARIO).unwrap();
        let check = SourceCheck::for_stage(&scenario, &scenario.stages[1]).unwrap();
        let item = |attributed: &[&str], reliability: Reliability| {
            let mut e = event("e", "PRK", EventType::Assault, "UKR", Modality::Asserted);
            e.attributed_to = attributed.iter().map(|s| s.to_string()).collect();
            let mut item = input_event(e, "2024-12-01", "Outlet", None);
            item.reliability = reliability;
            item
        };
        let cases = [
            ("its own channel", item(&["PRK"], Reliability::D), true),
            (
                "a third party's report of it",
                item(&["KOR"], Reliability::B),
                false,
            ),
            (
                "the other party about it",
                item(&["RUS"], Reliability::D),
                true,
            ),
            ("no attribution, B source", item(&[], Reliability::B), false),
            ("no attribution, A source", item(&[], Reliability::A), true),
            ("unknown source", item(&[], Reliability::F), false),
        ];
        for (name, item, expected) in cases {
            assert_eq!(check.accepts(&item), expected, "{name}");
        }
        assert_eq!(
            SourceCheck::describe(scenario.stages[1].requires.as_ref().unwrap()),
            "a party's own channel (its officials or state media) or a source graded A or better"
        );
    }
}
