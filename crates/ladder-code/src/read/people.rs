//! People the gazetteer does not know, remembered by the report: a full name written
//! right after the party it serves ("South Korea's Vice Foreign Minister Kim Hong-kyun",
//! "Russia's envoy, Vasily Nebenzia") is that party's official, and a later bare
//! surname ("Kim condemned …") is the same person — never a leader the gazetteer
//! happens to hold under that surname.

use super::*;

/// Names met so far in a report: (name word, codes, full name).
#[derive(Debug, Default)]
pub(crate) struct PeopleMemory {
    names: Vec<(String, Vec<String>, String)>,
}

/// Words that start a capitalised run but are not names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "But",
    "And",
    "He",
    "She",
    "It",
    "They",
    "We",
    "This",
    "That",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Lowercase particles inside a personal name ("Alberto van Klaveren", "Ursula von der
/// Leyen"); written capitalised at the start of a sentence ("Van Klaveren said").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "de", "da", "del", "di", "du", "bin", "al", "el", "le", "la",
];

fn particle(tokens: &[Token], i: usize) -> bool {
    tokens
        .get(i)
        .is_some_and(|t| PARTICLES.contains(&t.lower.as_str()))
}

/// Whether token `i` is a capitalised word of a personal name.
fn name_word(text: &str, tokens: &[Token], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| {
        t.is_word()
            && t.is_capitalised(text)
            && !NOT_NAMES.contains(&text.get(t.start..t.end).unwrap_or(""))
    })
}

/// Token `i` is inside a title or sector span with no country of its own.
fn title_at(actors: &[ActorSpan], i: usize) -> bool {
    actors
        .iter()
        .any(|b| b.first <= i && i < b.last && b.codes.is_empty() && b.kind == ActorKind::Generic)
}

fn covered(actors: &[ActorSpan], i: usize) -> bool {
    actors.iter().any(|a| a.first <= i && i < a.last)
}

impl PeopleMemory {
    /// Remember full names (two or three capitalised words no span covers) that follow a
    /// party's span directly or after a comma.
    pub(crate) fn note(&mut self, text: &str, tokens: &[Token], actors: &[ActorSpan]) {
        for a in actors.iter().filter(|a| !a.codes.is_empty()) {
            let mut i = a.last;
            // "South Korea's Vice Foreign Minister Kim …": past the possessive and the
            // title (a sector span of no country of its own)
            let mut skipped = 0;
            while skipped < 6
                && tokens.get(i).is_some_and(|t| {
                    t.kind == crate::token::TokenKind::Possessive
                        || t.lower == ","
                        || title_at(actors, i)
                        // "Vice", "Deputy", "First" before a title
                        || (name_word(text, tokens, i) && title_at(actors, i + 1))
                })
            {
                i += 1;
                skipped += 1;
            }
            let start = i;
            while i < tokens.len()
                && i - start < 4
                && !covered(actors, i)
                && (name_word(text, tokens, i)
                    || (i > start && particle(tokens, i) && name_word(text, tokens, i + 1)))
            {
                i += 1;
            }
            if i - start < 2 {
                continue;
            }
            let full = text
                .get(tokens[start].start..tokens[i - 1].end)
                .unwrap_or("")
                .to_string();
            // Korean and Chinese order put the surname first, Western order last
            for k in [start, i - 1] {
                let word = text
                    .get(tokens[k].start..tokens[k].end)
                    .unwrap_or("")
                    .to_string();
                if !self
                    .names
                    .iter()
                    .any(|(w, c, _)| *w == word && *c == a.codes)
                {
                    self.names.push((word, a.codes.clone(), full.clone()));
                }
            }
        }
    }

    /// Add a span for each bare remembered name in the sentence that no span covers; a
    /// name remembered for two different parties stays unresolved.
    pub(crate) fn add_spans(&self, text: &str, tokens: &[Token], actors: &mut Vec<ActorSpan>) {
        for i in 0..tokens.len() {
            if !name_word(text, tokens, i) || covered(actors, i) {
                continue;
            }
            // "Van Klaveren said": the particle belongs to the surname
            let with_particle = i > 0 && particle(tokens, i - 1) && !covered(actors, i - 1);
            // part of a longer name ("Kim Yong-hyun"): not this person
            if name_word(text, tokens, i + 1)
                || (i > 0 && !with_particle && name_word(text, tokens, i - 1))
                || (with_particle && i > 1 && name_word(text, tokens, i - 2))
            {
                continue;
            }
            let first_token = if with_particle { i - 1 } else { i };
            let word = text.get(tokens[i].start..tokens[i].end).unwrap_or("");
            let known: Vec<&(String, Vec<String>, String)> =
                self.names.iter().filter(|(w, _, _)| w == word).collect();
            let Some(first) = known.first() else {
                continue;
            };
            if known.iter().any(|(_, c, _)| *c != first.1) {
                continue;
            }
            let possessive = tokens
                .get(i + 1)
                .is_some_and(|t| t.kind == crate::token::TokenKind::Possessive);
            let span = ActorSpan {
                first: first_token,
                last: i + 1,
                codes: first.1.clone(),
                detail: Some(first.2.clone()),
                kind: ActorKind::Named,
                word: word.to_string(),
                possessive,
                definite: false,
                adjective: false,
            };
            let at = actors
                .iter()
                .position(|a| a.first > first_token)
                .unwrap_or(actors.len());
            actors.insert(at, span);
        }
    }
}
