//! Escaping of untrusted text (report sentences, source names, URLs) for HTML, SVG and
//! Markdown output. Every string that reaches a briefing passes through here.

/// Escape text for HTML or SVG element content and double-quoted attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not valid in HTML text.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A fragment identifier safe to use in `id="…"` and `href="#…"`: ASCII letters, digits,
/// `-` and `_` kept, everything else replaced by `-`.
pub fn anchor(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "x".to_string()
    } else {
        cleaned
    }
}

/// The URL if it is safe to link to (http, https), else `None`: a report could carry a
/// `javascript:` or `data:` URL, which must never become a link.
pub fn safe_url(url: &str) -> Option<&str> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    let allowed = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !trimmed.chars().any(|c| c.is_control() || c.is_whitespace());
    (allowed && clean).then_some(trimmed)
}

/// Escape text for inline Markdown: punctuation that Markdown or embedded HTML would
/// interpret gets a backslash; newlines become spaces so a value stays on its line.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A file-name-safe form of an identifier (scenario ids in output file names).
pub fn file_stem(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches('.');
    if trimmed.is_empty() {
        "scenario".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("a \"b\" & 'c'", "a &quot;b&quot; &amp; &#39;c&#39;"),
            ("plain", "plain"),
            ("bell\u{7}", "bell\u{FFFD}"),
        ];
        for (input, expected) in cases {
            assert_eq!(html(input), expected, "{input}");
        }
    }

    #[test]
    fn only_web_urls_are_linked() {
        let cases = [
            (
                "https://example.org/a?b=1",
                Some("https://example.org/a?b=1"),
            ),
            ("  http://example.org  ", Some("http://example.org")),
            ("javascript:alert(1)", None),
            ("JAVASCRIPT:alert(1)", None),
            ("data:text/html,hi", None),
            ("https://exa mple.org", None),
            ("/etc/passwd", None),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_url(input), expected, "{input}");
        }
    }

    #[test]
    fn anchors_and_stems_are_plain_ascii() {
        assert_eq!(anchor("ev-1a2b"), "ev-1a2b");
        assert_eq!(anchor("a\"><img>"), "a---img-");
        assert_eq!(anchor(""), "x");
        assert_eq!(file_stem("../etc/passwd"), "-etc-passwd");
        assert_eq!(file_stem("prk-rus"), "prk-rus");
    }

    #[test]
    fn markdown_neutralises_syntax() {
        assert_eq!(
            markdown("*bold* [x](y) <b>"),
            "\\*bold\\* \\[x\\](y) \\<b\\>"
        );
        assert_eq!(markdown("a|b\nc"), "a\\|b c");
    }
}
