//! Replays the fuzzers' inputs on the stable toolchain: every seed (the sample content,
//! tests/invalid/, the docs, fuzz/seeds/<target>/), the small inputs of fuzz/smoke/<target>/
//! and every regression the fuzzers found (fuzz/regressions/<target>/) goes through the same
//! checks the fuzz targets run (fuzz/harness.rs). So CI runs a short smoke test of the corpus
//! without nightly or cargo-fuzz, and a bug the fuzzer once found cannot come back unnoticed.
//! How to fuzz for real: docs/fuzzing.md.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (relative to the repository) whose name ends in one of `endings`,
/// or every file when `endings` is empty; in path order.
fn files_under(dir: &str, endings: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(repo().join(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let name = p.to_string_lossy();
            endings.is_empty() || endings.iter().any(|x| name.ends_with(x))
        })
        .collect();
    files.sort();
    files
}

/// The seeds the fuzzer starts from (the repository's own files of the kind the target
/// reads, and the hand-written ones in fuzz/seeds/), the small inputs it found that reach
/// the most code (fuzz/smoke/), and the inputs that once failed (fuzz/regressions/).
fn corpus(target: &str) -> [(&'static str, Vec<PathBuf>); 3] {
    let mut seeds = match target {
        "load_content" => {
            let yaml = [".yaml", ".yml"];
            let mut files = files_under("content", &yaml);
            files.extend(files_under("tests/invalid", &yaml));
            files
        }
        _ => {
            let mut files = files_under("docs", &[".md"]);
            files.push(repo().join("README.md"));
            files
        }
    };
    seeds.extend(files_under(&format!("fuzz/seeds/{target}"), &[]));
    [
        ("seeds", seeds),
        ("smoke", files_under(&format!("fuzz/smoke/{target}"), &[])),
        (
            "regressions",
            files_under(&format!("fuzz/regressions/{target}"), &[]),
        ),
    ]
}

/// Runs `check` on every input, and fails naming each input it panicked on.
fn replay(target: &str, check: fn(&[u8])) {
    let sets = corpus(target);
    for folder in ["seeds", "smoke"] {
        assert!(
            files_under(&format!("fuzz/{folder}/{target}"), &[]).len() > 1,
            "fuzz/{folder}/{target}/ is missing"
        );
    }
    let mut failed = Vec::new();
    let mut total = 0;
    // The panics are collected and reported together, not printed as each one happens.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for path in sets.iter().flat_map(|(_, files)| files) {
        total += 1;
        let data = std::fs::read(path).expect("read corpus file");
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            let name = path.strip_prefix(repo()).unwrap_or(path);
            failed.push(format!("{}: {why}", name.display()));
        }
    }
    std::panic::set_hook(hook);
    let counts: Vec<String> = sets
        .iter()
        .map(|(name, files)| format!("{} {name}", files.len()))
        .collect();
    println!("{target}: replayed {}", counts.join(", "));
    assert!(
        failed.is_empty(),
        "{} of {total} inputs fail:\n{}",
        failed.len(),
        failed.join("\n\n")
    );
}

#[test]
fn load_content_corpus_passes() {
    replay("load_content", harness::load_content);
}

#[test]
fn markdown_corpus_passes() {
    replay("markdown", harness::markdown);
}

/// The checks themselves must catch what they are there to catch, or a corpus that passes
/// proves nothing.
#[test]
fn markdown_check_rejects_unsafe_html() {
    for bad in [
        "<p><script>alert(1)</script></p>",
        "<p onclick=\"x()\">a</p>",
        "<a href=\"jav&#x61;script:alert(1)\">a</a>",
        "<a href=\" JAVASCRIPT:alert(1)\">a</a>",
        "<a href=\"java\tscript:alert(1)\">a</a>",
        "<a href=\"/relative\">a</a>",
        "<img src=\"https://other.example/x.png\">",
        "<p><em>a</p>",
    ] {
        assert!(harness::safe_html(bad).is_err(), "accepted {bad}");
    }
    assert_eq!(
        harness::safe_html(
            "<p><a href=\"https://a.example/?q=javascript:1&amp;r=2\" rel=\"noopener\">a</a><br></p>"
        ),
        Ok(())
    );
}
