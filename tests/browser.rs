//! The built sample portal in a real browser: every kind of page passes the axe
//! accessibility checker, and the list filters show and hide projects as a reader chooses.
//!
//! Needs Chromium and chromedriver, and for axe Node and `npm ci`; without them the tests
//! are skipped, unless SHISHI_REQUIRE_EXTERNAL=1.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::server::{percent_decode, Server};
use support::webdriver::{self, Browser, Element};

/// Bounds a broken page or a hung tool; no claim about speed.
const PATIENCE: Duration = Duration::from_secs(30);

/// One page of each kind the portal has.
const AXE_PAGES: &[&str] = &[
    "/",
    "/quanzhou/",
    "/quanzhou/2024/",
    "/quanzhou/2024/school-places/",
    "/search/",
    "/data/",
    "/domain/education/",
    "/year/2024/",
];

/// Lead-unit pages, which only a portal with lead units has.
const AXE_LEAD_PAGES: &[&str] = &["/alpha/lead/", "/alpha/lead/shi-jiao-yu-ju/", "/alpha/"];

#[test]
fn every_kind_of_page_passes_axe() {
    let axe = support::repo().join("node_modules/.bin/axe");
    if !axe.is_file() {
        return support::missing("the axe accessibility checker (npm ci)");
    }
    if Command::new("node").arg("--version").output().is_err() {
        return support::missing("node");
    }
    let Some(chromium) = webdriver::chromium() else {
        return support::missing("chromium");
    };
    let Some(chromedriver) = webdriver::chromedriver() else {
        return support::missing("chromedriver");
    };
    let leads = support::fixtures::leads_portal();
    let (_tmp, with_leads) = support::build(leads.path(), &[]);
    let sites = [
        (support::sample_site().to_path_buf(), AXE_PAGES),
        (with_leads, AXE_LEAD_PAGES),
    ];
    let reports = tempfile::tempdir().unwrap();
    let chrome_options = webdriver::CHROMIUM_ARGS
        .iter()
        .map(|a| a.trim_start_matches("--"))
        .collect::<Vec<_>>()
        .join(",");

    let mut problems = String::new();
    let mut n = 0;
    for (out, pages) in sites {
        let server = Server::start(out.clone());
        for page in pages {
            n += 1;
            assert!(
                out.join(&page[1..]).join("index.html").is_file(),
                "the portal has no page {page}"
            );
            let report = reports.path().join(format!("page-{n}.json"));
            // One page per run: an error on one page ends axe's whole run, and each page
            // gets a report of its own.
            let mut axe_run = Command::new(&axe);
            axe_run
                .arg(server.url(page))
                .arg("--chromedriver-path")
                .arg(&chromedriver)
                .arg("--chrome-path")
                .arg(&chromium)
                .arg(format!("--chrome-options={chrome_options}"))
                .args(["--exit", "--no-reporter", "--dir"])
                .arg(reports.path())
                .arg("--save")
                .arg(report.file_name().unwrap());
            let (status, output) = run_bounded(axe_run, Duration::from_secs(180));
            let Some(results) = std::fs::read(&report)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            else {
                panic!("axe wrote no report for {page} (exit {status}):\n{output}");
            };
            // One URL gives one result, but axe may wrap it in a list.
            let results = match results {
                Value::Array(list) => list,
                one => vec![one],
            };
            let mut found = 0;
            for result in &results {
                for violation in result["violations"].as_array().into_iter().flatten() {
                    found += 1;
                    problems += &describe(page, violation);
                }
            }
            assert!(
                found > 0 || status == "0",
                "axe failed on {page} (exit {status}) without naming a violation:\n{output}"
            );
        }
    }
    assert!(problems.is_empty(), "axe found violations:\n{problems}");
}

/// A violation as a fixer needs it: the rule, what it asks, and each element that breaks it.
fn describe(page: &str, violation: &Value) -> String {
    let mut text = format!(
        "{page}: {} ({}): {}\n  {}\n",
        violation["id"].as_str().unwrap_or("?"),
        violation["impact"].as_str().unwrap_or("?"),
        violation["help"].as_str().unwrap_or_default(),
        violation["helpUrl"].as_str().unwrap_or_default(),
    );
    for node in violation["nodes"].as_array().into_iter().flatten() {
        text += &format!(
            "  - {}\n    {}\n",
            node["target"],
            node["html"].as_str().unwrap_or_default()
        );
        if let Some(summary) = node["failureSummary"].as_str() {
            for line in summary.lines() {
                text += &format!("      {line}\n");
            }
        }
    }
    text
}

/// Runs `command` to its end, killing it after `limit`; its exit code (or how it ended) and
/// everything it printed.
fn run_bounded(mut command: Command, limit: Duration) -> (String, String) {
    let scratch = tempfile::tempdir().unwrap();
    let log_path = scratch.path().join("output.txt");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "still running after {limit:?}: {command:?}\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let code = status.code().map_or(status.to_string(), |c| c.to_string());
    (code, std::fs::read_to_string(&log_path).unwrap_or_default())
}

/// The filters a list page may offer, in the order a test prefers them.
const FILTERS: &[&str] = &["status", "schedule", "domain", "lead"];

#[test]
fn filters_show_only_the_chosen_projects() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let out = support::sample_site();
    let server = Server::start(out);

    // Every Quanzhou 2024 project was completed, so that page need not offer a status
    // filter; it is tested with the first filter that gives a choice there.
    filter_one_page(&browser, &server, "/quanzhou/2024/", FILTERS);

    // Status is the filter readers come for; test it on a city-year page that offers it.
    let page = city_years(out)
        .into_iter()
        .map(|(page, _)| page)
        .find(|page| read_page(out, page).contains(r#"<select name="status""#))
        .expect("some city-year page of the sample portal offers a status filter");
    let (name, _) = filter_one_page(&browser, &server, &page, &["status"]);
    assert_eq!(name, "status");
}

/// Chooses a value in the first of `names` that gives the page a real choice, checks that
/// exactly the matching projects (and their groups) show, that the address keeps the
/// choice, that choosing "all" brings everything back, and that opening the address with
/// the choice applies it. Returns the filter and value it chose.
fn filter_one_page(
    browser: &Browser,
    server: &Server,
    page: &str,
    names: &[&str],
) -> (String, String) {
    browser.navigate(&server.url(page));
    wait_for_filters(browser);
    let rows = browser.find_all("li.project-row");
    assert!(!rows.is_empty(), "{page} lists no projects");
    assert_displayed(
        browser,
        &rows,
        &all(&rows),
        &format!("{page} with no filter"),
    );

    let groups = browser.find_all("[data-filter-group]");
    let members: Vec<Vec<usize>> = serde_json::from_value(browser.execute(
        "const rows = Array.from(document.querySelectorAll('li.project-row'));
         return Array.from(document.querySelectorAll('[data-filter-group]'))
           .map((g) => Array.from(g.querySelectorAll('li.project-row')).map((r) => rows.indexOf(r)));",
        vec![],
    ))
    .unwrap();

    let (name, value, values) = choose(browser, &rows, &members, names)
        .unwrap_or_else(|| panic!("none of the filters {names:?} offers a choice on {page}"));
    let matching: Vec<bool> = values.iter().map(|v| v.contains(&value)).collect();
    let shown = matching.iter().filter(|m| **m).count();
    let context = format!("with {name}={value}");

    select(browser, &name, &value);
    browser.wait_until(PATIENCE, &format!("{name}={value} in the address"), |b| {
        (query_param(&b.current_url(), &name).as_deref() == Some(value.as_str())).then_some(())
    });
    assert_displayed(browser, &rows, &matching, &format!("{page} {context}"));
    let group_shown: Vec<bool> = members
        .iter()
        .map(|m| m.iter().any(|&i| matching[i]))
        .collect();
    assert!(
        group_shown.contains(&false),
        "{page}: every group has a project {context}, so the test cannot see a group hide"
    );
    assert_displayed(browser, &groups, &group_shown, &format!("{page} {context}"));
    let count = browser.find("#filter-count");
    assert!(browser.attribute(&count, "aria-live").is_some());
    let said = browser.text(&count);
    assert!(
        said.contains(&shown.to_string()),
        "{page}: the count says {said:?} {context}, but {shown} projects show"
    );

    select(browser, &name, "");
    browser.wait_until(PATIENCE, &format!("no {name} in the address"), |b| {
        query_param(&b.current_url(), &name).is_none().then_some(())
    });
    let after_all = format!("{page} after choosing all");
    assert_displayed(browser, &rows, &all(&rows), &after_all);
    assert_displayed(browser, &groups, &all(&groups), &after_all);

    // A shared link with the choice in it opens filtered.
    browser.navigate(&server.url(&format!("{page}?{name}={value}")));
    wait_for_filters(browser);
    let chosen = browser.property(
        &browser.find(&format!("form.filters select[name={name}]")),
        "value",
    );
    assert_eq!(
        chosen,
        json!(value),
        "{page}: the {name} select on opening {context}"
    );
    let rows = browser.find_all("li.project-row");
    assert_displayed(
        browser,
        &rows,
        &matching,
        &format!("{page} on opening {context}"),
    );
    (name, value)
}

/// Picks a filter that gives a real choice on the page and a value for it: one that not
/// every project has, preferring one that leaves some group empty. Returns the filter's
/// name, the value, and each row's values for that filter.
fn choose(
    browser: &Browser,
    rows: &[Element],
    members: &[Vec<usize>],
    names: &[&str],
) -> Option<(String, String, Vec<Vec<String>>)> {
    for name in names {
        let Some(select) = browser
            .find_all(&format!("form.filters select[name={name}]"))
            .into_iter()
            .next()
        else {
            continue;
        };
        let options: Vec<String> = browser
            .find_all_in(&select, "option")
            .iter()
            .map(|o| browser.attribute(o, "value").unwrap_or_default())
            .collect();
        assert_eq!(
            options.first().map(String::as_str),
            Some(""),
            "the first {name} option means all"
        );
        // A row may carry several values, space-separated (a project with two leads).
        let values: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let v = browser.attribute(r, &format!("data-{name}"));
                v.unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect()
            })
            .collect();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for v in values.iter().flatten() {
            *counts.entry(v.as_str()).or_default() += 1;
        }
        if counts.len() < 2 {
            continue;
        }
        let most = counts.values().copied().max().unwrap_or_default();
        // With every value equally common, none is the majority.
        let tied = counts.values().all(|&n| n == most);
        let mut candidates: Vec<(usize, &str)> = counts
            .iter()
            .filter(|(v, &n)| (n < most || tied) && options.iter().any(|o| o == *v))
            .map(|(v, &n)| (n, *v))
            .collect();
        candidates.sort();
        let leaves_a_group_empty = |value: &str| {
            members
                .iter()
                .any(|m| !m.iter().any(|&i| values[i].iter().any(|v| v == value)))
        };
        let pick = candidates
            .iter()
            .find(|(_, v)| leaves_a_group_empty(v))
            .or(candidates.first());
        if let Some((_, value)) = pick {
            let value = value.to_string();
            return Some((name.to_string(), value, values));
        }
    }
    None
}

/// Chooses `value` in the filter `name` the way a reader does, by picking its option.
fn select(browser: &Browser, name: &str, value: &str) {
    let option = browser.find(&format!(
        r#"form.filters select[name={name}] option[value="{value}"]"#
    ));
    browser.click(&option);
}

/// Waits until the filter script has shown its form.
fn wait_for_filters(browser: &Browser) {
    browser.wait_until(PATIENCE, "the filter form to show", |b| {
        let form = b.find_all("form.filters").into_iter().next()?;
        b.is_displayed(&form).then_some(())
    });
}

fn all(elements: &[Element]) -> Vec<bool> {
    vec![true; elements.len()]
}

/// Asserts which of `elements` a reader sees; `what` says which page in which state.
fn assert_displayed(browser: &Browser, elements: &[Element], expected: &[bool], what: &str) {
    let actual: Vec<bool> = elements.iter().map(|e| browser.is_displayed(e)).collect();
    if actual != expected {
        let wrong: Vec<String> = elements
            .iter()
            .zip(actual.iter().zip(expected))
            .filter(|(_, (a, e))| a != e)
            .map(|(el, (a, _))| {
                let html = browser.execute(
                    "return arguments[0].outerHTML.slice(0, 200);",
                    vec![el.json()],
                );
                let html = html.as_str().unwrap_or_default().to_owned();
                format!("{}: {html}", if *a { "shown" } else { "hidden" })
            })
            .collect();
        panic!("{what}: wrongly\n{}", wrong.join("\n"));
    }
}

/// The decoded value of `name` in the query of `url`.
fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split('#').next()?.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| percent_decode(&s.replace('+', " "));
        (decode(k)? == name).then(|| decode(v)).flatten()
    })
}

#[test]
fn without_javascript_city_year_pages_list_every_project() {
    let out = support::sample_site();
    let pages = city_years(out);
    assert!(pages.iter().any(|(page, _)| page == "/quanzhou/2024/"));
    for (page, projects) in pages {
        let html = read_page(out, &page);
        let rows = row_links(&html);
        let mut listed: Vec<&str> = rows.iter().map(String::as_str).collect();
        let mut expected: Vec<&str> = projects.iter().map(String::as_str).collect();
        listed.sort();
        expected.sort();
        assert_eq!(
            listed, expected,
            "{page}: project rows against the open data"
        );
        if !rows.is_empty() {
            assert_eq!(
                heading_count(&html),
                Some(rows.len()),
                "{page}: the projects heading counts every row"
            );
        }
        // Only the script may reveal the filters; without it the whole list is the page.
        for tag in start_tags(&html, "form") {
            if tag.contains(r#"class="filters""#) {
                assert!(has_attribute(tag, "hidden"), "{page}: {tag}");
            }
        }
        for tag in start_tags(&html, "li") {
            if !tag.contains("project-row") {
                continue;
            }
            assert!(!has_attribute(tag, "hidden"), "{page}: {tag}");
        }
    }
}

/// Each city-year page (as a URL path) with the addresses of its top-level projects, from
/// the portal's open data.
fn city_years(out: &Path) -> Vec<(String, Vec<String>)> {
    let portal: Value =
        serde_json::from_slice(&std::fs::read(out.join("data/portal.json")).unwrap()).unwrap();
    let mut pages = Vec::new();
    for city in portal["cities"].as_array().unwrap() {
        for year in city["years"].as_array().into_iter().flatten() {
            let page = format!("/{}/{}/", city["slug"].as_str().unwrap(), year["year"]);
            let projects = year["projects"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["parent"].is_null())
                .map(|p| p["url"].as_str().unwrap().to_owned())
                .collect();
            pages.push((page, projects));
        }
    }
    pages
}

fn read_page(out: &Path, page: &str) -> String {
    let file = out.join(&page[1..]).join("index.html");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The start tags `<name …>` in `html`.
fn start_tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    html.match_indices(&open)
        .filter_map(|(at, _)| {
            let rest = &html[at..];
            let next = rest[open.len()..].chars().next()?;
            if !(next.is_whitespace() || next == '>') {
                return None;
            }
            rest.find('>').map(|end| &rest[..=end])
        })
        .collect()
}

fn has_attribute(tag: &str, name: &str) -> bool {
    tag.trim_start_matches('<')
        .trim_end_matches('>')
        .split_whitespace()
        .skip(1)
        .any(|a| a.split('=').next() == Some(name))
}

/// The first link of each project row, in page order.
fn row_links(html: &str) -> Vec<String> {
    html.match_indices("<li ")
        .filter_map(|(at, _)| {
            let rest = &html[at..];
            let tag = &rest[..rest.find('>')?];
            if !tag.contains("project-row") {
                return None;
            }
            let href = rest.find("href=\"")? + "href=\"".len();
            let end = rest[href..].find('"')?;
            Some(rest[href..href + end].to_owned())
        })
        .collect()
}

/// The number in brackets in the projects heading, "项目 (20)".
fn heading_count(html: &str) -> Option<usize> {
    let start = html.find(r#"id="projects-h""#)?;
    let heading = &html[start..start + html[start..].find("</h2>")?];
    let open = heading.rfind('(')?;
    let close = heading.rfind(')')?;
    heading.get(open + 1..close)?.trim().parse().ok()
}

#[test]
fn the_test_server_serves_nothing_outside_its_root() {
    let root = tempfile::tempdir().unwrap();
    let site = root.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("index.html"), "inside").unwrap();
    std::fs::write(root.path().join("secret.txt"), "outside").unwrap();
    let server = Server::start(&site);
    let get = |request: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    };
    assert!(get("GET / HTTP/1.1\r\n\r\n").ends_with("inside"));
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"] {
        let reply = get(&format!("GET {path} HTTP/1.1\r\n\r\n"));
        assert!(reply.starts_with("HTTP/1.1 404"), "{path}: {reply}");
    }
    let reply = get("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    assert!(reply.starts_with("HTTP/1.1 405"), "{reply}");
}
