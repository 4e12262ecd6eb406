//! RSS 2.0 / RSS 1.0 / Atom feeds through `feed-rs`: each item a report, full content
//! (`content:encoded`, Atom `<content>`) preferred over the summary, HTML inside items
//! turned into text. When the feed as a whole does not parse, items are parsed one by one
//! so that one broken item costs only itself.

use crate::draft::{collapse_whitespace, Draft};
use crate::error::{IngestError, IngestErrorKind};
use crate::html::fragment_to_text;
use feed_rs::model::{Entry, Feed, FeedType, Text};
use ladder_core::ReportFormat;

/// One item of a feed: its draft, or why it was rejected.
pub type FeedItem = Result<(Draft, ReportFormat), IngestError>;

/// Read a feed document (already decoded). `name` is the file's display name; item errors
/// are located as `name#item N` (1-based, in document order).
pub fn read_feed(xml: &str, name: &str) -> Result<Vec<FeedItem>, IngestError> {
    match parse(xml) {
        Ok(feed) if feed.entries.is_empty() => {
            Err(IngestError::new(name, IngestErrorKind::NoItems))
        }
        Ok(feed) => {
            let format = format_of(&feed);
            let feed_title = feed.title.as_ref().map(text_of);
            Ok(feed
                .entries
                .iter()
                .enumerate()
                .map(|(i, entry)| {
                    entry_draft(entry, feed_title.as_deref(), name, i + 1).map(|d| (d, format))
                })
                .collect())
        }
        Err(whole) => read_item_by_item(xml, name)
            .ok_or_else(|| IngestError::new(name, IngestErrorKind::MalformedFeed(whole))),
    }
}

fn parse(xml: &str) -> Result<Feed, String> {
    feed_rs::parser::Builder::new()
        // An empty id marks an item that had none, so the item number is used instead.
        .id_generator(|_, _, _| String::new())
        .build()
        .parse(xml.as_bytes())
        .map_err(|e| e.to_string())
}

fn format_of(feed: &Feed) -> ReportFormat {
    match feed.feed_type {
        FeedType::Atom => ReportFormat::Atom,
        _ => ReportFormat::Rss,
    }
}

/// Parse each `<item>` / `<entry>` inside the feed's own envelope; `None` when the
/// document has no items to split out.
fn read_item_by_item(xml: &str, name: &str) -> Option<Vec<FeedItem>> {
    let (tag, closing) = if find_tag(xml, "item", 0).is_some() {
        ("item", "</channel></rss>")
    } else if find_tag(xml, "entry", 0).is_some() {
        ("entry", "</feed>")
    } else {
        return None;
    };
    let first = find_tag(xml, tag, 0)?;
    let header = &xml[..first];
    let starts: Vec<usize> =
        std::iter::successors(Some(first), |&at| find_tag(xml, tag, at + 1)).collect();
    let close_tag = format!("</{tag}>");
    let mut items = Vec::with_capacity(starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let limit = starts.get(i + 1).copied().unwrap_or(xml.len());
        let chunk = &xml[start..limit];
        let chunk = match chunk.find(&close_tag) {
            Some(end) => &chunk[..end + close_tag.len()],
            None => chunk,
        };
        let location = format!("{name}#item {}", i + 1);
        let envelope = format!("{header}{chunk}{closing}");
        let item = match parse(&envelope) {
            Ok(feed) => match feed.entries.first() {
                Some(entry) => {
                    let title = feed.title.as_ref().map(text_of);
                    entry_draft(entry, title.as_deref(), name, i + 1).map(|d| (d, format_of(&feed)))
                }
                None => Err(IngestError::new(
                    location,
                    IngestErrorKind::MalformedFeed("the item could not be read".into()),
                )),
            },
            Err(message) => Err(IngestError::new(
                location,
                IngestErrorKind::MalformedFeed(message),
            )),
        };
        items.push(item);
    }
    Some(items)
}

/// Byte offset of the next `<tag>` or `<tag attr…>` at or after `from`.
fn find_tag(xml: &str, tag: &str, from: usize) -> Option<usize> {
    let open = format!("<{tag}");
    let mut at = from;
    while let Some(found) = xml.get(at..)?.find(&open) {
        let start = at + found;
        let after = xml.as_bytes().get(start + open.len()).copied();
        if matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')) {
            return Some(start);
        }
        at = start + open.len();
    }
    None
}

fn text_of(text: &Text) -> String {
    let content = text.content.trim();
    if content.contains('<') {
        collapse_whitespace(&fragment_to_text(content))
    } else {
        collapse_whitespace(content)
    }
}

fn entry_draft(
    entry: &Entry,
    feed_title: Option<&str>,
    name: &str,
    number: usize,
) -> Result<Draft, IngestError> {
    let location = format!("{name}#item {number}");
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .filter(|b| !b.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.as_str()))
        .or_else(|| {
            entry
                .media
                .iter()
                .find_map(|m| m.description.as_ref().map(|d| d.content.as_str()))
        })
        .unwrap_or("");
    let title = entry.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    let mut text = fragment_to_text(body);
    if text.trim().is_empty() {
        // A headline-only item is still a report (many alert feeds carry nothing else).
        text = title.clone().unwrap_or_default();
    }
    if text.trim().is_empty() {
        return Err(IngestError::new(location, IngestErrorKind::Empty));
    }
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let guid = Some(entry.id.trim().to_string()).filter(|id| !id.is_empty());
    let published = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
    let own_source = entry
        .source
        .clone()
        .filter(|s| !s.trim().is_empty() && !s.starts_with("http"));
    let source_is_container = own_source.is_none();
    let source = own_source.or_else(|| feed_title.map(str::to_string));
    Ok(Draft {
        report_ref: url
            .clone()
            .or(guid)
            .or_else(|| Some(format!("{name}#{number}"))),
        source,
        source_is_container,
        url,
        title,
        published,
        language: entry.language.clone(),
        tlp: None,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladder_core::hash::normalise_text;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Peninsula Desk</title><link>https://desk.example.org</link><description>News</description>
<item><title>Summit in Pyongyang</title><link>https://desk.example.org/1</link>
<pubDate>Wed, 19 Jun 2024 10:00:00 +0900</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Kim and Putin signed a pact.</p><figure><img src="a.jpg"/><figcaption>Caption</figcaption></figure><p>It includes mutual defence.</p>]]></content:encoded></item>
<item><title>Second</title><guid isPermaLink="false">desk-2</guid><description>&lt;p&gt;Escaped &amp;amp; summary&lt;/p&gt;</description></item>
<item><title>Headline only</title></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_drafts() {
        let items = read_feed(RSS, "desk.rss").unwrap();
        assert_eq!(items.len(), 3);
        let (first, format) = items[0].as_ref().unwrap();
        assert_eq!(*format, ReportFormat::Rss);
        assert_eq!(
            normalise_text(&first.text),
            "Kim and Putin signed a pact.\n\nIt includes mutual defence."
        );
        assert_eq!(first.title.as_deref(), Some("Summit in Pyongyang"));
        assert_eq!(first.url.as_deref(), Some("https://desk.example.org/1"));
        assert_eq!(
            first.report_ref.as_deref(),
            Some("https://desk.example.org/1")
        );
        assert_eq!(first.source.as_deref(), Some("Peninsula Desk"));
        assert_eq!(
            first.published.as_deref(),
            Some("2024-06-19T01:00:00+00:00")
        );
        let (second, _) = items[1].as_ref().unwrap();
        assert_eq!(normalise_text(&second.text), "Escaped & summary");
        assert_eq!(second.report_ref.as_deref(), Some("desk-2"));
        let (third, _) = items[2].as_ref().unwrap();
        assert_eq!(third.text, "Headline only");
        assert_eq!(third.report_ref.as_deref(), Some("desk.rss#3"));
    }

    #[test]
    fn broken_item_costs_only_itself() {
        let broken = RSS.replace("<title>Second</title>", "<title>Second</titel>");
        let items = read_feed(&broken, "desk.rss").unwrap();
        assert_eq!(items.len(), 3);
        assert!(items[0].is_ok());
        let error = items[1].as_ref().unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("desk.rss#item 2: malformed feed:"),
            "{error}"
        );
        assert!(items[2].is_ok());
    }

    #[test]
    fn atom_entries_prefer_content() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id><updated>2024-10-18T00:00:00Z</updated>
<entry><title type="html">Troops &lt;em&gt;moved&lt;/em&gt;</title><id>urn:e1</id><updated>2024-10-18T00:00:00Z</updated>
<link href="https://atom.example.org/e1"/><summary>Summary only.</summary>
<content type="html">&lt;p&gt;Full text of the entry.&lt;/p&gt;</content></entry>
</feed>"#;
        let items = read_feed(atom, "a.atom").unwrap();
        let (entry, format) = items[0].as_ref().unwrap();
        assert_eq!(*format, ReportFormat::Atom);
        assert_eq!(normalise_text(&entry.text), "Full text of the entry.");
        assert_eq!(entry.title.as_deref(), Some("Troops moved"));
        assert_eq!(
            entry.published.as_deref(),
            Some("2024-10-18T00:00:00+00:00")
        );
    }

    #[test]
    fn unreadable_feed_is_one_error() {
        let error = read_feed("<rss version=\"2.0\"><channel><title>x", "x.rss").unwrap_err();
        assert!(
            error.to_string().starts_with("x.rss: malformed feed:"),
            "{error}"
        );
    }
}
