//! `ladder scenario`: list, show and check scenario and playbook files.

use crate::cmd::assess::parse_pair;
use crate::context::Context;
use anyhow::Context as _;
use ladder_assess::{check_file, CheckedFile, PlaybookSet, ScenarioSet};
use ladder_core::{Indicator, IndicatorKind, Scenario, StageRequirement};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum ScenarioCommand {
    /// List the scenarios (bundled and from DATA/scenarios/) and playbooks
    List,
    /// Show a scenario's stages and indicators
    Show {
        /// Scenario id
        id: String,
        /// Fill a dyadic scenario with a pair, e.g. CHN,TWN
        #[arg(long, value_name = "A,B", value_parser = parse_pair)]
        dyad: Option<(String, String)>,
    },
    /// Check scenario or playbook files; errors name the file and line
    Check {
        /// TOML files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

pub fn run(ctx: &Context, command: ScenarioCommand) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match command {
        ScenarioCommand::List => {
            let scenarios =
                ScenarioSet::load_layered(ctx.data_dir.as_deref()).context("loading scenarios")?;
            let playbooks = PlaybookSet::load_layered(ctx.data_dir.as_deref(), &scenarios)
                .context("loading playbooks")?;
            for s in scenarios.iter() {
                let indicators: usize = s.stages.iter().map(|st| st.indicators.len()).sum();
                if ctx.json {
                    serde_json::to_writer(
                        &mut out,
                        &serde_json::json!({
                            "id": s.id, "title": s.title, "stages": s.stages.len(), "indicators": indicators,
                            "dyadic": s.dyadic, "origin": scenarios.origin(&s.id),
                        }),
                    )?;
                    writeln!(out)?;
                } else {
                    writeln!(
                        out,
                        "{:<32} {} stages, {:>2} indicators{}  {}  [{}]",
                        s.id,
                        s.stages.len(),
                        indicators,
                        if s.dyadic {
                            ", dyadic (--dyad A,B)"
                        } else {
                            ""
                        },
                        s.title,
                        scenarios.origin(&s.id).unwrap_or("-")
                    )?;
                }
            }
            if !ctx.json {
                for p in playbooks.iter() {
                    writeln!(
                        out,
                        "playbook {:<23} observer {} for {} ({} responses)",
                        p.id,
                        p.observer,
                        p.scenario,
                        p.responses.len()
                    )?;
                }
            }
        }
        ScenarioCommand::Show { id, dyad } => {
            let scenarios =
                ScenarioSet::load_layered(ctx.data_dir.as_deref()).context("loading scenarios")?;
            let scenario = match scenarios
                .resolve(&id, dyad.as_ref().map(|(a, b)| (a.as_str(), b.as_str())))
            {
                Ok(s) => s,
                // Showing a template without a pair is fine.
                Err(ladder_assess::AssessError::Dyad(_)) if dyad.is_none() => {
                    scenarios.get(&id).cloned().context("no such scenario")?
                }
                Err(e) => return Err(e.into()),
            };
            if ctx.json {
                serde_json::to_writer_pretty(&mut out, &scenario)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "{} — {}\n{}",
                    scenario.id,
                    scenario.title,
                    scenario.description.trim()
                )?;
                let c = &scenario.calling;
                writeln!(out, "called at P ≥ {:.2} with ≥ {} independent sources; held {} days; indicator cap {}", c.threshold, c.min_sources, c.hold_days, c.strength_cap)?;
                for stage in &scenario.stages {
                    writeln!(
                        out,
                        "\n{} {} — {}",
                        stage.level,
                        stage.name,
                        stage.description.trim()
                    )?;
                    if let Some(requires) = &stage.requires {
                        writeln!(out, "    {}", explain_requirement(requires))?;
                    }
                    for i in &stage.indicators {
                        writeln!(
                            out,
                            "    {:<28} {}{} ({})",
                            i.id,
                            i.text,
                            if i.warning { " [warning]" } else { "" },
                            explain_indicator(i)
                        )?;
                    }
                }
            }
        }
        ScenarioCommand::Check { files } => {
            let scenarios =
                ScenarioSet::load_layered(ctx.data_dir.as_deref()).context("loading scenarios")?;
            let mut failed = false;
            for path in files {
                let name = path.display().to_string();
                let text =
                    std::fs::read_to_string(&path).with_context(|| format!("reading {name}"))?;
                match check_file(&name, &text, &scenarios) {
                    Ok(CheckedFile::Scenario(s)) => {
                        let indicators: usize = s.stages.iter().map(|st| st.indicators.len()).sum();
                        writeln!(
                            out,
                            "{name}: ok — scenario {} ({} stages, {indicators} indicators)",
                            s.id,
                            s.stages.len()
                        )?;
                        write_explanation(&mut out, &s)?;
                    }
                    Ok(CheckedFile::Playbook(p)) => {
                        writeln!(
                            out,
                            "{name}: ok — playbook {} ({} for {}, {} responses)",
                            p.id,
                            p.observer,
                            p.scenario,
                            p.responses.len()
                        )?;
                    }
                    Err(problems) => {
                        failed = true;
                        for d in problems {
                            eprintln!("{d}");
                        }
                    }
                }
            }
            out.flush()?;
            return Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// What each indicator does, stage by stage, for `ladder scenario check`.
fn write_explanation(out: &mut impl Write, s: &Scenario) -> std::io::Result<()> {
    for stage in s.stages.iter().filter(|st| st.level > 0) {
        writeln!(out, "  stage {} {}", stage.level, stage.name)?;
        if let Some(requires) = &stage.requires {
            writeln!(out, "    {}", explain_requirement(requires))?;
        }
        for i in &stage.indicators {
            writeln!(out, "    {:<28} {}", i.id, explain_indicator(i))?;
        }
    }
    Ok(())
}

/// One indicator's role and kind in words.
pub fn explain_indicator(i: &Indicator) -> String {
    let role = if i.warning {
        "warning (plans; never calls a stage)"
    } else if i.weight == 0.0 {
        "marker (ends a state; weighs nothing)"
    } else if i.key {
        "key (can call its stage)"
    } else {
        "supporting (adds weight; cannot call its stage)"
    };
    let kind = match i.kind {
        IndicatorKind::State => {
            let ends = if i.contrary.is_empty() {
                String::new()
            } else {
                format!(" {} fires or", i.contrary.join(" or "))
            };
            format!("state: holds once established, until{ends} a source graded higher than the claim's denies it")
        }
        IndicatorKind::Event => match i.half_life_days {
            Some(h) => format!("event: fades, half-life {h} d"),
            None => "event: does not fade".to_string(),
        },
    };
    format!("{role}; {kind}; weight {}", i.weight)
}

/// A stage's `requires` in words.
pub fn explain_requirement(r: &StageRequirement) -> String {
    let mut parts = Vec::new();
    if !r.source.is_empty() {
        parts.push(format!(
            "a live key item from {}",
            ladder_assess::requirement::SourceCheck::describe(r)
        ));
    }
    if !r.stages.is_empty() {
        let stages: Vec<String> = r.stages.iter().map(|l| l.to_string()).collect();
        parts.push(format!(
            "stage(s) {} supported the same day",
            stages.join(", ")
        ));
    }
    format!("requires: {}", parts.join("; "))
}
