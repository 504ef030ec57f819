//! Text fields that may be given in one language or several.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A text field as editors write it: a plain string, or a map of language tag to string.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Plain(String),
    Localized(BTreeMap<String, String>),
}

/// Written by hand rather than as an untagged enum: serde reports an untagged mismatch at the
/// enclosing record with a vague message, while a visitor's error points at the value itself.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text: a string, or a map of language tag to string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            // YAML reads `title: 2024` as a number; as text it is meant literally.
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    out.insert(k, v);
                }
                Ok(Text::Localized(out))
            }
        }
        d.deserialize_any(V)
    }
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
