//! STIX 2.1: how Ladder's reports, events, assessments and playbook responses map to
//! STIX objects (`export`), analysts' corrections as opinions (`opinions`), and how
//! partners' bundles come back in (`import`).
//!
//! Ladder's own vocabulary rides on three extension definitions: a new SDO
//! [`EVENT_TYPE`] for coded events, a property extension for Admiralty grading, and a
//! property extension for the report details Ladder keeps (its content hash, reference,
//! format, dateline) so that a bundle imported into an empty store exports again byte
//! for byte.

pub mod export;
pub mod import;
pub mod opinions;
pub mod storage;

use serde_json::{json, Value};

/// The STIX type of a coded event (a new SDO of Ladder's own).
pub const EVENT_TYPE: &str = "political-event";

/// Timestamp of Ladder's fixed objects (producer identity, extension definitions).
pub const FIXED_CREATED: &str = "2026-01-01T00:00:00.000Z";

/// The identity that produces Ladder's bundles.
pub fn producer_id() -> String {
    crate::ids::stix_id("identity", "ladder-producer")
}

/// Extension definition of the political-event new SDO.
pub fn event_extension_id() -> String {
    crate::ids::stix_id("extension-definition", "political-event/1.0")
}

/// Extension definition of the Admiralty grading property extension.
pub fn grading_extension_id() -> String {
    crate::ids::stix_id("extension-definition", "admiralty-grading/1.0")
}

/// Extension definition of Ladder's report-details property extension.
pub fn report_extension_id() -> String {
    crate::ids::stix_id("extension-definition", "ladder-report/1.0")
}

/// Extension definition of Ladder's assessment property extension (on notes).
pub fn assessment_extension_id() -> String {
    crate::ids::stix_id("extension-definition", "ladder-assessment/1.0")
}

/// The fixed objects every Ladder bundle carries: the producer identity and the extension
/// definitions (all TLP:CLEAR; they describe the schema, not intelligence).
pub fn fixed_objects() -> Vec<Value> {
    let clear = crate::tlp::marking_id(ladder_core::Tlp::Clear);
    let producer = json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": producer_id(),
        "created": FIXED_CREATED,
        "modified": FIXED_CREATED,
        "name": "Ladder",
        "description": "Ladder, an indicators-and-warnings engine, which coded and exported these objects.",
        "identity_class": "system",
        "object_marking_refs": [clear],
    });
    let definition = |id: String, name: &str, description: &str, kind: &str| {
        json!({
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": id,
            "created_by_ref": producer_id(),
            "created": FIXED_CREATED,
            "modified": FIXED_CREATED,
            "name": name,
            "description": description,
            "schema": format!("https://ladder.invalid/stix/{name}/1.0/schema.json"),
            "version": "1.0.0",
            "extension_types": [kind],
            "object_marking_refs": [clear],
        })
    };
    vec![
        producer,
        definition(
            event_extension_id(),
            EVENT_TYPE,
            "One coded political event: who did what to whom (PLOVER type, mode, CAMEO code), when (with date precision), where, how many, with what modality and attribution, and the evidence span it was read from.",
            "new-sdo",
        ),
        definition(
            grading_extension_id(),
            "admiralty-grading",
            "Admiralty (STANAG 2511) grading: source reliability A-F and information credibility 1-6.",
            "property-extension",
        ),
        definition(
            report_extension_id(),
            "ladder-report",
            "The report details Ladder keeps: content hash, input reference, source, format, language, dateline and wire services.",
            "property-extension",
        ),
        definition(
            assessment_extension_id(),
            "ladder-assessment",
            "A scenario assessment: stage called, stage probabilities and indicator statuses, as Ladder computed them.",
            "property-extension",
        ),
    ]
}
