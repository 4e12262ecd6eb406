//! Modality and attribution of one coded trigger: denials (by verb, or a claim called
//! false), conditions, considered and planned acts, background clauses, reported speech
//! and hearsay, accusation frames, and the issuer or the actor as the source.

use super::*;

impl<'a> CoderCore<'a> {
    /// Modality (asserted, reported, denied, conditional, considered, planned) and who
    /// the event is attributed to.
    pub(crate) fn trigger_modality(
        &self,
        v: &SentenceView<'_>,
        t: &TriggerCtx<'_>,
        s: &SubjectReading,
        a: &ActorReading,
        etype: EventType,
        state: &DocState,
    ) -> (Modality, Vec<String>, Option<String>) {
        let SentenceView {
            tokens,
            actors,
            attribution,
            false_claim,
            ..
        } = v;
        let false_claim = *false_claim;
        let TriggerCtx {
            trig,
            clause,
            window_start,
            denial_at,
            in_content,
            ..
        } = t;
        let (clause, window_start, denial_at, in_content) =
            (*clause, *window_start, *denial_at, *in_content);
        let SubjectReading {
            denial, accusation, ..
        } = s;
        let (actor_codes, actor_detail_for_source) = (&a.codes, &a.detail);
        // --- modality and attribution
        let mut modality;
        let mut attributed: Vec<String> = Vec::new();
        let mut attributed_detail = None;
        if in_content && attribution.has_speaker {
            attributed = attribution.speaker_codes.clone();
            attributed_detail = attribution.speaker_detail.clone();
        }
        let claim_denied =
            false_claim.is_some_and(|(from, to)| trig.first > from && trig.first < to);
        if claim_denied && denial_at.is_none() {
            // denied by whoever calls the claim false: the speaker, else the issuer
            modality = Modality::Denied;
            if let Some((codes, detail)) = (!attribution.speaker_codes.is_empty())
                .then(|| {
                    (
                        attribution.speaker_codes.clone(),
                        attribution.speaker_detail.clone(),
                    )
                })
                .or(state.issuer.clone())
            {
                attributed = codes;
                attributed_detail = detail;
            }
        } else if denial_at.is_some() {
            modality = Modality::Denied;
            if let Some(d) = &denial {
                let (dcodes, ddetail) = group_codes(actors, d);
                attributed = dcodes;
                attributed_detail = ddetail;
            }
        } else if clause.conditional
            || self.cue_in(&self.lexicon.conditional, tokens, clause.start, clause.end)
        {
            modality = Modality::Conditional;
        } else if self.cue_in(&self.lexicon.considered, tokens, window_start, trig.first) {
            modality = Modality::Considered;
        } else if etype != EventType::Threaten
            && self.cue_in(&self.lexicon.planned, tokens, window_start, trig.first)
        {
            modality = Modality::Planned;
        } else if clause.kind == ClauseKind::Presupposed {
            modality = Modality::Asserted;
        } else if in_content && (attribution.has_speaker || attribution.hearsay) {
            let self_report = !attribution.speaker_codes.is_empty()
                && attribution
                    .speaker_codes
                    .iter()
                    .any(|c| actor_codes.contains(c));
            modality = if self_report {
                Modality::Asserted
            } else {
                Modality::Reported
            };
        } else if attribution.hearsay {
            modality = Modality::Reported;
        } else {
            modality = Modality::Asserted;
        }
        if let Some((accuser, accuser_detail, _)) = &accusation {
            modality = Modality::Reported;
            attributed = accuser.clone();
            attributed_detail = accuser_detail.clone();
        }
        if attributed.is_empty() {
            let own_words = etype.is_verbal() && !actor_codes.is_empty();
            if let Some((codes, detail)) = state.issuer.as_ref().filter(|_| !own_words) {
                // a statement, release or communiqué: its issuer speaks throughout, except
                // where it reports another party's own words ("China called on …")
                attributed = codes.clone();
                attributed_detail = detail.clone();
            } else if etype.is_verbal()
                || matches!(modality, Modality::Planned | Modality::Considered)
            {
                // "Saudi Arabia condemned the attack": the actor's own statement
                attributed = actor_codes.clone();
                attributed_detail = actor_detail_for_source.clone();
            }
        }
        if modality == Modality::Asserted && etype == EventType::Threaten && clause.conditional {
            modality = Modality::Conditional;
        }
        (modality, attributed, attributed_detail)
    }
}
