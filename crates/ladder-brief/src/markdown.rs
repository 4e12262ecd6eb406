//! The Markdown briefing: the same content as the HTML page in plain text that reads well
//! in a terminal, a chat message or a wiki. Outside text is escaped so it cannot inject
//! links, HTML or table cells.

use crate::changes::{indicator_moves, probability_moves};
use crate::escape::{anchor, markdown as esc, safe_url};
use crate::html::{event_summary, said_by, sorted_evidence, EVIDENCE_PER_INDICATOR};
use crate::{grade, percent, status_name, track_name, Brief};
use ladder_core::{DimeTrack, Response};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Render the briefing as Markdown.
pub fn render(brief: &Brief) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let a = &brief.assessment;
    let called = a.stage_called;
    let date = a.as_of.format("%Y-%m-%d");
    let _ = writeln!(out, "**{}**\n", brief.tlp().label());
    let _ = writeln!(
        out,
        "# {} — brief as of {date}\n",
        esc(&brief.scenario.title)
    );
    let _ = writeln!(
        out,
        "Prepared for {} · scenario `{}` · data as of {date}\n",
        esc(&brief.observer),
        a.scenario_id.replace('`', "'")
    );

    out.push_str("## Bottom line up front\n\n");
    let _ = writeln!(
        out,
        "**Stage {called} of {}: {}.**",
        brief.top_stage(),
        esc(&crate::capitalised(&brief.stage_name(called)))
    );
    let mut lede = String::new();
    if called > 0 {
        let _ = write!(lede, "Called as of {date}");
        if let Some(since) = brief.stage_since().filter(|d| *d < a.as_of) {
            let _ = write!(lede, " (held since {})", since.format("%Y-%m-%d"));
        }
        let sources = brief.stage_sources(called);
        let _ = write!(
            lede,
            ": P(stage ≥ {called}) = {}, {sources} independent source{}.",
            percent(brief.p_at_least(called)),
            if sources == 1 { "" } else { "s" }
        );
    } else {
        lede.push_str("No rung above the baseline is called.");
    }
    if let Some(next) = brief.next_stage() {
        let _ = write!(
            lede,
            " Next rung, stage {next} ({}): {}.",
            esc(&brief.stage_name(next)),
            percent(brief.p_at_least(next))
        );
    }
    let _ = writeln!(out, "{lede}\n");
    if let Some(tip) = &a.tipped_by {
        let _ = writeln!(out, "{}\n", esc(&crate::tip_sentence(tip)));
    }
    for c in &a.contradictions {
        let _ = writeln!(out, "> **Contradiction, not a call:** {}\n", esc(c));
    }

    out.push_str("| k | Stage | P(stage ≥ k) |\n|---:|---|---:|\n");
    for k in (1..=brief.top_stage()).rev() {
        let mark = if k == called { " ◀ called" } else { "" };
        let _ = writeln!(
            out,
            "| {k} | {}{mark} | {} |",
            esc(&crate::capitalised(&brief.stage_name(k))),
            percent(brief.p_at_least(k))
        );
    }
    out.push('\n');

    match &brief.previous {
        Some(prev) => {
            let _ = writeln!(
                out,
                "### What changed since {}\n",
                prev.as_of.format("%Y-%m-%d")
            );
            if prev.stage_called != called {
                let _ = writeln!(out, "- **Stage {} → {}**", prev.stage_called, called);
            } else {
                let _ = writeln!(out, "- Stage unchanged at {called}");
            }
        }
        None => out.push_str("### What changed\n\n- First assessment of this scenario\n"),
    }
    for m in indicator_moves(brief.previous.as_ref(), a) {
        let from = m
            .from
            .map_or("new".to_string(), |f| status_name(f).to_lowercase());
        let _ = writeln!(
            out,
            "- {} (stage {}): {from} → {}, {} → {} independent sources",
            esc(&m.text),
            m.stage,
            status_name(m.to).to_lowercase(),
            m.sources_before,
            m.sources_now
        );
    }
    if let Some(prev) = &brief.previous {
        for m in probability_moves(prev, a) {
            let _ = writeln!(
                out,
                "- P(stage ≥ {}) {} → {}",
                m.stage,
                percent(m.before),
                percent(m.after)
            );
        }
    }
    out.push('\n');

    history(&mut out, brief);

    out.push_str("## Indicators\n\n| Stage | Indicator | Status | Independent sources | Evidence |\n|---:|---|---|---:|---:|\n");
    for ind in brief.indicators() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            ind.stage,
            esc(&ind.text),
            status_name(ind.status),
            ind.independent_sources,
            ind.evidence.len()
        );
    }
    out.push('\n');

    responses(&mut out, brief);
    evidence(&mut out, brief);
    methods(&mut out, brief);
    out
}

/// Stage changes over the history window, and the latest escalation index values.
fn history(out: &mut String, brief: &Brief) {
    let mut points: Vec<&crate::StagePoint> = brief.history.iter().collect();
    points.sort_by_key(|p| p.date);
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let _ = writeln!(
            out,
            "## Stage over time\n\nFrom {} to {}: stage {} at the start.\n",
            first.date, last.date, first.stage
        );
        for pair in points.windows(2) {
            if pair[0].stage != pair[1].stage {
                let _ = writeln!(
                    out,
                    "- {}: stage {} → {} ({})",
                    pair[1].date,
                    pair[0].stage,
                    pair[1].stage,
                    esc(&brief.stage_name(pair[1].stage))
                );
            }
        }
        out.push('\n');
    }
    if let Some(series) = &brief.index {
        let high: Vec<_> = series
            .points
            .iter()
            .filter(|p| p.z.is_finite() && p.z > 2.0)
            .collect();
        let _ = writeln!(
            out,
            "## Escalation index {}–{}\n\n{} days in the window, {} above +2 (robust z-score against the pair's past).\n",
            esc(&series.dyad.0),
            esc(&series.dyad.1),
            series.points.len(),
            high.len()
        );
        if !high.is_empty() {
            out.push_str("| Date | z | Events |\n|---|---:|---:|\n");
            for p in high.iter().rev().take(10) {
                let _ = writeln!(out, "| {} | {:+.1} | {} |", p.date, p.z, p.events);
            }
            out.push('\n');
        }
    }
}

fn responses(out: &mut String, brief: &Brief) {
    let Some(playbook) = &brief.playbook else {
        let _ = writeln!(
            out,
            "## Responses\n\nNo playbook for observer {}.\n",
            esc(&brief.observer)
        );
        return;
    };
    let heading = if playbook.title.is_empty() {
        format!("{} playbook", brief.observer)
    } else {
        playbook.title.clone()
    };
    let _ = writeln!(out, "## Responses — {}\n", esc(&heading));
    let called = brief.assessment.stage_called;
    let _ = writeln!(out, "### On the table now (stages 0–{called})\n");
    response_list(out, &brief.responses_now());
    if let Some(next) = brief.next_stage() {
        let _ = writeln!(
            out,
            "### At the next rung (stage {next}: {})\n",
            esc(&brief.stage_name(next))
        );
        response_list(out, &brief.responses_next());
    }
}

fn response_list(out: &mut String, by_track: &BTreeMap<DimeTrack, Vec<&Response>>) {
    if by_track.is_empty() {
        out.push_str("None listed.\n\n");
        return;
    }
    for (track, list) in by_track {
        let _ = writeln!(out, "**{}**\n", track_name(*track));
        for r in list {
            let _ = write!(out, "- {} *(from stage {})*", esc(&r.text), r.stage);
            if !r.rationale.is_empty() {
                let _ = write!(out, " — {}", esc(&r.rationale));
            }
            if let Some(c) = r.condition.as_deref().filter(|c| !c.is_empty()) {
                let _ = write!(out, " **Only {}.**", esc(c));
            }
            out.push('\n');
        }
        out.push('\n');
    }
}

fn evidence(out: &mut String, brief: &Brief) {
    out.push_str("## Evidence\n\n");
    let mut any = false;
    for ind in brief
        .indicators()
        .into_iter()
        .filter(|i| !i.evidence.is_empty())
    {
        any = true;
        let _ = writeln!(
            out,
            "### {} — {} ({} independent sources)\n",
            esc(&ind.text),
            status_name(ind.status),
            ind.independent_sources
        );
        let items = sorted_evidence(&ind.evidence);
        for item in items.iter().take(EVIDENCE_PER_INDICATOR) {
            let _ = write!(
                out,
                "- <a id=\"ev-{}\"></a>**{}** {}",
                anchor(&item.event_id),
                grade(item),
                esc(item.source.as_deref().unwrap_or("unknown source"))
            );
            if let Some(d) = item.published {
                let _ = write!(out, ", {d}");
            }
            let _ = write!(out, ", {}", item.modality.name());
            if let Some(who) = said_by(brief, item) {
                let _ = write!(out, ", said by {}", esc(&who));
            }
            let _ = write!(out, ":\n  > {}\n  ", esc(item.sentence.trim()));
            if let Some(summary) = event_summary(brief, item) {
                let _ = write!(out, "coded: {} · ", esc(&summary));
            }
            let report = brief.reports.get(&item.report_id);
            let label = item
                .report_ref
                .clone()
                .unwrap_or_else(|| item.report_id.chars().take(12).collect());
            match report.and_then(|r| r.url.as_deref()).and_then(safe_url) {
                Some(url) => {
                    let _ = writeln!(out, "[{}](<{}>)", esc(&label), url.replace(['<', '>'], ""));
                }
                None => {
                    let _ = writeln!(out, "{}", esc(&label));
                }
            }
        }
        if items.len() > EVIDENCE_PER_INDICATOR {
            let _ = writeln!(
                out,
                "- … {} more items",
                items.len() - EVIDENCE_PER_INDICATOR
            );
        }
        out.push('\n');
    }
    if !any {
        out.push_str("No report matches any indicator yet.\n\n");
    }
}

fn methods(out: &mut String, brief: &Brief) {
    let m = &brief.methods;
    out.push_str("## Methods\n\n");
    out.push_str(
        "Matching events add evidence weighted by source reliability (A–F), information credibility (1–6), \
         modality and age; reports sharing an origin count once; evidence combines by likelihood ratios into \
         P(stage ≥ k).",
    );
    if let Some(t) = m.call_threshold {
        let _ = write!(out, " A stage is called above {}", percent(t));
        if let Some(n) = m.min_independent_sources {
            let _ = write!(out, " with at least {n} independent sources");
        }
        if let Some(d) = m.hysteresis_days {
            let _ = write!(out, ", and left after {d} days below it");
        }
        out.push('.');
    }
    out.push_str("\n\n");
    for note in &m.notes {
        let _ = writeln!(out, "{}\n", esc(note));
    }
    let _ = writeln!(
        out,
        "- Data as of: {}",
        brief.assessment.as_of.format("%Y-%m-%d")
    );
    if let (Some(r), Some(e)) = (m.reports, m.events) {
        let _ = writeln!(out, "- Considered: {e} coded events from {r} reports");
    }
    if let Some(c) = &m.coder_version {
        let _ = writeln!(out, "- Coder: {}", esc(c));
    }
    let _ = writeln!(out, "- Ladder: {}", esc(&m.ladder_version));
    let _ = writeln!(out, "\n**{}**", brief.tlp().label());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn markdown_carries_the_call_and_escapes_text() {
        let md = render(&fixture::brief());
        let expected = [
            "**Stage 3 of 5: Confirmed transfers or training.**",
            "| 3 | Confirmed transfers or training ◀ called | 81% |",
            "- **Stage 2 → 3**",
            "<a id=\"ev-e1\"></a>**B2** Harbour Wire",
            "[examples/r1.txt](<https://example.org/r1>)",
            "\\<script\\>",
            "**Only if they are going too far.**",
        ];
        for text in expected {
            assert!(md.contains(text), "markdown lacks {text:?}");
        }
        assert!(!md.contains("javascript:"));
        assert!(
            !md.replace("\\<", "").contains("<script"),
            "only escaped markup"
        );
    }

    #[test]
    fn markdown_and_html_quote_the_tipping_evidence_and_show_contradictions() {
        let mut brief = fixture::brief();
        brief.assessment.tipped_by = Some(ladder_core::TippingEvidence {
            stage: 3,
            from_stage: 1,
            date: chrono::NaiveDate::from_ymd_opt(2024, 10, 18).unwrap(),
            indicator_id: "troops-sent-to-russia".into(),
            event_id: "e1".into(),
            report_id: "r1".into(),
            source: Some("Yonhap".into()),
            published: None,
            sentence: "North Korea sent <troops> to Russia.".into(),
            grade: "B2".into(),
        });
        brief.assessment.contradictions = vec![
            "the key evidence of stage 5 holds, but stage 4 has no evidence of its own".into(),
        ];
        let md = render(&brief);
        assert!(
            md.contains("Tipped on 2024-10-18 (stage 1 → 3) by Yonhap (B2, troops-sent-to-russia)"),
            "{md}"
        );
        assert!(
            md.contains(
                "The call rose 2 rungs that day: the key indicators of stages 2 to 3 all held."
            ),
            "{md}"
        );
        assert!(
            md.contains("> **Contradiction, not a call:** the key evidence of stage 5 holds"),
            "{md}"
        );
        let html = crate::html::render(&brief);
        assert!(
            html.contains("North Korea sent &lt;troops&gt; to Russia."),
            "escaped"
        );
        assert!(
            html.contains("<p class=\"contradiction\"><strong>Contradiction, not a call:</strong>")
        );
    }
}
