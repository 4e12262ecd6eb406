//! The trained model and its file format: magic, format version, payload length and an
//! FNV-1a checksum, then the tagger, lemmatiser and parser. Loading never panics: every
//! failure is a [`ModelError`] naming the file and what to do.

use crate::codec::{Malformed, Reader, Writer};
use crate::hash::fnv1a;
use crate::lemma::{Lemmatizer, Rewrite};
use crate::parser::Parser;
use crate::tagger::Tagger;
use std::path::Path;
use std::sync::OnceLock;
use thiserror::Error;

/// The first eight bytes of a model file.
pub const MAGIC: &[u8; 8] = b"LDRPARSE";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// Header: magic, version, payload length, checksum.
const HEADER: usize = 8 + 4 + 8 + 8;

const REMEDY: &str = "retrain with `ladder train parser` (or the `train` example of \
ladder-parse); the model in crates/ladder-parse/model/ is the one this build expects";

/// Why a model could not be loaded or saved.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("model file {origin}: {message}; {REMEDY}")]
    Io {
        /// The file.
        origin: String,
        /// The I/O error.
        message: String,
    },
    /// The file does not start with the model magic number.
    #[error("{origin} is not a ladder-parse model (bad magic number); {REMEDY}")]
    BadMagic {
        /// The file.
        origin: String,
    },
    /// The file was written by another format version.
    #[error(
        "model {origin} has format version {found}, this build reads version {expected}; {REMEDY}"
    )]
    Version {
        /// The file.
        origin: String,
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The file is shorter than its header says.
    #[error("model {origin} is truncated ({found} bytes, expected {expected}); {REMEDY}")]
    Truncated {
        /// The file.
        origin: String,
        /// Its length.
        found: u64,
        /// The length its header announces.
        expected: u64,
    },
    /// The payload does not match its checksum.
    #[error("model {origin} is corrupted (checksum mismatch); {REMEDY}")]
    Checksum {
        /// The file.
        origin: String,
    },
    /// The payload passed the checksum but could not be decoded.
    #[error("model {origin} is malformed: {what}; {REMEDY}")]
    Malformed {
        /// The file.
        origin: String,
        /// What was wrong.
        what: String,
    },
}

/// A trained tagger, lemmatiser and parser.
#[derive(Debug, Clone)]
pub struct Model {
    /// The UPOS tagger.
    pub tagger: Tagger,
    /// The lemmatiser.
    pub lemmatizer: Lemmatizer,
    /// The dependency parser.
    pub parser: Parser,
    /// Free text: how the model was trained.
    pub meta: String,
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../model/en-ewt.ladderparse");
static EMBEDDED: OnceLock<Result<Model, ModelError>> = OnceLock::new();

impl Model {
    /// The committed English EWT model, decoded once on first use.
    pub fn embedded() -> Result<&'static Model, ModelError> {
        EMBEDDED
            .get_or_init(|| {
                Model::from_bytes(
                    EMBEDDED_BYTES,
                    "embedded crates/ladder-parse/model/en-ewt.ladderparse",
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let origin = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ModelError::Io {
            origin: origin.clone(),
            message: e.to_string(),
        })?;
        Model::from_bytes(&bytes, &origin)
    }

    /// Writes the model to a file.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes()).map_err(|e| ModelError::Io {
            origin: path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// The model file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.meta);
        w.table(&self.tagger.weights);
        w.map_u32(&self.tagger.amb);
        w.map_u8(&self.tagger.dict);
        w.u64(self.lemmatizer.table.len() as u64);
        for ((form, upos), lemma) in &self.lemmatizer.table {
            w.str(form);
            w.u8(*upos);
            w.str(if lemma == form { "" } else { lemma });
        }
        w.u64(self.lemmatizer.rules.len() as u64);
        for ((upos, suffix), r) in &self.lemmatizer.rules {
            w.u8(*upos);
            w.str(suffix);
            w.u8(r.strip);
            w.str(&r.add);
        }
        w.table(&self.parser.transitions);
        w.table(&self.parser.labels);
        w.u64(self.parser.label_names.len() as u64);
        for l in &self.parser.label_names {
            w.str(l);
        }
        w.u16(self.parser.root_label);
        let payload = w.bytes;
        let mut out = Vec::with_capacity(HEADER + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&fnv1a(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Decodes model bytes; `origin` names them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Model, ModelError> {
        let origin = origin.to_string();
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            if bytes.len() < 8 && MAGIC.starts_with(bytes) {
                return Err(ModelError::Truncated {
                    origin,
                    found: bytes.len() as u64,
                    expected: HEADER as u64,
                });
            }
            return Err(ModelError::BadMagic { origin });
        }
        if bytes.len() < HEADER {
            return Err(ModelError::Truncated {
                origin,
                found: bytes.len() as u64,
                expected: HEADER as u64,
            });
        }
        let mut h = Reader::new(&bytes[8..HEADER]);
        let header = (|| Ok::<_, Malformed>((h.u32()?, h.u64()?, h.u64()?)))();
        let (version, len, checksum) = header.map_err(|m| ModelError::Malformed {
            origin: origin.clone(),
            what: m.0,
        })?;
        if version != FORMAT_VERSION {
            return Err(ModelError::Version {
                origin,
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let expected = (HEADER as u64).saturating_add(len);
        if (bytes.len() as u64) < expected {
            return Err(ModelError::Truncated {
                origin,
                found: bytes.len() as u64,
                expected,
            });
        }
        let payload = &bytes[HEADER..expected as usize];
        if bytes.len() as u64 != expected || fnv1a(payload) != checksum {
            return Err(ModelError::Checksum { origin });
        }
        decode(payload).map_err(|m| ModelError::Malformed { origin, what: m.0 })
    }

    /// Approximate heap bytes of the loaded model.
    pub fn heap_bytes(&self) -> usize {
        let maps = (self.tagger.amb.len() * 12 + self.tagger.dict.len() * 9) * 2;
        let lemmas: usize = self
            .lemmatizer
            .table
            .iter()
            .map(|((f, _), l)| f.len() + l.len() + 80)
            .sum::<usize>()
            + self.lemmatizer.rules.len() * 96;
        self.tagger.weights.heap_bytes()
            + self.parser.transitions.heap_bytes()
            + self.parser.labels.heap_bytes()
            + maps
            + lemmas
    }
}

fn decode(payload: &[u8]) -> Result<Model, Malformed> {
    let mut r = Reader::new(payload);
    let meta = r.str()?;
    let weights = r.table()?;
    let amb = r.map_u32()?;
    let dict = r.map_u8()?;
    let mut lemmatizer = Lemmatizer::default();
    for _ in 0..r.count(10)? {
        let form = r.str()?;
        let upos = r.u8()?;
        let lemma = r.str()?;
        let lemma = if lemma.is_empty() {
            form.clone()
        } else {
            lemma
        };
        lemmatizer.table.insert((form, upos), lemma);
    }
    for _ in 0..r.count(11)? {
        let upos = r.u8()?;
        let suffix = r.str()?;
        let strip = r.u8()?;
        let add = r.str()?;
        lemmatizer
            .rules
            .insert((upos, suffix), Rewrite { strip, add });
    }
    lemmatizer.index();
    let transitions = r.table()?;
    let labels = r.table()?;
    let mut label_names = Vec::new();
    for _ in 0..r.count(4)? {
        label_names.push(r.str()?);
    }
    let root_label = r.u16()?;
    if weights.classes() != crate::upos::Upos::COUNT
        || transitions.classes() != crate::state::ACTIONS
        || labels.classes() != label_names.len()
        || usize::from(root_label) >= label_names.len()
        || !r.at_end()
    {
        return Err(Malformed(
            "inconsistent class counts or trailing bytes".into(),
        ));
    }
    Ok(Model {
        tagger: Tagger { weights, amb, dict },
        lemmatizer,
        parser: Parser {
            transitions,
            labels,
            punct_label: crate::parser::punct_label(&label_names),
            label_names,
            root_label,
        },
        meta,
    })
}
