//! The reader (the event coder): sentences → clauses → lexicon triggers → roles, modality,
//! attribution, quantity, place and date → `Event`s with evidence, plus diagnostics for
//! sentences where actors and triggers were seen but nothing was coded.

mod clauses;
mod event;
mod frames;
mod groups;
mod modality;
mod people;
mod recipient;
mod reporting;
mod roles;
mod sentence;
mod speaker;
mod trigger;
mod triggers;
mod words;

#[allow(unused_imports)]
use clauses::*;
pub use event::event_id;
#[allow(unused_imports)]
use event::*;
#[allow(unused_imports)]
use frames::*;
#[allow(unused_imports)]
use groups::*;
#[allow(unused_imports)]
use modality::*;
use people::PeopleMemory;
#[allow(unused_imports)]
use recipient::*;
#[allow(unused_imports)]
use roles::*;
#[allow(unused_imports)]
use sentence::*;
#[allow(unused_imports)]
use speaker::*;
#[allow(unused_imports)]
use trigger::*;
#[allow(unused_imports)]
use triggers::*;
#[allow(unused_imports)]
use words::*;

use crate::actors::{sentence_actors, ActorKind, ActorSpan, PlaceSpan};
use crate::dates::find_date;
use crate::domains::{cues_in, DomainCounts};
use crate::entities::{EntityKind, EntityMention, EntitySource, MentionWindow};
use crate::lexicon::{ActorFrame, Complement, Lexicon, Pattern, Phrase};
use crate::quantity::find_quantity;
use crate::references::{add_references, NamedMemory, PriorEvent};
use crate::segment::{sentences, SentenceSpan};
use crate::syntax::{self, RoleFrame, Tree};
use crate::token::{tokenize, Token};
use ladder_core::hash::short_hash;
use ladder_core::{DateBasis, DatePrecision, Event, EventType, Evidence, Modality, Report};
use std::collections::BTreeMap;

/// A note about a sentence the coder read but could not (fully) code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodingDiagnostic {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Events and diagnostics of one report.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CodedReport {
    pub events: Vec<Event>,
    pub diagnostics: Vec<CodingDiagnostic>,
    /// Sentence spans (byte offsets), for `ladder explain`.
    pub sentences: Vec<(usize, usize)>,
    /// How each event's roles were read, for `ladder explain`.
    pub readings: Vec<RoleReading>,
}

/// Which relations gave one coded event its roles: the dependency relations of the tree
/// ("agent=nsubj recipient=obl:to"), or the token windows where the tree said nothing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoleReading {
    /// Start of the sentence (byte offset), as in the event's evidence.
    pub start: usize,
    pub event_id: String,
    pub how: String,
}

/// Kind of clause, as far as modality and roles care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClauseKind {
    Main,
    /// "if …", "unless …": makes the clause it governs conditional.
    Antecedent,
    /// "after …", "since …": background presented as fact.
    Presupposed,
    /// ", which …,": skipped when looking for the main clause's subject.
    Relative,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Clause {
    start: usize,
    end: usize,
    kind: ClauseKind,
    conditional: bool,
}

/// Who says the sentence, and which tokens are what they say.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attribution {
    speaker_codes: Vec<String>,
    speaker_detail: Option<String>,
    /// Token range of the reported content.
    content: Option<(usize, usize)>,
    /// Token range of the reporting frame itself (speaker + verb), excluded from content.
    frame: Option<(usize, usize)>,
    /// Hearsay or report noun: reported even with no named speaker.
    hearsay: bool,
    has_speaker: bool,
    /// The frame is negated ("has not confirmed", "has yet to acknowledge", "no evidence
    /// that"): its content is nobody's assertion and is not coded.
    negated: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Trigger {
    first: usize,
    last: usize,
    entry: usize,
    participle: bool,
    is_verb: bool,
}

/// (sentence index, type, actor codes, recipient codes, recipient detail)
pub(crate) type RecentEvent = (usize, EventType, Vec<String>, Vec<String>, Option<String>);

/// Roles of an event coded in the current sentence: actor codes, actor detail and the
/// recipient's actor group (for accusation frames: "A accused B of …").
pub(crate) type CodedRoles = (Vec<String>, Option<String>, Option<Vec<usize>>);

/// Paragraph- and document-level memory for pronouns and speakers.
#[derive(Debug, Default)]
pub(crate) struct DocState {
    paragraph: usize,
    /// Officials the gazetteer does not know, by the names the report gave them.
    people: PeopleMemory,
    last_subject: Option<(Vec<String>, Option<String>)>,
    last_speaker: Option<(Vec<String>, Option<String>)>,
    /// (sentence index, type, actor codes, recipient codes, recipient detail)
    recent: Vec<RecentEvent>,
    acronyms: BTreeMap<String, (Vec<String>, Option<String>)>,
    /// Parties named so far, for "the North", "the two sides".
    named: NamedMemory,
    /// The party that issued the report (a ministry's statement: "we"), from its source.
    issuer: Option<(Vec<String>, Option<String>)>,
    /// The report's home country (dateline place, else the issuer): the country of
    /// generic actors ("police", "the opposition") in sentences that name no other.
    home: Option<String>,
    /// Off-topic domains the report belongs to, by index (a match report: "attacked" is
    /// sport).
    off_topic: Vec<usize>,
}

/// How many sentences (after the title) decide whether a report is sport or markets.
pub(crate) const DOMAIN_SENTENCES: usize = 40;

/// The event coder. Pure: no I/O while coding.
pub struct CoderCore<'a> {
    pub entities: &'a dyn EntitySource,
    pub lexicon: &'a Lexicon,
    /// The tagger and dependency parser; without it the roles come from token windows.
    pub parser: Option<&'a ladder_parse::Model>,
}

impl<'a> CoderCore<'a> {
    /// Code one report, all its events in one list.
    pub fn code_report(&self, report: &Report) -> CodedReport {
        let mut events = Vec::new();
        let mut coded = self.read_report(report, &mut |event| events.push(event), true);
        coded.events = events;
        coded
    }

    /// Code one report, handing each event to `on_event` as soon as its sentence is
    /// coded, in the order [`CoderCore::code_report`] lists them. The report returned
    /// holds the diagnostics and sentence spans; its `events` stay empty. No event is
    /// kept and mentions are resolved sentence by sentence, so beyond the text itself
    /// memory grows only by the sentence spans.
    pub fn code_report_with(
        &self,
        report: &Report,
        on_event: &mut dyn FnMut(Event),
    ) -> CodedReport {
        self.read_report(report, on_event, false)
    }

    /// Read a report sentence by sentence; `keep_readings` keeps how each event's roles
    /// were read (for `explain`: a streamed huge report keeps nothing per event).
    fn read_report(
        &self,
        report: &Report,
        on_event: &mut dyn FnMut(Event),
        keep_readings: bool,
    ) -> CodedReport {
        let text = report.text.as_str();
        let body_start = report
            .dateline
            .as_ref()
            .map(|d| d.len)
            .filter(|&l| l <= text.len() && text.is_char_boundary(l))
            .unwrap_or_else(|| detect_dateline(text));
        let reference = report
            .dateline
            .as_ref()
            .and_then(|d| d.date)
            .or(report.published);
        let spans = self.reading_units(text, sentences(text, body_start));
        let mut mentions = MentionWindow::new(self.entities.mention_stream(text, reference));
        let issuer = self.issuer_of(report, reference);
        let home = self.home_of(report, reference).or_else(|| {
            issuer.as_ref().and_then(|(codes, _)| {
                codes
                    .iter()
                    .find(|c| self.entities.is_country_code(c))
                    .cloned()
            })
        });
        // sport or markets? judged from the title and the first sentences (bounded, so a
        // huge report costs no second pass)
        let mut counts = DomainCounts::default();
        let domains = self.lexicon.domains.len();
        if domains > 0 {
            if let Some(title) = report.title.as_deref() {
                counts.note(
                    domains,
                    &self.lexicon.domain_cues,
                    &tokenize(title, 0, title.len()),
                );
            }
            for sent in spans.iter().take(DOMAIN_SENTENCES) {
                counts.note(
                    domains,
                    &self.lexicon.domain_cues,
                    &tokenize(text, sent.start, sent.end),
                );
            }
        }
        let min_cues: Vec<usize> = self.lexicon.domains.iter().map(|d| d.min_cues).collect();
        let off_topic = counts.active(&min_cues);
        let mut state = DocState {
            issuer,
            home,
            off_topic,
            ..DocState::default()
        };
        let mut out = CodedReport {
            sentences: spans.iter().map(|s| (s.start, s.end)).collect(),
            ..Default::default()
        };
        // what one sentence adds, handed on before the next sentence is coded
        let mut scratch = CodedReport::default();
        for (si, sent) in spans.iter().enumerate() {
            let sentence_mentions = mentions.within(sent.start, sent.end);
            if sent.paragraph != state.paragraph {
                state.paragraph = sent.paragraph;
                state.last_subject = None;
            }
            self.code_sentence(
                report,
                si,
                sent,
                &sentence_mentions,
                reference,
                &mut state,
                &mut scratch,
            );
            scratch.events.drain(..).for_each(&mut *on_event);
            out.diagnostics.append(&mut scratch.diagnostics);
            if keep_readings {
                out.readings.append(&mut scratch.readings);
            } else {
                scratch.readings.clear();
            }
        }
        out
    }

    /// Sentences split where a second speaker takes over ("Armenia said it was ready to
    /// talk, but Azerbaijan's foreign ministry said Armenia must first …"): each part is
    /// read with its own reporting frame.
    fn reading_units(&self, text: &str, spans: Vec<SentenceSpan>) -> Vec<SentenceSpan> {
        let mut out = Vec::with_capacity(spans.len());
        for sent in spans {
            let tokens = tokenize(text, sent.start, sent.end);
            match self.second_frame_at(&tokens) {
                Some(k) => {
                    let cut = tokens[k + 1].start;
                    out.push(SentenceSpan {
                        end: tokens[k - 1].end,
                        ..sent
                    });
                    out.push(SentenceSpan { start: cut, ..sent });
                }
                None => out.push(sent),
            }
        }
        out
    }

    /// The token where a second reporting frame's clause begins: after ", but", ",
    /// while", ", whereas" or ";", a speaker and reporting verb within a few words, when a
    /// reporting verb already came before.
    fn second_frame_at(&self, tokens: &[Token]) -> Option<usize> {
        let reporting = |t: &Token| self.lexicon.reporting_forms.contains_key(&t.lower);
        let first_verb = tokens.iter().position(reporting)?;
        (first_verb + 2..tokens.len().saturating_sub(2)).find(|&k| {
            let boundary = tokens[k].lower == ";"
                || (tokens[k - 1].lower == ","
                    && matches!(tokens[k].lower.as_str(), "but" | "while" | "whereas"));
            boundary
                && (k + 2..(k + 8).min(tokens.len()))
                    .take_while(|&j| !is_clause_punct(&tokens[j]))
                    .any(|j| reporting(&tokens[j]) && !noun_use(&tokens[j - 1]))
        })
    }

    /// The actor that issued the report, when its source names one ("Ministry of Foreign
    /// Affairs of Japan", "Council of the EU"); wire services and newspapers name none.
    pub(crate) fn issuer_of(
        &self,
        report: &Report,
        reference: Option<chrono::NaiveDate>,
    ) -> Option<(Vec<String>, Option<String>)> {
        let source = report.source.as_deref()?;
        self.entities
            .mentions(source, reference)
            .into_iter()
            .find_map(|m| match m.kind {
                EntityKind::Actor { codes, .. } if !codes.is_empty() => {
                    Some((codes, Some(source.to_string())))
                }
                _ => None,
            })
    }

    /// The country of the report's dateline place ("TBILISI —" → GEO).
    pub(crate) fn home_of(
        &self,
        report: &Report,
        reference: Option<chrono::NaiveDate>,
    ) -> Option<String> {
        let place = report.dateline.as_ref()?.place.as_str();
        let titled: String = place
            .split_whitespace()
            .map(|w| {
                let mut cs = w.chars();
                match cs.next() {
                    Some(f) => f
                        .to_uppercase()
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect(),
                    None => String::new(),
                }
            })
            .collect::<Vec<String>>()
            .join(" ");
        self.entities
            .mentions(&titled, reference)
            .into_iter()
            .find_map(|m| match m.kind {
                EntityKind::Place { country, .. } => country,
                EntityKind::Actor { codes, .. } => {
                    codes.into_iter().find(|c| self.entities.is_country_code(c))
                }
                EntityKind::Sector { .. } => None,
            })
    }
}

/// A word before a reporting form that makes it a noun ("the official's remarks", "his
/// statement").
fn noun_use(before: &Token) -> bool {
    before.kind == crate::token::TokenKind::Possessive
        || matches!(
            before.lower.as_str(),
            "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our" | "these" | "those"
        )
}

/// Byte length of a wire dateline at the start of the text ("SEOUL, Oct 18 (Reuters) -").
pub fn detect_dateline(text: &str) -> usize {
    let head: &str = match text.char_indices().nth(120) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    // PLACE in capitals, optional ", date", optional (Agency), then a dash
    let Some(dash) = head
        .find(" - ")
        .or_else(|| head.find(" — "))
        .or_else(|| head.find(" – "))
    else {
        return 0;
    };
    let prefix = &head[..dash];
    let place_end = prefix
        .find(',')
        .or_else(|| prefix.find('('))
        .unwrap_or(prefix.len());
    let place = prefix[..place_end].trim();
    if place.is_empty()
        || place.chars().any(|c| c.is_lowercase())
        || !place.chars().any(|c| c.is_alphabetic())
    {
        return 0;
    }
    let rest = &head[dash..];
    let dash_len = rest.chars().take(3).map(char::len_utf8).sum::<usize>();
    dash + dash_len
}
