//! `ladder reports list|show`.

use crate::context::Context;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum ReportsCommand {
    /// List stored reports
    List,
}

pub fn run(_ctx: &Context, _args: ReportsCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`ladder reports` is being built")
}
