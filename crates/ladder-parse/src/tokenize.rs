//! An EWT-style tokeniser: splits clitics (`n't`, `'s`, `'re`, `'ll`, `'ve`, `'d`, `'m`,
//! straight or curly apostrophe), punctuation, quotes and brackets, and hyphens between
//! words (except after prefixes such as `pre-`, `non-`, `e-`), while keeping numbers
//! (`1,500`, `3.5`, `8:00`), abbreviations (`U.S.`, `Mr.`, `Jan.`), URLs and e-mail
//! addresses whole. A period glued between a lowercase word and a capitalised one
//! (`cooperation.The`) is its own token. Offsets are bytes into the original text.

/// A token: byte offsets into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "etc", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "no", "gen", "rev", "lt", "col",
    "sgt", "capt", "gov", "sen", "rep", "prof", "ft", "mt", "ave", "blvd", "dept", "est", "approx",
    "adm", "maj", "cpl", "pres", "messrs", "univ", "govt", "assn", "bros", "cf", "al", "fig",
    "vol", "pp", "ph",
];

const PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "semi", "re", "pro", "mid", "ex", "anti", "multi", "sub",
    "socio", "psycho", "un", "over", "vice", "inter", "intra", "counter", "cross", "neo", "quasi",
    "ultra", "micro", "macro", "mega", "mini", "bi", "tri", "uni", "de", "dis", "mis", "out",
    "under",
];

const CLITICS: &[&str] = &["n't", "'s", "'re", "'ll", "'ve", "'d", "'m"];

/// Splits text into EWT-style tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                chunk(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(text, s, text.len(), &mut out);
    }
    out
}

fn is_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("http:")
        || l.starts_with("https:")
        || l.starts_with("www.")
        || l.contains("://")
        || {
            let at = s.find('@');
            at.is_some_and(|i| i > 0 && s[i..].contains('.'))
        }
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '‘'
            | '('
            | '['
            | '{'
            | '<'
            | '«'
            | '$'
            | '£'
            | '€'
            | '#'
            | '*'
            | '\''
            | '`'
            | '¿'
            | '¡'
    )
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '”'
            | '’'
            | '\''
            | ')'
            | ']'
            | '}'
            | '>'
            | '»'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | '.'
            | '*'
            | '%'
    )
}

/// Tokenises one whitespace-free chunk `text[a..b]`.
fn chunk(text: &str, a: usize, b: usize, out: &mut Vec<Token>) {
    let mut lo = a;
    let mut hi = b;
    // Leading punctuation, one token each (a run of the same character is one token).
    while lo < hi {
        let Some(c) = text[lo..hi].chars().next() else {
            break;
        };
        if !is_opening(c) || (c == '\'' && starts_clitic(&text[lo..hi])) {
            break;
        }
        if is_url(&text[lo..hi]) {
            break;
        }
        let end = run_end(text, lo, hi, c);
        out.push(Token { start: lo, end });
        lo = end;
    }
    // Trailing punctuation, collected right to left.
    let mut tail = Vec::new();
    while lo < hi {
        let Some(c) = text[lo..hi].chars().next_back() else {
            break;
        };
        if !is_closing(c) {
            break;
        }
        let core = &text[lo..hi];
        if c == '.' && keeps_period(core) {
            break;
        }
        if c == '%'
            && core[..core.len() - 1]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_digit())
        {
            tail.push(Token {
                start: hi - 1,
                end: hi,
            });
            hi -= 1;
            continue;
        }
        let start = run_start(text, lo, hi, c);
        tail.push(Token { start, end: hi });
        hi = start;
    }
    if lo < hi {
        if is_url(&text[lo..hi]) {
            out.push(Token { start: lo, end: hi });
        } else {
            core(text, lo, hi, out);
        }
    }
    out.extend(tail.into_iter().rev());
}

fn run_end(text: &str, lo: usize, hi: usize, c: char) -> usize {
    let mut end = lo;
    for (i, d) in text[lo..hi].char_indices() {
        if d != c || matches!(c, '(' | '[' | '{' | '$' | '“' | '"') && i > 0 {
            break;
        }
        end = lo + i + d.len_utf8();
    }
    end
}

fn run_start(text: &str, lo: usize, hi: usize, c: char) -> usize {
    let mut start = hi;
    for (i, d) in text[lo..hi].char_indices().rev() {
        if d != c || (matches!(c, ')' | ']' | '}' | '”' | '"' | ',') && start != hi) {
            break;
        }
        start = lo + i;
    }
    start
}

fn starts_clitic(s: &str) -> bool {
    let l = s.to_lowercase().replace('’', "'");
    CLITICS.iter().any(|c| c.starts_with('\'') && l == *c)
}

/// Whether a word ending in `.` keeps it (an abbreviation or initials).
fn keeps_period(word: &str) -> bool {
    let body = &word[..word.len() - 1];
    if body.is_empty() || body.ends_with('.') && body.chars().filter(|&c| c != '.').count() == 0 {
        return false;
    }
    let letters: Vec<char> = body.chars().collect();
    if letters.len() == 1 && letters[0].is_alphabetic() {
        return true;
    }
    // Initials with internal periods: U.S, e.g, p.m, D.C
    if body.contains('.')
        && body
            .split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
    {
        return true;
    }
    let lower = body.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Splits clitics off a word, then its internal punctuation.
fn core(text: &str, lo: usize, hi: usize, out: &mut Vec<Token>) {
    let w = &text[lo..hi];
    let norm = w.to_lowercase().replace('’', "'");
    if norm == "cannot" && w.is_ascii() {
        out.push(Token {
            start: lo,
            end: lo + 3,
        });
        out.push(Token {
            start: lo + 3,
            end: hi,
        });
        return;
    }
    for c in CLITICS {
        if norm.len() > c.len() && norm.ends_with(c) {
            // Byte length of the clitic in the original (’ is 3 bytes, ' is 1).
            let n_chars = c.chars().count();
            let start = w
                .char_indices()
                .rev()
                .nth(n_chars - 1)
                .map_or(lo, |(i, _)| lo + i);
            if start > lo {
                inner(text, lo, start, out);
                out.push(Token { start, end: hi });
                return;
            }
        }
    }
    inner(text, lo, hi, out);
}

/// Splits a word at internal punctuation: hyphens between words (not after a prefix),
/// slashes between longer words, commas and periods not inside numbers, brackets, quotes.
fn inner(text: &str, lo: usize, hi: usize, out: &mut Vec<Token>) {
    let w = &text[lo..hi];
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let mut piece = 0usize; // byte offset in w where the current piece starts
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|p| p.1);
        let split = match c {
            '-' => {
                prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)
                    && !(prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit()))
                    && !PREFIXES.contains(&w[piece..i].to_lowercase().as_str())
            }
            '/' => {
                w[piece..i].chars().count() >= 3
                    && w[i + 1..].chars().take_while(|c| c.is_alphabetic()).count() >= 3
                    && w[piece..i].chars().all(char::is_alphabetic)
            }
            '.' => {
                prev.is_some_and(char::is_lowercase)
                    && next.is_some_and(char::is_uppercase)
                    && w[piece..i].chars().count() >= 2
            }
            ',' | ';' | '!' | '?' => {
                !(prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()))
            }
            '(' | ')' | '[' | ']' | '"' | '“' | '”' => true,
            _ => false,
        };
        if (c == '.' || c == '-') && next == Some(c) {
            // An ellipsis or a double dash inside a word ("said...that") is one token.
            let mut end = k;
            while chars.get(end + 1).is_some_and(|p| p.1 == c) {
                end += 1;
            }
            if piece < i {
                out.push(Token {
                    start: lo + piece,
                    end: lo + i,
                });
            }
            let stop = chars[end].0 + 1;
            out.push(Token {
                start: lo + i,
                end: lo + stop,
            });
            piece = stop;
            k = end + 1;
            continue;
        }
        if split {
            if piece < i {
                out.push(Token {
                    start: lo + piece,
                    end: lo + i,
                });
            }
            let end = i + c.len_utf8();
            out.push(Token {
                start: lo + i,
                end: lo + end,
            });
            piece = end;
        }
        k += 1;
    }
    if piece < w.len() {
        out.push(Token {
            start: lo + piece,
            end: hi,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn splits_clitics_and_punctuation() {
        assert_eq!(toks("They don't know."), ["They", "do", "n't", "know", "."]);
        assert_eq!(
            toks("It’s the army’s call,"),
            ["It", "’s", "the", "army", "’s", "call", ","]
        );
        assert_eq!(
            toks("(\"We'll see\")"),
            ["(", "\"", "We", "'ll", "see", "\"", ")"]
        );
    }

    #[test]
    fn keeps_numbers_abbreviations_urls() {
        assert_eq!(
            toks("Mr. Smith paid $1,500.50 in the U.S."),
            ["Mr.", "Smith", "paid", "$", "1,500.50", "in", "the", "U.S."]
        );
        assert_eq!(
            toks("see http://example.org/a-b."),
            ["see", "http://example.org/a-b", "."]
        );
    }

    #[test]
    fn hyphens_and_glued_periods() {
        assert_eq!(
            toks("a cease-fire and post-war talks"),
            ["a", "cease", "-", "fire", "and", "post-war", "talks"]
        );
        assert_eq!(
            toks("cooperation.The United"),
            ["cooperation", ".", "The", "United"]
        );
    }
}
