//! Reads the content tree: finds the files, decodes them, parses them into the editors'
//! structures. Everything that goes wrong becomes a diagnostic; nothing here panics on input.

use crate::content::{CityFile, SiteFile, YearFile};
use crate::diagnostics::Diagnostic;
use crate::locate::Locator;
use crate::messages::{Lang, Place, Problem};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// One parsed file with what is needed to point back into it.
#[derive(Debug)]
pub struct Parsed<T> {
    /// Relative to the portal root, as shown in messages.
    pub path: PathBuf,
    pub source: String,
    pub locator: Locator,
    pub value: T,
}

impl<T> Parsed<T> {
    /// A diagnostic pointing at the value at `path` (e.g. `projects[2].domain`).
    pub fn error_at(&self, path: &str, problem: Problem) -> Diagnostic {
        let (line, col) = self.locator.find(path);
        Diagnostic::error(&self.path, problem).at(&self.source, line, col)
    }

    pub fn warning_at(&self, path: &str, problem: Problem) -> Diagnostic {
        let (line, col) = self.locator.find(path);
        Diagnostic::warning(&self.path, problem).at(&self.source, line, col)
    }

    /// The value at `path` described in the editors' words, items named by their ids.
    pub fn place(&self, path: &str) -> Place {
        self.locator.place(&self.source, path)
    }
}

#[derive(Debug)]
pub struct CityDir {
    pub slug: String,
    pub city: Option<Parsed<CityFile>>,
    /// Year files in year order.
    pub years: Vec<Parsed<YearFile>>,
    /// File name stem of each year file, parallel to `years`, checked against `year:`.
    pub year_stems: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Option<Parsed<SiteFile>>,
    /// In slug order, so every later step sees cities in the same order on every build.
    pub cities: Vec<CityDir>,
}

/// Files above this size are refused before parsing: no real pledge list comes close, and a
/// huge file is far more likely a mistake than content.
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

pub fn load(root: &Path) -> (Loaded, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut loaded = Loaded::default();
    let content = root.join("content");
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();

    if !content.is_dir() {
        diags.push(Diagnostic::error(
            Path::new("content"),
            Problem::NoContentFolder,
        ));
        return (loaded, diags);
    }

    let site_path = content.join("site.yaml");
    if site_path.is_file() {
        loaded.site = parse_file::<SiteFile>(&site_path, &rel, &mut diags);
    } else {
        diags.push(Diagnostic::error(&rel(&site_path), Problem::NoSiteFile));
    }

    let mut entries: Vec<_> = match std::fs::read_dir(&content) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(e) => {
            diags.push(Diagnostic::error(
                &rel(&content),
                Problem::CannotReadFolder {
                    reason: e.to_string(),
                },
            ));
            return (loaded, diags);
        }
    };
    entries.sort_by_key(|e| e.file_name());
    let mut city_dirs = Vec::new();
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            diags.push(Diagnostic::error(&rel(&path), Problem::NameNotUtf8));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let is_dir = std::fs::metadata(&path)
            .map(|m| m.is_dir())
            .unwrap_or(false);
        if !is_dir {
            if name != "site.yaml" {
                diags.push(Diagnostic::warning(&rel(&path), Problem::StrayFile));
            }
            continue;
        }
        if !crate::ids::is_slug(name) {
            diags.push(Diagnostic::error(
                &rel(&path),
                Problem::FolderNotSlug {
                    name: name.to_string(),
                    suggestion: crate::ids::slugify(name),
                },
            ));
            continue;
        }
        if crate::urls::RESERVED.contains(&name) {
            diags.push(Diagnostic::error(
                &rel(&path),
                Problem::ReservedFolder {
                    name: name.to_string(),
                    reserved: crate::urls::RESERVED.map(String::from).to_vec(),
                },
            ));
            continue;
        }
        city_dirs.push((name.to_string(), path));
    }
    // Cities are read in parallel: parsing YAML is most of a large portal's check. Each
    // keeps its own problems; they are put in file order later, whatever finished first.
    let cities: Vec<(CityDir, Vec<Diagnostic>)> = city_dirs
        .par_iter()
        .map(|(name, path)| {
            let mut found = Vec::new();
            let city = load_city(name, path, &rel, &mut found);
            (city, found)
        })
        .collect();
    for (city, found) in cities {
        loaded.cities.push(city);
        diags.extend(found);
    }
    (loaded, diags)
}

fn load_city(
    slug: &str,
    dir: &Path,
    rel: &(dyn Fn(&Path) -> PathBuf + Sync),
    diags: &mut Vec<Diagnostic>,
) -> CityDir {
    let city_path = dir.join("city.yaml");
    let city = if city_path.exists() {
        parse_file::<CityFile>(&city_path, rel, diags)
    } else {
        diags.push(Diagnostic::error(
            &rel(dir),
            Problem::NoCityFile {
                slug: slug.to_string(),
            },
        ));
        None
    };
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    files.retain(|e| e.file_name() != "city.yaml");
    let mut years = Vec::new();
    let mut year_stems = Vec::new();
    for entry in files {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"));
        let is_year = stem.is_some_and(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()));
        if !is_year {
            diags.push(Diagnostic::warning(&rel(path), Problem::NotAYearFile));
            continue;
        }
        if !path.is_file() {
            diags.push(Diagnostic::error(&rel(path), Problem::YearFileIsFolder));
            continue;
        }
        if let Some(parsed) = parse_file::<YearFile>(path, rel, diags) {
            year_stems.push(stem.unwrap_or_default().to_string());
            years.push(parsed);
        }
    }
    CityDir {
        slug: slug.to_string(),
        city,
        years,
        year_stems,
    }
}

/// Reads, decodes and parses one file; on failure records why and returns `None`.
fn parse_file<T: DeserializeOwned>(
    path: &Path,
    rel: &dyn Fn(&Path) -> PathBuf,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<T>> {
    let shown = rel(path);
    match read_bytes(path) {
        Ok(bytes) => parse_bytes(shown, &bytes, diags),
        Err(d) => {
            diags.push(Diagnostic { file: shown, ..*d });
            None
        }
    }
}

/// Decodes and parses one file's bytes, shown in messages as `shown`; on failure records why
/// and returns `None`. Files read from disk and files given in memory both come through here.
pub fn parse_bytes<T: DeserializeOwned>(
    shown: PathBuf,
    bytes: &[u8],
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<T>> {
    let source = match decode(&shown, bytes) {
        Ok(s) => s,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    if source
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        diags.push(Diagnostic::error(&shown, Problem::EmptyFile));
        return None;
    }
    match serde_yaml::from_str::<T>(&source) {
        Ok(value) => Some(Parsed {
            locator: Locator::new(&source),
            path: shown,
            source,
            value,
        }),
        Err(e) => {
            diags.push(crate::yaml_error::diagnostic(&shown, &source, &e));
            None
        }
    }
}

/// Reads a file as UTF-8 text, refusing other encodings with a message that names them.
fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    decode(path, &read_bytes(path)?)
}

/// A file's bytes, refused unread when the file is too large to be content.
fn read_bytes(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let unreadable = |e: std::io::Error| {
        Box::new(Diagnostic::error(
            path,
            Problem::CannotReadFile {
                reason: e.to_string(),
            },
        ))
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    too_large(path, meta.len())?;
    std::fs::read(path).map_err(unreadable)
}

fn too_large(path: &Path, len: u64) -> Result<(), Box<Diagnostic>> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Box::new(Diagnostic::error(
        path,
        Problem::FileTooLarge {
            megabytes: len / 1_048_576,
            limit: MAX_FILE_BYTES / 1_048_576,
        },
    )))
}

/// A file's bytes as UTF-8 text without a byte-order mark, or why they are not.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    // Checked again here for bytes that did not come from a file on disk.
    too_large(path, bytes.len() as u64)?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Box::new(Diagnostic::error(path, Problem::Utf16)));
    }
    // libyaml reads a byte-order mark as content and then misjudges the first key's
    // indentation, so it goes before parsing.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
            let column = String::from_utf8_lossy(&bytes[..offset])
                .rsplit('\n')
                .next()
                .map_or(1, |l| l.chars().count() + 1);
            Err(Box::new(Diagnostic {
                line,
                column,
                ..Diagnostic::error(path, Problem::NotUtf8)
            }))
        }
    }
}

/// One city of a portal given in memory: its slug, the bytes of its `city.yaml`, and its year
/// files as (file name stem, bytes).
pub struct MemoryCity<'a> {
    pub slug: &'a str,
    pub city: &'a [u8],
    pub years: Vec<(&'a str, &'a [u8])>,
}

/// Reads a portal whose files are given as bytes rather than found on disk: every file is
/// decoded and parsed exactly as [`load`] would, and shown in messages under the path it
/// would have in `content/`. The folder rules (slugs, stray files) are the caller's to keep;
/// the fuzzer drives the loader through here (docs/fuzzing.md).
pub fn load_memory(site: &[u8], cities: &[MemoryCity]) -> (Loaded, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let content = Path::new("content");
    let site = parse_bytes(content.join("site.yaml"), site, &mut diags);
    let cities = cities
        .iter()
        .map(|c| {
            let dir = content.join(c.slug);
            let city = parse_bytes(dir.join("city.yaml"), c.city, &mut diags);
            let mut years = Vec::new();
            let mut year_stems = Vec::new();
            for (stem, bytes) in &c.years {
                let shown = dir.join(format!("{stem}.yaml"));
                if let Some(parsed) = parse_bytes(shown, bytes, &mut diags) {
                    years.push(parsed);
                    year_stems.push(stem.to_string());
                }
            }
            CityDir {
                slug: c.slug.to_string(),
                city,
                years,
                year_stems,
            }
        })
        .collect();
    (Loaded { site, cities }, diags)
}

/// The language `site.yaml` asks for, read on its own so that messages come in the portal's
/// language even when something else in the file is wrong. `None` when there is no such
/// file, it is not YAML, or it names no language shishi speaks.
pub fn site_language(root: &Path) -> Option<Lang> {
    #[derive(serde::Deserialize)]
    struct LanguageOnly {
        language: Option<String>,
    }
    let source = read_text(&root.join("content").join("site.yaml")).ok()?;
    let read: LanguageOnly = serde_yaml::from_str(&source).ok()?;
    read.language?.parse().ok()
}
