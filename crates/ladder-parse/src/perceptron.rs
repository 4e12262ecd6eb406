//! Averaged multiclass perceptron: a trainer over hashed feature keys and the compact,
//! quantised weight table that a trained model scores with.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already well mixed 64-bit values.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A hash map keyed by pre-mixed 64-bit keys (iteration order is never relied on).
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Trains an averaged perceptron (Daumé's trick: averaged = w - u / c).
pub struct Trainer {
    classes: usize,
    index: KeyMap<u32>,
    w: Vec<f32>,
    u: Vec<f64>,
    seen: Vec<u32>,
    c: f64,
}

impl Trainer {
    /// A trainer for `classes` classes.
    pub fn new(classes: usize) -> Self {
        Trainer {
            classes,
            index: KeyMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            seen: Vec::new(),
            c: 1.0,
        }
    }

    /// Current (unaveraged) scores of every class.
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let base = row as usize * self.classes;
                for (o, w) in out.iter_mut().zip(&self.w[base..base + self.classes]) {
                    *o += *w;
                }
            }
        }
    }

    /// The best class among those `allowed` (all when `allowed` is `None`).
    pub fn predict(
        &self,
        feats: &[u64],
        scratch: &mut Vec<f32>,
        allowed: Option<&[bool]>,
    ) -> usize {
        scratch.resize(self.classes, 0.0);
        self.score(feats, scratch);
        argmax(scratch, allowed)
    }

    /// Moves weight from `guess` to `truth` for these features.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth != guess {
            for &f in feats {
                let row = self.row(f);
                let base = row * self.classes;
                self.w[base + truth] += 1.0;
                self.u[base + truth] += self.c;
                self.w[base + guess] -= 1.0;
                self.u[base + guess] -= self.c;
                self.seen[row] = self.seen[row].saturating_add(1);
            }
        }
    }

    /// Counts one training instance (for averaging).
    pub fn tick(&mut self) {
        self.c += 1.0;
    }

    fn row(&mut self, key: u64) -> usize {
        let next = self.seen.len() as u32;
        let row = *self.index.entry(key).or_insert(next) as usize;
        if row == self.seen.len() {
            self.w.extend(std::iter::repeat_n(0.0, self.classes));
            self.u.extend(std::iter::repeat_n(0.0, self.classes));
            self.seen.push(0);
        }
        row
    }

    /// Averages, prunes features updated fewer than `min_updates` times, folds keys to
    /// 32 bits (summing the rare colliding rows) and quantises to i16.
    pub fn finish(&self, min_updates: u32) -> WeightTable {
        let c = self.classes;
        let mut keys: Vec<(u32, u32)> = self
            .index
            .iter()
            .filter(|(_, &r)| self.seen[r as usize] >= min_updates)
            .map(|(&k, &r)| (fold_key(k), r))
            .collect();
        keys.sort_unstable();
        let avg = |r: usize, j: usize| -> f64 {
            let i = r * c + j;
            f64::from(self.w[i]) - self.u[i] / self.c
        };
        let mut merged: Vec<(u32, Vec<f64>)> = Vec::with_capacity(keys.len());
        for &(k, r) in &keys {
            let row: Vec<f64> = (0..c).map(|j| avg(r as usize, j)).collect();
            match merged.last_mut() {
                Some((pk, prow)) if *pk == k => {
                    prow.iter_mut().zip(&row).for_each(|(a, b)| *a += b)
                }
                _ => merged.push((k, row)),
            }
        }
        let max_abs = merged
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let scale = if max_abs > 0.0 {
            32000.0 / max_abs
        } else {
            1.0
        };
        let mut out_keys = Vec::with_capacity(merged.len());
        let mut rows = Vec::with_capacity(merged.len() * c);
        for (k, r) in merged {
            let q: Vec<i16> = r.iter().map(|v| (v * scale).round() as i16).collect();
            if q.iter().any(|&v| v != 0) {
                out_keys.push(k);
                rows.extend(q);
            }
        }
        WeightTable::from_sorted(c, out_keys, rows)
    }
}

/// The 32-bit table key of a 64-bit feature key (never 0).
#[inline]
pub fn fold_key(k: u64) -> u32 {
    ((k >> 32) as u32) | 1
}

/// The index of the best score among allowed classes (ties: the lowest index).
pub fn argmax<T: PartialOrd + Copy>(scores: &[T], allowed: Option<&[bool]>) -> usize {
    let mut best: Option<(usize, T)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed.is_some_and(|a| !a.get(i).copied().unwrap_or(false)) {
            continue;
        }
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map_or(0, |(i, _)| i)
}

/// Quantised weights in an open-addressing table keyed by 32-bit feature keys. Each slot
/// holds its key and its row side by side (one cache line fetch per lookup for small
/// class counts).
#[derive(Debug, Clone)]
pub struct WeightTable {
    classes: usize,
    /// Sorted keys with non-zero rows (the serialised form).
    sorted: Vec<u32>,
    /// Rows in the order of `sorted`.
    rows: Vec<i16>,
    /// Slots of `stride` u16s: key low, key high, then the row (key 0 = empty); for a
    /// sparse table the row is replaced by (offset | length << 24) into `pairs`.
    data: Vec<u16>,
    stride: usize,
    mask: usize,
    /// Non-zero weights of sparse rows: class << 16 | weight.
    pairs: Vec<u32>,
    sparse: bool,
}

/// Tables with more classes than this keep only their non-zero weights per row.
const SPARSE_ABOVE: usize = 24;

/// The most features scored at once with read-ahead; more are scored without it.
const READ_AHEAD: usize = 160;

impl WeightTable {
    /// Builds the table from sorted keys and their rows (`classes` values each).
    pub fn from_sorted(classes: usize, sorted: Vec<u32>, rows: Vec<i16>) -> Self {
        let cap = (sorted.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let nonzero = rows.iter().filter(|&&w| w != 0).count();
        let sparse = classes > SPARSE_ABOVE && classes <= 255 && nonzero < (1 << 24);
        let stride = if sparse { 4 } else { 2 + classes };
        let mut data = vec![0u16; cap * stride];
        let mut pairs = Vec::with_capacity(if sparse { nonzero } else { 0 });
        for (r, &k) in sorted.iter().enumerate() {
            let mut i = slot_of(k) & mask;
            while data[i * stride] != 0 || data[i * stride + 1] != 0 {
                i = (i + 1) & mask;
            }
            let base = i * stride;
            data[base] = k as u16;
            data[base + 1] = (k >> 16) as u16;
            let row = &rows[r * classes..r * classes + classes];
            if sparse {
                let start = pairs.len() as u32;
                pairs.extend(
                    row.iter()
                        .enumerate()
                        .filter(|(_, &w)| w != 0)
                        .map(|(j, &w)| (j as u32) << 16 | u32::from(w as u16)),
                );
                let packed = start | ((pairs.len() as u32 - start) << 24);
                data[base + 2] = packed as u16;
                data[base + 3] = (packed >> 16) as u16;
            } else {
                for (j, &w) in row.iter().enumerate() {
                    data[base + 2 + j] = w as u16;
                }
            }
        }
        WeightTable {
            classes,
            sorted,
            rows,
            data,
            stride,
            mask,
            pairs,
            sparse,
        }
    }

    /// The number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The number of features.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Whether the table has no features.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// Sorted keys and rows, for serialisation.
    pub fn parts(&self) -> (&[u32], &[i16]) {
        (&self.sorted, &self.rows)
    }

    #[inline]
    fn key_at(&self, slot: usize) -> u32 {
        let b = slot * self.stride;
        u32::from(self.data[b]) | u32::from(self.data[b + 1]) << 16
    }

    /// Finds the slot of `key` probing from `start`.
    #[inline]
    fn find(&self, start: usize, key: u32) -> Option<usize> {
        let mut i = start;
        loop {
            let k = self.key_at(i);
            if k == key {
                return Some(i * self.stride + 2);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    #[inline]
    fn accumulate<const N: usize>(&self, slots: &[usize], keys: &[u32], out: &mut [i32; N]) {
        for (&s, &k) in slots.iter().zip(keys) {
            if let Some(b) = self.find(s, k) {
                let row: &[u16; N] = self.data[b..b + N].try_into().expect("row of N weights");
                for j in 0..N {
                    out[j] += i32::from(row[j] as i16);
                }
            }
        }
    }

    fn accumulate_sparse(&self, slots: &[usize], keys: &[u32], out: &mut [i32]) {
        for (&s, &k) in slots.iter().zip(keys) {
            if let Some(b) = self.find(s, k) {
                let packed = u32::from(self.data[b]) | u32::from(self.data[b + 1]) << 16;
                let start = (packed & 0x00ff_ffff) as usize;
                let len = (packed >> 24) as usize;
                for &p in self.pairs.get(start..start + len).unwrap_or(&[]) {
                    if let Some(o) = out.get_mut((p >> 16) as usize) {
                        *o += i32::from(p as u16 as i16);
                    }
                }
            }
        }
    }

    fn accumulate_any(&self, slots: &[usize], keys: &[u32], out: &mut [i32]) {
        for (&s, &k) in slots.iter().zip(keys) {
            if let Some(b) = self.find(s, k) {
                for (o, &w) in out.iter_mut().zip(&self.data[b..b + self.classes]) {
                    *o += i32::from(w as i16);
                }
            }
        }
    }

    /// Sums the rows of the features into `out` (length = classes).
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [i32]) {
        out.iter_mut().for_each(|s| *s = 0);
        let mut slots = [0usize; READ_AHEAD];
        let mut keys = [0u32; READ_AHEAD];
        for chunk in feats.chunks(READ_AHEAD) {
            // First touch every slot (independent loads overlap), then probe.
            let mut touch = 0u16;
            for (j, &f) in chunk.iter().enumerate() {
                let k = fold_key(f);
                let s = slot_of(k) & self.mask;
                keys[j] = k;
                slots[j] = s;
                touch ^= self.data[s * self.stride];
            }
            std::hint::black_box(touch);
            let (slots, keys) = (&slots[..chunk.len()], &keys[..chunk.len()]);
            match out.len() {
                3 if self.classes == 3 => {
                    let o: &mut [i32; 3] = out.try_into().expect("3 classes");
                    self.accumulate(slots, keys, o);
                }
                17 if self.classes == 17 => {
                    let o: &mut [i32; 17] = out.try_into().expect("17 classes");
                    self.accumulate(slots, keys, o);
                }
                _ if self.sparse => self.accumulate_sparse(slots, keys, out),
                _ => self.accumulate_any(slots, keys, out),
            }
        }
    }

    /// A copy without the features whose largest weight is below `min_abs` in magnitude.
    pub fn pruned(&self, min_abs: i16) -> WeightTable {
        let c = self.classes;
        let mut keys = Vec::with_capacity(self.sorted.len());
        let mut rows = Vec::with_capacity(self.rows.len());
        for (k, row) in self.sorted.iter().zip(self.rows.chunks_exact(c)) {
            if row
                .iter()
                .any(|w| w.unsigned_abs() >= min_abs.unsigned_abs())
            {
                keys.push(*k);
                rows.extend_from_slice(row);
            }
        }
        WeightTable::from_sorted(c, keys, rows)
    }

    /// Approximate heap bytes in use.
    pub fn heap_bytes(&self) -> usize {
        self.sorted.len() * 4 + self.rows.len() * 2 + self.data.len() * 2 + self.pairs.len() * 4
    }
}

#[inline]
fn slot_of(k: u32) -> usize {
    (k.wrapping_mul(0x9e37_79b1) >> 7) as usize
}
