//! TAXII 2.1: the object index behind the collections (`index`), the HTTP server
//! (`server`), and the sync that puts Ladder's own STIX objects into the index (`sync`).

pub mod auth;
pub mod cursor;
pub mod index;
pub mod server;
pub mod sync;

/// The TAXII 2.1 media type, sent on every response.
pub const TAXII_MEDIA_TYPE: &str = "application/taxii+json;version=2.1";
/// The STIX 2.1 media type named in manifests.
pub const STIX_MEDIA_TYPE: &str = "application/stix+json;version=2.1";
