//! Tree role patterns: the dependency relations a lexicon entry names for its actor and
//! its recipient ("nsubj", "iobj", "obl:to", "obj>nmod:to"), parsed from the TOML,
//! checked, and derived from the older token fields (`recipient_preps`, `direct_object`,
//! `actor_preps`) when an entry gives none.
//!
//! A pattern is one or two steps down the tree from the trigger, joined by `>`. A step
//! is a Universal Dependencies relation, either exact ("iobj", "nsubj:pass",
//! "nmod:poss", "obl:agent") or an oblique or nominal modifier with the preposition that
//! marks it ("obl:to", "nmod:by": any `obl` or `nmod` whose `case` word is "to", "by").

use serde::Deserialize;
use std::fmt;

/// Universal Dependencies relations (v2), with the subtypes EWT uses that are not a
/// preposition.
const UD_RELATIONS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:poss",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

/// One step down the tree: a relation, and for an oblique or nominal modifier the
/// preposition that marks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelStep {
    /// The full relation ("iobj", "nsubj:pass"), or the base ("obl", "nmod") when a
    /// preposition is given.
    pub rel: String,
    /// The preposition ("to" in "obl:to").
    pub case: Option<String>,
}

/// A path of one or two steps from the trigger to the word that names a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelPattern {
    pub steps: Vec<RelStep>,
}

/// The role patterns of one lexicon entry, tried in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RolePatterns {
    /// Relations that name the actor apart from the clause subject ("obl:from" in
    /// "pressure from Washington"); the subject is then the recipient. Empty: the actor
    /// is the subject (the `by` agent of a passive, the possessor or demonym of a noun).
    pub actor: Vec<RelPattern>,
    /// Relations that name the recipient, first match wins.
    pub recipient: Vec<RelPattern>,
    /// The recipient patterns were written in the entry (`[event.roles]`), not derived.
    pub explicit: bool,
}

/// `[event.roles]` as written in the TOML.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RolesSpec {
    #[serde(default)]
    pub actor: Vec<String>,
    #[serde(default)]
    pub recipient: Vec<String>,
}

impl RelPattern {
    /// Parse "obl:to", "iobj", "obj>nmod:to"; the error says what is wrong.
    pub fn parse(text: &str) -> Result<RelPattern, String> {
        let steps: Result<Vec<RelStep>, String> = text.split('>').map(parse_step).collect();
        let steps = steps?;
        if steps.is_empty() || steps.len() > 2 {
            return Err(format!(
                "pattern '{text}' must have one or two steps (\"obl:to\", \"obj>nmod:to\")"
            ));
        }
        Ok(RelPattern { steps })
    }

    /// A one-step pattern.
    pub fn single(rel: &str, case: Option<&str>) -> RelPattern {
        RelPattern {
            steps: vec![RelStep {
                rel: rel.to_string(),
                case: case.map(str::to_string),
            }],
        }
    }

    /// The preposition of a one-step oblique pattern ("obl:to" → "to").
    pub fn preposition(&self) -> Option<&str> {
        match self.steps.as_slice() {
            [step] => step.case.as_deref(),
            _ => None,
        }
    }

    /// Whether this is the bare direct-object pattern.
    pub fn is_direct_object(&self) -> bool {
        matches!(self.steps.as_slice(), [step] if step.rel == "obj" && step.case.is_none())
    }
}

fn parse_step(step: &str) -> Result<RelStep, String> {
    let step = step.trim();
    if UD_RELATIONS.contains(&step) {
        return Ok(RelStep {
            rel: step.to_string(),
            case: None,
        });
    }
    match step.split_once(':') {
        Some((base @ ("obl" | "nmod"), prep))
            if !prep.is_empty() && prep.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            Ok(RelStep {
                rel: base.to_string(),
                case: Some(prep.to_string()),
            })
        }
        _ => Err(format!(
            "'{step}' is not a Universal Dependencies relation, nor obl:PREP / nmod:PREP with \
             a lowercase preposition"
        )),
    }
}

impl fmt::Display for RelPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(">")?;
            }
            f.write_str(&s.rel)?;
            if let Some(c) = &s.case {
                write!(f, ":{c}")?;
            }
        }
        Ok(())
    }
}

impl RolePatterns {
    /// The patterns of an entry: what `[event.roles]` says, else what its token fields
    /// imply: the indirect object, the direct object, an oblique with each recipient
    /// preposition, then "to"/"for" on the object ("sent weapons to Russia" read with
    /// "to Russia" on "weapons").
    pub fn of_entry(
        spec: Option<&RolesSpec>,
        recipient_preps: &[&str],
        actor_preps: &[String],
    ) -> Result<RolePatterns, String> {
        let parse_all = |list: &[String]| -> Result<Vec<RelPattern>, String> {
            list.iter().map(|p| RelPattern::parse(p)).collect()
        };
        let written = spec.filter(|s| !s.recipient.is_empty());
        let recipient = match written {
            Some(s) => parse_all(&s.recipient)?,
            None => derived_recipient(recipient_preps),
        };
        let actor = match spec.filter(|s| !s.actor.is_empty()) {
            Some(s) => parse_all(&s.actor)?,
            None => actor_preps
                .iter()
                .map(|p| RelPattern::single("obl", Some(p)))
                .collect(),
        };
        Ok(RolePatterns {
            actor,
            recipient,
            explicit: written.is_some(),
        })
    }

    /// Prepositions that mark the recipient, for reading token windows when there is
    /// no tree.
    pub fn recipient_preps(&self) -> Vec<&str> {
        self.recipient
            .iter()
            .filter_map(RelPattern::preposition)
            .collect()
    }

    /// Prepositions that mark the actor apart from the subject.
    pub fn actor_preps(&self) -> Vec<String> {
        self.actor
            .iter()
            .filter_map(|p| p.preposition().map(str::to_string))
            .collect()
    }
}

fn derived_recipient(preps: &[&str]) -> Vec<RelPattern> {
    let mut out = vec![
        RelPattern::single("iobj", None),
        RelPattern::single("obj", None),
    ];
    out.extend(preps.iter().map(|p| RelPattern::single("obl", Some(p))));
    for p in ["to", "for"] {
        if preps.contains(&p) {
            out.push(RelPattern {
                steps: vec![
                    RelStep {
                        rel: "obj".into(),
                        case: None,
                    },
                    RelStep {
                        rel: "nmod".into(),
                        case: Some(p.into()),
                    },
                ],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_relations_prepositions_and_paths() {
        let p = RelPattern::parse("obl:to").unwrap();
        assert_eq!(p.preposition(), Some("to"));
        assert_eq!(RelPattern::parse("nsubj:pass").unwrap().steps[0].case, None);
        assert_eq!(
            RelPattern::parse("nmod:poss").unwrap().steps[0].rel,
            "nmod:poss"
        );
        let path = RelPattern::parse("obj>nmod:to").unwrap();
        assert_eq!(path.steps.len(), 2);
        assert_eq!(path.to_string(), "obj>nmod:to");
        assert!(RelPattern::parse("obj").unwrap().is_direct_object());
    }

    #[test]
    fn refuses_what_is_not_a_relation() {
        for bad in [
            "subject",
            "obl:",
            "obl:To",
            "acl:to",
            "a>b>c",
            "obj>>obl:to",
            "",
        ] {
            assert!(RelPattern::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn derives_patterns_from_token_fields() {
        let r = RolePatterns::of_entry(None, &["to", "against"], &["from".to_string()]).unwrap();
        let names: Vec<String> = r.recipient.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            ["iobj", "obj", "obl:to", "obl:against", "obj>nmod:to"]
        );
        assert_eq!(r.actor_preps(), ["from"]);
        assert!(!r.explicit);
        let spec = RolesSpec {
            actor: vec![],
            recipient: vec!["obl:with".into()],
        };
        let r = RolePatterns::of_entry(Some(&spec), &["to"], &[]).unwrap();
        assert!(r.explicit);
        assert_eq!(r.recipient_preps(), ["with"]);
    }
}
