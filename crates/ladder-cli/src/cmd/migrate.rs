//! `ladder migrate SRC DST`: copy a SQLite store into a PostgreSQL database, then prove
//! the copy by comparing counts and digests of every report and event.

use crate::context::Context;
use anyhow::Context as _;
use clap::Args;
use ladder_store::{is_postgres_url, PgStore, SqliteStore};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The SQLite store to copy: `sqlite:PATH` or a file path
    #[arg(value_name = "SRC")]
    source: String,
    /// The PostgreSQL database to copy into: postgres://user@host:port/db
    #[arg(value_name = "DST")]
    target: String,
}

pub fn run(ctx: &Context, args: MigrateArgs) -> anyhow::Result<ExitCode> {
    let path = args.source.strip_prefix("sqlite:").unwrap_or(&args.source);
    if is_postgres_url(path) {
        anyhow::bail!("the source must be a SQLite store (sqlite:PATH); PostgreSQL to SQLite is not supported");
    }
    if !is_postgres_url(&args.target) {
        anyhow::bail!(
            "the target must be a postgres:// URL, not {:?}",
            args.target
        );
    }
    if !std::path::Path::new(path).exists() {
        anyhow::bail!("no SQLite store at {path}");
    }
    let src = SqliteStore::open(path).with_context(|| format!("opening the store {path}"))?;
    let mut dst = PgStore::open(&args.target).context("opening the PostgreSQL store")?;
    let digest = ladder_store::transfer::copy_sqlite_to_postgres(&src, &mut dst)
        .with_context(|| format!("copying {path} into {}", dst.target()))?;
    if ctx.json {
        println!("{}", serde_json::to_string(&digest)?);
    } else if !ctx.quiet {
        let s = &digest.stats;
        eprintln!(
            "copied {} reports, {} copies, {} events, {} coding marks, {} assessments into {}; \
             counts and digests match (reports {}, events {})",
            s.reports,
            s.copies,
            s.events,
            s.coded_reports,
            s.assessments,
            dst.target(),
            digest.reports,
            digest.events
        );
    }
    Ok(ExitCode::SUCCESS)
}
