//! The event lexicon: verb and noun-phrase patterns mapped to PLOVER type, mode, context
//! and CAMEO code, with argument frames; modality and attribution cues. Loaded from TOML
//! (bundled files embedded in the binary, user files layered on top) and compiled into
//! lookup tables keyed on the first word of each pattern.

use crate::inflect::{noun_forms, verb_forms};
use crate::patterns::{RolePatterns, RolesSpec};
use crate::token::Token;
use ladder_core::EventType;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Bundled lexicon files: (file name, contents).
pub const BUNDLED_FILES: &[(&str, &str)] = &[
    (
        "events.toml",
        include_str!("../../../data/lexicon/events.toml"),
    ),
    (
        "violence.toml",
        include_str!("../../../data/lexicon/violence.toml"),
    ),
    (
        "modality.toml",
        include_str!("../../../data/lexicon/modality.toml"),
    ),
    (
        "attribution.toml",
        include_str!("../../../data/lexicon/attribution.toml"),
    ),
    (
        "references.toml",
        include_str!("../../../data/lexicon/references.toml"),
    ),
    (
        "domains.toml",
        include_str!("../../../data/lexicon/domains.toml"),
    ),
];

/// Errors loading a lexicon.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// A problem found in a lexicon file, located by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconDiagnostic {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LexiconDiagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// What a later trigger inside this entry's complement ("urged X to withdraw") becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Complement {
    /// No effect.
    #[default]
    None,
    /// This entry carries the meaning; triggers in its complement are not coded
    /// ("called for a withdrawal", "threatened to impose sanctions").
    Drop,
    /// The complement carries the meaning; this entry is not coded and lends its
    /// modality cue instead ("pledged to boost ties", "agreed to send troops").
    Yield,
}

/// Where the actor of an entry is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ActorFrame {
    /// The clause subject (left of the trigger); passives take the "by X" agent.
    #[default]
    Subject,
    /// The speaker of the reported clause ("the NSC said Pyongyang was a criminal
    /// organisation" → ACCUSE by the NSC against Pyongyang).
    Speaker,
}

/// One entry of `[[event]]` in the TOML files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventEntry {
    /// Stable id, used as `Event.rule` ("aid.military.send_troops").
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(default)]
    pub cameo: Option<String>,
    /// Verb lemmas (inflected automatically; in "call for" only "call" inflects).
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Noun phrases (the plural of the last word is added).
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Literal phrases, matched as written (lowercase).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// The entry fires only when one of these nouns follows the trigger closely
    /// (object-dependent senses: "send troops" vs "send a delegation").
    #[serde(default)]
    pub objects: Vec<String>,
    /// The entry does not fire when one of these nouns follows the trigger closely.
    #[serde(default)]
    pub not_objects: Vec<String>,
    /// Prepositions that mark the recipient after the trigger ("to", "against").
    #[serde(default)]
    pub recipient_preps: Option<Vec<String>>,
    /// Whether an actor right after the trigger (no preposition) is the recipient.
    #[serde(default)]
    pub direct_object: Option<bool>,
    /// Prepositions that mark the actor after the trigger ("pressure from X"); the
    /// clause subject then becomes the recipient.
    #[serde(default)]
    pub actor_preps: Vec<String>,
    #[serde(default)]
    pub actor: ActorFrame,
    /// Tree patterns for the roles (`[event.roles]`: `recipient = ["iobj", "obl:to"]`,
    /// `actor = ["obl:from"]`); when absent they are derived from `recipient_preps`,
    /// `direct_object` and `actor_preps` (see `patterns.rs`).
    #[serde(default)]
    pub roles: Option<RolesSpec>,
    #[serde(default)]
    pub complement: Complement,
    /// Unit for quantities found near this trigger when the noun gives none.
    #[serde(default)]
    pub unit: Option<String>,
    /// Higher wins when two entries match the same words.
    #[serde(default)]
    pub priority: i32,
    /// The entry fires only when the actor's own words include one of these ("troops
    /// crossed into Ukraine" is an incursion; "Kim crossed into Russia" by train is not).
    #[serde(default)]
    pub actor_words: Vec<String>,
    /// The type to code when no recipient other than the actor is found: troops sent to
    /// an ally are AID, troops deployed along one's own border are MOBILIZE.
    #[serde(default)]
    pub without_recipient: Option<RecipientlessType>,
    /// The type to code when the recipient is named after one of its `preps`
    /// ("launched drones and missiles at Israel" is an attack, not a deployment).
    #[serde(default)]
    pub when_aimed: Option<RecipientlessType>,
    /// Whether the trigger may stand with no actor at all (rarely useful).
    #[serde(default)]
    pub note: Option<String>,
    /// A speaker who reports this act accuses its actor ("the ceasefire had been
    /// violated by Pakistan, Misri said"): an ACCUSE event by the speaker against the
    /// actor is coded beside the act.
    #[serde(default)]
    pub accuses: bool,
}

/// The event an entry codes instead when it has no recipient (`without_recipient`) or
/// when its recipient is named after one of `preps` (`when_aimed`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientlessType {
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub cameo: Option<String>,
    /// Prepositions that aim the act (`when_aimed` only).
    #[serde(default)]
    pub preps: Vec<String>,
}

/// Modality cue lists (`modality.toml`).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ModalityCues {
    #[serde(default)]
    pub planned: Vec<String>,
    #[serde(default)]
    pub considered: Vec<String>,
    #[serde(default)]
    pub conditional: Vec<String>,
    #[serde(default)]
    pub negation: Vec<String>,
    /// Verb lemmas of denial ("deny"); inflected.
    #[serde(default)]
    pub denial_verbs: Vec<String>,
    /// Verb lemmas that deny only with a claim noun ("rejected claims", "dismissed reports").
    #[serde(default)]
    pub denial_with_claim: Vec<String>,
    #[serde(default)]
    pub claim_nouns: Vec<String>,
    /// Predicates that call a claim false ("does not correspond to reality").
    #[serde(default)]
    pub false_claim: Vec<String>,
    /// Subordinators that open background clauses stated as fact ("after", "since").
    #[serde(default)]
    pub presupposing: Vec<String>,
}

/// Attribution cue lists (`attribution.toml`).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AttributionCues {
    /// Reporting verb lemmas ("say", "tell", "announce").
    #[serde(default)]
    pub reporting_verbs: Vec<String>,
    /// Phrases before a source ("according to", "citing").
    #[serde(default)]
    pub source_phrases: Vec<String>,
    /// Hearsay markers without a named source ("reportedly", "allegedly").
    #[serde(default)]
    pub hearsay: Vec<String>,
    /// Nouns that present what follows as someone's claim ("reports of", "claims that").
    #[serde(default)]
    pub report_nouns: Vec<String>,
    /// Speaker nouns that refer back to the last named speaker ("the official").
    #[serde(default)]
    pub speaker_nouns: Vec<String>,
    /// Institutions that speak for their own state ("the defence ministry said").
    #[serde(default)]
    pub institution_nouns: Vec<String>,
}

/// An off-topic domain (`domains.toml`): sport or markets, where war words are metaphors.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DomainEntry {
    pub name: String,
    /// How many different cues make a report one of this domain.
    pub min_cues: usize,
    pub cues: Vec<String>,
}

/// A context reference (`references.toml`): a phrase that names an actor the report has
/// already named ("the North" for North Korea, "the two sides" for the last two parties).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReferenceEntry {
    pub phrases: Vec<String>,
    /// The codes the phrase may stand for; it takes the one named most recently in the
    /// report, and stays unresolved when none of them has been named.
    #[serde(default)]
    pub codes: Vec<String>,
    /// The phrase stands for the two parties named most recently ("the two sides").
    #[serde(default)]
    pub pair: bool,
    /// The phrase always stands for all its codes, named in the report or not ("the two
    /// Koreas").
    #[serde(default)]
    pub all: bool,
    /// The phrase points back to an event coded a sentence or three earlier ("the
    /// strikes", "the deal"): it stands for the actor of the latest event of these PLOVER
    /// types, and the words are not coded as a new event.
    #[serde(default)]
    pub event_types: Vec<String>,
    /// With `event_types`: the phrase stands for both parties of that event ("hailed the
    /// agreement").
    #[serde(default)]
    pub both_parties: bool,
    /// Every word after the article must be capitalised as a name ("the North", not
    /// "the north of the country").
    #[serde(default)]
    pub proper: bool,
}

/// Units for quantities (`[units]` in events.toml): noun → unit.
pub type UnitTable = BTreeMap<String, String>;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    event: Vec<EventEntry>,
    #[serde(default)]
    units: UnitTable,
    #[serde(default)]
    modality: Option<ModalityCues>,
    #[serde(default)]
    attribution: Option<AttributionCues>,
    #[serde(default)]
    reference: Vec<ReferenceEntry>,
    #[serde(default)]
    domain: Vec<DomainEntry>,
}

/// A compiled pattern: its words, the entry it belongs to, and whether it is a past
/// participle of a verb (passive candidates).
#[derive(Debug, Clone)]
pub struct Pattern {
    pub words: Vec<String>,
    pub entry: usize,
    pub participle: bool,
    pub is_verb: bool,
    pub is_gerund: bool,
}

/// A compiled cue phrase (modality, attribution).
pub type Phrase = Vec<String>;

/// Phrases indexed by their first word, longest first: finding which phrase starts at a
/// token costs one hash lookup, however long the list.
#[derive(Debug, Clone, Default)]
pub struct PhraseIndex {
    by_first: HashMap<String, Vec<(Phrase, usize)>>,
}

impl PhraseIndex {
    /// Index `(phrase text, tag)` pairs; the tag says which entry a phrase belongs to.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, usize)>) -> PhraseIndex {
        let mut by_first: HashMap<String, Vec<(Phrase, usize)>> = HashMap::new();
        for (text, tag) in phrases {
            let w = words(text);
            if let Some(first) = w.first().cloned() {
                by_first.entry(first).or_default().push((w, tag));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        }
        PhraseIndex { by_first }
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// The longest phrase starting at token `k`, and its tag.
    pub fn at<'p>(&'p self, tokens: &[Token], k: usize) -> Option<(&'p Phrase, usize)> {
        let rest = tokens.get(k..)?;
        let first = rest.first()?;
        self.by_first
            .get(&first.lower)?
            .iter()
            .find_map(|(phrase, tag)| {
                (phrase.len() <= rest.len() && phrase.iter().zip(rest).all(|(w, t)| *w == t.lower))
                    .then_some((phrase, *tag))
            })
    }
}

/// The compiled lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub entries: Vec<EventEntry>,
    pub types: Vec<EventType>,
    /// First word → patterns starting with it (longest first).
    pub patterns: HashMap<String, Vec<Pattern>>,
    pub units: UnitTable,
    pub modality: ModalityCues,
    pub attribution: AttributionCues,
    /// Reporting verb forms → is past participle.
    pub reporting_forms: HashMap<String, bool>,
    pub denial_forms: HashMap<String, bool>,
    pub denial_claim_forms: HashMap<String, bool>,
    pub planned: Vec<Phrase>,
    pub considered: Vec<Phrase>,
    pub conditional: Vec<Phrase>,
    pub negation: Vec<Phrase>,
    /// Claim nouns and labels as phrases ("reports", "as baseless", "a lie").
    pub claim_phrases: Vec<Phrase>,
    pub source_phrases: Vec<Phrase>,
    pub hearsay: Vec<Phrase>,
    pub report_nouns: Vec<Phrase>,
    /// Per entry: the tree relations that give its actor and recipient.
    pub role_patterns: Vec<RolePatterns>,
    pub object_words: Vec<Vec<Phrase>>,
    pub not_object_words: Vec<Vec<Phrase>>,
    /// Context references, and their compiled phrases by first word (longest first).
    pub references: Vec<ReferenceEntry>,
    pub reference_phrases: PhraseIndex,
    /// Off-topic domains (sport, markets), and their cues tagged with the domain's index.
    pub domains: Vec<DomainEntry>,
    pub domain_cues: PhraseIndex,
    /// `false_claim` predicates, indexed.
    pub false_claim_index: PhraseIndex,
}

fn words(s: &str) -> Phrase {
    s.split_whitespace()
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|pos| text[..pos].matches('\n').count() + 1)
        .unwrap_or(1)
}

fn toml_error_line(text: &str, err: &toml::de::Error) -> usize {
    err.span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(1)
}

impl Lexicon {
    /// The bundled lexicon.
    pub fn bundled() -> Result<Lexicon, LexiconError> {
        let files: Vec<(String, String)> = BUNDLED_FILES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        Lexicon::from_files(&files)
    }

    /// Bundled lexicon with `*.toml` files of `user_dir/lexicon/` (or `user_dir` itself
    /// if it holds them) layered on top: an entry with an existing id replaces it.
    pub fn load_layered(user_dir: Option<&Path>) -> Result<Lexicon, LexiconError> {
        let mut files: Vec<(String, String)> = BUNDLED_FILES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        if let Some(dir) = user_dir {
            files.extend(read_user_files(dir)?);
        }
        Lexicon::from_files(&files)
    }

    /// Compile from (file name, TOML text) pairs, later files layered over earlier ones.
    pub fn from_files(files: &[(String, String)]) -> Result<Lexicon, LexiconError> {
        let diags = check_files(files);
        if let Some(d) = diags.into_iter().next() {
            return Err(LexiconError::Invalid {
                file: d.file,
                line: d.line,
                message: d.message,
            });
        }
        let mut entries: Vec<EventEntry> = Vec::new();
        let mut units = UnitTable::new();
        let mut modality = ModalityCues::default();
        let mut attribution = AttributionCues::default();
        let mut references: Vec<ReferenceEntry> = Vec::new();
        let mut domains: Vec<DomainEntry> = Vec::new();
        for (_, text) in files {
            let parsed: LexiconFile = toml::from_str(text).map_err(|e| LexiconError::Invalid {
                file: String::new(),
                line: 0,
                message: e.to_string(),
            })?;
            for e in parsed.event {
                if let Some(old) = entries.iter_mut().find(|x| x.id == e.id) {
                    *old = e;
                } else {
                    entries.push(e);
                }
            }
            units.extend(parsed.units);
            if let Some(m) = parsed.modality {
                merge_modality(&mut modality, m);
            }
            if let Some(a) = parsed.attribution {
                merge_attribution(&mut attribution, a);
            }
            references.extend(parsed.reference);
            for d in parsed.domain {
                if let Some(old) = domains
                    .iter_mut()
                    .find(|x: &&mut DomainEntry| x.name == d.name)
                {
                    *old = d;
                } else {
                    domains.push(d);
                }
            }
        }
        Ok(Lexicon::compile(
            entries,
            units,
            modality,
            attribution,
            references,
            domains,
        ))
    }

    fn compile(
        entries: Vec<EventEntry>,
        units: UnitTable,
        modality: ModalityCues,
        attribution: AttributionCues,
        references: Vec<ReferenceEntry>,
        domains: Vec<DomainEntry>,
    ) -> Lexicon {
        let mut patterns: HashMap<String, Vec<Pattern>> = HashMap::new();
        let mut types = Vec::with_capacity(entries.len());
        let mut object_words = Vec::with_capacity(entries.len());
        let mut not_object_words = Vec::with_capacity(entries.len());
        let mut role_patterns = Vec::with_capacity(entries.len());
        for (idx, e) in entries.iter().enumerate() {
            types.push(
                e.event_type
                    .parse::<EventType>()
                    .unwrap_or(EventType::Consult),
            );
            let mut add = |w: Phrase, participle: bool, is_verb: bool, is_gerund: bool| {
                if let Some(first) = w.first().cloned() {
                    patterns.entry(first).or_default().push(Pattern {
                        words: w,
                        entry: idx,
                        participle,
                        is_verb,
                        is_gerund,
                    });
                }
            };
            for v in &e.verbs {
                let forms = verb_forms(v);
                let gerund = forms.gerund.clone();
                for (f, pp) in forms.all() {
                    let g = f == gerund;
                    add(words(&f), pp, true, g);
                }
            }
            for n in &e.nouns {
                for f in noun_forms(n) {
                    add(words(&f), false, false, false);
                }
            }
            for p in &e.phrases {
                add(words(p), false, false, false);
            }
            object_words.push(expand_nouns(&e.objects));
            not_object_words.push(expand_nouns(&e.not_objects));
            role_patterns.push(entry_role_patterns(e).unwrap_or_default());
        }
        for list in patterns.values_mut() {
            list.sort_by(|a, b| {
                b.words
                    .len()
                    .cmp(&a.words.len())
                    .then(entries[b.entry].priority.cmp(&entries[a.entry].priority))
                    .then(a.entry.cmp(&b.entry))
            });
        }
        let forms_of = |lemmas: &[String]| -> HashMap<String, bool> {
            let mut m = HashMap::new();
            for l in lemmas {
                for (f, pp) in verb_forms(l).all() {
                    *m.entry(f).or_insert(false) |= pp;
                }
            }
            m
        };
        let phrases = |list: &[String]| list.iter().map(|s| words(s)).collect::<Vec<_>>();
        let reference_phrases = PhraseIndex::new(
            references
                .iter()
                .enumerate()
                .flat_map(|(i, r)| r.phrases.iter().map(move |p| (p.as_str(), i))),
        );
        let domain_cues = PhraseIndex::new(
            domains
                .iter()
                .enumerate()
                .flat_map(|(i, d)| d.cues.iter().map(move |c| (c.as_str(), i))),
        );
        let false_claim_index =
            PhraseIndex::new(modality.false_claim.iter().map(|p| (p.as_str(), 0)));
        Lexicon {
            references,
            reference_phrases,
            domains,
            domain_cues,
            false_claim_index,
            reporting_forms: forms_of(&attribution.reporting_verbs),
            denial_forms: forms_of(&modality.denial_verbs),
            denial_claim_forms: forms_of(&modality.denial_with_claim),
            planned: phrases(&modality.planned),
            considered: phrases(&modality.considered),
            conditional: phrases(&modality.conditional),
            negation: phrases(&modality.negation),
            claim_phrases: phrases(&modality.claim_nouns),
            source_phrases: phrases(&attribution.source_phrases),
            hearsay: phrases(&attribution.hearsay),
            report_nouns: phrases(&attribution.report_nouns),
            entries,
            types,
            patterns,
            units,
            modality,
            attribution,
            role_patterns,
            object_words,
            not_object_words,
        }
    }

    /// Number of patterns (all inflected forms) in the compiled lexicon.
    pub fn pattern_count(&self) -> usize {
        self.patterns.values().map(Vec::len).sum()
    }

    /// The unit a noun (singular or plural) counts, if any.
    pub fn unit_of(&self, noun: &str) -> Option<&str> {
        if let Some(u) = self.units.get(noun) {
            return Some(u);
        }
        let singular = noun.strip_suffix('s')?;
        self.units.get(singular).map(String::as_str)
    }
}

fn expand_nouns(list: &[String]) -> Vec<Phrase> {
    let mut out = Vec::new();
    for n in list {
        for f in noun_forms(n) {
            out.push(words(&f));
        }
    }
    out
}

fn merge_modality(into: &mut ModalityCues, m: ModalityCues) {
    into.planned.extend(m.planned);
    into.considered.extend(m.considered);
    into.conditional.extend(m.conditional);
    into.negation.extend(m.negation);
    into.denial_verbs.extend(m.denial_verbs);
    into.denial_with_claim.extend(m.denial_with_claim);
    into.claim_nouns.extend(m.claim_nouns);
    into.false_claim.extend(m.false_claim);
    into.presupposing.extend(m.presupposing);
}

fn merge_attribution(into: &mut AttributionCues, a: AttributionCues) {
    into.reporting_verbs.extend(a.reporting_verbs);
    into.source_phrases.extend(a.source_phrases);
    into.hearsay.extend(a.hearsay);
    into.report_nouns.extend(a.report_nouns);
    into.speaker_nouns.extend(a.speaker_nouns);
    into.institution_nouns.extend(a.institution_nouns);
}

/// Read `*.toml` from `dir/lexicon/` if it exists, else from `dir`, sorted by name.
pub fn read_user_files(dir: &Path) -> Result<Vec<(String, String)>, LexiconError> {
    let sub = dir.join("lexicon");
    let dir = if sub.is_dir() { sub } else { dir.to_path_buf() };
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let io = |source| LexiconError::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|source| LexiconError::Io {
            path: p.display().to_string(),
            source,
        })?;
        out.push((p.display().to_string(), text));
    }
    Ok(out)
}

const KNOWN_CONTEXTS: &[&str] = &[
    "military",
    "intelligence",
    "executive",
    "legislative",
    "election",
    "political_institutions",
    "pro_democracy",
    "pro_autocracy",
    "economic",
    "legal",
    "reparations",
    "human_rights",
    "rights_freedoms",
    "repression",
    "human_security",
    "gender",
    "lgbt",
    "religion_ethnicity",
    "inequality",
    "diplomatic",
    "territory",
    "peacekeeping",
    "health",
    "asylum",
    "migration",
    "disasters",
    "natural_resource",
    "environment",
    "technology",
    "terrorism",
    "cbrn",
    "cyber",
    "misinformation",
    "crime",
    "corruption",
    "illegal_drugs",
    "trafficking",
];

/// Recipient prepositions an entry uses when it names none.
pub const DEFAULT_RECIPIENT_PREPS: &[&str] = &[
    "to", "with", "against", "on", "for", "toward", "towards", "at", "into", "upon",
];

/// The role patterns of one entry: written, or derived from its token fields.
fn entry_role_patterns(e: &EventEntry) -> Result<RolePatterns, String> {
    let preps: Vec<&str> = match &e.recipient_preps {
        Some(p) => p.iter().map(String::as_str).collect(),
        None => DEFAULT_RECIPIENT_PREPS.to_vec(),
    };
    RolePatterns::of_entry(e.roles.as_ref(), &preps, &e.actor_preps)
}

/// Validate lexicon files: TOML syntax, unknown fields, PLOVER types, contexts, CAMEO
/// codes, ids (unique within a file, dotted lowercase), entries with no trigger.
/// Check `[[reference]]` entries: phrases present, and either codes or `pair`.
fn check_references(
    name: &str,
    text: &str,
    references: &[ReferenceEntry],
    out: &mut Vec<LexiconDiagnostic>,
) {
    for r in references {
        let first = r.phrases.first().map(String::as_str).unwrap_or("");
        let line = line_of(text, &format!("\"{first}\""));
        let mut diag = |message: String| {
            out.push(LexiconDiagnostic {
                file: name.to_string(),
                line,
                message,
            })
        };
        if r.phrases.is_empty() || r.phrases.iter().any(|p| p.trim().is_empty()) {
            diag("reference has no phrases or an empty phrase".to_string());
        }
        let kinds = usize::from(!r.codes.is_empty())
            + usize::from(r.pair)
            + usize::from(!r.event_types.is_empty());
        if kinds != 1 {
            diag(format!(
                "reference '{first}': give exactly one of codes = [...], pair = true or event_types = [...]"
            ));
        }
        for t in &r.event_types {
            if let Err(err) = t.parse::<EventType>() {
                diag(format!("reference '{first}': {err}"));
            }
        }
        for c in &r.codes {
            if !(2..=10).contains(&c.len())
                || !c
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit())
            {
                diag(format!(
                    "reference '{first}': code '{c}' must be 2 to 10 uppercase letters or digits"
                ));
            }
        }
    }
}

pub fn check_files(files: &[(String, String)]) -> Vec<LexiconDiagnostic> {
    let mut out = Vec::new();
    for (name, text) in files {
        let parsed: LexiconFile = match toml::from_str(text) {
            Ok(p) => p,
            Err(e) => {
                out.push(LexiconDiagnostic {
                    file: name.clone(),
                    line: toml_error_line(text, &e),
                    message: e.message().to_string(),
                });
                continue;
            }
        };
        check_references(name, text, &parsed.reference, &mut out);
        for d in &parsed.domain {
            if d.cues.is_empty() || d.min_cues == 0 {
                out.push(LexiconDiagnostic {
                    file: name.clone(),
                    line: line_of(text, &format!("\"{}\"", d.name)),
                    message: format!("domain '{}' needs cues and min_cues of at least 1", d.name),
                });
            }
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for e in &parsed.event {
            let line = line_of(text, &format!("\"{}\"", e.id));
            let mut diag = |message: String| {
                out.push(LexiconDiagnostic {
                    file: name.clone(),
                    line,
                    message,
                })
            };
            if let Some(prev) = seen.insert(e.id.as_str(), line) {
                diag(format!("duplicate id '{}' (first at line {prev})", e.id));
            }
            if e.id.is_empty()
                || !e.id.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_' || c == '-'
                })
            {
                diag(format!(
                    "id '{}' must be dotted lowercase (aid.military.send_troops)",
                    e.id
                ));
            }
            if let Err(err) = e.event_type.parse::<EventType>() {
                diag(format!("entry '{}': {err}", e.id));
            }
            if let Some(Err(err)) = e
                .without_recipient
                .as_ref()
                .map(|w| w.event_type.parse::<EventType>())
            {
                diag(format!("entry '{}': without_recipient: {err}", e.id));
            }
            if let Some(w) = &e.when_aimed {
                if let Err(err) = w.event_type.parse::<EventType>() {
                    diag(format!("entry '{}': when_aimed: {err}", e.id));
                }
                if w.preps.is_empty() {
                    diag(format!("entry '{}': when_aimed needs preps = [...]", e.id));
                }
            }
            if let Err(err) = entry_role_patterns(e) {
                diag(format!("entry '{}': roles: {err}", e.id));
            }
            if e.roles.is_some() && (e.recipient_preps.is_some() || !e.actor_preps.is_empty()) {
                diag(format!(
                    "entry '{}': give either [roles] or recipient_preps/actor_preps, not both",
                    e.id
                ));
            }
            if e.verbs.is_empty() && e.nouns.is_empty() && e.phrases.is_empty() {
                diag(format!("entry '{}' has no verbs, nouns or phrases", e.id));
            }
            for c in &e.context {
                if !KNOWN_CONTEXTS.contains(&c.as_str()) {
                    diag(format!("entry '{}': unknown PLOVER context '{c}'", e.id));
                }
            }
            if let Some(code) = &e.cameo {
                if !(2..=4).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_digit()) {
                    diag(format!(
                        "entry '{}': CAMEO code '{code}' must be 2 to 4 digits",
                        e.id
                    ));
                }
            }
            for w in e.verbs.iter().chain(&e.nouns).chain(&e.phrases) {
                if w.trim().is_empty() {
                    diag(format!("entry '{}' has an empty pattern", e.id));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_compiles_and_covers_every_type() {
        let lex = Lexicon::bundled().expect("bundled lexicon is valid");
        for t in EventType::ALL {
            assert!(lex.types.contains(&t), "no entry for {t}");
        }
        assert!(lex.patterns.contains_key("sent"));
        assert!(lex.reporting_forms.contains_key("said"));
    }

    #[test]
    fn check_reports_file_and_line() {
        let bad = "[[event]]\nid = \"x.y\"\ntype = \"HUG\"\nverbs = [\"hug\"]\n".to_string();
        let d = check_files(&[("user.toml".into(), bad)]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 2);
        assert!(d[0].message.contains("HUG"));
        let syntax = "[[event]\nid=1".to_string();
        let d = check_files(&[("s.toml".into(), syntax)]);
        assert_eq!(d[0].file, "s.toml");
    }

    #[test]
    fn references_and_domains_are_checked_with_their_lines() {
        let bad = "[[reference]]\nphrases = [\"the peninsula\"]\ncodes = [\"korea\"]\n\n\
                   [[reference]]\nphrases = [\"the neighbours\"]\n\n\
                   [[reference]]\nphrases = [\"the raid\"]\nevent_types = [\"RAID\"]\n\n\
                   [[domain]]\nname = \"weather\"\nmin_cues = 0\ncues = []\n"
            .to_string();
        let d = check_files(&[("mine.toml".into(), bad)]);
        let found: Vec<(usize, bool)> = d.iter().map(|x| (x.line, x.file == "mine.toml")).collect();
        assert_eq!(
            found,
            vec![(2, true), (6, true), (9, true), (13, true)],
            "{d:?}"
        );
        assert!(d[0].message.contains("korea"));
        assert!(d[1].message.contains("exactly one of"));
        assert!(d[2].message.contains("RAID"));
        assert!(d[3].message.contains("weather"));
    }

    #[test]
    fn unknown_field_is_reported() {
        let bad = "[[event]]\nid = \"a.b\"\ntype = \"AID\"\nverbs = [\"give\"]\nverb = [\"x\"]\n"
            .to_string();
        let d = check_files(&[("u.toml".into(), bad)]);
        assert!(!d.is_empty());
        assert!(d[0].message.contains("verb"), "{}", d[0].message);
    }
}
