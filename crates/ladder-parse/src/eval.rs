//! Scoring a model against gold CoNLL-U sentences (gold tokenisation, predicted tags):
//! UPOS, lemma, UAS and LAS, punctuation included.

use crate::conllu::Sentence;
use crate::model::Model;
use std::fmt;

/// Accuracy figures, as fractions in `[0, 1]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Sentences scored.
    pub sentences: usize,
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// Lemma accuracy (exact string).
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score on the full relation (`nmod:poss` ≠ `nmod`).
    pub las: f64,
    /// Labelled attachment score on the universal relation (the part before `:`).
    pub las_universal: f64,
    /// Sentences whose every head and full label is right.
    pub exact: f64,
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} sentences, {} words: UPOS {:.2}%, lemma {:.2}%, UAS {:.2}%, LAS {:.2}% (universal-relation LAS {:.2}%), exact {:.2}%",
            self.sentences,
            self.words,
            100.0 * self.upos,
            100.0 * self.lemma,
            100.0 * self.uas,
            100.0 * self.las,
            100.0 * self.las_universal,
            100.0 * self.exact
        )
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Parses each gold sentence's words with the model and scores the result.
pub fn evaluate(model: &Model, gold: &[Sentence]) -> Scores {
    let mut c = [0usize; 6];
    let mut words = 0usize;
    for s in gold {
        let parse = model.parse(&s.forms());
        let mut all = true;
        for (p, g) in parse.words.iter().zip(&s.words) {
            words += 1;
            let head = p.head == g.head;
            let las = head && p.deprel == g.deprel;
            c[0] += usize::from(p.upos == g.upos);
            c[1] += usize::from(p.lemma == g.lemma);
            c[2] += usize::from(head);
            c[3] += usize::from(las);
            c[4] += usize::from(head && universal(&p.deprel) == universal(&g.deprel));
            all &= las;
        }
        c[5] += usize::from(all);
    }
    let w = words.max(1) as f64;
    Scores {
        sentences: gold.len(),
        words,
        upos: c[0] as f64 / w,
        lemma: c[1] as f64 / w,
        uas: c[2] as f64 / w,
        las: c[3] as f64 / w,
        las_universal: c[4] as f64 / w,
        exact: c[5] as f64 / gold.len().max(1) as f64,
    }
}
