//! Running shishi on broken portals: what `check` must tell, and that a failing `build` leaves
//! the previous site exactly as it was. Shared by the committed corpus (check_errors.rs) and
//! the cases made at test time (bad_input.rs).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long a run may go on before it counts as hung and is stopped. Not a measure of speed:
/// every run here takes well under a second, and the limit only keeps a hang (a FIFO read,
/// a parse that never ends) from stalling the whole test suite instead of failing it.
const HUNG_AFTER: Duration = Duration::from_secs(120);

/// One finished run of shishi.
pub struct Run {
    /// `None` when it was killed by a signal or stopped as hung.
    pub code: Option<i32>,
    pub stderr: String,
    pub hung: bool,
}

/// Runs shishi with `args`, stopping it if it hangs.
pub fn shishi<S: AsRef<OsStr>>(args: &[S]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start shishi");
    // Read both pipes while waiting, so a chatty run cannot block on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + HUNG_AFTER;
    let (code, hung) = loop {
        if let Some(status) = child.try_wait().expect("wait for shishi") {
            break (status.code(), false);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = stdout.join();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    Run { code, stderr, hung }
}

/// Runs `check --lang en` on the portal at `root` and returns every way it differs from what
/// is expected: exit status 0 for a `valid` portal and 1 otherwise, no panic, an `error:`
/// line exactly when invalid, no absolute path of `root` in the messages, and every line of
/// `expected` somewhere in stderr. Also returns stderr, to show with the differences.
pub fn check_problems(root: &Path, expected: &[String], valid: bool) -> (Vec<String>, String) {
    let run = shishi(&[
        OsStr::new("check"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--lang"),
        OsStr::new("en"),
    ]);
    let mut problems = Vec::new();
    let want = if valid { 0 } else { 1 };
    if run.hung {
        problems.push(format!("still running after {HUNG_AFTER:?}: hung"));
    } else if run.code != Some(want) {
        problems.push(format!("exit code {:?}, expected {want}", run.code));
    }
    if run.stderr.contains("panicked") {
        problems.push("stderr contains a panic".to_string());
    }
    let has_error_line = run.stderr.lines().any(|l| l.starts_with("error:"));
    if valid && has_error_line {
        problems.push("a valid portal printed an `error:` line".to_string());
    }
    if !valid && !has_error_line {
        problems.push("no `error:` line in stderr".to_string());
    }
    // Messages name files relative to the portal root, so they read the same on every machine.
    let abs = root.to_string_lossy().into_owned();
    if run.stderr.contains(&abs) {
        problems.push(format!("stderr contains the absolute path {abs}"));
    }
    for line in expected {
        if !run.stderr.contains(line.as_str()) {
            problems.push(format!("missing line: {line:?}"));
        }
    }
    (problems, run.stderr)
}

/// A site built from a valid portal (the `_ok-bom` case), standing for the output of the last
/// good build; built once per test binary.
pub fn previous_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(concat!(env!("CARGO_CRATE_NAME"), "-previous-site"));
        let portal = super::repo().join("tests").join("invalid").join("_ok-bom");
        super::build_into(&portal, &out, &[]);
        out
    })
}

/// Every file and folder under `dir` by relative path: a file with its bytes, a folder with
/// `None`. Links are listed, not followed.
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.expect("walk the output");
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = (!e.file_type().is_dir()).then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list the portal")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Puts a copy of [`previous_site`] at `root/output`, runs `build` on the broken portal at
/// `root`, and returns every way it differs from a failed build that touched nothing: exit
/// status 1, no panic, "build stopped", `output/` byte for byte as before, and nothing new
/// beside it (a staging folder left behind, a half-moved site).
pub fn build_problems(root: &Path) -> Vec<String> {
    let output = root.join("output");
    super::copy_dir(previous_site(), &output);
    let before = snapshot(&output);
    let beside = names_in(root);
    let run = shishi(&[
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--lang"),
        OsStr::new("en"),
    ]);
    let mut problems = Vec::new();
    if run.hung {
        problems.push(format!("build still running after {HUNG_AFTER:?}: hung"));
    } else if run.code != Some(1) {
        problems.push(format!("build exit code {:?}, expected 1", run.code));
    }
    if run.stderr.contains("panicked") {
        problems.push("build stderr contains a panic".to_string());
    }
    if !run.stderr.contains("build stopped") {
        problems.push("build did not say it stopped".to_string());
    }
    let after = snapshot(&output);
    if after != before {
        let changed: std::collections::BTreeSet<&String> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        problems.push(format!("output/ changed: {changed:?}"));
    }
    let now = names_in(root);
    if now != beside {
        problems.push(format!("beside output/: {beside:?} became {now:?}"));
    }
    if !problems.is_empty() {
        problems.push(format!("build stderr:\n{}", run.stderr));
    }
    problems
}
