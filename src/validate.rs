//! Checks that need more than one value at a time: references between records, ranges,
//! uniqueness, dates. Runs after parsing, collects every problem, never stops at the first.

use crate::content::{ProjectEntry, YearFile};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::ids::is_slug;
use crate::load::{Loaded, Parsed};
use crate::text::LANGUAGES;
use std::collections::{BTreeMap, BTreeSet};

pub fn validate(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut domains = BTreeSet::new();
    if let Some(site) = &loaded.site {
        check_site(site, &mut domains, &mut diags);
    }
    // When site.yaml itself failed, its domain list is unknown: checking projects against an
    // empty list would bury the one real error under a false one per project.
    let domains = loaded.site.as_ref().map(|_| domains);
    let slugs: BTreeSet<&str> = loaded.cities.iter().map(|c| c.slug.as_str()).collect();
    check_city_parents(loaded, &slugs, &mut diags);
    for city in &loaded.cities {
        let ids_by_year: BTreeMap<i32, BTreeSet<&str>> = city
            .years
            .iter()
            .map(|y| {
                (
                    y.value.year,
                    y.value.projects.iter().map(|p| p.id.as_str()).collect(),
                )
            })
            .collect();
        for (year, stem) in city.years.iter().zip(&city.year_stems) {
            if year.value.year.to_string() != *stem {
                diags.push(
                    year.error_at(
                        "year",
                        format!(
                            "the file is named {stem}.yaml but says `year: {}`",
                            year.value.year
                        ),
                    )
                    .expected(format!("year: {stem}"))
                    .hint("make the file name and `year:` agree; one file holds one year"),
                );
            }
            check_year(year, domains.as_ref(), &ids_by_year, &mut diags);
        }
    }
    diags
}

fn check_site(
    site: &Parsed<crate::content::SiteFile>,
    domains: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let s = &site.value;
    if !(s.base_url.starts_with("https://") || s.base_url.starts_with("http://")) {
        diags.push(
            site.error_at("base_url", format!("`{}` is not a web address", s.base_url))
                .expected("an address starting with https:// or http://")
                .hint("write where the site will be published, e.g. https://example.org/portal/"),
        );
    }
    if let Some(lang) = &s.language {
        if !LANGUAGES.contains(&lang.as_str()) {
            let d = site
                .error_at(
                    "language",
                    format!("the interface has no translation for `{lang}`"),
                )
                .expected(LANGUAGES.join(" or "));
            diags.push(match did_you_mean(lang, LANGUAGES) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint("use zh-Hans for Simplified Chinese or en for English"),
            });
        }
    }
    if let Some(theme) = &s.theme {
        if !is_slug(theme) {
            diags.push(
                site.error_at("theme", format!("`{theme}` is not a theme folder name"))
                    .expected("the name of a folder under themes/, e.g. default")
                    .hint("use lower-case letters, digits and hyphens"),
            );
        }
    }
    if let Some(url) = s.license.as_ref().and_then(|l| l.url.as_deref()) {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            diags.push(
                site.error_at("license.url", format!("`{url}` is not a web address"))
                    .expected("an address starting with https:// or http://")
                    .hint(
                        "link the license text, e.g. https://creativecommons.org/licenses/by/4.0/",
                    ),
            );
        }
    }
    if let Some(url) = &s.repository {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            diags.push(
                site.error_at("repository", format!("`{url}` is not a web address"))
                    .expected("an address starting with https:// or http://")
                    .hint("give the repository's page, e.g. https://git.example.org/team/portal, or leave `repository` out"),
            );
        }
    }
    if s.domains.is_empty() {
        diags.push(
            site.error_at("domains", "the portal lists no domains")
                .expected("at least one `- {id: education, name: 教育}`")
                .hint("every project names a domain from this list"),
        );
    }
    for (i, d) in s.domains.iter().enumerate() {
        let path = format!("domains[{i}].id");
        if !is_slug(&d.id) {
            diags.push(slug_error(site, &path, &d.id, "domain id"));
        } else if !domains.insert(d.id.clone()) {
            diags.push(
                site.error_at(&path, format!("the domain id `{}` is listed twice", d.id))
                    .hint("give each domain its own id, or merge the two entries"),
            );
        }
    }
}

fn check_city_parents(loaded: &Loaded, slugs: &BTreeSet<&str>, diags: &mut Vec<Diagnostic>) {
    let parents: BTreeMap<&str, &str> = loaded
        .cities
        .iter()
        .filter_map(|c| Some((c.slug.as_str(), c.city.as_ref()?.value.parent.as_deref()?)))
        .collect();
    for city in &loaded.cities {
        let Some(file) = &city.city else { continue };
        if file.value.name.is_blank() {
            diags.push(
                file.error_at("name", "the city has no name")
                    .hint("write e.g. `name: {zh-Hans: 泉州市, en: Quanzhou}`"),
            );
        }
        if let Some(code) = &file.value.admin_code {
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                diags.push(
                    file.error_at("admin_code", format!("`{code}` is not an administrative division code"))
                        .expected("six digits, quoted, e.g. admin_code: \"350500\"")
                        .hint("look the code up in the national list of division codes, or leave the field out"),
                );
            }
        }
        let Some(parent) = file.value.parent.as_deref() else {
            continue;
        };
        if !slugs.contains(parent) {
            let d = file
                .error_at(
                    "parent",
                    format!("the parent `{parent}` is not a city of this portal"),
                )
                .expected("the slug of a folder under content/");
            diags.push(
                match did_you_mean(parent, slugs.iter().copied().filter(|s| *s != city.slug)) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!(
                        "add content/{parent}/city.yaml, or remove `parent`"
                    )),
                },
            );
            continue;
        }
        // Walk up the chain; a chain longer than the number of cities must loop.
        let mut at = parent;
        for _ in 0..=parents.len() {
            if at == city.slug {
                diags.push(
                    file.error_at(
                        "parent",
                        format!("`{}` is its own ancestor through `parent`", city.slug),
                    )
                    .hint("a city's parent chain must end at a city without a parent"),
                );
                break;
            }
            match parents.get(at) {
                Some(next) => at = next,
                None => break,
            }
        }
    }
}

fn check_year(
    file: &Parsed<YearFile>,
    domains: Option<&BTreeSet<String>>,
    ids_by_year: &BTreeMap<i32, BTreeSet<&str>>,
    diags: &mut Vec<Diagnostic>,
) {
    let y = &file.value;
    if !(1949..=2100).contains(&y.year) {
        diags.push(
            file.error_at("year", format!("{} is not a plausible year", y.year))
                .expected("a four-digit year such as 2024"),
        );
    }
    check_date(file, "announced", y.announced.as_deref(), diags);

    let mut sources = BTreeSet::new();
    if y.sources.is_empty() {
        diags.push(
            file.error_at("sources", "the year cites no source")
                .expected("at least one source: the report the figures come from")
                .hint("add `sources: [{id: report, title: ..., publisher: ..., type: media}]`"),
        );
    }
    for (i, s) in y.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        if !is_slug(&s.id) {
            diags.push(slug_error(file, &format!("{path}.id"), &s.id, "source id"));
        } else if !sources.insert(s.id.as_str()) {
            diags.push(duplicate(file, &format!("{path}.id"), "source", &s.id));
        }
        check_date(file, &format!("{path}.date"), s.date.as_deref(), diags);
        if let Some(url) = &s.url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                diags.push(
                    file.error_at(
                        &format!("{path}.url"),
                        format!("`{url}` is not a web address"),
                    )
                    .expected("an address starting with https:// or http://")
                    .hint("copy the full address from the browser, or leave `url` out"),
                );
            }
        }
    }
    let cite = |path: &str, id: &str, diags: &mut Vec<Diagnostic>| {
        if !sources.contains(id) {
            let d = file
                .error_at(path, format!("no source with id `{id}` in this file"))
                .expected(format!(
                    "one of: {}",
                    sources.iter().copied().collect::<Vec<_>>().join(", ")
                ));
            diags.push(match did_you_mean(id, sources.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint("add the report to `sources:` first, then cite its id"),
            });
        }
    };

    for (i, s) in y.snapshots.iter().enumerate() {
        let path = format!("snapshots[{i}]");
        check_date(file, &format!("{path}.as_of"), Some(&s.as_of), diags);
        cite(&format!("{path}.source"), &s.source, diags);
        if let Some(rate) = s.rate {
            check_range(file, &format!("{path}.rate"), rate, 0.0, 1000.0, diags);
        }
        let stated = s.stated();
        if let Some(total) = s.total {
            if stated > total {
                diags.push(
                    file.warning_at(
                        &format!("{path}.total"),
                        format!(
                            "the stated counts add up to {stated}, more than the total {total}"
                        ),
                    )
                    .hint("check the figures against the report; categories should not overlap"),
                );
            }
            let listed = y.projects.iter().filter(|p| p.parent.is_none()).count() as u32;
            if listed > 0 && listed != total {
                diags.push(
                    file.warning_at(&format!("{path}.total"), format!("the report counts {total} projects but {listed} are listed in this file"))
                        .hint("fine while a list is incomplete; the page shows both figures"),
                );
            }
        }
    }

    let ids: BTreeSet<&str> = y.projects.iter().map(|p| p.id.as_str()).collect();
    let mut seen = BTreeSet::new();
    for (i, p) in y.projects.iter().enumerate() {
        let path = format!("projects[{i}]");
        if !is_slug(&p.id) {
            diags.push(slug_error(file, &format!("{path}.id"), &p.id, "project id"));
        } else if !seen.insert(p.id.as_str()) {
            diags.push(duplicate(file, &format!("{path}.id"), "project", &p.id));
        }
        if let Some(domains) = domains.filter(|d| !d.contains(&p.domain)) {
            let d = file
                .error_at(
                    &format!("{path}.domain"),
                    format!("`{}` is not a domain of this portal", p.domain),
                )
                .expected("a domain id from content/site.yaml");
            diags.push(
                match did_you_mean(&p.domain, domains.iter().map(String::as_str)) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(
                        "add it to `domains:` in content/site.yaml, or pick one listed there",
                    ),
                },
            );
        }
        check_project_links(file, &path, p, &ids, y, ids_by_year, diags);
        check_date(
            file,
            &format!("{path}.deadline"),
            p.deadline.as_deref(),
            diags,
        );
        for (j, s) in p.sources.iter().enumerate() {
            cite(&format!("{path}.sources[{j}]"), s, diags);
        }
        if let Some(progress) = p.progress {
            check_range(
                file,
                &format!("{path}.progress"),
                progress,
                0.0,
                100.0,
                diags,
            );
        }
        for (j, t) in p.targets.iter().enumerate() {
            for (name, v) in [
                ("target", t.target),
                ("actual", t.actual),
                ("percent", t.percent),
            ] {
                if let Some(v) = v {
                    check_range(
                        file,
                        &format!("{path}.targets[{j}].{name}"),
                        v,
                        0.0,
                        f64::MAX,
                        diags,
                    );
                }
            }
        }
        if !p.updates.is_empty()
            && (p.status.is_some() || p.progress.is_some() || p.schedule.is_some())
        {
            diags.push(
                file.warning_at(
                    &format!("{path}.updates"),
                    "the project has both updates and a direct status; the latest update wins",
                )
                .hint("move the direct `status`/`progress` into an update with its date"),
            );
        }
        for (j, u) in p.updates.iter().enumerate() {
            let upath = format!("{path}.updates[{j}]");
            check_date(file, &format!("{upath}.date"), Some(&u.date), diags);
            if let Some(progress) = u.progress {
                check_range(
                    file,
                    &format!("{upath}.progress"),
                    progress,
                    0.0,
                    100.0,
                    diags,
                );
            }
            for (k, s) in u.sources.iter().enumerate() {
                cite(&format!("{upath}.sources[{k}]"), s, diags);
            }
        }
    }
}

fn check_project_links(
    file: &Parsed<YearFile>,
    path: &str,
    p: &ProjectEntry,
    ids: &BTreeSet<&str>,
    y: &YearFile,
    ids_by_year: &BTreeMap<i32, BTreeSet<&str>>,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(parent) = &p.parent {
        if parent == &p.id {
            diags.push(
                file.error_at(
                    &format!("{path}.parent"),
                    "a project cannot be its own parent",
                )
                .hint("remove `parent`, or name the project this one belongs to"),
            );
        } else if !ids.contains(parent.as_str()) {
            let d = file.error_at(
                &format!("{path}.parent"),
                format!("no project with id `{parent}` in this file"),
            );
            diags.push(
                match did_you_mean(parent, ids.iter().copied().filter(|i| *i != p.id)) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint("`parent` names another project of the same year file"),
                },
            );
        } else {
            // Parent chains must end: follow them and refuse a loop.
            let by_id: BTreeMap<&str, Option<&str>> = y
                .projects
                .iter()
                .map(|q| (q.id.as_str(), q.parent.as_deref()))
                .collect();
            let mut at = Some(parent.as_str());
            for _ in 0..=by_id.len() {
                match at {
                    Some(a) if a == p.id => {
                        diags.push(
                            file.error_at(
                                &format!("{path}.parent"),
                                format!("`{}` is its own ancestor through `parent`", p.id),
                            )
                            .hint("sub-items must form a tree"),
                        );
                        break;
                    }
                    Some(a) => at = by_id.get(a).copied().flatten(),
                    None => break,
                }
            }
        }
    }
    if let Some(cont) = &p.continues {
        let cpath = format!("{path}.continues");
        match cont.split_once('/').and_then(|(yr, id)| Some((yr.parse::<i32>().ok()?, id))) {
            None => diags.push(
                file.error_at(&cpath, format!("`{cont}` is not a reference to an earlier project"))
                    .expected("<year>/<project id>, e.g. 2023/school-places")
                    .hint("write the year of the earlier list, a slash, and the project's id there"),
            ),
            Some((yr, _)) if yr >= y.year => diags.push(
                file.error_at(&cpath, format!("`{cont}` is not earlier than {}", y.year))
                    .hint("`continues` points back to an earlier year; the later year is linked automatically"),
            ),
            Some((yr, id)) => match ids_by_year.get(&yr) {
                None => diags.push(
                    file.error_at(&cpath, format!("this city has no {yr}.yaml"))
                        .hint(format!("add {yr}.yaml to this city folder, or correct the year")),
                ),
                Some(earlier) if !earlier.contains(id) => {
                    let d = file.error_at(&cpath, format!("{yr}.yaml has no project `{id}`"));
                    diags.push(match did_you_mean(id, earlier.iter().copied()) {
                        Some(s) => d.hint(format!("did you mean `{yr}/{s}`?")),
                        None => d.hint(format!("check the project ids in {yr}.yaml")),
                    });
                }
                Some(_) => {}
            },
        }
    }
}

fn check_date(
    file: &Parsed<YearFile>,
    path: &str,
    value: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(value) = value else { return };
    if crate::dates::parse(value).is_none() {
        diags.push(
            file.error_at(path, format!("`{value}` is not a date"))
                .expected("a real calendar date written YYYY-MM-DD, e.g. 2024-09-30")
                .hint("check the day exists in that month (2024-02-30 does not); leave the field out if the report gives no date"),
        );
    }
}

fn check_range<T>(
    file: &Parsed<T>,
    path: &str,
    v: f64,
    min: f64,
    max: f64,
    diags: &mut Vec<Diagnostic>,
) {
    if !v.is_finite() || v < min || v > max {
        let expected = if max == f64::MAX {
            format!("a number of at least {min}")
        } else {
            format!("a number from {min} to {max}")
        };
        let hint = if path.ends_with("progress") {
            "progress is the share of the work done, in percent; a target overshot goes in `targets: [{actual, percent}]`"
        } else {
            "write the figure as the report gives it"
        };
        diags.push(
            file.error_at(path, format!("{v} is out of range"))
                .expected(expected)
                .hint(hint),
        );
    }
}

fn slug_error<T>(file: &Parsed<T>, path: &str, value: &str, what: &str) -> Diagnostic {
    file.error_at(path, format!("the {what} `{value}` is not a slug"))
        .expected("lower-case ASCII letters, digits and single hyphens, e.g. school-places")
        .hint("ids become URLs; describe the item in ASCII, the title carries the Chinese")
}

fn duplicate<T>(file: &Parsed<T>, path: &str, what: &str, id: &str) -> Diagnostic {
    file.error_at(
        path,
        format!("the {what} id `{id}` is used twice in this file"),
    )
    .hint(format!("give each {what} its own id"))
}
