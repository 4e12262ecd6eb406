//! Shared helpers for the integration tests: where the EWT reference data lives.

use std::path::PathBuf;

/// `../shared/reference/ud-ewt/` relative to the workspace root, when present.
#[allow(dead_code)]
pub fn ewt_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/ud-ewt");
    if dir.join("en_ewt-ud-dev.conllu").is_file() {
        Some(dir)
    } else {
        eprintln!("note: {} is absent; skipping the EWT check", dir.display());
        None
    }
}

/// Reads an EWT file by name.
#[allow(dead_code)]
pub fn ewt(name: &str) -> Option<Vec<ladder_parse::conllu::Sentence>> {
    let dir = ewt_dir()?;
    let text = std::fs::read_to_string(dir.join(name)).expect("the EWT file is readable");
    Some(ladder_parse::conllu::read(&text).expect("EWT is valid CoNLL-U"))
}
