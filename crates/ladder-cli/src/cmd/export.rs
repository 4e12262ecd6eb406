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
    /// Write the bundle to this file instead of stdout
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(ctx: &Context, command: ExportCommand) -> anyhow::Result<ExitCode> {
    let ExportCommand::Stix(args) = command;
    let store = ctx.open_existing_store()?;
    let query = ExportQuery {
        scenario: args.scenario,
        since: args.since,
        max_tlp: args.tlp,
    };
    let bundle = export_from_store(&store, &query, &[]).context("exporting STIX")?;
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
