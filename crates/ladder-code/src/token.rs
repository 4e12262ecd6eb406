//! Word tokens with UTF-8 byte offsets: the unit every later stage (triggers, roles,
//! quantities, dates) matches on.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (may hold inner hyphens, periods of abbreviations, apostrophes).
    Word,
    /// Digits with inner commas or periods ("1,500", "1.5").
    Number,
    /// The possessive clitic "'s" / "’s" (and a bare trailing apostrophe).
    Possessive,
    /// Any other single character that is not whitespace.
    Punct,
}

/// One token: its byte span in the text and its lowercase form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Lowercase text; curly apostrophes folded to `'`, trailing abbreviation periods kept.
    pub lower: String,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// Whether the token's original text starts with an uppercase letter.
    pub fn is_capitalised(&self, text: &str) -> bool {
        text.get(self.start..self.end)
            .and_then(|s| s.chars().next())
            .is_some_and(|c| c.is_uppercase())
    }

    pub fn is(&self, word: &str) -> bool {
        self.lower == word
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '‐' || c == '‑'
}

#[allow(clippy::nonminimal_bool)]
/// Split `text[start..end]` into tokens whose offsets are relative to the whole `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let slice = match text.get(start..end) {
        Some(s) => s,
        None => return Vec::new(),
    };
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut tokens = Vec::with_capacity(chars.len() / 5 + 1);
    let mut i = 0;
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let off = |k: usize| chars.get(k).map(|&(o, _)| o).unwrap_or(slice.len());
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok_start = i;
        let kind;
        if c.is_ascii_digit() {
            // Number: digits with inner , or . followed by a digit.
            i += 1;
            while let Some(d) = at(i) {
                if d.is_ascii_digit() {
                    i += 1;
                } else if (d == ',' || d == '.') && at(i + 1).is_some_and(|e| e.is_ascii_digit()) {
                    i += 2;
                } else {
                    break;
                }
            }
            kind = TokenKind::Number;
        } else if c.is_alphabetic() {
            i += 1;
            while let Some(d) = at(i) {
                if d.is_alphanumeric() {
                    i += 1;
                } else if (is_hyphen(d) || d == '.')
                    && at(i + 1).is_some_and(|e| e.is_alphabetic())
                    && !(d == '.' && !single_letter_run(&chars, tok_start, i))
                {
                    // inner hyphen ("war-torn") or abbreviation period ("U.S")
                    i += 2;
                } else if is_apostrophe(d)
                    && at(i + 1).is_some_and(|e| e.is_alphabetic())
                    && !(at(i + 1).is_some_and(|e| e == 's' || e == 'S')
                        && !at(i + 2).is_some_and(|e| e.is_alphabetic()))
                {
                    // inner apostrophe ("don't", "O'Brien"), not the possessive 's
                    i += 2;
                } else {
                    break;
                }
            }
            // Keep the final period of an abbreviation made of single letters ("U.S.").
            if at(i) == Some('.') && i > tok_start + 1 && single_letter_run(&chars, tok_start, i) {
                i += 1;
            }
            kind = TokenKind::Word;
        } else if is_apostrophe(c)
            && at(i + 1).is_some_and(|e| e == 's' || e == 'S')
            && !at(i + 2).is_some_and(|e| e.is_alphabetic())
            && tok_start > 0
            && chars[tok_start - 1].1.is_alphanumeric()
        {
            i += 2;
            kind = TokenKind::Possessive;
        } else if is_apostrophe(c) && tok_start > 0 && chars[tok_start - 1].1 == 's' {
            // plural possessive "allies'"
            i += 1;
            kind = TokenKind::Possessive;
        } else {
            i += 1;
            kind = TokenKind::Punct;
        }
        let s = off(tok_start);
        let e = off(i);
        let raw = &slice[s..e];
        let mut lower = String::with_capacity(raw.len());
        for ch in raw.chars() {
            if is_apostrophe(ch) {
                lower.push('\'');
            } else if is_hyphen(ch) {
                lower.push('-');
            } else {
                lower.extend(ch.to_lowercase());
            }
        }
        tokens.push(Token {
            start: start + s,
            end: start + e,
            kind,
            lower,
        });
    }
    tokens
}

/// Whether chars[from..to] look like "U.S" / "U.N" (single letters separated by periods).
fn single_letter_run(chars: &[(usize, char)], from: usize, to: usize) -> bool {
    let mut letters = 0;
    let mut expect_letter = true;
    for &(_, c) in &chars[from..to] {
        if expect_letter {
            if !c.is_alphabetic() {
                return false;
            }
            letters += 1;
            expect_letter = false;
        } else {
            if c != '.' {
                return false;
            }
            expect_letter = true;
        }
    }
    letters >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lows(text: &str) -> Vec<String> {
        tokenize(text, 0, text.len())
            .into_iter()
            .map(|t| t.lower)
            .collect()
    }

    #[test]
    fn tokens_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Russia’s forces", &["russia", "'s", "forces"]),
            (
                "the U.S. sent 1,500 troops.",
                &["the", "u.s.", "sent", "1,500", "troops", "."],
            ),
            ("war-torn region", &["war-torn", "region"]),
            ("didn't go", &["didn't", "go"]),
            ("1.5 million", &["1.5", "million"]),
            ("allies' aid", &["allies", "'", "aid"]),
            (
                "“We would,” he said",
                &["“", "we", "would", ",", "”", "he", "said"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&lows(text), want, "{text}");
        }
    }

    #[test]
    fn offsets_are_char_boundaries() {
        let text = "Séoul’s “test” 12,000 — ok";
        for t in tokenize(text, 0, text.len()) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }
}
