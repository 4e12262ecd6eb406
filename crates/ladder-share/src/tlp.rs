//! TLP 2.0 as STIX marking definitions: the OASIS ids of each level and the marking
//! objects themselves, and the reverse lookup used on import and by the TAXII server.

use ladder_core::Tlp;
use serde_json::{json, Value};

/// The OASIS TLP 2.0 extension-definition that marks a TLP 2.0 marking object.
pub const TLP2_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The OASIS marking-definition id of a TLP 2.0 level.
pub fn marking_id(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
}

/// The level a marking id stands for: TLP 2.0 ids, and the TLP 1.0 ids partners still
/// send (WHITE reads as CLEAR). Compared without regard to ASCII case: the UUID part of a
/// STIX id is hexadecimal, which RFC 4122 reads case-insensitively.
pub fn tlp_of_marking(id: &str) -> Option<Tlp> {
    const LEGACY: [(&str, Tlp); 4] = [
        (
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
            Tlp::Clear,
        ),
        (
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            Tlp::Green,
        ),
        (
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
            Tlp::Amber,
        ),
        (
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
            Tlp::Red,
        ),
    ];
    ALL.iter()
        .copied()
        .find(|t| marking_id(*t).eq_ignore_ascii_case(id))
        .or_else(|| {
            LEGACY
                .iter()
                .find(|(m, _)| m.eq_ignore_ascii_case(id))
                .map(|(_, t)| *t)
        })
}

/// Every level, least restrictive first.
pub const ALL: [Tlp; 5] = [
    Tlp::Clear,
    Tlp::Green,
    Tlp::Amber,
    Tlp::AmberStrict,
    Tlp::Red,
];

/// A level as a small number (CLEAR 0 … RED 4), the form kept in SQL columns.
pub fn rank(tlp: Tlp) -> i64 {
    match tlp {
        Tlp::Clear => 0,
        Tlp::Green => 1,
        Tlp::Amber => 2,
        Tlp::AmberStrict => 3,
        Tlp::Red => 4,
    }
}

/// The strictest TLP of an object's markings, wherever they are: `object_marking_refs`
/// and the `marking_ref` of every `granular_markings` entry. A marking this server cannot
/// classify (a custom or statement marking, a non-string, a malformed list) counts as
/// RED, never as absent. `None` only when the object carries no marking at all.
pub fn tlp_of_object(object: &Value) -> Option<Tlp> {
    let mut levels = Vec::new();
    if let Some(refs) = object.get("object_marking_refs") {
        match refs.as_array() {
            Some(list) => levels.extend(list.iter().map(level_of_ref)),
            None => levels.push(Tlp::Red),
        }
    }
    if let Some(granular) = object.get("granular_markings") {
        match granular.as_array() {
            Some(list) => levels.extend(list.iter().filter_map(granular_level)),
            None => levels.push(Tlp::Red),
        }
    }
    levels.into_iter().max()
}

/// One entry of `object_marking_refs`: its level, RED when unknown.
fn level_of_ref(marking: &Value) -> Tlp {
    marking
        .as_str()
        .and_then(tlp_of_marking)
        .unwrap_or(Tlp::Red)
}

/// One `granular_markings` entry: the level of its `marking_ref`; `None` for a language
/// marking (`lang` without `marking_ref`); RED for anything else.
fn granular_level(entry: &Value) -> Option<Tlp> {
    match entry.get("marking_ref") {
        Some(m) => Some(level_of_ref(m)),
        None if entry.get("lang").is_some_and(Value::is_string) => None,
        None => Some(Tlp::Red),
    }
}

/// The OASIS marking-definition object of a level.
pub fn marking_object(tlp: Tlp) -> Value {
    let word = match tlp {
        Tlp::Clear => "clear",
        Tlp::Green => "green",
        Tlp::Amber => "amber",
        Tlp::AmberStrict => "amber+strict",
        Tlp::Red => "red",
    };
    let mut extensions = serde_json::Map::new();
    extensions.insert(
        TLP2_EXTENSION.to_string(),
        json!({"extension_type": "property-extension", "tlp_2_0": word}),
    );
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": marking_id(tlp),
        "created": "2022-10-01T00:00:00.000Z",
        "name": tlp.label(),
        "extensions": extensions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_legacy_ids_read() {
        for tlp in ALL {
            assert_eq!(tlp_of_marking(marking_id(tlp)), Some(tlp));
        }
        assert_eq!(
            tlp_of_marking("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"),
            Some(Tlp::Amber)
        );
        assert_eq!(
            tlp_of_marking("marking-definition--00000000-0000-0000-0000-000000000000"),
            None
        );
    }

    #[test]
    fn strictest_marking_wins() {
        let obj = json!({"object_marking_refs": [marking_id(Tlp::Green), marking_id(Tlp::Amber)]});
        assert_eq!(tlp_of_object(&obj), Some(Tlp::Amber));
        assert_eq!(tlp_of_object(&json!({})), None);
    }

    #[test]
    fn unclassifiable_markings_are_red_and_ids_ignore_case() {
        let red_upper = marking_id(Tlp::Red)
            .to_uppercase()
            .replace("MARKING-DEFINITION", "marking-definition");
        let custom = "marking-definition--0b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a4b";
        let cases = [
            (json!({"object_marking_refs": [red_upper]}), Some(Tlp::Red)),
            (
                json!({"object_marking_refs": [marking_id(Tlp::Amber).to_uppercase()]}),
                Some(Tlp::Amber),
            ),
            (
                json!({"object_marking_refs": [marking_id(Tlp::Green)],
                       "granular_markings": [{"marking_ref": marking_id(Tlp::Red), "selectors": ["description"]}]}),
                Some(Tlp::Red),
            ),
            (
                json!({"granular_markings": [{"marking_ref": marking_id(Tlp::Amber), "selectors": ["name"]}]}),
                Some(Tlp::Amber),
            ),
            (json!({"object_marking_refs": [custom]}), Some(Tlp::Red)),
            (
                json!({"object_marking_refs": [marking_id(Tlp::Clear), custom]}),
                Some(Tlp::Red),
            ),
            (json!({"object_marking_refs": [42]}), Some(Tlp::Red)),
            (json!({"object_marking_refs": "oops"}), Some(Tlp::Red)),
            (
                json!({"granular_markings": [{"selectors": ["x"]}]}),
                Some(Tlp::Red),
            ),
            (
                json!({"granular_markings": [{"lang": "en", "selectors": ["name"]}]}),
                None,
            ),
        ];
        for (object, want) in cases {
            assert_eq!(tlp_of_object(&object), want, "{object}");
        }
    }
}
