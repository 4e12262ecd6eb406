//! One sentence read whole: tokens, actors, context references, clauses, who speaks,
//! pronouns, triggers and the dependency tree (a [`SentenceView`]); then each trigger is
//! coded (`trigger.rs`) and what the sentence coded is deduplicated and remembered for
//! the sentences after it.

use super::*;

/// A sentence prepared for coding: what every per-trigger pass reads.
pub(crate) struct SentenceView<'s> {
    pub report: &'s Report,
    /// Index of the sentence in the report.
    pub si: usize,
    pub sent: &'s SentenceSpan,
    pub reference: Option<chrono::NaiveDate>,
    pub text: &'s str,
    pub tokens: Vec<Token>,
    pub actors: Vec<ActorSpan>,
    pub places: Vec<PlaceSpan>,
    /// Token ranges that point back to an event already coded ("the strikes").
    pub event_refs: Vec<(usize, usize)>,
    pub clauses: Vec<Clause>,
    pub attribution: Attribution,
    /// Countries the sentence names (actors and places).
    pub sentence_countries: Vec<String>,
    pub triggers: Vec<Trigger>,
    /// The dependency tree, when the sentence could code something and is not too long.
    pub tree: Option<Tree>,
    /// The window subject of each clause.
    pub clause_subjects: Vec<Option<Vec<usize>>>,
    /// Token range of a claim called false ("the claim that … does not correspond").
    pub false_claim: Option<(usize, usize)>,
}

/// What the triggers of one sentence have coded so far.
#[derive(Debug, Default)]
pub(crate) struct SentenceCoding {
    pub events: Vec<Event>,
    /// Why triggers were not coded, for the diagnostics.
    pub notes: Vec<String>,
    /// The actor group of the first event coded in a main clause.
    pub main_subject: Option<Vec<usize>>,
    /// Per trigger: (actor codes, actor detail, recipient group) of the event it coded.
    pub coded_roles: Vec<Option<CodedRoles>>,
    /// (event id, how its roles were read) of each event coded.
    pub readings: Vec<(String, String)>,
}

impl<'a> CoderCore<'a> {
    /// Code one sentence: read it, code each trigger, keep what it coded.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn code_sentence(
        &self,
        report: &Report,
        si: usize,
        sent: &SentenceSpan,
        mentions: &[EntityMention],
        reference: Option<chrono::NaiveDate>,
        state: &mut DocState,
        out: &mut CodedReport,
    ) {
        let Some(view) = self.read_sentence(report, si, sent, mentions, reference, state, out)
        else {
            return;
        };
        let mut coding = SentenceCoding {
            coded_roles: vec![None; view.triggers.len()],
            ..SentenceCoding::default()
        };
        for ti in 0..view.triggers.len() {
            self.code_trigger(&view, ti, state, &mut coding);
        }
        self.finish_sentence(&view, coding, state, out);
    }

    /// Tokens, actors, references, clauses, attribution, pronouns, triggers and tree of
    /// one sentence; `None` for a sentence that codes nothing (a question, sport or
    /// markets commentary).
    #[allow(clippy::too_many_arguments)]
    fn read_sentence<'s>(
        &self,
        report: &'s Report,
        si: usize,
        sent: &'s SentenceSpan,
        mentions: &[EntityMention],
        reference: Option<chrono::NaiveDate>,
        state: &mut DocState,
        out: &mut CodedReport,
    ) -> Option<SentenceView<'s>> {
        let text = report.text.as_str();
        let tokens = tokenize(text, sent.start, sent.end);
        if tokens.is_empty() {
            return None;
        }
        // "Is Beijing prepared to negotiate?": a question asserts nothing
        if tokens.last().is_some_and(|t| t.lower == "?") {
            return None;
        }
        // commentary in a sport or markets report: "Japan edged North Korea 1-0"
        let cues: Vec<(usize, String)> = if state.off_topic.is_empty() {
            Vec::new()
        } else {
            cues_in(&self.lexicon.domain_cues, &tokens)
                .into_iter()
                .filter(|(d, _)| state.off_topic.contains(d))
                .collect()
        };
        if let Some(domain) = cues.first().and_then(|(d, _)| self.lexicon.domains.get(*d)) {
            let cues: Vec<&str> = cues.iter().map(|(_, c)| c.as_str()).collect();
            out.diagnostics.push(CodingDiagnostic {
                start: sent.start,
                end: sent.end,
                message: format!(
                    "{} report, and this sentence is {} commentary ({}): not coded",
                    domain.name,
                    domain.name,
                    cues.join(", ")
                ),
            });
            return None;
        }
        let (mut actors, places) = sentence_actors(text, &tokens, mentions, &mut state.acronyms);
        state.people.add_spans(text, &tokens, &mut actors);
        state.people.note(text, &tokens, &actors);
        let prior: Vec<PriorEvent> = state
            .recent
            .iter()
            .filter(|(s, ..)| *s < si && si - *s <= 3)
            .map(|(_, t, a, r, _)| PriorEvent {
                event_type: *t,
                actor: a,
                recipient: r,
            })
            .collect();
        let event_refs = add_references(
            text,
            &tokens,
            &mut actors,
            &places,
            self.lexicon,
            &state.named,
            &prior,
        );
        let clauses = split_clauses(&tokens, &actors);
        let triggers = self.find_triggers(text, &tokens, &clauses);
        // the dependency tree, only for sentences that could code something
        let tree = if triggers.is_empty() || actors.is_empty() {
            None
        } else {
            self.parser.and_then(|m| Tree::parse(m, text, &tokens))
        };
        let mut attribution =
            self.find_attribution(text, &tokens, &actors, &clauses, tree.as_ref());
        self.resolve_speaker(&tokens, &actors, &mut attribution, state);
        self.resolve_pronouns(&tokens, &mut actors, &attribution, state);
        // only the last few sentences matter for carried-over recipients (keeps time linear)
        state.recent.retain(|(s, ..)| si.saturating_sub(*s) <= 3);
        let sentence_countries = distinct_countries(&actors, &places, self.entities);
        let mut clause_subjects: Vec<Option<Vec<usize>>> = vec![None; clauses.len()];
        for (ci, c) in clauses.iter().enumerate() {
            let (mut from, mut to) = (c.start, c.end);
            if let Some((cs, ce)) = attribution.content {
                if cs > from && cs < to {
                    from = cs;
                }
                if ce > from && ce < to {
                    to = ce;
                }
            }
            if let Some((fs, fe)) = attribution.frame {
                if fs <= from && fe > from {
                    from = fe.min(to);
                }
            }
            clause_subjects[ci] = subject_group(&tokens, &actors, from, to, None);
        }
        // "The claim … that Armenian units had fired … does not correspond to reality":
        // what the claim says, between the claim noun and the predicate, is denied
        let false_claim = self.false_claim_span(&tokens);
        Some(SentenceView {
            report,
            si,
            sent,
            reference,
            text,
            tokens,
            actors,
            places,
            event_refs,
            clauses,
            attribution,
            sentence_countries,
            triggers,
            tree,
            clause_subjects,
            false_claim,
        })
    }

    /// Deduplicate what the sentence coded, note why nothing was coded, and remember
    /// speakers and subjects for the next sentences.
    fn finish_sentence(
        &self,
        v: &SentenceView<'_>,
        coding: SentenceCoding,
        state: &mut DocState,
        out: &mut CodedReport,
    ) {
        let SentenceCoding {
            events,
            notes,
            readings,
            ..
        } = coding;
        let SentenceView {
            sent,
            actors,
            attribution,
            triggers,
            clause_subjects,
            ..
        } = v;
        // deduplicate: same type, actors and recipients within the sentence
        let mut kept: Vec<Event> = Vec::new();
        for ev in events {
            if kept.iter().any(|k| {
                k.event_type == ev.event_type
                    && k.actor == ev.actor
                    && (k.recipient == ev.recipient
                        || k.recipient.is_empty()
                        || ev.recipient.is_empty())
            }) {
                continue;
            }
            kept.push(ev);
        }
        if kept.is_empty() {
            let named: Vec<&ActorSpan> = actors.iter().filter(|a| !a.codes.is_empty()).collect();
            if !named.is_empty() && (!triggers.is_empty() || !notes.is_empty()) {
                let msg = if notes.is_empty() {
                    "actor and trigger seen, nothing coded".to_string()
                } else {
                    notes.join("; ")
                };
                out.diagnostics.push(CodingDiagnostic {
                    start: sent.start,
                    end: sent.end,
                    message: msg,
                });
            }
        }
        // memory for the next sentences
        state.named.note_actors(actors);
        if attribution.has_speaker && !attribution.speaker_codes.is_empty() {
            state.last_speaker = Some((
                attribution.speaker_codes.clone(),
                attribution.speaker_detail.clone(),
            ));
            state.last_subject = Some((
                attribution.speaker_codes.clone(),
                attribution.speaker_detail.clone(),
            ));
        } else if let Some(first) = kept.first() {
            state.last_subject = Some((first.actor.clone(), first.actor_detail.clone()));
        } else if let Some(g) = clause_subjects.iter().flatten().next() {
            let (codes, detail) = group_codes(actors, g);
            if !codes.is_empty() {
                state.last_subject = Some((codes, detail));
            }
        }
        out.readings.extend(
            readings
                .into_iter()
                .filter(|(id, _)| kept.iter().any(|e| e.id == *id))
                .map(|(event_id, how)| RoleReading {
                    start: sent.start,
                    event_id,
                    how,
                }),
        );
        out.events.extend(kept);
    }
}
