//! The pages' templates (askama, checked at compile time) and the plain rows they show.
//! Every value is escaped by the template; only the stage chart, an SVG whose renderer
//! escapes all outside text, is inserted as it is.

use askama::Template;

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub error: Option<String>,
    pub csrf: String,
}

/// One scenario on the board.
pub struct BoardRow {
    pub id: String,
    pub title: String,
    pub as_of: String,
    pub stage: u8,
    pub stage_name: String,
    pub p_called: String,
    pub p_next: String,
    pub tip: Option<String>,
    pub tip_link: String,
    pub changes: Vec<String>,
}

#[derive(Template)]
#[template(path = "board.html")]
pub struct BoardPage {
    pub user: String,
    pub csrf: String,
    pub rows: Vec<BoardRow>,
}

/// The board's rows alone (the live board's fragment).
#[derive(Template)]
#[template(path = "board_rows.html")]
pub struct BoardRows {
    pub rows: Vec<BoardRow>,
}

pub struct EvidenceRow {
    pub link: String,
    pub sentence: String,
    pub source: String,
    pub published: String,
    pub grade: String,
    pub modality: String,
    pub weight: String,
}

pub struct IndicatorRow {
    pub stage: u8,
    pub text: String,
    pub status_key: &'static str,
    pub status_name: &'static str,
    pub sources: usize,
    pub evidence: Vec<EvidenceRow>,
}

pub struct ResponseRow {
    pub track: &'static str,
    pub text: String,
    pub condition: Option<String>,
}

#[derive(Template)]
#[template(path = "scenario.html")]
pub struct ScenarioPage {
    pub user: String,
    pub csrf: String,
    pub id: String,
    pub title: String,
    pub as_of: String,
    pub first_day: String,
    pub last_day: String,
    pub stage: u8,
    pub stage_name: String,
    pub p_called: String,
    pub p_next: String,
    pub tip: Option<String>,
    pub tip_link: String,
    pub chart: String,
    pub indicators: Vec<IndicatorRow>,
    pub observer: Option<String>,
    pub now: Vec<ResponseRow>,
    pub next: Vec<ResponseRow>,
}

/// A stretch of report text, marked when an event's evidence span covers it.
pub struct Piece {
    pub text: String,
    pub marked: bool,
    pub class: String,
    pub title: String,
    /// Events whose span starts here (anchors `ev-ID`).
    pub anchors: Vec<String>,
}

pub struct EventRow {
    pub id: String,
    pub span: String,
    pub actor: String,
    pub event_type: String,
    pub recipient: String,
    pub modality: String,
    pub attributed: String,
    /// `coded`, `corrected`, `rejected` or `added`.
    pub status: &'static str,
}

pub struct HistoryRow {
    pub at: String,
    pub author: String,
    pub what: String,
    pub event_id: String,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub user: String,
    pub csrf: String,
    pub can_write: bool,
    pub id: String,
    pub title: String,
    pub source: String,
    pub published: String,
    pub tlp: &'static str,
    pub pieces: Vec<Piece>,
    pub events: Vec<EventRow>,
    pub history: Vec<HistoryRow>,
    pub types: Vec<&'static str>,
    pub modalities: Vec<&'static str>,
}

pub struct HitRow {
    pub id: String,
    pub title: String,
    pub source: String,
    pub published: String,
    pub snippet: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub user: String,
    pub csrf: String,
    pub q: String,
    pub from: String,
    pub to: String,
    /// Each grade offered, and whether it is the one chosen.
    pub grades: Vec<(&'static str, bool)>,
    pub error: Option<String>,
    pub hits: Vec<HitRow>,
}

/// One place on the map.
pub struct PlaceRow {
    pub name: String,
    /// Percent-encoded search for the place's name.
    pub query: String,
    pub count: usize,
    pub x: String,
    pub y: String,
    pub r: String,
}

#[derive(Template)]
#[template(path = "map.html")]
pub struct MapPage {
    pub user: String,
    pub csrf: String,
    pub from: String,
    pub to: String,
    /// The embedded country outlines (trusted SVG).
    pub outlines: &'static str,
    pub places: Vec<PlaceRow>,
}
