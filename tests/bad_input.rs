//! Bad input that cannot be kept in git, made at test time: files far over the size limit,
//! nesting a hundred thousand levels deep, links that loop or lead out of content/, named
//! pipes and sockets, unreadable files, names that are not UTF-8. Each case is a small portal
//! (the valid `_ok-bom` case of tests/invalid/ with one thing broken) held to the rules of
//! that corpus (check_errors.rs): `check` exits 1 without panicking or hanging and prints
//! every expected line; `build` over the output of a previous good build fails and leaves
//! that output byte for byte as it was.
//!
//! The cases use Unix file types (links, pipes, sockets, permissions, byte file names), so
//! the file is compiled on Unix only.
#![cfg(unix)]

mod support;

use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;

/// What a case expects of `check`, or why it cannot be run here.
enum Setup {
    /// Lines that must all appear in stderr.
    Fails(Vec<&'static str>),
    /// Valid content: `check` must pass and print these lines.
    Passes(Vec<&'static str>),
    Skip(String),
}

struct Case {
    name: &'static str,
    /// Breaks the valid portal at the root given.
    make: fn(&Path) -> Setup,
}

fn content(root: &Path) -> std::path::PathBuf {
    root.join("content")
}

fn city(root: &Path) -> std::path::PathBuf {
    content(root).join("quanzhou")
}

fn year_file(root: &Path) -> std::path::PathBuf {
    city(root).join("2024.yaml")
}

/// Puts a named pipe at `path`, with the POSIX `mkfifo` tool (std cannot make one); when the
/// tool is missing, the case is skipped, or fails under SHISHI_REQUIRE_EXTERNAL=1.
fn replace_with_fifo(path: &Path) -> Option<Setup> {
    let Some(mkfifo) = support::find_on_path(&["mkfifo"]) else {
        support::missing("mkfifo");
        return Some(Setup::Skip("mkfifo not installed".to_string()));
    };
    let _ = std::fs::remove_file(path);
    let made = std::process::Command::new(mkfifo)
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
    None
}

fn replace_with_link(path: &Path, target: &str) {
    let _ = std::fs::remove_file(path);
    symlink(target, path).expect("make a link");
}

fn replace_with_folder(path: &Path) {
    std::fs::remove_file(path).expect("remove the file");
    std::fs::create_dir(path).expect("make the folder");
    std::fs::write(path.join("notes.txt"), "a folder where a file belongs\n").expect("write");
}

/// A sparse file of `bytes` zeros: as large as it says, without writing that much.
fn sparse(path: &Path, bytes: u64) {
    let file = std::fs::File::create(path).expect("create");
    file.set_len(bytes).expect("set length");
}

/// Whether this process can read a file whose permissions deny it, as root can.
fn reads_despite_permissions(path: &Path) -> bool {
    std::fs::read(path).is_ok()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "year file of 50 MB",
            make: |root| {
                sparse(&year_file(root), 50 * 1024 * 1024);
                Setup::Fails(vec![
                    "error: the file is 50 MB, too large for a content file, so it is not read",
                    "  --> content/quanzhou/2024.yaml",
                    "  = expected: at most 4 MB",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "site.yaml of 50 MB",
            make: |root| {
                sparse(&content(root).join("site.yaml"), 50 * 1024 * 1024);
                Setup::Fails(vec![
                    "error: the file is 50 MB, too large for a content file",
                    "  --> content/site.yaml",
                ])
            },
        },
        Case {
            name: "year file one byte over the limit, all of it YAML",
            make: |root| {
                let mut text = std::fs::read(year_file(root)).expect("read");
                let line = b"# a comment line that repeats until the file is too large\n";
                while text.len() <= 4 * 1024 * 1024 {
                    text.extend_from_slice(line);
                }
                text.truncate(4 * 1024 * 1024 + 1);
                std::fs::write(year_file(root), text).expect("write");
                Setup::Fails(vec![
                    "error: the file is 5 MB, too large for a content file",
                    "  = expected: at most 4 MB",
                ])
            },
        },
        Case {
            name: "a year file of 1 MB of short list items is read",
            make: |root| {
                // One line of 300,000 items: reading it must take time in proportion to its
                // length; anything quadratic left in the locator would not finish.
                let text = std::fs::read_to_string(year_file(root)).expect("read");
                let items = vec!["a"; 300_000].join(", ");
                let text = text.replacen(
                    "    status: completed\n",
                    &format!("    status: completed\n    districts: [{items}]\n"),
                    1,
                );
                std::fs::write(year_file(root), text).expect("write");
                Setup::Passes(vec!["content is valid"])
            },
        },
        Case {
            name: "a file of zeros",
            make: |root| {
                sparse(&year_file(root), 4096);
                Setup::Fails(vec![
                    "error: the file is not text: it holds binary data",
                    "  --> content/quanzhou/2024.yaml",
                ])
            },
        },
        Case {
            name: "100,000 nested [",
            make: |root| {
                let text = format!("year: 2024\ntitle: {}\n", "[".repeat(100_000));
                std::fs::write(year_file(root), text).expect("write");
                Setup::Fails(vec![
                    "error: values are nested more than 32 levels deep here",
                    "  --> content/quanzhou/2024.yaml:2:39",
                    "  = hint: a [ or { is probably never closed",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "100,000 nested { in site.yaml",
            make: |root| {
                let text = format!("title: {}\n", "{a: ".repeat(100_000));
                std::fs::write(content(root).join("site.yaml"), text).expect("write");
                Setup::Fails(vec![
                    "error: values are nested more than 32 levels deep here",
                    "  --> content/site.yaml:1:132",
                ])
            },
        },
        Case {
            name: "a million nested - on one line",
            make: |root| {
                let text = format!("sources:\n{}x\n", "- ".repeat(1_000_000));
                std::fs::write(year_file(root), text).expect("write");
                Setup::Fails(vec![
                    "error: values are nested more than 32 levels deep here",
                    "  --> content/quanzhou/2024.yaml:2:65",
                ])
            },
        },
        Case {
            name: "2,000 lines indented ever deeper",
            make: |root| {
                let text: String = (0..2000)
                    .map(|n| format!("{}a:\n", " ".repeat(n)))
                    .collect();
                std::fs::write(city(root).join("city.yaml"), text).expect("write");
                Setup::Fails(vec![
                    "error: values are nested more than 32 levels deep here",
                    "  --> content/quanzhou/city.yaml:33:33",
                ])
            },
        },
        Case {
            name: "billion laughs, ten levels of ten",
            make: |root| {
                let mut text = String::from("year: 2024\ntitle: t\nsummary: &l0 lol\n");
                for level in 1..=10 {
                    let refs = vec![format!("*l{}", level - 1); 10].join(", ");
                    text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
                }
                std::fs::write(year_file(root), text).expect("write");
                Setup::Fails(vec![
                    "error: `&l0` is a YAML anchor, which content files do not use",
                    "  --> content/quanzhou/2024.yaml:3:10",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "a flat list of 400,000 aliases to one long text",
            make: |root| {
                let long: Vec<String> = (0..100_000).map(|n| format!("k{n}: v")).collect();
                let text = format!(
                    "year: 2024\ntitle: t\nsources: [{{id: s, title: x, type: media}}]\nprojects:\n  - id: a\n    title: x\n    domain: education\n    summary: {{{}}}\n    districts: [{}]\n",
                    long.join(", "),
                    vec!["*a"; 400_000].join(", ")
                );
                let text = text.replacen("summary: {", "summary: &a {", 1);
                std::fs::write(year_file(root), text).expect("write");
                Setup::Fails(vec![
                    "error: `&a` is a YAML anchor, which content files do not use",
                    "  --> content/quanzhou/2024.yaml:8:14",
                ])
            },
        },
        Case {
            name: "a named pipe as year file",
            make: |root| {
                if let Some(skip) = replace_with_fifo(&year_file(root)) {
                    return skip;
                }
                Setup::Fails(vec![
                    "error: this is not an ordinary file but a named pipe, socket or device, so it is not read",
                    "  --> content/quanzhou/2024.yaml",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "a named pipe as city.yaml",
            make: |root| {
                if let Some(skip) = replace_with_fifo(&city(root).join("city.yaml")) {
                    return skip;
                }
                Setup::Fails(vec![
                    "error: this is not an ordinary file but a named pipe",
                    "  --> content/quanzhou/city.yaml",
                ])
            },
        },
        Case {
            name: "a named pipe as site.yaml",
            make: |root| {
                if let Some(skip) = replace_with_fifo(&content(root).join("site.yaml")) {
                    return skip;
                }
                Setup::Fails(vec![
                    "error: this is not an ordinary file but a named pipe",
                    "  --> content/site.yaml",
                ])
            },
        },
        Case {
            name: "a socket as year file",
            make: |root| {
                std::fs::remove_file(year_file(root)).expect("remove");
                let socket = std::os::unix::net::UnixListener::bind(year_file(root));
                // The listener may close; the socket file stays until removed.
                drop(socket.expect("bind a socket"));
                Setup::Fails(vec![
                    "error: this is not an ordinary file but a named pipe, socket or device",
                    "  --> content/quanzhou/2024.yaml",
                ])
            },
        },
        Case {
            name: "a folder named 2024.yaml",
            make: |root| {
                replace_with_folder(&year_file(root));
                Setup::Fails(vec![
                    "error: this is a folder, but it is named like a year file",
                    "  --> content/quanzhou/2024.yaml",
                    "  = hint: year files are YAML files",
                ])
            },
        },
        Case {
            name: "a folder named city.yaml",
            make: |root| {
                replace_with_folder(&city(root).join("city.yaml"));
                Setup::Fails(vec![
                    "error: this is a folder, but it should be a file",
                    "  --> content/quanzhou/city.yaml",
                ])
            },
        },
        Case {
            name: "a folder named site.yaml",
            make: |root| {
                replace_with_folder(&content(root).join("site.yaml"));
                Setup::Fails(vec![
                    "error: this is a folder, but it should be a file",
                    "  --> content/site.yaml",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "a year file linking to itself",
            make: |root| {
                replace_with_link(&year_file(root), "2024.yaml");
                Setup::Fails(vec![
                    "error: this is a link to `2024.yaml`, which leads back round to itself",
                    "  --> content/quanzhou/2024.yaml",
                    "  = hint: links that point at each other",
                ])
            },
        },
        Case {
            name: "two links pointing at each other",
            make: |root| {
                replace_with_link(&city(root).join("city.yaml"), "other.yaml");
                replace_with_link(&city(root).join("other.yaml"), "city.yaml");
                Setup::Fails(vec![
                    "error: this is a link to `other.yaml`, which leads back round to itself",
                    "  --> content/quanzhou/city.yaml",
                ])
            },
        },
        Case {
            name: "a city folder linking to content/ itself",
            make: |root| {
                symlink(".", content(root).join("loop")).expect("link");
                Setup::Fails(vec![
                    "error: this is a link to `.`, which leads back round to itself",
                    "  --> content/loop",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "a year file linking to its own folder",
            make: |root| {
                symlink(".", city(root).join("2023.yaml")).expect("link");
                Setup::Fails(vec![
                    "error: this is a link to `.`, which leads back round to itself",
                    "  --> content/quanzhou/2023.yaml",
                ])
            },
        },
        Case {
            name: "a year file linking outside content/",
            make: |root| {
                std::fs::write(root.join("secret.yaml"), "password: hunter2\n").expect("write");
                replace_with_link(&year_file(root), "../../secret.yaml");
                Setup::Fails(vec![
                    "error: this is a link to `../../secret.yaml`, outside the content folder, so it is not followed",
                    "  --> content/quanzhou/2024.yaml",
                    "  = expected: a file, or a link to a file inside content/",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "site.yaml linking to a device",
            make: |root| {
                replace_with_link(&content(root).join("site.yaml"), "/dev/zero");
                Setup::Fails(vec![
                    "error: this is a link to `/dev/zero`, outside the content folder",
                    "  --> content/site.yaml",
                ])
            },
        },
        Case {
            name: "a city folder linking outside content/",
            make: |root| {
                support::copy_dir(&city(root), &root.join("elsewhere"));
                symlink("../elsewhere", content(root).join("beijing")).expect("link");
                Setup::Fails(vec![
                    "error: this is a link to `../elsewhere`, outside the content folder",
                    "  --> content/beijing",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "a link to a file that is not there",
            make: |root| {
                symlink("2022.yaml", city(root).join("2023.yaml")).expect("link");
                Setup::Fails(vec![
                    "error: this is a link to `2022.yaml`, which does not exist",
                    "  --> content/quanzhou/2023.yaml",
                ])
            },
        },
        Case {
            name: "a link to a named pipe inside content/",
            make: |root| {
                if let Some(skip) = replace_with_fifo(&content(root).join("pipe")) {
                    return skip;
                }
                symlink("../pipe", city(root).join("2023.yaml")).expect("link");
                Setup::Fails(vec![
                    "error: this is not an ordinary file but a named pipe",
                    "  --> content/quanzhou/2023.yaml",
                ])
            },
        },
        Case {
            name: "a link within content/ is followed",
            make: |root| {
                let text = std::fs::read_to_string(year_file(root)).expect("read");
                let draft = city(root).join(".2023-draft.yaml");
                std::fs::write(&draft, text.replace("year: 2024", "year: 2023")).expect("write");
                symlink(".2023-draft.yaml", city(root).join("2023.yaml")).expect("link");
                Setup::Passes(vec!["content is valid"])
            },
        },
        Case {
            name: "an unreadable year file",
            make: |root| {
                let path = year_file(root);
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000))
                    .expect("chmod");
                if reads_despite_permissions(&path) {
                    return Setup::Skip(
                        "running as root, who reads any file; the named pipe, folder and \
                         dangling link cases stand for unreadable files here"
                            .to_string(),
                    );
                }
                Setup::Fails(vec![
                    "error: cannot read the file (Permission denied",
                    "  --> content/quanzhou/2024.yaml",
                ])
            },
        },
        Case {
            name: "an unreadable city folder",
            make: |root| {
                let path = city(root);
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000))
                    .expect("chmod");
                if std::fs::read_dir(&path).is_ok() {
                    return Setup::Skip("running as root, who reads any folder".to_string());
                }
                Setup::Fails(vec![
                    "error: cannot open this folder (Permission denied",
                    "  --> content/quanzhou",
                ])
            },
        },
        Case {
            name: "a year file name that is not UTF-8",
            make: |root| {
                let name = std::ffi::OsStr::from_bytes(b"20\xff4.yaml");
                std::fs::copy(year_file(root), city(root).join(name)).expect("copy");
                Setup::Fails(vec![
                    "error: the name of this file or folder has characters shishi cannot read",
                    "  --> content/quanzhou/20\u{fffd}4.yaml",
                    "1 error(s)",
                ])
            },
        },
        Case {
            name: "a city folder name that is not UTF-8",
            make: |root| {
                let name = std::ffi::OsStr::from_bytes(b"quan\xe5\xb4");
                std::fs::rename(city(root), content(root).join(name)).expect("rename");
                Setup::Fails(vec![
                    "error: the name of this file or folder has characters shishi cannot read",
                    "  --> content/quan\u{fffd}",
                ])
            },
        },
        Case {
            name: "a city folder name with a backslash",
            make: |root| {
                std::fs::rename(city(root), content(root).join("quan\\zhou")).expect("rename");
                Setup::Fails(vec![
                    "error: the folder name `quan\\zhou` cannot be used: folder names become web addresses",
                    "  --> content/quan\\zhou",
                    "  = hint: rename the folder, e.g. to `quan-zhou`",
                ])
            },
        },
        Case {
            name: "content is a file",
            make: |root| {
                std::fs::remove_dir_all(content(root)).expect("remove content");
                std::fs::write(content(root), "title: not a folder\n").expect("write");
                Setup::Fails(vec![
                    "error: there is no content folder here",
                    "  --> content",
                ])
            },
        },
    ]
}

/// Makes every case in a fresh copy of the valid portal and holds it to the corpus's rules.
#[test]
fn bad_input_made_at_test_time_is_refused_clearly_and_leaves_the_output() {
    let valid = support::repo()
        .join("tests")
        .join("invalid")
        .join("_ok-bom")
        .join("content");
    let mut failures = Vec::new();
    let mut run = 0;
    for case in cases() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        support::copy_dir(&valid, &content(root));
        let (expected, passes) = match (case.make)(root) {
            Setup::Fails(lines) => (lines, false),
            Setup::Passes(lines) => (lines, true),
            Setup::Skip(reason) => {
                println!("skipped: {}: {reason}", case.name);
                restore_permissions(root);
                continue;
            }
        };
        run += 1;
        let expected: Vec<String> = expected.iter().map(|l| l.to_string()).collect();
        let (mut problems, stderr) = support::failing::check_problems(root, &expected, passes);
        if stderr.contains("hunter2") {
            problems.push("a file outside content/ was read and shown".to_string());
        }
        if !passes {
            problems.extend(support::failing::build_problems(root));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "=== {}\n  - {}\n--- check stderr:\n{stderr}",
                case.name,
                problems.join("\n  - ")
            ));
        }
        restore_permissions(root);
    }
    println!("{run} cases made at test time were run");
    assert!(
        failures.is_empty(),
        "{} of {run} cases failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Gives back the permissions a case took away, so the temporary folder can be removed.
fn restore_permissions(root: &Path) {
    for entry in walkdir::WalkDir::new(root).follow_links(false) {
        let Ok(entry) = entry else { continue };
        if entry.path_is_symlink() {
            continue;
        }
        let mode = if entry.file_type().is_dir() {
            0o755
        } else {
            0o644
        };
        let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode));
    }
    let city = city(root);
    let _ = std::fs::set_permissions(&city, std::fs::Permissions::from_mode(0o755));
}

/// `check` without `--lang` reads site.yaml once more for its language; that read must not
/// wait on a named pipe either.
#[test]
fn the_language_is_not_read_from_a_named_pipe() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let valid = support::repo()
        .join("tests")
        .join("invalid")
        .join("_ok-bom");
    support::copy_dir(&valid.join("content"), &content(root));
    if replace_with_fifo(&content(root).join("site.yaml")).is_some() {
        return;
    }
    let run = support::failing::shishi(&[
        std::ffi::OsStr::new("check"),
        std::ffi::OsStr::new("--root"),
        root.as_os_str(),
    ]);
    assert!(!run.hung, "check waited on the pipe");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // No language could be read, so the messages are in the default, Chinese.
    assert!(
        run.stderr
            .contains("错误：这不是普通文件，而是管道、套接字或设备文件"),
        "{}",
        run.stderr
    );
}
