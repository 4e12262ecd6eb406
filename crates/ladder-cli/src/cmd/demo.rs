//! `ladder demo`: the whole pipeline on the bundled example reports — write them out,
//! ingest them into a fresh store, code them, assess the bundled scenario for the bundled
//! observer, and write the briefing — by running the same commands a user would.

use crate::context::Context;
use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

include!(concat!(env!("OUT_DIR"), "/example_reports.rs"));

/// The scenario and observer the demo assesses.
const DEMO_SCENARIO: &str = "prk-rus-military-cooperation";
const DEMO_OBSERVER: &str = "KOR";

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Folder to write the example reports, the store and the briefing into
    #[arg(long, default_value = "ladder-demo", value_name = "DIR")]
    out: PathBuf,

    /// Assess as of this date (YYYY-MM-DD) [default: the latest report's date]
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,

    /// Scenario to assess
    #[arg(long, default_value = DEMO_SCENARIO)]
    scenario: String,

    /// Observer whose playbook to show
    #[arg(long, default_value = DEMO_OBSERVER)]
    observer: String,
}

pub fn run(ctx: &Context, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let reports_dir = args.out.join("reports");
    write_examples(&reports_dir)?;
    let db = args.out.join("ladder.db");
    remove_store(&db)?;
    if !ctx.quiet {
        eprintln!(
            "ladder demo: {} example reports written to {}; store {}",
            EXAMPLE_REPORTS.len(),
            reports_dir.display(),
            db.display()
        );
    }

    let mut base: Vec<String> = vec!["ladder".into(), "--db".into(), path_word(&db)];
    if let Some(dir) = &ctx.data_dir {
        base.extend(["--data".into(), path_word(dir)]);
    }
    if ctx.quiet {
        base.push("--quiet".into());
    }
    let as_of: Vec<String> = match &args.as_of {
        Some(d) => vec!["--as-of".into(), d.clone()],
        None => vec![],
    };
    let scenario = ["--scenario".to_string(), args.scenario.clone()];
    let observer = ["--observer".to_string(), args.observer.clone()];

    let steps: Vec<(&str, Vec<String>)> = vec![
        ("ingest", vec!["ingest".into(), path_word(&reports_dir)]),
        ("code", vec!["code".into()]),
        (
            "assess",
            [
                vec!["assess".to_string()],
                scenario.to_vec(),
                observer.to_vec(),
                as_of.clone(),
            ]
            .concat(),
        ),
        (
            "brief",
            [
                vec!["brief".to_string()],
                scenario.to_vec(),
                observer.to_vec(),
                as_of.clone(),
                vec!["--out".into(), path_word(&args.out)],
            ]
            .concat(),
        ),
    ];
    for (name, words) in steps {
        if !ctx.quiet && !ctx.json {
            println!("\n== ladder {} ==", words.join(" "));
        }
        let code = crate::run_words(&[base.clone(), words].concat())
            .with_context(|| format!("demo step `{name}`"))?;
        if code != ExitCode::SUCCESS {
            anyhow::bail!("demo step `{name}` did not succeed (see the messages above)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Write the embedded example reports under `dir`, leaving files that already hold the
/// same bytes untouched.
fn write_examples(dir: &Path) -> anyhow::Result<()> {
    for (name, bytes) in EXAMPLE_REPORTS {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        if std::fs::read(&path).ok().as_deref() == Some(*bytes) {
            continue;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The demo always starts from an empty store, so that its output depends only on the
/// bundled files.
fn remove_store(db: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("removing old store {}", path.display()))
            }
        }
    }
    Ok(())
}

fn path_word(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
