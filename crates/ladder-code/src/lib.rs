//! Ladder's event coder: reads a report's sentences and codes the political events in
//! them (PLOVER type, mode, context, CAMEO code; actors and recipients; quantity, place
//! and date; modality and attribution; evidence span and the lexicon rule that fired).
//! Rules and data, no I/O while coding: knowledge lives in TOML lexicon files
//! (`data/lexicon/`) and the gazetteer (`data/gazetteer/`).

pub mod actors;
pub mod dates;
pub mod domains;
pub mod entities;
pub mod eval;
pub mod inflect;
pub mod lexicon;
pub mod patterns;
pub mod quantity;
pub mod read;
pub mod references;
pub mod sample;
pub mod segment;
pub mod syntax;
pub mod token;

pub mod gazetteer;

pub use entities::{EntityKind, EntityMention, EntitySource, EntityTable};
pub use lexicon::{Lexicon, LexiconDiagnostic, LexiconError};
pub use read::{event_id, CodedReport, CodingDiagnostic, RoleReading};

use ladder_core::{Event, Report};

/// Version of the coding rules; stored with coded events so a rule change re-codes.
/// Bump it whenever code or bundled lexicon changes alter output.
pub const CODER_VERSION: &str = "ladder-code/0.2.1";

/// One word of a sentence's dependency tree, for display: (word, UPOS tag, head index or
/// `None` for the root, UD relation).
pub type TreeWord = (String, String, Option<usize>, String);

/// The event coder: an entity source (the gazetteer) and a compiled lexicon.
pub struct Coder {
    entities: Box<dyn EntitySource>,
    lexicon: Lexicon,
    parser: Option<&'static ladder_parse::Model>,
}

/// Errors building a coder from bundled and user data.
#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error("gazetteer: {0}")]
    Gazetteer(String),
    #[error(transparent)]
    Parser(#[from] ladder_parse::ModelError),
}

impl Coder {
    /// A coder over the gazetteer and a lexicon.
    pub fn new(gazetteer: gazetteer::Gazetteer, lexicon: Lexicon) -> Coder {
        Coder::with_entities(Box::new(gazetteer), lexicon)
    }

    /// The bundled gazetteer and lexicon.
    pub fn bundled() -> Result<Coder, CoderError> {
        let gaz =
            gazetteer::Gazetteer::bundled().map_err(|e| CoderError::Gazetteer(e.to_string()))?;
        Coder::check_parser()?;
        Ok(Coder::new(gaz, Lexicon::bundled()?))
    }

    /// Bundled data with the user's `--data DIR` files layered on top.
    pub fn load_layered(user_dir: Option<&std::path::Path>) -> Result<Coder, CoderError> {
        let gaz = gazetteer::Gazetteer::load_layered(user_dir)
            .map_err(|e| CoderError::Gazetteer(e.to_string()))?;
        Coder::check_parser()?;
        Ok(Coder::new(gaz, Lexicon::load_layered(user_dir)?))
    }

    /// A coder over any entity source (tests use an [`EntityTable`]).
    pub fn with_entities(entities: Box<dyn EntitySource>, lexicon: Lexicon) -> Coder {
        Coder {
            entities,
            lexicon,
            parser: ladder_parse::Model::embedded().ok(),
        }
    }

    /// Fails when the bundled parsing model cannot be loaded (a corrupt build), naming
    /// the model and what to do; coding without it would silently read worse.
    pub fn check_parser() -> Result<(), CoderError> {
        ladder_parse::Model::embedded()
            .map(|_| ())
            .map_err(CoderError::from)
    }

    /// The dependency tree of `text[start..end]` over the coder's tokens: (word, tag,
    /// head index or `None` for the root, relation) per token; `None` without a parser or
    /// for a sentence too long to parse.
    pub fn sentence_tree(&self, text: &str, start: usize, end: usize) -> Option<Vec<TreeWord>> {
        let tokens = token::tokenize(text, start, end);
        let tree = syntax::Tree::parse(self.parser?, text, &tokens)?;
        Some(
            tokens
                .iter()
                .zip(&tree.nodes)
                .map(|(t, n)| {
                    (
                        text.get(t.start..t.end).unwrap_or("").to_string(),
                        n.upos.as_str().to_string(),
                        n.head,
                        n.rel.clone(),
                    )
                })
                .collect(),
        )
    }

    /// The same coder reading without the dependency tree (token windows only): for
    /// tests and side-by-side measurement of what the tree adds.
    pub fn without_parser(mut self) -> Coder {
        self.parser = None;
        self
    }

    /// The tagger and parser the coder reads sentence structure with.
    pub fn parser(&self) -> Option<&'static ladder_parse::Model> {
        self.parser
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn entities(&self) -> &dyn EntitySource {
        self.entities.as_ref()
    }

    /// Code one report. Pure and deterministic.
    pub fn code_report(&self, report: &Report) -> CodedReport {
        self.core().code_report(report)
    }

    /// Code one report, handing each event to `on_event` as its sentence is coded (same
    /// events, same order as [`Coder::code_report`]); returns the diagnostics and
    /// sentence spans. No event is kept, whatever the report's length.
    pub fn code_report_with(
        &self,
        report: &Report,
        on_event: &mut dyn FnMut(Event),
    ) -> CodedReport {
        self.core().code_report_with(report, on_event)
    }

    fn core(&self) -> read::CoderCore<'_> {
        read::CoderCore {
            entities: self.entities.as_ref(),
            lexicon: &self.lexicon,
            parser: self.parser,
        }
    }
}
