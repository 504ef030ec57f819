//! Site search without a server: one small JSON index that the search page's script fetches
//! and matches in the reader's browser. Nothing leaves the site, so it works offline and on
//! hosts that serve only files.
//!
//! Each document is an object with short keys, since the whole index travels to every
//! reader who searches, often over a slow mobile link:
//!
//! | key | meaning                                                        |
//! |-----|----------------------------------------------------------------|
//! | `u` | URL of the page the result opens                               |
//! | `t` | title shown as the link                                        |
//! | `k` | kind: `c` city, `y` city-year, `p` project, `l` lead unit, `d` domain |
//! | `c` | city name, when the document belongs to a city                 |
//! | `y` | year, when it belongs to a year                                |
//! | `d` | domain name (projects)                                         |
//! | `l` | lead unit (projects)                                           |
//! | `s` | status label (projects)                                        |
//! | `x` | start of the summary, searchable but never shown              |

use crate::markdown;
use crate::model::{City, Portal, Project, Year};
use crate::render::OutputFile;
use crate::theme::Theme;
use crate::urls::Urls;
use serde_json::{json, Map, Value};

/// Summaries are cut to this many characters: the opening of a summary names what the
/// project is about, and the rest would only grow the index.
const SUMMARY_CHARS: usize = 80;

/// Where the index is published, below the site's base path.
pub fn index_url(urls: &Urls) -> String {
    format!("{}search-index.json", urls.home())
}

/// The search page's address.
pub fn page_url(urls: &Urls) -> String {
    format!("{}search/", urls.home())
}

/// The search index as a file of the site.
pub fn index_file(portal: &Portal, urls: &Urls, theme: &Theme) -> OutputFile {
    let docs = documents(portal, urls, &|key| theme.t(key));
    OutputFile {
        path: urls.file_for(&index_url(urls)),
        bytes: Value::Array(docs).to_string().into_bytes(),
    }
}

/// Every document, in a fixed order: each city followed by its years and their projects,
/// then lead units, then domains. The script keeps this order among equal scores, so ties
/// read the way the rest of the site is arranged.
fn documents(portal: &Portal, urls: &Urls, t: &dyn Fn(&str) -> String) -> Vec<Value> {
    let lang = portal.lang();
    let mut docs = Vec::new();
    for city in &portal.cities {
        let city_name = city.name.get(lang);
        docs.push(doc(&[
            ("u", json!(urls.city(&city.slug))),
            ("t", json!(city_name)),
            ("k", json!("c")),
        ]));
        for year in &city.years {
            docs.push(doc(&[
                ("u", json!(urls.city_year(&city.slug, year.year))),
                ("t", json!(year.title.get(lang))),
                ("k", json!("y")),
                ("c", json!(city_name)),
                ("y", json!(year.year)),
            ]));
            for p in &year.projects {
                docs.push(project_doc(portal, urls, t, city, year, p));
            }
        }
    }
    // Each unit links to its own page, which lists its work over every year; `y` is the
    // latest year it led anything in.
    for city in &portal.cities {
        for lead in &city.leads {
            let latest = city
                .years
                .iter()
                .rev()
                .find(|y| {
                    y.projects
                        .iter()
                        .any(|p| p.lead_slug.as_ref() == Some(&lead.slug))
                })
                .map(|y| y.year);
            docs.push(doc(&[
                ("u", json!(urls.lead(&city.slug, &lead.slug))),
                ("t", json!(lead.name)),
                ("k", json!("l")),
                ("c", json!(city.name.get(lang))),
                ("y", json!(latest)),
            ]));
        }
    }
    for d in &portal.site.domains {
        docs.push(doc(&[
            ("u", json!(urls.domain(&d.id))),
            ("t", json!(d.name.get(lang))),
            ("k", json!("d")),
        ]));
    }
    docs
}

fn project_doc(
    portal: &Portal,
    urls: &Urls,
    t: &dyn Fn(&str) -> String,
    city: &City,
    year: &Year,
    p: &Project,
) -> Value {
    let lang = portal.lang();
    let domain = portal
        .site
        .domains
        .iter()
        .find(|d| d.id == p.domain)
        .map(|d| d.name.get(lang));
    let summary = p
        .summary
        .as_ref()
        .map(|s| markdown::excerpt(s.get(lang), SUMMARY_CHARS));
    doc(&[
        ("u", json!(urls.project(&city.slug, year.year, &p.id))),
        ("t", json!(p.title.get(lang))),
        ("k", json!("p")),
        ("c", json!(city.name.get(lang))),
        ("y", json!(year.year)),
        ("d", json!(domain)),
        ("l", json!(p.lead.as_ref().map(|l| l.get(lang)))),
        ("s", json!(t(&format!("status.{}", p.state.status.key())))),
        ("x", json!(summary)),
    ])
}

/// A document from its fields, leaving out the empty ones to keep the index small.
fn doc(fields: &[(&str, Value)]) -> Value {
    let mut obj = Map::new();
    for (k, v) in fields {
        let empty = v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty());
        if !empty {
            obj.insert((*k).to_string(), v.clone());
        }
    }
    Value::Object(obj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::write;
    use std::path::Path;

    fn tiny_portal() -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "site.yaml",
            "title: 实事追踪\nbase_url: https://example.org/portal/\n\
             domains:\n  - id: education\n    name: {zh-Hans: 教育, en: Education}\n\
             \x20 - id: housing\n    name: {zh-Hans: 住房保障, en: Housing}\n",
        );
        write(root, "beta/city.yaml", "name: 乙区\nlevel: district\n");
        write(root, "alpha/city.yaml", "name: 甲市\nlevel: prefecture\n");
        let summary = "很长的说明".repeat(40);
        write(
            root,
            "alpha/2023.yaml",
            "year: 2023\ntitle: 甲市2023年实事\nsources:\n  - {id: s1, title: 报道, type: media}\n\
             projects:\n  - {id: old, title: 旧项目, domain: education, lead: 市教育局, status: completed}\n",
        );
        write(
            root,
            "alpha/2024.yaml",
            &format!(
                "year: 2024\ntitle: 甲市2024年实事\nsources:\n  - {{id: s1, title: 报道, type: media}}\n\
                 projects:\n  - id: school-places\n    title: 新增义务教育公办学校学位\n\
                 \x20   domain: education\n    lead: 市教育局\n    status: in_progress\n\
                 \x20   summary: \"{summary}\"\n"
            ),
        );
        crate::testing::portal(root)
    }

    fn labels(key: &str) -> String {
        format!("<{key}>")
    }

    fn docs() -> Vec<Value> {
        let portal = tiny_portal();
        let urls = Urls::new(&portal.site.base_url);
        documents(&portal, &urls, &labels)
    }

    #[test]
    fn documents_come_in_site_order() {
        let kinds: Vec<(String, String)> = docs()
            .iter()
            .map(|d| {
                (
                    d["k"].as_str().unwrap().into(),
                    d["u"].as_str().unwrap().into(),
                )
            })
            .collect();
        let expected = [
            ("c", "/portal/alpha/"),
            ("y", "/portal/alpha/2023/"),
            ("p", "/portal/alpha/2023/old/"),
            ("y", "/portal/alpha/2024/"),
            ("p", "/portal/alpha/2024/school-places/"),
            ("c", "/portal/beta/"),
            ("l", "/portal/alpha/lead/shi-jiao-yu-ju/"),
            ("d", "/portal/domain/education/"),
            ("d", "/portal/domain/housing/"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, u)| (k.to_string(), u.to_string()))
            .collect();
        assert_eq!(kinds, expected);
    }

    #[test]
    fn projects_carry_what_readers_search_by() {
        let docs = docs();
        let p = docs
            .iter()
            .find(|d| d["u"] == "/portal/alpha/2024/school-places/")
            .unwrap();
        assert_eq!(p["t"], "新增义务教育公办学校学位");
        assert_eq!(p["c"], "甲市");
        assert_eq!(p["y"], 2024);
        assert_eq!(p["d"], "教育");
        assert_eq!(p["l"], "市教育局");
        assert_eq!(p["s"], "<status.in_progress>");
        assert_eq!(p["x"].as_str().unwrap().chars().count(), SUMMARY_CHARS);
        // A city has no year, domain or lead: those keys are left out, not null.
        let city = &docs[0];
        assert_eq!(city.as_object().unwrap().len(), 3, "{city}");
    }

    #[test]
    fn a_lead_unit_appears_once_per_city_and_links_its_page() {
        let leads: Vec<Value> = docs().into_iter().filter(|d| d["k"] == "l").collect();
        assert_eq!(leads.len(), 1);
        assert_eq!(leads[0]["t"], "市教育局");
        assert_eq!(leads[0]["y"], 2024);
        assert_eq!(leads[0]["u"], "/portal/alpha/lead/shi-jiao-yu-ju/");
    }

    #[test]
    fn the_index_is_compact_and_deterministic() {
        let portal = tiny_portal();
        let urls = Urls::new(&portal.site.base_url);
        let theme = Theme::load(Path::new("."), None, "zh-Hans").unwrap();
        let a = index_file(&portal, &urls, &theme);
        let b = index_file(&portal, &urls, &theme);
        assert_eq!(a.path, "search-index.json");
        assert_eq!(a.bytes, b.bytes);
        let text = String::from_utf8(a.bytes).unwrap();
        assert!(!text.contains('\n') && !text.contains(": "), "{text}");
        assert!(text.contains("\"s\":\"推进中\""), "{text}");
        assert_eq!(index_url(&urls), "/portal/search-index.json");
        assert_eq!(page_url(&urls), "/portal/search/");
    }
}
