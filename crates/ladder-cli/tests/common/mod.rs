//! What the end-to-end tests share: the `ladder` binary run in a temporary folder.

use assert_cmd::Command;
use std::path::Path;

/// The `ladder` binary with its store in `dir`, isolated from the caller's environment.
pub fn ladder(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ladder").expect("the ladder binary is built");
    cmd.current_dir(dir)
        .env_remove("LADDER_DB")
        .env_remove("LADDER_DATA")
        .arg("--db")
        .arg(dir.join("ladder.db"));
    cmd
}
