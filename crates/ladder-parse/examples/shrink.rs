//! Drops small weights from a model: `shrink MODEL DEV.conllu OUT TAGGER_MIN TRANS_MIN LABEL_MIN`
//! (minimum largest |weight| a feature keeps, in quantised units out of 32000).

use ladder_parse::{conllu, eval, Model};
use std::path::Path;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 6 {
        eprintln!("usage: shrink MODEL DEV.conllu OUT TAGGER_MIN TRANS_MIN LABEL_MIN");
        std::process::exit(2);
    }
    let num = |i: usize| a[i].parse::<i16>().unwrap_or(0);
    let mut m = match Model::load(Path::new(&a[0])) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let dev = conllu::read(&std::fs::read_to_string(&a[1]).unwrap_or_default()).unwrap_or_default();
    m.tagger.weights = m.tagger.weights.pruned(num(3));
    m.parser.transitions = m.parser.transitions.pruned(num(4));
    m.parser.labels = m.parser.labels.pruned(num(5));
    eprintln!(
        "features: tagger {}, transitions {}, labels {}; heap ~{:.1} MB",
        m.tagger.weights.len(),
        m.parser.transitions.len(),
        m.parser.labels.len(),
        m.heap_bytes() as f64 / 1e6
    );
    eprintln!("dev: {}", eval::evaluate(&m, &dev));
    if let Err(e) = m.save(Path::new(&a[2])) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    eprintln!(
        "wrote {} ({} bytes)",
        a[2],
        std::fs::metadata(&a[2]).map(|x| x.len()).unwrap_or(0)
    );
}
