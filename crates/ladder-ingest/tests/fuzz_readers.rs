//! Property tests standing in for fuzz targets: arbitrary bytes, and token soups shaped
//! like each format, never make a reader panic, and every report that comes out keeps the
//! invariants the rest of Ladder relies on (normalised text, id = hash of text, a
//! dateline that ends on a character boundary inside the text).

use ladder_core::hash::{normalise_text, report_id};
use ladder_core::ReportFormat;
use ladder_ingest::{IngestItem, IngestOptions, Ingestor, SourceRegistry};
use proptest::prelude::*;
use std::sync::OnceLock;

fn ingestor() -> &'static Ingestor {
    static INGESTOR: OnceLock<Ingestor> = OnceLock::new();
    INGESTOR.get_or_init(|| Ingestor::new(SourceRegistry::bundled(), IngestOptions::default()))
}

/// One ingestor per forced format, built once (the registry and its regexes are not free).
fn forced(format: ReportFormat) -> &'static Ingestor {
    static FORCED: OnceLock<Vec<(ReportFormat, Ingestor)>> = OnceLock::new();
    let all = FORCED.get_or_init(|| {
        [
            ReportFormat::Text,
            ReportFormat::Markdown,
            ReportFormat::Html,
            ReportFormat::Rss,
            ReportFormat::Jsonl,
        ]
        .into_iter()
        .map(|f| {
            let options = IngestOptions {
                format: Some(f),
                ..IngestOptions::default()
            };
            (f, Ingestor::new(SourceRegistry::bundled(), options))
        })
        .collect()
    });
    &all.iter()
        .find(|(f, _)| *f == format)
        .expect("every format used here is built above")
        .1
}

fn check_items(items: &[IngestItem]) {
    for item in items {
        match item {
            Ok(report) => {
                assert!(!report.text.is_empty());
                assert_eq!(report.text, normalise_text(&report.text));
                assert_eq!(report.id, report_id(&report.text));
                if let Some(dateline) = &report.dateline {
                    assert!(dateline.len <= report.text.len());
                    assert!(report.text.is_char_boundary(dateline.len));
                    assert!(dateline.start <= dateline.len);
                    assert!(report.text.is_char_boundary(dateline.start));
                }
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
}

fn soup(tokens: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(tokens).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

const TEXT_TOKENS: &[&str] = &[
    "SEOUL, Oct 18 (Reuters) - ",
    "MOSCOW (AP) — ",
    "Kyiv, 5 November 2024 (AFP) – ",
    "# ",
    "## ",
    "Source: ",
    "Published: ",
    "TLP: ",
    "Title: ",
    "URL: ",
    "---\n",
    "\n",
    "\n\n",
    "\r\n",
    "(AFP)",
    "— AP",
    "(With inputs from Reuters)",
    "(Reporting by X for Reuters)",
    "© 2024 ",
    "**",
    "*",
    "_",
    "`",
    "[",
    "](",
    ")",
    "![",
    "> ",
    "- ",
    "1. ",
    "|",
    "|---|",
    "é",
    "\u{200B}",
    "\u{301}",
    "Sept. 31",
    "2024-13-45",
    "text ",
    "North Korea ",
    "troops ",
    " ",
    "\t",
    "\\",
];

const HTML_TOKENS: &[&str] = &[
    "<html>",
    "<head>",
    "<title>",
    "</title>",
    "<body>",
    "<p>",
    "</p>",
    "<div class=\"related\">",
    "<div>",
    "</div>",
    "<article>",
    "</article>",
    "<script>",
    "</script>",
    "<style>",
    "<nav>",
    "<figure><figcaption>",
    "</figcaption>",
    "<br>",
    "<pre>",
    "<table><tr><td>",
    "<li>",
    "<meta property=\"article:published_time\" content=\"2024-10-18\">",
    "<meta property=\"og:site_name\" content=\"Reuters\">",
    "<script type=\"application/ld+json\">{\"datePublished\": \"2024-01-01\"",
    "}</script>",
    "<time datetime=\"",
    "\">",
    "&amp;",
    "&#x0;",
    "&nbsp;",
    "<!--",
    "-->",
    "<",
    ">",
    "\"",
    "Read also: ",
    "SEOUL, Oct 18 (Reuters) - ",
    "text ",
    "<svg><foreignObject>",
    "<template>",
    "<select><option>",
    "<![CDATA[",
    "]]>",
];

const FEED_TOKENS: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<rss version=\"2.0\">",
    "</rss>",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<description>",
    "</description>",
    "<link>",
    "</link>",
    "<guid>",
    "</guid>",
    "<pubDate>Mon, 28 Apr 2025 06:00:00 +0000</pubDate>",
    "<content:encoded>",
    "</content:encoded>",
    "<![CDATA[",
    "]]>",
    "<p>",
    "</p>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    "</feed>",
    "<entry>",
    "</entry>",
    "<content type=\"html\">",
    "</content>",
    "<summary>",
    "</summary>",
    "&lt;p&gt;",
    "&amp;",
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
    "text ",
    "<",
    ">",
    "<item ",
    "<entry/>",
    "<item/>",
];

const JSONL_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"text\"",
    "\"id\"",
    "\"url\"",
    "\"source\"",
    "\"outlet\"",
    "\"published\"",
    "\"title\"",
    "\"tlp\"",
    "\"language\"",
    "\"amber\"",
    "\"x\"",
    "null",
    "true",
    "1e400",
    "-0",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"2024-10-23\"",
    "\n",
    "\r\n",
    " ",
    "\"SEOUL, Oct 18 (Reuters) - text\"",
    "//",
    "\u{feff}",
];

proptest! {
    // 256 cases a property; `PROPTEST_CASES=N` runs longer.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for name in ["x.txt", "x.md", "x.html", "x.rss", "x.jsonl", "-"] {
            check_items(&ingestor().read_bytes(name, &bytes));
        }
        let items: Vec<_> = ingestor().read_reader("-", Box::new(&bytes[..])).collect();
        check_items(&items);
    }

    #[test]
    fn text_and_markdown_soup(text in soup(TEXT_TOKENS, 60)) {
        check_items(&forced(ReportFormat::Text).read_bytes("s.txt", text.as_bytes()));
        check_items(&forced(ReportFormat::Markdown).read_bytes("s.md", text.as_bytes()));
    }

    #[test]
    fn html_soup(html in soup(HTML_TOKENS, 80)) {
        check_items(&forced(ReportFormat::Html).read_bytes("s.html", html.as_bytes()));
    }

    #[test]
    fn feed_soup(xml in soup(FEED_TOKENS, 80)) {
        check_items(&forced(ReportFormat::Rss).read_bytes("s.rss", xml.as_bytes()));
    }

    #[test]
    fn jsonl_soup(lines in soup(JSONL_TOKENS, 80)) {
        check_items(&forced(ReportFormat::Jsonl).read_bytes("s.jsonl", lines.as_bytes()));
        let streamed: Vec<_> = forced(ReportFormat::Jsonl).read_reader("-", Box::new(lines.as_bytes())).collect();
        check_items(&streamed);
    }
}

proptest! {
    // Deep nesting: a few cases, each must finish (a page past the nesting limit is one
    // clear error; a fragment is flattened and its text kept).
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn deep_nesting_finishes(
        depth in 2_500usize..40_000,
        tag in prop::sample::select(vec!["div", "span", "section", "b", "ul", "blockquote"]),
        closed in any::<bool>(),
    ) {
        let close = if closed { format!("</{tag}>").repeat(depth) } else { String::new() };
        let page = format!("<html><body>{}<p>deep text</p>{close}</body></html>", format!("<{tag}>").repeat(depth));
        let items = forced(ReportFormat::Html).read_bytes("deep.html", page.as_bytes());
        check_items(&items);
        let error = items[0].as_ref().expect_err("a page this deep is refused").to_string();
        prop_assert!(error.starts_with("deep.html: HTML elements nested"), "{}", error);
        let text = ladder_ingest::fragment_to_text(&page);
        prop_assert!(text.contains("deep text"));
    }
}
