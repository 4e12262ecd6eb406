//! Rung discipline: from what each day's evidence supports, stage by stage, to the
//! stage called that day. Pure and path-dependent (each day's call starts from the
//! day before's), so the engine runs it from the first event on.
//!
//! - A stage is climbed only when it is *supported* on its own: its probability reaches
//!   the threshold, its own key indicators have the sources, and its requirements hold.
//! - The call climbs one rung at a time from yesterday's call; it rises two rungs or more
//!   in one day only when every rung in between is supported that day.
//! - A higher rung supported above a rung that is not is a [`Contradiction`], shown, never
//!   called.
//! - Hysteresis: a rung is left only after `hold_days` days without support; a called
//!   rung counts as support for the rungs below it.

/// What one day's evidence supports, for stages `1..=n` (index `k - 1`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaySupport {
    /// Stage k is supported on its own key evidence (threshold, sources, requirements).
    pub supported: Vec<bool>,
    /// Stage k has live evidence of its own (any non-warning indicator).
    pub has_own: Vec<bool>,
    /// Stage k reaches threshold and sources but lacks the source its `requires` asks for.
    pub lacks_source: Vec<bool>,
}

impl DaySupport {
    fn supported(&self, stage: u8) -> bool {
        stage >= 1
            && self
                .supported
                .get(usize::from(stage) - 1)
                .copied()
                .unwrap_or(false)
    }

    fn stage_count(&self) -> u8 {
        u8::try_from(self.supported.len()).unwrap_or(u8::MAX)
    }

    /// The highest stage supported on its own, 0 when none.
    pub fn highest(&self) -> u8 {
        (1..=self.stage_count())
            .rev()
            .find(|&k| self.supported(k))
            .unwrap_or(0)
    }
}

/// Something the evidence says that the ladder does not call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contradiction {
    /// `stage` is supported but rung `missing` below it (above the call) is not;
    /// `no_evidence`: `missing` has no evidence of its own at all.
    Gap {
        stage: u8,
        missing: u8,
        no_evidence: bool,
    },
    /// `stage` reaches threshold and sources but not the source it requires.
    Source { stage: u8 },
}

/// The call of one day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DayCall {
    pub stage: u8,
    /// Set on a day the call rose: the stage it rose from.
    pub rose_from: Option<u8>,
    pub contradictions: Vec<Contradiction>,
}

/// The calls of consecutive days.
pub fn call_days(days: &[DaySupport], hold_days: u32) -> Vec<DayCall> {
    let mut caller = Caller::new(hold_days);
    days.iter().map(|day| caller.step(day)).collect()
}

/// The running state of [`call_days`], one day at a time.
#[derive(Debug, Clone)]
pub struct Caller {
    hold: i64,
    today: i64,
    called: u8,
    /// Per stage (index k - 1): the last day it was supported or held under a higher
    /// supported call.
    last_seen: Vec<i64>,
}

impl Caller {
    pub fn new(hold_days: u32) -> Self {
        Caller {
            hold: i64::from(hold_days.max(1)),
            today: 0,
            called: 0,
            last_seen: Vec::new(),
        }
    }

    /// Call the next day.
    pub fn step(&mut self, day: &DaySupport) -> DayCall {
        let n = day.stage_count();
        if self.last_seen.len() < usize::from(n) {
            self.last_seen.resize(usize::from(n), i64::MIN / 2);
        }
        let previous = self.called;
        let mut stage = previous;
        while stage < n && day.supported(stage + 1) {
            stage += 1;
        }
        // Support today keeps every rung below the highest supported rung at or under
        // the call.
        if let Some(held) = (1..=stage).rev().find(|&k| day.supported(k)) {
            for seen in &mut self.last_seen[..usize::from(held)] {
                *seen = self.today;
            }
        }
        if stage == previous {
            while stage > 0 && self.today - self.last_seen[usize::from(stage) - 1] >= self.hold {
                stage -= 1;
            }
        }
        let contradictions = contradictions(day, stage);
        self.called = stage;
        self.today += 1;
        DayCall {
            stage,
            rose_from: (stage > previous).then_some(previous),
            contradictions,
        }
    }
}

fn contradictions(day: &DaySupport, called: u8) -> Vec<Contradiction> {
    let mut out = Vec::new();
    let top = day.highest();
    if top > called {
        if let Some(missing) = (called + 1..top).find(|&k| !day.supported(k)) {
            out.push(Contradiction::Gap {
                stage: top,
                missing,
                no_evidence: !day
                    .has_own
                    .get(usize::from(missing) - 1)
                    .copied()
                    .unwrap_or(false),
            });
        }
    }
    for (i, &lacks) in day.lacks_source.iter().enumerate() {
        let stage = u8::try_from(i + 1).unwrap_or(u8::MAX);
        if lacks && stage > called {
            out.push(Contradiction::Source { stage });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A day from a string of stage marks: `s` supported, `o` own evidence only, `.`
    /// nothing, `x` lacks its required source.
    fn day(marks: &str) -> DaySupport {
        DaySupport {
            supported: marks.chars().map(|c| c == 's').collect(),
            has_own: marks.chars().map(|c| c != '.').collect(),
            lacks_source: marks.chars().map(|c| c == 'x').collect(),
        }
    }

    fn stages(days: &[&str], hold: u32) -> Vec<u8> {
        let days: Vec<DaySupport> = days.iter().map(|d| day(d)).collect();
        call_days(&days, hold).iter().map(|c| c.stage).collect()
    }

    #[test]
    fn climbs_only_through_supported_rungs() {
        let cases: &[(&str, &[&str], &[u8])] = &[
            ("one rung", &["s...", "ss.."], &[1, 2]),
            (
                "two rungs at once when both hold",
                &["....", "ss.."],
                &[0, 2],
            ),
            ("no rung above a gap", &["s...", "s.s."], &[1, 1]),
            (
                "a gap with own evidence is still a gap",
                &["s...", "sos."],
                &[1, 1],
            ),
            ("higher evidence alone calls nothing", &["...s"], &[0]),
            (
                "held rung is a base to climb from",
                &["ss..", "....", "..s."],
                &[2, 2, 3],
            ),
        ];
        for (name, days, expected) in cases {
            assert_eq!(stages(days, 5), expected.to_vec(), "{name}");
        }
    }

    #[test]
    fn a_gap_is_shown_not_called() {
        let days = [day("ss.."), day("ss.s")];
        let calls = call_days(&days, 5);
        assert_eq!(calls[1].stage, 2);
        assert_eq!(
            calls[1].contradictions,
            vec![Contradiction::Gap {
                stage: 4,
                missing: 3,
                no_evidence: true
            }]
        );
        let lacking = call_days(&[day("ssx.")], 5);
        assert_eq!(lacking[0].stage, 2);
        assert_eq!(
            lacking[0].contradictions,
            vec![Contradiction::Source { stage: 3 }]
        );
    }

    #[test]
    fn hysteresis_leaves_one_rung_after_hold_days() {
        // Stage 2 (and 1 under it) for a day, then nothing: both held for 3 days, then
        // both left.
        let called = stages(&["ss", "..", "..", "..", "..", "..", "..", ".."], 3);
        assert_eq!(called, vec![2, 2, 2, 0, 0, 0, 0, 0]);
        // Stage 1 supported on its own keeps the call at 1 after stage 2 lapses.
        let called = stages(&["ss", "s.", "s.", "s.", "s.", ".."], 3);
        assert_eq!(called, vec![2, 2, 2, 1, 1, 1]);
        let rises: Vec<Option<u8>> = call_days(&[day(".."), day("s."), day("ss")], 3)
            .iter()
            .map(|c| c.rose_from)
            .collect();
        assert_eq!(rises, vec![None, Some(0), Some(1)]);
    }
}
