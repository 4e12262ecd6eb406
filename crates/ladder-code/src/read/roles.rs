//! Who does the act: the subject from the tree or the token window, passives and their
//! agents, possessors and demonyms, deniers and accusation frames, subjects carried from
//! earlier clauses, speakers' labels, and the codes of the chosen group.

use super::*;

/// What the subject pass found for one trigger.
#[derive(Debug, Clone, Default)]
pub(crate) struct SubjectReading {
    /// The subject group (for a passive or an actor-preposition entry: who suffers it).
    pub subject: Option<Vec<usize>>,
    /// The agent when named apart from the subject ("by X", "pressure from X").
    pub actor_idx: Option<Vec<usize>>,
    /// The subject is the recipient (passives, actor prepositions).
    pub recipient_is_subject: bool,
    pub passive: bool,
    /// The denier's group when the trigger is denied.
    pub denial: Option<Vec<usize>>,
    /// (accuser codes, accuser detail, accused group) of an accusation frame.
    pub accusation: Option<(Vec<String>, Option<String>, Vec<usize>)>,
}

/// The actor chosen for one trigger.
#[derive(Debug, Clone, Default)]
pub(crate) struct ActorReading {
    pub group: Vec<usize>,
    pub codes: Vec<String>,
    pub detail: Option<String>,
    /// The recipient group when the subject is the recipient.
    pub recipient_idx: Option<Vec<usize>>,
}

impl<'a> CoderCore<'a> {
    /// The trigger's subject group (for a passive, who suffers it), its agent when the
    /// agent is named apart ("by X", "pressure from X"), whether the clause is passive, the
    /// denier and the accusation frame around it.
    pub(crate) fn trigger_subject(
        &self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'_>,
        coding: &mut SentenceCoding,
    ) -> Option<SubjectReading> {
        let SentenceView {
            tokens,
            actors,
            event_refs,
            attribution,
            triggers,
            clause_subjects,
            ..
        } = v;
        let TriggerCtx {
            ti,
            trig,
            entry,
            etype,
            ci,
            clause,
            denial_at,
            in_content,
            region_start,
            tree_roles,
            ..
        } = t;
        let (ti, etype, ci, clause, denial_at, in_content, region_start) = (
            *ti,
            *etype,
            *ci,
            *clause,
            *denial_at,
            *in_content,
            *region_start,
        );
        let (passive, actor_idx, recipient_is_subject) = self.agent_apart(v, t, coding)?;
        let mut actor_idx = actor_idx;
        let mut recipient_is_subject = recipient_is_subject;
        let subject_from = denial_at.map(|d| d + 1).unwrap_or(region_start);
        // a possessive right before the trigger is its actor ("Israel's air strikes")
        // and so is a demonym after an article ("a Ukrainian attack", "the Russian
        // offensive")
        let possessor = actors.iter().position(|a| {
            !a.codes.is_empty()
                && a.first >= subject_from
                && ((a.possessive && a.last < trig.first && trig.first - (a.last + 1) <= 1)
                    || (a.last == trig.first
                        && a.kind == ActorKind::Named
                        && a.first > 0
                        && matches!(tokens[a.first - 1].lower.as_str(), "a" | "an" | "the")
                        // "Mexico and the United States signed": a coordinated subject
                        && !(a.first > 1
                            && matches!(tokens[a.first - 2].lower.as_str(), "and" | "or" | ","))))
        });
        // the tree's subject (for a passive: who suffers it), else the window's
        let tree_subject = tree_roles.as_ref().and_then(|r| {
            if passive {
                r.recipient.clone().filter(|_| r.agent.is_some())
            } else if actor_idx.is_none() {
                r.agent.clone()
            } else {
                None
            }
        });
        let mut subject = match possessor {
            Some(k) => Some(vec![k]),
            None => tree_subject
                .map(|g| widen_coordination(tokens, actors, g))
                .or_else(|| subject_group(tokens, actors, subject_from, trig.first, None)),
        };
        // "said the incursion was a violation and demanded …": an act named by an event
        // reference does not speak (though "the drills served as a warning" may carry
        // one); the spoken act falls back to the speaker
        if etype.is_verbal()
            && trig.is_verb
            && entry.actor != ActorFrame::Speaker
            && subject.as_ref().is_some_and(|g| {
                g.iter().any(|&k| {
                    event_refs
                        .iter()
                        .any(|&(f, l)| actors[k].first >= f && actors[k].first < l)
                })
            })
        {
            subject = attribution
                .frame
                .filter(|&(_, fe)| fe <= trig.first)
                .and_then(|(fs, fe)| subject_group(tokens, actors, fs, fe, None));
        }
        // "Zelenskyy said the silence of the US only encouraged Putin, and urged western
        // governments to …": a speech act conjoined after what a speaker said is the
        // speaker's own
        if etype.is_verbal()
            && trig.is_verb
            && in_content
            && trig.first >= 2
            && tokens[trig.first - 1].lower == "and"
            && tokens[trig.first - 2].lower == ","
        {
            if let Some(speaker) = attribution
                .frame
                .filter(|&(_, fe)| fe <= trig.first)
                .and_then(|(fs, fe)| subject_group(tokens, actors, fs, fe, None))
            {
                subject = Some(speaker);
            }
        }
        let denial: Option<Vec<usize>> = denial_at.and_then(|d| {
            subject_group(tokens, actors, region_start, d, None)
                .or_else(|| (0..ci).rev().find_map(|pj| clause_subjects[pj].clone()))
        });
        if subject.is_none() && denial_at.is_some() {
            subject = denial.clone();
        }
        // accusation frame: "A accused B of supplying C", "A blamed B for the attack":
        // the accused act is B's, reported by A
        let accusation = if denial_at.is_none() {
            self.accusation_governor(
                tokens,
                actors,
                &triggers[..ti],
                &coding.coded_roles,
                trig,
                clause,
            )
        } else {
            None
        };
        let mut passive = passive;
        if let Some((_, _, accused)) = &accusation {
            subject = Some(accused.clone());
            actor_idx = None;
            recipient_is_subject = false;
            passive = false;
        }
        if subject.is_none() {
            // ellipsis, relative clauses, bilateral nouns, conjoined verbs
            subject = self.carried_subject(v, t, coding);
        }
        Some(SubjectReading {
            subject,
            actor_idx,
            recipient_is_subject,
            passive,
            denial,
            accusation,
        })
    }

    /// Whether the trigger is passive, and its agent when named apart from the subject
    /// ("sent by Pyongyang", "pressure from Washington"): (passive, agent, the subject is
    /// the recipient). `None` for a passive with no agent whose act another word of the
    /// sentence codes ("civilians were killed in a Russian strike").
    fn agent_apart(
        &self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'_>,
        coding: &mut SentenceCoding,
    ) -> Option<(bool, Option<Vec<usize>>, bool)> {
        let SentenceView {
            tokens,
            actors,
            sentence_countries,
            triggers,
            ..
        } = v;
        let TriggerCtx {
            ti,
            trig,
            entry,
            etype,
            surface,
            region_end,
            tree_roles,
            ..
        } = t;
        let (ti, etype, region_end) = (*ti, *etype, *region_end);
        // "troops were sent by Pyongyang", "Russian troops, backed by North Korea"
        let window_passive = trig.participle
            && (is_passive(tokens, trig.first)
                || (trig.first > 0
                    && tokens[trig.first - 1].lower == ","
                    && tokens.get(trig.last).is_some_and(|t| t.lower == "by")));
        let passive = match &tree_roles {
            Some(r) if trig.is_verb => r.passive || window_passive,
            _ => window_passive,
        };
        let mut actor_idx: Option<Vec<usize>> = None;
        let mut recipient_is_subject = false;
        let actor_preps = self.lexicon.role_patterns[trig.entry].actor_preps();
        if !actor_preps.is_empty() {
            if let Some(a) = actor_after_preps(tokens, actors, trig.last, region_end, &actor_preps)
            {
                actor_idx = Some(a);
                recipient_is_subject = true;
            }
        }
        if passive {
            let by = ["by".to_string()];
            let tree_agent = tree_roles.as_ref().and_then(|r| r.agent.clone());
            if let Some(a) =
                tree_agent.or_else(|| actor_after_preps(tokens, actors, trig.last, region_end, &by))
            {
                actor_idx = Some(a);
                recipient_is_subject = true;
            } else if sentence_countries.len() >= 2
                && triggers.iter().enumerate().any(|(tj, t)| {
                    tj != ti && self.lexicon.types[t.entry] == etype && !t.participle
                })
            {
                // "three Ukrainian civilians were killed in a Russian strike": the subject
                // suffered the act, no agent is named, and another word of the sentence
                // codes the act with its actor
                coding
                    .notes
                    .push(format!("'{surface}' ({}) passive with no agent", entry.id));
                return None;
            }
        }
        Some((passive, actor_idx, recipient_is_subject))
    }

    /// A subject carried from elsewhere when the trigger's own clause names none: an
    /// earlier main clause's, the sentence's first coded actor, the parties of a
    /// bilateral noun ("talks between A and B"), or the subject before a report noun's
    /// content ("denied the report and accused Congo").
    fn carried_subject(
        &self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'_>,
        coding: &SentenceCoding,
    ) -> Option<Vec<usize>> {
        let SentenceView {
            tokens,
            actors,
            clauses,
            clause_subjects,
            ..
        } = v;
        let TriggerCtx {
            trig,
            etype,
            ci,
            clause,
            region_start,
            region_end,
            ..
        } = t;
        let (ci, region_start, region_end) = (*ci, *region_start, *region_end);
        let mut subject: Option<Vec<usize>> = None;
        // ellipsis / relative clause: the subject of an earlier main clause
        for pj in (0..ci).rev() {
            if clauses[pj].kind == ClauseKind::Main || clauses[pj].kind == ClauseKind::Presupposed {
                if let Some(s) = &clause_subjects[pj] {
                    subject = Some(s.clone());
                    break;
                }
            }
        }
        if subject.is_none() && clause.kind == ClauseKind::Main {
            subject = coding.main_subject.clone();
        }
        // "Talks between Armenia and Azerbaijan resumed": the parties of a
        // bilateral noun are its actors
        if subject.is_none() && !trig.is_verb && etype.is_symmetric() {
            let between = (trig.last..(trig.last + 4).min(region_end))
                .find(|&k| tokens[k].lower == "between");
            if let Some(b) = between {
                if let Some(k) = actors
                    .iter()
                    .position(|a| a.first > b && a.first <= b + 5 && !a.codes.is_empty())
                {
                    let group = coordinated(tokens, actors, k);
                    if group.len() >= 2 {
                        subject = Some(group);
                    }
                }
            }
        }
        // "Rwanda denied the report and accused Congo": a conjoined verb shares the
        // subject before a report noun's content
        if subject.is_none()
            && trig.is_verb
            && region_start > clause.start
            && trig.first > 0
            && matches!(tokens[trig.first - 1].lower.as_str(), "and" | "but")
        {
            subject = subject_group(tokens, actors, clause.start, region_start, None);
        }
        subject
    }

    /// An accusatory label the speaker applies ("a grave violation"): the speaker's own
    /// act against whom it names. Returns whether the trigger is such a label.
    pub(crate) fn code_speaker_label(
        &self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'_>,
        subject: &Option<Vec<usize>>,
        coding: &mut SentenceCoding,
    ) -> bool {
        let SentenceView {
            report,
            sent,
            reference,
            tokens,
            actors,
            places,
            attribution,
            ..
        } = v;
        let reference = *reference;
        let TriggerCtx {
            trig,
            entry,
            etype,
            clause,
            in_content,
            region_end,
            ..
        } = t;
        let (etype, clause, in_content, region_end) = (*etype, *clause, *in_content, *region_end);
        if entry.actor == ActorFrame::Speaker {
            if !attribution.has_speaker || attribution.speaker_codes.is_empty() || !in_content {
                return true;
            }
            let target = subject
                .clone()
                .or_else(|| first_actor_after(actors, trig.last, region_end));
            let ev = self.build_event(
                report,
                sent,
                tokens,
                places,
                trig,
                etype,
                (
                    attribution.speaker_codes.clone(),
                    attribution.speaker_detail.clone(),
                ),
                target.map(|g| group_codes(actors, &g)).unwrap_or_default(),
                Modality::Asserted,
                clause,
                reference,
            );
            if let Some(mut ev) = ev {
                // the speaker's own label ("a grave violation"): said by the speaker
                ev.attributed_to = attribution.speaker_codes.clone();
                ev.attributed_detail = attribution.speaker_detail.clone();
                ev.id = event_id(&ev);
                coding.events.push(ev);
            }
            return true;
        }
        false
    }

    /// The actor group and its codes: the subject (or, for a passive, the agent), the
    /// denier, the sentence's one country for an unknown name or a generic actor, or the
    /// report's home country.
    pub(crate) fn trigger_actor(
        &self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'_>,
        s: &SubjectReading,
        state: &DocState,
        coding: &mut SentenceCoding,
    ) -> Option<ActorReading> {
        let SentenceView {
            text,
            tokens,
            actors,
            places,
            attribution,
            sentence_countries,
            ..
        } = v;
        let TriggerCtx {
            trig,
            entry,
            surface,
            region_start,
            ..
        } = t;
        let region_start = *region_start;
        let SubjectReading {
            subject,
            recipient_is_subject,
            passive,
            denial,
            ..
        } = s;
        let (recipient_is_subject, passive) = (*recipient_is_subject, *passive);
        let mut actor_idx = s.actor_idx.clone();
        let mut recipient_idx: Option<Vec<usize>> = None;
        if recipient_is_subject {
            recipient_idx = subject.clone();
        } else {
            actor_idx = subject.clone();
        }
        if actor_idx.is_none() {
            if let Some(d) = &denial {
                actor_idx = Some(d.clone());
            }
        }
        let actor_group = match actor_idx {
            Some(g) => g,
            // an unknown named subject ("Lt. Gen. Prosper Avril resigned") in a
            // sentence about one country: that country (domestic default)
            None if sentence_countries.len() == 1
                && !passive
                && (region_start..trig.first).any(|k| {
                    tokens[k].is_capitalised(text)
                        && !places.iter().any(|p| k >= p.first && k < p.last)
                        && !matches!(
                            tokens[k].lower.as_str(),
                            "the"
                                | "a"
                                | "an"
                                | "in"
                                | "on"
                                | "at"
                                | "it"
                                | "this"
                                | "that"
                                | "these"
                                | "those"
                                | "some"
                                | "many"
                                | "most"
                                | "after"
                                | "as"
                                | "but"
                                | "and"
                                | "when"
                                | "while"
                                | "if"
                        )
                }) =>
            {
                Vec::new()
            }
            None => {
                coding
                    .notes
                    .push(format!("'{surface}' ({}) has no actor", entry.id));
                return None;
            }
        };
        let (mut actor_codes, mut actor_detail) = group_codes(actors, &actor_group);
        if actor_codes.is_empty() {
            // a generic subject ("rebels", "officials"): in a denial, the denier's; in a
            // sentence about one country, that country; in a sentence that names no
            // country, the report's home country
            if let Some(denier) = denial
                .as_ref()
                .map(|d| group_codes(actors, d).0)
                .filter(|c| !c.is_empty())
            {
                // "Venezuela denied that any troops had entered Colombia": the denier's
                actor_codes = denier;
            } else if sentence_countries.len() == 1 {
                actor_codes = sentence_countries.clone();
            } else if let Some(home) = state
                .home
                .as_ref()
                .filter(|h| sentence_countries.is_empty() || sentence_countries.contains(h))
            {
                actor_codes = vec![home.clone()];
            } else {
                coding.notes.push(format!(
                    "'{surface}' ({}): actor '{}' unresolved",
                    entry.id,
                    actor_detail.clone().unwrap_or_default()
                ));
                return None;
            }
        }
        if actor_detail.is_none() && (attribution.speaker_codes == actor_codes) {
            actor_detail = None;
        }
        if !entry.actor_words.is_empty()
            && !actor_has_word(tokens, actors, &actor_group, &entry.actor_words)
        {
            coding.notes.push(format!(
                "'{surface}' ({}): the actor is not one of {}",
                entry.id,
                entry.actor_words.join(", ")
            ));
            return None;
        }
        Some(ActorReading {
            group: actor_group,
            codes: actor_codes,
            detail: actor_detail,
            recipient_idx,
        })
    }
}

/// A group from the tree widened to the actors coordinated with it in the text
/// ("Hungarian and Romanian officials": the tree holds "Romanian officials").
fn widen_coordination(tokens: &[Token], actors: &[ActorSpan], group: Vec<usize>) -> Vec<usize> {
    let (Some(&first), Some(&last)) = (group.iter().min(), group.iter().max()) else {
        return group;
    };
    let mut out: Vec<usize> = coordinated_back(tokens, actors, first);
    out.extend(group);
    out.extend(coordinated(tokens, actors, last));
    out.sort_unstable();
    out.dedup();
    out
}
