//! Ladder's event coder: reads a report's sentences and codes the political events in
//! them (PLOVER type, mode, context, CAMEO code; actors and recipients; quantity, place
//! and date; modality and attribution; evidence span and the lexicon rule that fired).
//! Rules and data, no I/O while coding: knowledge lives in TOML lexicon files
//! (`data/lexicon/`) and the gazetteer (`data/gazetteer/`).

pub mod actors;
pub mod coder;
pub mod dates;
pub mod entities;
pub mod inflect;
pub mod lexicon;
pub mod quantity;
pub mod segment;
pub mod token;

pub mod gazetteer;

pub use coder::{event_id, CodedReport, CodingDiagnostic};
pub use entities::{EntityKind, EntityMention, EntitySource, EntityTable};
pub use lexicon::{Lexicon, LexiconDiagnostic, LexiconError};

use ladder_core::Report;

/// Version of the coding rules; stored with coded events so a rule change re-codes.
/// Bump it whenever code or bundled lexicon changes alter output.
pub const CODER_VERSION: &str = "ladder-code/0.1.0";

/// The event coder: an entity source (the gazetteer) and a compiled lexicon.
pub struct Coder {
    entities: Box<dyn EntitySource>,
    lexicon: Lexicon,
}

impl Coder {
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
        coder::CoderCore {
            entities: self.entities.as_ref(),
            lexicon: &self.lexicon,
        }
        .code_report(report)
    }
}
