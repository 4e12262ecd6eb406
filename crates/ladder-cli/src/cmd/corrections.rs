//! `ladder corrections list|export`: the analysts' corrections made in the web workspace,
//! listed with who made them and when, or exported as gold in the `eval/` format (every
//! event of each corrected report as corrected, the report itself beside it), so that
//! they become test data for the coder (`ladder eval`).

use crate::context::Context;
use anyhow::Context as _;
use ladder_core::{CorrectionSet, Event};
use ladder_store::{EventFilter, Store};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum CorrectionsCommand {
    /// Every correction: when, who, which event, what
    List,
    /// Write `gold.jsonl` and `reports.jsonl` for the corrected reports into DIR
    Export {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

pub fn run(ctx: &Context, command: CorrectionsCommand) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing_store()?;
    let corrections = store
        .annotations()
        .context("this store keeps no analysts' corrections (they are kept in SQLite stores)")?
        .corrections()
        .context("reading corrections")?;
    match command {
        CorrectionsCommand::List => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for c in &corrections {
                if ctx.json {
                    serde_json::to_writer(&mut out, c)?;
                    writeln!(out)?;
                } else {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}",
                        c.at,
                        c.author,
                        c.report_id,
                        c.event_id,
                        c.action.describe()
                    )?;
                }
            }
        }
        CorrectionsCommand::Export { out } => {
            let (reports, events) = export_gold(&store, &corrections, &out)?;
            if !ctx.quiet {
                eprintln!(
                    "{reports} corrected report(s), {events} gold event(s) written to {}",
                    out.display()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The store's corrections, ready to apply (what `assess`, `replay` and `brief` read
/// the events through).
pub fn set(store: &dyn Store) -> anyhow::Result<CorrectionSet> {
    let corrections = match store.annotations() {
        Some(a) => a.corrections().context("reading analysts' corrections")?,
        None => Vec::new(),
    };
    Ok(CorrectionSet::new(&corrections))
}

/// One gold line in the `eval/` format.
pub fn gold_line(article_id: &str, n: usize, e: &Event) -> Value {
    json!({
        "article_id": article_id,
        "event_id": format!("{article_id}#e{n}"),
        "actor": e.actor.join(";"),
        "actor_detail": e.actor_detail,
        "event_type": e.event_type.name(),
        "alt_event_types": null,
        "mode": e.mode,
        "target": e.recipient.join(";"),
        "target_detail": e.recipient_detail,
        "quantity": null,
        "location": null,
        "event_date": e.event_date,
        "date_basis": null,
        "modality": e.modality.name(),
        "source": if e.attributed_to.is_empty() { "ARTICLE".to_string() } else { e.attributed_to.join(";") },
        "source_detail": e.attributed_detail,
        "span": {"start": e.evidence.start, "end": e.evidence.end, "text": e.evidence.text},
        "support_spans": [],
        "note": format!("from analysts' corrections (coder event {})", e.id),
    })
}

fn export_gold(
    store: &dyn Store,
    corrections: &[ladder_core::Correction],
    dir: &std::path::Path,
) -> anyhow::Result<(usize, usize)> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let set = CorrectionSet::new(corrections);
    let report_ids: BTreeSet<&str> = corrections.iter().map(|c| c.report_id.as_str()).collect();
    let mut gold = String::new();
    let mut reports = String::new();
    let mut count = 0;
    for id in &report_ids {
        let Some(report) = store.report(id)? else {
            continue;
        };
        let coded = store.events(&EventFilter {
            report_id: Some(report.id.clone()),
            ..EventFilter::default()
        })?;
        let mut events: Vec<Event> = set
            .apply_all(coded)
            .into_iter()
            .filter(|e| e.evidence.report_id == report.id)
            .collect();
        events.sort_by_key(|e| (e.evidence.start, e.evidence.end));
        for (n, e) in events.iter().enumerate() {
            gold.push_str(&gold_line(&report.id, n + 1, e).to_string());
            gold.push('\n');
            count += 1;
        }
        let line = json!({
            "id": report.id,
            "url": report.url,
            "source": report.source,
            "published": report.published.map(|d| d.to_string()),
            "title": report.title,
            "text": report.text,
        });
        reports.push_str(&line.to_string());
        reports.push('\n');
    }
    std::fs::write(dir.join("gold.jsonl"), gold)?;
    std::fs::write(dir.join("reports.jsonl"), reports)?;
    Ok((report_ids.len(), count))
}
