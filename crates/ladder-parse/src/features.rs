//! Per-word values shared by the tagger and the parser: hashes of the form, its lowercase,
//! affixes and shape, computed once per word.

use crate::hash::{hash_str, mix};

/// Hashed views of one word.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    /// The form as written.
    pub form: u64,
    /// The lowercase form (digits folded to `0`).
    pub lower: u64,
    /// Suffixes of 1..=4 characters of the lowercase form.
    pub suf: [u64; 4],
    /// Prefixes of 1..=3 characters of the lowercase form.
    pub pre: [u64; 3],
    /// The word shape (`Xx`, `d.d`, `x-x`...).
    pub shape: u64,
    /// The tagger's ambiguity class of the word (0 = unknown).
    pub amb: u64,
}

/// The lowercase form with every digit folded to `0`.
pub fn normalise(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// Computes the hashed views of a word (its ambiguity class is filled by the tagger).
pub fn word_info(word: &str) -> WordInfo {
    let lower = normalise(word);
    // Byte offsets where the last 1..=4 and first 1..=3 characters begin/end.
    let mut suf = [0u64; 4];
    let mut ends = lower.char_indices().rev().map(|(i, _)| i);
    let mut at = lower.len();
    for (k, s) in suf.iter_mut().enumerate() {
        if let Some(i) = ends.next() {
            at = i;
        }
        *s = mix(hash_str(&lower[at..]), 0x51 + k as u64) | 1;
    }
    let mut pre = [0u64; 3];
    let mut starts = lower.char_indices().map(|(i, c)| i + c.len_utf8());
    let mut to = 0;
    for (k, p) in pre.iter_mut().enumerate() {
        if let Some(i) = starts.next() {
            to = i;
        }
        *p = mix(hash_str(&lower[..to]), 0x71 + k as u64) | 1;
    }
    WordInfo {
        form: hash_str(word),
        lower: hash_str(&lower),
        suf,
        pre,
        shape: shape_hash(word),
        amb: 0,
    }
}

/// The hash of the word shape (character classes with runs collapsed, e.g. `Xx`, `d.d`,
/// plus a length bucket), computed without building a string.
pub fn shape_hash(word: &str) -> u64 {
    let mut h: u64 = 0x5ba9;
    let mut last = '\0';
    let mut len = 0usize;
    let mut classes = 0usize;
    for c in word.chars() {
        len += 1;
        let k = shape_class(c);
        if k != last && classes <= 12 {
            h = mix(h, u64::from(k));
            last = k;
            classes += 1;
        }
    }
    mix(h, u64::from(length_bucket(len))) | 1
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else {
        c
    }
}

fn length_bucket(len: usize) -> char {
    match len {
        0..=1 => '1',
        2..=3 => '3',
        4..=6 => '6',
        _ => 'L',
    }
}
