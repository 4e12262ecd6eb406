//! The coder's view of named entities: actor, sector and place mentions with byte spans.
//! The gazetteer supplies them through [`EntitySource`]; tests may use a small table.

use chrono::NaiveDate;

/// What a mention names.
#[derive(Debug, Clone, PartialEq)]
pub enum EntityKind {
    /// A state, organisation, agency or person: codes (ISO alpha-3, `NATO`, `UN`…) and
    /// the agency, unit or person as detail.
    Actor {
        codes: Vec<String>,
        detail: Option<String>,
        /// A country named by name, demonym or capital (may take a sector noun after it).
        country_form: bool,
        /// A country named by its adjective ("Russian", "North Korean").
        demonym: bool,
    },
    /// A generic sector noun ("spy agency", "troops", "foreign ministry").
    Sector { sector: String },
    /// A place from the gazetteer.
    Place {
        name: String,
        country: Option<String>,
        lat: Option<f64>,
        lon: Option<f64>,
        kind: Option<String>,
    },
}

/// A mention: byte span in the report text and what it names.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityMention {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// Anything that finds entity mentions in text (the gazetteer, or a test table).
pub trait EntitySource: Send + Sync {
    /// All mentions in `text`, sorted by start, not overlapping; people resolved to the
    /// office they held on `date` (when known).
    fn mentions(&self, text: &str, date: Option<NaiveDate>) -> Vec<EntityMention>;
    /// The mentions of [`EntitySource::mentions`], in the same order, made as the
    /// iterator advances; a source overrides it so that a long report never holds all
    /// its mentions at once.
    fn mention_stream<'s>(
        &'s self,
        text: &'s str,
        date: Option<NaiveDate>,
    ) -> Box<dyn Iterator<Item = EntityMention> + 's> {
        Box::new(self.mentions(text, date).into_iter())
    }
    /// Whether `code` is a state (ISO alpha-3) rather than an organisation.
    fn is_country_code(&self, code: &str) -> bool;
}

/// A text's mentions, pulled from a [`EntitySource::mention_stream`] span by span: spans
/// (sentences) come in text order and do not overlap; mentions come sorted by start and
/// do not overlap. Only mentions not yet passed are held.
pub struct MentionWindow<'s> {
    stream: std::iter::Peekable<Box<dyn Iterator<Item = EntityMention> + 's>>,
    /// Mentions read but not yet passed: one may reach past a span's end.
    pending: std::collections::VecDeque<EntityMention>,
}

impl<'s> MentionWindow<'s> {
    pub fn new(stream: Box<dyn Iterator<Item = EntityMention> + 's>) -> Self {
        MentionWindow {
            stream: stream.peekable(),
            pending: Default::default(),
        }
    }

    /// The mentions lying wholly inside `start..end`.
    pub fn within(&mut self, start: usize, end: usize) -> Vec<EntityMention> {
        while self.pending.front().is_some_and(|m| m.end <= start) {
            self.pending.pop_front();
        }
        while let Some(m) = self.stream.next_if(|m| m.start < end) {
            if m.end > start {
                self.pending.push_back(m);
            }
        }
        self.pending
            .iter()
            .filter(|m| m.start >= start && m.end <= end)
            .cloned()
            .collect()
    }
}

/// A fixed table of surface forms, for tests and examples: case-sensitive whole-word
/// matches, longest first.
#[derive(Debug, Clone, Default)]
pub struct EntityTable {
    entries: Vec<(String, EntityKind)>,
}

impl EntityTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// A country by one surface form (name, demonym, capital).
    pub fn country(mut self, form: &str, code: &str) -> Self {
        self.entries.push((
            form.to_string(),
            EntityKind::Actor {
                codes: vec![code.to_string()],
                detail: None,
                country_form: true,
                demonym: false,
            },
        ));
        self
    }

    /// An actor with a detail (organisation, agency, person).
    pub fn actor(mut self, form: &str, code: &str, detail: Option<&str>) -> Self {
        self.entries.push((
            form.to_string(),
            EntityKind::Actor {
                codes: vec![code.to_string()],
                detail: detail.map(str::to_string),
                country_form: false,
                demonym: false,
            },
        ));
        self
    }

    pub fn sector(mut self, form: &str, sector: &str) -> Self {
        self.entries.push((
            form.to_string(),
            EntityKind::Sector {
                sector: sector.to_string(),
            },
        ));
        self
    }

    pub fn place(mut self, form: &str, name: &str, country: &str) -> Self {
        self.entries.push((
            form.to_string(),
            EntityKind::Place {
                name: name.to_string(),
                country: Some(country.to_string()),
                lat: None,
                lon: None,
                kind: None,
            },
        ));
        self
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

impl EntitySource for EntityTable {
    fn mentions(&self, text: &str, _date: Option<NaiveDate>) -> Vec<EntityMention> {
        let bytes = text.as_bytes();
        let mut found: Vec<EntityMention> = Vec::new();
        for (form, kind) in &self.entries {
            let mut from = 0;
            while let Some(pos) = text[from..].find(form.as_str()) {
                let s = from + pos;
                let e = s + form.len();
                let left_ok = s == 0
                    || !is_word_byte(bytes[s - 1])
                    || bytes[s - 1] >= 0x80 && !text[..s].ends_with(char::is_alphabetic);
                let right_ok = e >= bytes.len() || !bytes[e].is_ascii_alphanumeric();
                if left_ok && right_ok {
                    found.push(EntityMention {
                        start: s,
                        end: e,
                        kind: kind.clone(),
                    });
                }
                from = e;
            }
        }
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<EntityMention> = Vec::new();
        for m in found {
            if out.last().is_some_and(|l| m.start < l.end) {
                continue;
            }
            out.push(m);
        }
        out
    }

    fn is_country_code(&self, code: &str) -> bool {
        code.len() == 3
            && code.chars().all(|c| c.is_ascii_uppercase())
            && !matches!(code, "IGO" | "NGO")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sector(start: usize, end: usize) -> EntityMention {
        EntityMention {
            start,
            end,
            kind: EntityKind::Sector {
                sector: format!("{start}-{end}"),
            },
        }
    }

    /// What the coder took before mentions were streamed: every mention of the text,
    /// kept when it lies wholly inside the span.
    fn inside(all: &[EntityMention], start: usize, end: usize) -> Vec<EntityMention> {
        all.iter()
            .filter(|m| m.start >= start && m.end <= end)
            .cloned()
            .collect()
    }

    #[test]
    fn window_gives_the_mentions_inside_each_span() {
        // (mentions, spans): mentions sorted and disjoint, spans in order and disjoint
        type Case = (&'static [(usize, usize)], &'static [(usize, usize)]);
        let table: &[Case] = &[
            (&[], &[(0, 10), (10, 20)]),
            (&[(0, 3), (5, 9), (12, 15)], &[(0, 10), (11, 20)]),
            // one mention across a boundary belongs to neither span
            (&[(2, 4), (8, 13), (14, 16)], &[(0, 10), (10, 20)]),
            // mentions before the first span (a dateline) and after the last
            (&[(0, 2), (5, 7), (30, 33)], &[(4, 10), (12, 20)]),
            // gaps between spans, empty spans, several mentions per span
            (
                &[(1, 2), (3, 4), (5, 6), (11, 12), (21, 25), (26, 27)],
                &[(0, 7), (7, 7), (10, 13), (20, 30)],
            ),
            // a long mention covering several spans
            (
                &[(1, 2), (3, 40), (41, 42)],
                &[(0, 5), (6, 10), (12, 20), (40, 50)],
            ),
        ];
        for (mentions, spans) in table {
            let all: Vec<EntityMention> = mentions.iter().map(|&(s, e)| sector(s, e)).collect();
            let mut window = MentionWindow::new(Box::new(all.clone().into_iter()));
            for &(start, end) in *spans {
                assert_eq!(
                    window.within(start, end),
                    inside(&all, start, end),
                    "mentions {mentions:?}, span {start}..{end}"
                );
            }
        }
    }
}
