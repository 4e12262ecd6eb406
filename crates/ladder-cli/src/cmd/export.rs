//! `ladder export stix`: write part of the store as a STIX 2.1 bundle.

use crate::context::Context;
use anyhow::Context as _;
use chrono::NaiveDate;
use ladder_core::Tlp;
use ladder_share::stix::export::bundle_text;
use ladder_share::stix::storage::{export_from_store, ExportQuery};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Export formats.
#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// Write reports, coded events and assessments as a STIX 2.1 bundle (stdout or --output)
    Stix(StixExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct StixExportArgs {
    /// Only this scenario's latest assessment and the events it rests on
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
    /// Only reports published on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Leave out everything stricter than this TLP level (clear, green, amber, amber+strict, red)
    #[arg(long, value_name = "LEVEL", default_value = "red")]
    tlp: Tlp,
    /// Include this observer's playbook responses (a country code, "KOR") for the exported
    /// scenarios [default: every observer's]
    #[arg(long, value_name = "CODE")]
    observer: Option<String>,
    /// Leave playbook responses out
    #[arg(long)]
    no_playbooks: bool,
    /// Write the bundle to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(ctx: &Context, command: ExportCommand) -> anyhow::Result<ExitCode> {
    let ExportCommand::Stix(args) = command;
    let store = ctx.open_existing_sqlite_store("export")?;
    let playbooks = if args.no_playbooks {
        Vec::new()
    } else {
        exported_playbooks(
            ctx,
            &store,
            args.scenario.as_deref(),
            args.observer.as_deref(),
        )?
    };
    let query = ExportQuery {
        scenario: args.scenario,
        since: args.since,
        max_tlp: args.tlp,
    };
    let bundle = export_from_store(&store, &query, &playbooks).context("exporting STIX")?;
    let text = bundle_text(&bundle);
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    if !ctx.quiet {
        let n = bundle["objects"].as_array().map_or(0, Vec::len);
        eprintln!("exported {n} STIX objects");
    }
    Ok(ExitCode::SUCCESS)
}

/// The playbooks of the exported scenarios (those with a stored assessment, or the one
/// named), for one observer or all.
fn exported_playbooks(
    ctx: &Context,
    store: &ladder_store::SqliteStore,
    scenario: Option<&str>,
    observer: Option<&str>,
) -> anyhow::Result<Vec<ladder_core::Playbook>> {
    let scenarios = ladder_assess::files::ScenarioSet::load_layered(ctx.data_dir.as_deref())
        .context("loading scenarios")?;
    let set = ladder_assess::files::PlaybookSet::load_layered(ctx.data_dir.as_deref(), &scenarios)
        .context("loading playbooks")?;
    let assessed: Vec<String> = match scenario {
        Some(s) => vec![s.to_string()],
        None => {
            let mut stmt = store
                .connection()
                .prepare("SELECT DISTINCT scenario_id FROM assessments ORDER BY scenario_id")?;
            let ids = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<_, _>>()?;
            ids
        }
    };
    let bases: Vec<String> = assessed
        .iter()
        .map(|s| ladder_assess::files::base_id(s).to_string())
        .collect();
    let mut out: Vec<ladder_core::Playbook> = set
        .iter()
        .filter(|p| assessed.contains(&p.scenario) || bases.contains(&p.scenario))
        .filter(|p| observer.is_none_or(|o| p.observer.eq_ignore_ascii_case(o)))
        .cloned()
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
