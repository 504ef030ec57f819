//! Project pages list the commits that changed each project's record, read from a real git
//! repository made here with the `git` command line; without git, or in a shallow clone,
//! the site still builds.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

const SITE: &str = "title: Test portal\nbase_url: https://example.org/\nlanguage: en\nrepository: https://example.org/portal-repo/\ndomains:\n  - {id: education, name: Education}\n";
const CITY: &str = "name: Jiashi\nlevel: prefecture\n";
const LIST: &str = "year: 2024
title: List 2024
sources:
  - {id: r, title: Report, type: official}
projects:
  - id: alpha
    title: Alpha project
    domain: education
    status: in_progress
  - id: beta
    title: Beta project
    domain: education
    status: in_progress
";

/// Runs git in `dir`, isolated from the configuration and repository of whoever runs the
/// tests, with both dates fixed so the history is the same on every run.
fn git(dir: &Path, args: &[&str], committed: &str, authored: &str) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Editor")
        .env("GIT_AUTHOR_EMAIL", "editor@example.org")
        .env("GIT_COMMITTER_NAME", "Reviewer")
        .env("GIT_COMMITTER_EMAIL", "reviewer@example.org")
        .env("GIT_AUTHOR_DATE", authored)
        .env("GIT_COMMITTER_DATE", committed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn commit(repo: &Path, message: &str, date: &str) -> String {
    commit_authored(repo, message, date, date)
}

fn commit_authored(repo: &Path, message: &str, committed: &str, authored: &str) -> String {
    git(repo, &["add", "-A"], committed, authored);
    git(repo, &["commit", "-q", "-m", message], committed, authored);
    git(repo, &["rev-parse", "HEAD"], committed, authored)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn has_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        support::missing("git");
    }
    found
}

/// The fixture's commits, by what they did.
struct Repo {
    _dir: tempfile::TempDir,
    path: PathBuf,
    add: String,
    alpha: String,
    beta: String,
    comment: String,
}

/// A repository whose portal lives in its `portal/` folder, with five commits: 1 adds
/// projects alpha and beta, 2 changes only alpha's status, 3 only beta's title, 4 only a
/// comment and blank lines, 5 only a file outside the portal.
fn repository() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repo");
    let content = path.join("portal/content");
    std::fs::create_dir_all(&path).unwrap();
    let date = "2024-03-01 10:00:00 +0800";
    git(&path, &["init", "-q"], date, date);
    write(&content.join("site.yaml"), SITE);
    write(&content.join("jiashi/city.yaml"), CITY);
    let list = content.join("jiashi/2024.yaml");
    write(&list, LIST);
    let add = commit(&path, "Add the 2024 list", date);
    let v2 = LIST.replacen("status: in_progress", "status: completed", 1);
    write(&list, &v2);
    // Half past midnight in Beijing is still the previous day in UTC: the page shows the
    // committer's own date.
    let alpha = commit(&path, "Alpha completed", "2024-04-02 00:30:00 +0800");
    let v3 = v2.replace("Beta project", "Beta project, renamed");
    write(&list, &v3);
    // Written in January, merged in May: the page dates the change by when it landed.
    let beta = commit_authored(
        &path,
        "Rename beta\n\nThe report calls it by its longer name.",
        "2024-05-03 09:00:00 +0800",
        "2024-01-15 09:00:00 +0800",
    );
    let v4 = format!(
        "# Transcribed from the report.\n{}",
        v3.replace("  - id: beta", "\n  - id: beta   # the second item")
    );
    write(&list, &v4);
    let comment = commit(
        &path,
        "Note where the list comes from",
        "2024-06-04 09:00:00 +0800",
    );
    write(&path.join("README.md"), "The portal.\n");
    commit(&path, "Readme", "2024-07-05 09:00:00 +0800");
    Repo {
        _dir: dir,
        path,
        add,
        alpha,
        beta,
        comment,
    }
}

/// Builds the portal at `root` with the real binary; returns the output and what it printed.
fn build(root: &Path) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "build failed:\n{stderr}");
    (tmp, out, stderr)
}

fn page(out: &Path, project: &str) -> String {
    std::fs::read_to_string(out.join(format!("jiashi/2024/{project}/index.html"))).unwrap()
}

/// The change-history section of a page, or "" when there is none.
fn section(page: &str) -> &str {
    let Some(start) = page.find("<h2 id=\"history-h\">") else {
        return "";
    };
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap()]
}

/// Where each needle is in `text`, failing on the first missing one.
fn positions(text: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            text.find(n)
                .unwrap_or_else(|| panic!("no {n:?} in:\n{text}"))
        })
        .collect()
}

#[test]
fn each_project_lists_the_commits_that_changed_its_record() {
    if !has_git() {
        return;
    }
    let repo = repository();
    let portal = repo.path.join("portal");
    // Uncommitted work is content, not history.
    let list = portal.join("content/jiashi/2024.yaml");
    let edited = std::fs::read_to_string(&list)
        .unwrap()
        .replace("Beta project, renamed", "Beta project, edited");
    std::fs::write(&list, edited).unwrap();
    let (_tmp, out, stderr) = build(&portal);
    assert!(!stderr.contains("warning"), "{stderr}");

    let alpha = page(&out, "alpha");
    assert!(
        alpha.contains(r##"<dt>Last changed</dt><dd><a href="#history-h"><time datetime="2024-04-02">2 Apr 2024</time>"##),
        "{alpha}"
    );
    let changes = section(&alpha);
    let at = positions(
        changes,
        &[
            "<time datetime=\"2024-04-02\">2 Apr 2024</time> Alpha completed",
            "<time datetime=\"2024-03-01\">1 Mar 2024</time> Add the 2024 list",
        ],
    );
    assert!(at[0] < at[1], "newest first:\n{changes}");
    assert!(changes.contains(&format!(
        "<a href=\"https://example.org/portal-repo/commit/{}\" rel=\"noopener noreferrer\">{}</a>",
        repo.alpha,
        &repo.alpha[..7]
    )));
    assert!(changes.contains(&format!("/commit/{}\"", repo.add)));
    for other in [&repo.beta, &repo.comment] {
        assert!(!changes.contains(&other[..7]), "{changes}");
    }
    assert!(!changes.contains("Rename beta") && !changes.contains("Note where"));
    assert!(!changes.contains("earlier changes are not listed"));

    let beta = page(&out, "beta");
    assert!(
        beta.contains("Beta project, edited"),
        "the page shows the work tree"
    );
    assert!(beta.contains("<time datetime=\"2024-05-03\">3 May 2024</time></a>"));
    let changes = section(&beta);
    let at = positions(
        changes,
        &[
            "3 May 2024</time> Rename beta <code>",
            "1 Mar 2024</time> Add the 2024 list",
        ],
    );
    assert!(at[0] < at[1], "newest first:\n{changes}");
    assert!(!changes.contains("Alpha completed") && !changes.contains("Note where"));
    assert!(!changes.contains("longer name"), "only the first line");
    assert!(!changes.contains("15 Jan 2024"), "author date shown");
}

#[test]
fn a_project_not_yet_committed_has_no_history() {
    if !has_git() {
        return;
    }
    let repo = repository();
    let portal = repo.path.join("portal");
    let list = portal.join("content/jiashi/2024.yaml");
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str("  - {id: gamma, title: Gamma, domain: education}\n");
    std::fs::write(&list, text).unwrap();
    let (_tmp, out, _) = build(&portal);
    let gamma = page(&out, "gamma");
    assert!(!gamma.contains("history-h") && !gamma.contains("Last changed"));
    assert!(section(&page(&out, "alpha")).contains("Alpha completed"));
}

#[test]
fn a_portal_outside_git_builds_without_history() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    write(&content.join("site.yaml"), SITE);
    write(&content.join("jiashi/city.yaml"), CITY);
    write(&content.join("jiashi/2024.yaml"), LIST);
    let (_tmp, out, stderr) = build(dir.path());
    assert!(!stderr.contains("warning"), "{stderr}");
    let alpha = page(&out, "alpha");
    assert!(alpha.contains("Alpha project"));
    assert!(!alpha.contains("history-h") && !alpha.contains("Last changed"));
}

#[test]
fn a_shallow_clone_builds_with_the_history_it_has() {
    if !has_git() {
        return;
    }
    let repo = repository();
    let date = "2024-08-01 09:00:00 +0800";
    let url = format!("file://{}", repo.path.display());
    let clones = tempfile::tempdir().unwrap();

    // Only the newest commit: nothing it changed can be told, and nothing fails.
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "one"],
        date,
        date,
    );
    let (_tmp, out, stderr) = build(&clones.path().join("one/portal"));
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!page(&out, "alpha").contains("history-h"));

    // Four commits: the oldest of them (alpha's change) is the boundary, whose parent is
    // missing, so only beta's rename is known, and the page says the list may be partial.
    git(
        clones.path(),
        &["clone", "-q", "--depth", "4", &url, "four"],
        date,
        date,
    );
    let (_tmp, out, stderr) = build(&clones.path().join("four/portal"));
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!page(&out, "alpha").contains("history-h"));
    let beta = page(&out, "beta");
    let changes = section(&beta);
    assert!(changes.contains("Rename beta"), "{beta}");
    assert!(!changes.contains("Add the 2024 list"));
    assert!(changes.contains("earlier changes are not listed"));
}

#[test]
fn the_same_repository_gives_the_same_bytes() {
    if !has_git() {
        return;
    }
    let repo = repository();
    let portal = repo.path.join("portal");
    let (_a, first, _) = build(&portal);
    let (_b, second, _) = build(&portal);
    assert_eq!(support::all_files(&first), support::all_files(&second));
}

#[test]
fn a_damaged_repository_costs_a_warning_not_the_build() {
    if !has_git() {
        return;
    }
    let repo = repository();
    let date = "2024-08-01 09:00:00 +0800";
    // The first version of the year file goes missing, as when objects are lost or a
    // partial clone lacks them.
    let blob = git(
        &repo.path,
        &[
            "rev-parse",
            &format!("{}:portal/content/jiashi/2024.yaml", repo.add),
        ],
        date,
        date,
    );
    let object = repo
        .path
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(&object).unwrap();
    let (_tmp, out, stderr) = build(&repo.path.join("portal"));
    assert!(
        stderr.contains("warning: cannot read the git history"),
        "{stderr}"
    );
    // The walk goes newest first: beta's rename was read before the gap and is kept, with
    // the note that the list may be partial.
    let changes = section(&page(&out, "beta")).to_string();
    assert!(changes.contains("Rename beta"), "{changes}");
    assert!(changes.contains("earlier changes are not listed"));
}

#[test]
fn a_long_history_lists_the_newest_changes_and_counts_the_rest() {
    if !has_git() {
        return;
    }
    let repo = repository();
    let list = repo.path.join("portal/content/jiashi/2024.yaml");
    for day in 10..22 {
        let text = std::fs::read_to_string(&list).unwrap();
        let progress = format!("    progress: {day}\n");
        let text = match text.find("    progress: ") {
            Some(at) => {
                let end = at + text[at..].find('\n').unwrap() + 1;
                format!("{}{progress}{}", &text[..at], &text[end..])
            }
            None => text.replacen(
                "    status: completed\n",
                &format!("    status: in_progress\n{progress}"),
                1,
            ),
        };
        std::fs::write(&list, text).unwrap();
        commit(
            &repo.path,
            &format!("Alpha at {day}%"),
            &format!("2024-08-{day} 09:00:00 +0800"),
        );
    }
    let (_tmp, out, _) = build(&repo.path.join("portal"));
    let changes = section(&page(&out, "alpha")).to_string();
    assert_eq!(changes.matches("<li>").count(), 10, "{changes}");
    assert!(changes.contains("Alpha at 21%") && changes.contains("Alpha at 12%"));
    assert!(!changes.contains("Alpha at 11%"), "{changes}");
    // Two of the twelve progress updates, the completion and the first listing are older.
    assert!(
        changes.contains("Earlier changes not listed: 4."),
        "{changes}"
    );
}

#[test]
fn a_merge_is_compared_with_its_first_parent() {
    if !has_git() {
        return;
    }
    let repo = repository();
    let list = repo.path.join("portal/content/jiashi/2024.yaml");
    let date = "2024-08-01 09:00:00 +0800";
    let main = git(
        &repo.path,
        &["rev-parse", "--abbrev-ref", "HEAD"],
        date,
        date,
    );
    let edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&list).unwrap();
        assert!(text.contains(from));
        std::fs::write(&list, text.replacen(from, to, 1)).unwrap();
    };
    git(&repo.path, &["checkout", "-q", "-b", "side"], date, date);
    edit("Beta project, renamed", "Beta project, on a branch");
    commit(&repo.path, "Beta on a branch", "2024-08-02 09:00:00 +0800");
    git(&repo.path, &["checkout", "-q", &main], date, date);
    edit("Alpha project", "Alpha project, retitled");
    commit(&repo.path, "Alpha retitled", "2024-08-03 09:00:00 +0800");
    let merged = "2024-08-04 09:00:00 +0800";
    git(
        &repo.path,
        &["merge", "-q", "--no-ff", "-m", "Merge the branch", "side"],
        merged,
        merged,
    );
    let (_tmp, out, _) = build(&repo.path.join("portal"));
    // Against the branch it was merged into, the merge brought beta's change and nothing
    // of alpha's.
    let beta = section(&page(&out, "beta")).to_string();
    let at = positions(
        &beta,
        &[
            "Merge the branch",
            "Beta on a branch",
            "Rename beta",
            "Add the 2024 list",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{beta}");
    let alpha = section(&page(&out, "alpha")).to_string();
    positions(&alpha, &["Alpha retitled", "Alpha completed"]);
    assert!(!alpha.contains("Merge the branch"), "{alpha}");
}
