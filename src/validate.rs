//! Checks that need more than one value at a time: references between records, ranges,
//! uniqueness, dates. Runs after parsing, collects every problem, never stops at the first.

use crate::content::{CityFile, ProjectEntry, SiteFile, YearFile};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::ids::{is_slug, slugify};
use crate::load::{CityDir, Loaded, Parsed};
use crate::messages::{IdKind, Problem, Range, UrlKind};
use crate::text::LANGUAGES;
use crate::urls::BaseFlaw;
use std::collections::{BTreeMap, BTreeSet};

pub fn validate(loaded: &Loaded) -> Vec<Diagnostic> {
    let (domains, mut diags) = site(loaded.site.as_ref());
    let files: Vec<(&str, Option<&Parsed<CityFile>>)> = loaded
        .cities
        .iter()
        .map(|c| (c.slug.as_str(), c.city.as_ref()))
        .collect();
    diags.extend(cities(&files));
    for city in &loaded.cities {
        diags.extend(city_years(city, domains.as_ref()));
    }
    diags
}

/// Checks `site.yaml`, and gives the domains projects may name: `None` when that list is
/// unknown.
pub fn site(site: Option<&Parsed<SiteFile>>) -> (Option<BTreeSet<String>>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut domains = BTreeSet::new();
    if let Some(site) = site {
        check_site(site, &mut domains, &mut diags);
    }
    // When site.yaml itself failed, or lists no domain, its domain list is unknown: checking
    // projects against an empty list would bury the one real error under a false one per
    // project.
    let domains = site
        .filter(|s| !s.value.domains.is_empty())
        .map(|_| domains);
    (domains, diags)
}

/// Checks one city's year files, given the domains projects may name.
pub fn city_years(city: &CityDir, domains: Option<&BTreeSet<String>>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
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
            diags.push(year.error_at(
                "year",
                Problem::YearMismatch {
                    stem: stem.clone(),
                    year: year.value.year,
                },
            ));
        }
        check_year(year, domains, &ids_by_year, &mut diags);
    }
    diags
}

fn check_site(
    site: &Parsed<crate::content::SiteFile>,
    domains: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let s = &site.value;
    let value = s.base_url.clone();
    let problem = match crate::urls::base_flaw(&s.base_url) {
        Some(BaseFlaw::NotWeb) => Some(Problem::NotWebAddress {
            value,
            kind: UrlKind::Site,
        }),
        Some(BaseFlaw::Char(found)) => Some(Problem::BaseUrlChar { value, found }),
        None => None,
    };
    diags.extend(problem.map(|p| site.error_at("base_url", p)));
    if let Some(lang) = &s.language {
        if !LANGUAGES.contains(&lang.as_str()) {
            diags.push(site.error_at(
                "language",
                Problem::UnknownLanguage {
                    value: lang.clone(),
                    suggestion: did_you_mean(lang, LANGUAGES).map(str::to_string),
                },
            ));
        }
    }
    if let Some(theme) = &s.theme {
        if !is_slug(theme) {
            diags.push(site.error_at(
                "theme",
                Problem::ThemeNotSlug {
                    value: theme.clone(),
                },
            ));
        }
    }
    let license_url = s.license.as_ref().and_then(|l| l.url.as_deref());
    check_url(site, "license.url", license_url, UrlKind::License, diags);
    let repository = s.repository.as_deref();
    check_url(site, "repository", repository, UrlKind::Repository, diags);
    if s.domains.is_empty() {
        diags.push(site.error_at("domains", Problem::NoDomains));
    }
    for (i, d) in s.domains.iter().enumerate() {
        let path = format!("domains[{i}].id");
        // A domain whose id is refused still counts as listed, so the projects in it are not
        // reported a second time.
        if !is_slug(&d.id) {
            diags.push(slug_error(site, &path, &d.id, IdKind::Domain));
            domains.insert(d.id.clone());
        } else if !domains.insert(d.id.clone()) {
            diags.push(duplicate(site, &path, IdKind::Domain, &d.id));
        }
    }
}

/// Checks each city's `city.yaml` against the others: names, codes, and parents that exist
/// and do not go round in a circle. Takes every city's slug and file, if it has one.
pub fn cities(files: &[(&str, Option<&Parsed<CityFile>>)]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let slugs: BTreeSet<&str> = files.iter().map(|(slug, _)| *slug).collect();
    let parents: BTreeMap<&str, &str> = files
        .iter()
        .filter_map(|(slug, file)| Some((*slug, file.as_ref()?.value.parent.as_deref()?)))
        .collect();
    for &(slug, file) in files {
        let Some(file) = file else { continue };
        if file.value.name.is_blank() {
            diags.push(file.error_at("name", Problem::CityNoName));
        }
        if let Some(code) = &file.value.admin_code {
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                diags.push(file.error_at(
                    "admin_code",
                    Problem::BadAdminCode {
                        value: code.clone(),
                    },
                ));
            }
        }
        let Some(parent) = file.value.parent.as_deref() else {
            continue;
        };
        if !slugs.contains(parent) {
            let others = slugs.iter().copied().filter(|s| *s != slug);
            diags.push(file.error_at(
                "parent",
                Problem::UnknownParentCity {
                    parent: parent.to_string(),
                    suggestion: did_you_mean(parent, others).map(str::to_string),
                },
            ));
            continue;
        }
        // Walk up the chain; a chain longer than the number of cities must loop.
        let mut at = parent;
        for _ in 0..=parents.len() {
            if at == slug {
                diags.push(file.error_at(
                    "parent",
                    Problem::CityParentLoop {
                        slug: slug.to_string(),
                    },
                ));
                break;
            }
            match parents.get(at) {
                Some(next) => at = next,
                None => break,
            }
        }
    }
    diags
}

fn check_year(
    file: &Parsed<YearFile>,
    domains: Option<&BTreeSet<String>>,
    ids_by_year: &BTreeMap<i32, BTreeSet<&str>>,
    diags: &mut Vec<Diagnostic>,
) {
    let y = &file.value;
    if !(1949..=2100).contains(&y.year) {
        diags.push(file.error_at("year", Problem::ImplausibleYear { year: y.year }));
    }
    check_date(file, "announced", y.announced.as_deref(), diags);

    let mut sources = BTreeSet::new();
    if y.sources.is_empty() {
        diags.push(file.error_at("sources", Problem::NoSources));
    }
    for (i, s) in y.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        // A source whose id is refused still counts as listed, so its citations are not
        // reported a second time.
        if !is_slug(&s.id) {
            diags.push(slug_error(
                file,
                &format!("{path}.id"),
                &s.id,
                IdKind::Source,
            ));
            sources.insert(s.id.as_str());
        } else if !sources.insert(s.id.as_str()) {
            diags.push(duplicate(
                file,
                &format!("{path}.id"),
                IdKind::Source,
                &s.id,
            ));
        }
        check_date(file, &format!("{path}.date"), s.date.as_deref(), diags);
        let url = s.url.as_deref();
        check_url(file, &format!("{path}.url"), url, UrlKind::Source, diags);
    }
    // `owner` is the snapshot, project or update citing, so the message can name it.
    let cite = |owner: &str, path: &str, id: &str, diags: &mut Vec<Diagnostic>| {
        if !sources.contains(id) {
            diags.push(file.error_at(
                path,
                Problem::UnknownSource {
                    at: file.place(owner),
                    id: id.to_string(),
                    known: sources.iter().map(|s| s.to_string()).collect(),
                    suggestion: did_you_mean(id, sources.iter().copied()).map(str::to_string),
                },
            ));
        }
    };

    for (i, s) in y.snapshots.iter().enumerate() {
        let path = format!("snapshots[{i}]");
        check_date(file, &format!("{path}.as_of"), Some(&s.as_of), diags);
        cite(&path, &format!("{path}.source"), &s.source, diags);
        if let Some(rate) = s.rate {
            check_range(file, &format!("{path}.rate"), rate, Range::Rate, diags);
        }
        let stated = s.stated();
        if let Some(total) = s.total {
            if stated > total {
                diags.push(file.warning_at(
                    &format!("{path}.total"),
                    Problem::CountsExceedTotal {
                        at: file.place(&path),
                        stated,
                        total,
                    },
                ));
            }
            let listed = y.projects.iter().filter(|p| p.parent.is_none()).count() as u32;
            if listed > 0 && listed != total {
                diags.push(file.warning_at(
                    &format!("{path}.total"),
                    Problem::TotalDiffersFromList { total, listed },
                ));
            }
        }
    }

    let ids: BTreeSet<&str> = y.projects.iter().map(|p| p.id.as_str()).collect();
    let mut seen = BTreeSet::new();
    for (i, p) in y.projects.iter().enumerate() {
        let path = format!("projects[{i}]");
        if !is_slug(&p.id) {
            diags.push(slug_error(
                file,
                &format!("{path}.id"),
                &p.id,
                IdKind::Project,
            ));
        } else if !seen.insert(p.id.as_str()) {
            diags.push(duplicate(
                file,
                &format!("{path}.id"),
                IdKind::Project,
                &p.id,
            ));
        }
        if let Some(domains) = domains.filter(|d| !d.contains(&p.domain)) {
            diags.push(
                file.error_at(
                    &format!("{path}.domain"),
                    Problem::UnknownDomain {
                        at: file.place(&path),
                        domain: p.domain.clone(),
                        known: domains.iter().cloned().collect(),
                        suggestion: did_you_mean(&p.domain, domains.iter().map(String::as_str))
                            .map(str::to_string),
                    },
                ),
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
            cite(&path, &format!("{path}.sources[{j}]"), s, diags);
        }
        if let Some(progress) = p.progress {
            let ppath = format!("{path}.progress");
            check_range(file, &ppath, progress, Range::Percent, diags);
        }
        for (j, t) in p.targets.iter().enumerate() {
            for (name, v) in [
                ("target", t.target),
                ("actual", t.actual),
                ("percent", t.percent),
            ] {
                if let Some(v) = v {
                    let tpath = format!("{path}.targets[{j}].{name}");
                    check_range(file, &tpath, v, Range::NonNegative, diags);
                }
            }
        }
        if !p.updates.is_empty()
            && (p.status.is_some() || p.progress.is_some() || p.schedule.is_some())
        {
            diags.push(file.warning_at(
                &format!("{path}.updates"),
                Problem::UpdatesAndState {
                    at: file.place(&path),
                },
            ));
        }
        for (j, u) in p.updates.iter().enumerate() {
            let upath = format!("{path}.updates[{j}]");
            check_date(file, &format!("{upath}.date"), Some(&u.date), diags);
            if let Some(progress) = u.progress {
                let ppath = format!("{upath}.progress");
                check_range(file, &ppath, progress, Range::Percent, diags);
            }
            for (k, s) in u.sources.iter().enumerate() {
                cite(&upath, &format!("{upath}.sources[{k}]"), s, diags);
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
        let ppath = format!("{path}.parent");
        // Naming the place needs the file's key positions, which most files never need:
        // worked out only once there is a problem to report.
        let at = || file.place(path);
        if parent == &p.id {
            diags.push(file.error_at(&ppath, Problem::OwnParent { at: at() }));
        } else if !ids.contains(parent.as_str()) {
            let others = ids.iter().copied().filter(|i| *i != p.id);
            diags.push(file.error_at(
                &ppath,
                Problem::UnknownParentProject {
                    at: at(),
                    parent: parent.clone(),
                    suggestion: did_you_mean(parent, others).map(str::to_string),
                },
            ));
        } else {
            // Parent chains must end: follow them and refuse a loop.
            let by_id: BTreeMap<&str, Option<&str>> = y
                .projects
                .iter()
                .map(|q| (q.id.as_str(), q.parent.as_deref()))
                .collect();
            let mut step = Some(parent.as_str());
            for _ in 0..=by_id.len() {
                match step {
                    Some(a) if a == p.id => {
                        diags.push(file.error_at(&ppath, Problem::ProjectParentLoop { at: at() }));
                        break;
                    }
                    Some(a) => step = by_id.get(a).copied().flatten(),
                    None => break,
                }
            }
        }
    }
    if let Some(cont) = &p.continues {
        let cpath = format!("{path}.continues");
        let value = cont.clone();
        let problem = match cont
            .split_once('/')
            .and_then(|(yr, id)| Some((yr.parse::<i32>().ok()?, id)))
        {
            None => Some(Problem::BadContinues { value }),
            Some((yr, _)) if yr >= y.year => Some(Problem::ContinuesNotEarlier {
                value,
                year: y.year,
            }),
            Some((yr, id)) => match ids_by_year.get(&yr) {
                None => Some(Problem::ContinuesNoYear { year: yr }),
                Some(earlier) if !earlier.contains(id) => Some(Problem::ContinuesNoProject {
                    year: yr,
                    id: id.to_string(),
                    suggestion: did_you_mean(id, earlier.iter().copied()).map(str::to_string),
                }),
                Some(_) => None,
            },
        };
        diags.extend(problem.map(|problem| file.error_at(&cpath, problem)));
    }
}

fn check_date(
    file: &Parsed<YearFile>,
    path: &str,
    value: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(value) = value else { return };
    if crate::dates::parse(value).is_some() {
        return;
    }
    let at = file.place(path);
    let problem = if looks_like_iso(value) {
        Problem::NoSuchDate {
            at,
            value: value.to_string(),
        }
    } else {
        Problem::BadDateFormat {
            at,
            value: value.to_string(),
            suggestion: normalized_date(value).filter(|d| crate::dates::parse(d).is_some()),
        }
    };
    diags.push(file.error_at(path, problem));
}

/// `2024-02-30`: written right, but not a day of the calendar.
fn looks_like_iso(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The date meant by `2025/1/5`, `2025.01.05` or `2025年1月5日`, written `2025-01-05`:
/// how reports print dates, and so how editors copy them.
fn normalized_date(value: &str) -> Option<String> {
    let numbers: Vec<&str> = value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let [year, month, day] = numbers.as_slice() else {
        return None;
    };
    if year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    Some(format!("{year}-{month:0>2}-{day:0>2}"))
}

fn check_range<T>(file: &Parsed<T>, path: &str, v: f64, range: Range, diags: &mut Vec<Diagnostic>) {
    let (min, max) = match range {
        Range::Percent => (0.0, 100.0),
        Range::Rate => (0.0, 1000.0),
        Range::NonNegative | Range::Count | Range::Year => (0.0, f64::MAX),
    };
    if !v.is_finite() || v < min || v > max {
        diags.push(file.error_at(
            path,
            Problem::OutOfRange {
                at: file.place(path),
                value: v.to_string(),
                range,
            },
        ));
    }
}

fn check_url<T>(
    file: &Parsed<T>,
    path: &str,
    url: Option<&str>,
    kind: UrlKind,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(url) = url else { return };
    // A control character (only a YAML escape can put one there) would break the link and
    // the page it is on.
    let unusable = url.contains(|c: char| c.is_control() || crate::text::is_unshowable(c));
    if unusable || !(url.starts_with("https://") || url.starts_with("http://")) {
        let value = url.to_string();
        diags.push(file.error_at(path, Problem::NotWebAddress { value, kind }));
    }
}

fn slug_error<T>(file: &Parsed<T>, path: &str, value: &str, kind: IdKind) -> Diagnostic {
    file.error_at(
        path,
        Problem::NotSlug {
            kind,
            value: value.to_string(),
            suggestion: slugify(value),
        },
    )
}

fn duplicate<T>(file: &Parsed<T>, path: &str, kind: IdKind, id: &str) -> Diagnostic {
    file.error_at(
        path,
        Problem::DuplicateId {
            kind,
            value: id.to_string(),
        },
    )
}
