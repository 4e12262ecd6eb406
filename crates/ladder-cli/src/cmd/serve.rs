//! `ladder serve`: the TAXII 2.1 server over the store, with partners' access rules, and
//! the analysts' web workspace under `/ui/` on the same port.

use crate::context::Context;
use anyhow::Context as _;
use ladder_share::partners::{hash_secret, PartnersFile};
use ladder_share::taxii::server::{run_blocking_with, ServeOptions};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:9401", value_name = "ADDR:PORT")]
    listen: SocketAddr,
    /// Partners file: collections, partners, hashed credentials, clearances, rights
    /// (see data/partners.example.toml)
    #[arg(long, value_name = "FILE", required_unless_present = "hash_secret")]
    partners: Option<PathBuf>,
    /// PEM certificate chain: serve HTTPS (with --tls-key)
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key for --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Worker threads (0 = one per core)
    #[arg(long, default_value_t = 0)]
    workers: usize,
    /// Serve the index as it is: do not follow the store (by default, reports, events and
    /// assessments changed in the store are mapped before the next read that shows them)
    #[arg(long)]
    no_sync: bool,
    /// Print the Argon2id hash of a secret read from stdin (for the partners file) and exit
    #[arg(long)]
    hash_secret: bool,
}

pub fn run(ctx: &Context, args: ServeArgs) -> anyhow::Result<ExitCode> {
    if args.hash_secret {
        let secret = std::io::read_to_string(std::io::stdin()).context("reading the secret")?;
        println!("{}", hash_secret(secret.trim_end_matches(['\n', '\r']))?);
        return Ok(ExitCode::SUCCESS);
    }
    let partners_path = args.partners.context("--partners FILE is required")?;
    let partners = PartnersFile::load(&partners_path)?;
    let store = ctx.open_sqlite_store("serve")?;
    ladder_share::db::migrate(store.connection())?;
    if !args.no_sync {
        let changed = ladder_share::taxii::sync::sync_from_store(&store)
            .context("syncing Ladder's objects")?;
        if !ctx.quiet {
            eprintln!("ladder serve: {changed} served object(s) refreshed from the store");
        }
    }
    drop(store);
    let web_config = partners.clone();
    let options = ServeOptions {
        listen: args.listen,
        db_path: ctx.db_path.clone(),
        partners,
        tls: args.tls_cert.zip(args.tls_key),
        workers: args.workers,
        live: !args.no_sync,
    };
    let quiet = ctx.quiet;
    let db_path = ctx.db_path.clone();
    let data_dir = ctx.data_dir.clone();
    run_blocking_with(
        options,
        |addr, scheme| {
            if !quiet {
                eprintln!(
                    "ladder serve: listening on {scheme}://{addr}/taxii2/ and {scheme}://{addr}/ui/ (Ctrl-C stops)"
                );
                let _ = std::io::stderr().flush();
            }
        },
        move |scheme, taxii| {
            // Cookies are `Secure` when served over TLS here or behind a proxy that
            // terminates it (the partners file's public URL is https).
            let secure = scheme == "https"
                || web_config
                    .public_url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://"));
            let web = ladder_web::WebState::new(web_config, db_path, secure, data_dir.as_deref())
                .map_err(|e| {
                ladder_share::ShareError::Partners(format!("web workspace: {e}"))
            })?;
            Ok(ladder_web::app(std::sync::Arc::new(web), taxii))
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
