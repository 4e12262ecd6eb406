//! Export: Ladder's reports, coded events, assessments and playbook responses as one STIX
//! 2.1 bundle. Ids are UUIDv5 of content keys and timestamps come from the content (the
//! report's publication time), so the same store exports the same bytes every time.
//!
//! Handling: every object carries the TLP of what it was derived from. Events and their
//! relationships take their report's level; an assessment takes the strictest level of
//! its evidence; shared reference objects (a state's identity, a place) take the least
//! restrictive level of the objects that mention them, since any one of those reveals
//! them.

pub use super::EVENT_TYPE;
use super::{
    assessment_extension_id, event_extension_id, fixed_objects, grading_extension_id, producer_id,
    report_extension_id, FIXED_CREATED,
};
use crate::countries;
use crate::ids::{day_end_timestamp, day_timestamp, parse_timestamp, stix_id, timestamp};
use crate::tlp;
use ladder_core::{Assessment, Credibility, Event, Location, Playbook, Reliability, Report, Tlp};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// What to export.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportInput<'a> {
    pub reports: &'a [Report],
    pub events: &'a [Event],
    pub assessments: &'a [Assessment],
    pub playbooks: &'a [Playbook],
    /// Assessments consulted only for the events' credibility (not exported): the
    /// served index maps reports in batches, with every scenario's latest assessment.
    pub graded_by: &'a [Assessment],
}

/// How to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    /// The most restrictive level included; anything stricter is left out.
    pub max_tlp: Tlp,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { max_tlp: Tlp::Red }
    }
}

/// How an object's level combines when several inputs produce it.
#[derive(Clone, Copy)]
enum Merge {
    /// Derived from all inputs together: the strictest level carries.
    Strictest,
    /// A reference object any single input reveals: the least restrictive level.
    Least,
}

/// Objects collected by id, with their handling level.
#[derive(Default)]
struct Collector {
    objects: BTreeMap<String, Value>,
    levels: BTreeMap<String, Tlp>,
}

impl Collector {
    fn add(&mut self, object: Value, level: Tlp, merge: Merge) -> String {
        let id = object["id"].as_str().unwrap_or_default().to_string();
        let merged = match (self.levels.get(&id), merge) {
            (None, _) => level,
            (Some(old), Merge::Strictest) => old.strictest(level),
            (Some(old), Merge::Least) => (*old).min(level),
        };
        self.levels.insert(id.clone(), merged);
        self.objects.entry(id.clone()).or_insert(object);
        id
    }

    /// The objects with their markings, sorted by id, plus the marking definitions used.
    fn finish(self) -> Vec<Value> {
        let mut used = BTreeSet::new();
        let mut out = Vec::with_capacity(self.objects.len() + 5);
        for (id, mut object) in self.objects {
            prune_empty(&mut object);
            if let Some(level) = self.levels.get(&id) {
                if object.get("object_marking_refs").is_none() {
                    object["object_marking_refs"] = json!([tlp::marking_id(*level)]);
                }
            }
            for m in object["object_marking_refs"]
                .as_array()
                .into_iter()
                .flatten()
            {
                if let Some(level) = m.as_str().and_then(tlp::tlp_of_marking) {
                    used.insert(tlp::rank(level));
                }
            }
            out.push(object);
        }
        for level in tlp::ALL {
            if used.contains(&tlp::rank(level)) {
                out.push(tlp::marking_object(level));
            }
        }
        out.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        out
    }
}

/// The STIX `confidence` of an Admiralty credibility grade (the STIX 2.1 appendix's
/// Admiralty scale); `None` for 6, "cannot be judged".
pub fn confidence(credibility: Credibility) -> Option<u8> {
    match credibility.value() {
        1 => Some(90),
        2 => Some(70),
        3 => Some(50),
        4 => Some(30),
        5 => Some(10),
        _ => None,
    }
}

/// The publication time of a report as a STIX timestamp: `published_at` when it parses,
/// else midnight of `published`, else the Unix epoch (STIX requires a value).
pub fn report_time(report: &Report) -> String {
    if let Some(at) = report.published_at.as_deref().and_then(parse_timestamp) {
        return timestamp(at);
    }
    match report.published {
        Some(day) => day_timestamp(day),
        None => "1970-01-01T00:00:00.000Z".to_string(),
    }
}

/// The grading property extension.
fn grading(reliability: Option<Reliability>, credibility: Option<Credibility>) -> Value {
    let mut ext = Map::new();
    ext.insert("extension_type".into(), json!("property-extension"));
    if let Some(r) = reliability {
        ext.insert("source_reliability".into(), json!(r.letter().to_string()));
    }
    if let Some(c) = credibility {
        ext.insert("information_credibility".into(), json!(c.value()));
    }
    Value::Object(ext)
}

/// Remove empty strings, lists and objects (STIX forbids empty lists, and an empty
/// optional property says nothing), from the leaves up. Required properties are never
/// empty: the builders give them content.
pub fn prune_empty(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for v in map.values_mut() {
                prune_empty(v);
            }
            map.retain(|_, v| !is_empty_value(v));
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                prune_empty(v);
            }
            items.retain(|v| !is_empty_value(v));
        }
        _ => {}
    }
}

fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => true,
        _ => false,
    }
}

/// Whether a text says anything (not empty, not only white space).
fn has_text(s: &str) -> bool {
    !s.trim().is_empty()
}

fn extensions(pairs: Vec<(String, Value)>) -> Value {
    Value::Object(pairs.into_iter().collect())
}

/// Words that mark an actor detail as an organisation rather than a person.
const ORGANISATION_WORDS: &[&str] = &[
    "ministry",
    "service",
    "agency",
    "office",
    "council",
    "army",
    "force",
    "forces",
    "command",
    "committee",
    "government",
    "department",
    "navy",
    "guard",
    "bureau",
    "staff",
    "party",
    "parliament",
    "assembly",
    "embassy",
    "administration",
    "corps",
    "military",
    "intelligence",
    "police",
    "court",
    "commission",
    "secretariat",
    "headquarters",
    "cabinet",
    "authority",
];

/// Whether an actor detail names an organisation ("National Intelligence Service") rather
/// than a person ("Kim Yo Jong").
pub fn detail_is_organisation(detail: &str) -> bool {
    let lower = detail.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ORGANISATION_WORDS.contains(&w))
}

/// The identity of an actor code (a state or an organisation).
fn actor_identity(code: &str) -> Value {
    let mut object = json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": stix_id("identity", &format!("actor:{code}")),
        "created_by_ref": producer_id(),
        "created": FIXED_CREATED,
        "modified": FIXED_CREATED,
        "identity_class": "organization",
    });
    match countries::name(code) {
        Some(name) => {
            object["name"] = json!(format!("Government of {name}"));
            object["description"] = json!(format!("The state {name} (ISO 3166 {code})."));
            object["sectors"] = json!(["government-national"]);
        }
        None => {
            object["name"] = json!(code);
            object["description"] = json!(format!("The actor Ladder codes as {code}."));
        }
    }
    object
}

/// The identity of an agency, unit or person named beside an actor code.
fn detail_identity(code: &str, detail: &str) -> Value {
    let class = if detail_is_organisation(detail) {
        "organization"
    } else {
        "individual"
    };
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": stix_id("identity", &format!("detail:{code}:{detail}")),
        "created_by_ref": producer_id(),
        "created": FIXED_CREATED,
        "modified": FIXED_CREATED,
        "name": detail,
        "identity_class": class,
    })
}

/// The identity of a report's source (an outlet or agency).
fn source_identity(name: &str, reliability: Option<Reliability>) -> Value {
    let mut object = json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": stix_id("identity", &format!("source:{}", name.to_lowercase())),
        "created_by_ref": producer_id(),
        "created": FIXED_CREATED,
        "modified": FIXED_CREATED,
        "name": name,
        "identity_class": "organization",
    });
    if reliability.is_some() {
        object["extensions"] =
            extensions(vec![(grading_extension_id(), grading(reliability, None))]);
    }
    object
}

/// A place's latitude and longitude, when both are given and on the globe.
fn coordinates_of(place: &Location) -> Option<(f64, f64)> {
    place
        .lat
        .zip(place.lon)
        .filter(|(lat, lon)| (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon))
}

/// A STIX location for a gazetteer place; `None` when it has neither coordinates nor a
/// known country (STIX needs one of them).
fn location_object(place: &Location) -> Option<Value> {
    let country = place.country.as_deref().and_then(countries::alpha2);
    let coordinates = coordinates_of(place);
    if country.is_none() && coordinates.is_none() {
        return None;
    }
    let key = format!(
        "{}|{}|{:?}|{:?}",
        place.name,
        place.country.as_deref().unwrap_or(""),
        place.lat,
        place.lon
    );
    let mut object = json!({
        "type": "location",
        "spec_version": "2.1",
        "id": stix_id("location", &key),
        "created_by_ref": producer_id(),
        "created": FIXED_CREATED,
        "modified": FIXED_CREATED,
        "name": place.name,
    });
    if let Some(c) = country {
        object["country"] = json!(c);
    }
    if let Some((lat, lon)) = coordinates {
        object["latitude"] = json!(lat);
        object["longitude"] = json!(lon);
    }
    Some(object)
}

fn relationship(kind: &str, source: &str, target: &str, created: &str) -> Value {
    json!({
        "type": "relationship",
        "spec_version": "2.1",
        "id": stix_id("relationship", &format!("{source}|{kind}|{target}")),
        "created_by_ref": producer_id(),
        "created": created,
        "modified": created,
        "relationship_type": kind,
        "source_ref": source,
        "target_ref": target,
    })
}

/// The political-event SDO of one event (without markings).
fn event_object(
    event: &Event,
    report: &Report,
    created: &str,
    refs: &EventRefs,
    credibility: Option<Credibility>,
) -> Value {
    let id = stix_id(EVENT_TYPE, &event.id);
    let mut o = Map::new();
    let mut put = |k: &str, v: Value| {
        o.insert(k.to_string(), v);
    };
    put("type", json!(EVENT_TYPE));
    put("spec_version", json!("2.1"));
    put("id", json!(id));
    put("created_by_ref", json!(producer_id()));
    put("created", json!(created));
    put("modified", json!(created));
    put(
        "name",
        json!(format!(
            "{} {} {}",
            event.actor.join("+"),
            event.event_type.name(),
            event.recipient.join("+")
        )
        .trim()),
    );
    put("description", json!(event.evidence.text));
    put("ladder_event_id", json!(event.id));
    put("ladder_report_id", json!(report.id));
    put("source_report_ref", json!(stix_id("report", &report.id)));
    put("event_type", json!(event.event_type.name()));
    put("event_type_scheme", json!("plover"));
    if let Some(mode) = &event.mode {
        put("mode", json!(mode));
    }
    if !event.context.is_empty() {
        put("contexts", json!(event.context));
    }
    if let Some(cameo) = &event.cameo {
        put("cameo_code", json!(cameo));
    }
    put("actor_codes", json!(event.actor));
    put("recipient_codes", json!(event.recipient));
    if !refs.source_actors.is_empty() {
        put("source_actor_refs", json!(refs.source_actors));
    }
    if !refs.target_actors.is_empty() {
        put("target_actor_refs", json!(refs.target_actors));
    }
    if let Some(d) = &event.actor_detail {
        put("actor_detail", json!(d));
    }
    if let Some(d) = &event.recipient_detail {
        put("recipient_detail", json!(d));
    }
    if let Some(q) = &event.quantity {
        let mut qo = Map::new();
        if let Some(v) = q.value {
            qo.insert("value".into(), json!(v));
        }
        if let Some(m) = q.max {
            qo.insert("max_value".into(), json!(m));
        }
        qo.insert("unit".into(), json!(q.unit));
        qo.insert("approximate".into(), json!(q.approx));
        if let Some(v) = &q.vague {
            qo.insert("vague_amount".into(), json!(v));
        }
        qo.insert("text".into(), json!(q.text));
        put("quantity", Value::Object(qo));
    }
    if let Some(place) = &event.location {
        let mut po = Map::new();
        po.insert("name".into(), json!(place.name));
        if let Some(c) = &place.country {
            po.insert("country_code".into(), json!(c));
        }
        if let Some((lat, lon)) = coordinates_of(place) {
            po.insert("latitude".into(), json!(lat));
            po.insert("longitude".into(), json!(lon));
        }
        if let Some(k) = &place.kind {
            po.insert("place_kind".into(), json!(k));
        }
        put("place", Value::Object(po));
    }
    if let Some(date) = &event.event_date {
        put("event_date", json!(date));
    }
    if let Some((start, end)) = event.date_range().filter(|(a, b)| in_stix_years(*a, *b)) {
        put("start_time", json!(day_timestamp(start)));
        put("stop_time", json!(day_end_timestamp(end)));
    }
    if let Some(p) = event.date_precision {
        put(
            "date_precision",
            serde_json::to_value(p).unwrap_or(Value::Null),
        );
    }
    if let Some(b) = event.date_basis {
        put("date_basis", serde_json::to_value(b).unwrap_or(Value::Null));
    }
    put("modality", json!(event.modality.name()));
    if !event.attributed_to.is_empty() {
        put("attributed_to_codes", json!(event.attributed_to));
        put("attributed_to_refs", json!(refs.attributed));
    }
    if let Some(d) = &event.attributed_detail {
        put("attributed_detail", json!(d));
    }
    let mut evidence = Map::new();
    if let Some(r) = &event.evidence.report_ref {
        evidence.insert("input_reference".into(), json!(r));
    }
    evidence.insert("start_byte".into(), json!(event.evidence.start));
    evidence.insert("end_byte".into(), json!(event.evidence.end));
    evidence.insert("text".into(), json!(event.evidence.text));
    put("evidence", Value::Object(evidence));
    put("coding_rule", json!(event.rule));
    if let Some(c) = credibility.and_then(confidence) {
        put("confidence", json!(c));
    }
    put(
        "extensions",
        extensions(vec![
            (event_extension_id(), json!({"extension_type": "new-sdo"})),
            (
                grading_extension_id(),
                grading(
                    Some(report.reliability.unwrap_or(Reliability::F)),
                    credibility,
                ),
            ),
        ]),
    );
    Value::Object(o)
}

/// Whether both days lie in years a STIX timestamp can write (four digits).
fn in_stix_years(a: chrono::NaiveDate, b: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    (1..=9999).contains(&a.year()) && (1..=9999).contains(&b.year())
}

/// Identity ids an event points at.
#[derive(Default)]
struct EventRefs {
    source_actors: Vec<String>,
    target_actors: Vec<String>,
    attributed: Vec<String>,
}

/// Add one event and everything it brings (identities, place, relationships); returns the
/// ids the report should list.
fn add_event(
    c: &mut Collector,
    event: &Event,
    report: &Report,
    credibility: Option<Credibility>,
) -> Vec<String> {
    let level = report.tlp;
    let created = report_time(report);
    let event_id = stix_id(EVENT_TYPE, &event.id);
    let mut listed = vec![event_id.clone()];
    let mut refs = EventRefs::default();
    let relate = |c: &mut Collector, kind: &str, target: &str, listed: &mut Vec<String>| {
        let rel = relationship(kind, &event_id, target, &created);
        listed.push(c.add(rel, level, Merge::Strictest));
    };
    let side = |c: &mut Collector,
                codes: &[String],
                detail: &Option<String>,
                kind: &str,
                listed: &mut Vec<String>| {
        let mut ids = Vec::new();
        for code in codes.iter().filter(|c| has_text(c)) {
            let id = c.add(actor_identity(code), level, Merge::Least);
            listed.push(id.clone());
            ids.push(id);
        }
        if let Some(detail) = detail.as_ref().filter(|d| has_text(d)) {
            let code = codes.first().map(String::as_str).unwrap_or("");
            let did = c.add(detail_identity(code, detail), level, Merge::Least);
            listed.push(did.clone());
            for id in ids.clone() {
                let rel = relationship("related-to", &did, &id, FIXED_CREATED);
                listed.push(c.add(rel, level, Merge::Least));
            }
            ids.push(did);
        }
        for id in &ids {
            relate(c, kind, id, listed);
        }
        ids
    };
    refs.source_actors = side(
        c,
        &event.actor,
        &event.actor_detail,
        "related-to",
        &mut listed,
    );
    refs.target_actors = side(
        c,
        &event.recipient,
        &event.recipient_detail,
        "related-to",
        &mut listed,
    );
    refs.attributed = side(
        c,
        &event.attributed_to,
        &event.attributed_detail,
        "related-to",
        &mut listed,
    );
    if let Some(place) = event.location.as_ref().and_then(location_object) {
        let lid = c.add(place, level, Merge::Least);
        listed.push(lid.clone());
        let rel = relationship("located-at", &event_id, &lid, &created);
        listed.push(c.add(rel, level, Merge::Strictest));
    }
    let object = event_object(event, report, &created, &refs, credibility);
    c.add(object, level, Merge::Strictest);
    listed
}

/// The report SDO (without markings).
fn report_object(report: &Report, refs: Vec<String>) -> Value {
    let published = report_time(report);
    let name = report
        .title
        .clone()
        .filter(|t| has_text(t))
        .or_else(|| report.report_ref.clone().filter(|r| has_text(r)))
        .unwrap_or_else(|| format!("Report {}", &report.id[..report.id.len().min(12)]));
    let mut details = Map::new();
    details.insert("extension_type".into(), json!("property-extension"));
    details.insert("report_id".into(), json!(report.id));
    let mut opt = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            details.insert(k.to_string(), json!(v));
        }
    };
    opt("title", &report.title);
    opt("input_reference", &report.report_ref);
    opt("source_name", &report.source);
    opt("url", &report.url);
    opt("published_at", &report.published_at);
    opt("language", &report.language);
    if let Some(day) = report.published {
        details.insert(
            "published_day".into(),
            json!(day.format("%Y-%m-%d").to_string()),
        );
    }
    details.insert("format".into(), json!(report.format.name()));
    if let Some(d) = &report.dateline {
        details.insert(
            "dateline_json".into(),
            json!(serde_json::to_string(d).unwrap_or_default()),
        );
    }
    if !report.wire.is_empty() {
        details.insert("wire_services".into(), json!(report.wire));
    }
    let mut external = Map::new();
    external.insert(
        "source_name".into(),
        json!(report
            .source
            .clone()
            .filter(|s| has_text(s))
            .unwrap_or_else(|| "ladder".into())),
    );
    if let Some(r) = report.report_ref.as_ref().filter(|r| has_text(r)) {
        external.insert("external_id".into(), json!(r));
    } else if let Some(url) = report.url.as_ref().filter(|u| has_text(u)) {
        external.insert("url".into(), json!(url));
    }
    // STIX needs a description, external_id or url in an external reference.
    let external: Vec<Value> = if external.len() > 1 {
        vec![Value::Object(external)]
    } else {
        Vec::new()
    };
    let mut object = json!({
        "type": "report",
        "spec_version": "2.1",
        "id": stix_id("report", &report.id),
        "created_by_ref": producer_id(),
        "created": published,
        "modified": published,
        "published": published,
        "name": name,
        "description": report.text,
        "report_types": ["threat-report"],
        "object_refs": refs,
        "external_references": external,
    });
    let mut ext = vec![(report_extension_id(), Value::Object(details))];
    if report.reliability.is_some() {
        ext.push((grading_extension_id(), grading(report.reliability, None)));
    }
    object["extensions"] = extensions(ext);
    object
}

/// Grouping and note of one assessment, given the STIX ids of its exported evidence.
fn add_assessment(
    c: &mut Collector,
    assessment: &Assessment,
    evidence: Vec<String>,
    level: Tlp,
) -> String {
    let key = format!("{}|{}", assessment.scenario_id, assessment.as_of);
    let created = day_timestamp(assessment.as_of);
    let refs = if evidence.is_empty() {
        vec![producer_id()]
    } else {
        evidence
    };
    let grouping_id = stix_id("grouping", &key);
    let grouping = json!({
        "type": "grouping",
        "spec_version": "2.1",
        "id": grouping_id,
        "created_by_ref": producer_id(),
        "created": created,
        "modified": created,
        "name": format!("Evidence for scenario {} as of {}", assessment.scenario_id, assessment.as_of),
        "context": "suspicious-activity",
        "object_refs": refs,
    });
    c.add(grouping, level, Merge::Strictest);
    let mut lines = vec![format!(
        "Scenario {} as of {}: stage {} called.",
        assessment.scenario_id, assessment.as_of, assessment.stage_called
    )];
    for p in &assessment.probabilities {
        lines.push(format!("P(stage >= {}) = {:.2}", p.stage, p.p));
    }
    for i in &assessment.indicators {
        lines.push(format!(
            "Indicator {} (stage {}): {:?}, {} independent source(s).",
            i.indicator_id, i.stage, i.status, i.independent_sources
        ));
    }
    let note = json!({
        "type": "note",
        "spec_version": "2.1",
        "id": stix_id("note", &key),
        "created_by_ref": producer_id(),
        "created": created,
        "modified": created,
        "abstract": format!("{}: stage {} called as of {}", assessment.scenario_id, assessment.stage_called, assessment.as_of),
        "content": lines.join("\n"),
        "object_refs": [grouping_id],
        "extensions": extensions(vec![(assessment_extension_id(), json!({
            "extension_type": "property-extension",
            "assessment_json": serde_json::to_string(assessment).unwrap_or_default(),
        }))]),
    });
    c.add(note, level, Merge::Strictest);
    grouping_id
}

/// The playbook's responses as courses of action, each related to the grouping of its
/// scenario's assessment when that is exported (`grouping`: id, level, created).
fn add_playbook(c: &mut Collector, playbook: &Playbook, grouping: Option<&(String, Tlp, String)>) {
    for response in &playbook.responses {
        let mut description = response.text.clone();
        if !response.rationale.is_empty() {
            description.push_str(&format!("\nRationale: {}", response.rationale));
        }
        if let Some(cond) = &response.condition {
            description.push_str(&format!("\nCondition: {cond}"));
        }
        description.push_str(&format!(
            "\nObserver {}, scenario {}, from stage {}, track {:?}.",
            playbook.observer, playbook.scenario, response.stage, response.track
        ));
        let object = json!({
            "type": "course-of-action",
            "spec_version": "2.1",
            "id": stix_id("course-of-action", &format!("{}|{}", playbook.id, response.id)),
            "created_by_ref": producer_id(),
            "created": FIXED_CREATED,
            "modified": FIXED_CREATED,
            "name": format!("{}: {}", playbook.id, response.id),
            "description": description,
        });
        let coa = c.add(object, Tlp::Clear, Merge::Strictest);
        if let Some((gid, level, created)) = grouping {
            let rel = relationship("related-to", &coa, gid, created);
            c.add(rel, *level, Merge::Strictest);
        }
    }
}

/// Every STIX object of an export, sorted by id, markings included.
pub fn export_objects(input: &ExportInput<'_>, options: &ExportOptions) -> Vec<Value> {
    let mut c = Collector::default();
    for object in fixed_objects() {
        c.add(object, Tlp::Clear, Merge::Least);
    }
    let reports: BTreeMap<&str, &Report> = input
        .reports
        .iter()
        .filter(|r| r.tlp <= options.max_tlp)
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut credibility: BTreeMap<&str, Credibility> = BTreeMap::new();
    for a in input.assessments.iter().chain(input.graded_by) {
        for item in a.indicators.iter().flat_map(|i| &i.evidence) {
            let best = credibility
                .entry(item.event_id.as_str())
                .or_insert(item.credibility);
            *best = (*best).min(item.credibility);
        }
    }
    let mut listed: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut exported_events: BTreeSet<&str> = BTreeSet::new();
    for event in input.events {
        let Some(report) = reports.get(event.evidence.report_id.as_str()) else {
            continue;
        };
        let ids = add_event(
            &mut c,
            event,
            report,
            credibility.get(event.id.as_str()).copied(),
        );
        listed.entry(report.id.as_str()).or_default().extend(ids);
        exported_events.insert(event.id.as_str());
    }
    for report in reports.values() {
        let mut refs: BTreeSet<String> = listed.remove(report.id.as_str()).unwrap_or_default();
        if let Some(source) = report.source.as_ref().filter(|s| has_text(s)) {
            refs.insert(c.add(
                source_identity(source, report.reliability),
                report.tlp,
                Merge::Least,
            ));
        }
        if refs.is_empty() {
            refs.insert(producer_id());
        }
        c.add(
            report_object(report, refs.into_iter().collect()),
            report.tlp,
            Merge::Strictest,
        );
    }
    let all_levels: BTreeMap<&str, Tlp> = input
        .reports
        .iter()
        .map(|r| (r.id.as_str(), r.tlp))
        .collect();
    let mut groupings: BTreeMap<&str, (String, Tlp, String)> = BTreeMap::new();
    for a in input.assessments {
        let items: Vec<_> = a.indicators.iter().flat_map(|i| &i.evidence).collect();
        // Unknown evidence reports count as RED: never loosen handling by omission.
        let level = items
            .iter()
            .map(|i| {
                all_levels
                    .get(i.report_id.as_str())
                    .copied()
                    .unwrap_or(Tlp::Red)
            })
            .fold(Tlp::Clear, Tlp::strictest);
        if level > options.max_tlp {
            continue;
        }
        let evidence: BTreeSet<String> = items
            .iter()
            .filter(|i| exported_events.contains(i.event_id.as_str()))
            .map(|i| stix_id(EVENT_TYPE, &i.event_id))
            .collect();
        let gid = add_assessment(&mut c, a, evidence.into_iter().collect(), level);
        groupings.insert(a.scenario_id.as_str(), (gid, level, day_timestamp(a.as_of)));
    }
    for p in input.playbooks {
        let grouping = groupings.get(p.scenario.as_str()).or_else(|| {
            // A dyad instance (`template:A-B`) answers its template's playbook.
            groupings
                .iter()
                .find(|(s, _)| s.split(':').next() == Some(p.scenario.as_str()))
                .map(|(_, g)| g)
        });
        add_playbook(&mut c, p, grouping);
    }
    c.finish()
}

/// A bundle around objects; its id is a UUIDv5 of the objects' ids and versions.
pub fn bundle(objects: Vec<Value>) -> Value {
    let key: Vec<String> = objects
        .iter()
        .map(|o| {
            format!(
                "{}@{}",
                o["id"].as_str().unwrap_or(""),
                o["modified"]
                    .as_str()
                    .or(o["created"].as_str())
                    .unwrap_or("")
            )
        })
        .collect();
    json!({
        "type": "bundle",
        "id": stix_id("bundle", &key.join(",")),
        "objects": objects,
    })
}

/// Export as one bundle.
pub fn export_bundle(input: &ExportInput<'_>, options: &ExportOptions) -> Value {
    bundle(export_objects(input, options))
}

/// The bundle as text: pretty JSON with sorted keys and a final newline.
pub fn bundle_text(bundle: &Value) -> String {
    let mut text = serde_json::to_string_pretty(bundle).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_classed_as_organisations_or_people() {
        for (detail, organisation) in [
            ("National Intelligence Service", true),
            ("Ministry of Foreign Affairs", true),
            ("Korean People's Army", true),
            ("Kim Yo Jong", false),
            ("Georgy Zinoviev", false),
        ] {
            assert_eq!(detail_is_organisation(detail), organisation, "{detail}");
        }
    }

    #[test]
    fn credibility_maps_to_stix_confidence() {
        let table = [
            (1, Some(90)),
            (2, Some(70)),
            (3, Some(50)),
            (4, Some(30)),
            (5, Some(10)),
            (6, None),
        ];
        for (grade, want) in table {
            assert_eq!(
                confidence(Credibility::new(grade).unwrap()),
                want,
                "credibility {grade}"
            );
        }
    }

    #[test]
    fn places_need_a_country_or_coordinates() {
        let place = |country: Option<&str>, lat: Option<f64>| Location {
            name: "X".into(),
            country: country.map(str::to_string),
            lat,
            lon: lat,
            kind: None,
        };
        assert_eq!(
            location_object(&place(Some("KOR"), None)).unwrap()["country"],
            "KR"
        );
        assert!(location_object(&place(None, Some(1.5))).unwrap()["latitude"].is_number());
        assert!(location_object(&place(None, None)).is_none());
        assert!(
            location_object(&place(Some("XXX"), None)).is_none(),
            "unknown country code"
        );
    }

    #[test]
    fn playbook_responses_become_courses_of_action() {
        // From JSON, so that fields added to the core type later default cleanly.
        let playbook: Playbook = serde_json::from_value(json!({
            "id": "kor-dprk",
            "observer": "KOR",
            "scenario": "dprk-russia",
            "responses": [{
                "id": "summon",
                "stage": 1,
                "track": "diplomatic",
                "text": "Summon the ambassador",
                "rationale": "Signal displeasure early"
            }]
        }))
        .unwrap();
        let input = ExportInput {
            playbooks: std::slice::from_ref(&playbook),
            ..Default::default()
        };
        let objects = export_objects(&input, &ExportOptions::default());
        let coa: Vec<_> = objects
            .iter()
            .filter(|o| o["type"] == "course-of-action")
            .collect();
        assert_eq!(coa.len(), 1);
        assert!(coa[0]["description"]
            .as_str()
            .unwrap()
            .contains("Signal displeasure early"));
        assert_eq!(
            coa[0]["object_marking_refs"][0],
            tlp::marking_id(Tlp::Clear)
        );
    }

    #[test]
    fn empty_export_still_carries_its_definitions() {
        let objects = export_objects(&ExportInput::default(), &ExportOptions::default());
        let kinds: BTreeSet<&str> = objects.iter().filter_map(|o| o["type"].as_str()).collect();
        assert!(
            kinds.contains("extension-definition")
                && kinds.contains("identity")
                && kinds.contains("marking-definition")
        );
        let ids: Vec<&str> = objects.iter().filter_map(|o| o["id"].as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "objects are sorted by id");
    }
}
