//! Scenario and playbook files: the bundled defaults (embedded), the user's files in
//! `scenarios/` and `playbooks/` of the `--data` folder layered on top (same id
//! replaces), validation with errors that name the file and line, and filling a dyadic
//! template with a pair of actors. Reading the `--data` folder is this module's only I/O.

use crate::AssessError;
use ladder_core::{IndicatorKind, Modality, Playbook, Response, Scenario};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// The bundled scenario files: (file name, text).
pub const BUNDLED_SCENARIOS: [(&str, &str); 2] = [
    (
        "prk-rus-military-cooperation.toml",
        include_str!("../../../data/scenarios/prk-rus-military-cooperation.toml"),
    ),
    (
        "dyadic-escalation.toml",
        include_str!("../../../data/scenarios/dyadic-escalation.toml"),
    ),
];

/// The bundled playbook files: (file name, text).
pub const BUNDLED_PLAYBOOKS: [(&str, &str); 1] = [(
    "kor-prk-rus-military-cooperation.toml",
    include_str!("../../../data/playbooks/kor-prk-rus-military-cooperation.toml"),
)];

/// A problem in a scenario or playbook file, located by line and column (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut index: usize) -> usize {
        while index > 0 && !self.is_char_boundary(index) {
            index -= 1;
        }
        index
    }
}

/// Locates things in a file's text by line, for semantic errors (serde spans cover only
/// syntax and type errors).
struct LineFinder<'t> {
    lines: Vec<&'t str>,
}

impl<'t> LineFinder<'t> {
    fn new(text: &'t str) -> Self {
        LineFinder {
            lines: text.lines().collect(),
        }
    }

    fn key_of(line: &str) -> Option<(&str, &str)> {
        let (key, value) = line.trim().split_once('=')?;
        Some((key.trim(), value.trim()))
    }

    /// 1-based lines where `key = …` is set, in order.
    fn lines_with_key(&self, key: &str) -> Vec<usize> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| Self::key_of(l).is_some_and(|(k, _)| k == key))
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// Lines where `key = "value"`.
    fn lines_with_value(&self, key: &str, value: &str) -> Vec<usize> {
        let quoted = format!("\"{value}\"");
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                Self::key_of(l).is_some_and(|(k, v)| {
                    k == key && (v == quoted || v.starts_with(&format!("{quoted} ")))
                })
            })
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// From line `from` (1-based), the first line setting `key` before the next table
    /// header; `from` itself when none.
    fn key_after(&self, from: usize, key: &str) -> usize {
        for (i, line) in self.lines.iter().enumerate().skip(from) {
            if line.trim_start().starts_with('[') {
                break;
            }
            if Self::key_of(line).is_some_and(|(k, _)| k == key) {
                return i + 1;
            }
        }
        from
    }

    /// The first line (≥ `from`) where a quoted string `"text"` occurs.
    fn quoted_after(&self, from: usize, text: &str) -> usize {
        let quoted = format!("\"{text}\"");
        self.lines
            .iter()
            .enumerate()
            .skip(from.saturating_sub(1))
            .find(|(_, l)| l.contains(&quoted))
            .map(|(i, _)| i + 1)
            .unwrap_or(from.max(1))
    }
}

/// Whether a string is an actor code: ISO 3166 alpha-3 or an organisation's code
/// (upper-case letters and digits, 2–10 characters).
pub fn is_actor_code(code: &str) -> bool {
    let mut chars = code.chars();
    (2..=10).contains(&code.len())
        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn is_file_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

pub(crate) fn diagnostic_at(file: &str, line: usize, message: impl Into<String>) -> Diagnostic {
    diagnostic(file, line, message)
}

fn diagnostic(file: &str, line: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line: line.max(1),
        column: 1,
        message: message.into(),
    }
}

pub(crate) fn syntax_error(file: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    syntax_diagnostic(file, text, error)
}

fn syntax_diagnostic(file: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    let (line, column) = error
        .span()
        .map(|span| line_column(text, span.start))
        .unwrap_or((1, 1));
    Diagnostic {
        file: file.to_string(),
        line,
        column,
        message: error.message().trim().to_string(),
    }
}

/// Parse and validate one scenario file.
pub fn parse_scenario(file: &str, text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let scenario: Scenario =
        toml::from_str(text).map_err(|e| vec![syntax_diagnostic(file, text, &e)])?;
    let problems = validate_scenario(file, text, &scenario);
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(problems)
    }
}

/// The semantic checks of a parsed scenario.
pub fn validate_scenario(file: &str, text: &str, scenario: &Scenario) -> Vec<Diagnostic> {
    let find = LineFinder::new(text);
    let mut out = Vec::new();
    let first = |lines: Vec<usize>| lines.first().copied().unwrap_or(1);
    if !is_file_id(&scenario.id) {
        out.push(diagnostic(
            file,
            first(find.lines_with_key("id")),
            format!(
                "scenario id '{}' must be lower-case letters, digits and '-'",
                scenario.id
            ),
        ));
    }
    let code_ok =
        |code: &str| is_actor_code(code) || (scenario.dyadic && (code == "A" || code == "B"));
    for code in &scenario.actors {
        if !code_ok(code) {
            out.push(diagnostic(file, find.quoted_after(1, code), format!("'{code}' is not an actor code (ISO 3166 alpha-3 such as PRK, or an organisation such as NATO)")));
        }
    }
    let rules = &scenario.calling;
    let calling_line = |key: &str| first(find.lines_with_key(key));
    if !(rules.threshold > 0.5 && rules.threshold < 1.0) {
        out.push(diagnostic(
            file,
            calling_line("threshold"),
            format!(
                "threshold {} must be between 0.5 and 1 (exclusive)",
                rules.threshold
            ),
        ));
    }
    if rules.min_sources == 0 || rules.min_sources > 10 {
        out.push(diagnostic(
            file,
            calling_line("min_sources"),
            format!("min_sources {} must be 1 to 10", rules.min_sources),
        ));
    }
    if rules.hold_days > 365 {
        out.push(diagnostic(
            file,
            calling_line("hold_days"),
            format!("hold_days {} must be at most 365", rules.hold_days),
        ));
    }
    if !(rules.strength_cap > 0.0 && rules.strength_cap <= 10.0) {
        out.push(diagnostic(
            file,
            calling_line("strength_cap"),
            format!(
                "strength_cap {} must be above 0 and at most 10",
                rules.strength_cap
            ),
        ));
    }
    let level_lines = find.lines_with_key("level");
    if scenario.stages.len() < 2 {
        out.push(diagnostic(
            file,
            1,
            "a scenario needs at least two stages (0 and 1)",
        ));
    }
    let mut last_prior = 1.0;
    for (i, stage) in scenario.stages.iter().enumerate() {
        let line = level_lines.get(i).copied().unwrap_or(1);
        if usize::from(stage.level) != i {
            out.push(diagnostic(
                file,
                line,
                format!(
                    "stage levels must be 0, 1, 2… in order: found level {} where {i} was expected",
                    stage.level
                ),
            ));
        }
        if let Some(prior) = stage.prior {
            let prior_line = find.key_after(line, "prior");
            if !(prior > 0.0 && prior < 1.0) {
                out.push(diagnostic(
                    file,
                    prior_line,
                    format!(
                        "prior {prior} of stage {} must be between 0 and 1 (exclusive)",
                        stage.level
                    ),
                ));
            } else if prior > last_prior {
                out.push(diagnostic(file, prior_line, format!("prior {prior} of stage {} is above the prior of the stage below ({last_prior}): priors must not increase up the ladder", stage.level)));
            }
            last_prior = prior;
        } else if stage.level > 0 {
            last_prior = crate::engine::default_prior(stage.level).min(last_prior);
        }
        if stage.level == 0 && !stage.indicators.is_empty() {
            out.push(diagnostic(file, line, "stage 0 is the baseline: its indicators would count toward nothing; move them to stage 1 or above"));
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for stage in &scenario.stages {
        for indicator in &stage.indicators {
            let lines = find.lines_with_value("id", &indicator.id);
            let occurrence = seen.iter().filter(|s| **s == indicator.id.as_str()).count();
            let line = lines
                .get(occurrence)
                .or(lines.first())
                .copied()
                .unwrap_or(1);
            if !seen.insert(&indicator.id) {
                out.push(diagnostic(
                    file,
                    lines.get(1).copied().unwrap_or(line),
                    format!("indicator id '{}' is used twice", indicator.id),
                ));
            }
            if !is_file_id(&indicator.id) {
                out.push(diagnostic(
                    file,
                    line,
                    format!(
                        "indicator id '{}' must be lower-case letters, digits, '-', '_' or '.'",
                        indicator.id
                    ),
                ));
            }
            if indicator.text.trim().is_empty() {
                out.push(diagnostic(
                    file,
                    line,
                    format!(
                        "indicator '{}' needs a text an analyst would recognise",
                        indicator.id
                    ),
                ));
            }
            let marker = indicator.weight == 0.0 && is_contrary(scenario, &indicator.id);
            let in_range = indicator.weight > 0.0 && indicator.weight <= 10.0;
            if !(marker || in_range) {
                out.push(diagnostic(
                    file,
                    find.key_after(line, "weight"),
                    format!(
                        "weight {} of indicator '{}' must be above 0 and at most 10 (0 only for a state's contrary)",
                        indicator.weight, indicator.id
                    ),
                ));
            }
            if let Some(h) = indicator.half_life_days {
                if !(h > 0.0 && h <= 3650.0) {
                    out.push(diagnostic(file, find.key_after(line, "half_life_days"), format!("half_life_days {h} of indicator '{}' must be above 0 and at most 3650 (leave it out for no decay)", indicator.id)));
                }
            }
            let p = &indicator.pattern;
            let codes = p
                .actor
                .iter()
                .chain(&p.recipient)
                .chain(&p.location_country);
            for code in codes {
                if !code_ok(code) {
                    out.push(diagnostic(
                        file,
                        find.quoted_after(line, code),
                        format!(
                            "'{code}' in indicator '{}' is not an actor code{}",
                            indicator.id,
                            if scenario.dyadic {
                                " (or the placeholder A or B)"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
            }
            for code in &p.attributed_to {
                if code != "ACTOR" && !code_ok(code) {
                    out.push(diagnostic(
                        file,
                        find.quoted_after(line, code),
                        format!(
                            "'{code}' in attributed_to of '{}' is not an actor code or ACTOR",
                            indicator.id
                        ),
                    ));
                }
            }
            if p.actor.is_empty()
                && p.event_type.is_empty()
                && p.recipient.is_empty()
                && p.keywords.is_empty()
            {
                out.push(diagnostic(file, line, format!("indicator '{}' has no actor, recipient, event type or keyword: it would match every event", indicator.id)));
            }
            let non_occurrence = p.modality.iter().any(|m| {
                matches!(
                    m,
                    Modality::Planned | Modality::Considered | Modality::Conditional
                )
            });
            if non_occurrence && !indicator.warning {
                out.push(diagnostic(file, find.key_after(line, "pattern"), format!("indicator '{}': planned, considered and conditional events only feed warning indicators (set warning = true)", indicator.id)));
            }
        }
    }
    out.extend(validate_rungs(file, &find, scenario));
    out.sort();
    out
}

/// The checks of kinds, key indicators and requirements: a state's contraries exist, every
/// stage above 0 has a key indicator, `requires` names existing stages without a cycle.
fn validate_rungs(file: &str, find: &LineFinder, scenario: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ids: BTreeSet<&str> = scenario
        .stages
        .iter()
        .flat_map(|s| &s.indicators)
        .map(|i| i.id.as_str())
        .collect();
    let level_lines = find.lines_with_key("level");
    for (i, stage) in scenario.stages.iter().enumerate() {
        let stage_line = level_lines.get(i).copied().unwrap_or(1);
        for indicator in &stage.indicators {
            let line = find
                .lines_with_value("id", &indicator.id)
                .first()
                .copied()
                .unwrap_or(stage_line);
            let state = indicator.kind == IndicatorKind::State;
            for contrary in &indicator.contrary {
                let at = find.quoted_after(find.key_after(line, "contrary"), contrary);
                if !state {
                    out.push(diagnostic(file, at, format!("indicator '{}' is an event: only a state (kind = \"state\") has contraries", indicator.id)));
                } else if !ids.contains(contrary.as_str()) {
                    out.push(diagnostic(file, at, format!("the contrary '{contrary}' of state indicator '{}' is no indicator of this scenario", indicator.id)));
                } else if *contrary == indicator.id {
                    out.push(diagnostic(
                        file,
                        at,
                        format!(
                            "state indicator '{}' cannot be its own contrary",
                            indicator.id
                        ),
                    ));
                }
            }
            if state && indicator.half_life_days.is_some() {
                out.push(diagnostic(file, find.key_after(line, "half_life_days"), format!("state indicator '{}' holds until contrary evidence: remove half_life_days (or make it kind = \"event\")", indicator.id)));
            }
            if state && indicator.warning {
                out.push(diagnostic(file, find.key_after(line, "kind"), format!("warning indicator '{}' cannot be a state: a plan is not a state of affairs", indicator.id)));
            }
            if indicator.key && indicator.warning {
                out.push(diagnostic(
                    file,
                    find.key_after(line, "key"),
                    format!(
                        "warning indicator '{}' cannot be key: plans never call a stage",
                        indicator.id
                    ),
                ));
            }
        }
        let has_key = stage.indicators.iter().any(|i| i.key && !i.warning);
        if stage.level > 0 && !has_key {
            out.push(diagnostic(file, stage_line, format!("stage {} has no key indicator: mark the indicators that establish it with key = true", stage.level)));
        }
        if let Some(requires) = &stage.requires {
            let line = find.key_after(stage_line, "requires");
            for &level in &requires.stages {
                if usize::from(level) >= scenario.stages.len() || level == 0 {
                    out.push(diagnostic(file, line, format!("stage {} requires stage {level}, which is not a stage above 0 of this scenario", stage.level)));
                }
            }
        }
    }
    if let Some(cycle) = requirement_cycle(scenario) {
        let stage_line = level_lines.get(usize::from(cycle[0])).copied().unwrap_or(1);
        let path: Vec<String> = cycle.iter().map(|l| format!("stage {l}")).collect();
        out.push(diagnostic(
            file,
            find.key_after(stage_line, "requires"),
            format!("requires makes a cycle: {}", path.join(" → ")),
        ));
    }
    out
}

/// Whether some state indicator names `id` as its contrary.
fn is_contrary(scenario: &Scenario, id: &str) -> bool {
    scenario
        .stages
        .iter()
        .flat_map(|s| &s.indicators)
        .any(|i| i.contrary.iter().any(|c| c == id))
}

/// A cycle among the stages' `requires.stages`, as the path that closes it.
fn requirement_cycle(scenario: &Scenario) -> Option<Vec<u8>> {
    fn visit(
        scenario: &Scenario,
        level: u8,
        path: &mut Vec<u8>,
        done: &mut BTreeSet<u8>,
    ) -> Option<Vec<u8>> {
        if let Some(at) = path.iter().position(|&l| l == level) {
            let mut cycle = path[at..].to_vec();
            cycle.push(level);
            return Some(cycle);
        }
        if done.contains(&level) {
            return None;
        }
        path.push(level);
        let next: Vec<u8> = scenario
            .stages
            .get(usize::from(level))
            .and_then(|s| s.requires.as_ref())
            .map(|r| r.stages.clone())
            .unwrap_or_default();
        for to in next {
            if let Some(cycle) = visit(scenario, to, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(level);
        None
    }
    let mut done = BTreeSet::new();
    scenario
        .stages
        .iter()
        .find_map(|s| visit(scenario, s.level, &mut Vec::new(), &mut done))
}

/// Parse and validate one playbook file against the scenarios it may refer to.
pub fn parse_playbook(
    file: &str,
    text: &str,
    scenarios: &ScenarioSet,
) -> Result<Playbook, Vec<Diagnostic>> {
    let playbook: Playbook =
        toml::from_str(text).map_err(|e| vec![syntax_diagnostic(file, text, &e)])?;
    let problems = validate_playbook(file, text, &playbook, scenarios);
    if problems.is_empty() {
        Ok(playbook)
    } else {
        Err(problems)
    }
}

/// The semantic checks of a parsed playbook.
pub fn validate_playbook(
    file: &str,
    text: &str,
    playbook: &Playbook,
    scenarios: &ScenarioSet,
) -> Vec<Diagnostic> {
    let find = LineFinder::new(text);
    let first = |lines: Vec<usize>| lines.first().copied().unwrap_or(1);
    let mut out = Vec::new();
    if !is_file_id(&playbook.id) {
        out.push(diagnostic(
            file,
            first(find.lines_with_key("id")),
            format!(
                "playbook id '{}' must be lower-case letters, digits and '-'",
                playbook.id
            ),
        ));
    }
    if !is_actor_code(&playbook.observer) {
        out.push(diagnostic(
            file,
            first(find.lines_with_key("observer")),
            format!(
                "observer '{}' is not an actor code (such as KOR)",
                playbook.observer
            ),
        ));
    }
    let scenario = scenarios.get(&playbook.scenario);
    let top = match scenario {
        Some(s) => s.stages.iter().map(|s| s.level).max().unwrap_or(0),
        None => {
            out.push(diagnostic(
                file,
                first(find.lines_with_key("scenario")),
                format!(
                    "unknown scenario '{}' (known: {})",
                    playbook.scenario,
                    scenarios.ids().join(", ")
                ),
            ));
            u8::MAX
        }
    };
    let mut seen = BTreeSet::new();
    for response in &playbook.responses {
        let lines = find.lines_with_value("id", &response.id);
        let line = lines.first().copied().unwrap_or(1);
        if !seen.insert(response.id.as_str()) {
            out.push(diagnostic(
                file,
                lines.get(1).copied().unwrap_or(line),
                format!("response id '{}' is used twice", response.id),
            ));
        }
        if response.stage > top {
            out.push(diagnostic(
                file,
                find.key_after(line, "stage"),
                format!(
                    "response '{}' refers to stage {}, but scenario '{}' stops at stage {top}",
                    response.id, response.stage, playbook.scenario
                ),
            ));
        }
        if response.text.trim().is_empty() {
            out.push(diagnostic(
                file,
                line,
                format!("response '{}' needs a text", response.id),
            ));
        }
    }
    out.sort();
    out
}

/// A file checked by `ladder scenario check`.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckedFile {
    Scenario(Scenario),
    Playbook(Playbook),
}

/// Check a scenario or a playbook file (a playbook has a top-level `observer`), a
/// playbook against `scenarios`.
pub fn check_file(
    file: &str,
    text: &str,
    scenarios: &ScenarioSet,
) -> Result<CheckedFile, Vec<Diagnostic>> {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| vec![syntax_diagnostic(file, text, &e)])?;
    if table.contains_key("observer") {
        parse_playbook(file, text, scenarios).map(CheckedFile::Playbook)
    } else {
        parse_scenario(file, text).map(CheckedFile::Scenario)
    }
}

/// The scenarios known to a run: bundled, then the user's.
#[derive(Debug, Clone, Default)]
pub struct ScenarioSet {
    scenarios: BTreeMap<String, (Scenario, String)>,
}

impl ScenarioSet {
    /// The bundled scenarios.
    pub fn bundled() -> Result<Self, AssessError> {
        let mut set = ScenarioSet::default();
        let mut problems = Vec::new();
        for (name, text) in BUNDLED_SCENARIOS {
            match parse_scenario(&format!("(bundled) {name}"), text) {
                Ok(s) => set.insert(s, format!("bundled:{name}")),
                Err(p) => problems.extend(p),
            }
        }
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(AssessError::Invalid(problems))
        }
    }

    /// The bundled scenarios with every `*.toml` of `DATA/scenarios/` on top (files read
    /// in name order; the same id replaces).
    pub fn load_layered(data_dir: Option<&Path>) -> Result<Self, AssessError> {
        let mut set = ScenarioSet::bundled()?;
        let Some(dir) = data_dir else {
            return Ok(set);
        };
        let mut problems = Vec::new();
        for (path, text) in read_toml_files(&dir.join("scenarios"))? {
            match parse_scenario(&path, &text) {
                Ok(s) => set.insert(s, path),
                Err(p) => problems.extend(p),
            }
        }
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(AssessError::Invalid(problems))
        }
    }

    /// Add or replace a scenario.
    pub fn insert(&mut self, scenario: Scenario, origin: String) {
        self.scenarios
            .insert(scenario.id.clone(), (scenario, origin));
    }

    /// A scenario by id; a dyad instance id (`dyadic-escalation:CHN-TWN`) finds its template.
    pub fn get(&self, id: &str) -> Option<&Scenario> {
        self.scenarios
            .get(id)
            .or_else(|| self.scenarios.get(base_id(id)))
            .map(|(s, _)| s)
    }

    /// Where a scenario was read from ("bundled:…" or the file path).
    pub fn origin(&self, id: &str) -> Option<&str> {
        self.scenarios.get(id).map(|(_, o)| o.as_str())
    }

    pub fn ids(&self) -> Vec<String> {
        self.scenarios.keys().cloned().collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Scenario> {
        self.scenarios.values().map(|(s, _)| s)
    }

    /// The scenario to assess: `id`, filled with `dyad` when it is a dyadic template.
    pub fn resolve(&self, id: &str, dyad: Option<(&str, &str)>) -> Result<Scenario, AssessError> {
        let scenario =
            self.scenarios.get(id).map(|(s, _)| s).ok_or_else(|| {
                AssessError::UnknownScenario(id.to_string(), self.ids().join(", "))
            })?;
        match (scenario.dyadic, dyad) {
            (true, Some((a, b))) => instantiate_dyad(scenario, a, b),
            (true, None) => Err(AssessError::Dyad(format!("scenario '{id}' is a template for any pair: give the pair with --dyad A,B (e.g. --dyad CHN,TWN)"))),
            (false, Some(_)) => Err(AssessError::Dyad(format!("scenario '{id}' is not dyadic: --dyad does not apply"))),
            (false, None) => Ok(scenario.clone()),
        }
    }
}

/// The template id of a dyad instance id.
pub fn base_id(id: &str) -> &str {
    id.split_once(':').map(|(base, _)| base).unwrap_or(id)
}

/// Fill a dyadic template: `A` and `B` become the pair's codes everywhere in patterns.
pub fn instantiate_dyad(template: &Scenario, a: &str, b: &str) -> Result<Scenario, AssessError> {
    for code in [a, b] {
        if !is_actor_code(code) {
            return Err(AssessError::Dyad(format!(
                "'{code}' is not an actor code (such as CHN or TWN)"
            )));
        }
    }
    if a == b {
        return Err(AssessError::Dyad(format!(
            "a dyad needs two different actors, not {a} twice"
        )));
    }
    let fill = |codes: &mut Vec<String>| {
        for code in codes.iter_mut() {
            if code == "A" {
                *code = a.to_string();
            } else if code == "B" {
                *code = b.to_string();
            }
        }
    };
    let mut scenario = template.clone();
    scenario.id = format!("{}:{a}-{b}", template.id);
    scenario.title = format!("{} ({a}–{b})", template.title);
    scenario.dyadic = false;
    fill(&mut scenario.actors);
    for stage in &mut scenario.stages {
        for indicator in &mut stage.indicators {
            let p = &mut indicator.pattern;
            fill(&mut p.actor);
            fill(&mut p.recipient);
            fill(&mut p.attributed_to);
            fill(&mut p.location_country);
        }
    }
    Ok(scenario)
}

/// The playbooks known to a run: bundled, then the user's.
#[derive(Debug, Clone, Default)]
pub struct PlaybookSet {
    playbooks: BTreeMap<String, (Playbook, String)>,
}

impl PlaybookSet {
    /// The bundled playbooks, checked against the bundled scenarios.
    pub fn bundled() -> Result<Self, AssessError> {
        PlaybookSet::load_layered(None, &ScenarioSet::bundled()?)
    }

    /// The bundled playbooks with every `*.toml` of `DATA/playbooks/` on top.
    pub fn load_layered(
        data_dir: Option<&Path>,
        scenarios: &ScenarioSet,
    ) -> Result<Self, AssessError> {
        let mut set = PlaybookSet::default();
        let mut problems = Vec::new();
        let mut files: Vec<(String, String)> = BUNDLED_PLAYBOOKS
            .iter()
            .map(|(name, text)| (format!("(bundled) {name}"), text.to_string()))
            .collect();
        if let Some(dir) = data_dir {
            files.extend(read_toml_files(&dir.join("playbooks"))?);
        }
        for (path, text) in files {
            match parse_playbook(&path, &text, scenarios) {
                Ok(p) => {
                    set.playbooks.insert(p.id.clone(), (p, path));
                }
                Err(p) => problems.extend(p),
            }
        }
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(AssessError::Invalid(problems))
        }
    }

    pub fn get(&self, id: &str) -> Option<&Playbook> {
        self.playbooks.get(id).map(|(p, _)| p)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Playbook> {
        self.playbooks.values().map(|(p, _)| p)
    }

    /// The playbook of `observer` for a scenario (or its dyadic template).
    pub fn for_scenario(&self, scenario_id: &str, observer: &str) -> Option<&Playbook> {
        let base = base_id(scenario_id);
        self.iter()
            .find(|p| p.observer == observer && p.scenario == scenario_id)
            .or_else(|| {
                self.iter()
                    .find(|p| p.observer == observer && p.scenario == base)
            })
    }
}

/// The responses on the table at `stage` (unlocked at it or below), and those the next
/// stage would add.
pub fn responses_for(playbook: &Playbook, stage: u8) -> (Vec<&Response>, Vec<&Response>) {
    let mut now: Vec<&Response> = playbook
        .responses
        .iter()
        .filter(|r| r.stage <= stage)
        .collect();
    now.sort_by_key(|r| std::cmp::Reverse(r.stage));
    let next = playbook
        .responses
        .iter()
        .filter(|r| r.stage == stage.saturating_add(1))
        .collect();
    (now, next)
}

/// `(path, text)` of the `*.toml` files of a folder, by name; a missing folder is empty.
fn read_toml_files(dir: &Path) -> Result<Vec<(String, String)>, AssessError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let io = |e: std::io::Error| AssessError::Io(dir.display().to_string(), e);
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| AssessError::Io(p.display().to_string(), e))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"id = "mini"
title = "Mini"
[[stages]]
level = 0
name = "zero"
[[stages]]
level = 1
name = "one"
[[stages.indicators]]
id = "talks"
text = "Talks"
pattern = { actor = ["PRK"], event_type = ["CONSULT"] }
weight = 2.0
half_life_days = 10
key = true
"#;

    #[test]
    fn bundled_files_are_valid() {
        let scenarios = ScenarioSet::bundled().unwrap();
        assert_eq!(
            scenarios.ids(),
            vec!["dyadic-escalation", "prk-rus-military-cooperation"]
        );
        let prk = scenarios.get("prk-rus-military-cooperation").unwrap();
        let levels: Vec<u8> = prk.stages.iter().map(|s| s.level).collect();
        assert_eq!(levels, vec![0, 1, 2, 3, 4, 5]);
        let treaty = prk.stages[2]
            .indicators
            .iter()
            .find(|i| i.id == "treaty")
            .unwrap();
        assert_eq!(treaty.half_life_days, None, "a treaty does not decay");
        let playbooks = PlaybookSet::bundled().unwrap();
        let kor = playbooks
            .for_scenario("prk-rus-military-cooperation", "KOR")
            .unwrap();
        let offensive = kor
            .responses
            .iter()
            .find(|r| r.id == "offensive-weapons-ukraine")
            .unwrap();
        assert!(offensive
            .condition
            .as_deref()
            .unwrap_or("")
            .contains("going too far"));
    }

    /// Each broken variant of GOOD must fail with a message containing `expected` on
    /// `line`.
    #[test]
    fn check_errors_name_the_line() {
        let cases: Vec<(&str, String, usize, &str)> = vec![
            ("unknown type", GOOD.replace("\"CONSULT\"", "\"HUG\""), 12, "HUG"),
            ("unknown modality", GOOD.replace("event_type = [\"CONSULT\"]", "modality = [\"rumoured\"]"), 12, "rumoured"),
            ("levels out of order", GOOD.replace("level = 1", "level = 2"), 7, "in order"),
            ("bad code", GOOD.replace("\"PRK\"", "\"North Korea\""), 12, "not an actor code"),
            ("weight too high", GOOD.replace("weight = 2.0", "weight = 50.0"), 13, "weight 50"),
            ("negative half-life", GOOD.replace("half_life_days = 10", "half_life_days = -1"), 14, "half_life_days -1"),
            ("plans outside a warning", GOOD.replace("event_type = [\"CONSULT\"]", "event_type = [\"CONSULT\"], modality = [\"planned\"]"), 12, "warning = true"),
            ("unknown field", GOOD.replace("weight = 2.0", "wieght = 2.0"), 13, "wieght"),
            (
                "duplicate indicator",
                format!("{GOOD}[[stages.indicators]]\nid = \"talks\"\ntext = \"Again\"\npattern = {{ actor = [\"RUS\"] }}\n"),
                17,
                "used twice",
            ),
            ("stage without key indicators", GOOD.replace("key = true", "key = false"), 7, "no key indicator"),
            (
                "contrary that does not exist",
                GOOD.replace("half_life_days = 10", "kind = \"state\"\ncontrary = [\"talks-ended\"]"),
                15,
                "contrary 'talks-ended'",
            ),
            (
                "contrary of an event",
                GOOD.replace("half_life_days = 10", "contrary = [\"talks\"]"),
                14,
                "only a state",
            ),
            (
                "state with a half-life",
                GOOD.replace("half_life_days = 10", "half_life_days = 10\nkind = \"state\""),
                14,
                "remove half_life_days",
            ),
            (
                "requires cycle",
                format!("{GOOD}[[stages]]\nlevel = 2\nname = \"two\"\nrequires = {{ stages = [3] }}\n[[stages.indicators]]\nid = \"b\"\ntext = \"B\"\npattern = {{ actor = [\"PRK\"] }}\nkey = true\n[[stages]]\nlevel = 3\nname = \"three\"\nrequires = {{ stages = [2] }}\n[[stages.indicators]]\nid = \"c\"\ntext = \"C\"\npattern = {{ actor = [\"PRK\"] }}\nkey = true\n"),
                19,
                "cycle: stage 2 → stage 3 → stage 2",
            ),
            (
                "requires an unknown stage",
                GOOD.replace("name = \"one\"", "name = \"one\"\nrequires = { stages = [7] }"),
                9,
                "requires stage 7",
            ),
        ];
        for (name, text, line, expected) in cases {
            let problems = parse_scenario("mini.toml", &text).expect_err(name);
            let hit = problems.iter().find(|d| d.message.contains(expected));
            let hit = hit.unwrap_or_else(|| panic!("{name}: {problems:?}"));
            assert_eq!(
                (hit.file.as_str(), hit.line),
                ("mini.toml", line),
                "{name}: {hit}"
            );
        }
        assert!(parse_scenario("mini.toml", GOOD).is_ok());
    }

    #[test]
    fn playbook_errors_name_unknown_scenarios_and_stages() {
        let scenarios = ScenarioSet::bundled().unwrap();
        let text = r#"id = "x"
observer = "KOR"
scenario = "prk-rus-military-cooperation"
[[responses]]
id = "a"
stage = 9
track = "diplomatic"
text = "Do something"
"#;
        let problems = parse_playbook("p.toml", text, &scenarios).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 6);
        assert!(problems[0].message.contains("stops at stage 5"));
        let unknown = text.replace("prk-rus-military-cooperation", "nope");
        let problems = parse_playbook("p.toml", &unknown, &scenarios).unwrap_err();
        assert!(problems
            .iter()
            .any(|d| d.line == 3 && d.message.contains("unknown scenario 'nope'")));
        let bad_track = text.replace("diplomatic", "cyber");
        let problems = parse_playbook("p.toml", &bad_track, &scenarios).unwrap_err();
        assert_eq!(problems[0].line, 7, "{problems:?}");
    }

    #[test]
    fn user_files_replace_bundled_ones_by_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("scenarios")).unwrap();
        let replaced = include_str!("../../../data/scenarios/prk-rus-military-cooperation.toml")
            .replace("threshold = 0.7", "threshold = 0.8");
        std::fs::write(dir.path().join("scenarios/prk.toml"), replaced).unwrap();
        std::fs::write(dir.path().join("scenarios/mini.toml"), GOOD).unwrap();
        let set = ScenarioSet::load_layered(Some(dir.path())).unwrap();
        assert_eq!(set.ids().len(), 3);
        assert_eq!(
            set.get("prk-rus-military-cooperation")
                .unwrap()
                .calling
                .threshold,
            0.8
        );
        assert!(set.origin("mini").unwrap().ends_with("mini.toml"));
        std::fs::write(
            dir.path().join("scenarios/broken.toml"),
            GOOD.replace("level = 1", "level = 3"),
        )
        .unwrap();
        let err = ScenarioSet::load_layered(Some(dir.path()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("broken.toml:7:1"), "{err}");
    }

    #[test]
    fn dyads_fill_placeholders_both_ways() {
        let set = ScenarioSet::bundled().unwrap();
        let s = set
            .resolve("dyadic-escalation", Some(("CHN", "TWN")))
            .unwrap();
        assert_eq!(s.id, "dyadic-escalation:CHN-TWN");
        let clashes = s.stages[4]
            .indicators
            .iter()
            .find(|i| i.id == "clashes")
            .unwrap();
        assert_eq!(clashes.pattern.actor, vec!["CHN"]);
        assert_eq!(clashes.pattern.recipient, vec!["TWN"]);
        assert!(clashes.pattern.either_direction);
        assert!(set.resolve("dyadic-escalation", None).is_err());
        assert!(set
            .resolve("dyadic-escalation", Some(("CHN", "CHN")))
            .is_err());
        assert!(set
            .resolve("prk-rus-military-cooperation", Some(("CHN", "TWN")))
            .is_err());
    }

    #[test]
    fn responses_now_and_next() {
        let playbooks = PlaybookSet::bundled().unwrap();
        let kor = playbooks
            .for_scenario("prk-rus-military-cooperation", "KOR")
            .unwrap();
        let (now, next) = responses_for(kor, 3);
        assert!(now.iter().all(|r| r.stage <= 3));
        assert!(now.iter().any(|r| r.id == "nsc-emergency-meeting"));
        assert!(next.iter().all(|r| r.stage == 4));
        assert!(next.iter().any(|r| r.id == "defensive-weapons-ukraine"));
        let (_, after_top) = responses_for(kor, 5);
        assert!(after_top.is_empty());
    }
}
