//! Builds the sample portal and small fixtures into temporary folders with the real binary,
//! and checks what a reader would see in the output.

mod support;

use std::path::Path;
use support::{all_files, build, repo};

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Page text with tags removed and whitespace collapsed, to assert on what a reader sees.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

macro_rules! file_contains {
    ($out:expr, $rel:expr, $($needle:expr),+ $(,)?) => {{
        let text = visible(&read($out, $rel));
        $(assert!(text.contains($needle), "{} lacks {:?}:\n{}", $rel, $needle, text);)+
    }};
}

#[test]
fn sample_portal_shows_the_reported_figures() {
    let (_tmp, out) = build(&repo(), &[]);
    // Quanzhou 2024: the year-end report says all 41 pledges were completed.
    file_contains!(
        &out,
        "quanzhou/2024/index.html",
        "项目总数 41",
        "已完成 41",
        "完成率 100.0%",
        "年终结果"
    );
    file_contains!(&out, "quanzhou/index.html", "2024", "41", "100.0%");
    // Jinwan 2021: aggregate-only, 495 counted, 467 done, the remainder shown as not reported.
    file_contains!(
        &out,
        "zhuhai-jinwan/2021/index.html",
        "项目总数 495",
        "已完成 467",
        "未报告 28",
        "94.3%",
        "政府公布数字",
        "截至 2021年9月3日"
    );
    // Chengde reported only the list's size at the end of September.
    file_contains!(
        &out,
        "chengde/2024/index.html",
        "项目总数 20",
        "未报告 20",
        "截至 2024年9月30日",
        "阶段结果"
    );
    // Yiyang: 5 met the annual target, 19 ahead of schedule.
    file_contains!(
        &out,
        "yiyang/2024/index.html",
        "完成年度目标 5",
        "超序时 19"
    );
    // Shaoguan's report gave no count of its list: the figures are the projects listed here,
    // and the page says so rather than pass them off as the government's.
    file_contains!(&out, "shaoguan/index.html", "按本站所列项目统计");
    // Districts sit under their city, cities under their province.
    file_contains!(&out, "zhuhai/index.html", "金湾区");
    file_contains!(
        &out,
        "zhuhai-jinwan/2021/index.html",
        "广东省",
        "珠海市",
        "金湾区"
    );
}

#[test]
fn every_kind_of_page_is_built_for_every_seed() {
    let (_tmp, out) = build(&repo(), &[]);
    for page in [
        "index.html",
        "404.html",
        "assets/style.css",
        "quanzhou/index.html",
        "quanzhou/2024/index.html",
        "chengde/2024/index.html",
        "shaoguan/2019/index.html",
        "zhuhai-jinwan/2021/index.html",
        "yiyang/2024/index.html",
        "xiamen/2023/index.html",
        "domain/education/index.html",
        "year/2024/index.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    // A project page for every project of every year file.
    let projects = walkdir::WalkDir::new(&out)
        .min_depth(4)
        .max_depth(4)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert!(projects > 90, "only {projects} project pages");
    let home = read(&out, "index.html");
    for city in ["泉州市", "承德市", "韶关市", "金湾区", "益阳市", "厦门市"] {
        assert!(home.contains(city), "home lacks {city}");
    }
}

#[test]
fn pages_carry_charts_with_text_alternatives() {
    let (_tmp, out) = build(&repo(), &[]);
    for page in [
        "index.html",
        "quanzhou/index.html",
        "chengde/2024/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains("<figure class=\"chart\">"),
            "{page} has no chart"
        );
        let svg_start = html
            .find("<svg")
            .unwrap_or_else(|| panic!("{page} has no svg"));
        let svg = &html[svg_start..html[svg_start..].find("</svg>").unwrap() + svg_start];
        assert!(svg.contains("<title"), "{page}: chart without a title");
        assert!(svg.contains("<desc"), "{page}: chart without a description");
        assert!(
            svg.contains("<rect") || svg.contains("<path") || svg.contains("<polyline"),
            "{page}: empty chart"
        );
        assert!(
            html.contains("<table>"),
            "{page}: chart without its data table"
        );
    }
}

#[test]
fn each_chart_is_also_a_standalone_svg_with_an_embed_snippet() {
    let (_tmp, out) = build(&repo(), &[]);
    let svg = read(&out, "quanzhou/yoy.svg");
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(
        read(&out, "quanzhou/index.html").contains(&svg),
        "page and file differ"
    );
    assert!(out.join("zhuhai-jinwan/2021/status.svg").is_file());
    assert!(out.join("portal.svg").is_file());
    let city = read(&out, "quanzhou/index.html");
    assert!(
        city.contains("&lt;img src=&quot;https://example.org/quanzhou/yoy.svg&quot;"),
        "no embed snippet"
    );
}

#[test]
fn pages_describe_themselves_for_sharing() {
    let (_tmp, out) = build(&repo(), &[]);
    let page = read(&out, "quanzhou/2024/school-places/index.html");
    assert!(page.contains("<meta property=\"og:title\" content=\"新增义务教育公办学校学位\">"));
    assert!(page.contains(
        "<meta property=\"og:url\" content=\"https://example.org/quanzhou/2024/school-places/\">"
    ));
    assert!(
        page.contains("<meta name=\"description\" content=\"聚焦义务教育"),
        "no page summary"
    );
    // The page lists the reports it cites, numbered as on its year's page, and no others.
    assert!(page.contains("<li id=\"source-qzwb-2024-results\" value=\"1\">"));
    assert!(!page.contains("source-qz-2024-consultation"));
    // No deadline was reported, so none is shown.
    assert!(!page.contains("完成时限"));
    // Figures read the way Chinese readers count: 3万, not 30000.
    file_contains!(&out, "quanzhou/2024/school-places/index.html", "3万 个");
}

#[test]
fn feeds_date_entries_by_the_reports_and_the_sitemap_lists_every_page() {
    let (_tmp, out) = build(&repo(), &[]);
    let feed = read(&out, "feed.xml");
    assert!(feed.starts_with("<?xml"));
    // The newest event of the sample portal is Quanzhou's year-end account, so the feed is
    // dated by it, not by the day of the build.
    assert!(
        feed.contains("<updated>2024-12-31T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(feed.contains("泉州市 2024: 年终结果, 项目总数 41, 已完成 41"));
    let jinwan = read(&out, "zhuhai-jinwan/feed.xml");
    assert!(jinwan.contains("<updated>2021-09-03T00:00:00Z</updated>"));
    let home = read(&out, "index.html");
    assert!(home.contains("type=\"application/atom+xml\""));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/quanzhou/2024/school-places/</loc>"));
    assert!(!sitemap.contains("404.html"));
    assert!(read(&out, "robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn every_city_year_offers_its_data_for_download() {
    let (_tmp, out) = build(&repo(), &[]);
    let csv = std::fs::read(out.join("data/zhuhai-jinwan/2021.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "Excel needs the BOM to read UTF-8"
    );
    assert!(String::from_utf8_lossy(&csv).contains("\r\n"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/zhuhai-jinwan/2021.json")).unwrap();
    let delivery = &json["delivery"];
    assert_eq!(delivery["pledged"], 495);
    assert_eq!(delivery["completed"], 467);
    assert_eq!(delivery["rate"], 94.3);
    let portal: serde_json::Value = serde_json::from_str(&read(&out, "data/portal.json")).unwrap();
    assert!(portal["cities"].as_array().unwrap().len() >= 11);
    assert!(out.join("data/schema.json").is_file());
    let page = read(&out, "zhuhai-jinwan/2021/index.html");
    assert!(page.contains("href=\"/data/zhuhai-jinwan/2021.csv\""));
    // The downloads are described for data search engines, with period, place and license.
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("no JSON-LD")
        + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(ld["@type"], "Dataset");
    assert_eq!(ld["temporalCoverage"], "2021");
    assert_eq!(ld["spatialCoverage"]["name"], "金湾区");
    assert_eq!(
        ld["distribution"][0]["contentUrl"],
        "https://example.org/data/zhuhai-jinwan/2021.csv"
    );
    assert_eq!(
        ld["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    // The license is named on every page.
    for p in [
        "index.html",
        "404.html",
        "quanzhou/2024/school-places/index.html",
    ] {
        assert!(
            read(&out, p).contains("rel=\"license\""),
            "{p} has no license"
        );
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let (_a, first) = build(&repo(), &[]);
    let (_b, second) = build(&repo(), &[]);
    let (a, b) = (all_files(&first), all_files(&second));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

/// Every href and src that points into the site resolves to a file of the output.
#[test]
fn internal_links_resolve_when_served_from_a_sub_path() {
    let (_tmp, out) = build(&repo(), &["--base-url", "https://example.org/portal/"]);
    let (broken, checked) = support::links::broken_links(&out, "/portal/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 1000, "only {checked} links checked");
    let home = read(&out, "index.html");
    assert!(home.contains("href=\"/portal/assets/style.css\""));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/portal/\">"));
}

#[test]
fn nothing_loads_from_another_host() {
    let (_tmp, out) = build(&repo(), &[]);
    for (page, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for bad in ["src=\"http", "src=\"//", "@import", "url(http"] {
            assert!(!text.contains(bad), "{page} contains {bad}");
        }
        // Pages work without JavaScript: scripts only enhance, all are the site's own files,
        // and no page runs inline code. Structured data is not code, so JSON-LD blocks are
        // left out.
        let scripts: Vec<&str> = text
            .split("<script")
            .skip(1)
            .filter(|s| !s.starts_with(" type=\"application/ld+json\""))
            .collect();
        for s in &scripts {
            assert!(
                s.starts_with(" src=\"/assets/search.js\"")
                    || s.starts_with(" src=\"/assets/filter.js\" defer>"),
                "{page}: <script{}",
                &s[..s.len().min(80)]
            );
        }
        if page == "search/index.html" {
            assert_eq!(scripts.len(), 1, "{page}");
        }
        if page.ends_with(".html") {
            for link in text.split("<link ").skip(1) {
                let tag = &link[..link.find('>').unwrap()];
                assert!(
                    tag.contains("rel=\"canonical\"") || !tag.contains("href=\"http"),
                    "{page}: {tag}"
                );
            }
        }
    }
}

/// Writes a small portal under `dir` from (path, text) pairs.
fn portal(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

const SITE: &str = "title: {zh-Hans: 测试门户, en: Test portal}\nbase_url: https://example.org/\nlanguage: en\ndomains:\n  - {id: education, name: {zh-Hans: 教育, en: Education}}\n";
const CITY: &str = "name: {zh-Hans: 甲市, en: Jiashi}\nlevel: prefecture\n";

#[test]
fn project_pages_show_targets_history_and_links_between_years() {
    let tmp = tempfile::tempdir().unwrap();
    portal(
        tmp.path(),
        &[
            ("content/site.yaml", SITE),
            ("content/jiashi/city.yaml", CITY),
            (
                "content/jiashi/2023.yaml",
                "year: 2023\ntitle: List 2023\nsources:\n  - {id: r, title: Report, type: official}\nprojects:\n  - id: canteens\n    title: Canteens\n    domain: education\n    status: completed\n    sources: [r]\n",
            ),
            (
                "content/jiashi/2024.yaml",
                "year: 2024\ntitle: List 2024\nsources:\n  - {id: r, title: Report, type: official, url: 'https://example.org/r'}\nprojects:\n  - id: canteens\n    title: More canteens\n    domain: education\n    continues: 2023/canteens\n    deadline: 2024-12-31\n    targets:\n      - {metric: Canteens, unit: '', target: 11, actual: 41}\n    summary: 'See <script>alert(1)</script> [x](javascript:alert(1))'\n    updates:\n      - {date: 2024-03-31, status: in_progress, progress: 10, sources: [r]}\n      - {date: 2024-06-30, status: in_progress, progress: 80}\n      - {date: 2024-10-31, status: completed, progress: 100}\n  - id: kitchen\n    title: Central kitchen\n    domain: education\n    parent: canteens\n    updates:\n      - {date: 2024-06-30, status: in_progress, progress: 20}\n",
            ),
        ],
    );
    let (_t, out) = build(tmp.path(), &[]);
    file_contains!(
        &out,
        "jiashi/2024/canteens/index.html",
        "Completed",
        "Target exceeded",
        "Completed early",
        "372.7%",
        "Continues 2023 · Canteens",
        "Central kitchen",
        "30 Jun 2024"
    );
    file_contains!(
        &out,
        "jiashi/2023/canteens/index.html",
        "Continued in 2024 · More canteens"
    );
    // The sub-item is behind: 20% done when half the year had passed.
    file_contains!(
        &out,
        "jiashi/2024/kitchen/index.html",
        "Behind schedule",
        "derived from progress",
        "Part of"
    );
    let page = read(&out, "jiashi/2024/canteens/index.html");
    assert!(page.contains("id=\"progress-title\""), "no progress chart");
    assert!(!page.contains("<script>"), "raw script survived");
    assert!(!page.contains("javascript:"), "javascript link survived");
    // The bar is capped at the edge while the figure says 372.7%.
    let targets = &page[page.find("class=\"targets\"").unwrap()..];
    assert!(targets.contains("372.7%"), "figure not shown");
    assert!(
        targets.contains("style=\"width: 100%\""),
        "over-target bar not capped"
    );
}

#[test]
fn a_hostile_title_cannot_break_out_of_the_structured_data() {
    let tmp = tempfile::tempdir().unwrap();
    portal(
        tmp.path(),
        &[
            ("content/site.yaml", SITE),
            ("content/jiashi/city.yaml", CITY),
            (
                "content/jiashi/2024.yaml",
                "year: 2024\ntitle: 'L</script><script>alert(1)</script><!--'\nsources:\n  - {id: r, title: R, type: official}\n",
            ),
        ],
    );
    let (_t, out) = build(tmp.path(), &[]);
    let page = read(&out, "jiashi/2024/index.html");
    assert!(!page.contains("<script>alert"), "title escaped its block");
    assert!(!page.contains("<!--"), "comment opener reached the page");
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(ld["name"], "L</script><script>alert(1)</script><!--");
}

#[test]
fn a_portal_theme_overrides_the_built_in_templates() {
    let tmp = tempfile::tempdir().unwrap();
    portal(
        tmp.path(),
        &[
            ("content/site.yaml", &format!("{SITE}theme: civic\n")),
            ("content/jiashi/city.yaml", CITY),
            ("themes/civic/templates/404.html", "{% extends \"base.html\" %}{% block content %}<p>Nothing here, friend.</p>{% endblock content %}"),
        ],
    );
    let (_t, out) = build(tmp.path(), &[]);
    assert!(read(&out, "404.html").contains("Nothing here, friend."));
    // Templates the theme does not override still come from the built-in theme.
    assert!(read(&out, "index.html").contains("Jiashi"));
}

#[test]
fn a_portal_without_themes_builds_with_the_built_in_theme() {
    let tmp = tempfile::tempdir().unwrap();
    portal(
        tmp.path(),
        &[
            ("content/site.yaml", SITE),
            ("content/jiashi/city.yaml", CITY),
        ],
    );
    let (_t, out) = build(tmp.path(), &[]);
    assert!(
        read(&out, "assets/style.css").len() > 1000,
        "built-in stylesheet missing"
    );
    assert!(read(&out, "jiashi/index.html").contains("Jiashi"));
}

#[test]
fn text_missing_in_the_portal_language_is_marked_as_another_language() {
    let tmp = tempfile::tempdir().unwrap();
    portal(
        tmp.path(),
        &[
            ("content/site.yaml", SITE),
            ("content/jiashi/city.yaml", CITY),
            (
                "content/jiashi/2024.yaml",
                "year: 2024\ntitle: {zh-Hans: 甲市2024年实事, en: Jiashi 2024 pledges}\nsources:\n  - {id: r, title: Report, type: official}\nprojects:\n  - {id: places, title: 新增学位, domain: education, status: completed}\n  - {id: roads, title: {en: Rural roads}, domain: education, status: completed}\n",
            ),
        ],
    );
    let (_t, out) = build(tmp.path(), &[]);
    let notice = "Some text on this page has no English version and is shown in Chinese.";
    let project = read(&out, "jiashi/2024/places/index.html");
    assert!(project.contains(notice), "{project}");
    assert!(project.contains(r#"<h1 lang="zh-Hans">新增学位</h1>"#));
    let list = read(&out, "jiashi/2024/index.html");
    assert!(list.contains(r#"href="/jiashi/2024/places/" lang="zh-Hans">新增学位</a>"#));
    assert!(list.contains(r#"href="/jiashi/2024/roads/">Rural roads</a>"#));
    assert!(list.contains(r#"<h1>Jiashi 2024 pledges</h1>"#));
    // A page whose text all exists in English says nothing.
    let roads = read(&out, "jiashi/2024/roads/index.html");
    assert!(
        !roads.contains(notice) && !roads.contains("lang=\"zh-Hans\""),
        "{roads}"
    );
}

/// The page-weight budget, in bytes of HTML plus the stylesheet, uncompressed. A project
/// page is what readers open from a shared link on a phone, often over a slow mobile link:
/// 28 KiB is under 10 KiB gzipped. Lists may hold a city's whole year, so they get more.
const PROJECT_PAGE_BUDGET: usize = 28 * 1024;
const ANY_PAGE_BUDGET: usize = 64 * 1024;

#[test]
fn pages_stay_within_the_weight_budget() {
    let (_tmp, out) = build(&repo(), &[]);
    let css = std::fs::metadata(out.join("assets/style.css"))
        .unwrap()
        .len() as usize;
    let mut projects = 0;
    for (page, bytes) in all_files(&out) {
        if !page.ends_with(".html") {
            continue;
        }
        let weight = bytes.len() + css;
        // A project page is the only kind three folders deep: <city>/<year>/<id>/.
        let is_project = page.matches('/').count() == 3 && !page.contains("/lead/");
        if is_project {
            projects += 1;
            assert!(
                weight <= PROJECT_PAGE_BUDGET,
                "{page}: {weight} bytes of HTML and CSS, budget {PROJECT_PAGE_BUDGET}"
            );
        }
        assert!(
            weight <= ANY_PAGE_BUDGET,
            "{page}: {weight} bytes of HTML and CSS, budget {ANY_PAGE_BUDGET}"
        );
    }
    assert!(projects > 100, "only {projects} project pages found");
}

#[test]
fn empty_columns_and_empty_jurisdictions_stay_out_of_the_way() {
    let (_tmp, out) = build(&repo(), &[]);
    // The report gives what was achieved, not what was pledged: no column of dashes.
    let page = read(&out, "chengde/2024/universal-insurance/index.html");
    let table = &page[page.find("class=\"targets\"").unwrap()..];
    let head = &table[..table.find("</thead>").unwrap()];
    assert!(head.contains(">实际</th>"), "{head}");
    assert!(
        !head.contains(">目标</th>") && !head.contains(">完成比例</th>"),
        "{head}"
    );
    // Provinces that only group cities are named in one line, not given empty cards.
    let home = read(&out, "index.html");
    assert!(!home.contains("暂无数据"), "an empty card on the home page");
    assert!(home.contains(r#"<a href="/hebei/">河北省</a>"#));
}

/// Each file's inode, modification time and bytes.
#[cfg(unix)]
fn file_states(
    dir: &Path,
) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime, Vec<u8>)> {
    use std::os::unix::fs::MetadataExt;
    all_files(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let meta = std::fs::metadata(dir.join(&rel)).unwrap();
            (rel, (meta.ino(), meta.modified().unwrap(), bytes))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_rebuild_rewrites_only_the_files_whose_bytes_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("portal");
    support::copy_dir(&repo().join("content"), &root.join("content"));
    let out = tmp.path().join("site");
    let build_into = || support::build_into(&root, &out, &["--lang", "en"]);
    build_into();
    let before = file_states(&out);

    // Nothing changed: every file is the very same file, not a copy.
    let log = build_into();
    assert!(
        log.contains(&format!("{} files unchanged", before.len())),
        "{log}"
    );
    for (rel, (ino, mtime, _)) in file_states(&out) {
        assert_eq!(
            (ino, mtime),
            (before[&rel].0, before[&rel].1),
            "{rel} was rewritten"
        );
    }

    // One year file edited: only the files whose bytes differ are new.
    let year = root.join("content/quanzhou/2024.yaml");
    let text = std::fs::read_to_string(&year).unwrap();
    std::fs::write(
        &year,
        text.replace(
            "title: 2024年泉州市委市政府为民办实事项目",
            "title: 2024年泉州市为民办实事项目",
        ),
    )
    .unwrap();
    build_into();
    let after = file_states(&out);
    let mut changed = Vec::new();
    for (rel, (ino, mtime, bytes)) in &after {
        match before.get(rel) {
            Some((old_ino, old_mtime, old_bytes)) if old_bytes == bytes => {
                assert_eq!(
                    (ino, mtime),
                    (old_ino, old_mtime),
                    "{rel} was rewritten unchanged"
                );
            }
            _ => changed.push(rel.as_str()),
        }
    }
    assert!(changed.contains(&"quanzhou/2024/index.html"), "{changed:?}");
    assert!(
        !changed.iter().any(|p| p.starts_with("chengde/")),
        "{changed:?}"
    );
    assert!(
        changed.len() < after.len() / 2,
        "{} of {} rewritten",
        changed.len(),
        after.len()
    );
}
