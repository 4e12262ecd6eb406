//! Plain-text and Markdown reports: an optional header block (`Source:`, `Published:`,
//! `URL:`, `Title:`, `TLP:`, `Id:`, `Language:`, or the same keys as `---` front matter),
//! the title (a first `# heading`, or a short first line followed by a blank line), and for
//! Markdown the markup stripped to plain text with its paragraph structure kept.

use crate::dateline::find_dateline;
use crate::draft::Draft;
use crate::error::{IngestError, IngestErrorKind};
use ladder_core::Tlp;
use regex::Regex;
use std::sync::OnceLock;

/// Longest first line still taken for a title.
const MAX_TITLE_CHARS: usize = 200;

/// Read a plain-text or Markdown document (already decoded).
pub fn read_text(text: &str, markdown: bool, location: &str) -> Result<Draft, IngestError> {
    let mut draft = Draft::default();
    let body = read_header(text, &mut draft, location)?;
    let body = if markdown {
        let (title, rest) = split_markdown_title(body);
        if draft.title.is_none() {
            draft.title = title;
        }
        markdown_to_text(if draft.title.is_some() && title_was_taken(body) {
            rest
        } else {
            body
        })
    } else {
        let (title, rest) = split_plain_title(body);
        match (draft.title.is_none(), title) {
            (true, Some(title)) => {
                draft.title = Some(title);
                rest.to_string()
            }
            _ => body.to_string(),
        }
    };
    draft.text = body;
    Ok(draft)
}

/// True when a Markdown body starts with a title heading (ATX `#` or setext `===`).
fn title_was_taken(body: &str) -> bool {
    split_markdown_title(body).0.is_some()
}

/// The header block at the top: YAML-style front matter between `---` lines, or
/// consecutive `Key: value` lines ended by a blank line. Only known keys count, and every
/// line of a plain header block must be one, so ordinary text is never eaten.
fn read_header<'a>(
    text: &'a str,
    draft: &mut Draft,
    location: &str,
) -> Result<&'a str, IngestError> {
    let trimmed = text.trim_start_matches(['\n', '\r']);
    if let Some(after) = trimmed.strip_prefix("---") {
        if let Some(after) = after
            .strip_prefix('\n')
            .or_else(|| after.strip_prefix("\r\n"))
        {
            if let Some(end) = find_line(after, "---") {
                let block = &after[..end];
                let rest = &after[end..];
                let rest = rest.split_once('\n').map(|(_, r)| r).unwrap_or("");
                if block
                    .lines()
                    .all(|l| l.trim().is_empty() || l.contains(':'))
                {
                    for line in block.lines().filter(|l| !l.trim().is_empty()) {
                        if let Some((key, value)) = line.split_once(':') {
                            apply_header(key, unquote(value.trim()), draft, location)?;
                        }
                    }
                    return Ok(rest);
                }
            }
        }
    }
    let mut consumed = 0;
    let mut pairs = Vec::new();
    for line in trimmed.split_inclusive('\n') {
        let content = line.trim_end();
        if content.is_empty() {
            consumed += line.len();
            break;
        }
        match content.split_once(':') {
            Some((key, value)) if header_key(key).is_some() => pairs.push((key, value.trim())),
            _ => return Ok(text),
        }
        consumed += line.len();
    }
    if pairs.is_empty() {
        return Ok(text);
    }
    for (key, value) in pairs {
        apply_header(key, value, draft, location)?;
    }
    Ok(&trimmed[consumed..])
}

/// Byte offset of the first line equal to `marker` (trailing spaces ignored).
fn find_line(text: &str, marker: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == marker {
            return Some(at);
        }
        at += line.len();
    }
    None
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
}

/// The field a header key sets (keys are case-insensitive, with a few synonyms).
fn header_key(key: &str) -> Option<&'static str> {
    Some(match key.trim().to_ascii_lowercase().as_str() {
        "source" | "outlet" | "publisher" => "source",
        "published" | "date" | "published_at" | "published-at" => "published",
        "url" | "link" => "url",
        "title" | "headline" => "title",
        "tlp" => "tlp",
        "id" | "ref" | "report_ref" => "id",
        "language" | "lang" => "language",
        _ => return None,
    })
}

fn apply_header(
    key: &str,
    value: &str,
    draft: &mut Draft,
    location: &str,
) -> Result<(), IngestError> {
    let Some(field) = header_key(key) else {
        return Ok(());
    };
    if value.is_empty() {
        return Ok(());
    }
    let value = value.to_string();
    match field {
        "source" => draft.source = Some(value),
        "published" => draft.published = Some(value),
        "url" => draft.url = Some(value),
        "title" => draft.title = Some(value),
        "id" => draft.report_ref = Some(value),
        "language" => draft.language = Some(value),
        _ => {
            let tlp = value.parse::<Tlp>().map_err(|e| {
                IngestError::field(location, "tlp", IngestErrorKind::Invalid(e.to_string()))
            })?;
            draft.tlp = Some(tlp);
        }
    }
    Ok(())
}

/// A plain text's first line as its title, when it is short, is followed by a blank line
/// and more text, does not end like a sentence, and is not a dateline.
fn split_plain_title(body: &str) -> (Option<String>, &str) {
    let body = body.trim_start();
    let Some((first, rest)) = body.split_once('\n') else {
        return (None, body);
    };
    let first = first.trim();
    let rest_trimmed = rest.trim_start_matches([' ', '\t', '\r']);
    let blank_follows = rest_trimmed.starts_with('\n');
    let looks_like_title = first.chars().count() <= MAX_TITLE_CHARS
        && !first.is_empty()
        && !first.ends_with(['.', ',', ';', ':'])
        && find_dateline(first, None).is_none();
    if blank_follows && looks_like_title && !rest.trim().is_empty() {
        (Some(first.to_string()), rest)
    } else {
        (None, body)
    }
}

/// A Markdown document's title: a first `# heading` or a setext `Title` / `=====`.
fn split_markdown_title(body: &str) -> (Option<String>, &str) {
    let body = body.trim_start();
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let first = first.trim_end();
    if let Some(heading) = first.strip_prefix("# ") {
        let heading = heading.trim().trim_end_matches('#').trim();
        return (Some(inline_markup_to_text(heading)), rest);
    }
    if let Some((underline, after)) = rest.split_once('\n').or(Some((rest, ""))) {
        let underline = underline.trim();
        if !first.trim().is_empty() && underline.len() >= 3 && underline.chars().all(|c| c == '=') {
            return (Some(inline_markup_to_text(first.trim())), after);
        }
    }
    (None, body)
}

fn regexes() -> &'static MarkdownRegexes {
    static RE: OnceLock<MarkdownRegexes> = OnceLock::new();
    RE.get_or_init(|| MarkdownRegexes {
        image: Regex::new(r"!\[[^\]]*\]\([^)]*\)").expect("valid regex"),
        link: Regex::new(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])").expect("valid regex"),
        autolink: Regex::new(r"<((?:https?|mailto):[^>\s]+)>").expect("valid regex"),
        tag: Regex::new(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>").expect("valid regex"),
        strong: Regex::new(r"(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)").expect("valid regex"),
        emphasis: Regex::new(r"(^|[\s(\[])[*_](\S(?:[^*_]*?\S)?)[*_]($|[\s).,;:!?\]])")
            .expect("valid regex"),
        code: Regex::new(r"`([^`]*)`").expect("valid regex"),
        list_marker: Regex::new(r"^\s{0,8}(?:[-*+]|\d{1,3}[.)])\s+").expect("valid regex"),
        link_definition: Regex::new(r"^\s{0,3}\[[^\]]+\]:\s+\S+").expect("valid regex"),
        rule: Regex::new(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$")
            .expect("valid regex"),
        table_separator: Regex::new(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
            .expect("valid regex"),
    })
}

struct MarkdownRegexes {
    image: Regex,
    link: Regex,
    autolink: Regex,
    tag: Regex,
    strong: Regex,
    emphasis: Regex,
    code: Regex,
    list_marker: Regex,
    link_definition: Regex,
    rule: Regex,
    table_separator: Regex,
}

/// Markdown to plain text: headings, quotes, list markers, emphasis, code marks, links
/// (their text kept), images (dropped), inline HTML and rules removed. Lines of one
/// paragraph are joined with spaces, as Markdown renders them; paragraphs, headings and
/// list items stay on lines of their own, with blank lines between blocks.
pub fn markdown_to_text(markdown: &str) -> String {
    let re = regexes();
    let mut out = String::with_capacity(markdown.len());
    let mut in_fence = false;
    let mut open = OpenBlock::None;
    for raw in markdown.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            end_block(&mut out, &mut open);
            continue;
        }
        if in_fence {
            out.push_str(raw.trim_end());
            out.push('\n');
            continue;
        }
        if trimmed.is_empty() {
            end_block(&mut out, &mut open);
            continue;
        }
        if re.rule.is_match(raw)
            || re.table_separator.is_match(raw)
            || re.link_definition.is_match(raw)
        {
            continue;
        }
        let mut line = trimmed;
        while let Some(rest) = line.strip_prefix('>') {
            line = rest.trim_start();
        }
        let heading = line.starts_with('#');
        if heading {
            line = line
                .trim_start_matches('#')
                .trim()
                .trim_end_matches('#')
                .trim();
        }
        let list_item = re.list_marker.find(line).map(|m| m.end());
        if let Some(end) = list_item {
            line = &line[end..];
        }
        let table_row = line.starts_with('|');
        let mut plain = inline_markup_to_text(line);
        if table_row {
            plain = plain
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
        if plain.is_empty() {
            continue;
        }
        if heading {
            end_block(&mut out, &mut open);
            out.push_str(&plain);
            out.push('\n');
            end_block(&mut out, &mut open);
        } else if list_item.is_some() || table_row {
            if open != OpenBlock::Lines {
                end_block(&mut out, &mut open);
            }
            out.push_str(&plain);
            out.push('\n');
            open = OpenBlock::Lines;
        } else if open == OpenBlock::Paragraph {
            // A hard-wrapped paragraph line continues the one before it.
            if out.ends_with('\n') {
                out.pop();
            }
            out.push(' ');
            out.push_str(&plain);
            out.push('\n');
        } else {
            end_block(&mut out, &mut open);
            out.push_str(&plain);
            out.push('\n');
            open = OpenBlock::Paragraph;
        }
    }
    out
}

/// The kind of block the previous Markdown line belonged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpenBlock {
    None,
    /// Paragraph text: the next text line joins it.
    Paragraph,
    /// List items or table rows: one per line, no blank line between them.
    Lines,
}

/// Close the open block: what follows starts after a blank line.
fn end_block(out: &mut String, open: &mut OpenBlock) {
    *open = OpenBlock::None;
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Inline Markdown (emphasis, code, links, images, HTML tags, escapes) to plain text.
fn inline_markup_to_text(line: &str) -> String {
    let re = regexes();
    let mut text = re.image.replace_all(line, "").into_owned();
    text = re.link.replace_all(&text, "$1").into_owned();
    text = re.autolink.replace_all(&text, "$1").into_owned();
    text = re.tag.replace_all(&text, "").into_owned();
    text = re.code.replace_all(&text, "$1").into_owned();
    text = re.strong.replace_all(&text, "$2").into_owned();
    text = re.emphasis.replace_all(&text, "$1$2$3").into_owned();
    let mut unescaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    unescaped.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        unescaped.push(c);
    }
    unescaped.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladder_core::hash::normalise_text;

    #[test]
    fn plain_text_title_and_header() {
        let cases: Vec<(&str, Option<&str>, &str)> = vec![
            (
                "North Korea sends troops\n\nSEOUL, Oct 18 (Reuters) - Body.",
                Some("North Korea sends troops"),
                "SEOUL, Oct 18 (Reuters) - Body.",
            ),
            (
                "SEOUL, Oct 18 (Reuters) - Body.\n\nMore.",
                None,
                "SEOUL, Oct 18 (Reuters) - Body.\n\nMore.",
            ),
            (
                "A full sentence that ends with a period.\n\nMore.",
                None,
                "A full sentence that ends with a period.\n\nMore.",
            ),
            ("Only one line", None, "Only one line"),
            (
                "Title: Given title\nSource: Yonhap\nPublished: 2024-10-18\n\nFirst line\n\nBody.",
                Some("Given title"),
                "First line\n\nBody.",
            ),
            (
                "Source: Yonhap\nNot a header line\n\nBody.",
                None,
                "Source: Yonhap\nNot a header line\n\nBody.",
            ),
        ];
        for (input, title, text) in cases {
            let draft = read_text(input, false, "t.txt").unwrap();
            assert_eq!(draft.title.as_deref(), title, "{input}");
            assert_eq!(normalise_text(&draft.text), text, "{input}");
        }
        let draft = read_text("Source: Yonhap\nURL: https://en.yna.co.kr/x\nPublished: 2024-10-18\nTLP: amber\nId: y-1\nLanguage: en\n\nBody text.", false, "t.txt").unwrap();
        assert_eq!(draft.source.as_deref(), Some("Yonhap"));
        assert_eq!(draft.url.as_deref(), Some("https://en.yna.co.kr/x"));
        assert_eq!(draft.published.as_deref(), Some("2024-10-18"));
        assert_eq!(draft.tlp, Some(Tlp::Amber));
        assert_eq!(draft.report_ref.as_deref(), Some("y-1"));
        assert_eq!(draft.language.as_deref(), Some("en"));
        let bad = read_text("TLP: purple\n\nBody.", false, "t.txt").unwrap_err();
        assert!(bad
            .to_string()
            .starts_with("t.txt: field `tlp`: 'purple' is not a valid TLP level"));
    }

    #[test]
    fn markdown_is_stripped_to_text() {
        let input = "---\nsource: \"NK News\"\npublished: 2024-10-18\n---\n# Troops *reach* Vladivostok\n\nSEOUL, Oct 18 (Reuters) - The **spy agency** said\nfrom a [briefing](https://example.org) that\n`1,500` troops moved.\n\n![ship](ship.png)\n\n## Background\n\n- first item\n* second item\n1. third item\n\n> quoted _line_\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[ref]: https://example.org\n";
        let draft = read_text(input, true, "t.md").unwrap();
        assert_eq!(draft.title.as_deref(), Some("Troops reach Vladivostok"));
        assert_eq!(draft.source.as_deref(), Some("NK News"));
        assert_eq!(draft.published.as_deref(), Some("2024-10-18"));
        assert_eq!(
            normalise_text(&draft.text),
            "SEOUL, Oct 18 (Reuters) - The spy agency said from a briefing that 1,500 troops moved.\n\nBackground\n\nfirst item\nsecond item\nthird item\n\nquoted line\n\na b\n1 2"
        );
        let setext = read_text("Big news\n========\n\nBody *here*.", true, "s.md").unwrap();
        assert_eq!(setext.title.as_deref(), Some("Big news"));
        assert_eq!(normalise_text(&setext.text), "Body here.");
    }
}
