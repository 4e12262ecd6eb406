//! Scoring coded events against hand-coded gold events, by the matching rules of the
//! team's evaluation README (type, actor, recipient, overlapping span; greedy one-to-one
//! in gold order), plus per-sentence accuracies for one-event-per-sentence gold such as
//! the PLOVER gold-standard records.

use ladder_core::{Event, EventType, Modality};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One gold event, read from the gold JSONL format.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldEvent {
    pub article_id: String,
    pub actor: Vec<String>,
    pub target: Vec<String>,
    pub event_type: String,
    pub alt_event_types: Vec<String>,
    pub modality: String,
    pub source: Vec<String>,
    /// Byte spans: the main span and the support spans.
    pub spans: Vec<(usize, usize)>,
    pub quantity: Option<f64>,
}

fn codes_of(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => s
            .split(';')
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty())
            .collect(),
        Value::Array(a) => a.iter().flat_map(codes_of).collect(),
        _ => Vec::new(),
    }
}

fn quantity_value(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Object(m) => m
            .get("value")
            .and_then(Value::as_f64)
            .or_else(|| m.values().find_map(Value::as_f64)),
        Value::Array(a) => a.first().and_then(quantity_value),
        _ => None,
    }
}

impl GoldEvent {
    /// Parse one gold line.
    pub fn from_json(v: &Value) -> Option<GoldEvent> {
        let span = |s: &Value| {
            Some((
                s.get("start")?.as_u64()? as usize,
                s.get("end")?.as_u64()? as usize,
            ))
        };
        let mut spans: Vec<(usize, usize)> = v.get("span").and_then(span).into_iter().collect();
        if let Some(Value::Array(sup)) = v.get("support_spans") {
            spans.extend(sup.iter().filter_map(span));
        }
        Some(GoldEvent {
            article_id: v.get("article_id")?.as_str()?.to_string(),
            actor: v.get("actor").map(codes_of).unwrap_or_default(),
            target: v.get("target").map(codes_of).unwrap_or_default(),
            event_type: v.get("event_type")?.as_str()?.to_uppercase(),
            alt_event_types: v
                .get("alt_event_types")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_uppercase))
                        .collect()
                })
                .unwrap_or_default(),
            modality: v
                .get("modality")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_lowercase(),
            source: v.get("source").map(codes_of).unwrap_or_default(),
            spans,
            quantity: v.get("quantity").and_then(quantity_value),
        })
    }
}

/// How codes are compared.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Read the gold the PLOVER way: old CAMEO-style codes mapped (JAP→JPN, ITL→ITA,
    /// VTN→VAT), the generic `IGO`/`NGO`/`IMG`/`ISM`/`MNC` matching any organisation code
    /// of the coder, and coder events collapsed to PLOVER categories (future
    /// CONSULT/SUPPORT/COOPERATE/AID → AGREE, future RETREAT → CONCEDE, planned or
    /// conditional ASSAULT/COERCE/MOBILIZE/PROTEST/SANCTION → THREATEN).
    pub plover: bool,
    /// Codes that are states (anything else is an organisation).
    pub country_codes: Vec<String>,
}

/// The PLOVER category of a coded event. The manual collapses unreal events: future
/// cooperation is AGREE, future retreat CONCEDE, and announced or hypothetical coercion,
/// sanctions, protest or violence THREATEN (the coding guide's reading).
pub fn plover_type(ev: &Event) -> EventType {
    let unreal = matches!(
        ev.modality,
        Modality::Planned | Modality::Considered | Modality::Conditional
    );
    match ev.event_type {
        EventType::Consult | EventType::Support | EventType::Cooperate | EventType::Aid
            if unreal =>
        {
            EventType::Agree
        }
        EventType::Retreat if unreal => EventType::Concede,
        EventType::Assault
        | EventType::Coerce
        | EventType::Mobilize
        | EventType::Protest
        | EventType::Sanction
            if unreal =>
        {
            EventType::Threaten
        }
        t => t,
    }
}

impl EvalOptions {
    fn gold_code(&self, c: &str) -> String {
        if !self.plover {
            return c.to_string();
        }
        match c {
            "JAP" => "JPN".into(),
            "ITL" => "ITA".into(),
            "VTN" => "VAT".into(),
            _ => c.to_string(),
        }
    }

    fn intersects(&self, gold: &[String], coded: &[String]) -> bool {
        gold.iter().any(|g| {
            let g = self.gold_code(g);
            if self.plover && matches!(g.as_str(), "IGO" | "NGO" | "IMG" | "ISM" | "MNC") {
                return coded.iter().any(|c| !self.country_codes.contains(c));
            }
            coded.contains(&g)
        })
    }

    fn event_type(&self, ev: &Event) -> String {
        if self.plover {
            plover_type(ev).name().to_string()
        } else {
            ev.event_type.name().to_string()
        }
    }
}

/// Scores by the README's matching rules.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct EvalReport {
    pub articles: usize,
    pub gold_events: usize,
    pub system_events: usize,
    pub matched: usize,
    pub recall: f64,
    pub precision_all: f64,
    pub precision_annotated: f64,
    pub f1_annotated: f64,
    pub modality_acc: f64,
    pub modality_right: usize,
    pub attribution_acc: f64,
    pub quantity_acc: f64,
    pub recall_by_type: BTreeMap<String, String>,
    /// Per-sentence accuracies (one gold event per report), when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentences: Option<SentenceAccuracy>,
    /// Gold events not matched: "article#event type actor→target".
    pub missed: Vec<String>,
}

/// Accuracies over gold sentences (one gold event each).
///
/// - `type_acc`: share of all gold sentences where some coded event in that report has
///   the gold type (or an alternative).
/// - `actor_acc`: among sentences whose type was matched and whose gold actor is not
///   empty, share where the best type-matching event's actors intersect the gold actors.
/// - `recipient_acc`: among sentences whose type was matched and whose gold target is not
///   empty, share where that event's recipients intersect the gold targets.
/// - `*_all` variants divide by every sentence with a gold actor / target instead.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SentenceAccuracy {
    pub sentences: usize,
    pub coded_sentences: usize,
    pub type_acc: f64,
    pub actor_acc: f64,
    pub recipient_acc: f64,
    pub actor_acc_all: f64,
    pub recipient_acc_all: f64,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        ((a as f64 / b as f64) * 1000.0).round() / 1000.0
    }
}

/// Score `events` (keyed by report ref) against `gold`.
pub fn evaluate(
    gold: &[GoldEvent],
    events: &[Event],
    opts: &EvalOptions,
    sentences: bool,
) -> EvalReport {
    let mut by_article: BTreeMap<&str, Vec<&GoldEvent>> = BTreeMap::new();
    for g in gold {
        by_article.entry(g.article_id.as_str()).or_default().push(g);
    }
    let mut sys: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in events {
        let key = e
            .evidence
            .report_ref
            .as_deref()
            .unwrap_or(e.evidence.report_id.as_str());
        if by_article.contains_key(key) {
            sys.entry(key).or_default().push(e);
        }
    }
    let mut rep = EvalReport {
        articles: by_article.len(),
        gold_events: gold.len(),
        system_events: sys.values().map(Vec::len).sum(),
        ..Default::default()
    };
    let (mut sys_annot, mut sys_matched) = (0usize, 0usize);
    let (mut mod_ok, mut att_ok, mut att_n, mut q_ok, mut q_n) = (0, 0, 0, 0, 0);
    let mut by_type: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut sa = SentenceAccuracy::default();
    let (mut type_hits, mut act_ok, mut act_n, mut rec_ok, mut rec_n, mut act_all_n, mut rec_all_n) =
        (0, 0, 0, 0, 0, 0, 0);
    for (aid, golds) in &by_article {
        let ss: Vec<&Event> = sys.get(aid).cloned().unwrap_or_default();
        let spans: Vec<(usize, usize)> = ss
            .iter()
            .map(|e| (e.evidence.start, e.evidence.end))
            .collect();
        for sp in &spans {
            if golds
                .iter()
                .any(|g| g.spans.iter().any(|x| overlaps(*sp, *x)))
            {
                sys_annot += 1;
            }
        }
        let mut used = vec![false; ss.len()];
        for g in golds {
            let entry = by_type.entry(g.event_type.clone()).or_default();
            entry.0 += 1;
            let types: Vec<&String> = std::iter::once(&g.event_type)
                .chain(&g.alt_event_types)
                .collect();
            let symmetric = g
                .event_type
                .parse::<EventType>()
                .is_ok_and(|t| t.is_symmetric());
            let hit = (0..ss.len()).find(|&si| {
                if used[si] {
                    return false;
                }
                let e = ss[si];
                if !types.iter().any(|t| **t == opts.event_type(e)) {
                    return false;
                }
                let mut ok = opts.intersects(&g.actor, &e.actor)
                    && (g.target.is_empty() || opts.intersects(&g.target, &e.recipient));
                if !ok && symmetric {
                    ok = opts.intersects(&g.actor, &e.recipient)
                        && (g.target.is_empty() || opts.intersects(&g.target, &e.actor));
                }
                ok && g.spans.iter().any(|x| overlaps(spans[si], *x))
            });
            if let Some(si) = hit {
                used[si] = true;
                rep.matched += 1;
                entry.1 += 1;
                let e = ss[si];
                if e.modality.name() == g.modality {
                    mod_ok += 1;
                }
                if !g.source.is_empty() && !g.source.iter().any(|s| s == "ARTICLE") {
                    att_n += 1;
                    if opts.intersects(&g.source, &e.attributed_to) {
                        att_ok += 1;
                    }
                }
                if let Some(q) = g.quantity {
                    q_n += 1;
                    if e.quantity.as_ref().and_then(|x| x.value).map(|v| v as f64) == Some(q) {
                        q_ok += 1;
                    }
                }
            } else {
                rep.missed.push(format!(
                    "{aid} {} {}→{}",
                    g.event_type,
                    g.actor.join(";"),
                    g.target.join(";")
                ));
            }
            if sentences {
                sa.sentences += 1;
                if !ss.is_empty() {
                    sa.coded_sentences += 1;
                }
                let typed: Vec<&Event> = ss
                    .iter()
                    .copied()
                    .filter(|e| types.iter().any(|t| **t == opts.event_type(e)))
                    .collect();
                let has_actor = !g.actor.is_empty();
                let has_target = !g.target.is_empty();
                act_all_n += usize::from(has_actor);
                rec_all_n += usize::from(has_target);
                if !typed.is_empty() {
                    type_hits += 1;
                    let score = |e: &Event| {
                        let a = has_actor && opts.intersects(&g.actor, &e.actor);
                        let r = has_target && opts.intersects(&g.target, &e.recipient);
                        (usize::from(a) + usize::from(r), a, r)
                    };
                    let best = typed
                        .iter()
                        .map(|e| score(e))
                        .max()
                        .unwrap_or((0, false, false));
                    if has_actor {
                        act_n += 1;
                        act_ok += usize::from(best.1);
                    }
                    if has_target {
                        rec_n += 1;
                        rec_ok += usize::from(best.2);
                    }
                }
            }
        }
        sys_matched += used.iter().filter(|u| **u).count();
    }
    rep.recall = ratio(rep.matched, rep.gold_events);
    rep.precision_all = ratio(sys_matched, rep.system_events);
    rep.precision_annotated = ratio(sys_matched, sys_annot);
    let (p, r) = (rep.precision_annotated, rep.recall);
    rep.f1_annotated = if p + r > 0.0 {
        ((2.0 * p * r / (p + r)) * 1000.0).round() / 1000.0
    } else {
        0.0
    };
    rep.modality_right = mod_ok;
    rep.modality_acc = ratio(mod_ok, rep.matched);
    rep.attribution_acc = ratio(att_ok, att_n);
    rep.quantity_acc = ratio(q_ok, q_n);
    rep.recall_by_type = by_type
        .into_iter()
        .map(|(t, (n, h))| (t, format!("{h}/{n}")))
        .collect();
    if sentences {
        sa.type_acc = ratio(type_hits, sa.sentences);
        sa.actor_acc = ratio(act_ok, act_n);
        sa.recipient_acc = ratio(rec_ok, rec_n);
        sa.actor_acc_all = ratio(act_ok, act_all_n);
        sa.recipient_acc_all = ratio(rec_ok, rec_all_n);
        rep.sentences = Some(sa);
    }
    rep
}
