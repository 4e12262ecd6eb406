//! The lemmatiser: a (lowercase form, UPOS) → lemma table learned from the treebank for
//! seen words, and suffix rewrite rules (also learned) for unseen ones.

use crate::conllu::Sentence;
use crate::hash::{hash_str, mix};
use crate::perceptron::KeyMap;
use crate::upos::Upos;
use std::collections::BTreeMap;

/// Lemmas the event coder relies on where EWT's annotation differs (EWT keeps "troops" as
/// its own lemma); applied on top of what is learned.
const OVERRIDES: &[(&str, Upos, &str)] = &[("troops", Upos::NOUN, "troop")];

/// The longest suffix a rule is keyed on, in characters.
const MAX_SUFFIX: usize = 5;

/// A suffix rewrite: strip `strip` characters, then append `add`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rewrite {
    /// Characters removed from the end.
    pub strip: u8,
    /// Text appended.
    pub add: String,
}

/// A learned lemmatiser.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// (lowercase form, UPOS index) → lemma, for every seen pair.
    pub table: BTreeMap<(String, u8), String>,
    /// (UPOS index, lowercase suffix) → the most frequent rewrite for unseen words.
    pub rules: BTreeMap<(u8, String), Rewrite>,
    /// Hashed indexes of `table` and `rules` for lookups without allocation.
    seen: KeyMap<String>,
    by_suffix: KeyMap<Rewrite>,
}

fn entry_key(text: &str, upos: u8) -> u64 {
    mix(hash_str(text), 0x1e44a + u64::from(upos))
}

fn rewrite_of(lower: &str, lemma: &str) -> Option<Rewrite> {
    let a: Vec<char> = lower.chars().collect();
    let b: Vec<char> = lemma.chars().collect();
    let cp = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let strip = a.len() - cp;
    if strip > 255 || cp == 0 {
        return None;
    }
    Some(Rewrite {
        strip: strip as u8,
        add: b[cp..].iter().collect(),
    })
}

fn apply(lower: &str, r: &Rewrite) -> Option<String> {
    let chars: Vec<char> = lower.chars().collect();
    let keep = chars.len().checked_sub(usize::from(r.strip))?;
    if keep == 0 {
        return None;
    }
    let mut s: String = chars[..keep].iter().collect();
    s.push_str(&r.add);
    Some(s)
}

fn suffix(chars: &[char], k: usize) -> String {
    chars[chars.len() - k..].iter().collect()
}

impl Lemmatizer {
    /// Learns the table and the rules from gold sentences.
    pub fn learn(sents: &[Sentence]) -> Lemmatizer {
        let mut counts: BTreeMap<(String, u8), BTreeMap<String, u32>> = BTreeMap::new();
        for s in sents {
            for w in &s.words {
                if w.upos == Upos::PROPN || w.lemma == "_" {
                    continue;
                }
                let lower = w.form.to_lowercase();
                *counts
                    .entry((lower, w.upos.index() as u8))
                    .or_default()
                    .entry(w.lemma.clone())
                    .or_default() += 1;
            }
        }
        let mut table = BTreeMap::new();
        let mut rule_counts: BTreeMap<(u8, String), BTreeMap<Rewrite, u32>> = BTreeMap::new();
        for ((lower, upos), lemmas) in counts {
            let Some((lemma, _)) = lemmas
                .iter()
                .max_by_key(|(l, &n)| (n, std::cmp::Reverse(*l)))
            else {
                continue;
            };
            let lemma = lemma.clone();
            if let Some(r) = rewrite_of(&lower, &lemma.to_lowercase()) {
                let chars: Vec<char> = lower.chars().collect();
                for k in 1..=MAX_SUFFIX.min(chars.len().saturating_sub(1)) {
                    *rule_counts
                        .entry((upos, suffix(&chars, k)))
                        .or_default()
                        .entry(r.clone())
                        .or_default() += 1;
                }
            }
            table.insert((lower, upos), lemma);
        }
        let mut rules = BTreeMap::new();
        for (key, rs) in rule_counts {
            let total: u32 = rs.values().sum();
            if let Some((r, &n)) = rs.iter().max_by_key(|(r, &n)| (n, std::cmp::Reverse(*r))) {
                // Keep a rule only when it has support and is the clear choice.
                if n >= 2 && n * 2 > total {
                    rules.insert(key, r.clone());
                }
            }
        }
        for &(form, upos, lemma) in OVERRIDES {
            table.insert((form.to_string(), upos.index() as u8), lemma.to_string());
        }
        let mut l = Lemmatizer {
            table,
            rules,
            ..Lemmatizer::default()
        };
        l.index();
        l
    }

    /// Rebuilds the hashed indexes after `table` or `rules` changed.
    pub fn index(&mut self) {
        self.seen = self
            .table
            .iter()
            .map(|((f, u), l)| (entry_key(f, *u), l.clone()))
            .collect();
        self.by_suffix = self
            .rules
            .iter()
            .map(|((u, s), r)| (entry_key(s, *u), r.clone()))
            .collect();
    }

    /// The lemma of a word with its tag.
    pub fn lemma(&self, form: &str, upos: Upos) -> String {
        if upos == Upos::PROPN {
            return form.to_string();
        }
        let lower = form.to_lowercase();
        let u = upos.index() as u8;
        if let Some(l) = self.seen.get(&entry_key(&lower, u)) {
            return l.clone();
        }
        // Suffix start offsets, shortest first; the whole word is never a suffix.
        let starts: Vec<usize> = lower
            .char_indices()
            .rev()
            .map(|(i, _)| i)
            .take(MAX_SUFFIX)
            .filter(|&i| i > 0)
            .collect();
        for &i in starts.iter().rev() {
            if let Some(r) = self.by_suffix.get(&entry_key(&lower[i..], u)) {
                if let Some(l) = apply(&lower, r) {
                    return l;
                }
            }
        }
        lower
    }
}
