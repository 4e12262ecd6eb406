//! The gazetteer as the coder's [`EntitySource`]: mentions mapped to actor,
//! sector and place entities, people resolved to the office held on the date.

use chrono::NaiveDate;

use super::{CountryForm, Gazetteer, MentionKind, Person};
use crate::entities::{EntityKind, EntityMention, EntitySource};

/// Organisation kinds whose entries are organs of a parent organisation and
/// are coded as the parent with the organ as detail (UNSC -> UN).
const ORGAN_KINDS: [&str; 3] = ["UN organ", "UN office", "EU institution"];

impl Gazetteer {
    /// The actor code a person acts for on `date`: the office held then; out
    /// of office, the latest office before `date` (else the earliest after);
    /// without a date, the latest office.
    pub fn person_code(&self, person: &Person, date: Option<NaiveDate>) -> Option<String> {
        let office = match date {
            Some(date) => self
                .person_office(&person.id, date)
                .or_else(|| {
                    person
                        .offices
                        .iter()
                        .filter(|o| o.start <= date)
                        .max_by_key(|o| o.end)
                })
                .or_else(|| person.offices.iter().min_by_key(|o| o.start)),
            None => person.offices.iter().max_by_key(|o| o.start),
        }?;
        Some(office.country.clone())
    }

    fn entity_kind(&self, kind: &MentionKind, date: Option<NaiveDate>) -> Option<EntityKind> {
        let actor = |code: String, detail: Option<String>, country_form: bool| EntityKind::Actor {
            codes: vec![code],
            detail,
            country_form,
            demonym: false,
        };
        Some(match kind {
            MentionKind::Country { code, form } => EntityKind::Actor {
                codes: vec![code.clone()],
                detail: None,
                country_form: true,
                demonym: *form == CountryForm::Demonym,
            },
            MentionKind::Organisation { code } => {
                let org = self.organisation(code)?;
                match &org.parent {
                    Some(parent) if ORGAN_KINDS.contains(&org.kind.as_str()) => {
                        actor(parent.clone(), Some(org.name.clone()), false)
                    }
                    _ => actor(code.clone(), None, false),
                }
            }
            MentionKind::Agency { country, name, .. } => {
                actor(country.clone(), Some(name.clone()), false)
            }
            MentionKind::Person { person_id } => {
                let person = self.person(person_id)?;
                actor(
                    self.person_code(person, date)?,
                    Some(person.name.clone()),
                    false,
                )
            }
            MentionKind::Place { place_id } => {
                let place = self.place(place_id)?;
                EntityKind::Place {
                    name: place.name.clone(),
                    country: place.country.clone(),
                    lat: Some(place.lat),
                    lon: Some(place.lon),
                    kind: Some(place.kind.clone()),
                }
            }
            MentionKind::Sector { sector } => EntityKind::Sector {
                sector: sector.clone(),
            },
        })
    }
}

impl EntitySource for Gazetteer {
    fn mentions(&self, text: &str, date: Option<NaiveDate>) -> Vec<EntityMention> {
        self.mention_stream(text, date).collect()
    }

    fn mention_stream<'s>(
        &'s self,
        text: &'s str,
        date: Option<NaiveDate>,
    ) -> Box<dyn Iterator<Item = EntityMention> + 's> {
        Box::new(self.mention_iter(text, date).filter_map(move |m| {
            Some(EntityMention {
                start: m.start,
                end: m.end,
                kind: self.entity_kind(&m.kind, date)?,
            })
        }))
    }

    fn is_country_code(&self, code: &str) -> bool {
        self.country(code).is_some()
    }
}
