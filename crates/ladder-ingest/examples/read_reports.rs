//! Print what the readers make of files or directories, one JSON report (or error) a line:
//! `cargo run -p ladder-ingest --example read_reports -- examples/reports`.

use ladder_ingest::{IngestOptions, Ingestor, SourceRegistry};
use std::path::Path;

fn main() {
    let ingestor = Ingestor::new(SourceRegistry::bundled(), IngestOptions::default());
    for arg in std::env::args().skip(1) {
        for item in ingestor.read_path(Path::new(&arg)) {
            match item {
                Ok(report) => match serde_json::to_string(&report) {
                    Ok(json) => println!("{json}"),
                    Err(error) => eprintln!("cannot print a report: {error}"),
                },
                Err(error) => eprintln!("error: {error}"),
            }
        }
    }
}
