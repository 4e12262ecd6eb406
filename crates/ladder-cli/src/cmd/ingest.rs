//! `ladder ingest`.

use crate::context::Context;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct IngestArgs {}

pub fn run(_ctx: &Context, _args: IngestArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`ladder ingest` is being built")
}
