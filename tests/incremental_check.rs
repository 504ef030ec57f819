//! The checker the preview keeps between saves: after each edit it reads only the cities
//! whose folders changed, and what it gives is what a fresh check of the same files gives.

mod support;

use shishi::checker::Checker;
use shishi::pipeline::{self, Checked};
use std::path::Path;

/// Everything the portal renders to, or the problems found: two checks that agree here
/// agree on everything a reader or an editor can see.
fn outcome(root: &Path, checked: Checked) -> Result<Vec<(String, Vec<u8>)>, Vec<String>> {
    match checked.portal {
        Some(mut portal) => {
            let history = shishi::history::History::default();
            let rendered = pipeline::render_site(root, &mut portal, None, &history).unwrap();
            Ok(rendered
                .files
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect())
        }
        None => Err(checked
            .diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect()),
    }
}

/// Checks again with `checker`, and asserts it read `read` cities and agrees with a fresh
/// check of the same files.
fn recheck(checker: &mut Checker, root: &Path, read: usize, step: &str) -> bool {
    let again = checker.check();
    assert_eq!(checker.cities_read(), read, "{step}: cities read");
    let fresh = pipeline::check(root);
    assert_eq!(again.diagnostics, fresh.diagnostics, "{step}: problems");
    let good = again.portal.is_some();
    assert!(
        outcome(root, again) == outcome(root, fresh),
        "{step}: the portal differs from a fresh check's"
    );
    good
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join("content").join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_kept_checker_reads_only_what_changed_and_agrees_with_a_fresh_check() {
    let tmp = support::sample_copy();
    let root = tmp.path();
    let cities = std::fs::read_dir(root.join("content"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    let mut checker = Checker::new(root);
    assert!(recheck(&mut checker, root, cities, "first check"));
    assert!(recheck(&mut checker, root, 0, "nothing changed"));

    edit(root, "quanzhou/2024.yaml", "title: ", "title: 修订：");
    assert!(recheck(&mut checker, root, 1, "a title edited"));

    edit(
        root,
        "chengde/2024.yaml",
        "status: ",
        "status: finished-ish",
    );
    assert!(!recheck(&mut checker, root, 1, "a status broken"));
    // The other city's edit is still seen once the error is gone.
    edit(
        root,
        "chengde/2024.yaml",
        "status: finished-ish",
        "status: ",
    );
    assert!(recheck(&mut checker, root, 1, "the status fixed"));

    // A city's name is shown on its parent's and children's pages.
    edit(root, "fujian/city.yaml", "福建省", "福建省（修订）");
    assert!(recheck(&mut checker, root, 1, "a province renamed"));

    // A year file saved by writing a new file and renaming it over the old one.
    let year = root.join("content/yiyang/2024.yaml");
    let text = std::fs::read_to_string(&year).unwrap();
    let new = root.join("content/yiyang/.2024.yaml.swp");
    std::fs::write(&new, text.replacen("title: ", "title: 重存：", 1)).unwrap();
    std::fs::rename(&new, &year).unwrap();
    assert!(recheck(&mut checker, root, 1, "a year file replaced"));

    // A new city, then its parent named wrongly: the error is about another city's folder.
    let dir = root.join("content/xinzhen");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("city.yaml"),
        "name: 新镇\nlevel: county\nparent: quanzhouu\n",
    )
    .unwrap();
    assert!(!recheck(
        &mut checker,
        root,
        1,
        "a city with an unknown parent"
    ));
    edit(root, "xinzhen/city.yaml", "quanzhouu", "quanzhou");
    assert!(recheck(&mut checker, root, 1, "the parent fixed"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(recheck(&mut checker, root, 0, "the city removed"));

    // site.yaml can change what every project is checked against.
    edit(root, "site.yaml", "为民办实事追踪", "为民办实事追踪（新）");
    assert!(recheck(&mut checker, root, cities, "site.yaml edited"));
}
