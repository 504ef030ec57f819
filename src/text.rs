//! Text fields that may be given in one language or several.

use serde::Deserialize;
use std::borrow::Cow;
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
                Ok(Text::Plain(showable(v).into_owned()))
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
                    // A second text for one language would silently replace the first.
                    if out.contains_key(&k) {
                        return Err(serde::de::Error::custom(format!(
                            "duplicate entry with key \"{k}\""
                        )));
                    }
                    out.insert(showable(&k).into_owned(), showable(&v).into_owned());
                }
                Ok(Text::Localized(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Written by hand to match the hand-written deserializer above: a string (numbers are
/// read as their text), or a map of language tag to string.
impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Text in the portal's language, or a map from language tag (zh-Hans, en) to text.",
            "anyOf": [
                {"type": ["string", "number"]},
                {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}}
            ]
        })
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
            Text::Localized(map) => Self::pick(map, lang).map_or("", |(_, v)| v),
        }
    }

    fn pick<'a>(map: &'a BTreeMap<String, String>, lang: &str) -> Option<(&'a str, &'a str)> {
        map.get_key_value(lang)
            .or_else(|| LANGUAGES.iter().find_map(|l| map.get_key_value(*l)))
            .or_else(|| map.iter().next())
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The language the text shown for `lang` is really in, when it is not `lang`: the tag
    /// of a map's fallback entry, or Chinese for a plain string in Han script on a page in
    /// another language (editors write most names only in Chinese). Pages mark such text,
    /// so readers know why it is not in their language and screen readers pronounce it
    /// in the right one.
    pub fn fallback_lang(&self, lang: &str) -> Option<&str> {
        match self {
            Text::Plain(s) => {
                (!lang.starts_with("zh") && s.chars().any(is_han)).then_some("zh-Hans")
            }
            Text::Localized(map) => Self::pick(map, lang)
                .map(|(tag, _)| tag)
                .filter(|tag| *tag != lang),
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

/// Whether HTML forbids `c` in a document: control characters other than whitespace, and
/// Unicode noncharacters. None of them can be seen.
pub fn is_unshowable(c: char) -> bool {
    match c as u32 {
        0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F..=0x9F | 0xFDD0..=0xFDEF => true,
        n => n & 0xFFFE == 0xFFFE,
    }
}

/// `text` without the characters of [`is_unshowable`]. Content files can hold them only
/// through YAML escapes such as `"\b"`, and each one left in makes a page invalid HTML; they
/// are dropped as [`crate::xml::escape`] drops them from feeds.
pub fn showable(text: &str) -> Cow<'_, str> {
    if text.contains(is_unshowable) {
        Cow::Owned(text.chars().filter(|c| !is_unshowable(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2fa1f}')
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

    #[test]
    fn drops_characters_no_page_can_show() {
        let t: Text = serde_yaml::from_str(r#""泉\x19州\b市\uFDD0""#).unwrap();
        assert_eq!(t, Text::Plain("泉州市".into()));
        let t: Text = serde_yaml::from_str(r#"{"e\x01n": "a\x7fb", zh-Hans: "\t泉州"}"#).unwrap();
        assert_eq!(t.get("en"), "ab");
        assert_eq!(t.get("zh-Hans"), "\t泉州");
    }

    #[test]
    fn says_which_language_a_fallback_is_in() {
        let both: Text = serde_yaml::from_str("{en: Quanzhou, zh-Hans: 泉州市}").unwrap();
        assert_eq!(both.fallback_lang("en"), None);
        let zh: Text = serde_yaml::from_str("{zh-Hans: 泉州市}").unwrap();
        assert_eq!(zh.fallback_lang("en"), Some("zh-Hans"));
        assert_eq!(zh.fallback_lang("zh-Hans"), None);
        let plain = Text::Plain("泉州市".into());
        assert_eq!(plain.fallback_lang("en"), Some("zh-Hans"));
        assert_eq!(plain.fallback_lang("zh-Hans"), None);
        assert_eq!(Text::Plain("5G".into()).fallback_lang("en"), None);
    }
}
