//! Deterministic STIX identifiers and timestamps: name-based ids from content keys, so
//! that exporting the same content twice gives the same objects, and STIX's millisecond
//! timestamp format.
//!
//! The ids are computed like UUIDv5 (a hash of a fixed namespace and a name) but laid out
//! as version-4 UUIDs: STIX 2.1 says SDO and SRO ids SHOULD be UUIDv4, and strict
//! validators (stix2-validator `--strict`, warning 103) reject any other version. The
//! 122 free bits come from BLAKE3, so the ids stay deterministic and collision-free in
//! practice.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Ladder's UUIDv5 namespace for STIX ids (a fixed random UUID; never change it, or
/// every exported object gets a new id).
const NAMESPACE: Uuid = Uuid::from_u128(0x6c2f_4a1e_93b7_4d0a_8e55_1f3c_7a9d_2b64);

/// The STIX id of an object of `kind` identified by `key` (`identity--<uuid5>`).
pub fn stix_id(kind: &str, key: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(NAMESPACE.as_bytes());
    hasher.update(format!("{kind}|{key}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    let uuid = uuid::Builder::from_random_bytes(bytes).into_uuid();
    format!("{kind}--{uuid}")
}

/// A STIX timestamp with millisecond precision (`2024-10-21T00:00:00.000Z`).
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Midnight UTC of a day as a STIX timestamp.
pub fn day_timestamp(day: NaiveDate) -> String {
    timestamp(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

/// The end of a day (23:59:59.999) as a STIX timestamp.
pub fn day_end_timestamp(day: NaiveDate) -> String {
    timestamp(
        day.and_hms_milli_opt(23, 59, 59, 999)
            .unwrap_or_default()
            .and_utc(),
    )
}

/// Parse a STIX or RFC 3339 timestamp.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(stix_id("identity", "KOR"), stix_id("identity", "KOR"));
        assert_ne!(stix_id("identity", "KOR"), stix_id("identity", "PRK"));
        assert_ne!(stix_id("identity", "KOR"), stix_id("location", "KOR"));
        let id = stix_id("report", "x");
        assert!(id.starts_with("report--"));
        let uuid = Uuid::parse_str(id.trim_start_matches("report--")).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
    }

    #[test]
    fn timestamps_have_milliseconds() {
        let d = NaiveDate::from_ymd_opt(2024, 10, 21).unwrap();
        assert_eq!(day_timestamp(d), "2024-10-21T00:00:00.000Z");
        assert_eq!(day_end_timestamp(d), "2024-10-21T23:59:59.999Z");
        let t = parse_timestamp("2024-10-21T09:00:00+09:00").unwrap();
        assert_eq!(timestamp(t), "2024-10-21T00:00:00.000Z");
    }
}
