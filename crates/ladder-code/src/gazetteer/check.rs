//! `ladder lexicon check` for gazetteer files: `file:line: message`
//! diagnostics for everything an analyst can get wrong in a data file.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use toml::Spanned;

use super::model::{
    self, AgenciesFile, CountriesFile, OrganisationsFile, PeopleFile, PlacesFile, SectorsFile,
};
use super::{line_of, Layers, FILE_NAMES};

/// One problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line (0 when the problem is the file or folder itself).
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A parsed file of the folder under check.
struct Source<T> {
    file: String,
    text: String,
    data: T,
}

impl<T> Source<T> {
    fn diag(&self, offset: usize, message: String) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            line: line_of(&self.text, offset),
            message,
        }
    }
}

/// Codes and ids known from the bundled files and the folder together.
#[derive(Default)]
struct Known {
    countries: HashSet<String>,
    organisations: HashSet<String>,
    agencies: HashSet<String>,
    sectors: HashSet<String>,
}

fn is_alpha3(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_org_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 16
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'+' || b == b'-')
}

fn read<T: DeserializeOwned + Default>(
    dir: &Path,
    name: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Source<T>> {
    let path = dir.join(name);
    if !path.is_file() {
        return None;
    }
    let file = path.display().to_string();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            out.push(Diagnostic {
                file,
                line: 0,
                message: format!("cannot read: {e}"),
            });
            return None;
        }
    };
    match toml::from_str::<T>(&text) {
        Ok(data) => Some(Source { file, text, data }),
        Err(e) => {
            out.push(Diagnostic {
                line: e.span().map_or(1, |span| line_of(&text, span.start)),
                file,
                message: e.message().trim().to_string(),
            });
            None
        }
    }
}

/// Flags a second entry with an id already seen in the same file.
fn duplicate(seen: &mut HashSet<String>, id: &str) -> bool {
    !seen.insert(id.to_string())
}

fn names_problem(name: &str, names: &[String]) -> Option<String> {
    if name.trim().is_empty() {
        Some("empty name".to_string())
    } else if names.iter().any(|n| n.trim().is_empty()) {
        Some("empty string in names".to_string())
    } else {
        None
    }
}

fn coordinates_problem(lat: Option<f64>, lon: Option<f64>) -> Option<String> {
    match (lat, lon) {
        (Some(lat), _) if !(-90.0..=90.0).contains(&lat) => {
            Some(format!("latitude {lat} out of range"))
        }
        (_, Some(lon)) if !(-180.0..=180.0).contains(&lon) => {
            Some(format!("longitude {lon} out of range"))
        }
        _ => None,
    }
}

pub(crate) fn check_dir(dir: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        out.push(Diagnostic {
            file: dir.display().to_string(),
            line: 0,
            message: "not a directory".to_string(),
        });
        return out;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut unknown: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml") && !FILE_NAMES.contains(&n.as_str()))
            .collect();
        unknown.sort();
        for name in unknown {
            out.push(Diagnostic {
                file: dir.join(&name).display().to_string(),
                line: 0,
                message: format!(
                    "not a gazetteer file (expected one of {})",
                    FILE_NAMES.join(", ")
                ),
            });
        }
    }
    let countries = read::<CountriesFile>(dir, "countries.toml", &mut out);
    let organisations = read::<OrganisationsFile>(dir, "organisations.toml", &mut out);
    let agencies = read::<AgenciesFile>(dir, "agencies.toml", &mut out);
    let sectors = read::<SectorsFile>(dir, "sectors.toml", &mut out);
    let people = read::<PeopleFile>(dir, "people.toml", &mut out);
    let places = read::<PlacesFile>(dir, "places.toml", &mut out);

    let mut known = Known::default();
    match Layers::bundled() {
        Ok(bundled) => {
            known.countries.extend(bundled.countries.index.into_keys());
            known
                .organisations
                .extend(bundled.organisations.index.into_keys());
            known.agencies.extend(bundled.agencies.index.into_keys());
            known.sectors.extend(bundled.sectors.index.into_keys());
        }
        Err(e) => out.push(Diagnostic {
            file: "<bundled>".to_string(),
            line: 0,
            message: e.to_string(),
        }),
    }
    if let Some(src) = &countries {
        known
            .countries
            .extend(src.data.country.iter().map(|c| c.get_ref().code.clone()));
    }
    if let Some(src) = &organisations {
        known.organisations.extend(
            src.data
                .organisation
                .iter()
                .map(|o| o.get_ref().code.clone()),
        );
    }
    if let Some(src) = &agencies {
        known
            .agencies
            .extend(src.data.agency.iter().map(|a| a.get_ref().id.clone()));
    }
    if let Some(src) = &sectors {
        known
            .sectors
            .extend(src.data.sector.iter().map(|s| s.get_ref().code.clone()));
    }

    if let Some(src) = &countries {
        check_countries(src, &mut out);
    }
    if let Some(src) = &organisations {
        check_organisations(src, &known, &mut out);
    }
    if let Some(src) = &agencies {
        check_agencies(src, &known, &mut out);
    }
    if let Some(src) = &sectors {
        check_sectors(src, &mut out);
    }
    if let Some(src) = &people {
        check_people(src, &known, &mut out);
    }
    if let Some(src) = &places {
        check_places(src, &known, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

fn country_code_problem(known: &Known, code: &str) -> Option<String> {
    if !is_alpha3(code) {
        Some(format!("{code:?} is not an ISO 3166-1 alpha-3 code"))
    } else if !known.countries.contains(code) {
        Some(format!("unknown country code {code}"))
    } else {
        None
    }
}

fn check_countries(src: &Source<CountriesFile>, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for entry in &src.data.country {
        let at = entry.span().start;
        let c = entry.get_ref();
        if !is_alpha3(&c.code) {
            out.push(src.diag(
                at,
                format!("{:?} is not an ISO 3166-1 alpha-3 code", c.code),
            ));
        }
        let alpha2_ok = c.alpha2.is_empty()
            || (c.alpha2.len() == 2 && c.alpha2.bytes().all(|b| b.is_ascii_uppercase()));
        if !alpha2_ok {
            out.push(src.diag(
                at,
                format!("{}: {:?} is not an alpha-2 code", c.code, c.alpha2),
            ));
        }
        if duplicate(&mut seen, &c.code) {
            out.push(src.diag(at, format!("duplicate country code {}", c.code)));
        }
        if let Some(p) = names_problem(&c.name, &c.names) {
            out.push(src.diag(at, format!("{}: {p}", c.code)));
        }
        if c.demonyms
            .iter()
            .chain(&c.metonyms)
            .any(|n| n.trim().is_empty())
        {
            out.push(src.diag(at, format!("{}: empty demonym or metonym", c.code)));
        }
        if let Some(p) = coordinates_problem(c.lat, c.lon) {
            out.push(src.diag(at, format!("{}: {p}", c.code)));
        }
    }
}

fn check_organisations(src: &Source<OrganisationsFile>, known: &Known, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for entry in &src.data.organisation {
        let at = entry.span().start;
        let o = entry.get_ref();
        if !is_org_code(&o.code) {
            out.push(src.diag(
                at,
                format!(
                    "{:?} is not an organisation code (A-Z, 0-9, + or -)",
                    o.code
                ),
            ));
        }
        if duplicate(&mut seen, &o.code) {
            out.push(src.diag(at, format!("duplicate organisation code {}", o.code)));
        }
        if let Some(p) = names_problem(&o.name, &o.names) {
            out.push(src.diag(at, format!("{}: {p}", o.code)));
        }
        for member in &o.members {
            if let Some(p) = country_code_problem(known, member) {
                out.push(src.diag(at, format!("{}: member {p}", o.code)));
            }
        }
        if let Some(parent) = &o.parent {
            if !known.organisations.contains(parent) {
                out.push(src.diag(
                    at,
                    format!("{}: unknown parent organisation {parent}", o.code),
                ));
            }
        }
        for form in &o.contextual_names {
            if form != &o.name && !o.names.contains(form) {
                out.push(src.diag(
                    at,
                    format!("{}: contextual name {form:?} is not among names", o.code),
                ));
            }
        }
    }
}

fn check_agencies(src: &Source<AgenciesFile>, known: &Known, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for entry in &src.data.agency {
        let at = entry.span().start;
        let a = entry.get_ref();
        if a.id.trim().is_empty() {
            out.push(src.diag(at, "empty agency id".to_string()));
        }
        if duplicate(&mut seen, &a.id) {
            out.push(src.diag(at, format!("duplicate agency id {}", a.id)));
        }
        if let Some(p) = country_code_problem(known, &a.country) {
            out.push(src.diag(at, format!("{}: {p}", a.id)));
        }
        if !known.sectors.contains(&a.sector) {
            out.push(src.diag(at, format!("{}: unknown sector {:?}", a.id, a.sector)));
        }
        if let Some(p) = names_problem(&a.name, &a.names) {
            out.push(src.diag(at, format!("{}: {p}", a.id)));
        }
        for form in &a.contextual_names {
            if form != &a.name && !a.names.contains(form) {
                out.push(src.diag(
                    at,
                    format!("{}: contextual name {form:?} is not among names", a.id),
                ));
            }
        }
    }
}

fn check_sectors(src: &Source<SectorsFile>, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for entry in &src.data.sector {
        let at = entry.span().start;
        let s = entry.get_ref();
        if s.code.trim().is_empty() {
            out.push(src.diag(at, "empty sector code".to_string()));
        }
        if duplicate(&mut seen, &s.code) {
            out.push(src.diag(at, format!("duplicate sector code {}", s.code)));
        }
        if s.words.is_empty() || s.words.iter().any(|w| w.trim().is_empty()) {
            out.push(src.diag(at, format!("{}: empty word list or empty word", s.code)));
        }
    }
}

fn check_people(src: &Source<PeopleFile>, known: &Known, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for entry in &src.data.person {
        let at = entry.span().start;
        let p = entry.get_ref();
        if p.id.trim().is_empty() {
            out.push(src.diag(at, "empty person id".to_string()));
        }
        if duplicate(&mut seen, &p.id) {
            out.push(src.diag(at, format!("duplicate person id {}", p.id)));
        }
        if let Some(problem) = names_problem(&p.name, &p.names) {
            out.push(src.diag(at, format!("{}: {problem}", p.id)));
        }
        if p.surnames.iter().any(|s| s.trim().is_empty()) {
            out.push(src.diag(at, format!("{}: empty surname", p.id)));
        }
        if p.office.is_empty() {
            out.push(src.diag(at, format!("{}: no office", p.id)));
        }
        for office in &p.office {
            check_office(src, known, &p.id, office, out);
        }
    }
}

fn check_office(
    src: &Source<PeopleFile>,
    known: &Known,
    person: &str,
    office: &Spanned<model::RawOffice>,
    out: &mut Vec<Diagnostic>,
) {
    let at = office.span().start;
    let o = office.get_ref();
    if !known.organisations.contains(&o.country) {
        if let Some(p) = country_code_problem(known, &o.country) {
            out.push(src.diag(
                at,
                format!("{person}: office {p} (nor an organisation code)"),
            ));
        }
    }
    if !known.sectors.contains(&o.sector) {
        out.push(src.diag(at, format!("{person}: unknown sector {:?}", o.sector)));
    }
    if let Some(agency) = &o.agency {
        if !known.agencies.contains(agency) {
            out.push(src.diag(at, format!("{person}: unknown agency {agency:?}")));
        }
    }
    if o.role.trim().is_empty() {
        out.push(src.diag(at, format!("{person}: empty role")));
    }
    let start = model::parse_date(&o.start);
    if start.is_none() {
        out.push(src.diag(
            at,
            format!("{person}: start {:?} is not a date (YYYY-MM-DD)", o.start),
        ));
    }
    if let Some(end_text) = &o.end {
        match model::parse_date(end_text) {
            None => out.push(src.diag(
                at,
                format!("{person}: end {end_text:?} is not a date (YYYY-MM-DD)"),
            )),
            Some(end) => {
                if start.is_some_and(|start| end < start) {
                    out.push(src.diag(
                        at,
                        format!("{person}: end {end} is before start {}", o.start),
                    ));
                }
            }
        }
    }
}

fn check_places(src: &Source<PlacesFile>, known: &Known, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for entry in &src.data.place {
        let at = entry.span().start;
        let p = entry.get_ref();
        if p.id.trim().is_empty() {
            out.push(src.diag(at, "empty place id".to_string()));
        }
        if duplicate(&mut seen, &p.id) {
            out.push(src.diag(at, format!("duplicate place id {}", p.id)));
        }
        if let Some(problem) = names_problem(&p.name, &p.names) {
            out.push(src.diag(at, format!("{}: {problem}", p.id)));
        }
        for code in p.country.iter().chain(&p.countries) {
            if let Some(problem) = country_code_problem(known, code) {
                out.push(src.diag(at, format!("{}: {problem}", p.id)));
            }
        }
        if let Some(problem) = coordinates_problem(Some(p.lat), Some(p.lon)) {
            out.push(src.diag(at, format!("{}: {problem}", p.id)));
        }
    }
}
