//! The error a reader returns for one file, line or feed item: where, which field, what.

use std::fmt;

/// What went wrong with one input (a file, a JSONL line, a feed item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestErrorKind {
    /// The path or stream could not be read (`No such file or directory`, `Permission denied`).
    Io(String),
    /// The file (or JSONL line) is larger than the configured limit.
    TooLarge {
        size: u64,
        limit: u64,
        what: &'static str,
    },
    /// NUL bytes or too many control characters: not text.
    Binary,
    /// Nothing but whitespace.
    Empty,
    /// A required field is absent (the field is named in [`IngestError::field`]).
    Missing,
    /// A field holds a value of the wrong shape (the field is named in [`IngestError::field`]).
    Invalid(String),
    /// A JSON Lines line is not a JSON object.
    MalformedJson(String),
    /// An RSS/Atom document or item that could not be parsed.
    MalformedFeed(String),
    /// An HTML page in which no article text was found.
    NoText(&'static str),
    /// A feed that parsed but holds no items.
    NoItems,
}

impl fmt::Display for IngestErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestErrorKind::Io(message) => write!(f, "cannot read: {message}"),
            IngestErrorKind::TooLarge { size, limit, what } => write!(
                f,
                "{what} is {size} bytes, over the {limit}-byte limit (--max-bytes)"
            ),
            IngestErrorKind::Binary => f.write_str("binary file, not text"),
            IngestErrorKind::Empty => f.write_str("empty"),
            IngestErrorKind::Missing => f.write_str("missing"),
            IngestErrorKind::Invalid(message) => f.write_str(message),
            IngestErrorKind::MalformedJson(message) => write!(f, "malformed JSON: {message}"),
            IngestErrorKind::MalformedFeed(message) => write!(f, "malformed feed: {message}"),
            IngestErrorKind::NoText(what) => write!(f, "no article text found in {what}"),
            IngestErrorKind::NoItems => f.write_str("the feed has no items"),
        }
    }
}

/// One rejected input. Displays as `location: field `name`: what`, e.g.
/// ``examples/bad.jsonl:12: field `text`: missing``.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct IngestError {
    /// `path`, `path:line` (JSON Lines) or `path#item N` (feeds); `-` for standard input.
    pub location: String,
    /// The offending field, where one is to blame.
    pub field: Option<String>,
    pub kind: IngestErrorKind,
}

impl IngestError {
    /// An error about the input as a whole.
    pub fn new(location: impl Into<String>, kind: IngestErrorKind) -> Self {
        IngestError {
            location: location.into(),
            field: None,
            kind,
        }
    }

    /// An error about one field of the input.
    pub fn field(location: impl Into<String>, field: &str, kind: IngestErrorKind) -> Self {
        IngestError {
            location: location.into(),
            field: Some(field.to_string()),
            kind,
        }
    }

    /// An I/O error, worded without Rust's `(os error N)` suffix.
    pub fn io(location: impl Into<String>, error: &std::io::Error) -> Self {
        IngestError::new(location, IngestErrorKind::Io(io_message(error)))
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}: field `{}`: {}", self.location, field, self.kind),
            None => write!(f, "{}: {}", self.location, self.kind),
        }
    }
}

/// The OS message of an I/O error without the ` (os error 2)` tail.
pub(crate) fn io_message(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_location_field_and_cause() {
        let cases = [
            (
                IngestError::field("examples/bad.jsonl:12", "text", IngestErrorKind::Missing),
                "examples/bad.jsonl:12: field `text`: missing",
            ),
            (
                IngestError::new(
                    "big.txt",
                    IngestErrorKind::TooLarge {
                        size: 52_428_800,
                        limit: 16_777_216,
                        what: "file",
                    },
                ),
                "big.txt: file is 52428800 bytes, over the 16777216-byte limit (--max-bytes)",
            ),
            (
                IngestError::io("nope.txt", &std::io::Error::from_raw_os_error(2)),
                "nope.txt: cannot read: No such file or directory",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(error.to_string(), expected);
        }
    }
}
