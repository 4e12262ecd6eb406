//! `ladder explain`: a report sentence by sentence, each coded event under its sentence
//! with the rule that fired, and the sentences where actors and triggers were seen but
//! nothing was coded.

use crate::cmd::code::{load_coder, read_reports};
use crate::context::Context;
use anyhow::Context as _;
use ladder_core::Report;
use ladder_store::{SqliteStore, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A report file (every report in it is explained), or a stored report's id, id
    /// prefix or reference
    #[arg(value_name = "REPORT")]
    report: String,
    /// Show each sentence's dependency tree (word, tag, head, relation)
    #[arg(long)]
    tree: bool,
}

pub fn run(ctx: &Context, args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let coder = load_coder(ctx)?;
    let mut reports: Vec<Report> = Vec::new();
    let path = PathBuf::from(&args.report);
    if path.exists() {
        read_reports(ctx, std::slice::from_ref(&path), |r| {
            reports.push(r);
            Ok(())
        })?;
    } else {
        let store = SqliteStore::open(&ctx.db_path)
            .with_context(|| format!("opening the store {}", ctx.db_path.display()))?;
        match store
            .find_report(&args.report)
            .context("looking up the report")?
        {
            Some(r) => reports.push(r),
            None => anyhow::bail!("no file and no stored report '{}'", args.report),
        }
    }
    for report in &reports {
        let coded = coder.code_report(report);
        if ctx.json {
            println!(
                "{}",
                serde_json::json!({"report_id": report.id, "report_ref": report.report_ref, "coded": coded})
            );
            continue;
        }
        println!(
            "# {} {}{}",
            report.report_ref.as_deref().unwrap_or(&report.id),
            report.published.map(|d| d.to_string()).unwrap_or_default(),
            report
                .title
                .as_deref()
                .map(|t| format!(" — {t}"))
                .unwrap_or_default()
        );
        for (n, &(start, end)) in coded.sentences.iter().enumerate() {
            println!(
                "\n[{}] {}",
                n + 1,
                report.text.get(start..end).unwrap_or("")
            );
            if args.tree {
                print_tree(&coder, &report.text, start, end);
            }
            for ev in coded.events.iter().filter(|e| e.evidence.start == start) {
                let mut line = format!(
                    "    → {} {}{} → {}{}  [{}",
                    ev.event_type,
                    ev.actor.join(";"),
                    ev.actor_detail
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default(),
                    if ev.recipient.is_empty() {
                        "-".to_string()
                    } else {
                        ev.recipient.join(";")
                    },
                    ev.recipient_detail
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default(),
                    ev.modality
                );
                if !ev.attributed_to.is_empty() {
                    line.push_str(&format!(", per {}", ev.attributed_to.join(";")));
                }
                line.push(']');
                if let Some(m) = &ev.mode {
                    line.push_str(&format!(" mode={m}"));
                }
                if let Some(q) = &ev.quantity {
                    line.push_str(&format!(" qty={}", q.text));
                }
                if let Some(l) = &ev.location {
                    line.push_str(&format!(" at={}", l.name));
                }
                if let Some(d) = &ev.event_date {
                    line.push_str(&format!(" date={d}"));
                }
                line.push_str(&format!(" rule={}", ev.rule));
                println!("{line}");
                if let Some(r) = coded.readings.iter().find(|r| r.event_id == ev.id) {
                    println!("        roles from {}", r.how);
                }
            }
            for d in coded.diagnostics.iter().filter(|d| d.start == start) {
                println!("    ? {}", d.message);
            }
        }
        println!();
    }
    Ok(ExitCode::SUCCESS)
}

/// The sentence's dependency tree, one word a line: index, word, tag, head, relation.
fn print_tree(coder: &ladder_code::Coder, text: &str, start: usize, end: usize) {
    match coder.sentence_tree(text, start, end) {
        Some(words) => {
            for (i, (word, tag, head, rel)) in words.iter().enumerate() {
                let head = head
                    .map(|h| (h + 1).to_string())
                    .unwrap_or_else(|| "0".into());
                println!("      {:>3} {word:<18} {tag:<6} {head:>3} {rel}", i + 1);
            }
        }
        None => println!("      (not parsed: no parser, or the sentence is too long)"),
    }
}
