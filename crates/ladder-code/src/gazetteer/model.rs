//! Gazetteer records (countries, organisations, agencies, sectors, people,
//! places) and the TOML shapes they are read from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A state or territory (ISO 3166-1, plus Kosovo as `XKX`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (`PRK`).
    pub code: String,
    #[serde(default)]
    pub alpha2: String,
    /// Short name used in news writing ("North Korea").
    pub name: String,
    #[serde(default)]
    pub official: String,
    /// Every surface form of the state ("North Korea", "DPRK", ...).
    #[serde(default)]
    pub names: Vec<String>,
    /// Adjectives and nationals ("North Korean"); plural `-s` is matched too.
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capital: String,
    /// Capital or seat-of-power words used for the state ("Pyongyang").
    #[serde(default)]
    pub metonyms: Vec<String>,
    /// Forms that are also first names or other places ("Jordan", "Georgia"):
    /// rejected next to another capitalised word.
    #[serde(default)]
    pub ambiguous_forms: Vec<String>,
    #[serde(default)]
    pub un_member: bool,
    #[serde(default)]
    pub un_observer: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// An international organisation or one of its organs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// Actor code (`NATO`, `UN`, `UNSC`).
    pub code: String,
    /// The organisation an organ belongs to (`UNSC` -> `UN`).
    pub parent: Option<String>,
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub names: Vec<String>,
    /// Forms accepted only when the text names the organisation otherwise too.
    #[serde(default)]
    pub contextual_names: Vec<String>,
    /// Member states (alpha-3), for alliances and blocs.
    #[serde(default)]
    pub members: Vec<String>,
}

/// A named state body or non-state armed group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agency {
    pub id: String,
    /// The state it belongs to, or where a non-state group is based.
    pub country: String,
    /// A sector code from `sectors.toml`.
    pub sector: String,
    /// Canonical name, used as the actor detail.
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    /// Short ambiguous forms accepted only when the text names the agency's
    /// country or the agency by another form.
    #[serde(default)]
    pub contextual_names: Vec<String>,
}

/// A generic role noun class ("spy agency" -> intelligence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sector {
    pub code: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub words: Vec<String>,
}

/// A person with terms of office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// Forms accepted wherever they appear.
    #[serde(default)]
    pub names: Vec<String>,
    /// Bare surnames: accepted only with support (see the matcher).
    #[serde(default)]
    pub surnames: Vec<String>,
    /// The surname is common among officials ("Kim", "Lee", "Park" in both Koreas): a
    /// bare surname names this person only when the text names them in full, never by
    /// the office they hold on the report date.
    #[serde(default)]
    pub common_surname: bool,
    #[serde(default, rename = "office")]
    pub offices: Vec<Office>,
}

/// One term of office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Office {
    /// Alpha-3 state code or organisation code the office acts for.
    pub country: String,
    pub role: String,
    pub sector: String,
    /// The `agencies.toml` body the office belongs to, when there is one.
    pub agency: Option<String>,
    pub start: NaiveDate,
    /// Last day in office (inclusive); `None` while in office.
    pub end: Option<NaiveDate>,
    pub note: Option<String>,
}

impl Office {
    /// Whether the office was held on `date` (both ends inclusive).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start <= date
            && match self.end {
                Some(end) => date <= end,
                None => true,
            }
    }
}

/// A place for event locations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    /// State the place is recognised as part of; `None` for regions spanning
    /// several states.
    pub country: Option<String>,
    /// Other states involved (littoral states, claimants).
    #[serde(default)]
    pub countries: Vec<String>,
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub population: Option<u64>,
    /// Competing claims, when there are any.
    pub disputed: Option<String>,
}

// ---------------------------------------------------------------- file shapes

/// `countries.toml`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CountriesFile {
    #[serde(default)]
    pub country: Vec<Spanned<Country>>,
}

/// `organisations.toml`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct OrganisationsFile {
    #[serde(default)]
    pub organisation: Vec<Spanned<Organisation>>,
}

/// `agencies.toml`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AgenciesFile {
    #[serde(default)]
    pub agency: Vec<Spanned<Agency>>,
}

/// `sectors.toml`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SectorsFile {
    #[serde(default)]
    pub sector: Vec<Spanned<Sector>>,
}

/// `people.toml`: dates stay text here so that a bad date is a diagnostic
/// with a line number, not a parse failure of the whole file.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PeopleFile {
    #[serde(default)]
    pub person: Vec<Spanned<RawPerson>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawPerson {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub surnames: Vec<String>,
    #[serde(default)]
    pub common_surname: bool,
    #[serde(default)]
    pub office: Vec<Spanned<RawOffice>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawOffice {
    pub country: String,
    pub role: String,
    pub sector: String,
    pub agency: Option<String>,
    pub start: String,
    pub end: Option<String>,
    pub note: Option<String>,
}

/// `places.toml`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PlacesFile {
    #[serde(default)]
    pub place: Vec<Spanned<Place>>,
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}
