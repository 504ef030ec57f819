//! Reads the content tree: finds the files, decodes them, parses them into the editors'
//! structures. Everything that goes wrong becomes a diagnostic; nothing here panics on input.

use crate::content::{CityFile, SiteFile, YearFile};
use crate::diagnostics::Diagnostic;
use crate::locate::Locator;
use crate::messages::{Lang, Place, Problem};
use crate::yaml_guard::Refused;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One parsed file with what is needed to point back into it.
#[derive(Debug)]
pub struct Parsed<T> {
    /// Relative to the portal root, as shown in messages.
    pub path: PathBuf,
    pub source: String,
    /// Built the first time a problem needs a position: most files have none, and for a
    /// national portal the positions of every key would take more memory than the content.
    locator: OnceLock<Locator>,
    pub value: T,
}

impl<T> Parsed<T> {
    pub fn new(path: PathBuf, source: String, value: T) -> Self {
        Parsed {
            path,
            source,
            locator: OnceLock::new(),
            value,
        }
    }

    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(&self.source))
    }

    /// A diagnostic pointing at the value at `path` (e.g. `projects[2].domain`).
    pub fn error_at(&self, path: &str, problem: Problem) -> Diagnostic {
        let (line, col) = self.locator().find(path);
        Diagnostic::error(&self.path, problem).at(&self.source, line, col)
    }

    pub fn warning_at(&self, path: &str, problem: Problem) -> Diagnostic {
        let (line, col) = self.locator().find(path);
        Diagnostic::warning(&self.path, problem).at(&self.source, line, col)
    }

    /// The value at `path` described in the editors' words, items named by their ids.
    pub fn place(&self, path: &str) -> Place {
        self.locator().place(&self.source, path)
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

/// Files above this size are refused before they are read: the longest real pledge list is
/// tens of kilobytes, and parsing a file this size already takes hundreds of megabytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The real path of `root/content`, which links are followed only as far as.
pub fn content_folder(root: &Path) -> Result<PathBuf, Box<Diagnostic>> {
    match std::fs::canonicalize(root.join("content")) {
        Ok(real) if real.is_dir() => Ok(real),
        _ => Err(Box::new(Diagnostic::error(
            Path::new("content"),
            Problem::NoContentFolder,
        ))),
    }
}

/// `content/site.yaml`, read and parsed; on failure records why and returns `None`.
pub fn site_file(
    root: &Path,
    within: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<SiteFile>> {
    let site_path = root.join("content").join("site.yaml");
    let shown = shown(root, &site_path);
    match resolve(&site_path, within) {
        Ok(Some(Entry::File(real))) => parse_file::<SiteFile>(&real, &shown, diags),
        Ok(None) => {
            diags.push(Diagnostic::error(&shown, Problem::NoSiteFile));
            None
        }
        Ok(Some(other)) => {
            diags.push(Diagnostic::error(&shown, other.not_a_file()));
            None
        }
        Err(problem) => {
            diags.push(Diagnostic::error(&shown, problem));
            None
        }
    }
}

/// A path as messages show it: relative to the portal's folder.
fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A city's folder under `content/`, found but not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityFolder {
    pub slug: String,
    /// The path under the portal's folder, as it is named.
    pub path: PathBuf,
    /// Where it really is, links followed.
    pub real: PathBuf,
}

/// The city folders under `content/`, in name order, with a problem recorded for every
/// other name found there.
pub fn city_folders(root: &Path, within: &Path, diags: &mut Vec<Diagnostic>) -> Vec<CityFolder> {
    let content = root.join("content");
    let rel = |p: &Path| shown(root, p);
    let entries = match read_folder(&content) {
        Ok(entries) => entries,
        Err(problem) => {
            diags.push(Diagnostic::error(&rel(&content), problem));
            return Vec::new();
        }
    };
    let mut folders = Vec::new();
    for (name, path) in entries {
        let Some(name) = name.to_str() else {
            diags.push(Diagnostic::error(&rel(&path), Problem::NameNotUtf8));
            continue;
        };
        if name.starts_with('.') || name == "site.yaml" {
            continue;
        }
        let dir = match resolve(&path, within) {
            Ok(Some(Entry::Folder(real))) => real,
            Ok(_) => {
                diags.push(Diagnostic::warning(&rel(&path), Problem::StrayFile));
                continue;
            }
            Err(problem) => {
                diags.push(Diagnostic::error(&rel(&path), problem));
                continue;
            }
        };
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
        folders.push(CityFolder {
            slug: name.to_string(),
            path,
            real: dir,
        });
    }
    folders
}

/// Reads one city's folder: its `city.yaml` and year files.
pub fn city(
    root: &Path,
    folder: &CityFolder,
    within: &Path,
    diags: &mut Vec<Diagnostic>,
) -> CityDir {
    let folder_ref = Folder {
        shown: &folder.path,
        real: &folder.real,
        within,
    };
    load_city(&folder.slug, &folder_ref, &|p: &Path| shown(root, p), diags)
}

/// A city folder: the path shown in messages, its real path, and the folder links must
/// stay within.
struct Folder<'a> {
    shown: &'a Path,
    real: &'a Path,
    within: &'a Path,
}

fn load_city(
    slug: &str,
    folder: &Folder,
    rel: &(dyn Fn(&Path) -> PathBuf + Sync),
    diags: &mut Vec<Diagnostic>,
) -> CityDir {
    let mut out = CityDir {
        slug: slug.to_string(),
        city: None,
        years: Vec::new(),
        year_stems: Vec::new(),
    };
    let city_path = folder.shown.join("city.yaml");
    match resolve(&folder.real.join("city.yaml"), folder.within) {
        Ok(Some(Entry::File(real))) => {
            out.city = parse_file::<CityFile>(&real, &rel(&city_path), diags);
        }
        Ok(None) => diags.push(Diagnostic::error(
            &rel(folder.shown),
            Problem::NoCityFile {
                slug: slug.to_string(),
            },
        )),
        Ok(Some(other)) => diags.push(Diagnostic::error(&rel(&city_path), other.not_a_file())),
        Err(problem) => diags.push(Diagnostic::error(&rel(&city_path), problem)),
    }
    let entries = match read_folder(folder.real) {
        Ok(entries) => entries,
        Err(problem) => {
            diags.push(Diagnostic::error(&rel(folder.shown), problem));
            return out;
        }
    };
    // The file that took each year, so a second file for the same year can name it.
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for (name, path) in entries {
        let shown = rel(&folder.shown.join(&name));
        let Some(name) = name.to_str() else {
            diags.push(Diagnostic::error(&shown, Problem::NameNotUtf8));
            continue;
        };
        if name.starts_with('.') || name == "city.yaml" {
            continue;
        }
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
            .filter(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()));
        let Some(stem) = stem else {
            diags.push(Diagnostic::warning(&shown, Problem::NotAYearFile));
            continue;
        };
        let real = match resolve(&path, folder.within) {
            Ok(Some(Entry::File(real))) => real,
            Ok(Some(Entry::Folder(_))) => {
                diags.push(Diagnostic::error(&shown, Problem::YearFileIsFolder));
                continue;
            }
            Ok(Some(other)) => {
                diags.push(Diagnostic::error(&shown, other.not_a_file()));
                continue;
            }
            // Listed a moment ago and gone now: nothing left to read.
            Ok(None) => continue,
            Err(problem) => {
                diags.push(Diagnostic::error(&shown, problem));
                continue;
            }
        };
        if let Some(first) = taken.get(stem) {
            diags.push(Diagnostic::error(
                &shown,
                Problem::DuplicateYearFile {
                    year: stem.to_string(),
                    first: first.clone(),
                },
            ));
            continue;
        }
        taken.insert(stem.to_string(), name.to_string());
        if let Some(parsed) = parse_file::<YearFile>(&real, &shown, diags) {
            out.year_stems.push(stem.to_string());
            out.years.push(parsed);
        }
    }
    out
}

/// The entries of a folder by name, in name order so every run reads them alike.
fn read_folder(dir: &Path) -> Result<Vec<(std::ffi::OsString, PathBuf)>, Problem> {
    let cannot = |e: std::io::Error| Problem::CannotReadFolder {
        reason: e.to_string(),
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(cannot)?
        .map(|e| e.map(|e| (e.file_name(), e.path())))
        .collect::<Result<Vec<_>, _>>()
        .map_err(cannot)?;
    entries.sort();
    Ok(entries)
}

/// What a name under content/ holds, after following links.
enum Entry {
    File(PathBuf),
    Folder(PathBuf),
    /// A named pipe, socket or device: reading one could wait forever or never end.
    Special,
}

impl Entry {
    /// The problem when a file was expected and this was found.
    fn not_a_file(&self) -> Problem {
        match self {
            Entry::Folder(_) => Problem::FileIsFolder,
            _ => Problem::SpecialFile,
        }
    }
}

/// Links followed before a chain is taken to loop, as the system itself gives up.
const MAX_LINK_HOPS: usize = 40;

/// What `path` is, following links only while they stay within `within` (a real path):
/// `None` when nothing is there, `Err` for a link that leads outside, nowhere or round in a
/// circle, or for anything that cannot be looked at.
fn resolve(path: &Path, within: &Path) -> Result<Option<Entry>, Problem> {
    let cannot = |e: std::io::Error| Problem::CannotReadFile {
        reason: e.to_string(),
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    };
    let real = if meta.file_type().is_symlink() {
        let written = std::fs::read_link(path).map_err(cannot)?;
        let target = written.display().to_string();
        let real = follow(path).map_err(|end| match end {
            LinkEnd::Nowhere => Problem::LinkDangling {
                target: target.clone(),
            },
            LinkEnd::Loop => Problem::LinkLoop {
                target: target.clone(),
            },
        })?;
        if !real.starts_with(within) {
            return Err(Problem::LinkOutside { target });
        }
        // A link to a folder holding the link itself makes an endless path.
        let location = path
            .parent()
            .and_then(|dir| std::fs::canonicalize(dir).ok())
            .zip(path.file_name())
            .map(|(dir, name)| dir.join(name));
        if location.is_some_and(|l| l.starts_with(&real)) {
            return Err(Problem::LinkLoop { target });
        }
        real
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&real).map_err(cannot)?;
    Ok(Some(if meta.is_file() {
        Entry::File(real)
    } else if meta.is_dir() {
        Entry::Folder(real)
    } else {
        Entry::Special
    }))
}

enum LinkEnd {
    Nowhere,
    Loop,
}

/// The real path a link leads to.
fn follow(link: &Path) -> Result<PathBuf, LinkEnd> {
    let mut at = link.to_path_buf();
    for _ in 0..MAX_LINK_HOPS {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = std::fs::read_link(&at).map_err(|_| LinkEnd::Nowhere)?;
                at = match at.parent() {
                    Some(dir) => dir.join(next),
                    None => next,
                };
            }
            Ok(_) => break,
            Err(_) => return Err(LinkEnd::Nowhere),
        }
    }
    // canonicalize also resolves links among the folders on the way; a loop there is a
    // loop all the same.
    std::fs::canonicalize(&at).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LinkEnd::Nowhere,
        _ => LinkEnd::Loop,
    })
}

/// Reads, decodes and parses one file; on failure records why and returns `None`.
fn parse_file<T: DeserializeOwned>(
    real: &Path,
    shown: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<T>> {
    match read_bytes(real) {
        Ok(bytes) => parse_bytes(shown.to_path_buf(), &bytes, diags),
        Err(d) => {
            diags.push(Diagnostic {
                file: shown.to_path_buf(),
                ..*d
            });
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
    if is_empty(&source) {
        diags.push(Diagnostic::error(&shown, Problem::EmptyFile));
        return None;
    }
    match parse_yaml::<T>(&source) {
        Ok(value) => Some(Parsed::new(shown, source, value)),
        Err(ParseError::Refused(r)) => {
            let problem = match r.what {
                Refused::Anchor(name) => Problem::Anchor { name },
                Refused::Alias(name) => Problem::Alias { name },
                Refused::Tag(name) => Problem::Tag { name },
                Refused::TooDeep => Problem::TooDeep,
            };
            diags.push(Diagnostic::error(&shown, problem).at(&source, r.line, r.column));
            None
        }
        Err(ParseError::Yaml(e)) => {
            diags.push(crate::yaml_error::diagnostic(&shown, &source, &e));
            None
        }
    }
}

/// Nothing but blank lines, comments and document markers.
fn is_empty(source: &str) -> bool {
    source.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Why a text could not be read into a value.
pub enum ParseError {
    /// Refused before parsing; see [`crate::yaml_guard`].
    Refused(crate::yaml_guard::Refusal),
    Yaml(serde_yaml::Error),
}

/// Parses YAML text of a content file, refusing first what could make parsing slow or
/// unbounded. Every YAML text shishi reads goes through here.
pub fn parse_yaml<T: DeserializeOwned>(source: &str) -> Result<T, ParseError> {
    crate::yaml_guard::check(source).map_err(ParseError::Refused)?;
    serde_yaml::from_str(source).map_err(ParseError::Yaml)
}

/// Reads a file as UTF-8 text, refusing other encodings with a message that names them.
/// `path` has been resolved: it is a regular file within content/.
fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    decode(path, &read_bytes(path)?)
}

/// A file's bytes, refused unread when it is not a regular file or too large to be content.
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
    if !meta.is_file() {
        return Err(Box::new(Diagnostic::error(path, Problem::SpecialFile)));
    }
    too_large(path, meta.len())?;
    // Read no more than the limit allows, even if the file grew since it was measured.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    too_large(path, bytes.len() as u64)?;
    Ok(bytes)
}

fn too_large(path: &Path, len: u64) -> Result<(), Box<Diagnostic>> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Box::new(Diagnostic::error(
        path,
        Problem::FileTooLarge {
            megabytes: len.div_ceil(1_048_576),
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
    if bytes.contains(&0) {
        let problem = if looks_like_utf16(bytes) {
            Problem::Utf16
        } else {
            Problem::NotText
        };
        return Err(Box::new(Diagnostic::error(path, problem)));
    }
    // libyaml reads a byte-order mark as content and then misjudges the first key's
    // indentation, so it goes before parsing; a file saved twice by some editors has two.
    let mut bytes = bytes;
    while let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        bytes = rest;
    }
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

/// UTF-16 saved without a byte-order mark: text in ASCII leaves every other byte zero.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let half = head.len() / 2;
    // One side mostly zeros, the other none: UTF-32 or binary data has zeros on both.
    (even * 4 > half && odd == 0) || (odd * 4 > half && even == 0)
}

/// One city of a portal given in memory: its slug, the bytes of its `city.yaml`, and its year
/// files as (file name stem, bytes).
pub struct MemoryCity<'a> {
    pub slug: &'a str,
    pub city: &'a [u8],
    pub years: Vec<(&'a str, &'a [u8])>,
}

/// Reads a portal whose files are given as bytes rather than found on disk: every file is
/// decoded and parsed exactly as [`city`] and [`site_file`] read them from disk, and shown in messages under the path it
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
    let content = root.join("content");
    let within = std::fs::canonicalize(&content).ok()?;
    let Ok(Some(Entry::File(real))) = resolve(&content.join("site.yaml"), &within) else {
        return None;
    };
    let source = read_text(&real).ok()?;
    let read: LanguageOnly = parse_yaml(&source).ok()?;
    read.language?.parse().ok()
}
