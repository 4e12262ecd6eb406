//! Wire-copy markers: "(With inputs from Reuters)", "(Reporting by … for Reuters)",
//! "(AFP)", a closing "— AP", "© 2024 The Associated Press", a dateline agency, or a source
//! that is itself a wire. Names resolve to the registry's canonical wire names.

use crate::registry::SourceRegistry;
use regex::Regex;
use std::collections::{BTreeSet, HashMap};

/// How far from the start or the end of a text a bare "(AFP)" still counts as a credit.
const EDGE_BYTES: usize = 400;

/// Finds wire services in a report, built once from the registry's `wire = true` entries.
#[derive(Debug, Clone)]
pub struct WireDetector {
    /// Alias or name as written → canonical name.
    canonical: HashMap<String, String>,
    /// Any wire name, word-bounded.
    names: Option<Regex>,
    /// `(NAME)` exactly.
    bare_credit: Option<Regex>,
    /// `— NAME` at the end of a line.
    sign_off: Option<Regex>,
    /// `© 2024 The NAME`.
    copyright: Option<Regex>,
    /// "With inputs from", "Reporting by", …: a credit whose line is searched for names.
    credit_phrase: Regex,
}

impl WireDetector {
    pub fn new(registry: &SourceRegistry) -> Self {
        let mut canonical = HashMap::new();
        for source in registry.wires() {
            for name in std::iter::once(&source.name).chain(&source.aliases) {
                if name.contains('.') || name.chars().count() < 2 {
                    continue;
                }
                canonical
                    .entry(name.clone())
                    .or_insert_with(|| source.name.clone());
                canonical
                    .entry(name.to_uppercase())
                    .or_insert_with(|| source.name.clone());
            }
        }
        let mut written: Vec<&String> = canonical.keys().collect();
        written.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternation = written
            .iter()
            .map(|n| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|");
        let build = |pattern: String| -> Option<Regex> {
            if written.is_empty() {
                None
            } else {
                Regex::new(&pattern).ok()
            }
        };
        WireDetector {
            names: build(format!(r"(?-u:\b)(?:{alternation})(?-u:\b)")),
            bare_credit: build(format!(
                r"\([ ]*(?:{alternation})(?:[ ]*(?:,|/|;|&|and)[ ]*(?:{alternation}))*[ ]*\)"
            )),
            sign_off: build(format!(r"(?m)[—–-]{{1,2}}[ ]*(?:{alternation})\.?[ ]*$")),
            copyright: build(format!(
                r"(?:©|Copyright|\([cC]\))[ ]*(?:\d{{4}}[ ]*)?(?:The[ ]+)?(?:{alternation})(?-u:\b)"
            )),
            credit_phrase: Regex::new(
                r"(?i)(?:with (?:additional )?(?:agency )?inputs? from|additional reporting by|reporting by|writing by|compiled by|source:)",
            )
            .expect("the credit pattern is a valid regex"),
            canonical,
        }
    }

    /// The canonical name of a wire written as `name` (exactly, or in capitals).
    pub fn canonical_name(&self, name: &str) -> Option<&str> {
        self.canonical
            .get(name.trim())
            .or_else(|| self.canonical.get(&name.trim().to_uppercase()))
            .map(String::as_str)
    }

    /// True when a parenthesised name only abbreviates the name written just before it:
    /// "the Korean Central News Agency (KCNA)" quotes the agency, it is not a credit.
    fn is_abbreviation(&self, before: &str, parenthetical: &str) -> bool {
        let Some(names) = &self.names else {
            return false;
        };
        let before = before.trim_end();
        let start = crate::dateline::floor_char_boundary(before, before.len().saturating_sub(80));
        let window = &before[start..];
        let Some(last) = names.find_iter(window).last() else {
            return false;
        };
        let inside = names
            .find(parenthetical)
            .and_then(|m| self.canonical_name(m.as_str()));
        last.end() == window.len() && self.canonical_name(last.as_str()) == inside
    }

    /// The wires whose copy `text` carries, canonical names, sorted and deduplicated.
    pub fn detect(&self, text: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let Some(names) = &self.names else {
            return found;
        };
        let add_names_in = |segment: &str, found: &mut BTreeSet<String>| {
            for m in names.find_iter(segment) {
                if let Some(name) = self.canonical_name(m.as_str()) {
                    found.insert(name.to_string());
                }
            }
        };
        for m in self.credit_phrase.find_iter(text) {
            let rest = &text[m.end()..];
            let end = rest.find([')', '\n']).unwrap_or(rest.len()).min(300);
            let end = crate::dateline::floor_char_boundary(rest, end);
            add_names_in(&rest[..end], &mut found);
        }
        let head_end = crate::dateline::floor_char_boundary(text, EDGE_BYTES);
        let tail_start = {
            let mut at = text.len().saturating_sub(EDGE_BYTES);
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        };
        for edge in [&text[..head_end], &text[tail_start..]] {
            if let Some(bare) = &self.bare_credit {
                for m in bare.find_iter(edge) {
                    if !self.is_abbreviation(&edge[..m.start()], m.as_str()) {
                        add_names_in(m.as_str(), &mut found);
                    }
                }
            }
        }
        if let Some(sign_off) = &self.sign_off {
            for m in sign_off.find_iter(&text[tail_start..]) {
                add_names_in(m.as_str(), &mut found);
            }
        }
        if let Some(copyright) = &self.copyright {
            for m in copyright.find_iter(text) {
                add_names_in(m.as_str(), &mut found);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_wire_markers() {
        let detector = WireDetector::new(&SourceRegistry::bundled());
        let long_middle = "Officials met again. ".repeat(40);
        let cases: Vec<(String, Vec<&str>)> = vec![
            (
                "Seoul weighs arms for Kyiv. (With inputs from Reuters)".into(),
                vec!["Reuters"],
            ),
            (
                "Text.\n(Reporting by Hyonhee Shin for Reuters; Editing by Ed Davies)".into(),
                vec!["Reuters"],
            ),
            ("PARIS (AFP) - Text.".into(), vec!["AFP"]),
            (format!("Text. {long_middle}\n— AP"), vec!["AP"]),
            (
                "Text.\n© 2024 The Associated Press. All rights reserved.".into(),
                vec!["AP"],
            ),
            (
                "With inputs from Yonhap and AFP\nMore text".into(),
                vec!["AFP", "Yonhap"],
            ),
            ("Text. (With inputs from agencies)".into(), vec![]),
            (
                format!("Intro. {long_middle} The report cited (AP) sources. {long_middle}"),
                vec![],
            ),
            ("An apple a day, said the AP style guide.".into(), vec![]),
            (
                "KCNA said the drills were defensive. (KCNA)".into(),
                vec!["KCNA"],
            ),
        ];
        for (text, expected) in cases {
            let found: Vec<String> = detector.detect(&text).into_iter().collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn canonical_names_come_from_the_registry() {
        let detector = WireDetector::new(&SourceRegistry::bundled());
        assert_eq!(detector.canonical_name("Associated Press"), Some("AP"));
        assert_eq!(detector.canonical_name("REUTERS"), Some("Reuters"));
        assert_eq!(
            detector.canonical_name("Yonhap News Agency"),
            Some("Yonhap")
        );
        assert_eq!(detector.canonical_name("CNN"), None);
        let empty = WireDetector::new(&SourceRegistry::empty());
        assert!(empty.detect("(With inputs from Reuters)").is_empty());
    }
}
