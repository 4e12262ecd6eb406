//! Coder throughput on realistic team-written news sentences (sentences per second on
//! one core), and a large report coded at two sizes to show time grows linearly.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ladder_code::Coder;
use ladder_core::Report;
use std::hint::black_box;

const SENTENCES: &[&str] = &[
    "South Korea's spy agency said last week that North Korea had shipped 1,500 special forces personnel to Russia's Far East.",
    "Russia and North Korea signed a mutual defence treaty in June, officials in Moscow said.",
    "“We will not sit idle,” the foreign ministry in Seoul said in a statement on Monday.",
    "Israeli aircraft carried out air strikes on Gaza overnight, killing at least 12 people, according to local health officials.",
    "The European Union imposed new sanctions on Iran over its drone deliveries to Russia.",
    "Ukraine's President Volodymyr Zelenskiy urged Western allies to send more air defence systems.",
    "China condemned the visit and summoned the Japanese ambassador.",
    "Some 12,000 troops were deployed near the border, the defence ministry said.",
    "Analysts say the region remains tense as talks stall.",
    "India and Pakistan exchanged fire along the Line of Control in Kashmir on Tuesday.",
    "Turkey and Azerbaijan held joint military exercises near Baku last week.",
    "The United States expelled two Russian diplomats after the incident.",
    "Moscow denied sending weapons to Pyongyang but pledged to boost military ties.",
    "Protesters rallied in Tbilisi against the government's foreign agents law.",
    "Iran test-fired a ballistic missile on Sunday, state media reported.",
    "If Seoul sends lethal weapons to Kyiv, Russia will respond firmly, the Kremlin warned.",
];

fn report(text: String) -> Report {
    Report::plain_text("bench", text, chrono::NaiveDate::from_ymd_opt(2024, 10, 23))
}

/// A report of `n` sentences, four to a paragraph.
fn corpus(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(SENTENCES[i % SENTENCES.len()]);
        out.push_str(if i % 4 == 3 { "\n\n" } else { " " });
    }
    out
}

fn bench_coder(c: &mut Criterion) {
    let coder = Coder::bundled().expect("bundled coder");
    let mut group = c.benchmark_group("coder");
    let n = 1_000;
    let r = report(corpus(n));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("sentences_1000", |b| {
        b.iter(|| black_box(coder.code_report(black_box(&r))))
    });
    // linear time: a 1 MB and a 4 MB report (the 10 MB case is `ladder code` on big.jsonl)
    for mb in [1usize, 4] {
        let text = corpus(mb * 1_000_000 / 100);
        let r = report(text);
        group.throughput(Throughput::Bytes(r.text.len() as u64));
        group.sample_size(10);
        group.bench_function(format!("report_{mb}mb"), |b| {
            b.iter(|| black_box(coder.code_report(black_box(&r))))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_coder);
criterion_main!(benches);
