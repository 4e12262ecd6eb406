//! An event built from a coded trigger (quantity, place, date, evidence) and its
//! stable id.

use super::*;

/// Event ids: a hash of report id, span, type, actors, recipients, modality and rule.
pub fn event_id(ev: &Event) -> String {
    short_hash(
        format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            ev.evidence.report_id,
            ev.evidence.start,
            ev.evidence.end,
            ev.event_type,
            ev.actor.join(";"),
            ev.recipient.join(";"),
            ev.modality,
            ev.rule
        )
        .as_bytes(),
    )
}

impl<'a> CoderCore<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn build_event(
        &self,
        report: &Report,
        sent: &SentenceSpan,
        tokens: &[Token],
        places: &[PlaceSpan],
        trig: &Trigger,
        etype: EventType,
        actor: (Vec<String>, Option<String>),
        recipient: (Vec<String>, Option<String>),
        modality: Modality,
        clause: Clause,
        reference: Option<chrono::NaiveDate>,
    ) -> Option<Event> {
        let entry = &self.lexicon.entries[trig.entry];
        if actor.0.is_empty() {
            return None;
        }
        let text = report.text.as_str();
        let quantity = find_quantity(
            self.lexicon,
            text,
            tokens,
            trig.last,
            clause.end.min(trig.last + 10),
        )
        .or_else(|| {
            find_quantity(
                self.lexicon,
                text,
                tokens,
                clause.start.max(trig.first.saturating_sub(6)),
                trig.first,
            )
        });
        let location = places
            .iter()
            .find(|p| p.first >= trig.last && p.first < clause.end)
            .or_else(|| {
                places
                    .iter()
                    .find(|p| p.first >= clause.start && p.first < clause.end)
            })
            .map(|p| p.location.clone());
        let date = find_date(token_span(tokens, clause.start, clause.end), reference);
        let (event_date, date_precision, date_basis) = match date {
            Some(d) => (Some(d.text), Some(d.precision), Some(d.basis)),
            None => match reference {
                Some(r) => (
                    Some(r.format("%Y-%m-%d").to_string()),
                    Some(DatePrecision::Day),
                    Some(DateBasis::Published),
                ),
                None => (None, None, None),
            },
        };
        let mut ev = Event {
            id: String::new(),
            actor: actor.0,
            actor_detail: actor.1,
            event_type: etype,
            mode: entry.mode.clone(),
            context: entry.context.clone(),
            cameo: entry.cameo.clone(),
            recipient: recipient.0,
            recipient_detail: recipient.1,
            quantity,
            location,
            event_date,
            date_precision,
            date_basis,
            modality,
            attributed_to: Vec::new(),
            attributed_detail: None,
            evidence: Evidence {
                report_id: report.id.clone(),
                report_ref: report.report_ref.clone(),
                start: sent.start,
                end: sent.end,
                text: text.get(sent.start..sent.end).unwrap_or("").to_string(),
            },
            rule: entry.id.clone(),
        };
        ev.id = event_id(&ev);
        Some(ev)
    }
}
