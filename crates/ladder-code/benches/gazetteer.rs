//! Gazetteer benchmarks: loading the bundled files and building the
//! automaton, and matching throughput (bytes of news-like text per second).
//!
//! Run: `cargo bench -p ladder-code --bench gazetteer`.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ladder_code::gazetteer::Gazetteer;

/// Team-written sentences in the style of wire reports.
const SENTENCES: &[&str] = &[
    "Pyongyang sent about 1,500 special forces to Russia's Far East last week, South Korea's spy agency said.",
    "The Kremlin said President Vladimir Putin would meet Kim Jong Un in Vladivostok later this month.",
    "North Korean troops were seen near Kursk, according to Ukraine's military intelligence agency.",
    "Seoul summoned the Russian ambassador on Tuesday and demanded the immediate withdrawal of the troops.",
    "NATO Secretary General Mark Rutte told reporters in Brussels that the alliance was consulting allies.",
    "Israeli forces struck targets in southern Lebanon after Hezbollah fired rockets at Haifa, the IDF said.",
    "The Houthis claimed an attack on a cargo ship in the Red Sea near the Bab el-Mandeb strait.",
    "Chinese coast guard vessels used water cannon against a Philippine boat near Scarborough Shoal.",
    "Iran's Revolutionary Guards seized a tanker in the Strait of Hormuz, state media reported.",
    "The UN Security Council will hold an emergency meeting on the fighting in El Fasher, diplomats said.",
    "Defense Secretary Lloyd Austin said Washington was weighing new sanctions on Moscow and Pyongyang.",
    "A woman in Chadwick said the weather was fine and nobody mentioned any countries at all.",
    "Rwandan troops and M23 rebels entered Goma, the capital of North Kivu province, on Monday.",
    "Azerbaijan and Armenia signed a peace framework in Washington, ending the Nagorno-Karabakh dispute.",
    "Indian and Pakistani forces exchanged fire across the Line of Control in Kashmir overnight.",
    "The European Commission proposed a new package of sanctions against Russian banks and traders.",
];

fn corpus(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 256);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(SENTENCES[i % SENTENCES.len()]);
        text.push(if i % 5 == 4 { '\n' } else { ' ' });
        i += 1;
    }
    text
}

fn bench_gazetteer(c: &mut Criterion) {
    let mut group = c.benchmark_group("gazetteer");
    group.sample_size(10);
    group.bench_function("bundled_load_and_build", |b| {
        b.iter(|| black_box(Gazetteer::bundled().expect("bundled gazetteer loads")))
    });
    group.finish();

    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer loads");
    eprintln!("{:?}", gazetteer.counts());
    let text = corpus(1 << 20);
    let date = NaiveDate::from_ymd_opt(2024, 11, 5);
    let mut group = c.benchmark_group("gazetteer_mentions");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("news_1MiB", |b| {
        b.iter(|| black_box(gazetteer.mentions_on(black_box(&text), date)))
    });
    group.finish();
}

criterion_group!(benches, bench_gazetteer);
criterion_main!(benches);
