//! Ways readers cut across the lists: lead-unit pages, comparison tables, the filter form
//! that list pages carry, and the open-data page. Built from a small portal with lead
//! units (`support::fixtures`), since the sample's reports name none.

mod support;

use std::path::Path;

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text of the first table cell after `label` in a row (tags stripped).
fn cells_after(html: &str, label: &str) -> Vec<String> {
    let row = &html[html.find(label).unwrap_or_else(|| panic!("no {label}"))..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .map(|c| {
            let mut text = String::new();
            let mut in_tag = true;
            for ch in c.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => text.push(ch),
                    _ => {}
                }
            }
            text.trim().to_string()
        })
        .collect()
}

#[test]
fn each_lead_unit_has_a_page_with_its_record_by_year() {
    let tmp = support::fixtures::leads_portal();
    let (_out_tmp, out) = support::build(tmp.path(), &[]);
    let page = read(&out, "alpha/lead/shi-jiao-yu-ju/index.html");
    assert!(page.contains("<h1>市教育局</h1>"), "{page}");
    // 2024: one project, none done, none behind. 2023: two, one done, one behind.
    assert_eq!(
        cells_after(&page, r#"<a href="/alpha/2024/">2024</a>"#),
        ["1", "0", "0", "0.0%"]
    );
    assert_eq!(
        cells_after(&page, r#"<a href="/alpha/2023/">2023</a>"#),
        ["2", "1", "1", "50.0%"]
    );
    for project in [
        "/alpha/2023/schools/",
        "/alpha/2023/canteens/",
        "/alpha/2024/places/",
    ] {
        assert!(page.contains(&format!("href=\"{project}\"")), "{project}");
    }
    assert!(
        !page.contains("/alpha/2023/flats/"),
        "another unit's project"
    );

    // The city's index of units, with totals over all years.
    let index = read(&out, "alpha/lead/index.html");
    assert_eq!(
        cells_after(&index, "/alpha/lead/shi-jiao-yu-ju/"),
        ["3", "1", "33.3%", "2023, 2024"]
    );
    assert_eq!(
        cells_after(&index, "/alpha/lead/shi-zhu-jian-ju/"),
        ["1", "1", "100.0%", "2023"]
    );
    assert!(read(&out, "alpha/index.html").contains(r#"href="/alpha/lead/""#));

    // The same name in another city is another unit, with its own page.
    let beta = read(&out, "beta/lead/shi-jiao-yu-ju/index.html");
    assert!(beta.contains("/beta/2024/labs/") && !beta.contains("/alpha/"));

    // Project pages and list rows link the unit.
    let project = read(&out, "alpha/2024/places/index.html");
    assert!(project.contains(r#"<a href="/alpha/lead/shi-jiao-yu-ju/">市教育局</a>"#));
    let year = read(&out, "alpha/2023/index.html");
    assert!(year.contains(r#"<a href="/alpha/lead/shi-zhu-jian-ju/">市住建局</a>"#));
}

#[test]
fn a_portal_without_lead_units_has_no_lead_pages() {
    let (_tmp, out) = support::build(&support::repo(), &[]);
    for city in std::fs::read_dir(&out).unwrap() {
        let path = city.unwrap().path();
        assert!(!path.join("lead").exists(), "{}", path.display());
    }
    assert!(!read(&out, "quanzhou/index.html").contains("/lead/"));
}

#[test]
fn comparison_tables_count_completed_of_listed() {
    let tmp = support::fixtures::leads_portal();
    let (_out_tmp, out) = support::build(tmp.path(), &[]);
    // One city's domains across its years.
    let city = read(&out, "alpha/index.html");
    assert_eq!(
        cells_after(&city, r#"<a href="/domain/education/">教育</a>"#),
        ["1/250.0%", "0/10.0%"]
    );
    assert!(city.contains(r#"<a href="/alpha/2023/#d-education">1/2</a>"#));
    assert_eq!(
        cells_after(&city, r#"<a href="/domain/housing/">住房</a>"#),
        ["1/1100.0%", "1/1100.0%"]
    );
    // One domain across cities and years: 乙市 listed nothing in 2023.
    let domain = read(&out, "domain/education/index.html");
    assert_eq!(
        cells_after(&domain, r#"<a href="/alpha/">甲市</a>"#),
        ["1/250.0%", "0/10.0%"]
    );
    assert_eq!(
        cells_after(&domain, r#"<a href="/beta/">乙市</a>"#),
        ["—", "1/1100.0%"]
    );
    // The anchors the cells link to exist, as does every other link of these pages.
    assert!(read(&out, "alpha/2023/index.html").contains(r#"id="d-education""#));
    let (broken, checked) = support::links::broken_links(&out, "/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn list_pages_carry_a_filter_form_that_only_scripts_reveal() {
    let tmp = support::fixtures::leads_portal();
    let (_out_tmp, out) = support::build(tmp.path(), &[]);
    let page = read(&out, "alpha/2023/index.html");
    // Without JavaScript the form stays hidden and every project is listed, grouped.
    assert!(
        page.contains(r#"<form class="filters" data-filter hidden"#),
        "{page}"
    );
    assert_eq!(page.matches(r#"<li class="project-row""#).count(), 3);
    assert_eq!(page.matches("data-filter-group").count(), 2);
    assert!(page.contains(r#"<script src="/assets/filter.js" defer></script>"#));
    assert!(out.join("assets/filter.js").is_file());
    // Options carry their counts; a control that cannot narrow the list is left out.
    assert!(
        page.contains(r#"<option value="completed">已完成 (2)</option>"#),
        "{page}"
    );
    assert!(page.contains(r#"<option value="in_progress">推进中 (1)</option>"#));
    assert!(page.contains(r#"<option value="behind">滞后 (1)</option>"#));
    assert!(page.contains(r#"<option value="alpha/shi-jiao-yu-ju">市教育局 (2)</option>"#));
    assert!(page.contains(
        r#"data-status="in_progress" data-schedule="behind" data-domain="education" data-lead="alpha/shi-jiao-yu-ju""#
    ));
    // On a page across cities, a unit is named with its city.
    let domain = read(&out, "domain/education/index.html");
    assert!(domain.contains(r#"<option value="beta/shi-jiao-yu-ju">市教育局(乙市) (1)</option>"#));
    assert!(
        !domain.contains(r#"<select name="domain">"#),
        "one domain only"
    );
    // A list with nothing to choose between gets no form and no script.
    let beta = read(&out, "beta/2024/index.html");
    assert!(!beta.contains("<form class=\"filters\"") && !beta.contains("filter.js"));
}

#[test]
fn the_data_page_lists_every_download_and_describes_the_dataset() {
    let tmp = support::fixtures::leads_portal();
    let (_out_tmp, out) = support::build(tmp.path(), &[]);
    let page = read(&out, "data/index.html");
    for file in [
        "/data/portal.csv",
        "/data/portal.json",
        "/data/schema.json",
        "/data/alpha/2023.csv",
        "/data/alpha/2024.json",
        "/data/beta/2024.csv",
    ] {
        assert!(page.contains(&format!("href=\"{file}\"")), "{file}");
        assert!(out.join(&file[1..]).is_file(), "{file}");
    }
    let start = page.find(r#"<script type="application/ld+json">"#).unwrap();
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let dataset: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(dataset["@type"], "Dataset");
    assert_eq!(dataset["temporalCoverage"], "2023/2024");
    assert_eq!(dataset["spatialCoverage"][1]["name"], "乙市");
    assert_eq!(
        dataset["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(
        dataset["distribution"][1]["contentUrl"],
        "https://example.org/data/portal.json"
    );
    let parts = dataset["hasPart"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0]["temporalCoverage"], "2023");
    // Every page's footer leads here.
    assert!(read(&out, "alpha/2023/schools/index.html").contains(r#"href="/data/""#));
}

#[test]
fn pages_across_cities_summarize_lists_too_long_for_a_phone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    support::fixtures::write(
        root,
        "site.yaml",
        "title: 实事追踪\nbase_url: https://example.org/\ndomains:\n  - {id: education, name: 教育}\n",
    );
    support::fixtures::write(root, "alpha/city.yaml", "name: 甲市\nlevel: prefecture\n");
    let mut year = String::from(
        "year: 2024\ntitle: 甲市2024年实事\nsources: [{id: s1, title: 报道, type: media}]\nprojects:\n",
    );
    // One more than a cross-city page lists one by one.
    for i in 0..401 {
        let status = if i % 4 == 0 {
            "completed"
        } else {
            "in_progress"
        };
        year += &format!("  - {{id: p{i}, title: 项目{i}, domain: education, status: {status}}}\n");
    }
    support::fixtures::write(root, "alpha/2024.yaml", &year);
    let (_t, out) = support::build(root, &[]);
    let domain = read(&out, "domain/education/index.html");
    assert!(
        !domain.contains("class=\"project-row\""),
        "projects listed one by one"
    );
    assert!(domain.contains("项目太多"), "no note saying why");
    assert!(domain.contains(r#"<a href="/alpha/2024/#d-education">甲市 · 2024</a>"#));
    assert!(
        domain.contains("项目 401 · 已完成 101"),
        "no counts for the group"
    );
    assert!(!domain.contains("<form class=\"filters\""));
    let year_page = read(&out, "year/2024/index.html");
    assert!(!year_page.contains("class=\"project-row\"") && year_page.contains("项目太多"));
    // The city's own list still has every project, with its filters.
    let city_year = read(&out, "alpha/2024/index.html");
    assert_eq!(city_year.matches("class=\"project-row\"").count(), 401);
    assert!(city_year.contains("<form class=\"filters\""));
}
