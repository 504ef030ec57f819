//! Puts a finished site in place of the previous one, and tidies up after a build that was
//! stopped half way, however it was stopped.
//!
//! On Linux the new folder and the output trade names in one step (`renameat2` with
//! `RENAME_EXCHANGE`), so at every instant `output/` is either the whole previous site or the
//! whole new one. Where the kernel or the file system cannot do that, the previous site is
//! moved aside to `.NAME.old` and the new one renamed into place: a build killed between the
//! two renames leaves no output but a whole `.NAME.old`, which the next build puts back
//! before doing anything else.
//!
//! Only names shishi makes are ever deleted beside the output: `.NAME.old`, and the
//! temporary `.NAME.new-XXXXXX` folders (six letters or digits) that no running build holds.

use crate::messages::DiskAction;
use crate::write::DiskError;
use std::io;
use std::path::{Path, PathBuf};

/// How many random letters and digits follow the prefix of a temporary folder's name.
pub const STAGING_RANDOM: usize = 6;

/// The start of the name of the folder a new site is written into, beside the output.
pub fn staging_prefix(name: &str) -> String {
    format!(".{name}.new-")
}

/// Where the two-rename swap keeps the previous site for a moment.
pub fn old_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.old"))
}

/// The folder holding `output`, which is also where its leftovers are.
fn parent_of(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn missing(path: &Path) -> bool {
    matches!(std::fs::symlink_metadata(path), Err(e) if e.kind() == io::ErrorKind::NotFound)
}

/// A folder itself, not a link to one: links are never ours to delete.
fn real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Moves the complete site `staged` into place as `output`, then deletes the previous site.
/// On failure the output is as it was, unless the error says otherwise.
pub fn replace(staged: &Path, output: &Path, old: &Path) -> Result<(), DiskError> {
    if missing(output) {
        return std::fs::rename(staged, output)
            .map_err(|e| failure(DiskAction::Replace, output, false, e));
    }
    match exchange(staged, output) {
        Ok(true) => {
            // `staged` now holds the previous site. Should deleting it fail, it stays a
            // leftover that the next build clears; the new site is in place either way.
            let _ = std::fs::remove_dir_all(staged);
            Ok(())
        }
        Ok(false) => two_renames(staged, output, old),
        Err(e) => Err(failure(DiskAction::Replace, output, true, e)),
    }
}

/// The swap where exchanging is not possible. A killed build can leave no output between
/// the two renames; [`recover`] repairs that.
fn two_renames(staged: &Path, output: &Path, old: &Path) -> Result<(), DiskError> {
    if real_dir(old) {
        std::fs::remove_dir_all(old).map_err(|e| failure(DiskAction::Replace, old, true, e))?;
    }
    std::fs::rename(output, old).map_err(|e| failure(DiskAction::Replace, output, true, e))?;
    if let Err(e) = std::fs::rename(staged, output) {
        // Put the previous site back rather than leave no site at all.
        return Err(match std::fs::rename(old, output) {
            Ok(()) => failure(DiskAction::Replace, output, true, e),
            Err(back) => failure(DiskAction::Restore, output, false, back),
        });
    }
    let _ = std::fs::remove_dir_all(old);
    Ok(())
}

fn failure(action: DiskAction, path: &Path, kept: bool, source: io::Error) -> DiskError {
    DiskError {
        action,
        path: path.to_path_buf(),
        kept: kept.then(|| path.to_path_buf()),
        source,
    }
}

/// Swaps the names of two folders in one step. `Ok(false)` when this system or file system
/// cannot, so the caller falls back to two renames.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // ENOSYS: a kernel before 3.15, or a sandbox filtering the call (some answer EPERM);
        // EINVAL: a file system without the flag, such as some network ones. A real refusal
        // shows up again, with its own error, in the renames that follow.
        Err(e) if [Errno::NOSYS, Errno::INVAL, Errno::PERM].contains(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Repairs what a killed build left beside `output`: puts back a previous site that was
/// moved aside but never replaced, and deletes the rest. Called before every build.
pub fn recover(output: &Path) -> Result<(), DiskError> {
    let Some(name) = output.file_name().and_then(|n| n.to_str()) else {
        return Ok(());
    };
    let parent = parent_of(output);
    let old = old_path(&parent, name);
    if real_dir(&old) {
        if missing(output) {
            std::fs::rename(&old, output)
                .map_err(|e| failure(DiskAction::Restore, output, false, e))?;
        } else {
            // The new site made it into place; only deleting the old one was cut short.
            let _ = std::fs::remove_dir_all(&old);
        }
    }
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return Ok(());
    };
    let prefix = staging_prefix(name);
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let ours = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .is_some_and(|rest| {
                rest.len() == STAGING_RANDOM && rest.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            lock::remove_if_abandoned(&entry.path());
        }
    }
    Ok(())
}

/// Marks a temporary folder as in use for as long as the returned handle lives.
pub fn claim(dir: &Path) -> Option<std::fs::File> {
    lock::claim(dir)
}

/// Two builds into the same output must not delete each other's temporary folder. Each
/// build holds an advisory lock on its own; the system drops it when the build ends, however
/// it ends, so a folder nobody holds was left by a build that is gone.
#[cfg(all(unix, not(target_os = "solaris")))]
mod lock {
    use rustix::fs::{flock, FlockOperation};
    use std::path::Path;

    pub fn claim(dir: &Path) -> Option<std::fs::File> {
        let file = std::fs::File::open(dir).ok()?;
        flock(&file, FlockOperation::NonBlockingLockExclusive).ok()?;
        Some(file)
    }

    pub fn remove_if_abandoned(dir: &Path) {
        // Held while deleting, so the folder cannot be claimed halfway through.
        if let Some(_held) = claim(dir) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Without advisory locks, a leftover is any temporary folder: two builds into the same
/// output at once are not supported there.
#[cfg(not(all(unix, not(target_os = "solaris"))))]
mod lock {
    use std::path::Path;

    pub fn claim(_: &Path) -> Option<std::fs::File> {
        None
    }

    pub fn remove_if_abandoned(dir: &Path) {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, text: &str) {
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("index.html"), text).unwrap();
        std::fs::write(dir.join("sub/page.html"), text).unwrap();
    }

    fn read(dir: &Path) -> String {
        std::fs::read_to_string(dir.join("index.html")).unwrap()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replace_puts_the_new_site_in_place_and_deletes_the_old() {
        let tmp = tempfile::tempdir().unwrap();
        let (output, staged) = (tmp.path().join("site"), tmp.path().join(".site.new-abc123"));
        let old = old_path(tmp.path(), "site");
        site(&output, "old");
        site(&staged, "new");
        replace(&staged, &output, &old).unwrap();
        assert_eq!(read(&output), "new");
        assert_eq!(names(tmp.path()), ["site"]);
        // A first build has nothing to replace.
        let fresh = tmp.path().join("fresh");
        site(&staged, "first");
        replace(&staged, &fresh, &old).unwrap();
        assert_eq!(read(&fresh), "first");
    }

    #[test]
    fn the_two_rename_fallback_also_replaces_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (output, staged) = (tmp.path().join("site"), tmp.path().join(".site.new-abc123"));
        let old = old_path(tmp.path(), "site");
        site(&output, "old");
        site(&staged, "new");
        two_renames(&staged, &output, &old).unwrap();
        assert_eq!(read(&output), "new");
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn a_failed_swap_puts_the_previous_site_back() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("site");
        let old = old_path(tmp.path(), "site");
        site(&output, "old");
        let gone = tmp.path().join(".site.new-gone00");
        let err = two_renames(&gone, &output, &old).unwrap_err();
        assert_eq!(err.action, DiskAction::Replace);
        assert_eq!(err.kept.as_deref(), Some(output.as_path()));
        assert_eq!(read(&output), "old");
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn recover_restores_a_site_moved_aside_by_a_killed_build() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("site");
        site(&old_path(tmp.path(), "site"), "old");
        site(&tmp.path().join(".site.new-Ab3dE9"), "half");
        recover(&output).unwrap();
        assert_eq!(read(&output), "old");
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn recover_deletes_leftovers_once_the_new_site_is_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("site");
        site(&output, "new");
        site(&old_path(tmp.path(), "site"), "old");
        recover(&output).unwrap();
        assert_eq!(read(&output), "new");
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn recover_leaves_alone_what_is_not_clearly_a_leftover() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("site");
        site(&output, "site");
        let keep = [
            ".site.new-notes",      // too short to be ours
            ".site.new-abc1234",    // too long
            ".site.new-abc-12",     // not letters and digits
            ".other.new-abc123",    // another output's
            "site.new-abc123",      // no leading dot
            ".site.new-abc123.bak", // a copy someone made
        ];
        for name in keep {
            site(&tmp.path().join(name), "keep");
        }
        // A file with a leftover's name is not a folder a build made.
        std::fs::write(tmp.path().join(".site.new-file00"), "keep").unwrap();
        // A link is deleted neither itself nor through.
        #[cfg(unix)]
        std::os::unix::fs::symlink(&output, tmp.path().join(".site.new-link00")).unwrap();
        // A running build's folder.
        let running = tmp.path().join(".site.new-live00");
        site(&running, "in progress");
        let held = claim(&running);
        site(&tmp.path().join(".site.new-dead00"), "abandoned");
        recover(&output).unwrap();

        let left = names(tmp.path());
        for name in keep {
            assert!(left.contains(&name.to_string()), "{name} was deleted");
        }
        assert!(left.contains(&".site.new-file00".to_string()));
        #[cfg(unix)]
        assert!(left.contains(&".site.new-link00".to_string()));
        assert!(!left.contains(&".site.new-dead00".to_string()));
        assert_eq!(read(&output), "site");
        if held.is_some() {
            assert!(left.contains(&".site.new-live00".to_string()));
        }
    }
}
