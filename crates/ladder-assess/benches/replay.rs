//! Replay benchmark: two years, daily, over 1,000,000 generated events held in memory
//! (loading from SQLite is not included: see `ladder bench`-style notes in the crate
//! docs and the closing note). Run: `cargo bench -p ladder-assess --bench replay`.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use ladder_assess::synthetic::generated_history;
use ladder_assess::{replay, ScenarioSet};
use std::hint::black_box;
use std::time::Duration;

fn bench_replay(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default();
    let input = generated_history(7, start, 730, 1_000_000);
    let scenarios = ScenarioSet::bundled().expect("bundled scenarios are valid");
    let prk = scenarios
        .resolve("prk-rus-military-cooperation", None)
        .expect("bundled scenario");
    let dyad = scenarios
        .resolve("dyadic-escalation", Some(("CHN", "TWN")))
        .expect("bundled template");
    let mut group = c.benchmark_group("replay-2y-daily-1M-events");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("prk-rus-military-cooperation", |b| {
        b.iter(|| black_box(replay(&prk, &input, start, end, 1).map(|r| r.rows.len())))
    });
    group.bench_function("dyadic-escalation CHN,TWN", |b| {
        b.iter(|| black_box(replay(&dyad, &input, start, end, 1).map(|r| r.rows.len())))
    });
    group.finish();
}

criterion_group!(benches, bench_replay);
criterion_main!(benches);
