//! The gazetteer: who and where. Countries, organisations, agencies, sector
//! words, people with terms of office and places, loaded from TOML (bundled
//! files embedded in the binary, a user `gazetteer/` folder layered on top)
//! and found in text by one Aho-Corasick automaton.
//!
//! Layering: a user file with the same name as a bundled one adds entries;
//! an entry whose id (country `code`, organisation `code`, agency `id`,
//! sector `code`, person `id`, place `id`) is already known replaces it.
//!
//! This module does no I/O except reading the user folder in
//! [`Gazetteer::load_layered`] and [`Gazetteer::check_dir`].

mod check;
mod matcher;
mod model;
mod source;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use toml::Spanned;

pub use check::Diagnostic;
pub use matcher::{CountryForm, Mention, MentionKind};
pub use model::{Agency, Country, Office, Organisation, Person, Place, Sector};

use matcher::{Entities, Matcher};
use model::{
    AgenciesFile, CountriesFile, OrganisationsFile, PeopleFile, PlacesFile, RawPerson, SectorsFile,
};

/// The six gazetteer files, in load order.
pub const FILE_NAMES: [&str; 6] = [
    "countries.toml",
    "organisations.toml",
    "agencies.toml",
    "sectors.toml",
    "people.toml",
    "places.toml",
];

/// The bundled files, embedded at compile time.
const BUNDLED: [(&str, &str); 6] = [
    (
        "countries.toml",
        include_str!("../../../data/gazetteer/countries.toml"),
    ),
    (
        "organisations.toml",
        include_str!("../../../data/gazetteer/organisations.toml"),
    ),
    (
        "agencies.toml",
        include_str!("../../../data/gazetteer/agencies.toml"),
    ),
    (
        "sectors.toml",
        include_str!("../../../data/gazetteer/sectors.toml"),
    ),
    (
        "people.toml",
        include_str!("../../../data/gazetteer/people.toml"),
    ),
    (
        "places.toml",
        include_str!("../../../data/gazetteer/places.toml"),
    ),
];

/// Why a gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file that does not parse, or an entry that cannot be used (a date
    /// that is not `YYYY-MM-DD`).
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
    #[error("building the gazetteer automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// How many entries of each kind a gazetteer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub countries: usize,
    pub organisations: usize,
    pub agencies: usize,
    pub sectors: usize,
    pub people: usize,
    pub places: usize,
    /// Distinct surface forms in the automaton.
    pub patterns: usize,
    /// Heap bytes used by the automaton.
    pub automaton_bytes: usize,
}

/// Entries keyed by id, in first-seen order; a later entry with the same id
/// replaces the earlier one in place.
#[derive(Debug, Clone)]
struct Keyed<T> {
    items: Vec<T>,
    index: HashMap<String, usize>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T> Keyed<T> {
    fn upsert(&mut self, key: String, item: T) {
        match self.index.get(&key) {
            Some(&i) => self.items[i] = item,
            None => {
                self.index.insert(key, self.items.len());
                self.items.push(item);
            }
        }
    }

    fn get(&self, key: &str) -> Option<&T> {
        self.index.get(key).map(|&i| &self.items[i])
    }
}

/// Entries gathered from the layers before the automaton is built.
#[derive(Debug, Default)]
struct Layers {
    countries: Keyed<Country>,
    organisations: Keyed<Organisation>,
    agencies: Keyed<Agency>,
    sectors: Keyed<Sector>,
    people: Keyed<Person>,
    places: Keyed<Place>,
}

impl Layers {
    /// Parses one file (`name` is one of [`FILE_NAMES`]) and layers it on.
    fn add_file(&mut self, name: &str, shown_as: &str, text: &str) -> Result<(), GazetteerError> {
        match name {
            "countries.toml" => {
                for c in parse::<CountriesFile>(shown_as, text)?.country {
                    let c = c.into_inner();
                    self.countries.upsert(c.code.clone(), c);
                }
            }
            "organisations.toml" => {
                for o in parse::<OrganisationsFile>(shown_as, text)?.organisation {
                    let o = o.into_inner();
                    self.organisations.upsert(o.code.clone(), o);
                }
            }
            "agencies.toml" => {
                for a in parse::<AgenciesFile>(shown_as, text)?.agency {
                    let a = a.into_inner();
                    self.agencies.upsert(a.id.clone(), a);
                }
            }
            "sectors.toml" => {
                for s in parse::<SectorsFile>(shown_as, text)?.sector {
                    let s = s.into_inner();
                    self.sectors.upsert(s.code.clone(), s);
                }
            }
            "people.toml" => {
                for p in parse::<PeopleFile>(shown_as, text)?.person {
                    let person = person_from_raw(shown_as, text, p)?;
                    self.people.upsert(person.id.clone(), person);
                }
            }
            "places.toml" => {
                for p in parse::<PlacesFile>(shown_as, text)?.place {
                    let p = p.into_inner();
                    self.places.upsert(p.id.clone(), p);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn bundled() -> Result<Layers, GazetteerError> {
        let mut layers = Layers::default();
        for (name, text) in BUNDLED {
            layers.add_file(name, &format!("<bundled>/{name}"), text)?;
        }
        Ok(layers)
    }
}

/// 1-based line of a byte offset (whitespace at the offset is skipped).
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let rest = text.get(offset..).unwrap_or("");
    let offset = offset + (rest.len() - rest.trim_start().len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn parse<T: DeserializeOwned>(shown_as: &str, text: &str) -> Result<T, GazetteerError> {
    toml::from_str(text).map_err(|e| GazetteerError::Invalid {
        file: shown_as.to_string(),
        line: e.span().map_or(1, |span| line_of(text, span.start)),
        message: e.message().to_string(),
    })
}

fn person_from_raw(
    shown_as: &str,
    text: &str,
    raw: Spanned<RawPerson>,
) -> Result<Person, GazetteerError> {
    let raw = raw.into_inner();
    let mut offices = Vec::with_capacity(raw.office.len());
    for office in raw.office {
        let line = line_of(text, office.span().start);
        let office = office.into_inner();
        let bad_date = |what: &str, value: &str| GazetteerError::Invalid {
            file: shown_as.to_string(),
            line,
            message: format!("{}: office {what} {value:?} is not YYYY-MM-DD", raw.id),
        };
        let start =
            model::parse_date(&office.start).ok_or_else(|| bad_date("start", &office.start))?;
        let end = match &office.end {
            Some(end) => Some(model::parse_date(end).ok_or_else(|| bad_date("end", end))?),
            None => None,
        };
        offices.push(Office {
            country: office.country,
            role: office.role,
            sector: office.sector,
            agency: office.agency,
            start,
            end,
            note: office.note,
        });
    }
    Ok(Person {
        id: raw.id,
        name: raw.name,
        names: raw.names,
        surnames: raw.surnames,
        common_surname: raw.common_surname,
        offices,
    })
}

/// The loaded gazetteer with its compiled matcher.
#[derive(Clone)]
pub struct Gazetteer {
    countries: Keyed<Country>,
    organisations: Keyed<Organisation>,
    agencies: Keyed<Agency>,
    sectors: Keyed<Sector>,
    people: Keyed<Person>,
    places: Keyed<Place>,
    matcher: Matcher,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("counts", &self.counts())
            .finish()
    }
}

impl Gazetteer {
    /// The bundled gazetteer (files embedded in the binary).
    pub fn bundled() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_layers(Layers::bundled()?)
    }

    /// The bundled gazetteer with the files of `user_dir` (any of
    /// [`FILE_NAMES`]) layered on top; a missing folder or file is skipped.
    pub fn load_layered(user_dir: Option<&Path>) -> Result<Gazetteer, GazetteerError> {
        let mut layers = Layers::bundled()?;
        if let Some(dir) = user_dir {
            for name in FILE_NAMES {
                let path = dir.join(name);
                if !path.is_file() {
                    continue;
                }
                let text = std::fs::read_to_string(&path).map_err(|source| GazetteerError::Io {
                    path: path.clone(),
                    source,
                })?;
                layers.add_file(name, &path.display().to_string(), &text)?;
            }
        }
        Gazetteer::from_layers(layers)
    }

    /// Validates the gazetteer files in `dir` (layered on the bundled ones
    /// for cross-references): parse errors, bad or unknown codes, bad dates,
    /// end before start, duplicate ids, empty names, unknown sectors.
    pub fn check_dir(dir: &Path) -> Vec<Diagnostic> {
        check::check_dir(dir)
    }

    fn from_layers(layers: Layers) -> Result<Gazetteer, GazetteerError> {
        let matcher = Matcher::build(&Entities {
            countries: &layers.countries.items,
            organisations: &layers.organisations.items,
            agencies: &layers.agencies.items,
            sectors: &layers.sectors.items,
            people: &layers.people.items,
            places: &layers.places.items,
        })?;
        Ok(Gazetteer {
            countries: layers.countries,
            organisations: layers.organisations,
            agencies: layers.agencies,
            sectors: layers.sectors,
            people: layers.people,
            places: layers.places,
            matcher,
        })
    }

    fn entities(&self) -> Entities<'_> {
        Entities {
            countries: &self.countries.items,
            organisations: &self.organisations.items,
            agencies: &self.agencies.items,
            sectors: &self.sectors.items,
            people: &self.people.items,
            places: &self.places.items,
        }
    }

    /// Every entity mention in `text`, in order, without a report date: bare
    /// surnames are accepted only when the text names the person in full or
    /// the surname is unique in the gazetteer.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.matcher.mentions(&self.entities(), text, None)
    }

    /// Every entity mention in `text`, resolving shared names and bare
    /// surnames against the people in office on `date` (the report date).
    pub fn mentions_on(&self, text: &str, date: Option<NaiveDate>) -> Vec<Mention> {
        self.matcher.mentions(&self.entities(), text, date)
    }

    /// The mentions of [`Gazetteer::mentions_on`], each resolved (with its strings) only
    /// when the iterator reaches it, so a long text never holds them all at once.
    pub fn mention_iter<'s>(
        &'s self,
        text: &'s str,
        date: Option<NaiveDate>,
    ) -> impl Iterator<Item = Mention> + 's {
        self.matcher.mention_stream(&self.entities(), text, date)
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.get(code)
    }

    pub fn organisation(&self, code: &str) -> Option<&Organisation> {
        self.organisations.get(code)
    }

    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agencies.get(id)
    }

    pub fn sector(&self, code: &str) -> Option<&Sector> {
        self.sectors.get(code)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.get(id)
    }

    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places.get(id)
    }

    /// The office `person_id` held on `date`; when several overlap (party
    /// leader and president), the most recently started one.
    pub fn person_office(&self, person_id: &str, date: NaiveDate) -> Option<&Office> {
        self.person(person_id)?
            .offices
            .iter()
            .filter(|o| o.covers(date))
            .max_by_key(|o| o.start)
    }

    /// Whether `code` is a known actor code (country or organisation).
    pub fn is_actor_code(&self, code: &str) -> bool {
        self.countries.get(code).is_some() || self.organisations.get(code).is_some()
    }

    pub fn countries(&self) -> &[Country] {
        &self.countries.items
    }

    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations.items
    }

    pub fn agencies(&self) -> &[Agency] {
        &self.agencies.items
    }

    pub fn sectors(&self) -> &[Sector] {
        &self.sectors.items
    }

    pub fn people(&self) -> &[Person] {
        &self.people.items
    }

    pub fn places(&self) -> &[Place] {
        &self.places.items
    }

    pub fn counts(&self) -> Counts {
        Counts {
            countries: self.countries.items.len(),
            organisations: self.organisations.items.len(),
            agencies: self.agencies.items.len(),
            sectors: self.sectors.items.len(),
            people: self.people.items.len(),
            places: self.places.items.len(),
            patterns: self.matcher.pattern_count(),
            automaton_bytes: self.matcher.automaton_bytes(),
        }
    }
}

#[cfg(test)]
mod tests;
