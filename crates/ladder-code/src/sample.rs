//! The team-written benchmark sentences (`benches/corpus/sentences.txt`) and report texts
//! built from them, for the throughput and memory benchmarks and the streaming tests.

/// 623 news sentences, one a line, written by the team (see `benches/corpus/README.md`).
pub const SENTENCES: &str = include_str!("../benches/corpus/sentences.txt");

/// The corpus sentences, in file order.
pub fn sentences() -> impl Iterator<Item = &'static str> + Clone {
    SENTENCES.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// A report text of `count` corpus sentences starting at sentence `from` (the corpus
/// repeats as needed), `per_paragraph` sentences to a paragraph.
pub fn report_text(from: usize, count: usize, per_paragraph: usize) -> String {
    let per_paragraph = per_paragraph.max(1);
    let corpus_len = sentences().count().max(1);
    let mut text = String::new();
    for (i, sentence) in sentences()
        .cycle()
        .skip(from % corpus_len)
        .take(count)
        .enumerate()
    {
        text.push_str(sentence);
        text.push_str(if i % per_paragraph == per_paragraph - 1 {
            "\n\n"
        } else {
            " "
        });
    }
    text
}

/// A report text of at least `bytes` bytes (whole sentences, four to a paragraph) and
/// the number of sentences in it.
pub fn report_text_of_size(bytes: usize) -> (String, usize) {
    let mut text = String::with_capacity(bytes + 256);
    let mut count = 0;
    for sentence in sentences().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(sentence);
        count += 1;
        text.push_str(if count % 4 == 0 { "\n\n" } else { " " });
    }
    (text, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_hold_the_sentences_asked_for() {
        assert_eq!(sentences().count(), 623);
        let table: &[(usize, usize, usize, usize)] = &[
            // (from, count, per_paragraph, paragraph breaks)
            (0, 8, 4, 2),
            (620, 5, 2, 2),
            (0, 1, 1, 1),
            (3, 0, 4, 0),
        ];
        for &(from, count, per_paragraph, breaks) in table {
            let text = report_text(from, count, per_paragraph);
            assert_eq!(text.matches("\n\n").count(), breaks, "{from} {count}");
            let first = sentences().cycle().nth(from).unwrap_or_default();
            assert_eq!(text.starts_with(first), count > 0, "{from} {count}");
        }
        for bytes in [0, 1, 10_000, 100_000] {
            let (text, count) = report_text_of_size(bytes);
            assert!(text.len() >= bytes);
            assert!(text.len() < bytes + 400, "{bytes}: {}", text.len());
            assert_eq!(text, report_text(0, count, 4));
        }
    }
}
