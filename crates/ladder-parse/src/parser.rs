//! The dependency parser: Zhang & Nivre (2011)-style features over an arc-hybrid state,
//! an unlabelled transition classifier, and a label classifier scored once per arc.

use crate::features::WordInfo;
use crate::hash::{key2, key3};
use crate::perceptron::{argmax, RowCache, WeightTable};
use crate::state::{State, ACTIONS, NONE};
use std::cell::RefCell;

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

/// What the transition features read from a state: the stack and buffer items, their
/// tokens and their outer children.
struct Window<'a> {
    st: &'a State,
    toks: &'a [Token],
    s0i: usize,
    s1i: usize,
    b0i: usize,
    s0: Token,
    s1: Token,
    s2: Token,
    b0: Token,
    b1: Token,
    b2: Token,
    s0l1: usize,
    s0l2: usize,
    s0r1: usize,
    s0r2: usize,
    s1l1: usize,
    s1r1: usize,
    s1r2: usize,
    b0l1: usize,
    b0l2: usize,
}

impl<'a> Window<'a> {
    fn new(st: &'a State, toks: &'a [Token]) -> Self {
        let (s0i, s1i, s2i) = (st.s(0), st.s(1), st.s(2));
        let (b0i, b1i, b2i) = (st.buf(0), st.buf(1), st.buf(2));
        let child = |h: usize, left: bool, k: usize| -> usize {
            if h == NONE {
                NONE
            } else if left {
                st.lefts[h][k]
            } else {
                st.rights[h][k]
            }
        };
        Window {
            st,
            toks,
            s0i,
            s1i,
            b0i,
            s0: tok(toks, s0i),
            s1: tok(toks, s1i),
            s2: tok(toks, s2i),
            b0: tok(toks, b0i),
            b1: tok(toks, b1i),
            b2: tok(toks, b2i),
            s0l1: child(s0i, true, 0),
            s0l2: child(s0i, true, 1),
            s0r1: child(s0i, false, 0),
            s0r2: child(s0i, false, 1),
            s1l1: child(s1i, true, 0),
            s1r1: child(s1i, false, 0),
            s1r2: child(s1i, false, 1),
            b0l1: child(b0i, true, 0),
            b0l2: child(b0i, true, 1),
        }
    }

    /// The tag value of word `i` (or of the absent word).
    #[inline]
    fn t(&self, i: usize) -> u64 {
        tok(self.toks, i).t
    }

    /// The lowercase-form hash of word `i`.
    #[inline]
    fn w(&self, i: usize) -> u64 {
        tok(self.toks, i).w
    }

    /// The label value of word `i`.
    #[inline]
    fn l(&self, i: usize) -> u64 {
        label_of(self.st, i)
    }

    /// The valency of word `i` on one side.
    #[inline]
    fn val(&self, i: usize, side: usize) -> u64 {
        if i == NONE {
            0x61
        } else {
            u64::from(self.st.valency[i][side])
        }
    }

    /// The label set of word `i` on one side.
    #[inline]
    fn lset(&self, i: usize, side: usize) -> u64 {
        if i == NONE {
            0x71
        } else {
            self.st.label_sets[i][side]
        }
    }
}

/// Writes the transition feature keys of a state.
pub fn transition_features(st: &State, toks: &[Token], out: &mut Vec<u64>) {
    out.clear();
    let x = Window::new(st, toks);
    word_features(&x, out);
    pair_features(&x, out);
    structure_features(&x, out);
}

/// Single words, and words with the tags around them.
fn word_features(x: &Window, out: &mut Vec<u64>) {
    out.extend_from_slice(&[
        // single words
        key2(1, x.s0.w, x.s0.t),
        key2(2, x.s0.w, 0),
        key2(3, x.s0.t, 0),
        key2(4, x.s1.w, x.s1.t),
        key2(5, x.s1.w, 0),
        key2(6, x.s1.t, 0),
        key2(7, x.b0.w, x.b0.t),
        key2(8, x.b0.w, 0),
        key2(9, x.b0.t, 0),
        key2(10, x.b1.w, x.b1.t),
        key2(11, x.b1.w, 0),
        key2(12, x.b1.t, 0),
        key2(13, x.b2.w, x.b2.t),
        key2(14, x.s2.t, x.s2.w),
        key2(15, x.b0.suf, x.s0.t),
        key3(16, x.s0.suf, x.s0.t, x.b0.t),
        key3(17, x.b0.suf, x.b0.t, x.s0.t),
        key3(18, x.b1.t, x.b2.t, x.t(x.st.buf(3))),
        key3(19, x.s0.w, x.s1.t, x.b0.t),
        key3(35, x.s0.amb, x.b0.t, 0),
        key3(36, x.s0.t, x.b0.amb, 0),
        key3(37, x.s1.amb, x.s0.t, 0),
        key3(38, x.b0.amb, x.b1.t, 0),
        key2(39, x.b0.w, x.b1.w),
        key3(110, x.w(x.s0r1), x.s0.t, x.b0.t),
        key3(111, x.w(x.b0l1), x.b0.t, x.s0.t),
        key3(112, x.s0.w, x.b0.w, x.b1.t),
        key3(113, x.w(x.s1r1), x.s1.t, x.s0.t),
        key3(114, x.w(x.s0l1), x.s0.t, x.b0.t),
        key3(115, x.b0.w, x.b1.w, x.b2.t),
        key3(116, x.s1.w, x.s0.w, x.b0.t),
        key3(117, x.s0.t, x.b0.t, x.b1.w),
        key3(118, x.b0.w, x.t(x.b0l1), x.s0.t),
        key3(119, x.s1.w, x.s1.t, x.b0.w),
        key3(120, x.s0.w, x.s0.t, x.b1.w),
        key3(121, x.s2.w, x.s1.t, x.s0.t),
    ]);
}

/// Pairs of words and tags from the stack top and the buffer front; three tags.
fn pair_features(x: &Window, out: &mut Vec<u64>) {
    out.extend_from_slice(&[
        // pairs
        key3(20, x.s0.w, x.s0.t, key2(0, x.b0.w, x.b0.t)),
        key3(21, x.s0.w, x.s0.t, x.b0.w),
        key3(22, x.s0.w, x.b0.w, x.b0.t),
        key3(23, x.s0.w, x.s0.t, x.b0.t),
        key3(24, x.s0.t, x.b0.w, x.b0.t),
        key2(25, x.s0.w, x.b0.w),
        key2(26, x.s0.t, x.b0.t),
        key2(27, x.b0.t, x.b1.t),
        key3(28, x.s1.w, x.s1.t, key2(0, x.s0.w, x.s0.t)),
        key3(29, x.s1.w, x.s1.t, x.s0.t),
        key3(30, x.s1.t, x.s0.w, x.s0.t),
        key2(31, x.s1.w, x.s0.w),
        key2(32, x.s1.t, x.s0.t),
        key2(33, x.s1.t, x.b0.t),
        key3(34, x.s1.w, x.s0.t, x.b0.t),
        // three tags
        key3(40, x.b0.t, x.b1.t, x.b2.t),
        key3(41, x.s0.t, x.b0.t, x.b1.t),
        key3(42, x.s1.t, x.s0.t, x.b0.t),
        key3(43, x.s2.t, x.s1.t, x.s0.t),
        key3(44, x.s0.t, x.t(x.s0l1), x.b0.t),
        key3(45, x.s0.t, x.t(x.s0r1), x.b0.t),
        key3(46, x.s0.t, x.b0.t, x.t(x.b0l1)),
        key3(47, x.s0.t, x.t(x.s0l1), x.t(x.s0l2)),
        key3(48, x.s0.t, x.t(x.s0r1), x.t(x.s0r2)),
        key3(49, x.b0.t, x.t(x.b0l1), x.t(x.b0l2)),
        key3(50, x.s1.t, x.t(x.s1r1), x.s0.t),
        key3(51, x.s1.t, x.t(x.s1l1), x.s0.t),
        key3(52, x.s1.t, x.t(x.s1r1), x.t(x.s1r2)),
        key3(53, x.s0.t, x.s1.t, x.b1.t),
        key3(54, x.s1.t, x.s0.t, x.b0.w),
        key3(55, x.s0.t, x.t(next_of(x.st, x.s0i)), x.b0.t),
        key3(56, x.s0.t, x.t(prev_of(x.b0i)), x.b0.t),
        key3(57, x.s1.t, x.t(next_of(x.st, x.s1i)), x.s0.t),
        key3(58, x.s0.t, x.b0.t, between_punct(x.toks, x.s0i, x.b0i)),
        key3(59, x.s1.t, x.s0.t, between_punct(x.toks, x.s1i, x.s0i)),
    ]);
}

/// Distance, valency, children and their labels, and label sets.
fn structure_features(x: &Window, out: &mut Vec<u64>) {
    out.extend_from_slice(&[
        // distance
        key3(60, x.s0.w, dist(x.s0i, x.b0i), 0),
        key3(61, x.s0.t, dist(x.s0i, x.b0i), 0),
        key3(62, x.b0.w, dist(x.s0i, x.b0i), 0),
        key3(63, x.b0.t, dist(x.s0i, x.b0i), 0),
        key3(64, x.s0.t, x.b0.t, dist(x.s0i, x.b0i)),
        key3(65, x.s1.t, x.s0.t, dist(x.s1i, x.s0i)),
        key3(66, x.s1.w, x.s0.w, dist(x.s1i, x.s0i)),
        // valency
        key3(70, x.s0.w, x.val(x.s0i, 1), 0),
        key3(71, x.s0.t, x.val(x.s0i, 1), 0),
        key3(72, x.s0.w, x.val(x.s0i, 0), 0),
        key3(73, x.s0.t, x.val(x.s0i, 0), 0),
        key3(74, x.b0.w, x.val(x.b0i, 0), 0),
        key3(75, x.b0.t, x.val(x.b0i, 0), 0),
        key3(76, x.s1.t, x.val(x.s1i, 1), x.val(x.s1i, 0)),
        // children
        key2(80, x.w(x.s0l1), 0),
        key2(81, x.t(x.s0l1), x.l(x.s0l1)),
        key2(82, x.w(x.s0r1), 0),
        key2(83, x.t(x.s0r1), x.l(x.s0r1)),
        key2(84, x.w(x.b0l1), 0),
        key2(85, x.t(x.b0l1), x.l(x.b0l1)),
        key2(86, x.t(x.s0l2), x.l(x.s0l2)),
        key2(87, x.t(x.s0r2), x.l(x.s0r2)),
        key2(88, x.t(x.b0l2), x.l(x.b0l2)),
        key2(89, x.t(x.s1r1), x.l(x.s1r1)),
        key3(90, x.s0.t, x.l(x.s0l1), x.l(x.s0l2)),
        key3(91, x.s0.t, x.l(x.s0r1), x.l(x.s0r2)),
        key3(92, x.b0.t, x.l(x.b0l1), x.l(x.b0l2)),
        key3(93, x.s1.t, x.l(x.s1r1), x.l(x.s1l1)),
        // label sets
        key3(100, x.s0.w, x.lset(x.s0i, 1), 0),
        key3(101, x.s0.t, x.lset(x.s0i, 1), 0),
        key3(102, x.s0.w, x.lset(x.s0i, 0), 0),
        key3(103, x.s0.t, x.lset(x.s0i, 0), 0),
        key3(104, x.b0.w, x.lset(x.b0i, 0), 0),
        key3(105, x.b0.t, x.lset(x.b0i, 0), 0),
        key3(106, x.s1.t, x.lset(x.s1i, 1), x.s0.t),
    ]);
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
