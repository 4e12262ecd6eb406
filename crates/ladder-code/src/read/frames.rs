//! Who says what: reporting frames ("X said …", "…, X said", "according to X"),
//! negated frames, denials, accusation frames and claims called false.

use super::*;

impl<'a> CoderCore<'a> {
    /// Reporting frames: "X said (that) …", "…, X said.", "according to X", hearsay.
    /// The first that names a speaker wins: "according to X", then the first early
    /// reporting frame (or else the first late one), then hearsay markers and report
    /// nouns; an "according to" with no actor after it leaves the content as hearsay.
    pub(crate) fn find_attribution(
        &self,
        text: &str,
        tokens: &[Token],
        actors: &[ActorSpan],
        _clauses: &[Clause],
        tree: Option<&Tree>,
    ) -> Attribution {
        let (named, unnamed) = self.source_phrase_frame(text, tokens, actors);
        if let Some(att) = named {
            return att;
        }
        if let Some(att) = self.reporting_verb_frame(text, tokens, actors, tree) {
            return att;
        }
        self.hearsay_frame(tokens).unwrap_or(unnamed)
    }

    /// "according to X", "citing X": the frame with its speaker, or (when no actor
    /// follows) the hearsay it marks.
    fn source_phrase_frame(
        &self,
        text: &str,
        tokens: &[Token],
        actors: &[ActorSpan],
    ) -> (Option<Attribution>, Attribution) {
        let n = tokens.len();
        let mut att = Attribution::default();
        for i in 0..n {
            for p in &self.lexicon.source_phrases {
                if !phrase_at(tokens, i, p) {
                    continue;
                }
                let after = i + p.len();
                if let Some(k) = actors
                    .iter()
                    .position(|a| a.first >= after && a.first <= after + 5)
                {
                    let g = coordinated(tokens, actors, k);
                    let (codes, detail) = group_codes(actors, &g);
                    let end = g.iter().map(|&x| actors[x].last).max().unwrap_or(after);
                    att.speaker_codes = codes;
                    att.speaker_detail =
                        detail.or_else(|| Some(surface_of(text, tokens, after, end)));
                    att.has_speaker = true;
                    att.frame = Some((i, end));
                    att.content = Some(if i == 0 { (end, n) } else { (0, i) });
                    return (Some(att), Attribution::default());
                }
                att.hearsay = true;
                att.content = Some(if i == 0 { (after, n) } else { (0, i) });
            }
        }
        (None, att)
    }

    /// Hearsay markers ("reportedly", "is said to") and report nouns ("reports that").
    fn hearsay_frame(&self, tokens: &[Token]) -> Option<Attribution> {
        let n = tokens.len();
        for i in 0..n {
            if self.lexicon.hearsay.iter().any(|h| phrase_at(tokens, i, h)) {
                return Some(Attribution {
                    hearsay: true,
                    content: Some((0, n)),
                    ..Attribution::default()
                });
            }
            if let Some(p) = self
                .lexicon
                .report_nouns
                .iter()
                .find(|h| phrase_at(tokens, i, h))
            {
                let end = (i + p.len()..n)
                    .find(|&k| tokens[k].lower == "," || tokens[k].lower == ";")
                    .unwrap_or(n);
                return Some(Attribution {
                    hearsay: true,
                    negated: negation_just_before(tokens, i),
                    content: Some((i + p.len(), end)),
                    ..Attribution::default()
                });
            }
        }
        None
    }

    /// A reporting verb under negation ("Neither Moscow nor Pyongyang has confirmed",
    /// "the Kremlin has not confirmed", "has yet to acknowledge", "declined to confirm"):
    /// a negated frame whose content is not coded.
    pub(crate) fn negated_frame(&self, tokens: &[Token], r: usize) -> Option<Attribution> {
        let clause_start = (0..r)
            .rev()
            .find(|&k| is_clause_punct(&tokens[k]))
            .map(|k| k + 1)
            .unwrap_or(0);
        let from = clause_start.max(r.saturating_sub(7));
        let negated = (from..r).any(|i| {
            tokens[i].lower == "yet"
                || self
                    .lexicon
                    .negation
                    .iter()
                    .any(|c| phrase_at(tokens, i, c) && i + c.len() <= r)
        });
        if !negated {
            return None;
        }
        // "…, the Kremlin has not confirmed." governs what comes before it
        let late = clause_start > 0
            && (tokens[clause_start - 1].lower == ","
                || is_closing_quote(&tokens[clause_start - 1]))
            && !SUBORDINATORS_MAIN.contains(&tokens[clause_start].lower.as_str())
            && !matches!(tokens[clause_start].lower.as_str(), "and" | "which" | "who");
        // the content stops at ", though …", ", but …" (another party's clause)
        let content_end = (r + 1..tokens.len())
            .find(|&k| {
                tokens[k - 1].lower == "," && SUBORDINATORS_MAIN.contains(&tokens[k].lower.as_str())
            })
            .unwrap_or(tokens.len());
        let (content, frame) = if late {
            ((0, clause_start), (clause_start, tokens.len()))
        } else {
            ((r + 1, content_end), (clause_start, r + 1))
        };
        Some(Attribution {
            content: Some(content),
            frame: Some(frame),
            negated: true,
            ..Default::default()
        })
    }

    /// Token range between a claim noun and a later predicate calling it false.
    pub(crate) fn false_claim_span(&self, tokens: &[Token]) -> Option<(usize, usize)> {
        let at =
            (0..tokens.len()).find(|&k| self.lexicon.false_claim_index.at(tokens, k).is_some())?;
        let claim = (0..at).find(|&k| {
            self.lexicon
                .modality
                .claim_nouns
                .iter()
                .any(|c| !c.contains(' ') && *c == tokens[k].lower)
        })?;
        Some((claim, at))
    }

    /// An ACCUSE trigger just before this one that governs it through "of"/"for"
    /// ("accused Iran of supplying", "blamed Hamas for the attack") or a that-clause
    /// ("charged that Russia had attacked"): the accuser's codes and detail, and the
    /// accused group (the accusation's recipient, or the that-clause's subject).
    pub(crate) fn accusation_governor(
        &self,
        tokens: &[Token],
        actors: &[ActorSpan],
        earlier: &[Trigger],
        coded_roles: &[Option<CodedRoles>],
        trig: &Trigger,
        clause: Clause,
    ) -> Option<(Vec<String>, Option<String>, Vec<usize>)> {
        let (gi, g) = earlier.iter().enumerate().rev().find(|(_, g)| {
            self.lexicon.types[g.entry] == EventType::Accuse
                && g.last <= trig.first
                && trig.first - g.last <= 8
                && g.first >= clause.start
                && token_span(tokens, g.last, trig.first)
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "of" | "for" | "that"))
                && !token_span(tokens, g.last, trig.first)
                    .iter()
                    .any(is_clause_punct)
        })?;
        let (codes, detail, accused) = coded_roles.get(gi)?.clone()?;
        let that = (g.last..trig.first.min(g.last + 4)).find(|&k| tokens[k].lower == "that");
        let accused = match that {
            Some(t) => subject_group(tokens, actors, t + 1, trig.first, None)?,
            None => accused?,
        };
        Some((codes, detail, accused))
    }

    /// A denial verb right before a pronoun ("denied it had", "denies that its troops"):
    /// its token index.
    pub(crate) fn denial_before(&self, tokens: &[Token], at: usize) -> Option<usize> {
        (at.saturating_sub(2)..at)
            .rev()
            .find(|&i| self.lexicon.denial_forms.contains_key(&tokens[i].lower))
            .filter(|&i| {
                token_span(tokens, i + 1, at)
                    .iter()
                    .all(|t| t.lower == "that")
            })
    }

    /// A denial verb before the trigger in its clause ("denied arms transfers",
    /// "rejected claims that …"): its token index.
    pub(crate) fn find_denial(
        &self,
        tokens: &[Token],
        clause_start: usize,
        at: usize,
    ) -> Option<usize> {
        let from = clause_start.max(at.saturating_sub(10));
        for i in (from..at).rev() {
            let w = &tokens[i].lower;
            let direct = self.lexicon.denial_forms.contains_key(w);
            // "called the reports a lie": the whole claim phrase, not its first word ("a")
            let with_claim = self.lexicon.denial_claim_forms.contains_key(w)
                && (i + 1..at).any(|k| {
                    self.lexicon
                        .claim_phrases
                        .iter()
                        .any(|c| phrase_at(tokens, k, c))
                });
            // "has not denied", "neither confirmed nor denied": no denial
            let negated = token_span(tokens, i.saturating_sub(3), i).iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "not" | "n't" | "never" | "nor" | "neither"
                )
            });
            // "denied the report and accused Ethiopia of …": a verb conjoined after the
            // denial's object is the denier's own act, not what was denied
            let conjoined = at > i + 2
                && (i + 1..at).any(|k| {
                    matches!(tokens[k].lower.as_str(), "and" | "but")
                        && tokens
                            .get(k + 1)
                            .is_some_and(|n| self.lexicon.patterns.contains_key(&n.lower))
                });
            // "rejected the report, saying Armenian forces had shelled …": what the
            // denier then says is its own claim, not what it denies
            let then_says = (i + 1..at).any(|k| {
                tokens[k - 1].lower == ","
                    && tokens[k].lower.ends_with("ing")
                    && self.lexicon.reporting_forms.contains_key(&tokens[k].lower)
            });
            if (direct || with_claim) && !negated && !conjoined && !then_says {
                return Some(i);
            }
        }
        None
    }

    pub(crate) fn negated(&self, tokens: &[Token], clause_start: usize, at: usize) -> bool {
        let from = clause_start.max(at.saturating_sub(4));
        for i in from..at {
            for c in &self.lexicon.negation {
                if phrase_at(tokens, i, c) && i + c.len() <= at {
                    // "not only", "no doubt": not negation of the event
                    if tokens
                        .get(i + 1)
                        .is_some_and(|t| t.lower == "only" || t.lower == "doubt")
                    {
                        continue;
                    }
                    return true;
                }
            }
        }
        false
    }

    pub(crate) fn cue_in(&self, cues: &[Phrase], tokens: &[Token], from: usize, to: usize) -> bool {
        (from..to.min(tokens.len())).any(|i| {
            cues.iter()
                .any(|c| phrase_at(tokens, i, c) && i + c.len() <= to)
        })
    }
}
