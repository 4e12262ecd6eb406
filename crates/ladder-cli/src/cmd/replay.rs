//! `ladder replay`: the stage and P(stage ≥ k) a scenario would have been called with on
//! each date, from only the reports published by then, beside the persistence baseline.

use crate::cmd::assess::{load_scenario, parse_pair};
use crate::context::Context;
use anyhow::{bail, Context as _};
use chrono::NaiveDate;
use ladder_assess::AssessmentInput;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// Scenario id (`ladder scenario list`)
    #[arg(long, value_name = "ID")]
    pub scenario: String,
    /// The pair for a dyadic scenario, e.g. CHN,TWN (other scenarios ignore it)
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub dyad: Option<(String, String)>,
    /// First date [default: the earliest publication date in the store]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// Last date [default: the latest publication date in the store]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<NaiveDate>,
    /// Step between rows: days (`1d`, `7d`, `3`) or weeks (`1w`)
    #[arg(long, default_value = "1d", value_parser = parse_step, value_name = "STEP")]
    pub step: u32,
    /// Print CSV: date,stage,p1..pn,baseline_stage
    #[arg(long)]
    pub csv: bool,
}

/// `1d`, `7`, `2w` → days.
pub fn parse_step(text: &str) -> Result<u32, String> {
    let t = text.trim().to_ascii_lowercase();
    let (number, unit) = match t.strip_suffix('d') {
        Some(n) => (n, 1),
        None => match t.strip_suffix('w') {
            Some(n) => (n, 7),
            None => (t.as_str(), 1),
        },
    };
    match number.trim().parse::<u32>() {
        Ok(n) if n > 0 => Ok(n * unit),
        _ => Err(format!(
            "'{text}' is not a step: write days like 1d or 7d, or weeks like 1w"
        )),
    }
}

pub fn run(ctx: &Context, args: ReplayArgs) -> anyhow::Result<ExitCode> {
    let (_, scenario) = load_scenario(ctx, &args.scenario, args.dyad.as_ref())?;
    let store = ctx.open_existing_store()?;
    // Streamed in date order; only the events the scenario can use are kept.
    let (input, span) = AssessmentInput::from_store_matching_corrected(
        &store,
        &scenario,
        &crate::cmd::corrections::set(&store)?,
        args.to,
        None,
    )
    .context("reading events from the store")?;
    let (Some(from), Some(to)) = (
        args.from.or(span.map(|(first, _)| first)),
        args.to.or(span.map(|(_, last)| last)),
    ) else {
        bail!("the store has no coded events with a publication date: pass --from and --to, or run `ladder ingest` and `ladder code`");
    };
    let replay = ladder_assess::replay(&scenario, &input, from, to, args.step)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.csv {
        out.write_all(replay.to_csv().as_bytes())?;
    } else if ctx.json {
        serde_json::to_writer(&mut out, &replay)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} from {} to {} every {} day(s)",
            scenario.id, from, to, args.step
        )?;
        write!(out, "{:<10}  {:>5}  {:>8}", "date", "stage", "baseline")?;
        for k in 1..=replay.stages {
            write!(out, "  {:>6}", format!("p{k}"))?;
        }
        writeln!(out)?;
        for row in &replay.rows {
            write!(
                out,
                "{}  {:>5}  {:>8}",
                row.date, row.stage, row.baseline_stage
            )?;
            for p in &row.probabilities {
                write!(out, "  {p:>6.4}")?;
            }
            writeln!(out)?;
        }
        let changes = replay.stage_changes();
        let agree = replay
            .rows
            .iter()
            .filter(|r| r.stage == r.baseline_stage)
            .count();
        writeln!(
            out,
            "\n{} stage change(s){}; the persistence baseline agrees on {agree} of {} rows",
            changes.len(),
            if changes.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    changes
                        .iter()
                        .map(|(d, s)| format!("{d} → {s}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            replay.rows.len()
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps() {
        let cases = [
            ("1d", Ok(1)),
            ("7d", Ok(7)),
            ("2w", Ok(14)),
            ("3", Ok(3)),
            ("0d", Err(())),
            ("x", Err(())),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_step(text).map_err(|_| ()), expected, "{text}");
        }
    }
}
