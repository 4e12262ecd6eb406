//! Reader throughput: JSON Lines (1–5 KB reports), HTML pages and plain-text reports,
//! each measured in reports per second through the public `Ingestor` API (decoding,
//! parsing, normalisation, hashing, language, dateline, wire and registry lookups).
//!
//! Run: `cargo bench -p ladder-ingest --bench readers`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ladder_ingest::{IngestOptions, Ingestor, SourceRegistry};
use std::hint::black_box;

const WORDS: &[&str] = &[
    "North",
    "Korea",
    "Russia",
    "troops",
    "ministry",
    "said",
    "on",
    "Monday",
    "the",
    "agency",
    "reported",
    "that",
    "about",
    "1,500",
    "soldiers",
    "had",
    "moved",
    "to",
    "the",
    "Far",
    "East",
    "officials",
    "in",
    "Seoul",
    "considered",
    "sanctions",
    "and",
    "weapons",
    "for",
    "Ukraine",
    "according",
    "to",
    "two",
    "people",
    "familiar",
    "with",
    "the",
    "matter",
    "talks",
    "Kursk",
];

/// Deterministic filler text of about `bytes` bytes, in sentences and paragraphs.
fn prose(seed: u64, bytes: usize) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut text = String::with_capacity(bytes + 64);
    let mut in_sentence = 0;
    while text.len() < bytes {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let word = WORDS[(state >> 33) as usize % WORDS.len()];
        if in_sentence == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
        in_sentence += 1;
        if in_sentence > 14 + (state >> 60) as usize {
            text.push_str(if matches!((state >> 20) % 5, 0) {
                ".\n\n"
            } else {
                ". "
            });
            in_sentence = 0;
        }
    }
    text
}

fn jsonl_corpus(count: usize) -> Vec<u8> {
    let mut out = String::new();
    for i in 0..count {
        let size = 1000 + (i * 977) % 4000;
        let body = format!("SEOUL, Oct 18 (Reuters) - {}", prose(i as u64, size));
        let line = serde_json::json!({
            "id": format!("bench-{i}"),
            "url": format!("https://www.reuters.com/world/{i}"),
            "source": "Reuters",
            "published": "2024-10-18",
            "title": format!("Report {i}"),
            "text": body,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out.into_bytes()
}

fn html_page(seed: u64) -> String {
    let paragraphs: String = (0..8)
        .map(|p| format!("<p>{}</p>\n", prose(seed * 10 + p, 500)))
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Page {seed} | Desk</title>\
         <meta property=\"og:site_name\" content=\"Yonhap\">\
         <meta property=\"article:published_time\" content=\"2024-10-18T09:00:00+09:00\"></head>\
         <body><nav><a href=\"/\">Home</a><a href=\"/world\">World</a></nav>\
         <div class=\"advert\">Advertisement</div><article><h1>Page {seed}</h1>{paragraphs}\
         <div class=\"related-stories\"><a href=\"/x\">Earlier story</a></div></article>\
         <footer>Copyright</footer></body></html>"
    )
}

fn readers(c: &mut Criterion) {
    let ingestor = Ingestor::new(SourceRegistry::bundled(), IngestOptions::default());
    let mut group = c.benchmark_group("readers");
    group.sample_size(10);

    let lines = 1000;
    let corpus = jsonl_corpus(lines);
    group.throughput(Throughput::Elements(lines as u64));
    group.bench_function("jsonl_1000_reports_1_to_5_kb", |b| {
        b.iter(|| {
            let items = ingestor.read_bytes("bench.jsonl", black_box(&corpus));
            assert_eq!(items.iter().filter(|i| i.is_ok()).count(), lines);
        })
    });
    group.bench_function("jsonl_streamed_from_reader", |b| {
        b.iter(|| {
            let count = ingestor
                .read_reader("-", Box::new(black_box(&corpus[..])))
                .filter(|i| i.is_ok())
                .count();
            assert_eq!(count, lines);
        })
    });

    let pages: Vec<String> = (0..20).map(html_page).collect();
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("html_20_pages_4_kb_text", |b| {
        b.iter(|| {
            for page in &pages {
                let items = ingestor.read_bytes("page.html", black_box(page.as_bytes()));
                assert!(items[0].is_ok());
            }
        })
    });

    let texts: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "Headline {i}\n\nSEOUL, Oct 18 (Yonhap) -- {}\n(With inputs from AFP)",
                prose(i, 3000)
            )
        })
        .collect();
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("text_200_reports_3_kb", |b| {
        b.iter(|| {
            for text in &texts {
                let items = ingestor.read_bytes("report.txt", black_box(text.as_bytes()));
                assert!(items[0].is_ok());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, readers);
criterion_main!(benches);
