//! `ladder demo`.

use crate::context::Context;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {}

pub fn run(_ctx: &Context, _args: DemoArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`ladder demo` is being built")
}
