//! Sentences per second on one core: `speed MODEL FILE.conllu` (sentences of 25-30 words).

use ladder_parse::{conllu, Model};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: speed MODEL FILE.conllu");
        std::process::exit(2);
    }
    let model = match Model::load(Path::new(&args[0])) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    eprintln!("resident memory after loading: {}", rss());
    let text = std::fs::read_to_string(&args[1]).unwrap_or_default();
    let sents = conllu::read(&text).unwrap_or_default();
    let picked: Vec<Vec<&str>> = sents
        .iter()
        .filter(|s| (25..=30).contains(&s.words.len()))
        .map(|s| s.forms())
        .collect();
    eprintln!(
        "{} sentences of 25-30 words; model heap ~{:.1} MB",
        picked.len(),
        model.heap_bytes() as f64 / 1e6
    );
    let start = std::time::Instant::now();
    let mut n = 0usize;
    let parts = std::env::var_os("SPEED_PARTS").is_some();
    while parts && start.elapsed().as_secs_f64() < 2.0 {
        for s in &picked {
            let infos = model.tagger.infos(s);
            std::hint::black_box(model.tagger.tag(&infos));
            n += 1;
        }
    }
    println!(
        "tagger only: {:.0} sentences/s",
        n as f64 / start.elapsed().as_secs_f64()
    );
    let start = std::time::Instant::now();
    let mut n = 0usize;
    while parts && start.elapsed().as_secs_f64() < 2.0 {
        for s in &picked {
            for w in s {
                std::hint::black_box(model.lemmatizer.lemma(w, ladder_parse::Upos::NOUN));
            }
            n += 1;
        }
    }
    println!(
        "lemmatiser only: {:.0} sentences/s",
        n as f64 / start.elapsed().as_secs_f64()
    );
    let start = std::time::Instant::now();
    let cpu0 = cpu_seconds();
    let mut n = 0usize;
    while start.elapsed().as_secs_f64() < 3.0 {
        for s in &picked {
            std::hint::black_box(model.parse(s));
            n += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    println!(
        "{:.0} sentences/s wall ({:.0} words/s)",
        n as f64 / secs,
        n as f64 / secs * 27.5
    );
    println!(
        "{:.0} sentences/s of this thread's CPU time ({:.2}s CPU in {:.2}s wall)",
        n as f64 / cpu,
        cpu,
        secs
    );
}

/// CPU time of this thread in seconds (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e9)
}

/// The VmRSS line of /proc/self/status (Linux).
fn rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS"))
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
