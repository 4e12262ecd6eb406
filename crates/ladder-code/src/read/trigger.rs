//! One trigger coded into an event, in passes with typed hand-offs: its scope (is it a
//! new act at all?), then negation, then roles (`roles.rs`), recipient (`recipient.rs`),
//! modality and attribution (`modality.rs`), and finally the event with its evidence.

use super::*;
use crate::lexicon::EventEntry;
use crate::syntax::TreeRoles;

/// One trigger and where it stands in its sentence: what every role pass reads.
pub(crate) struct TriggerCtx<'e> {
    pub ti: usize,
    pub trig: &'e Trigger,
    pub entry: &'e EventEntry,
    pub etype: EventType,
    /// The trigger's words as written, for notes.
    pub surface: &'e str,
    /// Index of its clause.
    pub ci: usize,
    pub clause: Clause,
    /// The trigger whose complement it is in ("urged X to withdraw").
    pub governor: Option<&'e Trigger>,
    /// Where modality cues are looked for.
    pub window_start: usize,
    /// A denial verb before the trigger.
    pub denial_at: Option<usize>,
    /// The trigger is in what a speaker says.
    pub in_content: bool,
    pub region_start: usize,
    pub region_end: usize,
    /// What the dependency tree says of the trigger's roles.
    pub tree_roles: Option<TreeRoles>,
}

impl<'a> CoderCore<'a> {
    /// Code one trigger of a sentence and add its event to `coding` (or a note on why
    /// it was not coded).
    pub(crate) fn code_trigger(
        &self,
        v: &SentenceView<'_>,
        ti: usize,
        state: &mut DocState,
        coding: &mut SentenceCoding,
    ) {
        let Some((ci, clause, governor, conjoined_finite)) = self.trigger_scope(v, ti) else {
            return;
        };
        let SentenceView {
            report,
            si,
            sent,
            reference,
            text,
            tokens,
            actors,
            places,
            attribution,
            triggers,
            tree,
            ..
        } = v;
        let (si, reference) = (*si, *reference);
        let trig = &triggers[ti];
        let entry = &self.lexicon.entries[trig.entry];
        let etype = self.lexicon.types[trig.entry];
        let surface = text
            .get(tokens[trig.first].start..tokens[trig.last - 1].end)
            .unwrap_or("");
        // --- modality cues ("vowed to retaliate and summoned": "vowed" stops at "and")
        let window_start = if conjoined_finite {
            trig.first
        } else {
            clause.start.max(trig.first.saturating_sub(8))
        };
        let denial_at = self.find_denial(tokens, clause.start, trig.first);
        if denial_at.is_none() && self.trigger_negated(tokens, tree.as_ref(), trig, clause) {
            coding
                .notes
                .push(format!("'{surface}' ({}) negated: not coded", entry.id));
            return;
        }
        // --- roles
        let in_content = attribution
            .content
            .is_some_and(|(cs, ce)| trig.first >= cs && trig.first < ce);
        if attribution.negated && in_content {
            coding.notes.push(format!(
                "'{surface}' ({}) under a negated confirmation: not coded",
                entry.id
            ));
            return;
        }
        let region_start = match attribution.content {
            Some((cs, ce)) if in_content && cs > clause.start && cs < ce => cs,
            _ => clause.start,
        };
        let region_end = match attribution.frame {
            Some((fs, _)) if fs > trig.first && fs < clause.end => fs,
            _ => clause.end,
        };
        let tree_roles = tree.as_ref().map(|t| {
            let frame = RoleFrame {
                patterns: &self.lexicon.role_patterns[trig.entry],
                direct_object: entry.direct_object.unwrap_or(trig.is_verb),
            };
            syntax::roles(t, tokens, actors, trig.first, trig.last, frame)
        });
        let t = TriggerCtx {
            ti,
            trig,
            entry,
            etype,
            surface,
            ci,
            clause,
            governor,
            window_start,
            denial_at,
            in_content,
            region_start,
            region_end,
            tree_roles,
        };
        let Some(s) = self.trigger_subject(v, &t, coding) else {
            return;
        };
        if entry.actor == ActorFrame::Speaker {
            self.code_speaker_label(v, &t, &s.subject, coding);
            return;
        }
        let Some(a) = self.trigger_actor(v, &t, &s, state, coding) else {
            return;
        };
        let r = self.trigger_recipient(v, &t, &s, &a, state);
        let (modality, attributed, attributed_detail) =
            self.trigger_modality(v, &t, &s, &a, r.etype, state);
        let (actor_group, actor_codes, actor_detail) = (a.group, a.codes, a.detail);
        let (recipient_group, recipient_codes, recipient_detail) = (r.group, r.codes, r.detail);
        let (recipientless, etype) = (r.recipientless, r.etype);
        let ev = self.build_event(
            report,
            sent,
            tokens,
            places,
            trig,
            etype,
            (actor_codes.clone(), actor_detail),
            (recipient_codes.clone(), recipient_detail.clone()),
            modality,
            clause,
            reference,
        );
        if let Some(mut ev) = ev {
            if let Some((w, _)) = recipientless {
                ev.mode = w.mode.clone();
                ev.cameo = w.cameo.clone().or(ev.cameo);
            }
            coding.coded_roles[ti] = Some((
                actor_codes.clone(),
                ev.actor_detail.clone(),
                recipient_group.clone(),
            ));
            ev.attributed_to = attributed;
            ev.attributed_detail = attributed_detail;
            ev.id = event_id(&ev);
            if coding.main_subject.is_none() && clause.kind == ClauseKind::Main {
                coding.main_subject = Some(actor_group.clone());
            }
            state
                .recent
                .push((si, etype, actor_codes, recipient_codes, recipient_detail));
            coding
                .readings
                .push((ev.id.clone(), how_roles_were_read(t.tree_roles.as_ref())));
            let accusation = entry.accuses.then(|| speaker_accusation(&ev)).flatten();
            coding.events.push(ev);
            coding.events.extend(accusation);
        }
    }

    /// Whether the trigger is negated or asked about: a negation cue just before it, the
    /// tree's "not" on its verb or "no" on its subject, an open question, or "no" after it.
    fn trigger_negated(
        &self,
        tokens: &[Token],
        tree: Option<&Tree>,
        trig: &Trigger,
        clause: Clause,
    ) -> bool {
        let tree_negated =
            trig.is_verb && tree.is_some_and(|t| syntax::negated(t, tokens, trig.first, trig.last));
        self.negated(tokens, clause.start, trig.first)
            || tree_negated
            || open_question_before(tokens, clause.start, trig.first)
            || tokens.get(trig.last).is_some_and(|t| t.lower == "no")
    }

    /// Where a trigger stands: its clause, the trigger whose complement it is in, and
    /// whether it is a finite verb conjoined after that complement; `None` when it is no
    /// new act (a reference to an event, the object of another event word, a complement
    /// its governor carries, a yielding governor, a weapon sent in a transfer).
    pub(crate) fn trigger_scope<'v>(
        &self,
        v: &'v SentenceView<'_>,
        ti: usize,
    ) -> Option<(usize, Clause, Option<&'v Trigger>, bool)> {
        let SentenceView {
            tokens,
            event_refs,
            clauses,
            triggers,
            ..
        } = v;
        let trig = &triggers[ti];
        // "condemned the strikes": words that point back to an event already coded
        if event_refs
            .iter()
            .any(|&(f, l)| trig.first >= f && trig.first < l)
        {
            return None;
        }
        // "rejected such accusations", "welcomed the agreement": a noun that is the
        // object of another event word names what that act is about, not a new act
        if !trig.is_verb
            && ti > 0
            && triggers[ti - 1].is_verb
            && self.lexicon.entries[triggers[ti - 1].entry].complement != Complement::Yield
            && triggers[ti - 1].last <= trig.first
            && trig.first - triggers[ti - 1].last <= 2
            && token_span(tokens, triggers[ti - 1].last, trig.first)
                .iter()
                .all(|t| {
                    matches!(
                        t.lower.as_str(),
                        "the" | "such" | "these" | "those" | "this" | "that" | "any" | "all"
                    )
                })
        {
            return None;
        }
        let entry = &self.lexicon.entries[trig.entry];
        let etype = self.lexicon.types[trig.entry];
        let ci = clauses
            .iter()
            .position(|c| trig.first >= c.start && trig.first < c.end)?;
        let clause = clauses[ci];
        // complements: "urged X to withdraw", "pledged to boost ties", "sent men to fight"
        let governor = triggers[..ti].iter().rev().find(|g| {
            g.last <= trig.first
                && trig.first - g.last <= 10
                && clauses
                    .iter()
                    .position(|c| g.first >= c.start && g.first < c.end)
                    == Some(ci)
                // "vetoed the package, drawing criticism": a comma ends the complement
                && !token_span(tokens, g.last, trig.first)
                    .iter()
                    .any(|t| t.lower == "," || t.lower == ";")
        });
        // "vowed to retaliate and summoned the envoy": a finite verb conjoined after
        // the complement is the subject's next act, not part of the complement
        let conjoined_finite = trig.is_verb
            && trig.participle
            && trig.first > 0
            && matches!(tokens[trig.first - 1].lower.as_str(), "and" | "but");
        if let Some(g) = governor.filter(|_| !conjoined_finite) {
            let gentry = &self.lexicon.entries[g.entry];
            let to_before = trig.first > 0 && tokens[trig.first - 1].lower == "to";
            if gentry.complement == Complement::Drop
                || (gentry.complement == Complement::None && to_before && trig.first - g.last <= 6)
            {
                return None;
            }
        }
        if entry.complement == Complement::Yield {
            let governs = triggers[ti + 1..].iter().any(|n| {
                n.first >= trig.last
                    && n.first - trig.last <= 8
                    && n.first < clause.end
                    && token_span(tokens, trig.last, n.first)
                        .iter()
                        .any(|t| t.lower == "to" || t.lower == "on")
            });
            if governs {
                return None;
            }
        }
        // "supplying Moscow with artillery shells", "sent missiles": a weapon noun in
        // the object of a transfer is what is sent, not an attack
        if etype == EventType::Assault
            && triggers[..ti].iter().rev().any(|g| {
                self.lexicon.types[g.entry] == EventType::Aid
                    && g.last <= trig.first
                    && trig.first - g.last <= 6
                    && !token_span(tokens, g.last, trig.first)
                        .iter()
                        .any(is_clause_punct)
                    && self.lexicon.object_words[g.entry].iter().any(|o| {
                        (g.last..=trig.first)
                            .any(|k| phrase_at(tokens, k, o) && k + o.len() > trig.first)
                    })
            })
        {
            return None;
        }
        Some((ci, clause, governor, conjoined_finite))
    }
}

/// Which relations gave an event its roles, for `ladder explain`.
fn how_roles_were_read(tree_roles: Option<&TreeRoles>) -> String {
    match tree_roles {
        Some(r) if !r.how.is_empty() => format!("tree: {}", r.how.join(" ")),
        Some(_) => "tree: no roles; token windows".to_string(),
        None => "token windows (sentence not parsed)".to_string(),
    }
}

/// The accusation a speaker makes by reporting an act the lexicon marks as accusing
/// ("violated the ceasefire"): ACCUSE `allege` by the speaker against the act's actor,
/// asserted and said by the speaker. None when the act is the speaker's own, denied, or
/// said by nobody named.
fn speaker_accusation(act: &Event) -> Option<Event> {
    let speaker = &act.attributed_to;
    if speaker.is_empty()
        || speaker.iter().any(|c| act.actor.contains(c))
        || !matches!(act.modality, Modality::Asserted | Modality::Reported)
    {
        return None;
    }
    let mut ev = act.clone();
    ev.event_type = EventType::Accuse;
    ev.mode = Some("allege".to_string());
    ev.cameo = Some("112".to_string());
    ev.context = Vec::new();
    ev.recipient = act.actor.clone();
    ev.recipient_detail = act.actor_detail.clone();
    ev.actor = speaker.clone();
    ev.actor_detail = act.attributed_detail.clone();
    ev.quantity = None;
    ev.modality = Modality::Asserted;
    ev.id = event_id(&ev);
    Some(ev)
}
