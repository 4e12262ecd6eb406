//! `ladder search`.

use crate::context::Context;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {}

pub fn run(_ctx: &Context, _args: SearchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`ladder search` is being built")
}
