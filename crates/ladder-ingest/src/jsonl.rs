//! JSON Lines: one report per line with `id`, `url`, `source` (or `outlet`), `published`,
//! `title`, `text`, and optional `tlp` and `language`; unknown fields are ignored.

use crate::draft::Draft;
use crate::error::{IngestError, IngestErrorKind};
use ladder_core::Tlp;
use serde::Deserialize;
use serde_json::Value;

/// The fields Ladder reads from a line. Values are taken loosely (an `id` may be a number)
/// and checked field by field so that errors can name the field.
#[derive(Deserialize)]
struct Line {
    id: Option<Value>,
    url: Option<Value>,
    source: Option<Value>,
    outlet: Option<Value>,
    published: Option<Value>,
    title: Option<Value>,
    text: Option<Value>,
    tlp: Option<Value>,
    language: Option<Value>,
}

/// True when a line holds nothing to read (blank, or a `//` comment).
pub fn is_blank_line(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with("//")
}

/// Read one JSONL line. `location` is `path:LINE`; `fallback_ref` (`path#LINE`) is the
/// report's reference when the line has neither `id` nor `url`.
pub fn read_line(line: &str, location: &str, fallback_ref: &str) -> Result<Draft, IngestError> {
    let parsed: Line = serde_json::from_str(line.trim()).map_err(|e| {
        let message = if e.is_data() {
            "expected a JSON object".to_string()
        } else {
            e.to_string()
        };
        IngestError::new(location, IngestErrorKind::MalformedJson(message))
    })?;
    let text = match parsed.text {
        None | Some(Value::Null) => {
            return Err(IngestError::field(
                location,
                "text",
                IngestErrorKind::Missing,
            ))
        }
        Some(Value::String(text)) => text,
        Some(_) => return Err(wrong_type(location, "text", "a string")),
    };
    if text.trim().is_empty() {
        return Err(IngestError::field(location, "text", IngestErrorKind::Empty));
    }
    let id = scalar(parsed.id, location, "id")?;
    let url = string(parsed.url, location, "url")?;
    let source = match string(parsed.source, location, "source")? {
        Some(source) => Some(source),
        None => string(parsed.outlet, location, "outlet")?,
    };
    let tlp = match string(parsed.tlp, location, "tlp")? {
        Some(text) => Some(text.parse::<Tlp>().map_err(|e| {
            IngestError::field(location, "tlp", IngestErrorKind::Invalid(e.to_string()))
        })?),
        None => None,
    };
    let report_ref = id
        .clone()
        .or_else(|| url.clone())
        .or_else(|| Some(fallback_ref.to_string()));
    Ok(Draft {
        report_ref,
        source,
        source_is_container: false,
        url,
        title: string(parsed.title, location, "title")?,
        published: scalar(parsed.published, location, "published")?,
        language: string(parsed.language, location, "language")?,
        tlp,
        text,
    })
}

fn wrong_type(location: &str, field: &str, expected: &str) -> IngestError {
    IngestError::field(
        location,
        field,
        IngestErrorKind::Invalid(format!("expected {expected}")),
    )
}

/// A string field; `null` and absent are the same.
fn string(
    value: Option<Value>,
    location: &str,
    field: &str,
) -> Result<Option<String>, IngestError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s).filter(|s| !s.trim().is_empty())),
        Some(_) => Err(wrong_type(location, field, "a string")),
    }
}

/// A string or number field (ids and dates are sometimes numbers), as text.
fn scalar(
    value: Option<Value>,
    location: &str,
    field: &str,
) -> Result<Option<String>, IngestError> {
    match value {
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        other => string(other, location, field)
            .map_err(|_| wrong_type(location, field, "a string or a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines() {
        let draft = read_line(
            r#"{"id": "seed-article", "outlet": "BharatShakti", "published": "2024-10-23", "title": null, "text": "Body.", "extra": [1, 2], "tlp": "green"}"#,
            "a.jsonl:1",
            "a.jsonl#1",
        )
        .unwrap();
        assert_eq!(draft.report_ref.as_deref(), Some("seed-article"));
        assert_eq!(draft.source.as_deref(), Some("BharatShakti"));
        assert_eq!(draft.published.as_deref(), Some("2024-10-23"));
        assert_eq!(draft.title, None);
        assert_eq!(draft.tlp, Some(Tlp::Green));
        let by_url = read_line(
            r#"{"url": "https://x.example/1", "text": "t", "id": 42}"#,
            "a.jsonl:2",
            "a.jsonl#2",
        )
        .unwrap();
        assert_eq!(by_url.report_ref.as_deref(), Some("42"));
        let bare = read_line(r#"{"text": "t"}"#, "a.jsonl:3", "a.jsonl#3").unwrap();
        assert_eq!(bare.report_ref.as_deref(), Some("a.jsonl#3"));
    }

    #[test]
    fn bad_lines_name_line_and_field() {
        let cases = [
            (r#"{"title": "no text"}"#, "a.jsonl:7: field `text`: missing"),
            (r#"{"text": null}"#, "a.jsonl:7: field `text`: missing"),
            (r#"{"text": "  "}"#, "a.jsonl:7: field `text`: empty"),
            (r#"{"text": 5}"#, "a.jsonl:7: field `text`: expected a string"),
            (r#"{"text": "t", "tlp": "pink"}"#, "a.jsonl:7: field `tlp`: 'pink' is not a valid TLP level (expected clear, green, amber, amber+strict or red)"),
            (r#"{"text": "t", "url": ["x"]}"#, "a.jsonl:7: field `url`: expected a string"),
            (r#"{"text": "t", "published": true}"#, "a.jsonl:7: field `published`: expected a string or a number"),
            (r#"{"text": "unterminated"#, "a.jsonl:7: malformed JSON: EOF while parsing a string at line 1 column 22"),
            (r#"[1, 2]"#, "a.jsonl:7: malformed JSON: expected a JSON object"),
        ];
        for (line, expected) in cases {
            let error = read_line(line, "a.jsonl:7", "a.jsonl#7").unwrap_err();
            assert_eq!(error.to_string(), expected, "{line}");
        }
    }
}
