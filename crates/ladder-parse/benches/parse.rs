//! Sentences per second for tagging + lemmatising + parsing news-length sentences
//! (25-30 words, written for this benchmark), one core.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ladder_parse::{tokenize, Model};
use std::hint::black_box;

const NEWS: &[&str] = &[
    "The defence ministry said on Tuesday that two armoured brigades had been moved closer to the northern border after a week of artillery exchanges near the disputed river crossing.",
    "Foreign ministers from both countries agreed to resume talks in Geneva next month, although officials warned that no agreement on the ceasefire line was expected before the winter.",
    "Police fired tear gas at several thousand protesters who had gathered outside the parliament building to demand the release of opposition leaders arrested during last week's election.",
    "According to the United Nations, more than 40,000 people have fled the coastal province since the fighting began, and aid convoys have been unable to reach the main city.",
    "The president accused neighbouring governments of arming the rebels, but he did not say what evidence his intelligence services had gathered or whether sanctions would follow soon.",
    "A spokesman for the navy confirmed that a patrol boat had been fired upon near the island on Sunday night, adding that nobody was hurt and that the vessel returned to port.",
    "Oil prices rose sharply after the pipeline operator announced that repairs to the damaged section would take at least three weeks, cutting exports from the region by a third.",
    "Hundreds of soldiers were deployed to the capital's airport on Friday as the interim government tried to reassert control following two days of clashes between rival army units.",
];

fn bench(c: &mut Criterion) {
    let model = Model::embedded().expect("the embedded model loads");
    let sentences: Vec<Vec<String>> = NEWS
        .iter()
        .map(|s| {
            tokenize(s)
                .iter()
                .map(|t| s[t.start..t.end].to_string())
                .collect()
        })
        .collect();
    let words: usize = sentences.iter().map(Vec::len).sum();
    eprintln!(
        "{} sentences, {:.1} words each on average",
        sentences.len(),
        words as f64 / sentences.len() as f64
    );
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(sentences.len() as u64));
    group.bench_function("news_sentences", |b| {
        b.iter(|| {
            for s in &sentences {
                let refs: Vec<&str> = s.iter().map(String::as_str).collect();
                black_box(model.parse(black_box(&refs)));
            }
        })
    });
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            for s in NEWS {
                black_box(tokenize(black_box(s)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
