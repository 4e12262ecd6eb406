//! The source registry: outlets and agencies with their Admiralty reliability, wire status
//! and default handling level, from the bundled `data/sources.toml` with a user file layered
//! on top. Lookup by name, alias, domain or URL.

use ladder_core::{Reliability, Source, Tlp};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use toml::Spanned;

/// The bundled registry, embedded in the binary.
pub const BUNDLED_SOURCES: &str = include_str!("../../../data/sources.toml");
const BUNDLED_NAME: &str = "data/sources.toml";

/// The kinds of source the registry knows.
pub const SOURCE_KINDS: &[&str] = &[
    "outlet",
    "wire",
    "state-media",
    "government",
    "agency",
    "think-tank",
    "partner",
];

/// A problem in a registry file, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryDiagnostic {
    /// The file, as given.
    pub path: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for RegistryDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// A registry file that could not be loaded: the first of its problems, and how many more.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{first}{}", more_suffix(*.more))]
pub struct RegistryError {
    pub first: RegistryDiagnostic,
    /// Further problems in the same file (see [`SourceRegistry::check_file`]).
    pub more: usize,
}

fn more_suffix(more: usize) -> String {
    match more {
        0 => String::new(),
        n => format!(" (and {n} more problem(s); run a check on the file to list them)"),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    #[serde(default)]
    source: Vec<Spanned<SourceEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    reliability: String,
    #[serde(default)]
    wire: bool,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    tlp: Option<String>,
    /// Free-text reason for the grade; kept in the file for reviewers, not in the model.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

/// Outlets and agencies by name, alias and domain.
#[derive(Debug, Clone, Default)]
pub struct SourceRegistry {
    sources: Vec<Source>,
    /// Lower-cased name, alias or domain → index into `sources`.
    index: HashMap<String, usize>,
}

impl SourceRegistry {
    /// The registry bundled with Ladder.
    pub fn bundled() -> Self {
        let (sources, diagnostics) = parse_sources(BUNDLED_SOURCES, BUNDLED_NAME);
        debug_assert!(diagnostics.is_empty(), "bundled registry: {diagnostics:?}");
        SourceRegistry::from_sources(sources)
    }

    /// An empty registry (every source unknown).
    pub fn empty() -> Self {
        SourceRegistry::default()
    }

    /// The bundled registry with a user file on top: a user entry with the same name
    /// (case-insensitive) replaces the bundled one; new names are added.
    pub fn load_layered(user_file: Option<&Path>) -> Result<Self, RegistryError> {
        let mut registry = SourceRegistry::bundled();
        if let Some(path) = user_file {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| RegistryError {
                first: RegistryDiagnostic {
                    path: shown.clone(),
                    line: None,
                    message: format!("cannot read: {}", crate::error::io_message(&e)),
                },
                more: 0,
            })?;
            let user = SourceRegistry::from_toml_str(&text, &shown)?;
            registry = registry.layered(user);
        }
        Ok(registry)
    }

    /// Parse a registry from TOML text; `path` names it in errors.
    pub fn from_toml_str(text: &str, path: &str) -> Result<Self, RegistryError> {
        let (sources, mut diagnostics) = parse_sources(text, path);
        if diagnostics.is_empty() {
            return Ok(SourceRegistry::from_sources(sources));
        }
        let more = diagnostics.len() - 1;
        Err(RegistryError {
            first: diagnostics.remove(0),
            more,
        })
    }

    /// Every problem in a registry file, each with its line; empty when the file is good.
    pub fn check_file(path: &Path) -> Vec<RegistryDiagnostic> {
        let shown = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => parse_sources(&text, &shown).1,
            Err(e) => vec![RegistryDiagnostic {
                path: shown,
                line: None,
                message: format!("cannot read: {}", crate::error::io_message(&e)),
            }],
        }
    }

    /// This registry with `user`'s entries on top.
    pub fn layered(self, user: SourceRegistry) -> SourceRegistry {
        let replaced: Vec<String> = user.sources.iter().map(|s| s.name.to_lowercase()).collect();
        let mut sources: Vec<Source> = self
            .sources
            .into_iter()
            .filter(|s| !replaced.contains(&s.name.to_lowercase()))
            .collect();
        // User entries come first so that their aliases win over bundled ones.
        let mut merged = user.sources;
        merged.append(&mut sources);
        SourceRegistry::from_sources(merged)
    }

    fn from_sources(sources: Vec<Source>) -> Self {
        let mut index = HashMap::new();
        for (at, source) in sources.iter().enumerate() {
            for key in std::iter::once(&source.name).chain(&source.aliases) {
                index.entry(key.trim().to_lowercase()).or_insert(at);
            }
        }
        SourceRegistry { sources, index }
    }

    /// All sources, user entries first, then bundled ones in file order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Find a source by name, alias, domain or URL (`https://www.reuters.com/world/…`
    /// finds `reuters.com`; `news.example.co.uk` also tries `example.co.uk`).
    pub fn lookup(&self, name_or_domain: &str) -> Option<&Source> {
        let key = name_or_domain.trim().to_lowercase();
        if key.is_empty() {
            return None;
        }
        if let Some(&at) = self.index.get(&key) {
            return Some(&self.sources[at]);
        }
        let host = host_of(&key)?;
        let mut candidate = host.strip_prefix("www.").unwrap_or(host);
        loop {
            if let Some(&at) = self.index.get(candidate) {
                return Some(&self.sources[at]);
            }
            match candidate.find('.') {
                // Keep at least two labels: never match a bare suffix like "co.uk".
                Some(dot) if candidate[dot + 1..].contains('.') => {
                    candidate = &candidate[dot + 1..]
                }
                _ => return None,
            }
        }
    }

    /// The wire services: entries marked `wire = true`.
    pub fn wires(&self) -> impl Iterator<Item = &Source> {
        self.sources.iter().filter(|s| s.wire)
    }
}

/// The host part of a URL or a bare domain, lower-cased input assumed; `None` when the
/// text does not look like either.
pub(crate) fn host_of(text: &str) -> Option<&str> {
    let rest = match text.find("://") {
        Some(at) => &text[at + 3..],
        None => text,
    };
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    let host = &rest[..end];
    let host = host.rsplit('@').next().unwrap_or(host);
    let plausible = host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    plausible.then_some(host)
}

/// Parse registry text into sources and the diagnostics for everything wrong with it.
fn parse_sources(text: &str, path: &str) -> (Vec<Source>, Vec<RegistryDiagnostic>) {
    let diagnostic = |line: Option<usize>, message: String| RegistryDiagnostic {
        path: path.to_string(),
        line,
        message,
    };
    let file: RegistryFile = match toml::from_str(text) {
        Ok(file) => file,
        Err(e) => {
            let line = e.span().map(|span| line_of(text, span.start));
            return (
                Vec::new(),
                vec![diagnostic(line, e.message().trim().to_string())],
            );
        }
    };
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for spanned in file.source {
        let line = line_of(text, spanned.span().start);
        let entry = spanned.into_inner();
        match validate_entry(entry) {
            Ok(source) => {
                for key in std::iter::once(&source.name).chain(&source.aliases) {
                    let lower = key.trim().to_lowercase();
                    if let Some((owner, first_line)) = seen.get(&lower) {
                        if owner != &source.name {
                            diagnostics.push(diagnostic(
                                Some(line),
                                format!(
                                    "`{key}` of `{}` is already used by `{owner}` (line {first_line})",
                                    source.name
                                ),
                            ));
                        } else if key != &source.name {
                            diagnostics.push(diagnostic(
                                Some(line),
                                format!("`{key}` is listed twice for `{owner}`"),
                            ));
                        }
                        if key == &source.name && owner == &source.name {
                            diagnostics.push(diagnostic(
                                Some(line),
                                format!("`{owner}` is defined twice (first on line {first_line})"),
                            ));
                        }
                    } else {
                        seen.insert(lower, (source.name.clone(), line));
                    }
                }
                sources.push(source);
            }
            Err(message) => diagnostics.push(diagnostic(Some(line), message)),
        }
    }
    (sources, diagnostics)
}

fn validate_entry(entry: SourceEntry) -> Result<Source, String> {
    let name = entry.name.trim().to_string();
    if name.is_empty() {
        return Err("`name` is empty".to_string());
    }
    let reliability: Reliability = entry
        .reliability
        .parse()
        .map_err(|e| format!("`{name}`: reliability {e}"))?;
    if let Some(kind) = &entry.kind {
        if !SOURCE_KINDS.contains(&kind.as_str()) {
            return Err(format!(
                "`{name}`: kind '{kind}' is not one of {}",
                SOURCE_KINDS.join(", ")
            ));
        }
    }
    if let Some(country) = &entry.country {
        let ok = country.len() == 3 && country.chars().all(|c| c.is_ascii_uppercase());
        if !ok {
            return Err(format!(
                "`{name}`: country '{country}' is not an ISO 3166 alpha-3 code (e.g. KOR)"
            ));
        }
    }
    let tlp = match &entry.tlp {
        Some(text) => Some(
            text.parse::<Tlp>()
                .map_err(|e| format!("`{name}`: tlp {e}"))?,
        ),
        None => None,
    };
    let aliases = entry
        .aliases
        .into_iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    Ok(Source {
        name,
        aliases,
        reliability,
        wire: entry.wire,
        kind: entry.kind,
        country: entry.country,
        tlp,
    })
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_registry_is_clean_and_large_enough() {
        let (sources, diagnostics) = parse_sources(BUNDLED_SOURCES, BUNDLED_NAME);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        assert!(sources.len() >= 80, "only {} sources", sources.len());
        let registry = SourceRegistry::bundled();
        for wire in [
            "Reuters", "AP", "AFP", "Yonhap", "TASS", "KCNA", "Xinhua", "Kyodo",
        ] {
            let source = registry
                .lookup(wire)
                .unwrap_or_else(|| panic!("{wire} missing"));
            assert!(source.wire, "{wire} should be a wire");
        }
    }

    #[test]
    fn lookup_by_name_alias_domain_and_url() {
        let registry = SourceRegistry::bundled();
        let cases = [
            ("reuters", "Reuters"),
            ("REUTERS.COM", "Reuters"),
            ("https://www.reuters.com/world/asia-pacific/x", "Reuters"),
            ("en.yna.co.kr", "Yonhap"),
            ("https://en.yna.co.kr/view/AEN2024", "Yonhap"),
        ];
        for (query, expected) in cases {
            assert_eq!(
                registry.lookup(query).map(|s| s.name.as_str()),
                Some(expected),
                "{query}"
            );
        }
        assert!(registry.lookup("co.kr").is_none());
        assert!(registry.lookup("no such outlet").is_none());
        assert!(registry.lookup("").is_none());
    }

    #[test]
    fn user_entry_replaces_bundled_one() {
        let user = SourceRegistry::from_toml_str(
            "[[source]]\nname = \"reuters\"\naliases = [\"R\"]\nreliability = \"D\"\n\n[[source]]\nname = \"Our Desk\"\nreliability = \"A\"\nkind = \"partner\"\ntlp = \"amber\"\n",
            "user.toml",
        )
        .unwrap();
        let registry = SourceRegistry::bundled().layered(user);
        assert_eq!(
            registry.lookup("Reuters").unwrap().reliability,
            Reliability::D
        );
        assert_eq!(registry.lookup("R").unwrap().name, "reuters");
        // The bundled entry's aliases went with it.
        assert!(registry.lookup("reuters.com").is_none());
        assert_eq!(registry.lookup("our desk").unwrap().tlp, Some(Tlp::Amber));
        assert!(registry.lookup("AFP").is_some());
    }

    #[test]
    fn diagnostics_name_file_and_line() {
        let cases = [
            (
                "[[source]]\nname = \"X\"\nreliability = \"G\"\n",
                "bad.toml:1: `X`: reliability 'G' is not a valid source reliability (expected one of A, B, C, D, E, F)",
            ),
            (
                "[[source]]\nname = \"X\"\nreliability = \"A\"\n\n[[source]]\nname = \"Y\"\nreliability = \"B\"\nkind = \"blog\"\n",
                "bad.toml:5: `Y`: kind 'blog' is not one of outlet, wire, state-media, government, agency, think-tank, partner",
            ),
            (
                "[[source]]\nname = \"X\"\nreliability = \"A\"\ncolour = \"red\"\n",
                "bad.toml:4: unknown field `colour`, expected one of `name`, `aliases`, `reliability`, `wire`, `kind`, `country`, `tlp`, `note`",
            ),
            (
                "[[source]]\nname = \"X\"\nreliability = \"A\"\n[[source]]\nname = \"Z\"\naliases = [\"x\"]\nreliability = \"A\"\n",
                "bad.toml:4: `x` of `Z` is already used by `X` (line 1)",
            ),
            ("[[source]\nname = 1\n", "bad.toml:1: "),
        ];
        for (text, expected) in cases {
            let error = SourceRegistry::from_toml_str(text, "bad.toml").unwrap_err();
            assert!(
                error.to_string().starts_with(expected),
                "got {error}, expected {expected}"
            );
        }
    }

    #[test]
    fn check_file_reads_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sources.toml");
        std::fs::write(
            &path,
            "[[source]]\nname = \"X\"\nreliability = \"A\"\ncountry = \"Korea\"\n",
        )
        .unwrap();
        let diagnostics = SourceRegistry::check_file(&path);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, Some(1));
        assert!(SourceRegistry::check_file(&dir.path().join("none.toml"))[0]
            .message
            .starts_with("cannot read"));
        assert!(SourceRegistry::load_layered(Some(&path)).is_err());
        assert!(SourceRegistry::load_layered(None).is_ok());
    }
}
