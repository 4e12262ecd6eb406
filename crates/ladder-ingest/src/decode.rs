//! Bytes to text: UTF-8 (BOM stripped), UTF-16 with a BOM, a declared or Windows-1252
//! fallback for other 8-bit text, and the binary-file test.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeProblem {
    /// NUL bytes or a high share of control characters.
    Binary,
}

/// Decode a document's bytes. `declared` is a charset label found in the document itself
/// (an HTML `<meta charset>`), used only when the bytes are not valid UTF-8.
pub fn decode_text<'a>(
    bytes: &'a [u8],
    declared: Option<&str>,
) -> Result<Cow<'a, str>, DecodeProblem> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_or_fallback(rest, declared);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, UTF_16LE);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, UTF_16BE);
    }
    utf8_or_fallback(bytes, declared)
}

fn decode_utf16(
    bytes: &[u8],
    encoding: &'static Encoding,
) -> Result<Cow<'static, str>, DecodeProblem> {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    if looks_binary(text.as_bytes()) {
        return Err(DecodeProblem::Binary);
    }
    Ok(Cow::Owned(text.into_owned()))
}

fn utf8_or_fallback<'a>(
    bytes: &'a [u8],
    declared: Option<&str>,
) -> Result<Cow<'a, str>, DecodeProblem> {
    if looks_binary(bytes) {
        return Err(DecodeProblem::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => {
            let encoding = declared
                .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
                .filter(|e| *e != encoding_rs::UTF_8)
                .unwrap_or(WINDOWS_1252);
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            Ok(Cow::Owned(text.into_owned()))
        }
    }
}

/// True when the bytes are not text: any NUL byte, or more than 10% of the first 8 KiB
/// being C0 control characters other than tab, newline, carriage return and form feed.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    !head.is_empty() && controls * 10 > head.len()
}

/// True when the bytes carry a UTF-16 byte-order mark.
pub fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Kyiv ‘ok’".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Kyiv ‘ok’".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        let cases: Vec<(&[u8], &str)> = vec![
            (b"plain", "plain"),
            (b"\xEF\xBB\xBFwith bom", "with bom"),
            (b"caf\xE9 \x93quoted\x94", "café “quoted”"),
            (&utf16le, "Kyiv ‘ok’"),
            (&utf16be, "Kyiv ‘ok’"),
        ];
        for (bytes, expected) in cases {
            assert_eq!(decode_text(bytes, None).unwrap(), expected);
        }
    }

    #[test]
    fn declared_charset_is_used_for_non_utf8() {
        let koi8 = b"\xf0\xd2\xc9\xd7\xc5\xd4"; // "Привет" in KOI8-R
        assert_eq!(decode_text(koi8, Some("koi8-r")).unwrap(), "Привет");
    }

    #[test]
    fn binary_is_rejected() {
        assert_eq!(
            decode_text(b"PK\x03\x04\x00\x00", None),
            Err(DecodeProblem::Binary)
        );
        let controls: Vec<u8> = (0..200)
            .map(|i| if i % 3 == 0 { 1 } else { b'a' })
            .collect();
        assert!(looks_binary(&controls));
        assert!(!looks_binary(b"line one\r\nline two\tend\n"));
    }
}
