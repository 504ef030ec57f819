//! Hostile content: whatever editors commit, readers get pages on which nothing of theirs
//! runs. The portal of tests/support/hostile.rs puts script, dangerous links and formulas in
//! every field; these tests read everything built from it (always), and load every page and
//! chart in headless Chromium (when it is installed, or always with
//! SHISHI_REQUIRE_EXTERNAL=1).

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;
use support::server::Server;
use support::webdriver::Browser;
use support::{hostile, scan};

/// The hostile portal, built once per test binary.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let portal = hostile::portal();
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-site");
        support::build_into(portal.path(), &out, &[]);
        out
    })
}

/// How many payloads the portal carries in how many fields, for the test's log.
fn coverage() -> String {
    let fields = hostile::fields();
    let total: usize = fields.iter().map(|(_, n)| n).sum();
    format!(
        "{} script payloads and {} address payloads in {} fields: {total} field values",
        hostile::PAYLOADS.len(),
        hostile::URL_PAYLOADS.len(),
        fields.len()
    )
}

fn report(findings: &scan::Findings) -> String {
    findings
        .counts
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn nothing_built_from_hostile_content_can_run_or_load() {
    let findings = scan::site(site());
    eprintln!("{}\nscanned {}", coverage(), report(&findings));
    assert!(
        findings.problems.is_empty(),
        "{} problems:\n{}",
        findings.problems.len(),
        findings.problems.join("\n")
    );
    // Each kind of output was there to be scanned, and the formulas reached the CSV files.
    for kind in [
        "HTML pages",
        "SVG charts",
        "feeds and sitemaps",
        "feed HTML fields",
        "JSON-LD blocks",
        "search index entries",
        "CSV cells neutralised",
    ] {
        assert!(findings.get(kind) > 0, "nothing counted as {kind}");
    }
}

/// Escaping keeps what editors wrote: each city's heading shows its payload as text, exactly
/// as written, rather than dropping or mangling it.
#[test]
fn hostile_text_is_shown_as_written() {
    for i in 0..hostile::PAYLOADS.len() {
        let page =
            std::fs::read_to_string(site().join(hostile::city_slug(i)).join("index.html")).unwrap();
        // An HTML parser reads a CR, alone or before LF, as a line feed; characters HTML
        // forbids are dropped from every text (docs/content-format.md).
        let want = shishi::text::showable(&hostile::payload(i))
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        assert_eq!(
            scan::text_of(&page, "main h1").as_deref(),
            Some(want.as_str()),
            "payload {}",
            i + 1
        );
    }
}

/// The same content published under a base address that itself carries markup: every
/// link, canonical address and feed is built from it.
#[test]
fn a_hostile_base_address_is_refused() {
    let portal = hostile::portal();
    for base in [
        "https://example.org/\"><script>top.__pwned=1</script>/",
        "https://example.org/?x=1#frag",
        "https://example.org/a b/",
        "javascript:top.__pwned=1//",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let run = Command::new(env!("CARGO_BIN_EXE_shishi"))
            .args(["build", "--lang", "en", "--root"])
            .arg(portal.path())
            .arg("--output")
            .arg(&out)
            .args(["--base-url", base])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{base}: {stderr}");
        assert!(stderr.contains("error: --base-url"), "{base}: {stderr}");
        assert!(
            stderr.contains("hint: give a plain web address"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out.exists(), "{base}: output written");
    }
}

/// Commit messages are written by whoever commits, and project pages quote them.
#[test]
fn hostile_commit_messages_stay_text() {
    if Command::new("git").arg("--version").output().is_err() {
        return support::missing("git");
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    support::fixtures::write(
        root,
        "site.yaml",
        "title: t\nbase_url: https://example.org/\nrepository: https://example.org/repo\ndomains: [{id: d, name: d}]\n",
    );
    support::fixtures::write(root, "c/city.yaml", "name: c\nlevel: prefecture\n");
    support::fixtures::write(
        root,
        "c/2024.yaml",
        "year: 2024\ntitle: t\nsources: [{id: s, title: s, type: media}]\nprojects: [{id: p, title: p, domain: d, status: completed}]\n",
    );
    // The summary a page shows is the first line, so the payloads share one.
    let message: String = hostile::all_payloads()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", &message],
    ] {
        let run = Command::new("git")
            .args(args)
            .current_dir(root)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "\"><script>top.__pwned=1</script>")
            .env("GIT_AUTHOR_EMAIL", "editor@example.org")
            .env("GIT_COMMITTER_NAME", "Reviewer")
            .env("GIT_COMMITTER_EMAIL", "reviewer@example.org")
            .env("GIT_AUTHOR_DATE", "2024-07-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-07-01T00:00:00Z")
            .output()
            .unwrap();
        assert!(run.status.success(), "git {args:?}: {run:?}");
    }
    let (_out_tmp, out) = support::build(root, &[]);
    let page = std::fs::read_to_string(out.join("c/2024/p/index.html")).unwrap();
    let history = scan::text_of(&page, "section[aria-labelledby=history-h]")
        .unwrap_or_else(|| panic!("no change history on the page:\n{page}"));
    assert!(history.contains("top.__pwned=1;alert(1)"), "{history}");
    let findings = scan::site(&out);
    assert!(
        findings.problems.is_empty(),
        "{}",
        findings.problems.join("\n")
    );
}

/// Addresses that are not web pages are refused when the content is checked, each with its
/// file, line and a hint, all in one run, and nothing is written.
#[test]
fn addresses_that_are_not_web_pages_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // Block style, as editors write it; a JSON string is a YAML double-quoted scalar, which
    // carries the control characters as escapes.
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    let mut year = String::from("year: 2024\ntitle: t\nsources:\n");
    for (i, url) in hostile::BAD_URLS.iter().enumerate() {
        year += &format!(
            "  - id: s{i}\n    title: report\n    type: media\n    url: {}\n",
            quoted(url)
        );
    }
    support::fixtures::write(root, "c/2024.yaml", &year);
    support::fixtures::write(
        root,
        "site.yaml",
        &format!(
            "title: t\nbase_url: https://example.org/\nlanguage: en\nlicense:\n  name: l\n  url: {}\nrepository: {}\ndomains:\n  - {{id: d, name: d}}\n",
            quoted("javascript:top.__pwned=1"),
            quoted("file:///srv/portal")
        ),
    );
    support::fixtures::write(root, "c/city.yaml", "name: c\nlevel: prefecture\n");
    let out = root.join("output");
    let run = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(["build", "--format", "json", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(!out.exists(), "output written despite errors");
    let diags: Vec<Value> = serde_json::from_slice(&run.stdout).unwrap();
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(
        errors.len(),
        hostile::BAD_URLS.len() + 2,
        "{}",
        serde_json::to_string_pretty(&diags).unwrap()
    );
    for d in &errors {
        // Each error points at the line that gives the address.
        let text = std::fs::read_to_string(root.join(d["file"].as_str().unwrap())).unwrap();
        let line = d["line"].as_u64().unwrap() as usize;
        let at = text.lines().nth(line.wrapping_sub(1)).unwrap_or_default();
        assert!(
            ["url: ", "repository: "].iter().any(|k| at.contains(k)),
            "{d} points at {at:?}"
        );
        assert!(d["column"].as_u64().unwrap() > 0, "{d}");
        assert!(d["hint"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
        assert!(
            d["message"].as_str().unwrap().contains("not a web address"),
            "{d}"
        );
    }
    for (i, url) in hostile::BAD_URLS.iter().enumerate() {
        assert!(
            errors.iter().any(|d| d["file"] == "content/c/2024.yaml"
                && d["message"].as_str().unwrap().contains(url)),
            "no error for source {i}, {url:?}"
        );
    }
}

/// What the page reports about itself: whether any payload ran, where it is, its title,
/// and every address on it that a browser would follow or load, as the browser resolves it.
const PAGE_STATE: &str = r#"
const bad = [];
const names = ["href", "src", "action", "formaction", "data", "poster", "background"];
for (const el of document.querySelectorAll("*")) {
  const values = names.map((n) => el.getAttribute(n));
  values.push(el.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
  for (const v of values) {
    if (v === null) continue;
    let protocol;
    try { protocol = new URL(v, document.baseURI).protocol; } catch (e) { continue; }
    if (!["http:", "https:", "mailto:"].includes(protocol)) bad.push(el.tagName + " " + v);
  }
}
return {
  pwned: typeof window.__pwned === "undefined" ? null : String(window.__pwned),
  href: location.href,
  base: document.baseURI,
  title: document.title,
  frames: window.frames.length,
  bad,
};
"#;

/// `document.title` as Chromium computes it: the title's text with ASCII whitespace
/// stripped and collapsed, and other control characters read as spaces.
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_ascii_control())
        .flat_map(|part| part.split(' '))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The title the built file gives itself, read without a browser.
fn expected_title(rel: &str, text: &str) -> String {
    if rel.ends_with(".svg") {
        let doc = roxmltree::Document::parse(text).unwrap();
        let title = doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "title")));
        collapse(
            &title
                .map(|t| t.text().unwrap_or_default().to_string())
                .unwrap_or_default(),
        )
    } else {
        collapse(&scan::text_of(text, "head > title").unwrap_or_default())
    }
}

/// Where `shown` departs from `want`, with a little context: titles carry every payload,
/// so the whole of both would bury the difference.
fn first_difference(want: &str, shown: &str) -> String {
    let (w, s): (Vec<char>, Vec<char>) = (want.chars().collect(), shown.chars().collect());
    let at = w.iter().zip(&s).take_while(|(a, b)| a == b).count();
    let around = |v: &[char]| {
        v[at.saturating_sub(20)..(at + 40).min(v.len())]
            .iter()
            .collect::<String>()
    };
    format!("{:?} where {:?} was expected", around(&s), around(&w))
}

/// Opens `url` and lists anything on it that shows a script ran or could run.
fn check_page(browser: &Browser, url: &str, title: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(e) = browser.try_navigate(url) {
        problems.push(format!("loading failed: {e}"));
    }
    problems.extend(inspect(browser, url, title));
    problems
}

/// What the page open at `url` shows of anything that ran or could run.
fn inspect(browser: &Browser, url: &str, title: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(text) = browser.alert_text() {
        problems.push(format!("a dialog opened: {text:?}"));
    }
    let state = match browser.execute_result(PAGE_STATE, vec![]) {
        Ok(state) => state,
        Err(e) => {
            problems.push(format!("the page could not be read: {e}"));
            return problems;
        }
    };
    if !state["pwned"].is_null() {
        problems.push(format!("payload {} ran", state["pwned"]));
    }
    // The list filters may rewrite the query of the address, never the page it names.
    let page = |v: &Value| {
        v.as_str()
            .unwrap_or_default()
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let want = url.split('?').next().unwrap_or_default();
    if page(&state["href"]) != want || page(&state["base"]) != want {
        problems.push(format!(
            "the page moved or rebased: {} {}",
            state["href"], state["base"]
        ));
    }
    if let Some(title) = title {
        let shown = state["title"].as_str().unwrap_or_default();
        if shown != title {
            problems.push(format!(
                "the title became {}",
                first_difference(title, shown)
            ));
        }
    }
    if state["frames"] != 0 {
        problems.push(format!("{} frames", state["frames"]));
    }
    for bad in state["bad"].as_array().into_iter().flatten() {
        problems.push(format!("an address a browser would run: {bad}"));
    }
    problems
}

#[test]
fn no_hostile_payload_runs_in_a_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let out = site();
    let server = Server::start(out.to_path_buf());
    let files: Vec<(String, String)> = support::all_files(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html") || rel.ends_with(".svg"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).unwrap()))
        .collect();
    let mut problems = Vec::new();
    let (mut pages, mut charts) = (0, 0);
    for (rel, text) in &files {
        let path = format!("/{}", rel.strip_suffix("index.html").unwrap_or(rel));
        let title = expected_title(rel, text);
        for p in check_page(&browser, &server.url(&path), Some(&title)) {
            problems.push(format!("{path}: {p}"));
        }
        if rel.ends_with(".svg") {
            charts += 1;
        } else {
            pages += 1;
        }
    }

    // Search results are built in the page by its script, from the index's hostile titles.
    let search = server.url("/search/?q=pwned");
    for p in check_page(&browser, &search, None) {
        problems.push(format!("/search/: {p}"));
    }
    let shown = browser.wait_until(Duration::from_secs(30), "search results", |b| {
        let n = b.find_all("#results a").len();
        (n > 0).then_some(n)
    });
    for p in inspect(&browser, &search, None) {
        problems.push(format!("/search/ with results: {p}"));
    }

    // Addresses a reader could be sent, with markup in the query the scripts read.
    for path in [
        "/search/?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dtop.__pwned%3D1001%3E",
        "/h1/2024/?status=%22%3E%3Csvg%20onload%3Dtop.__pwned%3D1002%3E&lead=%3Cscript%3Etop.__pwned%3D1003%3C%2Fscript%3E",
    ] {
        for p in check_page(&browser, &server.url(path), None) {
            problems.push(format!("{path}: {p}"));
        }
    }

    eprintln!(
        "{}\nloaded {pages} pages and {charts} standalone charts in Chromium, and a search showing {shown} results",
        coverage()
    );
    assert!(pages > 0 && charts > 0);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
