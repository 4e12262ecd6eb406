//! HTML pages: the main article text (Readability via `dom_smoothie`, with figure captions,
//! "read also"/"related" blocks, scripts and navigation dropped), its title, publication
//! date, site name, canonical URL and declared language. Also turns HTML fragments (feed
//! item content) into plain text.

use crate::draft::{collapse_whitespace, Draft};
use crate::error::{IngestError, IngestErrorKind};
use crate::nesting::{deepest_nesting, flatten_nesting, MAX_NESTING};
use chrono::{Datelike, NaiveDate};
use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};
use std::collections::HashMap;

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "textarea",
    "button",
    "figcaption",
    "head",
    "title",
    "meta",
    "link",
    "input",
    "video",
    "audio",
    "picture",
    "img",
    "map",
];

/// Page furniture skipped when the whole page has to be read (no article found).
const PAGE_FURNITURE: &[&str] = &["nav", "header", "footer", "aside", "form", "menu", "dialog"];

/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "figure",
    "hr",
    "address",
    "details",
    "summary",
    "body",
    "header",
    "footer",
    "aside",
    "nav",
    "fieldset",
];

/// Elements that start a new line but not a new paragraph.
const LINES: &[&str] = &["li", "tr", "dt", "dd", "caption"];

/// Class or id fragments of blocks that are not the article: related links, "read also",
/// newsletters, ads, share bars.
const BOILERPLATE_MARKS: &[&str] = &[
    "related",
    "read-also",
    "readalso",
    "also-read",
    "more-stories",
    "more-on-this",
    "more-from",
    "most-read",
    "mostread",
    "most-popular",
    "top-stories",
    "you-may-like",
    "also-in",
    "recommend",
    "newsletter",
    "outbrain",
    "taboola",
    "advert",
    "sponsor",
    "promo",
    "share-bar",
    "sharebar",
    "social-share",
    "share-tools",
    "subscribe",
    "paywall",
    "breadcrumb",
    "cookie",
    "caption",
    "credit",
];

/// Short paragraphs that introduce links to other stories, or mark ad slots.
const BOILERPLATE_LEADS: &[&str] = &[
    "read also",
    "also read",
    "read more",
    "related:",
    "related articles",
    "related stories",
    "related coverage",
    "see also",
    "more on this",
    "recommended",
    "advertisement",
    "skip advertisement",
    "story continues below",
    "click here to",
    "sign up for",
    "subscribe to",
    "читайте также",
    "см. также",
    "читайте також",
];

/// Read an HTML page (already decoded).
pub fn read_html(html: &str, location: &str) -> Result<Draft, IngestError> {
    let (depth, at) = deepest_nesting(html);
    if depth > MAX_NESTING {
        return Err(IngestError::new(
            location,
            IngestErrorKind::Invalid(format!(
                "HTML elements nested {depth} deep (at byte {at}), over the {MAX_NESTING}-level limit: not read"
            )),
        ));
    }
    let document = Document::from(html);
    let meta = PageMeta::from_document(&document);
    remove_boilerplate(&document, false);
    let config = Config {
        max_elements_to_parse: 0,
        ..Config::default()
    };
    let article = Readability::with_document(document, None, Some(config))
        .ok()
        .and_then(|mut readability| readability.parse().ok());
    let (mut text, readability_title, readability_date, readability_site) = match article {
        Some(article) => (
            fragment_to_text(&article.content),
            Some(article.title),
            article.published_time,
            article.site_name,
        ),
        None => (String::new(), None, None, None),
    };
    if text.trim().is_empty() {
        text = page_text(html);
    }
    let page_date = meta
        .published
        .as_deref()
        .or(readability_date.as_deref())
        .and_then(|p| crate::dates::parse_published(p).date);
    let text = drop_leading_furniture(&text, page_date, meta.byline.as_deref());
    if text.trim().is_empty() {
        return Err(IngestError::new(
            location,
            IngestErrorKind::NoText("the HTML page"),
        ));
    }
    let title = readability_title
        .map(|t| collapse_whitespace(&t))
        .filter(|t| !t.is_empty())
        .or(meta.title);
    Ok(Draft {
        report_ref: None,
        source: meta.site_name.or(readability_site),
        source_is_container: false,
        url: meta.url,
        title,
        published: meta.published.or(readability_date),
        language: meta.language,
        tlp: None,
        text,
    })
}

/// Plain text of an HTML fragment (a feed item's content, Readability's output):
/// paragraphs on their own lines, captions, scripts and "read also" blocks dropped.
/// Elements nested deeper than [`MAX_NESTING`] are flattened first (their text kept).
pub fn fragment_to_text(html: &str) -> String {
    let html = flatten_nesting(html, MAX_NESTING);
    let html = html.as_ref();
    let document = Document::fragment(html);
    remove_boilerplate(&document, false);
    let mut out = String::with_capacity(html.len() / 2);
    collect_text(document.root(), false, &mut out);
    drop_boilerplate_paragraphs(&out)
}

/// Text of a whole page when no article could be found: page furniture skipped too.
fn page_text(html: &str) -> String {
    let document = Document::from(html);
    remove_boilerplate(&document, true);
    let mut out = String::new();
    collect_text(document.root(), true, &mut out);
    drop_boilerplate_paragraphs(&out)
}

/// Remove blocks whose class or id marks them as related links, ads, share bars…,
/// and figure captions; `whole_page` also removes navigation-like blocks.
fn remove_boilerplate(document: &Document, whole_page: bool) {
    document.select("figcaption").remove();
    let mut doomed = Vec::new();
    for node in document.select("[class], [id]").nodes() {
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if matches!(name.as_str(), "html" | "body" | "main" | "article") {
            continue;
        }
        let marks = format!(
            "{} {}",
            node.attr("class")
                .map(|c| c.to_ascii_lowercase())
                .unwrap_or_default(),
            node.attr("id")
                .map(|c| c.to_ascii_lowercase())
                .unwrap_or_default()
        );
        let furniture = whole_page
            && marks
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|token| {
                    matches!(
                        token,
                        "nav" | "menu" | "sidebar" | "footer" | "comments" | "ad" | "ads"
                    )
                });
        if (furniture || BOILERPLATE_MARKS.iter().any(|mark| marks.contains(mark)))
            && !holds_prose(node)
        {
            doomed.push(*node);
        }
    }
    for heading in document.select(LINK_LIST_HEADING_TAGS).nodes() {
        doomed.extend(headed_link_list(heading));
    }
    for node in doomed {
        node.remove_from_parent();
    }
}

/// Elements that may hold a headed list of links to other stories.
const LINK_BLOCKS: &[&str] = &["section", "aside", "div", "nav", "footer", "ul", "ol"];

/// Elements that may head such a list.
const LINK_LIST_HEADING_TAGS: &str = "h1, h2, h3, h4, h5, h6, strong, b, header";

/// Non-whitespace characters above which a block is not a short link list.
const LINK_LIST_CHARS: usize = 600;

/// Headings that introduce links to other stories ("More on this story", "Related").
const LINK_LIST_HEADINGS: &[&str] = &[
    "more on this",
    "more from",
    "more stories",
    "related",
    "read also",
    "also read",
    "read more",
    "see also",
    "recommended",
    "you may also like",
    "you might also like",
    "most read",
    "most popular",
    "top stories",
    "latest stories",
    "editor's picks",
    "читайте также",
    "см. также",
    "читайте також",
];

/// Count of non-whitespace characters.
fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether an element's name is one of `names`.
fn is_element_named(node: &NodeRef<'_>, names: &[&str]) -> bool {
    node.is_element()
        && node
            .node_name()
            .is_some_and(|n| names.iter().any(|m| n.eq_ignore_ascii_case(m)))
}

/// Characters of link text under `node`.
fn linked_chars(node: &NodeRef<'_>) -> usize {
    node.descendants_it()
        .filter(|d| is_element_named(d, &["a"]))
        .map(|a| visible_chars(&a.text()))
        .sum()
}

/// True when links make up most (70 %) of `chars` characters and there are some.
fn mostly_links(linked: usize, chars: usize) -> bool {
    linked > 0 && linked * 10 >= chars * 7
}

/// The nodes to drop when `heading` reads like "More on this story" and opens a short
/// block whose other text is mostly links (the block), or is followed by a list of links
/// (the heading and the list): links to other stories, wherever they sit on the page.
fn headed_link_list<'a>(heading: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let heading_chars = visible_chars(&heading.text());
    if heading_chars == 0 || heading_chars > 60 {
        return Vec::new();
    }
    let heading_text = collapse_whitespace(&heading.text()).to_lowercase();
    if !LINK_LIST_HEADINGS
        .iter()
        .any(|lead| heading_text.starts_with(lead))
    {
        return Vec::new();
    }
    let mut container = heading.parent();
    for _ in 0..3 {
        let Some(block) = container else {
            break;
        };
        let total = visible_chars(&block.text());
        if total > LINK_LIST_CHARS + heading_chars {
            break;
        }
        if is_element_named(&block, LINK_BLOCKS)
            && total > heading_chars
            && mostly_links(linked_chars(&block), total - heading_chars)
        {
            return vec![block];
        }
        container = block.parent();
    }
    let list = heading.next_element_sibling();
    match list {
        Some(list) if is_element_named(&list, &["ul", "ol"]) => {
            let total = visible_chars(&list.text());
            if total <= LINK_LIST_CHARS && mostly_links(linked_chars(&list), total) {
                vec![*heading, list]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// Characters of text outside links above which a marked block is kept anyway: link lists
/// and promos are short or mostly links, an article body wrapped in an odd class is not.
const PROSE_CHARS: usize = 1000;

/// True when a block holds more than [`PROSE_CHARS`] of text that is not link text.
fn holds_prose(node: &NodeRef<'_>) -> bool {
    let total = node.text().chars().filter(|c| !c.is_whitespace()).count();
    if total <= PROSE_CHARS {
        return false;
    }
    let linked: usize = node
        .descendants_it()
        .filter(|d| d.is_element() && d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("a")))
        .map(|a| a.text().chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    total.saturating_sub(linked) > PROSE_CHARS
}

/// Append the visible text under `root` to `out`, with paragraph breaks at block elements.
/// Iterative, so that deeply nested markup cannot overflow the stack.
fn collect_text(root: NodeRef<'_>, whole_page: bool, out: &mut String) {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Leave(usize),
    }
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave(breaks) => {
                push_breaks(out, breaks);
                continue;
            }
            Step::Enter(node) => node,
        };
        if node.is_text() {
            push_collapsed(out, &node.text());
            continue;
        }
        let mut breaks = 0;
        if node.is_element() {
            let name = node
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            let hidden = node.has_attr("hidden")
                || node
                    .attr("aria-hidden")
                    .is_some_and(|v| v.as_ref() == "true");
            if hidden
                || SKIPPED.contains(&name.as_str())
                || (whole_page && PAGE_FURNITURE.contains(&name.as_str()))
            {
                continue;
            }
            if name == "br" {
                push_breaks(out, 1);
                continue;
            }
            if name == "pre" {
                push_breaks(out, 2);
                out.push_str(node.text().trim_matches('\n'));
                push_breaks(out, 2);
                continue;
            }
            breaks = if BLOCKS.contains(&name.as_str()) {
                2
            } else if LINES.contains(&name.as_str()) {
                1
            } else if matches!(name.as_str(), "td" | "th") {
                push_collapsed(out, " ");
                0
            } else {
                0
            };
            push_breaks(out, breaks);
        } else if !(node.is_document() || node.is_fragment()) {
            continue;
        }
        stack.push(Step::Leave(breaks));
        for child in node.children_it(true) {
            stack.push(Step::Enter(child));
        }
    }
}

/// Append text with runs of whitespace collapsed to one space.
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !(out.is_empty() || out.ends_with(' ') || out.ends_with('\n')) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// End the current line and make sure `count` line breaks (1 or 2) separate what follows.
fn push_breaks(out: &mut String, count: usize) {
    if count == 0 || out.is_empty() {
        return;
    }
    while out.ends_with(' ') {
        out.pop();
    }
    let present = out.len() - out.trim_end_matches('\n').len();
    for _ in present..count {
        out.push('\n');
    }
}

/// Drop short paragraphs that introduce other stories or mark ad slots.
fn drop_boilerplate_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for paragraph in text.split('\n') {
        let trimmed = paragraph.trim();
        let lower = trimmed.to_lowercase();
        let boilerplate = trimmed.chars().count() < 200
            && BOILERPLATE_LEADS.iter().any(|lead| lower.starts_with(lead));
        if !boilerplate {
            out.push_str(paragraph);
        }
        out.push('\n');
    }
    out
}

/// Longest leading line taken for a timestamp or byline.
const LEADING_LINE_CHARS: usize = 80;

/// `text` without up to two leading lines that only repeat the page's date ("10/15/2024
/// 10:12 AM") or its byline ("By CNA staff writers"), so that a dateline opens the text.
fn drop_leading_furniture(
    text: &str,
    page_date: Option<NaiveDate>,
    byline: Option<&str>,
) -> String {
    let mut rest = text.trim_start();
    for _ in 0..2 {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        let line = line.trim();
        if after.trim().is_empty() || line.chars().count() > LEADING_LINE_CHARS {
            break;
        }
        let repeats_date = page_date.is_some_and(|date| is_bare_timestamp(line, date));
        let repeats_byline = byline.is_some_and(|b| {
            let b = collapse_whitespace(b);
            !b.is_empty()
                && (line.eq_ignore_ascii_case(&b)
                    || line
                        .strip_prefix("By ")
                        .is_some_and(|name| name.eq_ignore_ascii_case(&b)))
        });
        if !(repeats_date || repeats_byline) {
            break;
        }
        rest = after.trim_start();
    }
    rest.to_string()
}

/// True when `line` is nothing but a date and time naming `date`'s year and day:
/// "10/15/2024 10:12 AM", "Updated: 15 Oct 2024, 10:12 KST", "2024-10-15 10:12".
fn is_bare_timestamp(line: &str, date: NaiveDate) -> bool {
    let tokens: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || ",/.:-·|()".contains(c))
        .filter(|t| !t.is_empty())
        .collect();
    let filler = |t: &str| {
        let lower = t.to_ascii_lowercase();
        matches!(
            lower.as_str(),
            "am" | "pm" | "updated" | "published" | "posted" | "last" | "on" | "at" | "utc" | "gmt"
        ) || crate::dates::month_number(t).is_some()
            || crate::dates::is_weekday(t)
            || (t.len() <= 4 && t.chars().all(|c| c.is_ascii_uppercase()))
    };
    let numbers: Vec<u32> = tokens.iter().filter_map(|t| t.parse().ok()).collect();
    !tokens.is_empty()
        && tokens
            .iter()
            .all(|t| t.chars().all(|c| c.is_ascii_digit()) || filler(t))
        && numbers.contains(&(date.year() as u32))
        && numbers.contains(&date.day())
}

/// What a page says about itself in its head and markup.
#[derive(Debug, Default)]
struct PageMeta {
    /// The author line shown on the page or named in `<meta name=author>`.
    byline: Option<String>,
    title: Option<String>,
    published: Option<String>,
    site_name: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

/// `<meta>` keys holding the publication date, most specific first.
const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
];

impl PageMeta {
    fn from_document(document: &Document) -> PageMeta {
        let mut metas: HashMap<String, String> = HashMap::new();
        for node in document.select("meta").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            for key_attr in ["property", "name", "itemprop"] {
                if let Some(key) = node.attr(key_attr) {
                    metas
                        .entry(key.trim().to_ascii_lowercase())
                        .or_insert_with(|| content.to_string());
                }
            }
        }
        let meta = |key: &str| metas.get(key).cloned();
        let title = meta("og:title")
            .or_else(|| meta("twitter:title"))
            .or_else(|| first_text(document, "title"))
            .or_else(|| first_text(document, "h1"));
        let published = DATE_META_KEYS
            .iter()
            .take(3)
            .find_map(|k| meta(k))
            .or_else(|| json_ld_string(document, "datePublished"))
            .or_else(|| DATE_META_KEYS.iter().skip(3).find_map(|k| meta(k)))
            .or_else(|| {
                attr_of(
                    document,
                    "[itemprop=datePublished]",
                    &["datetime", "content"],
                )
            })
            .or_else(|| attr_of(document, "time[pubdate]", &["datetime"]))
            .or_else(|| attr_of(document, "article time[datetime]", &["datetime"]))
            .or_else(|| attr_of(document, "time[datetime]", &["datetime"]));
        let site_name = meta("og:site_name").or_else(|| json_ld_publisher(document));
        let url = meta("og:url")
            .or_else(|| attr_of(document, "link[rel=canonical]", &["href"]))
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
        let language = attr_of(document, "html", &["lang", "xml:lang"]);
        let byline = first_text(
            document,
            "[rel=author], [itemprop=author], [class*=byline], [class*=author]",
        )
        .filter(|b| b.chars().count() <= LEADING_LINE_CHARS)
        .or_else(|| meta("author"));
        PageMeta {
            byline,
            title: title
                .map(|t| collapse_whitespace(&t))
                .filter(|t| !t.is_empty()),
            published,
            site_name: site_name
                .map(|s| collapse_whitespace(&s))
                .filter(|s| !s.is_empty()),
            url,
            language,
        }
    }
}

fn first_text(document: &Document, selector: &str) -> Option<String> {
    let text = collapse_whitespace(&document.select_single(selector).text());
    (!text.is_empty()).then_some(text)
}

fn attr_of(document: &Document, selector: &str, attrs: &[&str]) -> Option<String> {
    document.select(selector).nodes().iter().find_map(|node| {
        attrs.iter().find_map(|a| {
            node.attr(a)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        })
    })
}

/// The JSON-LD blocks of a page, parsed (invalid ones skipped).
fn json_ld(document: &Document) -> Vec<serde_json::Value> {
    document
        .select("script[type=\"application/ld+json\"]")
        .nodes()
        .iter()
        .filter_map(|node| serde_json::from_str(node.text().trim()).ok())
        .collect()
}

/// The first string value of `key` anywhere in the page's JSON-LD.
fn json_ld_string(document: &Document, key: &str) -> Option<String> {
    json_ld(document).iter().find_map(|v| find_key(v, key, 0))
}

fn json_ld_publisher(document: &Document) -> Option<String> {
    json_ld(document).iter().find_map(|v| {
        let publisher = find_value(v, "publisher", 0)?;
        match publisher {
            serde_json::Value::String(s) => Some(s.clone()),
            other => other.get("name")?.as_str().map(str::to_string),
        }
    })
}

fn find_key(value: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
    find_value(value, key, depth).and_then(|v| v.as_str().map(str::to_string))
}

fn find_value<'v>(
    value: &'v serde_json::Value,
    key: &str,
    depth: usize,
) -> Option<&'v serde_json::Value> {
    if depth > 8 {
        return None;
    }
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .or_else(|| map.values().find_map(|v| find_value(v, key, depth + 1))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find_value(v, key, depth + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladder_core::hash::normalise_text;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en-GB"><head>
<title>Troops sighted near Vladivostok | The Example Post</title>
<meta property="og:site_name" content="The Example Post">
<meta property="og:title" content="Troops sighted near Vladivostok">
<meta property="article:published_time" content="2024-10-18T09:30:00+09:00">
<link rel="canonical" href="https://example.org/news/troops">
<script>var tracking = "do not read me";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="ad-slot advert">Buy our newsletter now!</div>
<article>
<h1>Troops sighted near Vladivostok</h1>
<p>SEOUL, Oct 18 (Reuters) - North Korea has moved about 1,500 special forces soldiers to Russia's Far East, South Korea's intelligence agency said on Friday, in what it called the first confirmed deployment of its kind.</p>
<figure><img src="ship.jpg"><figcaption>A Russian landing ship in a file photo.</figcaption></figure>
<p>The agency said the soldiers travelled on Russian navy vessels between Chongjin and Vladivostok over several days this month, and that more transfers were expected to follow soon after.</p>
<aside class="related-stories"><h3>Related</h3><ul><li><a href="/a">Earlier: summit in Pyongyang</a></li></ul></aside>
<p>Read also: Kim and Putin sign defence pact</p>
<p>Seoul said it was weighing diplomatic, economic and military responses in stages, and an official said offensive weapons for Ukraine were not ruled out if the cooperation went further.</p>
</article>
<footer>Copyright The Example Post. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn article_text_and_metadata() {
        let draft = read_html(PAGE, "page.html").unwrap();
        let text = normalise_text(&draft.text);
        assert!(
            text.starts_with("SEOUL, Oct 18 (Reuters) - North Korea"),
            "{text}"
        );
        assert!(text.contains("Seoul said it was weighing"), "{text}");
        for absent in [
            "Home",
            "newsletter",
            "landing ship",
            "Earlier: summit",
            "Read also",
            "tracking",
            "All rights",
        ] {
            assert!(!text.contains(absent), "{absent} should be gone: {text}");
        }
        assert_eq!(text.matches("\n\n").count(), 2, "three paragraphs: {text}");
        assert_eq!(
            draft.title.as_deref(),
            Some("Troops sighted near Vladivostok")
        );
        assert_eq!(
            draft.published.as_deref(),
            Some("2024-10-18T09:30:00+09:00")
        );
        assert_eq!(draft.source.as_deref(), Some("The Example Post"));
        assert_eq!(
            draft.url.as_deref(),
            Some("https://example.org/news/troops")
        );
        assert_eq!(draft.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn dates_from_json_ld_and_time_elements() {
        let cases = [
            (
                r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2024-06-19T08:00:00Z","publisher":{"name":"Desk"}}]}</script></head><body><p>Text of the story.</p></body></html>"#,
                Some("2024-06-19T08:00:00Z"),
            ),
            (
                r#"<html><body><article><time datetime="2023-09-13">13 Sept</time><p>Text.</p></article></body></html>"#,
                Some("2023-09-13"),
            ),
            (
                r#"<html><head><meta name="pubdate" content="20240101"></head><body><p>Text.</p></body></html>"#,
                Some("20240101"),
            ),
            ("<p>No date here.</p>", None),
        ];
        for (html, expected) in cases {
            let draft = read_html(html, "d.html").unwrap();
            assert_eq!(draft.published.as_deref(), expected, "{html}");
        }
    }

    #[test]
    fn truncated_and_empty_pages() {
        let cut = &PAGE[..PAGE.find("Chongjin").unwrap()];
        let draft = read_html(cut, "cut.html").unwrap();
        assert!(
            draft.text.contains("North Korea has moved"),
            "{}",
            draft.text
        );
        let error = read_html(
            "<html><head><title>x</title></head><body><script>1</script></body></html>",
            "e.html",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "e.html: no article text found in the HTML page"
        );
    }

    #[test]
    fn fragments_keep_paragraphs() {
        let text = fragment_to_text("<p>One <b>bold</b>\n word.</p><p>Two<br>lines</p><ul><li>a</li><li>b</li></ul><script>x</script>");
        assert_eq!(
            normalise_text(&text),
            "One bold word.\n\nTwo\nlines\n\na\nb"
        );
        let deep = "<div>".repeat(3_000) + "deep text";
        assert_eq!(normalise_text(&fragment_to_text(&deep)), "deep text");
    }
}
