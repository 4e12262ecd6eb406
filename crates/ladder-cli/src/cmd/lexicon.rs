//! `ladder lexicon check [DIR]`: validate lexicon and gazetteer files, printing
//! `file:line: message` for each problem.

use crate::context::Context;
use ladder_code::gazetteer::Gazetteer;
use ladder_code::lexicon::{check_files, read_user_files, BUNDLED_FILES};
use ladder_code::Lexicon;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum LexiconCommand {
    /// Validate lexicon and gazetteer files (the bundled ones, or DIR's)
    Check {
        /// Folder with lexicon/*.toml and gazetteer/*.toml (or the files themselves)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

pub fn run(ctx: &Context, cmd: LexiconCommand) -> anyhow::Result<ExitCode> {
    let LexiconCommand::Check { dir } = cmd;
    let dir = dir.or_else(|| ctx.data_dir.clone());
    let mut problems: Vec<String> = Vec::new();
    let files: Vec<(String, String)> = match &dir {
        Some(d) => read_user_files(d).map_err(|e| anyhow::anyhow!("{e}"))?,
        None => BUNDLED_FILES
            .iter()
            .map(|(n, t)| (format!("data/lexicon/{n}"), t.to_string()))
            .collect(),
    };
    problems.extend(check_files(&files).iter().map(|d| d.to_string()));
    if problems.is_empty() {
        // layered compile catches what single files cannot (none today, but cheap)
        if let Err(e) = Lexicon::load_layered(dir.as_deref()) {
            problems.push(e.to_string());
        }
    }
    if let Some(d) = &dir {
        let gdir = if d.join("gazetteer").is_dir() {
            d.join("gazetteer")
        } else {
            d.clone()
        };
        problems.extend(
            Gazetteer::check_dir(&gdir)
                .iter()
                .map(|d| format!("{}:{}: {}", d.file, d.line, d.message)),
        );
    } else if let Err(e) = Gazetteer::bundled() {
        problems.push(format!("bundled gazetteer: {e}"));
    }
    for p in &problems {
        println!("{p}");
    }
    if problems.is_empty() {
        if !ctx.quiet {
            eprintln!(
                "lexicon and gazetteer files are valid ({} lexicon files)",
                files.len()
            );
        }
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s)", problems.len());
        Ok(ExitCode::from(1))
    }
}
