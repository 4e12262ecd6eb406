//! Streaming the coder changes nothing: events handed over sentence by sentence
//! (`code_report_with`), with mentions found as the text is read, are the events, in the
//! same order, that coding against the whole text's mention list gives.

use chrono::NaiveDate;
use ladder_code::gazetteer::Gazetteer;
use ladder_code::{sample, CodedReport, Coder, EntityMention, EntitySource, Lexicon};
use ladder_core::{Event, Report};

/// An entity source that finds every mention of the text at once and hands the list
/// over: how the coder read mentions before they were streamed.
struct WholeTextMentions(Gazetteer);

impl EntitySource for WholeTextMentions {
    fn mentions(&self, text: &str, date: Option<NaiveDate>) -> Vec<EntityMention> {
        EntitySource::mentions(&self.0, text, date)
    }

    fn is_country_code(&self, code: &str) -> bool {
        self.0.is_country_code(code)
    }
}

fn report(text: String) -> Report {
    let mut report = Report::plain_text("streaming", text, NaiveDate::from_ymd_opt(2024, 10, 23));
    report.report_ref = Some("streaming-test".into());
    report
}

/// A long report: a dateline, then the corpus `rounds` times over, `per_paragraph`
/// sentences to a paragraph (pronouns and speakers carry within paragraphs).
fn long_report(rounds: usize, per_paragraph: usize) -> Report {
    let count = rounds * sample::sentences().count();
    let body = sample::report_text(0, count, per_paragraph);
    report(format!("SEOUL, Oct 23 (Reuters) - {body}"))
}

fn streamed(coder: &Coder, report: &Report) -> (Vec<Event>, CodedReport) {
    let mut events = Vec::new();
    let rest = coder.code_report_with(report, &mut |event| events.push(event));
    (events, rest)
}

#[test]
fn streamed_events_equal_listed_events() {
    let coder = Coder::bundled().expect("bundled coder loads");
    let eager = Coder::with_entities(
        Box::new(WholeTextMentions(
            Gazetteer::bundled().expect("bundled gazetteer loads"),
        )),
        Lexicon::bundled().expect("bundled lexicon loads"),
    );
    for (rounds, per_paragraph) in [(1, 4), (2, 1), (1, 7)] {
        let r = long_report(rounds, per_paragraph);
        let listed = eager.code_report(&r);
        assert!(
            listed.events.len() > 300,
            "the corpus codes events: {}",
            listed.events.len()
        );
        let (events, rest) = streamed(&coder, &r);
        assert!(rest.events.is_empty(), "streamed events are not kept");
        assert_eq!(events.len(), listed.events.len());
        for (k, (a, b)) in events.iter().zip(&listed.events).enumerate() {
            assert_eq!(a, b, "event {k} of {rounds}x{per_paragraph}");
        }
        assert_eq!(rest.diagnostics, listed.diagnostics);
        assert_eq!(rest.sentences, listed.sentences);
        assert_eq!(
            coder.code_report(&r),
            listed,
            "code_report wraps the stream"
        );
    }
}

#[test]
fn streamed_events_come_in_text_order() {
    let coder = Coder::bundled().expect("bundled coder loads");
    let (events, _) = streamed(&coder, &long_report(1, 4));
    assert!(
        events
            .windows(2)
            .all(|w| w[0].evidence.start <= w[1].evidence.start),
        "events follow the text"
    );
}
