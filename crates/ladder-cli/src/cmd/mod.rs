//! One module per command.

pub mod demo;
pub mod ingest;
pub mod reports;
pub mod search;
