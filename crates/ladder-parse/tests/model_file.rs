//! The model file: the embedded model loads, and damaged or foreign files give typed
//! errors that name the file, never a panic.

use ladder_parse::{Model, ModelError, FORMAT_VERSION};
use std::path::PathBuf;

fn bytes() -> Vec<u8> {
    Model::embedded()
        .expect("the embedded model loads")
        .to_bytes()
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("ladder-parse-test-{}-{name}", std::process::id()))
}

#[test]
fn embedded_model_loads_and_parses() {
    let m = Model::embedded().expect("embedded model");
    let p = m.parse(&["The", "troops", "crossed", "the", "border", "."]);
    assert_eq!(p.words.len(), 6);
    assert_eq!(p.words.iter().filter(|w| w.head == 0).count(), 1);
    assert_eq!(p.root(), Some(3));
    assert_eq!(p.words[1].deprel, "nsubj");
    assert_eq!(p.children(3).collect::<Vec<_>>(), vec![2, 5, 6]);
}

#[test]
fn save_and_load_round_trip() {
    let m = Model::embedded().expect("embedded model");
    let path = temp("roundtrip.ladderparse");
    m.save(&path).expect("save");
    let back = Model::load(&path).expect("load");
    std::fs::remove_file(&path).ok();
    let words = [
        "Officials",
        "said",
        "the",
        "talks",
        "would",
        "resume",
        "on",
        "Monday",
        ".",
    ];
    assert_eq!(m.parse(&words), back.parse(&words));
    assert_eq!(back.to_bytes(), m.to_bytes());
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let path = temp("does-not-exist.ladderparse");
    let e = Model::load(&path).unwrap_err();
    assert!(matches!(e, ModelError::Io { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("does-not-exist.ladderparse"), "{msg}");
    assert!(msg.contains("retrain"), "{msg}");
}

#[test]
fn truncated_file() {
    let b = bytes();
    for cut in [0usize, 5, 12, 27, 28, b.len() / 2, b.len() - 1] {
        let e = Model::from_bytes(&b[..cut], "cut.ladderparse").unwrap_err();
        assert!(
            matches!(
                e,
                ModelError::Truncated { .. } | ModelError::BadMagic { .. }
            ),
            "cut at {cut}: {e:?}"
        );
        assert!(e.to_string().contains("cut.ladderparse"));
    }
    assert!(matches!(
        Model::from_bytes(&b[..b.len() / 2], "x").unwrap_err(),
        ModelError::Truncated { .. }
    ));
}

#[test]
fn corrupted_payload_fails_the_checksum() {
    let mut b = bytes();
    let i = b.len() / 3;
    b[i] ^= 0x40;
    let e = Model::from_bytes(&b, "flipped.ladderparse").unwrap_err();
    assert!(matches!(e, ModelError::Checksum { .. }), "{e:?}");
    assert!(e.to_string().contains("flipped.ladderparse"));
}

#[test]
fn other_version_is_refused() {
    let mut b = bytes();
    b[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let e = Model::from_bytes(&b, "future.ladderparse").unwrap_err();
    assert_eq!(
        e,
        ModelError::Version {
            origin: "future.ladderparse".into(),
            found: FORMAT_VERSION + 1,
            expected: FORMAT_VERSION
        }
    );
}

#[test]
fn foreign_file_has_bad_magic() {
    let e = Model::from_bytes(b"PK\x03\x04 this is a zip file, not a model", "x.zip").unwrap_err();
    assert!(matches!(e, ModelError::BadMagic { .. }), "{e:?}");
}

#[test]
fn trailing_bytes_are_refused() {
    let mut b = bytes();
    b.push(0);
    assert!(Model::from_bytes(&b, "long").is_err());
}
