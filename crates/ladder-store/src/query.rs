//! The user's search syntax, translated to a safe FTS5 query.
//!
//! Plain words are ANDed; `"quoted words"` is a phrase; a word ending in `*` matches as a
//! prefix; `OR` (in capitals) between two terms matches either. Every term is quoted
//! before it reaches FTS5, so punctuation in the query (`U.S.`, `K-pop`, `a:b`) can never
//! be read as FTS5 syntax.

use crate::StoreError;

/// One term of a query: a word or phrase, possibly a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Match { text: String, prefix: bool },
    Or,
}

/// One searchable term: a word or phrase, and whether it matches as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchTerm {
    pub text: String,
    pub prefix: bool,
}

/// Parse a user query into groups that must all match; a group matches when any of its
/// terms does (terms joined by `OR`). Shared by the SQLite and PostgreSQL back ends, so
/// both accept and refuse the same queries.
pub(crate) fn parse(query: &str) -> Result<Vec<Vec<SearchTerm>>, StoreError> {
    let mut groups: Vec<Vec<SearchTerm>> = Vec::new();
    let mut pending_or = false;
    for term in split_terms(query)? {
        match term {
            Term::Or => {
                if groups.is_empty() || pending_or {
                    return Err(bad(query, "OR needs a term on each side"));
                }
                pending_or = true;
            }
            Term::Match { text, prefix } => {
                let term = SearchTerm { text, prefix };
                match groups.last_mut() {
                    Some(group) if pending_or => group.push(term),
                    _ => groups.push(vec![term]),
                }
                pending_or = false;
            }
        }
    }
    if pending_or {
        return Err(bad(query, "OR needs a term on each side"));
    }
    if groups.is_empty() {
        return Err(bad(query, "no words to search for"));
    }
    Ok(groups)
}

/// Translate a user query to an FTS5 `MATCH` expression.
pub fn to_fts5(query: &str) -> Result<String, StoreError> {
    let groups = parse(query)?;
    Ok(groups
        .into_iter()
        .map(|group| {
            let quoted: Vec<String> = group
                .iter()
                .map(|t| {
                    format!(
                        "\"{}\"{}",
                        t.text.replace('"', "\"\""),
                        if t.prefix { "*" } else { "" }
                    )
                })
                .collect();
            if quoted.len() > 1 {
                format!("({})", quoted.join(" OR "))
            } else {
                quoted.join("")
            }
        })
        .collect::<Vec<_>>()
        .join(" AND "))
}

fn bad(query: &str, reason: &str) -> StoreError {
    StoreError::BadQuery {
        query: query.to_string(),
        reason: reason.to_string(),
    }
}

/// Split the query into words, phrases and `OR`s.
fn split_terms(query: &str) -> Result<Vec<Term>, StoreError> {
    let mut terms = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        if let Some(after_quote) = rest.strip_prefix('"') {
            let end = after_quote
                .find('"')
                .ok_or_else(|| bad(query, "a quote is not closed"))?;
            let phrase = &after_quote[..end];
            let mut after = &after_quote[end + 1..];
            let prefix = after.starts_with('*');
            if prefix {
                after = &after[1..];
            }
            if has_word(phrase) {
                terms.push(Term::Match {
                    text: phrase.trim().to_string(),
                    prefix,
                });
            }
            rest = after.trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        if word == "OR" {
            terms.push(Term::Or);
            continue;
        }
        let (word, prefix) = match word.strip_suffix('*') {
            Some(stem) => (stem.trim_end_matches('*'), true),
            None => (word, false),
        };
        if has_word(word) {
            terms.push(Term::Match {
                text: word.to_string(),
                prefix,
            });
        }
    }
    Ok(terms)
}

/// Whether the text has something the tokenizer indexes (a letter or digit).
fn has_word(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations() {
        let cases: &[(&str, &str)] = &[
            ("Kursk troops", r#""Kursk" AND "troops""#),
            (
                r#""special forces" Russia"#,
                r#""special forces" AND "Russia""#,
            ),
            ("troop*", r#""troop"*"#),
            (
                "Kursk OR Kharkiv troops",
                r#"("Kursk" OR "Kharkiv") AND "troops""#,
            ),
            ("U.S. NEAR(x)", r#""U.S." AND "NEAR(x)""#),
            ("  - Pyongyang -- ", r#""Pyongyang""#),
            ("\"x\"* y", r#""x"* AND "y""#),
        ];
        for (input, expected) in cases {
            assert_eq!(to_fts5(input).unwrap(), *expected, "query {input:?}");
        }
    }

    #[test]
    fn errors() {
        for input in [
            "",
            "   ",
            "\"unclosed phrase",
            "a\"b",
            "OR troops",
            "troops OR",
            "- * .",
        ] {
            let err = to_fts5(input).unwrap_err();
            assert!(
                matches!(err, StoreError::BadQuery { .. }),
                "query {input:?}: {err}"
            );
        }
    }
}
