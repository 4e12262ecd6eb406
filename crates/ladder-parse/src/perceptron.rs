//! Averaged multiclass perceptron: a trainer over hashed feature keys and the compact,
//! quantised weight table that a trained model scores with.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Quantised weights in an open-addressing table keyed by 32-bit feature keys. For few
/// classes each slot holds its key and its row side by side (one cache line fetch per
/// lookup); for many classes a slot holds its key and a row number, and the rows lie in
/// whole, aligned cache lines of their own.
#[derive(Debug, Clone)]
pub struct WeightTable {
    /// Which table this is, for [`RowCache`]s (a clone has the same weights, so the same id).
    id: u64,
    classes: usize,
    /// Sorted keys with non-zero rows (the serialised form).
    sorted: Vec<u32>,
    /// Rows in the order of `sorted`.
    rows: Vec<i16>,
    /// Slots of `stride` u16s: key low, key high, then the row (key 0 = empty); for a
    /// wide table the row is replaced by the row number in `lines`.
    data: Vec<u16>,
    stride: usize,
    mask: usize,
    /// Rows of a wide table, `per_row` cache lines each (zero-padded).
    lines: Vec<Line>,
    per_row: usize,
    wide: bool,
    /// A Bloom filter of the keys (three bits in one word per key): most absent features
    /// are turned away here, in a small array, without touching the large table.
    filter: Vec<u64>,
    filter_bits: u32,
}

/// One cache line of weights.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Line([i16; LINE]);

/// Weights per cache line.
const LINE: usize = 32;

/// Ids handed to tables as they are built (0 is no table).
static NEXT_TABLE_ID: AtomicU64 = AtomicU64::new(1);

/// Tables with more classes than this keep their rows apart from the slots.
const WIDE_ABOVE: usize = 24;

/// The most features scored at once with read-ahead; more are scored without it.
const READ_AHEAD: usize = 160;

impl WeightTable {
    /// Builds the table from sorted keys and their rows (`classes` values each).
    pub fn from_sorted(classes: usize, sorted: Vec<u32>, rows: Vec<i16>) -> Self {
        let cap = (sorted.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let wide = classes > WIDE_ABOVE;
        let stride = if wide { 4 } else { 2 + classes };
        let per_row = if wide { classes.div_ceil(LINE) } else { 0 };
        let mut data = vec![0u16; cap * stride];
        let mut lines = vec![Line([0; LINE]); per_row * sorted.len()];
        for (r, &k) in sorted.iter().enumerate() {
            let mut i = slot_of(k) & mask;
            while data[i * stride] != 0 || data[i * stride + 1] != 0 {
                i = (i + 1) & mask;
            }
            let base = i * stride;
            data[base] = k as u16;
            data[base + 1] = (k >> 16) as u16;
            let row = &rows[r * classes..r * classes + classes];
            if wide {
                data[base + 2] = r as u16;
                data[base + 3] = (r >> 16) as u16;
                let to = &mut lines[r * per_row..(r + 1) * per_row];
                for (line, part) in to.iter_mut().zip(row.chunks(LINE)) {
                    line.0[..part.len()].copy_from_slice(part);
                }
            } else {
                for (j, &w) in row.iter().enumerate() {
                    data[base + 2 + j] = w as u16;
                }
            }
        }
        let filter_bits = (sorted.len() * FILTER_BITS_PER_KEY / 64)
            .next_power_of_two()
            .max(2)
            .trailing_zeros();
        let mut filter = vec![0u64; 1 << filter_bits];
        for &k in &sorted {
            let (w, bits) = filter_of(k, filter_bits);
            filter[w] |= bits;
        }
        WeightTable {
            id: NEXT_TABLE_ID.fetch_add(1, Ordering::Relaxed),
            classes,
            sorted,
            rows,
            data,
            stride,
            mask,
            lines,
            per_row,
            wide,
            filter,
            filter_bits,
        }
    }

    /// False when the table surely lacks `key`.
    #[inline]
    fn may_hold(&self, key: u32) -> bool {
        let (w, bits) = filter_of(key, self.filter_bits);
        self.filter[w] & bits == bits
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

    /// Adds the rows of a wide table: finds each row number, touches the row's first
    /// line (the loads overlap), then adds the rows.
    fn accumulate_wide(&self, slots: &[usize], keys: &[u32], out: &mut [i32]) {
        let mut rows = [0usize; READ_AHEAD];
        let mut found = 0;
        let mut touch = 0i16;
        for (&s, &k) in slots.iter().zip(keys) {
            if let Some(b) = self.find(s, k) {
                let r = (usize::from(self.data[b]) | usize::from(self.data[b + 1]) << 16)
                    * self.per_row;
                touch ^= self.lines[r].0[0];
                rows[found] = r;
                found += 1;
            }
        }
        std::hint::black_box(touch);
        for &r in &rows[..found] {
            for (o, line) in out.chunks_mut(LINE).zip(&self.lines[r..r + self.per_row]) {
                for (o, &w) in o.iter_mut().zip(&line.0) {
                    *o += i32::from(w);
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
            // Keep the keys the filter lets through, touch their slots (independent loads
            // overlap), then probe.
            let mut n = 0;
            for &f in chunk {
                let k = fold_key(f);
                keys[n] = k;
                n += usize::from(self.may_hold(k));
            }
            let mut touch = 0u16;
            for (s, &k) in slots.iter_mut().zip(&keys[..n]) {
                *s = slot_of(k) & self.mask;
                touch ^= self.data[*s * self.stride];
            }
            std::hint::black_box(touch);
            let (slots, keys) = (&slots[..n], &keys[..n]);
            match out.len() {
                3 if self.classes == 3 => {
                    let o: &mut [i32; 3] = out.try_into().expect("3 classes");
                    self.accumulate(slots, keys, o);
                }
                17 if self.classes == 17 => {
                    let o: &mut [i32; 17] = out.try_into().expect("17 classes");
                    self.accumulate(slots, keys, o);
                }
                _ if self.wide => self.accumulate_wide(slots, keys, out),
                _ => self.accumulate_any(slots, keys, out),
            }
        }
    }

    /// Sums the rows of the features into `out`, like [`WeightTable::score`], reading rows
    /// through `cache` first: the result is the same, but features met recently (and those
    /// known to be absent) cost no probe of the large table. The table must be dense with
    /// `N` classes (else this falls back to [`WeightTable::score`]).
    #[inline]
    pub fn score_cached<const N: usize>(
        &self,
        feats: &[u64],
        out: &mut [i32; N],
        cache: &mut RowCache<N>,
    ) {
        if self.wide || self.classes != N {
            self.score(feats, out);
            return;
        }
        cache.bind(self.id);
        *out = [0; N];
        let mut slots = [0usize; READ_AHEAD];
        let mut keys = [0u32; READ_AHEAD];
        for chunk in feats.chunks(READ_AHEAD) {
            // Cached rows (and features the filter turns away) are added at once; the
            // others' slots are touched in a tight loop of their own, so that many of
            // these slow loads are in flight together, then probed.
            // (Branch-free: a cache miss adds a zero row and keeps the key.)
            let mut pending = 0;
            for &f in chunk {
                let k = fold_key(f);
                let (held, row) = cache.get(k);
                add_row(out, &row);
                keys[pending] = k;
                pending += usize::from(!held);
            }
            let mut maybe = [false; READ_AHEAD];
            for (m, &k) in maybe.iter_mut().zip(&keys[..pending]) {
                *m = self.may_hold(k);
            }
            let mut touch = 0u16;
            for ((s, &k), &m) in slots.iter_mut().zip(&keys[..pending]).zip(&maybe) {
                if m {
                    *s = slot_of(k) & self.mask;
                    touch ^= self.data[*s * self.stride];
                }
            }
            std::hint::black_box(touch);
            for ((&s, &k), &m) in slots.iter().zip(&keys[..pending]).zip(&maybe) {
                let row: [i16; N] = match m.then(|| self.find(s, k)).flatten() {
                    Some(b) => std::array::from_fn(|j| self.data[b + j] as i16),
                    None => [0; N],
                };
                add_row(out, &row);
                cache.put(k, row);
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
        self.sorted.len() * 4
            + self.rows.len() * 2
            + self.data.len() * 2
            + self.lines.len() * LINE * 2
            + self.filter.len() * 8
    }
}

/// Filter bits per key (about 1 % false positives).
const FILTER_BITS_PER_KEY: usize = 16;

/// The filter word of a key and its three bits there.
#[inline]
fn filter_of(k: u32, filter_bits: u32) -> (usize, u64) {
    let w = (k.wrapping_mul(0x2545_f491) >> (32 - filter_bits)) as usize;
    let h = (k ^ (k >> 16)).wrapping_mul(0x7feb_352d);
    let bits = 1u64 << (h & 63) | 1u64 << ((h >> 6) & 63) | 1u64 << ((h >> 12) & 63);
    (w, bits)
}

#[inline]
fn add_row<const N: usize>(out: &mut [i32; N], row: &[i16; N]) {
    for j in 0..N {
        out[j] += i32::from(row[j]);
    }
}

/// A direct-mapped cache of one dense table's rows by feature key (absent features are
/// cached as zero rows). Kept across sentences, it holds the frequent features' rows
/// packed together, so they stay in the processor's caches; it never changes a score.
#[derive(Debug, Clone)]
pub struct RowCache<const N: usize> {
    /// The id of the table whose rows these are (0: none yet).
    table: u64,
    /// Key (0 = empty) and row of each entry.
    entries: Vec<(u32, [i16; N])>,
    /// log2 of the number of entries.
    bits: u32,
}

impl<const N: usize> RowCache<N> {
    /// An empty cache of `2^bits` entries (allocated on first use).
    pub const fn new(bits: u32) -> Self {
        RowCache {
            table: 0,
            entries: Vec::new(),
            bits,
        }
    }

    /// Empties the cache unless it holds rows of table `id`.
    #[inline]
    fn bind(&mut self, id: u64) {
        if self.table != id || self.entries.is_empty() {
            self.table = id;
            self.entries.clear();
            self.entries.resize(1 << self.bits, (0, [0; N]));
        }
    }

    #[inline]
    fn index(&self, k: u32) -> usize {
        (k.wrapping_mul(0x85eb_ca6b) >> (32 - self.bits)) as usize
    }

    /// Whether the entry for `k` holds its row, and that row (zeros when it does not).
    #[inline]
    fn get(&self, k: u32) -> (bool, [i16; N]) {
        let (key, row) = &self.entries[self.index(k)];
        let held = *key == k;
        (held, row.map(|w| if held { w } else { 0 }))
    }

    #[inline]
    fn put(&mut self, k: u32, row: [i16; N]) {
        let i = self.index(k);
        self.entries[i] = (k, row);
    }
}

#[inline]
fn slot_of(k: u32) -> usize {
    (k.wrapping_mul(0x9e37_79b1) >> 7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::SplitMix64;

    /// A table of `n` random features with `classes` random rows, and its plain sums.
    fn random_table(classes: usize, n: usize, seed: u64) -> (WeightTable, Vec<u64>) {
        let mut rng = SplitMix64::new(seed);
        let mut full: Vec<u64> = (0..n).map(|_| rng.next_u64()).collect();
        full.sort_unstable_by_key(|&k| fold_key(k));
        full.dedup_by_key(|k| fold_key(*k));
        let keys: Vec<u32> = full.iter().map(|&k| fold_key(k)).collect();
        let rows: Vec<i16> = (0..keys.len() * classes)
            .map(|_| (rng.below(2001) as i16 - 1000) * i16::from(rng.below(3) == 0))
            .collect();
        (WeightTable::from_sorted(classes, keys, rows), full)
    }

    /// The sum of rows by a linear search of the serialised form.
    fn reference(t: &WeightTable, feats: &[u64]) -> Vec<i32> {
        let (keys, rows) = t.parts();
        let c = t.classes();
        let mut out = vec![0i32; c];
        for &f in feats {
            if let Ok(r) = keys.binary_search(&fold_key(f)) {
                for (o, &w) in out.iter_mut().zip(&rows[r * c..r * c + c]) {
                    *o += i32::from(w);
                }
            }
        }
        out
    }

    /// Scoring through the filter, the buckets and the row cache gives the plain sums,
    /// for present and absent features, repeated ones and more than one read-ahead chunk.
    #[test]
    fn every_scoring_path_gives_the_plain_sums() {
        let mut rng = SplitMix64::new(7);
        let mut cache3 = RowCache::<3>::new(6);
        let mut cache17 = RowCache::<17>::new(6);
        for (classes, seed) in [(3, 1), (17, 2), (51, 3)] {
            let (table, present) = random_table(classes, 5000, seed);
            for round in 0..50 {
                let feats: Vec<u64> = (0..40 + round * 5)
                    .map(|_| {
                        if rng.below(2) == 0 {
                            present[rng.below(present.len())]
                        } else {
                            rng.next_u64()
                        }
                    })
                    .collect();
                let want = reference(&table, &feats);
                let mut got = vec![0i32; classes];
                table.score(&feats, &mut got);
                assert_eq!(got, want, "{classes} classes, plain");
                if classes == 3 {
                    let mut out = [0i32; 3];
                    table.score_cached(&feats, &mut out, &mut cache3);
                    assert_eq!(out.to_vec(), want, "3 classes, cached");
                }
                if classes == 17 {
                    let mut out = [0i32; 17];
                    table.score_cached(&feats, &mut out, &mut cache17);
                    assert_eq!(out.to_vec(), want, "17 classes, cached");
                }
            }
        }
    }

    /// A cache filled from one table gives nothing stale when used with another.
    #[test]
    fn a_cache_follows_its_table() {
        let (a, keys) = random_table(3, 100, 11);
        let b = WeightTable::from_sorted(3, Vec::new(), Vec::new());
        let mut cache = RowCache::<3>::new(8);
        let mut out = [0i32; 3];
        a.score_cached(&keys, &mut out, &mut cache);
        assert_eq!(out.to_vec(), reference(&a, &keys));
        b.score_cached(&keys, &mut out, &mut cache);
        assert_eq!(out, [0; 3]);
    }
}
