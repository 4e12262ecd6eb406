//! `ladder eval`: code reports and score the events against hand-coded gold events
//! (precision, recall, F1 by the team's matching rules; per-type recall; modality,
//! attribution and quantity accuracy; per-sentence accuracies with `--sentences`).

use crate::cmd::code::{code_in_order, load_coder, read_reports, Coded};
use crate::context::Context;
use anyhow::Context as _;
use ladder_code::eval::{evaluate, EvalOptions, GoldEvent};
use ladder_code::gazetteer::Gazetteer;
use ladder_core::{Event, Report};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct EvalArgs {
    #[command(subcommand)]
    command: Option<EvalCommand>,
    /// Gold events (JSON Lines, the format of shared/eval/README.md)
    #[arg(long, value_name = "GOLD", required = true)]
    gold: Option<PathBuf>,
    /// Reports to code (JSON Lines or any format `ladder ingest` reads)
    #[arg(long, value_name = "REPORTS", required = true)]
    reports: Option<PathBuf>,
    /// Score these coded events (JSON Lines) instead of coding the reports
    #[arg(long, value_name = "EVENTS")]
    events: Option<PathBuf>,
    /// PLOVER gold: map old codes (JAP, ITL, VTN), let IGO/NGO/IMG match any
    /// organisation, collapse unreal events to PLOVER categories, and print
    /// per-sentence accuracies
    #[arg(long)]
    plover: bool,
    /// Print per-sentence accuracies (one gold event per report)
    #[arg(long)]
    sentences: bool,
    /// List the gold events that were not matched
    #[arg(long)]
    missed: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Replay the stored events against the team's stage timeline: days right, lag of
    /// each rise, false alarms per stage, Brier score, beside the persistence baseline
    Replay(crate::cmd::eval_replay::EvalReplayArgs),
}

pub fn run(ctx: &Context, args: EvalArgs) -> anyhow::Result<ExitCode> {
    let (gold_path, reports_path) = match (args.command, args.gold, args.reports) {
        (Some(EvalCommand::Replay(replay)), _, _) => {
            return crate::cmd::eval_replay::run(ctx, replay)
        }
        (None, Some(gold), Some(reports)) => (gold, reports),
        _ => anyhow::bail!("ladder eval needs --gold and --reports (or the replay subcommand)"),
    };
    let gold_file = std::fs::File::open(&gold_path)
        .with_context(|| format!("opening {}", gold_path.display()))?;
    let mut gold = Vec::new();
    for (n, line) in std::io::BufReader::new(gold_file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", gold_path.display(), n + 1))?;
        let g = GoldEvent::from_json(&v)
            .with_context(|| format!("{}:{}: not a gold event", gold_path.display(), n + 1))?;
        gold.push(g);
    }
    let events: Vec<Event> = match &args.events {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .enumerate()
                .map(|(n, l)| {
                    serde_json::from_str(l)
                        .with_context(|| format!("{}:{}: not an event", path.display(), n + 1))
                })
                .collect::<anyhow::Result<_>>()?
        }
        None => {
            let coder = load_coder(ctx)?;
            let mut reports: Vec<Report> = Vec::new();
            read_reports(ctx, std::slice::from_ref(&reports_path), |r| {
                reports.push(r);
                Ok(())
            })?;
            let threads = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1);
            let mut events = Vec::new();
            code_in_order(&coder, &reports, threads, |coded| {
                if let Coded::Event(event) = coded {
                    events.push(event);
                }
                anyhow::Ok(())
            })?;
            events
        }
    };
    let gaz = Gazetteer::load_layered(ctx.data_dir.as_deref())
        .map_err(|e| anyhow::anyhow!("gazetteer: {e}"))?;
    let opts = EvalOptions {
        plover: args.plover,
        country_codes: gaz.countries().iter().map(|c| c.code.clone()).collect(),
    };
    let report = evaluate(&gold, &events, &opts, args.sentences || args.plover);
    if ctx.json {
        let mut v = serde_json::to_value(&report)?;
        if !args.missed {
            if let Some(o) = v.as_object_mut() {
                o.remove("missed");
            }
        }
        println!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    println!("articles: {}", report.articles);
    println!("gold_events: {}", report.gold_events);
    println!("system_events: {}", report.system_events);
    println!("matched: {}", report.matched);
    println!("recall: {}", report.recall);
    println!("precision_all: {}", report.precision_all);
    println!("precision_annotated: {}", report.precision_annotated);
    println!("f1_annotated: {}", report.f1_annotated);
    println!(
        "modality_acc: {} ({} right)",
        report.modality_acc, report.modality_right
    );
    println!("attribution_acc: {}", report.attribution_acc);
    println!("quantity_acc: {}", report.quantity_acc);
    let by_type: Vec<String> = report
        .recall_by_type
        .iter()
        .map(|(t, v)| format!("{t} {v}"))
        .collect();
    println!("recall_by_type: {}", by_type.join(", "));
    if let Some(s) = &report.sentences {
        println!("sentences: {} (coded {})", s.sentences, s.coded_sentences);
        println!("type_accuracy: {}", s.type_acc);
        println!(
            "actor_accuracy: {} (over all sentences with a gold actor: {})",
            s.actor_acc, s.actor_acc_all
        );
        println!(
            "recipient_accuracy: {} (over all sentences with a gold target: {})",
            s.recipient_acc, s.recipient_acc_all
        );
    }
    if args.missed {
        for m in &report.missed {
            println!("missed: {m}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
