//! Trains a ladder-parse model: `train TRAIN.conllu DEV.conllu OUT [SEED] [PARSER_EPOCHS] [TEST.conllu]`.

use ladder_parse::{conllu, eval, train, Model};
use std::path::Path;
use std::process::ExitCode;

fn read(path: &str) -> Result<Vec<conllu::Sentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    conllu::read(&text).map_err(|e| format!("{path}: {e}"))
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        return Err(
            "usage: train TRAIN.conllu DEV.conllu OUT [SEED] [PARSER_EPOCHS] [TEST.conllu]".into(),
        );
    }
    let train_set = read(&args[0])?;
    let dev = read(&args[1])?;
    let mut cfg = train::TrainConfig::default();
    if let Some(s) = args.get(3) {
        cfg.seed = s.parse().map_err(|_| format!("bad seed {s:?}"))?;
    }
    if let Some(e) = args.get(4) {
        cfg.parser_epochs = e.parse().map_err(|_| format!("bad epoch count {e:?}"))?;
    }
    // Optional overrides for experiments.
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u32>().ok());
    if let Some(v) = env("LP_MIN_TAGGER") {
        cfg.min_updates_tagger = v;
    }
    if let Some(v) = env("LP_MIN_PARSER") {
        cfg.min_updates_parser = v;
    }
    if let Some(v) = env("LP_MIN_LABELS") {
        cfg.min_updates_labels = v;
    }
    if let Some(v) = env("LP_TAGGER_EPOCHS") {
        cfg.tagger_epochs = v as usize;
    }
    if let Some(v) = std::env::var("LP_EXPLORE")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
    {
        cfg.explore = v;
    }
    eprintln!("{cfg:?}");
    let started = std::time::Instant::now();
    let model = train::train(&train_set, &dev, &cfg, &mut |m| {
        eprintln!("[{:>6.1}s] {m}", started.elapsed().as_secs_f64())
    });
    model.save(Path::new(&args[2])).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(&args[2]).map(|m| m.len()).unwrap_or(0);
    eprintln!("wrote {} ({size} bytes)", args[2]);
    let loaded = Model::load(Path::new(&args[2])).map_err(|e| e.to_string())?;
    eprintln!("reloaded dev: {}", eval::evaluate(&loaded, &dev));
    if let Some(t) = args.get(5) {
        eprintln!("test: {}", eval::evaluate(&loaded, &read(t)?));
    }
    Ok(())
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
