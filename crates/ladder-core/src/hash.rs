//! Content hashing: the normalisation that makes a report's id stable across encodings,
//! line endings and stray whitespace, and the short hex ids derived from it.

use unicode_normalization::UnicodeNormalization;

/// Normalise text for hashing: Unicode NFC, `\r\n`/`\r` to `\n`, trailing spaces on each
/// line removed, runs of blank lines collapsed, leading and trailing whitespace trimmed.
/// The stored report text is this normalised form, so evidence offsets refer to it.
pub fn normalise_text(text: &str) -> String {
    let unix = text.replace("\r\n", "\n").replace('\r', "\n");
    // Most text is already NFC (all ASCII text is): skip the costly recomposition then.
    let nfc: String = match unicode_normalization::is_nfc_quick(unix.chars()) {
        unicode_normalization::IsNormalized::Yes => unix,
        _ => unix.nfc().collect(),
    };
    let mut out = String::with_capacity(nfc.len());
    let mut blank_run = 0usize;
    for line in nfc.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run > 0 {
                out.push('\n');
            }
        }
        blank_run = 0;
        out.push_str(line);
    }
    out.trim().to_string()
}

/// The id of a report: the first 32 hex digits (128 bits) of the BLAKE3 hash of its
/// normalised text. The text must already be normalised with [`normalise_text`].
pub fn report_id(normalised_text: &str) -> String {
    short_hash(normalised_text.as_bytes())
}

/// 32 hex digits of BLAKE3 over arbitrary bytes; used for every derived id.
pub fn short_hash(bytes: &[u8]) -> String {
    let hash = blake3::hash(bytes);
    hash.to_hex()[..32].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_line_endings_and_trailing_space() {
        let a = normalise_text("Title\r\n\r\n\r\nBody line  \r\nmore\n\n");
        let b = normalise_text("Title\n\nBody line\nmore");
        assert_eq!(a, b);
        assert_eq!(report_id(&a), report_id(&b));
    }

    #[test]
    fn decomposed_text_is_recomposed() {
        assert_eq!(normalise_text("Pe\u{301}rez\r\n"), "P\u{e9}rez");
        assert_eq!(normalise_text("P\u{e9}rez"), "P\u{e9}rez");
    }

    #[test]
    fn different_text_gives_different_ids() {
        assert_ne!(report_id("a"), report_id("b"));
        assert_eq!(report_id("a").len(), 32);
    }
}
