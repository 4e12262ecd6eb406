//! The partners file: the TAXII collections Ladder serves and the partners allowed to use
//! them, each with hashed credentials, a TLP clearance, per-collection read/write rights
//! and a rate limit.
//!
//! Secrets are stored as Argon2id PHC strings (`ladder serve --hash-secret`). Argon2id is
//! slow on purpose, so a stolen partners file does not give the passwords away; to keep
//! it off the hot path the server remembers, for the life of the process, the BLAKE3
//! digest of each `Authorization` header it has verified once (never the secret itself).

use crate::{Result, ShareError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use ladder_core::Tlp;
use serde::Deserialize;
use std::io::Read;
use std::path::Path;

/// What a collection shows.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CollectionKind {
    /// Ladder's own objects (from the store) up to a TLP level.
    Ladder,
    /// One scenario's latest assessment and its evidence.
    Scenario,
    /// Objects partners post into it.
    Inbound,
}

/// A collection.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionConfig {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub kind: CollectionKind,
    /// For `ladder`: the most restrictive TLP shown (default GREEN).
    #[serde(default = "default_max_tlp")]
    pub max_tlp: Tlp,
    /// For `scenario`: the scenario id.
    #[serde(default)]
    pub scenario: Option<String>,
    /// For `inbound`: the TLP of posted objects that carry no marking (default AMBER).
    #[serde(default = "default_unmarked_tlp")]
    pub unmarked_tlp: Tlp,
}

fn default_max_tlp() -> Tlp {
    Tlp::Green
}
fn default_unmarked_tlp() -> Tlp {
    Tlp::Amber
}
fn default_rate() -> f64 {
    50_000.0
}
fn default_max_content_length() -> usize {
    10 * 1024 * 1024
}

/// A partner.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// The user name for HTTP Basic; also the owner name of what it posts.
    pub name: String,
    /// Argon2id PHC string of the password (HTTP Basic).
    #[serde(default)]
    pub password_hash: Option<String>,
    /// Argon2id PHC strings of its bearer tokens (`Authorization: Bearer T` or `Token T`).
    #[serde(default)]
    pub token_hashes: Vec<String>,
    /// The most restrictive TLP it may receive (RED is only ever served to an object's owner).
    pub clearance: Tlp,
    /// Collections it may read.
    #[serde(default)]
    pub read: Vec<String>,
    /// Collections it may write (inbound collections only).
    #[serde(default)]
    pub write: Vec<String>,
    /// Sustained requests per second.
    #[serde(default = "default_rate")]
    pub rate_per_second: f64,
    /// Burst size (requests); default: one second's worth.
    #[serde(default)]
    pub burst: Option<f64>,
    /// The STIX identity it speaks as (`identity--UUID`): when set, objects it posts may
    /// name no other `created_by_ref`.
    #[serde(default)]
    pub identity: Option<String>,
    /// May version and delete objects other partners posted.
    #[serde(default)]
    pub admin: bool,
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnersFile {
    #[serde(default = "default_title")]
    pub title: String,
    #[serde(default = "default_max_content_length")]
    pub max_content_length: usize,
    #[serde(default)]
    pub collections: Vec<CollectionConfig>,
    #[serde(default)]
    pub partners: Vec<Partner>,
    /// Analysts of the web workspace (`/ui/`).
    #[serde(default)]
    pub users: Vec<crate::users::Analyst>,
    /// Failed authentications one client address may make within
    /// `auth_failure_window_s` before it is answered 429 (without checking credentials).
    #[serde(default = "default_max_auth_failures")]
    pub max_auth_failures: u32,
    #[serde(default = "default_auth_failure_window_s")]
    pub auth_failure_window_s: u64,
    /// The server's public base URL (`https://taxii.example.org`), from which discovery
    /// names the API root; default: the scheme and listen address. Never taken from the
    /// request's `Host` header.
    #[serde(default)]
    pub public_url: Option<String>,
}

fn default_max_auth_failures() -> u32 {
    20
}

fn default_auth_failure_window_s() -> u64 {
    60
}

fn default_title() -> String {
    "Ladder TAXII server".into()
}

impl PartnersFile {
    pub fn parse(text: &str) -> Result<PartnersFile> {
        let file: PartnersFile =
            toml::from_str(text).map_err(|e| ShareError::Partners(e.to_string()))?;
        file.validate()?;
        Ok(file)
    }

    pub fn load(path: &Path) -> Result<PartnersFile> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ShareError::Partners(format!("{}: {e}", path.display())))?;
        PartnersFile::parse(&text)
            .map_err(|e| ShareError::Partners(format!("{}: {e}", path.display())))
    }

    fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(ShareError::Partners(m));
        for c in &self.collections {
            if !is_safe_id(&c.id) {
                return bad(format!(
                    "collection id {:?} must be letters, digits and '-'",
                    c.id
                ));
            }
            if c.kind == CollectionKind::Scenario && c.scenario.is_none() {
                return bad(format!(
                    "collection {} is a scenario view without `scenario`",
                    c.id
                ));
            }
        }
        if let Some(url) = &self.public_url {
            let ok = (url.starts_with("http://") || url.starts_with("https://"))
                && !url.contains(['?', '#', ' ', '"']);
            if !ok {
                return bad(format!("public_url {url:?} must be an http(s) URL"));
            }
        }
        let mut names = std::collections::BTreeSet::new();
        for u in &self.users {
            if !crate::users::is_valid_user_name(&u.name) || !names.insert(u.name.as_str()) {
                return bad(format!("user name {:?} is invalid or repeated", u.name));
            }
            PasswordHash::new(&u.password_hash)
                .map_err(|e| ShareError::Partners(format!("user {}: bad hash: {e}", u.name)))?;
        }
        for p in &self.partners {
            if let Some(identity) = &p.identity {
                if !identity.starts_with("identity--") {
                    return bad(format!(
                        "partner {}: identity {identity:?} is not identity--UUID",
                        p.name
                    ));
                }
            }
            for id in p.read.iter().chain(&p.write) {
                if !self.collections.iter().any(|c| &c.id == id) {
                    return bad(format!("partner {} names unknown collection {id}", p.name));
                }
            }
            for id in &p.write {
                if self
                    .collections
                    .iter()
                    .any(|c| &c.id == id && c.kind != CollectionKind::Inbound)
                {
                    return bad(format!(
                        "partner {} may not write to view collection {id}",
                        p.name
                    ));
                }
            }
            for h in p.password_hash.iter().chain(&p.token_hashes) {
                PasswordHash::new(h).map_err(|e| {
                    ShareError::Partners(format!("partner {}: bad hash: {e}", p.name))
                })?;
            }
        }
        Ok(())
    }
}

/// Whether an id is safe to use in paths and SQL parameters: 1–100 ASCII letters, digits, '-'.
pub fn is_safe_id(id: &str) -> bool {
    (1..=100).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Hash a secret for the partners file (Argon2id, random salt).
pub fn hash_secret(secret: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut salt)?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| ShareError::Partners(e.to_string()))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ShareError::Partners(e.to_string()))
}

/// Whether `secret` matches a stored PHC hash. A missing hash (`None`: an unknown user, or
/// one without a password) is checked against a fixed dummy hash and fails, in the same
/// time as a wrong password, so that timing does not tell which user names exist.
pub fn verify_secret_or_dummy(secret: &str, hash: Option<&str>) -> bool {
    match hash {
        Some(h) => verify_secret(secret, h),
        None => {
            let _ = verify_secret(secret, dummy_hash());
            false
        }
    }
}

/// An Argon2id hash of a random secret with the default parameters (those of
/// `--hash-secret`), made once.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::encode_b64(b"ladder-dummy-salt").expect("a 17-byte salt encodes");
        Argon2::default()
            .hash_password(b"no user has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Whether `secret` matches a stored PHC hash.
pub fn verify_secret(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_secret() {
        let h = hash_secret("s3cret").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_secret("s3cret", &h));
        assert!(!verify_secret("s3cret ", &h));
        assert!(!verify_secret("s3cret", "not a hash"));
        assert_ne!(h, hash_secret("s3cret").unwrap(), "salts differ");
        assert!(dummy_hash().starts_with("$argon2id$"));
        assert!(!verify_secret_or_dummy("s3cret", None));
        assert!(verify_secret_or_dummy("s3cret", Some(&h)));
    }

    #[test]
    fn file_is_checked() {
        let ok = r#"
            [[collections]]
            id = "c1"
            title = "t"
            kind = "inbound"
            [[partners]]
            name = "p"
            clearance = "green"
            read = ["c1"]
        "#;
        assert!(PartnersFile::parse(ok).is_ok());
        for bad in [
            ok.replace("read = [\"c1\"]", "read = [\"nope\"]"),
            ok.replace("id = \"c1\"", "id = \"../c1\"")
                .replace("[\"c1\"]", "[\"../c1\"]"),
            ok.replace("kind = \"inbound\"", "kind = \"scenario\""),
            ok.replace("clearance = \"green\"", "clearance = \"purple\""),
        ] {
            assert!(PartnersFile::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn example_file_parses() {
        PartnersFile::parse(include_str!("../../../data/partners.example.toml")).unwrap();
    }
}
