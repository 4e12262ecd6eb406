//! `ladder import stix`: read a STIX 2.1 bundle into the store (a no-op the second time).

use crate::context::Context;
use anyhow::Context as _;
use ladder_core::Tlp;
use ladder_share::stix::import::read_bundle;
use ladder_share::stix::storage::import_into_store;
use std::path::PathBuf;
use std::process::ExitCode;

/// Import formats.
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Read a STIX 2.1 bundle (a file, or - for stdin) into the store
    Stix(StixImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct StixImportArgs {
    /// The bundle file (- for stdin)
    file: PathBuf,
    /// The partner it comes from: its reports are recorded as from this source
    #[arg(long, value_name = "NAME")]
    partner: Option<String>,
    /// TLP for objects that carry no marking
    #[arg(long, value_name = "LEVEL", default_value = "amber")]
    unmarked_tlp: Tlp,
}

pub fn run(ctx: &Context, command: ImportCommand) -> anyhow::Result<ExitCode> {
    let ImportCommand::Stix(args) = command;
    let text = if args.file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading stdin")?
    } else {
        std::fs::read_to_string(&args.file)
            .with_context(|| format!("reading {}", args.file.display()))?
    };
    let bundle: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", args.file.display()))?;
    let mut imported = read_bundle(&bundle, args.partner.as_deref(), args.unmarked_tlp)?;
    grade_by_registry(ctx, &mut imported)?;
    let mut store = ctx.open_sqlite_store("import")?;
    let summary = import_into_store(&mut store, &imported)?;
    if ctx.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else if !ctx.quiet {
        eprintln!(
            "imported: {} new report(s), {} known; events written for {} report(s), {} unchanged; {} assessment(s) written, {} unchanged; {} object(s) skipped",
            summary.reports_new,
            summary.reports_known,
            summary.event_groups_written,
            summary.event_groups_unchanged,
            summary.assessments_written,
            summary.assessments_unchanged,
            summary.skipped.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Grade a partner's reports by the source registry (`DATA/sources.toml` on top of the
/// bundled one), under the partner's or producer identity's name.
pub fn grade_by_registry(
    ctx: &Context,
    imported: &mut ladder_share::stix::import::Imported,
) -> anyhow::Result<usize> {
    let registry = crate::cmd::ingest::source_registry(ctx, None)?;
    Ok(ladder_share::stix::import::grade_partner_reports(
        imported,
        |name| registry.lookup(name).map(|s| s.reliability),
    ))
}
