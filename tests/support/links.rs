//! The link check: every href and src of every page that points into the site resolves to a
//! file of the output, and a `#fragment` to an element with that id.

use std::collections::BTreeMap;
use std::path::Path;

/// Broken links in the site at `out`, whose pages link from `base` (`/` or `/portal/`), and
/// how many links were checked.
pub fn broken_links(out: &Path, base: &str) -> (Vec<String>, usize) {
    let files = super::all_files(out);
    let pages: BTreeMap<&String, String> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| (p, String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, html) in &pages {
        for attr in ["href=\"", "src=\""] {
            for piece in html.split(attr).skip(1) {
                let url = &piece[..piece.find('"').unwrap()];
                if ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|s| url.starts_with(s))
                {
                    continue;
                }
                let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
                let target = if path.is_empty() {
                    page.to_string()
                } else {
                    let Some(rel) = path.strip_prefix(base) else {
                        broken.push(format!("{page}: {url} is outside {base}"));
                        continue;
                    };
                    let rel = rel.split('?').next().unwrap();
                    if rel.is_empty() || rel.ends_with('/') {
                        format!("{rel}index.html")
                    } else {
                        rel.to_string()
                    }
                };
                checked += 1;
                if !files.contains_key(&target) {
                    broken.push(format!("{page}: {url}"));
                } else if !fragment.is_empty() {
                    let has_id = pages
                        .get(&target)
                        .is_some_and(|t| t.contains(&format!("id=\"{fragment}\"")));
                    if !has_id {
                        broken.push(format!("{page}: {url} (no element with that id)"));
                    }
                }
            }
        }
    }
    (broken, checked)
}
