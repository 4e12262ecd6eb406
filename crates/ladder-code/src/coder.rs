//! The event coder: sentences → clauses → lexicon triggers → roles, modality,
//! attribution, quantity, place and date → `Event`s with evidence, plus diagnostics for
//! sentences where actors and triggers were seen but nothing was coded.

use crate::actors::{sentence_actors, ActorKind, ActorSpan, PlaceSpan};
use crate::dates::find_date;
use crate::domains::{cues_in, DomainCounts};
use crate::entities::{EntityKind, EntityMention, EntitySource, MentionWindow};
use crate::lexicon::{ActorFrame, Complement, Lexicon, Pattern, Phrase};
use crate::quantity::find_quantity;
use crate::references::{add_references, NamedMemory, PriorEvent};
use crate::segment::{sentences, SentenceSpan};
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
}

/// Kind of clause, as far as modality and roles care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClauseKind {
    Main,
    /// "if …", "unless …": makes the clause it governs conditional.
    Antecedent,
    /// "after …", "since …": background presented as fact.
    Presupposed,
    /// ", which …,": skipped when looking for the main clause's subject.
    Relative,
}

#[derive(Debug, Clone, Copy)]
struct Clause {
    start: usize,
    end: usize,
    kind: ClauseKind,
    conditional: bool,
}

/// Who says the sentence, and which tokens are what they say.
#[derive(Debug, Clone, Default)]
struct Attribution {
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
struct Trigger {
    first: usize,
    last: usize,
    entry: usize,
    participle: bool,
    is_verb: bool,
}

/// (sentence index, type, actor codes, recipient codes, recipient detail)
type RecentEvent = (usize, EventType, Vec<String>, Vec<String>, Option<String>);

/// Roles of an event coded in the current sentence: actor codes, actor detail and the
/// recipient's actor group (for accusation frames: "A accused B of …").
type CodedRoles = (Vec<String>, Option<String>, Option<Vec<usize>>);

/// Paragraph- and document-level memory for pronouns and speakers.
#[derive(Debug, Default)]
struct DocState {
    paragraph: usize,
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
const DOMAIN_SENTENCES: usize = 40;

const BE_FORMS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "got", "gets",
];
const PREPOSITIONS: &[&str] = &[
    "of",
    "in",
    "at",
    "between",
    "with",
    "over",
    "from",
    "against",
    "on",
    "for",
    "to",
    "near",
    "into",
    "about",
    "toward",
    "towards",
    "under",
    "after",
    "since",
    "by",
    "among",
    "across",
    "inside",
    "outside",
    "within",
    "without",
    "including",
    "like",
    "as",
    "via",
    "through",
    "alongside",
];
const DEFAULT_RECIPIENT_PREPS: &[&str] = &[
    "to", "with", "against", "on", "for", "toward", "towards", "at", "into", "upon",
];
const SUBORDINATORS_MAIN: &[&str] = &["but", "while", "whereas", "although", "though", "yet"];

fn phrase_at(tokens: &[Token], i: usize, phrase: &Phrase) -> bool {
    i + phrase.len() <= tokens.len()
        && phrase
            .iter()
            .enumerate()
            .all(|(k, w)| tokens[i + k].lower == *w)
}

fn is_closing_quote(t: &Token) -> bool {
    matches!(t.lower.as_str(), "”" | "\"" | "'" | "’" | "»")
}

fn is_clause_punct(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        "," | ";" | ":" | "“" | "”" | "\"" | "(" | ")" | "—" | "–"
    )
}

/// The event coder. Pure: no I/O while coding.
pub struct CoderCore<'a> {
    pub entities: &'a dyn EntitySource,
    pub lexicon: &'a Lexicon,
}

impl<'a> CoderCore<'a> {
    /// Code one report, all its events in one list.
    pub fn code_report(&self, report: &Report) -> CodedReport {
        let mut events = Vec::new();
        let mut coded = self.code_report_with(report, &mut |event| events.push(event));
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
        let spans = sentences(text, body_start);
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
        }
        out
    }

    /// The actor that issued the report, when its source names one ("Ministry of Foreign
    /// Affairs of Japan", "Council of the EU"); wire services and newspapers name none.
    fn issuer_of(
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
    fn home_of(&self, report: &Report, reference: Option<chrono::NaiveDate>) -> Option<String> {
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

    #[allow(clippy::too_many_arguments)]
    fn code_sentence(
        &self,
        report: &Report,
        si: usize,
        sent: &SentenceSpan,
        mentions: &[EntityMention],
        reference: Option<chrono::NaiveDate>,
        state: &mut DocState,
        out: &mut CodedReport,
    ) {
        let text = report.text.as_str();
        let tokens = tokenize(text, sent.start, sent.end);
        if tokens.is_empty() {
            return;
        }
        // "Is Beijing prepared to negotiate?": a question asserts nothing
        if tokens.last().is_some_and(|t| t.lower == "?") {
            return;
        }
        // commentary in a sport or markets report: "Japan edged North Korea 1-0"
        let cues: Vec<(usize, String)> = if state.off_topic.is_empty() {
            Vec::new()
        } else {
            cues_in(&self.lexicon.domain_cues, &tokens)
                .into_iter()
                .filter(|(d, _)| state.off_topic.contains(d))
                .collect()
        };
        if let Some(domain) = cues.first().and_then(|(d, _)| self.lexicon.domains.get(*d)) {
            let cues: Vec<&str> = cues.iter().map(|(_, c)| c.as_str()).collect();
            out.diagnostics.push(CodingDiagnostic {
                start: sent.start,
                end: sent.end,
                message: format!(
                    "{} report, and this sentence is {} commentary ({}): not coded",
                    domain.name,
                    domain.name,
                    cues.join(", ")
                ),
            });
            return;
        }
        let (mut actors, places) = sentence_actors(text, &tokens, mentions, &mut state.acronyms);
        let prior: Vec<PriorEvent> = state
            .recent
            .iter()
            .filter(|(s, ..)| *s < si && si - *s <= 3)
            .map(|(_, t, a, r, _)| PriorEvent {
                event_type: *t,
                actor: a,
                recipient: r,
            })
            .collect();
        let event_refs = add_references(
            text,
            &tokens,
            &mut actors,
            &places,
            self.lexicon,
            &state.named,
            &prior,
        );
        let clauses = split_clauses(&tokens, &actors);
        let mut attribution = self.find_attribution(text, &tokens, &actors, &clauses);
        // resolve the speaker
        if attribution.has_speaker && attribution.speaker_codes.is_empty() {
            // "Turkish jets struck …, the ministry said": a speaker with no country of its
            // own is the issuer's, the last speaker's, or (when it follows what it says) the
            // state that content is about
            let content_first = attribution
                .content
                .filter(|&(cs, _)| attribution.frame.is_some_and(|(fs, _)| fs > cs));
            // only a definite institution ("the ministry", "the army") is taken to speak
            // for the state its content is about; "officials said" stays unknown
            let institutional = attribution.speaker_detail.as_deref().is_some_and(|d| {
                let d = d.to_lowercase();
                self.lexicon
                    .attribution
                    .institution_nouns
                    .iter()
                    .any(|n| d == *n || d.ends_with(&format!(" {n}")))
            });
            let content_subject = content_first
                .filter(|_| institutional)
                .and_then(|(cs, ce)| {
                    actors
                        .iter()
                        .find(|a| {
                            a.first >= cs
                                && a.first < ce
                                && a.kind == ActorKind::Named
                                && a.codes
                                    .first()
                                    .is_some_and(|c| self.entities.is_country_code(c))
                        })
                        .map(|a| (a.codes.clone(), None))
                });
            // "analysts say", "officials said": a bare plural with no country is nobody
            // known, unless the report's issuer speaks; "the official said" refers back
            let bare_plural = attribution.speaker_detail.as_deref().is_some_and(|d| {
                let d = d.to_lowercase();
                !d.starts_with("the ") && d.ends_with('s') && !institutional
            });
            let remembered = state.last_speaker.clone();
            let (first_choice, second_choice) = if institutional {
                (content_subject, remembered)
            } else {
                (remembered, content_subject)
            };
            let resolved = if bare_plural {
                state.issuer.clone()
            } else {
                state
                    .issuer
                    .clone()
                    .or(first_choice)
                    .or(second_choice)
                    .or(state.last_subject.clone())
            };
            if let Some((codes, detail)) = resolved {
                attribution.speaker_codes = codes;
                if attribution.speaker_detail.is_none() {
                    attribution.speaker_detail = detail;
                }
            }
        }
        // a sentence that is all quotation continues the last speaker
        if !attribution.has_speaker
            && tokens
                .first()
                .is_some_and(|t| t.lower == "“" || t.lower == "\"")
        {
            if let Some((codes, detail)) = state.last_speaker.clone() {
                attribution.speaker_codes = codes;
                attribution.speaker_detail = detail;
                attribution.has_speaker = true;
                attribution.content = Some((0, tokens.len()));
            }
        }
        // "Belarus denied that its troops …", "Iran denied it had …": the denier
        let denier_pronouns: Vec<(usize, Vec<String>, Option<String>)> = (0..actors.len())
            .filter(|&k| {
                actors[k].codes.is_empty()
                    && actors[k].kind == ActorKind::Pronoun
                    && actors[k].word != "we"
            })
            .filter_map(|k| {
                let d = self.denial_before(&tokens, actors[k].first)?;
                let g = subject_group(&tokens, &actors, 0, d, None)?;
                let (codes, detail) = group_codes(&actors, &g);
                (!codes.is_empty()).then_some((k, codes, detail))
            })
            .collect();
        for (k, codes, detail) in denier_pronouns {
            actors[k].codes = codes;
            actors[k].detail = actors[k].detail.clone().or(detail);
        }
        // resolve pronouns and generics
        for a in actors.iter_mut() {
            if !a.codes.is_empty() {
                continue;
            }
            match a.kind {
                ActorKind::Pronoun if a.word == "we" => {
                    if !attribution.speaker_codes.is_empty() {
                        a.codes = attribution.speaker_codes.clone();
                        a.detail = a.detail.clone().or(attribution.speaker_detail.clone());
                    } else if let Some((codes, detail)) =
                        state.issuer.as_ref().filter(|_| !attribution.has_speaker)
                    {
                        // the issuer's own voice: "We have lodged a strong protest"
                        a.codes = codes.clone();
                        a.detail = a.detail.clone().or(detail.clone());
                    }
                }
                ActorKind::Pronoun if matches!(a.word.as_str(), "its" | "their") => {
                    // "China said the vessel intruded into its waters": a bare possessive in
                    // what a state says is the speaker's own
                    let in_content = attribution
                        .content
                        .is_some_and(|(cs, ce)| a.first >= cs && a.first < ce);
                    if in_content && !attribution.speaker_codes.is_empty() {
                        a.codes = attribution.speaker_codes.clone();
                    }
                }
                ActorKind::Pronoun => {
                    // right after the reporting verb: the speaker ("X said it would")
                    let after_frame = attribution.frame.is_some_and(|(_, fe)| {
                        a.first == fe
                            || (a.first == fe + 1
                                && matches!(tokens[fe].lower.as_str(), "that" | "the"))
                    });
                    let possessive_pronoun = a.first + 1 < a.last
                        && matches!(tokens[a.first].lower.as_str(), "its" | "their");
                    // "the command said the exercise had tested its forces": a possessive in
                    // what a party says is the party's own
                    let possessive_in_content = possessive_pronoun
                        && attribution
                            .content
                            .is_some_and(|(cs, ce)| a.first >= cs && a.first < ce);
                    if (after_frame || possessive_in_content)
                        && !attribution.speaker_codes.is_empty()
                    {
                        a.codes = attribution.speaker_codes.clone();
                        a.detail = a.detail.clone().or(attribution.speaker_detail.clone());
                    } else if let Some((codes, detail)) = &state.last_subject {
                        if matches!(a.word.as_str(), "it" | "they" | "he" | "she")
                            && (possessive_pronoun || is_subject_position(&tokens, a))
                        {
                            a.codes = codes.clone();
                            a.detail = detail.clone();
                        }
                    }
                }
                ActorKind::Generic => {
                    let in_content = attribution
                        .content
                        .is_some_and(|(cs, ce)| a.first >= cs && a.first < ce);
                    // "the troops" after "officials said" points back to troops already
                    // named, not to the speaker's own
                    let anaphoric_force = a.definite
                        && a.detail.as_deref().is_some_and(|d| {
                            matches!(
                                d.to_lowercase().as_str(),
                                "troops" | "soldiers" | "forces" | "units" | "personnel"
                            )
                        });
                    if in_content
                        && !anaphoric_force
                        && !attribution.speaker_codes.is_empty()
                        && is_official_sector(&a.word)
                        && is_subject_position(&tokens, a)
                    {
                        a.codes = attribution.speaker_codes.clone();
                    } else if a.definite && a.word == "government" {
                        if let Some((codes, _)) = &state.last_subject {
                            a.codes = codes.clone();
                        }
                    }
                }
                ActorKind::Named => {}
            }
        }
        // only the last few sentences matter for carried-over recipients (keeps time linear)
        state.recent.retain(|(s, ..)| si.saturating_sub(*s) <= 3);
        let sentence_countries = distinct_countries(&actors, &places, self.entities);
        let triggers = self.find_triggers(text, &tokens, &clauses);
        let mut events: Vec<Event> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let mut main_subject: Option<Vec<usize>> = None;
        let mut clause_subjects: Vec<Option<Vec<usize>>> = vec![None; clauses.len()];
        for (ci, c) in clauses.iter().enumerate() {
            let (mut from, mut to) = (c.start, c.end);
            if let Some((cs, ce)) = attribution.content {
                if cs > from && cs < to {
                    from = cs;
                }
                if ce > from && ce < to {
                    to = ce;
                }
            }
            if let Some((fs, fe)) = attribution.frame {
                if fs <= from && fe > from {
                    from = fe.min(to);
                }
            }
            clause_subjects[ci] = subject_group(&tokens, &actors, from, to, None);
        }
        // "The claim … that Armenian units had fired … does not correspond to reality":
        // what the claim says, between the claim noun and the predicate, is denied
        let false_claim = self.false_claim_span(&tokens);
        // per trigger: (actor codes, actor detail, recipient group) of the event it coded
        let mut coded_roles: Vec<Option<CodedRoles>> = vec![None; triggers.len()];
        for (ti, trig) in triggers.iter().enumerate() {
            // "condemned the strikes": words that point back to an event already coded
            if event_refs
                .iter()
                .any(|&(f, l)| trig.first >= f && trig.first < l)
            {
                continue;
            }
            // "rejected such accusations", "welcomed the agreement": a noun that is the
            // object of another event word names what that act is about, not a new act
            if !trig.is_verb
                && ti > 0
                && triggers[ti - 1].is_verb
                && self.lexicon.entries[triggers[ti - 1].entry].complement != Complement::Yield
                && triggers[ti - 1].last <= trig.first
                && trig.first - triggers[ti - 1].last <= 2
                && token_span(&tokens, triggers[ti - 1].last, trig.first)
                    .iter()
                    .all(|t| {
                        matches!(
                            t.lower.as_str(),
                            "the" | "such" | "these" | "those" | "this" | "that" | "any" | "all"
                        )
                    })
            {
                continue;
            }
            let entry = &self.lexicon.entries[trig.entry];
            let etype = self.lexicon.types[trig.entry];
            let surface = text
                .get(tokens[trig.first].start..tokens[trig.last - 1].end)
                .unwrap_or("");
            let Some(ci) = clauses
                .iter()
                .position(|c| trig.first >= c.start && trig.first < c.end)
            else {
                continue;
            };
            let clause = clauses[ci];
            // complements: "urged X to withdraw", "pledged to boost ties", "sent men to fight"
            let governor = triggers[..ti].iter().rev().find(|g| {
                g.last <= trig.first
                    && trig.first - g.last <= 10
                    && clauses
                        .iter()
                        .position(|c| g.first >= c.start && g.first < c.end)
                        == Some(ci)
                    // "vetoed the package, drawing criticism": a comma ends the complement
                    && !token_span(&tokens, g.last, trig.first)
                        .iter()
                        .any(|t| t.lower == "," || t.lower == ";")
            });
            // "vowed to retaliate and summoned the envoy": a finite verb conjoined after
            // the complement is the subject's next act, not part of the complement
            let conjoined_finite = trig.is_verb
                && trig.participle
                && trig.first > 0
                && matches!(tokens[trig.first - 1].lower.as_str(), "and" | "but");
            if let Some(g) = governor.filter(|_| !conjoined_finite) {
                let gentry = &self.lexicon.entries[g.entry];
                let to_before = trig.first > 0 && tokens[trig.first - 1].lower == "to";
                if gentry.complement == Complement::Drop
                    || (gentry.complement == Complement::None
                        && to_before
                        && trig.first - g.last <= 6)
                {
                    continue;
                }
            }
            if entry.complement == Complement::Yield {
                let governs = triggers[ti + 1..].iter().any(|n| {
                    n.first >= trig.last
                        && n.first - trig.last <= 8
                        && n.first < clause.end
                        && token_span(&tokens, trig.last, n.first)
                            .iter()
                            .any(|t| t.lower == "to" || t.lower == "on")
                });
                if governs {
                    continue;
                }
            }
            // "supplying Moscow with artillery shells", "sent missiles": a weapon noun in
            // the object of a transfer is what is sent, not an attack
            if etype == EventType::Assault
                && triggers[..ti].iter().rev().any(|g| {
                    self.lexicon.types[g.entry] == EventType::Aid
                        && g.last <= trig.first
                        && trig.first - g.last <= 6
                        && !token_span(&tokens, g.last, trig.first)
                            .iter()
                            .any(is_clause_punct)
                        && self.lexicon.object_words[g.entry].iter().any(|o| {
                            (g.last..=trig.first)
                                .any(|k| phrase_at(&tokens, k, o) && k + o.len() > trig.first)
                        })
                })
            {
                continue;
            }
            // --- modality cues ("vowed to retaliate and summoned": "vowed" stops at "and")
            let window_start = if conjoined_finite {
                trig.first
            } else {
                clause.start.max(trig.first.saturating_sub(8))
            };
            let denial_at = self.find_denial(&tokens, clause.start, trig.first);
            if denial_at.is_none()
                && (self.negated(&tokens, clause.start, trig.first)
                    || open_question_before(&tokens, clause.start, trig.first)
                    || tokens.get(trig.last).is_some_and(|t| t.lower == "no"))
            {
                notes.push(format!("'{surface}' ({}) negated: not coded", entry.id));
                continue;
            }
            // --- roles
            let in_content = attribution
                .content
                .is_some_and(|(cs, ce)| trig.first >= cs && trig.first < ce);
            if attribution.negated && in_content {
                notes.push(format!(
                    "'{surface}' ({}) under a negated confirmation: not coded",
                    entry.id
                ));
                continue;
            }
            let region_start = match attribution.content {
                Some((cs, ce)) if in_content && cs > clause.start && cs < ce => cs,
                _ => clause.start,
            };
            let region_end = match attribution.frame {
                Some((fs, _)) if fs > trig.first && fs < clause.end => fs,
                _ => clause.end,
            };
            // "troops were sent by Pyongyang", "Russian troops, backed by North Korea"
            let passive = trig.participle
                && (is_passive(&tokens, trig.first)
                    || (trig.first > 0
                        && tokens[trig.first - 1].lower == ","
                        && tokens.get(trig.last).is_some_and(|t| t.lower == "by")));
            let mut actor_idx: Option<Vec<usize>> = None;
            let mut recipient_idx: Option<Vec<usize>> = None;
            let mut recipient_is_subject = false;
            if !entry.actor_preps.is_empty() {
                if let Some(a) =
                    actor_after_preps(&tokens, &actors, trig.last, region_end, &entry.actor_preps)
                {
                    actor_idx = Some(a);
                    recipient_is_subject = true;
                }
            }
            if passive {
                let by = ["by".to_string()];
                if let Some(a) = actor_after_preps(&tokens, &actors, trig.last, region_end, &by) {
                    actor_idx = Some(a);
                    recipient_is_subject = true;
                } else if sentence_countries.len() >= 2
                    && triggers.iter().enumerate().any(|(tj, t)| {
                        tj != ti && self.lexicon.types[t.entry] == etype && !t.participle
                    })
                {
                    // "three Ukrainian civilians were killed in a Russian strike": the subject
                    // suffered the act, no agent is named, and another word of the sentence
                    // codes the act with its actor
                    notes.push(format!("'{surface}' ({}) passive with no agent", entry.id));
                    continue;
                }
            }
            let subject_from = denial_at.map(|d| d + 1).unwrap_or(region_start);
            // a possessive right before the trigger is its actor ("Israel's air strikes")
            // and so is a demonym after an article ("a Ukrainian attack", "the Russian
            // offensive")
            let possessor = actors.iter().position(|a| {
                !a.codes.is_empty()
                    && a.first >= subject_from
                    && ((a.possessive && a.last < trig.first && trig.first - (a.last + 1) <= 1)
                        || (a.last == trig.first
                            && a.kind == ActorKind::Named
                            && a.first > 0
                            && matches!(tokens[a.first - 1].lower.as_str(), "a" | "an" | "the")
                            // "Mexico and the United States signed": a coordinated subject
                            && !(a.first > 1
                                && matches!(tokens[a.first - 2].lower.as_str(), "and" | "or" | ","))))
            });
            let mut subject = match possessor {
                Some(k) => Some(vec![k]),
                None => subject_group(&tokens, &actors, subject_from, trig.first, None),
            };
            // "said the incursion was a violation and demanded …": an act named by an event
            // reference does not speak (though "the drills served as a warning" may carry
            // one); the spoken act falls back to the speaker
            if etype.is_verbal()
                && trig.is_verb
                && entry.actor != ActorFrame::Speaker
                && subject.as_ref().is_some_and(|g| {
                    g.iter().any(|&k| {
                        event_refs
                            .iter()
                            .any(|&(f, l)| actors[k].first >= f && actors[k].first < l)
                    })
                })
            {
                subject = attribution
                    .frame
                    .filter(|&(_, fe)| fe <= trig.first)
                    .and_then(|(fs, fe)| subject_group(&tokens, &actors, fs, fe, None));
            }
            // "Zelenskyy said the silence of the US only encouraged Putin, and urged western
            // governments to …": a speech act conjoined after what a speaker said is the
            // speaker's own
            if etype.is_verbal()
                && trig.is_verb
                && in_content
                && trig.first >= 2
                && tokens[trig.first - 1].lower == "and"
                && tokens[trig.first - 2].lower == ","
            {
                if let Some(speaker) = attribution
                    .frame
                    .filter(|&(_, fe)| fe <= trig.first)
                    .and_then(|(fs, fe)| subject_group(&tokens, &actors, fs, fe, None))
                {
                    subject = Some(speaker);
                }
            }
            let denial: Option<Vec<usize>> = denial_at.and_then(|d| {
                subject_group(&tokens, &actors, region_start, d, None)
                    .or_else(|| (0..ci).rev().find_map(|pj| clause_subjects[pj].clone()))
            });
            if subject.is_none() && denial_at.is_some() {
                subject = denial.clone();
            }
            // accusation frame: "A accused B of supplying C", "A blamed B for the attack":
            // the accused act is B's, reported by A
            let accusation = if denial_at.is_none() {
                self.accusation_governor(
                    &tokens,
                    &actors,
                    &triggers[..ti],
                    &coded_roles,
                    trig,
                    clause,
                )
            } else {
                None
            };
            let mut passive = passive;
            if let Some((_, _, accused)) = &accusation {
                subject = Some(accused.clone());
                actor_idx = None;
                recipient_is_subject = false;
                passive = false;
            }
            if subject.is_none() {
                // ellipsis / relative clause: the subject of an earlier main clause
                for pj in (0..ci).rev() {
                    if clauses[pj].kind == ClauseKind::Main
                        || clauses[pj].kind == ClauseKind::Presupposed
                    {
                        if let Some(s) = &clause_subjects[pj] {
                            subject = Some(s.clone());
                            break;
                        }
                    }
                }
                if subject.is_none() && clause.kind == ClauseKind::Main {
                    subject = main_subject.clone();
                }
                // "Talks between Armenia and Azerbaijan resumed": the parties of a
                // bilateral noun are its actors
                if subject.is_none() && !trig.is_verb && etype.is_symmetric() {
                    let between = (trig.last..(trig.last + 4).min(region_end))
                        .find(|&k| tokens[k].lower == "between");
                    if let Some(b) = between {
                        if let Some(k) = actors
                            .iter()
                            .position(|a| a.first > b && a.first <= b + 5 && !a.codes.is_empty())
                        {
                            let group = coordinated(&tokens, &actors, k);
                            if group.len() >= 2 {
                                subject = Some(group);
                            }
                        }
                    }
                }
                // "Rwanda denied the report and accused Congo": a conjoined verb shares the
                // subject before a report noun's content
                if subject.is_none()
                    && trig.is_verb
                    && region_start > clause.start
                    && trig.first > 0
                    && matches!(tokens[trig.first - 1].lower.as_str(), "and" | "but")
                {
                    subject = subject_group(&tokens, &actors, clause.start, region_start, None);
                }
            }
            if entry.actor == ActorFrame::Speaker {
                if !attribution.has_speaker || attribution.speaker_codes.is_empty() || !in_content {
                    continue;
                }
                let target = subject
                    .clone()
                    .or_else(|| first_actor_after(&actors, trig.last, region_end));
                let ev = self.build_event(
                    report,
                    sent,
                    &tokens,
                    &places,
                    trig,
                    etype,
                    (
                        attribution.speaker_codes.clone(),
                        attribution.speaker_detail.clone(),
                    ),
                    target.map(|g| group_codes(&actors, &g)).unwrap_or_default(),
                    Modality::Asserted,
                    clause,
                    reference,
                );
                if let Some(mut ev) = ev {
                    // the speaker's own label ("a grave violation"): said by the speaker
                    ev.attributed_to = attribution.speaker_codes.clone();
                    ev.attributed_detail = attribution.speaker_detail.clone();
                    ev.id = event_id(&ev);
                    events.push(ev);
                }
                continue;
            }
            if recipient_is_subject {
                recipient_idx = subject.clone();
            } else {
                actor_idx = subject.clone();
            }
            if actor_idx.is_none() {
                if let Some(d) = &denial {
                    actor_idx = Some(d.clone());
                }
            }
            let actor_group = match actor_idx {
                Some(g) => g,
                // an unknown named subject ("Lt. Gen. Prosper Avril resigned") in a
                // sentence about one country: that country (domestic default)
                None if sentence_countries.len() == 1
                    && !passive
                    && (region_start..trig.first).any(|k| {
                        tokens[k].is_capitalised(text)
                            && !places.iter().any(|p| k >= p.first && k < p.last)
                            && !matches!(
                                tokens[k].lower.as_str(),
                                "the"
                                    | "a"
                                    | "an"
                                    | "in"
                                    | "on"
                                    | "at"
                                    | "it"
                                    | "this"
                                    | "that"
                                    | "these"
                                    | "those"
                                    | "some"
                                    | "many"
                                    | "most"
                                    | "after"
                                    | "as"
                                    | "but"
                                    | "and"
                                    | "when"
                                    | "while"
                                    | "if"
                            )
                    }) =>
                {
                    Vec::new()
                }
                None => {
                    notes.push(format!("'{surface}' ({}) has no actor", entry.id));
                    continue;
                }
            };
            let (mut actor_codes, mut actor_detail) = group_codes(&actors, &actor_group);
            if actor_codes.is_empty() {
                // a generic subject ("rebels", "officials"): in a denial, the denier's; in a
                // sentence about one country, that country; in a sentence that names no
                // country, the report's home country
                if let Some(denier) = denial
                    .as_ref()
                    .map(|d| group_codes(&actors, d).0)
                    .filter(|c| !c.is_empty())
                {
                    // "Venezuela denied that any troops had entered Colombia": the denier's
                    actor_codes = denier;
                } else if sentence_countries.len() == 1 {
                    actor_codes = sentence_countries.clone();
                } else if let Some(home) = state
                    .home
                    .as_ref()
                    .filter(|h| sentence_countries.is_empty() || sentence_countries.contains(h))
                {
                    actor_codes = vec![home.clone()];
                } else {
                    notes.push(format!(
                        "'{surface}' ({}): actor '{}' unresolved",
                        entry.id,
                        actor_detail.clone().unwrap_or_default()
                    ));
                    continue;
                }
            }
            if actor_detail.is_none() && (attribution.speaker_codes == actor_codes) {
                actor_detail = None;
            }
            if !entry.actor_words.is_empty()
                && !actor_has_word(&tokens, &actors, &actor_group, &entry.actor_words)
            {
                notes.push(format!(
                    "'{surface}' ({}): the actor is not one of {}",
                    entry.id,
                    entry.actor_words.join(", ")
                ));
                continue;
            }
            let actor_detail_for_source = actor_detail.clone();
            if !recipient_is_subject {
                // "held an emergency meeting to explore responses over North Korea's ties
                // with Russia": what a meeting is about is not whom it is with
                let recipient_end = if etype == EventType::Consult {
                    (trig.last..region_end)
                        .find(|&k| {
                            matches!(
                                tokens[k].lower.as_str(),
                                "over" | "about" | "regarding" | "concerning" | "on"
                            ) || (tokens[k].lower == "to"
                                && tokens.get(k + 1).is_some_and(|n| {
                                    matches!(
                                        n.lower.as_str(),
                                        "discuss" | "explore" | "review" | "consider" | "address"
                                    )
                                }))
                        })
                        .unwrap_or(region_end)
                } else {
                    region_end
                };
                recipient_idx = self.find_recipient(
                    &tokens,
                    &actors,
                    trig,
                    entry,
                    etype,
                    recipient_end,
                    &actor_group,
                    &actor_codes,
                );
            }
            if recipient_idx.is_none() && !recipient_is_subject {
                // "agreed with the United States to share data": the partner named
                // between a yielding governor and its complement
                if let Some(g) = governor
                    .filter(|g| self.lexicon.entries[g.entry].complement == Complement::Yield)
                {
                    let with = ["with".to_string()];
                    recipient_idx = actor_after_preps(&tokens, &actors, g.last, trig.first, &with)
                        .filter(|r| !r.iter().any(|k| actor_group.contains(k)));
                }
            }
            let recipient_group = recipient_idx.clone();
            let (mut recipient_codes, mut recipient_detail) = recipient_idx
                .map(|g| group_codes(&actors, &g))
                .unwrap_or_default();
            let reciprocal = actor_codes.len() >= 2 && etype.is_symmetric();
            if recipient_codes.is_empty() && !recipient_is_subject && !reciprocal {
                // a place after the trigger: its country ("Russia and China will meet in
                // Beijing" stays reciprocal)
                if let Some(p) = places
                    .iter()
                    .find(|p| p.first >= trig.last && p.first < region_end)
                {
                    if let Some(c) = &p.location.country {
                        recipient_codes = vec![c.clone()];
                        recipient_detail = Some(p.location.name.clone());
                    }
                }
            }
            if recipient_codes.is_empty() {
                // an if-clause just before: its first actor ("if X continues, we will respond")
                if ci > 0 && clauses[ci - 1].kind == ClauseKind::Antecedent {
                    if let Some(a) = actors.iter().find(|a| {
                        a.first >= clauses[ci - 1].start
                            && a.first < clauses[ci - 1].end
                            && !a.codes.is_empty()
                            && a.kind == ActorKind::Named
                    }) {
                        recipient_codes = a.codes.clone();
                    }
                }
            }
            if recipient_codes.is_empty()
                && actor_codes.len() < 2
                && matches!(
                    etype,
                    EventType::Aid | EventType::Cooperate | EventType::Sanction
                )
            {
                // the same actor's last event of this type, a sentence or two back ("Both
                // Russia and North Korea denied arms transfers" stays between the two)
                if let Some((_, _, _, r, d)) = state.recent.iter().rev().find(|(s, t, a, r, _)| {
                    si.saturating_sub(*s) <= 3
                        && *t == etype
                        && a.iter().any(|c| actor_codes.contains(c))
                        && !r.is_empty()
                }) {
                    recipient_codes = r.clone();
                    recipient_detail = d.clone();
                }
            }
            if recipient_codes.is_empty() && etype == EventType::Reject {
                // "B rejects the claims": the last accuser of B, a sentence or two back
                if let Some((_, _, a, _, _)) = state.recent.iter().rev().find(|(s, t, _, r, _)| {
                    si.saturating_sub(*s) <= 3
                        && *t == EventType::Accuse
                        && r.iter().any(|c| actor_codes.contains(c))
                }) {
                    recipient_codes = a.clone();
                }
            }
            // "Japan and South Korea will hold a summit in Seoul": a host named among the
            // actors, or a venue ("held talks in Baghdad"), leaves the meeting reciprocal
            let at_venue = recipient_group.as_ref().is_some_and(|g| {
                g.first().and_then(|&k| actors.get(k)).is_some_and(|a| {
                    a.first > 0 && matches!(tokens[a.first - 1].lower.as_str(), "in" | "at")
                })
            });
            if reciprocal
                && !recipient_codes.is_empty()
                && (at_venue || recipient_codes.iter().all(|c| actor_codes.contains(c)))
            {
                recipient_codes.clear();
                recipient_detail = None;
            }
            if recipient_codes.is_empty()
                && actor_codes.len() >= 2
                && (etype.is_symmetric() || etype == EventType::Aid)
            {
                // reciprocal: "Russia and North Korea signed a treaty"
                recipient_codes = actor_codes.clone();
            }
            // "deployed troops along its coastline": no one receives them, a mobilisation
            let recipientless = entry
                .without_recipient
                .as_ref()
                .filter(|_| recipient_codes.iter().all(|c| actor_codes.contains(c)))
                .and_then(|w| Some((w, w.event_type.parse::<EventType>().ok()?)));
            let etype = recipientless.map(|(_, t)| t).unwrap_or(etype);
            if recipientless.is_some() {
                recipient_codes.clear();
                recipient_detail = None;
            }
            // --- modality and attribution
            let mut modality;
            let mut attributed: Vec<String> = Vec::new();
            let mut attributed_detail = None;
            if in_content && attribution.has_speaker {
                attributed = attribution.speaker_codes.clone();
                attributed_detail = attribution.speaker_detail.clone();
            }
            let claim_denied =
                false_claim.is_some_and(|(from, to)| trig.first > from && trig.first < to);
            if claim_denied && denial_at.is_none() {
                // denied by whoever calls the claim false: the speaker, else the issuer
                modality = Modality::Denied;
                if let Some((codes, detail)) = (!attribution.speaker_codes.is_empty())
                    .then(|| {
                        (
                            attribution.speaker_codes.clone(),
                            attribution.speaker_detail.clone(),
                        )
                    })
                    .or(state.issuer.clone())
                {
                    attributed = codes;
                    attributed_detail = detail;
                }
            } else if denial_at.is_some() {
                modality = Modality::Denied;
                if let Some(d) = &denial {
                    let (dcodes, ddetail) = group_codes(&actors, d);
                    attributed = dcodes;
                    attributed_detail = ddetail;
                }
            } else if clause.conditional
                || self.cue_in(&self.lexicon.conditional, &tokens, clause.start, clause.end)
            {
                modality = Modality::Conditional;
            } else if self.cue_in(&self.lexicon.considered, &tokens, window_start, trig.first) {
                modality = Modality::Considered;
            } else if etype != EventType::Threaten
                && self.cue_in(&self.lexicon.planned, &tokens, window_start, trig.first)
            {
                modality = Modality::Planned;
            } else if clause.kind == ClauseKind::Presupposed {
                modality = Modality::Asserted;
            } else if in_content && (attribution.has_speaker || attribution.hearsay) {
                let self_report = !attribution.speaker_codes.is_empty()
                    && attribution
                        .speaker_codes
                        .iter()
                        .any(|c| actor_codes.contains(c));
                modality = if self_report {
                    Modality::Asserted
                } else {
                    Modality::Reported
                };
            } else if attribution.hearsay {
                modality = Modality::Reported;
            } else {
                modality = Modality::Asserted;
            }
            if let Some((accuser, accuser_detail, _)) = &accusation {
                modality = Modality::Reported;
                attributed = accuser.clone();
                attributed_detail = accuser_detail.clone();
            }
            if attributed.is_empty() {
                if let Some((codes, detail)) = &state.issuer {
                    // a statement, release or communiqué: its issuer speaks throughout
                    attributed = codes.clone();
                    attributed_detail = detail.clone();
                } else if etype.is_verbal()
                    || matches!(modality, Modality::Planned | Modality::Considered)
                {
                    // "Saudi Arabia condemned the attack": the actor's own statement
                    attributed = actor_codes.clone();
                    attributed_detail = actor_detail_for_source.clone();
                }
            }
            if modality == Modality::Asserted && etype == EventType::Threaten && clause.conditional
            {
                modality = Modality::Conditional;
            }
            let ev = self.build_event(
                report,
                sent,
                &tokens,
                &places,
                trig,
                etype,
                (actor_codes.clone(), actor_detail),
                (recipient_codes.clone(), recipient_detail.clone()),
                modality,
                clause,
                reference,
            );
            if let Some(mut ev) = ev {
                if let Some((w, _)) = recipientless {
                    ev.mode = w.mode.clone();
                    ev.cameo = w.cameo.clone().or(ev.cameo);
                }
                coded_roles[ti] = Some((
                    actor_codes.clone(),
                    ev.actor_detail.clone(),
                    recipient_group.clone(),
                ));
                ev.attributed_to = attributed;
                ev.attributed_detail = attributed_detail;
                ev.id = event_id(&ev);
                if main_subject.is_none() && clause.kind == ClauseKind::Main {
                    main_subject = Some(actor_group.clone());
                }
                state
                    .recent
                    .push((si, etype, actor_codes, recipient_codes, recipient_detail));
                events.push(ev);
            }
        }
        // deduplicate: same type, actors and recipients within the sentence
        let mut kept: Vec<Event> = Vec::new();
        for ev in events {
            if kept.iter().any(|k| {
                k.event_type == ev.event_type
                    && k.actor == ev.actor
                    && (k.recipient == ev.recipient
                        || k.recipient.is_empty()
                        || ev.recipient.is_empty())
            }) {
                continue;
            }
            kept.push(ev);
        }
        if kept.is_empty() {
            let named: Vec<&ActorSpan> = actors.iter().filter(|a| !a.codes.is_empty()).collect();
            if !named.is_empty() && (!triggers.is_empty() || !notes.is_empty()) {
                let msg = if notes.is_empty() {
                    "actor and trigger seen, nothing coded".to_string()
                } else {
                    notes.join("; ")
                };
                out.diagnostics.push(CodingDiagnostic {
                    start: sent.start,
                    end: sent.end,
                    message: msg,
                });
            }
        }
        // memory for the next sentences
        state.named.note_actors(&actors);
        if attribution.has_speaker && !attribution.speaker_codes.is_empty() {
            state.last_speaker = Some((
                attribution.speaker_codes.clone(),
                attribution.speaker_detail.clone(),
            ));
            state.last_subject = Some((
                attribution.speaker_codes.clone(),
                attribution.speaker_detail.clone(),
            ));
        } else if let Some(first) = kept.first() {
            state.last_subject = Some((first.actor.clone(), first.actor_detail.clone()));
        } else if let Some(g) = clause_subjects.iter().flatten().next() {
            let (codes, detail) = group_codes(&actors, g);
            if !codes.is_empty() {
                state.last_subject = Some((codes, detail));
            }
        }
        out.events.extend(kept);
    }

    #[allow(clippy::too_many_arguments)]
    fn build_event(
        &self,
        report: &Report,
        sent: &SentenceSpan,
        tokens: &[Token],
        places: &[PlaceSpan],
        trig: &Trigger,
        etype: EventType,
        actor: (Vec<String>, Option<String>),
        recipient: (Vec<String>, Option<String>),
        modality: Modality,
        clause: Clause,
        reference: Option<chrono::NaiveDate>,
    ) -> Option<Event> {
        let entry = &self.lexicon.entries[trig.entry];
        if actor.0.is_empty() {
            return None;
        }
        let text = report.text.as_str();
        let quantity = find_quantity(
            self.lexicon,
            text,
            tokens,
            trig.last,
            clause.end.min(trig.last + 10),
        )
        .or_else(|| {
            find_quantity(
                self.lexicon,
                text,
                tokens,
                clause.start.max(trig.first.saturating_sub(6)),
                trig.first,
            )
        });
        let location = places
            .iter()
            .find(|p| p.first >= trig.last && p.first < clause.end)
            .or_else(|| {
                places
                    .iter()
                    .find(|p| p.first >= clause.start && p.first < clause.end)
            })
            .map(|p| p.location.clone());
        let date = find_date(token_span(tokens, clause.start, clause.end), reference);
        let (event_date, date_precision, date_basis) = match date {
            Some(d) => (Some(d.text), Some(d.precision), Some(d.basis)),
            None => match reference {
                Some(r) => (
                    Some(r.format("%Y-%m-%d").to_string()),
                    Some(DatePrecision::Day),
                    Some(DateBasis::Published),
                ),
                None => (None, None, None),
            },
        };
        let mut ev = Event {
            id: String::new(),
            actor: actor.0,
            actor_detail: actor.1,
            event_type: etype,
            mode: entry.mode.clone(),
            context: entry.context.clone(),
            cameo: entry.cameo.clone(),
            recipient: recipient.0,
            recipient_detail: recipient.1,
            quantity,
            location,
            event_date,
            date_precision,
            date_basis,
            modality,
            attributed_to: Vec::new(),
            attributed_detail: None,
            evidence: Evidence {
                report_id: report.id.clone(),
                report_ref: report.report_ref.clone(),
                start: sent.start,
                end: sent.end,
                text: text.get(sent.start..sent.end).unwrap_or("").to_string(),
            },
            rule: entry.id.clone(),
        };
        ev.id = event_id(&ev);
        Some(ev)
    }

    /// Lexicon triggers of a sentence: longest, most specific match at each position,
    /// not overlapping; object-dependent senses checked.
    #[allow(clippy::nonminimal_bool)]
    fn find_triggers(&self, text: &str, tokens: &[Token], _clauses: &[Clause]) -> Vec<Trigger> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let Some(cands) = self.lexicon.patterns.get(&tokens[i].lower) else {
                i += 1;
                continue;
            };
            let mut best: Option<(&Pattern, (usize, bool, i32))> = None;
            for p in cands {
                if !phrase_at(tokens, i, &p.words) {
                    continue;
                }
                let end = i + p.words.len();
                let entry = p.entry;
                let objs = &self.lexicon.object_words[entry];
                let passive = p.participle && is_passive(tokens, i);
                if !objs.is_empty()
                    && !object_follows(tokens, end, objs)
                    && !(passive && object_precedes(tokens, i, objs))
                {
                    continue;
                }
                let nots = &self.lexicon.not_object_words[entry];
                if !nots.is_empty() && object_follows_near(tokens, end, nots, 3) {
                    continue;
                }
                if !p.is_verb
                    && self.lexicon.entries[entry].verbs.is_empty()
                    && p.words.len() == 1
                    && is_modifier_use(tokens, i)
                {
                    continue;
                }
                // "Should talks fail, …": a sentence-initial modal is no demand
                if i == 0 && matches!(tokens[0].lower.as_str(), "should" | "must") {
                    continue;
                }
                // "in March", "the Freedom Rally": a capitalised word inside the sentence
                // is a name, not the verb
                if p.is_verb
                    && p.words.len() == 1
                    && i > 0
                    && tokens[i].is_capitalised(text)
                    && !matches!(tokens[i - 1].lower.as_str(), "“" | "\"" | ":" | "—" | "-")
                {
                    continue;
                }
                // "the detained fishermen", "its occupied territories": an adjective
                if p.is_verb && p.participle && p.words.len() == 1 && is_attributive(tokens, i) {
                    continue;
                }
                let score = (
                    p.words.len(),
                    !objs.is_empty(),
                    self.lexicon.entries[entry].priority,
                );
                if best.as_ref().is_none_or(|(_, s)| score > *s) {
                    best = Some((p, score));
                }
            }
            match best {
                Some((p, _)) => {
                    out.push(Trigger {
                        first: i,
                        last: i + p.words.len(),
                        entry: p.entry,
                        participle: p.participle,
                        is_verb: p.is_verb,
                    });
                    i += p.words.len();
                }
                None => i += 1,
            }
        }
        out
    }

    /// Token range between a claim noun and a later predicate calling it false.
    fn false_claim_span(&self, tokens: &[Token]) -> Option<(usize, usize)> {
        let at =
            (0..tokens.len()).find(|&k| self.lexicon.false_claim_index.at(tokens, k).is_some())?;
        let claim = (0..at).find(|&k| {
            self.lexicon
                .modality
                .claim_nouns
                .iter()
                .any(|c| !c.contains(' ') && *c == tokens[k].lower)
        })?;
        Some((claim, at))
    }

    fn cue_in(&self, cues: &[Phrase], tokens: &[Token], from: usize, to: usize) -> bool {
        (from..to.min(tokens.len())).any(|i| {
            cues.iter()
                .any(|c| phrase_at(tokens, i, c) && i + c.len() <= to)
        })
    }

    fn negated(&self, tokens: &[Token], clause_start: usize, at: usize) -> bool {
        let from = clause_start.max(at.saturating_sub(4));
        for i in from..at {
            for c in &self.lexicon.negation {
                if phrase_at(tokens, i, c) && i + c.len() <= at {
                    // "not only", "no doubt": not negation of the event
                    if tokens
                        .get(i + 1)
                        .is_some_and(|t| t.lower == "only" || t.lower == "doubt")
                    {
                        continue;
                    }
                    return true;
                }
            }
        }
        false
    }

    /// A denial verb before the trigger in its clause ("denied arms transfers",
    /// "rejected claims that …"): its token index.
    fn find_denial(&self, tokens: &[Token], clause_start: usize, at: usize) -> Option<usize> {
        let from = clause_start.max(at.saturating_sub(10));
        for i in (from..at).rev() {
            let w = &tokens[i].lower;
            let direct = self.lexicon.denial_forms.contains_key(w);
            // "called the reports a lie": the whole claim phrase, not its first word ("a")
            let with_claim = self.lexicon.denial_claim_forms.contains_key(w)
                && (i + 1..at).any(|k| {
                    self.lexicon
                        .claim_phrases
                        .iter()
                        .any(|c| phrase_at(tokens, k, c))
                });
            // "has not denied", "neither confirmed nor denied": no denial
            let negated = token_span(tokens, i.saturating_sub(3), i).iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "not" | "n't" | "never" | "nor" | "neither"
                )
            });
            // "denied the report and accused Ethiopia of …": a verb conjoined after the
            // denial's object is the denier's own act, not what was denied
            let conjoined = at > i + 2
                && (i + 1..at).any(|k| {
                    matches!(tokens[k].lower.as_str(), "and" | "but")
                        && tokens
                            .get(k + 1)
                            .is_some_and(|n| self.lexicon.patterns.contains_key(&n.lower))
                });
            if (direct || with_claim) && !negated && !conjoined {
                return Some(i);
            }
        }
        None
    }

    /// A reporting verb under negation ("Neither Moscow nor Pyongyang has confirmed",
    /// "the Kremlin has not confirmed", "has yet to acknowledge", "declined to confirm"):
    /// a negated frame whose content is not coded.
    fn negated_frame(&self, tokens: &[Token], r: usize) -> Option<Attribution> {
        let clause_start = (0..r)
            .rev()
            .find(|&k| is_clause_punct(&tokens[k]))
            .map(|k| k + 1)
            .unwrap_or(0);
        let from = clause_start.max(r.saturating_sub(7));
        let negated = (from..r).any(|i| {
            tokens[i].lower == "yet"
                || self
                    .lexicon
                    .negation
                    .iter()
                    .any(|c| phrase_at(tokens, i, c) && i + c.len() <= r)
        });
        if !negated {
            return None;
        }
        // "…, the Kremlin has not confirmed." governs what comes before it
        let late = clause_start > 0
            && (tokens[clause_start - 1].lower == ","
                || is_closing_quote(&tokens[clause_start - 1]))
            && !SUBORDINATORS_MAIN.contains(&tokens[clause_start].lower.as_str())
            && !matches!(tokens[clause_start].lower.as_str(), "and" | "which" | "who");
        // the content stops at ", though …", ", but …" (another party's clause)
        let content_end = (r + 1..tokens.len())
            .find(|&k| {
                tokens[k - 1].lower == "," && SUBORDINATORS_MAIN.contains(&tokens[k].lower.as_str())
            })
            .unwrap_or(tokens.len());
        let (content, frame) = if late {
            ((0, clause_start), (clause_start, tokens.len()))
        } else {
            ((r + 1, content_end), (clause_start, r + 1))
        };
        Some(Attribution {
            content: Some(content),
            frame: Some(frame),
            negated: true,
            ..Default::default()
        })
    }

    /// An ACCUSE trigger just before this one that governs it through "of"/"for"
    /// ("accused Iran of supplying", "blamed Hamas for the attack") or a that-clause
    /// ("charged that Russia had attacked"): the accuser's codes and detail, and the
    /// accused group (the accusation's recipient, or the that-clause's subject).
    fn accusation_governor(
        &self,
        tokens: &[Token],
        actors: &[ActorSpan],
        earlier: &[Trigger],
        coded_roles: &[Option<CodedRoles>],
        trig: &Trigger,
        clause: Clause,
    ) -> Option<(Vec<String>, Option<String>, Vec<usize>)> {
        let (gi, g) = earlier.iter().enumerate().rev().find(|(_, g)| {
            self.lexicon.types[g.entry] == EventType::Accuse
                && g.last <= trig.first
                && trig.first - g.last <= 8
                && g.first >= clause.start
                && token_span(tokens, g.last, trig.first)
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "of" | "for" | "that"))
                && !token_span(tokens, g.last, trig.first)
                    .iter()
                    .any(is_clause_punct)
        })?;
        let (codes, detail, accused) = coded_roles.get(gi)?.clone()?;
        let that = (g.last..trig.first.min(g.last + 4)).find(|&k| tokens[k].lower == "that");
        let accused = match that {
            Some(t) => subject_group(tokens, actors, t + 1, trig.first, None)?,
            None => accused?,
        };
        Some((codes, detail, accused))
    }

    /// A denial verb right before a pronoun ("denied it had", "denies that its troops"):
    /// its token index.
    fn denial_before(&self, tokens: &[Token], at: usize) -> Option<usize> {
        (at.saturating_sub(2)..at)
            .rev()
            .find(|&i| self.lexicon.denial_forms.contains_key(&tokens[i].lower))
            .filter(|&i| {
                token_span(tokens, i + 1, at)
                    .iter()
                    .all(|t| t.lower == "that")
            })
    }

    #[allow(clippy::too_many_arguments)]
    fn find_recipient(
        &self,
        tokens: &[Token],
        actors: &[ActorSpan],
        trig: &Trigger,
        entry: &crate::lexicon::EventEntry,
        etype: EventType,
        region_end: usize,
        actor_group: &[usize],
        actor_codes: &[String],
    ) -> Option<Vec<usize>> {
        let preps: Vec<&str> = match &entry.recipient_preps {
            Some(p) => p.iter().map(String::as_str).collect(),
            None => DEFAULT_RECIPIENT_PREPS.to_vec(),
        };
        let direct = entry.direct_object.unwrap_or(trig.is_verb);
        let candidates: Vec<usize> = (0..actors.len())
            .filter(|&k| {
                actors[k].first >= trig.last
                    && actors[k].first < region_end
                    && !actor_group.contains(&k)
                    && !is_self_mention(&actors[k], actor_codes)
                    // "launched dozens of drones": the actor's own forces and weapons are
                    // its instruments, not the target of its attack or deployment
                    && !(actors[k].kind == ActorKind::Generic
                        && matches!(
                            etype,
                            EventType::Assault | EventType::Mobilize | EventType::Aid
                        )
                        && !actors[k].codes.is_empty()
                        && actors[k].codes.iter().all(|c| actor_codes.contains(c)))
            })
            .collect();
        // possessive right before a noun trigger is the actor; right after "of" the recipient
        for &k in &candidates {
            let a = &actors[k];
            if a.codes.is_empty() {
                continue;
            }
            let before = token_span(tokens, trig.last, a.first);
            // "sent Iranian drones", "deployed Russian weapons": the demonym says where
            // the thing comes from; "struck Ukrainian positions" names the target
            let origin_only = a.adjective && matches!(etype, EventType::Aid | EventType::Mobilize);
            if direct
                && !origin_only
                && before.len() <= 3
                && !before
                    .iter()
                    .any(|t| PREPOSITIONS.contains(&t.lower.as_str()) || is_clause_punct(t))
            {
                return Some(coordinated(tokens, actors, k));
            }
            let prep = before
                .iter()
                .rev()
                .take(4)
                .find(|t| PREPOSITIONS.contains(&t.lower.as_str()));
            if let Some(p) = prep {
                // "alongside X": a partner of aid and cooperation, never a target
                if p.lower == "alongside" {
                    if matches!(
                        etype,
                        EventType::Aid | EventType::Cooperate | EventType::Support
                    ) {
                        return Some(coordinated(tokens, actors, k));
                    }
                    continue;
                }
                if preps.contains(&p.lower.as_str()) {
                    return Some(coordinated(tokens, actors, k));
                }
            }
        }
        if entry.recipient_preps.as_ref().is_some_and(|p| p.is_empty()) {
            return None;
        }
        candidates
            .into_iter()
            .find(|&k| {
                let between = token_span(tokens, trig.last, actors[k].first);
                let origin_only =
                    actors[k].adjective && matches!(etype, EventType::Aid | EventType::Mobilize);
                let alongside = between.iter().rev().take(4).any(|t| t.lower == "alongside");
                // "vetoed the package, drawing criticism from Poland": not across a comma
                let across_comma = between.iter().any(|t| t.lower == "," || t.lower == ";");
                !actors[k].codes.is_empty() && !origin_only && !alongside && !across_comma
            })
            .map(|k| coordinated(tokens, actors, k))
    }

    /// Reporting frames: "X said (that) …", "…, X said.", "according to X", hearsay.
    fn find_attribution(
        &self,
        text: &str,
        tokens: &[Token],
        actors: &[ActorSpan],
        _clauses: &[Clause],
    ) -> Attribution {
        let n = tokens.len();
        let mut att = Attribution::default();
        // according to X
        for i in 0..n {
            for p in &self.lexicon.source_phrases {
                if phrase_at(tokens, i, p) {
                    let after = i + p.len();
                    if let Some(k) = actors
                        .iter()
                        .position(|a| a.first >= after && a.first <= after + 5)
                    {
                        let g = coordinated(tokens, actors, k);
                        let (codes, detail) = group_codes(actors, &g);
                        let end = g.iter().map(|&x| actors[x].last).max().unwrap_or(after);
                        att.speaker_codes = codes;
                        att.speaker_detail =
                            detail.or_else(|| Some(surface_of(text, tokens, after, end)));
                        att.has_speaker = true;
                        att.frame = Some((i, end));
                        att.content = Some(if i == 0 { (end, n) } else { (0, i) });
                        return att;
                    }
                    att.hearsay = true;
                    att.content = Some(if i == 0 { (after, n) } else { (0, i) });
                }
            }
        }
        // reporting verbs
        let mut late: Option<Attribution> = None;
        for r in 0..n {
            if !self.lexicon.reporting_forms.contains_key(&tokens[r].lower)
                || actors.iter().any(|a| r >= a.first && r < a.last)
                // "…, the White House said, releasing images that it said showed …": a
                // verb inside a late frame's tail does not open a frame of its own
                || late
                    .as_ref()
                    .and_then(|l| l.frame)
                    .is_some_and(|(fs, _)| r > fs)
                // "at what it said were militant bases": a hedge inside the content
                || (r.saturating_sub(3)..r).any(|k| tokens[k].lower == "what")
            {
                // "the United States" is no "states"
                continue;
            }
            if let Some(neg) = self.negated_frame(tokens, r) {
                return neg;
            }
            if r > 0 && matches!(tokens[r - 1].lower.as_str(), "to" | "be" | "been") {
                continue;
            }
            // speaker on the left
            let left = actors.iter().enumerate().rev().find(|(_, a)| {
                a.last <= r
                    && r - a.last <= 3
                    && !token_span(tokens, a.last, r).iter().any(is_clause_punct)
            });
            // "Iran's mission to the United Nations says": the envoy's state speaks, not
            // the body it is accredited to
            let left = left.map(|(k, a)| {
                let accredited = k > 0
                    && a.first >= 2
                    && matches!(tokens[a.first - 1].lower.as_str(), "to" | "at" | "the")
                    && (a.first.saturating_sub(3)..a.first)
                        .any(|p| matches!(tokens[p].lower.as_str(), "to" | "at"))
                    && actors[k - 1].last + 3 >= a.first
                    && !actors[k - 1].codes.is_empty();
                // "Ukraine's military intelligence agency said": a bare sector noun right
                // after a named one belongs to it
                let continues_named = k > 0
                    && a.codes.is_empty()
                    && actors[k - 1].last == a.first
                    && !actors[k - 1].codes.is_empty();
                if accredited || continues_named {
                    (k - 1, &actors[k - 1])
                } else {
                    (k, a)
                }
            });
            let (speaker_first, speaker_end, group) = match left {
                Some((k, _)) => {
                    let g = coordinated_back(tokens, actors, k);
                    let f = g.iter().map(|&x| actors[x].first).min().unwrap_or(r);
                    (f, actors[k].last, Some(g))
                }
                None => {
                    // a speaker noun with no actor ("the official said", "officials said")
                    let nouns = &self.lexicon.attribution.speaker_nouns;
                    let mut found = None;
                    for b in (r.saturating_sub(4)..r).rev() {
                        if is_clause_punct(&tokens[b]) {
                            break;
                        }
                        if nouns.iter().any(|w| w == &tokens[b].lower) {
                            found = Some(b);
                        }
                    }
                    // an unknown name ("…,” Kirby said): a speaker the report knows
                    // from earlier, or whose country the content names
                    if found.is_none() && r > 0 {
                        let mut b = r;
                        while b > 0
                            && r - b < 3
                            && tokens[b - 1].is_word()
                            && tokens[b - 1].is_capitalised(text)
                            && !self.lexicon.patterns.contains_key(&tokens[b - 1].lower)
                            && !matches!(
                                tokens[b - 1].lower.as_str(),
                                "the" | "it" | "he" | "she" | "they" | "we" | "i"
                            )
                        {
                            b -= 1;
                        }
                        let starts_ok = b < r
                            && (b == 0
                                || is_clause_punct(&tokens[b - 1])
                                || is_closing_quote(&tokens[b - 1]));
                        if starts_ok && b > 0 {
                            found = Some(b);
                        }
                    }
                    match found {
                        Some(b) => {
                            let mut f = b;
                            while f > 0
                                && !is_clause_punct(&tokens[f - 1])
                                && r - f < 6
                                && tokens[f - 1].is_word()
                                && !self.lexicon.patterns.contains_key(&tokens[f - 1].lower)
                            {
                                f -= 1;
                            }
                            (f, r, None)
                        }
                        None => (r, r, None),
                    }
                }
            };
            let has_left = speaker_first < r;
            // inverted: "…, said X"
            let (speaker_first, speaker_end, group) = if !has_left
                && r > 0
                && (tokens[r - 1].lower == "," || is_closing_quote(&tokens[r - 1]))
            {
                match actors.iter().position(|a| a.first > r && a.first <= r + 3) {
                    Some(k) => {
                        let g = coordinated(tokens, actors, k);
                        (r, actors[k].last, Some(g))
                    }
                    None => (speaker_first, speaker_end, group),
                }
            } else {
                (speaker_first, speaker_end, group)
            };
            let has_speaker = speaker_first < r || speaker_end > r;
            if !has_speaker {
                continue;
            }
            let mut a = Attribution {
                has_speaker: true,
                ..Default::default()
            };
            if let Some(g) = &group {
                let (codes, detail) = group_codes(actors, g);
                a.speaker_codes = codes;
                a.speaker_detail = detail;
                if a.speaker_detail.is_none() {
                    let f = g
                        .iter()
                        .map(|&x| actors[x].first)
                        .min()
                        .unwrap_or(speaker_first);
                    let l = g
                        .iter()
                        .map(|&x| actors[x].last)
                        .max()
                        .unwrap_or(speaker_end);
                    let surface = surface_of(text, tokens, f, l);
                    // "it said": a pronoun names nobody; the detail comes from whom it refers to
                    let pronoun = matches!(
                        surface.to_lowercase().as_str(),
                        "it" | "they" | "he" | "she" | "we" | "i"
                    );
                    a.speaker_detail = (!pronoun).then_some(surface);
                }
            } else {
                a.speaker_detail = Some(surface_of(
                    text,
                    tokens,
                    speaker_first,
                    speaker_end
                        .max(speaker_first + 1)
                        .min(r.max(speaker_first + 1)),
                ));
            }
            // "…, the defence ministry said": the frame starts at its article
            let mut frame_start = speaker_first.min(r);
            while frame_start > 0
                && matches!(
                    tokens[frame_start - 1].lower.as_str(),
                    "the" | "a" | "an" | "its" | "their" | "his" | "her"
                )
            {
                frame_start -= 1;
            }
            let before_frame = frame_start.checked_sub(1).map(|p| &tokens[p]);
            // "Early on Saturday, Pakistan said India had …": a short introduction with no
            // event word before the frame, or "said that …", is an early frame after all
            let intro_only = frame_start <= 7
                && !(0..frame_start).any(|k| self.lexicon.patterns.contains_key(&tokens[k].lower));
            let says_that = (r + 1..(r + 5).min(n))
                .take_while(|&k| !is_clause_punct(&tokens[k]))
                .any(|k| tokens[k].lower == "that");
            let is_late = frame_start > 0
                && !(intro_only && before_frame.is_some_and(|t| t.lower == ","))
                && !says_that
                && before_frame
                    .is_some_and(|t| t.lower == "," || is_closing_quote(t) || t.lower == "—");
            if is_late {
                // the frame runs to the end of the sentence
                a.frame = Some((frame_start, n));
                let mut ce = frame_start;
                while ce > 0 && (tokens[ce - 1].lower == "," || is_closing_quote(&tokens[ce - 1])) {
                    ce -= 1;
                }
                a.content = Some((0, ce));
                if late.is_none() {
                    late = Some(a);
                }
                continue;
            }
            // early: content after the verb (skip "that", "reporters", time words)
            let mut cs = r + 1;
            let limit = (r + 6).min(n);
            if let Some(t) = (r + 1..limit).find(|&k| tokens[k].lower == "that") {
                cs = t + 1;
            } else {
                while cs < n
                    && matches!(
                        tokens[cs].lower.as_str(),
                        "reporters"
                            | "journalists"
                            | "on"
                            | "monday"
                            | "tuesday"
                            | "wednesday"
                            | "thursday"
                            | "friday"
                            | "saturday"
                            | "sunday"
                            | ","
                            | "in"
                            | "a"
                            | "statement"
                            | "yesterday"
                            | "today"
                    )
                {
                    cs += 1;
                }
            }
            a.frame = Some((frame_start, cs));
            a.content = Some((cs, n));
            return a;
        }
        if let Some(l) = late {
            return l;
        }
        // hearsay markers and report nouns
        for i in 0..n {
            if self.lexicon.hearsay.iter().any(|h| phrase_at(tokens, i, h)) {
                att.hearsay = true;
                att.content = Some((0, n));
                return att;
            }
            if let Some(p) = self
                .lexicon
                .report_nouns
                .iter()
                .find(|h| phrase_at(tokens, i, h))
            {
                att.hearsay = true;
                att.negated = negation_just_before(tokens, i);
                let end = (i + p.len()..n)
                    .find(|&k| tokens[k].lower == "," || tokens[k].lower == ";")
                    .unwrap_or(n);
                att.content = Some((i + p.len(), end));
                return att;
            }
        }
        att
    }
}

/// "It is unclear whether …", "did not say whether …": an open question before `at`,
/// which asserts nothing.
fn open_question_before(tokens: &[Token], clause_start: usize, at: usize) -> bool {
    let from = clause_start.max(at.saturating_sub(12));
    (from..at).any(|w| {
        matches!(tokens[w].lower.as_str(), "whether")
            && token_span(tokens, w.saturating_sub(4).max(clause_start), w)
                .iter()
                .any(|t| {
                    matches!(
                        t.lower.as_str(),
                        "unclear"
                            | "uncertain"
                            | "not"
                            | "n't"
                            | "no"
                            | "asked"
                            | "unknown"
                            | "questions"
                            | "question"
                            | "clear"
                            | "know"
                            | "confirm"
                            | "verify"
                    )
                })
    })
}

/// "no evidence that", "not seen any reports of": a negation a word or two before `at`.
fn negation_just_before(tokens: &[Token], at: usize) -> bool {
    token_span(tokens, at.saturating_sub(3), at)
        .iter()
        .any(|t| {
            matches!(
                t.lower.as_str(),
                "no" | "not" | "n't" | "never" | "without" | "little" | "nor" | "neither"
            )
        })
}

/// The words of tokens `first..last` as written in the text ("Kirby", not "kirby").
fn surface_of(text: &str, tokens: &[Token], first: usize, last: usize) -> String {
    let span = token_span(tokens, first, last.min(tokens.len()));
    match (span.first(), span.last()) {
        (Some(a), Some(b)) => text.get(a.start..b.end).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

/// Event ids: a hash of report id, span, type, actors, recipients, modality and rule.
pub fn event_id(ev: &Event) -> String {
    short_hash(
        format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            ev.evidence.report_id,
            ev.evidence.start,
            ev.evidence.end,
            ev.event_type,
            ev.actor.join(";"),
            ev.recipient.join(";"),
            ev.modality,
            ev.rule
        )
        .as_bytes(),
    )
}

/// A pronoun that points back to the actor itself ("Iran … its soldiers"), or the actor's
/// own demonym before a noun ("Moscow warned that bans on Russian media …"): never the
/// recipient. A named group of the same country may be ("Turkish police detained Kurdish
/// protesters" is a domestic event).
fn is_self_mention(a: &ActorSpan, actor_codes: &[String]) -> bool {
    !a.codes.is_empty()
        && a.codes.iter().all(|c| actor_codes.contains(c))
        && (a.kind == ActorKind::Pronoun || a.adjective)
}

fn is_official_sector(word: &str) -> bool {
    matches!(
        word,
        "government"
            | "military"
            | "intelligence"
            | "diplomatic"
            | "police"
            | "official"
            | "officials"
            | "security"
    )
}

fn is_subject_position(tokens: &[Token], a: &ActorSpan) -> bool {
    let mut p = a.first;
    // skip determiners and a few adjectives ("the senior officials", "a team of …")
    while p > 0
        && matches!(
            tokens[p - 1].lower.as_str(),
            "the"
                | "a"
                | "an"
                | "our"
                | "its"
                | "their"
                | "senior"
                | "top"
                | "defence"
                | "defense"
                | "some"
                | "several"
                | "two"
                | "three"
        )
    {
        p -= 1;
    }
    p == 0
        || tokens.get(p - 1).is_some_and(|t| {
            is_clause_punct(t)
                || matches!(
                    t.lower.as_str(),
                    "and"
                        | "but"
                        | "that"
                        | "after"
                        | "when"
                        | "because"
                        | "since"
                        | "while"
                        | "as"
                        | "if"
                        | "said"
                        | "of"
                )
        })
}

fn is_passive(tokens: &[Token], at: usize) -> bool {
    let mut k = at;
    for _ in 0..3 {
        if k == 0 {
            return false;
        }
        k -= 1;
        let w = tokens[k].lower.as_str();
        if BE_FORMS.contains(&w) {
            return true;
        }
        if !(w.ends_with("ly")
            || matches!(
                w,
                "not" | "also" | "reportedly" | "allegedly" | "already" | "recently" | "being"
            ))
        {
            return false;
        }
    }
    false
}

/// Whether a noun from `objs` heads the phrase after `from` (a few words, no clause break).
fn object_follows(tokens: &[Token], from: usize, objs: &[Phrase]) -> bool {
    let mut k = from;
    let limit = (from + 7).min(tokens.len());
    while k < limit {
        let t = &tokens[k];
        if objs.iter().any(|o| phrase_at(tokens, k, o)) {
            return true;
        }
        if is_clause_punct(t) && t.lower != "“" && t.lower != "”" || t.lower == "." {
            return false;
        }
        if PREPOSITIONS.contains(&t.lower.as_str())
            && !matches!(
                t.lower.as_str(),
                "with" | "of" | "to" | "from" | "in" | "into"
            )
        {
            return false;
        }
        if k > from && matches!(t.lower.as_str(), "to" | "from" | "in" | "into") {
            return false;
        }
        k += 1;
    }
    false
}

fn object_follows_near(tokens: &[Token], from: usize, objs: &[Phrase], n: usize) -> bool {
    (from..(from + n).min(tokens.len())).any(|k| objs.iter().any(|o| phrase_at(tokens, k, o)))
}

fn object_precedes(tokens: &[Token], at: usize, objs: &[Phrase]) -> bool {
    (at.saturating_sub(5)..at).any(|k| objs.iter().any(|o| phrase_at(tokens, k, o)))
}

/// A one-word noun trigger used as a modifier ("attack helicopters", "strike force").
/// Whether the actor group's words include one of `words` ("Russian troops", "its forces").
fn actor_has_word(
    tokens: &[Token],
    actors: &[ActorSpan],
    group: &[usize],
    words: &[String],
) -> bool {
    group.iter().filter_map(|&k| actors.get(k)).any(|a| {
        token_span(tokens, a.first, a.last)
            .iter()
            .any(|t| words.contains(&t.lower))
    })
}

/// A participle between a determiner and a noun ("the detained fishermen").
fn is_attributive(tokens: &[Token], i: usize) -> bool {
    i > 0
        && matches!(
            tokens[i - 1].lower.as_str(),
            "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "these" | "those"
        )
        && tokens.get(i + 1).is_some_and(|n| {
            n.is_word()
                && !matches!(
                    n.lower.as_str(),
                    "by" | "to" | "in" | "on" | "at" | "with" | "from" | "for" | "and" | "or"
                )
        })
}

fn is_modifier_use(tokens: &[Token], i: usize) -> bool {
    tokens.get(i + 1).is_some_and(|n| {
        matches!(
            n.lower.as_str(),
            "helicopter"
                | "helicopters"
                | "submarine"
                | "submarines"
                | "aircraft"
                | "dog"
                | "dogs"
                | "force"
                | "group"
                | "capability"
                | "capabilities"
                | "drone"
                | "drones"
                | "plan"
                | "plans"
                | "zone"
                | "team"
                | "teams"
                | "unit"
                | "units"
                | "vehicle"
                | "vehicles"
                | "rifle"
                | "rifles"
                | "boat"
                | "boats"
                | "venue"
                | "table"
                | "hall"
                | "room"
                | "point"
                | "points"
                | "organisers"
                | "organizers"
                | "leader"
                | "leaders"
        )
    })
}

/// Split a sentence into clauses.
#[allow(clippy::if_same_then_else)]
fn split_clauses(tokens: &[Token], actors: &[ActorSpan]) -> Vec<Clause> {
    let n = tokens.len();
    let mut clauses: Vec<Clause> = Vec::new();
    let mut start = 0usize;
    let mut kind = ClauseKind::Main;
    let mut closes_at_comma = false;
    let starts_actor = |k: usize| {
        actors.iter().any(|a| a.first == k)
            || tokens
                .get(k)
                .is_some_and(|t| matches!(t.lower.as_str(), "we" | "they" | "it" | "he" | "she"))
    };
    let presup = [
        "after",
        "since",
        "following",
        "before",
        "when",
        "because",
        "amid",
        "once",
    ];
    let mut i = 0;
    while i < n {
        let w = tokens[i].lower.as_str();
        let prev = if i > 0 {
            Some(tokens[i - 1].lower.as_str())
        } else {
            None
        };
        let mut boundary: Option<(usize, ClauseKind, bool)> = None;
        if w == ";" {
            boundary = Some((i + 1, ClauseKind::Main, false));
        } else if w == "," && closes_at_comma {
            boundary = Some((i + 1, ClauseKind::Main, false));
        } else if i > 0 && SUBORDINATORS_MAIN.contains(&w) {
            boundary = Some((i, ClauseKind::Main, false));
        } else if w == "if" || w == "unless" {
            boundary = Some((i, ClauseKind::Antecedent, true));
        } else if i > 0
            && presup.contains(&w)
            && !matches!(
                prev,
                Some(
                    "shortly"
                        | "soon"
                        | "long"
                        | "ever"
                        | "just"
                        | "day"
                        | "days"
                        | "week"
                        | "weeks"
                        | "months"
                        | "years"
                        | "hours"
                )
            )
        {
            boundary = Some((i, ClauseKind::Presupposed, false));
        } else if i == 0 && presup.contains(&w) {
            kind = ClauseKind::Presupposed;
            closes_at_comma = true;
        } else if i == 0
            && matches!(w, "should" | "were" | "had")
            && tokens.iter().take(12).any(|t| t.lower == ",")
        {
            // "Should talks fail, …": an inverted condition
            kind = ClauseKind::Antecedent;
            closes_at_comma = true;
        } else if i > 0 && prev == Some(",") && matches!(w, "which" | "who" | "where") {
            boundary = Some((i, ClauseKind::Relative, true));
        } else if i > 0 && prev == Some(",") && starts_claim_apposition(tokens, i) {
            // "…, a claim Pyongyang rejected": a clause of its own
            boundary = Some((i, ClauseKind::Main, false));
        } else if i > 0 && prev == Some(",") && w == "including" {
            boundary = Some((i, ClauseKind::Main, false));
        } else if i > 0 && prev == Some(",") && w == "and" && starts_actor(i + 1) {
            boundary = Some((i, ClauseKind::Main, false));
        } else if (w == "“" || w == "”") && i > 0 && prev == Some(",") {
            // quotation edges after a comma end a clause
            boundary = Some((i + 1, ClauseKind::Main, false));
        }
        if let Some((at, k, closes)) = boundary {
            if at > start {
                clauses.push(Clause {
                    start,
                    end: at,
                    kind,
                    conditional: false,
                });
                start = at;
            }
            kind = k;
            closes_at_comma = closes || (k == ClauseKind::Presupposed && prev == Some(","));
        }
        i += 1;
    }
    if start < n {
        clauses.push(Clause {
            start,
            end: n,
            kind,
            conditional: false,
        });
    }
    // conditionals: a leading if-clause governs the next clause; a trailing one (no comma
    // before "if") governs the clause before it
    for k in 0..clauses.len() {
        if clauses[k].kind != ClauseKind::Antecedent {
            continue;
        }
        let comma_before = clauses[k].start > 0 && tokens[clauses[k].start - 1].lower == ",";
        let leading = clauses[k].start == 0
            || comma_before
            || (clauses[k].start >= 1 && tokens[clauses[k].start - 1].lower == "and");
        if leading {
            if let Some(next) = clauses.get_mut(k + 1) {
                next.conditional = true;
            }
        } else if k > 0 {
            clauses[k - 1].conditional = true;
        }
    }
    clauses
}

/// "a claim", "an allegation", "charges" at `i`: an appositive naming a claim, whose own
/// clause ("a claim Pyongyang rejected") has its own subject.
fn starts_claim_apposition(tokens: &[Token], i: usize) -> bool {
    let is_claim = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "claim"
                    | "claims"
                    | "charge"
                    | "charges"
                    | "allegation"
                    | "allegations"
                    | "accusation"
                    | "accusations"
                    | "assertion"
            )
        })
    };
    match tokens[i].lower.as_str() {
        "a" | "an" | "the" => is_claim(i + 1),
        _ => is_claim(i),
    }
}

/// The subject of a clause region: the leftmost actor not inside a prepositional
/// phrase, with its coordinated partners; else the nearest actor on the left.
fn subject_group(
    tokens: &[Token],
    actors: &[ActorSpan],
    from: usize,
    to: usize,
    _skip: Option<&[usize]>,
) -> Option<Vec<usize>> {
    let inside: Vec<usize> = (0..actors.len())
        .filter(|&k| actors[k].first >= from && actors[k].last <= to)
        .collect();
    let prepositional = |k: usize| {
        let a = &actors[k];
        let mut p = a.first;
        let mut steps = 0;
        while p > from && steps < 3 {
            p -= 1;
            steps += 1;
            let w = tokens[p].lower.as_str();
            if p == from
                && matches!(
                    w,
                    "after"
                        | "since"
                        | "before"
                        | "following"
                        | "if"
                        | "unless"
                        | "when"
                        | "because"
                        | "amid"
                        | "once"
                        | "as"
                        | "while"
                )
            {
                return false;
            }
            if PREPOSITIONS.contains(&w) {
                return true;
            }
            if !(matches!(
                w,
                "the" | "a" | "an" | "its" | "their" | "both" | "some" | "other"
            ) || (tokens[p].is_word() && tokens[p].is_capitalised_hint()))
            {
                return false;
            }
        }
        false
    };
    // skip actors in an appositive or possessive that modifies a later actor
    let mut chosen = None;
    for &k in &inside {
        if actors[k].kind == ActorKind::Pronoun
            && (matches!(actors[k].word.as_str(), "its" | "their")
                || actors[k].codes.is_empty()
                    && !matches!(actors[k].word.as_str(), "it" | "they" | "we" | "he" | "she"))
        {
            // a bare possessive ("its chief Mark Rutte") is a determiner, never the subject
            continue;
        }
        if !prepositional(k) {
            chosen = Some(k);
            break;
        }
    }
    let k = chosen.or_else(|| inside.last().copied())?;
    // "Both Russia and North Korea", "the US, France and Britain"
    Some(coordinated(tokens, actors, k))
}

trait CapHint {
    fn is_capitalised_hint(&self) -> bool;
}

impl CapHint for Token {
    /// Without the text we cannot see case; adjectives between a preposition and an
    /// actor are allowed through a small list instead.
    fn is_capitalised_hint(&self) -> bool {
        matches!(
            self.lower.as_str(),
            "senior"
                | "top"
                | "former"
                | "western"
                | "eastern"
                | "northern"
                | "southern"
                | "neighbouring"
                | "neighboring"
                | "rival"
                | "allied"
        )
    }
}

/// Actor k with the actors coordinated after it ("X and Y", "X, Y and Z", "X as well as Y").
fn coordinated(tokens: &[Token], actors: &[ActorSpan], k: usize) -> Vec<usize> {
    let mut group = vec![k];
    let mut cur = k;
    while let Some(next) = actors.get(cur + 1) {
        let between = token_span(tokens, actors[cur].last, next.first);
        let ok = !between.is_empty()
            && between.len() <= 3
            && between.iter().all(|t| {
                matches!(
                    t.lower.as_str(),
                    "and" | "," | "or" | "as" | "well" | "&" | "the" | "its" | "their"
                )
            })
            && between
                .iter()
                .any(|t| matches!(t.lower.as_str(), "and" | "," | "or" | "&"));
        if !ok
            || next.codes.is_empty() && next.kind == ActorKind::Named
            || next.kind == ActorKind::Pronoun && matches!(next.word.as_str(), "its" | "their")
        {
            break;
        }
        group.push(cur + 1);
        cur += 1;
    }
    // "X, Y and Z" is a list; "to Russia, South Korea is …" is not: keep the chain up to
    // its last link that has "and"/"or"
    let mut keep = 1;
    for w in 1..group.len() {
        let between = &tokens[actors[group[w - 1]].last..actors[group[w]].first];
        if between
            .iter()
            .any(|t| matches!(t.lower.as_str(), "and" | "or" | "&"))
        {
            keep = w + 1;
        }
    }
    group.truncate(keep);
    group
}

fn coordinated_back(tokens: &[Token], actors: &[ActorSpan], k: usize) -> Vec<usize> {
    let mut first = k;
    while first > 0 {
        let prev = &actors[first - 1];
        let between = token_span(tokens, prev.last, actors[first].first);
        // the link next to k must say "and"/"or" ("X, Y and Z said"); a bare comma there
        // ends the content before a late frame ("… to Russia, officials said")
        let joins = if first == k {
            between
                .iter()
                .any(|t| matches!(t.lower.as_str(), "and" | "or"))
        } else {
            between
                .iter()
                .any(|t| matches!(t.lower.as_str(), "and" | "," | "or"))
        };
        let ok = !between.is_empty()
            && between.len() <= 3
            && between
                .iter()
                .all(|t| matches!(t.lower.as_str(), "and" | "," | "or" | "the"))
            && joins;
        if !ok {
            break;
        }
        first -= 1;
    }
    (first..=k).collect()
}

fn first_actor_after(actors: &[ActorSpan], from: usize, to: usize) -> Option<Vec<usize>> {
    actors
        .iter()
        .position(|a| a.first >= from && a.first < to && !a.codes.is_empty())
        .map(|k| vec![k])
}

fn actor_after_preps(
    tokens: &[Token],
    actors: &[ActorSpan],
    from: usize,
    to: usize,
    preps: &[String],
) -> Option<Vec<usize>> {
    // the preposition may be part of the trigger ("pressure from")
    let starts: Vec<usize> = (from.saturating_sub(1)..to.min(tokens.len()))
        .filter(|&k| preps.iter().any(|p| *p == tokens[k].lower))
        .collect();
    for s in starts {
        let found: Vec<usize> = (0..actors.len())
            .filter(|&k| {
                actors[k].first > s
                    && actors[k].first <= s + 6
                    && actors[k].first < to
                    && !actors[k].codes.is_empty()
            })
            .collect();
        if let Some(&k) = found.first() {
            let mut g = coordinated(tokens, actors, k);
            for &k2 in &found[1..] {
                let possessive_pronoun = actors[k2].kind == ActorKind::Pronoun
                    && matches!(actors[k2].word.as_str(), "its" | "their");
                let across_comma = token_span(tokens, actors[k].last, actors[k2].first)
                    .iter()
                    .any(|t| t.lower == ",");
                if !g.contains(&k2)
                    && actors[k2].first <= s + 6
                    && !possessive_pronoun
                    && !across_comma
                {
                    g.push(k2);
                }
            }
            return Some(g);
        }
    }
    None
}

/// Codes and detail of an actor group (deduplicated, in order).
fn group_codes(actors: &[ActorSpan], group: &[usize]) -> (Vec<String>, Option<String>) {
    let mut codes: Vec<String> = Vec::new();
    let mut details: Vec<String> = Vec::new();
    for &k in group {
        if k >= actors.len() {
            continue;
        }
        for c in &actors[k].codes {
            if !codes.contains(c) {
                codes.push(c.clone());
            }
        }
        if let Some(d) = &actors[k].detail {
            if !details.contains(d) {
                details.push(d.clone());
            }
        }
    }
    let detail = (!details.is_empty()).then(|| details.join("; "));
    (codes, detail)
}

fn distinct_countries(
    actors: &[ActorSpan],
    places: &[PlaceSpan],
    entities: &dyn EntitySource,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in actors {
        if a.kind != ActorKind::Named {
            continue;
        }
        for c in &a.codes {
            if entities.is_country_code(c) && !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    for p in places {
        if let Some(c) = &p.location.country {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    out
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

/// The tokens from `start` to `end`, or none when the range is empty or out of order
/// (actor and trigger spans may overlap): slicing never panics on odd text.
fn token_span(tokens: &[Token], start: usize, end: usize) -> &[Token] {
    tokens.get(start..end).unwrap_or(&[])
}
