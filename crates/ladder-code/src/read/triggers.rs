//! Lexicon triggers of a sentence: the longest, most specific pattern at each token,
//! with the object conditions and the uses that are not events (names, adjectives).

use super::*;

impl<'a> CoderCore<'a> {
    /// Lexicon triggers of a sentence: longest, most specific match at each position,
    /// not overlapping; object-dependent senses checked.
    #[allow(clippy::nonminimal_bool)]
    pub(crate) fn find_triggers(
        &self,
        text: &str,
        tokens: &[Token],
        _clauses: &[Clause],
    ) -> Vec<Trigger> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let Some(cands) = self.lexicon.patterns.get(&tokens[i].lower) else {
                i += 1;
                continue;
            };
            let mut best: Option<(&Pattern, (usize, bool, i32))> = None;
            for p in cands {
                if !phrase_at(tokens, i, &p.words) {
                    continue;
                }
                let end = i + p.words.len();
                let entry = p.entry;
                let objs = &self.lexicon.object_words[entry];
                let passive = p.participle && is_passive(tokens, i);
                if !objs.is_empty()
                    && !object_follows(tokens, end, objs)
                    && !(passive && object_precedes(tokens, i, objs))
                {
                    continue;
                }
                let nots = &self.lexicon.not_object_words[entry];
                if !nots.is_empty() && object_follows_near(tokens, end, nots, 3) {
                    continue;
                }
                if !p.is_verb
                    && self.lexicon.entries[entry].verbs.is_empty()
                    && p.words.len() == 1
                    && is_modifier_use(tokens, i)
                {
                    continue;
                }
                // "Should talks fail, …": a sentence-initial modal is no demand
                if i == 0 && matches!(tokens[0].lower.as_str(), "should" | "must") {
                    continue;
                }
                // "in March", "the Freedom Rally": a capitalised word inside the sentence
                // is a name, not the verb
                if p.is_verb
                    && p.words.len() == 1
                    && i > 0
                    && tokens[i].is_capitalised(text)
                    && !matches!(tokens[i - 1].lower.as_str(), "“" | "\"" | ":" | "—" | "-")
                {
                    continue;
                }
                // "the detained fishermen", "its occupied territories": an adjective
                if p.is_verb && p.participle && p.words.len() == 1 && is_attributive(tokens, i) {
                    continue;
                }
                let score = (
                    p.words.len(),
                    !objs.is_empty(),
                    self.lexicon.entries[entry].priority,
                );
                if best.as_ref().is_none_or(|(_, s)| score > *s) {
                    best = Some((p, score));
                }
            }
            match best {
                Some((p, _)) => {
                    out.push(Trigger {
                        first: i,
                        last: i + p.words.len(),
                        entry: p.entry,
                        participle: p.participle,
                        is_verb: p.is_verb,
                    });
                    i += p.words.len();
                }
                None => i += 1,
            }
        }
        out
    }
}
