//! The arc-hybrid transition system: the parser state, its three transitions, which are
//! allowed, and their costs against a gold tree (the dynamic oracle of Goldberg & Nivre).

/// Push the buffer front onto the stack.
pub const SHIFT: usize = 0;
/// Attach the stack top as a (left) dependent of the buffer front, pop it.
pub const LEFT: usize = 1;
/// Attach the stack top as a (right) dependent of the item below it, pop it.
pub const RIGHT: usize = 2;
/// The number of transitions.
pub const ACTIONS: usize = 3;

/// "No word" in child slots and heads.
pub const NONE: usize = usize::MAX;

/// A parser configuration over `n` words (index 0 is the root).
#[derive(Debug, Clone)]
pub struct State {
    /// Words in the sentence, root excluded.
    pub n: usize,
    /// The stack (the root at the bottom).
    pub stack: Vec<usize>,
    /// The buffer front; the buffer is `b..=n`.
    pub b: usize,
    /// Head of each word (`NONE` until attached); index 0 unused.
    pub heads: Vec<usize>,
    /// Label id of each word.
    pub labels: Vec<u16>,
    /// The two leftmost dependents (leftmost first).
    pub lefts: Vec<[usize; 2]>,
    /// The two rightmost dependents (rightmost first).
    pub rights: Vec<[usize; 2]>,
    /// Left and right valency.
    pub valency: Vec<[u8; 2]>,
    /// Bit sets of the labels of the left and right dependents.
    pub label_sets: Vec<[u64; 2]>,
}

impl State {
    /// The initial configuration for `n` words.
    pub fn new(n: usize) -> State {
        let mut stack = Vec::with_capacity(n + 1);
        stack.push(0);
        State {
            n,
            stack,
            b: 1,
            heads: vec![NONE; n + 1],
            labels: vec![0; n + 1],
            lefts: vec![[NONE; 2]; n + 1],
            rights: vec![[NONE; 2]; n + 1],
            valency: vec![[0; 2]; n + 1],
            label_sets: vec![[0; 2]; n + 1],
        }
    }

    /// Whether parsing is over.
    pub fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() <= 1
    }

    /// The `k`-th item from the stack top, or `NONE`.
    #[inline]
    pub fn s(&self, k: usize) -> usize {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NONE
        }
    }

    /// The `k`-th buffer item, or `NONE`.
    #[inline]
    pub fn buf(&self, k: usize) -> usize {
        let i = self.b + k;
        if i <= self.n {
            i
        } else {
            NONE
        }
    }

    /// Which transitions are allowed. The root takes a dependent only at the very end, so
    /// every tree has exactly one root word.
    pub fn valid(&self) -> [bool; ACTIONS] {
        let buffer = self.b <= self.n;
        let depth = self.stack.len();
        [
            buffer,
            buffer && depth >= 2,
            depth >= 3 || (depth == 2 && !buffer),
        ]
    }

    /// The head and dependent an arc transition would create.
    pub fn arc(&self, action: usize) -> Option<(usize, usize)> {
        match action {
            LEFT => Some((self.b, self.s(0))),
            RIGHT => Some((self.s(1), self.s(0))),
            _ => None,
        }
    }

    /// Applies a transition (which must be valid), labelling an arc with `label`.
    pub fn apply(&mut self, action: usize, label: u16) {
        match action {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            _ => {
                if let Some((h, d)) = self.arc(action) {
                    self.stack.pop();
                    self.attach(h, d, label);
                }
            }
        }
    }

    fn attach(&mut self, h: usize, d: usize, label: u16) {
        self.heads[d] = h;
        self.labels[d] = label;
        let side = usize::from(d > h);
        let slots = if side == 0 {
            &mut self.lefts[h]
        } else {
            &mut self.rights[h]
        };
        slots[1] = slots[0];
        slots[0] = d;
        self.valency[h][side] = self.valency[h][side].saturating_add(1);
        self.label_sets[h][side] |= 1u64 << (label % 64);
    }

    /// The cost of each allowed transition against gold heads (`gold[d]`, 0 = root):
    /// how many gold arcs it makes unreachable. Disallowed transitions cost `u32::MAX`.
    pub fn costs(&self, gold: &[usize]) -> [u32; ACTIONS] {
        let valid = self.valid();
        let mut out = [u32::MAX; ACTIONS];
        let s0 = self.s(0);
        let s1 = self.s(1);
        let in_buffer = |k: usize| k != NONE && k >= self.b && k <= self.n;
        let deps_in_buffer =
            |h: usize| -> u32 { (self.b..=self.n).filter(|&k| gold[k] == h).count() as u32 };
        if valid[SHIFT] {
            let b0 = self.b;
            let mut c = 0;
            let top = self.stack.len() - 1;
            for (i, &k) in self.stack.iter().enumerate() {
                if i != top && gold[b0] == k {
                    c += 1;
                }
                if k != 0 && gold[k] == b0 {
                    c += 1;
                }
            }
            out[SHIFT] = c;
        }
        if valid[LEFT] {
            let g = gold[s0];
            let mut c = deps_in_buffer(s0);
            if g == s1 || (in_buffer(g) && g != self.b) {
                c += 1;
            }
            out[LEFT] = c;
        }
        if valid[RIGHT] {
            let g = gold[s0];
            let mut c = deps_in_buffer(s0);
            if in_buffer(g) {
                c += 1;
            }
            out[RIGHT] = c;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Following zero-cost transitions rebuilds a projective gold tree exactly.
    #[test]
    fn oracle_rebuilds_projective_tree() {
        // "She saw the ship in the port ." heads (1-based, 0 = root)
        let gold = [0, 2, 0, 4, 2, 7, 7, 2, 2];
        let mut st = State::new(8);
        while !st.terminal() {
            let c = st.costs(&gold);
            let a = (0..ACTIONS).find(|&a| c[a] == 0).expect("a zero-cost move");
            st.apply(a, 0);
        }
        assert_eq!(&st.heads[1..], &gold[1..]);
    }
}
