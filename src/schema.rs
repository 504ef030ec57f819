//! JSON Schemas of the content files, generated from the same types that read them, so
//! the schema cannot drift from what `shishi check` accepts. Editors' tools use them to
//! complete field names and flag mistakes while typing (yaml-language-server reads a
//! `# yaml-language-server: $schema=...` line at the top of a file).

use crate::content::{CityFile, SiteFile, YearFile};
use anyhow::{Context as _, Result};
use serde_json::{json, Value};
use std::path::Path;

/// The kinds of content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// content/site.yaml
    Site,
    /// content/<city>/city.yaml
    City,
    /// content/<city>/<year>.yaml
    Year,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Site, Kind::City, Kind::Year];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Site => "site",
            Kind::City => "city",
            Kind::Year => "year",
        }
    }

    /// The schema's file name in the portal's `schemas/` folder.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The modeline for a file of this kind, which sits in `content/` (site) or one
    /// folder below it (city and year files).
    pub fn modeline(self) -> String {
        let up = if self == Kind::Site { "../" } else { "../../" };
        format!(
            "# yaml-language-server: $schema={up}{SCHEMA_DIR}/{}",
            self.file_name()
        )
    }
}

/// Where a portal keeps its schemas, beside `content/`.
pub const SCHEMA_DIR: &str = "schemas";

pub fn schema(kind: Kind) -> Value {
    let mut schema = match kind {
        Kind::Site => schemars::schema_for!(SiteFile),
        Kind::City => schemars::schema_for!(CityFile),
        Kind::Year => schemars::schema_for!(YearFile),
    }
    .to_value();
    let title = match kind {
        Kind::Site => "shishi portal settings (content/site.yaml)",
        Kind::City => "shishi city or district (content/<city>/city.yaml)",
        Kind::Year => "shishi pledge list of one year (content/<city>/<year>.yaml)",
    };
    schema["title"] = json!(title);
    schema
}

/// All three kinds in one document: a file is valid when it is a valid file of one kind.
pub fn combined() -> Value {
    let mut defs = serde_json::Map::new();
    let mut refs = Vec::new();
    for kind in Kind::ALL {
        let mut one = schema(kind);
        // Each kind's own definitions move up beside it, where the shared `$ref`s find them.
        if let Some(Value::Object(inner)) = one.as_object_mut().and_then(|o| o.remove("$defs")) {
            defs.extend(inner);
        }
        if let Some(o) = one.as_object_mut() {
            o.remove("$schema");
        }
        let name = format!("{}_file", kind.name());
        refs.push(json!({"$ref": format!("#/$defs/{name}")}));
        defs.insert(name, one);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "shishi content files",
        "oneOf": refs,
        "$defs": defs,
    })
}

/// Pretty JSON with a final newline, as written to files and printed.
pub fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes the three schemas into `dir`, leaving files that are already current untouched.
/// Returns the files it wrote.
pub fn write_all(dir: &Path) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for kind in Kind::ALL {
        let path = dir.join(kind.file_name());
        let text = to_text(&schema(kind));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            written.push(path.display().to_string());
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_refuse_unknown_fields_and_require_what_the_reader_requires() {
        let year = schema(Kind::Year);
        assert_eq!(year["additionalProperties"], json!(false));
        let required: Vec<&str> = year["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(required, ["year", "title", "sources"]);
        let text = to_text(&year);
        assert!(
            text.contains("\"in_progress\""),
            "status vocabulary missing"
        );
        let all = combined();
        assert_eq!(all["oneOf"].as_array().unwrap().len(), 3);
        assert!(all["$defs"]["Text"].is_object());
    }

    #[test]
    fn modelines_point_from_the_file_to_the_schema_folder() {
        assert_eq!(
            Kind::Year.modeline(),
            "# yaml-language-server: $schema=../../schemas/year.schema.json"
        );
        assert_eq!(
            Kind::Site.modeline(),
            "# yaml-language-server: $schema=../schemas/site.schema.json"
        );
    }
}
