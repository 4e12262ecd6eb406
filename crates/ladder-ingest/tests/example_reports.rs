//! The team's example reports (`examples/reports/` at the workspace root) read as the
//! assessment engine needs them: datelines found after a page's timestamp, wire copy named
//! for both halves of each wire-copy pair and not for a report that only cites an agency,
//! and no "More on this story" links in an article's text.

use ladder_core::Report;
use ladder_ingest::{IngestOptions, Ingestor, SourceRegistry};
use std::path::Path;

fn example(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/reports")
        .join(name);
    let ingestor = Ingestor::new(SourceRegistry::bundled(), IngestOptions::default());
    let first = ingestor.read_path(&path).next();
    first
        .unwrap_or_else(|| panic!("{name}: no report"))
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn wire_copy_pairs_name_their_wire() {
    for (original, copy) in [
        (
            "2023-09-13-reuters-vostochny-summit.txt",
            "2023-09-13-straitstimes-vostochny-summit.txt",
        ),
        (
            "2024-10-18-reuters-nis-troops-far-east.txt",
            "2024-10-18-thehindu-nis-troops-far-east.txt",
        ),
    ] {
        assert_eq!(example(original).wire, vec!["Reuters"], "{original}");
        assert_eq!(example(copy).wire, vec!["Reuters"], "{copy}");
    }
}

#[test]
fn citing_an_agency_is_not_carrying_its_copy() {
    let report = example("2024-05-17-nknews-kim-yo-jong-denies-arms-exports.md");
    assert!(
        report.text.contains("(KCNA)"),
        "the citation is still there"
    );
    assert!(report.wire.is_empty(), "{:?}", report.wire);
}

#[test]
fn dateline_after_the_pages_timestamp() {
    let report = example("2024-10-15-focustaiwan-joint-sword-2024b.html");
    assert!(
        report.text.starts_with("Taipei, Oct. 15 (CNA) Taiwan"),
        "{}",
        &report.text[..80]
    );
    let dateline = report.dateline.expect("a dateline");
    assert_eq!(dateline.place, "Taipei");
    assert_eq!(dateline.agency.as_deref(), Some("CNA"));
    assert_eq!(dateline.date, chrono::NaiveDate::from_ymd_opt(2024, 10, 15));
    assert!(report.text[dateline.len..].starts_with("Taiwan detected"));
}

#[test]
fn datelines_of_several_places_and_tass() {
    let india = example("2025-05-07-reuters-india-strikes-pakistan.txt");
    assert_eq!(
        india.dateline.expect("a dateline").place,
        "NEW DELHI/ISLAMABAD"
    );
}

#[test]
fn related_link_blocks_are_dropped() {
    let report = example("2025-01-12-bbc-captured-north-korean-soldiers.html");
    for absent in [
        "More on this story",
        "Seoul says many killed",
        "What we know about North Korean troops",
        "Advertisement",
    ] {
        assert!(!report.text.contains(absent), "{absent}: {}", report.text);
    }
    assert!(
        report.text.ends_with("stranded in Ukraine."),
        "{}",
        report.text
    );
}
