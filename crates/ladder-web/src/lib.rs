//! The analysts' workspace: server-rendered pages under `/ui/` (board, scenario, report
//! reader with corrections, search), served by `ladder serve` on the TAXII server's port.
//!
//! Only logged-in analysts (the `[[users]]` of the partners file) reach it; a TAXII
//! partner's credentials are never read here. Every page is HTML from a template checked
//! at compile time (askama), works without JavaScript (the board's live updates, over
//! server-sent events, are the only script), carries a strict Content-Security-Policy
//! and loads only assets embedded in the binary. Every form posts
//! its session's CSRF token; a form without it is refused.

pub mod account;
pub mod live;
pub mod map;
pub mod pages;
pub mod reader;
pub mod session;
pub mod views;
pub mod workspace;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ladder_share::partners::PartnersFile;
use ladder_share::taxii::auth::LoginLimiter;
use ladder_store::SqliteStore;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Errors of the workspace.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("store: {0}")]
    Store(String),
    #[error(transparent)]
    Assess(#[from] ladder_assess::AssessError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("task: {0}")]
    Task(String),
}

impl From<ladder_store::StoreError> for WebError {
    fn from(e: ladder_store::StoreError) -> Self {
        WebError::Store(e.to_string())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        // The cause goes to the server's log, never to the browser.
        eprintln!("ladder serve: /ui/ error: {self}");
        (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
    }
}

/// Shared state of the workspace.
pub struct WebState {
    pub config: PartnersFile,
    pub db_path: PathBuf,
    /// Served over TLS: cookies are `Secure`.
    pub secure: bool,
    pub sessions: session::Sessions,
    pub logins: LoginLimiter,
    pub knowledge: workspace::Knowledge,
    pub views: workspace::ViewCache,
}

impl WebState {
    pub fn new(
        config: PartnersFile,
        db_path: PathBuf,
        secure: bool,
        data_dir: Option<&Path>,
    ) -> Result<WebState, WebError> {
        let scenarios = ladder_assess::ScenarioSet::load_layered(data_dir)?;
        let playbooks = ladder_assess::PlaybookSet::load_layered(data_dir, &scenarios)?;
        let logins = LoginLimiter::new(
            config.max_auth_failures,
            std::time::Duration::from_secs(config.auth_failure_window_s),
        );
        Ok(WebState {
            config,
            db_path,
            secure,
            sessions: session::Sessions::default(),
            logins,
            knowledge: workspace::Knowledge {
                scenarios,
                playbooks,
            },
            views: workspace::ViewCache::default(),
        })
    }

    /// Run `f` with this worker thread's store (opened on first use), off the async
    /// threads.
    pub async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut SqliteStore, &WebState) -> Result<T, WebError> + Send + 'static,
    ) -> Result<T, WebError> {
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            STORE.with(|cell| {
                let mut slot = cell.borrow_mut();
                if slot.as_ref().map(|(p, _)| p != &me.db_path).unwrap_or(true) {
                    *slot = Some((me.db_path.clone(), SqliteStore::open(&me.db_path)?));
                }
                match slot.as_mut() {
                    Some((_, store)) => f(store, &me),
                    None => Err(WebError::Store("store unavailable".into())),
                }
            })
        })
        .await
        .map_err(|e| WebError::Task(e.to_string()))?
    }
}

thread_local! {
    static STORE: RefCell<Option<(PathBuf, SqliteStore)>> = const { RefCell::new(None) };
}

/// The Content-Security-Policy of every page: nothing but this origin's own styles,
/// script files (the live board's; no inline script, no eval), event stream and forms;
/// no frame, no outside request.
pub const CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
                       style-src 'self'; img-src 'self' data:; form-action 'self'; \
                       frame-ancestors 'none'; base-uri 'none'";

/// Stylesheet of the workspace.
const UI_CSS: &str = include_str!("ui.css");

async fn stylesheet() -> Response {
    css(UI_CSS)
}

async fn brief_stylesheet() -> Response {
    css(ladder_brief::html::STYLE)
}

fn css(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Security headers on every response of the workspace.
async fn harden(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The workspace's routes, all under `/ui/`.
pub fn router(state: Arc<WebState>) -> axum::Router {
    axum::Router::new()
        .route("/ui", get(pages::to_board))
        .route("/ui/", get(pages::board))
        .route("/ui/login", get(account::login_form).post(account::login))
        .route("/ui/logout", post(account::logout))
        .route("/ui/scenario/{id}", get(pages::scenario))
        .route("/ui/report/{id}", get(reader::report))
        .route("/ui/report/{id}/correct", post(reader::correct))
        .route("/ui/report/{id}/add", post(reader::add))
        .route("/ui/search", get(pages::search))
        .route("/ui/map", get(map::map))
        .route("/ui/live", get(live::events))
        .route("/ui/board/rows", get(live::rows))
        .route("/ui/static/live.js", get(live::script))
        .route("/ui/static/ui.css", get(stylesheet))
        .route("/ui/static/brief.css", get(brief_stylesheet))
        .layer(axum::middleware::map_response(harden))
        .with_state(state)
}

/// The workspace in front of the TAXII server: `/ui/…` here, everything else TAXII.
pub fn app(web: Arc<WebState>, taxii: axum::Router) -> axum::Router {
    router(web).fallback_service(taxii)
}
