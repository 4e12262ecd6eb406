//! `ladder pull`: fetch a partner's TAXII collection (only what is new since the last
//! pull) and import it into the store.

use crate::context::Context;
use anyhow::Context as _;
use ladder_core::Tlp;
use ladder_share::client::{Client, Credentials};
use ladder_share::stix::import::read_bundle;
use ladder_share::stix::storage::import_into_store;
use std::process::ExitCode;

/// Credentials shared by pull and push.
#[derive(Debug, clap::Args)]
pub struct AuthArgs {
    /// HTTP Basic user
    #[arg(long, requires = "password")]
    pub user: Option<String>,
    /// HTTP Basic password [env: LADDER_TAXII_PASSWORD]
    #[arg(long, env = "LADDER_TAXII_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// Bearer token [env: LADDER_TAXII_TOKEN]
    #[arg(
        long,
        env = "LADDER_TAXII_TOKEN",
        hide_env_values = true,
        conflicts_with = "user"
    )]
    pub token: Option<String>,
}

impl AuthArgs {
    pub fn credentials(&self) -> Credentials {
        match (&self.user, &self.password, &self.token) {
            (Some(user), Some(password), _) => Credentials::Basic {
                user: user.clone(),
                password: password.clone(),
            },
            (_, _, Some(token)) => Credentials::Token {
                token: token.clone(),
                scheme: "Bearer".into(),
            },
            _ => Credentials::None,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// The TAXII API root URL (http://host:port/ladder/)
    url: String,
    /// Collection id
    #[arg(long)]
    collection: String,
    /// Fetch objects added after this timestamp instead of since the last pull
    #[arg(long, value_name = "TIMESTAMP")]
    since: Option<String>,
    /// Only these STIX types (match[type]; repeat or separate with commas)
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',')]
    types: Vec<String>,
    /// The partner's name, recorded as the source of its reports [default: the URL's host]
    #[arg(long)]
    partner: Option<String>,
    #[command(flatten)]
    auth: AuthArgs,
}

pub fn run(ctx: &Context, args: PullArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_sqlite_store("pull")?;
    ladder_share::db::migrate(store.connection())?;
    let resume = match &args.since {
        Some(s) => Some(s.clone()),
        None => ladder_share::db::pull_state(store.connection(), &args.url, &args.collection)?,
    };
    let client = Client::new(&args.url, args.auth.credentials());
    let pulled = client
        .pull(&args.collection, resume.as_deref(), &args.types)
        .context("pulling")?;
    let partner = args.partner.clone().unwrap_or_else(|| host_of(&args.url));
    let bundle = serde_json::json!({"type": "bundle", "objects": pulled.objects});
    let mut imported = read_bundle(&bundle, Some(&partner), Tlp::Amber)?;
    super::import::grade_by_registry(ctx, &mut imported)?;
    let summary = import_into_store(&mut store, &imported)?;
    if let Some(last) = &pulled.last_added {
        ladder_share::db::set_pull_state(store.connection(), &args.url, &args.collection, last)?;
    }
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({"objects": pulled.objects.len(), "pages": pulled.pages, "last_added": pulled.last_added, "import": summary})
        );
    } else if !ctx.quiet {
        eprintln!(
            "pulled {} object(s) in {} page(s); {} new report(s), events written for {} report(s); next pull resumes after {}",
            pulled.objects.len(),
            pulled.pages,
            summary.reports_new,
            summary.event_groups_written,
            pulled.last_added.as_deref().unwrap_or("the start")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The host part of a URL, as the default partner name.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest).to_string()
}
