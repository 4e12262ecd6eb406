//! Deterministic hashing and a tiny seeded PRNG (no std hash ordering anywhere).

/// FNV-1a over bytes: the model file checksum and string hashing.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Hashes a string; never returns 0 (0 marks an empty slot).
pub fn hash_str(s: &str) -> u64 {
    fnv1a(s.as_bytes()) | 1
}

/// Mixes a value into a running feature key (a multiply-xorshift step).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    let x = (h ^ v.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 32)
}

/// A feature key from a template id and values; never 0.
#[inline]
pub fn key2(template: u64, a: u64, b: u64) -> u64 {
    mix(mix(template.wrapping_mul(0xff51_afd7_ed55_8ccd), a), b) | 1
}

/// A feature key from a template id and three values; never 0.
#[inline]
pub fn key3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(
        mix(mix(template.wrapping_mul(0xff51_afd7_ed55_8ccd), a), b),
        c,
    ) | 1
}

/// SplitMix64: a small, seeded, portable generator.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform float in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Shuffles a slice in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}
