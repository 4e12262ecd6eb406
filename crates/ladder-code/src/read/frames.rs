//! Who says what: reporting frames ("X said …", "…, X said", "according to X"),
//! negated frames, denials, accusation frames and claims called false.

use super::*;

impl<'a> CoderCore<'a> {
    /// Reporting frames: "X said (that) …", "…, X said.", "according to X", hearsay.
    pub(crate) fn find_attribution(
        &self,
        text: &str,
        tokens: &[Token],
        actors: &[ActorSpan],
        _clauses: &[Clause],
    ) -> Attribution {
        let n = tokens.len();
        let mut att = Attribution::default();
        // according to X
        for i in 0..n {
            for p in &self.lexicon.source_phrases {
                if phrase_at(tokens, i, p) {
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
                        return att;
                    }
                    att.hearsay = true;
                    att.content = Some(if i == 0 { (after, n) } else { (0, i) });
                }
            }
        }
        // reporting verbs
        let mut late: Option<Attribution> = None;
        for r in 0..n {
            if !self.lexicon.reporting_forms.contains_key(&tokens[r].lower)
                || actors.iter().any(|a| r >= a.first && r < a.last)
                // "…, the White House said, releasing images that it said showed …": a
                // verb inside a late frame's tail does not open a frame of its own
                || late
                    .as_ref()
                    .and_then(|l| l.frame)
                    .is_some_and(|(fs, _)| r > fs)
                // "at what it said were militant bases": a hedge inside the content
                || (r.saturating_sub(3)..r).any(|k| tokens[k].lower == "what")
            {
                // "the United States" is no "states"
                continue;
            }
            if let Some(neg) = self.negated_frame(tokens, r) {
                return neg;
            }
            if r > 0 && matches!(tokens[r - 1].lower.as_str(), "to" | "be" | "been") {
                continue;
            }
            // speaker on the left
            let left = actors.iter().enumerate().rev().find(|(_, a)| {
                a.last <= r
                    && r - a.last <= 3
                    && !token_span(tokens, a.last, r).iter().any(is_clause_punct)
            });
            // "Iran's mission to the United Nations says": the envoy's state speaks, not
            // the body it is accredited to
            let left = left.map(|(k, a)| {
                let accredited = k > 0
                    && a.first >= 2
                    && matches!(tokens[a.first - 1].lower.as_str(), "to" | "at" | "the")
                    && (a.first.saturating_sub(3)..a.first)
                        .any(|p| matches!(tokens[p].lower.as_str(), "to" | "at"))
                    && actors[k - 1].last + 3 >= a.first
                    && !actors[k - 1].codes.is_empty();
                // "Ukraine's military intelligence agency said": a bare sector noun right
                // after a named one belongs to it
                let continues_named = k > 0
                    && a.codes.is_empty()
                    && actors[k - 1].last == a.first
                    && !actors[k - 1].codes.is_empty();
                if accredited || continues_named {
                    (k - 1, &actors[k - 1])
                } else {
                    (k, a)
                }
            });
            let (speaker_first, speaker_end, group) = match left {
                Some((k, _)) => {
                    let g = coordinated_back(tokens, actors, k);
                    let f = g.iter().map(|&x| actors[x].first).min().unwrap_or(r);
                    (f, actors[k].last, Some(g))
                }
                None => {
                    // a speaker noun with no actor ("the official said", "officials said")
                    let nouns = &self.lexicon.attribution.speaker_nouns;
                    let mut found = None;
                    for b in (r.saturating_sub(4)..r).rev() {
                        if is_clause_punct(&tokens[b]) {
                            break;
                        }
                        if nouns.iter().any(|w| w == &tokens[b].lower) {
                            found = Some(b);
                        }
                    }
                    // an unknown name ("…,” Kirby said): a speaker the report knows
                    // from earlier, or whose country the content names
                    if found.is_none() && r > 0 {
                        let mut b = r;
                        while b > 0
                            && r - b < 3
                            && tokens[b - 1].is_word()
                            && tokens[b - 1].is_capitalised(text)
                            && !self.lexicon.patterns.contains_key(&tokens[b - 1].lower)
                            && !matches!(
                                tokens[b - 1].lower.as_str(),
                                "the" | "it" | "he" | "she" | "they" | "we" | "i"
                            )
                        {
                            b -= 1;
                        }
                        let starts_ok = b < r
                            && (b == 0
                                || is_clause_punct(&tokens[b - 1])
                                || is_closing_quote(&tokens[b - 1]));
                        if starts_ok && b > 0 {
                            found = Some(b);
                        }
                    }
                    match found {
                        Some(b) => {
                            let mut f = b;
                            while f > 0
                                && !is_clause_punct(&tokens[f - 1])
                                && r - f < 6
                                && tokens[f - 1].is_word()
                                && !self.lexicon.patterns.contains_key(&tokens[f - 1].lower)
                            {
                                f -= 1;
                            }
                            (f, r, None)
                        }
                        None => (r, r, None),
                    }
                }
            };
            let has_left = speaker_first < r;
            // inverted: "…, said X"
            let (speaker_first, speaker_end, group) = if !has_left
                && r > 0
                && (tokens[r - 1].lower == "," || is_closing_quote(&tokens[r - 1]))
            {
                match actors.iter().position(|a| a.first > r && a.first <= r + 3) {
                    Some(k) => {
                        let g = coordinated(tokens, actors, k);
                        (r, actors[k].last, Some(g))
                    }
                    None => (speaker_first, speaker_end, group),
                }
            } else {
                (speaker_first, speaker_end, group)
            };
            let has_speaker = speaker_first < r || speaker_end > r;
            if !has_speaker {
                continue;
            }
            let mut a = Attribution {
                has_speaker: true,
                ..Default::default()
            };
            if let Some(g) = &group {
                let (codes, detail) = group_codes(actors, g);
                a.speaker_codes = codes;
                a.speaker_detail = detail;
                if a.speaker_detail.is_none() {
                    let f = g
                        .iter()
                        .map(|&x| actors[x].first)
                        .min()
                        .unwrap_or(speaker_first);
                    let l = g
                        .iter()
                        .map(|&x| actors[x].last)
                        .max()
                        .unwrap_or(speaker_end);
                    let surface = surface_of(text, tokens, f, l);
                    // "it said": a pronoun names nobody; the detail comes from whom it refers to
                    let pronoun = matches!(
                        surface.to_lowercase().as_str(),
                        "it" | "they" | "he" | "she" | "we" | "i"
                    );
                    a.speaker_detail = (!pronoun).then_some(surface);
                }
            } else {
                a.speaker_detail = Some(surface_of(
                    text,
                    tokens,
                    speaker_first,
                    speaker_end
                        .max(speaker_first + 1)
                        .min(r.max(speaker_first + 1)),
                ));
            }
            // "…, the defence ministry said": the frame starts at its article
            let mut frame_start = speaker_first.min(r);
            while frame_start > 0
                && matches!(
                    tokens[frame_start - 1].lower.as_str(),
                    "the" | "a" | "an" | "its" | "their" | "his" | "her"
                )
            {
                frame_start -= 1;
            }
            let before_frame = frame_start.checked_sub(1).map(|p| &tokens[p]);
            // "Early on Saturday, Pakistan said India had …": a short introduction with no
            // event word before the frame, or "said that …", is an early frame after all
            let intro_only = frame_start <= 7
                && !(0..frame_start).any(|k| self.lexicon.patterns.contains_key(&tokens[k].lower));
            let says_that = (r + 1..(r + 5).min(n))
                .take_while(|&k| !is_clause_punct(&tokens[k]))
                .any(|k| tokens[k].lower == "that");
            let is_late = frame_start > 0
                && !(intro_only && before_frame.is_some_and(|t| t.lower == ","))
                && !says_that
                && before_frame
                    .is_some_and(|t| t.lower == "," || is_closing_quote(t) || t.lower == "—");
            if is_late {
                // the frame runs to the end of the sentence
                a.frame = Some((frame_start, n));
                let mut ce = frame_start;
                while ce > 0 && (tokens[ce - 1].lower == "," || is_closing_quote(&tokens[ce - 1])) {
                    ce -= 1;
                }
                a.content = Some((0, ce));
                if late.is_none() {
                    late = Some(a);
                }
                continue;
            }
            // early: content after the verb (skip "that", "reporters", time words)
            let mut cs = r + 1;
            let limit = (r + 6).min(n);
            if let Some(t) = (r + 1..limit).find(|&k| tokens[k].lower == "that") {
                cs = t + 1;
            } else {
                while cs < n
                    && matches!(
                        tokens[cs].lower.as_str(),
                        "reporters"
                            | "journalists"
                            | "on"
                            | "monday"
                            | "tuesday"
                            | "wednesday"
                            | "thursday"
                            | "friday"
                            | "saturday"
                            | "sunday"
                            | ","
                            | "in"
                            | "a"
                            | "statement"
                            | "yesterday"
                            | "today"
                    )
                {
                    cs += 1;
                }
            }
            a.frame = Some((frame_start, cs));
            a.content = Some((cs, n));
            return a;
        }
        if let Some(l) = late {
            return l;
        }
        // hearsay markers and report nouns
        for i in 0..n {
            if self.lexicon.hearsay.iter().any(|h| phrase_at(tokens, i, h)) {
                att.hearsay = true;
                att.content = Some((0, n));
                return att;
            }
            if let Some(p) = self
                .lexicon
                .report_nouns
                .iter()
                .find(|h| phrase_at(tokens, i, h))
            {
                att.hearsay = true;
                att.negated = negation_just_before(tokens, i);
                let end = (i + p.len()..n)
                    .find(|&k| tokens[k].lower == "," || tokens[k].lower == ";")
                    .unwrap_or(n);
                att.content = Some((i + p.len(), end));
                return att;
            }
        }
        att
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
            if (direct || with_claim) && !negated && !conjoined {
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
