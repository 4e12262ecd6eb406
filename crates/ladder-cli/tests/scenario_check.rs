//! Bad scenario files through the binary: a state's missing contrary, a stage without key
//! indicators and a cycle in `requires` are each an error naming the file and line, and a
//! `--data` folder holding one is refused whole (nothing half-applied).

use std::path::Path;

mod common;
use common::ladder;

const GOOD: &str = r#"id = "mini"
title = "Mini"
[[stages]]
level = 0
name = "zero"
[[stages]]
level = 1
name = "one"
[[stages.indicators]]
id = "treaty"
text = "Treaty in force"
pattern = { actor = ["PRK"], event_type = ["AGREE"] }
weight = 2.0
kind = "state"
contrary = ["treaty-ended"]
key = true
[[stages.indicators]]
id = "treaty-ended"
text = "Treaty ended"
pattern = { actor = ["PRK"], event_type = ["RETREAT"] }
weight = 0.0
"#;

fn check(dir: &Path, name: &str, text: &str) -> (bool, String, String) {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    let out = ladder(dir)
        .args(["scenario", "check"])
        .arg(&path)
        .output()
        .expect("ladder runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn scenario_check_explains_kinds_and_names_bad_lines() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (ok, out, _) = check(tmp.path(), "good.toml", GOOD);
    assert!(ok);
    assert!(out.contains("treaty                       key (can call its stage); state: holds once established, until treaty-ended fires"), "{out}");
    assert!(out.contains("treaty-ended                 marker"), "{out}");

    let cases = [
        (
            "contrary.toml",
            GOOD.replace(
                "contrary = [\"treaty-ended\"]",
                "contrary = [\"treaty-lapsed\"]",
            ),
            "contrary.toml:15:1: the contrary 'treaty-lapsed'",
        ),
        (
            "nokey.toml",
            GOOD.replace("key = true", "key = false"),
            "nokey.toml:7:1: stage 1 has no key indicator",
        ),
        (
            "cycle.toml",
            GOOD.replace(
                "name = \"one\"",
                "name = \"one\"\nrequires = { stages = [1] }",
            ),
            "cycle.toml:9:1: requires makes a cycle: stage 1 → stage 1",
        ),
    ];
    for (name, text, expected) in cases {
        let (ok, _, err) = check(tmp.path(), name, &text);
        assert!(!ok, "{name}");
        assert!(err.contains(expected), "{name}: {err}");
    }
}

#[test]
fn a_data_folder_with_a_bad_scenario_is_refused_whole() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(data.join("scenarios")).expect("mkdir");
    std::fs::write(data.join("scenarios/good.toml"), GOOD).expect("write");
    let bad = GOOD
        .replace("id = \"mini\"", "id = \"broken\"")
        .replace("key = true", "key = false");
    std::fs::write(data.join("scenarios/broken.toml"), bad).expect("write");
    let out = ladder(tmp.path())
        .arg("--data")
        .arg(&data)
        .args(["scenario", "list"])
        .output()
        .expect("ladder runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.toml:7:1"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "nothing listed from a half-read folder"
    );
}
