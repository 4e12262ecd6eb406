//! Wire-copy markers: a dateline agency ("SEOUL, Oct 18 (Reuters) -", "/TASS/."), a credit
//! trailer ("(With inputs from Reuters)", "(Reporting by … for Reuters; Editing by …)", a
//! closing "(AFP)" or "— AP"), a copyright line ("© Reuters", "Copyright 2024 The Associated
//! Press"), or a source that is itself a wire (checked by the caller). An agency cited in
//! the text as the origin of a quote ("a statement carried by KCNA", "the Korean Central
//! News Agency (KCNA) said") is not wire copy. Names resolve to the registry's canonical
//! wire names.

use crate::registry::SourceRegistry;
use regex::Regex;
use std::collections::{BTreeSet, HashMap};

/// How far from the end of a text a closing "(AFP)" or "— AP" still counts as a credit.
const EDGE_BYTES: usize = 400;

/// Finds wire services in a report, built once from the registry's `wire = true` entries.
#[derive(Debug, Clone)]
pub struct WireDetector {
    /// Alias or name as written → canonical name.
    canonical: HashMap<String, String>,
    /// Any wire name, word-bounded.
    names: Option<Regex>,
    /// `(NAME)` closing a line, after the end of a sentence or alone on it.
    bare_credit: Option<Regex>,
    /// `/NAME/` (TASS's credit).
    slashed: Option<Regex>,
    /// `— NAME` at the end of a line.
    sign_off: Option<Regex>,
    /// `© 2024 The NAME`.
    copyright: Option<Regex>,
    /// "With inputs from", "Reporting by", … opening a line or a parenthesis: a credit whose
    /// line is searched for names.
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
                r#"(?m)(?:^|[.!?"”’][ ]*)\([ ]*(?:{alternation})(?:[ ]*(?:,|/|;|&|and)[ ]*(?:{alternation}))*[ ]*\)[ ]*$"#
            )),
            slashed: build(format!(r"/[ ]?(?:{alternation})[ ]?/")),
            sign_off: build(format!(r"(?m)[—–-]{{1,2}}[ ]*(?:{alternation})\.?[ ]*$")),
            copyright: build(format!(
                r"(?:©|Copyright|\([cC]\))[^\n.;]{{0,30}}?(?-u:\b)(?:{alternation})(?-u:\b)"
            )),
            credit_phrase: Regex::new(
                r"(?im)(?:^|\()[ ]*(?:with (?:additional )?(?:agency )?inputs? from|additional reporting by|reporting by|writing by|compiled by|editing by|sources?:)",
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
        if let Some(agency) = crate::dateline::find_dateline(text, None)
            .and_then(|d| d.agency)
            .and_then(|a| self.canonical_name(&a).map(str::to_string))
        {
            found.insert(agency);
        }
        let head = &text[..crate::dateline::floor_char_boundary(text, EDGE_BYTES)];
        if let Some(slashed) = &self.slashed {
            for m in slashed.find_iter(head) {
                add_names_in(m.as_str(), &mut found);
            }
        }
        let tail_start = {
            let mut at = text.len().saturating_sub(EDGE_BYTES);
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        };
        if let Some(bare) = &self.bare_credit {
            let tail = &text[tail_start..];
            for m in bare.find_iter(tail) {
                if !self.is_abbreviation(&tail[..m.start()], m.as_str()) {
                    add_names_in(m.as_str(), &mut found);
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
            // Credits: a wire's copy.
            (
                "Seoul weighs arms for Kyiv. (With inputs from Reuters)".into(),
                vec!["Reuters"],
            ),
            (
                "Text.\n(Reporting by Hyonhee Shin for Reuters; Editing by Ed Davies)".into(),
                vec!["Reuters"],
            ),
            (
                "Text.\n(Reporting by Joyce Lee in Seoul and Guy Faulconbridge in Moscow; Editing by Reuters staff)".into(),
                vec!["Reuters"],
            ),
            ("PARIS (AFP) - Text.".into(), vec!["AFP"]),
            ("SEOUL, Oct 18 (Reuters) - Text.".into(), vec!["Reuters"]),
            ("MOSCOW, December 4. /TASS/. The treaty".into(), vec!["TASS"]),
            (format!("Text. {long_middle}\n— AP"), vec!["AP"]),
            (format!("Text. {long_middle}\n— AFP"), vec!["AFP"]),
            (
                "Text.\n© 2024 The Associated Press. All rights reserved.".into(),
                vec!["AP"],
            ),
            ("Text.\n© Reuters".into(), vec!["Reuters"]),
            (
                "Text.\nCopyright 2024 The Associated Press. All rights reserved.".into(),
                vec!["AP"],
            ),
            (
                "With inputs from Yonhap and AFP\nMore text".into(),
                vec!["AFP", "Yonhap"],
            ),
            (
                "KCNA said the drills were defensive. (KCNA)".into(),
                vec!["KCNA"],
            ),
            (format!("Text. {long_middle}\n(AFP)"), vec!["AFP"]),
            // Citations of an agency as the origin of a quote: not its copy.
            ("Text. (With inputs from agencies)".into(), vec![]),
            (
                format!("Intro. {long_middle} The report cited (AP) sources. {long_middle}"),
                vec![],
            ),
            ("An apple a day, said the AP style guide.".into(), vec![]),
            (
                "Kim Yo Jong said in a statement carried by KCNA that the claims were absurd.".into(),
                vec![],
            ),
            (
                "In a statement carried by the Korean Central News Agency (KCNA), Kim Yo Jong said the claims were absurd.".into(),
                vec![],
            ),
            (
                "Kim Yo Jong rejected the claims (KCNA) and said more tests would follow.".into(),
                vec![],
            ),
            (
                format!("Intro. {long_middle} The ministry said so, according to reporting by Reuters and AFP."),
                vec![],
            ),
            (
                format!("Intro. {long_middle} The minister told Reuters (Reuters) on Friday that talks were over."),
                vec![],
            ),
            (
                "Copyright 2025 BBC. All rights reserved. Reuters reported the strike.".into(),
                vec![],
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
