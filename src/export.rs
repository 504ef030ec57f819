//! The portal as open data: the whole portal and each city-year, as JSON and as CSV, with a
//! JSON Schema describing the JSON.
//!
//! Researchers and journalists use these files outside the site, so they carry the raw
//! figures as editors entered them (no display rounding except the computed rate) and every
//! text both resolved in the portal's language and, when localized, in all languages given.

use crate::content::{BudgetEntry, SnapshotEntry, SourceEntry, TargetEntry, UpdateEntry};
use crate::format;
use crate::model::{City, Delivery, Portal, Project, Year};
use crate::render::OutputFile;
use crate::text::Text;
use crate::urls::Urls;
use serde_json::{json, Map, Value};
use std::io::Write;

/// Where a city's whole data goes, as one element of `portal.json`'s `cities`, and as the
/// rows of `portal.csv` with the header.
pub fn city_json_path(city: &City) -> String {
    format!("data/{}/all.json", city.slug)
}

pub fn city_csv_path(city: &City) -> String {
    format!("data/{}/all.csv", city.slug)
}

/// One city as open data: a JSON and a CSV file per year, and the whole city in each
/// format. The whole-portal files are stitched from the whole-city ones
/// ([`write_portal_json`], [`write_portal_csv`]), so a rebuild that keeps a city's files
/// can still make them.
pub fn city_files(portal: &Portal, city: &City) -> Vec<OutputFile> {
    let lang = portal.lang();
    let urls = Urls::new(&portal.site.base_url);
    let mut files = Vec::new();
    let mut years = Vec::new();
    let mut rows_text = csv_header();
    for year in &city.years {
        let year_value = year_json(city, year, lang, &urls);
        let mut file = Map::new();
        // Relative, so the files stay valid wherever the site is published or mirrored.
        file.insert(
            "schema".into(),
            json!("../schema.json#/$defs/city_year_file"),
        );
        file.insert("city".into(), json!(city.slug));
        put_text(&mut file, "city_name", &city.name, lang);
        if let Value::Object(fields) = &year_value {
            file.extend(fields.clone());
        }
        let stem = format!("data/{}/{}", city.slug, year.year);
        files.push(json_file(format!("{stem}.json"), &Value::Object(file)));
        let rows = csv_rows(portal, city, year, &urls);
        files.push(csv_file(format!("{stem}.csv"), &rows));
        rows_text += &csv_lines(&rows);
        years.push(year_value);
    }
    // Compact, like portal.json, which holds it verbatim.
    let mut city_text = serde_json::to_string(&city_json(city, years, lang)).unwrap_or_default();
    city_text.push('\n');
    files.push(OutputFile {
        path: city_json_path(city),
        bytes: city_text.into_bytes(),
    });
    files.push(OutputFile {
        path: city_csv_path(city),
        bytes: rows_text.into_bytes(),
    });
    files
}

/// Where the whole-portal downloads and the schema of every data file go.
pub const PORTAL_JSON: &str = "data/portal.json";
pub const PORTAL_CSV: &str = "data/portal.csv";
pub const SCHEMA: &str = "data/schema.json";

/// The JSON Schema of the data files.
pub fn schema_file() -> OutputFile {
    json_file(SCHEMA.into(), &schema())
}

/// Writes `data/portal.json`: every city's `all.json`, as `part` gives it, in city order,
/// then the portal's own fields. One city's text is in memory at a time, since the whole
/// file is larger than a national portal's model.
pub fn write_portal_json(
    portal: &Portal,
    part: &dyn Fn(&City) -> anyhow::Result<Vec<u8>>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let lang = portal.lang();
    let mut top = Map::new();
    top.insert("schema".into(), json!("schema.json"));
    put_text(&mut top, "title", &portal.site.title, lang);
    top.insert("language".into(), json!(lang));
    top.insert(
        "domains".into(),
        Value::Array(
            portal
                .site
                .domains
                .iter()
                .map(|d| {
                    let mut o = Map::new();
                    o.insert("id".into(), json!(d.id));
                    put_text(&mut o, "name", &d.name, lang);
                    put_opt_text(&mut o, "description", d.description.as_ref(), lang);
                    Value::Object(o)
                })
                .collect(),
        ),
    );
    // Keys are written in sorted order, and `cities` sorts first: the city texts go in
    // front of the other fields. The portal file is compact (it is the big one); each
    // city-year file stays indented for people who open it.
    let rest = serde_json::to_string(&Value::Object(top)).unwrap_or_default();
    out.write_all(b"{\"cities\":[")?;
    for (i, city) in portal.cities.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let json = part(city)?;
        out.write_all(json.strip_suffix(b"\n").unwrap_or(&json))?;
    }
    out.write_all(b"],")?;
    out.write_all(rest.strip_prefix('{').unwrap_or(&rest).as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes `data/portal.csv`: one header, then every city's `all.csv` rows in city order.
pub fn write_portal_csv(
    portal: &Portal,
    part: &dyn Fn(&City) -> anyhow::Result<Vec<u8>>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let header = csv_header();
    out.write_all(header.as_bytes())?;
    for city in &portal.cities {
        let csv = part(city)?;
        out.write_all(csv.strip_prefix(header.as_bytes()).unwrap_or(&csv))?;
    }
    Ok(())
}

/// The portal as open data, all at once: every city's files and the whole-portal ones. A
/// build streams the whole-portal files instead; tests read them from here.
#[cfg(test)]
fn data_files(portal: &Portal) -> Vec<OutputFile> {
    use rayon::prelude::*;
    let mut files: Vec<OutputFile> = portal
        .cities
        .par_iter()
        .flat_map_iter(|city| city_files(portal, city))
        .collect();
    let part = |path: String| -> anyhow::Result<Vec<u8>> {
        Ok(files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.bytes.clone())
            .unwrap_or_default())
    };
    let (mut json, mut csv) = (Vec::new(), Vec::new());
    // Writing into memory cannot fail.
    let _ = write_portal_json(portal, &|c| part(city_json_path(c)), &mut json);
    let _ = write_portal_csv(portal, &|c| part(city_csv_path(c)), &mut csv);
    let mut all = vec![
        schema_file(),
        OutputFile {
            path: "data/portal.json".into(),
            bytes: json,
        },
        OutputFile {
            path: "data/portal.csv".into(),
            bytes: csv,
        },
    ];
    all.append(&mut files);
    all
}

fn json_file(path: String, value: &Value) -> OutputFile {
    // Serializing a Value cannot fail: its keys are strings and non-finite floats are
    // already null.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    OutputFile {
        path,
        bytes: text.into_bytes(),
    }
}

/// Sets `key` to the text in the portal's language and, when the editor gave several
/// languages, `key_i18n` to all of them, so consumers need no fallback logic of their own
/// yet lose nothing.
fn put_text(obj: &mut Map<String, Value>, key: &str, text: &Text, lang: &str) {
    obj.insert(key.to_string(), json!(text.get(lang)));
    if let Text::Localized(map) = text {
        obj.insert(format!("{key}_i18n"), json!(map));
    }
}

/// Absent fields are written as `null` rather than left out, so every record has the same
/// keys and loads into a table without ragged columns.
fn put_opt_text(obj: &mut Map<String, Value>, key: &str, text: Option<&Text>, lang: &str) {
    match text {
        Some(t) => put_text(obj, key, t, lang),
        None => {
            obj.insert(key.to_string(), Value::Null);
        }
    }
}

/// Editors' figures are read as floats even when they wrote `30000`; writing them back as
/// integers keeps the data as the report printed it.
fn num(v: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: beyond it floats skip integers
    if v.is_finite() && v.fract() == 0.0 && v.abs() < EXACT {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn opt_num(v: Option<f64>) -> Value {
    v.map_or(Value::Null, num)
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn city_json(city: &City, years: Vec<Value>, lang: &str) -> Value {
    let mut o = Map::new();
    o.insert("slug".into(), json!(city.slug));
    put_text(&mut o, "name", &city.name, lang);
    o.insert("level".into(), json!(city.level.key()));
    o.insert("parent".into(), json!(city.parent));
    o.insert("admin_code".into(), json!(city.admin_code));
    put_opt_text(&mut o, "description", city.description.as_ref(), lang);
    o.insert("children".into(), json!(city.children));
    o.insert("years".into(), Value::Array(years));
    Value::Object(o)
}

fn year_json(city: &City, year: &Year, lang: &str, urls: &Urls) -> Value {
    let mut o = Map::new();
    o.insert("year".into(), json!(year.year));
    put_text(&mut o, "title", &year.title, lang);
    o.insert(
        "announced".into(),
        json!(year.announced.map(|d| d.to_string())),
    );
    put_opt_text(&mut o, "summary", year.summary.as_ref(), lang);
    o.insert(
        "sources".into(),
        year.sources.iter().map(|s| source_json(s, lang)).collect(),
    );
    o.insert(
        "snapshots".into(),
        year.snapshots
            .iter()
            .map(|s| snapshot_json(s, lang))
            .collect(),
    );
    o.insert("delivery".into(), delivery_json(&year.delivery()));
    o.insert(
        "projects".into(),
        year.projects
            .iter()
            .map(|p| project_json(city, year.year, p, lang, urls))
            .collect(),
    );
    Value::Object(o)
}

fn source_json(s: &SourceEntry, lang: &str) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(s.id));
    put_text(&mut o, "title", &s.title, lang);
    put_opt_text(&mut o, "publisher", s.publisher.as_ref(), lang);
    o.insert("date".into(), json!(s.date));
    o.insert("url".into(), json!(s.url));
    o.insert("type".into(), json!(s.kind.key()));
    put_opt_text(&mut o, "note", s.note.as_ref(), lang);
    Value::Object(o)
}

fn snapshot_json(s: &SnapshotEntry, lang: &str) -> Value {
    let mut o = Map::new();
    o.insert("as_of".into(), json!(s.as_of));
    o.insert("source".into(), json!(s.source));
    o.insert("total".into(), json!(s.total));
    o.insert("completed".into(), json!(s.completed));
    o.insert("met_target".into(), json!(s.met_target));
    o.insert("ahead".into(), json!(s.ahead));
    o.insert("on_track".into(), json!(s.on_track));
    o.insert("behind".into(), json!(s.behind));
    o.insert("started".into(), json!(s.started));
    o.insert("not_started".into(), json!(s.not_started));
    // The report's own printed rate, kept as printed: it may differ from completed/total.
    o.insert("rate".into(), opt_num(s.rate));
    o.insert("final".into(), json!(s.r#final));
    put_opt_text(&mut o, "note", s.note.as_ref(), lang);
    o.insert("not_reported".into(), json!(s.not_reported()));
    Value::Object(o)
}

fn delivery_json(d: &Delivery) -> Value {
    json!({
        "pledged": d.pledged,
        "completed": d.completed,
        "rate": d.rate().map(round1),
        "as_of": d.as_of.map(|d| d.to_string()),
        "final": d.is_final,
        "official": d.official,
        "source": d.source,
    })
}

fn project_json(city: &City, year: i32, p: &Project, lang: &str, urls: &Urls) -> Value {
    let link = |l: &Option<(i32, String)>| json!(l.as_ref().map(|(y, id)| format!("{y}/{id}")));
    let mut o = Map::new();
    o.insert("id".into(), json!(p.id));
    put_text(&mut o, "title", &p.title, lang);
    o.insert("domain".into(), json!(p.domain));
    put_opt_text(&mut o, "lead", p.lead.as_ref(), lang);
    o.insert(
        "districts".into(),
        json!(p.districts.iter().map(|d| d.get(lang)).collect::<Vec<_>>()),
    );
    if p.districts.iter().any(|d| matches!(d, Text::Localized(_))) {
        // One entry per district so indexes line up with `districts`; a plain name is in
        // the portal's language.
        let all: Vec<Value> = p
            .districts
            .iter()
            .map(|d| match d {
                Text::Localized(map) => json!(map),
                Text::Plain(s) => Value::Object(Map::from_iter([(lang.to_string(), json!(s))])),
            })
            .collect();
        o.insert("districts_i18n".into(), Value::Array(all));
    }
    o.insert("parent".into(), json!(p.parent));
    o.insert("children".into(), json!(p.children));
    o.insert("continues".into(), link(&p.continues));
    o.insert("continued_by".into(), link(&p.continued_by));
    o.insert("deadline".into(), json!(p.deadline.to_string()));
    o.insert(
        "targets".into(),
        p.targets.iter().map(|t| target_json(t, lang)).collect(),
    );
    o.insert(
        "budget".into(),
        p.budget
            .as_ref()
            .map_or(Value::Null, |b| budget_json(b, lang)),
    );
    // Raw Markdown: consumers render it their own way, or not at all.
    put_opt_text(&mut o, "summary", p.summary.as_ref(), lang);
    let s = &p.state;
    o.insert("status".into(), json!(s.status.key()));
    o.insert("schedule".into(), json!(s.schedule.map(|s| s.key())));
    o.insert("schedule_derived".into(), json!(s.schedule_derived));
    o.insert("progress".into(), opt_num(s.progress));
    o.insert("as_of".into(), json!(s.as_of.map(|d| d.to_string())));
    o.insert("exceeded".into(), json!(s.exceeded));
    o.insert("early".into(), json!(s.early));
    o.insert(
        "updates".into(),
        p.updates.iter().map(|u| update_json(u, lang)).collect(),
    );
    o.insert("sources".into(), json!(p.sources));
    o.insert("url".into(), json!(urls.project(&city.slug, year, &p.id)));
    Value::Object(o)
}

fn target_json(t: &TargetEntry, lang: &str) -> Value {
    let mut o = Map::new();
    put_text(&mut o, "metric", &t.metric, lang);
    put_opt_text(&mut o, "unit", t.unit.as_ref(), lang);
    o.insert("target".into(), opt_num(t.target));
    o.insert("actual".into(), opt_num(t.actual));
    o.insert("percent".into(), opt_num(t.percent));
    Value::Object(o)
}

fn budget_json(b: &BudgetEntry, lang: &str) -> Value {
    let mut o = Map::new();
    o.insert("planned".into(), opt_num(b.planned));
    o.insert("spent".into(), opt_num(b.spent));
    put_opt_text(&mut o, "unit", b.unit.as_ref(), lang);
    Value::Object(o)
}

fn update_json(u: &UpdateEntry, lang: &str) -> Value {
    let mut o = Map::new();
    o.insert("date".into(), json!(u.date));
    o.insert("status".into(), json!(u.status.key()));
    o.insert("schedule".into(), json!(u.schedule.map(|s| s.key())));
    o.insert("progress".into(), opt_num(u.progress));
    put_opt_text(&mut o, "note", u.note.as_ref(), lang);
    o.insert("sources".into(), json!(u.sources));
    Value::Object(o)
}

const CSV_COLUMNS: [&str; 19] = [
    "city",
    "city_name",
    "year",
    "id",
    "title",
    "domain",
    "domain_name",
    "lead",
    "parent",
    "status",
    "schedule",
    "progress",
    "deadline",
    "as_of",
    "exceeded",
    "early",
    "targets",
    "sources",
    "url",
];

fn csv_rows(portal: &Portal, city: &City, year: &Year, urls: &Urls) -> Vec<Vec<String>> {
    let lang = portal.lang();
    let domain_name = |id: &str| {
        portal
            .site
            .domains
            .iter()
            .find(|d| d.id == id)
            .map_or(String::new(), |d| d.name.get(lang).to_string())
    };
    let source_title = |id: &str| {
        year.sources
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.title.get(lang).to_string())
    };
    let figure = |v: Option<f64>| v.map_or("—".to_string(), format::number);
    year.projects
        .iter()
        .map(|p| {
            let s = &p.state;
            let targets: Vec<String> = p
                .targets
                .iter()
                .map(|t| {
                    let mut cell = format!(
                        "{}: {}/{}",
                        t.metric.get(lang),
                        figure(t.actual),
                        figure(t.target)
                    );
                    if let Some(unit) = &t.unit {
                        cell.push(' ');
                        cell.push_str(unit.get(lang));
                    }
                    cell
                })
                .collect();
            let sources: Vec<String> = p.sources.iter().map(|id| source_title(id)).collect();
            vec![
                city.slug.clone(),
                city.name.get(lang).to_string(),
                year.year.to_string(),
                p.id.clone(),
                p.title.get(lang).to_string(),
                p.domain.clone(),
                domain_name(&p.domain),
                p.lead.as_ref().map_or("", |l| l.get(lang)).to_string(),
                p.parent.clone().unwrap_or_default(),
                s.status.key().to_string(),
                s.schedule.map_or("", |s| s.key()).to_string(),
                s.progress.map(format::number).unwrap_or_default(),
                p.deadline.to_string(),
                s.as_of.map(|d| d.to_string()).unwrap_or_default(),
                s.exceeded.to_string(),
                s.early.to_string(),
                targets.join("; "),
                sources.join("; "),
                urls.project(&city.slug, year.year, &p.id),
            ]
        })
        .collect()
}

/// UTF-8 with a byte-order mark and CRLF line ends: without the BOM, Excel on Chinese Windows
/// reads the file as GBK and shows mojibake; CRLF is what RFC 4180 specifies.
fn csv_file(path: String, rows: &[Vec<String>]) -> OutputFile {
    let text = csv_header() + &csv_lines(rows);
    OutputFile {
        path,
        bytes: text.into_bytes(),
    }
}

/// The byte-order mark Excel needs to read UTF-8, and the header line.
fn csv_header() -> String {
    let header: Vec<String> = CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    format!("\u{feff}{}", csv_lines(&[header]))
}

fn csv_lines(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    text
}

/// One CSV cell, RFC 4180 quoted.
///
/// Titles and notes come from public reports and can be anything. A spreadsheet treats a
/// cell starting with `=`, `+`, `-` or `@` as a formula (and tab or CR can precede one), so a
/// crafted title could run a formula or exfiltrate data when an official opens the file
/// ("CSV injection"). A leading apostrophe makes Excel and LibreOffice show the cell as text;
/// the cost is a visible apostrophe in other tools, which is the accepted OWASP remedy.
/// Spaces before the mark do not make it safe, since some importers trim them.
fn csv_cell(value: &str) -> String {
    let value = if value
        .trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The JSON Schema of `portal.json` (the top level) and of the per city-year files
/// (`#/$defs/city_year_file`). Written by hand so every field carries a description for
/// people reusing the data.
fn schema() -> Value {
    let text = |d: &str| json!({"type": "string", "description": d});
    let opt_text = |d: &str| json!({"type": ["string", "null"], "description": d});
    let i18n = json!({"$ref": "#/$defs/i18n"});
    let count = |d: &str| json!({"type": ["integer", "null"], "minimum": 0, "description": d});
    let opt_num = |d: &str| json!({"type": ["number", "null"], "description": d});
    let date = |d: &str| json!({"type": "string", "format": "date", "description": d});
    let opt_date =
        |d: &str| json!({"type": ["string", "null"], "format": "date", "description": d});
    let ids = |d: &str| json!({"type": "array", "items": {"type": "string"}, "description": d});
    let status = json!({
        "enum": ["not_yet_rated", "not_started", "in_progress", "stalled", "completed",
                 "partially_completed", "not_completed", "cancelled", "unverifiable"]
    });
    let schedule = json!({
        "enum": ["ahead", "on_track", "behind", null],
        "description": "Pace of an in-progress project (超序时, 按序时, 滞后); null otherwise."
    });

    let year_properties = json!({
        "year": {"type": "integer", "description": "The year of the pledge list."},
        "title": text("The list's name as published."),
        "title_i18n": i18n,
        "announced": opt_date("Date the list was published."),
        "summary": opt_text("Context for the year, as raw Markdown."),
        "summary_i18n": i18n,
        "sources": {"type": "array", "items": {"$ref": "#/$defs/source"},
                    "description": "The reports this year's figures are drawn from."},
        "snapshots": {"type": "array", "items": {"$ref": "#/$defs/snapshot"},
                      "description": "Counts exactly as reports gave them, in as_of order."},
        "delivery": {"$ref": "#/$defs/delivery"},
        "projects": {"type": "array", "items": {"$ref": "#/$defs/project"},
                     "description": "The pledges, in the order the government published them."}
    });
    let year_required = json!([
        "year",
        "title",
        "announced",
        "summary",
        "sources",
        "snapshots",
        "delivery",
        "projects"
    ]);
    let mut file_properties = year_properties.clone();
    if let Value::Object(p) = &mut file_properties {
        p.insert(
            "schema".into(),
            text("Relative URL of this schema and definition."),
        );
        p.insert("city".into(), text("Slug of the city the list belongs to."));
        p.insert(
            "city_name".into(),
            text("The city's name in the portal's language."),
        );
        p.insert("city_name_i18n".into(), i18n.clone());
    }
    let mut file_required = year_required.clone();
    if let Value::Array(r) = &mut file_required {
        r.extend([json!("schema"), json!("city"), json!("city_name")]);
    }

    let def_i18n = json!({
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": "The same text in each language given, keyed by language tag (zh-Hans, en, ...)."
    });
    let def_domain = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "name", "description"],
        "properties": {
            "id": text("Slug projects refer to in `domain`."),
            "name": text("Display name."),
            "name_i18n": i18n,
            "description": opt_text("Raw Markdown."),
            "description_i18n": i18n
        }
    });
    let def_city = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["slug", "name", "level", "parent", "admin_code", "description", "children", "years"],
        "properties": {
            "slug": text("URL slug of the jurisdiction."),
            "name": text("Name in the portal's language."),
            "name_i18n": i18n,
            "level": {"enum": ["province", "prefecture", "county", "district"],
                      "description": "Administrative level."},
            "parent": opt_text("Slug of the jurisdiction above."),
            "admin_code": {"type": ["string", "null"], "pattern": "^[0-9]{6}$",
                           "description": "Six-digit administrative division code."},
            "description": opt_text("Raw Markdown."),
            "description_i18n": i18n,
            "children": ids("Slugs of the jurisdictions below, in slug order."),
            "years": {"type": "array", "items": {"$ref": "#/$defs/year"},
                      "description": "Pledge lists, in year order."}
        }
    });
    let def_year = json!({
        "type": "object",
        "additionalProperties": false,
        "required": year_required,
        "properties": year_properties
    });
    let def_city_year_file = json!({
        "description": "A file data/<city>/<year>.json: one city-year with its city.",
        "type": "object",
        "additionalProperties": false,
        "required": file_required,
        "properties": file_properties
    });
    let def_source = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "title", "publisher", "date", "url", "type", "note"],
        "properties": {
            "id": text("Id that snapshots, projects and updates cite."),
            "title": text("Title of the report."),
            "title_i18n": i18n,
            "publisher": opt_text("Who published it."),
            "publisher_i18n": i18n,
            "date": opt_date("Publication date; null when unknown rather than guessed."),
            "url": opt_text("Web address of the report."),
            "type": {"enum": ["official", "media", "independent"],
                     "description": "Kind of publisher."},
            "note": opt_text("Raw Markdown, e.g. how a date was inferred."),
            "note_i18n": i18n
        }
    });
    let def_snapshot = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["as_of", "source", "total", "completed", "met_target", "ahead",
                     "on_track", "behind", "started", "not_started", "rate", "final",
                     "note", "not_reported"],
        "properties": {
            "as_of": date("Date the figures describe."),
            "source": text("Id of the source that published them."),
            "total": count("Projects on the list."),
            "completed": count("Projects finished (完成)."),
            "met_target": count("Projects that met their annual target (完成年度目标任务)."),
            "ahead": count("In progress ahead of schedule (超序时)."),
            "on_track": count("In progress on schedule (按序时)."),
            "behind": count("In progress behind schedule (滞后)."),
            "started": count("Projects started (已开工)."),
            "not_started": count("Projects not yet started."),
            "rate": opt_num("Completion rate the report printed, in percent."),
            "final": {"type": "boolean", "description": "True for the year-end account."},
            "note": opt_text("What the report said in words, raw Markdown."),
            "note_i18n": i18n,
            "not_reported": count("Computed: total minus the projects the report placed in a category (completed or met_target, ahead, on_track, behind, not_started); null without a total.")
        }
    });
    let def_delivery = json!({
        "type": "object",
        "additionalProperties": false,
        "description": "How the list was delivered: the latest snapshot with a total when there is one, otherwise the listed top-level projects counted.",
        "required": ["pledged", "completed", "rate", "as_of", "final", "official", "source"],
        "properties": {
            "pledged": count("Projects pledged."),
            "completed": count("Projects completed."),
            "rate": opt_num("Computed completed / pledged in percent, rounded to one decimal."),
            "as_of": opt_date("Date the counts describe."),
            "final": {"type": "boolean", "description": "True when the counts are the year-end account."},
            "official": {"type": "boolean", "description": "True when the counts come from a government report rather than from counting listed projects."},
            "source": opt_text("Id of the source of the counts, when official.")
        }
    });
    let def_project = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "title", "domain", "lead", "districts", "parent", "children",
                     "continues", "continued_by", "deadline", "targets", "budget",
                     "summary", "status", "schedule", "schedule_derived", "progress",
                     "as_of", "exceeded", "early", "updates", "sources", "url"],
        "properties": {
            "id": text("Slug, unique within the city-year."),
            "title": text("The pledge as published."),
            "title_i18n": i18n,
            "domain": text("Id of a domain in `domains`."),
            "lead": opt_text("Lead agency (牵头单位)."),
            "lead_i18n": i18n,
            "districts": {"type": "array", "items": {"type": "string"},
                          "description": "Districts concerned, in the portal's language."},
            "districts_i18n": {"type": "array", "items": {"$ref": "#/$defs/i18n"},
                               "description": "Each district in every language given, index for index with `districts`."},
            "parent": opt_text("Id of the project this is a sub-item of."),
            "children": ids("Ids of this project's sub-items."),
            "continues": {"type": ["string", "null"], "pattern": "^[0-9]{4}/",
                          "description": "<year>/<id> of the same city's earlier project this continues."},
            "continued_by": {"type": ["string", "null"], "pattern": "^[0-9]{4}/",
                             "description": "<year>/<id> of the later project that continues this one."},
            "deadline": date("Stated deadline, or 31 December of the year."),
            "targets": {"type": "array", "items": {"$ref": "#/$defs/target"}},
            "budget": {"oneOf": [{"$ref": "#/$defs/budget"}, {"type": "null"}]},
            "summary": opt_text("Raw Markdown."),
            "summary_i18n": i18n,
            "status": status,
            "schedule": schedule,
            "schedule_derived": {"type": "boolean", "description": "True when the schedule was computed from progress and date rather than reported."},
            "progress": {"type": ["number", "null"], "minimum": 0, "maximum": 100,
                         "description": "Progress in percent, as reported."},
            "as_of": opt_date("Date of the latest update."),
            "exceeded": {"type": "boolean", "description": "Completed with a target's actual above its target."},
            "early": {"type": "boolean", "description": "First reported completed before a stated deadline."},
            "updates": {"type": "array", "items": {"$ref": "#/$defs/update"},
                        "description": "Reported states, in date order."},
            "sources": ids("Ids of the year's sources."),
            "url": text("Path of the project's page on the site.")
        }
    });
    let def_target = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["metric", "unit", "target", "actual", "percent"],
        "properties": {
            "metric": text("What is measured."),
            "metric_i18n": i18n,
            "unit": opt_text("Unit of target and actual."),
            "unit_i18n": i18n,
            "target": opt_num("Pledged figure; null when the report gave none."),
            "actual": opt_num("Achieved figure."),
            "percent": opt_num("Attainment the report printed, in percent.")
        }
    });
    let def_budget = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["planned", "spent", "unit"],
        "properties": {
            "planned": opt_num("Planned spending."),
            "spent": opt_num("Actual spending."),
            "unit": opt_text("Currency unit, e.g. 万元."),
            "unit_i18n": i18n
        }
    });
    let def_update = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["date", "status", "schedule", "progress", "note", "sources"],
        "properties": {
            "date": date("Date the state was reported for."),
            "status": status,
            "schedule": schedule,
            "progress": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
            "note": opt_text("Raw Markdown."),
            "note_i18n": i18n,
            "sources": ids("Ids of the year's sources.")
        }
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "shishi portal open data",
        "description": "A livelihood-pledge (为民办实事) portal: every city, year and project, with the sources each figure comes from. Texts are given in the portal's language; a field `x_i18n`, present when the editors gave several languages, maps language tags to each version. Absent values are null.",
        "type": "object",
        "additionalProperties": false,
        "required": ["schema", "title", "language", "domains", "cities"],
        "properties": {
            "schema": text("Relative URL of this schema."),
            "title": text("The portal's name."),
            "title_i18n": i18n,
            "language": {"enum": ["zh-Hans", "en"], "description": "Language tag of the resolved texts."},
            "domains": {"type": "array", "items": {"$ref": "#/$defs/domain"},
                        "description": "Policy domains, in the portal's order."},
            "cities": {"type": "array", "items": {"$ref": "#/$defs/city"},
                       "description": "Jurisdictions, in slug order."}
        },
        "$defs": {
            "i18n": def_i18n,
            "domain": def_domain,
            "city": def_city,
            "year": def_year,
            "city_year_file": def_city_year_file,
            "source": def_source,
            "snapshot": def_snapshot,
            "delivery": def_delivery,
            "project": def_project,
            "target": def_target,
            "budget": def_budget,
            "update": def_update
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::write;
    use std::path::Path;

    fn tiny_portal() -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "site.yaml",
            "title: {zh-Hans: 实事追踪, en: Pledge Tracker}\n\
             base_url: https://example.org/\n\
             domains:\n  - id: education\n    name: {zh-Hans: 教育, en: Education}\n",
        );
        write(
            root,
            "alpha/city.yaml",
            "name: {zh-Hans: 甲市, en: Alpha}\nlevel: prefecture\nadmin_code: \"350500\"\n",
        );
        write(
            root,
            "alpha/2023.yaml",
            "year: 2023\ntitle: 2023年实事\nsources:\n  - {id: s1, title: 报道一, type: media}\n\
             projects:\n  - {id: a, title: 项目甲, domain: education, sources: [s1], status: in_progress}\n",
        );
        write(
            root,
            "alpha/2024.yaml",
            "year: 2024\ntitle: 2024年实事\nsources:\n  - {id: s2, title: '报道, 二', type: official}\n\
             snapshots:\n  - {as_of: 2024-12-31, source: s2, total: 5, completed: 3, final: true}\n\
             projects:\n\
             \x20 - id: bad\n    title: '=HYPERLINK(\"x\")'\n    domain: education\n    sources: [s2]\n\
             \x20   continues: 2023/a\n    status: completed\n\
             \x20   targets:\n      - {metric: 学位, unit: 个, target: 100, actual: 120}\n\
             \x20 - {id: b, title: 项目乙, domain: education, parent: bad}\n",
        );
        write(
            root,
            "beta/city.yaml",
            "name: 乙区\nlevel: district\nparent: alpha\n",
        );
        write(
            root,
            "beta/2024.yaml",
            "year: 2024\ntitle: 乙区实事\nsources:\n  - {id: s3, title: 报道三, type: media}\n",
        );
        crate::testing::portal(root)
    }

    fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a OutputFile {
        files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} missing"))
    }

    fn parse(f: &OutputFile) -> Value {
        serde_json::from_slice(&f.bytes).unwrap()
    }

    #[test]
    fn csv_opens_in_excel_and_defuses_formulas() {
        let files = data_files(&tiny_portal());
        for path in ["data/portal.csv", "data/alpha/2024.csv"] {
            let bytes = &file(&files, path).bytes;
            assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "{path} lacks a BOM");
            let text = std::str::from_utf8(&bytes[3..]).unwrap();
            assert!(text.ends_with("\r\n"));
            assert!(!text.replace("\r\n", "").contains('\n'));
            assert!(text.starts_with("city,city_name,year,id,title,"));
            assert!(text.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{text}");
            assert!(text.contains(",\"报道, 二\","));
            assert!(text.contains("学位: 120/100 个"));
            assert!(text.contains(",/alpha/2024/bad/\r\n"));
        }
        // Header plus one row per project of every year.
        let all = std::str::from_utf8(&file(&files, "data/portal.csv").bytes).unwrap();
        assert_eq!(all.matches("\r\n").count(), 1 + 3);
        let empty = std::str::from_utf8(&file(&files, "data/beta/2024.csv").bytes).unwrap();
        assert_eq!(empty.matches("\r\n").count(), 1);
    }

    #[test]
    fn cells_are_quoted_and_neutralised() {
        assert_eq!(csv_cell("plain 文本"), "plain 文本");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("  =1+1"), "'  =1+1");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn json_carries_the_portal() {
        let files = data_files(&tiny_portal());
        let portal = parse(file(&files, "data/portal.json"));
        assert_eq!(portal["schema"], "schema.json");
        assert_eq!(portal["title"], "实事追踪");
        assert_eq!(portal["title_i18n"]["en"], "Pledge Tracker");
        let cities = portal["cities"].as_array().unwrap();
        assert_eq!(cities.len(), 2);
        assert_eq!(cities[0]["name_i18n"]["en"], "Alpha");
        assert!(cities[1].get("name_i18n").is_none());
        let years = cities[0]["years"].as_array().unwrap();
        assert_eq!(years.len(), 2);
        let y2024 = &years[1];
        assert_eq!(y2024["projects"].as_array().unwrap().len(), 2);
        assert_eq!(y2024["snapshots"][0]["not_reported"], 2);
        assert_eq!(y2024["delivery"]["pledged"], 5);
        assert_eq!(y2024["delivery"]["rate"], 60.0);
        let bad = &y2024["projects"][0];
        assert_eq!(bad["continues"], "2023/a");
        assert_eq!(bad["targets"][0]["actual"], 120);
        assert_eq!(bad["exceeded"], true);
        assert_eq!(years[0]["projects"][0]["continued_by"], "2024/bad");

        let single = parse(file(&files, "data/alpha/2024.json"));
        assert_eq!(single["city"], "alpha");
        assert_eq!(single["city_name"], "甲市");
        assert_eq!(single["projects"], y2024["projects"]);
    }

    #[test]
    fn every_city_year_has_its_files() {
        let portal = tiny_portal();
        let files = data_files(&portal);
        for city in &portal.cities {
            for year in &city.years {
                for ext in ["json", "csv"] {
                    file(&files, &format!("data/{}/{}.{ext}", city.slug, year.year));
                }
            }
        }
        let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let n = paths.len();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), n, "duplicate output paths");
        // The portal's three, two per city-year, two per city.
        assert_eq!(n, 3 + 2 * 3 + 2 * portal.cities.len());
    }

    /// `portal.json` and `portal.csv` are each city's whole-city file put together, so a
    /// rebuild that keeps a city's files makes the same portal files.
    #[test]
    fn the_portal_files_hold_each_city_file_in_city_order() {
        let portal = tiny_portal();
        let files = data_files(&portal);
        let whole = parse(file(&files, "data/portal.json"));
        let csv = std::str::from_utf8(&file(&files, "data/portal.csv").bytes).unwrap();
        let mut rows = 0;
        for (i, city) in portal.cities.iter().enumerate() {
            assert_eq!(
                whole["cities"][i],
                parse(file(&files, &city_json_path(city)))
            );
            let city_csv = std::str::from_utf8(&file(&files, &city_csv_path(city)).bytes).unwrap();
            let body = city_csv.split_once("\r\n").unwrap().1;
            assert!(csv.contains(body));
            rows += body.lines().count();
        }
        assert_eq!(csv.lines().count(), 1 + rows);
    }

    #[test]
    fn output_is_deterministic() {
        let portal = tiny_portal();
        let a = data_files(&portal);
        let b = data_files(&portal);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.path, y.path);
            assert_eq!(x.bytes, y.bytes, "{} differs", x.path);
            if x.path.ends_with(".json") {
                assert!(x.bytes.ends_with(b"}\n"));
            }
        }
    }

    /// A small subset of JSON Schema, enough for the keywords `schema()` uses, so the
    /// hand-written schema cannot drift from what the exporter writes.
    fn conforms(root: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
        if let Some(r) = schema["$ref"].as_str() {
            let def = r.strip_prefix("#/$defs/").ok_or(format!("bad $ref {r}"))?;
            return conforms(root, &root["$defs"][def], value, at);
        }
        if let Some(options) = schema["oneOf"].as_array() {
            let ok = options
                .iter()
                .filter(|s| conforms(root, s, value, at).is_ok())
                .count();
            return if ok == 1 {
                Ok(())
            } else {
                Err(format!("{at}: {ok} oneOf branches match"))
            };
        }
        if let Some(allowed) = schema["enum"].as_array() {
            if !allowed.contains(value) {
                return Err(format!("{at}: {value} not in enum"));
            }
        }
        if let Some(t) = schema.get("type") {
            let types: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                _ => t
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|v| v.as_str())
                    .collect(),
            };
            let actual = match value {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            };
            let fits =
                types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
            if !fits {
                return Err(format!("{at}: {actual} where {types:?} expected"));
            }
        }
        if let Value::Object(obj) = value {
            for key in schema["required"].as_array().into_iter().flatten() {
                if !obj.contains_key(key.as_str().unwrap()) {
                    return Err(format!("{at}: missing required {key}"));
                }
            }
            for (k, v) in obj {
                let at = format!("{at}/{k}");
                match schema["properties"].get(k) {
                    Some(s) => conforms(root, s, v, &at)?,
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => return Err(format!("{at}: not in schema")),
                        Some(s @ Value::Object(_)) => conforms(root, s, v, &at)?,
                        _ => {}
                    },
                }
            }
        }
        if let (Value::Array(items), Some(s)) = (value, schema.get("items")) {
            for (i, v) in items.iter().enumerate() {
                conforms(root, s, v, &format!("{at}/{i}"))?;
            }
        }
        Ok(())
    }

    #[test]
    fn the_schema_describes_the_files() {
        let files = data_files(&tiny_portal());
        let schema = parse(file(&files, "data/schema.json"));
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let portal = parse(file(&files, "data/portal.json"));
        for key in portal.as_object().unwrap().keys() {
            assert!(
                schema["properties"].get(key).is_some(),
                "{key} undocumented"
            );
        }
        conforms(&schema, &schema, &portal, "").unwrap();
        let single = parse(file(&files, "data/alpha/2024.json"));
        let def = single["schema"].as_str().unwrap();
        assert_eq!(def, "../schema.json#/$defs/city_year_file");
        conforms(
            &schema,
            &json!({"$ref": "#/$defs/city_year_file"}),
            &single,
            "",
        )
        .unwrap();
    }

    #[test]
    fn the_sample_portal_exports_and_conforms() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let portal = crate::pipeline::check(root)
            .portal
            .expect("the sample portal is valid");
        let files = data_files(&portal);
        let schema = schema();
        conforms(
            &schema,
            &schema,
            &parse(file(&files, "data/portal.json")),
            "",
        )
        .unwrap();
        for city in &portal.cities {
            for year in &city.years {
                let f = file(&files, &format!("data/{}/{}.json", city.slug, year.year));
                conforms(
                    &schema,
                    &json!({"$ref": "#/$defs/city_year_file"}),
                    &parse(f),
                    "",
                )
                .unwrap();
            }
        }
        if std::env::var("SHISHI_LIST_EXPORT").is_ok() {
            for f in &files {
                eprintln!("{} {}", f.path, f.bytes.len());
            }
        }
    }
}
