//! `ladder eval replay --timeline FILE`: replay the stored events day by day over the
//! timeline's period and score the calls against the team's timeline, beside the
//! persistence baseline; optionally write the reliability chart (SVG).

use crate::cmd::assess::load_scenario;
use crate::context::Context;
use anyhow::Context as _;
use ladder_assess::scoring::{
    parse_timeline, replay_from_csv, score_replay, CallScore, ReplayScore,
};
use ladder_assess::AssessmentInput;
use ladder_brief::svg::{reliability_chart, ReliabilityPoint};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EvalReplayArgs {
    /// The team's stage timeline (TOML: scenario, start, end, initial_stage, [[change]])
    #[arg(long, value_name = "FILE")]
    timeline: PathBuf,
    /// Score this replay CSV (`ladder replay --csv`, e.g. from another build of the engine)
    /// instead of replaying the store
    #[arg(long, value_name = "CSV")]
    replay_csv: Option<PathBuf>,
    /// Write the reliability chart (predicted vs observed P(stage ≥ k)) as SVG
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: EvalReplayArgs) -> anyhow::Result<ExitCode> {
    let name = args.timeline.display().to_string();
    let text =
        std::fs::read_to_string(&args.timeline).with_context(|| format!("reading {name}"))?;
    let timeline = parse_timeline(&name, &text).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{}", lines.join("\n"))
    })?;
    let replay = match &args.replay_csv {
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {name}"))?;
            replay_from_csv(&name, &timeline.scenario, &text).map_err(anyhow::Error::msg)?
        }
        None => {
            let (_, scenario) = load_scenario(ctx, &timeline.scenario, None)?;
            let store = ctx.open_existing_store()?;
            let (input, _) =
                AssessmentInput::from_store_matching(&store, &scenario, Some(timeline.end))
                    .context("reading events from the store")?;
            ladder_assess::replay(&scenario, &input, timeline.start, timeline.end, 1)?
        }
    };
    let score = score_replay(&replay, &timeline);
    if let Some(path) = &args.chart {
        let points: Vec<ReliabilityPoint> = score
            .reliability
            .iter()
            .map(|b| ReliabilityPoint {
                predicted: b.mean_predicted,
                observed: b.observed,
                count: b.count,
            })
            .collect();
        std::fs::write(path, reliability_chart(&points))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if ctx.json {
        println!("{}", serde_json::to_string(&score)?);
    } else {
        print!("{}", format_score(&score));
    }
    Ok(ExitCode::SUCCESS)
}

/// The score as a table: the engine beside persistence.
pub fn format_score(s: &ReplayScore) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} from {} to {} ({} days); persistence = the call never moves from the initial stage\n",
        s.scenario_id, s.from, s.to, s.engine.days
    );
    let _ = writeln!(out, "{:<34} {:>12} {:>12}", "", "engine", "persistence");
    let row = |out: &mut String, label: &str, f: &dyn Fn(&CallScore) -> String| {
        let _ = writeln!(
            out,
            "{label:<34} {:>12} {:>12}",
            f(&s.engine),
            f(&s.persistence)
        );
    };
    row(&mut out, "days right", &|c| {
        format!("{} ({:.1}%)", c.days_right, c.share_right * 100.0)
    });
    for (i, rise) in s.engine.rises.iter().enumerate() {
        let lag = |c: &CallScore| {
            c.rises
                .get(i)
                .and_then(|r| r.lag_days)
                .map_or("never".to_string(), |l| format!("{l:+} d"))
        };
        row(
            &mut out,
            &format!("lag of the rise to {} ({})", rise.stage, rise.date),
            &lag,
        );
    }
    for k in 1..=s.engine.days_above.len() {
        row(
            &mut out,
            &format!("days above accepted, called {k}"),
            &|c| c.days_above[k - 1].to_string(),
        );
    }
    row(&mut out, "days below accepted", &|c| {
        c.days_below.to_string()
    });
    for k in 1..=s.engine.brier.len() {
        row(&mut out, &format!("Brier P(stage ≥ {k})"), &|c| {
            format!("{:.4}", c.brier[k - 1])
        });
    }
    row(&mut out, "Brier, mean over k", &|c| {
        format!("{:.4}", c.brier_mean)
    });
    let _ = writeln!(
        out,
        "\nreliability (engine, all k, borderline days left out)"
    );
    let _ = writeln!(
        out,
        "  {:<12} {:>6} {:>10} {:>9}",
        "predicted", "n", "mean p", "observed"
    );
    for bin in s.reliability.iter().filter(|b| b.count > 0) {
        let _ = writeln!(
            out,
            "  {:.1}–{:.1}      {:>6} {:>10.4} {:>9.4}",
            bin.low, bin.high, bin.count, bin.mean_predicted, bin.observed
        );
    }
    out
}
