//! `ladder search`: full-text search over stored reports, best matches first, with the
//! matched words marked `[…]` in a snippet.

use crate::context::Context;
use anyhow::Context as _;
use ladder_store::{SearchHit, Store, StoreError};
use std::io::Write;
use std::process::ExitCode;

/// Query syntax, shown under `ladder search --help`.
const SYNTAX: &str = "Query syntax: words are ANDed; \"quoted words\" match as a phrase; a word \
ending in * matches as a prefix (Korea* finds Korean); OR between two terms matches either. \
Words match their stems (troop finds troops); titles weigh more than body text.";

#[derive(Debug, clap::Args)]
#[command(after_help = SYNTAX)]
pub struct SearchArgs {
    /// What to look for, e.g. Kursk troops or "special forces" Russia
    #[arg(required = true, value_name = "QUERY")]
    query: Vec<String>,
    /// At most this many hits
    #[arg(long, default_value_t = 20, value_name = "N")]
    limit: usize,
}

/// Exit code for a query that cannot be run (same as a bad command line).
const EXIT_BAD_QUERY: u8 = 2;

pub fn run(ctx: &Context, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_existing_store()?;
    let query = args.query.join(" ");
    let hits = match store.search(&query, args.limit) {
        Ok(hits) => hits,
        Err(err @ StoreError::BadQuery { .. }) => {
            eprintln!("ladder: error: {err}");
            return Ok(ExitCode::from(EXIT_BAD_QUERY));
        }
        Err(err) => return Err(err).context("searching the store"),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if ctx.json {
        for hit in &hits {
            serde_json::to_writer(&mut out, hit)?;
            writeln!(out)?;
        }
    } else {
        for (index, hit) in hits.iter().enumerate() {
            write!(out, "{}", format_hit(index + 1, hit))?;
        }
    }
    out.flush()?;
    if !ctx.quiet && !ctx.json && hits.is_empty() {
        eprintln!("no reports match {query:?}");
    }
    Ok(ExitCode::SUCCESS)
}

/// One hit: a heading line (rank, id prefix, date, source, title), the snippet indented.
fn format_hit(position: usize, hit: &SearchHit) -> String {
    let published = hit
        .published
        .map(|d| d.to_string())
        .unwrap_or_else(|| "-".into());
    let id = &hit.report_id[..10.min(hit.report_id.len())];
    format!(
        "{position:>3}. {id}  {published}  {}  {}\n     {}\n",
        hit.source.as_deref().unwrap_or("-"),
        hit.title.as_deref().unwrap_or("(untitled)"),
        hit.snippet.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_layout() {
        let hit = SearchHit {
            report_id: "0123456789abcdef".into(),
            report_ref: None,
            title: Some("Fighting in Kursk".into()),
            source: Some("Yonhap".into()),
            published: chrono::NaiveDate::from_ymd_opt(2024, 11, 4),
            snippet: "…troops in [Kursk]…".into(),
            rank: 1.0,
        };
        assert_eq!(
            format_hit(1, &hit),
            "  1. 0123456789  2024-11-04  Yonhap  Fighting in Kursk\n     …troops in [Kursk]…\n"
        );
    }
}
