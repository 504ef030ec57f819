//! `shishi new` and `shishi schema`: skeletons an editor starts from pass `shishi check`, and
//! the published schemas accept every sample file and refuse what the checker refuses.

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn shishi(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml::from_str(text.trim_start_matches('\u{feff}')).unwrap()
}

fn schema(kind: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(["schema", kind])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn kind_of(rel: &str) -> &'static str {
    if rel == "site.yaml" {
        "site"
    } else if rel.ends_with("/city.yaml") {
        "city"
    } else {
        "year"
    }
}

#[test]
fn new_city_and_year_write_skeletons_that_check_cleanly() {
    let tmp = support::sample_copy();
    let root = tmp.path();
    let city = shishi(
        root,
        &[
            "new",
            "city",
            "putian",
            "--name",
            "莆田市",
            "--parent",
            "fujian",
        ],
    );
    assert!(city.status.success(), "{}", stderr(&city));
    let year = shishi(root, &["new", "year", "putian", "2025"]);
    assert!(year.status.success(), "{}", stderr(&year));
    let check = shishi(root, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(!stderr(&check).contains("putian"), "{}", stderr(&check));

    let text = std::fs::read_to_string(root.join("content/putian/2025.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../../schemas/year.schema.json\n"));
    assert!(
        text.contains("title: \"莆田市2025年为民办实事项目\""),
        "{text}"
    );
    // The modeline's target exists and is the schema `shishi schema year` prints.
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("schemas/year.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(written, schema("year"));
    // The new city is built as a page under its parent.
    let (_t, out) = support::build(root, &[]);
    let page = std::fs::read_to_string(out.join("putian/index.html")).unwrap();
    assert!(page.contains("莆田市") && page.contains(r#"href="/fujian/""#));
}

#[test]
fn new_refuses_what_would_break_the_portal() {
    let tmp = support::sample_copy();
    let root = tmp.path();
    for (args, says) in [
        (
            vec!["new", "city", "quanzhou", "--name", "泉州市"],
            "already exists",
        ),
        (
            vec!["new", "city", "Putian", "--name", "莆田市"],
            "not usable in a web address",
        ),
        (
            vec!["new", "city", "../x", "--name", "x"],
            "not usable in a web address",
        ),
        (
            vec!["new", "city", "data", "--name", "x"],
            "a folder the site itself uses",
        ),
        (
            vec![
                "new", "city", "putian", "--name", "x", "--parent", "nowhere",
            ],
            "no city nowhere",
        ),
        (
            vec!["new", "year", "nowhere", "2025"],
            "there is no city nowhere",
        ),
        (vec!["new", "year", "quanzhou", "2024"], "already exists"),
        (
            vec!["new", "year", "quanzhou", "24"],
            "not a plausible year",
        ),
    ] {
        let out = shishi(root, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert!(!root.join("x").exists() && !root.join("content/putian").exists());
    // The year file that exists was left as it was.
    let before = std::fs::read(support::repo().join("content/quanzhou/2024.yaml")).unwrap();
    let after = std::fs::read(root.join("content/quanzhou/2024.yaml")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn the_schemas_accept_every_sample_file_and_refuse_mistakes() {
    let content = support::repo().join("content");
    let validators: Vec<(&str, jsonschema::Validator)> = ["site", "city", "year"]
        .into_iter()
        .map(|k| (k, jsonschema::validator_for(&schema(k)).unwrap()))
        .collect();
    let validator = |kind: &str| &validators.iter().find(|(k, _)| *k == kind).unwrap().1;
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let doc = yaml_as_json(entry.path());
        let errors: Vec<String> = validator(kind_of(&rel))
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} files");

    // The schema refuses what `shishi check` refuses.
    let year = yaml_as_json(&content.join("quanzhou/2024.yaml"));
    let mut typo = year.clone();
    typo["titel"] = typo["title"].clone();
    assert!(!validator("year").is_valid(&typo), "unknown field accepted");
    let mut status = year.clone();
    status["projects"][0]["status"] = "done".into();
    assert!(
        !validator("year").is_valid(&status),
        "unknown status accepted"
    );
    let mut date = year;
    date["announced"] = "2024/01/10".into();
    assert!(
        !validator("year").is_valid(&date),
        "malformed date accepted"
    );
}

#[test]
fn the_committed_schemas_are_the_current_ones() {
    // Sample files point their modeline at schemas/ in this repository; it must not lag
    // behind the format. Regenerate with: shishi schema --write schemas
    for kind in ["site", "city", "year"] {
        let path = support::repo().join(format!("schemas/{kind}.schema.json"));
        let committed: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(committed, schema(kind), "{} is out of date", path.display());
    }
    let combined = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .arg("schema")
        .output()
        .unwrap();
    let combined: Value = serde_json::from_slice(&combined.stdout).unwrap();
    assert_eq!(combined["oneOf"].as_array().unwrap().len(), 3);
}
