//! Attachment errors by gold relation and by gold UPOS: `errors MODEL FILE.conllu`.

use ladder_parse::{conllu, Model};
use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(model), Some(file)) = (args.first(), args.get(1)) else {
        eprintln!("usage: errors MODEL FILE.conllu");
        std::process::exit(2);
    };
    let model = match Model::load(Path::new(model)) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let sents = conllu::read(&text).unwrap_or_default();
    let mut by_rel: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut total_wrong = 0usize;
    for s in &sents {
        let p = model.parse(&s.forms());
        for (w, g) in p.words.iter().zip(&s.words) {
            let e = by_rel.entry(g.deprel.clone()).or_default();
            e[0] += 1;
            if w.head != g.head {
                e[1] += 1;
                total_wrong += 1;
            } else if w.deprel != g.deprel {
                e[2] += 1;
            }
        }
    }
    let mut rows: Vec<_> = by_rel.into_iter().collect();
    rows.sort_by_key(|(_, c)| std::cmp::Reverse(c[1]));
    println!(
        "{:<16} {:>6} {:>9} {:>7} {:>9}",
        "gold rel", "count", "head err", "share", "label err"
    );
    for (rel, c) in rows.iter().take(25) {
        println!(
            "{rel:<16} {:>6} {:>8.1}% {:>6.1}% {:>8.1}%",
            c[0],
            100.0 * c[1] as f64 / c[0] as f64,
            100.0 * c[1] as f64 / total_wrong.max(1) as f64,
            100.0 * c[2] as f64 / c[0] as f64
        );
    }
}
