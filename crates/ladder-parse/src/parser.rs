//! The dependency parser: Zhang & Nivre (2011)-style features over an arc-hybrid state,
//! an unlabelled transition classifier, and a label classifier scored once per arc.

use crate::features::WordInfo;
use crate::hash::{key2, key3};
use crate::perceptron::{argmax, RowCache, WeightTable};
use std::cell::RefCell;
use crate::state::{State, ACTIONS, NONE};

/// What the parser knows about a word: its lowercase form and tag, hashed.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// Lowercase-form hash.
    pub w: u64,
    /// Tag value.
    pub t: u64,
    /// Suffix hash (3 characters).
    pub suf: u64,
    /// The tagger's ambiguity class of the word.
    pub amb: u64,
    /// Punctuation-tagged words up to and including this one.
    pub punct: u32,
}

/// Values for a missing position and for the root.
const ABSENT: Token = Token {
    w: 0x11,
    t: 0x12,
    suf: 0x13,
    amb: 0x14,
    punct: 0,
};
const ROOT: Token = Token {
    w: 0x21,
    t: 0x22,
    suf: 0x23,
    amb: 0x24,
    punct: 0,
};

/// The parser's tokens for a sentence: the root first, then the words.
pub fn tokens(infos: &[WordInfo], tags: &[usize]) -> Vec<Token> {
    let mut out = Vec::with_capacity(infos.len() + 1);
    out.push(ROOT);
    let punct = crate::upos::Upos::PUNCT.index();
    let mut seen = 0u32;
    for (i, info) in infos.iter().enumerate() {
        let tag = tags.get(i).copied().unwrap_or(0);
        seen += u32::from(tag == punct);
        out.push(Token {
            w: info.lower,
            t: TAG_BASE + tag as u64,
            suf: info.suf[2],
            amb: info.amb,
            punct: seen,
        });
    }
    out
}

#[inline]
fn tok(toks: &[Token], i: usize) -> Token {
    if i == NONE {
        ABSENT
    } else {
        toks[i]
    }
}

#[inline]
fn label_of(st: &State, i: usize) -> u64 {
    if i == NONE {
        0x31
    } else {
        0x400 + u64::from(st.labels[i])
    }
}

#[inline]
fn dist(a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return 0x51;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=7 => 5,
        _ => 6,
    }
}

fn next_of(st: &State, i: usize) -> usize {
    if i == NONE || i >= st.n {
        NONE
    } else {
        i + 1
    }
}

fn prev_of(i: usize) -> usize {
    if i == NONE || i <= 1 {
        NONE
    } else {
        i - 1
    }
}

/// How many punctuation-tagged words lie strictly between `a` and `b` (capped at 2).
fn between_punct(toks: &[Token], a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE || a + 1 >= b {
        return 0;
    }
    u64::from((toks[b - 1].punct - toks[a].punct).min(2))
}

/// Writes the transition feature keys of a state.
pub fn transition_features(st: &State, toks: &[Token], out: &mut Vec<u64>) {
    out.clear();
    let (s0i, s1i, s2i) = (st.s(0), st.s(1), st.s(2));
    let (b0i, b1i, b2i) = (st.buf(0), st.buf(1), st.buf(2));
    let (s0, s1, s2) = (tok(toks, s0i), tok(toks, s1i), tok(toks, s2i));
    let (b0, b1, b2) = (tok(toks, b0i), tok(toks, b1i), tok(toks, b2i));
    let child = |h: usize, left: bool, k: usize| -> usize {
        if h == NONE {
            NONE
        } else if left {
            st.lefts[h][k]
        } else {
            st.rights[h][k]
        }
    };
    let (s0l1, s0l2, s0r1, s0r2) = (
        child(s0i, true, 0),
        child(s0i, true, 1),
        child(s0i, false, 0),
        child(s0i, false, 1),
    );
    let (s1l1, s1r1, s1r2) = (
        child(s1i, true, 0),
        child(s1i, false, 0),
        child(s1i, false, 1),
    );
    let (b0l1, b0l2) = (child(b0i, true, 0), child(b0i, true, 1));
    let val = |i: usize, side: usize| -> u64 {
        if i == NONE {
            0x61
        } else {
            u64::from(st.valency[i][side])
        }
    };
    let lset = |i: usize, side: usize| -> u64 {
        if i == NONE {
            0x71
        } else {
            st.label_sets[i][side]
        }
    };
    let t = |i: usize| tok(toks, i).t;
    let w = |i: usize| tok(toks, i).w;
    let l = |i: usize| label_of(st, i);
    let f = [
        // single words
        key2(1, s0.w, s0.t),
        key2(2, s0.w, 0),
        key2(3, s0.t, 0),
        key2(4, s1.w, s1.t),
        key2(5, s1.w, 0),
        key2(6, s1.t, 0),
        key2(7, b0.w, b0.t),
        key2(8, b0.w, 0),
        key2(9, b0.t, 0),
        key2(10, b1.w, b1.t),
        key2(11, b1.w, 0),
        key2(12, b1.t, 0),
        key2(13, b2.w, b2.t),
        key2(14, s2.t, s2.w),
        key2(15, b0.suf, s0.t),
        key3(16, s0.suf, s0.t, b0.t),
        key3(17, b0.suf, b0.t, s0.t),
        key3(18, b1.t, b2.t, t(st.buf(3))),
        key3(19, s0.w, s1.t, b0.t),
        key3(35, s0.amb, b0.t, 0),
        key3(36, s0.t, b0.amb, 0),
        key3(37, s1.amb, s0.t, 0),
        key3(38, b0.amb, b1.t, 0),
        key2(39, b0.w, b1.w),
        key3(110, w(s0r1), s0.t, b0.t),
        key3(111, w(b0l1), b0.t, s0.t),
        key3(112, s0.w, b0.w, b1.t),
        key3(113, w(s1r1), s1.t, s0.t),
        key3(114, w(s0l1), s0.t, b0.t),
        key3(115, b0.w, b1.w, b2.t),
        key3(116, s1.w, s0.w, b0.t),
        key3(117, s0.t, b0.t, b1.w),
        key3(118, b0.w, t(b0l1), s0.t),
        key3(119, s1.w, s1.t, b0.w),
        key3(120, s0.w, s0.t, b1.w),
        key3(121, s2.w, s1.t, s0.t),
        // pairs
        key3(20, s0.w, s0.t, key2(0, b0.w, b0.t)),
        key3(21, s0.w, s0.t, b0.w),
        key3(22, s0.w, b0.w, b0.t),
        key3(23, s0.w, s0.t, b0.t),
        key3(24, s0.t, b0.w, b0.t),
        key2(25, s0.w, b0.w),
        key2(26, s0.t, b0.t),
        key2(27, b0.t, b1.t),
        key3(28, s1.w, s1.t, key2(0, s0.w, s0.t)),
        key3(29, s1.w, s1.t, s0.t),
        key3(30, s1.t, s0.w, s0.t),
        key2(31, s1.w, s0.w),
        key2(32, s1.t, s0.t),
        key2(33, s1.t, b0.t),
        key3(34, s1.w, s0.t, b0.t),
        // three tags
        key3(40, b0.t, b1.t, b2.t),
        key3(41, s0.t, b0.t, b1.t),
        key3(42, s1.t, s0.t, b0.t),
        key3(43, s2.t, s1.t, s0.t),
        key3(44, s0.t, t(s0l1), b0.t),
        key3(45, s0.t, t(s0r1), b0.t),
        key3(46, s0.t, b0.t, t(b0l1)),
        key3(47, s0.t, t(s0l1), t(s0l2)),
        key3(48, s0.t, t(s0r1), t(s0r2)),
        key3(49, b0.t, t(b0l1), t(b0l2)),
        key3(50, s1.t, t(s1r1), s0.t),
        key3(51, s1.t, t(s1l1), s0.t),
        key3(52, s1.t, t(s1r1), t(s1r2)),
        key3(53, s0.t, s1.t, b1.t),
        key3(54, s1.t, s0.t, b0.w),
        key3(55, s0.t, t(next_of(st, s0i)), b0.t),
        key3(56, s0.t, t(prev_of(b0i)), b0.t),
        key3(57, s1.t, t(next_of(st, s1i)), s0.t),
        key3(58, s0.t, b0.t, between_punct(toks, s0i, b0i)),
        key3(59, s1.t, s0.t, between_punct(toks, s1i, s0i)),
        // distance
        key3(60, s0.w, dist(s0i, b0i), 0),
        key3(61, s0.t, dist(s0i, b0i), 0),
        key3(62, b0.w, dist(s0i, b0i), 0),
        key3(63, b0.t, dist(s0i, b0i), 0),
        key3(64, s0.t, b0.t, dist(s0i, b0i)),
        key3(65, s1.t, s0.t, dist(s1i, s0i)),
        key3(66, s1.w, s0.w, dist(s1i, s0i)),
        // valency
        key3(70, s0.w, val(s0i, 1), 0),
        key3(71, s0.t, val(s0i, 1), 0),
        key3(72, s0.w, val(s0i, 0), 0),
        key3(73, s0.t, val(s0i, 0), 0),
        key3(74, b0.w, val(b0i, 0), 0),
        key3(75, b0.t, val(b0i, 0), 0),
        key3(76, s1.t, val(s1i, 1), val(s1i, 0)),
        // children
        key2(80, w(s0l1), 0),
        key2(81, t(s0l1), l(s0l1)),
        key2(82, w(s0r1), 0),
        key2(83, t(s0r1), l(s0r1)),
        key2(84, w(b0l1), 0),
        key2(85, t(b0l1), l(b0l1)),
        key2(86, t(s0l2), l(s0l2)),
        key2(87, t(s0r2), l(s0r2)),
        key2(88, t(b0l2), l(b0l2)),
        key2(89, t(s1r1), l(s1r1)),
        key3(90, s0.t, l(s0l1), l(s0l2)),
        key3(91, s0.t, l(s0r1), l(s0r2)),
        key3(92, b0.t, l(b0l1), l(b0l2)),
        key3(93, s1.t, l(s1r1), l(s1l1)),
        // label sets
        key3(100, s0.w, lset(s0i, 1), 0),
        key3(101, s0.t, lset(s0i, 1), 0),
        key3(102, s0.w, lset(s0i, 0), 0),
        key3(103, s0.t, lset(s0i, 0), 0),
        key3(104, b0.w, lset(b0i, 0), 0),
        key3(105, b0.t, lset(b0i, 0), 0),
        key3(106, s1.t, lset(s1i, 1), s0.t),
    ];
    out.extend_from_slice(&f);
}

/// Writes the label feature keys for an arc `h → d`.
pub fn label_features(st: &State, toks: &[Token], h: usize, d: usize, out: &mut Vec<u64>) {
    out.clear();
    let hd = tok(toks, h);
    let dd = tok(toks, d);
    let dir = u64::from(d > h);
    let dl = dist(h, d) + dir * 16;
    let t = |i: usize| tok(toks, i).t;
    let l = |i: usize| label_of(st, i);
    let (dl1, dr1) = (st.lefts[d][0], st.rights[d][0]);
    let (hl1, hr1) = (st.lefts[h][0], st.rights[h][0]);
    let prev = if d >= 2 { d - 1 } else { NONE };
    let next = if d < st.n { d + 1 } else { NONE };
    let f = [
        key2(1, dir, 0),
        key2(2, dd.w, dir),
        key2(3, dd.t, dir),
        key3(4, dd.w, dd.t, dir),
        key2(5, hd.w, dir),
        key2(6, hd.t, dir),
        key3(7, hd.t, dd.t, dl),
        key3(8, hd.w, dd.t, dir),
        key3(9, hd.t, dd.w, dir),
        key3(10, hd.w, dd.w, dir),
        key3(11, dd.t, l(dl1), l(dr1)),
        key3(12, dd.t, st.label_sets[d][0], st.label_sets[d][1]),
        key3(13, dd.t, hd.t, l(hl1)),
        key3(14, dd.t, hd.t, l(hr1)),
        key3(15, hd.suf, dd.t, dir),
        key3(16, dd.suf, hd.t, dir),
        key3(17, dd.t, t(prev), t(next)),
        key3(
            18,
            dd.t,
            hd.t,
            key2(0, st.label_sets[h][0], st.label_sets[h][1]),
        ),
        key3(
            19,
            dd.t,
            u64::from(st.valency[d][0]),
            u64::from(st.valency[d][1]),
        ),
        key3(20, hd.t, dd.t, key2(0, t(dl1), t(dr1))),
        key3(21, dd.w, l(dl1), dir),
        key3(
            22,
            hd.t,
            t(if h >= 1 && h < st.n { h + 1 } else { NONE }),
            dir,
        ),
        key3(23, hd.w, l(hl1), dd.t),
        key3(24, dd.t, dir, st.label_sets[h][0]),
        key3(25, dd.suf, dd.t, dir),
        key3(26, tok(toks, dl1).w, dd.t, hd.t),
        key3(27, tok(toks, dr1).w, dd.t, hd.t),
        key3(28, hd.w, dd.t, key2(0, dir, l(hr1))),
        key3(
            29,
            dd.t,
            hd.t,
            between_punct(toks, h.min(d), h.max(d)) + 4 * dir,
        ),
        key3(30, dd.t, tok(toks, prev).w, dir),
    ];
    out.extend_from_slice(&f);
}

/// A trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    /// Transition weights (3 classes).
    pub transitions: WeightTable,
    /// Label weights (one class per label).
    pub labels: WeightTable,
    /// Label names; their index is the label id.
    pub label_names: Vec<String>,
    /// The id of `root`.
    pub root_label: u16,
    /// The id of `punct` (what every word tagged PUNCT is labelled), if known.
    pub punct_label: Option<u16>,
}

thread_local! {
    /// Each thread's cache of transition rows (2^16 entries, 768 KB).
    static TRANSITION_ROWS: RefCell<RowCache<ACTIONS>> = const { RefCell::new(RowCache::new(16)) };
}

/// The tag value of PUNCT in parser tokens.
const PUNCT_TAG: u64 = TAG_BASE + crate::upos::Upos::PUNCT as u64;
/// Tag values are this plus the UPOS index.
const TAG_BASE: u64 = 0x9100;

/// The one allowed transition, when only one is.
pub fn forced(valid: &[bool; ACTIONS]) -> Option<usize> {
    let mut it = (0..ACTIONS).filter(|&a| valid[a]);
    match (it.next(), it.next()) {
        (Some(a), None) => Some(a),
        _ => None,
    }
}

/// The id of `punct` among sorted label names.
pub fn punct_label(names: &[String]) -> Option<u16> {
    names.iter().position(|n| n == "punct").map(|i| i as u16)
}

impl Parser {
    /// Picks the label for an arc.
    pub fn label(
        &self,
        st: &State,
        toks: &[Token],
        h: usize,
        d: usize,
        feats: &mut Vec<u64>,
        scores: &mut Vec<i32>,
    ) -> u16 {
        if h == 0 {
            return self.root_label;
        }
        if toks[d].t == PUNCT_TAG {
            if let Some(p) = self.punct_label {
                return p;
            }
        }
        label_features(st, toks, h, d, feats);
        scores.resize(self.labels.classes(), 0);
        self.labels.score(feats, scores);
        if let Some(s) = scores.get_mut(usize::from(self.root_label)) {
            *s = i32::MIN;
        }
        argmax(scores, None) as u16
    }

    /// Parses a sentence: returns heads (0 = root) and label ids, index 0 unused.
    pub fn parse(&self, toks: &[Token]) -> (Vec<usize>, Vec<u16>) {
        let n = toks.len().saturating_sub(1);
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(96);
        let mut scores = [0i32; ACTIONS];
        let mut lscores = Vec::new();
        TRANSITION_ROWS.with_borrow_mut(|cache| {
            while !st.terminal() {
                let valid = st.valid();
                let a = match forced(&valid) {
                    Some(a) => a,
                    None => {
                        transition_features(&st, toks, &mut feats);
                        self.transitions.score_cached(&feats, &mut scores, cache);
                        argmax(&scores, Some(&valid))
                    }
                };
                let label = match st.arc(a) {
                    Some((h, d)) => self.label(&st, toks, h, d, &mut feats, &mut lscores),
                    None => 0,
                };
                st.apply(a, label);
            }
        });
        (st.heads, st.labels)
    }
}
