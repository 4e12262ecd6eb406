//! Matching coded events against an indicator's event pattern, and the role a matching
//! event plays for the indicator (an occurrence, a warning, or a denial).

use ladder_core::{Event, EventPattern, EventType, Indicator, Modality};

/// What a matching event is to an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Counts as evidence (an occurrence for an ordinary indicator, a plan or
    /// consideration for a warning indicator).
    Evidence,
    /// A party denies the event: shown, weighs little, lowers credibility.
    Denial,
}

/// An indicator's pattern, prepared once for fast matching (lowercased strings).
#[derive(Debug, Clone)]
pub struct CompiledPattern {
    actor: Vec<String>,
    event_type: Vec<EventType>,
    mode: Vec<String>,
    recipient: Vec<String>,
    location: Vec<String>,
    location_country: Vec<String>,
    min_quantity: Option<u64>,
    quantity_unit: Option<String>,
    modality: Vec<Modality>,
    attributed_to: Vec<String>,
    keywords: Vec<String>,
    either_direction: bool,
}

impl CompiledPattern {
    pub fn new(indicator: &Indicator) -> Self {
        let p: &EventPattern = &indicator.pattern;
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        let modality = if !p.modality.is_empty() {
            p.modality.clone()
        } else if indicator.warning {
            vec![
                Modality::Planned,
                Modality::Considered,
                Modality::Conditional,
            ]
        } else {
            vec![Modality::Asserted, Modality::Reported]
        };
        CompiledPattern {
            actor: p.actor.clone(),
            event_type: p.event_type.clone(),
            mode: lower(&p.mode),
            recipient: p.recipient.clone(),
            location: lower(&p.location),
            location_country: p.location_country.clone(),
            min_quantity: p.min_quantity,
            quantity_unit: p.quantity_unit.as_ref().map(|u| u.to_lowercase()),
            modality,
            attributed_to: p.attributed_to.clone(),
            keywords: lower(&p.keywords),
            either_direction: p.either_direction,
        }
    }

    /// The role of `event` for this indicator, or `None` when it does not match.
    pub fn role(&self, event: &Event) -> Option<Role> {
        if !self.event_type.is_empty() && !self.event_type.contains(&event.event_type) {
            return None;
        }
        let role =
            if event.modality == Modality::Denied && !self.modality.contains(&Modality::Denied) {
                Role::Denial
            } else if self.modality.contains(&event.modality) {
                Role::Evidence
            } else {
                return None;
            };
        let sides_match = self.sides_match(&event.actor, &event.recipient)
            || (self.either_direction && self.sides_match(&event.recipient, &event.actor));
        if !sides_match
            || !self.mode_matches(event)
            || !self.location_matches(event)
            || !self.quantity_matches(event)
            || !self.attribution_matches(event)
            || !self.keywords_match(event)
        {
            return None;
        }
        Some(role)
    }

    fn sides_match(&self, actors: &[String], recipients: &[String]) -> bool {
        any_of(&self.actor, actors) && any_of(&self.recipient, recipients)
    }

    fn mode_matches(&self, event: &Event) -> bool {
        if self.mode.is_empty() {
            return true;
        }
        let mut haystacks: Vec<String> = Vec::new();
        if let Some(mode) = &event.mode {
            haystacks.push(mode.to_lowercase());
        }
        if let Some(q) = &event.quantity {
            haystacks.push(q.unit.to_lowercase());
        }
        haystacks.extend(event.context.iter().map(|c| c.to_lowercase()));
        self.mode
            .iter()
            .any(|m| haystacks.iter().any(|h| h.contains(m.as_str())))
    }

    fn location_matches(&self, event: &Event) -> bool {
        if self.location.is_empty() && self.location_country.is_empty() {
            return true;
        }
        let Some(loc) = &event.location else {
            return false;
        };
        let name = loc.name.to_lowercase();
        let by_name = self.location.iter().any(|l| name.contains(l.as_str()));
        let by_country = loc
            .country
            .as_ref()
            .is_some_and(|c| self.location_country.iter().any(|x| x == c));
        by_name || by_country
    }

    fn quantity_matches(&self, event: &Event) -> bool {
        if self.min_quantity.is_none() && self.quantity_unit.is_none() {
            return true;
        }
        let Some(q) = &event.quantity else {
            return false;
        };
        if let Some(unit) = &self.quantity_unit {
            if !q.unit.to_lowercase().contains(unit.as_str()) {
                return false;
            }
        }
        match self.min_quantity {
            None => true,
            Some(min) => q.max.or(q.value).is_some_and(|v| v >= min),
        }
    }

    fn attribution_matches(&self, event: &Event) -> bool {
        if self.attributed_to.is_empty() {
            return true;
        }
        event.attributed_to.iter().any(|who| {
            self.attributed_to
                .iter()
                .any(|want| want == who || (want == "ACTOR" && event.actor.contains(who)))
        })
    }

    fn keywords_match(&self, event: &Event) -> bool {
        if self.keywords.is_empty() {
            return true;
        }
        let text = event.evidence.text.to_lowercase();
        self.keywords.iter().any(|k| text.contains(k.as_str()))
    }
}

/// An empty wanted list accepts anything; otherwise one code must be present.
fn any_of(wanted: &[String], present: &[String]) -> bool {
    wanted.is_empty() || present.iter().any(|p| wanted.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::event;
    use ladder_core::{Location, Quantity};

    fn indicator(pattern: EventPattern, warning: bool) -> Indicator {
        Indicator {
            id: "i".into(),
            text: "t".into(),
            pattern,
            weight: 1.0,
            half_life_days: None,
            warning,
            kind: ladder_core::IndicatorKind::Event,
            contrary: Vec::new(),
            key: false,
        }
    }

    #[test]
    fn pattern_table() {
        let troops_in_ukraine = EventPattern {
            actor: vec!["PRK".into()],
            event_type: vec![EventType::Mobilize, EventType::Aid],
            mode: vec!["troops".into()],
            location_country: vec!["UKR".into()],
            ..EventPattern::default()
        };
        let mut deployed = event("e1", "PRK", EventType::Mobilize, "RUS", Modality::Reported);
        deployed.mode = Some("troops".into());
        deployed.location = Some(Location {
            name: "Donetsk".into(),
            country: Some("UKR".into()),
            lat: None,
            lon: None,
            kind: None,
        });
        let mut in_russia = deployed.clone();
        in_russia.location.as_mut().unwrap().country = Some("RUS".into());
        let mut planned = deployed.clone();
        planned.modality = Modality::Planned;
        let mut denied = deployed.clone();
        denied.modality = Modality::Denied;
        let warning = indicator(troops_in_ukraine.clone(), true);
        let ordinary = indicator(troops_in_ukraine, false);
        let cases: Vec<(&Indicator, &Event, Option<Role>)> = vec![
            (&ordinary, &deployed, Some(Role::Evidence)),
            (&ordinary, &in_russia, None),
            (&ordinary, &planned, None),
            (&ordinary, &denied, Some(Role::Denial)),
            (&warning, &planned, Some(Role::Evidence)),
            (&warning, &deployed, None),
        ];
        for (i, (ind, ev, expected)) in cases.into_iter().enumerate() {
            assert_eq!(CompiledPattern::new(ind).role(ev), expected, "case {i}");
        }
    }

    #[test]
    fn either_direction_quantity_keywords_and_acknowledgement() {
        let pattern = EventPattern {
            actor: vec!["CHN".into()],
            recipient: vec!["TWN".into()],
            either_direction: true,
            ..EventPattern::default()
        };
        let reverse = event("e", "TWN", EventType::Threaten, "CHN", Modality::Asserted);
        assert!(CompiledPattern::new(&indicator(pattern.clone(), false))
            .role(&reverse)
            .is_some());
        let one_way = EventPattern {
            either_direction: false,
            ..pattern
        };
        assert!(CompiledPattern::new(&indicator(one_way, false))
            .role(&reverse)
            .is_none());

        let big = EventPattern {
            min_quantity: Some(1000),
            quantity_unit: Some("troops".into()),
            keywords: vec!["special forces".into()],
            ..EventPattern::default()
        };
        let mut e = event("e", "PRK", EventType::Aid, "RUS", Modality::Reported);
        e.evidence.text = "North Korea sent 1,500 Special Forces troops".into();
        e.quantity = Some(Quantity {
            value: Some(1500),
            max: None,
            unit: "troops".into(),
            approx: false,
            vague: None,
            text: "1,500".into(),
        });
        let compiled = CompiledPattern::new(&indicator(big, false));
        assert!(compiled.role(&e).is_some());
        e.quantity.as_mut().unwrap().value = Some(500);
        assert!(compiled.role(&e).is_none());

        let ack = EventPattern {
            attributed_to: vec!["ACTOR".into()],
            ..EventPattern::default()
        };
        let compiled = CompiledPattern::new(&indicator(ack, false));
        let mut said_by_self = event("e", "PRK", EventType::Assault, "UKR", Modality::Asserted);
        said_by_self.attributed_to = vec!["PRK".into()];
        assert!(compiled.role(&said_by_self).is_some());
        said_by_self.attributed_to = vec!["KOR".into()];
        assert!(compiled.role(&said_by_self).is_none());
    }
}
