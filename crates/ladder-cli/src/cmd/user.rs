//! `ladder user add|remove|passwd`: the analysts of the web workspace, kept in the
//! partners file beside the TAXII partners (passwords as Argon2id hashes).

use anyhow::Context as _;
use ladder_core::Tlp;
use ladder_share::users::{edit_users, Role, UserEdit};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add an analyst; the password is read from the first line of stdin
    Add {
        /// User name (letters, digits, '.', '_', '-')
        name: String,
        /// The partners file (created when missing)
        #[arg(long, value_name = "FILE")]
        partners: PathBuf,
        /// read, write (correct events) or admin
        #[arg(long, default_value = "read")]
        role: Role,
        /// Most restrictive TLP the analyst may read: clear, green, amber, amber-strict, red
        #[arg(long, default_value = "amber-strict")]
        clearance: Tlp,
    },
    /// Remove an analyst
    Remove {
        name: String,
        #[arg(long, value_name = "FILE")]
        partners: PathBuf,
    },
    /// Set an analyst's password, read from the first line of stdin
    Passwd {
        name: String,
        #[arg(long, value_name = "FILE")]
        partners: PathBuf,
    },
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.chars().count() < 8 {
        anyhow::bail!("the password must be at least 8 characters");
    }
    Ok(password)
}

pub fn run(command: UserCommand) -> anyhow::Result<ExitCode> {
    let (path, edit) = match command {
        UserCommand::Add {
            name,
            partners,
            role,
            clearance,
        } => (
            partners,
            UserEdit::Add {
                name,
                password: read_password()?,
                role,
                clearance,
            },
        ),
        UserCommand::Remove { name, partners } => (partners, UserEdit::Remove { name }),
        UserCommand::Passwd { name, partners } => (
            partners,
            UserEdit::Password {
                name,
                password: read_password()?,
            },
        ),
    };
    edit_users(&path, &edit).with_context(|| format!("editing {}", path.display()))?;
    Ok(ExitCode::SUCCESS)
}
