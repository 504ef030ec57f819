//! Ways to narrow and compare lists of projects: the filter form of list pages, and the
//! completed-of-listed tables that put cities, domains and years side by side.

use super::Pages;
use crate::model::{City, Project};
use crate::vocab::{Schedule, Status};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One cell of a comparison table: projects completed of those listed, and where they are.
pub(super) struct Tally {
    pub completed: u32,
    pub listed: u32,
    pub url: String,
}

impl Tally {
    pub fn of<'p>(projects: impl Iterator<Item = &'p Project>, url: String) -> Option<Tally> {
        let mut t = Tally {
            completed: 0,
            listed: 0,
            url,
        };
        for p in projects {
            t.listed += 1;
            if p.state.status == Status::Completed {
                t.completed += 1;
            }
        }
        (t.listed > 0).then_some(t)
    }

    pub fn rate(&self) -> String {
        crate::format::percent(f64::from(self.completed) / f64::from(self.listed) * 100.0)
    }
}

impl Pages<'_> {
    /// The filter form for a list of projects. A control is offered only when choosing in it
    /// would change what is shown; with none, the page gets no form (and no script).
    pub(super) fn filters(&self, items: &[(&City, &Project)], qualify_leads: bool) -> Value {
        let total = items.len();
        let mut status: BTreeMap<&str, usize> = BTreeMap::new();
        let mut schedule: BTreeMap<&str, usize> = BTreeMap::new();
        let mut domain: BTreeMap<&str, usize> = BTreeMap::new();
        let mut lead: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for (city, p) in items {
            *status.entry(p.state.status.key()).or_default() += 1;
            if let Some(s) = p.state.schedule {
                *schedule.entry(s.key()).or_default() += 1;
            }
            *domain.entry(p.domain.as_str()).or_default() += 1;
            if let (Some(slug), Some(name)) = (&p.lead_slug, &p.lead) {
                let mut label = self.tx(name);
                if qualify_leads {
                    label = format!("{label}({})", self.tx(&city.name));
                }
                lead.entry(format!("{}/{slug}", city.slug))
                    .or_insert((label, 0))
                    .1 += 1;
            }
        }
        let option = |value: &str, label: String, count: usize| json!({"value": value, "label": label, "count": count});
        // Vocabulary options keep the vocabulary's order and names.
        let vocab = |keys: &mut dyn Iterator<Item = &'static str>,
                     counts: &BTreeMap<&str, usize>,
                     group: &str| {
            keys.filter_map(|key| {
                let n = *counts.get(key)?;
                Some(option(key, self.theme.t(&format!("{group}.{key}")), n))
            })
            .collect::<Vec<Value>>()
        };
        let status_opts = vocab(&mut Status::ALL.iter().map(|s| s.key()), &status, "status");
        let schedule_opts = vocab(
            &mut Schedule::ALL.iter().map(|s| s.key()),
            &schedule,
            "schedule",
        );
        let domain_opts: Vec<Value> = self
            .portal
            .site
            .domains
            .iter()
            .filter_map(|d| {
                let n = *domain.get(d.id.as_str())?;
                Some(option(&d.id, self.tx(&d.name), n))
            })
            .collect();
        let mut lead_opts: Vec<(String, String, usize)> = lead
            .into_iter()
            .map(|(value, (label, n))| (label, value, n))
            .collect();
        lead_opts.sort();
        let lead_opts: Vec<Value> = lead_opts
            .into_iter()
            .map(|(label, value, n)| option(&value, label, n))
            .collect();
        let narrows = |opts: &[Value]| {
            let first = opts.first().and_then(|o| o["count"].as_u64()).unwrap_or(0);
            opts.len() > 1 || (opts.len() == 1 && (first as usize) < total)
        };
        let selects: Vec<Value> = [
            ("status", "label.status", status_opts),
            ("schedule", "label.schedule", schedule_opts),
            ("domain", "label.domain", domain_opts),
            ("lead", "label.lead", lead_opts),
        ]
        .into_iter()
        .filter(|(_, _, opts)| narrows(opts))
        .map(|(name, label, options)| {
            json!({"name": name, "label": self.theme.t(label), "options": options})
        })
        .collect();
        json!({"total": total, "selects": selects, "script_url": self.urls.asset("filter.js")})
    }

    /// A table of completed-of-listed counts: one row per thing compared, one column per year.
    pub(super) fn matrix(
        &self,
        caption: String,
        row_head: String,
        years: &[i32],
        rows: Vec<(String, String, Vec<Option<Tally>>)>,
    ) -> Value {
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|(name, url, cells)| {
                let cells: Vec<Value> = cells
                    .into_iter()
                    .map(|c| {
                        c.map_or(Value::Null, |t| {
                            json!({
                                "completed": t.completed,
                                "listed": t.listed,
                                "rate": t.rate(),
                                "url": t.url,
                            })
                        })
                    })
                    .collect();
                json!({"name": name, "url": url, "cells": cells})
            })
            .collect();
        json!({"caption": caption, "row_head": row_head, "years": years, "rows": rows})
    }
}
