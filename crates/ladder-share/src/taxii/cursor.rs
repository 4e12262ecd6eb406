//! Opaque paging cursors. A `next` token carries the position of the last object a page
//! showed, encrypted and authenticated with a key the server draws at start, and bound to
//! the collection and partner it was issued for: a client cannot read the position (the
//! gaps between two cursors would count objects it may not see), forge one, or replay one
//! in another collection or as another partner. Tokens live as long as the process.
//!
//! Layout (base64url, no padding): nonce (8 bytes) ‖ position XOR pad (8) ‖ tag (16),
//! where pad and tag are keyed BLAKE3 of the nonce and of everything before the tag.

use base64::Engine;

const NONCE: usize = 8;
const TAG: usize = 16;
const LEN: usize = NONCE + 8 + TAG;

/// Issues and reads cursors with one secret key.
pub struct CursorKey {
    key: [u8; 32],
    counter: std::sync::atomic::AtomicU64,
}

impl CursorKey {
    /// A key from 32 secret bytes.
    pub fn new(key: [u8; 32]) -> CursorKey {
        CursorKey {
            key,
            counter: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// A fresh random key (from the system's random source; the clock and process id
    /// hashed when that cannot be read).
    pub fn random() -> CursorKey {
        use std::io::Read;
        let mut key = [0u8; 32];
        let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut key));
        if read.is_err() {
            let seed = format!("{:?}|{}", std::time::SystemTime::now(), std::process::id());
            key = *blake3::hash(seed.as_bytes()).as_bytes();
        }
        CursorKey::new(key)
    }

    /// The token for a position in a collection, as seen by a partner.
    pub fn issue(&self, position: i64, collection: &str, partner: &str) -> String {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut nonce = [0u8; NONCE];
        nonce.copy_from_slice(&self.prf(b"nonce", &n.to_le_bytes())[..NONCE]);
        let pad = self.prf(b"pad", &nonce);
        let mut out = [0u8; LEN];
        out[..NONCE].copy_from_slice(&nonce);
        for (i, b) in position.to_le_bytes().iter().enumerate() {
            out[NONCE + i] = b ^ pad[i];
        }
        let tag = self.tag(&out[..NONCE + 8], collection, partner);
        out[NONCE + 8..].copy_from_slice(&tag);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
    }

    /// The position in a token this key issued for this collection and partner.
    pub fn read(&self, token: &str, collection: &str, partner: &str) -> Option<i64> {
        if token.len() > 64 {
            return None;
        }
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token)
            .ok()?;
        if raw.len() != LEN {
            return None;
        }
        let tag = self.tag(&raw[..NONCE + 8], collection, partner);
        if !constant_time_eq(&tag, &raw[NONCE + 8..]) {
            return None;
        }
        let pad = self.prf(b"pad", &raw[..NONCE]);
        let mut bytes = [0u8; 8];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = raw[NONCE + i] ^ pad[i];
        }
        Some(i64::from_le_bytes(bytes))
    }

    fn prf(&self, label: &[u8], input: &[u8]) -> [u8; 32] {
        let mut h = blake3::Hasher::new_keyed(&self.key);
        h.update(label);
        h.update(&[0]);
        h.update(input);
        *h.finalize().as_bytes()
    }

    fn tag(&self, body: &[u8], collection: &str, partner: &str) -> [u8; TAG] {
        let mut h = blake3::Hasher::new_keyed(&self.key);
        h.update(b"tag\0");
        h.update(&(collection.len() as u64).to_le_bytes());
        h.update(collection.as_bytes());
        h.update(&(partner.len() as u64).to_le_bytes());
        h.update(partner.as_bytes());
        h.update(body);
        let mut tag = [0u8; TAG];
        tag.copy_from_slice(&h.finalize().as_bytes()[..TAG]);
        tag
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_hide_the_position_and_bind_their_scope() {
        let key = CursorKey::new([7; 32]);
        let a = key.issue(41, "c1", "nato");
        let b = key.issue(42, "c1", "nato");
        assert_eq!(key.read(&a, "c1", "nato"), Some(41));
        assert_eq!(key.read(&b, "c1", "nato"), Some(42));
        assert!(!a.contains("41") && a != b);
        assert_ne!(key.issue(41, "c1", "nato"), a, "a fresh nonce each time");
        assert_eq!(key.read(&a, "c2", "nato"), None, "another collection");
        assert_eq!(key.read(&a, "c1", "jp"), None, "another partner");
        assert_eq!(CursorKey::new([8; 32]).read(&a, "c1", "nato"), None);
        for bad in ["", "41", "!!!!", &"A".repeat(43), &"A".repeat(500)] {
            assert_eq!(key.read(bad, "c1", "nato"), None, "{bad}");
        }
        let mut flipped = a.clone().into_bytes();
        flipped[12] = if flipped[12] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(key.read(&flipped, "c1", "nato"), None, "tampered");
    }
}
