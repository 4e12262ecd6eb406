//! A cheap pre-scan of HTML element nesting, run before parsing: html5ever's tree builder
//! and Readability both spend time proportional to the depth of the open-element stack on
//! every tag, so a page of 20,000 nested `<div>`s takes quadratic time. Pages nested too
//! deeply are refused; fragments (feed item content) are flattened instead.

use std::borrow::Cow;

/// The deepest element nesting a page may have. Real articles stay under a few hundred.
pub const MAX_NESTING: usize = 2_000;

/// Elements without content: they never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements whose end tag may be left out: the next sibling closes them, so they are not
/// counted as nesting (a page of unclosed `<p>`s is flat).
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb",
    "rt", "rp", "rtc", "colgroup", "caption",
];

/// One tag found by the scanner.
enum Tag {
    /// A start tag of an element that nests; `start..end` is the tag's text.
    Open { start: usize, end: usize },
    /// An end tag of an element that nests.
    Close { start: usize, end: usize },
}

/// Walk the tags of `html` that change nesting, in order.
fn nesting_tags(html: &str, mut visit: impl FnMut(Tag)) {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(found) = memchr_lt(bytes, at) {
        at = found;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            at += rest.find("-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        let tag_end = rest.find('>').map_or(html.len(), |end| at + end + 1);
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // "<!DOCTYPE", "<?xml", a stray "<": not an element.
            at = if name_len == 0 && !closing && !rest.starts_with("<!") && !rest.starts_with("<?")
            {
                at + 1
            } else {
                tag_end
            };
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let nests = !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str());
        if closing {
            if nests {
                visit(Tag::Close {
                    start: at,
                    end: tag_end,
                });
            }
            at = tag_end;
            continue;
        }
        let self_closing = html[at..tag_end].ends_with("/>");
        if nests && !self_closing {
            visit(Tag::Open {
                start: at,
                end: tag_end,
            });
        }
        at = tag_end;
        if RAW_TEXT.contains(&name.as_str()) && !self_closing {
            at = find_end_tag(bytes, at, name.as_bytes());
        }
    }
}

/// Where the end tag `</name` (any case) starts at or after `from`, else the end.
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(found) = memchr_lt(bytes, at) {
        let after = found + 2;
        if bytes.get(found + 1) == Some(&b'/')
            && bytes
                .get(after..after + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return found;
        }
        at = found + 1;
    }
    bytes.len()
}

/// The next `<` at or after `from`.
fn memchr_lt(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|b| *b == b'<')
        .map(|p| from + p)
}

/// The deepest element nesting in `html` and the byte offset where it is first reached.
pub fn deepest_nesting(html: &str) -> (usize, usize) {
    let mut depth = 0usize;
    let mut deepest = (0, 0);
    nesting_tags(html, |tag| match tag {
        Tag::Open { start, .. } => {
            depth += 1;
            if depth > deepest.0 {
                deepest = (depth, start);
            }
        }
        Tag::Close { .. } => depth = depth.saturating_sub(1),
    });
    deepest
}

/// `html` with the tags of elements nested deeper than `limit` removed (their text kept),
/// borrowed unchanged when it is not that deep.
pub fn flatten_nesting(html: &str, limit: usize) -> Cow<'_, str> {
    if deepest_nesting(html).0 <= limit {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut depth = 0usize;
    nesting_tags(html, |tag| {
        let (start, end, drop) = match tag {
            Tag::Open { start, end } => {
                depth += 1;
                (start, end, depth > limit)
            }
            Tag::Close { start, end } => {
                let drop = depth > limit;
                depth = depth.saturating_sub(1);
                (start, end, drop)
            }
        };
        if drop {
            out.push_str(&html[copied..start]);
            copied = end;
        }
    });
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_nesting() {
        let cases = [
            ("<html><body><div><p>a</p></div></body></html>", 3),
            ("<p>one<p>two<p>three", 0),
            ("<ul><li>a<li>b<ul><li>c</ul></ul>", 2),
            ("<div><br><img src=x><hr/></div>", 1),
            ("<div><!-- <div><div> --></div>", 1),
            ("<script>if (a<b) { '<div><div>' }</script><div></div>", 1),
            ("<!DOCTYPE html><div>1 < 2</div>", 1),
            ("<div/><div/>", 0),
            ("", 0),
            ("<", 0),
        ];
        for (html, depth) in cases {
            assert_eq!(deepest_nesting(html).0, depth, "{html}");
        }
        let deep = "<div>".repeat(5_000) + "text";
        assert_eq!(deepest_nesting(&deep), (5_000, 4_999 * 5));
    }

    #[test]
    fn flattens_past_the_limit() {
        let html = "<div><section><span>x</span></section></div>";
        assert_eq!(flatten_nesting(html, 3), html);
        assert_eq!(
            flatten_nesting(html, 1),
            "<div>x</div>",
            "tags past depth 1 dropped, text kept"
        );
        let deep = "<div>".repeat(3_000) + "deep" + &"</div>".repeat(3_000);
        let flat = flatten_nesting(&deep, 100);
        assert_eq!(deepest_nesting(&flat).0, 100);
        assert!(flat.contains("deep"));
    }
}
