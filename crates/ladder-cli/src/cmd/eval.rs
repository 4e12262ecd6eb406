//! `ladder eval`: code reports and score the events against hand-coded gold events
//! (precision, recall, F1 by the team's matching rules; per-type recall; modality,
//! attribution and quantity accuracy; per-sentence accuracies with `--sentences`), or
//! (`--conllu`) tag and parse a treebank from its gold tokens and score UPOS, UAS, LAS.

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
    #[arg(long, value_name = "GOLD", required_unless_present = "conllu")]
    gold: Option<PathBuf>,
    /// Reports to code (JSON Lines or any format `ladder ingest` reads)
    #[arg(long, value_name = "REPORTS", required_unless_present_any = ["conllu", "events"])]
    reports: Option<PathBuf>,
    /// Tag and parse this CoNLL-U file from its gold tokens with the bundled model and
    /// print UPOS, UAS and LAS (instead of scoring events)
    #[arg(long, value_name = "CONLLU", conflicts_with_all = ["gold", "reports", "events"])]
    conllu: Option<PathBuf>,
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
    if let Some(EvalCommand::Replay(replay)) = args.command {
        return crate::cmd::eval_replay::run(ctx, replay);
    }
    if let Some(path) = &args.conllu {
        return eval_conllu(ctx, path);
    }
    let gold_path = args.gold.clone().context("--gold is required")?;
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
            let reports_path = args.reports.clone().context("--reports is required")?;
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

/// Published figures on UD English EWT test with gold tokenisation, to print beside ours
/// (older EWT releases than ours, so approximate): UDPipe 1.2 with its UD 2.3 models, and
/// UDPipe 2 (BERT-based) with its UD 2.15 models.
const PUBLISHED_EWT: &[(&str, f64, f64, f64)] = &[
    ("UDPipe 1.2 (UD 2.3)", 94.4, 84.5, 81.2),
    ("UDPipe 2 (UD 2.15, BERT)", 97.50, 93.42, 91.52),
];

/// `ladder eval --conllu FILE`: the bundled tagger and parser on a treebank's gold tokens.
fn eval_conllu(ctx: &Context, path: &std::path::Path) -> anyhow::Result<ExitCode> {
    let gold = crate::cmd::train::read_conllu(path)?;
    let model = ladder_parse::Model::embedded().context("loading the bundled parsing model")?;
    let s = ladder_parse::eval::evaluate(model, &gold);
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({
                "file": path.display().to_string(),
                "sentences": s.sentences, "words": s.words,
                "upos": s.upos, "lemma": s.lemma, "uas": s.uas, "las": s.las,
                "las_universal": s.las_universal,
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("file: {}", path.display());
    println!("sentences: {}  words: {}", s.sentences, s.words);
    println!("{:<26} {:>6} {:>6} {:>6}", "", "UPOS", "UAS", "LAS");
    println!(
        "{:<26} {:>6.2} {:>6.2} {:>6.2}   (gold tokens, predicted tags; lemma {:.2}, LAS on universal relations {:.2})",
        "ladder-parse",
        100.0 * s.upos,
        100.0 * s.uas,
        100.0 * s.las,
        100.0 * s.lemma,
        100.0 * s.las_universal
    );
    for (name, upos, uas, las) in PUBLISHED_EWT {
        println!("{name:<26} {upos:>6.1} {uas:>6.1} {las:>6.1}   (published, EWT test)");
    }
    Ok(ExitCode::SUCCESS)
}
