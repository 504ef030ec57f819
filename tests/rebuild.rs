//! Rebuilding into an existing output keeps the pages of cities whose inputs did not change.
//! Whatever an editor changes, the result must be byte for byte what a build from scratch
//! makes: each test edits a copy of the sample, rebuilds in place, and compares with a fresh
//! build of the same content.

mod support;

use std::path::Path;

/// Builds `root` into `out` in English, so the counts can be read from the summary.
fn build(root: &Path, out: &Path) -> String {
    support::build_into(root, out, &["--lang", "en"])
}

/// How many cities' pages the build says it kept, 0 when it kept none.
fn kept(log: &str) -> usize {
    log.split("; the pages of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .map_or(0, |n| n.parse().expect("a count of cities"))
}

/// Fails unless `out` holds exactly what a build of `root` from scratch makes.
fn assert_same_as_fresh_build(root: &Path, out: &Path) {
    let fresh = tempfile::tempdir().unwrap();
    let fresh_out = fresh.path().join("site");
    build(root, &fresh_out);
    let (got, want) = (support::all_files(out), support::all_files(&fresh_out));
    let differ: Vec<&String> = want
        .keys()
        .chain(got.keys())
        .filter(|k| got.get(*k) != want.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "the rebuild differs from a fresh build in {} files, e.g. {:?}",
        differ.len(),
        &differ[..differ.len().min(8)]
    );
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join("content").join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// A copy of the sample, built once into `<copy>/output`.
fn built_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = support::sample_copy();
    let out = root.path().join("output");
    let log = build(root.path(), &out);
    assert_eq!(kept(&log), 0, "a first build has nothing to keep:\n{log}");
    (root, out)
}

#[test]
fn an_unchanged_portal_keeps_every_city() {
    let (root, out) = built_sample();
    let log = build(root.path(), &out);
    assert!(
        log.contains("the pages of 11 of 11 cities were kept"),
        "{log}"
    );
    assert_same_as_fresh_build(root.path(), &out);
}

#[test]
fn an_edit_to_one_year_file_remakes_that_city_alone() {
    let (root, out) = built_sample();
    edit(
        root.path(),
        "quanzhou/2024.yaml",
        "title: 新增义务教育公办学校学位",
        "title: 新增义务教育公办学校学位（调整）",
    );
    let log = build(root.path(), &out);
    assert_eq!(kept(&log), 10, "{log}");
    let page = std::fs::read_to_string(out.join("quanzhou/2024/index.html")).unwrap();
    assert!(page.contains("新增义务教育公办学校学位（调整）"));
    assert_same_as_fresh_build(root.path(), &out);
}

#[test]
fn renaming_a_district_remakes_the_city_above_it() {
    let (root, out) = built_sample();
    edit(root.path(), "zhuhai-jinwan/city.yaml", "金湾区", "金湾新区");
    let log = build(root.path(), &out);
    // Zhuhai's page lists its districts by name; nothing else shows Jinwan's name.
    assert_eq!(kept(&log), 9, "{log}");
    let zhuhai = std::fs::read_to_string(out.join("zhuhai/index.html")).unwrap();
    assert!(zhuhai.contains("金湾新区"));
    assert_same_as_fresh_build(root.path(), &out);
}

#[test]
fn an_edit_to_site_yaml_remakes_every_page() {
    let (root, out) = built_sample();
    let site = root.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(
        &site,
        format!("{text}\n# a comment still counts as a change\n"),
    )
    .unwrap();
    let log = build(root.path(), &out);
    assert_eq!(kept(&log), 0, "{log}");
    assert_same_as_fresh_build(root.path(), &out);
}

#[test]
fn an_edit_to_the_theme_remakes_every_page() {
    let (root, out) = built_sample();
    let site = root.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}\ntheme: mine\n")).unwrap();
    std::fs::create_dir_all(root.path().join("themes/mine")).unwrap();
    build(root.path(), &out);
    let footer = "templates/base.html";
    let base = support::repo().join("themes/default").join(footer);
    let base = std::fs::read_to_string(base).unwrap();
    let mine = root.path().join("themes/mine").join(footer);
    std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
    std::fs::write(
        &mine,
        base.replacen("<body", "<body data-theme=\"mine\"", 1),
    )
    .unwrap();
    let log = build(root.path(), &out);
    assert_eq!(kept(&log), 0, "{log}");
    let page = std::fs::read_to_string(out.join("quanzhou/2024/index.html")).unwrap();
    assert!(page.contains("data-theme=\"mine\""));
    assert_same_as_fresh_build(root.path(), &out);
}

#[test]
fn a_page_deleted_from_the_output_is_made_again() {
    let (root, out) = built_sample();
    let gone = out.join("yiyang/2024/index.html");
    std::fs::remove_file(&gone).unwrap();
    let log = build(root.path(), &out);
    assert_eq!(kept(&log), 10, "{log}");
    assert!(gone.is_file());
    assert_same_as_fresh_build(root.path(), &out);
}

#[test]
fn an_output_replaced_by_hand_is_not_trusted() {
    let (root, out) = built_sample();
    let elsewhere = root.path().join("copy");
    support::copy_dir(&out, &elsewhere);
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::rename(&elsewhere, &out).unwrap();
    // Same files, but not the folder the manifest was written for.
    let page = out.join("quanzhou/2024/index.html");
    std::fs::write(&page, "stale").unwrap();
    let log = build(root.path(), &out);
    assert_eq!(kept(&log), 0, "{log}");
    assert_same_as_fresh_build(root.path(), &out);
}
