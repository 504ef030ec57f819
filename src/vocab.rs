//! The closed vocabularies of the content format: status, schedule, jurisdiction level and
//! source type. Every page, chart and count takes its order and names from here.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a pledge stands. One vocabulary for the whole portal so cities can be compared.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotYetRated,
    NotStarted,
    InProgress,
    Stalled,
    Completed,
    PartiallyCompleted,
    NotCompleted,
    Cancelled,
    Unverifiable,
}

impl Status {
    /// Display order: finished work first, then work under way, then the rest.
    pub const ALL: [Status; 9] = [
        Status::Completed,
        Status::PartiallyCompleted,
        Status::InProgress,
        Status::Stalled,
        Status::NotStarted,
        Status::NotCompleted,
        Status::Cancelled,
        Status::Unverifiable,
        Status::NotYetRated,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::NotYetRated => "not_yet_rated",
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Stalled => "stalled",
            Status::Completed => "completed",
            Status::PartiallyCompleted => "partially_completed",
            Status::NotCompleted => "not_completed",
            Status::Cancelled => "cancelled",
            Status::Unverifiable => "unverifiable",
        }
    }

    /// A final status no longer changes within its year.
    pub fn is_final(self) -> bool {
        !matches!(
            self,
            Status::NotYetRated | Status::NotStarted | Status::InProgress | Status::Stalled
        )
    }

    /// A glyph shown beside the status text so the badge never relies on colour alone.
    pub fn icon(self) -> &'static str {
        match self {
            Status::Completed => "✔",
            Status::PartiallyCompleted => "◐",
            Status::InProgress => "▶",
            Status::Stalled => "⏸",
            Status::NotStarted => "○",
            Status::NotCompleted => "✘",
            Status::Cancelled => "⊘",
            Status::Unverifiable => "?",
            Status::NotYetRated => "…",
        }
    }
}

/// Pace of an in-progress pledge against the share of its year that has passed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    Ahead,
    OnTrack,
    Behind,
}

impl Schedule {
    pub const ALL: [Schedule; 3] = [Schedule::Ahead, Schedule::OnTrack, Schedule::Behind];

    pub fn key(self) -> &'static str {
        match self {
            Schedule::Ahead => "ahead",
            Schedule::OnTrack => "on_track",
            Schedule::Behind => "behind",
        }
    }

    /// Points of tolerance around the expected progress before a pledge counts as ahead or
    /// behind: reports round their percentages, so an exact comparison would flip on noise.
    pub const TOLERANCE: f64 = 5.0;

    pub fn derive(progress: f64, expected: f64) -> Schedule {
        if progress > expected + Self::TOLERANCE {
            Schedule::Ahead
        } else if progress < expected - Self::TOLERANCE {
            Schedule::Behind
        } else {
            Schedule::OnTrack
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    Prefecture,
    County,
    District,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::District => "district",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceType {
    Official,
    Media,
    Independent,
}

impl SourceType {
    pub fn key(self) -> &'static str {
        match self {
            SourceType::Official => "official",
            SourceType::Media => "media",
            SourceType::Independent => "independent",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_is_derived_with_tolerance() {
        assert_eq!(Schedule::derive(81.25, 60.0), Schedule::Ahead);
        assert_eq!(Schedule::derive(62.0, 60.0), Schedule::OnTrack);
        assert_eq!(Schedule::derive(40.0, 60.0), Schedule::Behind);
    }

    #[test]
    fn every_status_is_listed_once() {
        let mut keys: Vec<_> = Status::ALL.iter().map(|s| s.key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 9);
    }
}
