//! The HTML briefing: one self-contained page (inline CSS and SVG, no scripts, no
//! external requests) that prints cleanly. Every piece of outside text is escaped.

use crate::changes::{indicator_moves, probability_moves, IndicatorMove};
use crate::escape::{anchor, html as esc, safe_url};
use crate::{grade, percent, status_key, status_name, svg, track_name, Brief};
use ladder_core::{DimeTrack, EvidenceItem, IndicatorStatus, Modality, Response};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The briefing's stylesheet (also served by the web workspace for its charts).
pub const STYLE: &str = include_str!("brief.css");

/// Evidence items shown per indicator; the rest are counted, not listed.
pub const EVIDENCE_PER_INDICATOR: usize = 12;

/// Render the briefing as one HTML document.
pub fn render(brief: &Brief) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let tlp = brief.tlp();
    let title = format!(
        "{} — brief as of {}",
        brief.scenario.title,
        brief.assessment.as_of.format("%Y-%m-%d")
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"ladder {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&brief.methods.ladder_version),
        esc(&title)
    );
    marking(&mut out, tlp);
    masthead(&mut out, brief);
    out.push_str("<main>\n");
    bottom_line(&mut out, brief);
    trend(&mut out, brief);
    indicators(&mut out, brief);
    responses(&mut out, brief);
    evidence(&mut out, brief);
    out.push_str("</main>\n");
    methods(&mut out, brief);
    marking(&mut out, tlp);
    out.push_str("</body>\n</html>\n");
    out
}

fn marking(out: &mut String, tlp: ladder_core::Tlp) {
    let class = tlp
        .label()
        .trim_start_matches("TLP:")
        .to_ascii_lowercase()
        .replace('+', "-");
    let _ = writeln!(
        out,
        "<div class=\"marking tlp-{}\">{}</div>",
        anchor(&class),
        esc(tlp.label())
    );
}

fn masthead(out: &mut String, brief: &Brief) {
    let a = &brief.assessment;
    let _ = write!(
        out,
        "<header class=\"masthead\">\n<div class=\"kicker\">Indications &amp; warning brief · prepared for {}</div>\n\
         <h1>{}</h1>\n<div class=\"meta\"><span>As of <time datetime=\"{date}\">{date}</time></span>\
         <span>Scenario <code>{}</code></span>",
        esc(&brief.observer),
        esc(&brief.scenario.title),
        esc(&a.scenario_id),
        date = a.as_of.format("%Y-%m-%d"),
    );
    if !brief.scenario.actors.is_empty() {
        let _ = write!(
            out,
            "<span>Actors {}</span>",
            esc(&brief.scenario.actors.join(", "))
        );
    }
    if let Some(series) = &brief.index {
        let _ = write!(
            out,
            "<span>Dyad {}–{}</span>",
            esc(&series.dyad.0),
            esc(&series.dyad.1)
        );
    } else if a.dyad.len() == 2 {
        let _ = write!(
            out,
            "<span>Dyad {}–{}</span>",
            esc(&a.dyad[0]),
            esc(&a.dyad[1])
        );
    }
    out.push_str("</div>\n</header>\n");
}

/// The CSS class for a stage's colour, spreading any ladder over the six shades.
fn stage_class(level: u8, top: u8) -> String {
    let top = top.max(1);
    let shade = ((f64::from(level) / f64::from(top)) * 5.0).round() as u8;
    format!("s{}", shade.min(5))
}

fn bottom_line(out: &mut String, brief: &Brief) {
    let a = &brief.assessment;
    let called = a.stage_called;
    let top = brief.top_stage();
    let _ = write!(
        out,
        "<section class=\"bluf\" id=\"bottom-line\">\n<h2>Bottom line up front</h2>\n<div class=\"call\">\
         <div class=\"stage-badge {}\"><span class=\"num\">{called}</span><span class=\"of\">OF {top}</span></div>\
         <div><p class=\"stage-name\">Stage {called}: {}</p>",
        stage_class(called, top),
        esc(&crate::capitalised(&brief.stage_name(called))),
    );
    let desc = brief.stage_description(called);
    if !desc.is_empty() {
        let _ = write!(out, "<p class=\"stage-desc\">{}</p>", esc(desc));
    }
    let _ = write!(out, "<p class=\"lede\">{}</p>", lede(brief));
    if let Some(tip) = &a.tipped_by {
        let _ = write!(
            out,
            "<p class=\"tip\">{}</p>",
            esc(&crate::tip_sentence(tip))
        );
    }
    for c in &a.contradictions {
        let _ = write!(
            out,
            "<p class=\"contradiction\"><strong>Contradiction, not a call:</strong> {}</p>",
            esc(c)
        );
    }
    out.push_str("</div></div>\n");

    // P(stage ≥ k) for every rung.
    out.push_str("<div class=\"bluf-grid\">\n<div>\n<h3>Probability the situation has reached each rung</h3>\n<table class=\"ladder\">\n<thead><tr><th>k</th><th>Stage</th><th colspan=\"2\">P(stage ≥ k)</th></tr></thead>\n<tbody>\n");
    for k in (1..=top).rev() {
        let p = brief.p_at_least(k);
        let row_class = if k == called {
            " class=\"called\""
        } else if k > called {
            " class=\"above\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr{row_class}><td class=\"k\">{k}</td><td class=\"name\">{}</td>\
             <td class=\"barcell\"><div class=\"bar\" role=\"presentation\"><span style=\"width:{:.1}%\"></span></div></td>\
             <td class=\"p\">{}</td></tr>",
            esc(&crate::capitalised(&brief.stage_name(k))),
            p.clamp(0.0, 1.0) * 100.0,
            percent(p)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(threshold) = brief.methods.call_threshold {
        let sources = brief
            .methods
            .min_independent_sources
            .map(|n| format!(" with at least {n} independent sources"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<p class=\"threshold\">A stage is called when its probability passes {}{sources}.</p>",
            percent(threshold)
        );
    }
    out.push_str("</div>\n");
    what_changed(out, brief);
    out.push_str("</div>\n</section>\n");
}

/// The one-paragraph call: stage, probability, sources, the next rung.
fn lede(brief: &Brief) -> String {
    let a = &brief.assessment;
    let called = a.stage_called;
    let mut text = String::new();
    if called == 0 {
        let _ = write!(
            text,
            "No rung above the baseline is called as of {}.",
            a.as_of.format("%Y-%m-%d")
        );
    } else {
        let _ = write!(
            text,
            "Stage {called} is called as of {}",
            a.as_of.format("%Y-%m-%d")
        );
        if let Some(since) = brief.stage_since().filter(|d| *d < a.as_of) {
            let _ = write!(text, " (held since {})", since.format("%Y-%m-%d"));
        }
        let sources = brief.stage_sources(called);
        let _ = write!(
            text,
            ": P(stage ≥ {called}) = <strong>{}</strong>, supported by {sources} independent source{}.",
            percent(brief.p_at_least(called)),
            if sources == 1 { "" } else { "s" }
        );
    }
    if a.stage_supported < called {
        let _ = write!(
            text,
            " Today's evidence alone supports stage {}; stage {called} is held until it has stayed below the threshold{}.",
            a.stage_supported,
            brief
                .methods
                .hysteresis_days
                .map(|d| format!(" for {d} days"))
                .unwrap_or_default()
        );
    }
    if let Some(next) = brief.next_stage() {
        let _ = write!(
            text,
            " Next rung, stage {next} ({}): <strong>{}</strong>.",
            esc(&brief.stage_name(next)),
            percent(brief.p_at_least(next))
        );
    } else {
        text.push_str(" This is the top of the ladder.");
    }
    text
}

fn status_move(m: &IndicatorMove) -> String {
    let to = status_name(m.to).to_lowercase();
    let arrow = if m.is_up() {
        "<span class=\"up\">▲</span>"
    } else {
        "<span class=\"down\">▼</span>"
    };
    let from = match m.from {
        Some(f) if f != m.to => format!("{} → {to}", status_name(f).to_lowercase()),
        Some(_) => to,
        None => format!("new: {to}"),
    };
    format!("{arrow} {from}")
}

fn what_changed(out: &mut String, brief: &Brief) {
    let a = &brief.assessment;
    out.push_str("<div class=\"changed\">\n");
    match &brief.previous {
        Some(prev) => {
            let _ = writeln!(
                out,
                "<h3>What changed since {}</h3>",
                prev.as_of.format("%Y-%m-%d")
            );
        }
        None => out.push_str("<h3>What changed</h3>\n"),
    }
    out.push_str("<ul>\n");
    match &brief.previous {
        Some(prev) if prev.stage_called != a.stage_called => {
            let verb = if a.stage_called > prev.stage_called { "rose" } else { "fell" };
            let _ = writeln!(
                out,
                "<li><strong>Stage {verb} from {} to {}</strong> ({}).</li>",
                prev.stage_called,
                a.stage_called,
                esc(&brief.stage_name(a.stage_called))
            );
        }
        Some(prev) => {
            let _ = writeln!(out, "<li>Stage unchanged at {}.</li>", prev.stage_called);
        }
        None => out.push_str("<li>First assessment of this scenario: every observed indicator is listed as new.</li>\n"),
    }
    let moves = indicator_moves(brief.previous.as_ref(), a);
    for m in moves.iter().take(8) {
        let evidence_link = m
            .new_evidence
            .first()
            .map(|id| format!(" <a href=\"#ev-{}\">evidence</a>", anchor(id)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<li><a href=\"#ind-{}\">{}</a> (stage {}): {}, {} → {} independent source{}{evidence_link}.</li>",
            anchor(&m.indicator_id),
            esc(&m.text),
            m.stage,
            status_move(m),
            m.sources_before,
            m.sources_now,
            if m.sources_now == 1 { "" } else { "s" },
        );
    }
    if moves.len() > 8 {
        let _ = writeln!(
            out,
            "<li class=\"note\">… and {} more indicators moved.</li>",
            moves.len() - 8
        );
    }
    if moves.is_empty() && brief.previous.is_some() {
        out.push_str("<li class=\"note\">No indicator changed status.</li>\n");
    }
    if let Some(prev) = &brief.previous {
        for m in probability_moves(prev, a) {
            let _ = writeln!(
                out,
                "<li class=\"note\">P(stage ≥ {}) {} → {}</li>",
                m.stage,
                percent(m.before),
                percent(m.after)
            );
        }
    }
    out.push_str("</ul>\n</div>\n");
}

fn trend(out: &mut String, brief: &Brief) {
    out.push_str(
        "<section id=\"trend\">\n<h2>Trend</h2>\n<figure>\n<h3>Stage called over time</h3>\n",
    );
    out.push_str(&svg::stage_chart(brief));
    out.push_str(
        "\n<figcaption><span class=\"key\" style=\"background:#1d3557;height:3px\"></span>stage called each day, \
         as it would have been called with the reports published by then · \
         <span class=\"key\" style=\"background:#e09f3e;opacity:.45\"></span>band: probability of the next rung, \
         drawn as the share of the way to it</figcaption>\n</figure>\n<figure>\n",
    );
    match &brief.index {
        Some(series) => {
            let _ = writeln!(
                out,
                "<h3>Escalation index, {}–{}</h3>",
                esc(&series.dyad.0),
                esc(&series.dyad.1)
            );
        }
        None => out.push_str("<h3>Escalation index</h3>\n"),
    }
    out.push_str(&svg::index_chart(brief.index.as_ref()));
    out.push_str(
        "\n<figcaption>Daily escalation index: event intensity (PLOVER/Goldstein weights) normalised by news volume \
         on the pair, as a robust z-score against the pair's own past · shaded: ±2, ordinary variation · \
         red dots: days above +2</figcaption>\n</figure>\n</section>\n",
    );
}

fn indicators(out: &mut String, brief: &Brief) {
    out.push_str(
        "<section id=\"indicators\">\n<h2>Indicators</h2>\n<table class=\"indicators\">\n<thead><tr>\
         <th>Stage</th><th>Indicator</th><th>Status</th><th class=\"num\">Independent sources</th>\
         <th>Evidence</th></tr></thead>\n<tbody>\n",
    );
    let warning_ids: Vec<&str> = brief
        .scenario
        .stages
        .iter()
        .flat_map(|s| s.indicators.iter())
        .filter(|i| i.warning)
        .map(|i| i.id.as_str())
        .collect();
    for ind in brief.indicators() {
        let key = status_key(ind.status);
        let warning = if ind.warning || warning_ids.contains(&ind.indicator_id.as_str()) {
            "<span class=\"warning-tag\" title=\"fed by planned, considered and conditional reports\">warning</span>"
        } else {
            ""
        };
        let name = if ind.evidence.is_empty() {
            esc(&ind.text)
        } else {
            format!(
                "<a href=\"#ind-{}\">{}</a>",
                anchor(&ind.indicator_id),
                esc(&ind.text)
            )
        };
        let refs: String = sorted_evidence(&ind.evidence)
            .iter()
            .take(6)
            .map(|e| {
                format!(
                    "<a href=\"#ev-{}\" title=\"{}\">{}</a>",
                    anchor(&e.event_id),
                    esc(e.source.as_deref().unwrap_or("unknown source")),
                    grade(e)
                )
            })
            .collect();
        let more = ind.evidence.len().max(ind.evidence_total).saturating_sub(6);
        let more = if more > 0 {
            format!("<span class=\"more\">+{more}</span>")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<tr class=\"st-{key}\"><td class=\"stage\">{}</td><td>{name}{warning}</td>\
             <td><span class=\"pill {key}\">{}</span>{}</td><td class=\"num\">{}</td><td class=\"refs\">{refs}{more}</td></tr>",
            ind.stage,
            status_name(ind.status),
            denials_note(ind.denials),
            ind.independent_sources,
        );
    }
    if brief.assessment.indicators.is_empty() {
        out.push_str(
            "<tr><td colspan=\"5\" class=\"empty\">The scenario has no indicators.</td></tr>\n",
        );
    }
    out.push_str("</tbody>\n</table>\n<p class=\"legend\">");
    for status in [
        IndicatorStatus::NotObserved,
        IndicatorStatus::SingleSource,
        IndicatorStatus::Corroborated,
        IndicatorStatus::Confirmed,
    ] {
        let count = brief.status_counts().get(&status).copied().unwrap_or(0);
        let _ = write!(
            out,
            "<span class=\"pill {}\">{} · {count}</span> ",
            status_key(status),
            status_name(status)
        );
    }
    out.push_str(
        "<br>Independent sources: reports that share an origin (wire copy, the same agency cited) count once.</p>\n</section>\n",
    );
}

fn denials_note(denials: usize) -> String {
    match denials {
        0 => String::new(),
        1 => " <span class=\"denied-note\">1 denial</span>".to_string(),
        n => format!(" <span class=\"denied-note\">{n} denials</span>"),
    }
}

fn responses(out: &mut String, brief: &Brief) {
    let called = brief.assessment.stage_called;
    out.push_str("<section id=\"responses\">\n");
    let Some(playbook) = &brief.playbook else {
        let _ = writeln!(
            out,
            "<h2>Responses</h2>\n<p class=\"empty\">No playbook for observer {} on this scenario.</p>\n</section>",
            esc(&brief.observer)
        );
        return;
    };
    let heading = if playbook.title.is_empty() {
        format!("Responses — {} playbook", brief.observer)
    } else {
        format!("Responses — {}", playbook.title)
    };
    let _ = writeln!(out, "<h2>{}</h2>", esc(&heading));
    let _ = writeln!(
        out,
        "<div class=\"rung-title\"><h3>On the table now</h3><span class=\"hint\">unlocked at stages 0–{called}</span></div>"
    );
    response_tracks(out, &brief.responses_now(), called, false);
    if let Some(next) = brief.next_stage() {
        let _ = writeln!(
            out,
            "<div class=\"rung-title\"><h3>At the next rung</h3><span class=\"hint\">stage {next}: {}</span></div>",
            esc(&brief.stage_name(next))
        );
        response_tracks(out, &brief.responses_next(), called, true);
    }
    out.push_str("</section>\n");
}

fn response_tracks(
    out: &mut String,
    by_track: &BTreeMap<DimeTrack, Vec<&Response>>,
    called: u8,
    next: bool,
) {
    if by_track.is_empty() {
        out.push_str("<p class=\"empty\">The playbook lists no responses here.</p>\n");
        return;
    }
    out.push_str("<div class=\"tracks\">\n");
    for (track, list) in by_track {
        let _ = write!(
            out,
            "<div class=\"track{}\"><h4>{}</h4><ul>",
            if next { " next" } else { "" },
            track_name(*track)
        );
        for r in list {
            let from = if next {
                String::new()
            } else if r.stage == called {
                " <span class=\"from new\">new at this rung</span>".to_string()
            } else {
                format!(" <span class=\"from\">since stage {}</span>", r.stage)
            };
            let _ = write!(
                out,
                "<li id=\"resp-{}\"><span class=\"what\">{}</span>{from}",
                anchor(&r.id),
                esc(&r.text)
            );
            if !r.rationale.is_empty() {
                let _ = write!(out, "<span class=\"why\">{}</span>", esc(&r.rationale));
            }
            if let Some(condition) = r.condition.as_deref().filter(|c| !c.is_empty()) {
                let _ = write!(
                    out,
                    "<span class=\"condition\">Only {}</span>",
                    esc(condition)
                );
            }
            out.push_str("</li>");
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</div>\n");
}

/// Evidence in reading order: heaviest first, then newest, then by event id.
pub(crate) fn sorted_evidence(items: &[EvidenceItem]) -> Vec<&EvidenceItem> {
    let mut list: Vec<&EvidenceItem> = items.iter().collect();
    list.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| b.published.cmp(&a.published))
            .then_with(|| a.event_id.cmp(&b.event_id))
    });
    list.dedup_by(|a, b| a.event_id == b.event_id);
    list
}

/// "Who said it": the attribution codes, with the event's detail when the coder kept one.
pub(crate) fn said_by(brief: &Brief, item: &EvidenceItem) -> Option<String> {
    let detail = brief
        .events
        .get(&item.event_id)
        .and_then(|e| e.attributed_detail.clone());
    match (item.attributed_to.is_empty(), detail) {
        (true, None) => None,
        (true, Some(d)) => Some(d),
        (false, None) => Some(item.attributed_to.join(", ")),
        (false, Some(d)) => Some(format!("{} ({d})", item.attributed_to.join(", "))),
    }
}

/// "PRK AID → RUS (troops)": what the coder read in the sentence.
pub(crate) fn event_summary(brief: &Brief, item: &EvidenceItem) -> Option<String> {
    let event = brief.events.get(&item.event_id)?;
    let mut text = format!("{} {}", event.actor.join("+"), event.event_type.name());
    if !event.recipient.is_empty() {
        let _ = write!(text, " → {}", event.recipient.join("+"));
    }
    if let Some(q) = &event.quantity {
        let _ = write!(text, ", {}", q.text);
    }
    if let Some(loc) = &event.location {
        let _ = write!(text, ", {}", loc.name);
    }
    if let Some(mode) = &event.mode {
        let _ = write!(text, " ({mode})");
    }
    Some(text)
}

fn evidence(out: &mut String, brief: &Brief) {
    out.push_str("<section id=\"evidence\">\n<h2>Evidence</h2>\n");
    let with_evidence: Vec<_> = brief
        .indicators()
        .into_iter()
        .filter(|i| !i.evidence.is_empty())
        .collect();
    if with_evidence.is_empty() {
        out.push_str("<p class=\"empty\">No report matches any indicator yet.</p>\n");
    }
    for ind in with_evidence {
        let _ = write!(
            out,
            "<article class=\"indicator-evidence\" id=\"ind-{}\">\n<h3>{} <span class=\"pill {}\">{}</span>\
             <span class=\"sub\">stage {} · {} independent source{} · {} item{}</span></h3>\n<ol class=\"evidence\">\n",
            anchor(&ind.indicator_id),
            esc(&ind.text),
            status_key(ind.status),
            status_name(ind.status),
            ind.stage,
            ind.independent_sources,
            if ind.independent_sources == 1 { "" } else { "s" },
            ind.evidence.len().max(ind.evidence_total),
            if ind.evidence.len().max(ind.evidence_total) == 1 { "" } else { "s" },
        );
        let items = sorted_evidence(&ind.evidence);
        for item in items.iter().take(EVIDENCE_PER_INDICATOR) {
            evidence_item(out, brief, item);
        }
        let shown = items.len().min(EVIDENCE_PER_INDICATOR);
        let total = items.len().max(ind.evidence_total);
        if total > shown {
            let _ = writeln!(
                out,
                "<li class=\"more\">{} weaker items not listed: <code>ladder assess --scenario {} --json</code> shows the engine's full list.</li>",
                total - shown,
                esc(&brief.assessment.scenario_id)
            );
        }
        out.push_str("</ol>\n</article>\n");
    }
    out.push_str("</section>\n");
}

fn evidence_item(out: &mut String, brief: &Brief, item: &EvidenceItem) {
    let id = anchor(&item.event_id);
    let weak = item.reliability >= ladder_core::Reliability::D || item.credibility.value() >= 4;
    let _ = write!(
        out,
        "<li class=\"evidence{}{}\" id=\"ev-{id}\"><div class=\"ev-head\"><span class=\"grade{}\" title=\"{}: {}; {}: {}\">{}</span>\
         <span class=\"src\">{}</span>",
        if item.modality == Modality::Denied { " denied" } else { "" },
        if item.duplicate { " copy" } else { "" },
        if weak { " weak" } else { "" },
        item.reliability.letter(),
        esc(item.reliability.label()),
        item.credibility.value(),
        esc(item.credibility.label()),
        grade(item),
        esc(item.source.as_deref().unwrap_or("unknown source")),
    );
    let published = item.published.map(|d| d.format("%Y-%m-%d").to_string());
    if let Some(date) = item.published {
        let _ = write!(
            out,
            "<span><time datetime=\"{d}\">{d}</time></span>",
            d = date.format("%Y-%m-%d")
        );
    }
    if let Some(event_date) = item
        .event_date
        .as_deref()
        .filter(|d| Some(*d) != published.as_deref())
    {
        let _ = write!(out, "<span>event {}</span>", esc(event_date));
    }
    let _ = write!(
        out,
        "<span class=\"modality\">{}</span>",
        item.modality.name()
    );
    if item.duplicate {
        out.push_str(
            "<span class=\"copy-note\">same origin as an item above: not counted again</span>",
        );
    }
    if let Some(who) = said_by(brief, item) {
        let _ = write!(out, "<span>said by {}</span>", esc(&who));
    }
    let _ = write!(
        out,
        "</div>\n<blockquote>“{}”</blockquote>\n<div class=\"ev-foot\">",
        esc(item.sentence.trim())
    );
    if let Some(summary) = event_summary(brief, item) {
        let _ = write!(out, "<span>coded: {}</span>", esc(&summary));
    }
    let _ = write!(out, "<span>weight {:.2}</span>", item.weight);
    let report = brief.reports.get(&item.report_id);
    let title = report
        .and_then(|r| r.title.clone())
        .filter(|t| !t.trim().is_empty());
    let reference = item
        .report_ref
        .clone()
        .unwrap_or_else(|| format!("report {}", short_id(&item.report_id)));
    let label = title.unwrap_or_else(|| reference.clone());
    match report.and_then(|r| r.url.as_deref()).and_then(safe_url) {
        Some(url) => {
            let _ = write!(
                out,
                "<span><a href=\"{}\" rel=\"noreferrer\" title=\"{}\">{}</a></span>",
                esc(url),
                esc(&reference),
                esc(&label)
            );
        }
        None => {
            let _ = write!(
                out,
                "<span title=\"{}\">{}</span>",
                esc(&reference),
                esc(&label)
            );
        }
    }
    let _ = writeln!(
        out,
        "<span class=\"prov\">report <code>{}</code>, bytes {}–{}</span><span><a href=\"#ev-{id}\" title=\"link to this evidence\">#</a></span></div></li>",
        esc(short_id(&item.report_id)),
        item.start,
        item.end
    );
}

/// The first 12 characters of an id, enough to find it with `ladder reports show`.
fn short_id(id: &str) -> &str {
    match id.char_indices().nth(12) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

fn methods(out: &mut String, brief: &Brief) {
    let m = &brief.methods;
    out.push_str("<footer class=\"methods\" id=\"methods\">\n<h2>Methods</h2>\n<p>");
    out.push_str(
        "Each coded event that matches an indicator adds evidence, weighted by the source's reliability \
         (Admiralty A–F), the information's credibility (1–6, from corroboration), its modality (asserted and \
         reported events count as occurrences; planned, considered and conditional ones only feed warning \
         indicators; denials are shown but weigh little) and its age (each indicator has a half-life). Reports \
         that share an origin count once. Evidence combines by likelihood ratios into P(stage ≥ k) for each rung.",
    );
    match (m.call_threshold, m.min_independent_sources) {
        (Some(t), Some(n)) => {
            let _ = write!(
                out,
                " A stage is called when its probability passes {} with at least {n} independent sources",
                percent(t)
            );
        }
        (Some(t), None) => {
            let _ = write!(
                out,
                " A stage is called when its probability passes {}",
                percent(t)
            );
        }
        _ => {
            out.push_str(" A stage is called when its probability passes the scenario's threshold")
        }
    }
    match m.hysteresis_days {
        Some(days) => {
            let _ = write!(out, ", and left only after {days} days below it.");
        }
        None => out.push('.'),
    }
    out.push_str("</p>\n");
    for note in &m.notes {
        let _ = writeln!(out, "<p>{}</p>", esc(note));
    }
    out.push_str(
        "<p>Grades: source reliability A (completely reliable) to F (cannot be judged); information credibility \
         1 (confirmed by independent sources) to 6 (cannot be judged).</p>\n<dl>\n",
    );
    let _ = writeln!(
        out,
        "<dt>Data as of</dt><dd>{} (reports published on or before this date)</dd>",
        brief.assessment.as_of.format("%Y-%m-%d")
    );
    if let (Some(reports), Some(events)) = (m.reports, m.events) {
        let _ = writeln!(
            out,
            "<dt>Considered</dt><dd>{events} coded events from {reports} reports</dd>"
        );
    }
    if let Some(coder) = &m.coder_version {
        let _ = writeln!(out, "<dt>Coder</dt><dd><code>{}</code></dd>", esc(coder));
    }
    let _ = writeln!(out, "<dt>Ladder</dt><dd>{}</dd>", esc(&m.ladder_version));
    let _ = writeln!(
        out,
        "<dt>Handling</dt><dd>{} (the strictest level among the cited reports)</dd>",
        esc(brief.tlp().label())
    );
    out.push_str("</dl>\n</footer>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn page_is_self_contained_and_escaped() {
        let page = render(&fixture::brief());
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(
            !page.contains("<script"),
            "no script, not even from report text"
        );
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(
            !page.contains("javascript:"),
            "unsafe report URLs are not linked"
        );
        assert!(page.contains("href=\"https://example.org/r1\""));
        for external in ["src=\"http", "href=\"//", "@import", "url("] {
            assert!(!page.contains(external), "no external resource: {external}");
        }
    }

    #[test]
    fn page_carries_the_call_evidence_and_responses() {
        let page = render(&fixture::brief());
        let expected = [
            "Stage 3: Confirmed transfers or training",
            "P(stage ≥ 3) = <strong>81%</strong>",
            "held since 2024-10-18",
            "id=\"ev-e1\"",
            "href=\"#ev-e1\"",
            ">B2<",
            "1,500 special forces had been shipped",
            "Stage rose from 2 to 3",
            "single source → corroborated",
            "Only if they are going too far",
            "TLP:GREEN",
            "test-coder 1",
            "passes 70% with at least 2 independent sources",
        ];
        for text in expected {
            assert!(page.contains(text), "page lacks {text:?}");
        }
    }

    #[test]
    fn same_brief_same_bytes() {
        assert_eq!(render(&fixture::brief()), render(&fixture::brief()));
    }

    #[test]
    fn stage_colours_spread_over_any_ladder() {
        let cases = [
            (0, 5, "s0"),
            (3, 5, "s3"),
            (5, 5, "s5"),
            (2, 3, "s3"),
            (9, 9, "s5"),
            (0, 0, "s0"),
        ];
        for (level, top, class) in cases {
            assert_eq!(stage_class(level, top), class, "{level}/{top}");
        }
    }
}
