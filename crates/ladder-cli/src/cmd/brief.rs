//! `ladder brief`: assess a scenario from the store and write the briefing as Markdown and
//! one self-contained HTML page (`brief-<scenario>-<date>.md/.html`).

use crate::cmd::assess::{load_scenario, parse_pair};
use crate::context::Context;
use anyhow::{bail, Context as _};
use chrono::{Days, NaiveDate};
use ladder_assess::{AssessmentInput, PlaybookSet};
use ladder_brief::{Brief, EscalationSeries, IndexPoint, Methods, ReportInfo, StagePoint};
use ladder_core::{Assessment, Scenario, StageProbability};
use ladder_store::{SqliteStore, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct BriefArgs {
    /// Scenario id (`ladder scenario list` shows them), e.g. prk-rus-military-cooperation
    #[arg(long, value_name = "ID")]
    pub scenario: String,
    /// Observer whose playbook lists the responses (a country code), e.g. KOR
    #[arg(long, value_name = "CODE")]
    pub observer: Option<String>,
    /// Pair of actors: fills a dyadic scenario, and draws the pair's escalation index
    /// [default: the scenario's first two actors]
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub dyad: Option<(String, String)>,
    /// Assess as of this date, with only the reports published by then
    /// [default: the latest publication date in the store]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Days of history drawn in the charts (never before the first report)
    #[arg(long, default_value_t = 730, value_name = "N")]
    pub days: u32,
    /// With no earlier assessment stored, say what changed over this many days
    #[arg(long, default_value_t = 7, value_name = "N")]
    pub compare_days: u32,
    /// Folder to write the briefing into (created if missing)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub out: PathBuf,
}

/// The files one briefing was written to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BriefFiles {
    pub markdown: PathBuf,
    pub html: PathBuf,
    pub stage: u8,
    pub as_of: NaiveDate,
}

pub fn run(ctx: &Context, args: BriefArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing_sqlite_store("brief")?;
    let (scenarios, scenario) = load_scenario(ctx, &args.scenario, args.dyad.as_ref())?;
    let playbooks = PlaybookSet::load_layered(ctx.data_dir.as_deref(), &scenarios)
        .context("loading playbooks")?;
    let input = AssessmentInput::from_store_corrected(
        &store,
        None,
        &crate::cmd::corrections::set(&store)?,
        args.as_of,
        None,
    )
    .context("reading events from the store")?;
    let as_of = match args.as_of.or_else(|| input.latest_published()) {
        Some(date) => date,
        None => bail!("the store has no coded events with a publication date (run `ladder ingest` and `ladder code`), or pass --as-of"),
    };
    let stored = store
        .previous_assessment(&scenario.id, as_of)
        .context("reading the previous assessment")?;
    // With nothing stored, "what changed" compares with the call a few days earlier.
    let previous = stored.or_else(|| {
        let earlier = as_of.checked_sub_days(Days::new(u64::from(args.compare_days.max(1))))?;
        (input.earliest_published()? <= earlier)
            .then(|| ladder_assess::assess(&scenario, &input, earlier, None))
    });
    let assessment = ladder_assess::assess(&scenario, &input, as_of, previous.as_ref());
    let playbook = choose_playbook(&playbooks, &scenario.id, args.observer.as_deref());
    let observer = args
        .observer
        .clone()
        .or_else(|| playbook.map(|p| p.observer.clone()))
        .unwrap_or_else(|| "all readers".to_string());
    let brief = build_brief(BriefParts {
        store: &store,
        scenario,
        input: &input,
        assessment,
        previous,
        playbook: playbook.cloned(),
        observer,
        dyad: args.dyad.clone(),
        days: args.days,
    })?;
    let files = write_brief(&brief, &args.out)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if ctx.json {
        serde_json::to_writer(&mut out, &files)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", files.markdown.display())?;
        writeln!(out, "{}", files.html.display())?;
    }
    if !ctx.quiet && !ctx.json {
        eprintln!(
            "stage {} ({}) as of {}",
            brief.assessment.stage_called,
            brief.stage_name(brief.assessment.stage_called),
            files.as_of
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The observer's playbook, or with no observer given, the scenario's only playbook.
fn choose_playbook<'a>(
    playbooks: &'a PlaybookSet,
    scenario_id: &str,
    observer: Option<&str>,
) -> Option<&'a ladder_core::Playbook> {
    match observer {
        Some(code) => playbooks.for_scenario(scenario_id, code),
        None => {
            let base = scenario_id.split_once(':').map_or(scenario_id, |(b, _)| b);
            let mut matching = playbooks
                .iter()
                .filter(|p| p.scenario == scenario_id || p.scenario == base);
            match (matching.next(), matching.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
    }
}

/// What [`build_brief`] gathers a briefing from.
pub struct BriefParts<'a> {
    pub store: &'a SqliteStore,
    pub scenario: Scenario,
    pub input: &'a AssessmentInput,
    pub assessment: Assessment,
    pub previous: Option<Assessment>,
    pub playbook: Option<ladder_core::Playbook>,
    pub observer: String,
    pub dyad: Option<(String, String)>,
    pub days: u32,
}

/// Replay the window, compute the index, and join the cited reports and events.
pub fn build_brief(parts: BriefParts<'_>) -> anyhow::Result<Brief> {
    let BriefParts {
        store,
        scenario,
        input,
        assessment,
        previous,
        playbook,
        observer,
        dyad,
        days,
    } = parts;
    let as_of = assessment.as_of;
    let window_start = as_of
        .checked_sub_days(Days::new(u64::from(days.max(1))))
        .unwrap_or(as_of);
    let from = input
        .earliest_published()
        .map_or(as_of, |first| first.max(window_start).min(as_of));

    let replay =
        ladder_assess::replay(&scenario, input, from, as_of, 1).context("replaying the window")?;
    let history = replay
        .rows
        .iter()
        .map(|row| StagePoint {
            date: row.date,
            stage: row.stage,
            probabilities: row
                .probabilities
                .iter()
                .enumerate()
                .map(|(k, &p)| StageProbability {
                    stage: (k + 1) as u8,
                    p,
                    independent_sources: row.independent_sources.get(k).copied().unwrap_or(0),
                })
                .collect(),
        })
        .collect();

    let pair = dyad.or_else(|| index_pair(&scenario, &assessment));
    let index = pair.map(|(a, b)| {
        let points = ladder_assess::escalation_index((&a, &b), input, from, as_of)
            .into_iter()
            .map(|p: ladder_assess::IndexPoint| IndexPoint {
                date: p.date,
                z: p.z,
                events: p.events as u32,
            })
            .collect();
        EscalationSeries {
            dyad: (a, b),
            points,
        }
    });

    let cited: BTreeSet<String> = assessment
        .indicators
        .iter()
        .flat_map(|i| i.evidence.iter().map(|e| e.report_id.clone()))
        .collect();
    let cited: Vec<String> = cited.into_iter().collect();
    let reports: BTreeMap<String, ReportInfo> = store
        .reports_by_id(&cited)
        .context("reading the cited reports")?
        .into_iter()
        .map(|r| {
            (
                r.id.clone(),
                ReportInfo {
                    url: r.url,
                    title: r.title,
                    tlp: r.tlp,
                },
            )
        })
        .collect();
    let cited_events: BTreeSet<&str> = assessment
        .indicators
        .iter()
        .flat_map(|i| i.evidence.iter().map(|e| e.event_id.as_str()))
        .collect();
    let events = input
        .published_until(as_of)
        .iter()
        .filter(|e| cited_events.contains(e.event.id.as_str()))
        .map(|e| (e.event.id.clone(), e.event.clone()))
        .collect();
    let considered = input.published_until(as_of);
    let report_count = considered
        .iter()
        .map(|e| e.event.evidence.report_id.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let methods = Methods {
        call_threshold: Some(scenario.calling.threshold),
        min_independent_sources: Some(scenario.calling.min_sources),
        hysteresis_days: Some(scenario.calling.hold_days),
        coder_version: coder_versions(store),
        ladder_version: env!("CARGO_PKG_VERSION").to_string(),
        reports: Some(report_count),
        events: Some(considered.len()),
        notes: Vec::new(),
    };
    Ok(Brief {
        scenario,
        assessment,
        previous,
        playbook,
        observer,
        history,
        index,
        events,
        reports,
        methods,
    })
}

/// The pair for the index: the assessment's dyad, else the scenario's first two actors.
fn index_pair(scenario: &Scenario, assessment: &Assessment) -> Option<(String, String)> {
    let from = if assessment.dyad.len() == 2 {
        &assessment.dyad
    } else {
        &scenario.actors
    };
    match from.as_slice() {
        [a, b, ..] => Some((a.clone(), b.clone())),
        _ => None,
    }
}

/// The coder versions the stored events were coded by ("v1, v2"), for the methods footer.
fn coder_versions(store: &SqliteStore) -> Option<String> {
    let mut statement = store
        .connection()
        .prepare("SELECT DISTINCT coder_version FROM events ORDER BY coder_version")
        .ok()?;
    let versions: Vec<String> = statement
        .query_map([], |row| row.get::<_, String>(0))
        .ok()?
        .filter_map(Result::ok)
        .collect();
    (!versions.is_empty()).then(|| versions.join(", "))
}

/// Write `<stem>.md` and `<stem>.html` into `dir`, each through a temporary file renamed
/// into place, so a reader never sees half a briefing.
pub fn write_brief(brief: &Brief, dir: &Path) -> anyhow::Result<BriefFiles> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let stem = brief.file_stem();
    let markdown = dir.join(format!("{stem}.md"));
    let html = dir.join(format!("{stem}.html"));
    write_atomically(&markdown, ladder_brief::markdown::render(brief).as_bytes())?;
    write_atomically(&html, ladder_brief::html::render(brief).as_bytes())?;
    Ok(BriefFiles {
        markdown,
        html,
        stage: brief.assessment.stage_called,
        as_of: brief.assessment.as_of,
    })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.part"));
    std::fs::write(&temp, bytes).with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dyads_parse() {
        let cases = [
            ("CHN,TWN", Some(("CHN", "TWN"))),
            (" prk , rus ", Some(("PRK", "RUS"))),
            ("CHN", None),
            ("CHN,", None),
            ("A,B,C", None),
        ];
        for (input, expected) in cases {
            let got = parse_pair(input).ok();
            let expected = expected.map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, expected, "{input}");
        }
    }
}
