//! The bad-input corpus of issue 2, read from real files in a temporary directory: each
//! bad file yields one error naming it (and its line or item), the good ones still read.

use ladder_ingest::{IngestError, IngestItem, IngestOptions, Ingestor, SourceRegistry};
use std::fs;
use std::path::Path;

fn ingestor() -> Ingestor {
    Ingestor::new(SourceRegistry::bundled(), IngestOptions::default())
}

fn errors(items: &[IngestItem]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| i.as_ref().err().map(IngestError::to_string))
        .collect()
}

fn reports(items: &[IngestItem]) -> usize {
    items.iter().filter(|i| i.is_ok()).count()
}

const GOOD_TEXT: &str = "Troops reach the Far East\n\nSEOUL, Oct 18 (Reuters) - North Korea has moved about 1,500 special forces soldiers to Russia, South Korea's spy agency said.\n";

const RSS_WITH_BROKEN_ITEM: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Desk</title>
<item><title>One</title><link>https://desk.example.org/1</link><description>First item text.</description></item>
<item><title>Two</title><description>Second <b>unclosed</description></item>
<item><title>Three</title><link>https://desk.example.org/3</link><description>Third item text.</description></item>
</channel></rss>"#;

fn write_corpus(dir: &Path) {
    fs::write(dir.join("01-good.txt"), GOOD_TEXT).unwrap();
    fs::write(dir.join("02-empty.txt"), "").unwrap();
    fs::write(dir.join("03-blank.md"), " \n\t\n").unwrap();
    fs::write(
        dir.join("04-binary.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    )
    .unwrap();
    fs::write(
        dir.join("05-latin.txt"),
        b"Caf\xe9 talks in Pyongyang\n\nThe envoy said the \x93new chapter\x94 had begun.\n",
    )
    .unwrap();
    let page = "<html><head><title>Cut short</title></head><body><article><p>The ministry said troops were moving north along the coast road towards the border crossing, according to two officials who";
    fs::write(dir.join("06-truncated.html"), page).unwrap();
    fs::write(dir.join("07-broken-item.rss"), RSS_WITH_BROKEN_ITEM).unwrap();
    fs::write(
        dir.join("08-lines.jsonl"),
        "{\"id\": \"a\", \"text\": \"First report text.\"}\n{\"id\": \"b\", \"text\": \n\n{\"id\": \"c\", \"title\": \"no text\"}\n{\"id\": \"d\", \"text\": \"Fourth report text.\"}\n",
    )
    .unwrap();
}

#[test]
fn each_bad_file_is_named_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let items: Vec<IngestItem> = ingestor().read_path(dir.path()).collect();
    let root = dir.path().display().to_string();
    let expected_errors = vec![
        format!("{root}/02-empty.txt: empty"),
        format!("{root}/03-blank.md: empty"),
        format!("{root}/04-binary.txt: binary file, not text"),
        format!("{root}/07-broken-item.rss#item 2: malformed feed: "),
        format!("{root}/08-lines.jsonl:2: malformed JSON: "),
        format!("{root}/08-lines.jsonl:4: field `text`: missing"),
    ];
    let got = errors(&items);
    assert_eq!(got.len(), expected_errors.len(), "{got:#?}");
    for (got, expected) in got.iter().zip(&expected_errors) {
        assert!(got.starts_with(expected), "got {got}, expected {expected}…");
    }
    // good text, Latin-1 text, truncated HTML, two feed items, two JSONL lines
    assert_eq!(reports(&items), 7, "{items:#?}");
    let latin = items
        .iter()
        .flatten()
        .find(|r| {
            r.report_ref
                .as_deref()
                .is_some_and(|p| p.ends_with("05-latin.txt"))
        })
        .unwrap();
    assert_eq!(latin.title.as_deref(), Some("Café talks in Pyongyang"));
    assert!(latin.text.contains("“new chapter”"));
    let truncated = items
        .iter()
        .flatten()
        .find(|r| {
            r.report_ref
                .as_deref()
                .is_some_and(|p| p.ends_with("06-truncated.html"))
        })
        .unwrap();
    assert!(truncated.text.contains("troops were moving north"));
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let file = fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let items: Vec<IngestItem> = ingestor().read_path(&path).collect();
    assert_eq!(
        errors(&items),
        vec![format!(
            "{}: file is 52428800 bytes, over the 16777216-byte limit (--max-bytes)",
            path.display()
        )]
    );
    let small = Ingestor::new(
        SourceRegistry::bundled(),
        IngestOptions {
            max_file_bytes: 20,
            ..IngestOptions::default()
        },
    );
    let lines = small.read_bytes(
        "x.jsonl",
        b"{\"text\": \"a long line of text\"}\n{\"text\":\"ok\"}\n",
    );
    assert_eq!(
        errors(&lines),
        vec!["x.jsonl:1: line is 31 bytes, over the 20-byte limit (--max-bytes)"]
    );
    assert_eq!(reports(&lines), 1);
}

#[test]
fn missing_path_is_named() {
    let items: Vec<IngestItem> = ingestor()
        .read_path(Path::new("/nonexistent/nope.txt"))
        .collect();
    assert_eq!(
        errors(&items),
        vec!["/nonexistent/nope.txt: cannot read: No such file or directory"]
    );
}

#[cfg(unix)]
#[test]
fn unreadable_directory_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("inside.txt"), GOOD_TEXT).unwrap();
    fs::write(dir.path().join("open.txt"), GOOD_TEXT).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read_dir(&locked).is_ok() {
        eprintln!(
            "note: skipping the permission check: running as root, who can read any directory"
        );
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let items: Vec<IngestItem> = ingestor().read_path(dir.path()).collect();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(
        errors(&items),
        vec![format!(
            "{}: cannot read: Permission denied",
            locked.display()
        )]
    );
    assert_eq!(reports(&items), 1);
}
