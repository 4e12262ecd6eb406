//! Ontology tables: for each PLOVER type, its description, its nearest CAMEO root code,
//! and an intensity on the Goldstein scale (−10 conflict … +10 cooperation) used by the
//! escalation index.

use crate::event::EventType;

/// Facts about one PLOVER event type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventTypeInfo {
    pub event_type: EventType,
    /// One line from the PLOVER definitions.
    pub description: &'static str,
    /// The CAMEO root (two digits) nearest to the type.
    pub cameo_root: &'static str,
    /// Typical Goldstein-scale weight of the type (−10 … +10).
    pub goldstein: f64,
    /// Whether the type is material (an act) rather than verbal (a statement).
    pub material: bool,
}

const TABLE: [EventTypeInfo; 16] = [
    info(
        EventType::Agree,
        "agree to, promise or sign an agreement; express intent to cooperate",
        "03",
        4.0,
        false,
    ),
    info(
        EventType::Consult,
        "meet, visit, host, telephone or negotiate",
        "04",
        1.0,
        false,
    ),
    info(
        EventType::Support,
        "praise, endorse, or express support; sign formal agreements of support",
        "05",
        3.5,
        false,
    ),
    info(
        EventType::Concede,
        "yield: ease sanctions, release persons, allow access, accede to demands",
        "08",
        5.0,
        true,
    ),
    info(
        EventType::Cooperate,
        "cooperate in economic, military, intelligence or judicial matters",
        "06",
        6.0,
        true,
    ),
    info(
        EventType::Aid,
        "provide economic, military, humanitarian aid or troops",
        "07",
        7.0,
        true,
    ),
    info(
        EventType::Retreat,
        "withdraw forces, release, demobilise, de-escalate",
        "08",
        5.0,
        true,
    ),
    info(
        EventType::Request,
        "demand or appeal for action, aid, withdrawal or talks",
        "10",
        -2.0,
        false,
    ),
    info(
        EventType::Accuse,
        "criticise, condemn, accuse, summon an ambassador, investigate",
        "11",
        -2.0,
        false,
    ),
    info(
        EventType::Reject,
        "refuse, reject a proposal, veto, defy",
        "12",
        -4.0,
        false,
    ),
    info(
        EventType::Threaten,
        "threaten force, sanctions or other penalties; ultimatums",
        "13",
        -6.0,
        false,
    ),
    info(
        EventType::Protest,
        "demonstrate, rally, strike, boycott",
        "14",
        -6.5,
        true,
    ),
    info(
        EventType::Sanction,
        "reduce relations, expel diplomats, impose embargoes or sanctions",
        "16",
        -5.0,
        true,
    ),
    info(
        EventType::Mobilize,
        "raise alert, mobilise or deploy forces, exercises as signals",
        "15",
        -7.0,
        true,
    ),
    info(
        EventType::Coerce,
        "arrest, detain, seize, blockade, repress",
        "17",
        -7.0,
        true,
    ),
    info(
        EventType::Assault,
        "use conventional or unconventional military force, attack, fight",
        "19",
        -10.0,
        true,
    ),
];

const fn info(
    event_type: EventType,
    description: &'static str,
    cameo_root: &'static str,
    goldstein: f64,
    material: bool,
) -> EventTypeInfo {
    EventTypeInfo {
        event_type,
        description,
        cameo_root,
        goldstein,
        material,
    }
}

/// The table entry of a type.
pub fn event_type_info(event_type: EventType) -> &'static EventTypeInfo {
    TABLE
        .iter()
        .find(|i| i.event_type == event_type)
        .expect("the table lists every PLOVER type")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_an_entry() {
        for t in EventType::ALL {
            assert_eq!(event_type_info(t).event_type, t);
        }
        assert!(
            event_type_info(EventType::Assault).goldstein
                < event_type_info(EventType::Aid).goldstein
        );
    }
}
