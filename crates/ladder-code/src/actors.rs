//! Actor spans of one sentence: gazetteer mentions mapped onto tokens and combined
//! (country + sector noun: "North Korean troops", "South Korea's spy agency"; sector +
//! "in/of" + country; acronyms defined in the report "(NSC)"), plus pronouns.

use crate::entities::{EntityKind, EntityMention};
use crate::token::{Token, TokenKind};
use ladder_core::Location;
use std::collections::BTreeMap;

/// How an actor span was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A named state, organisation, agency or person (codes known).
    Named,
    /// A sector noun with no country ("officials", "the government"): codes resolved later.
    Generic,
    /// "it", "they", "we", "our", "he", "she": codes resolved later.
    Pronoun,
}

/// An actor span in a sentence, in token indices.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorSpan {
    pub first: usize,
    /// One past the last token.
    pub last: usize,
    pub codes: Vec<String>,
    pub detail: Option<String>,
    pub kind: ActorKind,
    /// The surface word for pronouns ("we", "it"), or the sector for generics.
    pub word: String,
    /// Followed by a possessive clitic.
    pub possessive: bool,
    /// Preceded by a definite article or demonstrative ("the official").
    pub definite: bool,
    /// A demonym used as an adjective of a plain noun ("Russian weapons", "Iranian
    /// drones"): it names where the thing comes from, not a party that receives it.
    pub adjective: bool,
}

/// A place span in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSpan {
    pub first: usize,
    pub last: usize,
    pub location: Location,
}

/// Token index range covering the byte span [start, end).
fn token_range(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = tokens.iter().position(|t| t.end > start)?;
    let mut last = first;
    while last < tokens.len() && tokens[last].start < end {
        last += 1;
    }
    (last > first).then_some((first, last))
}

const PRONOUNS: &[&str] = &[
    "it", "they", "we", "our", "us", "he", "she", "i", "its", "their",
];

/// A mention mapped onto tokens, before spans are combined: an actor (codes, detail,
/// named as a country), a sector noun (sector, surface) or a place.
#[derive(Clone)]
enum Raw {
    Actor(Vec<String>, Option<String>, bool),
    Sector(String, String),
    Place(Location),
}

/// (first token, one past the last token, what the mention names)
type RawSpan = (usize, usize, Raw);

/// Build the actor and place spans of one sentence from the report's mentions that fall
/// inside it. `acronyms` maps acronyms defined earlier in the report to an actor.
pub fn sentence_actors(
    text: &str,
    tokens: &[Token],
    mentions: &[EntityMention],
    acronyms: &mut BTreeMap<String, (Vec<String>, Option<String>)>,
) -> (Vec<ActorSpan>, Vec<PlaceSpan>) {
    let (raw, demonym_starts) = raw_spans(text, tokens, mentions, acronyms);
    let mut actors: Vec<ActorSpan> = Vec::new();
    let mut places: Vec<PlaceSpan> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let (first, last, ref r) = raw[i];
        let next = raw.get(i + 1);
        // how many of the following raw spans the combination took
        let taken = match r {
            Raw::Actor(codes, detail, country_form) => {
                let named = NamedRaw {
                    first,
                    last,
                    codes,
                    detail,
                    country_form: *country_form,
                };
                let (span, taken) = actor_span(text, tokens, named, next, &demonym_starts);
                register_acronym(text, tokens, &span, acronyms);
                actors.push(span);
                taken
            }
            Raw::Sector(sector, surface) => {
                let (span, taken) = sector_span(tokens, (first, last), sector, surface, next);
                actors.push(span);
                taken
            }
            Raw::Place(loc) => {
                place_span(tokens, (first, last), loc, next, &mut actors, &mut places)
            }
        };
        i += 1 + taken;
    }
    pronoun_spans(tokens, &mut actors);
    actors.sort_by_key(|a| a.first);
    (actors, places)
}

/// The mentions inside the sentence as raw token spans (a hyphenated dyad "Israel-Hamas"
/// joined into one), plus acronyms the report defined earlier; and where demonyms start.
fn raw_spans(
    text: &str,
    tokens: &[Token],
    mentions: &[EntityMention],
    acronyms: &BTreeMap<String, (Vec<String>, Option<String>)>,
) -> (Vec<RawSpan>, Vec<usize>) {
    let mut raw: Vec<(usize, usize, Raw)> = Vec::new();
    let mut demonym_starts: Vec<usize> = Vec::new();
    for m in mentions {
        let Some((first, last)) = token_range(tokens, m.start, m.end) else {
            continue;
        };
        let r = match &m.kind {
            EntityKind::Actor {
                codes,
                detail,
                country_form,
                demonym,
            } => {
                if codes.is_empty() {
                    continue;
                }
                if *demonym {
                    demonym_starts.push(first);
                }
                Raw::Actor(codes.clone(), detail.clone(), *country_form)
            }
            EntityKind::Sector { sector } => Raw::Sector(
                sector.clone(),
                text.get(m.start..m.end).unwrap_or("").to_string(),
            ),
            EntityKind::Place {
                name,
                country,
                lat,
                lon,
                kind,
            } => Raw::Place(Location {
                name: name.clone(),
                country: country.clone(),
                lat: *lat,
                lon: *lon,
                kind: kind.clone(),
            }),
        };
        // "Israel-Hamas", "China-Japan": two actors inside one hyphenated token are a dyad
        if let (Raw::Actor(codes, _, _), Some((pf, pl, Raw::Actor(prev_codes, prev_detail, _)))) =
            (&r, raw.last_mut())
        {
            if *pf == first && *pl == last {
                for c in codes {
                    if !prev_codes.contains(c) {
                        prev_codes.push(c.clone());
                    }
                }
                *prev_detail = None;
                continue;
            }
        }
        raw.push((first, last, r));
    }
    // acronyms used in this sentence
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word || raw.iter().any(|(f, l, _)| i >= *f && i < *l) {
            continue;
        }
        let surface = text.get(t.start..t.end).unwrap_or("");
        if let Some((codes, detail)) = acronyms.get(surface) {
            raw.push((i, i + 1, Raw::Actor(codes.clone(), detail.clone(), false)));
        }
    }
    raw.sort_by_key(|(f, _, _)| *f);
    (raw, demonym_starts)
}

/// A named actor's raw span.
struct NamedRaw<'r> {
    first: usize,
    last: usize,
    codes: &'r Vec<String>,
    detail: &'r Option<String>,
    country_form: bool,
}

fn possessive_after(tokens: &[Token], end: usize) -> bool {
    tokens
        .get(end)
        .is_some_and(|t| t.kind == TokenKind::Possessive)
}

/// A named actor, merged with a sector noun or agency right after it ("North Korean
/// troops", "South Korea's spy agency"); the second value is 1 when it took the next span.
fn actor_span(
    text: &str,
    tokens: &[Token],
    named: NamedRaw<'_>,
    next: Option<&RawSpan>,
    demonym_starts: &[usize],
) -> (ActorSpan, usize) {
    let NamedRaw {
        first,
        last,
        codes,
        detail,
        country_form,
    } = named;
    let mut taken = 0;
    let mut span = ActorSpan {
        first,
        last,
        codes: codes.clone(),
        detail: detail.clone(),
        kind: ActorKind::Named,
        word: String::new(),
        possessive: possessive_after(tokens, last),
        definite: false,
        adjective: false,
    };
    // country (+ 's) + sector/agency directly after: merge
    if let Some((nf, nl, nr)) = next {
        let gap = if possessive_after(tokens, last) {
            last + 1
        } else {
            last
        };
        if *nf == gap || (*nf == gap + 1 && tokens.get(gap).is_some_and(|t| t.lower == "the")) {
            match nr {
                Raw::Sector(_, surface) => {
                    span.last = *nl;
                    span.detail = Some(join_detail(&span.detail, surface));
                    span.possessive = possessive_after(tokens, *nl);
                    taken = 1;
                }
                Raw::Actor(c2, d2, false) if c2 == codes || possessive_after(tokens, last) => {
                    span.last = *nl;
                    // "Taiwan's Presidential Office": an office belongs to the country
                    // that owns it, whatever country its name alone suggests
                    if !(country_form && possessive_after(tokens, last)) {
                        span.codes = c2.clone();
                    }
                    span.detail = d2.clone().or(span.detail.clone());
                    span.possessive = possessive_after(tokens, *nl);
                    taken = 1;
                }
                _ => {}
            }
        }
    }
    // "Russian tactical nuclear weapons": a demonym before a plain noun
    span.adjective = demonym_starts.contains(&span.first)
        && span.last == last
        && tokens
            .get(last)
            .is_some_and(|t| t.kind == TokenKind::Word && !t.is_capitalised(text));
    (span, taken)
}

/// A sector noun: merged with "in/of/from" + a country or place after it ("officials
/// in Kyiv"), else a generic actor (or "our"/"its"/"their" + sector: a pronoun).
fn sector_span(
    tokens: &[Token],
    (first, last): (usize, usize),
    sector: &str,
    surface: &str,
    next: Option<&RawSpan>,
) -> (ActorSpan, usize) {
    if let Some((nf, nl, nr)) = next {
        let prep = tokens.get(last).map(|t| t.lower.as_str());
        let skip_the = tokens.get(last + 1).is_some_and(|t| t.lower == "the");
        let at = if skip_the { last + 2 } else { last + 1 };
        if matches!(prep, Some("in" | "of" | "from")) && *nf == at {
            let codes = match nr {
                Raw::Actor(c, _, true) => Some(c.clone()),
                Raw::Place(loc) => loc.country.clone().map(|c| vec![c]),
                _ => None,
            };
            if let Some(codes) = codes {
                let span = ActorSpan {
                    first,
                    last: *nl,
                    codes,
                    detail: Some(surface.to_string()),
                    kind: ActorKind::Named,
                    word: sector.to_string(),
                    possessive: possessive_after(tokens, *nl),
                    definite: false,
                    adjective: false,
                };
                return (span, 1);
            }
        }
    }
    let prev = first
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .map(|t| t.lower.as_str());
    let (kind, word) = match prev {
        Some("our" | "we") => (ActorKind::Pronoun, "we".to_string()),
        Some("its") => (ActorKind::Pronoun, "it".to_string()),
        Some("their") => (ActorKind::Pronoun, "they".to_string()),
        _ => (ActorKind::Generic, sector.to_string()),
    };
    let first = if kind == ActorKind::Pronoun {
        first - 1
    } else {
        first
    };
    let span = ActorSpan {
        first,
        last,
        codes: Vec::new(),
        detail: Some(surface.to_string()),
        kind,
        word,
        possessive: possessive_after(tokens, last),
        definite: matches!(prev, Some("the" | "this" | "that" | "its" | "their")),
        adjective: false,
    };
    (span, 0)
}

/// A place; with a sector noun right after it ("Gaza militants") also an actor of the
/// place's country (then it takes the next span: 1).
fn place_span(
    tokens: &[Token],
    (first, last): (usize, usize),
    loc: &Location,
    next: Option<&RawSpan>,
    actors: &mut Vec<ActorSpan>,
    places: &mut Vec<PlaceSpan>,
) -> usize {
    places.push(PlaceSpan {
        first,
        last,
        location: loc.clone(),
    });
    if let (Some((nf, nl, Raw::Sector(_, surface))), Some(c)) = (next, loc.country.clone()) {
        if *nf == last {
            actors.push(ActorSpan {
                first,
                last: *nl,
                codes: vec![c],
                detail: Some(surface.clone()),
                kind: ActorKind::Named,
                word: String::new(),
                possessive: possessive_after(tokens, *nl),
                definite: false,
                adjective: false,
            });
            return 1;
        }
    }
    0
}

/// Pronouns that no actor span covers ("it", "they", "our" …), codes resolved later.
fn pronoun_spans(tokens: &[Token], actors: &mut Vec<ActorSpan>) {
    for (k, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word || !PRONOUNS.contains(&t.lower.as_str()) {
            continue;
        }
        if actors.iter().any(|a| k >= a.first && k < a.last) {
            continue;
        }
        let word = match t.lower.as_str() {
            "our" | "us" | "i" => "we",
            w => w,
        };
        actors.push(ActorSpan {
            first: k,
            last: k + 1,
            codes: Vec::new(),
            detail: None,
            kind: ActorKind::Pronoun,
            word: word.to_string(),
            possessive: matches!(t.lower.as_str(), "our" | "its" | "their"),
            definite: false,
            adjective: false,
        });
    }
}

fn join_detail(a: &Option<String>, b: &str) -> String {
    match a {
        Some(x) if !x.is_empty() => format!("{x}; {b}"),
        _ => b.to_string(),
    }
}

/// "South Korea's National Security Council (NSC)": remember NSC for the rest of the report.
fn register_acronym(
    text: &str,
    tokens: &[Token],
    span: &ActorSpan,
    acronyms: &mut BTreeMap<String, (Vec<String>, Option<String>)>,
) {
    let (Some(open), Some(word), Some(close)) = (
        tokens.get(span.last),
        tokens.get(span.last + 1),
        tokens.get(span.last + 2),
    ) else {
        return;
    };
    if open.lower != "(" || close.lower != ")" {
        return;
    }
    let surface = text.get(word.start..word.end).unwrap_or("");
    let n = surface.chars().count();
    if (2..=8).contains(&n) && surface.chars().all(|c| c.is_ascii_uppercase()) {
        acronyms
            .entry(surface.to_string())
            .or_insert_with(|| (span.codes.clone(), span.detail.clone()));
    }
}
