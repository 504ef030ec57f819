//! Helpers shared by the integration tests: building a portal with the real binary, and
//! the skip-or-fail rule for tools outside the Rust toolchain.
// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod failing;
pub mod fixtures;
pub mod hostile;
pub mod links;
pub mod scan;
pub mod server;
pub mod webdriver;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository, whose content/ is the sample portal.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the portal at `root` with `shishi build` into a fresh temporary folder, with any
/// `extra` arguments; returns the folder's guard and the output path.
pub fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_into(root, &out, extra);
    (tmp, out)
}

/// The sample portal, built once per test binary for the tests that only read it. It lives
/// in Cargo's scratch folder for tests rather than a temporary folder, because a static is
/// never dropped and would leave a temporary folder behind on every run.
pub fn sample_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(concat!(env!("CARGO_CRATE_NAME"), "-sample-site"));
        build_into(&repo(), &out, &[]);
        out
    })
}

/// Builds the portal at `root` into `out`, failing the test if the build fails; returns
/// what the build printed on stderr.
pub fn build_into(root: &Path, out: &Path, extra: &[&str]) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stderr).into_owned()
}

/// Every file under `dir`, by its path relative to `dir` with `/` separators, in name order.
pub fn all_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Copies the folder `from` to `to`, files and subfolders.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the sample portal's content/ in a temporary folder, for tests that change it.
pub fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    dir
}

/// Whether a missing external tool fails the test (CI) or skips it (a newcomer's machine).
pub fn require_external() -> bool {
    std::env::var("SHISHI_REQUIRE_EXTERNAL").is_ok_and(|v| v == "1")
}

/// Reports a missing tool: a skip note locally, a failure where tools are required.
pub fn missing(tool: &str) {
    if require_external() {
        panic!("{tool} is not installed, and SHISHI_REQUIRE_EXTERNAL=1 requires it");
    }
    eprintln!("skipped: {tool} not installed");
}

/// The first of `names` found in a folder on PATH.
pub fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}
