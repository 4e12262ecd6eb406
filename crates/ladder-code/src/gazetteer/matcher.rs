//! Finds gazetteer entities in text: one Aho-Corasick automaton over every
//! surface form, then word-boundary, case and context checks.
//!
//! Rules, in order:
//! 1. **Leftmost-longest, whole words.** The automaton is ASCII
//!    case-insensitive; a hit must start and end at word boundaries (Unicode
//!    letters and digits are word characters). If the longest form at a start
//!    fails a check, shorter forms at the same start are tried ("Gaza strip"
//!    falls back to "Gaza"). Searches are anchored at word starts only, so
//!    "Oman" is never looked for inside "woman", and the work per word is
//!    bounded by the longest form: linear in the text length. Forms must
//!    start with a letter or digit.
//! 2. **Case.** Forms without lowercase letters (acronyms: `NATO`, `U.S.`,
//!    `NIS`) match exactly; other proper names need a capital wherever the
//!    form has a capital at a word start (so "north korea" and "turkey" do
//!    not match, "NORTH KOREA" and "The Kremlin" do); sector words match in
//!    any case.
//! 3. **Suffixes.** Demonyms take a plural `s` ("Iranians"); a following `'s`
//!    or `’s` (or a bare apostrophe) marks the mention possessive.
//! 4. **Ambiguous country forms** ("Jordan", "Georgia", "Chad") are rejected
//!    next to another capitalised word ("Michael Jordan", "Georgia Tech").
//! 5. **Context.** Contextual forms (short agency acronyms such as `NIS`,
//!    `FSB`; "the alliance") need the text to name the agency's country or the
//!    entity by a non-contextual form. A person's full name shared by several
//!    people, or a bare surname ("Yoon", "Kim"), resolves to the one person
//!    the text names in full; failing that, to the one person with that name
//!    in office on the report date (never, for a surname marked
//!    `common_surname`: "Kim said" may be any Kim); failing that (no date), to
//!    the only person in the gazetteer with that surname.
//! 6. **One reading per span**, by priority: person (full name), agency,
//!    organisation, country, contextual agency/organisation, person (surname
//!    named in full elsewhere, or by date), place, sector. A
//!    country form that is also a place ("Pyongyang", "Singapore") reports
//!    the place too, in [`Mention::place`].

use std::collections::{HashMap, HashSet};

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};
use chrono::NaiveDate;
use serde::Serialize;

use super::model::{Agency, Country, Organisation, Person, Place, Sector};

/// How a country was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CountryForm {
    /// "North Korea", "DPRK".
    Name,
    /// "North Korean(s)".
    Demonym,
    /// "Pyongyang", "Moscow".
    Metonym,
}

/// What a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum MentionKind {
    Country {
        code: String,
        form: CountryForm,
    },
    Organisation {
        code: String,
    },
    Agency {
        id: String,
        country: String,
        sector: String,
        name: String,
    },
    Person {
        person_id: String,
    },
    Place {
        place_id: String,
    },
    Sector {
        sector: String,
    },
}

/// One entity mention: UTF-8 byte offsets into the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub start: usize,
    /// End of the form itself (a plural `s` included, a possessive `'s` not).
    pub end: usize,
    pub kind: MentionKind,
    /// `text[start..end]`.
    pub text: String,
    /// Followed by `'s`, `’s` or a bare apostrophe.
    pub possessive: bool,
    /// For a country form that is also a place ("Pyongyang"), the place id.
    pub place: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entity {
    Country(u32),
    Organisation(u32),
    Agency(u32),
    Person(u32),
    Place(u32),
    Sector(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Name,
    Demonym,
    Metonym,
    Surname,
    Word,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Exact,
    Capitalised,
    Insensitive,
}

#[derive(Debug, Clone)]
struct Target {
    entity: Entity,
    form: Form,
    contextual: bool,
    ambiguous: bool,
    case: Case,
    original: Box<str>,
}

/// Longest text (bytes) whose candidate spans are kept between the support pass and
/// resolution; a longer text is searched twice instead (about 3 MB of candidates per
/// MB of text are saved for some 8% more coding time).
const KEEP_CANDIDATES_UP_TO: usize = 1 << 20;

/// Entity lists the matcher indexes into (borrowed from the gazetteer).
#[derive(Clone, Copy)]
pub(crate) struct Entities<'a> {
    pub countries: &'a [Country],
    pub organisations: &'a [Organisation],
    pub agencies: &'a [Agency],
    pub sectors: &'a [Sector],
    pub people: &'a [Person],
    pub places: &'a [Place],
}

/// The compiled automaton and, per pattern, the entities it may name.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    targets: Vec<Vec<Target>>,
}

#[derive(Default)]
struct PatternTable {
    keys: Vec<String>,
    targets: Vec<Vec<Target>>,
    index: HashMap<String, usize>,
}

impl PatternTable {
    fn add(&mut self, form: &str, entity: Entity, kind: Form, contextual: bool, ambiguous: bool) {
        let form = form.trim();
        if form.is_empty() {
            return;
        }
        let case = if kind == Form::Word {
            Case::Insensitive
        } else if form.bytes().any(|b| b.is_ascii_lowercase()) {
            Case::Capitalised
        } else {
            Case::Exact
        };
        let mut variants = vec![form.to_string()];
        if form.contains('\'') {
            variants.push(form.replace('\'', "\u{2019}"));
        }
        for variant in variants {
            let key = variant.to_ascii_lowercase();
            let slot = match self.index.get(&key) {
                Some(&slot) => slot,
                None => {
                    self.keys.push(key.clone());
                    self.targets.push(Vec::new());
                    self.index.insert(key, self.keys.len() - 1);
                    self.keys.len() - 1
                }
            };
            let target = Target {
                entity,
                form: kind,
                contextual,
                ambiguous,
                case,
                original: variant.into_boxed_str(),
            };
            let list = &mut self.targets[slot];
            let duplicate = list
                .iter()
                .any(|t| t.entity == entity && t.form == kind && t.original == target.original);
            if !duplicate {
                list.push(target);
            }
        }
    }
}

fn index(i: usize) -> u32 {
    u32::try_from(i).expect("gazetteer holds fewer than 2^32 entries")
}

impl Matcher {
    pub(crate) fn build(entities: &Entities<'_>) -> Result<Matcher, aho_corasick::BuildError> {
        let mut table = PatternTable::default();
        for (i, c) in entities.countries.iter().enumerate() {
            let e = Entity::Country(index(i));
            let ambiguous = |f: &String| c.ambiguous_forms.contains(f);
            for f in &c.names {
                table.add(f, e, Form::Name, false, ambiguous(f));
            }
            for f in &c.demonyms {
                table.add(f, e, Form::Demonym, false, ambiguous(f));
            }
            for f in &c.metonyms {
                table.add(f, e, Form::Metonym, false, ambiguous(f));
            }
        }
        for (i, o) in entities.organisations.iter().enumerate() {
            let e = Entity::Organisation(index(i));
            for f in std::iter::once(&o.name).chain(&o.names) {
                table.add(f, e, Form::Name, o.contextual_names.contains(f), false);
            }
        }
        for (i, a) in entities.agencies.iter().enumerate() {
            let e = Entity::Agency(index(i));
            for f in std::iter::once(&a.name).chain(&a.names) {
                table.add(f, e, Form::Name, a.contextual_names.contains(f), false);
            }
        }
        for (i, s) in entities.sectors.iter().enumerate() {
            for f in &s.words {
                table.add(f, Entity::Sector(index(i)), Form::Word, false, false);
            }
        }
        for (i, p) in entities.people.iter().enumerate() {
            let e = Entity::Person(index(i));
            for f in std::iter::once(&p.name).chain(&p.names) {
                table.add(f, e, Form::Name, false, false);
            }
            for f in &p.surnames {
                table.add(f, e, Form::Surname, true, false);
            }
        }
        for (i, p) in entities.places.iter().enumerate() {
            let e = Entity::Place(index(i));
            for f in std::iter::once(&p.name).chain(&p.names) {
                table.add(f, e, Form::Name, false, false);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Both)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&table.keys)?;
        Ok(Matcher {
            automaton,
            targets: table.targets,
        })
    }

    /// Number of distinct surface forms in the automaton.
    pub(crate) fn pattern_count(&self) -> usize {
        self.targets.len()
    }

    /// Heap bytes used by the automaton.
    pub(crate) fn automaton_bytes(&self) -> usize {
        self.automaton.memory_usage()
    }

    pub(crate) fn mentions(
        &self,
        entities: &Entities<'_>,
        text: &str,
        date: Option<NaiveDate>,
    ) -> Vec<Mention> {
        self.mention_stream(entities, text, date).collect()
    }

    /// Mentions in text order, each resolved into a [`Mention`] (with its strings)
    /// only when the iterator reaches it. Resolution needs what the whole text
    /// establishes ([`Support`]), so the candidate spans are found first: a text up to
    /// [`KEEP_CANDIDATES_UP_TO`] keeps them (small: offsets and target references);
    /// a longer one is searched twice, once for the support and again as the
    /// iterator advances, so memory stays flat however long the text.
    pub(crate) fn mention_stream<'s>(
        &'s self,
        entities: &Entities<'s>,
        text: &'s str,
        date: Option<NaiveDate>,
    ) -> impl Iterator<Item = Mention> + 's {
        let keep = text.len() <= KEEP_CANDIDATES_UP_TO;
        self.mention_stream_keeping(entities, text, date, keep)
    }

    /// [`Matcher::mention_stream`], keeping the candidate spans or searching twice.
    pub(crate) fn mention_stream_keeping<'s>(
        &'s self,
        entities: &Entities<'s>,
        text: &'s str,
        date: Option<NaiveDate>,
        keep: bool,
    ) -> impl Iterator<Item = Mention> + 's {
        let mut support = Support::default();
        let candidates: Box<dyn Iterator<Item = Candidate<'s>> + 's> = if keep {
            let kept: Vec<Candidate<'s>> = self.candidates(text).collect();
            for candidate in &kept {
                support.add(entities, candidate);
            }
            Box::new(kept.into_iter())
        } else {
            for candidate in self.candidates(text) {
                support.add(entities, &candidate);
            }
            Box::new(self.candidates(text))
        };
        let entities = *entities;
        candidates.filter_map(move |c| resolve(&entities, &c, &support, date, text))
    }

    /// Pass 1: every span that passes boundary, case and ambiguity checks,
    /// with the targets that passed, in text order.
    fn candidates<'s>(&'s self, text: &'s str) -> impl Iterator<Item = Candidate<'s>> + 's {
        let mut pos = 0;
        std::iter::from_fn(move || {
            while let Some(start) = next_word_start(text, pos) {
                match self.longest_at(text, start) {
                    Some(candidate) => {
                        pos = candidate.end;
                        return Some(candidate);
                    }
                    None => pos = end_of_word(text, start),
                }
            }
            None
        })
    }

    /// The longest form starting at word start `start` that passes the
    /// checks, trying shorter forms when a longer one fails. Each anchored
    /// search stops at the automaton's dead state, so the work per word is
    /// bounded by the longest form.
    fn longest_at(&self, text: &str, start: usize) -> Option<Candidate<'_>> {
        let mut limit = text.len();
        loop {
            let hit = self
                .automaton
                .find(Input::new(text).span(start..limit).anchored(Anchored::Yes))?;
            if hit.end() <= start {
                return None;
            }
            if let Some(candidate) = self.check(text, start, hit.end(), hit.pattern().as_usize()) {
                return Some(
                    self.overlapping_longer(text, &candidate)
                        .unwrap_or(candidate),
                );
            }
            limit = hit.end() - 1;
        }
    }

    /// A match starting at a later word inside `candidate` and ending beyond
    /// it ("the Golan" vs "Golan Heights"): the later, longer reading wins.
    fn overlapping_longer(&self, text: &str, candidate: &Candidate<'_>) -> Option<Candidate<'_>> {
        let mut at = end_of_word(text, candidate.start);
        while at < candidate.end {
            if is_word_start(text, at) && text[at..].chars().next().is_some_and(is_word_char) {
                let hit = self.automaton.find(
                    Input::new(text)
                        .span(at..text.len())
                        .anchored(Anchored::Yes),
                );
                if let Some(hit) = hit.filter(|h| h.end() > candidate.end) {
                    if let Some(longer) = self.check(text, at, hit.end(), hit.pattern().as_usize())
                    {
                        return Some(longer);
                    }
                }
            }
            at = next_char(text, at);
        }
        None
    }

    fn check<'m>(
        &'m self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
    ) -> Option<Candidate<'m>> {
        let found = text.get(start..end)?;
        let plural_end = plural_end(text, end);
        let plain_ok = is_word_end(text, end);
        let mut valid = Vec::new();
        let mut span_end = end;
        for target in &self.targets[pattern] {
            if !case_ok(target.case, &target.original, found) {
                continue;
            }
            let target_end = if plain_ok {
                end
            } else if target.form == Form::Demonym && plural_end.is_some() {
                plural_end.unwrap_or(end)
            } else {
                continue;
            };
            if target.ambiguous && ambiguous_context(text, start, target_end) {
                continue;
            }
            span_end = target_end;
            valid.push(target);
        }
        if valid.is_empty() {
            return None;
        }
        Some(Candidate {
            start,
            end: span_end,
            possessive: is_possessive(text, span_end),
            targets: valid,
        })
    }
}

struct Candidate<'m> {
    start: usize,
    end: usize,
    possessive: bool,
    targets: Vec<&'m Target>,
}

/// What the text establishes without help: used to accept contextual forms.
#[derive(Default)]
struct Support<'e> {
    countries: HashSet<&'e str>,
    organisations: HashSet<u32>,
    agencies: HashSet<u32>,
    people: HashSet<u32>,
}

impl<'e> Support<'e> {
    /// Add what one candidate establishes.
    fn add(&mut self, entities: &Entities<'e>, candidate: &Candidate<'_>) {
        let named_people: Vec<u32> = candidate
            .targets
            .iter()
            .filter(|t| !t.contextual)
            .filter_map(|t| match t.entity {
                Entity::Person(p) => Some(p),
                _ => None,
            })
            .collect();
        if named_people.len() == 1 {
            self.people.insert(named_people[0]);
        }
        for target in candidate.targets.iter().filter(|t| !t.contextual) {
            match target.entity {
                Entity::Country(i) => {
                    if let Some(c) = entities.countries.get(i as usize) {
                        self.countries.insert(c.code.as_str());
                    }
                }
                Entity::Organisation(i) => {
                    self.organisations.insert(i);
                }
                Entity::Agency(i) => {
                    self.agencies.insert(i);
                    if let Some(a) = entities.agencies.get(i as usize) {
                        self.countries.insert(a.country.as_str());
                    }
                }
                _ => {}
            }
        }
    }
}

/// Pass 2: one reading per candidate span, or none.
fn resolve(
    entities: &Entities<'_>,
    candidate: &Candidate<'_>,
    support: &Support<'_>,
    date: Option<NaiveDate>,
    text: &str,
) -> Option<Mention> {
    let targets = &candidate.targets;
    let people = |form: Form| -> Vec<u32> {
        let mut ids: Vec<u32> = targets
            .iter()
            .filter(|t| t.form == form)
            .filter_map(|t| match t.entity {
                Entity::Person(p) => Some(p),
                _ => None,
            })
            .collect();
        ids.dedup();
        ids
    };
    let people_named = people(Form::Name);
    let surname_people = people(Form::Surname);
    let best_place = best_place(entities, targets);

    let kind = pick_person(entities, &people_named, support, date, false)
        .and_then(|p| person_kind(entities, p))
        .or_else(|| {
            first_of(targets, |t| match t.entity {
                Entity::Agency(i) if !t.contextual => agency_kind(entities, i),
                _ => None,
            })
        })
        .or_else(|| {
            first_of(targets, |t| match t.entity {
                Entity::Organisation(i) if !t.contextual => organisation_kind(entities, i),
                _ => None,
            })
        })
        .or_else(|| {
            first_of(targets, |t| match (t.entity, t.form) {
                (Entity::Country(i), form) => country_kind(entities, i, form),
                _ => None,
            })
        })
        .or_else(|| {
            first_of(targets, |t| match t.entity {
                Entity::Agency(i) if t.contextual => {
                    let agency = entities.agencies.get(i as usize)?;
                    (support.agencies.contains(&i)
                        || support.countries.contains(agency.country.as_str()))
                    .then(|| agency_kind(entities, i))
                    .flatten()
                }
                Entity::Organisation(i) if t.contextual => {
                    if support.organisations.contains(&i) {
                        organisation_kind(entities, i)
                    } else {
                        None
                    }
                }
                _ => None,
            })
        })
        .or_else(|| {
            let named: Vec<u32> = surname_people
                .iter()
                .copied()
                .filter(|p| support.people.contains(p))
                .collect();
            (named.len() == 1)
                .then(|| person_kind(entities, named[0]))
                .flatten()
        })
        .or_else(|| {
            pick_person(entities, &surname_people, support, date, true)
                .and_then(|p| person_kind(entities, p))
        })
        .or_else(|| {
            best_place.and_then(|i| {
                entities.places.get(i as usize).map(|p| MentionKind::Place {
                    place_id: p.id.clone(),
                })
            })
        })
        .or_else(|| {
            first_of(targets, |t| match t.entity {
                Entity::Sector(i) => {
                    entities
                        .sectors
                        .get(i as usize)
                        .map(|s| MentionKind::Sector {
                            sector: s.code.clone(),
                        })
                }
                _ => None,
            })
        })?;
    let place = match kind {
        MentionKind::Country { .. } | MentionKind::Agency { .. } => best_place
            .and_then(|i| entities.places.get(i as usize))
            .map(|p| p.id.clone()),
        _ => None,
    };
    Some(Mention {
        start: candidate.start,
        end: candidate.end,
        text: text.get(candidate.start..candidate.end)?.to_string(),
        kind,
        possessive: candidate.possessive,
        place,
    })
}

fn first_of(
    targets: &[&Target],
    f: impl Fn(&Target) -> Option<MentionKind>,
) -> Option<MentionKind> {
    targets.iter().find_map(|t| f(t))
}

/// Chooses one person among those a form may name (see the module rules).
fn pick_person(
    entities: &Entities<'_>,
    candidates: &[u32],
    support: &Support<'_>,
    date: Option<NaiveDate>,
    surname: bool,
) -> Option<u32> {
    if candidates.is_empty() {
        return None;
    }
    if candidates.len() == 1 && !surname {
        return Some(candidates[0]);
    }
    let named: Vec<u32> = candidates
        .iter()
        .copied()
        .filter(|p| support.people.contains(p))
        .collect();
    if named.len() == 1 {
        return Some(named[0]);
    }
    match date {
        Some(date) => {
            let holders: Vec<u32> = candidates
                .iter()
                .copied()
                .filter(|&p| {
                    entities.people.get(p as usize).is_some_and(|person| {
                        // "Kim said": a common surname never names its holder by date
                        !(surname && person.common_surname)
                            && person.offices.iter().any(|o| o.covers(date))
                    })
                })
                .collect();
            (holders.len() == 1).then(|| holders[0])
        }
        None => (candidates.len() == 1).then(|| candidates[0]),
    }
}

fn person_kind(entities: &Entities<'_>, p: u32) -> Option<MentionKind> {
    entities
        .people
        .get(p as usize)
        .map(|person| MentionKind::Person {
            person_id: person.id.clone(),
        })
}

fn agency_kind(entities: &Entities<'_>, i: u32) -> Option<MentionKind> {
    entities
        .agencies
        .get(i as usize)
        .map(|a| MentionKind::Agency {
            id: a.id.clone(),
            country: a.country.clone(),
            sector: a.sector.clone(),
            name: a.name.clone(),
        })
}

fn organisation_kind(entities: &Entities<'_>, i: u32) -> Option<MentionKind> {
    entities
        .organisations
        .get(i as usize)
        .map(|o| MentionKind::Organisation {
            code: o.code.clone(),
        })
}

fn country_kind(entities: &Entities<'_>, i: u32, form: Form) -> Option<MentionKind> {
    let form = match form {
        Form::Name => CountryForm::Name,
        Form::Demonym => CountryForm::Demonym,
        Form::Metonym => CountryForm::Metonym,
        Form::Surname | Form::Word => return None,
    };
    entities
        .countries
        .get(i as usize)
        .map(|c| MentionKind::Country {
            code: c.code.clone(),
            form,
        })
}

/// The place a form most likely names: exact canonical name first, then the
/// most populous, then the first listed.
fn best_place(entities: &Entities<'_>, targets: &[&Target]) -> Option<u32> {
    targets
        .iter()
        .filter_map(|t| match t.entity {
            Entity::Place(i) => entities.places.get(i as usize).map(|p| (i, p, &t.original)),
            _ => None,
        })
        .max_by(|(ia, a, fa), (ib, b, fb)| {
            let exact_a = a.name.as_str() == &***fa;
            let exact_b = b.name.as_str() == &***fb;
            exact_a
                .cmp(&exact_b)
                .then(
                    a.population
                        .unwrap_or(u64::MAX)
                        .cmp(&b.population.unwrap_or(u64::MAX)),
                )
                .then(ib.cmp(ia))
        })
        .map(|(i, _, _)| i)
}

// ---------------------------------------------------------------- text checks

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_word_start(text: &str, start: usize) -> bool {
    let first_is_word = text[start..].chars().next().is_some_and(is_word_char);
    !first_is_word || !text[..start].chars().next_back().is_some_and(is_word_char)
}

fn is_word_end(text: &str, end: usize) -> bool {
    let last_is_word = text[..end].chars().next_back().is_some_and(is_word_char);
    !last_is_word || !text[end..].chars().next().is_some_and(is_word_char)
}

/// The first word start at or after `from`.
fn next_word_start(text: &str, from: usize) -> Option<usize> {
    let mut previous_is_word = text[..from].chars().next_back().is_some_and(is_word_char);
    for (offset, c) in text[from..].char_indices() {
        let is_word = is_word_char(c);
        if is_word && !previous_is_word {
            return Some(from + offset);
        }
        previous_is_word = is_word;
    }
    None
}

/// Byte offset just past the word containing `start` (at least one char on).
fn end_of_word(text: &str, start: usize) -> usize {
    let mut chars = text[start..].char_indices();
    let mut end = match chars.next() {
        Some((_, c)) => start + c.len_utf8(),
        None => return text.len(),
    };
    for (offset, c) in chars {
        if !is_word_char(c) {
            return start + offset;
        }
        end = start + offset + c.len_utf8();
    }
    end
}

/// The offset of the char after the one at `at`.
fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// If a plural `s` follows at `end` and ends the word, the offset after it.
fn plural_end(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    if rest.starts_with('s') && is_word_end(text, end + 1) {
        Some(end + 1)
    } else {
        None
    }
}

fn is_possessive(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let after_apostrophe = rest
        .strip_prefix('\'')
        .or_else(|| rest.strip_prefix('\u{2019}'));
    match after_apostrophe {
        Some(after) => {
            let after = after.strip_prefix('s').unwrap_or(after);
            !after.chars().next().is_some_and(is_word_char)
        }
        None => false,
    }
}

fn case_ok(case: Case, original: &str, found: &str) -> bool {
    match case {
        Case::Insensitive => true,
        Case::Exact => original == found,
        Case::Capitalised => {
            let (o, f) = (original.as_bytes(), found.as_bytes());
            o.len() == f.len()
                && (0..o.len()).all(|i| {
                    let word_start_capital =
                        o[i].is_ascii_uppercase() && (i == 0 || !o[i - 1].is_ascii_alphabetic());
                    !word_start_capital || f[i].is_ascii_uppercase()
                })
        }
    }
}

/// Capitalised words that may precede an ambiguous country form without
/// making it part of a longer name.
const FUNCTION_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "To",
    "From",
    "By",
    "For",
    "With",
    "And",
    "Or",
    "But",
    "Of",
    "As",
    "Both",
    "Between",
    "Including",
    "While",
    "When",
    "After",
    "Before",
    "If",
    "Unlike",
    "Like",
    "Against",
    "Across",
    "Inside",
    "Outside",
    "Near",
    "Over",
    "Under",
    "Into",
    "Neither",
    "Nor",
    "Than",
    "Then",
    "Meanwhile",
    "Also",
    "Only",
    "Even",
    "Since",
    "Until",
    "Why",
    "How",
    "Where",
    "What",
    "Whether",
    "Neighbouring",
    "Neighboring",
    "That",
    "This",
    "Said",
    "Says",
];

/// True when an ambiguous form ("Jordan") sits next to another capitalised
/// word ("Michael Jordan", "Georgia Tech").
fn ambiguous_context(text: &str, start: usize, end: usize) -> bool {
    if !is_possessive(text, end) {
        if let Some(next) = text[end..].strip_prefix(' ') {
            if next.chars().next().is_some_and(char::is_uppercase) {
                return true;
            }
        }
    }
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[word_start..];
    word.chars().next().is_some_and(char::is_uppercase) && !FUNCTION_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_rules() {
        let table = [
            (Case::Capitalised, "North Korea", "North Korea", true),
            (Case::Capitalised, "North Korea", "NORTH KOREA", true),
            (Case::Capitalised, "North Korea", "north korea", false),
            (Case::Capitalised, "North Korea", "North korea", false),
            (Case::Capitalised, "the Kremlin", "The Kremlin", true),
            (Case::Capitalised, "the Kremlin", "the kremlin", false),
            (Case::Exact, "NIS", "nis", false),
            (Case::Exact, "NIS", "NIS", true),
            (Case::Insensitive, "spy agency", "Spy Agency", true),
        ];
        for (case, original, found, expected) in table {
            assert_eq!(
                case_ok(case, original, found),
                expected,
                "{original} vs {found}"
            );
        }
    }

    #[test]
    fn boundaries() {
        assert!(is_word_start("a woman", 2));
        assert!(!is_word_start("a woman", 3));
        assert!(is_word_end("Iran's", 4));
        assert!(!is_word_end("Iranian", 4));
        assert_eq!(end_of_word("woman said", 1), 5);
        assert_eq!(end_of_word("é", 0), 2);
        assert_eq!(plural_end("Iranians said", 7), Some(8));
        assert_eq!(plural_end("Iranianship", 7), None);
        assert!(is_possessive("Moscow's forces", 6));
        assert!(is_possessive("Moscow\u{2019}s forces", 6));
        assert!(is_possessive("Hamas' fighters", 5));
        assert!(!is_possessive("Moscow said", 6));
    }

    #[test]
    fn ambiguity_context() {
        let table = [
            ("Michael Jordan scored", 8, 14, true),
            ("King Abdullah of Jordan said", 17, 23, false),
            ("Georgia Tech won", 0, 7, true),
            ("In Georgia, protests", 3, 10, false),
            ("The Jordan government", 4, 10, false),
            ("Chad's army", 0, 4, false),
        ];
        for (text, start, end, expected) in table {
            assert_eq!(ambiguous_context(text, start, end), expected, "{text}");
        }
    }
}
