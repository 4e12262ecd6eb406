//! The bad-input corpus: each bad file is named on stderr with what is wrong, the run goes
//! on with the rest, the summary counts are right, and reports stored earlier are untouched.

#![cfg(unix)]

use assert_cmd::Command;
use std::path::Path;

mod common;
use common::ladder;

fn output(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("ladder runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const BROKEN_FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>River Desk</title>
<item><title>Drones over the river</title><link>https://river.example/1</link><description>Border guards reported drones over the river on Sunday night.</description></item>
<item><title>Broken item</titel><link>https://river.example/2</link><description>This item's markup is broken.</description></item>
<item><title>Submarines leave port</title><link>https://river.example/3</link><description>The navy said it tracked two submarines leaving port at dawn.</description></item>
</channel></rss>
"#;

const BAD_JSONL: &str = r#"{"id": "line-1", "title": "Fine", "text": "A first line that is fine and names Odesa."}
{"id": "line-2", "title": "cut off",
{"id": "line-3", "title": "No text here"}
{"id": "line-4", "title": "Also fine", "text": "A fourth line about shelling near Kharkiv."}
"#;

/// Write the corpus; returns whether the unreadable folder really is unreadable.
fn write_bad_corpus(dir: &Path) -> bool {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
    )
    .unwrap();
    // Windows-1252: é is 0xE9, the curly quotes 0x93 and 0x94.
    std::fs::write(
        dir.join("cp1252.txt"),
        b"Caf\xe9 talks in Geneva\n\nDiplomats met at a caf\xe9 and called the \x93frank\x94 exchange useful.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("truncated.html"),
        "<html><head><title>Cut short</title></head><body><article><p>Negotiators in Ankara said talks on grain shipments would resume next wee",
    )
    .unwrap();
    std::fs::write(dir.join("broken.rss"), BROKEN_FEED).unwrap();
    std::fs::write(dir.join("bad.jsonl"), BAD_JSONL).unwrap();
    // 50 MB of text lines, over the 16 MiB default limit.
    let line =
        "The same long line of text, repeated until the file is far too big to read whole.\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    std::fs::write(dir.join("big.txt"), big).unwrap();

    let locked = dir.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(
        locked.join("inside.txt"),
        "A report nobody may read\n\nIt sits in a locked folder.",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        // Root reads everything: the check cannot be made here.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::remove_dir_all(&locked).unwrap();
        eprintln!("note: running as root, so the unreadable-folder case is skipped");
        return false;
    }
    true
}

#[test]
fn bad_inputs_are_named_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let (code, _, stderr) = output(ladder(dir.path()).arg("ingest").arg(&fixtures));
    assert_eq!(code, 0, "{stderr}");
    let (_, listed_before, _) = output(ladder(dir.path()).args(["--json", "reports", "list"]));
    let ids: Vec<String> = listed_before
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let shown_before: Vec<String> = ids
        .iter()
        .map(|id| output(ladder(dir.path()).args(["--json", "reports", "show", id])).1)
        .collect();

    let locked_checked = write_bad_corpus(&dir.path().join("bad"));
    let (code, stdout, stderr) =
        output(ladder(dir.path()).args(["--json", "ingest", "bad", "missing-path"]));
    assert_eq!(code, 3, "{stderr}");

    let mut expected_rejections = vec![
        "rejected: bad/bad.jsonl:2: malformed JSON",
        "rejected: bad/bad.jsonl:3: field `text`: missing",
        "rejected: bad/big.txt: file is",
        "rejected: bad/binary.txt: binary file",
        "rejected: bad/broken.rss#item 2: malformed feed",
        "rejected: bad/empty.txt: empty",
        "rejected: missing-path: cannot read: No such file or directory",
    ];
    if locked_checked {
        expected_rejections.push("rejected: bad/locked");
    }
    let rejected_lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("rejected: "))
        .collect();
    for expected in &expected_rejections {
        assert!(
            rejected_lines.iter().any(|l| l.starts_with(expected)),
            "no line starting {expected:?} in\n{stderr}"
        );
    }
    assert_eq!(rejected_lines.len(), expected_rejections.len(), "{stderr}");
    assert!(stderr.contains("over the 16777216-byte limit"), "{stderr}");
    if locked_checked {
        assert!(stderr.contains("Permission denied"), "{stderr}");
    }

    // Stored: the decoded Windows-1252 file, what survives of the truncated page, the two
    // good feed items and the two good JSON lines.
    let summary = format!(
        "ingested 6, copies 0, unchanged 0, rejected {}",
        expected_rejections.len()
    );
    assert!(stderr.contains(&summary), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(json["rejected"], expected_rejections.len());
    assert_eq!(
        json["rejections"].as_array().unwrap().len(),
        expected_rejections.len()
    );

    let (_, cafe, _) = output(ladder(dir.path()).args(["search", "frank"]));
    assert!(cafe.contains("Café talks in Geneva"), "{cafe}");
    let (_, shown, _) = output(ladder(dir.path()).args(["--json", "search", "frank"]));
    assert!(
        shown.contains('\u{201c}'),
        "the curly quote is decoded: {shown}"
    );
    let (_, cut, _) = output(ladder(dir.path()).args(["search", "grain", "shipments"]));
    assert!(cut.contains("Cut short"), "{cut}");
    for query in ["submarines", "drones river", "Kharkiv", "Odesa"] {
        let (_, hits, _) = output(ladder(dir.path()).args(["search", query]));
        assert_eq!(hits.lines().count(), 2, "one hit for {query}: {hits}");
    }

    // Nothing stored before was touched.
    for (id, before) in ids.iter().zip(&shown_before) {
        assert_eq!(
            &output(ladder(dir.path()).args(["--json", "reports", "show", id])).1,
            before
        );
    }
    let (_, stats, _) = output(ladder(dir.path()).args(["--json", "reports", "list"]));
    assert_eq!(stats.lines().count(), ids.len() + 6);
}

#[test]
fn a_file_over_a_lower_limit_is_rejected_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.txt"), "Small report\n\nShort enough to pass.").unwrap();
    std::fs::write(
        input.join("b.txt"),
        format!("Longer report\n\n{}", "word ".repeat(100)),
    )
    .unwrap();
    let (code, _, stderr) = output(ladder(dir.path()).args(["ingest", "in", "--max-bytes", "200"]));
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("rejected: in/b.txt: file is"), "{stderr}");
    assert!(
        stderr.contains("ingested 1, copies 0, unchanged 0, rejected 1"),
        "{stderr}"
    );
}
