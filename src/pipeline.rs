//! The one way through: load -> validate -> model -> render -> write.

use crate::diagnostics::{self, Diagnostic};
use crate::history::History;
use crate::model::{self, Portal};
use crate::pages::{PageRef, Pages};
use crate::render::{self, OutputFile};
use crate::reuse::{self, CityFiles, Manifest};
use crate::theme::Theme;
use crate::urls::Urls;
use crate::{export, load, validate, write};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The outcome of reading and checking the content.
pub struct Checked {
    pub portal: Option<Portal>,
    /// In file and line order, so each file's problems read top to bottom.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and validates everything under `root/content`, reporting every problem found.
pub fn check(root: &Path) -> Checked {
    crate::checker::Checker::new(root).check()
}

/// Validates content given in memory ([`load::load_memory`], which the fuzzer uses), adding
/// to the problems reading it found, and builds the portal when there are no errors. Content
/// on disk goes through [`crate::checker::Checker`], which runs the same steps a city at a
/// time.
pub fn check_loaded(loaded: load::Loaded, mut diags: Vec<Diagnostic>) -> Checked {
    diags.extend(validate::validate(&loaded));
    let diagnostics = diagnostics::sorted(diags);
    let portal = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        model::build(loaded)
    };
    Checked {
        portal,
        diagnostics,
    }
}

pub struct BuildStats {
    pub pages: usize,
    pub bytes: usize,
    /// Files written, and files left as they were because their bytes did not change.
    pub written: write::WriteStats,
    /// Cities in the portal, and those whose pages were kept from the previous build
    /// because nothing they are made from changed.
    pub cities: usize,
    pub kept_cities: usize,
    /// How long each step took, for `--timings`.
    pub timings: Vec<(&'static str, Duration)>,
    /// Problems that did not stop the build, such as a git history that could not be read.
    pub warnings: Vec<Diagnostic>,
}

/// How long each step of a build took, in the order they ran.
#[derive(Debug, Default)]
pub struct Timings {
    steps: Mutex<Vec<(&'static str, Duration)>>,
}

impl Timings {
    /// Runs `f` as the step `name`.
    pub fn step<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = f();
        self.steps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, started.elapsed()));
        value
    }

    pub fn steps(&self) -> Vec<(&'static str, Duration)> {
        self.steps.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Where produced files go.
trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<()>;
    /// Takes files of an earlier build as they are; false when it cannot, and they must be
    /// made again.
    fn keep(&self, _files: &[(String, u64)]) -> Result<bool> {
        Ok(false)
    }
    /// The bytes of a file already put or kept.
    fn read(&self, path: &str) -> Result<Vec<u8>>;
    /// Puts a file too large to hold in memory whole, written piece by piece by `write`.
    fn put_stream(&self, path: &str, write: &StreamWriter) -> Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(OutputFile {
            path: path.to_string(),
            bytes,
        })
    }
}

type StreamWriter<'a> = dyn Fn(&mut dyn std::io::Write) -> Result<()> + Sync + 'a;

/// Gathers files in memory.
#[derive(Default)]
struct Collect {
    files: Mutex<Collected>,
}

#[derive(Default)]
struct Collected {
    files: Vec<OutputFile>,
    /// Index into `files` by path.
    at: std::collections::HashMap<String, usize>,
}

impl Collected {
    fn push(&mut self, file: OutputFile) {
        self.at.insert(file.path.clone(), self.files.len());
        self.files.push(file);
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }

    fn read(&self, path: &str) -> Result<Vec<u8>> {
        let collected = self.files.lock().unwrap_or_else(|e| e.into_inner());
        collected
            .at
            .get(path)
            .map(|&i| collected.files[i].bytes.clone())
            .with_context(|| format!("{path} was not made"))
    }
}

/// A site rendered in memory, with the record that lets the next rendering keep what did
/// not change.
pub struct Rendered {
    /// In path order.
    pub files: Vec<OutputFile>,
    pub manifest: Manifest,
}

/// Renders a checked portal into files, without touching the disk.
pub fn render_site(
    root: &Path,
    portal: &mut Portal,
    base_url: Option<&str>,
    history: &History,
) -> Result<Rendered> {
    let sink = Collect::default();
    let produced = produce(
        root,
        portal,
        base_url,
        history,
        None,
        &sink,
        &Timings::default(),
    )?;
    let mut files = sink
        .files
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered {
        files,
        manifest: produced.manifest,
    })
}

/// What [`produce`] made.
struct Produced {
    pages: usize,
    /// Cities whose files were kept from the previous build, and those files' bytes.
    kept: usize,
    kept_bytes: u64,
    manifest: Manifest,
}

/// Makes every file of the site and hands each to `sink` as soon as it is ready, from
/// several threads. Pages are built, rendered and handed over one at a time, so memory holds
/// the portal and the pages in flight, not the whole site. The pages of a city that
/// `previous` shows unchanged are kept rather than made.
fn produce(
    root: &Path,
    portal: &mut Portal,
    base_url: Option<&str>,
    history: &History,
    previous: Option<&Manifest>,
    sink: &dyn Sink,
    timings: &Timings,
) -> Result<Produced> {
    if let Some(base) = base_url {
        portal.site.base_url = base.to_string();
    }
    let portal = &*portal;
    let theme = timings.step("theme", || {
        Theme::load(root, portal.site.theme.as_deref(), &portal.site.language)
    })?;
    let urls = Urls::new(&portal.site.base_url);
    let pages = Pages::new(portal, &theme, &urls, history);
    let refs = pages.refs();

    let (fingerprints, kept) = timings.step("keep unchanged cities", || -> Result<_> {
        let global = reuse::global(portal, &theme);
        let fingerprints: Vec<u128> = (0..portal.cities.len())
            .into_par_iter()
            .map(|c| reuse::city(portal, c, global, history))
            .collect();
        let kept: Vec<bool> = portal
            .cities
            .par_iter()
            .zip(&fingerprints)
            .map(
                |(city, &fp)| match previous.and_then(|m| m.cities.get(&city.slug)) {
                    Some(before) if before.fingerprint == fp => sink.keep(&before.files),
                    _ => Ok(false),
                },
            )
            .collect::<Result<_>>()?;
        Ok((fingerprints, kept))
    })?;
    // Files made for each city, to record for the next build.
    let made: Vec<Mutex<Vec<(String, u64)>>> =
        portal.cities.iter().map(|_| Mutex::default()).collect();
    let record = |c: usize, files: &[OutputFile]| {
        let mut list = made[c].lock().unwrap_or_else(|e| e.into_inner());
        list.extend(files.iter().map(|f| (f.path.clone(), f.bytes.len() as u64)));
    };

    timings.step("pages", || {
        refs.par_iter()
            .filter(|r| r.city().is_none_or(|c| !kept[c]))
            .try_for_each(|r| -> Result<()> {
                let files = page_files(&pages, &theme, &urls, r)?;
                if let Some(c) = r.city() {
                    record(c, &files);
                }
                files.into_iter().try_for_each(|f| sink.put(f))
            })
    })?;

    // Each city's data files, made or kept; the whole-portal ones are stitched from them.
    let data = || -> Result<()> {
        portal
            .cities
            .par_iter()
            .enumerate()
            .filter(|(c, _)| !kept[*c])
            .try_for_each(|(c, city)| {
                let files = export::city_files(portal, city);
                record(c, &files);
                files.into_iter().try_for_each(|f| sink.put(f))
            })?;
        sink.put(export::schema_file())?;
        let json = |c: &crate::model::City| sink.read(&export::city_json_path(c));
        let csv = |c: &crate::model::City| sink.read(&export::city_csv_path(c));
        let (a, b) = rayon::join(
            || {
                sink.put_stream(export::PORTAL_JSON, &|out| {
                    export::write_portal_json(portal, &json, out)
                })
            },
            || {
                sink.put_stream(export::PORTAL_CSV, &|out| {
                    export::write_portal_csv(portal, &csv, out)
                })
            },
        );
        a.and(b)
    };

    // The files about the whole portal are independent of one another: made side by side.
    let page_urls: Vec<String> = refs.iter().map(|r| pages.url(r)).collect();
    let ((feeds, data), search) = rayon::join(
        || {
            rayon::join(
                || {
                    timings.step("feeds", || {
                        let remake = |c: usize| !kept[c];
                        crate::feeds::files(portal, &urls, &page_urls, &theme, &remake)
                            .into_par_iter()
                            .try_for_each(|(city, f)| {
                                if let Some(c) = city {
                                    record(c, std::slice::from_ref(&f));
                                }
                                sink.put(f)
                            })
                    })
                },
                || timings.step("data", data),
            )
        },
        || {
            timings.step("search", || {
                sink.put(crate::search::index_file(portal, &urls, &theme))
            })
        },
    );
    feeds?;
    data?;
    search?;
    static_files(&theme)
        .into_iter()
        .try_for_each(|f| sink.put(f))?;

    let mut manifest = Manifest::default();
    for (c, (city, list)) in portal.cities.iter().zip(made).enumerate() {
        let files = if kept[c] {
            previous
                .and_then(|m| m.cities.get(&city.slug))
                .map(|before| before.files.clone())
                .unwrap_or_default()
        } else {
            let mut files = list.into_inner().unwrap_or_else(|e| e.into_inner());
            files.sort();
            files
        };
        manifest.cities.insert(
            city.slug.clone(),
            CityFiles {
                fingerprint: fingerprints[c],
                files,
            },
        );
    }
    let kept_bytes = portal
        .cities
        .iter()
        .zip(&kept)
        .filter(|(_, &k)| k)
        .filter_map(|(city, _)| manifest.cities.get(&city.slug))
        .flat_map(|c| &c.files)
        .map(|(_, size)| size)
        .sum();
    Ok(Produced {
        pages: refs.len(),
        kept: kept.iter().filter(|&&k| k).count(),
        kept_bytes,
        manifest,
    })
}

/// The theme's stylesheet and scripts.
pub fn static_files(theme: &Theme) -> Vec<OutputFile> {
    theme
        .statics
        .iter()
        .map(|(name, text)| OutputFile {
            path: format!("assets/{name}"),
            bytes: text.clone().into_bytes(),
        })
        .collect()
}

/// One page, rendered, and the files published beside it (its charts).
pub fn page_files(
    pages: &Pages,
    theme: &Theme,
    urls: &Urls,
    r: &PageRef,
) -> Result<Vec<OutputFile>> {
    let page = pages.build(r);
    let mut files = vec![render::render_page(&page, theme, |u| urls.file_for(u))?];
    files.extend(page.attachments.into_iter().map(|(url, text)| OutputFile {
        path: urls.file_for(&url),
        bytes: text.into_bytes(),
    }));
    Ok(files)
}

/// Every file of one city, as a build makes them: its pages and charts, its feed and its
/// data. The preview remakes a city's files with this after an edit.
pub fn city_files(pages: &Pages, theme: &Theme, urls: &Urls, c: usize) -> Result<Vec<OutputFile>> {
    let portal = pages.portal();
    let city = &portal.cities[c];
    let mut files: Vec<OutputFile> = pages
        .city_refs(c)
        .par_iter()
        .map(|r| page_files(pages, theme, urls, r))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    files.extend(crate::feeds::city_feed(portal, urls, theme, city));
    files.extend(export::city_files(portal, city));
    Ok(files)
}

/// Builds the site into `output`, replacing it only when everything succeeded.
pub fn build(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    mut portal: Portal,
) -> Result<BuildStats> {
    let timings = Timings::default();
    let history = timings.step("history", || crate::history::read(root, &portal));
    let previous = Manifest::read(output);
    let staging = write::Staging::new(output)?;
    let sink = Staged {
        staging: &staging,
        bytes: AtomicUsize::new(0),
    };
    let produced = produce(
        root,
        &mut portal,
        base_url,
        &history,
        previous.as_ref(),
        &sink,
        &timings,
    )?;
    let made_bytes = sink.bytes.into_inner();
    timings.step("manifest", || {
        produced.manifest.write(staging.path(), output)
    })?;
    let written = timings.step("replace output", || staging.finish())?;
    Ok(BuildStats {
        pages: produced.pages,
        bytes: made_bytes + produced.kept_bytes as usize,
        written,
        cities: portal.cities.len(),
        kept_cities: produced.kept,
        warnings: history.warnings,
        timings: timings.steps(),
    })
}

/// Hands files to the staging folder, counting the bytes of those made anew.
struct Staged<'a> {
    staging: &'a write::Staging,
    bytes: AtomicUsize,
}

impl Sink for Staged<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
        self.staging.put(&file)
    }

    fn keep(&self, files: &[(String, u64)]) -> Result<bool> {
        self.staging.keep(files)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>> {
        let path = self.staging.path().join(path);
        std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
    }

    fn put_stream(&self, path: &str, write: &StreamWriter) -> Result<()> {
        let size = self.staging.put_stream(path, write)?;
        self.bytes.fetch_add(size as usize, Ordering::Relaxed);
        Ok(())
    }
}
