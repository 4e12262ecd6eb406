//! The weighting rules: how much one item of evidence counts, from its source's
//! reliability, the information's credibility, its modality and its age.
//!
//! Every factor is in `0..=1`; an item's weight is their product. The tables are the
//! model's documented constants (see `docs/assessment.md`).

use ladder_core::{Credibility, Modality, Reliability};

/// How much a source's Admiralty reliability lets its reports count.
/// F ("cannot be judged", e.g. an outlet the registry does not know) counts like D.
pub fn reliability_factor(grade: Reliability) -> f64 {
    match grade {
        Reliability::A => 1.0,
        Reliability::B => 0.85,
        Reliability::C => 0.7,
        Reliability::D => 0.5,
        Reliability::E => 0.3,
        Reliability::F => 0.5,
    }
}

/// How much information of a given credibility counts.
pub fn credibility_factor(grade: Credibility) -> f64 {
    match grade.value() {
        1 => 1.0,
        2 => 0.9,
        3 => 0.75,
        4 => 0.55,
        5 => 0.35,
        _ => 0.5,
    }
}

/// How much a modality counts as evidence: the report's own voice or the actor's own
/// statement (asserted) more than a third party's claim (reported); plans and
/// considerations count only toward warning indicators; a denial is shown but weighs
/// little.
pub fn modality_factor(modality: Modality) -> f64 {
    match modality {
        Modality::Asserted => 1.0,
        Modality::Reported => 0.8,
        Modality::Planned => 0.7,
        Modality::Considered => 0.5,
        Modality::Conditional => 0.4,
        Modality::Denied => 0.1,
    }
}

/// Information credibility from corroboration: three or more independent sources →
/// 1 (confirmed), two → 2 (probably true), one → 3 (possibly true); a denial by a party
/// makes it one grade worse; nothing → 6 (cannot be judged).
pub fn credibility_from(independent_sources: usize, denied: bool) -> Credibility {
    let base: u8 = match independent_sources {
        0 => return Credibility::CANNOT_BE_JUDGED,
        1 => 3,
        2 => 2,
        _ => 1,
    };
    let value = if denied { base + 1 } else { base };
    Credibility::new(value).unwrap_or(Credibility::CANNOT_BE_JUDGED)
}

/// The share of an item's weight left after `age_days` with the given half-life
/// (`None` = no decay). Negative ages (an event dated after the assessment) count as 0.
pub fn decay(age_days: f64, half_life_days: Option<f64>) -> f64 {
    match half_life_days {
        None => 1.0,
        Some(h) if h > 0.0 => 0.5f64.powf(age_days.max(0.0) / h),
        Some(_) => 1.0,
    }
}

/// Round for output: fixed precision so that printed assessments are byte-stable.
pub fn round4(x: f64) -> f64 {
    let r = (x * 10_000.0).round() / 10_000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reliability_orders_a_to_e() {
        let grades = [
            Reliability::A,
            Reliability::B,
            Reliability::C,
            Reliability::D,
            Reliability::E,
        ];
        for pair in grades.windows(2) {
            assert!(
                reliability_factor(pair[0]) > reliability_factor(pair[1]),
                "{pair:?}"
            );
        }
        assert!(reliability_factor(Reliability::F) < reliability_factor(Reliability::C));
    }

    #[test]
    fn credibility_from_corroboration_table() {
        let cases = [
            (0, false, 6),
            (1, false, 3),
            (2, false, 2),
            (3, false, 1),
            (7, false, 1),
            (1, true, 4),
            (2, true, 3),
            (3, true, 2),
        ];
        for (sources, denied, expected) in cases {
            assert_eq!(
                credibility_from(sources, denied).value(),
                expected,
                "{sources} {denied}"
            );
        }
    }

    #[test]
    fn credibility_factor_is_monotone_1_to_5() {
        for v in 1..5u8 {
            let a = credibility_factor(Credibility::new(v).unwrap());
            let b = credibility_factor(Credibility::new(v + 1).unwrap());
            assert!(a > b);
        }
    }

    #[test]
    fn modality_occurrence_beats_plans_and_denials_weigh_little() {
        assert!(modality_factor(Modality::Asserted) > modality_factor(Modality::Reported));
        assert!(modality_factor(Modality::Reported) > modality_factor(Modality::Planned));
        assert!(modality_factor(Modality::Planned) > modality_factor(Modality::Considered));
        assert!(modality_factor(Modality::Considered) > modality_factor(Modality::Conditional));
        assert!(modality_factor(Modality::Denied) <= 0.1);
    }

    #[test]
    fn decay_halves_at_half_life() {
        let cases = [
            (0.0, Some(10.0), 1.0),
            (10.0, Some(10.0), 0.5),
            (20.0, Some(10.0), 0.25),
            (-5.0, Some(10.0), 1.0),
            (1000.0, None, 1.0),
        ];
        for (age, half_life, expected) in cases {
            assert!(
                (decay(age, half_life) - expected).abs() < 1e-12,
                "{age} {half_life:?}"
            );
        }
    }

    #[test]
    fn rounding_is_fixed() {
        assert_eq!(round4(0.123456), 0.1235);
        assert_eq!(round4(-0.00001), 0.0);
    }
}
