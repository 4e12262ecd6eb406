//! Sharing with partners: STIX 2.1 bundles of Ladder's reports, events and assessments
//! (export and import), a TAXII 2.1 server with per-partner access, and a TAXII client.

pub mod client;
pub mod countries;
pub mod db;
pub mod ids;
pub mod partners;
pub mod stix;

pub mod taxii;
pub mod tlp;
pub mod users;
pub mod versions;

/// Errors of the sharing layer.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error(transparent)]
    Store(#[from] ladder_store::StoreError),
    #[error("sqlite: {0}")]
    Sqlite(#[from] ladder_store::rusqlite::Error),
    #[error("not a STIX bundle: {0}")]
    BadBundle(String),
    #[error("partners file: {0}")]
    Partners(String),
    #[error("TAXII client: {0}")]
    Client(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, ShareError>;
