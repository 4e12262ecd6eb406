//! Word lists and predicates over tokens: prepositions, clause punctuation, passives,
//! objects after a trigger, attributive participles — the small tests every reading pass
//! shares.

use super::*;

pub(crate) const BE_FORMS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "got", "gets",
];

pub(crate) const PREPOSITIONS: &[&str] = &[
    "of",
    "in",
    "at",
    "between",
    "with",
    "over",
    "from",
    "against",
    "on",
    "for",
    "to",
    "near",
    "into",
    "about",
    "toward",
    "towards",
    "under",
    "after",
    "since",
    "by",
    "among",
    "across",
    "inside",
    "outside",
    "within",
    "without",
    "including",
    "like",
    "as",
    "via",
    "through",
    "alongside",
];

pub(crate) const SUBORDINATORS_MAIN: &[&str] =
    &["but", "while", "whereas", "although", "though", "yet"];

pub(crate) fn phrase_at(tokens: &[Token], i: usize, phrase: &Phrase) -> bool {
    i + phrase.len() <= tokens.len()
        && phrase
            .iter()
            .enumerate()
            .all(|(k, w)| tokens[i + k].lower == *w)
}

pub(crate) fn is_closing_quote(t: &Token) -> bool {
    matches!(t.lower.as_str(), "”" | "\"" | "'" | "’" | "»")
}

pub(crate) fn is_clause_punct(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        "," | ";" | ":" | "“" | "”" | "\"" | "(" | ")" | "—" | "–"
    )
}

/// "It is unclear whether …", "did not say whether …": an open question before `at`,
/// which asserts nothing.
pub(crate) fn open_question_before(tokens: &[Token], clause_start: usize, at: usize) -> bool {
    let from = clause_start.max(at.saturating_sub(12));
    (from..at).any(|w| {
        matches!(tokens[w].lower.as_str(), "whether")
            && token_span(tokens, w.saturating_sub(4).max(clause_start), w)
                .iter()
                .any(|t| {
                    matches!(
                        t.lower.as_str(),
                        "unclear"
                            | "uncertain"
                            | "not"
                            | "n't"
                            | "no"
                            | "asked"
                            | "unknown"
                            | "questions"
                            | "question"
                            | "clear"
                            | "know"
                            | "confirm"
                            | "verify"
                    )
                })
    })
}

/// "no evidence that", "not seen any reports of": a negation a word or two before `at`.
pub(crate) fn negation_just_before(tokens: &[Token], at: usize) -> bool {
    token_span(tokens, at.saturating_sub(3), at)
        .iter()
        .any(|t| {
            matches!(
                t.lower.as_str(),
                "no" | "not" | "n't" | "never" | "without" | "little" | "nor" | "neither"
            )
        })
}

/// The words of tokens `first..last` as written in the text ("Kirby", not "kirby").
pub(crate) fn surface_of(text: &str, tokens: &[Token], first: usize, last: usize) -> String {
    let span = token_span(tokens, first, last.min(tokens.len()));
    match (span.first(), span.last()) {
        (Some(a), Some(b)) => text.get(a.start..b.end).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

/// A pronoun that points back to the actor itself ("Iran … its soldiers"), or the actor's
/// own demonym before a noun ("Moscow warned that bans on Russian media …"): never the
/// recipient. A named group of the same country may be ("Turkish police detained Kurdish
/// protesters" is a domestic event).
pub(crate) fn is_self_mention(a: &ActorSpan, actor_codes: &[String]) -> bool {
    !a.codes.is_empty()
        && a.codes.iter().all(|c| actor_codes.contains(c))
        && (a.kind == ActorKind::Pronoun || a.adjective)
}

pub(crate) fn is_official_sector(word: &str) -> bool {
    matches!(
        word,
        "government"
            | "military"
            | "intelligence"
            | "diplomatic"
            | "police"
            | "official"
            | "officials"
            | "security"
    )
}

pub(crate) fn is_subject_position(tokens: &[Token], a: &ActorSpan) -> bool {
    let mut p = a.first;
    // skip determiners and a few adjectives ("the senior officials", "a team of …")
    while p > 0
        && matches!(
            tokens[p - 1].lower.as_str(),
            "the"
                | "a"
                | "an"
                | "our"
                | "its"
                | "their"
                | "senior"
                | "top"
                | "defence"
                | "defense"
                | "some"
                | "several"
                | "two"
                | "three"
        )
    {
        p -= 1;
    }
    p == 0
        || tokens.get(p - 1).is_some_and(|t| {
            is_clause_punct(t)
                || matches!(
                    t.lower.as_str(),
                    "and"
                        | "but"
                        | "that"
                        | "after"
                        | "when"
                        | "because"
                        | "since"
                        | "while"
                        | "as"
                        | "if"
                        | "said"
                        | "of"
                )
        })
}

pub(crate) fn is_passive(tokens: &[Token], at: usize) -> bool {
    let mut k = at;
    for _ in 0..3 {
        if k == 0 {
            return false;
        }
        k -= 1;
        let w = tokens[k].lower.as_str();
        if BE_FORMS.contains(&w) {
            return true;
        }
        if !(w.ends_with("ly")
            || matches!(
                w,
                "not" | "also" | "reportedly" | "allegedly" | "already" | "recently" | "being"
            ))
        {
            return false;
        }
    }
    false
}

/// Whether a noun from `objs` heads the phrase after `from` (a few words, no clause break).
pub(crate) fn object_follows(tokens: &[Token], from: usize, objs: &[Phrase]) -> bool {
    let mut k = from;
    let limit = (from + 7).min(tokens.len());
    while k < limit {
        let t = &tokens[k];
        if objs.iter().any(|o| phrase_at(tokens, k, o)) {
            return true;
        }
        if is_clause_punct(t) && t.lower != "“" && t.lower != "”" || t.lower == "." {
            return false;
        }
        if PREPOSITIONS.contains(&t.lower.as_str())
            && !matches!(
                t.lower.as_str(),
                "with" | "of" | "to" | "from" | "in" | "into"
            )
        {
            return false;
        }
        if k > from && matches!(t.lower.as_str(), "to" | "from" | "in" | "into") {
            return false;
        }
        k += 1;
    }
    false
}

pub(crate) fn object_follows_near(
    tokens: &[Token],
    from: usize,
    objs: &[Phrase],
    n: usize,
) -> bool {
    (from..(from + n).min(tokens.len())).any(|k| objs.iter().any(|o| phrase_at(tokens, k, o)))
}

pub(crate) fn object_precedes(tokens: &[Token], at: usize, objs: &[Phrase]) -> bool {
    (at.saturating_sub(5)..at).any(|k| objs.iter().any(|o| phrase_at(tokens, k, o)))
}

/// A one-word noun trigger used as a modifier ("attack helicopters", "strike force").
/// Whether the actor group's words include one of `words` ("Russian troops", "its forces").
pub(crate) fn actor_has_word(
    tokens: &[Token],
    actors: &[ActorSpan],
    group: &[usize],
    words: &[String],
) -> bool {
    group.iter().filter_map(|&k| actors.get(k)).any(|a| {
        token_span(tokens, a.first, a.last)
            .iter()
            .any(|t| words.contains(&t.lower))
    })
}

/// A participle between a determiner and a noun ("the detained fishermen").
pub(crate) fn is_attributive(tokens: &[Token], i: usize) -> bool {
    i > 0
        && matches!(
            tokens[i - 1].lower.as_str(),
            "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "these" | "those"
        )
        && tokens.get(i + 1).is_some_and(|n| {
            n.is_word()
                && !matches!(
                    n.lower.as_str(),
                    "by" | "to" | "in" | "on" | "at" | "with" | "from" | "for" | "and" | "or"
                )
        })
}

pub(crate) fn is_modifier_use(tokens: &[Token], i: usize) -> bool {
    tokens.get(i + 1).is_some_and(|n| {
        matches!(
            n.lower.as_str(),
            "helicopter"
                | "helicopters"
                | "submarine"
                | "submarines"
                | "aircraft"
                | "dog"
                | "dogs"
                | "force"
                | "group"
                | "capability"
                | "capabilities"
                | "drone"
                | "drones"
                | "plan"
                | "plans"
                | "zone"
                | "team"
                | "teams"
                | "unit"
                | "units"
                | "vehicle"
                | "vehicles"
                | "rifle"
                | "rifles"
                | "boat"
                | "boats"
                | "venue"
                | "table"
                | "hall"
                | "room"
                | "point"
                | "points"
                | "organisers"
                | "organizers"
                | "leader"
                | "leaders"
        )
    })
}

/// The tokens from `start` to `end`, or none when the range is empty or out of order
/// (actor and trigger spans may overlap): slicing never panics on odd text.
pub(crate) fn token_span(tokens: &[Token], start: usize, end: usize) -> &[Token] {
    tokens.get(start..end).unwrap_or(&[])
}
