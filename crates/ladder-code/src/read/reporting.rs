//! Reporting-verb frames: "X said (that) …" (early, content after the verb), "…, X
//! said." (late, content before the frame), "…, said X" (inverted), with speakers named
//! by an actor, a speaker noun ("the official said") or a name the gazetteer does not
//! know ("…,” Kirby said).

use super::*;

/// Where the speaker of one reporting verb stands: its first token, the end of its
/// words, and its actor group when an actor names it.
type SpeakerSpan = (usize, usize, Option<Vec<usize>>);

impl<'a> CoderCore<'a> {
    /// The first early reporting frame of the sentence, else its first late one.
    pub(crate) fn reporting_verb_frame(
        &self,
        text: &str,
        tokens: &[Token],
        actors: &[ActorSpan],
        tree: Option<&Tree>,
    ) -> Option<Attribution> {
        let n = tokens.len();
        let mut late: Option<Attribution> = None;
        for r in 0..n {
            if !self.lexicon.reporting_forms.contains_key(&tokens[r].lower)
                // "the United States" is no "states"
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
                continue;
            }
            if let Some(neg) = self.negated_frame(tokens, r) {
                return Some(neg);
            }
            if r > 0 && matches!(tokens[r - 1].lower.as_str(), "to" | "be" | "been") {
                continue;
            }
            let (speaker_first, speaker_end, group) = match self.left_speaker(tokens, actors, r) {
                Some(found) => found,
                None => tree
                    .and_then(|t| tree_speaker(t, tokens, actors, r))
                    .unwrap_or_else(|| self.unnamed_speaker(text, tokens, r)),
            };
            let (speaker_first, speaker_end, group) = if speaker_first < r {
                (speaker_first, speaker_end, group)
            } else {
                inverted_speaker(tokens, actors, r)
                    .or_else(|| participle_speaker(tokens, actors, r))
                    .unwrap_or((speaker_first, speaker_end, group))
            };
            if !(speaker_first < r || speaker_end > r) {
                continue;
            }
            let mut a = Attribution {
                has_speaker: true,
                ..Default::default()
            };
            (a.speaker_codes, a.speaker_detail) = speaker_identity(
                text,
                tokens,
                actors,
                (speaker_first, speaker_end, group.as_ref()),
                r,
            );
            let frame_start = frame_start(tokens, speaker_first.min(r));
            if self.is_late_frame(tokens, frame_start, r) {
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
            let cs = early_content_start(tokens, r);
            a.frame = Some((frame_start, cs));
            a.content = Some((cs, n));
            return Some(a);
        }
        late
    }

    /// An actor just before the reporting verb at `r` ("Kyiv said"), with the actors
    /// coordinated before it ("Moscow and Pyongyang have denied").
    fn left_speaker(
        &self,
        tokens: &[Token],
        actors: &[ActorSpan],
        r: usize,
    ) -> Option<SpeakerSpan> {
        let (k, _) = actors.iter().enumerate().rev().find(|(_, a)| {
            a.last <= r
                && r - a.last <= 3
                && !token_span(tokens, a.last, r).iter().any(is_clause_punct)
        })?;
        let a = &actors[k];
        // "Iran's mission to the United Nations says": the envoy's state speaks, not the
        // body it is accredited to
        let accredited = k > 0
            && a.first >= 2
            && matches!(tokens[a.first - 1].lower.as_str(), "to" | "at" | "the")
            && (a.first.saturating_sub(3)..a.first)
                .any(|p| matches!(tokens[p].lower.as_str(), "to" | "at"))
            && actors[k - 1].last + 3 >= a.first
            && !actors[k - 1].codes.is_empty();
        // "Ukraine's military intelligence agency said": a bare sector noun right after a
        // named one belongs to it
        let continues_named = k > 0
            && a.codes.is_empty()
            && actors[k - 1].last == a.first
            && !actors[k - 1].codes.is_empty();
        let k = if accredited || continues_named {
            k - 1
        } else {
            k
        };
        let g = coordinated_back(tokens, actors, k);
        let f = g.iter().map(|&x| actors[x].first).min().unwrap_or(r);
        Some((f, actors[k].last, Some(g)))
    }

    /// A speaker no actor names: a speaker noun ("the official said", "officials said")
    /// or an unknown capitalised name ("…,” Kirby said); `(r, r, None)` when none.
    fn unnamed_speaker(&self, text: &str, tokens: &[Token], r: usize) -> SpeakerSpan {
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
        if found.is_none() && r > 0 {
            found = self.unknown_name_before(text, tokens, r);
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

    /// Up to three capitalised words right before `r` that start a clause and are no
    /// trigger or pronoun: a name the report knows from earlier, or whose country the
    /// content names.
    fn unknown_name_before(&self, text: &str, tokens: &[Token], r: usize) -> Option<usize> {
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
            && (b == 0 || is_clause_punct(&tokens[b - 1]) || is_closing_quote(&tokens[b - 1]));
        (starts_ok && b > 0).then_some(b)
    }

    /// Whether the frame starting at `frame_start` (verb at `r`) follows what it reports:
    /// after a comma, quote or dash, unless a short introduction with no event word
    /// precedes it ("Early on Saturday, Pakistan said India had …") or "that" follows.
    fn is_late_frame(&self, tokens: &[Token], frame_start: usize, r: usize) -> bool {
        let n = tokens.len();
        let before_frame = frame_start.checked_sub(1).map(|p| &tokens[p]);
        let intro_only = frame_start <= 7
            && !(0..frame_start).any(|k| self.lexicon.patterns.contains_key(&tokens[k].lower));
        let says_that = (r + 1..(r + 5).min(n))
            .take_while(|&k| !is_clause_punct(&tokens[k]))
            .any(|k| tokens[k].lower == "that");
        frame_start > 0
            && !(intro_only && before_frame.is_some_and(|t| t.lower == ","))
            && !says_that
            && before_frame.is_some_and(|t| t.lower == "," || is_closing_quote(t) || t.lower == "—")
    }
}

/// The subject the tree gives a reporting verb when a long apposition stands between
/// them ("The Syrian Democratic Forces, the U.S.-backed alliance that controls much of
/// the northeast, said …"): a named party before the verb.
fn tree_speaker(
    tree: &Tree,
    tokens: &[Token],
    actors: &[ActorSpan],
    r: usize,
) -> Option<SpeakerSpan> {
    if tree.len() != tokens.len() {
        return None;
    }
    let s = tree.children_rel(r, &["nsubj"]).next().filter(|&s| s < r)?;
    let g = crate::syntax::group_at(tree, actors, s)?;
    if !g.iter().any(|&k| !actors[k].codes.is_empty()) {
        return None;
    }
    let first = g.iter().map(|&k| actors[k].first).min()?;
    let last = g.iter().map(|&k| actors[k].last).max()?;
    Some((first, last, Some(g)))
}

/// "…, said X": an actor just after a reporting verb that follows a comma or quote.
fn inverted_speaker(tokens: &[Token], actors: &[ActorSpan], r: usize) -> Option<SpeakerSpan> {
    if r == 0 || !(tokens[r - 1].lower == "," || is_closing_quote(&tokens[r - 1])) {
        return None;
    }
    let k = actors
        .iter()
        .position(|a| a.first > r && a.first <= r + 3)?;
    let g = coordinated(tokens, actors, k);
    Some((r, actors[k].last, Some(g)))
}

/// "Ethiopia rejected the accusation, saying …": a reporting participle after a comma
/// speaks for the subject of the clause before it. The span is the verb itself (the
/// speaker is named elsewhere), so the frame opens at the verb.
fn participle_speaker(tokens: &[Token], actors: &[ActorSpan], r: usize) -> Option<SpeakerSpan> {
    if r == 0 || tokens[r - 1].lower != "," || !tokens[r].lower.ends_with("ing") {
        return None;
    }
    let g = subject_group(tokens, actors, 0, r - 1, None)?;
    Some((r, r + 1, Some(g)))
}

/// The speaker's codes and detail: its group's, or the words that name it (a pronoun
/// names nobody: its detail comes from whom it refers to).
fn speaker_identity(
    text: &str,
    tokens: &[Token],
    actors: &[ActorSpan],
    (speaker_first, speaker_end, group): (usize, usize, Option<&Vec<usize>>),
    r: usize,
) -> (Vec<String>, Option<String>) {
    let Some(g) = group else {
        let end = speaker_end
            .max(speaker_first + 1)
            .min(r.max(speaker_first + 1));
        return (
            Vec::new(),
            Some(surface_of(text, tokens, speaker_first, end)),
        );
    };
    let (codes, detail) = group_codes(actors, g);
    if detail.is_some() {
        return (codes, detail);
    }
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
    let pronoun = matches!(
        surface.to_lowercase().as_str(),
        "it" | "they" | "he" | "she" | "we" | "i"
    );
    (codes, (!pronoun).then_some(surface))
}

/// "…, the defence ministry said": the frame starts at the speaker's article.
fn frame_start(tokens: &[Token], from: usize) -> usize {
    let mut start = from;
    while start > 0
        && matches!(
            tokens[start - 1].lower.as_str(),
            "the" | "a" | "an" | "its" | "their" | "his" | "her"
        )
    {
        start -= 1;
    }
    start
}

/// Where an early frame's content starts: after "that", else after "reporters", days
/// and other words between the verb and what is said.
fn early_content_start(tokens: &[Token], r: usize) -> usize {
    let n = tokens.len();
    let limit = (r + 6).min(n);
    if let Some(t) = (r + 1..limit).find(|&k| tokens[k].lower == "that") {
        return t + 1;
    }
    let mut cs = r + 1;
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
    cs
}
