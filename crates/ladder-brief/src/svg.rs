//! Hand-written inline SVG charts for the HTML briefing: the stage called over time with
//! the next rung's probability band, and the dyad's escalation index. Pure string
//! building: fixed decimals, no randomness, every label escaped.

use crate::{escape, Brief, EscalationSeries};
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

const WIDTH: f64 = 920.0;
const FONT: &str = "font-family=\"inherit\" font-size=\"11\"";

/// The colours of the charts (kept here so the palette is changed in one place).
mod colour {
    pub const INK: &str = "#1f2933";
    pub const MUTED: &str = "#616e7c";
    pub const GRID: &str = "#d9dee4";
    pub const LINE: &str = "#1d3557";
    pub const BAND: &str = "#e09f3e";
    pub const CALM: &str = "#eef1f4";
    pub const ALERT: &str = "#b3261e";
}

/// Horizontal date scale over a plot area.
struct DateScale {
    start: NaiveDate,
    days: i64,
    left: f64,
    width: f64,
}

impl DateScale {
    /// A scale from the first to one day past the last date, so each day has a width.
    fn new(first: NaiveDate, last: NaiveDate, left: f64, width: f64) -> DateScale {
        let days = (last - first).num_days().max(0) + 1;
        DateScale {
            start: first,
            days,
            left,
            width,
        }
    }

    fn x(&self, date: NaiveDate) -> f64 {
        let offset = (date - self.start).num_days() as f64;
        self.left + self.width * offset / self.days as f64
    }

    fn end(&self) -> f64 {
        self.left + self.width
    }

    /// About `target` tick dates on day boundaries, evenly spaced.
    fn ticks(&self, target: i64) -> Vec<NaiveDate> {
        let step = (self.days / target.max(1)).max(1);
        (0..self.days)
            .step_by(step as usize)
            .filter_map(|d| self.start.checked_add_signed(chrono::Duration::days(d)))
            .collect()
    }
}

/// A tick label: "18 Oct", with the year on the first tick and when the year turns.
fn tick_label(date: NaiveDate, previous: Option<NaiveDate>) -> String {
    match previous {
        Some(p) if p.year() == date.year() => date.format("%-d %b").to_string(),
        _ => date.format("%-d %b %Y").to_string(),
    }
}

fn x_axis(out: &mut String, scale: &DateScale, baseline: f64) {
    let _ = write!(
        out,
        "<line x1=\"{:.1}\" y1=\"{baseline:.1}\" x2=\"{:.1}\" y2=\"{baseline:.1}\" stroke=\"{}\"/>",
        scale.left,
        scale.end(),
        colour::MUTED
    );
    let mut previous = None;
    for tick in scale.ticks(7) {
        let x = scale.x(tick);
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{baseline:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{}\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\" {FONT}>{}</text>",
            baseline + 4.0,
            colour::MUTED,
            baseline + 17.0,
            colour::MUTED,
            escape::html(&tick_label(tick, previous)),
        );
        previous = Some(tick);
    }
}

fn open_svg(out: &mut String, id: &str, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape::html(title),
        escape::html(desc)
    );
}

/// Shorten a label to `max` characters with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A placeholder box where a chart has no data.
fn empty_chart(id: &str, title: &str, message: &str) -> String {
    let mut out = String::new();
    open_svg(&mut out, id, 90.0, title, message);
    let _ = write!(
        out,
        "<rect x=\"0.5\" y=\"0.5\" width=\"{:.0}\" height=\"89\" fill=\"{}\" stroke=\"{}\"/>\
         <text x=\"{:.0}\" y=\"50\" text-anchor=\"middle\" fill=\"{}\" {FONT}>{}</text></svg>",
        WIDTH - 1.0,
        colour::CALM,
        colour::GRID,
        WIDTH / 2.0,
        colour::MUTED,
        escape::html(message)
    );
    out
}

/// The stage called per day as a step line, with a band that rises from the called rung
/// toward the next one as P(stage ≥ next) grows.
pub fn stage_chart(brief: &Brief) -> String {
    let title = "Stage called over time";
    let mut points: Vec<&crate::StagePoint> = brief.history.iter().collect();
    points.sort_by_key(|p| p.date);
    points.dedup_by_key(|p| p.date);
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return empty_chart(
            "stage-chart",
            title,
            "No stage history: run a replay over the window to draw this chart.",
        );
    };
    let top = brief.top_stage().max(1);
    let (left, right, upper, row) = (250.0, 24.0, 14.0, 34.0);
    let plot_h = row * f64::from(top);
    let height = upper + plot_h + 40.0;
    let scale = DateScale::new(first.date, last.date, left, WIDTH - left - right);
    let y = |level: f64| upper + plot_h - row * level;

    let desc = format!(
        "Stage called each day from {} to {}; shaded band: probability of the next stage.",
        first.date, last.date
    );
    let mut out = String::new();
    open_svg(&mut out, "stage-chart", height, title, &desc);

    // Rungs: grid line and stage label for each level.
    for level in 0..=top {
        let ly = y(f64::from(level));
        let label = format!(
            "{level}  {}",
            shorten(&crate::capitalised(&brief.stage_name(level)), 36)
        );
        let _ = write!(
            out,
            "<line x1=\"{left:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\" {FONT}>{}</text>",
            scale.end(),
            colour::GRID,
            left - 8.0,
            ly + 4.0,
            colour::INK,
            escape::html(&label)
        );
    }

    // Spans: each point holds until the next point's date (the last until the end).
    let spans: Vec<(f64, f64, u8, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x0 = scale.x(p.date);
            let x1 = points.get(i + 1).map_or(scale.end(), |n| scale.x(n.date));
            let next_p = if p.stage < top {
                p.p_at_least(p.stage + 1)
            } else {
                0.0
            };
            (x0, x1, p.stage.min(top), next_p)
        })
        .collect();

    // The band: upper edge at stage + P(next), lower edge at the stage, both stepped.
    let mut band = String::new();
    for (i, (x0, x1, stage, p)) in spans.iter().enumerate() {
        let top_y = y(f64::from(*stage) + p);
        let cmd = if i == 0 { 'M' } else { 'L' };
        let _ = write!(band, "{cmd}{x0:.1},{top_y:.1} L{x1:.1},{top_y:.1} ");
    }
    for (x0, x1, stage, _) in spans.iter().rev() {
        let base_y = y(f64::from(*stage));
        let _ = write!(band, "L{x1:.1},{base_y:.1} L{x0:.1},{base_y:.1} ");
    }
    let _ = write!(
        out,
        "<path d=\"{}Z\" fill=\"{}\" fill-opacity=\"0.35\" stroke=\"none\"/>",
        band,
        colour::BAND
    );

    // The step line of the stage called.
    let mut line = String::new();
    for (i, (x0, x1, stage, _)) in spans.iter().enumerate() {
        let sy = y(f64::from(*stage));
        let cmd = if i == 0 { 'M' } else { 'L' };
        let _ = write!(line, "{cmd}{x0:.1},{sy:.1} L{x1:.1},{sy:.1} ");
    }
    let _ = write!(
        out,
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>",
        line.trim_end(),
        colour::LINE
    );

    // Markers where the stage changed, with the date and move as a tooltip.
    for pair in points.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if before.stage != after.stage {
            let cx = scale.x(after.date);
            let cy = y(f64::from(after.stage.min(top)));
            let _ = write!(
                out,
                "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"4\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\">\
                 <title>{}: stage {} → {}</title></circle>",
                colour::LINE,
                after.date,
                before.stage,
                after.stage
            );
        }
    }

    x_axis(&mut out, &scale, y(0.0));
    out.push_str("</svg>");
    out
}

/// The dyad's daily escalation index as robust z-scores, with the ±2 band shaded and
/// days above +2 marked.
pub fn index_chart(series: Option<&EscalationSeries>) -> String {
    let title = "Dyadic escalation index";
    let Some(series) = series else {
        return empty_chart(
            "index-chart",
            title,
            "No escalation index for this briefing (pass --dyad A,B).",
        );
    };
    let mut points: Vec<&crate::IndexPoint> =
        series.points.iter().filter(|p| p.z.is_finite()).collect();
    points.sort_by_key(|p| p.date);
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return empty_chart(
            "index-chart",
            title,
            "No events on this pair in the window.",
        );
    };
    let (left, right, upper, plot_h) = (56.0, 24.0, 12.0, 170.0);
    let height = upper + plot_h + 40.0;
    let max_z = points
        .iter()
        .map(|p| p.z)
        .fold(3.0_f64, f64::max)
        .min(12.0)
        .ceil();
    let min_z = points
        .iter()
        .map(|p| p.z)
        .fold(-3.0_f64, f64::min)
        .max(-12.0)
        .floor();
    let scale = DateScale::new(first.date, last.date, left, WIDTH - left - right);
    let y = |z: f64| upper + plot_h * (max_z - z.clamp(min_z, max_z)) / (max_z - min_z);
    // Points sit in the middle of their day.
    let half_day = scale.width / scale.days as f64 / 2.0;

    let desc = format!(
        "Daily escalation index of {}–{} from {} to {}, as robust z-scores; shaded band ±2.",
        series.dyad.0, series.dyad.1, first.date, last.date
    );
    let mut out = String::new();
    open_svg(&mut out, "index-chart", height, title, &desc);

    let _ = write!(
        out,
        "<rect x=\"{left:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
        y(2.0),
        scale.width,
        y(-2.0) - y(2.0),
        colour::CALM
    );
    let step = if max_z - min_z > 12.0 { 4 } else { 1 };
    let mut z = min_z as i64;
    while z <= max_z as i64 {
        if z % step == 0 {
            let ly = y(z as f64);
            let stroke = if z == 0 { colour::MUTED } else { colour::GRID };
            let _ = write!(
                out,
                "<line x1=\"{left:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\" {FONT}>{}</text>",
                scale.end(),
                if z == 0 { "1" } else { "0.6" },
                left - 8.0,
                ly + 4.0,
                colour::MUTED,
                if z > 0 { format!("+{z}") } else { z.to_string() }
            );
        }
        z += 1;
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\" {FONT}>±2 (ordinary variation)</text>",
        scale.end() - 6.0,
        y(2.0) + 14.0,
        colour::MUTED
    );

    let mut line = String::new();
    for (i, p) in points.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        let _ = write!(
            line,
            "{cmd}{:.1},{:.1} ",
            scale.x(p.date) + half_day,
            y(p.z)
        );
    }
    let _ = write!(
        out,
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.8\" stroke-linejoin=\"round\"/>",
        line.trim_end(),
        colour::LINE
    );
    for p in points.iter().filter(|p| p.z > 2.0) {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{}\"><title>{}: z = {:+.1} ({} events)</title></circle>",
            scale.x(p.date) + half_day,
            y(p.z),
            colour::ALERT,
            p.date,
            p.z,
            p.events
        );
    }
    x_axis(&mut out, &scale, upper + plot_h);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn stage_chart_labels_every_rung_and_marks_changes() {
        let brief = fixture::brief();
        let svg = stage_chart(&brief);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        for level in 0..=5 {
            assert!(
                svg.contains(&format!(">{level}  ")),
                "rung {level} labelled"
            );
        }
        assert_eq!(svg.matches("<circle").count(), 2, "two stage changes");
        assert!(svg.contains("2024-10-18: stage 2 → 3"));
    }

    #[test]
    fn index_chart_marks_days_above_two() {
        let brief = fixture::brief();
        let svg = index_chart(brief.index.as_ref());
        // z = d/3 − 4.5 exceeds 2 for d = 20 only.
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(svg.contains("2024-10-20: z = +2.2"));
    }

    #[test]
    fn empty_inputs_give_a_placeholder_not_a_panic() {
        let mut brief = fixture::brief();
        brief.history.clear();
        assert!(stage_chart(&brief).contains("No stage history"));
        assert!(index_chart(None).contains("--dyad"));
    }

    #[test]
    fn labels_are_escaped() {
        let mut brief = fixture::brief();
        brief.scenario.stages[1].name = "<b onload=x>".into();
        let svg = stage_chart(&brief);
        assert!(svg.contains("&lt;b onload=x&gt;"));
        assert!(!svg.contains("<b onload"));
    }
}

/// One point of a reliability chart: the mean predicted probability of a bin, how often
/// the event was observed in it, and how many predictions it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReliabilityPoint {
    pub predicted: f64,
    pub observed: f64,
    pub count: usize,
}

/// A reliability chart (calibration): predicted P(stage ≥ k) against the share of days
/// on which stage ≥ k was the case, one dot per bin (area by count), the diagonal being
/// perfect calibration. A standalone SVG document.
pub fn reliability_chart(points: &[ReliabilityPoint]) -> String {
    const SIZE: f64 = 360.0;
    const PAD: f64 = 44.0;
    let title = "Reliability of P(stage ≥ k)";
    let desc = "Mean predicted probability per bin against the observed share; the diagonal is perfect calibration.";
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{0:.0}\" height=\"{0:.0}\" \
         viewBox=\"0 0 {0:.0} {0:.0}\" role=\"img\" aria-labelledby=\"rel-title rel-desc\">\
         <title id=\"rel-title\">{1}</title><desc id=\"rel-desc\">{2}</desc>\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        SIZE + 2.0 * PAD,
        escape::html(title),
        escape::html(desc)
    );
    let x = |p: f64| PAD + SIZE * p.clamp(0.0, 1.0);
    let y = |p: f64| PAD + SIZE * (1.0 - p.clamp(0.0, 1.0));
    for tick in 0..=5 {
        let p = f64::from(tick) / 5.0;
        let _ = write!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\"/>\
             <line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\" {FONT}>{p:.1}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\" {FONT}>{p:.1}</text>",
            x(p),
            y(0.0),
            x(p),
            y(1.0),
            colour::GRID,
            x(0.0),
            y(p),
            x(1.0),
            y(p),
            colour::GRID,
            x(p),
            y(0.0) + 16.0,
            colour::MUTED,
            x(0.0) - 6.0,
            y(p) + 4.0,
            colour::MUTED,
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-dasharray=\"4 4\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\" {FONT}>predicted P(stage ≥ k)</text>\
         <text x=\"12\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\" {FONT} transform=\"rotate(-90 12 {:.1})\">observed share</text>",
        x(0.0),
        y(0.0),
        x(1.0),
        y(1.0),
        colour::MUTED,
        x(0.5),
        y(0.0) + 34.0,
        colour::INK,
        y(0.5),
        colour::INK,
        y(0.5),
    );
    let total: usize = points.iter().map(|p| p.count).sum::<usize>().max(1);
    let mut line = String::new();
    for point in points.iter().filter(|p| p.count > 0) {
        let r = 3.0 + 12.0 * (point.count as f64 / total as f64).sqrt();
        let _ = write!(
            line,
            "{}{:.1},{:.1}",
            if line.is_empty() { "" } else { " " },
            x(point.predicted),
            y(point.observed)
        );
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" fill=\"{}\" fill-opacity=\"0.7\"><title>{} predictions, mean {:.4}, observed {:.4}</title></circle>",
            x(point.predicted),
            y(point.observed),
            colour::LINE,
            point.count,
            point.predicted,
            point.observed
        );
    }
    if !line.is_empty() {
        let _ = write!(
            out,
            "<polyline points=\"{line}\" fill=\"none\" stroke=\"{}\"/>",
            colour::LINE
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod reliability_tests {
    use super::*;

    #[test]
    fn reliability_chart_places_bins_and_skips_empty_ones() {
        let svg = reliability_chart(&[
            ReliabilityPoint {
                predicted: 0.05,
                observed: 0.0,
                count: 90,
            },
            ReliabilityPoint {
                predicted: 0.5,
                observed: 0.5,
                count: 0,
            },
            ReliabilityPoint {
                predicted: 0.95,
                observed: 1.0,
                count: 10,
            },
        ]);
        assert!(svg.starts_with("<svg xmlns="));
        assert_eq!(svg.matches("<circle").count(), 2);
        // p = 0.95 → x = 44 + 360 × 0.95; observed 1 → y = 44.
        assert!(svg.contains("cx=\"386.0\" cy=\"44.0\""), "{svg}");
        assert_eq!(
            svg,
            reliability_chart(&[
                ReliabilityPoint {
                    predicted: 0.05,
                    observed: 0.0,
                    count: 90
                },
                ReliabilityPoint {
                    predicted: 0.5,
                    observed: 0.5,
                    count: 0
                },
                ReliabilityPoint {
                    predicted: 0.95,
                    observed: 1.0,
                    count: 10
                },
            ])
        );
    }
}
