//! Helpers shared by the integration tests: building a portal with the real binary, and
//! the skip-or-fail rule for tools outside the Rust toolchain.
// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository, whose content/ is the sample portal.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the portal at `root` with `shishi build` into a fresh temporary folder, with any
/// `extra` arguments; returns the folder's guard and the output path.
pub fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (tmp, out)
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
