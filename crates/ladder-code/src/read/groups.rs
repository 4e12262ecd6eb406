//! Actor groups in token windows: the subject before a trigger, coordinated actors
//! ("Russia and North Korea"), an actor after given prepositions, and a group's codes.

use super::*;

/// The subject of a clause region: the leftmost actor not inside a prepositional
/// phrase, with its coordinated partners; else the nearest actor on the left.
pub(crate) fn subject_group(
    tokens: &[Token],
    actors: &[ActorSpan],
    from: usize,
    to: usize,
    _skip: Option<&[usize]>,
) -> Option<Vec<usize>> {
    let inside: Vec<usize> = (0..actors.len())
        .filter(|&k| actors[k].first >= from && actors[k].last <= to)
        .collect();
    let prepositional = |k: usize| {
        let a = &actors[k];
        let mut p = a.first;
        let mut steps = 0;
        while p > from && steps < 3 {
            p -= 1;
            steps += 1;
            let w = tokens[p].lower.as_str();
            if p == from
                && matches!(
                    w,
                    "after"
                        | "since"
                        | "before"
                        | "following"
                        | "if"
                        | "unless"
                        | "when"
                        | "because"
                        | "amid"
                        | "once"
                        | "as"
                        | "while"
                )
            {
                return false;
            }
            if PREPOSITIONS.contains(&w) {
                return true;
            }
            if !(matches!(
                w,
                "the" | "a" | "an" | "its" | "their" | "both" | "some" | "other"
            ) || (tokens[p].is_word() && tokens[p].is_capitalised_hint()))
            {
                return false;
            }
        }
        false
    };
    // skip actors in an appositive or possessive that modifies a later actor
    let mut chosen = None;
    for &k in &inside {
        if actors[k].kind == ActorKind::Pronoun
            && (matches!(actors[k].word.as_str(), "its" | "their")
                || actors[k].codes.is_empty()
                    && !matches!(actors[k].word.as_str(), "it" | "they" | "we" | "he" | "she"))
        {
            // a bare possessive ("its chief Mark Rutte") is a determiner, never the subject
            continue;
        }
        if !prepositional(k) {
            chosen = Some(k);
            break;
        }
    }
    let k = chosen.or_else(|| inside.last().copied())?;
    // "Both Russia and North Korea", "the US, France and Britain"
    Some(coordinated(tokens, actors, k))
}

pub(crate) trait CapHint {
    fn is_capitalised_hint(&self) -> bool;
}

impl CapHint for Token {
    /// Without the text we cannot see case; adjectives between a preposition and an
    /// actor are allowed through a small list instead.
    fn is_capitalised_hint(&self) -> bool {
        matches!(
            self.lower.as_str(),
            "senior"
                | "top"
                | "former"
                | "western"
                | "eastern"
                | "northern"
                | "southern"
                | "neighbouring"
                | "neighboring"
                | "rival"
                | "allied"
        )
    }
}

/// Actor k with the actors coordinated after it ("X and Y", "X, Y and Z", "X as well as Y").
pub(crate) fn coordinated(tokens: &[Token], actors: &[ActorSpan], k: usize) -> Vec<usize> {
    let mut group = vec![k];
    let mut cur = k;
    while let Some(next) = actors.get(cur + 1) {
        let between = token_span(tokens, actors[cur].last, next.first);
        let ok = !between.is_empty()
            && between.len() <= 3
            && between.iter().all(|t| {
                matches!(
                    t.lower.as_str(),
                    "and" | "," | "or" | "as" | "well" | "&" | "the" | "its" | "their"
                )
            })
            && between
                .iter()
                .any(|t| matches!(t.lower.as_str(), "and" | "," | "or" | "&"));
        if !ok
            || next.codes.is_empty() && next.kind == ActorKind::Named
            || next.kind == ActorKind::Pronoun && matches!(next.word.as_str(), "its" | "their")
        {
            break;
        }
        group.push(cur + 1);
        cur += 1;
    }
    // "X, Y and Z" is a list; "to Russia, South Korea is …" is not: keep the chain up to
    // its last link that has "and"/"or"
    let mut keep = 1;
    for w in 1..group.len() {
        let between = &tokens[actors[group[w - 1]].last..actors[group[w]].first];
        if between
            .iter()
            .any(|t| matches!(t.lower.as_str(), "and" | "or" | "&"))
        {
            keep = w + 1;
        }
    }
    group.truncate(keep);
    group
}

pub(crate) fn coordinated_back(tokens: &[Token], actors: &[ActorSpan], k: usize) -> Vec<usize> {
    let mut first = k;
    while first > 0 {
        let prev = &actors[first - 1];
        let between = token_span(tokens, prev.last, actors[first].first);
        // the link next to k must say "and"/"or" ("X, Y and Z said"); a bare comma there
        // ends the content before a late frame ("… to Russia, officials said")
        let joins = if first == k {
            between
                .iter()
                .any(|t| matches!(t.lower.as_str(), "and" | "or"))
        } else {
            between
                .iter()
                .any(|t| matches!(t.lower.as_str(), "and" | "," | "or"))
        };
        let ok = !between.is_empty()
            && between.len() <= 3
            && between
                .iter()
                .all(|t| matches!(t.lower.as_str(), "and" | "," | "or" | "the"))
            && joins;
        if !ok {
            break;
        }
        first -= 1;
    }
    (first..=k).collect()
}

pub(crate) fn first_actor_after(
    actors: &[ActorSpan],
    from: usize,
    to: usize,
) -> Option<Vec<usize>> {
    actors
        .iter()
        .position(|a| a.first >= from && a.first < to && !a.codes.is_empty())
        .map(|k| vec![k])
}

pub(crate) fn actor_after_preps(
    tokens: &[Token],
    actors: &[ActorSpan],
    from: usize,
    to: usize,
    preps: &[String],
) -> Option<Vec<usize>> {
    // the preposition may be part of the trigger ("pressure from")
    let starts: Vec<usize> = (from.saturating_sub(1)..to.min(tokens.len()))
        .filter(|&k| preps.iter().any(|p| *p == tokens[k].lower))
        .collect();
    for s in starts {
        let found: Vec<usize> = (0..actors.len())
            .filter(|&k| {
                actors[k].first > s
                    && actors[k].first <= s + 6
                    && actors[k].first < to
                    && !actors[k].codes.is_empty()
            })
            .collect();
        if let Some(&k) = found.first() {
            let mut g = coordinated(tokens, actors, k);
            for &k2 in &found[1..] {
                let possessive_pronoun = actors[k2].kind == ActorKind::Pronoun
                    && matches!(actors[k2].word.as_str(), "its" | "their");
                let across_comma = token_span(tokens, actors[k].last, actors[k2].first)
                    .iter()
                    .any(|t| t.lower == ",");
                if !g.contains(&k2)
                    && actors[k2].first <= s + 6
                    && !possessive_pronoun
                    && !across_comma
                {
                    g.push(k2);
                }
            }
            return Some(g);
        }
    }
    None
}

/// Codes and detail of an actor group (deduplicated, in order).
pub(crate) fn group_codes(actors: &[ActorSpan], group: &[usize]) -> (Vec<String>, Option<String>) {
    let mut codes: Vec<String> = Vec::new();
    let mut details: Vec<String> = Vec::new();
    for &k in group {
        if k >= actors.len() {
            continue;
        }
        for c in &actors[k].codes {
            if !codes.contains(c) {
                codes.push(c.clone());
            }
        }
        if let Some(d) = &actors[k].detail {
            if !details.contains(d) {
                details.push(d.clone());
            }
        }
    }
    let detail = (!details.is_empty()).then(|| details.join("; "));
    (codes, detail)
}

pub(crate) fn distinct_countries(
    actors: &[ActorSpan],
    places: &[PlaceSpan],
    entities: &dyn EntitySource,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in actors {
        if a.kind != ActorKind::Named {
            continue;
        }
        for c in &a.codes {
            if entities.is_country_code(c) && !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    for p in places {
        if let Some(c) = &p.location.country {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    out
}
