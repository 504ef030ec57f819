//! Every page of the built sample portal, and of a portal with lead units (which the
//! sample lacks), passes the Nu HTML Checker.
//!
//! Needs Java and the checker (`npm ci` installs it under node_modules/); without them the
//! test is skipped, unless SHISHI_REQUIRE_EXTERNAL=1.

mod support;

use std::path::PathBuf;
use std::process::Command;

#[test]
fn every_page_is_valid_html() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let jar = repo.join("node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        return support::missing("the Nu HTML Checker (npm ci)");
    }
    if Command::new("java").arg("-version").output().is_err() {
        return support::missing("java");
    }
    let (_tmp, sample) = support::build(&repo, &[]);
    let leads = support::fixtures::leads_portal();
    let (_tmp2, with_leads) = support::build(leads.path(), &[]);
    assert!(with_leads
        .join("alpha/lead/shi-jiao-yu-ju/index.html")
        .is_file());
    let check = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&sample)
        .arg(&with_leads)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stderr)
        .replace(&*sample.to_string_lossy(), "")
        .replace(&*with_leads.to_string_lossy(), "");
    assert!(
        check.status.success(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}
