//! ladder-parse: a pure-Rust UPOS tagger, lemmatiser and labelled dependency parser
//! (Universal Dependencies relations), trained on UD English EWT.
//!
//! ```no_run
//! let model = ladder_parse::Model::embedded().expect("the committed model loads");
//! let parse = model.parse(&["Troops", "crossed", "the", "border", "."]);
//! for (i, w) in parse.words.iter().enumerate() {
//!     println!("{} {} {} {} {}", i + 1, w.form, w.upos, w.head, w.deprel);
//! }
//! ```

#![forbid(unsafe_code)]

mod analyse;
mod codec;
pub mod conllu;
pub mod eval;
mod features;
mod hash;
mod lemma;
mod model;
mod parser;
mod perceptron;
mod state;
mod tagger;
mod tokenize;
pub mod train;
mod upos;

pub use analyse::MAX_WINDOW;
pub use model::{Model, ModelError, FORMAT_VERSION, MAGIC};
pub use tokenize::{tokenize, Token};
pub use upos::Upos;

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The form as given.
    pub form: String,
    /// The lemma.
    pub lemma: String,
    /// The universal part of speech.
    pub upos: Upos,
    /// 0 = root, else the 1-based index of the head word.
    pub head: usize,
    /// The full UD relation, e.g. `nsubj:pass`, `obl`, `nmod:poss`.
    pub deprel: String,
}

/// The analysis of one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parse {
    /// The words, in order.
    pub words: Vec<Word>,
    /// True when the sentence was longer than [`MAX_WINDOW`] words and was parsed in
    /// windows (later windows' roots hang from the first window's root as `parataxis`).
    pub windowed: bool,
}

impl Parse {
    /// The dependents of word `i` (1-based; 0 = the root), in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |(_, w)| w.head == i)
            .map(|(j, _)| j + 1)
    }

    /// The word at a 1-based index.
    pub fn word(&self, i: usize) -> Option<&Word> {
        i.checked_sub(1).and_then(|j| self.words.get(j))
    }

    /// The 1-based index of the root word, if any.
    pub fn root(&self) -> Option<usize> {
        self.words.iter().position(|w| w.head == 0).map(|j| j + 1)
    }
}
