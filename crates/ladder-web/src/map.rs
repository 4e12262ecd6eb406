//! The map of event locations (`GET /ui/map?from=…&to=…`): the corrected events the reader
//! is cleared for that carry the gazetteer's coordinates, counted per place and drawn on
//! country outlines shipped in the binary (`assets/world-110m.svg`, Natural Earth 1:110m
//! in an equirectangular projection; nothing is fetched). A table lists the same places.

use crate::account::caller;
use crate::views::{MapPage, PlaceRow};
use crate::{WebError, WebState};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use ladder_core::{CorrectionSet, Event, Tlp};
use ladder_store::{AnnotationStore, EventFilter, SqliteStore, Store};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The country outlines (SVG paths in a 1000 × 500 box).
pub const OUTLINES: &str = include_str!("../assets/world-110m.svg");

#[derive(Debug, Deserialize, Default)]
pub struct MapQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// Longitude and latitude to the outlines' box.
pub fn project(lon: f64, lat: f64) -> (f64, f64) {
    ((lon + 180.0) / 360.0 * 1000.0, (90.0 - lat) / 180.0 * 500.0)
}

/// Percent-encode a search query for a link.
fn query_text(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Places with their event counts, from the corrected events of readable reports.
pub fn places(
    store: &SqliteStore,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    max_tlp: Tlp,
) -> Result<Vec<PlaceRow>, WebError> {
    let corrections = CorrectionSet::new(&store.corrections()?);
    let filter = EventFilter {
        published_since: since,
        published_until: until,
        ..EventFilter::default()
    };
    let mut located: Vec<Event> = Vec::new();
    let mut keep = |event: Event| {
        let Some(event) = corrections.apply(event) else {
            return;
        };
        if event
            .location
            .as_ref()
            .is_some_and(|l| l.lat.is_some() && l.lon.is_some())
        {
            located.push(event);
        }
    };
    store.for_each_event(&filter, &mut |event| {
        keep(event);
        Ok(())
    })?;
    corrections.added().into_iter().for_each(&mut keep);
    let ids: Vec<String> = located
        .iter()
        .map(|e| e.evidence.report_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let readable: BTreeSet<String> = store
        .report_meta(&ids)?
        .into_iter()
        .filter(|m| m.tlp <= max_tlp)
        .filter(|m| since.is_none_or(|s| m.published.is_some_and(|p| p >= s)))
        .filter(|m| until.is_none_or(|u| m.published.is_some_and(|p| p <= u)))
        .map(|m| m.id)
        .collect();
    let mut counts: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    for event in located
        .iter()
        .filter(|e| readable.contains(&e.evidence.report_id))
    {
        let Some(l) = &event.location else { continue };
        let (Some(lat), Some(lon)) = (l.lat, l.lon) else {
            continue;
        };
        counts.entry(l.name.clone()).or_insert((lat, lon, 0)).2 += 1;
    }
    let mut rows: Vec<PlaceRow> = counts
        .into_iter()
        .map(|(name, (lat, lon, count))| {
            let (x, y) = project(lon, lat);
            PlaceRow {
                query: query_text(&format!("\"{name}\"")),
                name,
                count,
                x: format!("{x:.1}"),
                y: format!("{y:.1}"),
                r: format!("{:.1}", 2.0 + (count as f64).sqrt() * 1.5),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    Ok(rows)
}

/// `GET /ui/map`.
pub async fn map(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
    Query(query): Query<MapQuery>,
) -> Result<Response, WebError> {
    let who = match caller(&state, &headers) {
        Ok(c) => c,
        Err(r) => return Ok(r.into_response()),
    };
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (since, until) = (date(&query.from), date(&query.to));
    let max_tlp = who.analyst.clearance;
    let places = state
        .with_store(move |store, _| places(store, since, until, max_tlp))
        .await?;
    let page = MapPage {
        user: who.analyst.name,
        csrf: who.session.csrf,
        from: query.from,
        to: query.to,
        outlines: OUTLINES,
        places,
    };
    Ok(Html(page.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_and_the_outlines_agree() {
        assert_eq!(project(-180.0, 90.0), (0.0, 0.0));
        assert_eq!(project(0.0, 0.0), (500.0, 250.0));
        assert_eq!(project(180.0, -90.0), (1000.0, 500.0));
        assert!(
            OUTLINES.matches("<path").count() > 150,
            "country outlines are embedded"
        );
        assert!(OUTLINES.contains("<title>North Korea</title>"));
        assert!(!OUTLINES.contains("http"), "nothing to fetch");
        assert_eq!(query_text("\"Kursk\" x"), "%22Kursk%22%20x");
    }
}
