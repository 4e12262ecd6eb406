//! `ladder push`: post part of the store, as STIX, to a partner's writable TAXII collection.

use crate::cmd::pull::AuthArgs;
use crate::context::Context;
use anyhow::Context as _;
use chrono::NaiveDate;
use ladder_core::Tlp;
use ladder_share::client::Client;
use ladder_share::stix::storage::{export_from_store, ExportQuery};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// The TAXII API root URL (http://host:port/ladder/)
    url: String,
    /// Collection id
    #[arg(long)]
    collection: String,
    /// Only this scenario's assessment and evidence
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
    /// Only reports published on or after this day
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// The strictest TLP sent (default GREEN: share deliberately)
    #[arg(long, value_name = "LEVEL", default_value = "green")]
    tlp: Tlp,
    #[command(flatten)]
    auth: AuthArgs,
}

pub fn run(ctx: &Context, args: PushArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing_sqlite_store("push")?;
    let query = ExportQuery {
        scenario: args.scenario,
        since: args.since,
        max_tlp: args.tlp,
    };
    let bundle = export_from_store(&store, &query, &[])?;
    let objects = bundle["objects"].as_array().cloned().unwrap_or_default();
    let client = Client::new(&args.url, args.auth.credentials());
    let added = client
        .push(&args.collection, &objects, 500)
        .context("pushing")?;
    if !ctx.quiet {
        eprintln!(
            "pushed {} object(s); the server added {added}",
            objects.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
