//! Runs `shishi check` on every broken portal under tests/invalid/ and checks what editors are
//! told: the message, the `--> file:line:col` location, the expectation and the hint; then
//! that the same problems come in the portal's language and as JSON and GitHub annotations.
//!
//! Each case is a folder holding a small portal (`content/`) with one defect and an
//! `expected.txt` whose non-empty lines must all appear, as substrings, in the stderr of
//! `shishi check --lang en --root <case>`. Folders whose names start with `_ok` hold valid
//! content and must exit 0; all others must exit 1, and `shishi build` over the output of a
//! previous good build must fail without changing a byte of it. A case with a `KNOWN_BUG`
//! file documents a generator bug: it is run and reported, but does not fail the test.
//!
//! Bad input that cannot be kept in git (links, pipes, huge files, unreadable names) is made
//! at test time by bad_input.rs and held to the same rules.

mod support;

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

/// Runs `shishi <command> --root <root> <args>`.
fn shishi(command: &str, root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shishi"))
        .arg(command)
        .arg("--root")
        .arg(root)
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

/// Runs `check` on one case and returns every way it differs from what the case expects,
/// with what `check` printed.
fn check_case(dir: &Path) -> (Vec<String>, String) {
    let valid = name_of(dir).starts_with("_ok");
    match expected_lines(dir) {
        Ok(expected) => support::failing::check_problems(dir, &expected, valid),
        Err(e) => (vec![e], String::new()),
    }
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
        let (problems, stderr) = check_case(dir);
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

/// Every broken portal of the corpus, built over the site of a previous good build: the
/// build must fail and leave that site byte for byte as it was, with nothing new beside it.
#[test]
fn a_failing_build_leaves_the_previous_output_as_it_was() {
    let mut failures = Vec::new();
    let mut built = 0;
    for dir in case_dirs() {
        let name = name_of(&dir);
        if name.starts_with("_ok") || dir.join("KNOWN_BUG").exists() {
            continue;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        if dir.join("content").exists() {
            support::copy_dir(&dir.join("content"), &tmp.path().join("content"));
        }
        let problems = support::failing::build_problems(tmp.path());
        built += 1;
        if !problems.is_empty() {
            failures.push(format!("=== {name}\n  - {}", problems.join("\n  - ")));
        }
    }
    assert!(built >= 20, "only {built} cases were built");
    assert!(
        failures.is_empty(),
        "{} of {built} builds went wrong:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn build_with_errors_leaves_the_output_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("portal");
    support::copy_dir(&cases_dir().join("multiple-errors"), &root);
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("create out");
    let marker = out.join("marker.txt");
    let marker_text = "left by a previous build\n";
    std::fs::write(&marker, marker_text).expect("write marker");

    let out_arg = out.to_str().expect("the temporary folder's path is UTF-8");
    let run = shishi("build", &root, &["--lang", "en", "--output", out_arg]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "build should fail:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("2 error(s)"), "{stderr}");
    assert!(
        stderr.contains("build stopped: fix the errors above"),
        "{stderr}"
    );
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

/// A copy of the `multiple-errors` case (a bad `level` in city.yaml, `progress: 120` in
/// 2024.yaml) with `language:` in site.yaml set to `language`, or left out when `None`.
fn broken_portal(language: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    support::copy_dir(&cases_dir().join("multiple-errors"), tmp.path());
    let site = tmp.path().join("content").join("site.yaml");
    let text = std::fs::read_to_string(&site).expect("read site.yaml");
    let text = text.replace(
        "language: zh-Hans\n",
        &language.map_or(String::new(), |l| format!("language: {l}\n")),
    );
    std::fs::write(&site, text).expect("write site.yaml");
    tmp
}

fn stderr_of(run: &Output) -> String {
    String::from_utf8_lossy(&run.stderr).into_owned()
}

const ZH_PROGRESS: &str = "错误：项目“school-places”的“progress”不能是120";
const EN_PROGRESS: &str = "error: `progress` of project `school-places` cannot be 120";

/// Checks that `run` failed and told every one of `lines`, and nothing in the other language.
fn assert_told(run: &Output, lines: &[&str], other_language: &str) {
    let stderr = stderr_of(run);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    for line in lines {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
    assert!(!stderr.contains(other_language), "{stderr}");
}

fn assert_chinese(run: &Output) {
    let lines = [
        ZH_PROGRESS,
        "  = 应为：0 到 100 之间的数",
        "错误：“level”不能写成“prefectural”",
        "  = 提示：是不是想写“prefecture”？",
        "  --> content/quanzhou/city.yaml:2:8",
        "2个错误，0个警告",
    ];
    assert_told(run, &lines, "error:");
}

fn assert_english(run: &Output) {
    let lines = [
        EN_PROGRESS,
        "  = expected: a number from 0 to 100",
        "error: unknown value `prefectural` for `level`",
        "  = hint: did you mean `prefecture`?",
        "  --> content/quanzhou/city.yaml:2:8",
        "2 error(s), 0 warning(s)",
    ];
    assert_told(run, &lines, "错误");
}

#[test]
fn problems_are_told_in_the_portals_language() {
    // No `language:` means the site's default, Chinese.
    let portal = broken_portal(None);
    assert_chinese(&shishi("check", portal.path(), &[]));
    assert_english(&shishi("check", portal.path(), &["--lang", "en"]));

    let english = broken_portal(Some("en"));
    assert_english(&shishi("check", english.path(), &[]));
    assert_chinese(&shishi("check", english.path(), &["--lang", "zh-Hans"]));

    // `build` speaks the same language, down to the line saying it stopped.
    let run = shishi("build", english.path(), &[]);
    assert_english(&run);
    assert!(
        stderr_of(&run).contains("build stopped"),
        "{}",
        stderr_of(&run)
    );
    let run = shishi("build", portal.path(), &[]);
    assert_chinese(&run);
    assert!(
        stderr_of(&run).contains("网站没有生成"),
        "{}",
        stderr_of(&run)
    );
}

#[test]
fn a_site_yaml_that_cannot_be_read_leaves_messages_in_chinese() {
    let portal = broken_portal(Some("en"));
    let site = portal.path().join("content").join("site.yaml");
    let text = std::fs::read_to_string(&site).expect("read site.yaml");
    // The quote never closes, so nothing after `title:` can be read, `language: en` included.
    std::fs::write(&site, text.replace("title: ", "title: \"")).expect("write site.yaml");
    let run = shishi("check", portal.path(), &[]);
    let stderr = stderr_of(&run);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("  --> content/site.yaml:1:8"), "{stderr}");
    assert!(
        stderr.contains("错误：文件在一个没写完的值中间结束了"),
        "{stderr}"
    );
    assert!(!stderr.contains("error:"), "{stderr}");

    let run = shishi("check", portal.path(), &["--lang", "en"]);
    let stderr = stderr_of(&run);
    assert!(
        stderr.contains("error: the file ends inside an unfinished value"),
        "{stderr}"
    );
}

/// The JSON printed for `root`, parsed, with the exit code.
fn json_of(root: &Path, args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let run = shishi("check", root, &all);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let parsed: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"));
    let items = parsed.as_array().expect("a JSON array").clone();
    (run.status.code(), items)
}

#[test]
fn json_gives_every_problem_with_its_position() {
    let (code, items) = json_of(&cases_dir().join("multiple-errors"), &["--lang", "en"]);
    assert_eq!(code, Some(1));
    assert_eq!(items.len(), 2, "{items:#?}");
    let keys = [
        "column", "expected", "file", "hint", "line", "message", "severity",
    ];
    for item in &items {
        let mut got: Vec<&str> = item
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        got.sort_unstable();
        assert_eq!(got, keys, "{item:#}");
    }
    assert_eq!(
        items[0],
        serde_json::json!({
            "file": "content/quanzhou/2024.yaml",
            "line": 15,
            "column": 15,
            "severity": "error",
            "message": "`progress` of project `school-places` cannot be 120",
            "expected": "a number from 0 to 100",
            "hint": "progress is the share of the work done, in percent; a target overshot goes in `targets: [{actual, percent}]`",
        })
    );
    assert_eq!(items[1]["file"], "content/quanzhou/city.yaml");
    assert_eq!(
        (&items[1]["line"], &items[1]["column"]),
        (&2.into(), &8.into())
    );
    assert_eq!(items[1]["hint"], "did you mean `prefecture`?");

    // Messages follow the portal's language; the field names and severities never change.
    let (_, items) = json_of(&cases_dir().join("multiple-errors"), &[]);
    assert_eq!(
        items[0]["message"],
        "项目“school-places”的“progress”不能是120"
    );
    assert_eq!(items[0]["severity"], "error");

    // A problem with a whole folder has no line; an absent hint is null.
    let (code, items) = json_of(&cases_dir().join("missing-content-folder"), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        (&items[0]["line"], &items[0]["column"]),
        (&0.into(), &0.into())
    );
    assert_eq!(items[0]["file"], "content");
    let (_, items) = json_of(&cases_dir().join("bom-with-error"), &[]);
    assert!(items[0]["expected"].is_string(), "{items:#?}");
    let (_, items) = json_of(&cases_dir().join("empty-year-file"), &[]);
    assert!(items[0]["expected"].is_null(), "{items:#?}");

    // Warnings alone do not fail; valid content is an empty array.
    let (code, items) = json_of(&cases_dir().join("_ok-warning-counts"), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["severity"], "warning");
    assert_eq!(
        json_of(&cases_dir().join("_ok-bom"), &[]),
        (Some(0), vec![])
    );
}

#[test]
fn github_annotations_escape_newlines_percent_signs_and_commas() {
    let portal = broken_portal(Some("en"));
    let content = portal.path().join("content");
    let year = content.join("quanzhou").join("2024.yaml");
    let text = std::fs::read_to_string(&year).expect("read 2024.yaml");
    std::fs::write(&year, text.replace("progress: 120", "progress: 50%")).expect("write");
    std::fs::create_dir_all(content.join("quan,zhou")).expect("create folder");

    let run = shishi("check", portal.path(), &["--format", "github"]);
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    for line in stdout.lines() {
        assert!(line.starts_with("::error "), "{stdout}");
    }
    // A comma in a property would start a new one, a colon would end them.
    assert!(
        stdout.contains(
            "::error file=content/quan%2Czhou,title=the folder name `quan%2Czhou` cannot be used%3A folder names become web addresses::the folder name `quan,zhou` cannot be used: folder names"
        ),
        "{stdout}"
    );
    // A raw newline would end the command; % starts an escape, so it is escaped itself.
    assert!(
        stdout.contains(
            "::error file=content/quanzhou/2024.yaml,line=15,col=15,title=`progress` of project `school-places` should be a number%2C but it is the text \"50%25\"::`progress` of project `school-places` should be a number, but it is the text \"50%25\"%0Aexpected: a plain number such as 30000 or 94.3%0Ahint: write a plain number, without quotes, units, %25 or thousands separators"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("50%\""), "{stdout}");
}

#[test]
fn no_input_makes_it_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    support::copy_dir(&cases_dir().join("multiple-errors"), root);
    let samples: [&[u8]; 12] = [
        b"\xff\xfe\x00\x00",
        b"\x00\x01\x02",
        b"- - - - -",
        b"{{{{{{{{",
        b"year: &a [*a, *a]",
        b"a: &a [x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]",
        b"year: 2024\ntitle: t\nsources: [{id: a, title: x, type: media}]\nprojects:\n  - id: \xe6\xb3\x89\n    title: x\n    domain: education\n    progress: .nan\n",
        b"year: 2024\ntitle: t\nsources: [{id: a, title: x, type: media}]\nsnapshots:\n  - {as_of: 2024, source: a, total: 99999999999}\n",
        b"year: 2024\ntitle: t\nsources: [{id: a, title: x, type: media}]\nprojects:\n  - {id: a, title: x, domain: education, continues: /, deadline: \"2024-13-01\"}\n",
        "year：2024\ntitle：标题\n".as_bytes(),
        b"year: 2024\n\ttitle: x\n",
        b"year: 2024\ntitle: \"unclosed\n",
    ];
    for (i, bytes) in samples.iter().enumerate() {
        let dir = root.join("content").join(format!("city-{i}"));
        std::fs::create_dir_all(&dir).expect("create city");
        std::fs::write(dir.join("city.yaml"), bytes).expect("write city.yaml");
        std::fs::write(dir.join("2024.yaml"), bytes).expect("write 2024.yaml");
    }
    for args in [
        &["--lang", "en"][..],
        &[],
        &["--format", "json"],
        &["--format", "github"],
    ] {
        let run = shishi("check", root, args);
        let all = format!(
            "{}{}",
            stderr_of(&run),
            String::from_utf8_lossy(&run.stdout)
        );
        assert_eq!(run.status.code(), Some(1), "{all}");
        assert!(!all.contains("panicked"), "{all}");
    }
}
