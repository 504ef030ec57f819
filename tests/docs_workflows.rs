//! Keeps the documentation honest: the ready-to-copy CI files in docs/deploy/ must be valid
//! YAML that checks pull requests and publishes Pages, and every `shishi ...` command that a
//! guide or a workflow shows must use a subcommand and flags of the agreed interface, so the
//! docs cannot drift to commands that do not exist.

use serde_yaml::Value;
use std::path::PathBuf;

/// The agreed command-line interface: each subcommand with the flags it takes.
/// The subcommands and their flags, as the real binary's `--help` lists them: the docs are
/// held to the program itself, not to a list that could drift from both.
fn interface() -> &'static [(String, Vec<String>)] {
    static INTERFACE: std::sync::OnceLock<Vec<(String, Vec<String>)>> = std::sync::OnceLock::new();
    INTERFACE.get_or_init(|| {
        let help = |args: &[&str]| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_shishi"))
                .args(args)
                .arg("--help")
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        // Names in a "Commands:" section, one per indented line.
        let commands = |text: &str| -> Vec<String> {
            text.split("Commands:")
                .nth(1)
                .map(|rest| rest.split("\n\n").next().unwrap_or_default())
                .unwrap_or_default()
                .lines()
                .filter_map(|l| l.split_whitespace().next().map(str::to_string))
                .collect()
        };
        let flags = |text: &str| -> Vec<String> {
            text.split_whitespace()
                .map(|t| t.trim_end_matches(','))
                .filter(|t| t.starts_with("--") && t.len() > 2)
                .map(|t| t.split(['=', '<', '[']).next().unwrap_or(t).to_string())
                .collect()
        };
        commands(&help(&[]))
            .into_iter()
            .map(|sub| {
                let text = help(&[&sub]);
                let mut all = flags(&text);
                // `new city` and `new year` have flags of their own.
                for nested in commands(&text) {
                    all.extend(flags(&help(&[&sub, &nested])));
                }
                (sub, all)
            })
            .collect()
    })
}

/// Flags every subcommand, and shishi itself, accepts.
const ALWAYS: &[&str] = &["--help", "-h", "--version", "-V"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

fn yaml(rel: &str) -> Value {
    serde_yaml::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not valid YAML: {e}"))
}

/// A mapping's entry by key; YAML 1.1 readers turn the key `on` into `true`, so that
/// spelling is accepted too.
fn get<'v>(map: &'v Value, key: &str) -> Option<&'v Value> {
    map.get(key).or_else(|| {
        (key == "on")
            .then(|| map.as_mapping()?.get(Value::Bool(true)))
            .flatten()
    })
}

fn as_str(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or("")
}

/// A YAML value that may be one string or a list of strings, as `script:` and `run:` are.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The GitHub workflow's jobs, by name.
fn github_jobs(workflow: &Value) -> Vec<(String, &Value)> {
    get(workflow, "jobs")
        .and_then(Value::as_mapping)
        .expect("the GitHub workflow has jobs")
        .iter()
        .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v))
        .collect()
}

fn steps(job: &Value) -> Vec<&Value> {
    get(job, "steps")
        .and_then(Value::as_sequence)
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

fn runs(job: &Value) -> Vec<String> {
    steps(job)
        .into_iter()
        .flat_map(|s| strings(get(s, "run")))
        .collect()
}

fn uses(job: &Value, action: &str) -> bool {
    steps(job)
        .iter()
        .any(|s| as_str(get(s, "uses")).starts_with(&format!("{action}@")))
}

fn grants_write(permissions: Option<&Value>, scope: &str) -> bool {
    permissions.is_some_and(|p| as_str(get(p, scope)) == "write")
}

/// The GitLab file's jobs: every top-level mapping that has a script.
fn gitlab_jobs(ci: &Value) -> Vec<(String, &Value)> {
    ci.as_mapping()
        .expect("the GitLab file is a mapping")
        .iter()
        .filter(|(_, v)| get(v, "script").is_some())
        .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v))
        .collect()
}

fn gitlab_scripts(ci: &Value, job: &Value) -> Vec<String> {
    let default = get(ci, "default");
    ["before_script", "script", "after_script"]
        .iter()
        .flat_map(|k| {
            let own = get(job, k);
            // A job without its own before_script runs the default one.
            strings(own.or_else(|| default.and_then(|d| get(d, k))))
        })
        .collect()
}

#[test]
fn github_workflow_checks_pull_requests_and_publishes_pages() {
    let wf = yaml("docs/deploy/github-actions.yml");
    let on = get(&wf, "on").expect("the workflow says when it runs");
    for trigger in ["pull_request", "push"] {
        assert!(
            get(on, trigger).is_some(),
            "the workflow must run on {trigger}"
        );
    }
    let jobs = github_jobs(&wf);
    assert!(
        jobs.iter()
            .any(|(_, j)| runs(j).iter().any(|r| r.contains("shishi check"))),
        "a job must run `shishi check`"
    );
    assert!(
        jobs.iter()
            .any(|(_, j)| runs(j).iter().any(|r| r.contains("shishi build"))),
        "a job must run `shishi build`"
    );
    assert!(
        jobs.iter()
            .any(|(_, j)| uses(j, "actions/upload-pages-artifact")),
        "a job must upload the site with actions/upload-pages-artifact"
    );
    let deploy: Vec<_> = jobs
        .iter()
        .filter(|(_, j)| uses(j, "actions/deploy-pages"))
        .collect();
    assert!(
        !deploy.is_empty(),
        "a job must publish with actions/deploy-pages"
    );
    for (name, job) in deploy {
        for scope in ["pages", "id-token"] {
            assert!(
                grants_write(get(job, "permissions"), scope)
                    || grants_write(get(&wf, "permissions"), scope),
                "job `{name}` deploys Pages, so it needs `{scope}: write`"
            );
        }
    }
    // Actions are pinned by major version tag, e.g. actions/checkout@v4.
    for (name, job) in &jobs {
        for step in steps(job) {
            let action = as_str(get(step, "uses"));
            if action.is_empty() {
                continue;
            }
            let tag = action.rsplit_once('@').map_or("", |(_, t)| t);
            assert!(
                tag.len() > 1
                    && tag.starts_with('v')
                    && tag[1..].chars().all(|c| c.is_ascii_digit()),
                "job `{name}`: pin `{action}` by its major tag (@vN)"
            );
        }
    }
}

#[test]
fn gitlab_file_publishes_the_public_folder_from_the_pages_job() {
    let ci = yaml("docs/deploy/gitlab-ci.yml");
    let jobs = gitlab_jobs(&ci);
    let (_, pages) = jobs
        .iter()
        .find(|(name, _)| name == "pages")
        .expect("GitLab Pages publishes from a job named `pages`");
    let paths = strings(get(pages, "artifacts").and_then(|a| get(a, "paths")));
    assert!(
        paths.iter().any(|p| p.trim_end_matches('/') == "public"),
        "the pages job must keep `public` as its artifact, not {paths:?}"
    );
    let script = gitlab_scripts(&ci, pages).join("\n");
    assert!(
        script.contains("shishi build") && script.contains("--output public"),
        "the pages job must build into public/:\n{script}"
    );
    assert!(
        jobs.iter().any(|(name, job)| name != "pages"
            && gitlab_scripts(&ci, job)
                .iter()
                .any(|l| l.contains("shishi check"))),
        "a job must run `shishi check` on merge requests"
    );
}

/// Shell lines a reader may copy: every line of the workflows' `run:` and `script:` entries.
fn workflow_lines() -> Vec<(String, String)> {
    let mut lines = Vec::new();
    let wf = yaml("docs/deploy/github-actions.yml");
    for (name, job) in github_jobs(&wf) {
        for run in runs(job) {
            for l in run.lines() {
                lines.push((format!("github-actions.yml job {name}"), l.to_string()));
            }
        }
    }
    let ci = yaml("docs/deploy/gitlab-ci.yml");
    for (name, job) in gitlab_jobs(&ci) {
        for s in gitlab_scripts(&ci, job) {
            for l in s.lines() {
                lines.push((format!("gitlab-ci.yml job {name}"), l.to_string()));
            }
        }
    }
    lines
}

/// Every Markdown guide: README.md and docs/**/*.md.
fn guides() -> Vec<PathBuf> {
    let mut files = vec![repo().join("README.md")];
    files.extend(
        walkdir::WalkDir::new(repo().join("docs"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "md")),
    );
    files
}

/// The code a guide shows: every line of its fenced code blocks, and each inline code span
/// of its prose.
fn code_in(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        match fence {
            Some(f) if trimmed.starts_with(f) => fence = None,
            Some(_) => out.push((i + 1, line.to_string())),
            None if trimmed.starts_with("```") => fence = Some("```"),
            None if trimmed.starts_with("~~~") => fence = Some("~~~"),
            None => out.extend(
                line.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(|span| (i + 1, span.to_string())),
            ),
        }
    }
    out
}

/// Problems with the `shishi` commands of one line: unknown subcommands, unknown flags.
fn command_problems(line: &str) -> Vec<String> {
    let tokens: Vec<&str> = line
        .split_whitespace()
        .map(|t| t.trim_matches(|c| "`'\"()[]{},".contains(c)))
        .collect();
    let mut problems = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if *t != "shishi" && !t.ends_with("/shishi") {
            continue;
        }
        let Some(&next) = tokens.get(i + 1) else {
            continue;
        };
        let rest = &tokens[i + 1..];
        let (sub, flags): (&str, &[String]) = if next.starts_with('-') {
            ("", &[])
        } else if next.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !next.is_empty() {
            match interface().iter().find(|(name, _)| name == next) {
                Some((name, flags)) => (name.as_str(), flags.as_slice()),
                None => {
                    problems.push(format!("`shishi {next}` is not a shishi subcommand"));
                    continue;
                }
            }
        } else {
            // `shishi` as a word in a path or a sentence, not a command.
            continue;
        };
        // Flags up to where the command ends: a pipe, `&&`, `;`, a redirect or a comment.
        for t in rest.iter().skip(usize::from(!sub.is_empty())) {
            if matches!(*t, "|" | "||" | "&&" | ";" | ">" | ">>" | "2>&1") || t.starts_with('#') {
                break;
            }
            if !t.starts_with('-') || *t == "-" || *t == "--" {
                continue;
            }
            let flag = t.split('=').next().unwrap_or(t);
            if !ALWAYS.contains(&flag) && !flags.iter().any(|f| f == flag) {
                let shown = if sub.is_empty() { "shishi" } else { sub };
                problems.push(format!("`{shown}` has no flag `{flag}`"));
            }
        }
    }
    problems
}

#[test]
fn docs_and_workflows_use_only_commands_that_exist() {
    let mut problems = Vec::new();
    for (place, line) in workflow_lines() {
        for p in command_problems(&line) {
            problems.push(format!("docs/deploy/{place}: {p}\n    {line}"));
        }
    }
    for file in guides() {
        let rel = file
            .strip_prefix(repo())
            .unwrap_or(&file)
            .display()
            .to_string();
        let text = read(&rel);
        for (n, line) in code_in(&text) {
            for p in command_problems(&line) {
                problems.push(format!("{rel}:{n}: {p}\n    {}", line.trim()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "commands in the docs that shishi does not have:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_command_checker_catches_drift() {
    assert!(command_problems("shishi check --format github").is_empty());
    assert!(command_problems("cargo install --locked --git \"$R\" --tag v1 shishi").is_empty());
    assert!(
        command_problems("shishi new city zhangzhou --name 漳州市 --level prefecture").is_empty()
    );
    assert!(command_problems("shishi build [--root DIR] [--base-url URL]").is_empty());
    assert!(command_problems("shishi check && shishi build --output public").is_empty());
    assert_eq!(
        command_problems("shishi publish --output public"),
        ["`shishi publish` is not a shishi subcommand"]
    );
    assert_eq!(
        command_problems("shishi serve --port 1111 --open"),
        ["`serve` has no flag `--open`"]
    );
    assert_eq!(
        command_problems("shishi check --format=json --watch"),
        ["`check` has no flag `--watch`"]
    );
    let code = code_in("Run `shishi lint` first.\n```sh\nshishi build\n```\n");
    assert_eq!(
        code,
        [
            (1, "shishi lint".to_string()),
            (3, "shishi build".to_string())
        ]
    );
}

#[test]
fn readme_links_the_guides() {
    let readme = read("README.md");
    for guide in ["docs/editors-guide.md", "docs/themes.md", "docs/deploy.md"] {
        assert!(
            readme.contains(&format!("({guide})")),
            "README.md must link {guide}"
        );
        assert!(repo().join(guide).is_file(), "{guide} is missing");
    }
}
