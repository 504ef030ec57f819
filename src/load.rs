//! Reads the content tree: finds the files, decodes them, parses them into the editors'
//! structures. Everything that goes wrong becomes a diagnostic; nothing here panics on input.

use crate::content::{CityFile, SiteFile, YearFile};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::locate::Locator;
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
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locator.find(path);
        Diagnostic::error(&self.path, message).at(&self.source, line, col)
    }

    pub fn warning_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locator.find(path);
        Diagnostic::warning(&self.path, message).at(&self.source, line, col)
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
        diags.push(
            Diagnostic::error(Path::new("content"), "there is no content/ folder here")
                .expected("a folder content/ holding site.yaml and one folder per city")
                .hint("run shishi from the portal's root folder, or pass --root DIR"),
        );
        return (loaded, diags);
    }

    let site_path = content.join("site.yaml");
    if site_path.is_file() {
        loaded.site = parse_file::<SiteFile>(&site_path, &rel, &mut diags);
    } else {
        diags.push(
            Diagnostic::error(&rel(&site_path), "the portal has no site.yaml")
                .expected("content/site.yaml with `title`, `base_url` and `domains`")
                .hint("see docs/content-format.md for a complete example"),
        );
    }

    let mut entries: Vec<_> = match std::fs::read_dir(&content) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(e) => {
            diags.push(Diagnostic::error(
                &rel(&content),
                format!("cannot read the folder: {e}"),
            ));
            return (loaded, diags);
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            diags.push(
                Diagnostic::error(&rel(&path), "this name is not valid UTF-8")
                    .hint("rename it with ASCII letters, digits and hyphens"),
            );
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
                diags.push(
                    Diagnostic::warning(&rel(&path), "this file is not part of any city and is ignored")
                        .hint("city files live in content/<city>/city.yaml and content/<city>/<year>.yaml"),
                );
            }
            continue;
        }
        if !crate::ids::is_slug(name) {
            diags.push(
                Diagnostic::error(
                    &rel(&path),
                    format!("the folder name `{name}` is not a slug"),
                )
                .expected("lower-case ASCII letters, digits and single hyphens, e.g. zhuhai-jinwan")
                .hint("folder names become URLs; rename the folder"),
            );
            continue;
        }
        if crate::urls::RESERVED.contains(&name) {
            diags.push(
                Diagnostic::error(
                    &rel(&path),
                    format!("`{name}` is reserved for the site's own pages"),
                )
                .expected(format!(
                    "a city slug other than {}",
                    crate::urls::RESERVED.join(", ")
                ))
                .hint(format!(
                    "rename the folder, e.g. add the province: `hebei-{name}`"
                )),
            );
            continue;
        }
        loaded.cities.push(load_city(name, &path, &rel, &mut diags));
    }
    (loaded, diags)
}

fn load_city(
    slug: &str,
    dir: &Path,
    rel: &dyn Fn(&Path) -> PathBuf,
    diags: &mut Vec<Diagnostic>,
) -> CityDir {
    let city_path = dir.join("city.yaml");
    let city = if city_path.exists() {
        parse_file::<CityFile>(&city_path, rel, diags)
    } else {
        diags.push(
            Diagnostic::error(&rel(dir), format!("the city folder `{slug}` has no city.yaml"))
                .expected("content/<city>/city.yaml with at least `name` and `level`")
                .hint("add city.yaml, e.g.\n      name: {zh-Hans: 泉州市, en: Quanzhou}\n      level: prefecture"),
        );
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
            diags.push(
                Diagnostic::warning(&rel(path), "this file is not a year file and is ignored")
                    .expected("a year file named like 2024.yaml")
                    .hint("rename it to <year>.yaml, or move it out of content/"),
            );
            continue;
        }
        if !path.is_file() {
            diags.push(
                Diagnostic::error(
                    &rel(path),
                    "this is named like a year file but is not a file",
                )
                .hint("year files are YAML files; move this folder out of the city folder"),
            );
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
    let source = match read_text(path) {
        Ok(s) => s,
        Err(d) => {
            diags.push(Diagnostic { file: shown, ..*d });
            return None;
        }
    };
    if source
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        diags.push(
            Diagnostic::error(&shown, "the file is empty")
                .hint("fill it in (see docs/content-format.md) or delete it"),
        );
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
            diags.push(yaml_error(&shown, &source, &e));
            None
        }
    }
}

/// Reads a file as UTF-8 text, refusing other encodings with a message that names them.
fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Box::new(Diagnostic::error(
            path,
            format!("cannot read the file: {e}"),
        ))
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Box::new(
            Diagnostic::error(
                path,
                format!(
                    "the file is {} MB, too large to be a pledge list",
                    meta.len() / 1_048_576
                ),
            )
            .expected(format!("at most {} MB", MAX_FILE_BYTES / 1_048_576))
            .hint("check that this is the right file; a year's list is a few hundred KB at most"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(Diagnostic::error(
            path,
            format!("cannot read the file: {e}"),
        ))
    })?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Box::new(
            Diagnostic::error(path, "the file is encoded as UTF-16, not UTF-8")
                .expected("UTF-8 text")
                .hint("re-save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"),
        ));
    }
    // libyaml reads a byte-order mark as content and then misjudges the first key's
    // indentation, so it goes before parsing.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
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
                ..Diagnostic::error(
                    path,
                    "the file is not UTF-8 (it may be GBK or GB18030, common on Chinese Windows)",
                )
                .expected("UTF-8 text")
                .hint("re-save the file as UTF-8, e.g. `iconv -f GBK -t UTF-8 in.yaml > out.yaml`")
            }))
        }
    }
}

/// Turns a serde/libyaml error into a diagnostic with position and a hint.
fn yaml_error(file: &Path, source: &str, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    let text = full.split(" at line ").next().unwrap_or(&full).to_string();
    // serde prefixes the path of the offending value ("projects[2].progres: ...").
    let (path, message) = match text.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (Some(p.to_string()), m.to_string()),
        _ => (None, text.clone()),
    };
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let mut d = Diagnostic::error(file, message.clone()).at(source, line, column);
    if let Some(p) = &path {
        d.message = format!("{message} (in `{p}`)");
    }
    if let Some(rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))
    {
        let (word, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let options: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        d = d.expected(format!("one of {}", options.join(", ")));
        d = match did_you_mean(word, options.iter().copied()) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint("check the spelling against docs/content-format.md"),
        };
        if message.starts_with("unknown field") {
            d.message = format!("unknown field `{word}`");
        } else {
            d.message = format!("unknown value `{word}`");
        }
        if let Some(p) = &path {
            d.message.push_str(&format!(" (in `{p}`)"));
        }
    } else if message.contains("expected text:") {
        d.message = match &path {
            Some(p) => format!("`{p}` is not text"),
            None => "this value is not text".to_string(),
        };
        d = d
            .expected("a string, or a map of language tag to string")
            .hint("write e.g. `name: 泉州市` or `name: {zh-Hans: 泉州市, en: Quanzhou}`");
    } else if let Some(field) = message.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        d = d.expected(format!("a `{field}:` field here")).hint(format!(
            "add `{field}:`; see docs/content-format.md for what it holds"
        ));
    } else if message.starts_with("invalid type") {
        let wants_number = ["f64", "u32", "i32", "integer", "float"]
            .iter()
            .any(|w| message.contains(w));
        d = d.hint(if wants_number {
            "write a plain number, without quotes, units or thousands separators (e.g. 30000, not 3万)"
        } else if message.contains("expected a sequence") {
            "write a list: one `- item` per line, or [a, b]"
        } else {
            "check the value against docs/content-format.md"
        });
    } else if message.contains("duplicate entry") || message.starts_with("duplicate field") {
        // serde notices the repeat at the end of the mapping and points at its start; the
        // locator remembers the last occurrence of each key, which is the repeat itself.
        if let (Some(p), Some(field)) = (&path, message.split('`').nth(1)) {
            let (line, column) = Locator::new(source).find(&format!("{p}.{field}"));
            d = d.at(source, line, column);
        }
        d = d.hint("each key may appear once in a mapping; merge or remove the repeated one");
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        d = d.hint("the file nests or repeats aliases too deeply to be content; remove the anchors (&) and aliases (*)");
    } else {
        d = d.hint("check the indentation and punctuation on this line and the one before it; YAML needs spaces, not tabs, and a space after each colon");
    }
    d
}
