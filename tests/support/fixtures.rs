//! Small portals written by tests, for what the sample portal does not show.

use std::path::Path;

/// Writes one content file, `rel` being its path under `content/`.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join("content").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Two cities over two years. 市教育局 leads in both cities, which makes two units; in
/// 甲市 it has 2 projects in 2023 (1 done) and 1 in 2024 (not done).
pub fn leads_portal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.yaml",
        "title: 实事追踪\nbase_url: https://example.org/\n\
         license: {name: CC BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}\n\
         domains:\n  - {id: education, name: 教育}\n  - {id: housing, name: 住房}\n",
    );
    write(root, "alpha/city.yaml", "name: 甲市\nlevel: prefecture\n");
    write(root, "beta/city.yaml", "name: 乙市\nlevel: prefecture\n");
    write(
        root,
        "alpha/2023.yaml",
        "year: 2023\ntitle: 甲市2023年实事\nsources: [{id: s1, title: 报道, type: media}]\nprojects:\n\
         \x20 - {id: schools, title: 新建学校, domain: education, lead: 市教育局, status: completed}\n\
         \x20 - {id: canteens, title: 改造食堂, domain: education, lead: 市教育局, status: in_progress, schedule: behind}\n\
         \x20 - {id: flats, title: 保障房, domain: housing, lead: 市住建局, status: completed}\n",
    );
    write(
        root,
        "alpha/2024.yaml",
        "year: 2024\ntitle: 甲市2024年实事\nsources: [{id: s1, title: 报道, type: media}]\nprojects:\n\
         \x20 - {id: places, title: 新增学位, domain: education, lead: 市教育局, status: in_progress}\n\
         \x20 - {id: roofs, title: 老旧小区改造, domain: housing, status: completed}\n",
    );
    write(
        root,
        "beta/2024.yaml",
        "year: 2024\ntitle: 乙市2024年实事\nsources: [{id: s1, title: 报道, type: media}]\nprojects:\n\
         \x20 - {id: labs, title: 学校实验室, domain: education, lead: 市教育局, status: completed}\n",
    );
    dir
}
