//! Every format read end to end through the public API, with team-written inputs:
//! detection by extension and by content, forced formats, stdin, directory order, and the
//! fields each reader fills.

use chrono::NaiveDate;
use ladder_core::hash::{normalise_text, report_id};
use ladder_core::{Reliability, Report, ReportFormat, Tlp};
use ladder_ingest::{IngestOptions, Ingestor, SourceRegistry};
use std::fs;
use std::path::Path;

fn ingestor() -> Ingestor {
    Ingestor::new(SourceRegistry::bundled(), IngestOptions::default())
}

fn one(name: &str, bytes: &[u8]) -> Report {
    let mut items = ingestor().read_bytes(name, bytes);
    assert_eq!(items.len(), 1, "{items:#?}");
    items.remove(0).unwrap()
}

fn assert_hashed(report: &Report) {
    assert_eq!(report.text, normalise_text(&report.text));
    assert_eq!(report.id, report_id(&report.text));
}

#[test]
fn plain_text_with_header_and_dateline() {
    let input = "Source: Yonhap\nPublished: 2024-10-18\nURL: https://en.yna.co.kr/view/AEN1\n\nN. Korea sends special forces to Russia\n\nSEOUL, Oct. 18 (Yonhap) -- North Korea has sent about 1,500 special forces troops to Russia's Far East, the National Intelligence Service said Friday.\n\nThe NIS said more troops would follow. (With inputs from AFP)\n";
    let report = one("yonhap.txt", input.as_bytes());
    assert_hashed(&report);
    assert_eq!(report.format, ReportFormat::Text);
    assert_eq!(
        report.title.as_deref(),
        Some("N. Korea sends special forces to Russia")
    );
    assert_eq!(report.source.as_deref(), Some("Yonhap"));
    assert_eq!(report.reliability, Some(Reliability::B));
    assert_eq!(report.published, NaiveDate::from_ymd_opt(2024, 10, 18));
    assert_eq!(report.wire, vec!["AFP".to_string(), "Yonhap".to_string()]);
    assert_eq!(report.language.as_deref(), Some("en"));
    assert_eq!(
        report.report_ref.as_deref(),
        Some("https://en.yna.co.kr/view/AEN1")
    );
    let dateline = report.dateline.as_ref().unwrap();
    assert_eq!(dateline.place, "SEOUL");
    assert_eq!(dateline.agency.as_deref(), Some("Yonhap"));
    assert_eq!(dateline.date, NaiveDate::from_ymd_opt(2024, 10, 18));
    assert!(report.text[dateline.len..].starts_with("North Korea has sent"));
}

#[test]
fn markdown_report() {
    let input = "# Kim and Putin sign a defence treaty\n\nPYONGYANG (AP) — North Korean leader **Kim Jong Un** and Russian President\nVladimir Putin signed a [mutual defence](https://example.org/treaty) pact on Wednesday.\n\n- Article 4 covers armed attack\n- It takes effect on ratification\n";
    let report = one("treaty.md", input.as_bytes());
    assert_hashed(&report);
    assert_eq!(report.format, ReportFormat::Markdown);
    assert_eq!(
        report.title.as_deref(),
        Some("Kim and Putin sign a defence treaty")
    );
    assert_eq!(
        report.text,
        "PYONGYANG (AP) — North Korean leader Kim Jong Un and Russian President Vladimir Putin signed a mutual defence pact on Wednesday.\n\nArticle 4 covers armed attack\nIt takes effect on ratification"
    );
    assert_eq!(report.wire, vec!["AP".to_string()]);
    assert_eq!(report.dateline.as_ref().unwrap().place, "PYONGYANG");
}

#[test]
fn html_page() {
    let input = r#"<html lang="en"><head><title>Drills resume | Harbour Times</title>
<meta property="og:site_name" content="Reuters"><meta property="og:url" content="https://www.reuters.com/world/drills">
<meta property="article:published_time" content="2024-11-05T03:00:00Z"></head>
<body><nav>Home | World</nav><article><h1>Drills resume</h1>
<p>Kyiv, 5 November 2024 (AFP) – Ukraine's intelligence service said North Korean troops had come under fire for the first time in the Kursk region, according to a statement released on Tuesday.</p>
<p>The statement did not say how many soldiers were involved, and Moscow did not comment on the report when asked by reporters later in the day.</p>
</article></body></html>"#;
    let report = one("page.html", input.as_bytes());
    assert_hashed(&report);
    assert_eq!(report.format, ReportFormat::Html);
    assert_eq!(report.source.as_deref(), Some("Reuters"));
    assert_eq!(
        report.url.as_deref(),
        Some("https://www.reuters.com/world/drills")
    );
    assert_eq!(report.published, NaiveDate::from_ymd_opt(2024, 11, 5));
    assert_eq!(report.wire, vec!["AFP".to_string(), "Reuters".to_string()]);
    assert!(!report.text.contains("Home"));
    assert_eq!(
        report.dateline.as_ref().unwrap().date,
        NaiveDate::from_ymd_opt(2024, 11, 5)
    );
}

#[test]
fn feeds_by_content_sniffing() {
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>KCNA Watch Desk</title>
<item><title>Statement</title><link>http://kcna.kp/item/1</link><pubDate>Mon, 28 Apr 2025 06:00:00 +0000</pubDate><description>&lt;p&gt;The DPRK confirmed that its units took part in operations in Kursk.&lt;/p&gt;</description></item>
</channel></rss>"#;
    let items = ingestor().read_bytes("feed-without-extension", rss.as_bytes());
    let report = items[0].as_ref().unwrap();
    assert_hashed(report);
    assert_eq!(report.format, ReportFormat::Rss);
    assert_eq!(report.reliability, Some(Reliability::D));
    assert_eq!(report.wire, vec!["KCNA".to_string()]);
    assert_eq!(report.published, NaiveDate::from_ymd_opt(2025, 4, 28));
    assert_eq!(
        report.text,
        "The DPRK confirmed that its units took part in operations in Kursk."
    );
}

#[test]
fn jsonl_lines_and_seed_shape() {
    let input = concat!(
        r#"{"id": "seed-article", "source": "BharatShakti", "published": "2024-10-23", "title": null, "text": "Keeping in view reports of North Korea providing troops to Russia, South Korea is weighing the option of directly supplying arms to Ukraine.\n(With inputs from Reuters)"}"#,
        "\n",
        r#"{"outlet": "Some Blog", "text": "Another text.", "tlp": "amber", "unknown": {"nested": true}}"#,
        "\n"
    );
    let items = ingestor().read_bytes("seed.jsonl", input.as_bytes());
    let first = items[0].as_ref().unwrap();
    assert_hashed(first);
    assert_eq!(first.report_ref.as_deref(), Some("seed-article"));
    assert_eq!(first.reliability, Some(Reliability::C));
    assert_eq!(first.wire, vec!["Reuters".to_string()]);
    assert_eq!(first.format, ReportFormat::Jsonl);
    let second = items[1].as_ref().unwrap();
    assert_eq!(second.source.as_deref(), Some("Some Blog"));
    assert_eq!(second.reliability, None);
    assert_eq!(second.tlp, Tlp::Amber);
    assert_eq!(second.report_ref.as_deref(), Some("seed.jsonl#2"));
}

#[test]
fn shared_seed_article_when_present() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/eval/dev/seed-article.report.jsonl");
    if !path.exists() {
        eprintln!("note: skipping: {} is not here", path.display());
        return;
    }
    let items: Vec<_> = ingestor().read_path(&path).collect();
    assert!(!items.is_empty());
    for item in items {
        let report = item.unwrap();
        assert_hashed(&report);
        assert_eq!(report.report_ref.as_deref(), Some("seed-article"));
    }
}

#[test]
fn forced_format_and_options() {
    let options = IngestOptions {
        format: Some(ReportFormat::Text),
        tlp: Some(Tlp::Green),
        ..IngestOptions::default()
    };
    let ingestor = Ingestor::new(SourceRegistry::bundled(), options);
    let items = ingestor.read_bytes("x.html", b"<p>kept as text</p>");
    let report = items[0].as_ref().unwrap();
    assert_eq!(report.format, ReportFormat::Text);
    assert_eq!(report.text, "<p>kept as text</p>");
    assert_eq!(report.tlp, Tlp::Green);
    let stix = Ingestor::new(
        SourceRegistry::bundled(),
        IngestOptions {
            format: Some(ReportFormat::Stix),
            ..IngestOptions::default()
        },
    );
    let error = stix.read_bytes("b.json", b"{}").remove(0).unwrap_err();
    assert_eq!(
        error.to_string(),
        "b.json: format `stix` is not read by the report readers"
    );
}

#[test]
fn reader_streams_jsonl_and_reads_documents() {
    let ingestor = ingestor();
    let jsonl = "{\"text\": \"one\"}\n\n{\"text\": \"two\"}\n".as_bytes();
    let items: Vec<_> = ingestor.read_reader("-", Box::new(jsonl)).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[1].as_ref().unwrap().report_ref.as_deref(),
        Some("-#3")
    );
    let text = "Headline here\n\nBody of the story.".as_bytes();
    let items: Vec<_> = ingestor.read_reader("-", Box::new(text)).collect();
    assert_eq!(
        items[0].as_ref().unwrap().title.as_deref(),
        Some("Headline here")
    );
    let small = Ingestor::new(
        SourceRegistry::bundled(),
        IngestOptions {
            max_file_bytes: 8,
            ..IngestOptions::default()
        },
    );
    let items: Vec<_> = small
        .read_reader("-", Box::new("0123456789abcdef".as_bytes()))
        .collect();
    assert_eq!(
        items[0].as_ref().unwrap_err().to_string(),
        "-: input is 16 bytes, over the 8-byte limit (--max-bytes)"
    );
}

#[test]
fn utf16_and_bom_inputs() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Headline\n\nText in UTF-16."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    assert_eq!(one("u16.txt", &utf16).text, "Text in UTF-16.");
    assert_eq!(
        one("bom.txt", b"\xEF\xBB\xBFText after a BOM.").text,
        "Text after a BOM."
    );
    let bom_jsonl = one(
        "bom.jsonl",
        b"\xEF\xBB\xBF{\"text\": \"json after a BOM\"}\n",
    );
    assert_eq!(bom_jsonl.text, "json after a BOM");
}

#[test]
fn directory_walk_is_sorted_recursive_and_skips_hidden() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("b")).unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    fs::write(dir.path().join("c.txt"), "Third text.").unwrap();
    fs::write(dir.path().join("a.txt"), "First text.").unwrap();
    fs::write(dir.path().join("b/inner.txt"), "Second text.").unwrap();
    fs::write(dir.path().join(".git/config"), "hidden").unwrap();
    fs::write(dir.path().join(".hidden.txt"), "hidden").unwrap();
    let texts: Vec<String> = ingestor()
        .read_path(dir.path())
        .map(|i| i.unwrap().text)
        .collect();
    assert_eq!(texts, vec!["First text.", "Second text.", "Third text."]);
}

#[test]
fn same_text_gives_same_id_across_formats() {
    let text = one("a.txt", b"Troops crossed the border on Monday.");
    let jsonl = one(
        "b.jsonl",
        b"{\"text\": \"Troops crossed the border on Monday.\\r\\n\"}",
    );
    let html = one("c.html", b"<p>Troops crossed the border   on Monday.</p>");
    assert_eq!(text.id, jsonl.id);
    assert_eq!(text.id, html.id);
}

#[test]
fn pretty_printed_json_is_one_error() {
    let items = ingestor().read_bytes(
        "bundle.json",
        b"{\n  \"type\": \"bundle\",\n  \"objects\": []\n}\n",
    );
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().unwrap_err().to_string(),
        "bundle.json:1: malformed JSON: a JSON document spread over several lines; JSON Lines needs one object a line"
    );
}

#[test]
fn ingestor_can_be_shared_with_a_reader_thread() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Ingestor>();
    shareable::<ladder_ingest::IngestItem>();
}
