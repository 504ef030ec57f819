//! The theme: templates, static files and interface strings. The default theme is compiled
//! into the binary, so a portal without a `themes/` folder builds; a portal's own theme
//! overrides any file of the same name.

use anyhow::{anyhow, Context as _, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/", $name)))),*]
    };
}

/// The default theme's files, by path inside the theme folder.
const DEFAULT: &[(&str, &str)] = embed!(
    "templates/base.html",
    "templates/chart.html",
    "templates/status.html",
    "templates/sources.html",
    "templates/delivery_cells.html",
    "templates/index.html",
    "templates/city.html",
    "templates/city_year.html",
    "templates/project.html",
    "templates/domain.html",
    "templates/year.html",
    "templates/404.html",
    "templates/search.html",
    "templates/project_row.html",
    "templates/filters.html",
    "templates/matrix.html",
    "templates/leads.html",
    "templates/lead.html",
    "templates/data.html",
    "static/style.css",
    "static/search.js",
    "static/filter.js",
    "i18n/zh-Hans.yaml",
    "i18n/en.yaml",
);

pub struct Theme {
    pub tera: tera::Tera,
    /// Files copied to `assets/` as they are.
    pub statics: BTreeMap<String, String>,
    /// Interface strings of the portal's language.
    pub strings: Value,
    /// Hash of every file of the theme, for telling whether pages rendered by an earlier
    /// build are still what this theme would make.
    pub fingerprint: u128,
}

impl Theme {
    /// Loads the default theme, with `themes/<name>/` of the portal laid over it.
    pub fn load(root: &Path, name: Option<&str>, language: &str) -> Result<Theme> {
        let mut files: BTreeMap<String, String> = DEFAULT
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some(name) = name {
            let dir = root.join("themes").join(name);
            if !dir.is_dir() {
                return Err(anyhow!(
                    "site.yaml names the theme `{name}`, but there is no folder themes/{name}/\n  = hint: create it, or remove `theme:` to use the built-in theme"
                ));
            }
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("cannot read themes/{name}/"))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry
                    .path()
                    .strip_prefix(&dir)?
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(entry.path())
                    .with_context(|| format!("cannot read themes/{name}/{rel} as UTF-8 text"))?;
                files.insert(rel, text);
            }
        }
        let mut tera = tera::Tera::new();
        let templates: Vec<(String, String)> = files
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("templates/")?.to_string(), v.clone())))
            .collect();
        tera.add_raw_templates(templates)
            .map_err(|e| anyhow!("a theme template does not compile: {e}"))?;
        let statics = files
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("static/")?.to_string(), v.clone())))
            .collect();
        let strings_file = files
            .get(&format!("i18n/{language}.yaml"))
            .ok_or_else(|| anyhow!("the theme has no translation file i18n/{language}.yaml"))?;
        let strings: Value = serde_yaml::from_str(strings_file)
            .with_context(|| format!("the theme's i18n/{language}.yaml is not valid YAML"))?;
        // Every page uses the same strings: given once to the template engine rather than
        // copied into each page's data, which a national portal would do a million times.
        tera.global_context().insert("t", &strings);
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (name, text) in &files {
            hasher.update(name.as_bytes());
            hasher.update(&[0]);
            hasher.update(text.as_bytes());
            hasher.update(&[0]);
        }
        hasher.update(language.as_bytes());
        Ok(Theme {
            tera,
            statics,
            strings,
            fingerprint: hasher.digest128(),
        })
    }

    /// An interface string by dotted key (`status.completed`); the key itself if missing, so
    /// a gap in a translation shows up on the page instead of leaving a blank.
    pub fn t(&self, key: &str) -> String {
        key.split('.')
            .try_fold(&self.strings, |v, k| v.get(k))
            .and_then(Value::as_str)
            .map_or_else(|| key.to_string(), str::to_string)
    }
}
