//! The rules of the strict OASIS validator (stix2-validator, `--strict`) that Ladder's
//! export can break, checked in Rust so a property test can run thousands of cases: no
//! empty lists or strings, `type--UUIDv4` ids and `_ref(s)` that are ids, STIX
//! timestamps, `modified` not before `created`, and property names of `a-z`, `0-9`, `_`.

use serde_json::Value;

/// Every rule broken by one object, as `id: problem` lines.
pub fn problems(object: &Value) -> Vec<String> {
    let id = object["id"].as_str().unwrap_or("?").to_string();
    let mut out = Vec::new();
    let kind = object["type"].as_str().unwrap_or("");
    if !is_type(kind) {
        out.push(format!("type {kind:?}"));
    }
    if !is_id(&id) || !id.starts_with(&format!("{kind}--")) {
        out.push("id is not type--UUIDv4".to_string());
    }
    if object["spec_version"] != "2.1" {
        out.push("spec_version".into());
    }
    for key in ["created", "modified"] {
        if kind != "marking-definition" || key == "created" {
            match object[key].as_str() {
                Some(t) if is_timestamp(t) => {}
                _ => out.push(format!("{key} is not a STIX timestamp")),
            }
        }
    }
    if let (Some(c), Some(m)) = (object["created"].as_str(), object["modified"].as_str()) {
        if m < c {
            out.push("modified before created".into());
        }
    }
    for (i, r) in object["external_references"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        if ["description", "external_id", "url"]
            .iter()
            .all(|k| r.get(k).is_none())
        {
            out.push(format!(
                "external_references[{i}] has no description, external_id or url"
            ));
        }
    }
    walk(object, "", &mut out);
    out.into_iter().map(|p| format!("{id}: {p}")).collect()
}

fn walk(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.is_empty() => out.push(format!("{path} is an empty string")),
        Value::Array(items) => {
            if items.is_empty() {
                out.push(format!("{path} is an empty list"));
            }
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push(format!("{path} is an empty object"));
            }
            let under_extensions = path.ends_with("extensions");
            for (k, v) in map {
                if !under_extensions && !is_property_name(k) {
                    out.push(format!("{path}.{k}: property name"));
                }
                check_typed(k, v, &format!("{path}.{k}"), out);
                walk(v, &format!("{path}.{k}"), out);
            }
        }
        Value::Number(n) if n.as_f64().is_some_and(|f| !f.is_finite()) => {
            out.push(format!("{path} is not finite"))
        }
        _ => {}
    }
}

/// Properties whose name says their type.
fn check_typed(key: &str, v: &Value, path: &str, out: &mut Vec<String>) {
    if key.ends_with("_ref") && !v.as_str().is_some_and(is_id) {
        out.push(format!("{path} is not an id"));
    }
    if key.ends_with("_refs") {
        let ok = v
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x.as_str().is_some_and(is_id)));
        if !ok {
            out.push(format!("{path} is not a list of ids"));
        }
    }
    let timestamp_key = key.ends_with("_time")
        || matches!(
            key,
            "published" | "valid_from" | "valid_until" | "first_seen" | "last_seen"
        );
    if timestamp_key && !v.as_str().is_some_and(is_timestamp) {
        out.push(format!("{path} is not a timestamp"));
    }
    if key == "latitude" && !v.as_f64().is_some_and(|x| (-90.0..=90.0).contains(&x)) {
        out.push(format!("{path} out of range"));
    }
    if key == "longitude" && !v.as_f64().is_some_and(|x| (-180.0..=180.0).contains(&x)) {
        out.push(format!("{path} out of range"));
    }
}

fn is_type(kind: &str) -> bool {
    (3..=250).contains(&kind.len())
        && kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !kind.contains("--")
}

fn is_property_name(name: &str) -> bool {
    (2..=250).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `type--UUID`, version 4 unless it is an OASIS TLP marking (those are fixed ids).
pub fn is_id(id: &str) -> bool {
    let Some((kind, uuid)) = id.split_once("--") else {
        return false;
    };
    is_type(kind)
        && uuid.len() == 36
        && uuid::Uuid::parse_str(uuid).is_ok_and(|u| {
            u.get_version_num() == 4
                || kind == "marking-definition"
                || kind == "extension-definition"
        })
}

/// `YYYY-MM-DDTHH:MM:SS[.s+]Z` that is a real instant.
pub fn is_timestamp(t: &str) -> bool {
    let Some(body) = t.strip_suffix('Z') else {
        return false;
    };
    let (main, fraction) = match body.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (body, None),
    };
    let shape_ok = main.len() == 19
        && main.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            _ => b.is_ascii_digit(),
        });
    let fraction_ok = match fraction {
        None => true,
        Some(f) => !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()),
    };
    shape_ok
        && fraction_ok
        && chrono::NaiveDateTime::parse_from_str(main, "%Y-%m-%dT%H:%M:%S").is_ok()
}
