//! What a reader extracts from one input (a `Draft`), and how a draft becomes a `Report`:
//! normalised text and its hash id, publication date, language, dateline, wire copy,
//! registry grade and handling level.

use crate::dateline::find_dateline;
use crate::dates::parse_published;
use crate::error::{IngestError, IngestErrorKind};
use crate::language::{detect_language, language_from_tag};
use crate::registry::SourceRegistry;
use crate::wire::WireDetector;
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{Report, ReportFormat, Tlp};

/// One document as a reader found it, before normalisation and enrichment.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// The input's own reference (JSONL `id`, feed link or guid); the location is used when
    /// absent and there is no URL.
    pub report_ref: Option<String>,
    pub source: Option<String>,
    /// The source is only a container's name (a feed's title): the registry's name for the
    /// URL's domain is preferred when it has one.
    pub source_is_container: bool,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The publication date as written.
    pub published: Option<String>,
    /// A language the input declares (`<html lang>`, a JSONL `language` field).
    pub language: Option<String>,
    /// A handling level the input itself states.
    pub tlp: Option<Tlp>,
    pub text: String,
}

/// What the enrichment step needs besides the draft.
pub struct Enricher<'a> {
    pub registry: &'a SourceRegistry,
    pub wires: &'a WireDetector,
    /// `--tlp` given for the whole run.
    pub tlp: Option<Tlp>,
}

impl Enricher<'_> {
    /// Turn a draft into a report. `location` names the input in errors and is the
    /// `report_ref` of last resort.
    pub fn finish(
        &self,
        draft: Draft,
        format: ReportFormat,
        location: &str,
    ) -> Result<Report, IngestError> {
        let text = normalise_text(&draft.text);
        if text.is_empty() {
            return Err(IngestError::field(location, "text", IngestErrorKind::Empty));
        }
        let id = report_id(&text);
        let published = draft
            .published
            .as_deref()
            .map(parse_published)
            .unwrap_or_default();
        let title = draft
            .title
            .map(|t| collapse_whitespace(&t))
            .filter(|t| !t.is_empty());
        let url = draft
            .url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        let source_name = draft
            .source
            .map(|s| collapse_whitespace(&s))
            .filter(|s| !s.is_empty());
        let by_name = source_name.as_deref().and_then(|s| self.registry.lookup(s));
        let by_url = || url.as_deref().and_then(|u| self.registry.lookup(u));
        let (registered, source) = match by_name {
            Some(found) => (Some(found), source_name),
            None => {
                let found = by_url();
                let source = match (found, draft.source_is_container) {
                    (Some(found), true) => Some(found.name.clone()),
                    _ => source_name.or_else(|| found.map(|s| s.name.clone())),
                };
                (found, source)
            }
        };

        let dateline = find_dateline(&text, published.date);
        let mut wire = self.wires.detect(&text);
        if let Some(agency) = dateline.as_ref().and_then(|d| d.agency.as_deref()) {
            if let Some(name) = self.wires.canonical_name(agency) {
                wire.insert(name.to_string());
            }
        }
        if let Some(registered) = registered.filter(|s| s.wire) {
            wire.insert(registered.name.clone());
        }

        let language = detect_language(&text)
            .map(str::to_string)
            .or_else(|| draft.language.as_deref().and_then(language_from_tag));
        let tlp = [draft.tlp, self.tlp, registered.and_then(|s| s.tlp)]
            .into_iter()
            .flatten()
            .fold(Tlp::Clear, Tlp::strictest);
        let report_ref = draft
            .report_ref
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .or_else(|| url.clone())
            .or_else(|| Some(location.to_string()));
        Ok(Report {
            id,
            report_ref,
            source,
            url,
            title,
            published: published.date,
            published_at: published.at,
            language,
            text,
            format,
            dateline,
            wire: wire.into_iter().collect(),
            reliability: registered.map(|s| s.reliability),
            tlp,
        })
    }
}

/// Runs of whitespace (newlines included) as one space, trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladder_core::Reliability;

    #[test]
    fn draft_becomes_report() {
        let registry = SourceRegistry::bundled();
        let wires = WireDetector::new(&registry);
        let enricher = Enricher {
            registry: &registry,
            wires: &wires,
            tlp: Some(Tlp::Green),
        };
        let draft = Draft {
            url: Some("https://en.yna.co.kr/view/AEN20241018".into()),
            title: Some("  N. Korea   sends troops\n".into()),
            published: Some("2024-10-18T10:00:00+09:00".into()),
            text: "SEOUL, Oct. 18 (Yonhap) -- North Korea has sent 1,500 special forces troops to Russia's Far East, the spy agency said Friday.  \r\n\r\n\r\nThe move deepens military cooperation between the two countries.".into(),
            ..Draft::default()
        };
        let report = enricher.finish(draft, ReportFormat::Text, "x.txt").unwrap();
        assert_eq!(report.id, report_id(&report.text));
        assert!(report.text.contains("Friday.\n\nThe move"));
        assert_eq!(report.source.as_deref(), Some("Yonhap"));
        assert_eq!(report.reliability, Some(Reliability::B));
        assert_eq!(report.title.as_deref(), Some("N. Korea sends troops"));
        assert_eq!(
            report.published,
            chrono::NaiveDate::from_ymd_opt(2024, 10, 18)
        );
        assert_eq!(
            report.published_at.as_deref(),
            Some("2024-10-18T10:00:00+09:00")
        );
        assert_eq!(report.wire, vec!["Yonhap".to_string()]);
        assert_eq!(
            report.dateline.as_ref().unwrap().date,
            chrono::NaiveDate::from_ymd_opt(2024, 10, 18)
        );
        assert_eq!(report.language.as_deref(), Some("en"));
        assert_eq!(report.tlp, Tlp::Green);
        assert_eq!(
            report.report_ref.as_deref(),
            Some("https://en.yna.co.kr/view/AEN20241018")
        );
    }

    #[test]
    fn strictest_handling_level_wins() {
        let registry = SourceRegistry::empty();
        let wires = WireDetector::new(&registry);
        let enricher = Enricher {
            registry: &registry,
            wires: &wires,
            tlp: Some(Tlp::Green),
        };
        let draft = Draft {
            tlp: Some(Tlp::Red),
            text: "text".into(),
            ..Draft::default()
        };
        let report = enricher
            .finish(draft, ReportFormat::Jsonl, "a.jsonl:1")
            .unwrap();
        assert_eq!(report.tlp, Tlp::Red);
        assert_eq!(report.report_ref.as_deref(), Some("a.jsonl:1"));
        assert_eq!(report.reliability, None);
        let empty = Draft {
            text: " \n\t ".into(),
            ..Draft::default()
        };
        let error = enricher
            .finish(empty, ReportFormat::Text, "e.txt")
            .unwrap_err();
        assert_eq!(error.to_string(), "e.txt: field `text`: empty");
    }
}
