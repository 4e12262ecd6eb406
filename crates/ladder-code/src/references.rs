//! Context references: phrases such as "the North", "the island" or "the two sides" that
//! name an actor the report has already named, resolved against the report's memory of
//! who was named (most recent last) and added to a sentence's actor spans.

use crate::actors::{ActorKind, ActorSpan, PlaceSpan};
use crate::lexicon::Lexicon;
use crate::token::{Token, TokenKind};
use ladder_core::EventType;

/// An event coded a few sentences earlier, for references such as "the strikes".
#[derive(Debug, Clone, Copy)]
pub struct PriorEvent<'a> {
    pub event_type: EventType,
    pub actor: &'a [String],
    pub recipient: &'a [String],
}

/// The actors a report has named so far: each code with how often it was named and when
/// it was named last.
#[derive(Debug, Default, Clone)]
pub struct NamedMemory {
    /// (code, times named, order of the last mention)
    codes: Vec<(String, usize, usize)>,
    clock: usize,
}

impl NamedMemory {
    /// Remember codes in the order they were named.
    pub fn note(&mut self, codes: &[String]) {
        for c in codes {
            self.clock += 1;
            match self.codes.iter_mut().find(|(x, ..)| x == c) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 = self.clock;
                }
                None => self.codes.push((c.clone(), 1, self.clock)),
            }
        }
        // a report rarely has more than a few dozen parties; keeps the scan short
        if self.codes.len() > 64 {
            if let Some(oldest) = (0..self.codes.len()).min_by_key(|&i| self.codes[i].2) {
                self.codes.remove(oldest);
            }
        }
    }

    /// Remember the named actors of one sentence, left to right.
    pub fn note_actors(&mut self, actors: &[ActorSpan]) {
        for a in actors.iter().filter(|a| a.kind == ActorKind::Named) {
            self.note(&a.codes);
        }
    }

    /// The most recently named of `candidates`.
    fn latest_of(&self, candidates: &[String]) -> Option<String> {
        self.codes
            .iter()
            .filter(|(c, ..)| candidates.contains(c))
            .max_by_key(|(_, _, last)| *last)
            .map(|(c, ..)| c.clone())
    }

    /// The report's main dyad so far: its two most-named parties, each named at least
    /// twice (one passing mention makes no dyad).
    pub fn main_pair(&self) -> Option<(String, String)> {
        let mut ranked: Vec<&(String, usize, usize)> = self.codes.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
        let [a, b] = ranked.get(..2)? else {
            return None;
        };
        (b.1 >= 2).then(|| (a.0.clone(), b.0.clone()))
    }

    /// The other party of the main pair, when `code` is one of the two.
    pub fn other_of_main_pair(&self, code: &str) -> Option<String> {
        let (x, y) = self.main_pair()?;
        if x == code {
            Some(y)
        } else if y == code {
            Some(x)
        } else {
            None
        }
    }

    /// The two parties the report is about: the two named most often (the more recent
    /// on a tie), in the order they were last named. A speaker named once ("South
    /// Korea's military said") does not displace the story's two sides.
    fn last_pair(&self) -> Option<Vec<String>> {
        let mut ranked: Vec<&(String, usize, usize)> = self.codes.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
        let [a, b] = ranked.get(..2)? else {
            return None;
        };
        let (a, b) = if a.2 <= b.2 { (a, b) } else { (b, a) };
        Some(vec![a.0.clone(), b.0.clone()])
    }
}

/// The parties an event reference stands for: the actor (or both parties) of the latest
/// prior event of one of `types`.
fn event_parties(
    types: &[String],
    both: bool,
    prior: &[PriorEvent],
    subject: Option<&[String]>,
) -> Option<Vec<String>> {
    // "Pyongyang denounced the drills": one denounces others' acts, so an event of the
    // sentence's own subject is passed over
    let own = |p: &PriorEvent| subject.is_some_and(|s| p.actor.iter().all(|c| s.contains(c)));
    let ev = prior.iter().rev().find(|p| {
        types
            .iter()
            .any(|t| t.parse::<EventType>().is_ok_and(|t| t == p.event_type))
            && (both || !own(p))
    })?;
    let mut codes = ev.actor.to_vec();
    if both {
        for c in ev.recipient {
            if !codes.contains(c) {
                codes.push(c.clone());
            }
        }
    }
    (!codes.is_empty()).then_some(codes)
}

/// Add an actor span for every context reference in the sentence that the gazetteer did
/// not already cover and that resolves against `memory` (plus actors named earlier in the
/// same sentence) or, for event references, against `prior` events (oldest first).
/// Returns the token ranges of the event references that resolved: their words refer back
/// to an event already coded and are not a new one.
pub fn add_references(
    text: &str,
    tokens: &[Token],
    actors: &mut Vec<ActorSpan>,
    places: &[PlaceSpan],
    lexicon: &Lexicon,
    memory: &NamedMemory,
    prior: &[PriorEvent],
) -> Vec<(usize, usize)> {
    let mut event_refs = Vec::new();
    if lexicon.reference_phrases.is_empty() {
        return event_refs;
    }
    let mut added: Vec<ActorSpan> = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let found = lexicon.reference_phrases.at(tokens, k);
        let Some((phrase, idx)) = found else {
            k += 1;
            continue;
        };
        let (first, last) = (k, k + phrase.len());
        let entry = &lexicon.references[idx];
        let covered = actors
            .iter()
            .any(|a| a.first < last && first < a.last && a.kind == ActorKind::Named)
            || places.iter().any(|p| p.first < last && first < p.last)
            // "the North Korean leader": the gazetteer's word continues
            || tokens
                .get(last)
                .is_some_and(|t| t.kind == TokenKind::Word && t.is_capitalised(text) && entry.proper);
        let proper_ok = !entry.proper
            || tokens[first..last]
                .iter()
                .skip_while(|t| matches!(t.lower.as_str(), "the" | "a" | "an"))
                .all(|t| t.is_capitalised(text));
        if covered || !proper_ok {
            k = last;
            continue;
        }
        let mut local = memory.clone();
        local.note_actors(
            &actors
                .iter()
                .filter(|a| a.last <= first)
                .cloned()
                .collect::<Vec<_>>(),
        );
        let codes = if !entry.event_types.is_empty() {
            let subject = actors
                .iter()
                .find(|a| a.last <= first && a.kind == ActorKind::Named && !a.codes.is_empty())
                .map(|a| a.codes.as_slice());
            let parties = event_parties(&entry.event_types, entry.both_parties, prior, subject);
            if parties.is_some() {
                event_refs.push((first, last));
            }
            parties
        } else if entry.all {
            Some(entry.codes.clone())
        } else if entry.pair {
            local.last_pair()
        } else {
            local.latest_of(&entry.codes).map(|c| vec![c])
        };
        if let Some(codes) = codes {
            let surface = text
                .get(tokens[first].start..tokens[last - 1].end)
                .unwrap_or("")
                .to_string();
            added.push(ActorSpan {
                first,
                last,
                codes,
                detail: None,
                kind: ActorKind::Named,
                word: surface,
                possessive: tokens
                    .get(last)
                    .is_some_and(|t| t.kind == TokenKind::Possessive),
                definite: true,
                adjective: false,
            });
        }
        k = last;
    }
    if !added.is_empty() {
        // "both governments": the reference replaces the bare sector noun inside it
        actors.retain(|a| {
            a.kind == ActorKind::Named
                || !added.iter().any(|r| a.first < r.last && r.first < a.last)
        });
        actors.extend(added);
        actors.sort_by_key(|a| a.first);
    }
    event_refs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn lexicon() -> Lexicon {
        Lexicon::load_layered(None).expect("bundled lexicon")
    }

    fn resolve(sentence: &str, named: &[&str]) -> Vec<(String, Vec<String>)> {
        let lex = lexicon();
        let tokens = tokenize(sentence, 0, sentence.len());
        let mut memory = NamedMemory::default();
        memory.note(&named.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let mut actors = Vec::new();
        add_references(sentence, &tokens, &mut actors, &[], &lex, &memory, &[]);
        actors.into_iter().map(|a| (a.word, a.codes)).collect()
    }

    #[test]
    fn event_references_stand_for_the_latest_matching_event() {
        let lex = lexicon();
        let sentence = "Tehran condemned the strikes as a violation of its sovereignty.";
        let tokens = tokenize(sentence, 0, sentence.len());
        let (isr, irn) = (vec!["ISR".to_string()], vec!["IRN".to_string()]);
        let prior = [
            PriorEvent {
                event_type: EventType::Consult,
                actor: &irn,
                recipient: &isr,
            },
            PriorEvent {
                event_type: EventType::Assault,
                actor: &isr,
                recipient: &irn,
            },
        ];
        let resolve = |prior: &[PriorEvent]| {
            let mut actors = Vec::new();
            let refs = add_references(
                sentence,
                &tokens,
                &mut actors,
                &[],
                &lex,
                &NamedMemory::default(),
                prior,
            );
            (refs, actors)
        };
        let (refs, actors) = resolve(&prior);
        assert_eq!(refs, vec![(2, 4)]);
        assert_eq!(actors.len(), 1);
        assert_eq!(actors[0].codes, isr);
        // with no earlier attack the phrase stays a plain noun
        let (refs, actors) = resolve(&prior[..1]);
        assert!(refs.is_empty() && actors.is_empty());
    }

    #[test]
    fn references_resolve_only_against_parties_already_named() {
        // (sentence, codes named before, expected (phrase, codes))
        type Case<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a [&'a str])]);
        let cases: &[Case] = &[
            (
                "The North fired two missiles.",
                &["KOR", "PRK"],
                &[("The North", &["PRK"])],
            ),
            ("The North fired two missiles.", &["SDN"], &[]),
            ("Fighting raged in the north of the country.", &["PRK"], &[]),
            (
                "The two sides agreed to meet.",
                &["IND", "PAK"],
                &[("The two sides", &["IND", "PAK"])],
            ),
            ("The two sides agreed to meet.", &["IND"], &[]),
            (
                "The kingdom cut ties.",
                &["IRN", "SAU"],
                &[("The kingdom", &["SAU"])],
            ),
            (
                "Both Koreas rejected it.",
                &[],
                &[("Both Koreas", &["PRK", "KOR"])],
            ),
            (
                "The alliance will respond.",
                &["NATO", "RUS"],
                &[("The alliance", &["NATO"])],
            ),
        ];
        for (sentence, named, want) in cases {
            let got = resolve(sentence, named);
            let want: Vec<(String, Vec<String>)> = want
                .iter()
                .map(|(w, c)| (w.to_string(), c.iter().map(|s| s.to_string()).collect()))
                .collect();
            assert_eq!(got, want, "{sentence} with {named:?}");
        }
    }
}
