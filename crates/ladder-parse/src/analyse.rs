//! Running a model on a sentence: tag, lemmatise and parse, in bounded windows when the
//! sentence is very long.

use crate::features::WordInfo;
use crate::model::Model;
use crate::parser;
use crate::upos::Upos;
use crate::{Parse, Word};

/// Sentences longer than this are parsed in windows.
pub const MAX_WINDOW: usize = 120;
/// A window is cut at clause punctuation no earlier than this many words in.
const MIN_WINDOW: usize = 40;
/// The relation that joins a later window's root to the first window's root.
const WINDOW_JOIN: &str = "parataxis";

fn is_clause_punct(w: &str) -> bool {
    matches!(w, ";" | "," | ":" | "—" | "–" | "--" | "-")
}

/// Splits `0..n` into windows of at most [`MAX_WINDOW`] words, cutting after clause
/// punctuation where there is some.
pub fn windows(words: &[&str]) -> Vec<(usize, usize)> {
    let n = words.len();
    let mut out = Vec::new();
    let mut start = 0;
    while n - start > MAX_WINDOW {
        let hi = start + MAX_WINDOW;
        let cut = (start + MIN_WINDOW..hi)
            .rev()
            .find(|&i| is_clause_punct(words[i - 1]))
            .unwrap_or(hi);
        out.push((start, cut));
        start = cut;
    }
    out.push((start, n));
    out
}

impl Model {
    /// Tags, lemmatises and parses a sentence of words.
    pub fn parse(&self, words: &[&str]) -> Parse {
        let infos = self.tagger.infos(words);
        let tags = self.tagger.tag(&infos);
        self.parse_tagged(words, &tags, &infos)
    }

    /// Lemmatises and parses a sentence with the given tags (the tagger fills in any
    /// missing when `upos` is shorter than `words`).
    pub fn parse_with_tags(&self, words: &[&str], upos: &[Upos]) -> Parse {
        let infos = self.tagger.infos(words);
        if upos.len() >= words.len() {
            return self.parse_tagged(words, &upos[..words.len()], &infos);
        }
        let mut tags = self.tagger.tag(&infos);
        tags[..upos.len()].copy_from_slice(upos);
        self.parse_tagged(words, &tags, &infos)
    }

    fn parse_tagged(&self, words: &[&str], tags: &[Upos], infos: &[WordInfo]) -> Parse {
        let n = words.len();
        let mut heads = vec![0usize; n];
        let mut labels = vec![String::new(); n];
        let spans = windows(words);
        let windowed = spans.len() > 1;
        let mut first_root = 0usize;
        for (wi, &(a, b)) in spans.iter().enumerate() {
            let slice = &words[a..b];
            let tag_ids: Vec<usize> = tags[a..b].iter().map(|t| t.index()).collect();
            let toks = parser::tokens(&infos[a..b], &tag_ids);
            let (h, l) = self.parser.parse(&toks);
            for i in 0..slice.len() {
                let label = self
                    .parser
                    .label_names
                    .get(usize::from(l[i + 1]))
                    .cloned()
                    .unwrap_or_else(|| "dep".to_string());
                if h[i + 1] == 0 {
                    if wi == 0 {
                        first_root = a + i + 1;
                        heads[a + i] = 0;
                        labels[a + i] = label;
                    } else {
                        heads[a + i] = first_root;
                        labels[a + i] = WINDOW_JOIN.to_string();
                    }
                } else {
                    heads[a + i] = h[i + 1] + a;
                    labels[a + i] = label;
                }
            }
        }
        let words = (0..n)
            .map(|i| Word {
                form: words[i].to_string(),
                lemma: self.lemmatizer.lemma(words[i], tags[i]),
                upos: tags[i],
                head: heads[i],
                deprel: std::mem::take(&mut labels[i]),
            })
            .collect();
        Parse { words, windowed }
    }
}
