//! The coder reading sentence structure: team-written sentences whose roles come from the
//! dependency tree (passive agents, nominal objects, targets inside a place), names the
//! report introduces, glued sentences and the report's main dyad.

use ladder_code::Coder;
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{Event, Report};
use std::sync::OnceLock;

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::bundled().expect("bundled coder loads"))
}

fn code(text: &str) -> Vec<Event> {
    let text = normalise_text(text);
    let report = Report::plain_text(
        report_id(&text),
        text,
        chrono::NaiveDate::from_ymd_opt(2024, 11, 5),
    );
    coder().code_report(&report).events
}

fn show(events: &[Event]) -> String {
    events
        .iter()
        .map(|e| {
            format!(
                "{} {}→{}",
                e.event_type,
                e.actor.join(";"),
                e.recipient.join(";")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// (text, type, actor, recipient) that must be among the events coded.
const MUST: &[(&str, &str, &str, &str)] = &[
    // passive with an agent: the agent acts, the passive subject suffers it
    (
        "Venezuelan drones were shot down by Colombian air defences near Cucuta overnight.",
        "ASSAULT",
        "COL",
        "VEN",
    ),
    // a mediator named only as a passive agent of the deal
    (
        "A prisoner exchange brokered by Qatar was completed between Sudan and Chad on Monday.",
        "CONSULT",
        "QAT",
        "",
    ),
    // the object of condemnation is a nominal act: its doer is the one condemned
    (
        "Malaysia condemned the deployment of Chinese coast guard vessels to Luconia Shoals.",
        "ACCUSE",
        "MYS",
        "CHN",
    ),
    // the target is the country the struck targets are in
    (
        "Thailand carried out air strikes on military targets in Cambodia early on Thursday.",
        "ASSAULT",
        "THA",
        "KHM",
    ),
    // a name the report introduced with its party speaks for that party later
    (
        "Ghana's Deputy Foreign Minister Ama Mensah-Bonsu summoned the Nigerian envoy on Friday. \
         Mensah-Bonsu protested the detention of Ghanaian traders and demanded their release.",
        "REQUEST",
        "GHA",
        "",
    ),
    (
        "South Korea's Vice Foreign Minister Kim Hong-kyun summoned the Russian ambassador on \
         Tuesday. Kim condemned the dispatch of North Korean troops to Russia.",
        "ACCUSE",
        "KOR",
        "PRK",
    ),
    // a surname with a particle ("van Klaveren"), capitalised at the start of a sentence
    (
        "Chilean Foreign Minister Alberto van Klaveren spoke to reporters on Tuesday. Van \
         Klaveren also summoned the Bolivian consul.",
        "ACCUSE",
        "CHL",
        "",
    ),
    // a demand with no addressee is made of the other party of the report's dyad
    (
        "Bolivian troops occupied a customs post near the border with Chile. Chile recalled \
         its ambassador from Bolivia. Chile demanded the immediate release of the officers.",
        "REQUEST",
        "CHL",
        "BOL",
    ),
    // a full stop with no space after it still ends the sentence
    (
        "Both sides praised the cooperation.The United States condemned the deployment of \
         North Korean troops to Russia.",
        "ACCUSE",
        "USA",
        "PRK",
    ),
    // an attack with no target named is against the other party of the report's dyad
    (
        "Armenia and Azerbaijan traded accusations on Monday. Azerbaijan said Armenia had \
         violated the ceasefire. Azerbaijani forces shelled three villages overnight, killing \
         two civilians.",
        "ASSAULT",
        "AZE",
        "ARM",
    ),
    // a party of the dyad named only as its own recipient: the act is aimed at the other
    (
        "Kosovo closed two border crossings with Serbia on Monday, and Serbia condemned the \
         closure. Kosovo said it had acted lawfully. Belgrade warned that the mistreatment of \
         Serbian citizens would not be tolerated.",
        "THREATEN",
        "SRB",
        "XKX",
    ),
    // reporting a violation accuses the violator
    (
        "Guyana's foreign minister said on Sunday that Venezuelan troops had violated the \
         ceasefire along the Cuyuni river twice in a week.",
        "ACCUSE",
        "GUY",
        "VEN",
    ),
    // weapons launched at a party are an attack, not a deployment
    (
        "The Houthis said they had launched a barrage of missiles and drones at military \
         sites in Israel overnight.",
        "ASSAULT",
        "YEM",
        "ISR",
    ),
    // fighting on one's own soil, in a report about two parties, is against the other
    (
        "Ukraine and Russia both claimed gains on Friday. Ukraine said its drones had hit a \
         Russian fuel depot. Russia's defence ministry said its forces had retaken the \
         village of Tetkino in the Kursk region.",
        "ASSAULT",
        "RUS",
        "UKR",
    ),
    // a second speaker after ", but" speaks for the rest of the sentence
    (
        "Serbia said on Monday it was ready to resume talks on the border, but Kosovo's \
         foreign ministry said Serbia must first withdraw its troops from the boundary line.",
        "REQUEST",
        "XKX",
        "SRB",
    ),
];

#[test]
fn roles_read_from_structure() {
    let mut failures = Vec::new();
    for (text, etype, actor, recipient) in MUST {
        let events = code(text);
        let found = events.iter().any(|e| {
            e.event_type.to_string() == *etype
                && e.actor.join(";") == *actor
                && (recipient.is_empty() || e.recipient.join(";") == *recipient)
        });
        if !found {
            failures.push(format!(
                "{text}\n  wanted {etype} {actor}→{recipient}\n  got {}",
                show(&events)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A bare common surname never becomes the leader who holds it: "Kim" here is the South
/// Korean vice minister, so nothing is coded as North Korea's act.
#[test]
fn a_bare_surname_is_not_a_leader() {
    let events = code(
        "South Korea's Vice Foreign Minister Kim Hong-kyun summoned the Russian ambassador on \
         Tuesday. Kim condemned the dispatch of North Korean troops to Russia and demanded \
         their withdrawal.",
    );
    assert!(
        events
            .iter()
            .all(|e| e.actor != ["PRK"] || e.event_type.to_string() == "AID"),
        "{}",
        show(&events)
    );
}

/// The coder without the tree still codes (token windows), so a sentence the parser does
/// not take is never lost.
#[test]
fn without_the_tree_the_windows_still_code() {
    let text = normalise_text("Thailand carried out air strikes on military targets in Cambodia.");
    let report = Report::plain_text(report_id(&text), text, None);
    let coder = Coder::bundled().expect("coder").without_parser();
    assert!(coder.parser().is_none());
    let events = coder.code_report(&report).events;
    assert!(
        events.iter().any(|e| e.actor == ["THA"]),
        "{}",
        show(&events)
    );
}

/// "X rejected the report, saying Y did Z": Y's act is reported, said by X, not denied.
#[test]
fn a_participle_frame_speaks_for_the_subject() {
    let events = code(
        "Azerbaijan rejected the report on Tuesday, saying Armenian forces had shelled its \
         positions near Lachin overnight.",
    );
    let shelling = events
        .iter()
        .find(|e| e.event_type.to_string() == "ASSAULT")
        .unwrap_or_else(|| panic!("no attack coded: {}", show(&events)));
    assert_eq!(shelling.actor, ["ARM"]);
    assert_eq!(shelling.modality, ladder_core::Modality::Reported);
    assert_eq!(shelling.attributed_to, ["AZE"]);
}

/// "no Indian soldier had been killed": the tree's "no" on the subject negates the act.
#[test]
fn a_negated_subject_codes_nothing() {
    let events = code(
        "India's defence minister said no Indian soldier had been killed or seriously hurt by \
         Chinese troops.",
    );
    assert!(
        !events.iter().any(|e| e.event_type.to_string() == "ASSAULT"
            && e.modality == ladder_core::Modality::Asserted),
        "{}",
        show(&events)
    );
}

/// A long apposition between the speaker and "said": the tree gives the speaker.
#[test]
fn the_tree_finds_a_speaker_beyond_an_apposition() {
    let events = code(
        "Hezbollah, the Iran-backed group that controls much of southern Lebanon, said Israeli \
         jets had struck two villages near Tyre.",
    );
    let strike = events
        .iter()
        .find(|e| e.event_type.to_string() == "ASSAULT")
        .unwrap_or_else(|| panic!("no attack coded: {}", show(&events)));
    assert_eq!(strike.actor, ["ISR"]);
    assert_eq!(strike.modality, ladder_core::Modality::Reported);
    assert_eq!(strike.attributed_to, ["LBN"]);
}
