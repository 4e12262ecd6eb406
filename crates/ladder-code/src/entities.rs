//! The coder's view of named entities: actor, sector and place mentions with byte spans.
//! The gazetteer supplies them through [`EntitySource`]; tests may use a small table.

use chrono::NaiveDate;

/// What a mention names.
#[derive(Debug, Clone, PartialEq)]
pub enum EntityKind {
    /// A state, organisation, agency or person: codes (ISO alpha-3, `NATO`, `UN`…) and
    /// the agency, unit or person as detail.
    Actor {
        codes: Vec<String>,
        detail: Option<String>,
        /// A country named by name, demonym or capital (may take a sector noun after it).
        country_form: bool,
    },
    /// A generic sector noun ("spy agency", "troops", "foreign ministry").
    Sector { sector: String },
    /// A place from the gazetteer.
    Place {
        name: String,
        country: Option<String>,
        lat: Option<f64>,
        lon: Option<f64>,
        kind: Option<String>,
    },
}

/// A mention: byte span in the report text and what it names.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityMention {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// Anything that finds entity mentions in text (the gazetteer, or a test table).
pub trait EntitySource: Send + Sync {
    /// All mentions in `text`, sorted by start, not overlapping; people resolved to the
    /// office they held on `date` (when known).
    fn mentions(&self, text: &str, date: Option<NaiveDate>) -> Vec<EntityMention>;
    /// The mentions of [`EntitySource::mentions`], in the same order, found as the
    /// iterator advances; a source overrides it so that a long report never holds all
    /// its mentions at once.
    fn mention_stream<'s>(
        &'s self,
        text: &'s str,
        date: Option<NaiveDate>,
    ) -> Box<dyn Iterator<Item = EntityMention> + 's> {
        Box::new(self.mentions(text, date).into_iter())
    }
    /// Whether `code` is a state (ISO alpha-3) rather than an organisation.
    fn is_country_code(&self, code: &str) -> bool;
}

/// A fixed table of surface forms, for tests and examples: case-sensitive whole-word
/// matches, longest first.
#[derive(Debug, Clone, Default)]
pub struct EntityTable {
    entries: Vec<(String, EntityKind)>,
}

impl EntityTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// A country by one surface form (name, demonym, capital).
    pub fn country(mut self, form: &str, code: &str) -> Self {
        self.entries.push((
            form.to_string(),
            EntityKind::Actor {
                codes: vec![code.to_string()],
                detail: None,
                country_form: true,
            },
        ));
        self
    }

    /// An actor with a detail (organisation, agency, person).
    pub fn actor(mut self, form: &str, code: &str, detail: Option<&str>) -> Self {
        self.entries.push((
            form.to_string(),
            EntityKind::Actor {
                codes: vec![code.to_string()],
                detail: detail.map(str::to_string),
                country_form: false,
            },
        ));
        self
    }

    pub fn sector(mut self, form: &str, sector: &str) -> Self {
        self.entries.push((
            form.to_string(),
            EntityKind::Sector {
                sector: sector.to_string(),
            },
        ));
        self
    }

    pub fn place(mut self, form: &str, name: &str, country: &str) -> Self {
        self.entries.push((
            form.to_string(),
            EntityKind::Place {
                name: name.to_string(),
                country: Some(country.to_string()),
                lat: None,
                lon: None,
                kind: None,
            },
        ));
        self
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

impl EntitySource for EntityTable {
    fn mentions(&self, text: &str, _date: Option<NaiveDate>) -> Vec<EntityMention> {
        let bytes = text.as_bytes();
        let mut found: Vec<EntityMention> = Vec::new();
        for (form, kind) in &self.entries {
            let mut from = 0;
            while let Some(pos) = text[from..].find(form.as_str()) {
                let s = from + pos;
                let e = s + form.len();
                let left_ok = s == 0
                    || !is_word_byte(bytes[s - 1])
                    || bytes[s - 1] >= 0x80 && !text[..s].ends_with(char::is_alphabetic);
                let right_ok = e >= bytes.len() || !bytes[e].is_ascii_alphanumeric();
                if left_ok && right_ok {
                    found.push(EntityMention {
                        start: s,
                        end: e,
                        kind: kind.clone(),
                    });
                }
                from = e;
            }
        }
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<EntityMention> = Vec::new();
        for m in found {
            if out.last().is_some_and(|l| m.start < l.end) {
                continue;
            }
            out.push(m);
        }
        out
    }

    fn is_country_code(&self, code: &str) -> bool {
        code.len() == 3
            && code.chars().all(|c| c.is_ascii_uppercase())
            && !matches!(code, "IGO" | "NGO")
    }
}
