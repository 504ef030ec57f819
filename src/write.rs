//! Writes the site so that readers never see half of it: everything goes into a fresh folder
//! beside the output, which replaces the old output only once complete.
//!
//! A file whose bytes are the same as in the previous output is not written again: the new
//! folder gets a hard link to the old file. Its modification time and inode stay as they
//! were, so rsync, CDNs and browser caches see it unchanged, and an unchanged portal costs
//! reads and links instead of writes.

use crate::render::OutputFile;
use anyhow::{bail, Context, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// How the files of a build reached the output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// A site being written. Files may be put from several threads at once; nothing is visible
/// at the output until [`Staging::finish`].
pub struct Staging {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    dir: tempfile::TempDir,
    /// The output being replaced, when there is one to compare with.
    previous: Option<PathBuf>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging> {
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
        // Same folder as the output, so the final rename stays on one filesystem, and
        // hard links to the previous files are possible.
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&parent)
            .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
        Ok(Staging {
            output: output.to_path_buf(),
            parent,
            name,
            dir,
            previous: output.is_dir().then(|| output.to_path_buf()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Adds one file to the new site.
    pub fn put(&self, file: &OutputFile) -> Result<()> {
        let rel = Path::new(&file.path);
        if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!(
                "refusing to write {}: it would land outside the output folder",
                file.path
            );
        }
        let dest = self.dir.path().join(rel);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        if let Some(old) = self.previous.as_ref().map(|p| p.join(rel)) {
            if same_bytes(&old, &file.bytes) && std::fs::hard_link(&old, &dest).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        std::fs::write(&dest, &file.bytes)
            .with_context(|| format!("cannot write {}", dest.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Takes files from the previous output as they are, when every one of them is still
    /// there with the size recorded for it. Returns whether they were taken; if not, none
    /// were, and the caller makes them anew.
    pub fn keep(&self, files: &[(String, u64)]) -> Result<bool> {
        let Some(previous) = &self.previous else {
            return Ok(false);
        };
        let present = files.iter().all(|(path, size)| {
            std::fs::symlink_metadata(previous.join(path))
                .is_ok_and(|m| m.is_file() && m.len() == *size)
        });
        if !present {
            return Ok(false);
        }
        for (path, _) in files {
            let rel = Path::new(path);
            if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
                bail!("refusing to keep {path}: it lies outside the output folder");
            }
            let dest = self.dir.path().join(rel);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::hard_link(previous.join(rel), &dest)
                .with_context(|| format!("cannot link {} into the new site", path))?;
        }
        self.unchanged.fetch_add(files.len(), Ordering::Relaxed);
        Ok(true)
    }

    /// The folder the new site is being written into.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Replaces the output with the new site.
    pub fn finish(self) -> Result<WriteStats> {
        let stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        };
        let (output, parent, name) = (self.output, self.parent, self.name);
        let staged = self.dir.keep();
        let old = parent.join(format!(".{name}.old"));
        if old.exists() {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        if output.exists() {
            std::fs::rename(&output, &old)
                .with_context(|| format!("cannot move the previous {} aside", output.display()))?;
        }
        if let Err(e) = std::fs::rename(&staged, &output) {
            // Put the previous site back rather than leave no site at all.
            if old.exists() {
                let _ = std::fs::rename(&old, &output);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e)
                .with_context(|| format!("cannot move the new site into {}", output.display()));
        }
        if old.exists() {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(stats)
    }
}

/// Whether the file at `path` holds exactly `bytes`. The size is compared first, so most
/// changed files are told apart without reading them.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Writes a whole site at once.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<WriteStats> {
    let staging = Staging::new(output)?;
    for file in files {
        staging.put(file)?;
    }
    staging.finish()
}
