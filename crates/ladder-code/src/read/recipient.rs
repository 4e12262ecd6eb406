//! The recipient of an event: the tree's object or oblique, else the token window's (a
//! direct object, or an actor after one of the entry's recipient prepositions), then the
//! fallbacks of the report's context.

use super::*;
use crate::lexicon::RecipientlessType;

/// Types whose target, when unnamed, is the other party of the report's main dyad (a
/// demand with no addressee is made of the other side).
const IMPLIED_RECIPIENT_TYPES: &[EventType] = &[
    EventType::Assault,
    EventType::Coerce,
    EventType::Threaten,
    EventType::Sanction,
    EventType::Request,
];

/// The recipient chosen for one trigger, and the type it is coded as.
#[derive(Debug, Clone)]
pub(crate) struct RecipientReading<'e> {
    pub group: Option<Vec<usize>>,
    pub codes: Vec<String>,
    pub detail: Option<String>,
    /// The entry's type when no one but the actor receives the act.
    pub recipientless: Option<(&'e RecipientlessType, EventType)>,
    pub etype: EventType,
}
impl<'a> CoderCore<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn find_recipient(
        &self,
        tokens: &[Token],
        actors: &[ActorSpan],
        trig: &Trigger,
        entry: &crate::lexicon::EventEntry,
        etype: EventType,
        region_end: usize,
        actor_group: &[usize],
        actor_codes: &[String],
    ) -> Option<Vec<usize>> {
        let patterns = &self.lexicon.role_patterns[trig.entry];
        let preps: Vec<&str> = patterns.recipient_preps();
        let direct = if patterns.explicit {
            patterns.recipient.iter().any(|p| p.is_direct_object())
        } else {
            entry.direct_object.unwrap_or(trig.is_verb)
        };
        let candidates: Vec<usize> = (0..actors.len())
            .filter(|&k| {
                actors[k].first >= trig.last
                    && actors[k].first < region_end
                    && !actor_group.contains(&k)
                    && !is_self_mention(&actors[k], actor_codes)
                    // "launched dozens of drones": the actor's own forces and weapons are
                    // its instruments, not the target of its attack or deployment
                    && !(actors[k].kind == ActorKind::Generic
                        && matches!(
                            etype,
                            EventType::Assault | EventType::Mobilize | EventType::Aid
                        )
                        && !actors[k].codes.is_empty()
                        && actors[k].codes.iter().all(|c| actor_codes.contains(c)))
            })
            .collect();
        // possessive right before a noun trigger is the actor; right after "of" the recipient
        for &k in &candidates {
            let a = &actors[k];
            if a.codes.is_empty() {
                continue;
            }
            let before = token_span(tokens, trig.last, a.first);
            // "sent Iranian drones", "deployed Russian weapons": the demonym says where
            // the thing comes from; "struck Ukrainian positions" names the target
            let origin_only = a.adjective && matches!(etype, EventType::Aid | EventType::Mobilize);
            if direct
                && !origin_only
                && before.len() <= 3
                && !before
                    .iter()
                    .any(|t| PREPOSITIONS.contains(&t.lower.as_str()) || is_clause_punct(t))
            {
                return Some(coordinated(tokens, actors, k));
            }
            let prep = before
                .iter()
                .rev()
                .take(4)
                .find(|t| PREPOSITIONS.contains(&t.lower.as_str()));
            if let Some(p) = prep {
                // "alongside X": a partner of aid and cooperation, never a target
                if p.lower == "alongside" {
                    if matches!(
                        etype,
                        EventType::Aid | EventType::Cooperate | EventType::Support
                    ) {
                        return Some(coordinated(tokens, actors, k));
                    }
                    continue;
                }
                if preps.contains(&p.lower.as_str()) {
                    return Some(coordinated(tokens, actors, k));
                }
            }
        }
        // the entry names no preposition, or says exactly which relations name the
        // recipient: no guess from the words after the trigger
        if patterns.explicit || entry.recipient_preps.as_ref().is_some_and(|p| p.is_empty()) {
            return None;
        }
        candidates
            .into_iter()
            .find(|&k| {
                let between = token_span(tokens, trig.last, actors[k].first);
                let origin_only =
                    actors[k].adjective && matches!(etype, EventType::Aid | EventType::Mobilize);
                let alongside = between.iter().rev().take(4).any(|t| t.lower == "alongside");
                // "vetoed the package, drawing criticism from Poland": not across a comma
                let across_comma = between.iter().any(|t| t.lower == "," || t.lower == ";");
                !actors[k].codes.is_empty() && !origin_only && !alongside && !across_comma
            })
            .map(|k| coordinated(tokens, actors, k))
    }

    /// The recipient: the one the sentence names (`named_recipient`), else the one the
    /// report's context implies (`implied_recipient`); then a reciprocal pair, and the
    /// type coded instead when no one receives the act.
    pub(crate) fn trigger_recipient<'e>(
        &'e self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'e>,
        s: &SubjectReading,
        a: &ActorReading,
        state: &DocState,
    ) -> RecipientReading<'e> {
        let actors = &v.actors;
        let tokens = &v.tokens;
        let (entry, etype) = (t.entry, t.etype);
        let actor_codes = &a.codes;
        let recipient_group = self.named_recipient(v, t, s, a);
        let (mut recipient_codes, mut recipient_detail) = recipient_group
            .as_ref()
            .map(|g| group_codes(actors, g))
            .unwrap_or_default();
        let reciprocal = actor_codes.len() >= 2 && etype.is_symmetric();
        // "Moscow warned that the harassment of Russian journalists would not go
        // unanswered", in a report about Russia and the EU: a party of the report's main
        // dyad named only as its own recipient is what the act is about; it is aimed at
        // the other party (domestic acts, and generic recipients such as a state's own
        // protesters, stay as they are)
        let named_self = actor_codes.len() == 1
            && etype != EventType::Protest
            && recipient_codes.as_slice() == actor_codes.as_slice()
            && recipient_group
                .as_ref()
                .is_some_and(|g| g.iter().all(|&k| actors[k].kind == ActorKind::Named));
        if named_self {
            if let Some(other) = state.named.other_of_main_pair(&actor_codes[0]) {
                recipient_codes = vec![other];
                recipient_detail = None;
            }
        }
        if recipient_codes.is_empty() {
            if let Some((codes, detail)) = self.implied_recipient(v, t, s, a, state) {
                // an implied party keeps the words the sentence used for it ("people")
                // unless the context names it (a place, a recalled recipient)
                recipient_codes = codes;
                recipient_detail = detail.or(recipient_detail);
                // "its forces retook the town of Sudzha in the Kursk region": fighting
                // on one's own soil, in a report about two parties, is against the other
                if actor_codes.len() == 1
                    && matches!(etype, EventType::Assault | EventType::Coerce)
                    && recipient_codes.as_slice() == actor_codes.as_slice()
                {
                    if let Some(other) = state.named.other_of_main_pair(&actor_codes[0]) {
                        recipient_codes = vec![other];
                        recipient_detail = None;
                    }
                }
            }
        }
        // "Japan and South Korea will hold a summit in Seoul": a host named among the
        // actors, or a venue ("held talks in Baghdad"), leaves the meeting reciprocal
        let at_venue = recipient_group.as_ref().is_some_and(|g| {
            g.first().and_then(|&k| actors.get(k)).is_some_and(|a| {
                a.first > 0 && matches!(tokens[a.first - 1].lower.as_str(), "in" | "at")
            })
        });
        if reciprocal
            && !recipient_codes.is_empty()
            && (at_venue || recipient_codes.iter().all(|c| actor_codes.contains(c)))
        {
            recipient_codes.clear();
            recipient_detail = None;
        }
        if recipient_codes.is_empty()
            && actor_codes.len() >= 2
            && (etype.is_symmetric() || matches!(etype, EventType::Aid | EventType::Retreat))
        {
            // reciprocal: "Russia and North Korea signed a treaty", "Russia and Ukraine
            // completed a prisoner exchange"
            recipient_codes = actor_codes.clone();
        }
        // "deployed troops along its coastline": no one receives them, a mobilisation
        let recipientless = entry
            .without_recipient
            .as_ref()
            .filter(|_| recipient_codes.iter().all(|c| actor_codes.contains(c)))
            .and_then(|w| Some((w, w.event_type.parse::<EventType>().ok()?)));
        if recipientless.is_some() {
            recipient_codes.clear();
            recipient_detail = None;
        }
        // "launched drones and missiles at targets inside Israel": aimed at someone
        let aimed = entry
            .when_aimed
            .as_ref()
            .filter(|_| recipientless.is_none() && !recipient_codes.is_empty())
            .filter(|w| {
                recipient_group.as_ref().is_some_and(|g| {
                    g.first()
                        .and_then(|&k| actors.get(k))
                        .is_some_and(|r| aimed_at(tokens, trig_last(t), r.first, &w.preps))
                })
            })
            .and_then(|w| Some((w, w.event_type.parse::<EventType>().ok()?)));
        let recipientless = recipientless.or(aimed);
        let etype = recipientless.map(|(_, t)| t).unwrap_or(etype);
        RecipientReading {
            group: recipient_group,
            codes: recipient_codes,
            detail: recipient_detail,
            recipientless,
            etype,
        }
    }

    /// The recipient group the sentence names: the subject when it suffers the act, the
    /// tree's object or oblique, the window's, or the partner between a yielding governor
    /// and its complement ("agreed with the United States to share data").
    fn named_recipient(
        &self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'_>,
        s: &SubjectReading,
        a: &ActorReading,
    ) -> Option<Vec<usize>> {
        let SentenceView { tokens, actors, .. } = v;
        let TriggerCtx {
            trig,
            entry,
            etype,
            governor,
            region_end,
            tree_roles,
            ..
        } = t;
        let (etype, region_end) = (*etype, *region_end);
        let (actor_group, actor_codes) = (&a.group, &a.codes);
        if s.recipient_is_subject {
            return a.recipient_idx.clone();
        }
        // "held an emergency meeting to explore responses over North Korea's ties
        // with Russia": what a meeting is about is not whom it is with
        let recipient_end = if etype == EventType::Consult {
            (trig.last..region_end)
                .find(|&k| {
                    matches!(
                        tokens[k].lower.as_str(),
                        "over" | "about" | "regarding" | "concerning" | "on"
                    ) || (tokens[k].lower == "to"
                        && tokens.get(k + 1).is_some_and(|n| {
                            matches!(
                                n.lower.as_str(),
                                "discuss" | "explore" | "review" | "consider" | "address"
                            )
                        }))
                })
                .unwrap_or(region_end)
        } else {
            region_end
        };
        let tree_recipient = tree_roles
            .as_ref()
            .and_then(|r| r.recipient.clone())
            .filter(|g| {
                g.iter().all(|&k| {
                    !actor_group.contains(&k)
                        && actors[k].first < recipient_end.max(trig.last)
                        && !is_self_mention(&actors[k], actor_codes)
                })
            });
        tree_recipient
            .or_else(|| {
                self.find_recipient(
                    tokens,
                    actors,
                    trig,
                    entry,
                    etype,
                    recipient_end,
                    actor_group,
                    actor_codes,
                )
            })
            .or_else(|| {
                let g = governor
                    .filter(|g| self.lexicon.entries[g.entry].complement == Complement::Yield)?;
                let with = ["with".to_string()];
                actor_after_preps(tokens, actors, g.last, trig.first, &with)
                    .filter(|r| !r.iter().any(|k| actor_group.contains(k)))
            })
    }

    /// A recipient the report's context implies when the sentence names none: a place
    /// after the trigger, the first actor of an if-clause just before, the same actor's
    /// last recipient of this type, the accuser a rejection answers, or the other party
    /// of the report's main dyad.
    fn implied_recipient(
        &self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'_>,
        s: &SubjectReading,
        a: &ActorReading,
        state: &DocState,
    ) -> Option<(Vec<String>, Option<String>)> {
        let SentenceView {
            si,
            actors,
            places,
            clauses,
            ..
        } = v;
        let si = *si;
        let TriggerCtx {
            trig,
            etype,
            ci,
            region_end,
            ..
        } = t;
        let (etype, ci, region_end) = (*etype, *ci, *region_end);
        let actor_codes = &a.codes;
        let reciprocal = actor_codes.len() >= 2 && etype.is_symmetric();
        if !s.recipient_is_subject && !reciprocal {
            // a place after the trigger: its country ("Russia and China will meet in
            // Beijing" stays reciprocal)
            let place = places
                .iter()
                .find(|p| p.first >= trig.last && p.first < region_end);
            if let Some((p, c)) = place.and_then(|p| Some((p, p.location.country.as_ref()?))) {
                return Some((vec![c.clone()], Some(p.location.name.clone())));
            }
        }
        // an if-clause just before: its first actor ("if X continues, we will respond")
        if ci > 0 && clauses[ci - 1].kind == ClauseKind::Antecedent {
            if let Some(a) = actors.iter().find(|a| {
                a.first >= clauses[ci - 1].start
                    && a.first < clauses[ci - 1].end
                    && !a.codes.is_empty()
                    && a.kind == ActorKind::Named
            }) {
                return Some((a.codes.clone(), None));
            }
        }
        if actor_codes.len() < 2
            && matches!(
                etype,
                EventType::Aid | EventType::Cooperate | EventType::Sanction
            )
        {
            // the same actor's last event of this type, a sentence or two back ("Both
            // Russia and North Korea denied arms transfers" stays between the two)
            if let Some((_, _, _, r, d)) = state.recent.iter().rev().find(|(s, t, a, r, _)| {
                si.saturating_sub(*s) <= 3
                    && *t == etype
                    && a.iter().any(|c| actor_codes.contains(c))
                    && !r.is_empty()
            }) {
                return Some((r.clone(), d.clone()));
            }
        }
        if etype == EventType::Reject {
            // "B rejects the claims": the last accuser of B, a sentence or two back
            if let Some((_, _, a, _, _)) = state.recent.iter().rev().find(|(s, t, a, r, _)| {
                si.saturating_sub(*s) <= 3
                    && *t == EventType::Accuse
                    && !a.is_empty()
                    && r.iter().any(|c| actor_codes.contains(c))
            }) {
                return Some((a.clone(), None));
            }
        }
        if !s.recipient_is_subject
            && actor_codes.len() == 1
            && IMPLIED_RECIPIENT_TYPES.contains(&etype)
        {
            // "fighting in Kursk", "killed 12 people": an act of one of the report's two
            // main parties, with no one named as its target, is against the other
            let (x, y) = state.named.main_pair()?;
            if actor_codes[0] == x {
                return Some((vec![y], None));
            } else if actor_codes[0] == y {
                return Some((vec![x], None));
            }
        }
        None
    }
}

fn trig_last(t: &TriggerCtx<'_>) -> usize {
    t.trig.last
}

/// Whether one of `preps` stands between the trigger's end and the recipient at `at`,
/// with no clause punctuation between ("fired missiles at targets in Israel").
fn aimed_at(tokens: &[Token], from: usize, at: usize, preps: &[String]) -> bool {
    let Some(between) = tokens.get(from..at) else {
        return false;
    };
    !between.iter().any(is_clause_punct) && between.iter().any(|t| preps.contains(&t.lower))
}
