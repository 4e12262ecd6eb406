//! Sessions of logged-in analysts: random tokens kept in memory (a restart logs everyone
//! out), carried in an `HttpOnly`, `SameSite=Strict` cookie (`Secure` behind TLS), each
//! with its own CSRF token that every form posts back.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "ladder_session";
/// Name of the cookie that carries the login form's CSRF token before there is a session.
pub const LOGIN_COOKIE: &str = "ladder_login";
/// How long a session lasts without use.
pub const IDLE: Duration = Duration::from_secs(8 * 3600);

/// One logged-in analyst.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub csrf: String,
    last_seen: Instant,
}

/// The live sessions, keyed by the BLAKE3 hash of their token (a memory dump does not
/// give tokens away).
#[derive(Debug, Default)]
pub struct Sessions {
    live: Mutex<HashMap<[u8; 32], Session>>,
}

/// 32 random bytes as URL-safe base64.
pub fn random_token() -> std::io::Result<String> {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// Equality that takes the same time wherever the first difference is.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Sessions {
    /// Start a session for `user`; returns its token.
    pub fn start(&self, user: &str) -> std::io::Result<String> {
        let token = random_token()?;
        let session = Session {
            user: user.to_string(),
            csrf: random_token()?,
            last_seen: Instant::now(),
        };
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.retain(|_, s| s.last_seen.elapsed() < IDLE);
        live.insert(*blake3::hash(token.as_bytes()).as_bytes(), session);
        Ok(token)
    }

    /// The session behind a token, refreshed, when it is live.
    pub fn get(&self, token: &str) -> Option<Session> {
        let key = *blake3::hash(token.as_bytes()).as_bytes();
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        match live.get_mut(&key) {
            Some(s) if s.last_seen.elapsed() < IDLE => {
                s.last_seen = Instant::now();
                Some(s.clone())
            }
            Some(_) => {
                live.remove(&key);
                None
            }
            None => None,
        }
    }

    /// End the session behind a token.
    pub fn end(&self, token: &str) {
        let key = *blake3::hash(token.as_bytes()).as_bytes();
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.remove(&key);
    }
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Strict`, path `/ui/`, `Secure` when
/// served over TLS; `max_age` 0 deletes the cookie.
pub fn set_cookie(name: &str, value: &str, secure: bool, max_age: Option<u64>) -> String {
    let mut out = format!("{name}={value}; Path=/ui/; HttpOnly; SameSite=Strict");
    if secure {
        out.push_str("; Secure");
    }
    if let Some(age) = max_age {
        out.push_str(&format!("; Max-Age={age}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_start_are_found_and_end() {
        let sessions = Sessions::default();
        let token = sessions.start("ana").unwrap();
        let s = sessions.get(&token).unwrap();
        assert_eq!(s.user, "ana");
        assert_eq!(s.csrf.len(), 43);
        assert!(sessions.get("forged").is_none());
        sessions.end(&token);
        assert!(sessions.get(&token).is_none());
    }

    #[test]
    fn cookies_parse_and_are_strict() {
        assert_eq!(
            cookie("a=1; ladder_session=xyz", SESSION_COOKIE),
            Some("xyz")
        );
        assert_eq!(cookie("ladder_sessionx=1", SESSION_COOKIE), None);
        let c = set_cookie(SESSION_COOKIE, "t", true, None);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        assert!(!set_cookie(SESSION_COOKIE, "t", false, None).contains("Secure"));
        assert!(same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("a", "ab"));
    }
}
