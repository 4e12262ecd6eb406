//! Which reader a document needs: a forced `--format`, else the file extension, else a
//! look at its first bytes.

use ladder_core::ReportFormat;
use std::path::Path;

/// The readers, one per kind of document (RSS and Atom share the feed reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Text,
    Markdown,
    Html,
    Feed,
    Jsonl,
}

impl DocumentKind {
    /// The reader for a forced format; `None` for formats this crate does not read (STIX).
    pub fn from_format(format: ReportFormat) -> Option<DocumentKind> {
        Some(match format {
            ReportFormat::Text => DocumentKind::Text,
            ReportFormat::Markdown => DocumentKind::Markdown,
            ReportFormat::Html => DocumentKind::Html,
            ReportFormat::Rss | ReportFormat::Atom => DocumentKind::Feed,
            ReportFormat::Jsonl => DocumentKind::Jsonl,
            ReportFormat::Stix => return None,
        })
    }
}

/// The reader a file's extension names, if it names one unambiguously. `.xml` is left to
/// sniffing (it may be a feed or XHTML).
pub fn kind_from_extension(name: &str) -> Option<DocumentKind> {
    let extension = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "txt" | "text" => DocumentKind::Text,
        "md" | "markdown" | "mdown" | "mkd" => DocumentKind::Markdown,
        "html" | "htm" | "xhtml" | "shtml" => DocumentKind::Html,
        "rss" | "atom" | "rdf" => DocumentKind::Feed,
        "jsonl" | "ndjson" | "json" => DocumentKind::Jsonl,
        _ => return None,
    })
}

/// Guess the reader from the first bytes of a document.
pub fn sniff(head: &[u8]) -> DocumentKind {
    let head = &head[..head.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower: Vec<u8> = head[start..]
        .iter()
        .take(2048)
        .map(u8::to_ascii_lowercase)
        .collect();
    let contains = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if lower.first() == Some(&b'{') {
        return DocumentKind::Jsonl;
    }
    if lower.first() == Some(&b'<') {
        if contains(b"<rss") || contains(b"<feed") || contains(b"<rdf:rdf") {
            return DocumentKind::Feed;
        }
        return DocumentKind::Html;
    }
    if contains(b"<html") || contains(b"<body") || contains(b"<!doctype html") {
        return DocumentKind::Html;
    }
    if lower.starts_with(b"# ")
        || lower.starts_with(b"---\n")
        || contains(b"\n## ")
        || contains(b"](http")
    {
        return DocumentKind::Markdown;
    }
    DocumentKind::Text
}

/// A charset declared in the first bytes of an HTML or XML document
/// (`<meta charset="…">`, `content="text/html; charset=…"`, `<?xml … encoding="…"?>`).
pub fn declared_charset(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        if let Some(at) = lower.windows(key.len()).position(|w| w == key) {
            let rest = &lower[at + key.len()..];
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|b| {
                    !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                })
                .unwrap_or(rest.len());
            if end > 0 {
                return Some(String::from_utf8_lossy(&rest[..end]).into_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_and_sniffing() {
        let by_name = [
            ("a/b.txt", Some(DocumentKind::Text)),
            ("b.MD", Some(DocumentKind::Markdown)),
            ("c.htm", Some(DocumentKind::Html)),
            ("d.atom", Some(DocumentKind::Feed)),
            ("e.ndjson", Some(DocumentKind::Jsonl)),
            ("f.xml", None),
            ("noext", None),
        ];
        for (name, kind) in by_name {
            assert_eq!(kind_from_extension(name), kind, "{name}");
        }
        let by_content: [(&[u8], DocumentKind); 8] = [
            (b"  {\"text\": \"x\"}\n", DocumentKind::Jsonl),
            (
                b"<?xml version=\"1.0\"?><rss version=\"2.0\">",
                DocumentKind::Feed,
            ),
            (
                b"<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                DocumentKind::Feed,
            ),
            (b"<!DOCTYPE html><html><body>", DocumentKind::Html),
            (b"<p>fragment</p>", DocumentKind::Html),
            (b"# Title\n\nBody", DocumentKind::Markdown),
            (b"SEOUL, Oct 18 (Reuters) - Body", DocumentKind::Text),
            (b"", DocumentKind::Text),
        ];
        for (head, kind) in by_content {
            assert_eq!(sniff(head), kind, "{}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn charset_declarations() {
        assert_eq!(
            declared_charset(b"<meta charset=\"windows-1251\">").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
            )
            .as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding='koi8-r'?>").as_deref(),
            Some("koi8-r")
        );
        assert_eq!(declared_charset(b"<html>"), None);
    }
}
