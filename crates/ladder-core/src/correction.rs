//! Analysts' corrections to coded events, kept beside the coder's output (never over it),
//! and the pure rule that turns the coder's events plus the corrections into the events
//! the assessment reads.
//!
//! A correction names one event by id and says what to do with it: reject it, set its
//! type, actors, recipients or modality, or (for a missed event) add a whole event that
//! the analyst built from a span of the report. Corrections apply in the order they were
//! made (their `id`), so the newest fix of a field wins; a rejection can be undone with
//! `Restore`.

use crate::event::{Event, EventType, Modality};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a correction does to its event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", content = "value", rename_all = "snake_case")]
pub enum CorrectionAction {
    /// The event is wrong: the assessment does not read it.
    Reject,
    /// Undo an earlier rejection.
    Restore,
    SetType(EventType),
    SetActor(Vec<String>),
    SetRecipient(Vec<String>),
    SetModality(Modality),
    /// An event the coder missed, built by the analyst from a span.
    Add(Box<Event>),
}

impl CorrectionAction {
    /// A short phrase for histories ("rejected", "type → ASSAULT").
    pub fn describe(&self) -> String {
        match self {
            CorrectionAction::Reject => "rejected".into(),
            CorrectionAction::Restore => "restored".into(),
            CorrectionAction::SetType(t) => format!("type → {t}"),
            CorrectionAction::SetActor(a) => format!("actor → {}", a.join(", ")),
            CorrectionAction::SetRecipient(r) => format!("recipient → {}", r.join(", ")),
            CorrectionAction::SetModality(m) => format!("modality → {m}"),
            CorrectionAction::Add(e) => format!(
                "added {} {} → {}",
                e.actor.join(", "),
                e.event_type,
                e.recipient.join(", ")
            ),
        }
    }
}

/// One stored correction: who changed what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// Order of making (assigned by the store).
    pub id: i64,
    /// The event corrected (for `Add`, the new event's id).
    pub event_id: String,
    /// The report the event is in.
    pub report_id: String,
    #[serde(flatten)]
    pub action: CorrectionAction,
    /// The analyst's user name.
    pub author: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Every correction, indexed for applying to a stream of events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorrectionSet {
    /// Edits per event id, in order of making.
    edits: BTreeMap<String, Vec<CorrectionAction>>,
    /// Events added by analysts, in order of making.
    added: Vec<Event>,
}

impl CorrectionSet {
    pub fn new(corrections: &[Correction]) -> CorrectionSet {
        let mut sorted: Vec<&Correction> = corrections.iter().collect();
        sorted.sort_by_key(|c| c.id);
        let mut set = CorrectionSet::default();
        for c in sorted {
            match &c.action {
                CorrectionAction::Add(event) => set.added.push((**event).clone()),
                action => set
                    .edits
                    .entry(c.event_id.clone())
                    .or_default()
                    .push(action.clone()),
            }
        }
        set
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.added.is_empty()
    }

    /// The event as corrected, or `None` when an analyst rejected it.
    pub fn apply(&self, mut event: Event) -> Option<Event> {
        let Some(edits) = self.edits.get(&event.id) else {
            return Some(event);
        };
        let mut rejected = false;
        for edit in edits {
            match edit {
                CorrectionAction::Reject => rejected = true,
                CorrectionAction::Restore => rejected = false,
                CorrectionAction::SetType(t) => {
                    if event.event_type != *t {
                        event.event_type = *t;
                        event.cameo = None;
                    }
                }
                CorrectionAction::SetActor(a) => event.actor = a.clone(),
                CorrectionAction::SetRecipient(r) => event.recipient = r.clone(),
                CorrectionAction::SetModality(m) => event.modality = *m,
                CorrectionAction::Add(_) => {}
            }
        }
        (!rejected).then_some(event)
    }

    /// Whether some correction changes an event's actors or recipients.
    pub fn changes_parties(&self) -> bool {
        self.edits.values().flatten().any(|e| {
            matches!(
                e,
                CorrectionAction::SetActor(_) | CorrectionAction::SetRecipient(_)
            )
        })
    }

    /// Whether an analyst rejected the event (and did not restore it).
    pub fn is_rejected(&self, event_id: &str) -> bool {
        self.edits.get(event_id).is_some_and(|edits| {
            edits.iter().fold(false, |r, e| match e {
                CorrectionAction::Reject => true,
                CorrectionAction::Restore => false,
                _ => r,
            })
        })
    }

    /// The events analysts added, each with the later edits made to it applied
    /// (rejected ones left out).
    pub fn added(&self) -> Vec<Event> {
        self.added
            .iter()
            .filter_map(|e| self.apply(e.clone()))
            .collect()
    }

    /// `events` as corrected, with the added events of their reports appended.
    pub fn apply_all(&self, events: Vec<Event>) -> Vec<Event> {
        let mut out: Vec<Event> = events.into_iter().filter_map(|e| self.apply(e)).collect();
        out.extend(self.added());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Evidence;

    fn event(id: &str) -> Event {
        Event {
            id: id.into(),
            actor: vec!["PRK".into()],
            actor_detail: None,
            event_type: EventType::Aid,
            mode: None,
            context: vec![],
            cameo: Some("07".into()),
            recipient: vec!["RUS".into()],
            recipient_detail: None,
            quantity: None,
            location: None,
            event_date: None,
            date_precision: None,
            date_basis: None,
            modality: Modality::Reported,
            attributed_to: vec![],
            attributed_detail: None,
            evidence: Evidence {
                report_id: "r1".into(),
                report_ref: None,
                start: 0,
                end: 4,
                text: "text".into(),
            },
            rule: "test".into(),
        }
    }

    fn correction(id: i64, event_id: &str, action: CorrectionAction) -> Correction {
        Correction {
            id,
            event_id: event_id.into(),
            report_id: "r1".into(),
            action,
            author: "ana".into(),
            at: "2026-12-07T20:00:00Z".into(),
            note: None,
        }
    }

    #[test]
    fn edits_apply_in_order_and_rejections_can_be_undone() {
        let set = CorrectionSet::new(&[
            correction(3, "e1", CorrectionAction::SetType(EventType::Assault)),
            correction(1, "e1", CorrectionAction::SetType(EventType::Threaten)),
            correction(2, "e2", CorrectionAction::Reject),
            correction(4, "e1", CorrectionAction::SetModality(Modality::Asserted)),
        ]);
        let fixed = set.apply(event("e1")).unwrap();
        assert_eq!(fixed.event_type, EventType::Assault, "the newest fix wins");
        assert_eq!(fixed.cameo, None, "a stale CAMEO code is dropped");
        assert_eq!(fixed.modality, Modality::Asserted);
        assert!(set.apply(event("e2")).is_none());
        assert!(set.is_rejected("e2"));
        assert_eq!(set.apply(event("e3")), Some(event("e3")));

        let restored = CorrectionSet::new(&[
            correction(1, "e2", CorrectionAction::Reject),
            correction(2, "e2", CorrectionAction::Restore),
        ]);
        assert!(restored.apply(event("e2")).is_some());
    }

    #[test]
    fn added_events_join_and_can_be_rejected_later() {
        let mut new = event("a1");
        new.event_type = EventType::Mobilize;
        let set = CorrectionSet::new(&[
            correction(1, "a1", CorrectionAction::Add(Box::new(new.clone()))),
            correction(2, "e1", CorrectionAction::Reject),
        ]);
        let out = set.apply_all(vec![event("e1"), event("e2")]);
        let ids: Vec<&str> = out.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["e2", "a1"]);
        let later = CorrectionSet::new(&[
            correction(1, "a1", CorrectionAction::Add(Box::new(new))),
            correction(2, "a1", CorrectionAction::Reject),
        ]);
        assert!(later.added().is_empty());
    }

    #[test]
    fn corrections_round_trip_through_json() {
        let c = correction(7, "e1", CorrectionAction::SetActor(vec!["RUS".into()]));
        let text = serde_json::to_string(&c).unwrap();
        assert!(text.contains("\"action\":\"set_actor\""), "{text}");
        assert_eq!(serde_json::from_str::<Correction>(&text).unwrap(), c);
    }
}
