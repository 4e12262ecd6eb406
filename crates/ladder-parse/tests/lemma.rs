//! Lemmas of seen, irregular and unseen words.

use ladder_parse::{Model, Upos};

fn check(cases: &[(&str, Upos, &str)]) {
    let m = Model::embedded().expect("embedded model");
    for &(form, upos, lemma) in cases {
        let words = [form];
        let p = m.parse_with_tags(&words, &[upos]);
        assert_eq!(p.words[0].lemma, lemma, "{form}/{upos}");
    }
}

#[test]
fn regular_forms() {
    check(&[
        ("delivered", Upos::VERB, "deliver"),
        ("troops", Upos::NOUN, "troop"),
        ("Troops", Upos::NOUN, "troop"),
        ("attacking", Upos::VERB, "attack"),
        ("missiles", Upos::NOUN, "missile"),
        ("talks", Upos::NOUN, "talk"),
    ]);
}

#[test]
fn irregular_forms() {
    check(&[
        ("was", Upos::AUX, "be"),
        ("went", Upos::VERB, "go"),
        ("children", Upos::NOUN, "child"),
        ("said", Upos::VERB, "say"),
        ("n't", Upos::PART, "not"),
    ]);
}

#[test]
fn unseen_forms_use_suffix_rules() {
    check(&[
        ("redeployed", Upos::VERB, "redeploy"),
        ("outflanked", Upos::VERB, "outflank"),
        ("bombarding", Upos::VERB, "bombard"),
        ("airstrikes", Upos::NOUN, "airstrike"),
        ("gunboats", Upos::NOUN, "gunboat"),
        ("Kharkiv", Upos::PROPN, "Kharkiv"),
    ]);
}
