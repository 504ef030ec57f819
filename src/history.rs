//! When each project's record changed, read from the git history of the portal's content.
//!
//! A project's record is its entry in its year file. A commit changed the record when the
//! entry, parsed as YAML, differs from the same entry (same id) in the commit's first parent,
//! or the parent has no such entry. The history is a courtesy to readers, never a reason for
//! a build to fail: a portal outside git has none, and a repository that cannot be read costs
//! a warning.

use crate::diagnostics::Diagnostic;
use crate::messages::Problem;
use crate::model::Portal;
use anyhow::{Context as _, Result};
use gix::ObjectId;
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash as _, Hasher as _};
use std::path::{Component, Path};
use std::rc::Rc;

/// A commit that changed at least one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hexadecimal id.
    pub id: String,
    /// The first line of the message.
    pub summary: String,
    /// When the commit landed: its committer time, on the committer's own clock, so a change
    /// made in China on the morning of 1 March reads 1 March wherever the site is built.
    pub date: Date,
}

impl Commit {
    /// The abbreviated id people quote; the full id stays in links.
    pub fn short_id(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }
}

/// Changes by project, for the portal being built.
#[derive(Debug, Default)]
pub struct History {
    commits: Vec<Commit>,
    /// (city slug, year, project id) to indexes into `commits`, newest first.
    changes: BTreeMap<(String, i32, String), Vec<usize>>,
    /// Whether the walk stopped before the first commit (a shallow clone, or an error), so a
    /// project's list may lack its earlier changes.
    pub truncated: bool,
    pub warnings: Vec<Diagnostic>,
}

impl History {
    /// The commits that changed a project's record, newest first.
    pub fn changes(&self, city: &str, year: i32, project: &str) -> Vec<&Commit> {
        self.changes
            .get(&(city.to_string(), year, project.to_string()))
            .map(|ids| ids.iter().map(|&i| &self.commits[i]).collect())
            .unwrap_or_default()
    }

    /// Feeds everything this history says about one city's projects into `hasher`, so a
    /// rebuild re-renders the city's pages when a commit touched them.
    pub fn hash_city(&self, city: &str, hasher: &mut xxhash_rust::xxh3::Xxh3) {
        let from = (city.to_string(), i32::MIN, String::new());
        for ((_, year, project), ids) in self.changes.range(from..).take_while(|(k, _)| k.0 == city)
        {
            hasher.update(&year.to_le_bytes());
            hasher.update(project.as_bytes());
            for &i in ids {
                let c = &self.commits[i];
                hasher.update(&[0]);
                hasher.update(c.id.as_bytes());
                hasher.update(c.summary.as_bytes());
                hasher.update(c.date.to_string().as_bytes());
            }
            hasher.update(&[1]);
        }
        hasher.update(&[u8::from(self.truncated)]);
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(Diagnostic::warning(
            Path::new("content"),
            Problem::HistoryUnreadable { detail: message },
        ));
    }
}

/// Reads the history of the content under `root`. Never fails: what cannot be read is left
/// out, with a warning when something is wrong rather than simply absent.
pub fn read(root: &Path, portal: &Portal) -> History {
    let mut history = History::default();
    let repo = match open(root) {
        Ok(Some(found)) => found,
        Ok(None) => return history,
        Err(e) => {
            history.warn(format!("cannot open the git repository: {e:#}"));
            return history;
        }
    };
    let files = year_files(root, portal);
    if let Err(e) = walk(repo, &files, &mut history) {
        // Newest first, so what was read before the error is the recent history, complete
        // as far as it goes: kept, and marked like a shallow clone's.
        history.truncated = true;
        history.warn(format!("cannot read the git history: {e:#}"));
    }
    history
}

/// The repository holding the portal, and the portal's `content` folder as path components
/// inside its work tree; `None` when there is no repository or the portal lies outside it.
fn open(root: &Path) -> Result<Option<(gix::Repository, Vec<String>)>> {
    use gix::discover::upwards::Error as Upwards;
    // Paths are compared after resolving symbolic links: a portal reached through a link
    // is still the folder the repository tracks.
    let Ok(root) = std::fs::canonicalize(root) else {
        return Ok(None);
    };
    let repo = match gix::discover(&root) {
        Ok(repo) => repo,
        Err(gix::discover::Error::Discover(
            Upwards::NoGitRepository { .. }
            | Upwards::NoGitRepositoryWithinCeiling { .. }
            | Upwards::NoGitRepositoryWithinFs { .. },
        )) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let Some(workdir) = repo.workdir() else {
        return Ok(None);
    };
    let workdir = std::fs::canonicalize(workdir).context("cannot resolve the work tree")?;
    let Ok(inside) = root.strip_prefix(&workdir) else {
        return Ok(None);
    };
    let mut prefix = Vec::new();
    for part in inside.components() {
        match part {
            Component::Normal(name) => match name.to_str() {
                Some(name) => prefix.push(name.to_string()),
                // Git stores names as bytes; one that is not UTF-8 cannot be matched to the
                // tree entries looked up below, and no portal needs one.
                None => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    prefix.push("content".to_string());
    Ok(Some((repo, prefix)))
}

/// The year file of each city-year, by city: (year, file name). Found in the work tree,
/// because a year file may be named `.yaml` or `.yml` and history follows the current name.
fn year_files(root: &Path, portal: &Portal) -> BTreeMap<String, Vec<(i32, String)>> {
    portal
        .cities
        .iter()
        .filter(|c| !c.years.is_empty())
        .map(|city| {
            let dir = root.join("content").join(&city.slug);
            let files = city
                .years
                .iter()
                .map(|y| {
                    let yaml = format!("{}.yaml", y.year);
                    let name = if dir.join(&yaml).is_file() {
                        yaml
                    } else {
                        format!("{}.yml", y.year)
                    };
                    (y.year, name)
                })
                .collect();
            (city.slug.clone(), files)
        })
        .collect()
}

/// One version of a year file: each project id with a fingerprint of its parsed entry, or
/// `None` when that version is not a readable year file.
type Entries = Option<Rc<BTreeMap<String, u64>>>;

struct Walker<'r> {
    repo: &'r gix::Repository,
    prefix: Vec<String>,
    /// By blob id, so a version of a file is parsed once however many commits share it.
    parsed: HashMap<ObjectId, Entries>,
    /// Each commit's content folder: a commit is looked at once as itself and once as the
    /// parent of each child.
    content: HashMap<ObjectId, Option<ObjectId>>,
}

fn walk(
    (mut repo, prefix): (gix::Repository, Vec<String>),
    files: &BTreeMap<String, Vec<(i32, String)>>,
    history: &mut History,
) -> Result<()> {
    let Some(head) = repo
        .head()
        .context("cannot read HEAD")?
        .try_into_peeled_id()
        .context("cannot resolve HEAD")?
        .map(|id| id.detach())
    else {
        // A repository without commits has no history yet.
        return Ok(());
    };
    // Trees and commits are read twice, as a commit and as a parent; a small cache saves
    // the second decompression.
    repo.object_cache_size_if_unset(4 * 1024 * 1024);
    let shallow: HashSet<ObjectId> = repo
        .shallow_commits()
        .context("cannot read the list of shallow commits")?
        .map(|list| list.iter().copied().collect())
        .unwrap_or_default();
    let mut walker = Walker {
        repo: &repo,
        prefix,
        parsed: HashMap::new(),
        content: HashMap::new(),
    };
    if walker.content_of(head)?.is_none() {
        // The content is not committed at all: nothing to tell, and no reason to read the
        // whole history of whatever repository happens to be above the portal.
        return Ok(());
    }
    let commits = repo
        .rev_walk([head])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
        ))
        .all()
        .context("cannot walk the history")?;
    for info in commits {
        let id = info.context("cannot walk the history")?.id;
        if shallow.contains(&id) {
            // The clone lacks this commit's parents, so there is no telling what it changed.
            history.truncated = true;
            continue;
        }
        let changed = walker.changed_in(id, files)?;
        if changed.is_empty() {
            continue;
        }
        let commit = walker.describe(id)?;
        let index = history.commits.len();
        history.commits.push(commit);
        for key in changed {
            history.changes.entry(key).or_default().push(index);
        }
    }
    Ok(())
}

impl Walker<'_> {
    /// The records that commit `id` changed, compared with its first parent.
    fn changed_in(
        &mut self,
        id: ObjectId,
        files: &BTreeMap<String, Vec<(i32, String)>>,
    ) -> Result<Vec<(String, i32, String)>> {
        let mut changed = Vec::new();
        let parent = self
            .repo
            .find_commit(id)
            .with_context(|| format!("cannot read commit {id}"))?
            .parent_ids()
            .next()
            .map(|p| p.detach());
        let new_content = self.content_of(id)?;
        let old_content = match parent {
            Some(p) => self.content_of(p)?,
            None => None,
        };
        // Most commits touch code or docs, not content: one id comparison settles them.
        if new_content.is_none() || new_content == old_content {
            return Ok(changed);
        }
        let new_cities = self.list(new_content)?;
        let old_cities = self.list(old_content)?;
        for (city, years) in files {
            let new_city = tree_in(&new_cities, city);
            let old_city = tree_in(&old_cities, city);
            if new_city.is_none() || new_city == old_city {
                continue;
            }
            let new_files = self.list(new_city)?;
            let old_files = self.list(old_city)?;
            for (year, name) in years {
                let new_blob = blob_in(&new_files, name);
                let old_blob = blob_in(&old_files, name);
                let Some(new_blob) = new_blob.filter(|b| Some(*b) != old_blob) else {
                    continue;
                };
                let Some(new) = self.entries(new_blob)? else {
                    continue;
                };
                let old = match old_blob {
                    Some(b) => match self.entries(b)? {
                        Some(old) => old,
                        // Against a version that did not parse, every entry would look new;
                        // which of them the commit really changed cannot be told.
                        None => continue,
                    },
                    None => Rc::default(),
                };
                for (project, fingerprint) in new.iter() {
                    if old.get(project) != Some(fingerprint) {
                        changed.push((city.clone(), *year, project.clone()));
                    }
                }
            }
        }
        Ok(changed)
    }

    /// The id of the portal's content folder in commit `id`, if it has one.
    fn content_of(&mut self, id: ObjectId) -> Result<Option<ObjectId>> {
        if let Some(known) = self.content.get(&id) {
            return Ok(*known);
        }
        let commit = self
            .repo
            .find_commit(id)
            .with_context(|| format!("cannot read commit {id}"))?;
        let mut tree = Some(commit.tree_id()?.detach());
        for name in &self.prefix {
            let listing = self.list(tree)?;
            tree = tree_in(&listing, name);
        }
        self.content.insert(id, tree);
        Ok(tree)
    }

    /// The entries of a tree by name; none for no tree.
    fn list(&self, tree: Option<ObjectId>) -> Result<HashMap<String, (ObjectId, bool)>> {
        let Some(tree) = tree else {
            return Ok(HashMap::new());
        };
        let tree = self
            .repo
            .find_tree(tree)
            .with_context(|| format!("cannot read tree {tree}"))?;
        let mut out = HashMap::new();
        for entry in tree.decode()?.entries {
            // Names that are not UTF-8 cannot be a city or a year file.
            if let Ok(name) = std::str::from_utf8(entry.filename) {
                let mode = entry.mode;
                if mode.is_tree() || mode.is_blob() {
                    out.insert(name.to_string(), (entry.oid.to_owned(), mode.is_tree()));
                }
            }
        }
        Ok(out)
    }

    fn entries(&mut self, blob: ObjectId) -> Result<Entries> {
        if let Some(known) = self.parsed.get(&blob) {
            return Ok(known.clone());
        }
        let size = self
            .repo
            .find_header(blob)
            .with_context(|| format!("cannot read blob {blob}"))?
            .size();
        let entries = if size > crate::load::MAX_FILE_BYTES {
            None
        } else {
            let data = self
                .repo
                .find_blob(blob)
                .with_context(|| format!("cannot read blob {blob}"))?;
            entries(&data.data).map(Rc::new)
        };
        self.parsed.insert(blob, entries.clone());
        Ok(entries)
    }

    fn describe(&self, id: ObjectId) -> Result<Commit> {
        let commit = self.repo.find_commit(id)?;
        let time = commit
            .time()
            .with_context(|| format!("commit {id} has no readable committer time"))?;
        let message = commit.message_raw_sloppy();
        let summary = String::from_utf8_lossy(message.split(|b| *b == b'\n').next().unwrap_or(&[]))
            .trim()
            .to_string();
        Ok(Commit {
            id: id.to_string(),
            summary,
            date: landed(time.seconds, time.offset)
                .with_context(|| format!("commit {id} has an impossible committer time"))?,
        })
    }
}

fn tree_in(listing: &HashMap<String, (ObjectId, bool)>, name: &str) -> Option<ObjectId> {
    listing
        .get(name)
        .filter(|(_, is_tree)| *is_tree)
        .map(|(id, _)| *id)
}

fn blob_in(listing: &HashMap<String, (ObjectId, bool)>, name: &str) -> Option<ObjectId> {
    listing
        .get(name)
        .filter(|(_, is_tree)| !*is_tree)
        .map(|(id, _)| *id)
}

/// Each project's id in one version of a year file, with a fingerprint of its parsed entry.
///
/// A fingerprint rather than the parsed value keeps every version of every file in memory
/// at a few bytes per project, however long the history; comparing parsed values is what
/// makes comments, blank lines, quoting and key order count as no change. Two different
/// entries share a fingerprint with a chance of about one in 2^64.
fn entries(bytes: &[u8]) -> Option<BTreeMap<String, u64>> {
    // libyaml reads a byte-order mark as content, as in load.rs.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Through the same guard as the working tree: an old version may hold what the checks
    // refuse today, such as an alias bomb.
    let text = std::str::from_utf8(bytes).ok()?;
    let doc: serde_yaml::Value = crate::load::parse_yaml(text).ok()?;
    let mut out = BTreeMap::new();
    let projects = match doc.as_mapping()?.get("projects") {
        None | Some(serde_yaml::Value::Null) => return Some(out),
        Some(list) => list.as_sequence()?,
    };
    for entry in projects {
        let Some(id) = entry.get("id").and_then(serde_yaml::Value::as_str) else {
            continue;
        };
        let mut hasher = std::hash::DefaultHasher::new();
        entry.hash(&mut hasher);
        // An id listed twice is an error the build reports; the first one is the entry shown.
        out.entry(id.to_string()).or_insert(hasher.finish());
    }
    Some(out)
}

/// The calendar date of a git timestamp on the clock of the offset it was recorded with.
fn landed(seconds: i64, offset: i32) -> Option<Date> {
    let offset = jiff::tz::Offset::from_seconds(offset).ok()?;
    let instant = jiff::Timestamp::from_second(seconds).ok()?;
    Some(offset.to_datetime(instant).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEFORE: &str = "year: 2024\ntitle: 列表\nprojects:\n  - {id: a, title: 甲, domain: d, status: in_progress}\n  - {id: b, title: 乙, domain: d}\n";

    fn fingerprints(text: &str) -> BTreeMap<String, u64> {
        entries(text.as_bytes()).expect("readable")
    }

    #[test]
    fn only_a_changed_entry_gets_a_new_fingerprint() {
        let before = fingerprints(BEFORE);
        assert_eq!(before.keys().collect::<Vec<_>>(), ["a", "b"]);
        let after = fingerprints(&BEFORE.replace("in_progress", "completed"));
        assert_ne!(before["a"], after["a"]);
        assert_eq!(before["b"], after["b"]);
    }

    #[test]
    fn layout_comments_quoting_and_key_order_are_no_change() {
        let before = fingerprints(BEFORE);
        let relaid = "\u{feff}# 2024年\nyear: 2024\ntitle: 列表\nprojects:\n\n  - id: a   # 甲\n    status: \"in_progress\"\n    title: 甲\n    domain: d\n  - {domain: d, id: 'b', title: 乙}\n";
        assert_eq!(before, fingerprints(relaid));
    }

    #[test]
    fn files_without_a_project_list_have_no_entries() {
        assert!(fingerprints("year: 2024\ntitle: t\n").is_empty());
        assert!(fingerprints("year: 2024\nprojects:\n").is_empty());
        assert!(entries(b"- just a list").is_none());
        assert!(entries(b"projects: [unclosed").is_none());
        assert!(entries(b"\xff\xfe").is_none());
    }

    #[test]
    fn a_change_lands_on_the_committers_calendar() {
        // 2024-02-29 23:30 UTC is already 1 March in Beijing.
        let seconds = 1_709_249_400;
        assert_eq!(landed(seconds, 8 * 3600), Some(Date::constant(2024, 3, 1)));
        assert_eq!(landed(seconds, 0), Some(Date::constant(2024, 2, 29)));
        assert_eq!(landed(i64::MAX, 0), None);
    }

    #[test]
    fn a_folder_outside_git_has_no_history() {
        let dir = tempfile::tempdir().unwrap();
        assert!(open(dir.path()).unwrap().is_none());
    }

    /// The repository this crate is developed in holds the sample portal; reading its
    /// history must not warn, whether it is a full clone, a shallow one or no clone at all.
    #[test]
    fn the_sample_portal_history_reads_cleanly() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let portal = crate::pipeline::check(root).portal.unwrap();
        let history = read(root, &portal);
        assert!(history.warnings.is_empty(), "{:?}", history.warnings);
    }
}
