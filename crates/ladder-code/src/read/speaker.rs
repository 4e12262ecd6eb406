//! Who speaks and who pronouns are: a speaker named only by its office ("the ministry
//! said") resolved to a state, a quotation continuing the last speaker, and pronouns and
//! generic actors ("we", "its", "officials") resolved against the speaker, the issuer and
//! the last subject.

use super::*;

impl<'a> CoderCore<'a> {
    /// Give a speaker without codes the state it speaks for, and let a sentence that is
    /// all quotation continue the last speaker.
    pub(crate) fn resolve_speaker(
        &self,
        tokens: &[Token],
        actors: &[ActorSpan],
        attribution: &mut Attribution,
        state: &DocState,
    ) {
        // resolve the speaker
        if attribution.has_speaker && attribution.speaker_codes.is_empty() {
            // "Turkish jets struck …, the ministry said": a speaker with no country of its
            // own is the issuer's, the last speaker's, or (when it follows what it says) the
            // state that content is about
            let content_first = attribution
                .content
                .filter(|&(cs, _)| attribution.frame.is_some_and(|(fs, _)| fs > cs));
            // only a definite institution ("the ministry", "the army") is taken to speak
            // for the state its content is about; "officials said" stays unknown
            let institutional = attribution.speaker_detail.as_deref().is_some_and(|d| {
                let d = d.to_lowercase();
                self.lexicon
                    .attribution
                    .institution_nouns
                    .iter()
                    .any(|n| d == *n || d.ends_with(&format!(" {n}")))
            });
            let content_subject = content_first
                .filter(|_| institutional)
                .and_then(|(cs, ce)| {
                    actors
                        .iter()
                        .find(|a| {
                            a.first >= cs
                                && a.first < ce
                                && a.kind == ActorKind::Named
                                && a.codes
                                    .first()
                                    .is_some_and(|c| self.entities.is_country_code(c))
                        })
                        .map(|a| (a.codes.clone(), None))
                });
            // "analysts say", "officials said": a bare plural with no country is nobody
            // known, unless the report's issuer speaks; "the official said" refers back
            let bare_plural = attribution.speaker_detail.as_deref().is_some_and(|d| {
                let d = d.to_lowercase();
                !d.starts_with("the ") && d.ends_with('s') && !institutional
            });
            // "Taiwan's Presidential Office condemned …, and the defence ministry said": a
            // bare institution speaks for the state whose institution spoke earlier in the
            // same sentence
            let sibling = attribution
                .frame
                .filter(|_| institutional)
                .and_then(|(fs, _)| self.institution_before(actors, fs));
            let remembered = state.last_speaker.clone();
            let (first_choice, second_choice) = if institutional {
                (sibling.or(content_subject), remembered)
            } else {
                (remembered, content_subject)
            };
            let resolved = if bare_plural {
                state.issuer.clone()
            } else {
                state
                    .issuer
                    .clone()
                    .or(first_choice)
                    .or(second_choice)
                    .or(state.last_subject.clone())
            };
            if let Some((codes, detail)) = resolved {
                attribution.speaker_codes = codes;
                if attribution.speaker_detail.is_none() {
                    attribution.speaker_detail = detail;
                }
            }
        }
        // a sentence that is all quotation continues the last speaker
        if !attribution.has_speaker
            && tokens
                .first()
                .is_some_and(|t| t.lower == "“" || t.lower == "\"")
        {
            if let Some((codes, detail)) = state.last_speaker.clone() {
                attribution.speaker_codes = codes;
                attribution.speaker_detail = detail;
                attribution.has_speaker = true;
                attribution.content = Some((0, tokens.len()));
            }
        }
    }

    /// The state of a named institution of a country before token `before` ("Taiwan's
    /// Presidential Office"), as (codes, no detail).
    fn institution_before(
        &self,
        actors: &[ActorSpan],
        before: usize,
    ) -> Option<(Vec<String>, Option<String>)> {
        let nouns = &self.lexicon.attribution.institution_nouns;
        actors
            .iter()
            .filter(|a| a.last <= before && a.kind == ActorKind::Named)
            .filter(|a| a.codes.len() == 1 && self.entities.is_country_code(&a.codes[0]))
            .find(|a| {
                a.detail.as_deref().is_some_and(|d| {
                    let d = d.to_lowercase();
                    d.ends_with(" office")
                        || d == "office"
                        || nouns
                            .iter()
                            .any(|n| d == *n || d.ends_with(&format!(" {n}")))
                })
            })
            .map(|a| (a.codes.clone(), None))
    }

    /// Resolve pronouns and generic actors of the sentence in place.
    pub(crate) fn resolve_pronouns(
        &self,
        tokens: &[Token],
        actors: &mut [ActorSpan],
        attribution: &Attribution,
        state: &DocState,
    ) {
        // "Belarus denied that its troops …", "Iran denied it had …": the denier
        let denier_pronouns: Vec<(usize, Vec<String>, Option<String>)> = (0..actors.len())
            .filter(|&k| {
                actors[k].codes.is_empty()
                    && actors[k].kind == ActorKind::Pronoun
                    && actors[k].word != "we"
            })
            .filter_map(|k| {
                let d = self.denial_before(tokens, actors[k].first)?;
                let g = subject_group(tokens, actors, 0, d, None)?;
                let (codes, detail) = group_codes(actors, &g);
                (!codes.is_empty()).then_some((k, codes, detail))
            })
            .collect();
        for (k, codes, detail) in denier_pronouns {
            actors[k].codes = codes;
            actors[k].detail = actors[k].detail.clone().or(detail);
        }
        // resolve pronouns and generics
        for a in actors.iter_mut() {
            if !a.codes.is_empty() {
                continue;
            }
            match a.kind {
                ActorKind::Pronoun if a.word == "we" => {
                    if !attribution.speaker_codes.is_empty() {
                        a.codes = attribution.speaker_codes.clone();
                        a.detail = a.detail.clone().or(attribution.speaker_detail.clone());
                    } else if let Some((codes, detail)) =
                        state.issuer.as_ref().filter(|_| !attribution.has_speaker)
                    {
                        // the issuer's own voice: "We have lodged a strong protest"
                        a.codes = codes.clone();
                        a.detail = a.detail.clone().or(detail.clone());
                    }
                }
                ActorKind::Pronoun if matches!(a.word.as_str(), "its" | "their") => {
                    // "China said the vessel intruded into its waters": a bare possessive in
                    // what a state says is the speaker's own
                    let in_content = attribution
                        .content
                        .is_some_and(|(cs, ce)| a.first >= cs && a.first < ce);
                    if in_content && !attribution.speaker_codes.is_empty() {
                        a.codes = attribution.speaker_codes.clone();
                    }
                }
                ActorKind::Pronoun => {
                    // right after the reporting verb: the speaker ("X said it would")
                    let after_frame = attribution.frame.is_some_and(|(_, fe)| {
                        a.first == fe
                            || (a.first == fe + 1
                                && matches!(tokens[fe].lower.as_str(), "that" | "the"))
                    });
                    let possessive_pronoun = a.first + 1 < a.last
                        && matches!(tokens[a.first].lower.as_str(), "its" | "their");
                    // "the command said the exercise had tested its forces": a possessive in
                    // what a party says is the party's own
                    let possessive_in_content = possessive_pronoun
                        && attribution
                            .content
                            .is_some_and(|(cs, ce)| a.first >= cs && a.first < ce);
                    if (after_frame || possessive_in_content)
                        && !attribution.speaker_codes.is_empty()
                    {
                        a.codes = attribution.speaker_codes.clone();
                        a.detail = a.detail.clone().or(attribution.speaker_detail.clone());
                    } else if let Some((codes, detail)) = &state.last_subject {
                        if matches!(a.word.as_str(), "it" | "they" | "he" | "she")
                            && (possessive_pronoun || is_subject_position(tokens, a))
                        {
                            a.codes = codes.clone();
                            a.detail = detail.clone();
                        }
                    }
                }
                ActorKind::Generic => {
                    let in_content = attribution
                        .content
                        .is_some_and(|(cs, ce)| a.first >= cs && a.first < ce);
                    // "the troops" after "officials said" points back to troops already
                    // named, not to the speaker's own
                    let anaphoric_force = a.definite
                        && a.detail.as_deref().is_some_and(|d| {
                            matches!(
                                d.to_lowercase().as_str(),
                                "troops" | "soldiers" | "forces" | "units" | "personnel"
                            )
                        });
                    if in_content
                        && !anaphoric_force
                        && !attribution.speaker_codes.is_empty()
                        && is_official_sector(&a.word)
                        && is_subject_position(tokens, a)
                    {
                        a.codes = attribution.speaker_codes.clone();
                    } else if a.definite && a.word == "government" {
                        if let Some((codes, _)) = &state.last_subject {
                            a.codes = codes.clone();
                        }
                    }
                }
                ActorKind::Named => {}
            }
        }
    }
}
