//! Lead units (牵头单位): the departments a city names as responsible for its pledges.
//!
//! Editors write a lead as free text, so a unit is known by its name. Each distinct name in a
//! city gets an ASCII slug for its page address: Chinese names are spelled out in pinyin
//! (市教育局 -> `shi-jiao-yu-ju`), which survives being pasted into chat apps and mail,
//! where percent-encoded CJK paths turn into unreadable `%E5%B8%82...` strings.

use crate::ids::slugify;
use std::collections::{BTreeMap, BTreeSet};

/// A lead unit of one city.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    pub slug: String,
    /// The name as shown in the portal's language.
    pub name: String,
}

/// Slugs for a city's lead names. Names are taken in sorted order and a clash (two names
/// spelled the same in pinyin) gets `-2`, `-3`, so the same names always get the same slugs.
pub fn assign(names: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut taken = BTreeSet::new();
    let mut out = BTreeMap::new();
    for name in names {
        let base = slugify(name);
        let base = if base.is_empty() {
            "unit".to_string()
        } else {
            base
        };
        let mut slug = base.clone();
        let mut n = 2;
        while !taken.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        out.insert(name.clone(), slug);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chinese_names_become_pinyin_slugs() {
        let slugs = assign(&set(&[
            "市教育局",
            "Municipal Water Bureau",
            "区残联（筹）",
        ]));
        assert_eq!(slugs["市教育局"], "shi-jiao-yu-ju");
        assert_eq!(slugs["Municipal Water Bureau"], "municipal-water-bureau");
        assert_eq!(slugs["区残联（筹）"], "qu-can-lian-chou");
    }

    #[test]
    fn names_spelled_alike_get_distinct_stable_slugs() {
        // 市直 and 市值 are both "shi zhi" in pinyin without tones.
        let slugs = assign(&set(&["市直", "市值", "！！"]));
        let mut got: Vec<&str> = slugs.values().map(String::as_str).collect();
        got.sort_unstable();
        assert_eq!(got, ["shi-zhi", "shi-zhi-2", "unit"]);
        assert_eq!(assign(&set(&["市直", "市值", "！！"])), slugs);
    }
}
