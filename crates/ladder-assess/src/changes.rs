//! What changed between two assessments of a scenario: the stage, indicators newly
//! observed or changing status, and large moves in P(stage ≥ k). Plain sentences, in a
//! fixed order.

use ladder_core::{Assessment, IndicatorStatus};

/// Moves in P(stage ≥ k) smaller than this are not reported.
pub const PROBABILITY_CHANGE: f64 = 0.1;

fn status_name(status: IndicatorStatus) -> &'static str {
    match status {
        IndicatorStatus::NotObserved => "not observed",
        IndicatorStatus::SingleSource => "single source",
        IndicatorStatus::Corroborated => "corroborated",
        IndicatorStatus::Confirmed => "confirmed",
    }
}

/// The changes from `previous` to `current`, one sentence each.
pub fn describe_changes(previous: Option<&Assessment>, current: &Assessment) -> Vec<String> {
    let Some(previous) = previous else {
        return vec!["first assessment of this scenario".to_string()];
    };
    let mut out = Vec::new();
    if previous.stage_called != current.stage_called {
        let direction = if current.stage_called > previous.stage_called {
            "up"
        } else {
            "down"
        };
        out.push(format!(
            "stage {direction}: {} → {} ({}) since {}",
            previous.stage_called, current.stage_called, current.stage_name, previous.as_of
        ));
    }
    for indicator in &current.indicators {
        let before = previous
            .indicators
            .iter()
            .find(|p| p.indicator_id == indicator.indicator_id)
            .map(|p| p.status)
            .unwrap_or(IndicatorStatus::NotObserved);
        if before == indicator.status {
            continue;
        }
        let sources = indicator.independent_sources;
        let plural = if sources == 1 { "" } else { "s" };
        if before == IndicatorStatus::NotObserved {
            out.push(format!(
                "new: {} [stage {}] — {}, {sources} independent source{plural}",
                indicator.text,
                indicator.stage,
                status_name(indicator.status)
            ));
        } else {
            out.push(format!(
                "{} [stage {}]: {} → {} ({sources} independent source{plural})",
                indicator.text,
                indicator.stage,
                status_name(before),
                status_name(indicator.status)
            ));
        }
    }
    for p in &current.probabilities {
        let before = previous
            .probabilities
            .iter()
            .find(|q| q.stage == p.stage)
            .map(|q| q.p)
            .unwrap_or(0.0);
        if (p.p - before).abs() >= PROBABILITY_CHANGE {
            out.push(format!("P(stage ≥ {}): {before:.2} → {:.2}", p.stage, p.p));
        }
    }
    if out.is_empty() {
        out.push(format!("no change since {}", previous.as_of));
    }
    out
}
