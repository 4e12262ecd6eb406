//! Little-endian binary writing and bounds-checked reading for the model file payload.

use crate::perceptron::{KeyMap, WeightTable};

/// Tables with more classes than this are written sparsely.
const SPARSE_ABOVE: usize = 17;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    /// The bytes written so far.
    pub bytes: Vec<u8>,
}

impl Writer {
    /// Writes a byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    /// Writes a u16.
    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes a u32.
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes a u64.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes a length-prefixed string.
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
    }
    /// Writes a weight table: classes, count, keys, then rows (dense for few classes,
    /// else as (class, value) pairs of the non-zero weights).
    pub fn table(&mut self, t: &WeightTable) {
        let (keys, rows) = t.parts();
        let c = t.classes();
        self.u32(c as u32);
        self.u64(keys.len() as u64);
        for &k in keys {
            self.u32(k);
        }
        if c <= SPARSE_ABOVE {
            for &r in rows {
                self.bytes.extend_from_slice(&r.to_le_bytes());
            }
        } else {
            for row in rows.chunks_exact(c) {
                self.u8(row.iter().filter(|&&v| v != 0).count() as u8);
                for (j, &v) in row.iter().enumerate().filter(|(_, &v)| v != 0) {
                    self.u8(j as u8);
                    self.bytes.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
    }
    /// Writes a key map of u32 values, sorted by key.
    pub fn map_u32(&mut self, m: &KeyMap<u32>) {
        let mut e: Vec<(u64, u32)> = m.iter().map(|(&k, &v)| (k, v)).collect();
        e.sort_unstable();
        self.u64(e.len() as u64);
        for (k, v) in e {
            self.u64(k);
            self.u32(v);
        }
    }
    /// Writes a key map of u8 values, sorted by key.
    pub fn map_u8(&mut self, m: &KeyMap<u8>) {
        let mut e: Vec<(u64, u8)> = m.iter().map(|(&k, &v)| (k, v)).collect();
        e.sort_unstable();
        self.u64(e.len() as u64);
        for (k, v) in e {
            self.u64(k);
            self.u8(v);
        }
    }
}

/// Reads values from a byte slice; every read is bounds-checked.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// A payload that ended early or held an impossible value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

type R<T> = Result<T, Malformed>;

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// Whether every byte was read.
    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| Malformed(format!("payload ends early at byte {}", self.pos)))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> R<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    /// Reads a byte.
    pub fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    /// Reads a u16.
    pub fn u16(&mut self) -> R<u16> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    /// Reads a u32.
    pub fn u32(&mut self) -> R<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    /// Reads a u64.
    pub fn u64(&mut self) -> R<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    /// Reads a count of items of at least `item_bytes` each, checked against what is left.
    pub fn count(&mut self, item_bytes: usize) -> R<usize> {
        let n = self.u64()?;
        let left = (self.bytes.len() - self.pos) as u64;
        if n.saturating_mul(item_bytes.max(1) as u64) > left {
            return Err(Malformed(format!(
                "count {n} at byte {} exceeds the payload",
                self.pos
            )));
        }
        Ok(n as usize)
    }
    /// Reads a length-prefixed string.
    pub fn str(&mut self) -> R<String> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec())
            .map_err(|_| Malformed(format!("invalid UTF-8 before byte {}", self.pos)))
    }
    /// Reads a weight table.
    pub fn table(&mut self) -> R<WeightTable> {
        let classes = self.u32()? as usize;
        if classes == 0 || classes > 255 {
            return Err(Malformed(format!("weight table with {classes} classes")));
        }
        let n = self.count(5)?;
        let mut keys = Vec::with_capacity(n);
        for _ in 0..n {
            let k = self.u32()?;
            if k == 0 || keys.last().is_some_and(|&p| p >= k) {
                return Err(Malformed("weight keys not sorted and non-zero".into()));
            }
            keys.push(k);
        }
        let rows = if classes <= SPARSE_ABOVE {
            let raw = self.take(n * classes * 2)?;
            raw.chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]))
                .collect()
        } else {
            let mut rows = vec![0i16; n * classes];
            for row in rows.chunks_exact_mut(classes) {
                for _ in 0..self.u8()? {
                    let j = usize::from(self.u8()?);
                    let v = self.u16()? as i16;
                    *row.get_mut(j)
                        .ok_or_else(|| Malformed(format!("class {j} out of range")))? = v;
                }
            }
            rows
        };
        Ok(WeightTable::from_sorted(classes, keys, rows))
    }
    /// Reads a key map of u32 values.
    pub fn map_u32(&mut self) -> R<KeyMap<u32>> {
        let n = self.count(12)?;
        let mut m = KeyMap::default();
        m.reserve(n);
        for _ in 0..n {
            let k = self.u64()?;
            m.insert(k, self.u32()?);
        }
        Ok(m)
    }
    /// Reads a key map of u8 values.
    pub fn map_u8(&mut self) -> R<KeyMap<u8>> {
        let n = self.count(9)?;
        let mut m = KeyMap::default();
        m.reserve(n);
        for _ in 0..n {
            let k = self.u64()?;
            m.insert(k, self.u8()?);
        }
        Ok(m)
    }
}
