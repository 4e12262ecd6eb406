//! Off-topic domains: decide from its cue words whether a report is about sport or
//! markets, and which of its sentences are then commentary in which war words ("attacked",
//! "struck", "fired") are metaphors and nothing is coded.

use crate::lexicon::PhraseIndex;
use crate::token::Token;

/// The cues found in one sentence, as (domain index, cue words joined by spaces).
pub fn cues_in(cues: &PhraseIndex, tokens: &[Token]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        match cues.at(tokens, k) {
            Some((phrase, domain)) => {
                out.push((domain, phrase.join(" ")));
                k += phrase.len();
            }
            None => k += 1,
        }
    }
    out
}

/// Running count of the distinct cues of each domain seen in a report.
#[derive(Debug, Default, Clone)]
pub struct DomainCounts {
    seen: Vec<Vec<String>>,
}

impl DomainCounts {
    /// Count the cues of a sentence.
    pub fn note(&mut self, domains: usize, cues: &PhraseIndex, tokens: &[Token]) {
        self.seen.resize(domains, Vec::new());
        for (d, cue) in cues_in(cues, tokens) {
            if let Some(seen) = self.seen.get_mut(d) {
                if !seen.contains(&cue) {
                    seen.push(cue);
                }
            }
        }
    }

    /// Indices of the domains the report belongs to: at least `min_cues[d]` distinct cues.
    pub fn active(&self, min_cues: &[usize]) -> Vec<usize> {
        self.seen
            .iter()
            .enumerate()
            .filter(|(d, seen)| min_cues.get(*d).is_some_and(|&m| seen.len() >= m))
            .map(|(d, _)| d)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    #[test]
    fn a_report_becomes_sport_only_with_enough_distinct_cues() {
        let cues = PhraseIndex::new(
            ["coach", "striker", "world cup", "scored"]
                .into_iter()
                .map(|c| (c, 0)),
        );
        let mut counts = DomainCounts::default();
        let s1 = "The striker scored twice, and the striker scored again.";
        counts.note(1, &cues, &tokenize(s1, 0, s1.len()));
        assert!(
            counts.active(&[3]).is_empty(),
            "two distinct cues are not enough"
        );
        let s2 = "Russia attacked Ukraine.";
        assert!(cues_in(&cues, &tokenize(s2, 0, s2.len())).is_empty());
        let s3 = "The coach praised the World Cup draw.";
        let found = cues_in(&cues, &tokenize(s3, 0, s3.len()));
        assert_eq!(
            found,
            vec![(0, "coach".to_string()), (0, "world cup".to_string())]
        );
        counts.note(1, &cues, &tokenize(s3, 0, s3.len()));
        assert_eq!(counts.active(&[3]), vec![0]);
    }
}
