//! Import: a STIX 2.1 bundle back into Ladder's records. Ladder's own bundles come back
//! whole (reports, events, assessments), so export → import → export is byte-identical.
//! A partner's `report` objects without Ladder's details become reports from that
//! partner; events are kept with their provenance (the STIX id and the producer).

use super::{assessment_extension_id, report_extension_id, EVENT_TYPE};
use crate::tlp::tlp_of_object;
use crate::{Result, ShareError};
use chrono::NaiveDate;
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{
    Assessment, Dateline, Event, EventType, Evidence, Location, Modality, Quantity, Report,
    ReportFormat, Tlp,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Where an imported record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub stix_id: String,
    /// `report` or `event` or `assessment`.
    pub kind: &'static str,
    /// The Ladder id it became.
    pub ladder_id: String,
    /// The producer (`created_by_ref` identity's name) or the partner named on import.
    pub producer: String,
}

/// The records read from a bundle.
#[derive(Debug, Default)]
pub struct Imported {
    pub reports: Vec<Report>,
    /// Events grouped by report id, each group sorted by event id.
    pub events: BTreeMap<String, Vec<Event>>,
    pub assessments: Vec<Assessment>,
    pub provenance: Vec<Provenance>,
    /// Objects read but not turned into records (type, id, why).
    pub skipped: Vec<String>,
    /// Reports made from a partner's own `report` objects (no Ladder details): they are
    /// graded by the source registry under their producer's name.
    pub partner_reports: BTreeSet<String>,
    /// Every object's id, content digest and `modified`, recorded so that re-exporting
    /// keeps the versions read.
    pub versions: Vec<(String, String, String)>,
}

/// Grade the partner's reports that came without a grade: `reliability_of` looks the
/// report's source (the partner or producer identity's name) up in the source registry.
pub fn grade_partner_reports(
    imported: &mut Imported,
    reliability_of: impl Fn(&str) -> Option<ladder_core::Reliability>,
) -> usize {
    let mut graded = 0;
    for report in &mut imported.reports {
        if report.reliability.is_some() || !imported.partner_reports.contains(&report.id) {
            continue;
        }
        if let Some(r) = report.source.as_deref().and_then(&reliability_of) {
            report.reliability = Some(r);
            graded += 1;
        }
    }
    graded
}

/// The objects of a bundle (or of a TAXII envelope).
pub fn bundle_objects(bundle: &Value) -> Result<&Vec<Value>> {
    bundle
        .get("objects")
        .and_then(Value::as_array)
        .ok_or_else(|| ShareError::BadBundle("no `objects` array".into()))
}

fn text(o: &Value, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::to_string)
}

fn strings(o: &Value, key: &str) -> Vec<String> {
    o.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn parse_enum<T: serde::de::DeserializeOwned>(o: &Value, key: &str) -> Option<T> {
    o.get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// Read a bundle. `partner` names who sent it (for reports without Ladder's details);
/// objects without a TLP marking from a partner are handled as `default_tlp`.
pub fn read_bundle(bundle: &Value, partner: Option<&str>, default_tlp: Tlp) -> Result<Imported> {
    let objects = bundle_objects(bundle)?;
    let names: BTreeMap<&str, &str> = objects
        .iter()
        .filter(|o| o["type"] == "identity")
        .filter_map(|o| Some((o["id"].as_str()?, o["name"].as_str()?)))
        .collect();
    let producer_of = |o: &Value| -> String {
        partner
            .map(str::to_string)
            .or_else(|| {
                o["created_by_ref"]
                    .as_str()
                    .and_then(|r| names.get(r))
                    .map(|n| n.to_string())
            })
            .unwrap_or_else(|| "unknown producer".to_string())
    };
    let versions = objects
        .iter()
        .filter_map(|o| {
            Some((
                o["id"].as_str()?.to_string(),
                crate::versions::content_digest(o),
                o["modified"].as_str()?.to_string(),
            ))
        })
        .collect();
    let mut out = Imported {
        versions,
        ..Imported::default()
    };
    // Map from a STIX report id to the Ladder report id it became (for events without one).
    let mut report_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut event_report: BTreeMap<String, String> = BTreeMap::new();
    for o in objects.iter().filter(|o| o["type"] == "report") {
        let stix_id = text(o, "id").unwrap_or_default();
        let report = match report_from_object(o, &producer_of(o), default_tlp) {
            Some(r) => r,
            None => {
                out.skipped.push(format!("report {stix_id}: no text"));
                continue;
            }
        };
        for r in strings(o, "object_refs") {
            event_report.entry(r).or_insert_with(|| report.id.clone());
        }
        report_ids.insert(stix_id.clone(), report.id.clone());
        if !o["extensions"][report_extension_id()].is_object() {
            out.partner_reports.insert(report.id.clone());
        }
        out.provenance.push(Provenance {
            stix_id,
            kind: "report",
            ladder_id: report.id.clone(),
            producer: producer_of(o),
        });
        out.reports.push(report);
    }
    for o in objects.iter().filter(|o| o["type"] == EVENT_TYPE) {
        let stix_id = text(o, "id").unwrap_or_default();
        let report_id = o
            .get("source_report_ref")
            .and_then(Value::as_str)
            .and_then(|r| report_ids.get(r))
            .or_else(|| event_report.get(&stix_id))
            .cloned();
        let Some(report_id) = report_id else {
            out.skipped.push(format!(
                "{EVENT_TYPE} {stix_id}: no report in the bundle lists it"
            ));
            continue;
        };
        match event_from_object(o, &report_id) {
            Some(event) => {
                out.provenance.push(Provenance {
                    stix_id,
                    kind: "event",
                    ladder_id: event.id.clone(),
                    producer: producer_of(o),
                });
                out.events.entry(report_id).or_default().push(event);
            }
            None => out.skipped.push(format!(
                "{EVENT_TYPE} {stix_id}: missing Ladder event fields"
            )),
        }
    }
    for events in out.events.values_mut() {
        events.sort_by(|a, b| a.id.cmp(&b.id));
        events.dedup_by(|a, b| a.id == b.id);
    }
    let assessment_key = assessment_extension_id();
    for o in objects.iter().filter(|o| o["type"] == "note") {
        let Some(json) = o["extensions"][&assessment_key]["assessment_json"].as_str() else {
            continue;
        };
        match serde_json::from_str::<Assessment>(json) {
            Ok(a) => {
                out.provenance.push(Provenance {
                    stix_id: text(o, "id").unwrap_or_default(),
                    kind: "assessment",
                    ladder_id: format!("{}@{}", a.scenario_id, a.as_of),
                    producer: producer_of(o),
                });
                out.assessments.push(a);
            }
            Err(e) => out
                .skipped
                .push(format!("note {}: bad assessment: {e}", o["id"])),
        }
    }
    Ok(out)
}

/// A report from a STIX `report`: exact when it carries Ladder's details, else a report
/// from `producer` whose text is the name and description.
fn report_from_object(o: &Value, producer: &str, default_tlp: Tlp) -> Option<Report> {
    let tlp = tlp_of_object(o).unwrap_or(default_tlp);
    let details = &o["extensions"][report_extension_id()];
    let published_stix = text(o, "published");
    if details.is_object() {
        let body = normalise_text(&text(o, "description")?);
        let dateline =
            text(details, "dateline_json").and_then(|j| serde_json::from_str::<Dateline>(&j).ok());
        let reliability = o["extensions"][super::grading_extension_id()]["source_reliability"]
            .as_str()
            .and_then(|r| r.parse().ok());
        return Some(Report {
            id: report_id(&body),
            report_ref: text(details, "input_reference"),
            source: text(details, "source_name"),
            url: text(details, "url"),
            title: text(details, "title"),
            published: text(details, "published_day")
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            published_at: text(details, "published_at"),
            language: text(details, "language"),
            text: body,
            format: parse_enum::<ReportFormat>(details, "format").unwrap_or(ReportFormat::Stix),
            dateline,
            wire: strings(details, "wire_services"),
            reliability,
            tlp,
        });
    }
    let name = text(o, "name").unwrap_or_default();
    let description = text(o, "description").unwrap_or_default();
    let body = normalise_text(&format!("{name}\n\n{description}"));
    if body.is_empty() {
        return None;
    }
    let published = published_stix
        .as_deref()
        .and_then(crate::ids::parse_timestamp);
    Some(Report {
        id: report_id(&body),
        report_ref: text(o, "id"),
        source: Some(producer.to_string()),
        url: o["external_references"][0]["url"]
            .as_str()
            .map(str::to_string),
        title: Some(name).filter(|n| !n.is_empty()),
        published: published.map(|p| p.date_naive()),
        published_at: published_stix,
        language: text(o, "lang"),
        text: body,
        format: ReportFormat::Stix,
        dateline: None,
        wire: Vec::new(),
        reliability: None,
        tlp,
    })
}

/// An event from a political-event SDO written by Ladder; `None` when it lacks the
/// fields Ladder needs (type, modality, evidence).
fn event_from_object(o: &Value, report_id: &str) -> Option<Event> {
    let event_type: EventType = text(o, "event_type")?.parse().ok()?;
    let modality: Modality = text(o, "modality")?.parse().ok()?;
    let ev = o.get("evidence")?;
    let evidence = Evidence {
        report_id: report_id.to_string(),
        report_ref: text(ev, "input_reference"),
        start: ev.get("start_byte")?.as_u64()? as usize,
        end: ev.get("end_byte")?.as_u64()? as usize,
        text: text(ev, "text")?,
    };
    let quantity = o.get("quantity").map(|q| Quantity {
        value: q.get("value").and_then(Value::as_u64),
        max: q.get("max_value").and_then(Value::as_u64),
        unit: text(q, "unit").unwrap_or_default(),
        approx: q
            .get("approximate")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        vague: text(q, "vague_amount"),
        text: text(q, "text").unwrap_or_default(),
    });
    let location = o.get("place").map(|p| Location {
        name: text(p, "name").unwrap_or_default(),
        country: text(p, "country_code"),
        lat: p.get("latitude").and_then(Value::as_f64),
        lon: p.get("longitude").and_then(Value::as_f64),
        kind: text(p, "place_kind"),
    });
    Some(Event {
        id: text(o, "ladder_event_id")?,
        actor: strings(o, "actor_codes"),
        actor_detail: text(o, "actor_detail"),
        event_type,
        mode: text(o, "mode"),
        context: strings(o, "contexts"),
        cameo: text(o, "cameo_code"),
        recipient: strings(o, "recipient_codes"),
        recipient_detail: text(o, "recipient_detail"),
        quantity,
        location,
        event_date: text(o, "event_date"),
        date_precision: parse_enum(o, "date_precision"),
        date_basis: parse_enum(o, "date_basis"),
        modality,
        attributed_to: strings(o, "attributed_to_codes"),
        attributed_detail: text(o, "attributed_detail"),
        evidence,
        rule: text(o, "coding_rule").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladder_core::Reliability;
    use serde_json::json;

    #[test]
    fn partner_reports_are_graded_by_the_registry_and_ladder_reports_keep_theirs() {
        let foreign = json!({"type": "report", "spec_version": "2.1",
            "id": "report--0f1e2d3c-4b5a-4968-8776-655443322110",
            "created": "2026-03-01T00:00:00.000Z", "modified": "2026-03-01T00:00:00.000Z",
            "published": "2026-03-01T00:00:00.000Z", "name": "Launch observed",
            "description": "Two launches were observed.", "object_refs": []});
        let bundle = json!({"type": "bundle", "id": "bundle--0f1e2d3c-4b5a-4968-8776-655443322111", "objects": [foreign]});
        for (partner, known, want) in [
            ("nato", true, Some(Reliability::B)),
            ("unknown-partner", false, None),
        ] {
            let mut imported = read_bundle(&bundle, Some(partner), Tlp::Amber).unwrap();
            assert_eq!(imported.reports.len(), 1);
            assert_eq!(imported.versions.len(), 1, "versions recorded");
            let graded = grade_partner_reports(&mut imported, |name| {
                (name == "nato").then_some(Reliability::B)
            });
            assert_eq!(graded, usize::from(known), "{partner}");
            assert_eq!(imported.reports[0].reliability, want, "{partner}");
        }
    }
}
