//! Load, validate and model, one city at a time, remembering what each city's folder looked
//! like. `shishi check` and `shishi build` run it once; `shishi serve` keeps one for its whole
//! life, so that after a save only the cities whose files changed are read again: at 300
//! cities that is the difference between a few seconds and a few milliseconds.
//!
//! A city is read again when anything in its folder differs from last time: a name added or
//! removed, or a file's size, modification time, change time or inode (editors that save by
//! writing a new file and renaming it over the old one change the inode). A change to
//! `site.yaml` can change the domains every project is checked against and the language
//! leads are named in, so it has every city read again.

use crate::content::{CityFile, SiteFile};
use crate::diagnostics::{self, Diagnostic};
use crate::load::{self, CityFolder, Parsed};
use crate::model::{self, City};
use crate::pipeline::Checked;
use crate::validate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Checker {
    root: PathBuf,
    site: Option<SiteState>,
    cities: BTreeMap<String, CityState>,
    /// How many cities the last check read, for the preview's report and for tests.
    read: usize,
}

struct SiteState {
    stamp: Stamp,
    parsed: Option<Parsed<SiteFile>>,
    /// From reading and from checking the file.
    diags: Vec<Diagnostic>,
    /// The domains projects may name; None when unknown.
    domains: Option<BTreeSet<String>>,
    language: String,
}

struct CityState {
    folder: CityFolder,
    stamp: Stamp,
    /// Kept for the checks that look across cities (parents), which run every time.
    file: Option<Parsed<CityFile>>,
    /// From reading the folder and checking its year files.
    diags: Vec<Diagnostic>,
    /// None when the city has errors of its own.
    model: Option<Arc<City>>,
}

/// What a file or folder looked like: for each name, its size, times and inode.
type Stamp = Vec<(OsString, FileStamp)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: (i64, i64),
    inode: u64,
}

impl Checker {
    pub fn new(root: &Path) -> Checker {
        Checker {
            root: root.to_path_buf(),
            site: None,
            cities: BTreeMap::new(),
            read: 0,
        }
    }

    /// How many cities the last [`Checker::check`] read from disk; the others were kept.
    pub fn cities_read(&self) -> usize {
        self.read
    }

    /// Checks the content as it is now, reading only what changed since the last call.
    pub fn check(&mut self) -> Checked {
        let root = self.root.clone();
        let within = match load::content_folder(&root) {
            Ok(within) => within,
            Err(d) => {
                self.site = None;
                self.cities.clear();
                self.read = 0;
                return Checked {
                    portal: None,
                    diagnostics: vec![*d],
                };
            }
        };
        let site_path = root.join("content").join("site.yaml");
        let site_stamp = vec![(OsString::from("site.yaml"), stamp_file(&site_path))];
        let site = match self.site.take() {
            Some(site) if site.stamp == site_stamp => site,
            _ => {
                // Every city is read again against the new site.yaml.
                self.cities.clear();
                read_site(&root, &within, site_stamp)
            }
        };
        let site = &*self.site.insert(site);

        let mut diags = site.diags.clone();
        let folders = load::city_folders(&root, &within, &mut diags);
        let mut before = std::mem::take(&mut self.cities);
        let looked: Vec<(CityFolder, Option<CityState>)> = folders
            .into_iter()
            .map(|folder| {
                let kept = before.remove(&folder.slug);
                (folder, kept)
            })
            .collect();
        // Cities are looked at and read in parallel: parsing YAML is most of a large
        // portal's check.
        let looked: Vec<(bool, CityState)> = looked
            .into_par_iter()
            .map(|(folder, kept)| {
                let stamp = stamp_folder(&folder.real);
                match kept {
                    Some(city) if city.folder == folder && city.stamp == stamp => (false, city),
                    _ => (true, read_city(&root, &within, folder, stamp, site)),
                }
            })
            .collect();
        self.read = looked.iter().filter(|(read, _)| *read).count();
        self.cities = looked
            .into_iter()
            .map(|(_, city)| (city.folder.slug.clone(), city))
            .collect();

        let files: Vec<(&str, Option<&Parsed<CityFile>>)> = self
            .cities
            .values()
            .map(|c| (c.folder.slug.as_str(), c.file.as_ref()))
            .collect();
        diags.extend(validate::cities(&files));
        for city in self.cities.values() {
            diags.extend(city.diags.iter().cloned());
        }
        let diagnostics = diagnostics::sorted(diags);
        let portal = if diagnostics.iter().any(Diagnostic::is_error) {
            None
        } else {
            let cities: Option<Vec<Arc<City>>> =
                self.cities.values().map(|c| c.model.clone()).collect();
            let portal = site
                .parsed
                .as_ref()
                .zip(cities)
                .map(|(site, cities)| model::portal(site, cities));
            // The portal gave the cities their children: kept so, they need not be copied
            // to be given them again next time.
            if let Some(portal) = &portal {
                for (state, city) in self.cities.values_mut().zip(&portal.cities) {
                    state.model = Some(city.clone());
                }
            }
            portal
        };
        Checked {
            portal,
            diagnostics,
        }
    }
}

fn read_site(root: &Path, within: &Path, stamp: Stamp) -> SiteState {
    let mut diags = Vec::new();
    let parsed = load::site_file(root, within, &mut diags);
    let (domains, found) = validate::site(parsed.as_ref());
    diags.extend(found);
    let language = parsed
        .as_ref()
        .map(|s| model::language(&s.value))
        .unwrap_or_default();
    SiteState {
        stamp,
        parsed,
        diags,
        domains,
        language,
    }
}

fn read_city(
    root: &Path,
    within: &Path,
    folder: CityFolder,
    stamp: Stamp,
    site: &SiteState,
) -> CityState {
    let mut diags = Vec::new();
    let dir = load::city(root, &folder, within, &mut diags);
    diags.extend(validate::city_years(&dir, site.domains.as_ref()));
    let model = match &dir.city {
        Some(file) if !diags.iter().any(Diagnostic::is_error) => Some(Arc::new(model::city(
            &dir.slug,
            file,
            dir.years,
            &site.language,
        ))),
        _ => None,
    };
    CityState {
        folder,
        stamp,
        file: dir.city,
        diags,
        model,
    }
}

fn stamp_file(path: &Path) -> FileStamp {
    // Follows links: what matters is the file read, not the link.
    let Ok(meta) = std::fs::metadata(path) else {
        return FileStamp::default();
    };
    FileStamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        changed: changed(&meta),
        inode: inode(&meta),
    }
}

fn stamp_folder(dir: &Path) -> Stamp {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Stamp::new();
    };
    let mut stamp: Stamp = entries
        .filter_map(Result::ok)
        .map(|e| (e.file_name(), stamp_file(&e.path())))
        .collect();
    stamp.sort_by(|a, b| a.0.cmp(&b.0));
    stamp
}

#[cfg(unix)]
fn changed(meta: &std::fs::Metadata) -> (i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec())
}

#[cfg(not(unix))]
fn changed(_meta: &std::fs::Metadata) -> (i64, i64) {
    (0, 0)
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.ino()
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}
