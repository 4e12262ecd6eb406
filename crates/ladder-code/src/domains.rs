//! Off-topic domains: decide from its cue words whether a report is about sport or
//! markets, and which of its sentences are then commentary in which war words ("attacked",
//! "struck", "fired") are metaphors and nothing is coded.

use crate::lexicon::DomainEntry;
use crate::token::Token;

/// Whether `cue` occurs in `tokens` as whole words (lowercase, space-separated).
fn cue_at(tokens: &[Token], cue: &str) -> bool {
    let words: Vec<&str> = cue.split_whitespace().collect();
    match words.len() {
        0 => false,
        1 => tokens.iter().any(|t| t.lower == words[0]),
        n => tokens
            .windows(n)
            .any(|w| w.iter().zip(&words).all(|(t, c)| t.lower == *c)),
    }
}

/// Cue words of `domain` found in one sentence's tokens, lowercase.
pub fn cues_in(domain: &DomainEntry, tokens: &[Token]) -> Vec<String> {
    domain
        .cues
        .iter()
        .map(|c| c.to_lowercase())
        .filter(|c| cue_at(tokens, c))
        .collect()
}

/// Running count of the distinct cues of each domain seen in a report.
#[derive(Debug, Default, Clone)]
pub struct DomainCounts {
    seen: Vec<Vec<String>>,
}

impl DomainCounts {
    /// Count the cues of every domain in a sentence; returns, per domain, whether the
    /// sentence holds one of its cues.
    pub fn note(&mut self, domains: &[DomainEntry], tokens: &[Token]) -> Vec<bool> {
        self.seen.resize(domains.len(), Vec::new());
        domains
            .iter()
            .zip(self.seen.iter_mut())
            .map(|(d, seen)| {
                let found = cues_in(d, tokens);
                let any = !found.is_empty();
                for c in found {
                    if !seen.contains(&c) {
                        seen.push(c);
                    }
                }
                any
            })
            .collect()
    }

    /// The domains the report belongs to so far (enough distinct cues).
    pub fn active<'d>(&self, domains: &'d [DomainEntry]) -> Vec<&'d DomainEntry> {
        domains
            .iter()
            .zip(&self.seen)
            .filter(|(d, seen)| seen.len() >= d.min_cues)
            .map(|(d, _)| d)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn sport() -> DomainEntry {
        DomainEntry {
            name: "sport".into(),
            min_cues: 3,
            cues: vec![
                "coach".into(),
                "striker".into(),
                "world cup".into(),
                "scored".into(),
            ],
        }
    }

    #[test]
    fn a_report_becomes_sport_only_with_enough_distinct_cues() {
        let domains = [sport()];
        let mut counts = DomainCounts::default();
        let s1 = "The striker scored twice.";
        let hits = counts.note(&domains, &tokenize(s1, 0, s1.len()));
        assert_eq!(hits, vec![true]);
        assert!(
            counts.active(&domains).is_empty(),
            "two cues are not enough"
        );
        let s2 = "Russia attacked Ukraine.";
        assert_eq!(
            counts.note(&domains, &tokenize(s2, 0, s2.len())),
            vec![false]
        );
        let s3 = "The coach praised the World Cup draw.";
        counts.note(&domains, &tokenize(s3, 0, s3.len()));
        assert_eq!(counts.active(&domains).len(), 1);
    }
}
