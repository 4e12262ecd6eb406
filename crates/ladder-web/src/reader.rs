//! The report reader and the corrections made from it: the report's text with every coded
//! event's evidence span marked (anchors `#ev-ID`, where evidence links land), the events
//! with actor, recipient, modality and attribution, and forms to reject or fix an event or
//! to add one the coder missed. Corrections are appended as annotations; the coder's events
//! are never changed.

use crate::account::caller;
use crate::views::{EventRow, HistoryRow, Piece, ReportPage};
use crate::{WebError, WebState};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use ladder_core::{
    Correction, CorrectionAction, CorrectionSet, Event, EventType, Evidence, Modality, Report,
};
use ladder_store::{AnnotationStore, EventFilter, Store};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What the reader shows of one report.
struct ReportData {
    report: Report,
    /// The coder's events and the added ones, as corrected, with their status.
    events: Vec<(Event, &'static str)>,
    history: Vec<Correction>,
}

fn load_report(
    store: &ladder_store::SqliteStore,
    id: &str,
) -> Result<Option<ReportData>, WebError> {
    let Some(report) = store.report(id)? else {
        return Ok(None);
    };
    let history = store.corrections_for_report(&report.id)?;
    let set = CorrectionSet::new(&history);
    let coded = store.events(&EventFilter {
        report_id: Some(report.id.clone()),
        ..EventFilter::default()
    })?;
    let mut events = Vec::new();
    for event in coded {
        let touched = history.iter().any(|c| c.event_id == event.id);
        let shown = match set.apply(event.clone()) {
            Some(fixed) => (fixed, if touched { "corrected" } else { "coded" }),
            None => (event, "rejected"),
        };
        events.push(shown);
    }
    for c in &history {
        if let CorrectionAction::Add(added) = &c.action {
            match set.apply((**added).clone()) {
                Some(fixed) => events.push((fixed, "added")),
                None => events.push(((**added).clone(), "rejected")),
            }
        }
    }
    events.sort_by_key(|(e, _)| (e.evidence.start, e.evidence.end));
    Ok(Some(ReportData {
        report,
        events,
        history,
    }))
}

/// Cut `text` at every span boundary; a piece is marked when a span covers it.
fn pieces(text: &str, events: &[(Event, &'static str)]) -> Vec<Piece> {
    let spans: Vec<(usize, usize, &Event, &str)> = events
        .iter()
        .filter(|(e, _)| {
            let (s, t) = (e.evidence.start, e.evidence.end);
            s < t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t)
        })
        .map(|(e, status)| (e.evidence.start, e.evidence.end, e, *status))
        .collect();
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for (s, t, _, _) in &spans {
        cuts.insert(*s);
        cuts.insert(*t);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    cuts.windows(2)
        .filter_map(|w| {
            let (a, b) = (w[0], w[1]);
            let covering: Vec<&(usize, usize, &Event, &str)> = spans
                .iter()
                .filter(|(s, t, _, _)| *s <= a && b <= *t)
                .collect();
            let all_rejected = covering.iter().all(|(_, _, _, st)| *st == "rejected");
            let any_added = covering.iter().any(|(_, _, _, st)| *st == "added");
            let class = match (all_rejected, any_added) {
                (true, _) => "ev rejected",
                (false, true) => "ev added",
                _ => "ev",
            };
            Some(Piece {
                text: text.get(a..b)?.to_string(),
                marked: !covering.is_empty(),
                class: class.to_string(),
                title: covering
                    .iter()
                    .map(|(_, _, e, st)| describe(e, st))
                    .collect::<Vec<_>>()
                    .join("; "),
                anchors: spans
                    .iter()
                    .filter(|(s, _, _, _)| *s == a)
                    .map(|(_, _, e, _)| e.id.clone())
                    .collect(),
            })
        })
        .collect()
}

fn describe(e: &Event, status: &str) -> String {
    let said = if e.attributed_to.is_empty() {
        String::new()
    } else {
        format!(", said by {}", e.attributed_to.join(", "))
    };
    format!(
        "{} {} → {} ({}{said}) [{status}]",
        e.actor.join(", "),
        e.event_type,
        e.recipient.join(", "),
        e.modality
    )
}

/// `GET /ui/report/{id}`.
pub async fn report(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let who = match caller(&state, &headers) {
        Ok(c) => c,
        Err(r) => return Ok(r.into_response()),
    };
    let data = state
        .with_store(move |store, _| load_report(store, &id))
        .await?;
    let Some(data) = data.filter(|d| who.analyst.may_read(d.report.tlp)) else {
        return Ok((StatusCode::NOT_FOUND, "no such report").into_response());
    };
    let r = &data.report;
    let page = ReportPage {
        user: who.analyst.name.clone(),
        csrf: who.session.csrf.clone(),
        can_write: who.analyst.may_write(),
        id: r.id.clone(),
        title: r.title.clone().unwrap_or_else(|| r.id.clone()),
        source: r.source.clone().unwrap_or_else(|| "unknown source".into()),
        published: r.published.map(|d| d.to_string()).unwrap_or_default(),
        tlp: r.tlp.label(),
        pieces: pieces(&r.text, &data.events),
        events: data
            .events
            .iter()
            .map(|(e, status)| EventRow {
                id: e.id.clone(),
                span: e.evidence.text.clone(),
                actor: e.actor.join(", "),
                event_type: e.event_type.to_string(),
                recipient: e.recipient.join(", "),
                modality: e.modality.to_string(),
                attributed: e.attributed_to.join(", "),
                status,
            })
            .collect(),
        history: data
            .history
            .iter()
            .map(|c| HistoryRow {
                at: c.at.clone(),
                author: c.author.clone(),
                what: c.action.describe(),
                event_id: c.event_id.clone(),
            })
            .collect(),
        types: EventType::ALL.iter().map(|t| t.name()).collect(),
        modalities: Modality::ALL.iter().map(|m| m.name()).collect(),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Debug, Deserialize)]
pub struct CorrectForm {
    csrf: Option<String>,
    event_id: String,
    action: String,
    #[serde(default)]
    value: String,
}

/// Actor codes from a form field: split on commas and spaces, upper-cased, each checked.
fn codes(text: &str) -> Result<Vec<String>, String> {
    text.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| {
            let code = s.to_ascii_uppercase();
            if ladder_assess::files::is_actor_code(&code) {
                Ok(code)
            } else {
                Err(format!("{s:?} is not an actor code"))
            }
        })
        .collect()
}

fn parse_action(action: &str, value: &str) -> Result<CorrectionAction, String> {
    let value = value.trim();
    Ok(match action {
        "reject" => CorrectionAction::Reject,
        "restore" => CorrectionAction::Restore,
        "set_type" => CorrectionAction::SetType(
            value
                .to_ascii_uppercase()
                .parse()
                .map_err(|_| format!("{value:?} is not a PLOVER type"))?,
        ),
        "set_modality" => CorrectionAction::SetModality(
            value
                .to_ascii_lowercase()
                .parse()
                .map_err(|_| format!("{value:?} is not a modality"))?,
        ),
        "set_actor" => CorrectionAction::SetActor(non_empty(codes(value)?)?),
        "set_recipient" => CorrectionAction::SetRecipient(codes(value)?),
        _ => return Err(format!("unknown action {action:?}")),
    })
}

fn non_empty(codes: Vec<String>) -> Result<Vec<String>, String> {
    if codes.is_empty() {
        Err("an event needs at least one actor".into())
    } else {
        Ok(codes)
    }
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The report a form posts about, when the caller may write and may read it.
enum Gate {
    Go(crate::account::Caller),
    Stop(Response),
}

fn gate(state: &WebState, headers: &HeaderMap, csrf: Option<&str>) -> Gate {
    let who = match caller(state, headers) {
        Ok(c) => c,
        Err(r) => return Gate::Stop(r.into_response()),
    };
    if let Err(r) = who.check_csrf(csrf) {
        return Gate::Stop(r.into_response());
    }
    if !who.analyst.may_write() {
        return Gate::Stop((StatusCode::FORBIDDEN, "your account may only read").into_response());
    }
    Gate::Go(who)
}

/// `POST /ui/report/{id}/correct`: reject, restore or fix one event of the report.
pub async fn correct(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CorrectForm>,
) -> Result<Response, WebError> {
    let who = match gate(&state, &headers, form.csrf.as_deref()) {
        Gate::Go(who) => who,
        Gate::Stop(r) => return Ok(r),
    };
    let action = match parse_action(&form.action, &form.value) {
        Ok(a) => a,
        Err(message) => return Ok((StatusCode::BAD_REQUEST, message).into_response()),
    };
    let analyst = who.analyst.clone();
    let event_id = form.event_id.clone();
    let outcome = state
        .with_store(move |store, _| {
            let Some(data) = load_report(store, &id)? else {
                return Ok(None);
            };
            if !analyst.may_read(data.report.tlp)
                || !data.events.iter().any(|(e, _)| e.id == event_id)
            {
                return Ok(None);
            }
            store.put_correction(&Correction {
                id: 0,
                event_id: event_id.clone(),
                report_id: data.report.id.clone(),
                action,
                author: analyst.name.clone(),
                at: now(),
                note: None,
            })?;
            Ok(Some(format!(
                "/ui/report/{}#row-{event_id}",
                data.report.id
            )))
        })
        .await?;
    Ok(match outcome {
        Some(to) => Redirect::to(&to).into_response(),
        None => (StatusCode::NOT_FOUND, "no such event in this report").into_response(),
    })
}

#[derive(Debug, Deserialize)]
pub struct AddForm {
    csrf: Option<String>,
    quote: String,
    actor: String,
    event_type: String,
    #[serde(default)]
    recipient: String,
    modality: String,
}

/// The event an analyst describes from a span of the report (the span is found by its
/// words in the text).
fn missed_event(report: &Report, form: &AddForm, author: &str) -> Result<Event, String> {
    let quote = form.quote.trim();
    if quote.is_empty() {
        return Err("give the words of the span".into());
    }
    let start = report
        .text
        .find(quote)
        .ok_or("those words are not in the report's text (copy them exactly)")?;
    let end = start + quote.len();
    let CorrectionAction::SetType(event_type) = parse_action("set_type", &form.event_type)? else {
        return Err("bad type".into());
    };
    let CorrectionAction::SetModality(modality) = parse_action("set_modality", &form.modality)?
    else {
        return Err("bad modality".into());
    };
    let actor = non_empty(codes(&form.actor)?)?;
    let recipient = codes(&form.recipient)?;
    let id = ladder_core::hash::short_hash(
        format!(
            "analyst|{}|{start}|{end}|{event_type}|{}|{}|{modality}|{author}",
            report.id,
            actor.join(";"),
            recipient.join(";")
        )
        .as_bytes(),
    );
    Ok(Event {
        id,
        actor,
        actor_detail: None,
        event_type,
        mode: None,
        context: Vec::new(),
        cameo: None,
        recipient,
        recipient_detail: None,
        quantity: None,
        location: None,
        event_date: report.published.map(|d| d.to_string()),
        date_precision: None,
        date_basis: None,
        modality,
        attributed_to: Vec::new(),
        attributed_detail: None,
        evidence: Evidence {
            report_id: report.id.clone(),
            report_ref: report.report_ref.clone(),
            start,
            end,
            text: quote.to_string(),
        },
        rule: format!("analyst:{author}"),
    })
}

/// `POST /ui/report/{id}/add`: add an event the coder missed.
pub async fn add(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<AddForm>,
) -> Result<Response, WebError> {
    let who = match gate(&state, &headers, form.csrf.as_deref()) {
        Gate::Go(who) => who,
        Gate::Stop(r) => return Ok(r),
    };
    let analyst = who.analyst.clone();
    let outcome = state
        .with_store(move |store, _| {
            let Some(report) = store.report(&id)?.filter(|r| analyst.may_read(r.tlp)) else {
                return Ok(Err((StatusCode::NOT_FOUND, "no such report".to_string())));
            };
            let event = match missed_event(&report, &form, &analyst.name) {
                Ok(e) => e,
                Err(m) => return Ok(Err((StatusCode::BAD_REQUEST, m))),
            };
            let event_id = event.id.clone();
            store.put_correction(&Correction {
                id: 0,
                event_id: event_id.clone(),
                report_id: report.id.clone(),
                action: CorrectionAction::Add(Box::new(event)),
                author: analyst.name.clone(),
                at: now(),
                note: None,
            })?;
            Ok(Ok(format!("/ui/report/{}#row-{event_id}", report.id)))
        })
        .await?;
    Ok(match outcome {
        Ok(to) => Redirect::to(&to).into_response(),
        Err((status, message)) => (status, message).into_response(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, start: usize, end: usize) -> Event {
        let mut e =
            ladder_assess::synthetic::event(id, "PRK", EventType::Aid, "RUS", Modality::Asserted);
        e.evidence.start = start;
        e.evidence.end = end;
        e
    }

    #[test]
    fn spans_cut_the_text_and_carry_their_anchors() {
        let text = "Seoul said troops left. Moscow denied it. Ünïcode tail.";
        let events = vec![
            (event("a", 0, 23), "coded"),
            (event("b", 11, 23), "rejected"),
            (event("c", 24, 41), "added"),
            (event("bad", 43, 44), "coded"), // inside a two-byte character: left out
            (event("far", 50, 500), "coded"), // past the end: left out
        ];
        let out = pieces(text, &events);
        let joined: String = out.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text, "the pieces give back the whole text");
        assert_eq!(out[0].text, "Seoul said ");
        assert_eq!(out[0].anchors, ["a"]);
        assert_eq!(
            (out[1].text.as_str(), out[1].class.as_str()),
            ("troops left.", "ev")
        );
        assert_eq!(out[1].anchors, ["b"]);
        let moscow = out.iter().find(|p| p.text == "Moscow denied it.").unwrap();
        assert_eq!(
            (moscow.class.as_str(), moscow.anchors.clone()),
            ("ev added", vec!["c".to_string()])
        );
        assert!(out
            .iter()
            .all(|p| !p.anchors.iter().any(|a| a == "bad" || a == "far")));
        assert!(!out.last().unwrap().marked);
    }

    #[test]
    fn corrections_are_parsed_and_checked() {
        assert_eq!(
            parse_action("set_type", "assault"),
            Ok(CorrectionAction::SetType(EventType::Assault))
        );
        assert_eq!(
            parse_action("set_actor", "prk, rus"),
            Ok(CorrectionAction::SetActor(vec!["PRK".into(), "RUS".into()]))
        );
        assert!(
            parse_action("set_actor", "").is_err(),
            "an event needs an actor"
        );
        assert!(parse_action("set_actor", "<script>").is_err());
        assert!(parse_action("set_type", "HUG").is_err());
        assert!(parse_action("drop_table", "").is_err());
        assert_eq!(
            parse_action("set_recipient", ""),
            Ok(CorrectionAction::SetRecipient(vec![]))
        );
    }
}
