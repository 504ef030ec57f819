//! Writes the site so that readers never see half of it: everything goes into a fresh folder
//! beside the output, which replaces the old output only once complete (see [`crate::swap`]
//! for how, and for what a killed build leaves).
//!
//! A file whose bytes are the same as in the previous output is not written again: the new
//! folder gets a hard link to the old file. Its modification time and inode stay as they
//! were, so rsync, CDNs and browser caches see it unchanged, and an unchanged portal costs
//! reads and links instead of writes.

use crate::messages::{DiskAction, DiskCause, Note};
use crate::render::OutputFile;
use crate::swap;
use anyhow::{bail, Result};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A step of writing the site that the disk refused. Kept apart from other errors so the
/// command can say it in the portal's language, with advice that fits the cause.
#[derive(Debug)]
pub struct DiskError {
    pub action: DiskAction,
    /// The path as the editor knows it: inside the output folder rather than the temporary
    /// one, which is gone by the time the message is read.
    pub path: PathBuf,
    /// The output folder, when the failure left it exactly as it was.
    pub kept: Option<PathBuf>,
    pub source: std::io::Error,
}

impl DiskError {
    pub fn note(&self) -> Note {
        Note::DiskFailed {
            action: self.action,
            path: self.path.display().to_string(),
            cause: DiskCause::of(&self.source),
        }
    }

    pub fn hint(&self) -> Note {
        Note::DiskHint {
            cause: DiskCause::of(&self.source),
            kept: self.kept.as_ref().map(|p| p.display().to_string()),
        }
    }
}

impl std::fmt::Display for DiskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.note().text(crate::messages::Lang::En))
    }
}

impl std::error::Error for DiskError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

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
    /// Tells another build's [`swap::recover`] that the folder is in use.
    _lock: Option<std::fs::File>,
    /// The output being replaced, when there is one to compare with.
    previous: Option<PathBuf>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, DiskError> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => Path::new(".").to_path_buf(),
        };
        swap::recover(output)?;
        let kept = output.is_dir().then(|| output.to_path_buf());
        let fail = |action, path: &Path, source| DiskError {
            action,
            path: path.to_path_buf(),
            kept: kept.clone(),
            source,
        };
        // A file where the site should go is not ours to replace.
        if output.exists() && !output.is_dir() {
            let not_a_folder = std::io::Error::from(std::io::ErrorKind::NotADirectory);
            return Err(fail(DiskAction::Replace, output, not_a_folder));
        }
        create_folder(&parent).map_err(|e| fail(DiskAction::CreateFolder, &parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        // Same folder as the output, so the final rename stays on one filesystem, and
        // hard links to the previous files are possible. The name is one `swap::recover`
        // knows as ours.
        let dir = tempfile::Builder::new()
            .prefix(&swap::staging_prefix(&name))
            .rand_bytes(swap::STAGING_RANDOM)
            .tempdir_in(&parent)
            .map_err(|e| fail(DiskAction::Stage, &parent, e))?;
        let lock = swap::claim(dir.path());
        Ok(Staging {
            output: output.to_path_buf(),
            parent,
            name,
            dir,
            _lock: lock,
            previous: kept,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Where the output file `path` goes in the new site, its folder created. `path` comes
    /// from the portal's ids, so one that would climb out of the output is refused.
    fn place(&self, path: &str) -> Result<PathBuf> {
        let rel = Path::new(path);
        if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!("refusing to write {path}: it would land outside the output folder");
        }
        let dest = self.dir.path().join(rel);
        if let Some(dir) = dest.parent() {
            create_folder(dir).map_err(|e| self.failure(path, DiskAction::CreateFolder, e))?;
        }
        Ok(dest)
    }

    /// A refused step, named by the path the editor will look for in the output.
    fn failure(&self, path: &str, action: DiskAction, source: std::io::Error) -> DiskError {
        DiskError {
            action,
            path: self.output.join(path),
            kept: self.previous.clone(),
            source,
        }
    }

    /// Adds one file to the new site.
    pub fn put(&self, file: &OutputFile) -> Result<()> {
        let dest = self.place(&file.path)?;
        if let Some(old) = self.previous.as_ref().map(|p| p.join(&file.path)) {
            if same_bytes(&old, &file.bytes) && std::fs::hard_link(&old, &dest).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        std::fs::write(&dest, &file.bytes)
            .map_err(|e| self.failure(&file.path, DiskAction::WriteFile, e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Adds a file written piece by piece, for files too large to hold in memory. As with
    /// [`Staging::put`], a file whose bytes did not change is linked to the previous one.
    /// Returns its size.
    pub fn put_stream(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn Write) -> Result<()>,
    ) -> Result<u64> {
        let dest = self.place(path)?;
        let file = std::fs::File::create(&dest)
            .map_err(|e| self.failure(path, DiskAction::WriteFile, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        // A disk that refuses a write is reported as the disk's failure, like any other.
        write(&mut out).map_err(|e| match e.downcast::<std::io::Error>() {
            Ok(io) => self.failure(path, DiskAction::WriteFile, io).into(),
            Err(other) => other,
        })?;
        out.flush()
            .map_err(|e| self.failure(path, DiskAction::WriteFile, e))?;
        drop(out);
        let size = std::fs::metadata(&dest)
            .map_err(|e| self.failure(path, DiskAction::WriteFile, e))?
            .len();
        if let Some(old) = self.previous.as_ref().map(|p| p.join(path)) {
            if same_file_bytes(&old, &dest)
                && std::fs::remove_file(&dest).is_ok()
                && std::fs::hard_link(&old, &dest).is_ok()
            {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(size);
            }
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(size)
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
            let dest = self.place(path)?;
            std::fs::hard_link(previous.join(path), &dest)
                .map_err(|e| self.failure(path, DiskAction::WriteFile, e))?;
        }
        self.unchanged.fetch_add(files.len(), Ordering::Relaxed);
        Ok(true)
    }

    /// The folder the new site is being written into.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Replaces the output with the new site.
    pub fn finish(self) -> Result<WriteStats, DiskError> {
        let stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        };
        let staged = self.dir.keep();
        let old = swap::old_path(&self.parent, &self.name);
        if let Err(e) = swap::replace(&staged, &self.output, &old) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        Ok(stats)
    }
}

/// Creates a folder and those above it. A file in the way is reported as such rather than
/// as "file exists", which reads as if the folder were there.
fn create_folder(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => std::io::ErrorKind::NotADirectory.into(),
        _ => e,
    })
}

/// Whether two files hold the same bytes, read a block at a time.
fn same_file_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(ma), Ok(mb)) = (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) else {
        return false;
    };
    if !ma.is_file() || !mb.is_file() || ma.len() != mb.len() {
        return false;
    }
    let (Ok(fa), Ok(fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let (mut ra, mut rb) = (std::io::BufReader::new(fa), std::io::BufReader::new(fb));
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = match ra.read(&mut ba) {
            Ok(0) => return rb.read(&mut bb).is_ok_and(|m| m == 0),
            Ok(n) => n,
            Err(_) => return false,
        };
        if rb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
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
    Ok(staging.finish()?)
}
