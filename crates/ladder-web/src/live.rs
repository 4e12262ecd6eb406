//! Live board: a server-sent event stream (`GET /ui/live`) that says `board` whenever the
//! store's events or the analysts' corrections change (checked every two seconds), and the
//! board's rows as a fragment (`GET /ui/board/rows`) that `live.js` swaps in. Without
//! JavaScript the board is the same page, only not live.

use crate::account::caller;
use crate::pages::board_rows;
use crate::views::BoardRows;
use crate::workspace::{store_version, StoreVersion};
use crate::{WebError, WebState};
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

/// How often the stream looks for changes.
pub const POLL: Duration = Duration::from_secs(2);

/// The script of the live board (served as a file: the CSP allows no inline script).
pub const LIVE_JS: &str = include_str!("live.js");

pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        LIVE_JS,
    )
        .into_response()
}

/// `GET /ui/live`.
pub async fn events(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if let Err(r) = caller(&state, &headers) {
        return Ok(r.into_response());
    }
    let now = state.with_store(|store, _| store_version(store)).await?;
    let stream = futures_util::stream::unfold(
        (state, now),
        |(state, mut last): (Arc<WebState>, StoreVersion)| async move {
            loop {
                tokio::time::sleep(POLL).await;
                let Ok(version) = state.with_store(|store, _| store_version(store)).await else {
                    continue;
                };
                if version != last {
                    let event = Event::default().event("board").data("changed");
                    return Some((Ok::<Event, Infallible>(event), (state, version)));
                }
                last = version;
            }
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// `GET /ui/board/rows`: the board's table body.
pub async fn rows(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let who = match caller(&state, &headers) {
        Ok(c) => c,
        Err(r) => return Ok(r.into_response()),
    };
    let rows = board_rows(&state, who.analyst.clearance).await?;
    Ok(Html(BoardRows { rows }.render()?).into_response())
}
