//! Text fields that may be given in one language or several.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A text field as editors write it: a plain string, or a map of language tag to string.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Localized(BTreeMap<String, String>),
}

/// Languages the interface is translated into, in fallback order.
pub const LANGUAGES: [&str; 2] = ["zh-Hans", "en"];

impl Text {
    /// The text in `lang`, or a fallback so a page never shows an empty name: the portal's
    /// languages in their fixed order first, then any other tag alphabetically (the map is
    /// ordered, so the fallback is the same on every build).
    pub fn get(&self, lang: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(map) => map
                .get(lang)
                .or_else(|| LANGUAGES.iter().find_map(|l| map.get(*l)))
                .or_else(|| map.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }

    /// Whether the text exists in `lang` itself rather than through a fallback.
    pub fn has(&self, lang: &str) -> bool {
        match self {
            Text::Plain(_) => true,
            Text::Localized(map) => map.contains_key(lang),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Text::Plain(s) => s.trim().is_empty(),
            Text::Localized(map) => map.values().all(|s| s.trim().is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_in_a_fixed_order() {
        let t: Text = serde_yaml::from_str("{en: Quanzhou, zh-Hans: 泉州市}").unwrap();
        assert_eq!(t.get("zh-Hans"), "泉州市");
        assert_eq!(t.get("en"), "Quanzhou");
        assert_eq!(t.get("fr"), "泉州市");
        let only_fr: Text = serde_yaml::from_str("{fr: Quanzhou}").unwrap();
        assert_eq!(only_fr.get("zh-Hans"), "Quanzhou");
        assert!(!only_fr.has("zh-Hans"));
    }
}
