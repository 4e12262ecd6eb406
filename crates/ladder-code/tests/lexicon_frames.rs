//! An analyst adds a verb frame in a TOML file, no Rust: the entry's `[event.roles]`
//! says which dependency relations give the recipient, and the coder follows them.

use ladder_code::gazetteer::Gazetteer;
use ladder_code::lexicon::BUNDLED_FILES;
use ladder_code::{Coder, Lexicon};
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{Event, Report};

fn coder_with(user_toml: &str) -> Coder {
    let mut files: Vec<(String, String)> = BUNDLED_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    files.push(("analyst.toml".to_string(), user_toml.to_string()));
    let lexicon = Lexicon::from_files(&files).expect("the analyst's file is valid");
    Coder::new(Gazetteer::bundled().expect("bundled gazetteer"), lexicon)
}

fn code(coder: &Coder, text: &str) -> Vec<Event> {
    let text = normalise_text(text);
    let report = Report::plain_text(
        report_id(&text),
        text,
        chrono::NaiveDate::from_ymd_opt(2025, 3, 4),
    );
    coder.code_report(&report).events
}

fn frame(recipient: &str) -> String {
    format!(
        "[[event]]\nid = \"aid.analyst.bankroll\"\ntype = \"AID\"\ncameo = \"071\"\n\
         verbs = [\"bankroll\"]\n[event.roles]\nrecipient = [{recipient}]\n"
    )
}

const SENTENCE: &str = "Qatar bankrolled Hamas through monthly cash transfers for years, \
                        Israeli officials said on Tuesday.";

#[test]
fn a_new_verb_frame_names_its_recipient_by_relation() {
    let coder = coder_with(&frame("\"obj\""));
    let events = code(&coder, SENTENCE);
    let aid = events
        .iter()
        .find(|e| e.rule == "aid.analyst.bankroll")
        .unwrap_or_else(|| panic!("the analyst's verb coded nothing: {events:?}"));
    assert_eq!(aid.actor, ["QAT"]);
    assert!(
        !aid.recipient.is_empty() && aid.recipient.iter().all(|c| c != "QAT"),
        "the object is the recipient: {:?}",
        aid.recipient
    );
}

#[test]
fn the_relations_written_are_the_ones_followed() {
    // the same verb, with only "obl:to" named: the direct object is not its recipient
    let coder = coder_with(&frame("\"obl:to\""));
    let events = code(&coder, SENTENCE);
    let aid = events
        .iter()
        .find(|e| e.rule == "aid.analyst.bankroll")
        .unwrap_or_else(|| panic!("the analyst's verb coded nothing: {events:?}"));
    assert!(aid.recipient.is_empty(), "{:?}", aid.recipient);
}

#[test]
fn a_relation_that_does_not_exist_is_refused_with_its_line() {
    let mut files: Vec<(String, String)> = BUNDLED_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    files.push(("analyst.toml".to_string(), frame("\"object\"")));
    let msg = match Lexicon::from_files(&files) {
        Ok(_) => panic!("an unknown relation was accepted"),
        Err(e) => e.to_string(),
    };
    assert!(msg.contains("analyst.toml"), "{msg}");
    assert!(msg.contains("'object'"), "{msg}");
}
