//! The benchmark corpus generator (examples/gen_corpus.rs): what it writes passes
//! `shishi check` without a single problem and builds, the same seed gives the same bytes, and
//! the corpus holds what was asked for, in the shapes and lengths the generator promises.

// `main` and its argument parser belong to the example and go unused here.
#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;
mod support;

use gen_corpus::{generate, Options, Stats};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn corpus(root: &Path, cities: usize, years: usize, projects: usize, seed: u64) -> Stats {
    let mut opts = Options::new(cities, years, projects, root);
    opts.seed = seed;
    generate(&opts).unwrap()
}

fn shishi(args: &[&str], root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// Every file under `dir` by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn chars(v: &Value) -> usize {
    v.as_str().expect("a plain string").chars().count()
}

#[test]
fn a_small_corpus_passes_check_with_no_problem_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("portal");
    corpus(&root, 4, 2, 6, 7);

    // With --format json stdout is the array of every problem, warnings included.
    let run = shishi(&["check", "--format", "json"], &root);
    let problems: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(
        run.status.success() && problems.as_array().is_some_and(Vec::is_empty),
        "{problems:#}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let site = tmp.path().join("site");
    support::build_into(&root, &site, &[]);
    for city in std::fs::read_dir(root.join("content")).unwrap() {
        let city = city.unwrap();
        if city.path().join("2025.yaml").is_file() {
            let page = site.join(city.file_name()).join("2025").join("index.html");
            assert!(page.is_file(), "{}", page.display());
        }
    }
}

#[test]
fn a_larger_corpus_passes_check_with_no_problem() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path(), 12, 3, 40, 3);
    let run = shishi(&["check", "--format", "json"], tmp.path());
    let problems: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(
        run.status.success() && problems.as_array().is_some_and(Vec::is_empty),
        "{problems:#}"
    );
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    let stats = corpus(&a, 5, 3, 10, 42);
    assert_eq!(corpus(&b, 5, 3, 10, 42), stats);
    corpus(&c, 5, 3, 10, 43);
    let (a, b, c) = (files(&a), files(&b), files(&c));
    assert_eq!(a.len() as u64, stats.files);
    assert_eq!(a.values().map(|f| f.len() as u64).sum::<u64>(), stats.bytes);
    assert!(a == b, "same seed, different files");
    let differing = a.iter().filter(|(k, v)| c.get(*k) != Some(*v)).count();
    assert!(differing > a.len() / 2, "only {differing} files differ");
}

#[test]
fn an_existing_corpus_is_replaced_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path(), 2, 1, 3, 1);
    let mut opts = Options::new(1, 1, 2, tmp.path());
    assert!(generate(&opts).is_err());
    opts.force = true;
    let stats = generate(&opts).unwrap();
    assert_eq!(files(tmp.path()).len() as u64, stats.files);
}

/// Reads the corpus back and checks its shape: the jurisdiction tree, the counts asked for,
/// the lengths of the texts, dates and statuses.
#[test]
fn the_corpus_holds_what_was_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let (cities, years, projects) = (30, 3, 20);
    let stats = corpus(tmp.path(), cities, years, projects, 5);
    let content = tmp.path().join("content");

    let site: Value =
        serde_yaml::from_slice(&std::fs::read(content.join("site.yaml")).unwrap()).unwrap();
    assert_eq!(site["base_url"].as_str(), Some("https://example.org/"));
    assert_eq!(site["domains"].as_sequence().unwrap().len(), 13);
    assert!(site["license"]["url"].as_str().is_some());

    let mut levels: BTreeMap<String, (String, Option<String>, usize)> = BTreeMap::new();
    let (mut top, mut subs, mut continues, mut year_files) = (0, 0, 0, 0);
    let (mut past, mut past_done, mut current, mut current_open) = (0, 0, 0, 0);
    for dir in std::fs::read_dir(&content).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let slug = dir.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{slug}"
        );
        let city: Value =
            serde_yaml::from_slice(&std::fs::read(dir.join("city.yaml")).unwrap()).unwrap();
        let name = city["name"]["zh-Hans"].as_str().unwrap();
        let level = city["level"].as_str().unwrap().to_string();
        let suffix = name.chars().last().unwrap();
        assert!(
            (3..=5).contains(&name.chars().count()) && "省市县区".contains(suffix),
            "{name}"
        );
        let parent = city["parent"].as_str().map(str::to_string);

        let mut found = 0;
        for y in 2023..=2025 {
            let Ok(bytes) = std::fs::read(dir.join(format!("{y}.yaml"))) else {
                continue;
            };
            found += 1;
            let file: Value = serde_yaml::from_slice(&bytes).unwrap();
            let sources = file["sources"].as_sequence().unwrap().len();
            assert!((2..=3).contains(&sources), "{slug}/{y}: {sources} sources");
            let snapshots = file["snapshots"].as_sequence().unwrap();
            assert!((1..=2).contains(&snapshots.len()));
            assert!(snapshots.iter().all(|s| s["total"].as_u64().is_some()));
            if let Some(s) = file.get("summary") {
                assert!((60..=200).contains(&chars(s)), "{s:?}");
            }
            for p in file["projects"].as_sequence().unwrap() {
                let title = &p["title"];
                assert!((8..=25).contains(&chars(title)), "{title:?}");
                let lead = p["lead"].as_str().map_or(0, |l| l.chars().count());
                assert!((3..=12).contains(&lead), "{:?}", p["lead"]);
                let targets = p["targets"].as_sequence().unwrap().len();
                assert!((1..=3).contains(&targets));
                if let Some(s) = p.get("summary") {
                    assert!((60..=200).contains(&chars(s)), "{s:?}");
                }
                let updates = p.get("updates").and_then(Value::as_sequence);
                let updates = updates.map_or(&[][..], Vec::as_slice);
                assert!(updates.len() <= 4);
                let dates: Vec<&str> = updates
                    .iter()
                    .map(|u| u["date"].as_str().unwrap())
                    .collect();
                assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
                assert!(
                    dates.iter().all(|d| d.starts_with(&y.to_string())),
                    "{dates:?}"
                );
                for note in updates.iter().filter_map(|u| u.get("note")) {
                    assert!((40..=150).contains(&chars(note)), "{note:?}");
                }
                if let Some(c) = p.get("continues") {
                    assert!(c.as_str().unwrap().starts_with(&format!("{}/", y - 1)));
                    continues += 1;
                }
                if p.get("parent").is_some() {
                    subs += 1;
                    continue;
                }
                top += 1;
                let status = updates
                    .last()
                    .map(|u| &u["status"])
                    .or(p.get("status"))
                    .and_then(Value::as_str)
                    .unwrap_or("not_yet_rated");
                if y == 2025 {
                    current += 1;
                    current_open +=
                        usize::from(matches!(status, "in_progress" | "not_started" | "stalled"));
                } else {
                    past += 1;
                    past_done += usize::from(status == "completed");
                }
            }
        }
        year_files += found;
        levels.insert(slug, (level, parent, found));
    }

    // The tree: provinces without lists group prefectures; counties and districts sit
    // under prefectures; every other jurisdiction has one file per year.
    for (slug, (level, parent, found)) in &levels {
        let parent_level = parent.as_ref().map(|p| levels[p].0.as_str());
        match level.as_str() {
            "province" => assert_eq!((*found, parent_level), (0, None), "{slug}"),
            "prefecture" => assert_eq!((*found, parent_level), (years, Some("province")), "{slug}"),
            _ => assert_eq!(
                (*found, parent_level),
                (years, Some("prefecture")),
                "{slug}"
            ),
        }
    }
    let with_lists = levels.values().filter(|l| l.2 > 0).count();
    assert_eq!(with_lists, cities);
    assert!(levels
        .values()
        .any(|l| l.0 == "county" || l.0 == "district"));
    assert_eq!(year_files, cities * years);
    assert_eq!(top, cities * years * projects);
    assert_eq!(
        (
            stats.cities,
            stats.year_files,
            stats.projects,
            stats.sub_items
        ),
        (cities as u64, year_files as u64, top as u64, subs as u64)
    );
    assert_eq!(stats.jurisdictions as usize, levels.len());
    assert!(
        subs > 0 && continues > 0,
        "{subs} sub-items, {continues} continuations"
    );

    // Past years were mostly done by December; the current one is under way.
    assert!(
        past_done * 10 >= past * 8,
        "{past_done} of {past} past projects completed"
    );
    assert!(
        current_open * 4 >= current,
        "{current_open} of {current} current projects open"
    );
}
