//! Independence: which items of evidence share an origin and so count once.
//!
//! An item's *source of the claim* is who says it: the agency it is attributed to
//! (`attributed_to` + `attributed_detail`: distinct outlets citing the same spy agency are
//! one source), else the report's origin (its wire service, else its outlet). On top of
//! that, an item whose sentence is a near copy of an earlier item's (Jaccard similarity
//! of word 3-shingles ≥ [`NEAR_DUPLICATE_JACCARD`], found with MinHash banding) joins that
//! earlier item's origin. Items are grouped in publication order, so a later report never
//! changes how earlier ones were grouped (replays see no future).

use crate::input::InputEvent;
use std::collections::{BTreeMap, HashMap};

/// Jaccard similarity above which two evidence sentences are one text.
pub const NEAR_DUPLICATE_JACCARD: f64 = 0.8;

const MINHASH_SEEDS: [u64; 16] = [
    0x9E37_79B9_7F4A_7C15,
    0xC2B2_AE3D_27D4_EB4F,
    0x1656_67B1_9E37_79F9,
    0x85EB_CA77_C2B2_AE63,
    0x27D4_EB2F_1656_67C5,
    0x94D0_49BB_1331_11EB,
    0xBF58_476D_1CE4_E5B9,
    0xFF51_AFD7_ED55_8CCD,
    0xC4CE_B9FE_1A85_EC53,
    0x2545_F491_4F6C_DD1D,
    0x5851_F42D_4C95_7F2D,
    0x1405_7B7E_F767_814F,
    0x6C07_8965_8A5E_0E9D,
    0xD6E8_FEB8_6659_FD93,
    0xA076_1D64_78BD_642F,
    0xE703_7ED1_A0B4_28DB,
];
const BANDS: usize = 4;
const ROWS: usize = MINHASH_SEEDS.len() / BANDS;
/// At most this many earlier items per band bucket are compared (bounds the work on
/// template-like text).
const BUCKET_LIMIT: usize = 8;

/// Who an item's claim comes from, before near-copy merging.
pub fn claim_source(item: &InputEvent) -> String {
    let event = &item.event;
    if event.attributed_to.is_empty() {
        return item.origin.clone();
    }
    let mut codes = event.attributed_to.clone();
    codes.sort();
    codes.dedup();
    match &event.attributed_detail {
        Some(detail) => format!(
            "claim:{}:{}",
            codes.join("+"),
            normalise_words(detail).join(" ")
        ),
        None => format!("claim:{}", codes.join("+")),
    }
}

/// Lowercase alphanumeric words.
fn normalise_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// FNV-1a, 64 bit: a fixed hash so that grouping is the same on every machine and run.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The sorted, deduplicated hashes of a text's word 3-shingles (the whole text as one
/// shingle when it has fewer than three words).
pub fn shingles(text: &str) -> Vec<u64> {
    let words = normalise_words(text);
    let mut out: Vec<u64> = if words.len() < 3 {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![fnv1a(words.join(" ").as_bytes())]
        }
    } else {
        words
            .windows(3)
            .map(|w| fnv1a(format!("{} {} {}", w[0], w[1], w[2]).as_bytes()))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

fn band_keys(set: &[u64]) -> [u64; BANDS] {
    let mut signature = [u64::MAX; 16];
    for &h in set {
        for (slot, seed) in signature.iter_mut().zip(MINHASH_SEEDS) {
            let v = mix(h ^ seed);
            if v < *slot {
                *slot = v;
            }
        }
    }
    let mut keys = [0u64; BANDS];
    for (band, key) in keys.iter_mut().enumerate() {
        let mut h = band as u64;
        for v in &signature[band * ROWS..(band + 1) * ROWS] {
            h = mix(h ^ v);
        }
        *key = h;
    }
    keys
}

/// Assigns each item, in publication order, the origin group it counts under.
#[derive(Debug, Default)]
pub struct OriginGrouper {
    /// Source-of-claim label → group id.
    labels: BTreeMap<String, usize>,
    /// Group id → its label.
    names: Vec<String>,
    /// Per band key: earlier items (their shingles and group).
    buckets: HashMap<u64, Vec<(usize, usize)>>,
    texts: Vec<Vec<u64>>,
}

/// The group an item counts under, and whether its text copies an earlier item's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    pub group: usize,
    pub near_copy: bool,
}

impl OriginGrouper {
    pub fn new() -> Self {
        OriginGrouper::default()
    }

    fn label_group(&mut self, label: &str) -> usize {
        if let Some(&g) = self.labels.get(label) {
            return g;
        }
        let g = self.names.len();
        self.names.push(label.to_string());
        self.labels.insert(label.to_string(), g);
        g
    }

    /// Assign the next item (call in publication order).
    pub fn assign(&mut self, label: &str, sentence: &str) -> Assignment {
        let set = shingles(sentence);
        let keys = band_keys(&set);
        let mut earlier: Option<usize> = None;
        'search: for key in keys {
            if let Some(bucket) = self.buckets.get(&key) {
                for &(text_index, group) in bucket.iter().take(BUCKET_LIMIT) {
                    if !set.is_empty()
                        && jaccard(&set, &self.texts[text_index]) >= NEAR_DUPLICATE_JACCARD
                    {
                        earlier = Some(group);
                        break 'search;
                    }
                }
            }
        }
        let own = self.label_group(label);
        let group = earlier.unwrap_or(own);
        let text_index = self.texts.len();
        self.texts.push(set);
        for key in keys {
            let bucket = self.buckets.entry(key).or_default();
            if bucket.len() < BUCKET_LIMIT {
                bucket.push((text_index, group));
            }
        }
        Assignment {
            group,
            near_copy: earlier.is_some_and(|g| g != own),
        }
    }

    /// The label of a group ("wire:reuters", "claim:KOR:national intelligence service").
    pub fn name(&self, group: usize) -> &str {
        self.names.get(group).map(String::as_str).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{event, input_event};
    use ladder_core::{EventType, Modality};

    #[test]
    fn near_identical_sentences_are_one_text() {
        let a = shingles("North Korea has sent 1,500 special forces troops to Russia's Far East, the spy agency said.");
        let b = shingles("North Korea has sent 1,500 special forces troops to Russia's Far East, the spy agency said on Friday.");
        let c = shingles("Ukraine's army said it fought North Korean units near Kursk.");
        assert!(
            jaccard(&a, &b) >= NEAR_DUPLICATE_JACCARD,
            "{}",
            jaccard(&a, &b)
        );
        assert!(jaccard(&a, &c) < 0.2);
    }

    #[test]
    fn outlets_citing_one_agency_are_one_source() {
        let mut e = event("e1", "PRK", EventType::Aid, "RUS", Modality::Reported);
        e.attributed_to = vec!["KOR".into()];
        e.attributed_detail = Some("National Intelligence Service".into());
        let a = input_event(e.clone(), "2024-10-18", "Outlet One", None);
        let b = input_event(e.clone(), "2024-10-18", "Outlet Two", None);
        assert_eq!(claim_source(&a), claim_source(&b));
        e.attributed_to = vec![];
        let c = input_event(e.clone(), "2024-10-18", "Outlet One", None);
        let d = input_event(e, "2024-10-18", "Outlet Two", None);
        assert_ne!(claim_source(&c), claim_source(&d));
    }

    #[test]
    fn grouper_collapses_wire_copies_and_near_copies_in_order() {
        let mut g = OriginGrouper::new();
        let cases = [
            (
                "wire:reuters",
                "Russia received shells from North Korea last month officials said",
                0,
                false,
            ),
            (
                "source:daily",
                "An entirely different sentence about troops at the border today",
                1,
                false,
            ),
            (
                "wire:reuters",
                "Something else reported by the same wire service this morning",
                0,
                false,
            ),
            (
                "source:other",
                "Russia received shells from North Korea last month officials said",
                0,
                true,
            ),
            (
                "source:third",
                "Yet another independent sentence on a summit in Pyongyang city",
                3,
                false,
            ),
        ];
        for (i, (label, text, group, near)) in cases.into_iter().enumerate() {
            let a = g.assign(label, text);
            assert_eq!((a.group, a.near_copy), (group, near), "item {i}");
        }
        assert_eq!(g.name(0), "wire:reuters");
    }
}
