//! Helpers for the unit tests of modules that need a whole portal.

use crate::model::Portal;
use std::path::Path;

/// Writes one content file, `rel` being its path under `content/`.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join("content").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The portal under `root`, built the way `shishi build` builds one; panics with the
/// diagnostics when the fixture is invalid, since a test fixture must not be.
pub fn portal(root: &Path) -> Portal {
    let checked = crate::pipeline::check(root);
    assert!(
        !checked.has_errors(),
        "fixture is invalid: {:?}",
        checked.diagnostics
    );
    checked.portal.unwrap()
}
