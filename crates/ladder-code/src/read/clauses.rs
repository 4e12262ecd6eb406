//! Clauses of a sentence: main, conditional antecedent, presupposed background and
//! relative clauses, split at subordinators and clause punctuation.

use super::*;

/// Split a sentence into clauses.
#[allow(clippy::if_same_then_else)]
pub(crate) fn split_clauses(tokens: &[Token], actors: &[ActorSpan]) -> Vec<Clause> {
    let n = tokens.len();
    let mut clauses: Vec<Clause> = Vec::new();
    let mut start = 0usize;
    let mut kind = ClauseKind::Main;
    let mut closes_at_comma = false;
    let starts_actor = |k: usize| {
        actors.iter().any(|a| a.first == k)
            || tokens
                .get(k)
                .is_some_and(|t| matches!(t.lower.as_str(), "we" | "they" | "it" | "he" | "she"))
    };
    let presup = [
        "after",
        "since",
        "following",
        "before",
        "when",
        "because",
        "amid",
        "once",
    ];
    let mut i = 0;
    while i < n {
        let w = tokens[i].lower.as_str();
        let prev = if i > 0 {
            Some(tokens[i - 1].lower.as_str())
        } else {
            None
        };
        let mut boundary: Option<(usize, ClauseKind, bool)> = None;
        if w == ";" {
            boundary = Some((i + 1, ClauseKind::Main, false));
        } else if w == "," && closes_at_comma {
            boundary = Some((i + 1, ClauseKind::Main, false));
        } else if i > 0 && SUBORDINATORS_MAIN.contains(&w) {
            boundary = Some((i, ClauseKind::Main, false));
        } else if w == "if" || w == "unless" {
            boundary = Some((i, ClauseKind::Antecedent, true));
        } else if i > 0
            && presup.contains(&w)
            && !matches!(
                prev,
                Some(
                    "shortly"
                        | "soon"
                        | "long"
                        | "ever"
                        | "just"
                        | "day"
                        | "days"
                        | "week"
                        | "weeks"
                        | "months"
                        | "years"
                        | "hours"
                )
            )
        {
            boundary = Some((i, ClauseKind::Presupposed, false));
        } else if i == 0 && presup.contains(&w) {
            kind = ClauseKind::Presupposed;
            closes_at_comma = true;
        } else if i == 0
            && matches!(w, "should" | "were" | "had")
            && tokens.iter().take(12).any(|t| t.lower == ",")
        {
            // "Should talks fail, …": an inverted condition
            kind = ClauseKind::Antecedent;
            closes_at_comma = true;
        } else if i > 0 && prev == Some(",") && matches!(w, "which" | "who" | "where") {
            boundary = Some((i, ClauseKind::Relative, true));
        } else if i > 0 && prev == Some(",") && starts_claim_apposition(tokens, i) {
            // "…, a claim Pyongyang rejected": a clause of its own
            boundary = Some((i, ClauseKind::Main, false));
        } else if i > 0 && prev == Some(",") && w == "including" {
            boundary = Some((i, ClauseKind::Main, false));
        } else if i > 0 && prev == Some(",") && w == "and" && starts_actor(i + 1) {
            boundary = Some((i, ClauseKind::Main, false));
        } else if (w == "“" || w == "”") && i > 0 && prev == Some(",") {
            // quotation edges after a comma end a clause
            boundary = Some((i + 1, ClauseKind::Main, false));
        }
        if let Some((at, k, closes)) = boundary {
            if at > start {
                clauses.push(Clause {
                    start,
                    end: at,
                    kind,
                    conditional: false,
                });
                start = at;
            }
            kind = k;
            closes_at_comma = closes || (k == ClauseKind::Presupposed && prev == Some(","));
        }
        i += 1;
    }
    if start < n {
        clauses.push(Clause {
            start,
            end: n,
            kind,
            conditional: false,
        });
    }
    // conditionals: a leading if-clause governs the next clause; a trailing one (no comma
    // before "if") governs the clause before it
    for k in 0..clauses.len() {
        if clauses[k].kind != ClauseKind::Antecedent {
            continue;
        }
        let comma_before = clauses[k].start > 0 && tokens[clauses[k].start - 1].lower == ",";
        let leading = clauses[k].start == 0
            || comma_before
            || (clauses[k].start >= 1 && tokens[clauses[k].start - 1].lower == "and");
        if leading {
            if let Some(next) = clauses.get_mut(k + 1) {
                next.conditional = true;
            }
        } else if k > 0 {
            clauses[k - 1].conditional = true;
        }
    }
    clauses
}

/// "a claim", "an allegation", "charges" at `i`: an appositive naming a claim, whose own
/// clause ("a claim Pyongyang rejected") has its own subject.
pub(crate) fn starts_claim_apposition(tokens: &[Token], i: usize) -> bool {
    let is_claim = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "claim"
                    | "claims"
                    | "charge"
                    | "charges"
                    | "allegation"
                    | "allegations"
                    | "accusation"
                    | "accusations"
                    | "assertion"
            )
        })
    };
    match tokens[i].lower.as_str() {
        "a" | "an" | "the" => is_claim(i + 1),
        _ => is_claim(i),
    }
}
