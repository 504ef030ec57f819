//! The site as the preview holds it in memory, and how a save changes it.
//!
//! A city's files are made with the city, right after a save, and kept as they are for
//! every later save that leaves the city alone (its fingerprint, [`crate::reuse::city`],
//! is unchanged). The files about the whole portal (the home page, the domain and year
//! pages, the feed and sitemap, the search index, `data/portal.*`) change with any city,
//! and making them all takes seconds on a national portal: after a save each one is made
//! the first time it is asked for, so a save is answered as soon as the edited city's
//! pages are ready.

use crate::export;
use crate::history::History;
use crate::model::Portal;
use crate::pages::{PageRef, Pages};
use crate::pipeline;
use crate::render::OutputFile;
use crate::reuse;
use crate::theme::Theme;
use crate::urls::Urls;
use anyhow::{Context as _, Result};
use axum::body::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

type Files = BTreeMap<String, Bytes>;

/// One city's files as served, and the fingerprint of what they were made from.
pub struct CityFiles {
    fingerprint: u128,
    files: Files,
}

/// What serving needs, shared by every request for as long as it is the current build.
#[derive(Clone, Default)]
pub struct Site {
    /// By slug.
    cities: Arc<BTreeMap<String, Arc<CityFiles>>>,
    /// The theme's stylesheet and scripts, made with every rebuild (they are small) so that
    /// only a real change to them is reported: open pages reload on any of them.
    statics: Arc<Files>,
    whole: Option<Arc<Whole>>,
}

/// The files about the whole portal, each made the first time it is asked for.
struct Whole {
    inputs: Inputs,
    jobs: Vec<Job>,
    /// Which job makes a file, for every file whose maker is known before it runs.
    index: HashMap<String, usize>,
}

/// What the whole-portal files are made from.
struct Inputs {
    portal: Portal,
    theme: Theme,
    urls: Urls,
    history: History,
}

/// Files made together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Task {
    /// A page and its charts.
    Page(PageRef),
    /// The portal's feed, the sitemap and robots.txt.
    Feeds,
    /// The schema and the whole-portal downloads.
    Data,
    Search,
}

struct Job {
    task: Task,
    made: OnceLock<Result<Files, String>>,
}

/// What a rebuild changed.
pub struct Change {
    pub site: Site,
    /// Files added, removed or with other bytes, and every whole-portal file.
    pub changed: Vec<String>,
    pub files: usize,
}

impl Site {
    /// True before the first good build.
    pub fn is_empty(&self) -> bool {
        self.whole.is_none()
    }

    /// The bytes of the file at `path`, making it first if it is a whole-portal file not
    /// made since the last save. Can take a while: call it off the async threads.
    pub fn get(&self, path: &str) -> Option<Result<Bytes, String>> {
        let whole = self.whole.as_ref()?;
        if let Some(bytes) = self.statics.get(path) {
            return Some(Ok(bytes.clone()));
        }
        if let Some(&j) = whole.index.get(path) {
            return Some(whole.made(j, &self.cities).and_then(|files| {
                files
                    .get(path)
                    .cloned()
                    .ok_or_else(|| format!("{path} was not made"))
            }));
        }
        // A chart a page gained since its files were last listed.
        for job in &whole.jobs {
            if let Some(Ok(files)) = job.made.get() {
                if let Some(bytes) = files.get(path) {
                    return Some(Ok(bytes.clone()));
                }
            }
        }
        // A city's files are in its folder, and its data files in `data/<city>/`.
        for slug in path.split('/').take(2) {
            if let Some(bytes) = self.cities.get(slug).and_then(|c| c.files.get(path)) {
                return Some(Ok(bytes.clone()));
            }
        }
        self.cities
            .values()
            .find_map(|c| c.files.get(path))
            .map(|b| Ok(b.clone()))
    }

    /// Makes the site from a checked portal. Cities whose fingerprint matches the one they
    /// have in `previous` keep their files; the whole-portal files are listed, not made.
    pub fn rebuild(
        previous: &Site,
        portal: Portal,
        theme: Theme,
        history: History,
    ) -> Result<Change> {
        let urls = Urls::new(&portal.site.base_url);
        let global = reuse::global(&portal, &theme);
        let pages = Pages::new(&portal, &theme, &urls, &history);
        let made: Vec<(bool, Arc<CityFiles>)> = (0..portal.cities.len())
            .into_par_iter()
            .map(|c| -> Result<_> {
                let fingerprint = reuse::city(&portal, c, global, &history);
                let slug = &portal.cities[c].slug;
                if let Some(before) = previous.cities.get(slug) {
                    if before.fingerprint == fingerprint {
                        return Ok((false, before.clone()));
                    }
                }
                let files = pipeline::city_files(&pages, &theme, &urls, c)?;
                Ok((
                    true,
                    Arc::new(CityFiles {
                        fingerprint,
                        files: bytes(files),
                    }),
                ))
            })
            .collect::<Result<_>>()?;

        let mut changed = Vec::new();
        let mut cities = BTreeMap::new();
        for (city, (remade, files)) in portal.cities.iter().zip(made) {
            if remade {
                let before = previous.cities.get(&city.slug).map(|c| &c.files);
                changed.extend(changed_files(before, &files.files));
            }
            cities.insert(city.slug.clone(), files);
        }
        for (slug, gone) in previous.cities.iter() {
            if !cities.contains_key(slug) {
                changed.extend(gone.files.keys().cloned());
            }
        }
        let statics = bytes(pipeline::static_files(&theme));
        changed.extend(changed_files(Some(&previous.statics), &statics));
        let statics = Arc::new(statics);
        let cities = Arc::new(cities);
        let files = statics.len() + cities.values().map(|c| c.files.len()).sum::<usize>();

        // Nothing a page is made from changed (a save that wrote the same bytes): the
        // whole-portal files made so far stay.
        if let (true, Some(whole)) = (changed.is_empty(), &previous.whole) {
            let files = files + whole.index.len();
            let site = Site {
                cities,
                statics,
                whole: Some(whole.clone()),
            };
            return Ok(Change {
                site,
                changed,
                files,
            });
        }

        let mut tasks: Vec<Task> = pages.portal_refs().map(Task::Page).collect();
        tasks.extend([Task::Feeds, Task::Data, Task::Search]);
        let inputs = Inputs {
            portal,
            theme,
            urls,
            history,
        };
        let jobs: Vec<Job> = tasks
            .into_iter()
            .map(|task| Job {
                task,
                made: OnceLock::new(),
            })
            .collect();
        let index = inputs.index(&jobs, previous.whole.as_deref());
        let whole = Whole {
            inputs,
            jobs,
            index,
        };
        let mut all: Vec<String> = whole.index.keys().cloned().collect();
        all.sort();
        changed.extend(all);
        changed.sort();
        changed.dedup();
        let files = files + whole.index.len();
        Ok(Change {
            site: Site {
                cities,
                statics,
                whole: Some(Arc::new(whole)),
            },
            changed,
            files,
        })
    }

    /// Makes every whole-portal file now, as a build would, and reports the first failure.
    pub fn make_all(&self) -> Result<()> {
        let Some(whole) = &self.whole else {
            return Ok(());
        };
        (0..whole.jobs.len())
            .into_par_iter()
            .try_for_each(|j| whole.made(j, &self.cities).map(|_| ()))
            .map_err(anyhow::Error::msg)
    }
}

impl Whole {
    /// The files of job `j`, made now if they were not yet. `cities` are the cities' files
    /// of the same build, from which `data/portal.*` are stitched.
    fn made(&self, j: usize, cities: &BTreeMap<String, Arc<CityFiles>>) -> Result<&Files, String> {
        let job = &self.jobs[j];
        job.made
            .get_or_init(|| {
                self.inputs
                    .make(job.task, cities)
                    .map(bytes)
                    .map_err(|e| format!("{e:#}"))
            })
            .as_ref()
            .map_err(String::clone)
    }
}

impl Inputs {
    fn make(
        &self,
        task: Task,
        cities: &BTreeMap<String, Arc<CityFiles>>,
    ) -> Result<Vec<OutputFile>> {
        let Inputs {
            portal,
            theme,
            urls,
            history,
        } = self;
        let pages = Pages::new(portal, theme, urls, history);
        Ok(match task {
            Task::Page(r) => pipeline::page_files(&pages, theme, urls, &r)?,
            Task::Feeds => {
                let page_urls: Vec<String> = pages.refs().iter().map(|r| pages.url(r)).collect();
                crate::feeds::files(portal, urls, &page_urls, theme, &|_| false)
                    .into_iter()
                    .map(|(_, f)| f)
                    .collect()
            }
            Task::Data => {
                let part = |c: &crate::model::City, path: String| -> Result<Vec<u8>> {
                    cities
                        .get(&c.slug)
                        .and_then(|files| files.files.get(&path))
                        .map(|b| b.to_vec())
                        .with_context(|| format!("{path} was not made"))
                };
                let json = |c: &crate::model::City| part(c, export::city_json_path(c));
                let csv = |c: &crate::model::City| part(c, export::city_csv_path(c));
                let mut portal_json = Vec::new();
                export::write_portal_json(portal, &json, &mut portal_json)?;
                let mut portal_csv = Vec::new();
                export::write_portal_csv(portal, &csv, &mut portal_csv)?;
                vec![
                    export::schema_file(),
                    OutputFile {
                        path: export::PORTAL_JSON.to_string(),
                        bytes: portal_json,
                    },
                    OutputFile {
                        path: export::PORTAL_CSV.to_string(),
                        bytes: portal_csv,
                    },
                ]
            }
            Task::Search => vec![crate::search::index_file(portal, urls, theme)],
        })
    }

    /// Which job makes each file: a page's own file is known from its address; the rest
    /// from what the job made last time, or by making it now when it is cheap or new.
    fn index(&self, jobs: &[Job], previous: Option<&Whole>) -> HashMap<String, usize> {
        let pages = Pages::new(&self.portal, &self.theme, &self.urls, &self.history);
        let mut index = HashMap::new();
        for (j, job) in jobs.iter().enumerate() {
            if let Task::Page(r) = job.task {
                index.insert(self.urls.file_for(&pages.url(&r)), j);
            }
            let before = previous.and_then(|w| {
                let k = w.jobs.iter().position(|k| k.task == job.task)?;
                match w.jobs[k].made.get() {
                    Some(Ok(files)) => Some(files.keys().cloned().collect::<Vec<_>>()),
                    _ => None,
                }
            });
            let paths = match (job.task, before) {
                (Task::Page(_), None) => Vec::new(),
                (_, Some(paths)) => paths,
                (Task::Feeds, None) => crate::feeds::portal_paths(&self.urls),
                (Task::Data, None) => [export::SCHEMA, export::PORTAL_JSON, export::PORTAL_CSV]
                    .map(String::from)
                    .to_vec(),
                (Task::Search, None) => {
                    vec![self.urls.file_for(&crate::search::index_url(&self.urls))]
                }
            };
            for path in paths {
                index.insert(path, j);
            }
        }
        index
    }
}

fn bytes(files: Vec<OutputFile>) -> Files {
    files
        .into_iter()
        .map(|f| {
            // Rendering leaves buffers up to twice the size of what they hold; the preview
            // keeps every file for as long as it runs.
            let mut bytes = f.bytes;
            bytes.shrink_to_fit();
            (f.path, Bytes::from(bytes))
        })
        .collect()
}

/// Paths whose bytes differ between a city's files before and after, including files
/// added or removed.
fn changed_files(old: Option<&Files>, new: &Files) -> Vec<String> {
    let empty = Files::new();
    let old = old.unwrap_or(&empty);
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_files_lists_edits_additions_and_removals() {
        let files = |pairs: &[(&str, &str)]| -> Files {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Bytes::from(v.as_bytes().to_vec())))
                .collect()
        };
        let old = files(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let new = files(&[("a", "1"), ("b", "20"), ("d", "4")]);
        let mut changed = changed_files(Some(&old), &new);
        changed.sort();
        assert_eq!(changed, ["b", "c", "d"]);
        assert_eq!(changed_files(None, &old), ["a", "b", "c"]);
    }
}
