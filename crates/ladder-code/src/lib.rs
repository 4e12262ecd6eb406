//! Ladder's event coder: reads a report's sentences and codes the political events in
//! them (PLOVER type, mode, context, CAMEO code; actors and recipients; quantity, place
//! and date; modality and attribution; evidence span and the lexicon rule that fired).
//! Rules and data, no I/O while coding: knowledge lives in TOML lexicon files
//! (`data/lexicon/`) and the gazetteer (`data/gazetteer/`).

pub mod actors;
pub mod coder;
pub mod dates;
pub mod domains;
pub mod entities;
pub mod eval;
pub mod inflect;
pub mod lexicon;
pub mod quantity;
pub mod references;
pub mod sample;
pub mod segment;
pub mod token;

pub mod gazetteer;

pub use coder::{event_id, CodedReport, CodingDiagnostic};
pub use entities::{EntityKind, EntityMention, EntitySource, EntityTable};
pub use lexicon::{Lexicon, LexiconDiagnostic, LexiconError};

use ladder_core::{Event, Report};

/// Version of the coding rules; stored with coded events so a rule change re-codes.
/// Bump it whenever code or bundled lexicon changes alter output.
pub const CODER_VERSION: &str = "ladder-code/0.2.1";

/// The event coder: an entity source (the gazetteer) and a compiled lexicon.
pub struct Coder {
    entities: Box<dyn EntitySource>,
    lexicon: Lexicon,
}

/// Errors building a coder from bundled and user data.
#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error("gazetteer: {0}")]
    Gazetteer(String),
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
        Ok(Coder::new(gaz, Lexicon::bundled()?))
    }

    /// Bundled data with the user's `--data DIR` files layered on top.
    pub fn load_layered(user_dir: Option<&std::path::Path>) -> Result<Coder, CoderError> {
        let gaz = gazetteer::Gazetteer::load_layered(user_dir)
            .map_err(|e| CoderError::Gazetteer(e.to_string()))?;
        Ok(Coder::new(gaz, Lexicon::load_layered(user_dir)?))
    }

    /// A coder over any entity source (tests use an [`EntityTable`]).
    pub fn with_entities(entities: Box<dyn EntitySource>, lexicon: Lexicon) -> Coder {
        Coder { entities, lexicon }
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

    fn core(&self) -> coder::CoderCore<'_> {
        coder::CoderCore {
            entities: self.entities.as_ref(),
            lexicon: &self.lexicon,
        }
    }
}
