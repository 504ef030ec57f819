//! Writes the site so that readers never see half of it: everything goes into a fresh folder
//! beside the output, which replaces the old output only once complete.

use crate::render::OutputFile;
use anyhow::{bail, Context, Result};
use std::path::{Component, Path};

pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::env::current_dir()?,
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    // Same folder as the output, so the final rename stays on one filesystem.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
    for file in files {
        let rel = Path::new(&file.path);
        if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!(
                "refusing to write {}: it would land outside the output folder",
                file.path
            );
        }
        let dest = staging.path().join(rel);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&dest, &file.bytes)
            .with_context(|| format!("cannot write {}", dest.display()))?;
    }
    let staged = staging.keep();
    let old = parent.join(format!(".{name}.old"));
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove {}", old.display()))?;
    }
    if output.exists() {
        std::fs::rename(output, &old)
            .with_context(|| format!("cannot move the previous {} aside", output.display()))?;
    }
    if let Err(e) = std::fs::rename(&staged, output) {
        // Put the previous site back rather than leave no site at all.
        if old.exists() {
            let _ = std::fs::rename(&old, output);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove {}", old.display()))?;
    }
    Ok(())
}
