//! Accuracy of the embedded model and of the tokeniser on EWT dev (skipped with a note
//! when `../shared` is absent).

mod common;

use ladder_parse::conllu::Sentence;
use ladder_parse::{eval, tokenize, Model};

#[test]
fn embedded_model_meets_targets_on_dev() {
    let Some(dev) = common::ewt("en_ewt-ud-dev.conllu") else {
        return;
    };
    let m = Model::embedded().expect("embedded model");
    let s = eval::evaluate(m, &dev);
    println!("EWT dev (gold tokenisation, predicted tags): {s}");
    assert!(s.upos >= 0.94, "UPOS {:.4}", s.upos);
    assert!(s.uas >= UAS_FLOOR, "UAS {:.4}", s.uas);
    assert!(s.las >= LAS_FLOOR, "LAS {:.4}", s.las);
}

/// Floors the committed model is held to on dev: its own figures less a small margin.
/// The targets (UAS 85%, LAS 81% on test) are not all met yet: see README.
const UAS_FLOOR: f64 = 0.835;
const LAS_FLOOR: f64 = 0.80;

/// Gold token spans of a sentence: syntactic words located in `# text`, except that a
/// multiword token whose words do not spell it (`gonna`) counts as one span.
fn gold_spans(s: &Sentence, text: &str) -> Vec<(usize, usize)> {
    let mut units: Vec<String> = Vec::new();
    let mut i = 1;
    while i <= s.words.len() {
        if let Some(mw) = s.multiword.iter().find(|m| m.first == i) {
            let joined: String = (mw.first..=mw.last)
                .filter_map(|j| s.words.get(j - 1))
                .map(|w| w.form.as_str())
                .collect();
            if joined == mw.form {
                units.extend(
                    (mw.first..=mw.last)
                        .filter_map(|j| s.words.get(j - 1))
                        .map(|w| w.form.clone()),
                );
            } else {
                units.push(mw.form.clone());
            }
            i = mw.last + 1;
        } else {
            units.push(s.words[i - 1].form.clone());
            i += 1;
        }
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for u in units {
        if let Some(off) = text[at..].find(u.as_str()) {
            spans.push((at + off, at + off + u.len()));
            at += off + u.len();
        }
    }
    spans
}

#[test]
fn tokeniser_agrees_with_ewt_dev() {
    let Some(dev) = common::ewt("en_ewt-ud-dev.conllu") else {
        return;
    };
    let (mut matched, mut gold_n, mut ours_n) = (0usize, 0usize, 0usize);
    let mut shown = 0;
    for s in &dev {
        let Some(text) = &s.text else { continue };
        let gold = gold_spans(s, text);
        let ours: Vec<(usize, usize)> = tokenize(text).iter().map(|t| (t.start, t.end)).collect();
        let m = ours
            .iter()
            .filter(|o| gold.binary_search(o).is_ok())
            .count();
        if m < gold.len().max(ours.len()) && shown < 15 {
            shown += 1;
            let g: Vec<&str> = gold.iter().map(|&(a, b)| &text[a..b]).collect();
            let o: Vec<&str> = ours.iter().map(|&(a, b)| &text[a..b]).collect();
            println!("gold {g:?}\nours {o:?}\n");
        }
        matched += m;
        gold_n += gold.len();
        ours_n += ours.len();
    }
    let f1 = 2.0 * matched as f64 / (gold_n + ours_n) as f64;
    println!("tokeniser vs EWT dev: {matched} of {gold_n} gold tokens matched ({ours_n} ours), F1 {:.2}%", 100.0 * f1);
    assert!(f1 >= 0.97, "token F1 {f1:.4}");
}
