//! Reports (one document each), the copies of a report seen under other references, and
//! the sources (outlets, agencies) they come from.

use crate::grading::{Reliability, Tlp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The format a report was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Text,
    Markdown,
    Html,
    Rss,
    Atom,
    Jsonl,
    Stix,
}

impl ReportFormat {
    /// The lowercase name used in the CLI (`--format`) and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Text => "text",
            ReportFormat::Markdown => "markdown",
            ReportFormat::Html => "html",
            ReportFormat::Rss => "rss",
            ReportFormat::Atom => "atom",
            ReportFormat::Jsonl => "jsonl",
            ReportFormat::Stix => "stix",
        }
    }
}

/// A dateline at the head of wire copy: `SEOUL, Oct 18 (Reuters) -`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dateline {
    /// The place, as written ("SEOUL").
    pub place: String,
    /// The date as written, if any ("Oct 18").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    /// The date resolved against the publication date, if it could be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The agency named in the dateline ("Reuters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Byte offset in the text where the body starts, just after the dateline. When the
    /// dateline opens the text (`start` is 0) this is the dateline's byte length.
    pub len: usize,
    /// Byte offset where the dateline begins: 0 when it opens the text, else the start of
    /// the first body paragraph after a short title, timestamp or byline line.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start: usize,
}

fn is_zero(value: &usize) -> bool {
    *value == 0
}

/// One document. `id` is the content hash of the normalised `text`
/// ([`crate::hash::report_id`]): ingesting the same text again is a no-op.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// 32 hex digits of BLAKE3 over the normalised text.
    pub id: String,
    /// The input's own reference: the external `id` of a JSONL line, else the URL, else the
    /// file path (with `#N` for the Nth item of a feed or line of a JSONL file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_ref: Option<String>,
    /// The outlet or agency that published it, as named by the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date (day precision); `None` when the input gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// Publication timestamp as given by the input (RFC 3339 where it could be parsed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// ISO 639-1 language code, detected or given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The normalised text; evidence offsets are UTF-8 byte offsets into it.
    pub text: String,
    pub format: ReportFormat,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// Wire services whose copy the report carries ("Reuters" from "(With inputs from
    /// Reuters)", "(AFP)", a dateline agency). Copies of one wire story are not
    /// independent corroboration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wire: Vec<String>,
    /// Source reliability from the source registry, if the source is known to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    /// Handling level: from the source registry or set at ingest; default CLEAR.
    #[serde(default)]
    pub tlp: Tlp,
}

impl Report {
    /// A plain-text report with only an id, its text and a publication date (tests,
    /// benchmarks and generated corpora); everything else empty or default.
    pub fn plain_text(id: impl Into<String>, text: String, published: Option<NaiveDate>) -> Report {
        Report {
            id: id.into(),
            report_ref: None,
            source: None,
            url: None,
            title: None,
            published,
            published_at: None,
            language: None,
            text,
            format: ReportFormat::Text,
            dateline: None,
            wire: Vec::new(),
            reliability: None,
            tlp: Tlp::default(),
        }
    }

    /// The report's origin for independence counting: its first wire service if it
    /// carries wire copy, else its source, else its id.
    pub fn origin(&self) -> String {
        if let Some(w) = self.wire.first() {
            return format!("wire:{}", w.to_lowercase());
        }
        match &self.source {
            Some(s) => format!("source:{}", s.to_lowercase()),
            None => format!("report:{}", self.id),
        }
    }
}

/// The same text seen again under another reference, URL or outlet: recorded against the
/// first report instead of creating a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCopy {
    /// The id of the report whose text this is.
    pub report_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
}

/// An outlet or agency as kept in the source registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Canonical name ("Reuters").
    pub name: String,
    /// Other names and domains that identify it ("reuters.com", "Thomson Reuters").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Admiralty reliability A–F.
    pub reliability: Reliability,
    /// A wire service whose copy other outlets carry.
    #[serde(default)]
    pub wire: bool,
    /// "outlet", "wire", "agency", "government", "state-media", "partner"…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// ISO 3166 alpha-3 of the country it is based in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Default TLP for its reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
}
