//! Analysts' corrections in STIX: each correction of an exported event becomes an
//! `opinion` object on that event (a rejection strongly disagrees, a fix disagrees and
//! says what the analyst set), carrying the event's markings, so that partners see both
//! what the coder said and what the analysts think of it. Events analysts added are
//! exported as events of their own (their `rule` names the analyst) with an `agree`
//! opinion from their author.

use crate::ids::{parse_timestamp, stix_id, timestamp};
use ladder_core::{Correction, CorrectionAction};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The STIX type of Ladder's event objects.
const EVENT_TYPE: &str = super::export::EVENT_TYPE;

/// Opinion objects for the corrections whose event is among `objects`.
pub fn correction_objects(objects: &[Value], corrections: &[Correction]) -> Vec<Value> {
    let events: BTreeMap<&str, &Value> = objects
        .iter()
        .filter(|o| o["type"] == EVENT_TYPE)
        .filter_map(|o| Some((o["id"].as_str()?, o)))
        .collect();
    let mut out = Vec::new();
    for c in corrections {
        let event_ref = stix_id(EVENT_TYPE, &c.event_id);
        let Some(event) = events.get(event_ref.as_str()) else {
            continue;
        };
        let (opinion, what) = match &c.action {
            CorrectionAction::Reject => ("strongly-disagree", "the event is wrong".to_string()),
            CorrectionAction::Add(_) => ("agree", "an analyst coded this event".to_string()),
            other => ("disagree", other.describe()),
        };
        let at = parse_timestamp(&c.at)
            .map(timestamp)
            .unwrap_or_else(|| c.at.clone());
        let mut explanation = format!("Analyst correction by {} at {}: {what}.", c.author, c.at);
        if let Some(note) = &c.note {
            explanation.push(' ');
            explanation.push_str(note);
        }
        let mut o = json!({
            "type": "opinion",
            "spec_version": "2.1",
            "id": stix_id("opinion", &format!("correction:{}:{}", c.id, c.event_id)),
            "created": at,
            "modified": at,
            "opinion": opinion,
            "explanation": explanation,
            "authors": [c.author],
            "object_refs": [event_ref],
        });
        for key in ["created_by_ref", "object_marking_refs"] {
            if let Some(v) = event.get(key) {
                o[key] = v.clone();
            }
        }
        out.push(o);
    }
    out
}
