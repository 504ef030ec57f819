//! The portal as pages see it: content after validation, with everything derived that more
//! than one page needs (current state of each project, delivery figures per year, links
//! between years). Built once, read by every renderer.

use crate::content::{self, BudgetEntry, SnapshotEntry, SourceEntry, TargetEntry, UpdateEntry};
use crate::dates;
pub use crate::leads::Lead;
use crate::load::{Loaded, Parsed};
use crate::text::Text;
use crate::vocab::{Level, Schedule, Status};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

pub struct Portal {
    pub site: Site,
    /// In slug order. Shared, so that the preview can keep the cities an edit did not
    /// touch from one check to the next without copying them.
    pub cities: Vec<Arc<City>>,
    /// Hash of `site.yaml` as read.
    pub site_source: u128,
}

pub struct Site {
    pub title: Text,
    pub base_url: String,
    pub language: String,
    pub description: Option<Text>,
    pub theme: Option<String>,
    pub license: Option<content::LicenseEntry>,
    pub repository: Option<String>,
    pub domains: Vec<content::DomainEntry>,
}

#[derive(Clone)]
pub struct City {
    pub slug: String,
    pub name: Text,
    pub level: Level,
    pub parent: Option<String>,
    pub admin_code: Option<String>,
    pub description: Option<Text>,
    /// Slugs of the cities whose parent this is, in slug order.
    pub children: Vec<String>,
    /// In year order.
    pub years: Vec<Year>,
    /// Units named as leads in any year, in name order.
    pub leads: Vec<Lead>,
    /// Hashes of the files this city was read from, so a rebuild can tell which cities
    /// did not change since the last one.
    pub sources: SourceHashes,
}

/// Hashes of a city's files as they were read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceHashes {
    /// `city.yaml` alone: what other cities' pages show of this one (its name).
    pub profile: u128,
    /// `city.yaml` and every year file.
    pub all: u128,
}

#[derive(Clone)]
pub struct Year {
    pub year: i32,
    pub title: Text,
    pub announced: Option<Date>,
    pub summary: Option<Text>,
    pub sources: Vec<SourceEntry>,
    /// In `as_of` order.
    pub snapshots: Vec<SnapshotEntry>,
    /// In file order: editors order lists the way the government published them.
    pub projects: Vec<Project>,
}

#[derive(Clone)]
pub struct Project {
    pub id: String,
    pub title: Text,
    pub domain: String,
    pub lead: Option<Text>,
    /// The slug of the lead's page among its city's [`City::leads`].
    pub lead_slug: Option<String>,
    pub districts: Vec<Text>,
    pub parent: Option<String>,
    pub children: Vec<String>,
    pub continues: Option<(i32, String)>,
    pub continued_by: Option<(i32, String)>,
    /// The year's end when the content states no deadline.
    pub deadline: Date,
    pub deadline_stated: bool,
    pub targets: Vec<TargetEntry>,
    pub budget: Option<BudgetEntry>,
    pub summary: Option<Text>,
    /// In date order.
    pub updates: Vec<UpdateEntry>,
    pub sources: Vec<String>,
    pub state: State,
}

/// Where a project stands now: its latest update, or the state given directly.
#[derive(Clone)]
pub struct State {
    pub status: Status,
    pub schedule: Option<Schedule>,
    /// True when the schedule was computed from progress rather than reported.
    pub schedule_derived: bool,
    pub progress: Option<f64>,
    pub as_of: Option<Date>,
    pub exceeded: bool,
    pub early: bool,
}

/// How a year's list was delivered, as far as anyone can tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub pledged: Option<u32>,
    pub completed: Option<u32>,
    pub as_of: Option<Date>,
    pub is_final: bool,
    /// Figures from a government report (a snapshot) rather than counted from listed projects.
    pub official: bool,
    pub source: Option<String>,
}

impl Delivery {
    /// Completion rate in percent, when both counts are known.
    pub fn rate(&self) -> Option<f64> {
        match (self.pledged, self.completed) {
            (Some(p), Some(c)) if p > 0 => Some(f64::from(c) / f64::from(p) * 100.0),
            _ => None,
        }
    }
}

impl Year {
    pub fn top_level(&self) -> impl Iterator<Item = &Project> {
        self.projects.iter().filter(|p| p.parent.is_none())
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub fn latest_snapshot(&self) -> Option<&SnapshotEntry> {
        self.snapshots.last()
    }

    /// The government's own latest count when there is one (lists in these files are often
    /// partial, the report's total is not); otherwise the listed projects, counted.
    pub fn delivery(&self) -> Delivery {
        if let Some(s) = self.snapshots.iter().rev().find(|s| s.total.is_some()) {
            return Delivery {
                pledged: s.total,
                completed: s.completed.or(s.met_target),
                as_of: dates::parse(&s.as_of),
                is_final: s.r#final,
                official: true,
                source: Some(s.source.clone()),
            };
        }
        let listed: Vec<&Project> = self.top_level().collect();
        if listed.is_empty() {
            return Delivery {
                pledged: None,
                completed: None,
                as_of: self.snapshots.last().and_then(|s| dates::parse(&s.as_of)),
                is_final: self.snapshots.iter().any(|s| s.r#final),
                official: !self.snapshots.is_empty(),
                source: self.snapshots.last().map(|s| s.source.clone()),
            };
        }
        Delivery {
            pledged: Some(listed.len() as u32),
            completed: Some(
                listed
                    .iter()
                    .filter(|p| p.state.status == Status::Completed)
                    .count() as u32,
            ),
            as_of: listed.iter().filter_map(|p| p.state.as_of).max(),
            is_final: listed.iter().all(|p| p.state.status.is_final()),
            official: false,
            source: None,
        }
    }

    /// Top-level projects per status, in the vocabulary's display order, zero counts left out.
    pub fn status_counts(&self) -> Vec<(Status, u32)> {
        let mut counts: BTreeMap<Status, u32> = BTreeMap::new();
        for p in self.top_level() {
            *counts.entry(p.state.status).or_default() += 1;
        }
        Status::ALL
            .iter()
            .filter_map(|s| counts.get(s).map(|n| (*s, *n)))
            .collect()
    }
}

impl Portal {
    pub fn city(&self, slug: &str) -> Option<&City> {
        // Cities are kept in slug order.
        let at = self
            .cities
            .binary_search_by(|c| c.slug.as_str().cmp(slug))
            .ok()?;
        Some(&self.cities[at])
    }

    /// Every year that any city has a list for, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .cities
            .iter()
            .flat_map(|c| c.years.iter().map(|y| y.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    pub fn lang(&self) -> &str {
        &self.site.language
    }
}

/// Builds the portal from content that passed validation.
pub fn build(loaded: Loaded) -> Option<Portal> {
    let site = loaded.site?;
    let language = language(&site.value);
    let cities = loaded
        .cities
        .into_iter()
        .filter_map(|dir| {
            let file = dir.city.as_ref()?;
            Some(Arc::new(city(&dir.slug, file, dir.years, &language)))
        })
        .collect();
    Some(portal(&site, cities))
}

/// The language pages are written in: what `site.yaml` names, or Simplified Chinese.
pub fn language(site: &content::SiteFile) -> String {
    site.language
        .clone()
        .unwrap_or_else(|| "zh-Hans".to_string())
}

/// One city's model from its files, which passed validation. Its `children` are left empty:
/// they come from the other cities, and [`portal`] fills them in.
pub fn city(
    slug: &str,
    file: &Parsed<content::CityFile>,
    years: Vec<Parsed<content::YearFile>>,
    language: &str,
) -> City {
    let profile = xxh3_128(file.source.as_bytes());
    let mut all = Xxh3::new();
    all.update(&profile.to_le_bytes());
    for y in &years {
        all.update(&xxh3_128(y.source.as_bytes()).to_le_bytes());
    }
    let sources = SourceHashes {
        profile,
        all: all.digest128(),
    };
    let info = &file.value;
    let mut years: Vec<Year> = years.into_iter().map(|y| build_year(y.value)).collect();
    years.sort_by_key(|y| y.year);
    let mut city = City {
        slug: slug.to_string(),
        name: info.name.clone(),
        level: info.level,
        parent: info.parent.clone(),
        admin_code: info.admin_code.clone(),
        description: info.description.clone(),
        children: Vec::new(),
        years,
        leads: Vec::new(),
        sources,
    };
    link_continuations(&mut city);
    name_leads(&mut city, language);
    city
}

/// The portal from `site.yaml` and its cities' models, in slug order. A city whose
/// `children` are out of date is copied; the others stay shared with the caller.
pub fn portal(site: &Parsed<content::SiteFile>, mut cities: Vec<Arc<City>>) -> Portal {
    cities.sort_by(|a, b| a.slug.cmp(&b.slug));
    let mut children: Vec<Vec<String>> = vec![Vec::new(); cities.len()];
    for c in cities.iter() {
        let Some(parent) = c.parent.as_deref() else {
            continue;
        };
        if let Ok(i) = cities.binary_search_by(|p| p.slug.as_str().cmp(parent)) {
            children[i].push(c.slug.clone());
        }
    }
    for (city, kids) in cities.iter_mut().zip(children) {
        if city.children != kids {
            Arc::make_mut(city).children = kids;
        }
    }
    let value = &site.value;
    Portal {
        site: Site {
            title: value.title.clone(),
            base_url: value.base_url.clone(),
            language: language(value),
            description: value.description.clone(),
            theme: value.theme.clone(),
            license: value.license.clone(),
            repository: value.repository.clone(),
            domains: value.domains.clone(),
        },
        cities,
        site_source: xxh3_128(site.source.as_bytes()),
    }
}

fn build_year(y: content::YearFile) -> Year {
    let year = y.year;
    let mut snapshots = y.snapshots;
    snapshots.sort_by(|a, b| a.as_of.cmp(&b.as_of));
    let mut projects: Vec<Project> = y
        .projects
        .into_iter()
        .map(|p| build_project(year, p))
        .collect();
    let pairs: Vec<(usize, String)> = projects
        .iter()
        .filter_map(|p| {
            let parent = p.parent.as_deref()?;
            Some((projects.iter().position(|q| q.id == parent)?, p.id.clone()))
        })
        .collect();
    for (i, id) in pairs {
        projects[i].children.push(id);
    }
    Year {
        year,
        title: y.title,
        announced: y.announced.as_deref().and_then(dates::parse),
        summary: y.summary,
        sources: y.sources,
        snapshots,
        projects,
    }
}

fn build_project(year: i32, p: content::ProjectEntry) -> Project {
    let end_of_year = Date::new(year as i16, 12, 31).unwrap_or_default();
    let stated_deadline = p.deadline.as_deref().and_then(dates::parse);
    let deadline = stated_deadline.unwrap_or(end_of_year);
    let mut updates = p.updates;
    // Stable: updates on the same day keep the order the editor wrote them in.
    updates.sort_by(|a, b| a.date.cmp(&b.date));
    let state = current_state(
        year,
        deadline,
        stated_deadline.is_some(),
        &p.targets,
        &updates,
        p.status,
        p.schedule,
        p.progress,
    );
    Project {
        id: p.id,
        title: p.title,
        domain: p.domain,
        lead: p.lead,
        lead_slug: None,
        districts: p.districts,
        parent: p.parent,
        children: Vec::new(),
        continues: p
            .continues
            .as_deref()
            .and_then(|c| c.split_once('/'))
            .and_then(|(y, id)| Some((y.parse().ok()?, id.to_string()))),
        continued_by: None,
        deadline,
        deadline_stated: stated_deadline.is_some(),
        targets: p.targets,
        budget: p.budget,
        summary: p.summary,
        updates,
        sources: p.sources,
        state,
    }
}

#[allow(clippy::too_many_arguments)]
fn current_state(
    year: i32,
    deadline: Date,
    deadline_stated: bool,
    targets: &[TargetEntry],
    updates: &[UpdateEntry],
    status: Option<Status>,
    schedule: Option<Schedule>,
    progress: Option<f64>,
) -> State {
    let latest = updates.last();
    let status = latest
        .map(|u| u.status)
        .or(status)
        .unwrap_or(Status::NotYetRated);
    let progress = latest.map_or(progress, |u| u.progress);
    let as_of = latest.and_then(|u| dates::parse(&u.date));
    let given = latest.map_or(schedule, |u| u.schedule);
    let (schedule, schedule_derived) = match (status, given, progress, as_of) {
        (Status::InProgress, Some(s), _, _) => (Some(s), false),
        (Status::InProgress, None, Some(p), Some(at)) => {
            let expected = dates::elapsed_percent(year as i16, deadline, at);
            (Some(Schedule::derive(p, expected)), true)
        }
        _ => (None, false),
    };
    let completed = status == Status::Completed;
    let exceeded = completed
        && targets.iter().any(|t| {
            matches!((t.actual, t.target), (Some(a), Some(t)) if a > t)
                || t.percent.is_some_and(|p| p > 100.0)
        });
    // Without a stated deadline the year's end stands in for it, and nearly every pledge
    // reported done mid-year would count as early; only a real deadline earns the flag.
    let early = completed
        && deadline_stated
        && updates
            .iter()
            .find(|u| u.status == Status::Completed)
            .and_then(|u| dates::parse(&u.date))
            .is_some_and(|d| d < deadline);
    State {
        status,
        schedule,
        schedule_derived,
        progress,
        as_of,
        exceeded,
        early,
    }
}

/// Gives each lead unit of the city its slug. A unit is known by its name in the portal's
/// language, so the same department written the same way in two years is one unit.
fn name_leads(city: &mut City, lang: &str) {
    let lead_name = |p: &Project| {
        p.lead
            .as_ref()
            .map(|l| l.get(lang).trim().to_string())
            .filter(|n| !n.is_empty())
    };
    let names: BTreeSet<String> = city
        .years
        .iter()
        .flat_map(|y| y.projects.iter().filter_map(lead_name))
        .collect();
    let slugs = crate::leads::assign(&names);
    for p in city.years.iter_mut().flat_map(|y| y.projects.iter_mut()) {
        p.lead_slug = lead_name(p).and_then(|n| slugs.get(&n).cloned());
    }
    city.leads = slugs
        .into_iter()
        .map(|(name, slug)| Lead { slug, name })
        .collect();
}

/// Fills `continued_by` from the later years' `continues`, so both pages link each other.
fn link_continuations(city: &mut City) {
    let links: Vec<((i32, String), (i32, String))> = city
        .years
        .iter()
        .flat_map(|y| {
            y.projects
                .iter()
                .filter_map(move |p| Some((p.continues.clone()?, (y.year, p.id.clone()))))
        })
        .collect();
    for ((year, id), later) in links {
        if let Some(p) = city
            .years
            .iter_mut()
            .find(|y| y.year == year)
            .and_then(|y| y.projects.iter_mut().find(|p| p.id == id))
        {
            p.continued_by = Some(later);
        }
    }
}

impl TargetEntry {
    /// Attainment in percent: as reported, or actual over target.
    pub fn attainment(&self) -> Option<f64> {
        self.percent.or(match (self.actual, self.target) {
            (Some(a), Some(t)) if t > 0.0 => Some(a / t * 100.0),
            _ => None,
        })
    }
}
