//! Code a JSON Lines file of reports (`id`, `published`, `text`) with the bundled coder
//! and print the events as JSON Lines: a quick way to try the coder without the CLI.

use ladder_code::Coder;
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{Report, ReportFormat};
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: code_jsonl FILE.jsonl")?;
    let coder = Coder::bundled()?;
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    for line in file.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = normalise_text(v["text"].as_str().unwrap_or(""));
        let report = Report {
            id: report_id(&text),
            report_ref: v["id"].as_str().map(str::to_string),
            source: None,
            url: None,
            title: None,
            published: v["published"].as_str().and_then(|d| d.parse().ok()),
            published_at: None,
            language: None,
            text,
            format: ReportFormat::Jsonl,
            dateline: None,
            wire: Vec::new(),
            reliability: None,
            tlp: Default::default(),
        };
        for ev in coder.code_report(&report).events {
            let mut v = serde_json::to_value(&ev)?;
            v["report_ref"] = serde_json::json!(ev.evidence.report_ref);
            println!("{v}");
        }
    }
    Ok(())
}
