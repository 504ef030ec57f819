//! The open-data page and the schema.org Dataset markup that lets data search engines find
//! the downloads with their period and place.

use super::{Page, Pages};
use crate::markdown;
use crate::model::{City, Year};
use serde_json::{json, Value};

/// JSON for a `<script type="application/ld+json">` block. Serialised here because the
/// template's HTML escaping would corrupt it; JSON allows \u escapes anywhere in a string,
/// so no `<` at all reaches the HTML parser: not `</script>`, not `<!--`, whatever a title
/// holds.
pub(super) fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

impl Pages<'_> {
    fn data_file(&self, path: &str) -> String {
        format!("{}{path}", self.urls.data())
    }

    fn downloads(&self, stem: &str) -> Value {
        json!([
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": self.urls.absolute(&self.data_file(&format!("{stem}.csv")))},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": self.urls.absolute(&self.data_file(&format!("{stem}.json")))},
        ])
    }

    fn place(&self, city: &City) -> Value {
        json!({"@type": "Place", "name": self.tx(&city.name)})
    }

    fn with_license(&self, mut dataset: Value) -> Value {
        if let Some(l) = &self.portal.site.license {
            dataset["license"] = json!(l.url.clone().unwrap_or_else(|| self.tx(&l.name)));
        }
        dataset
    }

    /// One city-year as a schema.org Dataset.
    pub(super) fn year_dataset(&self, city: &City, year: &Year) -> Value {
        let description = year.summary.as_ref().map_or_else(
            || self.tx(&year.title),
            |s| markdown::to_plain_text(s.get(self.lang())),
        );
        self.with_license(json!({
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": self.tx(&year.title),
            "description": description,
            "url": self.urls.absolute(&self.urls.city_year(&city.slug, year.year)),
            "temporalCoverage": year.year.to_string(),
            "spatialCoverage": self.place(city),
            "inLanguage": self.lang(),
            "isAccessibleForFree": true,
            "creator": {"@type": "Organization", "name": self.tx(&self.portal.site.title)},
            "distribution": self.downloads(&format!("{}/{}", city.slug, year.year)),
        }))
    }

    /// `/data/`: every download of the portal in one place, described for people and for
    /// data search engines.
    pub(super) fn data(&self) -> Page {
        let title = self.theme.t("label.open_data");
        let url = self.urls.data();
        let mut files = Vec::new();
        let mut parts = Vec::new();
        for city in &self.portal.cities {
            if !city.years.is_empty() {
                files.push(json!({
                    "city": self.tx(&city.name),
                    "city_url": self.urls.city(&city.slug),
                    "year": self.theme.t("label.data_city_all"),
                    "title": self.tx(&city.name),
                    "url": self.urls.city(&city.slug),
                    "json": self.data_file(&format!("{}/all.json", city.slug)),
                    "csv": self.data_file(&format!("{}/all.csv", city.slug)),
                }));
            }
            for y in &city.years {
                let stem = format!("{}/{}", city.slug, y.year);
                files.push(json!({
                    "city": self.tx(&city.name),
                    "city_url": self.urls.city(&city.slug),
                    "year": y.year,
                    "title": self.tx(&y.title),
                    "url": self.urls.city_year(&city.slug, y.year),
                    "json": self.data_file(&format!("{stem}.json")),
                    "csv": self.data_file(&format!("{stem}.csv")),
                }));
                let mut part = self.year_dataset(city, y);
                if let Some(o) = part.as_object_mut() {
                    o.remove("@context");
                }
                parts.push(part);
            }
        }
        let years = self.portal.years();
        let temporal = match (years.first(), years.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}/{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        let site_title = self.tx(&self.portal.site.title);
        let description = self.portal.site.description.as_ref().map_or_else(
            || site_title.clone(),
            |d| markdown::to_plain_text(d.get(self.lang())),
        );
        let dataset = self.with_license(json!({
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": site_title,
            "description": description,
            "url": self.urls.absolute(&url),
            "temporalCoverage": temporal,
            "spatialCoverage": self.portal.cities.iter().map(|c| self.place(c)).collect::<Vec<_>>(),
            "inLanguage": self.lang(),
            "isAccessibleForFree": true,
            "creator": {"@type": "Organization", "name": site_title},
            "distribution": self.downloads("portal"),
            "hasPart": parts,
        }));
        let data = json!({
            "portal": {
                "json": self.data_file("portal.json"),
                "csv": self.data_file("portal.csv"),
                "schema": self.data_file("schema.json"),
            },
            "files": files,
            "dataset_jsonld": script_json(&dataset),
        });
        self.page(
            "data.html",
            url.clone(),
            title.clone(),
            vec![(title, url)],
            data,
        )
    }
}
