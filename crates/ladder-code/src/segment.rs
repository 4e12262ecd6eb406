//! Sentence segmentation: UTF-8 byte spans of the sentences of a report, surviving
//! abbreviations, initials, decimals, datelines, quotes, bullet lists and headings.

/// A sentence: byte span into the report text and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    /// Paragraphs are separated by blank lines; headings and bullets count as their own.
    pub paragraph: usize,
}

/// Words whose trailing period never ends a sentence (titles, months, "No.", "St.").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm",
    "brig", "cmdr", "cdr", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "st", "mt", "ft",
    "no", "nos", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "inc",
    "corp", "co", "ltd", "jr", "sr", "vs", "approx", "est", "dept", "univ", "fig",
];

/// Words that usually open a sentence: after "U.S." or "a.m." they signal a boundary.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "But",
    "This",
    "That",
    "These",
    "Those",
    "Meanwhile",
    "However",
    "Officials",
    "Its",
    "His",
    "Her",
    "Their",
    "There",
    "If",
    "As",
    "After",
    "Earlier",
    "Later",
    "Last",
    "Since",
    "While",
    "When",
    "According",
    "Both",
    "Some",
    "Many",
    "North",
    "South",
];

/// Split `text` into sentences, starting at byte `body_start` (after a dateline).
pub fn sentences(text: &str, body_start: usize) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    let body_start = if text.is_char_boundary(body_start.min(text.len())) {
        body_start.min(text.len())
    } else {
        0
    };
    let mut paragraph = 0usize;
    let mut line_start = body_start;
    let mut block_start: Option<usize> = None;
    let mut prev_blank = false;
    // Walk line by line: blank lines end paragraphs; bullets and headings are blocks of
    // their own; a line starting lowercase continues the block above (wrapped text).
    let bytes = text.as_bytes();
    while line_start <= text.len() {
        let line_end = memchr_newline(bytes, line_start).unwrap_or(text.len());
        let line = &text[line_start..line_end];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(bs) = block_start.take() {
                split_block(text, bs, line_start, paragraph, &mut out);
            }
            if !prev_blank {
                paragraph += 1;
            }
            prev_blank = true;
        } else {
            prev_blank = false;
            let lead = line.len() - line.trim_start().len();
            let content_start = line_start + lead + bullet_len(trimmed);
            let continues = trimmed.chars().next().is_some_and(|c| c.is_lowercase())
                && bullet_len(trimmed) == 0;
            match block_start {
                Some(_) if continues => {}
                Some(bs) => {
                    split_block(text, bs, line_start, paragraph, &mut out);
                    if is_heading_or_bullet(trimmed) {
                        paragraph += 1;
                    }
                    block_start = Some(content_start);
                }
                None => block_start = Some(content_start),
            }
        }
        if line_end >= text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    if let Some(bs) = block_start {
        split_block(text, bs, text.len(), paragraph, &mut out);
    }
    out
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| p + from)
}

/// Byte length of a bullet marker at the start of a trimmed line ("- ", "• ", "3. ").
fn bullet_len(line: &str) -> usize {
    for marker in ["- ", "* ", "• ", "– ", "— ", "· "] {
        if line.starts_with(marker) {
            return marker.len();
        }
    }
    let digits = line.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && digits < 3 {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return digits + 2;
        }
    }
    0
}

fn is_heading_or_bullet(line: &str) -> bool {
    bullet_len(line) > 0 || !line.ends_with(['.', '!', '?', '"', '”', ':', ','])
}

/// Split one block (no blank lines inside) into sentences.
fn split_block(
    text: &str,
    start: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<SentenceSpan>,
) {
    let block = &text[start..end];
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    let mut sent_start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if c == '.' || c == '!' || c == '?' || c == '…' {
            // absorb runs of terminals and closing quotes/brackets
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '”' | '"' | '’' | '\'' | ')' | ']' | '»'
                )
            {
                j += 1;
            }
            let next_is_space = j < chars.len() && chars[j].1.is_whitespace();
            if j >= chars.len()
                || (next_is_space && boundary_here(block, &chars, i, j))
                || glued_boundary(&chars, i, j)
            {
                let s_end = if j < chars.len() {
                    chars[j].0
                } else {
                    block.len()
                };
                push_sentence(
                    text,
                    start + chars.get(sent_start).map_or(block.len(), |x| x.0),
                    start + s_end,
                    paragraph,
                    out,
                );
                // skip whitespace
                while j < chars.len() && chars[j].1.is_whitespace() {
                    j += 1;
                }
                sent_start = j;
            }
            i = j;
            continue;
        }
        if c == '\n' {
            // a newline inside a block joins wrapped lines: treat as a space
        }
        i += 1;
    }
    if sent_start < chars.len() {
        push_sentence(text, start + chars[sent_start].0, end, paragraph, out);
    }
}

/// A full stop with no space after it between a lowercase word and a capitalised one
/// ("…cooperation.The United States said"): pages that lost a space still end a sentence
/// there. Abbreviations ("U.S."), decimals and domains ("example.org") do not match.
fn glued_boundary(chars: &[(usize, char)], i: usize, j: usize) -> bool {
    let lower_before = i >= 2 && chars[i - 1].1.is_lowercase() && chars[i - 2].1.is_lowercase();
    let capital_after = chars.get(j).is_some_and(|c| c.1.is_uppercase())
        && chars.get(j + 1).is_some_and(|c| c.1.is_lowercase());
    j == i + 1 && lower_before && capital_after
}

fn push_sentence(text: &str, s: usize, e: usize, paragraph: usize, out: &mut Vec<SentenceSpan>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    let (s, e) = (s + lead, e - trail);
    if s < e && text[s..e].chars().any(|c| c.is_alphanumeric()) {
        out.push(SentenceSpan {
            start: s,
            end: e,
            paragraph,
        });
    }
}

/// Whether the terminal at chars[i] (with closers up to j) ends a sentence.
fn boundary_here(block: &str, chars: &[(usize, char)], i: usize, j: usize) -> bool {
    // next non-space character
    let mut k = j;
    while k < chars.len() && chars[k].1.is_whitespace() {
        k += 1;
    }
    let Some(&(next_off, next)) = chars.get(k) else {
        return true;
    };
    let next_opens = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '“' | '"' | '‘' | '\'' | '(' | '[' | '«' | '-' | '•');
    if !next_opens {
        return false;
    }
    if chars[i].1 != '.' || j > i + 1 {
        return true;
    }
    // the word before the period
    let mut w = i;
    while w > 0 && (chars[w - 1].1.is_alphanumeric() || chars[w - 1].1 == '.') {
        w -= 1;
    }
    let word = &block[chars[w].0..chars[i].0];
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let next_word: String = block[next_off..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    if word.contains('.') || (word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()))
    {
        // "U.S." / "a.m." / an initial "F.": a boundary only before a typical opener
        if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
            return false;
        }
        return SENTENCE_STARTERS.contains(&next_word.as_str());
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, 0)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn segmentation_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The U.S. sent aid. Russia objected.",
                &["The U.S. sent aid.", "Russia objected."],
            ),
            (
                "Gen. Kim met Lt. Park on Oct. 8 at 10 a.m. local time. Talks ended.",
                &[
                    "Gen. Kim met Lt. Park on Oct. 8 at 10 a.m. local time.",
                    "Talks ended.",
                ],
            ),
            (
                "Both sides praised the cooperation.The United States confirmed the transfer.",
                &[
                    "Both sides praised the cooperation.",
                    "The United States confirmed the transfer.",
                ],
            ),
            (
                "See example.org for details. Visit www.gov.ua today.",
                &["See example.org for details.", "Visit www.gov.ua today."],
            ),
            (
                "Growth was 1.5 percent. John F. Kennedy spoke.",
                &["Growth was 1.5 percent.", "John F. Kennedy spoke."],
            ),
            (
                "“We will respond,” the official said. He left.",
                &["“We will respond,” the official said.", "He left."],
            ),
            (
                "He said: “Go home.” Then he left.",
                &["He said: “Go home.”", "Then he left."],
            ),
            (
                "Key points\n\n- Troops moved north\n- Talks stalled\n\nThe end.",
                &[
                    "Key points",
                    "Troops moved north",
                    "Talks stalled",
                    "The end.",
                ],
            ),
            (
                "Sanctions hit the U.S. The talks failed.",
                &["Sanctions hit the U.S.", "The talks failed."],
            ),
            (
                "A line that wraps\nonto the next line.",
                &["A line that wraps\nonto the next line."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&split(text), want, "{text}");
        }
    }

    #[test]
    fn paragraphs_count_up() {
        let text = "One. Two.\n\nThree.";
        let s = sentences(text, 0);
        assert_eq!(
            s.iter().map(|x| x.paragraph).collect::<Vec<_>>(),
            vec![0, 0, 1]
        );
    }
}
