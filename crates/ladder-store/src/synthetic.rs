//! Deterministic synthetic reports for benchmarks and crash tests: wire-style news text of
//! 1–5 KB built from a seeded generator, so every run measures the same corpus.

use chrono::{Duration, NaiveDate};
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{Report, ReportFormat, Tlp};

pub use ladder_core::seeded_rng::SeededRng;

const OUTLETS: &[&str] = &[
    "Harbour Daily",
    "Northern Ledger",
    "Capital Wire Review",
    "Peninsula Times",
    "Eastern Observer",
    "Continental Post",
    "Morning Dispatch",
    "Strait Monitor",
];
const WIRES: &[&str] = &["Reuters", "AP", "AFP", "Yonhap", "TASS", "Kyodo"];
const PLACES: &[&str] = &[
    "SEOUL",
    "MOSCOW",
    "PYONGYANG",
    "KYIV",
    "TOKYO",
    "BEIJING",
    "WASHINGTON",
    "BRUSSELS",
    "VLADIVOSTOK",
    "KURSK",
    "KHARKIV",
    "ODESA",
    "GENEVA",
    "ANKARA",
    "TAIPEI",
    "MANILA",
];
const ACTORS: &[&str] = &[
    "North Korea",
    "Russia",
    "South Korea",
    "Ukraine",
    "Japan",
    "China",
    "the United States",
    "NATO",
    "the European Union",
    "the United Nations",
    "Belarus",
    "Iran",
    "Turkey",
    "Poland",
    "the defence ministry",
    "the foreign ministry",
    "the spy agency",
    "the presidential office",
    "a military spokesman",
    "the navy",
    "the air force",
    "border guards",
    "the coast guard",
];
const VERBS: &[&str] = &[
    "sent",
    "deployed",
    "withdrew",
    "promised",
    "denied sending",
    "accused",
    "warned",
    "condemned",
    "sanctioned",
    "met with",
    "signed an agreement with",
    "threatened",
    "mobilised",
    "shelled",
    "supplied",
    "considered supplying",
    "rejected talks with",
    "proposed talks with",
    "expelled diplomats of",
    "demanded an explanation from",
];
const OBJECTS: &[&str] = &[
    "troops",
    "special forces",
    "artillery shells",
    "ballistic missiles",
    "drones",
    "air defence systems",
    "engineers",
    "fuel shipments",
    "grain cargoes",
    "warships",
    "fighter jets",
    "military advisers",
    "humanitarian aid",
    "rocket launchers",
    "tanks",
];
const QUALIFIERS: &[&str] = &[
    "according to officials who asked not to be named",
    "the agency said in a statement",
    "satellite images appeared to show",
    "a lawmaker told reporters after a closed-door briefing",
    "state media reported without giving details",
    "the claim could not be independently verified",
    "analysts said the move marked a sharp escalation",
    "diplomats said talks would continue next week",
    "the ministry declined to comment",
    "local residents described hearing explosions overnight",
];
const FILLER: &[&str] = &[
    "The announcement came days after a summit in the region drew wide attention.",
    "Officials have repeatedly said they are preparing measures under several scenarios.",
    "Markets in the region were little changed on the news.",
    "The government convened an emergency meeting of its security council.",
    "A delegation is expected to brief allies at the alliance headquarters.",
    "Observers noted that similar claims last year were later withdrawn.",
    "The figures could not be reconciled with earlier estimates.",
    "Both sides have accused each other of violating previous understandings.",
    "The foreign minister is due to travel abroad later this month.",
    "Rail traffic near the border was suspended for several hours.",
];

const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "said", "that", "on", "for", "with", "was", "by", "as",
    "at", "from", "its", "it", "has", "have", "had", "were", "which", "after", "also", "would",
    "will", "an", "be", "been", "their", "they", "not", "but", "over", "about",
];
const SYLLABLES: &[&str] = &[
    "ka", "ro", "vi", "len", "mar", "to", "su", "dal", "ne", "pra", "gor", "ish", "an", "tel",
    "bo", "ri", "zan", "mu", "ker", "ol", "sta", "vin", "de", "ha", "por", "li", "quen", "ta",
    "mir", "es", "go", "lun", "dra", "ve", "nik", "sa", "tur", "em", "fol", "gra",
];
/// Size of the open vocabulary the filler words are drawn from.
const VOCABULARY: usize = 40_000;

/// The open vocabulary: pronounceable made-up words, and the cumulative Zipf weights
/// (exponent 1) by rank, so that a few words are common and most are rare, as in news.
fn vocabulary() -> &'static (Vec<String>, Vec<f64>) {
    static VOCAB: std::sync::OnceLock<(Vec<String>, Vec<f64>)> = std::sync::OnceLock::new();
    VOCAB.get_or_init(|| {
        let mut rng = SeededRng::new(0x1add_e500);
        let mut seen = std::collections::BTreeSet::new();
        let mut words = Vec::with_capacity(VOCABULARY);
        while words.len() < VOCABULARY {
            let syllables = 2 + rng.below(3);
            let word: String = (0..syllables).map(|_| rng.pick(SYLLABLES)).collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=VOCABULARY)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        (words, cumulative)
    })
}

/// A word from the open vocabulary, drawn by Zipf's law.
fn zipf_word(rng: &mut SeededRng) -> &'static str {
    let (words, cumulative) = vocabulary();
    let total = cumulative[cumulative.len() - 1];
    let target = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
    let rank = cumulative
        .partition_point(|&c| c < target)
        .min(words.len() - 1);
    &words[rank]
}

/// A sentence of 8–24 words mixing function words and open-vocabulary words.
fn filler_sentence(rng: &mut SeededRng) -> String {
    let length = 8 + rng.below(17);
    let mut words: Vec<&str> = Vec::with_capacity(length);
    for _ in 0..length {
        words.push(if rng.below(5) < 2 {
            rng.pick(FUNCTION_WORDS)
        } else {
            zipf_word(rng)
        });
    }
    format!("{}.", capitalise(&words.join(" ")))
}

/// What one synthetic report is about.
struct Topic {
    actors: [&'static str; 3],
    objects: [&'static str; 2],
    places: [&'static str; 2],
}

/// One synthetic report: `index` selects it within the corpus of `seed`.
pub fn synthetic_report(seed: u64, index: u64) -> Report {
    let mut rng = SeededRng::new(seed ^ index.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let place = rng.pick(PLACES);
    let wire = (rng.below(3) == 0).then(|| rng.pick(WIRES));
    let outlet = rng.pick(OUTLETS);
    let day = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a valid constant date")
        + Duration::days(rng.below(1100) as i64);
    let target_len = 1000 + rng.below(4000);
    // A report is about a topic: a few actors, objects and places it keeps coming back to,
    // so that a name occurs in some reports, not in all of them.
    let topic = Topic {
        actors: [rng.pick(ACTORS), rng.pick(ACTORS), rng.pick(ACTORS)],
        objects: [rng.pick(OBJECTS), rng.pick(OBJECTS)],
        places: [place, rng.pick(PLACES)],
    };
    let title = format!(
        "{} {} {} to {}",
        capitalise(topic.actors[0]),
        rng.pick(VERBS),
        topic.objects[0],
        capitalise(&topic.places[1].to_lowercase())
    );
    let mut text = String::with_capacity(target_len + 400);
    text.push_str(&title);
    text.push_str("\n\n");
    text.push_str(place);
    text.push_str(&format!(", {} ", day.format("%b %-d")));
    text.push_str(&format!("({}) - ", wire.unwrap_or(outlet)));
    let mut paragraph_len = 0;
    while text.len() < target_len {
        let sentence = match rng.below(8) {
            0 => rng.pick(FILLER).to_string(),
            1..=4 => filler_sentence(&mut rng),
            _ => format!(
                "{} {} {} {} near {}, {}. ",
                capitalise(rng.pick(&topic.actors)),
                rng.pick(VERBS),
                1 + rng.below(5000),
                rng.pick(&topic.objects),
                capitalise(&rng.pick(&topic.places).to_lowercase()),
                rng.pick(QUALIFIERS)
            ),
        };
        text.push_str(sentence.trim_end());
        paragraph_len += 1;
        if paragraph_len >= 3 + rng.below(3) {
            text.push_str("\n\n");
            paragraph_len = 0;
        } else {
            text.push(' ');
        }
    }
    text.push_str(&format!("\n\nReport number {index} of series {seed}."));
    if let Some(w) = wire {
        text.push_str(&format!(" (With inputs from {w})"));
    }
    let text = normalise_text(&text);
    Report {
        id: report_id(&text),
        report_ref: Some(format!("synthetic-{seed}-{index}")),
        source: Some(outlet.to_string()),
        url: Some(format!("https://news.example/{seed}/{index}")),
        title: Some(title),
        published: Some(day),
        published_at: None,
        language: Some("en".to_string()),
        text,
        format: ReportFormat::Jsonl,
        dateline: None,
        wire: wire.map(|w| vec![w.to_string()]).unwrap_or_default(),
        reliability: None,
        tlp: Tlp::Clear,
    }
}

/// The JSON Lines form of a synthetic report, as `ladder ingest` reads it.
pub fn synthetic_jsonl_line(seed: u64, index: u64) -> String {
    let report = synthetic_report(seed, index);
    let line = serde_json::json!({
        "id": report.report_ref,
        "url": report.url,
        "source": report.source,
        "published": report.published.map(|d| d.to_string()),
        "title": report.title,
        "text": report.text,
    });
    line.to_string()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        for index in 0..200 {
            let a = synthetic_report(7, index);
            let b = synthetic_report(7, index);
            assert_eq!(a, b);
            assert!(
                (1000..=5600).contains(&a.text.len()),
                "len {}",
                a.text.len()
            );
        }
        assert_ne!(synthetic_report(7, 1).id, synthetic_report(7, 2).id);
        assert_ne!(synthetic_report(7, 1).id, synthetic_report(8, 1).id);
    }
}
