//! Property tests: the coder never panics on arbitrary UTF-8, and every evidence span is
//! a char-boundary range inside the text.

use ladder_code::Coder;
use ladder_core::Report;
use proptest::prelude::*;
use std::sync::OnceLock;

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::bundled().expect("bundled coder loads"))
}

fn report(text: String) -> Report {
    Report::plain_text("r", text, chrono::NaiveDate::from_ymd_opt(2024, 1, 31))
}

const WORDS: &[&str] = &[
    "Russia",
    "North Korea",
    "sent",
    "troops",
    "to",
    "Ukraine",
    "’s",
    "said",
    "“",
    "”",
    ",",
    ".",
    "denied",
    "will",
    "if",
    "1,500",
    "U.S.",
    "Gen.",
    "Oct.",
    "\n\n",
    "- ",
    "attacked",
    "by",
    "were",
    "not",
    "and",
    "which",
    "(NSC)",
    "according to",
    "é",
    "🚀",
    "last week",
    "Monday",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let r = report(text);
        for e in coder().code_report(&r).events {
            prop_assert!(e.evidence.start <= e.evidence.end && e.evidence.end <= r.text.len());
            prop_assert!(r.text.is_char_boundary(e.evidence.start) && r.text.is_char_boundary(e.evidence.end));
        }
    }

    #[test]
    fn never_panics_on_news_like_word_salad(words in proptest::collection::vec(0..WORDS.len(), 0..80)) {
        let text: String = words.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        let r = report(text);
        let coded = coder().code_report(&r);
        for e in coded.events {
            prop_assert!(r.text.is_char_boundary(e.evidence.start) && r.text.is_char_boundary(e.evidence.end));
            prop_assert_eq!(&r.text[e.evidence.start..e.evidence.end], e.evidence.text.as_str());
        }
    }
}
