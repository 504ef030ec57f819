//! Helpers shared by tests that drive tools outside the Rust toolchain.

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
