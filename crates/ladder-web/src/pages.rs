//! The read-only pages: the board (every scenario's call), a scenario (stage chart,
//! indicators with graded evidence, playbook responses, as of any date) and search.
//! What a page shows is limited to the reader's TLP clearance.

use crate::account::caller;
use crate::views::{
    BoardPage, BoardRow, EvidenceRow, HitRow, IndicatorRow, ResponseRow, ScenarioPage, SearchPage,
};
use crate::workspace::ScenarioView;
use crate::{WebError, WebState};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ladder_brief::{percent, status_key, status_name, track_name};
use ladder_core::{Reliability, Response as PlaybookResponse, TippingEvidence, Tlp};
use ladder_store::Store;
use serde::Deserialize;
use std::sync::Arc;

/// `GET /ui`: to the board.
pub async fn to_board() -> Redirect {
    Redirect::permanent("/ui/")
}

/// Where an evidence link lands: the report, scrolled to the event's span.
pub fn evidence_link(report_id: &str, event_id: &str) -> String {
    format!("/ui/report/{report_id}#ev-{event_id}")
}

fn tip_text(tip: &TippingEvidence) -> String {
    format!(
        "{} ({}, {})",
        tip.sentence,
        tip.source.as_deref().unwrap_or("unknown source"),
        tip.grade
    )
}

/// `GET /ui/`: every scenario with its call on the latest day.
pub async fn board(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let who = match caller(&state, &headers) {
        Ok(c) => c,
        Err(r) => return Ok(r.into_response()),
    };
    let rows = board_rows(&state, who.analyst.clearance).await?;
    let page = BoardPage {
        user: who.analyst.name,
        csrf: who.session.csrf,
        rows,
    };
    Ok(Html(page.render()?).into_response())
}

/// The board's rows for a reader cleared up to `max_tlp`.
pub async fn board_rows(state: &Arc<WebState>, max_tlp: Tlp) -> Result<Vec<BoardRow>, WebError> {
    state
        .with_store(move |store, state| {
            let mut rows = Vec::new();
            for scenario in state.knowledge.scenarios.iter() {
                let view =
                    state
                        .views
                        .view(store, &state.knowledge, &scenario.id, None, max_tlp)?;
                if let Some(view) = view {
                    rows.push(board_row(&view));
                }
            }
            Ok(rows)
        })
        .await
}

fn board_row(view: &ScenarioView) -> BoardRow {
    let a = &view.assessment;
    BoardRow {
        id: view.scenario.id.clone(),
        title: view.scenario.title.clone(),
        as_of: a.as_of.to_string(),
        stage: a.stage_called,
        stage_name: a.stage_name.clone(),
        p_called: percent(view.p_called()),
        p_next: percent(view.p_next()),
        tip: a.tipped_by.as_ref().map(tip_text),
        tip_link: a
            .tipped_by
            .as_ref()
            .map(|t| evidence_link(&t.report_id, &t.event_id))
            .unwrap_or_default(),
        changes: a.changes.clone(),
    }
}

#[derive(Debug, Deserialize)]
pub struct AsOf {
    #[serde(default)]
    as_of: Option<String>,
}

/// `GET /ui/scenario/{id}?as_of=YYYY-MM-DD`.
pub async fn scenario(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Response, WebError> {
    let who = match caller(&state, &headers) {
        Ok(c) => c,
        Err(r) => return Ok(r.into_response()),
    };
    let as_of = match query.as_of.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                return Ok((StatusCode::BAD_REQUEST, "as_of must be YYYY-MM-DD").into_response())
            }
        },
    };
    let max_tlp = who.analyst.clearance;
    let view = state
        .with_store(move |store, state| {
            state
                .views
                .view(store, &state.knowledge, &id, as_of, max_tlp)
        })
        .await?;
    let Some(view) = view else {
        return Ok((
            StatusCode::NOT_FOUND,
            "no such scenario, or nothing to assess yet",
        )
            .into_response());
    };
    let page = scenario_page(&view, who.analyst.name, who.session.csrf);
    Ok(Html(page.render()?).into_response())
}

fn response_rows(responses: &[PlaybookResponse]) -> Vec<ResponseRow> {
    responses
        .iter()
        .map(|r| ResponseRow {
            track: track_name(r.track),
            text: r.text.clone(),
            condition: r.condition.clone(),
        })
        .collect()
}

fn scenario_page(view: &ScenarioView, user: String, csrf: String) -> ScenarioPage {
    let a = &view.assessment;
    let indicators = a
        .indicators
        .iter()
        .map(|ind| IndicatorRow {
            stage: ind.stage,
            text: ind.text.clone(),
            status_key: status_key(ind.status),
            status_name: status_name(ind.status),
            sources: ind.independent_sources,
            evidence: ind
                .evidence
                .iter()
                .map(|e| EvidenceRow {
                    link: evidence_link(&e.report_id, &e.event_id),
                    sentence: e.sentence.clone(),
                    source: e.source.clone().unwrap_or_else(|| "unknown source".into()),
                    published: e.published.map(|d| d.to_string()).unwrap_or_default(),
                    grade: ladder_brief::grade(e),
                    modality: e.modality.to_string(),
                    weight: format!("{:.2}", e.weight),
                })
                .collect(),
        })
        .collect();
    ScenarioPage {
        user,
        csrf,
        id: view.scenario.id.clone(),
        title: view.scenario.title.clone(),
        as_of: a.as_of.to_string(),
        first_day: view.first_day.map(|d| d.to_string()).unwrap_or_default(),
        last_day: view.last_day.map(|d| d.to_string()).unwrap_or_default(),
        stage: a.stage_called,
        stage_name: a.stage_name.clone(),
        p_called: percent(view.p_called()),
        p_next: percent(view.p_next()),
        tip: a.tipped_by.as_ref().map(tip_text),
        tip_link: a
            .tipped_by
            .as_ref()
            .map(|t| evidence_link(&t.report_id, &t.event_id))
            .unwrap_or_default(),
        chart: view.chart_svg.clone(),
        indicators,
        observer: view.observer.clone(),
        now: response_rows(&view.responses_now),
        next: response_rows(&view.responses_next),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    grade: String,
}

/// Source grades offered as a filter ("at least B").
const GRADES: [&str; 7] = ["any", "A", "B", "C", "D", "E", "F"];

/// Most hits read from the index per search.
const SEARCH_LIMIT: usize = 200;

/// `GET /ui/search?q=…&from=…&to=…&grade=…`: full-text search over the reports the reader
/// is cleared for.
pub async fn search(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
    Query(query): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let who = match caller(&state, &headers) {
        Ok(c) => c,
        Err(r) => return Ok(r.into_response()),
    };
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (from, to) = (date(&query.from), date(&query.to));
    let min_grade: Option<Reliability> = query.grade.parse().ok();
    let analyst = who.analyst.clone();
    let q = query.q.trim().to_string();
    let (hits, error) = if q.is_empty() {
        (Vec::new(), None)
    } else {
        state
            .with_store(move |store, _| {
                let found = match store.search(&q, SEARCH_LIMIT) {
                    Ok(found) => found,
                    Err(ladder_store::StoreError::BadQuery { reason, .. }) => {
                        return Ok((
                            Vec::new(),
                            Some(format!("The query cannot be run: {reason}")),
                        ))
                    }
                    Err(e) => return Err(e.into()),
                };
                let ids: Vec<String> = found.iter().map(|h| h.report_id.clone()).collect();
                let meta = store.report_meta(&ids)?;
                let hits = found
                    .into_iter()
                    .filter(|hit| {
                        let Some(m) = meta.iter().find(|m| m.id == hit.report_id) else {
                            return false;
                        };
                        let in_range = hit.published.is_none_or(|p| {
                            from.is_none_or(|f| p >= f) && to.is_none_or(|t| p <= t)
                        }) && (from.is_none() && to.is_none()
                            || hit.published.is_some());
                        let graded =
                            min_grade.is_none_or(|g| m.reliability.is_some_and(|r| r <= g));
                        analyst.may_read(m.tlp) && in_range && graded
                    })
                    .map(|hit| HitRow {
                        title: hit.title.clone().unwrap_or_else(|| hit.report_id.clone()),
                        id: hit.report_id,
                        source: hit.source.unwrap_or_default(),
                        published: hit.published.map(|d| d.to_string()).unwrap_or_default(),
                        snippet: hit.snippet,
                    })
                    .collect();
                Ok((hits, None))
            })
            .await?
    };
    let page = SearchPage {
        user: who.analyst.name,
        csrf: who.session.csrf,
        q: query.q,
        from: query.from,
        to: query.to,
        grades: GRADES
            .iter()
            .map(|g| {
                (
                    *g,
                    *g == query.grade || (query.grade.is_empty() && *g == "any"),
                )
            })
            .collect(),
        error,
        hits,
    };
    Ok(Html(page.render()?).into_response())
}
