//! Writes the model's predictions for a CoNLL-U file's gold tokens, one word a line
//! (`form upos head deprel lemma`, a blank line between sentences): `predict MODEL FILE.conllu`.
//! Two runs' outputs compare byte for byte when a change must not alter the analysis.

use ladder_parse::{conllu, Model};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        return Err("usage: predict MODEL FILE.conllu".into());
    }
    let model = Model::load(Path::new(&args[0])).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&args[1]).map_err(|e| format!("{}: {e}", args[1]))?;
    let sents = conllu::read(&text).map_err(|e| format!("{}: {e}", args[1]))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for s in &sents {
        let parse = model.parse(&s.forms());
        for w in &parse.words {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                w.form, w.upos, w.head, w.deprel, w.lemma
            )
            .map_err(|e| e.to_string())?;
        }
        writeln!(out).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
