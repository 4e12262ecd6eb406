//! The `ladder` binary: parses the command line and hands each command to its module in
//! `cmd/`. Library crates do the work; this crate only wires them to the terminal.

mod cmd;
mod context;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Ladder — an indicators-and-warnings engine for geopolitical analysts.
///
/// Ladder reads reports (text, Markdown, HTML, RSS/Atom, JSON Lines), codes the political
/// events in them (who did what to whom, when, where, how many, asserted or only
/// reported, and who said so), tracks staged escalation scenarios with graded evidence,
/// and shows the responses a playbook agreed for each stage.
///
/// Start here:
///   ladder demo                       run the whole pipeline on the bundled examples
///   ladder ingest reports/            read reports into the store (ladder.db)
///   ladder reports list               what is stored
///   ladder search "Kursk troops"      full-text search with snippets
///
/// The store is the SQLite file given by --db, else $LADDER_DB, else ./ladder.db; a
/// postgres://user@host:port/db URL there selects a PostgreSQL store (for a team).
///
/// Exit codes: 0 success; 1 failure (nothing half-written); 2 bad command line;
/// 3 finished, but some inputs were rejected (each named on stderr).
#[derive(Debug, Parser)]
#[command(name = "ladder", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {
    /// Store to use: a SQLite file, or a postgres:// URL [default: $LADDER_DB, else ./ladder.db]
    #[arg(long, global = true, env = "LADDER_DB", value_name = "PATH|URL")]
    db: Option<PathBuf>,

    /// Print records as JSON (one object per line for lists) instead of text
    #[arg(long, global = true)]
    json: bool,

    /// Folder of user data files (lexicons, gazetteer, sources, scenarios, playbooks)
    /// layered over the bundled defaults [default: $LADDER_DATA]
    #[arg(long, global = true, env = "LADDER_DATA", value_name = "DIR")]
    data: Option<PathBuf>,

    /// Say less: no progress bars, no summaries on stderr
    #[arg(long, short, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole pipeline on the bundled example reports and show the result
    Demo(cmd::demo::DemoArgs),
    /// Read reports from files, folders or stdin into the store
    Ingest(cmd::ingest::IngestArgs),
    /// List or show stored reports
    #[command(subcommand)]
    Reports(cmd::reports::ReportsCommand),
    /// Full-text search over stored reports, with snippets
    Search(cmd::search::SearchArgs),
    /// Assess a scenario: stage called, P(stage ≥ k), indicators with graded evidence,
    /// changes since the last assessment, and the playbook's responses
    Assess(cmd::assess::AssessArgs),
    /// Replay a scenario day by day from the reports published by each date (CSV with --csv)
    Replay(cmd::replay::ReplayArgs),
    /// List, show and check scenario and playbook files
    #[command(subcommand)]
    Scenario(cmd::scenario::ScenarioCommand),
    /// Write a briefing (Markdown and self-contained HTML) for a scenario
    Brief(cmd::brief::BriefArgs),
    /// Watch a folder or feed: ingest, code and reassess what arrives; alert on a stage change
    Watch(cmd::watch::WatchArgs),
    /// Measure ingest throughput and search latency on synthetic corpora (use a release build)
    #[command(subcommand)]
    Bench(cmd::bench::BenchCommand),
    /// Export the store in a sharing format (`export stix`)
    #[command(subcommand)]
    Export(cmd::export::ExportCommand),
    /// Import a sharing format into the store (`import stix FILE`)
    #[command(subcommand)]
    Import(cmd::import::ImportCommand),
    /// Serve the store over TAXII 2.1 to partners, and the analysts' workspace under /ui/
    Serve(cmd::serve::ServeArgs),
    /// Add, remove or re-password the analysts of the web workspace
    #[command(subcommand)]
    User(cmd::user::UserCommand),
    /// Analysts' corrections of coded events: list them, or export them as gold
    #[command(subcommand)]
    Corrections(cmd::corrections::CorrectionsCommand),
    /// Fetch a partner's TAXII collection into the store
    Pull(cmd::pull::PullArgs),
    /// Post STIX from the store to a partner's TAXII collection
    Push(cmd::push::PushArgs),
    /// Code reports into events: files directly (stdout), or every uncoded stored report
    Code(cmd::code::CodeArgs),
    /// Score the coder against gold events (precision, recall, F1, accuracies)
    Eval(cmd::eval::EvalArgs),
    /// Show a report sentence by sentence with its coded events and the gaps
    Explain(cmd::explain::ExplainArgs),
    /// Validate lexicon and gazetteer files
    #[command(subcommand)]
    Lexicon(cmd::lexicon::LexiconCommand),
    /// Train the tagger and dependency parser the coder reads sentences with
    #[command(subcommand)]
    Train(cmd::train::TrainCommand),
    /// Copy a SQLite store into PostgreSQL and check counts and digests (`migrate sqlite:F postgres://…`)
    Migrate(cmd::migrate::MigrateArgs),
    /// Code reports from the NATS work queue into a PostgreSQL store (run as many as you like)
    Worker(cmd::queue::WorkerArgs),
    /// Queue every stored report for coding again by the workers
    Recode(cmd::queue::RecodeArgs),
    /// Store counts, and with --queue the work queue's depth, in-flight messages and dead letters
    Status(cmd::queue::StatusArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = context::Context::new(cli.db, cli.data, cli.json, cli.quiet);
    let result = dispatch(&ctx, cli.command);
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("ladder: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Parse a command line given as words (as the shell would split it) and run it with
/// its own global options; `ladder demo` runs the pipeline's stages this way.
pub(crate) fn run_words(words: &[String]) -> anyhow::Result<ExitCode> {
    let cli = Cli::try_parse_from(words)?;
    let ctx = context::Context::new(cli.db, cli.data, cli.json, cli.quiet);
    dispatch(&ctx, cli.command)
}

/// Run one parsed command.
fn dispatch(ctx: &context::Context, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Demo(args) => cmd::demo::run(ctx, args),
        Command::Ingest(args) => cmd::ingest::run(ctx, args),
        Command::Reports(args) => cmd::reports::run(ctx, args),
        Command::Search(args) => cmd::search::run(ctx, args),
        Command::Assess(args) => cmd::assess::run(ctx, args),
        Command::Replay(args) => cmd::replay::run(ctx, args),
        Command::Scenario(args) => cmd::scenario::run(ctx, args),
        Command::Brief(args) => cmd::brief::run(ctx, args),
        Command::Watch(args) => cmd::watch::run(ctx, args),
        Command::Bench(args) => cmd::bench::run(ctx, args),
        Command::Export(args) => cmd::export::run(ctx, args),
        Command::Import(args) => cmd::import::run(ctx, args),
        Command::Serve(args) => cmd::serve::run(ctx, args),
        Command::User(args) => cmd::user::run(args),
        Command::Corrections(args) => cmd::corrections::run(ctx, args),
        Command::Pull(args) => cmd::pull::run(ctx, args),
        Command::Push(args) => cmd::push::run(ctx, args),
        Command::Code(args) => cmd::code::run(ctx, args),
        Command::Eval(args) => cmd::eval::run(ctx, args),
        Command::Explain(args) => cmd::explain::run(ctx, args),
        Command::Lexicon(args) => cmd::lexicon::run(ctx, args),
        Command::Train(args) => cmd::train::run(ctx, args),
        Command::Migrate(args) => cmd::migrate::run(ctx, args),
        Command::Worker(args) => cmd::queue::worker(ctx, args),
        Command::Recode(args) => cmd::queue::recode(ctx, args),
        Command::Status(args) => cmd::queue::status(ctx, args),
    }
}

/// A closed pipe (`ladder reports list | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
