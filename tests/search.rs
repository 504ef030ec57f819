//! Site search: the built sample portal publishes a search page and index, and a reader
//! typing into it in a real browser finds projects.
//!
//! The browser test needs Chromium and chromedriver; without them the test is skipped,
//! unless SHISHI_REQUIRE_EXTERNAL=1.

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::server::Server;
use support::webdriver::{Browser, Element};

#[test]
fn the_sample_portal_has_a_search_page_and_index() {
    let out = support::sample_site();
    let page = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    assert!(page.contains(r#"role="search""#), "{page}");
    assert!(
        page.contains(r#"data-index="/search-index.json""#),
        "{page}"
    );
    assert!(page.contains("<noscript>"), "{page}");
    let index = std::fs::read_to_string(out.join("search-index.json")).unwrap();
    let docs: serde_json::Value = serde_json::from_str(&index).unwrap();
    let project = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["t"] == "新增义务教育公办学校学位")
        .expect("the school places project is indexed");
    assert_eq!(project["u"], "/quanzhou/2024/school-places/");
    // Every page links to search from its header.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(r#"href="/search/""#));
}

/// One entry of the result list as a reader sees it.
#[derive(Debug)]
struct Hit {
    text: String,
    href: Option<String>,
    link: Option<Element>,
}

/// Types `query` into the search box, replacing what was there, and returns the results
/// once they are for this query.
fn search(browser: &Browser, query: &str) -> Vec<Hit> {
    let input = browser.find("#q");
    browser.clear(&input);
    browser.send_keys(&input, query);
    // The page searches after a pause in typing and writes the query into the address in
    // the same step, so the address says whether the list shown is this query's. The list
    // also waits for the index to arrive, and is never empty for a query once it has.
    let settled = "return new URLSearchParams(location.search).get('q') === arguments[0] \
                   && document.querySelectorAll('#results li').length > 0;";
    browser.wait_until(
        Duration::from_secs(30),
        &format!("the results for {query:?}"),
        |b| (b.execute(settled, vec![json!(query)]) == Value::Bool(true)).then_some(()),
    );
    browser
        .find_all("#results li")
        .iter()
        .map(|li| {
            let link = browser.find_all_in(li, "a").into_iter().next();
            Hit {
                text: browser.text(li),
                href: link.as_ref().and_then(|a| browser.attribute(a, "href")),
                link,
            }
        })
        .collect()
}

#[test]
fn a_reader_types_a_query_and_finds_the_project() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let server = Server::start(support::sample_site());
    browser.navigate(&server.url("/search/"));
    assert!(
        browser.find_all("#results li").is_empty(),
        "results before any query"
    );

    let school = "/quanzhou/2024/school-places/";
    let hits = search(&browser, "学位");
    let hit = hits
        .iter()
        .find(|h| h.href.as_deref() == Some(school))
        .unwrap_or_else(|| panic!("no result links to {school}: {hits:#?}"));
    assert!(hit.text.contains("新增义务教育公办学校学位"), "{hit:?}");
    assert!(browser.is_displayed(hit.link.as_ref().unwrap()));

    // Two words the title has, but not side by side: found through character pairs.
    let hits = search(&browser, "义务学位");
    let hit = hits
        .iter()
        .find(|h| h.href.as_deref() == Some(school))
        .unwrap_or_else(|| panic!("义务学位 does not find {school}: {hits:#?}"));
    browser.click(hit.link.as_ref().unwrap());
    browser.wait_until(Duration::from_secs(30), "the project page", |b| {
        b.current_url().ends_with(school).then_some(())
    });
    let title = browser.text(&browser.find("h1"));
    assert_eq!(title, "新增义务教育公办学校学位");

    browser.navigate(&server.url("/search/"));
    let none = browser
        .attribute(&browser.find("form[data-index]"), "data-none")
        .expect("the search form carries its no-results message");
    assert!(!none.is_empty());
    let hits = search(&browser, "zzzz");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].text, none, "{hits:#?}");
    assert!(hits[0].href.is_none(), "{hits:#?}");
}
