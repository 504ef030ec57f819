//! Runs `shishi check` on every broken portal under tests/invalid/ and checks what editors are
//! told: the message, the `--> file:line:col` location, the expectation and the hint.
//!
//! Each case is a folder holding a small portal (`content/`) with one defect and an
//! `expected.txt` whose non-empty lines must all appear, as substrings, in the stderr of
//! `shishi check --root <case>`. Folders whose names start with `_ok` hold valid content and
//! must exit 0; all others must exit 1. A case with a `KNOWN_BUG` file documents a generator
//! bug: it is run and reported, but does not fail the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("invalid")
}

/// Every case folder, in name order so the report reads the same on every run.
fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("read tests/invalid")
        .map(|e| e.expect("read tests/invalid entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn shishi(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(args)
        .output()
        .expect("run shishi")
}

fn name_of(dir: &Path) -> String {
    dir.file_name()
        .expect("case folder name")
        .to_string_lossy()
        .into_owned()
}

/// The lines of `expected.txt` that must appear in stderr; blank lines are ignored, leading
/// spaces are kept (they are part of `  --> ...` and caret lines).
fn expected_lines(dir: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(dir.join("expected.txt"))
        .map_err(|e| format!("cannot read expected.txt: {e}"))?;
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return Err("expected.txt lists no lines".to_string());
    }
    Ok(lines)
}

/// Runs `check` on one case and returns every way it differs from what the case expects.
fn check_case(dir: &Path) -> Vec<String> {
    let name = name_of(dir);
    let valid = name.starts_with("_ok");
    let mut problems = Vec::new();
    let expected = match expected_lines(dir) {
        Ok(lines) => lines,
        Err(e) => return vec![e],
    };
    let run = shishi(&[Path::new("check"), Path::new("--root"), dir]);
    let stderr = String::from_utf8_lossy(&run.stderr);

    let want_code = if valid { 0 } else { 1 };
    match run.status.code() {
        Some(code) if code == want_code => {}
        Some(code) => problems.push(format!("exit code {code}, expected {want_code}")),
        None => problems.push(format!("killed by a signal ({})", run.status)),
    }
    if stderr.contains("panicked") {
        problems.push("stderr contains a panic".to_string());
    }
    let has_error_line = stderr.lines().any(|l| l.starts_with("error:"));
    if valid && has_error_line {
        problems.push("a valid case printed an `error:` line".to_string());
    }
    if !valid && !has_error_line {
        problems.push("no `error:` line in stderr".to_string());
    }
    // Messages name files relative to the portal root, so they read the same on every machine.
    let abs = cases_dir().to_string_lossy().into_owned();
    if stderr.contains(&abs) {
        problems.push(format!("stderr contains the absolute path {abs}"));
    }
    for line in &expected {
        if !stderr.contains(line.as_str()) {
            problems.push(format!("missing line: {line:?}"));
        }
    }
    problems
}

#[test]
fn every_invalid_portal_is_reported_with_location_and_hint() {
    let dirs = case_dirs();
    assert!(
        dirs.len() >= 20,
        "expected the fixture corpus under {}, found {} cases",
        cases_dir().display(),
        dirs.len()
    );
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for dir in &dirs {
        let name = name_of(dir);
        let problems = check_case(dir);
        if let Ok(bug) = std::fs::read_to_string(dir.join("KNOWN_BUG")) {
            let summary = bug.lines().next().unwrap_or("").trim().to_string();
            if problems.is_empty() {
                notes.push(format!(
                    "{name}: passes now; the known bug seems fixed, delete {name}/KNOWN_BUG ({summary})"
                ));
            } else {
                notes.push(format!("{name}: skipped, known bug: {summary}"));
            }
            continue;
        }
        if !problems.is_empty() {
            let run = shishi(&[Path::new("check"), Path::new("--root"), dir]);
            let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
            failures.push(format!(
                "=== {name}\n{}\n--- actual stderr:\n{stderr}",
                problems
                    .iter()
                    .map(|p| format!("  - {p}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    for note in &notes {
        println!("note: {note}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("read entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

#[test]
fn build_with_errors_leaves_the_output_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("portal");
    copy_dir(&cases_dir().join("multiple-errors"), &root);
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("create out");
    let marker = out.join("marker.txt");
    let marker_text = "left by a previous build\n";
    std::fs::write(&marker, marker_text).expect("write marker");

    let run = shishi(&[
        Path::new("build"),
        Path::new("--root"),
        &root,
        Path::new("--output"),
        &out,
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "build should fail:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("2 error(s)"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&marker).ok().as_deref(),
        Some(marker_text),
        "the marker in the output folder was changed or removed:\n{stderr}"
    );
    let entries: Vec<_> = std::fs::read_dir(&out)
        .expect("read out")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        entries,
        vec![std::ffi::OsString::from("marker.txt")],
        "the build wrote into the output folder"
    );
}
