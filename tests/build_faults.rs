//! `shishi build` when things go wrong around it: killed at any moment, a disk that is full
//! or read-only, an output path that cannot be a folder. Whatever happens, `output/` is the
//! whole previous site or the whole new one, the error says which path and why, and nothing
//! is left lying beside the output.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;
use support::all_files;

type Site = BTreeMap<String, Vec<u8>>;

/// Two versions of the sample portal: `old` as it is, `new` with a title changed and a
/// project added, so the second site differs in bytes and in its list of files.
struct Versions {
    tmp: tempfile::TempDir,
    old: PathBuf,
    new: PathBuf,
}

impl Versions {
    fn new() -> Versions {
        let tmp = tempfile::tempdir().unwrap();
        let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
        support::copy_dir(&support::repo().join("content"), &old.join("content"));
        support::copy_dir(&support::repo().join("content"), &new.join("content"));
        let year = new.join("content/quanzhou/2024.yaml");
        let text = std::fs::read_to_string(&year).unwrap();
        let text = text.replace(
            "title: 2024年泉州市委市政府为民办实事项目",
            "title: 2024年泉州市为民办实事项目（修订）",
        )
            + "  - id: night-buses\n    title: 开通夜间公交线路\n    domain: transport\n    \
               sources: [qzwb-2024-results]\n    status: completed\n";
        std::fs::write(&year, text).unwrap();
        Versions { tmp, old, new }
    }

    /// A folder of its own for the output, so whatever a build leaves beside it shows.
    fn output(&self) -> PathBuf {
        let dir = self.tmp.path().join("public");
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("site")
    }
}

fn shishi() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shishi"))
}

fn build_args(root: &Path, out: &Path) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = vec!["build".into(), "--lang".into(), "en".into()];
    args.extend(["--root".into(), root.into(), "--output".into(), out.into()]);
    args
}

/// The record a finished build leaves beside the output for the next one (see
/// docs/deploy.md); expected there, unlike anything else.
const MANIFEST: &str = ".site.manifest";

/// Everything in `dir`, by name, but the build's manifest.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != MANIFEST)
        .collect();
    names.sort();
    names
}

/// How `now` differs from `site`, briefly, for a failure message.
fn difference(now: &Site, site: &Site) -> String {
    let missing = site.keys().filter(|k| !now.contains_key(*k)).count();
    let extra = now.keys().filter(|k| !site.contains_key(*k)).count();
    let changed: Vec<&String> = now
        .iter()
        .filter(|(k, v)| site.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    format!(
        "{missing} missing, {extra} extra, {} changed (first: {:?})",
        changed.len(),
        changed.first()
    )
}

/// Checks what a failed build said and left: exit status 1, one error naming `path` and
/// `cause` with a hint, no panic, and `output` exactly `before`.
fn assert_failed_cleanly(run: &Output, path: &str, cause: &str, output: &Path, before: &Site) {
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let error = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line in:\n{stderr}"));
    assert!(error.contains(path), "the error names no {path}:\n{stderr}");
    assert!(
        error.contains(cause),
        "the error gives no cause {cause:?}:\n{stderr}"
    );
    assert!(stderr.contains("  = hint: "), "{stderr}");
    let now = all_files(output);
    assert!(
        now == *before,
        "the previous site changed: {}",
        difference(&now, before)
    );
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let v = Versions::new();
    let out = v.output();
    // Each complete site, and how long a build takes on this machine right now.
    let started = Instant::now();
    support::build_into(&v.new, &out, &[]);
    let mut span = started.elapsed();
    let new = all_files(&out);
    let started = Instant::now();
    support::build_into(&v.old, &out, &[]);
    span = span.max(started.elapsed());
    let old = all_files(&out);
    assert_ne!(old, new);

    // Kill points spread evenly from the start of a build to a quarter past its measured
    // length. Each build goes the other way from the site the output holds, so every kill
    // tests a real change; the only thing asserted is the state each kill leaves.
    const KILLS: u32 = 32;
    let span = span * 5 / 4;
    let (mut holds_new, mut landed, mut swapped) = (false, 0, 0);
    for i in 0..KILLS {
        let delay = span * i / KILLS;
        let (root, from, to) = match holds_new {
            false => (&v.new, &old, &new),
            true => (&v.old, &new, &old),
        };
        let mut child = shishi()
            .args(build_args(root, &out))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        // Sends SIGKILL; an error only means the build had already ended.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.code().is_none() {
            landed += 1;
        }
        assert!(
            out.is_dir(),
            "no output after a kill {delay:?} into a build"
        );
        let now = all_files(&out);
        if now == *to {
            holds_new = !holds_new;
            swapped += 1;
        } else {
            assert!(
                now == *from,
                "after a kill {delay:?} into a build, the output is neither site: against the \
                 old one {}; against the new one {}",
                difference(&now, from),
                difference(&now, to)
            );
        }
    }
    eprintln!(
        "{KILLS} kill points over {span:?}: {landed} killed a running build; \
         the site changed {swapped} times"
    );

    // The next build clears whatever the kills left, and nothing else remains.
    support::build_into(&v.old, &out, &[]);
    assert!(all_files(&out) == old);
    assert_eq!(names(out.parent().unwrap()), ["site"]);
}

#[test]
fn a_killed_build_s_leftovers_are_cleared_and_a_site_moved_aside_comes_back() {
    let v = Versions::new();
    let out = v.output();
    let public = out.parent().unwrap();
    support::build_into(&v.old, &out, &[]);
    let old = all_files(&out);
    // What a build killed between the two renames of the fallback swap leaves: the previous
    // site moved aside, no output, and a half-written new site.
    std::fs::rename(&out, public.join(".site.old")).unwrap();
    std::fs::create_dir_all(public.join(".site.new-k1lled/quanzhou")).unwrap();
    std::fs::write(public.join(".site.new-k1lled/quanzhou/index.html"), "<!DOC").unwrap();
    // And things that only look like leftovers.
    std::fs::write(public.join(".site.new-notes.txt"), "mine").unwrap();
    std::fs::create_dir_all(public.join("site.old")).unwrap();

    // Even a build that stops at errors in the content puts the site back.
    std::fs::write(v.new.join("content/quanzhou/2024.yaml"), "year: [").unwrap();
    let run = shishi().args(build_args(&v.new, &out)).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(all_files(&out) == old);
    assert_eq!(
        names(public),
        [".site.new-notes.txt", "site", "site.old"],
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn an_output_path_through_a_file_is_refused_with_the_path_and_the_cause() {
    let v = Versions::new();
    let public = v.output().parent().unwrap().to_path_buf();
    std::fs::write(public.join("notes"), "not a folder").unwrap();
    let before = all_files(&public);
    let file = public.join("notes");
    // The output's folder is a file.
    let run = shishi()
        .args(build_args(&v.old, &file.join("site")))
        .output()
        .unwrap();
    let named = file.display().to_string();
    assert_failed_cleanly(
        &run,
        &named,
        "a part of the path is a file",
        &public,
        &before,
    );
    // The output itself is a file: it is not replaced by a folder.
    let run = shishi().args(build_args(&v.old, &file)).output().unwrap();
    assert_failed_cleanly(
        &run,
        &named,
        "a part of the path is a file",
        &public,
        &before,
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
    assert_eq!(names(&public), ["notes"]);
}

/// A file-size limit makes writes fail with EFBIG, as a full disk makes them fail with
/// ENOSPC, without needing a disk to fill: the build's bigger pages cannot be written.
#[cfg(unix)]
#[test]
fn a_write_the_system_refuses_keeps_the_previous_site_whole() {
    let v = Versions::new();
    let out = v.output();
    support::build_into(&v.old, &out, &[]);
    let before = all_files(&out);
    // An ignored SIGXFSZ stays ignored across exec, so the write fails instead of the
    // signal killing the build. 32 blocks is 16 or 32 KiB depending on the shell, less than
    // the changed city page.
    let run = Command::new("sh")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 32 && exec "$0" "$@""#)
        .arg(env!("CARGO_BIN_EXE_shishi"))
        .args(build_args(&v.new, &out))
        .output()
        .unwrap();
    assert_failed_cleanly(
        &run,
        &out.display().to_string(),
        "the file is larger than this process may write",
        &out,
        &before,
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("ulimit -f"), "{stderr}");
    assert!(
        stderr.contains(&format!("{} was left as it was", out.display())),
        "{stderr}"
    );
    assert_eq!(names(out.parent().unwrap()), ["site"]);
}

/// Permissions stop everyone but root; the read-only disk below stops root too.
#[cfg(unix)]
#[test]
fn a_folder_the_build_may_not_write_to_fails_clearly() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let v = Versions::new();
    let out = v.output();
    let public = out.parent().unwrap().to_path_buf();
    if std::fs::metadata(&public).unwrap().uid() == 0 {
        eprintln!("skipped: running as root, whom file permissions do not stop");
        return;
    }
    support::build_into(&v.old, &out, &[]);
    let before = all_files(&out);
    /// Gives write permission back however the test ends, so the folder can be deleted.
    struct Writable<'a>(&'a Path);
    impl Drop for Writable<'_> {
        fn drop(&mut self) {
            let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o755));
        }
    }
    std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o555)).unwrap();
    let _writable = Writable(&public);
    let run = shishi().args(build_args(&v.new, &out)).output().unwrap();
    assert_failed_cleanly(
        &run,
        &public.display().to_string(),
        "permission denied",
        &out,
        &before,
    );
    assert_eq!(names(&public), ["site"]);
}

/// The folders of a test that mounts file systems in a mount namespace of its own, so
/// nothing it mounts outlives it or shows outside.
#[cfg(target_os = "linux")]
struct Mounts {
    /// How to enter a fresh mount namespace: plain as root, through a user namespace
    /// otherwise.
    unshare: Vec<&'static str>,
}

#[cfg(target_os = "linux")]
impl Mounts {
    /// None, with the reason printed, where this process may not mount.
    fn available() -> Option<Mounts> {
        if support::find_on_path(&["unshare"]).is_none() {
            support::missing("unshare");
            return None;
        }
        let probe = tempfile::tempdir().unwrap();
        // Private propagation, though it is unshare's default: no mount may ever show in
        // the namespace of the tests.
        for unshare in [
            vec!["--mount", "--propagation", "private"],
            vec![
                "--user",
                "--map-root-user",
                "--mount",
                "--propagation",
                "private",
            ],
        ] {
            let works = Command::new("unshare")
                .args(&unshare)
                .args(["sh", "-c", r#"mount -t tmpfs tmpfs "$0""#])
                .arg(probe.path())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if works {
                return Some(Mounts { unshare });
            }
        }
        // Neither a missing tool nor a fault of shishi: a sandbox that forbids mounting.
        eprintln!("skipped: this process may not mount a file system (unshare --mount failed)");
        None
    }

    /// Runs a shell script in a new mount namespace, with `$SHISHI` set.
    fn run(&self, script: &str, args: &[&Path]) -> Output {
        Command::new("unshare")
            .args(&self.unshare)
            .args(["sh", "-c", script, "sh"])
            .args(args)
            .env("SHISHI", env!("CARGO_BIN_EXE_shishi"))
            .output()
            .unwrap()
    }
}

/// Splits what a namespace script printed: the failing build's stderr, then after a line
/// `--- left ---`, whatever the script reported about the disk.
#[cfg(target_os = "linux")]
fn build_output(run: &Output) -> (Output, String) {
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let (status, left) = stdout
        .split_once("--- left ---\n")
        .unwrap_or_else(|| panic!("the script stopped early: {run:?}"));
    let code: i32 = status.trim().parse().unwrap();
    let build = Output {
        status: std::os::unix::process::ExitStatusExt::from_raw(code << 8),
        stdout: Vec::new(),
        stderr: run.stderr.clone(),
    };
    (build, left.to_string())
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_clearly_and_keeps_the_previous_site_whole() {
    let Some(mounts) = Mounts::available() else {
        return;
    };
    let v = Versions::new();
    let disk = v.tmp.path().join("disk");
    let copy = v.tmp.path().join("after");
    std::fs::create_dir_all(&disk).unwrap();
    // The previous site on a small disk, the rest of the disk filled, then the new build.
    // The site is copied out before the namespace, and the disk with it, goes away.
    let run = mounts.run(
        r#"set -e
        mount -t tmpfs -o size=8m tmpfs "$1"
        "$SHISHI" build --root "$2" --output "$1/site" 2>/dev/null
        head -c 16m /dev/zero > "$1/fill" 2>/dev/null || true
        set +e
        "$SHISHI" build --lang en --root "$3" --output "$1/site"
        echo $?
        echo '--- left ---'
        ls -A "$1" | grep -vx '\.site\.manifest'
        cp -a "$1/site" "$4""#,
        &[&disk, &v.old, &v.new, &copy],
    );
    let (build, left) = build_output(&run);
    let before = support::build(&v.old, &[]);
    assert_failed_cleanly(
        &build,
        &disk.join("site").display().to_string(),
        "no space left on the device",
        &copy,
        &all_files(&before.1),
    );
    assert_eq!(left, "fill\nsite\n", "left beside the output");
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_disk_fails_clearly_and_keeps_the_previous_site_whole() {
    let Some(mounts) = Mounts::available() else {
        return;
    };
    let v = Versions::new();
    let disk = v.tmp.path().join("disk");
    let copy = v.tmp.path().join("after");
    std::fs::create_dir_all(&disk).unwrap();
    // Read-only for root too, which file permissions are not. A read-only bind of the disk
    // over itself, since a user namespace may not remount the disk itself read-only.
    let run = mounts.run(
        r#"set -e
        mount -t tmpfs tmpfs "$1"
        "$SHISHI" build --root "$2" --output "$1/site" 2>/dev/null
        mount --bind "$1" "$1"
        mount -o remount,bind,ro "$1"
        set +e
        "$SHISHI" build --lang en --root "$3" --output "$1/site"
        echo $?
        echo '--- left ---'
        ls -A "$1" | grep -vx '\.site\.manifest'
        cp -a "$1/site" "$4""#,
        &[&disk, &v.old, &v.new, &copy],
    );
    let (build, left) = build_output(&run);
    let before = support::build(&v.old, &[]);
    assert_failed_cleanly(
        &build,
        &disk.display().to_string(),
        "the file system is read-only",
        &copy,
        &all_files(&before.1),
    );
    assert_eq!(left, "site\n", "left beside the output");
}

/// An output folder that is itself a mount point, as a container volume often is, cannot be
/// renamed; the error says so, and what to mount instead.
#[cfg(target_os = "linux")]
#[test]
fn an_output_that_is_a_mount_point_fails_clearly_and_stays_as_it_was() {
    let Some(mounts) = Mounts::available() else {
        return;
    };
    let v = Versions::new();
    let out = v.output();
    let copy = v.tmp.path().join("after");
    std::fs::create_dir_all(&out).unwrap();
    let run = mounts.run(
        r#"set -e
        mount -t tmpfs tmpfs "$1"
        echo 'the volume' > "$1/marker"
        set +e
        "$SHISHI" build --lang en --root "$2" --output "$1"
        echo $?
        echo '--- left ---'
        ls -A "$(dirname "$1")" | grep -vx '\.site\.manifest'
        cp -a "$1" "$3""#,
        &[&out, &v.old, &copy],
    );
    let (build, left) = build_output(&run);
    let mut before = Site::new();
    before.insert("marker".into(), b"the volume\n".to_vec());
    assert_failed_cleanly(
        &build,
        &out.display().to_string(),
        "mount point",
        &copy,
        &before,
    );
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(stderr.contains("mount its parent folder"), "{stderr}");
    assert_eq!(left, "site\n", "left beside the output");
    // Outside the namespace the folder was never mounted; the build left nothing in it.
    assert_eq!(names(out.parent().unwrap()), ["site"]);
}
