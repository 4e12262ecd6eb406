//! Scoring a replay against the team's stage timeline (`eval/replay/timeline.toml`):
//! days right, the lag of each rise, days above the accepted stage (false alarms), the
//! Brier score of P(stage ≥ k) and a reliability table, beside the persistence baseline
//! (the call never moves from the timeline's initial stage). Parsing the timeline names
//! file and line on every error; scoring is pure.

use crate::engine::Replay;
use crate::files::{diagnostic_at, syntax_error, Diagnostic};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The team's dated stage timeline for one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    pub scenario: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub initial_stage: u8,
    #[serde(default)]
    pub change: Vec<StageChange>,
}

/// The first day a new stage is accepted; inside `[borderline_from, borderline_to]`
/// either the old or the new stage is right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageChange {
    pub date: NaiveDate,
    pub stage: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borderline_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borderline_to: Option<NaiveDate>,
    #[serde(default)]
    pub why: String,
}

/// Parse and check a timeline: dates inside `[start, end]` and increasing, borderline
/// windows around their change's date.
pub fn parse_timeline(file: &str, text: &str) -> Result<Timeline, Vec<Diagnostic>> {
    let timeline: Timeline =
        toml::from_str(text).map_err(|e| vec![syntax_error(file, text, &e)])?;
    let date_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("date"))
        .map(|(i, _)| i + 1)
        .collect();
    let mut out = Vec::new();
    if timeline.start > timeline.end {
        out.push(diagnostic_at(file, 1, "start is after end"));
    }
    let mut last = timeline.start;
    for (i, change) in timeline.change.iter().enumerate() {
        let line = date_lines.get(i).copied().unwrap_or(1);
        if change.date < last || change.date > timeline.end {
            out.push(diagnostic_at(
                file,
                line,
                format!(
                    "change of {} is out of order or outside start..end",
                    change.date
                ),
            ));
        }
        last = change.date;
        let from = change.borderline_from.unwrap_or(change.date);
        let to = change.borderline_to.unwrap_or(change.date);
        if from > change.date || to < change.date {
            out.push(diagnostic_at(
                file,
                line,
                format!(
                    "the borderline window of {} must contain its date",
                    change.date
                ),
            ));
        }
    }
    if out.is_empty() {
        Ok(timeline)
    } else {
        Err(out)
    }
}

impl Timeline {
    /// The stage in force on `day` (the last change on or before it).
    pub fn stage_on(&self, day: NaiveDate) -> u8 {
        self.change
            .iter()
            .rfind(|c| c.date <= day)
            .map_or(self.initial_stage, |c| c.stage)
    }

    /// The stages accepted on `day`: the stage in force, and the stage before a change
    /// whose borderline window holds the day.
    pub fn accepted_on(&self, day: NaiveDate) -> (u8, u8) {
        let now = self.stage_on(day);
        let mut low = now;
        let mut high = now;
        let mut before = self.initial_stage;
        for c in &self.change {
            let from = c.borderline_from.unwrap_or(c.date);
            let to = c.borderline_to.unwrap_or(c.date);
            if from <= day && day <= to {
                low = low.min(before).min(c.stage);
                high = high.max(before).max(c.stage);
            }
            before = c.stage;
        }
        (low, high)
    }

    /// Whether `day` lies in a borderline window.
    pub fn borderline(&self, day: NaiveDate) -> bool {
        let (low, high) = self.accepted_on(day);
        low != high
    }
}

/// One rise of the timeline and when the call reached it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiseScore {
    pub stage: u8,
    pub date: NaiveDate,
    /// The first day (from the stage before's change on) the call was at least `stage`.
    pub called: Option<NaiveDate>,
    /// `called - date` in days (negative: early); `None`: never reached.
    pub lag_days: Option<i64>,
}

/// One bin of the reliability table: predictions of P(stage ≥ k) in `[low, high)` and how
/// often stage ≥ k was the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    pub low: f64,
    pub high: f64,
    pub count: usize,
    pub mean_predicted: f64,
    pub observed: f64,
}

/// The figures of one forecaster (the engine or the persistence baseline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallScore {
    pub days: usize,
    pub days_right: usize,
    pub share_right: f64,
    pub rises: Vec<RiseScore>,
    /// Days the call was above every accepted stage, by the stage called (index k - 1).
    pub days_above: Vec<usize>,
    /// Days the call was below every accepted stage.
    pub days_below: usize,
    /// Brier score of P(stage ≥ k) per k (index k - 1), borderline days left out.
    pub brier: Vec<f64>,
    pub brier_mean: f64,
}

/// A replay scored against a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplayScore {
    pub scenario_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub engine: CallScore,
    /// Persistence: the call never moves from the timeline's initial stage.
    pub persistence: CallScore,
    pub reliability: Vec<ReliabilityBin>,
}

const BINS: usize = 10;

/// Read a replay from the CSV of `ladder replay --csv` (`date,stage,p1..pn,…`), e.g. one
/// made by another build of the engine, to score it the same way. Errors name the line.
pub fn replay_from_csv(file: &str, scenario_id: &str, text: &str) -> Result<Replay, String> {
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = lines
        .next()
        .map(|(_, h)| h.split(',').collect())
        .unwrap_or_default();
    let stages = header.iter().filter(|h| h.starts_with('p')).count();
    if header.first() != Some(&"date") || header.get(1) != Some(&"stage") || stages == 0 {
        return Err(format!("{file}:1: not a replay CSV (date,stage,p1..pn,…)"));
    }
    let mut rows = Vec::new();
    for (i, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let bad = || format!("{file}:{}: not a replay row: {line}", i + 1);
        let cells: Vec<&str> = line.split(',').collect();
        let date = cells
            .first()
            .and_then(|c| NaiveDate::parse_from_str(c, "%Y-%m-%d").ok());
        let stage = cells.get(1).and_then(|c| c.parse::<u8>().ok());
        let probabilities: Option<Vec<f64>> = (0..stages)
            .map(|k| cells.get(2 + k).and_then(|c| c.parse::<f64>().ok()))
            .collect();
        let (Some(date), Some(stage), Some(probabilities)) = (date, stage, probabilities) else {
            return Err(bad());
        };
        rows.push(crate::engine::ReplayRow {
            date,
            stage,
            probabilities,
            baseline_stage: 0,
            stage_supported: stage,
            independent_sources: vec![0; stages],
            tipped_by: None,
            contradictions: Vec::new(),
        });
    }
    Ok(Replay {
        scenario_id: scenario_id.to_string(),
        from: rows.first().map_or(NaiveDate::MIN, |r| r.date),
        to: rows.last().map_or(NaiveDate::MIN, |r| r.date),
        step_days: 1,
        stages: u8::try_from(stages).unwrap_or(u8::MAX),
        rows,
    })
}

fn round4(x: f64) -> f64 {
    crate::weighting::round4(x)
}

/// Score `replay` (daily rows over the timeline's period) against `timeline`.
pub fn score_replay(replay: &Replay, timeline: &Timeline) -> ReplayScore {
    let rows: Vec<_> = replay
        .rows
        .iter()
        .filter(|r| r.date >= timeline.start && r.date <= timeline.end)
        .collect();
    let n = usize::from(replay.stages);
    let engine_days: Vec<(NaiveDate, u8, Vec<f64>)> = rows
        .iter()
        .map(|r| (r.date, r.stage, r.probabilities.clone()))
        .collect();
    let initial = timeline.initial_stage;
    let persistence_days: Vec<(NaiveDate, u8, Vec<f64>)> = rows
        .iter()
        .map(|r| {
            let p = (1..=n)
                .map(|k| f64::from(u8::from(k <= usize::from(initial))))
                .collect();
            (r.date, initial, p)
        })
        .collect();
    ReplayScore {
        scenario_id: replay.scenario_id.clone(),
        from: rows.first().map_or(timeline.start, |r| r.date),
        to: rows.last().map_or(timeline.end, |r| r.date),
        engine: score_calls(&engine_days, timeline, n),
        persistence: score_calls(&persistence_days, timeline, n),
        reliability: reliability(&engine_days, timeline, n),
    }
}

fn score_calls(days: &[(NaiveDate, u8, Vec<f64>)], timeline: &Timeline, n: usize) -> CallScore {
    let mut right = 0;
    let mut above = vec![0; n];
    let mut below = 0;
    let mut squared = vec![0.0; n];
    let mut scored = 0usize;
    for (date, stage, probabilities) in days {
        let (low, high) = timeline.accepted_on(*date);
        if (low..=high).contains(stage) {
            right += 1;
        } else if *stage > high {
            above[usize::from(*stage) - 1] += 1;
        } else {
            below += 1;
        }
        if low == high {
            scored += 1;
            for (k, p) in probabilities.iter().enumerate().take(n) {
                let observed = f64::from(u8::from(usize::from(low) > k));
                squared[k] += (p - observed).powi(2);
            }
        }
    }
    let brier: Vec<f64> = squared
        .iter()
        .map(|s| round4(s / scored.max(1) as f64))
        .collect();
    let mut previous = timeline.start;
    let rises = timeline
        .change
        .iter()
        .map(|c| {
            let called = days
                .iter()
                .find(|(d, s, _)| *d >= previous && *s >= c.stage)
                .map(|(d, _, _)| *d);
            previous = c.date;
            RiseScore {
                stage: c.stage,
                date: c.date,
                called,
                lag_days: called.map(|d| (d - c.date).num_days()),
            }
        })
        .collect();
    CallScore {
        days: days.len(),
        days_right: right,
        share_right: round4(right as f64 / days.len().max(1) as f64),
        rises,
        days_above: above,
        days_below: below,
        brier_mean: round4(brier.iter().sum::<f64>() / brier.len().max(1) as f64),
        brier,
    }
}

fn reliability(
    days: &[(NaiveDate, u8, Vec<f64>)],
    timeline: &Timeline,
    n: usize,
) -> Vec<ReliabilityBin> {
    let mut sums = vec![(0usize, 0.0, 0.0); BINS];
    for (date, _, probabilities) in days {
        if timeline.borderline(*date) {
            continue;
        }
        let stage = timeline.stage_on(*date);
        for (k, &p) in probabilities.iter().enumerate().take(n) {
            let bin = ((p * BINS as f64) as usize).min(BINS - 1);
            let observed = f64::from(u8::from(usize::from(stage) > k));
            sums[bin].0 += 1;
            sums[bin].1 += p;
            sums[bin].2 += observed;
        }
    }
    sums.iter()
        .enumerate()
        .map(|(i, &(count, p, o))| ReliabilityBin {
            low: round4(i as f64 / BINS as f64),
            high: round4((i + 1) as f64 / BINS as f64),
            count,
            mean_predicted: round4(p / count.max(1) as f64),
            observed: round4(o / count.max(1) as f64),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ReplayRow;

    const TIMELINE: &str = r#"scenario = "s"
start = "2024-01-01"
end = "2024-01-10"
initial_stage = 0
[[change]]
date = "2024-01-04"
stage = 1
borderline_from = "2024-01-03"
borderline_to = "2024-01-05"
why = "x"
[[change]]
date = "2024-01-08"
stage = 2
"#;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, day).unwrap()
    }

    fn replay(stages: &[u8]) -> Replay {
        Replay {
            scenario_id: "s".into(),
            from: d(1),
            to: d(10),
            step_days: 1,
            stages: 2,
            rows: stages
                .iter()
                .enumerate()
                .map(|(i, &stage)| ReplayRow {
                    date: d(i as u32 + 1),
                    stage,
                    probabilities: vec![
                        if stage >= 1 { 0.9 } else { 0.1 },
                        if stage >= 2 { 0.9 } else { 0.1 },
                    ],
                    baseline_stage: 0,
                    stage_supported: stage,
                    independent_sources: vec![0, 0],
                    tipped_by: None,
                    contradictions: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn borderline_days_accept_either_stage_and_lags_are_signed() {
        let t = parse_timeline("t.toml", TIMELINE).unwrap();
        assert_eq!(t.accepted_on(d(3)), (0, 1));
        assert_eq!(t.accepted_on(d(6)), (1, 1));
        //                         1  2  3  4  5  6  7  8  9  10
        let s = score_replay(&replay(&[0, 0, 1, 0, 1, 1, 2, 2, 2, 1]), &t);
        // Day 4 (0 where 1 is in force, inside the window) is right; day 7 (2 before 8)
        // is a false alarm at stage 2; day 10 (1 after 2) is below.
        assert_eq!(s.engine.days_right, 8);
        assert_eq!(s.engine.days_above, vec![0, 1]);
        assert_eq!(s.engine.days_below, 1);
        let lags: Vec<Option<i64>> = s.engine.rises.iter().map(|r| r.lag_days).collect();
        assert_eq!(lags, vec![Some(-1), Some(-1)]);
        // Persistence never rises: right only before the first change and in its window.
        assert_eq!(s.persistence.days_right, 5);
        assert_eq!(s.persistence.rises[0].called, None);
        assert!(s.engine.brier_mean < s.persistence.brier_mean);
    }

    #[test]
    fn timeline_errors_name_the_line() {
        let bad = TIMELINE.replace("date = \"2024-01-08\"", "date = \"2024-01-02\"");
        let problems = parse_timeline("t.toml", &bad).unwrap_err();
        assert_eq!(
            (problems[0].file.as_str(), problems[0].line),
            ("t.toml", 12)
        );
        let syntax = TIMELINE.replace("stage = 2", "stage = two");
        assert_eq!(parse_timeline("t.toml", &syntax).unwrap_err()[0].line, 13);
    }
}
