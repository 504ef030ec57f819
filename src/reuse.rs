//! Lets a rebuild keep the pages of cities whose inputs did not change, instead of building
//! and rendering them again.
//!
//! Every page of a city (its own page, its years, projects and lead units) is made from that
//! city's files, the names of the cities above and below it, its git history, `site.yaml`,
//! the theme and shishi itself. All of that goes into one fingerprint per city. A build
//! records each city's fingerprint and the files its pages became in a manifest beside the
//! output; the next build keeps, as hard links, the files of every city whose fingerprint is
//! the same. Pages that gather all cities (home, domains, years, data, feeds, search) are
//! always made again: a change anywhere may show there.
//!
//! The manifest names the folder it describes by device and inode. The staging folder
//! becomes the output by rename, which keeps its inode, so a manifest written for a build
//! that never finished, or an output replaced by hand, is recognised and ignored.

use crate::history::History;
use crate::model::Portal;
use crate::theme::Theme;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use xxhash_rust::xxh3::Xxh3;

const HEADER: &str = "shishi manifest 1";

/// What a finished build made of one city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityFiles {
    pub fingerprint: u128,
    /// Output paths with their sizes, in path order.
    pub files: Vec<(String, u64)>,
}

/// The record a build leaves for the next one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// By city slug.
    pub cities: BTreeMap<String, CityFiles>,
}

/// Where the manifest of the output at `output` is kept: beside it, so that it is never
/// published with the site.
pub fn manifest_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    output.with_file_name(format!(".{name}.manifest"))
}

/// The identity of a folder, as the manifest records it.
#[cfg(unix)]
pub fn folder_id(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(dir).ok()?;
    meta.is_dir().then(|| (meta.dev(), meta.ino()))
}

/// Without a stable folder identity a manifest could describe another folder, so none is
/// trusted.
#[cfg(not(unix))]
pub fn folder_id(_dir: &Path) -> Option<(u64, u64)> {
    None
}

impl Manifest {
    /// The manifest describing the folder now at `output`, if there is one and it does.
    /// Anything unreadable or out of date counts as no manifest: the build then makes
    /// every page, which is always correct.
    pub fn read(output: &Path) -> Option<Manifest> {
        let id = folder_id(output)?;
        let text = std::fs::read_to_string(manifest_path(output)).ok()?;
        let (recorded, manifest) = Manifest::parse(&text)?;
        (recorded == id).then_some(manifest)
    }

    fn parse(text: &str) -> Option<((u64, u64), Manifest)> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut words = lines.next()?.split(' ');
        if words.next()? != "output" {
            return None;
        }
        let id = (words.next()?.parse().ok()?, words.next()?.parse().ok()?);
        let mut manifest = Manifest::default();
        // A manifest cut short could still parse, as one with fewer files: it must end
        // with its end line.
        loop {
            let line = lines.next()?;
            if line == "end" {
                return lines.next().is_none().then_some((id, manifest));
            }
            let mut words = line.split(' ');
            let (Some("city"), Some(slug), Some(fp), Some(n), None) = (
                words.next(),
                words.next(),
                words.next(),
                words.next(),
                words.next(),
            ) else {
                return None;
            };
            let fingerprint = u128::from_str_radix(fp, 16).ok()?;
            let n: usize = n.parse().ok()?;
            let mut files = Vec::with_capacity(n.min(1 << 16));
            for _ in 0..n {
                let (size, path) = lines.next()?.split_once(' ')?;
                files.push((path.to_string(), size.parse().ok()?));
            }
            manifest
                .cities
                .insert(slug.to_string(), CityFiles { fingerprint, files });
        }
    }

    fn to_text(&self, id: (u64, u64)) -> String {
        let mut out = format!("{HEADER}\noutput {} {}\n", id.0, id.1);
        for (slug, city) in &self.cities {
            out.push_str(&format!(
                "city {slug} {:032x} {}\n",
                city.fingerprint,
                city.files.len()
            ));
            for (path, size) in &city.files {
                out.push_str(&format!("{size} {path}\n"));
            }
        }
        out.push_str("end\n");
        out
    }

    /// Writes the manifest for the folder `staged`, which is about to become `output`.
    /// Written whole under another name first, so a killed build leaves either the old
    /// manifest or the new one.
    pub fn write(&self, staged: &Path, output: &Path) -> Result<()> {
        let path = manifest_path(output);
        let Some(id) = folder_id(staged) else {
            // Nothing could be trusted on the next build; leave no stale record either.
            let _ = std::fs::remove_file(&path);
            return Ok(());
        };
        let tmp = path.with_extension("manifest-new");
        std::fs::write(&tmp, self.to_text(id))
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// A hash of shishi's own executable: a new version may render the same input differently.
fn program() -> u128 {
    static HASH: OnceLock<u128> = OnceLock::new();
    *HASH.get_or_init(|| {
        // Read a block at a time: a release binary with debug information is tens of
        // megabytes, which would otherwise sit in memory at the start of every build.
        std::env::current_exe()
            .and_then(std::fs::File::open)
            .and_then(|file| {
                let mut h = Xxh3::new();
                std::io::copy(&mut std::io::BufReader::new(file), &mut HashWriter(&mut h))?;
                Ok(h.digest128())
            })
            // Unknown program: a value no build records, so nothing is kept.
            .unwrap_or_else(|_| u128::from(std::process::id()) << 64 | 1)
    })
}

/// Feeds what is written to a hash.
struct HashWriter<'a>(&'a mut Xxh3);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What every page depends on: the program, the theme, `site.yaml` and the site's address.
pub fn global(portal: &Portal, theme: &Theme) -> u128 {
    let mut h = Xxh3::new();
    h.update(&program().to_le_bytes());
    h.update(&theme.fingerprint.to_le_bytes());
    h.update(&portal.site_source.to_le_bytes());
    // `--base-url` replaces the one in site.yaml.
    h.update(portal.site.base_url.as_bytes());
    h.digest128()
}

/// Everything one city's pages are made from. `global` is [`global`]'s value.
pub fn city(portal: &Portal, c: usize, global: u128, history: &History) -> u128 {
    let city = &portal.cities[c];
    let mut h = Xxh3::new();
    h.update(&global.to_le_bytes());
    h.update(city.slug.as_bytes());
    h.update(&city.sources.all.to_le_bytes());
    // Breadcrumbs name the cities above; the city page names those below.
    let mut at = city.parent.as_deref();
    let mut steps = 0;
    while let Some(slug) = at {
        steps += 1;
        h.update(b"\0parent\0");
        h.update(slug.as_bytes());
        let Some(parent) = portal.city(slug).filter(|_| steps <= portal.cities.len()) else {
            break;
        };
        h.update(&parent.sources.profile.to_le_bytes());
        at = parent.parent.as_deref();
    }
    for slug in &city.children {
        h.update(b"\0child\0");
        h.update(slug.as_bytes());
        if let Some(child) = portal.city(slug) {
            h.update(&child.sources.profile.to_le_bytes());
        }
    }
    history.hash_city(&city.slug, &mut h);
    h.digest128()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let mut m = Manifest::default();
        m.cities.insert(
            "quanzhou".into(),
            CityFiles {
                fingerprint: 0x0123_4567_89ab_cdef_0011_2233_4455_6677,
                files: vec![
                    ("quanzhou/index.html".into(), 1234),
                    ("quanzhou/2024/名字 with space.html".into(), 0),
                ],
            },
        );
        m.cities.insert(
            "empty".into(),
            CityFiles {
                fingerprint: 7,
                files: vec![],
            },
        );
        m
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let m = sample();
        let (id, back) = Manifest::parse(&m.to_text((3, 42))).unwrap();
        assert_eq!(id, (3, 42));
        assert_eq!(back, m);
    }

    #[test]
    fn a_damaged_manifest_is_not_trusted() {
        let text = sample().to_text((3, 42));
        // Anything short of the end line, even by one character.
        let end = text.len() - "end\n".len() + "en".len();
        for cut in (0..=end).filter(|&i| text.is_char_boundary(i)) {
            assert!(Manifest::parse(&text[..cut]).is_none(), "cut at {cut}");
        }
        assert!(Manifest::parse(&text.replace("city empty", "town empty")).is_none());
    }

    #[test]
    fn a_manifest_describes_only_the_folder_it_was_written_for() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("output");
        let other = tmp.path().join("other");
        std::fs::create_dir(&output).unwrap();
        std::fs::create_dir(&other).unwrap();
        sample().write(&output, &output).unwrap();
        assert_eq!(Manifest::read(&output), Some(sample()));
        // The folder the manifest names is replaced by another one.
        std::fs::remove_dir(&output).unwrap();
        std::fs::rename(&other, &output).unwrap();
        assert_eq!(Manifest::read(&output), None);
    }
}
