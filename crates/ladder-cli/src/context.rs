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

    /// Whether `--db` names a PostgreSQL database (`postgres://…`).
    pub fn db_is_postgres(&self) -> bool {
        ladder_store::is_postgres_url(&self.db_path.to_string_lossy())
    }

    /// `--db` for messages: the file, or the PostgreSQL URL without its password.
    pub fn db_label(&self) -> String {
        let db = self.db_path.to_string_lossy();
        if !self.db_is_postgres() {
            return db.into_owned();
        }
        match (db.find("://"), db.rfind('@')) {
            (Some(scheme), Some(at)) if at > scheme => {
                let user_end = db[scheme + 3..at].find(':').map(|i| i + scheme + 3);
                match user_end {
                    Some(colon) => format!("{}:***{}", &db[..colon], &db[at..]),
                    None => db.into_owned(),
                }
            }
            _ => db.into_owned(),
        }
    }

    /// Open (or create) the store at `--db` for a command that writes: a SQLite file,
    /// or a PostgreSQL database for a `postgres://` URL.
    pub fn open_store(&self) -> anyhow::Result<Box<dyn ladder_store::Store + Send>> {
        use anyhow::Context as _;
        ladder_store::open_store(&self.db_path.to_string_lossy())
            .with_context(|| format!("opening the store {}", self.db_label()))
    }

    /// Open the store at `--db` for a command that only reads: a missing file is an error
    /// that says how to create one, not a new empty store.
    pub fn open_existing_store(&self) -> anyhow::Result<Box<dyn ladder_store::Store + Send>> {
        self.check_exists()?;
        self.open_store()
    }

    /// Open the SQLite store at `--db`, for a command that keeps its own tables beside
    /// the store's and does not run on PostgreSQL yet.
    pub fn open_sqlite_store(&self, command: &str) -> anyhow::Result<ladder_store::SqliteStore> {
        use anyhow::Context as _;
        if self.db_is_postgres() {
            anyhow::bail!(
                "`ladder {command}` runs on a SQLite store only for now; give --db a file \
                 (copy with `ladder migrate`)"
            );
        }
        ladder_store::SqliteStore::open(&self.db_path)
            .with_context(|| format!("opening the store {}", self.db_path.display()))
    }

    /// [`Context::open_sqlite_store`] for a command that only reads.
    pub fn open_existing_sqlite_store(
        &self,
        command: &str,
    ) -> anyhow::Result<ladder_store::SqliteStore> {
        self.check_exists()?;
        self.open_sqlite_store(command)
    }

    fn check_exists(&self) -> anyhow::Result<()> {
        if !self.db_is_postgres() && !self.db_path.exists() {
            anyhow::bail!(
                "no store at {} (run `ladder ingest PATH` first, or pass --db)",
                self.db_path.display()
            );
        }
        Ok(())
    }
}
