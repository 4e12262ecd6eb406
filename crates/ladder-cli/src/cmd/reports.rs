//! `ladder reports list|show`: what is stored, as an aligned table, JSON lines, or one
//! report in full.

use crate::context::Context;
use anyhow::Context as _;
use chrono::NaiveDate;
use ladder_core::Report;
use ladder_store::{EventFilter, ReportFilter, ReportSummary, Store};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum ReportsCommand {
    /// List stored reports, newest first
    List(ListArgs),
    /// Show one report in full: metadata, copies, wire, grading and text
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only reports from this source (outlet or agency, any case)
    #[arg(long, value_name = "SOURCE")]
    source: Option<String>,
    /// Only reports published on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Only reports published on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    until: Option<NaiveDate>,
    /// At most this many reports
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Report id, id prefix (6 or more hex digits), or the input's reference (external
    /// id, URL or path)
    #[arg(value_name = "ID|PREFIX|REF")]
    key: String,
}

pub fn run(ctx: &Context, command: ReportsCommand) -> anyhow::Result<ExitCode> {
    match command {
        ReportsCommand::List(args) => list(ctx, args),
        ReportsCommand::Show(args) => show(ctx, args),
    }
}

/// Characters of the id shown in tables; enough to be unique in any real store and
/// accepted back by `reports show`.
const SHORT_ID: usize = 10;
const TITLE_WIDTH: usize = 70;
const SOURCE_WIDTH: usize = 24;

fn list(ctx: &Context, args: ListArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing_store()?;
    let filter = ReportFilter {
        source: args.source,
        since: args.since,
        until: args.until,
        limit: args.limit,
        offset: 0,
    };
    let summaries = store.list_reports(&filter).context("listing reports")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if ctx.json {
        for summary in &summaries {
            serde_json::to_writer(&mut out, summary)?;
            writeln!(out)?;
        }
    } else {
        write!(out, "{}", format_table(&summaries))?;
    }
    out.flush()?;
    if !ctx.quiet && !ctx.json && summaries.is_empty() {
        eprintln!("no reports match");
    }
    Ok(ExitCode::SUCCESS)
}

/// The aligned text table of `reports list`.
fn format_table(summaries: &[ReportSummary]) -> String {
    if summaries.is_empty() {
        return String::new();
    }
    let sources: Vec<String> = summaries
        .iter()
        .map(|s| truncate(s.source.as_deref().unwrap_or("-"), SOURCE_WIDTH))
        .collect();
    let source_width = sources
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max("SOURCE".len());
    let mut table = format!(
        "{:<SHORT_ID$}  {:<10}  {:<source_width$}  {:>6}  TITLE\n",
        "ID", "PUBLISHED", "SOURCE", "EVENTS"
    );
    for (summary, source) in summaries.iter().zip(&sources) {
        let published = summary
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into());
        let mut title = truncate(
            summary.title.as_deref().unwrap_or("(untitled)"),
            TITLE_WIDTH,
        );
        if summary.copies > 0 {
            title.push_str(&format!(" (+{} copies)", summary.copies));
        }
        let source = pad(source, source_width);
        table.push_str(&format!(
            "{:<SHORT_ID$}  {published:<10}  {source}  {:>6}  {title}\n",
            &summary.id[..SHORT_ID.min(summary.id.len())],
            summary.events,
        ));
    }
    table
}

/// Cut text to `width` characters, marking the cut with `…`; newlines become spaces.
fn truncate(text: &str, width: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= width {
        return flat;
    }
    let mut cut: String = flat.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Pad to `width` characters (format's width counts chars too, but say so plainly).
fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

fn show(ctx: &Context, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing_store()?;
    let report = store
        .find_report(&args.key)
        .with_context(|| format!("looking up report '{}'", args.key))?
        .ok_or_else(|| {
            anyhow::anyhow!("no report with id, id prefix or reference '{}'", args.key)
        })?;
    let copies = store.copies(&report.id)?;
    let events = store.events(&EventFilter {
        report_id: Some(report.id.clone()),
        ..Default::default()
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if ctx.json {
        let value =
            serde_json::json!({ "report": report, "copies": copies, "events": events.len() });
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", format_report(&report, &copies, events.len()))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The text form of `reports show`: a metadata block, then the text.
fn format_report(report: &Report, copies: &[ladder_core::ReportCopy], events: usize) -> String {
    let mut fields: Vec<(&str, String)> = vec![("id", report.id.clone())];
    let optional = [
        ("title", report.title.clone()),
        ("ref", report.report_ref.clone()),
        ("source", report.source.clone()),
        ("url", report.url.clone()),
        ("published", report.published.map(|d| d.to_string())),
        ("published at", report.published_at.clone()),
        ("language", report.language.clone()),
    ];
    fields.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
    fields.push(("format", report.format.name().to_string()));
    fields.push((
        "grade",
        match report.reliability {
            Some(r) => format!("{} ({})", r.letter(), r.label()),
            None => "unknown source (not in the registry)".to_string(),
        },
    ));
    fields.push(("tlp", report.tlp.label().to_string()));
    if !report.wire.is_empty() {
        fields.push(("wire", report.wire.join(", ")));
    }
    if let Some(d) = &report.dateline {
        let mut line = d.place.clone();
        if let Some(date) = &d.date_text {
            line.push_str(&format!(", {date}"));
        }
        if let Some(agency) = &d.agency {
            line.push_str(&format!(" ({agency})"));
        }
        fields.push(("dateline", line));
    }
    fields.push(("events", events.to_string()));
    let mut text = String::new();
    for (key, value) in fields {
        text.push_str(&format!("{:<13}{value}\n", format!("{key}:")));
    }
    if !copies.is_empty() {
        text.push_str(&format!("copies:      {}\n", copies.len()));
        for copy in copies {
            let parts: Vec<String> = [
                copy.source.clone(),
                copy.published.map(|d| d.to_string()),
                copy.report_ref.clone(),
                copy.url
                    .clone()
                    .filter(|u| Some(u) != copy.report_ref.as_ref()),
            ]
            .into_iter()
            .flatten()
            .collect();
            text.push_str(&format!("  - {}\n", parts.join("  ")));
        }
    }
    text.push('\n');
    text.push_str(&report.text);
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_characters() {
        let cases = [
            ("short", 10, "short"),
            ("Pyongyang–Moscow", 8, "Pyongya…"),
            ("a\nb", 5, "a b"),
        ];
        for (input, width, expected) in cases {
            assert_eq!(truncate(input, width), expected);
        }
    }

    #[test]
    fn table_is_aligned() {
        let summary = |id: &str, source: &str, title: &str| ReportSummary {
            id: id.to_string(),
            report_ref: None,
            source: Some(source.to_string()),
            title: Some(title.to_string()),
            published: NaiveDate::from_ymd_opt(2024, 10, 18),
            format: "text".into(),
            bytes: 10,
            copies: 0,
            events: 2,
        };
        let table = format_table(&[
            summary("0123456789abcdef", "Yonhap", "Troops"),
            summary("fedcba9876543210", "Korea Herald", "Kursk"),
        ]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        let title_column = lines[0].find("TITLE").unwrap();
        assert_eq!(lines[1].find("Troops"), Some(title_column));
        assert_eq!(lines[2].find("Kursk"), Some(title_column));
        assert!(lines[1].starts_with("0123456789  2024-10-18  Yonhap"));
    }
}
