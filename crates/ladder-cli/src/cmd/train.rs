//! `ladder train parser`: train the tagger, lemmatiser and dependency parser on UD
//! treebank files (CoNLL-U) and write the model file, deterministically from a seed.

use crate::context::Context;
use anyhow::Context as _;
use ladder_parse::train::{train, TrainConfig};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum TrainCommand {
    /// Train the tagger and dependency parser on a CoNLL-U treebank (UD English EWT)
    Parser(TrainParserArgs),
}

#[derive(Debug, clap::Args)]
pub struct TrainParserArgs {
    /// Training sentences (CoNLL-U), e.g. ../shared/reference/ud-ewt/en_ewt-ud-train.conllu
    #[arg(long, value_name = "CONLLU")]
    train: PathBuf,
    /// Development sentences (CoNLL-U), scored after each epoch to keep the best one
    #[arg(long, value_name = "CONLLU")]
    dev: PathBuf,
    /// Where to write the model (the bundled one is crates/ladder-parse/model/en-ewt.ladderparse)
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Seed of every random choice: the same data and seed give the same model, byte for byte
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Passes over the data for the tagger
    #[arg(long)]
    tagger_epochs: Option<usize>,
    /// Passes over the data for the parser
    #[arg(long)]
    parser_epochs: Option<usize>,
}

pub fn run(ctx: &Context, command: TrainCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrainCommand::Parser(args) => train_parser(ctx, args),
    }
}

/// Read a CoNLL-U file; errors name the file and line.
pub fn read_conllu(path: &Path) -> anyhow::Result<Vec<ladder_parse::conllu::Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    ladder_parse::conllu::read(&text).with_context(|| format!("{}", path.display()))
}

fn train_parser(ctx: &Context, args: TrainParserArgs) -> anyhow::Result<ExitCode> {
    let train_set = read_conllu(&args.train)?;
    let dev_set = read_conllu(&args.dev)?;
    let mut cfg = TrainConfig {
        seed: args.seed,
        ..TrainConfig::default()
    };
    if let Some(n) = args.tagger_epochs {
        cfg.tagger_epochs = n;
    }
    if let Some(n) = args.parser_epochs {
        cfg.parser_epochs = n;
    }
    let quiet = ctx.quiet;
    let model = train(&train_set, &dev_set, &cfg, &mut |line| {
        if !quiet {
            eprintln!("{line}");
        }
    });
    model
        .save(&args.out)
        .with_context(|| format!("writing {}", args.out.display()))?;
    if !quiet {
        eprintln!("wrote {}", args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}
