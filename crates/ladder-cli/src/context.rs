//! What every command needs: where the store is, where user data files are, and how to
//! print (text or JSON, quiet or not).

use std::io::IsTerminal;
use std::path::PathBuf;

/// Exit code for a run that finished but rejected some inputs.
pub const EXIT_PARTIAL: u8 = 3;

/// Global options resolved once.
#[derive(Debug, Clone)]
pub struct Context {
    pub db_path: PathBuf,
    pub data_dir: Option<PathBuf>,
    pub json: bool,
    pub quiet: bool,
}

impl Context {
    pub fn new(db: Option<PathBuf>, data_dir: Option<PathBuf>, json: bool, quiet: bool) -> Self {
        Context {
            db_path: db.unwrap_or_else(|| PathBuf::from("ladder.db")),
            data_dir,
            json,
            quiet,
        }
    }

    /// Whether to draw progress bars: only on a terminal, and not when quiet.
    pub fn show_progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// Open (or create) the store at `--db` for a command that writes.
    pub fn open_store(&self) -> anyhow::Result<ladder_store::SqliteStore> {
        use anyhow::Context as _;
        ladder_store::SqliteStore::open(&self.db_path)
            .with_context(|| format!("opening the store {}", self.db_path.display()))
    }

    /// Open the store at `--db` for a command that only reads: a missing file is an error
    /// that says how to create one, not a new empty store.
    pub fn open_existing_store(&self) -> anyhow::Result<ladder_store::SqliteStore> {
        if !self.db_path.exists() {
            anyhow::bail!(
                "no store at {} (run `ladder ingest PATH` first, or pass --db)",
                self.db_path.display()
            );
        }
        self.open_store()
    }
}
