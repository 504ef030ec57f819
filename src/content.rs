//! The content files exactly as editors write them. Field names here are the editors'
//! interface (see docs/content-format.md); unknown fields are refused so typos surface.

use crate::text::Text;
use crate::vocab::{Level, Schedule, SourceType, Status};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub title: Text,
    pub base_url: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub license: Option<LicenseEntry>,
    /// Web address of the repository the content is kept in; project pages link each change
    /// of their record to `<repository>/commit/<hash>`.
    #[serde(default)]
    pub repository: Option<String>,
    pub domains: Vec<DomainEntry>,
}

/// The terms the portal's data may be reused under, shown on every page.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenseEntry {
    pub name: Text,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DomainEntry {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CityFile {
    pub name: Text,
    pub level: Level,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub admin_code: Option<String>,
    #[serde(default)]
    pub description: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    pub year: i32,
    pub title: Text,
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub announced: Option<String>,
    #[serde(default)]
    pub summary: Option<Text>,
    pub sources: Vec<SourceEntry>,
    #[serde(default)]
    pub snapshots: Vec<SnapshotEntry>,
    #[serde(default)]
    pub projects: Vec<ProjectEntry>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub publisher: Option<Text>,
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(rename = "type")]
    pub kind: SourceType,
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotEntry {
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub as_of: String,
    pub source: String,
    pub total: Option<u32>,
    pub completed: Option<u32>,
    pub met_target: Option<u32>,
    pub ahead: Option<u32>,
    pub on_track: Option<u32>,
    pub behind: Option<u32>,
    pub started: Option<u32>,
    pub not_started: Option<u32>,
    pub rate: Option<f64>,
    #[serde(default)]
    pub r#final: bool,
    #[serde(default)]
    pub note: Option<Text>,
}

impl SnapshotEntry {
    /// Projects the report placed in an outcome category. `completed` and `met_target`
    /// describe the same projects in different words, so only one of them counts.
    pub fn stated(&self) -> u32 {
        [
            self.completed.or(self.met_target),
            self.ahead,
            self.on_track,
            self.behind,
            self.not_started,
        ]
        .iter()
        .flatten()
        .sum()
    }

    /// The counts the report stated, by field name, in the order pages show them.
    pub fn counts(&self) -> Vec<(&'static str, u32)> {
        [
            ("total", self.total),
            ("completed", self.completed),
            ("met_target", self.met_target),
            ("ahead", self.ahead),
            ("on_track", self.on_track),
            ("behind", self.behind),
            ("started", self.started),
            ("not_started", self.not_started),
        ]
        .into_iter()
        .filter_map(|(key, v)| Some((key, v?)))
        .collect()
    }

    /// Projects of the total whose fate the report does not give: shown as such, never
    /// spread over the stated categories.
    pub fn not_reported(&self) -> Option<u32> {
        self.total.map(|t| t.saturating_sub(self.stated()))
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectEntry {
    pub id: String,
    pub title: Text,
    pub domain: String,
    #[serde(default)]
    pub lead: Option<Text>,
    #[serde(default)]
    pub districts: Vec<Text>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub continues: Option<String>,
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub deadline: Option<String>,
    #[serde(default)]
    pub targets: Vec<TargetEntry>,
    #[serde(default)]
    pub budget: Option<BudgetEntry>,
    #[serde(default)]
    pub summary: Option<Text>,
    #[serde(default)]
    pub updates: Vec<UpdateEntry>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub schedule: Option<Schedule>,
    #[serde(default)]
    pub progress: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    pub metric: Text,
    #[serde(default)]
    pub unit: Option<Text>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub actual: Option<f64>,
    #[serde(default)]
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetEntry {
    #[serde(default)]
    pub planned: Option<f64>,
    #[serde(default)]
    pub spent: Option<f64>,
    #[serde(default)]
    pub unit: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateEntry {
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: String,
    pub status: Status,
    #[serde(default)]
    pub schedule: Option<Schedule>,
    #[serde(default)]
    pub progress: Option<f64>,
    #[serde(default)]
    pub note: Option<Text>,
    #[serde(default)]
    pub sources: Vec<String>,
}
