//! Ladder's readers: plain text, Markdown, HTML, RSS/Atom and JSON Lines in, `Report`s out,
//! each with its content-hash id, dateline, wire copy, language and the source registry's
//! grade. Reading is lazy and never panics on bad input: every rejected file, line or feed
//! item becomes an `IngestError` naming it, and the rest is still read.
//!
//! ```no_run
//! use ladder_ingest::{IngestOptions, Ingestor, SourceRegistry};
//! let ingestor = Ingestor::new(SourceRegistry::bundled(), IngestOptions::default());
//! for item in ingestor.read_path(std::path::Path::new("examples/reports")) {
//!     match item {
//!         Ok(report) => println!("{} {:?}", report.id, report.title),
//!         Err(error) => eprintln!("{error}"),
//!     }
//! }
//! ```

mod dateline;
mod dates;
mod decode;
mod detect;
mod draft;
mod error;
mod feed;
mod html;
mod ingestor;
mod jsonl;
mod language;
mod nesting;
mod registry;
mod text;
mod wire;

pub use dateline::find_dateline;
pub use dates::{parse_published, Published};
pub use error::{IngestError, IngestErrorKind};
pub use html::fragment_to_text;
pub use ingestor::{IngestItem, IngestOptions, Ingestor, DEFAULT_MAX_FILE_BYTES};
pub use registry::{
    RegistryDiagnostic, RegistryError, SourceRegistry, BUNDLED_SOURCES, SOURCE_KINDS,
};
pub use wire::WireDetector;
