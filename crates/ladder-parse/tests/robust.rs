//! Bounded work and no panics on any input: arbitrary strings, empty and huge sentences.

use ladder_parse::{tokenize, Model, Upos, MAX_WINDOW};
use proptest::prelude::*;

fn model() -> &'static Model {
    Model::embedded().expect("embedded model")
}

fn check_tree(p: &ladder_parse::Parse) {
    let n = p.words.len();
    for w in &p.words {
        assert!(w.head <= n);
        assert!(!w.deprel.is_empty());
    }
    if n > 0 {
        assert_eq!(p.words.iter().filter(|w| w.head == 0).count(), 1);
    }
}

#[test]
fn empty_sentence() {
    let p = model().parse(&[]);
    assert!(p.words.is_empty());
    assert!(!p.windowed);
}

#[test]
fn thousand_word_sentence_is_windowed() {
    let base = [
        "The", "army", "said", "it", "had", "moved", "troops", "north", ",", "and",
    ];
    let words: Vec<&str> = base.iter().cycle().take(1000).copied().collect();
    let p = model().parse(&words);
    assert_eq!(p.words.len(), 1000);
    assert!(p.windowed);
    check_tree(&p);
    let short = model().parse(&words[..MAX_WINDOW]);
    assert!(!short.windowed);
}

#[test]
fn parse_with_tags_accepts_short_tag_lists() {
    let words = ["Rebels", "shelled", "the", "town", "."];
    let p = model().parse_with_tags(&words, &[Upos::NOUN]);
    assert_eq!(p.words.len(), 5);
    assert_eq!(p.words[0].upos, Upos::NOUN);
    check_tree(&p);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn tokenize_never_panics_and_offsets_are_valid(text in "\\PC{0,200}") {
        let toks = tokenize(&text);
        let mut last = 0;
        for t in &toks {
            prop_assert!(t.start < t.end && t.end <= text.len());
            prop_assert!(t.start >= last);
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert!(!text[t.start..t.end].trim().is_empty());
            last = t.end;
        }
    }

    #[test]
    fn parse_never_panics(words in prop::collection::vec("\\PC{0,12}", 0..60)) {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let p = model().parse(&refs);
        prop_assert_eq!(p.words.len(), refs.len());
        check_tree(&p);
    }

    #[test]
    fn long_sentences_never_panic(words in prop::collection::vec("[a-z,.;:]{1,6}", 100..400)) {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let p = model().parse(&refs);
        prop_assert_eq!(p.words.len(), refs.len());
        check_tree(&p);
    }

    #[test]
    fn any_bytes_give_an_error_not_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        prop_assert!(Model::from_bytes(&bytes, "fuzz").is_err());
    }
}
