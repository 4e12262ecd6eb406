//! The dyadic escalation index: for each day, the conflict intensity of the events
//! between two actors (negated Goldstein weights, so that conflict is positive),
//! normalised by the pair's news volume, and its robust z-score against the pair's own
//! trailing past (median and MAD).

use crate::input::AssessmentInput;
use crate::weighting::round4;
use chrono::{Days, NaiveDate};
use ladder_core::ontology::event_type_info;
use ladder_core::Event;
use serde::{Deserialize, Serialize};

/// Days summed into one day's value (a trailing week smooths the weekly news cycle).
pub const WINDOW_DAYS: u64 = 7;
/// Days of the pair's past a z-score is measured against.
pub const BASELINE_DAYS: u64 = 90;
/// Fewest past values needed for a z-score (else z = 0).
pub const MIN_BASELINE: usize = 14;
/// Floor of the robust scale, so that a quiet past does not make every event a spike.
pub const MIN_SCALE: f64 = 0.5;

/// One day of the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexPoint {
    pub date: NaiveDate,
    /// Mean conflict intensity over the trailing week, shrunk toward 0 on thin news:
    /// Σ(−Goldstein) / (events + 1).
    pub value: f64,
    /// Robust z-score against the previous [`BASELINE_DAYS`] days.
    pub z: f64,
    /// Events on the pair published that day.
    pub events: usize,
}

fn involves_pair(event: &Event, a: &str, b: &str) -> bool {
    let has = |side: &[String], code: &str| side.iter().any(|c| c == code);
    (has(&event.actor, a) && has(&event.recipient, b))
        || (has(&event.actor, b) && has(&event.recipient, a))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The index for the pair `(a, b)` on every day from `from` to `to`, counting the events
/// of reports published by each day (occurrences only: plans and denials are not acts).
pub fn escalation_index(
    pair: (&str, &str),
    input: &AssessmentInput,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<IndexPoint> {
    if from > to {
        return Vec::new();
    }
    let start = from
        .checked_sub_days(Days::new(BASELINE_DAYS + WINDOW_DAYS))
        .unwrap_or(from);
    let days = (to - start).num_days() as usize + 1;
    let mut intensity = vec![0.0f64; days];
    let mut counts = vec![0usize; days];
    for item in input.published_until(to) {
        if item.published < start
            || !item.event.modality.is_occurrence()
            || !involves_pair(&item.event, pair.0, pair.1)
        {
            continue;
        }
        let i = (item.published - start).num_days() as usize;
        intensity[i] -= event_type_info(item.event.event_type).goldstein;
        counts[i] += 1;
    }
    let window = WINDOW_DAYS as usize;
    let values: Vec<f64> = (0..days)
        .map(|i| {
            let lo = (i + 1).saturating_sub(window);
            let sum: f64 = intensity[lo..=i].iter().sum();
            let n: usize = counts[lo..=i].iter().sum();
            sum / (n as f64 + 1.0)
        })
        .collect();
    let offset = (from - start).num_days() as usize;
    (offset..days)
        .map(|i| {
            let lo = i.saturating_sub(BASELINE_DAYS as usize);
            let mut past: Vec<f64> = values[lo..i].to_vec();
            let z = if past.len() < MIN_BASELINE {
                0.0
            } else {
                let m = median(&mut past);
                let mut deviations: Vec<f64> = past.iter().map(|v| (v - m).abs()).collect();
                let scale = (1.4826 * median(&mut deviations)).max(MIN_SCALE);
                (values[i] - m) / scale
            };
            IndexPoint {
                date: start.checked_add_days(Days::new(i as u64)).unwrap_or(start),
                value: round4(values[i]),
                z: round4(z),
                events: counts[i],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{event, input_event};
    use ladder_core::{EventType, Modality};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_burst_of_conflict_stands_out_against_a_calm_past() {
        let mut events = Vec::new();
        let mut day = d("2024-01-01");
        let mut n = 0;
        while day < d("2024-04-01") {
            n += 1;
            let e = event(
                &format!("c{n}"),
                "CHN",
                EventType::Consult,
                "TWN",
                Modality::Asserted,
            );
            events.push(input_event(e, &day.to_string(), "Outlet", None));
            day = day.succ_opt().unwrap();
        }
        for i in 0..5 {
            let e = event(
                &format!("a{i}"),
                "TWN",
                EventType::Assault,
                "CHN",
                Modality::Reported,
            );
            events.push(input_event(e, "2024-04-01", "Outlet", None));
        }
        // Unrelated pair: must not count.
        let e = event("x", "RUS", EventType::Assault, "UKR", Modality::Asserted);
        events.push(input_event(e, "2024-03-15", "Outlet", None));
        let input = AssessmentInput::from_events(events);
        let index = escalation_index(("CHN", "TWN"), &input, d("2024-03-01"), d("2024-04-01"));
        assert_eq!(index.len(), 32);
        let calm = &index[10];
        let burst = index.last().unwrap();
        assert!(calm.value < 0.0, "{calm:?}");
        assert!(calm.z.abs() < 1.0, "{calm:?}");
        assert_eq!(burst.events, 5);
        assert!(burst.value > 0.0 && burst.z > 3.0, "{burst:?}");
    }
}
