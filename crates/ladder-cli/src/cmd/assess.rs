//! `ladder assess`: the stage a scenario has reached on a date, P(stage ≥ k), every
//! indicator with its status and graded evidence, what changed since the previous stored
//! assessment (and store this one), and the playbook's responses for now and next.

use crate::context::Context;
use anyhow::{bail, Context as _};
use chrono::NaiveDate;
use ladder_assess::{responses_for, AssessmentInput, PlaybookSet, ScenarioSet};
use ladder_core::{
    Assessment, DimeTrack, IndicatorStatus, Playbook, Response, Scenario, TippingEvidence,
};
use ladder_store::Store;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// Scenario id (`ladder scenario list`), e.g. prk-rus-military-cooperation
    #[arg(long, value_name = "ID")]
    pub scenario: String,
    /// Pair of actors, e.g. CHN,TWN: fills a dyadic scenario; for any other scenario,
    /// names the pair of the escalation index stored with the assessment
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub dyad: Option<(String, String)>,
    /// Assess as of this date, from the reports published by then
    /// [default: the latest publication date in the store]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Whose playbook lists the responses (a country code, e.g. KOR)
    /// [default: the scenario's only playbook, if it has one]
    #[arg(long, value_name = "CODE")]
    pub observer: Option<String>,
    /// Evidence items shown per indicator in the text output
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub evidence: usize,
    /// Do not store the assessment (the next one's changes are then relative to the last stored)
    #[arg(long)]
    pub no_save: bool,
}

/// `A,B` → `("A", "B")`, upper-cased.
pub fn parse_pair(text: &str) -> Result<(String, String), String> {
    match text
        .split(',')
        .map(str::trim)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [a, b] if !a.is_empty() && !b.is_empty() => {
            Ok((a.to_ascii_uppercase(), b.to_ascii_uppercase()))
        }
        _ => Err(format!(
            "'{text}' is not a pair: write two actor codes separated by a comma, e.g. CHN,TWN"
        )),
    }
}

/// The scenarios of the bundled and `--data` files, and the one to run: a dyadic
/// template is filled with `dyad`; for any other scenario `dyad` only names the pair of
/// the escalation index (stored with the assessment, drawn in briefings).
pub fn load_scenario(
    ctx: &Context,
    id: &str,
    dyad: Option<&(String, String)>,
) -> anyhow::Result<(ScenarioSet, Scenario)> {
    let scenarios =
        ScenarioSet::load_layered(ctx.data_dir.as_deref()).context("loading scenarios")?;
    let dyadic = scenarios.get(id).is_some_and(|s| s.dyadic);
    let pair = dyad
        .filter(|_| dyadic)
        .map(|(a, b)| (a.as_str(), b.as_str()));
    let scenario = scenarios.resolve(id, pair)?;
    Ok((scenarios, scenario))
}

/// What `--json` prints: the assessment with the responses of the observer's playbook.
#[derive(Debug, Serialize)]
struct AssessOutput<'a> {
    #[serde(flatten)]
    assessment: &'a Assessment,
    #[serde(skip_serializing_if = "Option::is_none")]
    observer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    playbook: Option<&'a str>,
    responses_now: Vec<&'a Response>,
    responses_next: Vec<&'a Response>,
}

pub fn run(ctx: &Context, args: AssessArgs) -> anyhow::Result<ExitCode> {
    let (scenarios, scenario) = load_scenario(ctx, &args.scenario, args.dyad.as_ref())?;
    let playbooks = PlaybookSet::load_layered(ctx.data_dir.as_deref(), &scenarios)
        .context("loading playbooks")?;
    let mut store = ctx.open_existing_store()?;
    let input = AssessmentInput::from_store_corrected(
        &store,
        None,
        &crate::cmd::corrections::set(&store)?,
        args.as_of,
        None,
    )
    .context("reading events from the store")?;
    let Some(as_of) = args.as_of.or_else(|| input.latest_published()) else {
        bail!("the store has no coded events with a publication date (run `ladder ingest` and `ladder code`), or pass --as-of");
    };
    let previous = store
        .previous_assessment(&scenario.id, as_of)
        .context("reading the previous assessment")?;
    let mut assessment = ladder_assess::assess(&scenario, &input, as_of, previous.as_ref());
    if let Some((a, b)) = &args.dyad {
        assessment.dyad = vec![a.clone(), b.clone()];
    }
    if !args.no_save {
        store
            .put_assessment(&assessment)
            .context("storing the assessment")?;
    }
    let playbook = choose_playbook(&playbooks, &scenario.id, args.observer.as_deref())?;
    let (now, next) = playbook
        .map(|p| responses_for(p, assessment.stage_called))
        .unwrap_or_default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if ctx.json {
        let output = AssessOutput {
            assessment: &assessment,
            observer: playbook.map(|p| p.observer.as_str()),
            playbook: playbook.map(|p| p.id.as_str()),
            responses_now: now,
            responses_next: next,
        };
        serde_json::to_writer_pretty(&mut out, &output)?;
        writeln!(out)?;
    } else {
        write!(
            out,
            "{}",
            format_assessment(&scenario, &assessment, args.evidence)
        )?;
        if let Some(p) = playbook {
            write!(
                out,
                "{}",
                format_responses(p, assessment.stage_called, &now, &next)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The observer's playbook for the scenario; without `--observer`, the scenario's only one.
fn choose_playbook<'p>(
    playbooks: &'p PlaybookSet,
    scenario_id: &str,
    observer: Option<&str>,
) -> anyhow::Result<Option<&'p Playbook>> {
    match observer {
        Some(code) => match playbooks.for_scenario(scenario_id, &code.to_ascii_uppercase()) {
            Some(p) => Ok(Some(p)),
            None => bail!("no playbook of {code} for scenario '{scenario_id}' (add one under DATA/playbooks/)"),
        },
        None => {
            let base = ladder_assess::files::base_id(scenario_id);
            let mut matching = playbooks.iter().filter(|p| p.scenario == scenario_id || p.scenario == base);
            let first = matching.next();
            Ok(if matching.next().is_none() { first } else { None })
        }
    }
}

fn status_label(status: IndicatorStatus) -> &'static str {
    match status {
        IndicatorStatus::NotObserved => "not observed",
        IndicatorStatus::SingleSource => "single source",
        IndicatorStatus::Corroborated => "corroborated",
        IndicatorStatus::Confirmed => "confirmed",
    }
}

/// The text report of an assessment.
pub fn format_assessment(
    scenario: &Scenario,
    a: &Assessment,
    evidence_per_indicator: usize,
) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{} — {}\nas of {}",
        scenario.id, scenario.title, a.as_of
    ));
    if let Some(prev) = a.previous_as_of {
        s.push_str(&format!(" (previous assessment: {prev})"));
    }
    s.push_str(&format!(
        "\n\nSTAGE {} — {}\n",
        a.stage_called,
        if a.stage_name.is_empty() {
            "-"
        } else {
            &a.stage_name
        }
    ));
    if a.stage_supported != a.stage_called {
        s.push_str(&format!(
            "  held by hysteresis: today's evidence alone supports stage {} (a stage is left after {} days below the threshold)\n",
            a.stage_supported, scenario.calling.hold_days
        ));
    }
    if let Some(tip) = &a.tipped_by {
        s.push_str(&format!("  {}\n", tip_line(tip)));
    }
    for c in &a.contradictions {
        s.push_str(&format!("  CONTRADICTION: {c}\n"));
    }
    s.push_str(&format!(
        "  called when P(stage ≥ k) ≥ {:.2} with ≥ {} independent sources on the stage's own key indicators\n\nP(stage ≥ k)\n",
        scenario.calling.threshold, scenario.calling.min_sources
    ));
    for p in &a.probabilities {
        let name = scenario
            .stages
            .iter()
            .find(|st| st.level == p.stage)
            .map(|st| st.name.as_str())
            .unwrap_or("");
        let bar = "#".repeat((p.p * 20.0).round() as usize);
        s.push_str(&format!(
            "  {} {:<48} {:.4} {:<20} {} source{}\n",
            p.stage,
            truncate(name, 48),
            p.p,
            bar,
            p.independent_sources,
            if p.independent_sources == 1 { "" } else { "s" }
        ));
    }
    s.push_str("\nIndicators\n");
    for ind in &a.indicators {
        s.push_str(&format!(
            "  [{}] {}{}{}{} — {} ({} independent source{}, score {:.4}, log-odds +{:.4}){}\n",
            ind.stage,
            ind.text,
            if ind.warning { " (warning)" } else { "" },
            if ind.key { " (key)" } else { "" },
            if ind.state { " (state)" } else { "" },
            status_label(ind.status),
            ind.independent_sources,
            if ind.independent_sources == 1 {
                ""
            } else {
                "s"
            },
            ind.score,
            ind.log_odds,
            if ind.denials > 0 {
                format!(", {} denial(s)", ind.denials)
            } else {
                String::new()
            },
        ));
        for item in ind.evidence.iter().take(evidence_per_indicator) {
            let who = if item.attributed_to.is_empty() {
                String::new()
            } else {
                format!(", said by {}", item.attributed_to.join("+"))
            };
            s.push_str(&format!(
                "      {} {} {} ({}{}{}) \"{}\" [report {} {}..{}]\n",
                item.grade(),
                item.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                item.source.as_deref().unwrap_or("-"),
                item.modality,
                who,
                if item.duplicate {
                    ", same origin as another item"
                } else {
                    ""
                },
                truncate(item.sentence.trim(), 160),
                item.report_ref
                    .as_deref()
                    .unwrap_or(&item.report_id[..item.report_id.len().min(12)]),
                item.start,
                item.end
            ));
        }
        if ind.evidence_total > evidence_per_indicator.min(ind.evidence.len()) {
            s.push_str(&format!(
                "      … {} more item(s)\n",
                ind.evidence_total - evidence_per_indicator.min(ind.evidence.len())
            ));
        }
    }
    s.push_str("\nChanges\n");
    for change in &a.changes {
        s.push_str(&format!("  - {change}\n"));
    }
    s
}

/// "tipped by …": the evidence that tipped the standing call.
pub fn tip_line(tip: &TippingEvidence) -> String {
    let jump = if tip.stage >= tip.from_stage + 2 {
        format!(
            "; a rise of {} rungs in one day: the key indicators of stages {}–{} all held",
            tip.stage - tip.from_stage,
            tip.from_stage + 1,
            tip.stage
        )
    } else {
        String::new()
    };
    format!(
        "tipped on {} (stage {} → {}{jump}) by [{}] {} {} {}: \"{}\"",
        tip.date,
        tip.from_stage,
        tip.stage,
        tip.indicator_id,
        tip.grade,
        tip.published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into()),
        tip.source.as_deref().unwrap_or("-"),
        truncate(tip.sentence.trim(), 160)
    )
}

fn format_responses(p: &Playbook, stage: u8, now: &[&Response], next: &[&Response]) -> String {
    let line = |r: &Response| {
        let mut l = format!(
            "  [{}] (from stage {}) {}",
            track_name(r.track),
            r.stage,
            r.text
        );
        if !r.rationale.is_empty() {
            l.push_str(&format!("\n      why: {}", r.rationale));
        }
        if let Some(c) = &r.condition {
            l.push_str(&format!("\n      only {c}"));
        }
        l.push('\n');
        l
    };
    let mut s = format!(
        "\nResponses — {} ({})\nOn the table at stage {stage}:\n",
        p.title, p.observer
    );
    for r in now {
        s.push_str(&line(r));
    }
    s.push_str(&format!("Next rung (stage {}):\n", stage.saturating_add(1)));
    if next.is_empty() {
        s.push_str("  (none)\n");
    }
    for r in next {
        s.push_str(&line(r));
    }
    s
}

fn track_name(track: DimeTrack) -> &'static str {
    match track {
        DimeTrack::Diplomatic => "diplomatic",
        DimeTrack::Information => "information",
        DimeTrack::Military => "military",
        DimeTrack::Economic => "economic",
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
