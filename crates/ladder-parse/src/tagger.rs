//! The UPOS tagger: a greedy left-to-right averaged perceptron over word, affix, shape,
//! context and previous-tag features, with a tag dictionary for frequent unambiguous words
//! and ambiguity classes for the words ahead.

use crate::conllu::Sentence;
use crate::features::{word_info, WordInfo};
use crate::hash::{hash_str, key2, key3, SplitMix64};
use crate::perceptron::{argmax, KeyMap, RowCache, Trainer, WeightTable};
use crate::upos::Upos;
use std::cell::RefCell;

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// Feature weights (17 classes).
    pub weights: WeightTable,
    /// Lowercase-form hash → ambiguity class (a bit per tag).
    pub amb: KeyMap<u32>,
    /// Form hash → tag, for frequent words with one tag.
    pub dict: KeyMap<u8>,
}

const START: u64 = 0x5_7a27;

thread_local! {
    /// Each thread's cache of tagger rows (2^13 entries, 320 KB).
    static TAGGER_ROWS: RefCell<RowCache<{ Upos::COUNT }>> = const { RefCell::new(RowCache::new(13)) };
}
/// Words seen fewer times than this have no ambiguity class (as unseen words at run time).
const AMB_MIN_COUNT: u32 = 3;

/// Writes the feature keys of word `i` given the two previous tags.
pub fn features(infos: &[WordInfo], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let at = |j: isize| -> Option<&WordInfo> {
        if j < 0 {
            None
        } else {
            infos.get(j as usize)
        }
    };
    let none = WordInfo {
        form: 3,
        lower: 3,
        suf: [3; 4],
        pre: [3; 3],
        shape: 3,
        amb: 3,
    };
    let ii = i as isize;
    let w = at(ii).copied().unwrap_or(none);
    let m1 = at(ii - 1).copied().unwrap_or(none);
    let m2 = at(ii - 2).copied().unwrap_or(none);
    let n1 = at(ii + 1).copied().unwrap_or(none);
    let n2 = at(ii + 2).copied().unwrap_or(none);
    let first = u64::from(i == 0);
    out.push(key2(1, 0, 0));
    out.push(key2(2, w.lower, 0));
    out.push(key2(3, w.form, 0));
    for (k, s) in w.suf.iter().enumerate() {
        out.push(key2(4 + k as u64, *s, 0));
    }
    for (k, p) in w.pre.iter().enumerate() {
        out.push(key2(8 + k as u64, *p, 0));
    }
    out.push(key2(11, w.shape, first));
    out.push(key2(12, p1, 0));
    out.push(key2(13, p2, p1));
    out.push(key2(14, p1, w.lower));
    out.push(key2(15, m1.lower, 0));
    out.push(key2(16, m1.suf[2], 0));
    out.push(key2(17, m2.lower, 0));
    out.push(key2(18, n1.lower, 0));
    out.push(key2(19, n1.suf[2], 0));
    out.push(key2(20, n2.lower, 0));
    out.push(key2(21, m1.lower, w.lower));
    out.push(key2(22, w.lower, n1.lower));
    out.push(key2(23, n1.amb, 0));
    out.push(key2(24, n2.amb, n1.amb));
    out.push(key2(25, w.amb, 0));
    out.push(key3(26, p1, w.amb, n1.amb));
    out.push(key2(27, w.suf[2], p1));
    out.push(key2(28, n1.shape, w.shape));
    out.push(key2(29, m1.shape, w.shape));
    out.push(key2(30, w.suf[1], n1.amb));
    out.push(key3(31, p1, n1.lower, 0));
    out.push(key3(32, w.lower, n1.amb, 0));
}

fn tag_value(t: usize) -> u64 {
    0x7a90 + t as u64
}

impl Tagger {
    /// Word views with ambiguity classes filled in.
    pub fn infos(&self, words: &[&str]) -> Vec<WordInfo> {
        words
            .iter()
            .map(|w| {
                let mut info = word_info(w);
                info.amb = self
                    .amb
                    .get(&info.lower)
                    .map_or(1, |&m| u64::from(m) << 1 | 0x1_0000_0000);
                info
            })
            .collect()
    }

    /// Tags a sentence.
    pub fn tag(&self, infos: &[WordInfo]) -> Vec<Upos> {
        let mut tags = Vec::with_capacity(infos.len());
        let mut feats = Vec::with_capacity(40);
        let mut scores = [0i32; Upos::COUNT];
        let (mut p1, mut p2) = (START, START + 1);
        TAGGER_ROWS.with_borrow_mut(|cache| {
            for i in 0..infos.len() {
                let t = if let Some(&t) = self.dict.get(&infos[i].form) {
                    usize::from(t)
                } else {
                    features(infos, i, p1, p2, &mut feats);
                    self.weights.score_cached(&feats, &mut scores, cache);
                    argmax(&scores, None)
                };
                tags.push(Upos::from_index(t));
                p2 = p1;
                p1 = tag_value(t);
            }
        });
        tags
    }
}

/// Builds the ambiguity classes and the tag dictionary from training sentences.
fn lexicon(sents: &[&Sentence]) -> (KeyMap<u32>, KeyMap<u8>) {
    let mut lower_counts: KeyMap<[u32; Upos::COUNT]> = KeyMap::default();
    let mut form_counts: KeyMap<[u32; Upos::COUNT]> = KeyMap::default();
    for s in sents {
        for w in &s.words {
            let info = word_info(&w.form);
            lower_counts.entry(info.lower).or_insert([0; Upos::COUNT])[w.upos.index()] += 1;
            form_counts
                .entry(hash_str(&w.form))
                .or_insert([0; Upos::COUNT])[w.upos.index()] += 1;
        }
    }
    let mut amb = KeyMap::default();
    for (&k, c) in &lower_counts {
        let total: u32 = c.iter().sum();
        if total < AMB_MIN_COUNT {
            continue;
        }
        let mut mask = 0u32;
        for (t, &n) in c.iter().enumerate() {
            if n * 10 >= total && n > 0 {
                mask |= 1 << t;
            }
        }
        amb.insert(k, mask);
    }
    let mut dict = KeyMap::default();
    for (&k, c) in &form_counts {
        let total: u32 = c.iter().sum();
        let (best, &n) = c
            .iter()
            .enumerate()
            .max_by_key(|(i, &n)| (n, std::cmp::Reverse(*i)))
            .expect("17 counts");
        if total >= 20 && n as f64 >= 0.995 * total as f64 {
            dict.insert(k, best as u8);
        }
    }
    (amb, dict)
}

/// Trains a tagger on sentences for `epochs` passes, shuffled by `seed`.
pub fn train(sents: &[&Sentence], epochs: usize, seed: u64, min_updates: u32) -> Tagger {
    let (amb, dict) = lexicon(sents);
    let mut tagger = Tagger {
        weights: WeightTable::from_sorted(Upos::COUNT, Vec::new(), Vec::new()),
        amb,
        dict,
    };
    let prepared: Vec<(Vec<WordInfo>, Vec<usize>)> = sents
        .iter()
        .map(|s| {
            let forms = s.forms();
            (
                tagger.infos(&forms),
                s.words.iter().map(|w| w.upos.index()).collect(),
            )
        })
        .collect();
    let mut trainer = Trainer::new(Upos::COUNT);
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = SplitMix64::new(seed);
    let mut feats = Vec::with_capacity(40);
    let mut scratch = Vec::new();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let (infos, gold) = &prepared[si];
            let (mut p1, mut p2) = (START, START + 1);
            for i in 0..infos.len() {
                let t = if let Some(&t) = tagger.dict.get(&infos[i].form) {
                    usize::from(t)
                } else {
                    features(infos, i, p1, p2, &mut feats);
                    let guess = trainer.predict(&feats, &mut scratch, None);
                    trainer.update(&feats, gold[i], guess);
                    trainer.tick();
                    guess
                };
                p2 = p1;
                p1 = tag_value(t);
            }
        }
    }
    tagger.weights = trainer.finish(min_updates);
    tagger
}
