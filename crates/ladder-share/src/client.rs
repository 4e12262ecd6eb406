//! A TAXII 2.1 client: fetch a collection's objects page by page (following `more`/`next`
//! and remembering the newest `date_added`), and post objects to a writable collection.

use crate::taxii::TAXII_MEDIA_TYPE;
use crate::{Result, ShareError};
use base64::Engine;
use serde_json::{json, Value};
use std::time::Duration;

/// How to authenticate.
#[derive(Debug, Clone)]
pub enum Credentials {
    None,
    Basic {
        user: String,
        password: String,
    },
    /// Sent as `Authorization: Bearer T` (`token_scheme` may say `Token`).
    Token {
        token: String,
        scheme: String,
    },
}

impl Credentials {
    fn header(&self) -> Option<String> {
        match self {
            Credentials::None => None,
            Credentials::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            )),
            Credentials::Token { token, scheme } => Some(format!("{scheme} {token}")),
        }
    }
}

/// Largest page body read.
const MAX_BODY: u64 = 256 * 1024 * 1024;
/// Most pages one pull follows.
const MAX_PAGES: usize = 100_000;

/// A TAXII client for one API root.
pub struct Client {
    agent: ureq::Agent,
    api_root: String,
    credentials: Credentials,
}

/// What a pull fetched.
#[derive(Debug, Default)]
pub struct Pulled {
    pub objects: Vec<Value>,
    pub pages: usize,
    /// The newest `date_added` seen (X-TAXII-Date-Added-Last): where the next pull resumes.
    pub last_added: Option<String>,
}

fn err(e: impl std::fmt::Display) -> ShareError {
    ShareError::Client(e.to_string())
}

impl Client {
    /// A client for the API root at `url` (ending in `/`; one is added if missing).
    pub fn new(url: &str, credentials: Credentials) -> Client {
        Client::with_agent(url, credentials, ureq::Agent::config_builder())
    }

    /// A client that trusts the PEM certificates in `ca_pem` (instead of the system's
    /// roots): a partner's private CA, or a self-signed server certificate.
    pub fn with_ca(url: &str, credentials: Credentials, ca_pem: &[u8]) -> Result<Client> {
        let certs = ureq::tls::parse_pem(ca_pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(Ok(c)),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(err)?;
        if certs.is_empty() {
            return Err(ShareError::Client("no certificate in the CA file".into()));
        }
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::new_with_certs(&certs))
            .build();
        Ok(Client::with_agent(
            url,
            credentials,
            ureq::Agent::config_builder().tls_config(tls),
        ))
    }

    fn with_agent(
        url: &str,
        credentials: Credentials,
        config: ureq::config::ConfigBuilder<ureq::typestate::AgentScope>,
    ) -> Client {
        let agent: ureq::Agent = config
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        let mut api_root = url.to_string();
        if !api_root.ends_with('/') {
            api_root.push('/');
        }
        Client {
            agent,
            api_root,
            credentials,
        }
    }

    /// GET a TAXII resource by its full URL (discovery, an API root): status and body.
    pub fn fetch(&self, url: &str) -> Result<(u16, Value)> {
        let (status, _, body) = self.get(url, &[])?;
        Ok((status, body))
    }

    fn get(&self, url: &str, query: &[(&str, String)]) -> Result<(u16, Option<String>, Value)> {
        let mut req = self.agent.get(url).header("Accept", TAXII_MEDIA_TYPE);
        if let Some(h) = self.credentials.header() {
            req = req.header("Authorization", &h);
        }
        for (k, v) in query {
            req = req.query(*k, v);
        }
        let mut resp = req.call().map_err(err)?;
        let status = resp.status().as_u16();
        let last = resp
            .headers()
            .get("x-taxii-date-added-last")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(err)?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok((status, last, body))
    }

    /// Fetch every object of `collection` added after `added_after` (only `types`, when
    /// given: `match[type]`).
    pub fn pull(
        &self,
        collection: &str,
        added_after: Option<&str>,
        types: &[String],
    ) -> Result<Pulled> {
        let url = format!("{}collections/{collection}/objects/", self.api_root);
        let mut out = Pulled {
            last_added: added_after.map(str::to_string),
            ..Default::default()
        };
        let mut next: Option<String> = None;
        loop {
            let mut query = vec![("limit", "100".to_string())];
            if let Some(a) = added_after {
                query.push(("added_after", a.to_string()));
            }
            if !types.is_empty() {
                query.push(("match[type]", types.join(",")));
            }
            if let Some(n) = &next {
                query.push(("next", n.clone()));
            }
            let (status, last, body) = self.get(&url, &query)?;
            if status != 200 {
                return Err(ShareError::Client(format!(
                    "GET {url} -> {status}: {}",
                    body.get("title")
                        .and_then(Value::as_str)
                        .unwrap_or("no TAXII error title")
                )));
            }
            out.pages += 1;
            if let Some(objects) = body.get("objects").and_then(Value::as_array) {
                out.objects.extend(objects.iter().cloned());
            }
            if let Some(l) = last {
                let newer = match (&out.last_added, crate::ids::parse_timestamp(&l)) {
                    (Some(old), Some(new)) => {
                        crate::ids::parse_timestamp(old).is_none_or(|o| new > o)
                    }
                    (None, Some(_)) => true,
                    _ => false,
                };
                if newer {
                    out.last_added = Some(l);
                }
            }
            let more = body.get("more").and_then(Value::as_bool).unwrap_or(false);
            next = body.get("next").and_then(Value::as_str).map(str::to_string);
            if !more || next.is_none() || out.pages >= MAX_PAGES {
                break;
            }
        }
        Ok(out)
    }

    /// Post objects to `collection` in envelopes of at most `per_envelope`; returns the
    /// number of objects the server reported as added.
    pub fn push(&self, collection: &str, objects: &[Value], per_envelope: usize) -> Result<usize> {
        let url = format!("{}collections/{collection}/objects/", self.api_root);
        let mut succeeded = 0;
        for chunk in objects.chunks(per_envelope.max(1)) {
            let body = json!({ "objects": chunk }).to_string();
            let mut req = self
                .agent
                .post(&url)
                .header("Accept", TAXII_MEDIA_TYPE)
                .header("Content-Type", TAXII_MEDIA_TYPE);
            if let Some(h) = self.credentials.header() {
                req = req.header("Authorization", &h);
            }
            let mut resp = req.send(body.as_bytes()).map_err(err)?;
            let status = resp.status().as_u16();
            let text = resp
                .body_mut()
                .with_config()
                .limit(MAX_BODY)
                .read_to_string()
                .map_err(err)?;
            let reply: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            if status != 202 {
                return Err(ShareError::Client(format!(
                    "POST {url} -> {status}: {}",
                    reply
                        .get("title")
                        .and_then(Value::as_str)
                        .unwrap_or("no TAXII error title")
                )));
            }
            let reply = self.wait_status(reply)?;
            succeeded += reply
                .get("success_count")
                .and_then(Value::as_u64)
                .unwrap_or(0) as usize;
            let failed = reply
                .get("failure_count")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            if failed > 0 {
                return Err(ShareError::Client(format!(
                    "{failed} object(s) refused: {}",
                    reply["failures"]
                )));
            }
        }
        Ok(succeeded)
    }

    /// Poll a status resource until it is complete (at most 60 s).
    fn wait_status(&self, mut status: Value) -> Result<Value> {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while status.get("status").and_then(Value::as_str) != Some("complete") {
            if std::time::Instant::now() > deadline {
                return Err(ShareError::Client(
                    "status did not complete within 60 s".into(),
                ));
            }
            std::thread::sleep(Duration::from_millis(250));
            let id = status
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let (code, _, body) = self.get(&format!("{}status/{id}/", self.api_root), &[])?;
            if code != 200 {
                return Err(ShareError::Client(format!("status {id} -> {code}")));
            }
            status = body;
        }
        Ok(status)
    }
}
