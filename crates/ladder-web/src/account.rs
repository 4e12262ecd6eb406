//! Logging in and out, and who is asking: the session behind a request's cookie and the
//! analyst it belongs to. A request without a live session is sent to the login page;
//! `Authorization` headers (TAXII partners' credentials) are never looked at here.

use crate::session::{
    cookie, random_token, same_secret, set_cookie, Session, LOGIN_COOKIE, SESSION_COOKIE,
};
use crate::views::LoginPage;
use crate::{WebError, WebState};
use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use ladder_share::partners::verify_secret_or_dummy;
use ladder_share::users::Analyst;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;

/// Why a request is turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No live session: to the login page.
    ToLogin,
    /// The CSRF token is missing or wrong.
    BadCsrf,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::ToLogin => Redirect::to("/ui/login").into_response(),
            Refusal::BadCsrf => {
                (StatusCode::FORBIDDEN, "missing or wrong CSRF token").into_response()
            }
        }
    }
}

/// The analyst behind a request, with the session's CSRF token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub analyst: Analyst,
    pub session: Session,
}

impl Caller {
    /// Refuse a form whose CSRF token is missing or is not this session's.
    pub fn check_csrf(&self, token: Option<&str>) -> Result<(), Refusal> {
        match token {
            Some(t) if same_secret(t, &self.session.csrf) => Ok(()),
            _ => Err(Refusal::BadCsrf),
        }
    }
}

fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie(h, SESSION_COOKIE))
}

/// The logged-in analyst, or a redirect to the login page.
pub fn caller(state: &WebState, headers: &HeaderMap) -> Result<Caller, Refusal> {
    let to_login = || Refusal::ToLogin;
    let token = session_token(headers).ok_or_else(to_login)?;
    let session = state.sessions.get(token).ok_or_else(to_login)?;
    // The user may have been removed from the file since: look the name up each time.
    let analyst = state
        .config
        .users
        .iter()
        .find(|u| u.name == session.user)
        .cloned()
        .ok_or_else(to_login)?;
    Ok(Caller { analyst, session })
}

/// `GET /ui/login`: the form, with a fresh login CSRF token in its own cookie.
pub async fn login_form(State(state): State<Arc<WebState>>) -> Result<Response, WebError> {
    login_page(&state, None, StatusCode::OK)
}

fn login_page(
    state: &WebState,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let csrf = random_token()?;
    let page = LoginPage {
        error: error.map(str::to_string),
        csrf: csrf.clone(),
    }
    .render()?;
    Ok((
        status,
        [(
            header::SET_COOKIE,
            set_cookie(LOGIN_COOKIE, &csrf, state.secure, Some(600)),
        )],
        Html(page),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: Option<String>,
}

/// `POST /ui/login`: check the password (Argon2id, failed logins limited per account and
/// address), start a session, go to the board.
pub async fn login(
    State(state): State<Arc<WebState>>,
    extensions: axum::http::Extensions,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let expected = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie(h, LOGIN_COOKIE));
    let csrf_ok =
        matches!((expected, form.csrf.as_deref()), (Some(a), Some(b)) if same_secret(a, b));
    if !csrf_ok {
        return Ok((StatusCode::FORBIDDEN, "missing or wrong CSRF token").into_response());
    }
    let address = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    let slot = match state.logins.reserve(Some(&form.name), address) {
        Ok(slot) => slot,
        Err(locked) => {
            let mut r = login_page(
                &state,
                Some("Too many failed logins; wait and try again."),
                StatusCode::TOO_MANY_REQUESTS,
            )?;
            r.headers_mut()
                .insert(header::RETRY_AFTER, locked.retry_after_s.into());
            return Ok(r);
        }
    };
    let hash = state
        .config
        .users
        .iter()
        .find(|u| u.name == form.name)
        .map(|u| u.password_hash.clone());
    let password = form.password;
    let ok =
        tokio::task::spawn_blocking(move || verify_secret_or_dummy(&password, hash.as_deref()))
            .await
            .map_err(|e| WebError::Task(e.to_string()))?;
    if !ok {
        return login_page(
            &state,
            Some("Wrong user name or password."),
            StatusCode::UNAUTHORIZED,
        );
    }
    state.logins.succeeded(&slot);
    let token = state.sessions.start(&form.name)?;
    let mut response = Redirect::to("/ui/").into_response();
    let h = response.headers_mut();
    for value in [
        set_cookie(SESSION_COOKIE, &token, state.secure, None),
        set_cookie(LOGIN_COOKIE, "", state.secure, Some(0)),
    ] {
        if let Ok(v) = value.parse() {
            h.append(header::SET_COOKIE, v);
        }
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: Option<String>,
}

/// `POST /ui/logout`: end the session.
pub async fn logout(
    State(state): State<Arc<WebState>>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let who = match caller(&state, &headers) {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    if let Err(r) = who.check_csrf(form.csrf.as_deref()) {
        return r.into_response();
    }
    if let Some(token) = session_token(&headers) {
        state.sessions.end(token);
    }
    (
        [(
            header::SET_COOKIE,
            set_cookie(SESSION_COOKIE, "", state.secure, Some(0)),
        )],
        Redirect::to("/ui/login"),
    )
        .into_response()
}
